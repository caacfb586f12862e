//! What the practice screen marks: the keys (the step to play, right and wrong keys held,
//! after a run the steps to work on) and the lesson's notes on the falling-notes timeline.

use super::Practice;
use crate::engine::Plan;
use crate::engine::report::Outcome;
use crate::notation::{Clef, Sheet};
use crate::theory::Note;
use crate::ui::widget::KeyMark;
use crate::ui::widget::falling::FallingNote;

impl Practice {
    /// How each key is marked now: the next step's keys (with fingers); a key held is right
    /// when the step wants it, crossed only when it was judged wrong, else simply held (a right
    /// key of the step before, still down); after a run, the keys of the steps to work on.
    pub fn key_marks(&self) -> Vec<(Note, KeyMark)> {
        let plan = self.run.plan();
        let wrong = self.run.wrong_keys();
        let mut marks = Vec::new();
        if let Some(demo) = &self.demo {
            // The lesson played to the player: the keys sounding now, with their fingers.
            if let Some(target) = demo.step().and_then(|step| plan.targets.get(step)) {
                for (note, finger) in target.step.notes.iter().zip(&target.step.fingers) {
                    marks.push((*note, KeyMark::Next(finger.map(|f| f.get()))));
                }
            }
            marks.extend(self.down.notes().map(|n| (n, KeyMark::Held)));
            return marks;
        }
        if let Some(target) = plan
            .targets
            .get(self.run.current_step())
            .filter(|_| !self.run.is_finished())
        {
            for (note, finger) in target.step.notes.iter().zip(&target.step.fingers) {
                marks.push((*note, KeyMark::Next(finger.map(|f| f.get()))));
            }
            for held in self.down.notes() {
                let mark = if target.accepts(held) {
                    KeyMark::Right
                } else if wrong.contains(held) {
                    KeyMark::Wrong
                } else {
                    KeyMark::Held
                };
                marks.push((held, mark));
            }
        } else {
            marks.extend(self.down.notes().map(|n| (n, KeyMark::Held)));
        }
        if let Some(report) = self.run.report() {
            // After a run: the keys of the steps that were not right, to work on (not crossed:
            // they are what should have been played).
            for (step, target) in report.steps.iter().zip(&plan.targets) {
                if step.outcome != Outcome::Correct {
                    marks.extend(target.step.notes.iter().map(|n| (*n, KeyMark::Next(None))));
                }
            }
        }
        marks.extend(wrong.notes().map(|n| (n, KeyMark::Wrong)));
        marks
    }
}

/// The lesson's notes on the falling-notes timeline: each step's keys at its beat, for as long
/// as it lasts, with its hand (the staff it is written on) and finger.
pub(super) fn falling_notes(plan: &Plan, sheet: &Sheet) -> Vec<FallingNote> {
    let mut notes = Vec::new();
    for (index, target) in plan.targets.iter().enumerate() {
        let step = &target.step;
        for (k, note) in step.notes.iter().enumerate() {
            let name = step.names.get(k).map(ToString::to_string);
            let left_hand = sheet
                .notes
                .iter()
                .find(|n| n.step == index && Some(&n.name) == name.as_ref())
                .is_some_and(|n| n.staff == Clef::Bass);
            notes.push(FallingNote {
                note: *note,
                step: index,
                beat: step.beat,
                beats: step.beats,
                left_hand,
                finger: step.fingers.get(k).copied().flatten().map(|f| f.get()),
            });
        }
    }
    notes
}
