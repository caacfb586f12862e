//! What can go wrong with sound, as types: a SoundFont that cannot be used, a synthesizer that
//! cannot start, no device to play through.

use std::path::PathBuf;

/// A SoundFont that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SoundFontError {
    /// The file cannot be read.
    #[error("{}: cannot read it: {source}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is read but is not a SoundFont the synthesizer can use.
    #[error("{}: not a usable SoundFont: {reason}", path.display())]
    Unusable {
        /// The file.
        path: PathBuf,
        /// What the SoundFont reader found, in words.
        reason: String,
    },
    /// The SoundFont built into Etude does not load (a broken build).
    #[error("the bundled SoundFont is broken: {reason}")]
    BundledBroken {
        /// What the SoundFont reader found, in words.
        reason: String,
    },
}

/// The synthesizer could not be made for a SoundFont at a sample rate.
#[derive(Debug, thiserror::Error)]
#[error("the synthesizer could not start: {0}")]
pub struct RendererError(pub(crate) String);

/// No device could be opened to play through.
#[derive(Debug, thiserror::Error)]
pub enum DeviceError {
    /// There is no default output device (or no sound system).
    #[error("no output device: {0}")]
    NoDevice(String),
    /// The device refused the stream.
    #[error("the output stream could not open: {0}")]
    Refused(String),
}
