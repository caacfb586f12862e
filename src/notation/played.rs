//! The player's playing as it is drawn on the music: each step right (with how early or late),
//! missed, or still to come, and the wrong keys where they were played. Heard live from a
//! run's happenings, or read from a finished run's report (the report's word is final).

use std::str::FromStr;

use crate::engine::report::Outcome;
use crate::engine::{Happening, Report};
use crate::theory::{Note, SpelledNote};

/// How a step went, as far as the run has gone.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StepState {
    /// Not played yet.
    Ahead,
    /// Played right; in tempo mode this many milliseconds late (negative: early).
    Right(Option<f64>),
    /// Played, but with a wrong key (wait mode: a wrong key came first; tempo mode: not the
    /// step's notes).
    Wrong,
    /// Nothing was played for it.
    Missed,
}

/// The marks of one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Played {
    /// Per step.
    pub steps: Vec<StepState>,
    /// Keys played for a step that it did not want, spelled for the key signature.
    pub wrong: Vec<(usize, SpelledNote)>,
    /// Whether flats spell a wrong key (a flat key signature).
    prefer_flats: bool,
}

impl Played {
    /// Nothing played yet of `steps` steps; wrong keys are spelled with flats when
    /// `key_signature` has flats.
    pub fn new(steps: usize, key_signature: i8) -> Played {
        Played {
            steps: vec![StepState::Ahead; steps],
            wrong: Vec::new(),
            prefer_flats: key_signature < 0,
        }
    }

    /// What a finished run's `report` says of every step.
    pub fn from_report(report: &Report, key_signature: i8) -> Played {
        let mut played = Played::new(report.steps.len(), key_signature);
        for step in &report.steps {
            let state = match step.outcome {
                Outcome::Correct => StepState::Right(step.offset_ms),
                Outcome::Wrong => StepState::Wrong,
                Outcome::Missed => StepState::Missed,
            };
            if let Some(slot) = played.steps.get_mut(step.index) {
                *slot = state;
            }
            for name in step.played.iter().filter(|p| !step.expected.contains(p)) {
                if let Ok(note) = SpelledNote::from_str(name) {
                    played.wrong.push((step.index, note));
                }
            }
        }
        played
    }

    /// Takes in one thing that happened in the run.
    pub fn hear(&mut self, happening: &Happening) {
        match happening {
            Happening::StepDone { step, offset } => {
                let late_ms = offset.map(|us| us as f64 / 1000.0);
                if let Some(slot) = self.steps.get_mut(*step) {
                    *slot = match slot {
                        // Wait mode: a wrong key first makes the step wrong, even once played.
                        StepState::Wrong => StepState::Wrong,
                        _ => StepState::Right(late_ms),
                    };
                }
            }
            Happening::Wrong { step, got } => self.wrong_key(*step, *got),
            Happening::Missed(step) => {
                if let Some(slot) = self.steps.get_mut(*step)
                    && *slot == StepState::Ahead
                {
                    *slot = StepState::Missed;
                }
            }
            _ => {}
        }
    }

    fn wrong_key(&mut self, step: usize, got: Note) {
        let spelled = SpelledNote::plain(got, self.prefer_flats);
        if !self.wrong.contains(&(step, spelled)) {
            self.wrong.push((step, spelled));
        }
        if let Some(slot) = self.steps.get_mut(step) {
            *slot = StepState::Wrong;
        }
    }
}
