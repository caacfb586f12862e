//! Keeping a finished attempt: its notes as a MIDI file under `recordings/YYYY-MM-DD/`, and its
//! report in the journal. Used by the window, `etude practice` and `etude score --record`.

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::engine::{EventKind, NoteEvent, Report};
use crate::lesson::LoadedLesson;
use crate::midi::smf;
use crate::store::journal::{Journal, JournalError, NewAttempt};

/// What is known about a finished attempt.
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

/// What was kept.
pub struct Kept {
    /// The attempt's uid in the journal.
    pub uid: String,
    /// The recording, when it could be written.
    pub recording: Option<PathBuf>,
    /// Why it could not, when it could not (the attempt is kept all the same).
    pub recording_problem: Option<String>,
}

/// Writes the recording (under `data_dir`) and the journal entry (one transaction).
pub fn keep(
    journal: &mut Journal,
    data_dir: &Path,
    finished: &Finished,
) -> Result<Kept, JournalError> {
    let zone = TimeZone::system();
    let local = zone.to_datetime(finished.started_at);
    let relative = format!(
        "recordings/{}/{}-{}.mid",
        local.date(),
        local.strftime("%H%M%S"),
        finished.lesson.lesson.id
    );
    let path = data_dir.join(&relative);
    let (recording, recording_problem) = match smf::write_performance(finished.events, &path) {
        Ok(()) => (Some(path), None),
        Err(error) => (None, Some(error.to_string())),
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
        recording: recording.as_ref().map(|_| relative.as_str()),
        mood_before: finished.mood_before,
        mood_after: finished.mood_after,
        note: finished.note,
    })?;
    Ok(Kept {
        uid,
        recording,
        recording_problem,
    })
}

/// The wall-clock time of an instant in the past.
pub fn timestamp_of(instant: std::time::Instant) -> Timestamp {
    let ago = std::time::Instant::now().saturating_duration_since(instant);
    Timestamp::now()
        .checked_sub(SignedDuration::try_from(ago).unwrap_or(SignedDuration::ZERO))
        .unwrap_or_else(|_| Timestamp::now())
}
