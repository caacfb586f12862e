//! The journal's commands: `stats`, `goals`, `journal export|import|fresh`, and recording an
//! attempt from `practice` and `score --record`.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::{Value, json};

use super::section::SectionArgs;
use super::{CliError, Output};
use crate::progress::{self, days};
use crate::service::Context;
use crate::service::overview::{self, GoalLine};
use crate::store::journal::{self, Journal};
use crate::store::{self, settings};

impl From<journal::JournalError> for CliError {
    /// An import refused for its rows is the file's fault; anything else is the journal's.
    fn from(error: journal::JournalError) -> Self {
        match error {
            journal::JournalError::ImportRefused(_) => CliError::Input(error.to_string()),
            other => CliError::Failure(other.to_string()),
        }
    }
}

/// Saves the context's settings; says on stderr where an unreadable file that was there is kept.
pub fn save_settings(context: &Context) -> Result<(), CliError> {
    let file = context.settings_file();
    let saved = settings::save(&file, &context.settings)
        .map_err(|e| CliError::Failure(format!("cannot write {}: {e}", file.display())))?;
    if let Some(copy) = saved.kept_unreadable {
        eprintln!(
            "The settings file {} could not be read; it is kept as {}",
            file.display(),
            copy.display()
        );
    }
    Ok(())
}

/// Opens the user's journal for a command that only reads it (a read-only file opens too).
pub(super) fn journal_to_read(context: &Context) -> Result<Journal, CliError> {
    let journal = Journal::open_to_read(&context.journal_file())?;
    if journal.is_read_only() {
        eprintln!(
            "note: the practice journal {} is read-only; today's goals are shown but not kept",
            journal.path().display()
        );
    }
    Ok(journal)
}

/// Today where the user is, or the date asked for.
pub(super) fn day(on: Option<&str>) -> Result<Date, CliError> {
    match on {
        Some(text) => text.parse().map_err(|e| {
            CliError::Input(format!(
                "`{text}` is not a date (write it as 2026-11-25): {e}"
            ))
        }),
        None => Ok(TimeZone::system().to_datetime(Timestamp::now()).date()),
    }
}

