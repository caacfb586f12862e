//! The practice journal: one SQLite file (WAL, foreign keys, numbered migrations). Every
//! attempt is written in its own transaction the moment it finishes, so killing Etude loses at
//! most the attempt being played. A file that cannot be read is reported and left alone.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::checks;
use crate::engine::{Micros, Report};
use crate::progress::{
    self, AttemptSummary, CurrentLesson, DayBest, GoalSpec, History, SessionMood, Standing,
    playing_seconds,
};

/// The journal's file name in the data folder.
pub const FILE_NAME: &str = "journal.sqlite";

/// The schema, one migration per version; `PRAGMA user_version` says how many have run.
/// Never edit a migration that has shipped: add the next one.
const MIGRATIONS: [&str; 3] = [
    // 1: sessions and attempts.
    "CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        local_date TEXT NOT NULL,
        mood_before INTEGER CHECK (mood_before BETWEEN 1 AND 10),
        mood_after INTEGER CHECK (mood_after BETWEEN 1 AND 10),
        note TEXT
    );
    CREATE INDEX sessions_by_date ON sessions(local_date);
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        lesson TEXT NOT NULL,
        kind TEXT,
        mode TEXT NOT NULL,
        tempo_bpm INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        last_note_at TEXT,
        playing_seconds REAL NOT NULL,
        score INTEGER NOT NULL,
        passed INTEGER NOT NULL,
        clean INTEGER NOT NULL,
        ioi_cv REAL,
        report TEXT NOT NULL,
        recording TEXT
    );
    CREATE INDEX attempts_by_session ON attempts(session_id);
    CREATE INDEX attempts_by_lesson ON attempts(lesson);",
    // 2: the day's micro-goals.
    "CREATE TABLE goals (
        id INTEGER PRIMARY KEY,
        local_date TEXT NOT NULL,
        spec TEXT NOT NULL,
        proposed INTEGER NOT NULL,
        UNIQUE (local_date, spec)
    );",
    // 3: each attempt carries its session's local day, with indexes that answer the daily,
    // per-lesson and most-recent questions without a join (ten years of practice in
    // milliseconds).
    "ALTER TABLE attempts ADD COLUMN local_date TEXT;
    UPDATE attempts SET local_date = (SELECT local_date FROM sessions WHERE sessions.id = attempts.session_id);
    CREATE INDEX attempts_by_day ON attempts(local_date, playing_seconds);
    CREATE INDEX attempts_by_finish ON attempts(finished_at, passed);
    CREATE INDEX attempts_by_lesson_day ON attempts(lesson, local_date, score, passed, ioi_cv, tempo_bpm);",
];

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

/// One attempt to record.
pub struct NewAttempt<'a> {
    /// The attempt's identity (`keeping::attempt_uid`); unique in the journal.
    pub uid: &'a str,
    /// Lesson id.
    pub lesson: &'a str,
    /// Lesson kind ("scale", …).
    pub kind: Option<&'a str>,
    /// When the attempt's time 0 was.
    pub started_at: Timestamp,
    /// When it ended.
    pub finished_at: Timestamp,
    /// Where the player is: the session's local date comes from it.
    pub time_zone: &'a TimeZone,
    /// NoteOn times, µs after `started_at`.
    pub note_times: &'a [Micros],
    /// The engine's report.
    pub report: &'a Report,
    /// The recording, relative to the data folder.
    pub recording: Option<&'a str>,
    /// Mood before playing, 1–10.
    pub mood_before: Option<u8>,
    /// Mood after playing, 1–10.
    pub mood_after: Option<u8>,
    /// A note about the session.
    pub note: Option<&'a str>,
}

/// Best results on one lesson.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonalBest {
    /// Lesson id.
    pub lesson: String,
    /// Highest score.
    pub best_score: u8,
    /// Highest score among passed attempts.
    pub best_passed_score: Option<u8>,
    /// Lowest interval variation among passed attempts.
    pub best_evenness: Option<f64>,
    /// Highest tempo passed.
    pub highest_tempo_passed: Option<u16>,
    /// Attempts made.
    pub attempts: u32,
}

