//! The lesson file model, exactly as `LESSON_FORMAT.md` describes it.
//!
//! Field types check their own values while the file is read, so a bad value is reported
//! at its line and column: a tempo out of range, a bad note name, an empty progression.

use serde::{Deserialize, Serialize};

use super::values::{
    Accuracy, Beats, ChordList, Finger, LessonId, Level, NotesPerBeat, Octaves, StepNotes, Tempo,
    TimeSignature, bounded_list, bounded_optional_list,
};
use crate::theory::{ChordQuality, Key, ScaleKind, SpelledNote};

/// One lesson: one exercise with its tempo, mode, pass mark and suggested goal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Unique across all lessons, `[a-z0-9-]+`.
    pub id: LessonId,
    /// Shown in lists and at the top of the practice screen.
    pub title: String,
    /// Beats per minute, 20..=300.
    pub tempo: Tempo,
    /// What to play.
    pub exercise: Exercise,
    /// 1 (first steps) ..= 10.
    #[serde(default)]
    pub level: Level,
    /// One line.
    #[serde(default)]
    pub summary: Option<String>,
    /// Shown before playing.
    #[serde(default)]
    pub instructions: Option<String>,
    /// Wait for each right note, or keep time with the metronome.
    #[serde(default)]
    pub mode: Mode,
    /// What counts as passing.
    #[serde(default)]
    pub pass: PassMark,
    /// Which runs the course counts as passing it: one in either mode, or one in wait mode and
    /// one in tempo mode.
    #[serde(default)]
    pub passed_in: PassedIn,
    /// The micro-goal this lesson suggests.
    #[serde(default)]
    pub goal: Option<GoalSuggestion>,
}

impl Exercise {
    /// Who plays it.
    pub fn hand(&self) -> Hand {
        match self {
            Exercise::Scale { hand, .. }
            | Exercise::Arpeggio { hand, .. }
            | Exercise::Progression { hand, .. }
            | Exercise::Notes { hand, .. } => *hand,
        }
    }
}

impl Hand {
    /// "right", "left" or "both", as the command line, the JSON and a picked lesson's id write it.
    pub fn word(self) -> &'static str {
        match self {
            Hand::Right => "right",
            Hand::Left => "left",
            Hand::Both => "both",
        }
    }

    /// The hand [`Hand::word`] names.
    pub fn from_word(word: &str) -> Option<Hand> {
        [Hand::Right, Hand::Left, Hand::Both]
            .into_iter()
            .find(|hand| hand.word() == word)
    }
}

impl Mode {
    /// "wait" or "tempo".
    pub fn word(self) -> &'static str {
        match self {
            Mode::Wait => "wait",
            Mode::Tempo => "tempo",
        }
    }

    /// The mode [`Mode::word`] names.
    pub fn from_word(word: &str) -> Option<Mode> {
        [Mode::Wait, Mode::Tempo]
            .into_iter()
            .find(|mode| mode.word() == word)
    }
}

impl Lesson {
    /// A short word for the exercise kind: "scale", "arpeggio", "progression", "notes".
    pub fn kind(&self) -> &'static str {
        match self.exercise {
            Exercise::Scale { .. } => "scale",
            Exercise::Arpeggio { .. } => "arpeggio",
            Exercise::Progression { .. } => "progression",
            Exercise::Notes { .. } => "notes",
        }
    }
}

/// How the attempt runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    /// Waits for each right note; timing is not judged.
    #[default]
    Wait,
    /// The metronome runs and every step has its time.
    Tempo,
}

/// Which runs the course counts as passing a lesson.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PassedIn {
    /// A passed run in either mode.
    #[default]
    Either,
    /// A passed run in wait mode (the notes), and one in tempo mode at the tempo ladder's rung
    /// or faster (the time): the lesson opens in wait mode, then in tempo mode.
    WaitThenTempo,
}

/// Which hand plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Hand {
    /// Right hand.
    Right,
    /// Left hand.
    Left,
    /// Both hands together.
    Both,
}

/// How two hands move in a hands-together scale.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Motion {
    /// The same way, the left hand an octave below.
    #[default]
    Parallel,
    /// Away from each other and back: both thumbs start on the tonic, the right hand goes up
    /// while the left goes down (each in its own direction's form of the scale).
    Contrary,
}

/// Which way a scale or arpeggio runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// From the tonic up, top tonic included.
    Up,
    /// From the top tonic down to the tonic.
    Down,
    /// Up, then down without repeating the top note.
    UpDown,
}

/// How a progression's chords are placed on the keyboard and matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Voicing {
    /// Root position; the chord counts when its pitch classes sound with the root lowest.
    Close,
    /// Smooth voice leading from chord to chord; any chord tone may be lowest.
    Inversions,
}