pub(super) fn goal_values(goals: &[GoalLine]) -> Result<Vec<Value>, CliError> {
    Ok(goals
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<_, _>>()?)
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// `etude stats`: streak, today, this week, personal bests (and the year's calendar).
pub fn stats(on: Option<&str>, with_calendar: bool, json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let context = super::context_with_lessons();
    let mut journal = journal_to_read(&context)?;
    let library = &context.library;
    let date = day(on)?;
    let rule = context.settings.streak_rule();
    let minimum = rule.minimum;
    let minutes = journal.day_minutes()?;
    let streak = progress::streak(&minutes, date, rule);
    let goals = goal_values(&overview::goals(&mut journal, library, date, on.is_none())?)?;
    let monday = days::week_start(date);
    let sunday = monday.checked_add(jiff::ToSpan::days(6)).unwrap_or(monday);
    let (week_minutes, week_days) = days::week_totals(&minutes, monday);
    let previous_monday = monday.checked_sub(jiff::ToSpan::days(7)).unwrap_or(monday);
    let (previous_minutes, _) = days::week_totals(&minutes, previous_monday);
    let title = |id: &str| overview::title(library, id);
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
    let clean_today = journal
        .attempts_on(date)?
        .iter()
        .filter(|a| a.clean)
        .count();
    let mut value = json!({
        "date": date.to_string(),
        "daily_minimum": minimum,
        "streak": streak,
        "today": {
            "minutes": round1(today_minutes),
            "met_minimum": today_minutes + 1e-9 >= minimum,
            "attempts": journal.attempt_count(date, date)?,
            "clean_runs": clean_today,
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
        "{date}: {} · {}",
        progress::words::minutes_today(today_minutes, minimum),
        progress::words::clean_runs(clean_today)
    );
    outln!(out, "{}", progress::words::streak(&streak, date, minimum));
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
pub(super) fn list_goals(out: &mut Output, goals: &[Value]) {
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

/// `etude ladder --lesson ID`: the tempo its tempo-mode runs have climbed to, the lesson's own
/// tempo, and each run with the rung it left.
pub fn ladder(wanted: &str, section: SectionArgs, json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let context = super::context_with_lessons();
    let lesson = super::lessons::find_section(wanted, section, None, &context)?;
    let journal = Journal::open_to_read(&context.journal_file())?;
    let ladder = overview::ladder(&journal, &lesson)?;
    let id = lesson.lesson.id.as_str();
    if json {
        let history: Vec<Value> = ladder
            .history
            .iter()
            .map(|(run, rung)| {
                json!({ "at": run.at, "tempo": run.tempo, "passed": run.passed, "rung": rung })
            })
            .collect();
        out.json(&json!({
            "lesson": id,
            "tempo": ladder.tempo(),
            "target": ladder.target,
            "to_go": ladder.to_go(),
            "history": history,
        }))?;
    } else {
        outln!(out, "{}: {}", lesson.lesson.title, ladder.words());
        for (run, rung) in &ladder.history {
            let result = if run.passed { "passed" } else { "not passed" };
            outln!(out, "  {}  {} bpm, {result} → {rung}", run.at, run.tempo);
        }
    }
    Ok(out)
}

/// `etude drills [--lesson ID]`: the drills the journal's runs call for, worst first.
pub fn drills(lesson: Option<&str>, json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let context = super::context_with_lessons();
    let journal = Journal::open_to_read(&context.journal_file())?;
    let drills = overview::drills(&journal, &context.library, lesson)?;
    if json {
        let list: Vec<Value> = drills
            .iter()
            .map(|d| {
                json!({
                    "id": d.id,
                    "lesson": d.lesson,
                    "from_step": d.from_step,
                    "to_step": d.to_step,
                    "errors": d.errors,
                    "tempo": d.tempo,
                    "title": d.title,
                })
            })
            .collect();
        out.json(&Value::Array(list))?;
    } else if drills.is_empty() {
        outln!(out, "No drills: your last runs went wrong nowhere twice.");
    } else {
        for drill in &drills {
            outln!(
                out,
                "{}  {} ({} errors in your last runs, at {} bpm)",
                drill.id,
                drill.title,
                drill.errors,
                drill.tempo
            );
        }
    }
    Ok(out)
}

/// `etude journal list`: every run, oldest first.
pub fn list(json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let context = super::context_with_lessons();
    let journal = Journal::open_to_rescue(&context.journal_file())?;
    let exported = journal.export()?;
    let rows: Vec<Value> = exported
        .export
        .attempts
        .iter()
        .map(|a| {
            json!({
                "id": a.uid,
                "at": a.started_at,
                "lesson": a.lesson,
                "title": overview::title(&context.library, &a.lesson),
                "mode": a.mode,
                "tempo": a.tempo_bpm,
                "score": a.score,
                "passed": a.passed,
                "recording": a.recording,
            })
        })
        .collect();
    if json {
        out.json(&Value::Array(rows))?;
        return Ok(out);
    }
    for row in &rows {
        outln!(
            out,
            "{}  {}  {} — {}{}",
            row["id"].as_str().unwrap_or_default(),
            row["at"].as_str().unwrap_or_default(),
            row["title"].as_str().unwrap_or_default(),
            row["score"],
            if row["passed"] == true {
                " (passed)"
            } else {
                ""
            }
        );
    }
    Ok(out)
}

/// `etude journal render ATTEMPT -o run.wav`: the run's recording as audio, with the SoundFont
/// `etude journal export`: everything, as JSON (the import format) or CSV (one row per
/// attempt) on stdout, or with `archive` the JSON and every recording in a `.tar.gz`. Rows that
/// cannot be read are named on stderr, the rest is exported, and the exit code says so.
pub fn export(csv: bool, archive: Option<&Path>) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let context = super::context();
    let journal = Journal::open_to_rescue(&context.journal_file())?;
    if journal.is_read_only() {
        eprintln!(
            "note: reading the practice journal {} read-only",
            journal.path().display()
        );
    }
    let journal::Exported { export, unreadable } = journal.export()?;
    for problem in &unreadable {
        eprintln!("warning: left out of the export, it cannot be read: {problem}");
    }
    out.success = unreadable.is_empty();
    if let Some(archive) = archive {
        let written = store::archive::write(archive, &export, &context.data_dir)
            .map_err(|e| CliError::Failure(e.to_string()))?;
        for problem in &written.missing {
            eprintln!("warning: a recording is missing from the archive: {problem}");
        }
        out.success &= written.missing.is_empty();
        eprintln!(
            "Wrote {} sessions, {} attempts, {} goals and {} recordings to {}",
            export.sessions.len(),
            export.attempts.len(),
            export.goals.len(),
            written.recordings,
            archive.display()
        );
        return Ok(out);
    }
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

/// `etude journal import FILE`: adds what an export (`.json`) or archive (`.tar.gz`, with its
/// recordings) has that the journal does not. Only true duplicates are skipped; any other row
/// that cannot go in refuses the whole import, unless `skip_bad`.
pub fn import(file: &Path, skip_bad: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let bytes = std::fs::read(file)
        .map_err(|e| CliError::Input(format!("cannot read {}: {e}", file.display())))?;
    let (mut export, recordings) = if store::archive::looks_like_archive(&bytes) {
        let contents = store::archive::read(file).map_err(|e| CliError::Input(e.to_string()))?;
        (contents.export, contents.recordings)
    } else {
        let export: journal::Export = serde_json::from_slice(&bytes).map_err(|e| {
            CliError::Input(format!(
                "{}:{}:{}: not a journal export: {e}",
                file.display(),
                e.line(),
                e.column()
            ))
        })?;
        (export, Vec::new())
    };
    let context = super::context();
    let mut journal = context.open_journal()?;
    let data_dir = &context.data_dir;
    let mut restored = store::archive::restore_recordings(data_dir, &recordings, &mut export)
        .map_err(|e| {
            CliError::Failure(format!(
                "cannot restore the recordings into {}: {e}",
                data_dir.display()
            ))
        })?;
    let imported = match journal.import(&export, skip_bad) {
        Ok(imported) => imported,
        Err(error) => {
            // Nothing went into the journal: the recordings written for it go too.
            restored.keep_only(data_dir, |_| false);
            return Err(error.into());
        }
    };
    // Recordings of attempts that were refused (or already there) are not kept.
    restored.keep_only(data_dir, |relative| {
        journal.names_recording(relative).unwrap_or(true)
    });
    for rejected in &imported.rejected {
        eprintln!("skipped: {rejected}");
    }
    let there = imported.already_there;
    eprintln!(
        "Imported {} sessions, {} attempts, {} goals and {} recordings; already there: {} sessions, {} attempts, {} goals, {} recordings{}",
        imported.sessions,
        imported.attempts,
        imported.goals,
        restored.written.len(),
        there.sessions,
        there.attempts,
        there.goals,
        restored.already_there,
        if imported.rejected.is_empty() {
            String::new()
        } else {
            format!("; {} rows skipped as bad", imported.rejected.len())
        }
    );
    let mut value = serde_json::to_value(&imported)?;
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "recordings".to_owned(),
            json!({"restored": restored.written.len(), "already_there": restored.already_there}),
        );
    }
    out.json(&value)?;
    Ok(out)
}

/// `etude journal fresh`: starts a new journal file beside the old one, which is kept as it is.
pub fn fresh() -> Result<Output, CliError> {
    let mut context = super::context();
    let old = context.journal_file();
    let stamp = Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
    let name = format!("journal-{stamp}.sqlite");
    let journal = Journal::open(&context.data_dir.join(&name))?;
    context.settings.journal = Some(name);
    save_settings(&context)?;
    eprintln!(
        "Started a fresh journal at {}; the old one stays at {}",
        journal.path().display(),
        old.display()
    );
    Ok(Output::ok())
}

pub use crate::service::keeping::Finished;

/// Saves the recording and writes the attempt to the journal; says where on stderr.
pub fn record(context: &Context, finished: &Finished) -> Result<String, CliError> {
    let mut journal = context.open_journal()?;
    let kept = crate::service::keeping::keep(&mut journal, &context.data_dir, finished)?;
    if let Some(problem) = &kept.recording_problem {
        eprintln!("warning: the recording could not be saved: {problem}");
    }
    eprintln!(
        "Saved to the journal {}{}",
        journal.path().display(),
        kept.recording
            .map(|r| format!("; recording: {}", r.display()))
            .unwrap_or_default()
    );
    Ok(kept.uid)
}

pub use crate::service::keeping::timestamp_of;

/// `etude journal …`
#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Everything in the journal on stdout: JSON (the import format) or CSV (one row per attempt).
    Export {
        /// json or csv.
        #[arg(long, default_value = "json", value_parser = ["json", "csv"])]
        format: String,
        /// Write the journal and every recording to this .tar.gz instead of stdout.
        #[arg(long, conflicts_with = "format")]
        archive: Option<PathBuf>,
    },
    /// Adds an export's (or archive's) sessions, attempts, goals and recordings; what is
    /// already there is skipped, and a row that cannot go in refuses the whole import.
    Import {
        /// A file written by `etude journal export` (.json) or `export --archive` (.tar.gz).
        file: PathBuf,
        /// Import the good rows and name the bad ones, instead of refusing them all.
        #[arg(long)]
        skip_bad: bool,
    },
    /// Starts a fresh journal file beside the current one (which is kept as it is).
    Fresh,
    /// Every run in the journal, oldest first: its id, when, the lesson, the score.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Writes a run's recording as audio (a WAV file) with the SoundFont, to keep or send.
    Render {
        /// The run's id (`etude journal list` gives them).
        attempt: String,
        /// The WAV file to write.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// A lesson's first recorded run and the best of its latest ten, with their days and
    /// scores; with -o, both as audio, back to back.
    ThenAndNow {
        /// The lesson (or piece) id.
        #[arg(long)]
        lesson: String,
        #[command(flatten)]
        section: SectionArgs,
        /// Write both runs to this WAV file, two seconds apart.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
}
