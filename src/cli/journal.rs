//! The journal's commands: `stats`, `goals`, `journal export|import|fresh`, and recording an
//! attempt from `practice` and `score --record`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use super::{CliError, Output};
use crate::curriculum;
use crate::engine::{EventKind, NoteEvent, Report};
use crate::lesson::{Library, LoadedLesson};
use crate::midi::smf;
use crate::progress::{self, CurrentLesson, GoalSpec, days};
use crate::store::journal::{self, Journal, NewAttempt};
use crate::store::{self, settings};

impl From<journal::JournalError> for CliError {
    fn from(error: journal::JournalError) -> Self {
        CliError::Input(error.to_string())
    }
}

/// The user's settings, with warnings on stderr.
pub fn user_settings() -> settings::Settings {
    let loaded = settings::load(&settings::path_in(&store::data_dir()));
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    loaded.settings
}

/// The journal file the settings name.
fn journal_path(user: &settings::Settings) -> PathBuf {
    store::data_dir().join(user.journal.as_deref().unwrap_or(journal::FILE_NAME))
}

/// Opens the user's journal.
pub fn open_journal(user: &settings::Settings) -> Result<Journal, CliError> {
    Ok(Journal::open(&journal_path(user))?)
}

/// Today where the user is, or the date asked for.
fn day(on: Option<&str>) -> Result<Date, CliError> {
    match on {
        Some(text) => text.parse().map_err(|e| {
            CliError::Input(format!(
                "`{text}` is not a date (write it as 2026-11-25): {e}"
            ))
        }),
        None => Ok(TimeZone::system().to_datetime(Timestamp::now()).date()),
    }
}

fn title_in(library: &Library) -> impl Fn(&str) -> String + '_ {
    move |id: &str| {
        library
            .get(id)
            .map_or_else(|| id.to_owned(), |l| l.lesson.title.clone())
    }
}

/// The first course lesson not passed yet, with the goal it suggests.
fn current_lesson(library: &Library, journal: &Journal) -> Result<Option<CurrentLesson>, CliError> {
    let passed = journal.passed_lessons()?;
    Ok(library
        .in_course_order()
        .into_iter()
        .map(|(_, loaded)| loaded)
        .find(|loaded| !passed.contains(loaded.lesson.id.as_str()))
        .map(|loaded| {
            let goal = loaded.lesson.goal;
            CurrentLesson {
                lesson: loaded.lesson.id.to_string(),
                minutes: goal.and_then(|g| g.minutes),
                clean_runs: goal.and_then(|g| g.clean_runs),
            }
        }))
}

