//! The practice journal: one SQLite file (WAL, foreign keys, numbered migrations). Every
//! attempt is written in its own transaction the moment it finishes, so killing Etude loses at
//! most the attempt being played. A file that cannot be read is reported and left alone.
//!
//! In parts: [`schema`] (migrations), [`write`] (recording attempts, goals, moods), [`query`]
//! (typed rows for the screens and commands; formatting is theirs), [`transfer`] (export and
//! import).

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension};

mod query;
mod schema;
mod transfer;
mod write;

pub use query::{AttemptEntry, PersonalBest, SessionEntry, StoredGoal};
use schema::MIGRATIONS;
use transfer::refused_rows;
pub use transfer::{AttemptRow, Counts, Export, Exported, GoalRow, Imported, Rejected, SessionRow};
pub use write::NewAttempt;

/// The journal's file name in the data folder.
pub const FILE_NAME: &str = "journal.sqlite";

/// What can go wrong with the journal.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// The file cannot be opened or is not a journal; it has not been touched.
    #[error(
        "the practice journal {path} cannot be read ({reason}); it is left as it is. `etude journal fresh` starts a new journal beside it"
    )]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        reason: String,
    },
    /// The file is there but empty: it was never a journal, or it lost everything.
    #[error(
        "the practice journal {path} is an empty file (0 bytes); it is left as it is. If you kept a copy or an export, put it back (`etude journal import FILE`); `etude journal fresh` starts a new journal beside it"
    )]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// SQLite's check found damage; the file is never written to.
    #[error(
        "the practice journal {path} is damaged ({detail}); Etude will not write to it. To recover: keep a copy of the file, save what can still be read with `etude journal export > rescued.json` (or SQLite's `.recover` command), then `etude journal fresh` and `etude journal import --skip-bad rescued.json`"
    )]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What SQLite's check found first.
        detail: String,
    },
    /// The file may not be written to (its permissions), or a read-only journal needs an
    /// upgrade that would write.
    #[error(
        "the practice journal {path} is read-only: Etude can show it (`etude stats`, `goals`, `journal export`) but not add to it; make the file writable to practise with it"
    )]
    ReadOnly {
        /// The file.
        path: PathBuf,
    },
    /// The file is from a newer Etude.
    #[error(
        "the practice journal {path} is from a newer Etude (schema {found}, this one knows {known}); it is left as it is"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this build knows.
        known: usize,
    },
    /// An import holds rows that cannot go in; nothing was added.
    #[error(
        "nothing was imported: {} rows cannot go into the journal:{}\nMend them, or import the rest with --skip-bad",
        .0.len(),
        refused_rows(.0)
    )]
    ImportRefused(Vec<Rejected>),
    /// A query failed.
    #[error("the practice journal: {0}")]
    Sql(#[from] rusqlite::Error),
    /// A stored report or export is not valid JSON.
    #[error("the practice journal: {0}")]
    Json(#[from] serde_json::Error),
}

/// The open journal.
pub struct Journal {
    connection: Connection,
    path: PathBuf,
    read_only: bool,
}

/// How a journal is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    /// To read and write: created and migrated as needed; checked first.
    Write,
    /// Only to read (the file is read-only); checked first.
    Read,
    /// Only to read what still can be, from a damaged file.
    Rescue,
}

fn date_text(date: Date) -> String {
    date.to_string()
}

fn parse_date(text: &str) -> Option<Date> {
    text.parse().ok()
}

impl Journal {
    /// The journal at `path` (created when missing), migrated to the current schema. A file
    /// that is empty, damaged or marked read-only is refused (see [`JournalError`]) and left
    /// exactly as it is.
    pub fn open(path: &Path) -> Result<Journal, JournalError> {
        Journal::open_as(path, Access::Write)
    }

