//! The player's pieces: scores and MIDI files kept in the data folder's `pieces/`, read with
//! the lessons. Opening a piece in the window copies its file there, so it stays in the
//! library when the original is moved or deleted.

use std::path::{Path, PathBuf};

use crate::import;
use crate::lesson::library::KeptPiece;

/// The folder in the data folder that holds the player's pieces.
pub const FOLDER: &str = "pieces";

/// Every piece in `data_dir`'s `pieces/`, in order of file name, and the files that could not
/// be read (each error names its file).
pub fn read_kept(data_dir: &Path) -> (Vec<KeptPiece>, Vec<String>) {
    let folder = data_dir.join(FOLDER);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return (Vec::new(), Vec::new());
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && import::is_piece(path))
        .collect();
    files.sort();
    let mut pieces = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match import::open_piece(&file) {
            Ok(piece) => pieces.push(KeptPiece {
                file: file.display().to_string(),
                piece,
            }),
            Err(error) => errors.push(error.to_string()),
        }
    }
    (pieces, errors)
}

/// Reads the piece in `source` and keeps a copy of it in `data_dir`'s `pieces/` (unless the
/// same file is kept already, under any name; a different file of the same name is kept beside
/// it as "name (2).ext"). Returns the piece as kept, or why it cannot be opened.
pub fn keep(data_dir: &Path, source: &Path) -> Result<KeptPiece, String> {
    if !import::is_piece(source) {
        return Err(format!(
            "{} is not a piece Etude can open: it opens MusicXML ({}) and MIDI files ({}).",
            source.display(),
            ".musicxml, .mxl, .xml",
            ".mid, .midi, .kar"
        ));
    }
    let (piece, bytes) = import::open_piece_with_bytes(source).map_err(|e| e.to_string())?;
    let folder = data_dir.join(FOLDER);
    let name = source.file_name().map_or_else(
        || "piece.musicxml".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    // The same file kept already, under any name: it stays as it is.
    if let Ok(entries) = std::fs::read_dir(&folder) {
        for kept in entries.flatten().map(|e| e.path()) {
            if std::fs::read(&kept).is_ok_and(|k| k == bytes) {
                return Ok(KeptPiece {
                    file: kept.display().to_string(),
                    piece,
                });
            }
        }
    }
    let mut target = folder.join(&name);
    let mut copy = 1;
    while target.exists() {
        copy += 1;
        let stem = Path::new(&name)
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let ending = Path::new(&name)
            .extension()
            .map_or_else(String::new, |e| format!(".{}", e.to_string_lossy()));
        target = folder.join(format!("{stem} ({copy}){ending}"));
    }
    std::fs::create_dir_all(&folder)
        .and_then(|()| std::fs::write(&target, &bytes))
        .map_err(|e| format!("cannot keep the piece in {}: {e}", target.display()))?;
    Ok(KeptPiece {
        file: target.display().to_string(),
        piece,
    })
}
