//! The practice journal: one SQLite file (WAL, foreign keys, numbered migrations). Every
//! attempt is written in its own transaction the moment it finishes, so killing Etude loses at
//! most the attempt being played. A file that cannot be read is reported and left alone.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::engine::{Micros, Report};
use crate::progress::{
    AttemptSummary, CurrentLesson, DayBest, GoalSpec, History, SessionMood, Standing,
    playing_seconds,
};

/// The journal's file name in the data folder.
pub const FILE_NAME: &str = "journal.sqlite";

/// Attempts less than this after the previous one belong to the same practice session.
const SESSION_GAP_MINUTES: i64 = 30;

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
}

/// One attempt to record.
pub struct NewAttempt<'a> {
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

/// What an import added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// New sessions.
    pub sessions: usize,
    /// New attempts.
    pub attempts: usize,
    /// New goals.
    pub goals: usize,
}

fn date_text(date: Date) -> String {
    date.to_string()
}

fn parse_date(text: &str) -> Option<Date> {
    text.parse().ok()
}

impl Journal {
    /// The journal at `path` (created when missing), migrated to the current schema.
    pub fn open(path: &Path) -> Result<Journal, JournalError> {
        let unreadable = |reason: String| JournalError::Unreadable {
            path: path.to_path_buf(),
            reason,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| unreadable(e.to_string()))?;
        }
        let connection = Connection::open(path).map_err(|e| unreadable(e.to_string()))?;
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
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
            )
            .map_err(|e| unreadable(e.to_string()))?;
        let mut journal = Journal {
            connection,
            path: path.to_path_buf(),
        };
        journal.migrate(version)?;
        Ok(journal)
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
    /// new one when the last ended more than 30 minutes before). Returns the attempt's uid.
    pub fn record_attempt(&mut self, attempt: &NewAttempt) -> Result<String, JournalError> {
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
        let clean = report.passed && report.wrong == 0 && report.missed == 0 && report.extra == 0;
        let uid = format!("{}/{}", attempt.started_at, attempt.lesson);
        transaction.execute(
            "INSERT INTO attempts (uid, session_id, lesson, kind, mode, tempo_bpm, started_at, finished_at,
                last_note_at, playing_seconds, score, passed, clean, ioi_cv, report, recording, local_date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                (SELECT local_date FROM sessions WHERE id = ?2))",
            params![
                uid,
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
        Ok(uid)
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
        if count < 3 {
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
        let changed = self.connection.execute(
            "UPDATE sessions SET mood_after = COALESCE(?1, mood_after), note = COALESCE(?2, note)
             WHERE id = (SELECT id FROM sessions ORDER BY started_at DESC LIMIT 1)",
            params![mood_after.map(|m| m.clamp(1, 10)), note],
        )?;
        Ok(changed > 0)
    }

    /// Everything, for `etude journal export`.
    pub fn export(&self) -> Result<Export, JournalError> {
        let mut export = Export::default();
        let mut sessions = self.connection.prepare(
            "SELECT uid, started_at, ended_at, time_zone, local_date, mood_before, mood_after, note FROM sessions ORDER BY started_at",
        )?;
        for row in sessions.query_map([], |row| {
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
        })? {
            export.sessions.push(row?);
        }
        let mut attempts = self.connection.prepare(
            "SELECT a.uid, s.uid, a.lesson, a.kind, a.mode, a.tempo_bpm, a.started_at, a.finished_at, a.last_note_at,
                    a.playing_seconds, a.score, a.passed, a.clean, a.ioi_cv, a.report, a.recording
             FROM attempts a JOIN sessions s ON s.id = a.session_id ORDER BY a.started_at",
        )?;
        let rows = attempts.query_map([], |row| {
            Ok((
                AttemptRow {
                    uid: row.get(0)?,
                    session_uid: row.get(1)?,
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
                    recording: row.get(15)?,
                },
                row.get::<_, String>(14)?,
            ))
        })?;
        for row in rows {
            let (mut attempt, report) = row?;
            attempt.report = serde_json::from_str(&report)?;
            export.attempts.push(attempt);
        }
        let mut goals = self
            .connection
            .prepare("SELECT local_date, spec, proposed FROM goals ORDER BY local_date, id")?;
        for row in goals.query_map([], |row| {
            Ok(GoalRow {
                local_date: row.get(0)?,
                spec: row.get(1)?,
                proposed: row.get(2)?,
            })
        })? {
            export.goals.push(row?);
        }
        Ok(export)
    }

    /// Adds what an export holds that the journal does not have yet (by uid); one transaction.
    pub fn import(&mut self, export: &Export) -> Result<Imported, JournalError> {
        let transaction = self.connection.transaction()?;
        let mut imported = Imported::default();
        for session in &export.sessions {
            imported.sessions += transaction.execute(
                "INSERT OR IGNORE INTO sessions (uid, started_at, ended_at, time_zone, local_date, mood_before, mood_after, note)
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
        }
        for attempt in &export.attempts {
            imported.attempts += transaction.execute(
                "INSERT OR IGNORE INTO attempts (uid, session_id, lesson, kind, mode, tempo_bpm, started_at, finished_at,
                    last_note_at, playing_seconds, score, passed, clean, ioi_cv, report, recording, local_date)
                 SELECT ?1, id, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, local_date
                 FROM sessions WHERE uid = ?2",
                params![
                    attempt.uid,
                    attempt.session_uid,
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
        }
        for goal in &export.goals {
            imported.goals += transaction.execute(
                "INSERT OR IGNORE INTO goals (local_date, spec, proposed) VALUES (?1, ?2, ?3)",
                params![goal.local_date, goal.spec, goal.proposed],
            )?;
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
        && attempt.started_at.duration_since(ended)
            <= SignedDuration::from_mins(SESSION_GAP_MINUTES)
        && attempt.started_at
            >= ended
                .checked_sub(SignedDuration::from_hours(12))
                .unwrap_or(ended)
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