    /// The journal at `path` for commands that only read it (`stats`, `goals`, `export`): a
    /// read-only file opens read-only. Nothing is created or migrated then.
    pub fn open_to_read(path: &Path) -> Result<Journal, JournalError> {
        let read_only = std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly());
        Journal::open_as(
            path,
            if read_only {
                Access::Read
            } else {
                Access::Write
            },
        )
    }

    /// The journal at `path` for `etude journal export`: as [`Journal::open_to_read`], and a
    /// damaged journal opens read-only so that what can be read is saved.
    pub fn open_to_rescue(path: &Path) -> Result<Journal, JournalError> {
        match Journal::open_to_read(path) {
            Err(JournalError::Damaged { .. }) => Journal::open_as(path, Access::Rescue),
            other => other,
        }
    }

    fn open_as(path: &Path, access: Access) -> Result<Journal, JournalError> {
        let unreadable = |reason: String| JournalError::Unreadable {
            path: path.to_path_buf(),
            reason,
        };
        match std::fs::metadata(path) {
            Ok(meta) if meta.len() == 0 => {
                return Err(JournalError::Empty {
                    path: path.to_path_buf(),
                });
            }
            Ok(meta) if access == Access::Write && meta.permissions().readonly() => {
                return Err(JournalError::ReadOnly {
                    path: path.to_path_buf(),
                });
            }
            Ok(_) => {}
            Err(error)
                if error.kind() == std::io::ErrorKind::NotFound && access == Access::Write =>
            {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| unreadable(e.to_string()))?;
                }
            }
            Err(error) => return Err(unreadable(error.to_string())),
        }
        let connection = match access {
            Access::Write => Connection::open(path),
            Access::Read | Access::Rescue => {
                Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            }
        }
        .map_err(|e| unreadable(e.to_string()))?;
        let version: i64 = connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| unreadable(e.to_string()))?;
        if version > MIGRATIONS.len() as i64 {
            return Err(JournalError::TooNew {
                path: path.to_path_buf(),
                found: version,
                known: MIGRATIONS.len(),
            });
        }
        if access != Access::Rescue {
            let check =
                connection.query_row("PRAGMA quick_check(1)", [], |row| row.get::<_, String>(0));
            match check {
                Ok(answer) if answer == "ok" => {}
                // SQLite read the pages and found them wrong.
                Ok(answer) => {
                    return Err(JournalError::Damaged {
                        path: path.to_path_buf(),
                        detail: answer,
                    });
                }
                Err(rusqlite::Error::SqliteFailure(failure, detail))
                    if failure.code == rusqlite::ErrorCode::DatabaseCorrupt
                        || failure.code == rusqlite::ErrorCode::NotADatabase =>
                {
                    return Err(JournalError::Damaged {
                        path: path.to_path_buf(),
                        detail: detail.unwrap_or_else(|| failure.to_string()),
                    });
                }
                // Busy, locked, an I/O error: not damage, and nothing was touched.
                Err(error) => return Err(unreadable(error.to_string())),
            }
        }
        if access != Access::Write {
            // Reading to rescue needs only the first schema's columns; the other commands
            // read what later migrations added.
            if access == Access::Read && version < MIGRATIONS.len() as i64 {
                return Err(JournalError::ReadOnly {
                    path: path.to_path_buf(),
                });
            }
            return Ok(Journal {
                connection,
                path: path.to_path_buf(),
                read_only: true,
            });
        }
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
            )
            .map_err(|e| unreadable(e.to_string()))?;
        let mut journal = Journal {
            connection,
            path: path.to_path_buf(),
            read_only: false,
        };
        journal.migrate(version)?;
        Ok(journal)
    }

    /// An error when the journal was opened only to read.
    pub(super) fn writable(&self) -> Result<(), JournalError> {
        if self.read_only {
            return Err(JournalError::ReadOnly {
                path: self.path.clone(),
            });
        }
        Ok(())
    }

    /// Whether an attempt in the journal names the recording `relative` (to the data folder).
    pub fn names_recording(&self, relative: &str) -> Result<bool, JournalError> {
        Ok(self
            .connection
            .query_row(
                "SELECT 1 FROM attempts WHERE recording = ?1 LIMIT 1",
                [relative],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Whether the journal was opened only to read (nothing can be written to it).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version.
    pub fn schema_version(&self) -> Result<i64, JournalError> {
        Ok(self
            .connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }
}
