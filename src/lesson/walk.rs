//! Walking a scale or an arpeggio: its notes up and down in the lesson's direction, for one
//! hand or both (in parallel or contrary motion), one step each, fingered from the Up part.

use super::compile::{CompileError, Step};
use super::model::{Direction, Hand, Motion};
use super::values::Finger;
use crate::theory::SpelledNote;

/// A scale or arpeggio: the notes up and down, and how to walk them.
pub(super) struct Run {
    /// The notes going up, from the tonic to the top, both included.
    pub up: Vec<SpelledNote>,
    /// The notes coming down, from the top to the tonic, both included.
    pub down: Vec<SpelledNote>,
    /// Up, down, or up and back.
    pub direction: Direction,
    /// Who plays it.
    pub hand: Hand,
    /// With both hands: the same way, or apart and back.
    pub motion: Motion,
    /// Steps per beat.
    pub notes_per_beat: u8,
}

impl Run {
    /// The steps, fingered by `fingering` of the Up part (and `down_fingering` of the Down
    /// part, when given), and by `left_fingering` of the left hand's Up part with both hands.
    pub fn steps(
        &self,
        fingering: Option<&[Finger]>,
        down_fingering: Option<&[Finger]>,
        left_fingering: Option<&[Finger]>,
    ) -> Result<Vec<Step>, CompileError> {
        // `up` holds at most 4 octaves of 12 notes (`octaves` is 1..=4 when read); the walk
        // multiplies it by the direction, so its length is checked before the walk is made.
        CompileError::check_steps("octaves", self.step_count(), "this scale or arpeggio")?;
        let main_fingers = self.fingers_along(fingering, down_fingering, "fingering")?;
        if left_fingering.is_some() && self.hand != Hand::Both {
            return Err(CompileError::new(
                "left_fingering",
                "left_fingering is only for hand: Both; use fingering for a single hand",
            ));
        }
        let left_fingers = self.fingers_along(left_fingering, None, "left_fingering")?;
        let step_beats = 1.0 / f64::from(self.notes_per_beat);
        let notes = self.walk(&self.up, &self.down);
        // The left hand: an octave below, or in contrary motion from the same tonic down its
        // descending form and back up its ascending one, as many octaves as the right hand.
        let below = |part: &[SpelledNote], octaves: i8| -> Vec<SpelledNote> {
            part.iter().map(|n| n.shifted_octaves(-octaves)).collect()
        };
        let left_notes = match self.motion {
            Motion::Parallel => below(&notes, 1),
            Motion::Contrary => {
                let octaves = match (self.up.first(), self.up.last()) {
                    (Some(tonic), Some(top)) => top.octave.saturating_sub(tonic.octave),
                    _ => 1,
                };
                self.walk(&below(&self.down, octaves), &below(&self.up, octaves))
            }
        };
        notes
            .iter()
            .enumerate()
            .map(|(index, spelled)| {
                let finger = main_fingers.get(index).copied().flatten();
                let (names, fingers) = match self.hand {
                    Hand::Both => (
                        vec![left_notes.get(index).copied().unwrap_or(*spelled), *spelled],
                        vec![left_fingers.get(index).copied().flatten(), finger],
                    ),
                    Hand::Right | Hand::Left => (vec![*spelled], vec![finger]),
                };
                let notes = names
                    .iter()
                    .map(|n| n.note())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(CompileError::theory("tonic"))?;
                Ok(Step {
                    notes,
                    names,
                    hand: self.hand,
                    fingers,
                    beat: index as f64 * step_beats,
                    beats: step_beats,
                    chord: None,
                    parts: Vec::new(),
                })
            })
            .collect()
    }

    /// How many steps [`Run::walk`] makes, worked out without making them.
    fn step_count(&self) -> usize {
        let up = self.up.len();
        let down = self.down.len();
        match self.direction {
            Direction::Up => up,
            Direction::Down => down,
            Direction::UpDown => up.saturating_add(down.saturating_sub(1)),
        }
    }

    /// The notes in playing order for the direction.
    fn walk<T: Copy>(&self, up: &[T], down: &[T]) -> Vec<T> {
        match self.direction {
            Direction::Up => up.to_vec(),
            Direction::Down => down.to_vec(),
            Direction::UpDown => up.iter().chain(down.iter().skip(1)).copied().collect(),
        }
    }

    /// Fingers in playing order, from a fingering of the Up part and one of the Down part (top
    /// note first), or the Up part's mirrored when the Down part has none.
    fn fingers_along(
        &self,
        fingering: Option<&[Finger]>,
        down_fingering: Option<&[Finger]>,
        field: &'static str,
    ) -> Result<Vec<Option<Finger>>, CompileError> {
        let Some(fingering) = fingering else {
            if down_fingering.is_some() {
                return Err(CompileError::new(
                    "descending_fingering",
                    "descending_fingering needs fingering for the Up part too",
                ));
            }
            return Ok(Vec::new());
        };
        if fingering.len() != self.up.len() {
            return Err(CompileError::new(
                field,
                format!(
                    "{field} has {} fingers but the Up part has {} steps: give one finger per step of the Up part",
                    fingering.len(),
                    self.up.len()
                ),
            ));
        }
        let up: Vec<Option<Finger>> = fingering.iter().copied().map(Some).collect();
        let down: Vec<Option<Finger>> = match down_fingering {
            Some(given) if given.len() != self.down.len() => {
                return Err(CompileError::new(
                    "descending_fingering",
                    format!(
                        "descending_fingering has {} fingers but the Down part has {} steps: give one finger per step of the Down part, top note first",
                        given.len(),
                        self.down.len()
                    ),
                ));
            }
            Some(given) => given.iter().copied().map(Some).collect(),
            None if self.down.len() != self.up.len() => {
                return Err(CompileError::new(
                    field,
                    format!(
                        "the Down part has {} steps and the Up part {}: give descending_fingering, one finger per step of the Down part, top note first",
                        self.down.len(),
                        self.up.len()
                    ),
                ));
            }
            None => up.iter().rev().copied().collect(),
        };
        if self.direction == Direction::UpDown && up.last() != down.first() {
            return Err(CompileError::new(
                "descending_fingering",
                "the top note is played once: descending_fingering must start with the finger fingering ends on",
            ));
        }
        Ok(self.walk(&up, &down))
    }
}
