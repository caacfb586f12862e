//! What a row of a journal export must hold before it goes into a journal: times that parse,
//! a time zone that exists, moods 1–10, a score 0–100, a tempo a lesson can have. Each check
//! returns the reason a row is refused, in words that name the value.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::journal::{AttemptRow, GoalRow, SessionRow};
use crate::lesson::values::Tempo;
use crate::progress::GoalSpec;

fn timestamp(field: &str, text: &str) -> Result<Timestamp, String> {
    text.parse()
        .map_err(|_| format!("`{field}` \"{text}\" is not a time (RFC 3339)"))
}

fn date(field: &str, text: &str) -> Result<Date, String> {
    text.parse()
        .map_err(|_| format!("`{field}` \"{text}\" is not a date (YYYY-MM-DD)"))
}

fn mood(field: &str, value: Option<u8>) -> Result<(), String> {
    match value {
        Some(m) if !(1..=10).contains(&m) => Err(format!("`{field}` {m} is outside 1-10")),
        _ => Ok(()),
    }
}

fn non_negative(field: &str, value: f64) -> Result<(), String> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(format!(
            "`{field}` {value} is not a finite number of zero or more"
        ))
    }
}

/// Why a session cannot be imported, if it cannot.
pub fn session(row: &SessionRow) -> Result<(), String> {
    let started = timestamp("started_at", &row.started_at)?;
    let ended = timestamp("ended_at", &row.ended_at)?;
    if ended < started {
        return Err(format!(
            "`ended_at` {} is before `started_at` {}",
            row.ended_at, row.started_at
        ));
    }
    TimeZone::get(&row.time_zone)
        .map_err(|_| format!("`time_zone` \"{}\" is not a known time zone", row.time_zone))?;
    date("local_date", &row.local_date)?;
    mood("mood_before", row.mood_before)?;
    mood("mood_after", row.mood_after)
}

/// Why an attempt cannot be imported, if it cannot (its session is checked by the caller).
pub fn attempt(row: &AttemptRow) -> Result<(), String> {
    let started = timestamp("started_at", &row.started_at)?;
    let finished = timestamp("finished_at", &row.finished_at)?;
    if finished < started {
        return Err(format!(
            "`finished_at` {} is before `started_at` {}",
            row.finished_at, row.started_at
        ));
    }
    if let Some(last) = &row.last_note_at {
        timestamp("last_note_at", last)?;
    }
    if row.lesson.trim().is_empty() {
        return Err("`lesson` is empty".to_owned());
    }
    if row.mode != "wait" && row.mode != "tempo" {
        return Err(format!("`mode` \"{}\" is not wait or tempo", row.mode));
    }
    if !Tempo::RANGE.contains(&row.tempo_bpm) {
        return Err(format!(
            "`tempo_bpm` {} is outside {}-{}",
            row.tempo_bpm,
            Tempo::RANGE.start(),
            Tempo::RANGE.end()
        ));
    }
    if row.score > 100 {
        return Err(format!("`score` {} is outside 0-100", row.score));
    }
    non_negative("playing_seconds", row.playing_seconds)?;
    if let Some(cv) = row.ioi_cv {
        non_negative("ioi_cv", cv)?;
    }
    if !row.report.is_object() {
        return Err("`report` is not a report (a JSON object)".to_owned());
    }
    Ok(())
}

/// Why a goal cannot be imported, if it cannot.
pub fn goal(row: &GoalRow) -> Result<(), String> {
    let day = date("local_date", &row.local_date)?;
    if row.weekly && day.weekday() != jiff::civil::Weekday::Monday {
        return Err(format!(
            "`local_date` \"{}\" of a week's goal is not a Monday",
            row.local_date
        ));
    }
    row.spec
        .parse::<GoalSpec>()
        .map(|_| ())
        .map_err(|e| format!("`spec`: {e}"))
}
