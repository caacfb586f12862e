//! Recordings as sound: `etude journal render` (one run as a WAV file) and `etude journal
//! then-and-now` (a lesson's first run and the best of its latest, back to back).

use std::path::Path;

use serde_json::json;

use super::section::SectionArgs;
use super::{CliError, Output};
use crate::audio::{demo, offline, soundfont};
use crate::engine::NoteEvent;
use crate::progress::then_and_now::RecordedRun;
use crate::service::{Context, keeping, overview};
use crate::store::journal::Journal;

/// The notes of a recording (its path relative to the data folder).
fn events_of(context: &Context, recording: &str) -> Result<Vec<NoteEvent>, CliError> {
    keeping::read_recording(&context.data_dir, recording).map_err(CliError::Failure)
}

/// Renders `events` with the settings' SoundFont to the WAV file `output`; says what was
/// written, with `what` was played.
fn write_audio(
    context: &Context,
    events: &[NoteEvent],
    output: &Path,
    what: &str,
) -> Result<(), CliError> {
    let font = soundfont::load(context.settings.soundfont.as_deref())
        .map_err(|e| CliError::Failure(e.to_string()))?;
    let schedule = demo::schedule_events(events, offline::SAMPLE_RATE);
    let rendering = offline::render_events(&font.soundfont, &schedule)
        .map_err(|e| CliError::Failure(e.to_string()))?;
    offline::write_wav(&rendering, output)
        .map_err(|e| CliError::Failure(format!("cannot write {}: {e}", output.display())))?;
    eprintln!(
        "Wrote {} ({:.1} s, {what}, SoundFont: {})",
        output.display(),
        rendering.left.len() as f64 / f64::from(rendering.sample_rate),
        font.origin
    );
    Ok(())
}

/// `etude journal render ATTEMPT -o RUN.wav`: a run's recording as audio.
pub fn render(attempt: &str, output: &Path) -> Result<Output, CliError> {
    let context = super::context_with_lessons();
    let journal = Journal::open_to_rescue(&context.journal_file())?;
    let exported = journal.export()?;
    let row = exported
        .export
        .attempts
        .iter()
        .find(|a| a.uid == attempt)
        .ok_or_else(|| {
            CliError::Input(format!(
                "no run \"{attempt}\" in the journal; `etude journal list` gives their ids"
            ))
        })?;
    let recording = row
        .recording
        .as_deref()
        .ok_or_else(|| CliError::Input(format!("the run \"{attempt}\" has no recording")))?;
    let events = events_of(&context, recording)?;
    let what = format!(
        "{} played on {}",
        overview::title(&context.library, &row.lesson),
        row.started_at
    );
    write_audio(&context, &events, output, &what)?;
    Ok(Output::ok())
}

/// `etude journal then-and-now --lesson ID [-o BOTH.wav] [--json]`: the lesson's first recorded
/// run and the best of its latest, with their days and scores; with `output`, both as audio,
/// two seconds apart.
pub fn then_and_now(
    wanted: &str,
    section: SectionArgs,
    output: Option<&Path>,
    json: bool,
) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let context = super::context_with_lessons();
    let lesson = super::lessons::find_section(wanted, section, None, &context)?;
    let id = lesson.lesson.id.as_str();
    let journal = Journal::open_to_read(&context.journal_file())?;
    let title = overview::title(&context.library, id);
    let pair = overview::then_and_now(&journal, id)?.ok_or_else(|| {
        CliError::Input(format!(
            "{title} has fewer than two recorded runs: play it again to hear then and now"
        ))
    })?;
    if let Some(output) = output {
        let events = demo::back_to_back(
            &events_of(&context, &pair.then.recording)?,
            &events_of(&context, &pair.now.recording)?,
            demo::THEN_AND_NOW_GAP,
        );
        let what = format!("{title}: {} then {}", pair.then.date, pair.now.date);
        write_audio(&context, &events, output, &what)?;
    }
    let run = |run: &RecordedRun| json!({"id": run.uid, "date": run.date.to_string(), "score": run.score, "recording": run.recording});
    if json {
        out.json(&json!({
            "lesson": id,
            "title": title,
            "then": run(&pair.then),
            "now": run(&pair.now),
        }))?;
    } else {
        outln!(out, "{title}");
        outln!(out, "  Then: {} · {}%", pair.then.date, pair.then.score);
        outln!(out, "  Now:  {} · {}%", pair.now.date, pair.now.score);
    }
    Ok(out)
}
