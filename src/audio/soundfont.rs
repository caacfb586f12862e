//! Choosing and loading the SoundFont: the one in the settings, else FluidR3 when installed,
//! else the public-domain General MIDI bank bundled in the binary. A missing or broken file
//! gives a message and the next choice, never a panic.

use std::fmt;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use super::error::SoundFontError;

use rustysynth::SoundFont;

/// Debian's FluidR3 General MIDI SoundFont, used when present.
const SYSTEM_SOUNDFONT: &str = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

/// `soundfonts/sf_GMbank.sf2`, public domain (see `soundfonts/README.md`).
static BUNDLED: &[u8] = include_bytes!("../../soundfonts/sf_GMbank.sf2");

/// Where the SoundFont in use came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A file (from the settings, or the system's).
    File(PathBuf),
    /// The bank built into Etude.
    Bundled,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Bundled => f.write_str("the bundled General MIDI bank (sf_GMbank.sf2)"),
        }
    }
}

/// A loaded SoundFont with where it came from and what went wrong on the way.
pub struct Loaded {
    /// The SoundFont.
    pub soundfont: Arc<SoundFont>,
    /// Its origin.
    pub origin: Origin,
    /// One line per choice that could not be used.
    pub warnings: Vec<String>,
}

fn read_file(path: &Path) -> Result<SoundFont, SoundFontError> {
    let mut bytes = std::fs::read(path).map_err(|source| SoundFontError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    trim_leading_silence(&mut bytes);
    SoundFont::new(&mut Cursor::new(bytes)).map_err(|e| SoundFontError::Unusable {
        path: path.to_path_buf(),
        reason: in_words(&e),
    })
}

/// What rustysynth found wrong, in words (its own, except for a file that ends too soon).
fn in_words(error: &rustysynth::SoundFontError) -> String {
    match error {
        rustysynth::SoundFontError::IoError(io)
            if io.kind() == std::io::ErrorKind::UnexpectedEof =>
        {
            "the file ends before its last chunk does (is it cut short?)".to_owned()
        }
        other => other.to_string(),
    }
}

/// The SoundFont at `path` and nothing else: for a file named on the command line, where
/// playing another one instead would not be what was asked.
pub fn load_exactly(path: &Path) -> Result<Loaded, SoundFontError> {
    let soundfont = read_file(path)?;
    Ok(Loaded {
        soundfont: Arc::new(soundfont),
        origin: Origin::File(path.to_path_buf()),
        warnings: Vec::new(),
    })
}

/// The bundled General MIDI bank.
pub fn bundled() -> Result<Arc<SoundFont>, SoundFontError> {
    let mut bytes = BUNDLED.to_vec();
    trim_leading_silence(&mut bytes);
    SoundFont::new(&mut Cursor::new(bytes))
        .map(Arc::new)
        .map_err(|e| SoundFontError::BundledBroken {
            reason: in_words(&e),
        })
}

/// Samples quieter than this (of 32,768) at a sample's start are silence (−66 dB).
const SILENT: u16 = 16;

/// Whether `bytes` begin as a SoundFont's do: a RIFF file of the form `sfbk` (its first 12
/// bytes are enough to tell).
pub fn begins_as_soundfont(bytes: &[u8]) -> bool {
    bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"sfbk"
}

/// The chunks of a RIFF list: (id, offset of the data, size), within `bytes[from..to]`.
fn riff_chunks(bytes: &[u8], from: usize, to: usize) -> Vec<([u8; 4], usize, usize)> {
    let mut chunks = Vec::new();
    let mut at = from;
    while at + 8 <= to.min(bytes.len()) {
        let id = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
        let size = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]])
            as usize;
        chunks.push((id, at + 8, size));
        at += 8 + size + (size & 1);
    }
    chunks
}

/// Moves each sample's start past the silence some SoundFonts leave before the attack, so
/// that a key sounds the moment it is pressed (one bank here kept 8 ms of zeros before F4).
/// Loop points are untouched and a start never passes its loop start. Returns how many
/// samples' starts moved. Bytes that are not a SoundFont are left alone.
fn trim_leading_silence(bytes: &mut [u8]) -> usize {
    if !begins_as_soundfont(bytes) {
        return 0;
    }
    let (mut samples, mut headers) = (None, None);
    for (id, data, size) in riff_chunks(bytes, 12, bytes.len()) {
        if &id != b"LIST" || data + 4 > bytes.len() {
            continue;
        }
        for (inner, inner_data, inner_size) in riff_chunks(bytes, data + 4, data + size) {
            match &inner {
                b"smpl" => samples = Some((inner_data, inner_size)),
                b"shdr" => headers = Some((inner_data, inner_size)),
                _ => {}
            }
        }
    }
    let (Some((smpl, smpl_size)), Some((shdr, shdr_size))) = (samples, headers) else {
        return 0;
    };
    let word = |bytes: &[u8], at: usize| {
        u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
    };
    let mut moved = 0;
    const HEADER: usize = 46;
    for header in (shdr..shdr + shdr_size.saturating_sub(HEADER)).step_by(HEADER) {
        if header + HEADER > bytes.len() {
            break;
        }
        let start = word(bytes, header + 20) as usize;
        let end = word(bytes, header + 24) as usize;
        let loop_start = word(bytes, header + 28) as usize;
        let limit = end.min(loop_start).min(smpl_size / 2);
        let mut first = start;
        while first < limit {
            let at = smpl + 2 * first;
            if at + 1 >= bytes.len()
                || i16::from_le_bytes([bytes[at], bytes[at + 1]]).unsigned_abs() > SILENT
            {
                break;
            }
            first += 1;
        }
        if first > start && first < limit {
            bytes[header + 20..header + 24].copy_from_slice(&(first as u32).to_le_bytes());
            moved += 1;
        }
    }
    moved
}

/// Loads the first usable SoundFont of: `chosen`, the system's FluidR3, the bundled bank.
pub fn load(chosen: Option<&Path>) -> Result<Loaded, SoundFontError> {
    let mut warnings = Vec::new();
    let system = Path::new(SYSTEM_SOUNDFONT);
    let candidates = chosen
        .into_iter()
        .map(|p| (p, true))
        .chain(system.exists().then_some((system, false)));
    for (path, asked_for) in candidates {
        match read_file(path) {
            Ok(soundfont) => {
                return Ok(Loaded {
                    soundfont: Arc::new(soundfont),
                    origin: Origin::File(path.to_path_buf()),
                    warnings,
                });
            }
            Err(error) => {
                let which = if asked_for {
                    "the SoundFont in the settings"
                } else {
                    "the system SoundFont"
                };
                warnings.push(format!("{which}, {error}; trying the next one"));
            }
        }
    }
    Ok(Loaded {
        soundfont: bundled()?,
        origin: Origin::Bundled,
        warnings,
    })
}
