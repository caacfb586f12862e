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
    /// How many octaves the Up part spans.
    pub octaves: u8,
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
                let octaves = i8::try_from(self.octaves).unwrap_or(i8::MAX);
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
    /// note first), or the Up part's mirrored when the Down part has none; each is asked for
    /// only where the direction walks it.
    fn fingers_along(
        &self,
        fingering: Option<&[Finger]>,
        down_fingering: Option<&[Finger]>,
        field: &'static str,
    ) -> Result<Vec<Option<Finger>>, CompileError> {
        if fingering.is_none() && down_fingering.is_none() {
            return Ok(Vec::new());
        }
        let up = match fingering {
            Some(given) if given.len() != self.up.len() => {
                return Err(CompileError::new(
                    field,
                    format!(
                        "{field} has {} fingers but the Up part has {} steps: give one finger per step of the Up part",
                        given.len(),
                        self.up.len()
                    ),
                ));
            }
            Some(given) => Some(given.iter().copied().map(Some).collect::<Vec<_>>()),
            None if self.direction == Direction::Down => None,
            None => {
                return Err(CompileError::new(
                    "descending_fingering",
                    "descending_fingering fingers the Down part only: give fingering for the Up part too",
                ));
            }
        };
        if self.direction == Direction::Up {
            return Ok(up.unwrap_or_default());
        }
        let down: Vec<Option<Finger>> = match (down_fingering, &up) {
            (Some(given), _) if given.len() != self.down.len() => {
                return Err(CompileError::new(
                    "descending_fingering",
                    format!(
                        "descending_fingering has {} fingers but the Down part has {} steps: give one finger per step of the Down part, top note first",
                        given.len(),
                        self.down.len()
                    ),
                ));
            }
            (Some(given), _) => given.iter().copied().map(Some).collect(),
            (None, Some(up)) if self.down.len() == up.len() => up.iter().rev().copied().collect(),
            (None, _) => {
                return Err(CompileError::new(
                    field,
                    format!(
                        "the Down part has {} steps and the Up part {}: give descending_fingering, one finger per step of the Down part, top note first",
                        self.down.len(),
                        self.up.len()
                    ),
                ));
            }
        };
        let up = up.unwrap_or_default();
        if self.direction == Direction::UpDown && up.last() != down.first() {
            return Err(CompileError::new(
                "descending_fingering",
                "the top note is played once: descending_fingering must start with the finger fingering ends on",
            ));
        }
        Ok(self.walk(&up, &down))
    }
}

#[cfg(test)]
mod tests {
    use crate::lesson::parse;

    fn fingers(exercise: &str) -> Result<Vec<u8>, String> {
        let text = format!("Lesson(id: \"t\", title: \"T\", tempo: 60, exercise: {exercise})");
        parse(&text, "t.ron")
            .map(|l| {
                l.steps
                    .iter()
                    .map(|s| s.fingers[0].map_or(0, |f| f.0))
                    .collect()
            })
            .map_err(|e| e.message)
    }

    #[test]
    fn a_descending_form_is_fingered_on_its_own_where_the_direction_walks_it() {
        let yaman = "Scale(tonic: \"C4\", scale: Custom([2, 2, 2, 3, 2, 1]), octaves: 1, \
                     hand: Right, descending: Lydian, ";
        // Coming down only: the Down part's fingers alone.
        assert_eq!(
            fingers(&format!(
                "{yaman} direction: Down, descending_fingering: [4, 3, 2, 1, 4, 3, 2, 1])"
            )),
            Ok(vec![4, 3, 2, 1, 4, 3, 2, 1])
        );
        // Up and down: each part its own, the top note once.
        assert_eq!(
            fingers(&format!(
                "{yaman} direction: UpDown, fingering: [1, 2, 3, 4, 1, 3, 4], \
                 descending_fingering: [4, 3, 2, 1, 4, 3, 2, 1])"
            )),
            Ok(vec![1, 2, 3, 4, 1, 3, 4, 3, 2, 1, 4, 3, 2, 1])
        );
        let top = fingers(&format!(
            "{yaman} direction: UpDown, fingering: [1, 2, 3, 4, 1, 2, 3], \
             descending_fingering: [4, 3, 2, 1, 4, 3, 2, 1])"
        ));
        assert!(top.is_err_and(|e| e.contains("must start with the finger")));
    }
}
