//! Keeping what was played: a finished run and the mood and note after it go to the journal in
//! order, written on a thread of their own (one transaction each, with SQLite's full sync) so a
//! frame never waits for the disk. What the journal cannot take stays in memory, is shown on
//! every screen and logged, and is tried again (after the next run, or when the player asks).

use std::path::Path;
use std::sync::{Arc, Mutex};

use super::loading::{Handoff, off_thread};
use super::*;
use crate::engine::{NoteEvent, Report};
use crate::lesson::LoadedLesson;

/// Something played that the journal has not taken yet.
#[derive(Clone)]
pub(super) enum Unsaved {
    /// A finished run.
    Run {
        lesson: Box<LoadedLesson>,
        report: Box<Report>,
        events: Vec<NoteEvent>,
        started_at: Timestamp,
        mood_before: Option<u8>,
    },
    /// The mood after a session and its note.
    SessionEnd {
        mood_after: Option<u8>,
        note: Option<String>,
    },
}

/// The journal's writing connection, used only on the writer's threads (one write at a time);
/// opened at the first write, and again after it could not be.
pub(super) type Writer = Arc<Mutex<Option<Journal>>>;

/// What one trip of the writer did with the things it was given, in order.
pub struct Saved {
    /// How many of them are in the journal now (the first ones).
    count: usize,
    /// Why the next one is not, when one is not.
    problem: Option<String>,
    /// What to tell the player (a recording that could not be written …).
    notices: Vec<String>,
}

impl App {
    /// Queues `unsaved` behind anything still waiting, and has the writer save all it can.
    pub(super) fn keep(&mut self, unsaved: Unsaved) -> Task<Message> {
        self.unsaved.push(unsaved);
        self.save_waiting()
    }

    /// Hands what waits to the writer (unless it is writing: what it was not given goes after
    /// it, when it is done); [`Message::Saved`] says how it went.
    pub(super) fn save_waiting(&mut self) -> Task<Message> {
        if self.saving || self.unsaved.is_empty() {
            return Task::none();
        }
        self.saving = true;
        let waiting = self.unsaved.clone();
        let writer = Arc::clone(&self.writer);
        let file = self.journal_path();
        let data_dir = self.context.data_dir.clone();
        Task::perform(
            off_thread(move || write(&writer, &file, &data_dir, &waiting)),
            Message::Saved,
        )
    }

    /// The writer is done: what it saved leaves the queue, the day is read again, and the rest
    /// (given since, or after a failure when the player asks) goes next.
    pub(super) fn saved(&mut self, handoff: &Handoff<Saved>) -> Task<Message> {
        self.saving = false;
        let saved = handoff.take().unwrap_or(Saved {
            count: 0,
            problem: Some("the journal's writer stopped".to_owned()),
            notices: Vec::new(),
        });
        self.unsaved.drain(..saved.count.min(self.unsaved.len()));
        self.notices.extend(saved.notices);
        if let Some(why) = &saved.problem {
            tracing::error!(
                "not saved to the journal ({} waiting): {why}",
                self.unsaved.len()
            );
        }
        self.save_problem = saved.problem;
        if saved.count > 0 && self.journal.is_err() {
            // The journal could not be read before and has now taken a write: read it again.
            self.journal = Journal::open(&self.journal_path()).map_err(|e| e.to_string());
        }
        self.refresh();
        if self.save_problem.is_none() && !self.unsaved.is_empty() {
            return self.save_waiting();
        }
        if self.closing && self.unsaved.is_empty() {
            return iced::exit();
        }
        Task::none()
    }

    /// What the banner on every screen says while something waits to be saved.
    pub(super) fn unsaved_words(&self) -> Option<String> {
        let why = self.save_problem.as_deref()?;
        let runs = self
            .unsaved
            .iter()
            .filter(|u| matches!(u, Unsaved::Run { .. }))
            .count();
        let what = match runs {
            0 => "Your mood and note are".to_owned(),
            1 => "Your last run is".to_owned(),
            n => format!("{n} runs are"),
        };
        let closing = if self.closing {
            " Closing now loses them."
        } else {
            ""
        };
        Some(format!(
            "{what} not saved yet: {why}. Etude keeps them while it is open and tries again after your next run.{closing}"
        ))
    }

    /// How many things wait to be saved.
    pub fn unsaved_count(&self) -> usize {
        self.unsaved.len()
    }
}

/// Writes `waiting` in order with the writer's connection (opening `file` first when it is not
/// open); stops at the first that cannot be written. Runs on the writer's thread.
fn write(
    writer: &Mutex<Option<Journal>>,
    file: &Path,
    data_dir: &Path,
    waiting: &[Unsaved],
) -> Saved {
    let mut saved = Saved {
        count: 0,
        problem: None,
        notices: Vec::new(),
    };
    let Ok(mut connection) = writer.lock() else {
        saved.problem = Some("the journal's writer stopped".to_owned());
        return saved;
    };
    if connection.is_none() {
        match Journal::open(file) {
            Ok(journal) => *connection = Some(journal),
            Err(why) => {
                saved.problem = Some(why.to_string());
                return saved;
            }
        }
    }
    let Some(journal) = connection.as_mut() else {
        return saved;
    };
    for next in waiting {
        let written = match next {
            Unsaved::Run {
                lesson,
                report,
                events,
                started_at,
                mood_before,
            } => keeping::keep(
                journal,
                data_dir,
                &Finished {
                    lesson,
                    report,
                    events,
                    started_at: *started_at,
                    mood_before: *mood_before,
                    mood_after: None,
                    note: None,
                },
            )
            .map(|kept| {
                if let Some(problem) = kept.recording_problem {
                    tracing::warn!("the recording could not be saved: {problem}");
                    saved.notices.push(format!(
                        "The recording of this run could not be saved: {problem}"
                    ));
                }
            })
            .map_err(|e| e.to_string()),
            Unsaved::SessionEnd { mood_after, note } => journal
                .finish_latest_session(*mood_after, note.as_deref())
                .map(|_| ())
                .map_err(|e| e.to_string()),
        };
        match written {
            Ok(()) => saved.count += 1,
            Err(why) => {
                saved.problem = Some(why);
                break;
            }
        }
    }
    saved
}
