//! Whether a course can be taken in its order, as a teacher reads it: the level never goes
//! back, and no progression or arpeggio comes in a key before a scale of that key was taught
//! (a major scale for a major key, any minor scale for a minor one). Melodies and five-finger
//! positions teach the notes they use, and are not held to a scale.

use std::fmt;

use super::model::{Exercise, Lesson};
use crate::theory::{ChordQuality, Key, KeyMode, ScaleKind};

/// Something about a course's order a teacher would send back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderWarning {
    /// The lesson that comes too soon.
    pub lesson: String,
    /// What is wrong, and how to put it right.
    pub message: String,
}

impl fmt::Display for OrderWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.lesson, self.message)
    }
}

/// What is wrong with taking `lessons` in this order (none when nothing is).
pub fn check_order<'a>(lessons: impl IntoIterator<Item = &'a Lesson>) -> Vec<OrderWarning> {
    let mut warnings = Vec::new();
    let mut highest: Option<(&Lesson, u8)> = None;
    let mut taught: Vec<Key> = Vec::new();
    for lesson in lessons {
        let level = lesson.level.get();
        if let Some((before, top)) = highest
            && level < top
        {
            warnings.push(OrderWarning {
                lesson: lesson.id.as_str().to_owned(),
                message: format!(
                    "level {level} comes after {} at level {top}: a course never goes back in level (move it earlier, or raise its level)",
                    before.id.as_str()
                ),
            });
        }
        if highest.is_none_or(|(_, top)| level > top) {
            highest = Some((lesson, level));
        }
        if let Some(key) = key_used(&lesson.exercise)
            && !taught.contains(&key)
        {
            warnings.push(OrderWarning {
                lesson: lesson.id.as_str().to_owned(),
                message: format!(
                    "it is in {key}, but no {key} scale comes before it (move it after one, or teach the scale first)"
                ),
            });
        }
        if let Some(key) = key_taught(&lesson.exercise) {
            taught.push(key);
        }
    }
    warnings
}

/// The key a progression or an arpeggio is in (none for a diminished arpeggio).
fn key_used(exercise: &Exercise) -> Option<Key> {
    match exercise {
        Exercise::Progression { key, .. } => Some(*key),
        Exercise::Arpeggio { tonic, chord, .. } => Some(Key {
            tonic: tonic.name,
            mode: match chord {
                ChordQuality::Minor | ChordQuality::Minor7 => KeyMode::Minor,
                // A diminished chord belongs to the key it leads into, not to its own root.
                ChordQuality::Diminished
                | ChordQuality::HalfDiminished7
                | ChordQuality::Diminished7 => return None,
                _ => KeyMode::Major,
            },
        }),
        _ => None,
    }
}

/// The key a major or minor scale teaches.
fn key_taught(exercise: &Exercise) -> Option<Key> {
    let Exercise::Scale { tonic, scale, .. } = exercise else {
        return None;
    };
    let mode = match scale {
        ScaleKind::Major => KeyMode::Major,
        ScaleKind::NaturalMinor | ScaleKind::HarmonicMinor | ScaleKind::MelodicMinor => {
            KeyMode::Minor
        }
        _ => return None,
    };
    Some(Key {
        tonic: tonic.name,
        mode,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::parse;

    fn lesson(id: &str, level: u8, exercise: &str) -> Lesson {
        let text = format!(
            "Lesson(id: \"{id}\", title: \"T\", tempo: 60, level: {level}, exercise: {exercise})"
        );
        parse(&text, "t.ron").unwrap().lesson
    }

    fn scale(id: &str, level: u8, tonic: &str, kind: &str) -> Lesson {
        lesson(
            id,
            level,
            &format!(
                "Scale(tonic: \"{tonic}\", scale: {kind}, octaves: 1, direction: UpDown, hand: Right)"
            ),
        )
    }

    fn progression(id: &str, level: u8, key: &str) -> Lesson {
        lesson(
            id,
            level,
            &format!(
                "Progression(key: \"{key}\", chords: [\"I\", \"V\"], octave: 4, voicing: Close, beats_per_chord: 2, hand: Right)"
            ),
        )
    }

    #[test]
    fn a_level_going_back_is_named_with_the_lesson_above_it() {
        let course = [
            scale("c", 1, "C4", "Major"),
            scale("g", 3, "G4", "Major"),
            scale("f", 2, "F4", "Major"),
            scale("d", 3, "D4", "Major"),
        ];
        let warnings = check_order(&course);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings[0].to_string(),
            "f: level 2 comes after g at level 3: a course never goes back in level (move it earlier, or raise its level)"
        );
    }

    #[test]
    fn a_key_is_used_only_after_its_scale() {
        let course = [
            scale("c", 1, "C4", "Major"),
            progression("c-chords", 1, "C major"),
            progression("b-flat-chords", 1, "Bb major"),
            scale("b-flat", 1, "Bb3", "Major"),
            progression("a-minor-chords", 1, "A minor"),
            scale("a-harmonic", 1, "A3", "HarmonicMinor"),
            progression("a-minor-again", 1, "A minor"),
            lesson(
                "e-minor-arpeggio",
                1,
                "Arpeggio(tonic: \"E4\", chord: Minor, octaves: 1, direction: UpDown, hand: Right)",
            ),
        ];
        let warned: Vec<String> = check_order(&course)
            .iter()
            .map(|w| w.lesson.clone())
            .collect();
        assert_eq!(
            warned,
            ["b-flat-chords", "a-minor-chords", "e-minor-arpeggio"]
        );
    }
}
