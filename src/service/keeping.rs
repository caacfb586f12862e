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
    let uid = attempt_uid(finished.started_at, finished.lesson.lesson.id.as_str());
    let (recording, recording_problem) = match save_recording(
        data_dir,
        finished.events,
        finished.started_at,
        finished.lesson.lesson.id.as_str(),
        &zone,
    ) {
        Ok(relative) => (Some(relative), None),
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
    let recorded = journal.record_attempt(&NewAttempt {
        uid: &uid,
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
    });
    if let Err(error) = recorded {
        // The journal did not take the attempt: no recording without its entry (a later try
        // writes it again).
        if let Some(relative) = &recording {
            let _ = std::fs::remove_file(data_dir.join(relative));
        }
        return Err(error);
    }
    Ok(Kept {
        uid,
        recording: recording.map(|relative| data_dir.join(relative)),
        recording_problem,
    })
}

/// Writes an attempt's recording as a new file under `recordings/YYYY-MM-DD/` in `data_dir`
/// and returns its path relative to `data_dir`. The name carries the attempt's start to the
/// nanosecond and its lesson (`HHMMSS.nnnnnnnnn-lesson.mid`); the file is created new, never
/// over another one: should the name be taken, `-2`, `-3` … are added.
fn save_recording(
    data_dir: &Path,
    events: &[NoteEvent],
    started_at: Timestamp,
    lesson: &str,
    zone: &TimeZone,
) -> std::io::Result<String> {
    let local = zone.to_datetime(started_at);
    let folder = format!("recordings/{}", local.date());
    std::fs::create_dir_all(data_dir.join(&folder))?;
    let stem = format!(
        "{}.{:09}-{}",
        local.strftime("%H%M%S"),
        local.subsec_nanosecond(),
        file_name_safe(lesson)
    );
    for count in 1..=1000 {
        let relative = match count {
            1 => format!("{folder}/{stem}.mid"),
            n => format!("{folder}/{stem}-{n}.mid"),
        };
        let path = data_dir.join(&relative);
        // Reserve the name: create_new fails when the file exists, so nothing is overwritten.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(_) => {}
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
        // Written beside it, then moved onto the name reserved above (ours, and empty).
        let partial = path.with_extension("mid.partial");
        let written = smf::write_performance(events, &partial)
            .and_then(|()| std::fs::rename(&partial, &path));
        if let Err(error) = written {
            let _ = std::fs::remove_file(&partial);
            let _ = std::fs::remove_file(&path);
            return Err(error);
        }
        return Ok(relative);
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        format!("every name for {stem}.mid is taken"),
    ))
}

/// A lesson id as part of a file name: characters a file system may refuse become `_`.
fn file_name_safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The notes of a kept recording (`recording` is its path relative to `data_dir`, as the
/// journal names it), or why they cannot be read, naming the file.
pub fn read_recording(data_dir: &Path, recording: &str) -> Result<Vec<NoteEvent>, String> {
    let path = data_dir.join(recording);
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    smf::read_performance(&bytes, None).map_err(|e| format!("{}: {e}", path.display()))
}

/// The journal's identity of an attempt: its start (RFC 3339, to the nanosecond) and lesson.
pub fn attempt_uid(started_at: Timestamp, lesson: &str) -> String {
    format!("{started_at}/{lesson}")
}

/// The wall-clock time of an instant in the past.
pub fn timestamp_of(instant: std::time::Instant) -> Timestamp {
    let ago = std::time::Instant::now().saturating_duration_since(instant);
    Timestamp::now()
        .checked_sub(SignedDuration::try_from(ago).unwrap_or(SignedDuration::ZERO))
        .unwrap_or_else(|_| Timestamp::now())
}
