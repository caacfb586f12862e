//! Pieces: Standard MIDI files (MusicXML to come) opened as pieces to learn (`lesson::piece`
//! makes their lessons). A file is read whole, at most [`MAX_PIECE_BYTES`]; what cannot be read is
//! refused with a message that names the file.

use std::path::Path;

use crate::lesson::piece::Piece;

/// The largest piece file read: 16 MiB (a long score in MusicXML is a few MiB).
pub const MAX_PIECE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a piece could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read.
    #[error("cannot read {file}: {error}")]
    Read {
        /// The file.
        file: String,
        /// Why.
        error: std::io::Error,
    },
    /// Larger than [`MAX_PIECE_BYTES`].
    #[error("{file} holds {bytes} bytes, more than the 16 MiB Etude reads as a piece")]
    TooLarge {
        /// The file.
        file: String,
        /// Its size.
        bytes: u64,
    },
    /// Not a MIDI file Etude can learn from.
    #[error("{file}: {error}")]
    Midi {
        /// The file.
        file: String,
        /// Why.
        error: crate::midi::smf::SmfError,
    },
}

/// Whether `path` names a piece file (.mid, .midi, .kar).
pub fn is_piece(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["mid", "midi", "kar"].contains(&e.to_ascii_lowercase().as_str()))
}

/// Opens the piece in `path`.
pub fn open_piece(path: &Path) -> Result<Piece, ImportError> {
    let file = path.display().to_string();
    let read = |error| ImportError::Read {
        file: file.clone(),
        error,
    };
    let size = std::fs::metadata(path).map_err(read)?.len();
    if size > MAX_PIECE_BYTES {
        return Err(ImportError::TooLarge { file, bytes: size });
    }
    let bytes = std::fs::read(path).map_err(read)?;
    let name = path
        .file_stem()
        .map_or_else(|| file.clone(), |s| s.to_string_lossy().into_owned());
    crate::midi::piece::read_piece(&bytes, &name).map_err(|error| ImportError::Midi { file, error })
}
