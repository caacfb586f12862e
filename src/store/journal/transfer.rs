//! Export and import: everything in the journal as one document, and adding an export's
//! rows back (all or nothing, true duplicates skipped, every other refused row named).

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Journal, JournalError};
use crate::store::checks;

/// Everything in the journal, as `etude journal export` writes it and `import` reads it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Export {
    /// Practice sessions.
    pub sessions: Vec<SessionRow>,
    /// Attempts, each naming its session by `session_uid`.
    pub attempts: Vec<AttemptRow>,
    /// Goals by day, then the player's goals for a week (by its Monday).
    pub goals: Vec<GoalRow>,
    /// The lessons passed before the course asked for a pass in wait mode and one in tempo
    /// mode (they stay passed); none in an export from before that, whose passes all count so.
    #[serde(default)]
    pub passed_before_timing: Option<Vec<String>>,
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
    /// A goal for the week beginning on `local_date` (a Monday), not for the day.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub weekly: bool,
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
pub(super) fn refused_rows(rows: &[Rejected]) -> String {
    rows.iter().map(|r| format!("\n  {r}")).collect()
}

impl Journal {
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
        match self.passed_before_timing() {
            Ok(lessons) => exported.export.passed_before_timing = Some(lessons),
            // Left out, every pass the export holds counts as kept from before on import: a
            // rescued journal loses no passed lesson.
            Err(error) => exported.unreadable.push(format!(
                "the lessons passed before the course timed its lessons: {error}; on import \
                 every pass in this export counts as one of them"
            )),
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
                        weekly: false,
                    })
                },
            )
        }) {
            exported.export.goals.push(goal);
        }
        for (_, goal) in self.rows_by_id("week_goals", &mut exported.unreadable, |id| {
            self.connection.query_row(
                "SELECT week_start, spec FROM week_goals WHERE id = ?1",
                [id],
                |row| {
                    Ok(GoalRow {
                        local_date: row.get(0)?,
                        spec: row.get(1)?,
                        proposed: false,
                        weekly: true,
                    })
                },
            )
        }) {
            exported.export.goals.push(goal);
        }
        exported
            .export
            .goals
            .sort_by(|a, b| (a.weekly, &a.local_date).cmp(&(b.weekly, &b.local_date)));
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

    /// The lessons passed before the course asked for a pass in each mode.
    fn passed_before_timing(&self) -> rusqlite::Result<Vec<String>> {
        let mut statement = self
            .connection
            .prepare("SELECT lesson FROM passed_before_timing ORDER BY lesson")?;
        let lessons = statement.query_map([], |row| row.get(0))?;
        lessons.collect()
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
        let mut passed_here: Vec<&str> = Vec::new();
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
            if attempt.passed {
                passed_here.push(attempt.lesson.as_str());
            }
        }
        // The lessons passed before the course timed its lessons stay passed; an export from
        // before then keeps every pass it brought.
        let kept_passed = match &export.passed_before_timing {
            Some(lessons) => lessons.iter().map(String::as_str).collect(),
            None => passed_here,
        };
        for lesson in kept_passed {
            transaction.execute(
                "INSERT OR IGNORE INTO passed_before_timing (lesson) VALUES (?1)",
                [lesson],
            )?;
        }
        for goal in &export.goals {
            let there = if goal.weekly {
                "SELECT 1 FROM week_goals WHERE week_start = ?1 AND spec = ?2"
            } else {
                "SELECT 1 FROM goals WHERE local_date = ?1 AND spec = ?2"
            };
            if exists(there, &[&goal.local_date, &goal.spec])? {
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
            if goal.weekly {
                // One goal a week: the export's takes the place of one set here.
                transaction.execute(
                    "INSERT INTO week_goals (week_start, spec) VALUES (?1, ?2)
                     ON CONFLICT (week_start) DO UPDATE SET spec = excluded.spec",
                    params![goal.local_date, goal.spec],
                )?;
            } else {
                transaction.execute(
                    "INSERT INTO goals (local_date, spec, proposed) VALUES (?1, ?2, ?3)",
                    params![goal.local_date, goal.spec, goal.proposed],
                )?;
            }
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