/// The day's goals with their progress; proposes (and keeps) up to three when there are none
/// and the day is today.
fn day_goals(
    journal: &mut Journal,
    library: &Library,
    date: Date,
    propose: bool,
) -> Result<Vec<Value>, CliError> {
    let mut goals = journal.goals_on(date)?;
    if goals.is_empty() && propose {
        let standing = journal.standing(current_lesson(library, journal)?)?;
        for spec in progress::propose(&standing) {
            journal.add_goal(date, &spec, true)?;
        }
        goals = journal.goals_on(date)?;
    }
    let today = journal.attempts_on(date)?;
    let before = journal.history_before(date)?;
    let title = title_in(library);
    Ok(goals
        .iter()
        .map(|goal| {
            let result = progress::evaluate(&goal.spec, &today, &before);
            json!({
                "text": goal.spec.describe(&title),
                "spec": goal.spec.to_string(),
                "done": result.done,
                "progress": (result.progress * 1000.0).round() / 1000.0,
                "proposed": goal.proposed,
            })
        })
        .collect())
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// `etude stats`: streak, today, this week, personal bests (and the year's calendar).
pub fn stats(on: Option<&str>, with_calendar: bool, json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let user = user_settings();
    let mut journal = open_journal(&user)?;
    let library = curriculum::shipped();
    let date = day(on)?;
    let minimum = user.daily_minimum();
    let minutes = journal.day_minutes()?;
    let streak = progress::streak(&minutes, date, minimum);
    let goals = day_goals(&mut journal, &library, date, on.is_none())?;
    let monday = days::week_start(date);
    let sunday = monday.checked_add(jiff::ToSpan::days(6)).unwrap_or(monday);
    let (week_minutes, week_days) = days::week_totals(&minutes, monday);
    let previous_monday = monday.checked_sub(jiff::ToSpan::days(7)).unwrap_or(monday);
    let (previous_minutes, _) = days::week_totals(&minutes, previous_monday);
    let title = title_in(&library);
    let bests: Vec<Value> = journal
        .bests()?
        .into_iter()
        .map(|b| {
            json!({
                "lesson": b.lesson, "title": title(&b.lesson), "best_score": b.best_score,
                "best_evenness": b.best_evenness, "highest_tempo_passed": b.highest_tempo_passed,
                "attempts": b.attempts,
            })
        })
        .collect();
    let today_minutes = minutes.get(&date).copied().unwrap_or(0.0);
    let mut value = json!({
        "date": date.to_string(),
        "daily_minimum": minimum,
        "streak": streak,
        "today": {
            "minutes": round1(today_minutes),
            "met_minimum": today_minutes + 1e-9 >= minimum,
            "attempts": journal.attempt_count(date, date)?,
            "goals": goals,
        },
        "week": {
            "start": monday.to_string(),
            "minutes": round1(week_minutes),
            "days": week_days,
            "attempts": journal.attempt_count(monday, sunday)?,
            "previous_minutes": round1(previous_minutes),
            "milestones": days::milestones(&minutes, date, minimum),
        },
        "bests": bests,
    });
    if with_calendar && let Some(object) = value.as_object_mut() {
        let year: Vec<Value> = progress::calendar(&minutes, date)
            .into_iter()
            .map(|(day, m)| json!({"date": day.to_string(), "minutes": round1(m)}))
            .collect();
        object.insert("calendar".to_owned(), Value::Array(year));
    }
    if json {
        out.json(&value)?;
        return Ok(out);
    }
    outln!(
        out,
        "{date}: {:.1} of {minimum:.0} minutes today",
        today_minutes
    );
    outln!(
        out,
        "Streak: {} days (best {})",
        streak.current,
        streak.best
    );
    list_goals(
        &mut out,
        value["today"]["goals"]
            .as_array()
            .map_or(&[][..], Vec::as_slice),
    );
    outln!(
        out,
        "This week: {week_minutes:.0} minutes on {week_days} days (last week {previous_minutes:.0})"
    );
    for milestone in days::milestones(&minutes, date, minimum) {
        outln!(out, "  ★ {milestone}");
    }
    Ok(out)
}

/// One line per goal: ✓ when met, its progress in percent.
fn list_goals(out: &mut Output, goals: &[Value]) {
    for goal in goals {
        let mark = if goal["done"].as_bool() == Some(true) {
            "✓"
        } else {
            "·"
        };
        let percent = goal["progress"].as_f64().unwrap_or(0.0) * 100.0;
        outln!(
            out,
            "  {mark} {} ({percent:.0}%)",
            goal["text"].as_str().unwrap_or_default()
        );
    }
}

/// `etude goals`: the day's goals and their progress.
pub fn goals(on: Option<&str>, json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let user = user_settings();
    let mut journal = open_journal(&user)?;
    let library = curriculum::shipped();
    let date = day(on)?;
    let goals = day_goals(&mut journal, &library, date, on.is_none())?;
    if json {
        out.json(&json!({"date": date.to_string(), "goals": goals}))?;
    } else {
        outln!(out, "Goals for {date}:");
        list_goals(&mut out, &goals);
    }
    Ok(out)
}

/// `etude goals add SPEC…`: a goal of the user's own for the day (at most three a day).
pub fn add_goal(words: &[String], on: Option<&str>) -> Result<Output, CliError> {
    let spec: GoalSpec = words
        .join(" ")
        .parse()
        .map_err(|e: progress::goals::GoalSyntaxError| CliError::Input(e.to_string()))?;
    let library = curriculum::shipped();
    let lesson = match &spec {
        GoalSpec::Minutes { lesson, .. } => lesson.clone(),
        GoalSpec::CleanRuns { lesson, .. } | GoalSpec::BeatBest { lesson, .. } => {
            Some(lesson.clone())
        }
        GoalSpec::TryNew { .. } => None,
    };
    if let Some(lesson) = lesson
        && library.get(&lesson).is_none()
    {
        eprintln!(
            "warning: \"{lesson}\" is not one of the shipped lessons; the goal is kept as written"
        );
    }
    let user = user_settings();
    let mut journal = open_journal(&user)?;
    let date = day(on)?;
    journal.add_goal(date, &spec, false)?;
    eprintln!("Goal for {date}: {}", spec.describe(&title_in(&library)));
    Ok(Output::ok())
}

/// `etude journal export`: everything, as JSON (the import format) or CSV (one row per attempt).
pub fn export(csv: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let journal = open_journal(&user_settings())?;
    let export = journal.export()?;
    if !csv {
        out.json(&serde_json::to_value(&export)?)?;
        return Ok(out);
    }
    let sessions: std::collections::HashMap<&str, &journal::SessionRow> = export
        .sessions
        .iter()
        .map(|s| (s.uid.as_str(), s))
        .collect();
    outln!(
        out,
        "date,started_at,finished_at,lesson,mode,tempo_bpm,score,passed,clean,accuracy,ioi_cv,playing_minutes,mood_before,mood_after,recording"
    );
    let quote = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    for attempt in &export.attempts {
        let session = sessions.get(attempt.session_uid.as_str());
        let opt = |v: Option<String>| v.unwrap_or_default();
        outln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{:.2},{},{},{}",
            session.map(|s| s.local_date.as_str()).unwrap_or_default(),
            attempt.started_at,
            attempt.finished_at,
            quote(&attempt.lesson),
            attempt.mode,
            attempt.tempo_bpm,
            attempt.score,
            attempt.passed,
            attempt.clean,
            attempt.report["accuracy"],
            opt(attempt.ioi_cv.map(|v| v.to_string())),
            attempt.playing_seconds / 60.0,
            opt(session.and_then(|s| s.mood_before).map(|m| m.to_string())),
            opt(session.and_then(|s| s.mood_after).map(|m| m.to_string())),
            quote(attempt.recording.as_deref().unwrap_or_default()),
        );
    }
    Ok(out)
}

