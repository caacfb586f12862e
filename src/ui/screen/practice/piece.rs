//! A piece on the practice screen: its section's controls, the other hand played by Etude,
//! and looping.

use std::time::Instant;

use super::{Action, PieceSection, Practice, SectionMessage};
use crate::engine::accompany::Accompaniment;
use crate::engine::{EventKind, Happening, Micros};
use crate::lesson::Mode;

impl Practice {
    /// Practises a piece's `section` (its lesson is this screen's): at its share of the marked
    /// tempo, the other hand played by Etude when asked; a fresh run waits from `now`.
    pub fn with_section(mut self, section: PieceSection, now: Instant) -> Practice {
        self.tempo_bpm = section.tempo_bpm(self.lesson.lesson.tempo.get());
        self.section_bars = section.drawn_bars();
        self.section = Some(section);
        self.hear_other_hand();
        self.wait_for_player(now);
        self
    }

    /// The other hand as the section asks: played by Etude, or not.
    pub(super) fn hear_other_hand(&mut self) {
        self.other_hand = self
            .section
            .as_ref()
            .filter(|s| s.plays_other_hand())
            .and_then(|s| s.piece.other_hand(s.section).ok())
            .map(Accompaniment::new)
            .filter(|a| !a.is_empty());
    }

    /// Wait mode: the other hand's notes to sound now, in µs from now (taken once).
    pub fn take_other_hand_due(&mut self) -> Vec<(Micros, EventKind)> {
        std::mem::take(&mut self.other_hand_due)
    }

    /// Tempo mode: the other hand in run time, to be played from the run's time 0.
    pub fn other_hand_in_time(&self) -> Option<Vec<(Micros, EventKind)>> {
        (self.mode == Mode::Tempo)
            .then(|| self.other_hand_at(self.run.plan().beat_us()))
            .flatten()
    }

    /// The other hand, when Etude plays it, in µs from the section's first beat at `beat_us`
    /// a beat (played with the lesson to the player, too).
    pub fn other_hand_at(&self, beat_us: f64) -> Option<Vec<(Micros, EventKind)>> {
        self.other_hand.as_ref().map(|other| other.in_time(beat_us))
    }

    /// Whether a loop goes on: the next run is to begin now (asked once).
    pub fn take_loop_again(&mut self) -> bool {
        std::mem::take(&mut self.loop_again)
    }

    /// The piece's section changed: hands or bars make a new lesson (the app opens it); the
    /// tempo, the loop and the other hand change here.
    pub(super) fn change_section(
        &mut self,
        message: SectionMessage,
        now: Instant,
    ) -> Option<Action> {
        // Changed on a copy: a section that makes no lesson leaves this one as it was.
        let mut changed = self.section.clone()?;
        let other_hand = matches!(message, SectionMessage::OtherHand(_));
        let slowed = matches!(message, SectionMessage::Percent(_));
        if changed.update(message) {
            return Some(Action::Section(Box::new(changed)));
        }
        let tempo = if slowed {
            // The player's own tempo, over the ladder's.
            self.tempo_set = true;
            changed.tempo_bpm(self.lesson.lesson.tempo.get())
        } else {
            self.tempo_bpm
        };
        self.section = Some(changed);
        if other_hand || tempo != self.tempo_bpm {
            // A fresh run, with the other hand as asked and from its beginning.
            self.tempo_bpm = tempo;
            self.hear_other_hand();
            self.wait_for_player(now);
            return Some(Action::Silence);
        }
        None
    }

    /// Wait mode: the other hand waits with the player: what it plays up to their next step
    /// sounds when they have played this one.
    pub(super) fn release_other_hand(&mut self, happened: &[Happening]) {
        if self.mode != Mode::Wait {
            return;
        }
        let Some(other) = &mut self.other_hand else {
            return;
        };
        let plan = self.run.plan();
        for happening in happened {
            if let Happening::StepDone { step, .. } = happening {
                let beat = plan.targets.get(*step).map_or(0.0, |t| t.step.beat);
                let until = plan.targets.get(step + 1).map(|t| t.step.beat);
                let due = other.release(beat, until, plan.beat_us());
                self.other_hand_due.extend(due);
            }
        }
    }
}
