//! Lesson field values that check themselves while the file is read, so that a bad value is
//! reported at its own line and column.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Error as _, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::limits::{MAX_NOTES_PER_STEP, MAX_STEPS};
use crate::theory::{RomanNumeral, SpelledNote};

/// A list of at most [`MAX_STEPS`] entries: reading stops with an error at the first entry
/// beyond the limit, so a huge list is refused before it is held in memory.
struct BoundedList<T>(Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for BoundedList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for Entries<T> {
            type Value = BoundedList<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "a list in square brackets of at most {MAX_STEPS} entries"
                )
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_STEPS));
                while let Some(entry) = seq.next_element()? {
                    if entries.len() >= MAX_STEPS {
                        return Err(A::Error::custom(format!(
                            "this list has more than {MAX_STEPS} entries, but a lesson may have at most {MAX_STEPS} steps: split it into several lessons"
                        )));
                    }
                    entries.push(entry);
                }
                Ok(BoundedList(entries))
            }
        }

        deserializer.deserialize_seq(Entries(PhantomData))
    }
}

/// Reads a lesson list (`steps`, `beats`, `fingering`) of at most [`MAX_STEPS`] entries.
pub fn bounded_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    BoundedList::<T>::deserialize(deserializer).map(|list| list.0)
}

/// Reads an optional lesson list of at most [`MAX_STEPS`] entries.
pub fn bounded_optional_list<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<BoundedList<T>>::deserialize(deserializer).map(|list| list.map(|list| list.0))
}

/// Declares a whole-number newtype that only deserializes inside `range`.
macro_rules! bounded_number {
    ($(#[$doc:meta])* $name:ident($inner:ty), $range:expr, default $default:expr, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub $inner);

        impl $name {
            /// The accepted values.
            pub const RANGE: std::ops::RangeInclusive<$inner> = $range;

            /// The value.
            pub fn get(self) -> $inner {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name($default)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = i64::deserialize(deserializer)?;
                let range = Self::RANGE;
                <$inner>::try_from(value)
                    .ok()
                    .filter(|v| range.contains(v))
                    .map($name)
                    .ok_or_else(|| {
                        D::Error::custom(format!(
                            "{} {value} is out of range: it must be {}..={}",
                            $what,
                            range.start(),
                            range.end()
                        ))
                    })
            }
        }
    };
}

bounded_number!(
    /// Beats per minute.
    Tempo(u16), 20..=300, default 72, "tempo"
);
bounded_number!(
    /// Difficulty from 1 (first steps) to 10.
    Level(u8), 1..=10, default 1, "level"
);
bounded_number!(
    /// How many octaves a scale or arpeggio spans.
    Octaves(u8), 1..=4, default 1, "octaves"
);
bounded_number!(
    /// Notes per beat: 1 quarter notes, 2 eighths, 4 sixteenths.
    NotesPerBeat(u8), 1..=8, default 1, "notes_per_beat"
);
bounded_number!(
    /// A finger number: 1 thumb … 5 little finger.
    Finger(u8), 1..=5, default 1, "finger"
);

/// A lesson id: lower-case letters, digits and hyphens.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct LessonId(String);

impl LessonId {
    /// Checks and wraps an id.
    pub fn new(text: &str) -> Result<LessonId, String> {
        let valid = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if valid {
            Ok(LessonId(text.to_owned()))
        } else {
            Err(format!(
                "lesson id \"{text}\" must be lower-case letters, digits and hyphens ([a-z0-9-]+)"
            ))
        }
    }

    /// The id of a lesson Etude makes (a drill: `drill:<lesson>:<first>-<last>`), which names
    /// another lesson's id inside it and so is not held to a file's rules.
    pub fn made(text: &str) -> LessonId {
        LessonId(text.to_owned())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LessonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl<'de> Deserialize<'de> for LessonId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        LessonId::new(&String::deserialize(deserializer)?).map_err(D::Error::custom)
    }
}

/// A length in beats: more than 0, at most 64.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Beats(pub f64);

impl<'de> Deserialize<'de> for Beats {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        if value > 0.0 && value <= 64.0 {
            Ok(Beats(value))
        } else {
            Err(D::Error::custom(format!(
                "a length of {value} beats is out of range: it must be more than 0 and at most 64"
            )))
        }
    }
}

/// A share of steps that must be right, 0..=1.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Accuracy(pub f64);

impl Default for Accuracy {
    fn default() -> Self {
        Accuracy(0.9)
    }
}

