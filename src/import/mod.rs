//! Pieces: MusicXML scores (`.musicxml`, `.xml`, compressed `.mxl`) and Standard MIDI files
//! opened as pieces to learn (`lesson::piece` makes their lessons). A file is read whole, at most [`MAX_PIECE_BYTES`]; what cannot be read is
//! refused with a message that names the file.

mod musicxml;
mod mxl;

use std::path::Path;

pub use musicxml::MusicXmlError;

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
    /// Not a score Etude can learn from; names the line where there is one.
    #[error("{file}: {error}")]
    MusicXml {
        /// The file.
        file: String,
        /// Why, and where.
        error: MusicXmlError,
    },
    /// A compressed score (.mxl) whose archive cannot be read.
    #[error("{file}: {message}")]
    Archive {
        /// The file.
        file: String,
        /// Why.
        message: String,
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

/// The endings of the files that are pieces: scores, then MIDI files.
pub const PIECE_EXTENSIONS: [&str; 6] = ["musicxml", "mxl", "xml", "mid", "midi", "kar"];

/// Whether `path` names a piece file (by its ending, any case).
pub fn is_piece(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PIECE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Whether `path` names a MIDI file rather than a score.
pub fn is_midi(path: &Path) -> bool {
    // The MIDI files' endings, after the scores'.
    let midi = &PIECE_EXTENSIONS[3..];
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| midi.contains(&e.to_ascii_lowercase().as_str()))
}

/// Opens the piece in `path`.
pub fn open_piece(path: &Path) -> Result<Piece, ImportError> {
    open_piece_with_bytes(path).map(|(piece, _)| piece)
}

/// Opens the piece in `path`, with the file's bytes (to keep a copy of).
pub fn open_piece_with_bytes(path: &Path) -> Result<(Piece, Vec<u8>), ImportError> {
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
    let piece = read_piece(&bytes, &file, &name, is_midi(path))?;
    Ok((piece, bytes))
}

/// Reads a piece from the `bytes` of `file` (a MIDI file when `midi`, else a score, compressed
/// or not); `title` titles it when the file does not.
pub fn read_piece(bytes: &[u8], file: &str, title: &str, midi: bool) -> Result<Piece, ImportError> {
    let file = file.to_owned();
    if midi {
        return crate::midi::piece::read_piece(bytes, title)
            .map_err(|error| ImportError::Midi { file, error });
    }
    let text = if mxl::is_archive(bytes) {
        mxl::score_in(bytes).map_err(|message| ImportError::Archive {
            file: file.clone(),
            message,
        })?
    } else {
        musicxml::text_of(bytes).map_err(|message| ImportError::MusicXml {
            file: file.clone(),
            error: MusicXmlError::Whole(message),
        })?
    };
    let fingerprint = Piece::fingerprint_of(text.as_bytes());
    musicxml::read_score(&text, title, fingerprint)
        .map_err(|error| ImportError::MusicXml { file, error })
}