/// What to play.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Exercise {
    /// A scale.
    Scale {
        /// Spelled tonic with octave.
        tonic: SpelledNote,
        /// Which scale.
        scale: ScaleKind,
        /// 1..=4.
        octaves: Octaves,
        /// Up, Down or UpDown.
        direction: Direction,
        /// Right, Left or Both.
        hand: Hand,
        /// Notes per beat, default 1.
        #[serde(default)]
        notes_per_beat: NotesPerBeat,
        /// One finger per step of the Up part, for `hand` (the right hand when Both).
        #[serde(default, deserialize_with = "bounded_optional_list")]
        fingering: Option<Vec<Finger>>,
        /// With `hand: Both`: one finger per step of the Up part for the left hand (in
        /// contrary motion, of its first part, going down).
        #[serde(default, deserialize_with = "bounded_optional_list")]
        left_fingering: Option<Vec<Finger>>,
        /// With `hand: Both`: the hands an octave apart in the same direction (the default), or
        /// from the same tonic in opposite directions.
        #[serde(default)]
        motion: Motion,
        /// The form coming down when it is not `scale`'s own (a raga's avaroha beside its
        /// aroha), its notes falling from the top; none: `scale`'s (melodic minor falls as
        /// natural minor).
        #[serde(default)]
        descending: Option<ScaleKind>,
        /// One finger per step of the Down part, top note first, for `hand` (the right hand
        /// when Both); none: the Up part's fingers in reverse, which needs a Down part as long.
        #[serde(default, deserialize_with = "bounded_optional_list")]
        descending_fingering: Option<Vec<Finger>>,
    },
    /// An arpeggio: chord tones in root position, repeated each octave.
    Arpeggio {
        /// Spelled tonic with octave.
        tonic: SpelledNote,
        /// Which chord (the qualities of `LESSON_FORMAT.md`, plus `Sus2` and `Sus4`).
        chord: ChordQuality,
        /// 1..=4.
        octaves: Octaves,
        /// Up, Down or UpDown.
        direction: Direction,
        /// Right, Left or Both.
        hand: Hand,
        /// Notes per beat, default 1.
        #[serde(default)]
        notes_per_beat: NotesPerBeat,
        /// One finger per step of the Up part, for `hand` (the right hand when Both).
        #[serde(default, deserialize_with = "bounded_optional_list")]
        fingering: Option<Vec<Finger>>,
        /// With `hand: Both`: one finger per step of the Up part for the left hand.
        #[serde(default, deserialize_with = "bounded_optional_list")]
        left_fingering: Option<Vec<Finger>>,
    },
    /// Chords by Roman numeral in a key.
    Progression {
        /// Such as "C major" or "A minor".
        key: Key,
        /// Roman numerals, at least one.
        chords: ChordList,
        /// Octave of the first chord's root.
        octave: i8,
        /// Close (root position) or Inversions (voice-led).
        voicing: Voicing,
        /// Length of each chord.
        beats_per_chord: Beats,
        /// Right, Left or Both (Both adds the root an octave below, left hand).
        hand: Hand,
    },
    /// Written-out notes: a melody, or any sequence of notes and chords.
    Notes {
        /// Right, Left or Both.
        hand: Hand,
        /// One note, or several separated by spaces.
        #[serde(deserialize_with = "bounded_list")]
        steps: Vec<StepNotes>,
        /// Length of each step in beats, default 1 each.
        #[serde(default, deserialize_with = "bounded_optional_list")]
        beats: Option<Vec<Beats>>,
        /// One finger per step.
        #[serde(default, deserialize_with = "bounded_optional_list")]
        fingering: Option<Vec<Finger>>,
        /// The key it is written in, such as "G major" (its key signature); none means C major.
        #[serde(default)]
        key: Option<Key>,
        /// The time signature, such as `(3, 4)`; none means 4/4.
        #[serde(default)]
        time: Option<TimeSignature>,
        /// A first bar shorter than the rest (a pickup, or upbeat): its length in beats; none
        /// means the first bar is whole.
        #[serde(default)]
        pickup: Option<Beats>,
    },
}

/// The pass mark: how accurate, and how close in time.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PassMark {
    /// Share of steps right, 0..=1.
    pub accuracy: Accuracy,
    /// Largest mean timing error (ms) that still passes in tempo mode.
    pub timing_ms: u32,
}

impl Default for PassMark {
    fn default() -> Self {
        PassMark {
            accuracy: Accuracy::default(),
            timing_ms: 80,
        }
    }
}

/// The micro-goal a lesson suggests: `(minutes: N)` or `(clean_runs: N)`, exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalSuggestion {
    /// Minutes of playing this lesson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// Passed runs without a wrong note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clean_runs: Option<u32>,
}
