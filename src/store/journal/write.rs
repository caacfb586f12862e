//! Writing to the journal: a finished attempt (in the session it belongs to), the day's
//! goals, the mood after playing and the note. Each write is one transaction.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Journal, JournalError, date_text};
use crate::engine::{Micros, Report};
use crate::progress::{self, GoalSpec, playing_seconds};

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

impl Journal {
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
        if usize::try_from(count).is_ok_and(progress::goals::room_for_goal) {
            transaction.execute(
                "INSERT OR IGNORE INTO goals (local_date, spec, proposed) VALUES (?1, ?2, ?3)",
                params![date_text(date), spec.to_string(), proposed],
            )?;
        }
        transaction.commit()?;
        Ok(())
    }

    /// Sets the player's goal for the week beginning on `monday` (one a week: a new one
    /// replaces it).
    pub fn set_week_goal(&mut self, monday: Date, spec: &GoalSpec) -> Result<(), JournalError> {
        self.writable()?;
        self.connection.execute(
            "INSERT INTO week_goals (week_start, spec) VALUES (?1, ?2)
             ON CONFLICT (week_start) DO UPDATE SET spec = excluded.spec",
            params![date_text(monday), spec.to_string()],
        )?;
        Ok(())
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