impl<'de> Deserialize<'de> for Accuracy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        if (0.0..=1.0).contains(&value) {
            Ok(Accuracy(value))
        } else {
            Err(D::Error::custom(format!(
                "accuracy {value} is out of range: it must be 0..=1 (0.9 means 90%)"
            )))
        }
    }
}

/// The Roman numerals of a progression: at least one, at most [`MAX_STEPS`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ChordList(pub Vec<RomanNumeral>);

impl<'de> Deserialize<'de> for ChordList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let chords: Vec<RomanNumeral> = bounded_list(deserializer)?;
        if chords.is_empty() {
            Err(D::Error::custom(
                "the progression is empty: give at least one chord, such as [\"I\", \"IV\", \"V\", \"I\"]",
            ))
        } else {
            Ok(ChordList(chords))
        }
    }
}

/// The notes of one written step: "C4", or "C4 E4 G4" for a chord; at most
/// [`MAX_NOTES_PER_STEP`] notes. A note may say how many beats it is held when that is longer
/// or shorter than the step: "C3:4 G3:4 C4" holds C3 and G3 four beats (a drone, a pedal bass).
#[derive(Clone, Debug, PartialEq)]
pub struct StepNotes {
    /// The notes, as written.
    pub notes: Vec<SpelledNote>,
    /// How many beats each note is held, where written; none: the step's length.
    pub held: Vec<Option<f64>>,
}

impl StepNotes {
    /// Notes held for the step's length.
    pub fn of(notes: Vec<SpelledNote>) -> StepNotes {
        let held = vec![None; notes.len()];
        StepNotes { notes, held }
    }
}

/// The longest a note may be held, in beats.
const MAX_HELD_BEATS: f64 = 64.0;

/// One written note: "C4", or "C3:4" held four beats.
fn written_note(word: &str) -> Result<(SpelledNote, Option<f64>), String> {
    let Some((name, beats)) = word.split_once(':') else {
        return Ok((
            word.parse::<SpelledNote>().map_err(|e| e.to_string())?,
            None,
        ));
    };
    let note = name.parse::<SpelledNote>().map_err(|e| e.to_string())?;
    match beats.parse::<f64>() {
        Ok(held) if held > 0.0 && held <= MAX_HELD_BEATS => Ok((note, Some(held))),
        _ => Err(format!(
            "`{word}`: after the colon comes how many beats {name} is held, more than 0 and at \
             most {MAX_HELD_BEATS}, such as {name}:4"
        )),
    }
}

impl Serialize for StepNotes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text: Vec<String> = self
            .notes
            .iter()
            .zip(self.held.iter().chain(std::iter::repeat(&None)))
            .map(|(note, held)| match held {
                Some(beats) => format!("{note}:{beats}"),
                None => note.to_string(),
            })
            .collect();
        serializer.serialize_str(&text.join(" "))
    }
}

impl<'de> Deserialize<'de> for StepNotes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let count = text.split_whitespace().count();
        if count > MAX_NOTES_PER_STEP {
            return Err(D::Error::custom(format!(
                "a step of {count} notes is too many: a step may hold at most {MAX_NOTES_PER_STEP} notes"
            )));
        }
        let (notes, held): (Vec<_>, Vec<_>) = text
            .split_whitespace()
            .map(written_note)
            .collect::<Result<Vec<_>, _>>()
            .map_err(D::Error::custom)?
            .into_iter()
            .unzip();
        if notes.is_empty() {
            return Err(D::Error::custom(
                "a step needs at least one note, such as \"C4\"",
            ));
        }
        Ok(StepNotes { notes, held })
    }
}

/// A time signature: beats in a bar over the note that is one beat (2, 4 or 8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeSignature {
    /// Beats in a bar, 1..=16.
    pub beats: u8,
    /// The note value of one beat: 2, 4 or 8.
    pub unit: u8,
}

impl Default for TimeSignature {
    fn default() -> Self {
        TimeSignature { beats: 4, unit: 4 }
    }
}

impl TimeSignature {
    /// The length of a bar in quarter notes (a lesson's beats).
    pub fn bar_in_quarters(self) -> f64 {
        f64::from(self.beats) * 4.0 / f64::from(self.unit)
    }
}

impl Serialize for TimeSignature {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.beats, self.unit).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for TimeSignature {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (beats, unit) = <(u8, u8)>::deserialize(deserializer)?;
        if !(1..=16).contains(&beats) || ![2, 4, 8].contains(&unit) {
            return Err(D::Error::custom(format!(
                "time ({beats}, {unit}) is not a time signature Etude writes: 1 to 16 beats of \
                 a half (2), quarter (4) or eighth (8) note, such as (3, 4)"
            )));
        }
        Ok(TimeSignature { beats, unit })
    }
}
