//! Keeping what was played: a finished run and the mood and note after it go to the journal in
//! order. What the journal cannot take stays in memory, is shown on every screen and logged,
//! and is tried again (after the next run, or when the player asks).

use super::*;
use crate::engine::{NoteEvent, Report};
use crate::lesson::LoadedLesson;

/// Something played that the journal has not taken yet.
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

impl App {
    /// Queues `unsaved` behind anything still waiting, and saves all that the journal takes.
    pub(super) fn keep(&mut self, unsaved: Unsaved) {
        self.unsaved.push(unsaved);
        self.save_waiting();
    }

    /// Saves what waits, in order; stops at the first failure and says why. A journal that
    /// could not be opened is tried again first.
    pub(super) fn save_waiting(&mut self) {
        self.save_problem = None;
        if self.journal.is_err() && !self.unsaved.is_empty() {
            self.journal = Journal::open(&self.journal_path()).map_err(|e| e.to_string());
        }
        while let Some(next) = self.unsaved.first() {
            let saved = match &mut self.journal {
                Err(why) => Err(why.clone()),
                Ok(journal) => match next {
                    Unsaved::Run {
                        lesson,
                        report,
                        events,
                        started_at,
                        mood_before,
                    } => keeping::keep(
                        journal,
                        &self.context.data_dir,
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
                            self.notices.push(format!(
                                "The recording of this run could not be saved: {problem}"
                            ));
                        }
                    })
                    .map_err(|e| e.to_string()),
                    Unsaved::SessionEnd { mood_after, note } => journal
                        .finish_latest_session(*mood_after, note.as_deref())
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                },
            };
            match saved {
                Ok(()) => {
                    self.unsaved.remove(0);
                }
                Err(why) => {
                    tracing::error!(
                        "not saved to the journal ({} waiting): {why}",
                        self.unsaved.len()
                    );
                    self.save_problem = Some(why);
                    return;
                }
            }
        }
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
