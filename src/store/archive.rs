//! The journal and its recordings in one `.tar.gz`: `journal.json` (the export) and every
//! recording at its path under `recordings/`. Restoring never writes over a different file.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use super::journal::Export;

/// The export's name inside an archive.
const EXPORT_ENTRY: &str = "journal.json";

/// The largest entry an archive may hold (the export or one recording).
const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;

/// The most an archive may unpack to in all: ten years of daily practice with a recording
/// of every attempt is far less.
const MAX_ARCHIVE_BYTES: u64 = 1024 * 1024 * 1024;

/// What went wrong with an archive.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// Reading or writing a file.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// Not an Etude archive, or a damaged one.
    #[error("{path}: {reason}")]
    Invalid {
        /// The archive.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// What writing an archive left out.
#[derive(Debug, Default)]
pub struct Written {
    /// Recordings put in.
    pub recordings: usize,
    /// Recordings the journal names that could not be read, with why.
    pub missing: Vec<String>,
}

/// Writes `export` and the recordings it names (relative to `data_dir`) to `archive`: first
/// beside it as `.partial` (removed again when anything fails), then renamed into place.
pub fn write(archive: &Path, export: &Export, data_dir: &Path) -> Result<Written, ArchiveError> {
    let partial = archive.with_extension("partial");
    let written = write_to(&partial, export, data_dir).and_then(|written| {
        std::fs::rename(&partial, archive).map_err(|error| ArchiveError::Io {
            path: archive.to_path_buf(),
            error,
        })?;
        Ok(written)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

fn write_to(partial: &Path, export: &Export, data_dir: &Path) -> Result<Written, ArchiveError> {
    let io = |error| ArchiveError::Io {
        path: partial.to_path_buf(),
        error,
    };
    let json = serde_json::to_vec_pretty(export).map_err(|e| io(std::io::Error::other(e)))?;
    let file = std::fs::File::create(partial).map_err(io)?;
    let mut builder = tar::Builder::new(GzEncoder::new(file, Compression::default()));
    append(&mut builder, EXPORT_ENTRY, &json).map_err(io)?;
    let mut written = Written::default();
    let mut named: Vec<&str> = export
        .attempts
        .iter()
        .filter_map(|a| a.recording.as_deref())
        .collect();
    named.sort_unstable();
    named.dedup();
    for relative in named {
        if safe_relative(relative).is_none() {
            written
                .missing
                .push(format!("{relative}: not a path inside the data folder"));
            continue;
        }
        match std::fs::read(data_dir.join(relative)) {
            Ok(bytes) => {
                append(&mut builder, relative, &bytes).map_err(io)?;
                written.recordings += 1;
            }
            Err(error) => written.missing.push(format!("{relative}: {error}")),
        }
    }
    let encoder = builder.into_inner().map_err(io)?;
    encoder.finish().map_err(io)?.sync_all().map_err(io)?;
    Ok(written)
}

fn append<W: std::io::Write>(
    builder: &mut tar::Builder<W>,
    name: &str,
    bytes: &[u8],
) -> std::io::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    builder.append_data(&mut header, name, bytes)
}

/// Whether `bytes` begin like a gzip file (and so may be an archive).
pub fn looks_like_archive(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// An archive's contents.
#[derive(Debug)]
pub struct Contents {
    /// The export.
    pub export: Export,
    /// Recordings: path relative to the data folder, and bytes.
    pub recordings: Vec<(String, Vec<u8>)>,
}

/// Reads an archive written by [`write`].
pub fn read(archive: &Path) -> Result<Contents, ArchiveError> {
    let invalid = |reason: String| ArchiveError::Invalid {
        path: archive.to_path_buf(),
        reason,
    };
    let file = std::fs::File::open(archive).map_err(|error| ArchiveError::Io {
        path: archive.to_path_buf(),
        error,
    })?;
    let mut tar = tar::Archive::new(GzDecoder::new(file));
    let mut export = None;
    let mut recordings = Vec::new();
    let mut unpacked: u64 = 0;
    let entries = tar
        .entries()
        .map_err(|e| invalid(format!("not a .tar.gz archive ({e})")))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| invalid(format!("damaged archive ({e})")))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .map_err(|e| invalid(format!("an entry has no readable name ({e})")))?
            .to_string_lossy()
            .into_owned();
        let size = entry.size();
        if size > MAX_ENTRY_BYTES {
            return Err(invalid(format!(
                "{name} is {size} bytes, more than the {MAX_ENTRY_BYTES} an archive entry may hold"
            )));
        }
        unpacked = unpacked.saturating_add(size);
        if unpacked > MAX_ARCHIVE_BYTES {
            return Err(invalid(format!(
                "it unpacks to more than the {MAX_ARCHIVE_BYTES} bytes an archive may hold"
            )));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| invalid(format!("{name} cannot be read ({e})")))?;
        if name == EXPORT_ENTRY {
            export =
                Some(serde_json::from_slice::<Export>(&bytes).map_err(|e| {
                    invalid(format!("{EXPORT_ENTRY} is not a journal export: {e}"))
                })?);
        } else if name.starts_with("recordings/") && safe_relative(&name).is_some() {
            recordings.push((name, bytes));
        } else {
            return Err(invalid(format!("{name} is not part of an Etude archive")));
        }
    }
    let export = export.ok_or_else(|| invalid(format!("it holds no {EXPORT_ENTRY}")))?;
    Ok(Contents { export, recordings })
}

/// `relative` as a path that stays inside the folder it is joined to.
fn safe_relative(relative: &str) -> Option<PathBuf> {
    let path = Path::new(relative);
    path.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| path.to_path_buf())
}

/// What restoring recordings did.
#[derive(Debug, Default)]
pub struct Restored {
    /// Files written, relative to the data folder.
    pub written: Vec<String>,
    /// Recordings that were there already, byte for byte.
    pub already_there: usize,
}

impl Restored {
    /// Keeps the files written for which `kept` says yes (an attempt names them) and removes
    /// the others; returns how many stay.
    pub fn keep_only(&mut self, data_dir: &Path, kept: impl Fn(&str) -> bool) -> usize {
        self.written.retain(|relative| {
            let stays = kept(relative);
            if !stays {
                let _ = std::fs::remove_file(data_dir.join(relative));
            }
            stays
        });
        self.written.len()
    }
}

/// Writes the recordings into `data_dir`. One already there with the same bytes is left; a
/// different file of the same name is never replaced: the recording goes beside it under a
/// new name, and the attempts in `export` are pointed at it. When a file cannot be written,
/// those written before it are removed again.
pub fn restore_recordings(
    data_dir: &Path,
    recordings: &[(String, Vec<u8>)],
    export: &mut Export,
) -> std::io::Result<Restored> {
    let mut restored = Restored::default();
    match restore_into(data_dir, recordings, export, &mut restored) {
        Ok(()) => Ok(restored),
        Err(error) => {
            restored.keep_only(data_dir, |_| false);
            Err(error)
        }
    }
}

fn restore_into(
    data_dir: &Path,
    recordings: &[(String, Vec<u8>)],
    export: &mut Export,
    restored: &mut Restored,
) -> std::io::Result<()> {
    for (relative, bytes) in recordings {
        if safe_relative(relative).is_none() {
            continue;
        }
        let mut chosen = relative.clone();
        for n in 1u32.. {
            if n > 1 {
                chosen = match relative.strip_suffix(".mid") {
                    Some(stem) => format!("{stem}-imported-{n}.mid"),
                    None => format!("{relative}-imported-{n}"),
                };
            }
            let target = data_dir.join(&chosen);
            match std::fs::read(&target) {
                Ok(existing) if existing == *bytes => {
                    restored.already_there += 1;
                    break;
                }
                Ok(_) => continue,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    if let Some(dir) = target.parent() {
                        std::fs::create_dir_all(dir)?;
                    }
                    let mut file = std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(&target)?;
                    restored.written.push(chosen.clone());
                    std::io::Write::write_all(&mut file, bytes)?;
                    file.sync_all()?;
                    break;
                }
                Err(error) => return Err(error),
            }
        }
        if chosen != *relative {
            for attempt in &mut export.attempts {
                if attempt.recording.as_deref() == Some(relative.as_str()) {
                    attempt.recording = Some(chosen.clone());
                }
            }
        }
    }
    Ok(())
}
