//! Reading the journal: typed rows for the screens and the commands (dates and instants,
//! never pre-formatted text: formatting is the reader's).

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::{Journal, JournalError, date_text, parse_date};
use crate::progress::drills::StepMark;
use crate::progress::then_and_now::RecordedRun;
use crate::progress::{
    AttemptSummary, CurrentLesson, DayBest, GoalSpec, History, LadderRun, PassedModes, RecentPass,
    SessionMood, Standing,
};

/// A lesson's days played, oldest first, each with whether a run passed that day.
pub type PlayedDays = Vec<(Date, bool)>;

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
    /// Highest tempo passed in tempo mode (a pass in wait mode, where each step waits, says
    /// nothing of tempo).
    pub highest_tempo_passed: Option<u16>,
    /// Attempts made.
    pub attempts: u32,
}

/// A practice session as the journal screen shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionEntry {
    /// The day it counts for.
    pub date: Date,
    /// When it started, on the clock where it was played (none when the row's time or zone
    /// cannot be read).
    pub started: Option<jiff::civil::DateTime>,
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
    /// The attempt's id.
    pub uid: String,
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

impl Journal {
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

    /// Clean runs (passed, nothing wrong, missed or extra) per local day, for days with any.
    pub fn day_clean_runs(&self) -> Result<BTreeMap<Date, u32>, JournalError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT local_date, COUNT(*) FROM attempts WHERE clean GROUP BY local_date",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, u32>(1)?))
        })?;
        let mut days = BTreeMap::new();
        for row in rows {
            let (date, clean) = row?;
            if let Some(date) = parse_date(&date) {
                days.insert(date, clean);
            }
        }
        Ok(days)
    }

    /// The attempts of sessions on `date`.
    pub fn attempts_on(&self, date: Date) -> Result<Vec<AttemptSummary>, JournalError> {
        self.attempts_in(date, date)
    }

    /// The attempts of sessions from `first` to `last` (inclusive), in the order finished.
    pub fn attempts_in(
        &self,
        first: Date,
        last: Date,
    ) -> Result<Vec<AttemptSummary>, JournalError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT lesson, kind, tempo_bpm, score, passed, clean, ioi_cv, playing_seconds,
                    mode = 'tempo', local_date
             FROM attempts WHERE local_date BETWEEN ?1 AND ?2 ORDER BY finished_at",
        )?;
        let rows = statement.query_map([date_text(first), date_text(last)], |row| {
            Ok(AttemptSummary {
                lesson: row.get(0)?,
                kind: row.get(1)?,
                date: parse_date(&row.get::<_, String>(9)?).unwrap_or(first),
                tempo_bpm: row.get(2)?,
                tempo_mode: row.get(8)?,
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
                    MAX(CASE WHEN passed AND mode = 'tempo' THEN tempo_bpm END), COUNT(*),
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

    /// The lessons with a passed run, each with whether one passed in wait mode, the fastest
    /// passed in tempo mode, and whether one passed before the course asked for both.
    pub fn passed_modes(&self) -> Result<BTreeMap<String, PassedModes>, JournalError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT lesson, MAX(mode = 'wait'), MAX(CASE WHEN mode = 'tempo' THEN tempo_bpm END),
                 lesson IN (SELECT lesson FROM passed_before_timing)
             FROM attempts WHERE passed GROUP BY lesson",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get(0)?,
                PassedModes {
                    wait: row.get(1)?,
                    fastest_in_time: row.get(2)?,
                    before_timing: row.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Where the player stands, given the first course lesson not passed yet (with its goal).
    pub fn standing(&self, current: Option<CurrentLesson>) -> Result<Standing, JournalError> {
        let recently_passed = self
            .connection
            .query_row(
                "SELECT lesson, tempo_bpm, mode = 'tempo' FROM attempts
                 INDEXED BY attempts_by_finish WHERE passed ORDER BY finished_at DESC LIMIT 1",
                [],
                |row| {
                    Ok(RecentPass {
                        lesson: row.get(0)?,
                        tempo_bpm: row.get(1)?,
                        tempo_mode: row.get(2)?,
                    })
                },
            )
            .optional()?;
        let most_played_with_evenness = self
            .connection
            .query_row(
                "SELECT lesson, MIN(ioi_cv) FROM attempts WHERE passed AND ioi_cv IS NOT NULL
                 GROUP BY lesson ORDER BY COUNT(*) DESC, lesson LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
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

    /// The runs of `lesson` with a recording, oldest first.
    pub fn recorded_runs(&self, lesson: &str) -> Result<Vec<RecordedRun>, JournalError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT uid, local_date, score, recording FROM attempts
             WHERE lesson = ?1 AND recording IS NOT NULL ORDER BY started_at, id",
        )?;
        let rows = statement.query_map([lesson], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, u8>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        let mut runs = Vec::new();
        for row in rows {
            let (uid, date, score, recording) = row?;
            if let Some(date) = parse_date(&date) {
                runs.push(RecordedRun {
                    uid,
                    date,
                    score,
                    recording,
                });
            }
        }
        Ok(runs)
    }

    /// The player's own goal for the week beginning on `monday`, if one was set (and reads).
    pub fn week_goal(&self, monday: Date) -> Result<Option<GoalSpec>, JournalError> {
        let spec: Option<String> = self
            .connection
            .query_row(
                "SELECT spec FROM week_goals WHERE week_start = ?1",
                [date_text(monday)],
                |row| row.get(0),
            )
            .optional()?;
        Ok(spec.and_then(|spec| spec.parse().ok()))
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
            "SELECT lesson, score, passed, tempo_bpm, mode, recording, playing_seconds, uid
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
                (Ok(at), Ok(zone)) => Some(zone.to_datetime(at)),
                _ => None,
            };
            let mut seconds = 0.0;
            let mut list = Vec::new();
            for attempt in attempts.query_map([id], |row| {
                Ok((
                    AttemptEntry {
                        uid: row.get(7)?,
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
                    MAX(CASE WHEN passed AND mode = 'tempo' THEN tempo_bpm END)
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

    /// The tempo-mode runs of `lesson`, oldest first: what its tempo ladder climbed on.
    pub fn tempo_runs(&self, lesson: &str) -> Result<Vec<LadderRun>, JournalError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT started_at, tempo_bpm, passed FROM attempts
             WHERE lesson = ?1 AND mode = 'tempo' ORDER BY started_at, id",
        )?;
        let rows = statement.query_map([lesson], |row| {
            Ok(LadderRun {
                at: row.get(0)?,
                tempo: row.get(1)?,
                passed: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How each step of the last `limit` runs of `lesson` came out, oldest run first (from the
    /// reports the journal keeps; a report it cannot read is left out). Only those runs'
    /// reports are read.
    pub fn recent_step_marks(
        &self,
        lesson: &str,
        limit: usize,
    ) -> Result<Vec<Vec<StepMark>>, JournalError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT report FROM attempts WHERE id IN (
                SELECT id FROM attempts WHERE lesson = ?1
                ORDER BY started_at DESC, id DESC LIMIT ?2)
             ORDER BY started_at, id",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = statement.query_map(rusqlite::params![lesson, limit], |row| {
            row.get::<_, String>(0)
        })?;
        let mut runs = Vec::new();
        for report in rows {
            let Ok(report) = serde_json::from_str::<serde_json::Value>(&report?) else {
                continue;
            };
            let Some(steps) = report["steps"].as_array() else {
                continue;
            };
            runs.push(
                steps
                    .iter()
                    .map(|step| StepMark {
                        right: step["outcome"] == "correct",
                        offset_ms: step["offset_ms"].as_f64(),
                    })
                    .collect(),
            );
        }
        Ok(runs)
    }

    /// Each lesson's days played since `since` (its local dates, oldest first) and whether a
    /// run passed on each: what its reviews are scheduled from.
    pub fn days_by_lesson(&self, since: Date) -> Result<Vec<(String, PlayedDays)>, JournalError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT lesson, local_date, MAX(passed) FROM attempts WHERE local_date >= ?1
             GROUP BY lesson, local_date ORDER BY lesson, local_date",
        )?;
        let rows = statement.query_map([date_text(since)], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, bool>(2)?,
            ))
        })?;
        let mut lessons: Vec<(String, PlayedDays)> = Vec::new();
        for row in rows {
            let (lesson, day, passed) = row?;
            let Some(day) = parse_date(&day) else {
                continue;
            };
            match lessons.last_mut() {
                Some((last, days)) if *last == lesson => days.push((day, passed)),
                _ => lessons.push((lesson, vec![(day, passed)])),
            }
        }
        Ok(lessons)
    }

    /// Every lesson with a run in the journal, the one played last first.
    pub fn lessons_played(&self) -> Result<Vec<String>, JournalError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT lesson FROM attempts GROUP BY lesson ORDER BY MAX(started_at) DESC",
        )?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
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
}