/// A practice session as the journal screen shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionEntry {
    /// The day it counts for.
    pub date: Date,
    /// Local start time, `HH:MM`, in the zone where it was played.
    pub started: String,
    /// Minutes actually playing.
    pub minutes: f64,
    /// Mood before, 1–10.
    pub mood_before: Option<u8>,
    /// Mood after, 1–10.
    pub mood_after: Option<u8>,
    /// The note.
    pub note: Option<String>,
    /// Its attempts, in order.
    pub attempts: Vec<AttemptEntry>,
}

/// One attempt in a [`SessionEntry`].
#[derive(Clone, Debug, PartialEq)]
pub struct AttemptEntry {
    /// Lesson id.
    pub lesson: String,
    /// Score.
    pub score: u8,
    /// Passed.
    pub passed: bool,
    /// Tempo.
    pub tempo_bpm: u16,
    /// "wait" or "tempo".
    pub mode: String,
    /// The recording, relative to the data folder.
    pub recording: Option<String>,
}

/// A goal stored for a day.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredGoal {
    /// The goal.
    pub spec: GoalSpec,
    /// Proposed by Etude (rather than chosen).
    pub proposed: bool,
}

/// Everything in the journal, as `etude journal export` writes it and `import` reads it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Export {
    /// Practice sessions.
    pub sessions: Vec<SessionRow>,
    /// Attempts, each naming its session by `session_uid`.
    pub attempts: Vec<AttemptRow>,
    /// Goals by day.
    pub goals: Vec<GoalRow>,
}

/// An export and the rows that could not be read into it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Exported {
    /// What could be read.
    pub export: Export,
    /// One line per row left out, naming it and why.
    pub unreadable: Vec<String>,
}

/// A session in an export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionRow {
    /// Stable identity (its start).
    pub uid: String,
    /// Start (RFC 3339).
    pub started_at: String,
    /// End (RFC 3339).
    pub ended_at: String,
    /// IANA time zone.
    pub time_zone: String,
    /// The day it counts for.
    pub local_date: String,
    /// Mood before, 1–10.
    pub mood_before: Option<u8>,
    /// Mood after, 1–10.
    pub mood_after: Option<u8>,
    /// Free text.
    pub note: Option<String>,
}

/// An attempt in an export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptRow {
    /// Stable identity.
    pub uid: String,
    /// Its session's uid.
    pub session_uid: String,
    /// Lesson id.
    pub lesson: String,
    /// Lesson kind.
    pub kind: Option<String>,
    /// "wait" or "tempo".
    pub mode: String,
    /// Tempo.
    pub tempo_bpm: u16,
    /// Start (RFC 3339).
    pub started_at: String,
    /// End (RFC 3339).
    pub finished_at: String,
    /// Last note (RFC 3339).
    pub last_note_at: Option<String>,
    /// Seconds actually playing.
    pub playing_seconds: f64,
    /// Score.
    pub score: u8,
    /// Passed.
    pub passed: bool,
    /// Clean run.
    pub clean: bool,
    /// Evenness.
    pub ioi_cv: Option<f64>,
    /// The whole report.
    pub report: serde_json::Value,
    /// The recording, relative to the data folder.
    pub recording: Option<String>,
}

/// A goal in an export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalRow {
    /// The day.
    pub local_date: String,
    /// The goal in its grammar.
    pub spec: String,
    /// Proposed by Etude.
    pub proposed: bool,
}

/// What an import added, found already there, and refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// New sessions.
    pub sessions: usize,
    /// New attempts.
    pub attempts: usize,
    /// New goals.
    pub goals: usize,
    /// Rows the journal already holds (same uid; for goals, same day and goal).
    pub already_there: Counts,
    /// Rows that could not go in, with why (with `--skip-bad`; else the import is refused).
    pub rejected: Vec<Rejected>,
}

/// Rows of each kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Sessions.
    pub sessions: usize,
    /// Attempts.
    pub attempts: usize,
    /// Goals.
    pub goals: usize,
}