/// `etude journal import FILE.json`: adds what the file has that the journal does not.
pub fn import(file: &Path) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let text = std::fs::read_to_string(file)
        .map_err(|e| CliError::Input(format!("cannot read {}: {e}", file.display())))?;
    let export: journal::Export = serde_json::from_str(&text)
        .map_err(|e| CliError::Input(format!("{}: not a journal export: {e}", file.display())))?;
    let mut journal = open_journal(&user_settings())?;
    let imported = journal.import(&export)?;
    eprintln!(
        "Imported {} sessions, {} attempts and {} goals ({} attempts were already there)",
        imported.sessions,
        imported.attempts,
        imported.goals,
        export.attempts.len() - imported.attempts
    );
    out.json(&serde_json::to_value(imported)?)?;
    Ok(out)
}

/// `etude journal fresh`: starts a new journal file beside the old one, which is kept as it is.
pub fn fresh() -> Result<Output, CliError> {
    let mut user = user_settings();
    let old = journal_path(&user);
    let stamp = Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
    let name = format!("journal-{stamp}.sqlite");
    let journal = Journal::open(&store::data_dir().join(&name))?;
    user.journal = Some(name);
    let settings_file = settings::path_in(&store::data_dir());
    settings::save(&settings_file, &user)
        .map_err(|e| CliError::Input(format!("cannot write {}: {e}", settings_file.display())))?;
    eprintln!(
        "Started a fresh journal at {}; the old one stays at {}",
        journal.path().display(),
        old.display()
    );
    Ok(Output::ok())
}

/// What `practice` or `score --record` knows about a finished attempt.
pub struct Finished<'a> {
    /// The lesson.
    pub lesson: &'a LoadedLesson,
    /// The report.
    pub report: &'a Report,
    /// What was played, in attempt time.
    pub events: &'a [NoteEvent],
    /// When the attempt's time 0 was.
    pub started_at: Timestamp,
    /// Mood before, 1–10.
    pub mood_before: Option<u8>,
    /// Mood after, 1–10.
    pub mood_after: Option<u8>,
    /// A note.
    pub note: Option<&'a str>,
}

/// Saves the recording and writes the attempt to the journal; says where on stderr.
pub fn record(finished: &Finished) -> Result<String, CliError> {
    let user = user_settings();
    let mut journal = open_journal(&user)?;
    let zone = TimeZone::system();
    let local = zone.to_datetime(finished.started_at);
    let relative = format!(
        "recordings/{}/{}-{}.mid",
        local.date(),
        local.strftime("%H%M%S"),
        finished.lesson.lesson.id
    );
    let recording =
        match smf::write_performance(finished.events, &store::data_dir().join(&relative)) {
            Ok(()) => Some(relative),
            Err(error) => {
                eprintln!("warning: the recording could not be saved: {error}");
                None
            }
        };
    let note_times: Vec<i64> = finished
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::NoteOn { .. }))
        .map(|e| e.at)
        .collect();
    let last = finished.events.last().map_or(0, |e| e.at.max(0));
    let finished_at = finished
        .started_at
        .checked_add(SignedDuration::from_micros(last))
        .unwrap_or(finished.started_at);
    let uid = journal.record_attempt(&NewAttempt {
        lesson: finished.lesson.lesson.id.as_str(),
        kind: Some(finished.lesson.lesson.kind()),
        started_at: finished.started_at,
        finished_at,
        time_zone: &zone,
        note_times: &note_times,
        report: finished.report,
        recording: recording.as_deref(),
        mood_before: finished.mood_before,
        mood_after: finished.mood_after,
        note: finished.note,
    })?;
    eprintln!(
        "Saved to the journal {}{}",
        journal.path().display(),
        recording
            .map(|r| format!("; recording: {}", store::data_dir().join(r).display()))
            .unwrap_or_default()
    );
    Ok(uid)
}

/// The wall-clock time of an instant in the past.
pub fn timestamp_of(instant: Instant) -> Timestamp {
    let ago = Instant::now().saturating_duration_since(instant);
    Timestamp::now()
        .checked_sub(SignedDuration::try_from(ago).unwrap_or(SignedDuration::ZERO))
        .unwrap_or_else(|_| Timestamp::now())
}