/// A row of an export that cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// "session", "attempt" or "goal".
    pub kind: &'static str,
    /// Its uid (for a goal, its day and goal).
    pub row: String,
    /// Why, naming the value.
    pub reason: String,
}

impl Rejected {
    fn new(kind: &'static str, row: &str, reason: String) -> Rejected {
        Rejected {
            kind,
            row: row.to_owned(),
            reason,
        }
    }
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.kind, self.row, self.reason)
    }
}

/// The refused rows, one a line.
fn refused_rows(rows: &[Rejected]) -> String {
    rows.iter().map(|r| format!("\n  {r}")).collect()
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
    fn writable(&self) -> Result<(), JournalError> {
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

    fn migrate(&mut self, from: i64) -> Result<(), JournalError> {
        for (index, migration) in MIGRATIONS
            .iter()
            .enumerate()
            .skip(usize::try_from(from).unwrap_or(0))
        {
            let transaction = self.connection.transaction()?;
            transaction.execute_batch(migration)?;
            transaction.pragma_update(None, "user_version", index as i64 + 1)?;
            transaction.commit()?;
        }
        Ok(())
    }

    /// Records one finished attempt in its own transaction, in the session it belongs to (a
    /// new one when the last ended more than 30 minutes before).
    pub fn record_attempt(&mut self, attempt: &NewAttempt) -> Result<(), JournalError> {
        self.writable()?;
        let transaction = self.connection.transaction()?;
        let session = find_or_start_session(&transaction, attempt)?;
        let previous_last_note: Option<String> = transaction
            .query_row(
                "SELECT last_note_at FROM attempts WHERE session_id = ?1 AND last_note_at IS NOT NULL
                 ORDER BY finished_at DESC LIMIT 1",
                [session],
                |row| row.get(0),
            )
            .optional()?;
        let at = |us: Micros| {
            attempt
                .started_at
                .checked_add(SignedDuration::from_micros(us))
                .ok()
        };
        let first_note = attempt.note_times.first().and_then(|us| at(*us));
        let last_note = attempt.note_times.last().and_then(|us| at(*us));
        let since_before = match (
            previous_last_note.and_then(|t| t.parse::<Timestamp>().ok()),
            first_note,
        ) {
            (Some(before), Some(first)) => Some(first.duration_since(before).as_secs_f64()),
            _ => None,
        };
        let report = attempt.report;
        let clean = report.is_clean();
        transaction.execute(
            "INSERT INTO attempts (uid, session_id, lesson, kind, mode, tempo_bpm, started_at, finished_at,
                last_note_at, playing_seconds, score, passed, clean, ioi_cv, report, recording, local_date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                (SELECT local_date FROM sessions WHERE id = ?2))",
            params![
                attempt.uid,
                session,
                attempt.lesson,
                attempt.kind,
                report.mode,
                report.tempo_bpm,
                attempt.started_at.to_string(),
                attempt.finished_at.to_string(),
                last_note.map(|t| t.to_string()),
                playing_seconds(attempt.note_times, since_before),
                report.score,
                report.passed,
                clean,
                report.evenness.ioi_cv,
                serde_json::to_string(report)?,
                attempt.recording,
            ],
        )?;
        transaction.execute(
            "UPDATE sessions SET ended_at = MAX(ended_at, ?2),
                mood_before = COALESCE(mood_before, ?3),
                mood_after = COALESCE(?4, mood_after),
                note = COALESCE(?5, note)
             WHERE id = ?1",
            params![
                session,
                attempt.finished_at.to_string(),
                attempt.mood_before,
                attempt.mood_after,
                attempt.note
            ],
        )?;
        transaction.commit()?;
        Ok(())
    }

    /// Minutes played per local day.
    pub fn day_minutes(&self) -> Result<BTreeMap<Date, f64>, JournalError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT local_date, SUM(playing_seconds) FROM attempts GROUP BY local_date",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, f64>(1)?))
        })?;
        let mut days = BTreeMap::new();
        for row in rows {
            let (date, seconds) = row?;
            if let Some(date) = parse_date(&date) {
                days.insert(date, seconds / 60.0);
            }
        }
        Ok(days)
    }

    /// The attempts of sessions on `date`.
    pub fn attempts_on(&self, date: Date) -> Result<Vec<AttemptSummary>, JournalError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT lesson, kind, tempo_bpm, score, passed, clean, ioi_cv, playing_seconds
             FROM attempts WHERE local_date = ?1 ORDER BY finished_at",
        )?;
        let rows = statement.query_map([date_text(date)], |row| {
            Ok(AttemptSummary {
                lesson: row.get(0)?,
                kind: row.get(1)?,
                date,
                tempo_bpm: row.get(2)?,
                score: row.get(3)?,
                passed: row.get(4)?,
                clean: row.get(5)?,
                ioi_cv: row.get(6)?,
                playing_seconds: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Personal bests and the lessons attempted, from sessions before `date` (all, when none).
    fn bests_before(&self, date: Option<Date>) -> Result<Vec<PersonalBest>, JournalError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT lesson, MAX(score), MIN(CASE WHEN passed THEN ioi_cv END),
                    MAX(CASE WHEN passed THEN tempo_bpm END), COUNT(*),
                    MAX(CASE WHEN passed THEN score END)
             FROM attempts WHERE local_date < COALESCE(?1, '9999-12-31')
             GROUP BY lesson ORDER BY lesson",
        )?;
        let rows = statement.query_map([date.map(date_text)], |row| {
            Ok(PersonalBest {
                lesson: row.get(0)?,
                best_score: row.get(1)?,
                best_evenness: row.get(2)?,
                highest_tempo_passed: row.get(3)?,
                attempts: row.get(4)?,
                best_passed_score: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Personal bests per lesson, all time.
    pub fn bests(&self) -> Result<Vec<PersonalBest>, JournalError> {
        self.bests_before(None)
    }

    /// Bests and lessons attempted before `date`, for judging that day's goals.
    pub fn history_before(&self, date: Date) -> Result<History, JournalError> {
        let mut history = History::default();
        for best in self.bests_before(Some(date))? {
            history
                .best_score
                .insert(best.lesson.clone(), best.best_score);
            if let Some(cv) = best.best_evenness {
                history.best_evenness.insert(best.lesson.clone(), cv);
            }
            if let Some(tempo) = best.highest_tempo_passed {
                history.best_tempo.insert(best.lesson.clone(), tempo);
            }
            history.attempted.insert(best.lesson);
        }
        Ok(history)
    }

    /// Lessons passed at least once.
    pub fn passed_lessons(&self) -> Result<HashSet<String>, JournalError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT DISTINCT lesson FROM attempts WHERE passed")?;
        let rows = statement.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Where the player stands, given the first course lesson not passed yet (with its goal).
    pub fn standing(&self, current: Option<CurrentLesson>) -> Result<Standing, JournalError> {
        let recently_passed = self
            .connection
            .query_row(
                "SELECT lesson, tempo_bpm FROM attempts INDEXED BY attempts_by_finish WHERE passed
                 ORDER BY finished_at DESC LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let most_played_with_evenness = self
            .connection
            .query_row(
                "SELECT lesson FROM attempts WHERE passed AND ioi_cv IS NOT NULL
                 GROUP BY lesson ORDER BY COUNT(*) DESC, lesson LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()?;
        let played_a_progression = self.connection.query_row(
            "SELECT EXISTS (SELECT 1 FROM attempts WHERE kind = 'progression')",
            [],
            |row| row.get(0),
        )?;
        Ok(Standing {
            current,
            recently_passed,
            most_played_with_evenness,
            played_a_progression,
        })
    }

    /// The goals stored for `date`.
    pub fn goals_on(&self, date: Date) -> Result<Vec<StoredGoal>, JournalError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT spec, proposed FROM goals WHERE local_date = ?1 ORDER BY id")?;
        let rows = statement.query_map([date_text(date)], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, bool>(1)?))
        })?;
        let mut goals = Vec::new();
        for row in rows {
            let (spec, proposed) = row?;
            if let Ok(spec) = spec.parse() {
                goals.push(StoredGoal { spec, proposed });
            }
        }
        Ok(goals)
    }

    /// Adds a goal for `date` (a user's choice replaces the day's proposals; at most three a day).
    pub fn add_goal(
        &mut self,
        date: Date,
        spec: &GoalSpec,
        proposed: bool,
    ) -> Result<(), JournalError> {
        self.writable()?;
        let transaction = self.connection.transaction()?;
        if !proposed {
            transaction.execute(
                "DELETE FROM goals WHERE local_date = ?1 AND proposed",
                [date_text(date)],
            )?;
        }
        let count: i64 = transaction.query_row(
            "SELECT COUNT(*) FROM goals WHERE local_date = ?1",
            [date_text(date)],
            |row| row.get(0),
        )?;
        if usize::try_from(count).is_ok_and(|count| count < progress::goals::GOALS_PER_DAY) {
            transaction.execute(
                "INSERT OR IGNORE INTO goals (local_date, spec, proposed) VALUES (?1, ?2, ?3)",
                params![date_text(date), spec.to_string(), proposed],
            )?;
        }
        transaction.commit()?;
        Ok(())
    }

    /// Attempts made in sessions from `first` to `last` (inclusive).
    pub fn attempt_count(&self, first: Date, last: Date) -> Result<u32, JournalError> {
        Ok(self.connection.query_row(
            "SELECT COUNT(*) FROM attempts WHERE local_date BETWEEN ?1 AND ?2",
            [date_text(first), date_text(last)],
            |row| row.get(0),
        )?)
    }

    /// The latest `limit` sessions, newest first, with their attempts.
    pub fn recent_sessions(&self, limit: usize) -> Result<Vec<SessionEntry>, JournalError> {
        let mut sessions = self.connection.prepare_cached(
            "SELECT id, local_date, started_at, time_zone, mood_before, mood_after, note
             FROM sessions ORDER BY started_at DESC LIMIT ?1",
        )?;
        let mut attempts = self.connection.prepare_cached(
            "SELECT lesson, score, passed, tempo_bpm, mode, recording, playing_seconds
             FROM attempts WHERE session_id = ?1 ORDER BY finished_at",
        )?;
        let rows = sessions.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, Option<u8>>(4)?,
                row.get::<_, Option<u8>>(5)?,
                row.get::<_, Option<String>>(6)?,
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (id, date, started_at, zone, mood_before, mood_after, note) = row?;
            let Some(date) = parse_date(&date) else {
                continue;
            };
            let started = match (started_at.parse::<Timestamp>(), TimeZone::get(&zone)) {
                (Ok(at), Ok(zone)) => zone.to_datetime(at).strftime("%H:%M").to_string(),
                _ => String::new(),
            };
            let mut seconds = 0.0;
            let mut list = Vec::new();
            for attempt in attempts.query_map([id], |row| {
                Ok((
                    AttemptEntry {
                        lesson: row.get(0)?,
                        score: row.get(1)?,
                        passed: row.get(2)?,
                        tempo_bpm: row.get(3)?,
                        mode: row.get(4)?,
                        recording: row.get(5)?,
                    },
                    row.get::<_, f64>(6)?,
                ))
            })? {
                let (entry, playing) = attempt?;
                seconds += playing;
                list.push(entry);
            }
            entries.push(SessionEntry {
                date,
                started,
                minutes: seconds / 60.0,
                mood_before,
                mood_after,
                note,
                attempts: list,
            });
        }
        Ok(entries)
    }

    /// Each day's best on `lesson`, oldest first: its trend.
    pub fn lesson_trend(&self, lesson: &str) -> Result<Vec<DayBest>, JournalError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT local_date, MAX(score), MIN(CASE WHEN passed THEN ioi_cv END),
                    MAX(CASE WHEN passed THEN tempo_bpm END)
             FROM attempts WHERE lesson = ?1 GROUP BY local_date ORDER BY local_date",
        )?;
        let rows = statement.query_map([lesson], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, u8>(1)?,
                row.get::<_, Option<f64>>(2)?,
                row.get::<_, Option<u16>>(3)?,
            ))
        })?;
        let mut trend = Vec::new();
        for row in rows {
            let (date, score, ioi_cv, tempo_bpm) = row?;
            if let Some(date) = parse_date(&date) {
                trend.push(DayBest {
                    date,
                    score,
                    ioi_cv,
                    tempo_bpm,
                });
            }
        }
        Ok(trend)
    }

    /// The moods of sessions that have one, oldest first.
    pub fn moods(&self) -> Result<Vec<SessionMood>, JournalError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT local_date, mood_before, mood_after FROM sessions
             WHERE mood_before IS NOT NULL OR mood_after IS NOT NULL ORDER BY started_at",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<u8>>(1)?,
                row.get::<_, Option<u8>>(2)?,
            ))
        })?;
        let mut moods = Vec::new();
        for row in rows {
            let (date, before, after) = row?;
            if let Some(date) = parse_date(&date) {
                moods.push(SessionMood {
                    date,
                    before,
                    after,
                });
            }
        }
        Ok(moods)
    }

    /// Sets the latest session's mood after playing (1–10) and, when given, its note. Returns
    /// whether there was a session to set them on.
    pub fn finish_latest_session(
        &mut self,
        mood_after: Option<u8>,
        note: Option<&str>,
    ) -> Result<bool, JournalError> {
        self.writable()?;
        let changed = self.connection.execute(
            "UPDATE sessions SET mood_after = COALESCE(?1, mood_after), note = COALESCE(?2, note)
             WHERE id = (SELECT id FROM sessions ORDER BY started_at DESC LIMIT 1)",
            params![mood_after.map(|m| m.clamp(1, 10)), note],
        )?;
        Ok(changed > 0)
    }

    /// Everything, for `etude journal export`. Rows are read one by one by their row id, so a
    /// row that cannot be read (a damaged page, a report that is not JSON) does not stop the
    /// rest: it is named in [`Exported::unreadable`] and left out. Sessions and attempts come
    /// in the order they started.
    pub fn export(&self) -> Result<Exported, JournalError> {
        let mut exported = Exported::default();
        let mut session_uids = HashMap::new();
        for (id, row) in self.rows_by_id("sessions", &mut exported.unreadable, |id| {
            self.connection.query_row(
                "SELECT uid, started_at, ended_at, time_zone, local_date, mood_before, mood_after, note
                 FROM sessions WHERE id = ?1",
                [id],
                |row| {
                    Ok(SessionRow {
                        uid: row.get(0)?,
                        started_at: row.get(1)?,
                        ended_at: row.get(2)?,
                        time_zone: row.get(3)?,
                        local_date: row.get(4)?,
                        mood_before: row.get(5)?,
                        mood_after: row.get(6)?,
                        note: row.get(7)?,
                    })
                },
            )
        }) {
            session_uids.insert(id, row.uid.clone());
            exported.export.sessions.push(row);
        }
        for (id, (session, mut attempt, report)) in
            self.rows_by_id("attempts", &mut exported.unreadable, |id| {
                self.connection.query_row(
                    "SELECT session_id, uid, lesson, kind, mode, tempo_bpm, started_at, finished_at,
                        last_note_at, playing_seconds, score, passed, clean, ioi_cv, recording, report
                     FROM attempts WHERE id = ?1",
                    [id],
                    |row| {
                        Ok((
                            row.get::<_, i64>(0)?,
                            AttemptRow {
                                uid: row.get(1)?,
                                session_uid: String::new(),
                                lesson: row.get(2)?,
                                kind: row.get(3)?,
                                mode: row.get(4)?,
                                tempo_bpm: row.get(5)?,
                                started_at: row.get(6)?,
                                finished_at: row.get(7)?,
                                last_note_at: row.get(8)?,
                                playing_seconds: row.get(9)?,
                                score: row.get(10)?,
                                passed: row.get(11)?,
                                clean: row.get(12)?,
                                ioi_cv: row.get(13)?,
                                report: serde_json::Value::Null,
                                recording: row.get(14)?,
                            },
                            row.get::<_, String>(15)?,
                        ))
                    },
                )
            })
        {
            let Some(session_uid) = session_uids.get(&session) else {
                exported.unreadable.push(format!(
                    "attempt {}: its session (row {session}) cannot be read",
                    attempt.uid
                ));
                continue;
            };
            match serde_json::from_str(&report) {
                Ok(report) => {
                    attempt.report = report;
                    attempt.session_uid = session_uid.clone();
                    exported.export.attempts.push(attempt);
                }
                Err(error) => exported.unreadable.push(format!(
                    "attempt {}: its report is not JSON ({error}); attempt row {id}",
                    attempt.uid
                )),
            }
        }
        exported
            .export
            .sessions
            .sort_by(|a, b| a.started_at.cmp(&b.started_at));
        exported
            .export
            .attempts
            .sort_by(|a, b| a.started_at.cmp(&b.started_at));
        for (_, goal) in self.rows_by_id("goals", &mut exported.unreadable, |id| {
            self.connection.query_row(
                "SELECT local_date, spec, proposed FROM goals WHERE id = ?1",
                [id],
                |row| {
                    Ok(GoalRow {
                        local_date: row.get(0)?,
                        spec: row.get(1)?,
                        proposed: row.get(2)?,
                    })
                },
            )
        }) {
            exported.export.goals.push(goal);
        }
        exported
            .export
            .goals
            .sort_by(|a, b| a.local_date.cmp(&b.local_date));
        Ok(exported)
    }

    /// Every row of `table` that `read` can read, by row id from 1 to the largest; a row that
    /// cannot be read is named in `unreadable` and skipped (ids never used are passed over).
    fn rows_by_id<T>(
        &self,
        table: &str,
        unreadable: &mut Vec<String>,
        read: impl Fn(i64) -> rusqlite::Result<T>,
    ) -> Vec<(i64, T)> {
        let largest: i64 = match self.connection.query_row(
            &format!("SELECT COALESCE(MAX(id), 0) FROM {table}"),
            [],
            |row| row.get(0),
        ) {
            Ok(largest) => largest,
            Err(error) => {
                unreadable.push(format!("the {table} cannot be counted: {error}"));
                return Vec::new();
            }
        };
        let mut rows = Vec::new();
        for id in 1..=largest {
            match read(id) {
                Ok(row) => rows.push((id, row)),
                Err(rusqlite::Error::QueryReturnedNoRows) => {}
                Err(error) => unreadable.push(format!("{table} row {id}: {error}")),
            }
        }
        rows
    }

    /// Adds what an export holds that the journal does not have yet, in one transaction. Only
    /// true duplicates are skipped: a session or attempt whose uid is there, a goal already set
    /// for its day. Every other row that cannot go in is named with its reason; unless
    /// `skip_bad`, one such row refuses the whole import and nothing is added.
    pub fn import(&mut self, export: &Export, skip_bad: bool) -> Result<Imported, JournalError> {
        self.writable()?;
        let transaction = self.connection.transaction()?;
        let mut imported = Imported::default();
        let exists = |sql: &str, values: &[&dyn rusqlite::ToSql]| -> rusqlite::Result<bool> {
            Ok(transaction
                .query_row(sql, values, |_| Ok(()))
                .optional()?
                .is_some())
        };
        let mut refused_sessions = HashSet::new();
        for session in &export.sessions {
            if exists("SELECT 1 FROM sessions WHERE uid = ?1", &[&session.uid])? {
                imported.already_there.sessions += 1;
                continue;
            }
            if let Err(reason) = checks::session(session) {
                refused_sessions.insert(session.uid.as_str());
                imported
                    .rejected
                    .push(Rejected::new("session", &session.uid, reason));
                continue;
            }
            transaction.execute(
                "INSERT INTO sessions (uid, started_at, ended_at, time_zone, local_date, mood_before, mood_after, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    session.uid,
                    session.started_at,
                    session.ended_at,
                    session.time_zone,
                    session.local_date,
                    session.mood_before,
                    session.mood_after,
                    session.note
                ],
            )?;
            imported.sessions += 1;
        }
        for attempt in &export.attempts {
            if exists("SELECT 1 FROM attempts WHERE uid = ?1", &[&attempt.uid])? {
                imported.already_there.attempts += 1;
                continue;
            }
            let session: Option<i64> = transaction
                .query_row(
                    "SELECT id FROM sessions WHERE uid = ?1",
                    [&attempt.session_uid],
                    |row| row.get(0),
                )
                .optional()?;
            let checked = checks::attempt(attempt).and_then(|()| match session {
                Some(id) => Ok(id),
                None if refused_sessions.contains(attempt.session_uid.as_str()) => {
                    Err(format!("its session {} is refused", attempt.session_uid))
                }
                None => Err(format!(
                    "its session {} is neither in the file nor in the journal",
                    attempt.session_uid
                )),
            });
            let session = match checked {
                Ok(id) => id,
                Err(reason) => {
                    imported
                        .rejected
                        .push(Rejected::new("attempt", &attempt.uid, reason));
                    continue;
                }
            };
            transaction.execute(
                "INSERT INTO attempts (uid, session_id, lesson, kind, mode, tempo_bpm, started_at, finished_at,
                    last_note_at, playing_seconds, score, passed, clean, ioi_cv, report, recording, local_date)
                 SELECT ?1, id, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, local_date
                 FROM sessions WHERE id = ?2",
                params![
                    attempt.uid,
                    session,
                    attempt.lesson,
                    attempt.kind,
                    attempt.mode,
                    attempt.tempo_bpm,
                    attempt.started_at,
                    attempt.finished_at,
                    attempt.last_note_at,
                    attempt.playing_seconds,
                    attempt.score,
                    attempt.passed,
                    attempt.clean,
                    attempt.ioi_cv,
                    serde_json::to_string(&attempt.report)?,
                    attempt.recording
                ],
            )?;
            imported.attempts += 1;
        }
        for goal in &export.goals {
            if exists(
                "SELECT 1 FROM goals WHERE local_date = ?1 AND spec = ?2",
                &[&goal.local_date, &goal.spec],
            )? {
                imported.already_there.goals += 1;
                continue;
            }
            if let Err(reason) = checks::goal(goal) {
                let which = format!("{} {}", goal.local_date, goal.spec);
                imported
                    .rejected
                    .push(Rejected::new("goal", &which, reason));
                continue;
            }
            transaction.execute(
                "INSERT INTO goals (local_date, spec, proposed) VALUES (?1, ?2, ?3)",
                params![goal.local_date, goal.spec, goal.proposed],
            )?;
            imported.goals += 1;
        }
        if !imported.rejected.is_empty() && !skip_bad {
            // Dropping the transaction rolls it back: nothing was added.
            return Err(JournalError::ImportRefused(imported.rejected));
        }
        transaction.commit()?;
        Ok(imported)
    }
}

/// The session an attempt joins: the latest, if it ended less than 30 minutes before the
/// attempt began; else a new one dated where the player is.
fn find_or_start_session(
    transaction: &Transaction,
    attempt: &NewAttempt,
) -> Result<i64, JournalError> {
    let latest: Option<(i64, String)> = transaction
        .query_row(
            "SELECT id, ended_at FROM sessions ORDER BY ended_at DESC LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    if let Some((id, ended)) = latest
        && let Ok(ended) = ended.parse::<Timestamp>()
        && progress::session::continues_session(ended, attempt.started_at)
    {
        return Ok(id);
    }
    let local_date = attempt.time_zone.to_datetime(attempt.started_at).date();
    let zone = attempt.time_zone.iana_name().unwrap_or("UTC");
    transaction.execute(
        "INSERT INTO sessions (uid, started_at, ended_at, time_zone, local_date) VALUES (?1, ?2, ?2, ?3, ?4)",
        params![attempt.started_at.to_string(), attempt.started_at.to_string(), zone, date_text(local_date)],
    )?;
    Ok(transaction.last_insert_rowid())
}
