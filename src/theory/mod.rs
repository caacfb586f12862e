//! Music theory: notes and their spelling, scales, chords, keys and Roman numerals.
//!
//! Everything here is pure and spelled: a note knows whether it is F♯ or G♭, and every
//! scale and chord is spelled from its key or root.

/// Implements serde's `Serialize` and `Deserialize` through `Display` and `FromStr`, so
/// theory values read and write as the text musicians write ("F#4", "C major", "V7").
macro_rules! serde_as_text {
    ($type:ty) => {
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

pub mod chord;
pub mod chord_fingering;
pub mod fingering;
pub mod key;
pub mod keyboard;
pub mod note;
pub mod scale;
pub mod voicing;

pub use chord::{Chord, ChordName, ChordQuality, identify};
pub use key::{Key, KeyMode, RomanNumeral};
pub use note::{Accidental, Interval, Letter, Note, PitchClass, PitchName, SpelledNote, intervals};
pub use scale::ScaleKind;

/// What can go wrong reading or building notes, scales, chords and keys.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TheoryError {
    /// Empty text where a note name, pitch name, key or Roman numeral was wanted.
    #[error("the {what} is empty: write one, such as {example}")]
    Empty {
        /// What was wanted: "note name", "key", …
        what: &'static str,
        /// An example of one.
        example: &'static str,
    },
    /// Not a note name with octave.
    #[error(
        "`{0}` is not a note name: write a letter A-G, an optional #, b, ## or bb, and an octave -1..9 (such as C4, F#3, Bb2) within MIDI 0..127"
    )]
    BadNoteName(String),
    /// Not a pitch name.
    #[error(
        "`{0}` is not a pitch name: write a letter A-G and an optional #, b, ## or bb (such as F#, Bb)"
    )]
    BadPitchName(String),
    /// A note outside MIDI 0..=127.
    #[error("{0} lies outside the MIDI range 0..127")]
    OutOfRange(String),
    /// Not a key.
    #[error(
        "`{0}` is not a key: write a tonic and major or minor, such as \"C major\" or \"F# minor\""
    )]
    BadKey(String),
    /// Not a Roman numeral Etude knows.
    #[error(
        "`{0}` is not a Roman numeral Etude knows (such as I, ii, V7, IM7, viiø7, vii°7, bVII)"
    )]
    BadRomanNumeral(String),
    /// Not a scale name.
    #[error(
        "`{0}` is not a scale: use one of major, natural-minor, harmonic-minor, melodic-minor, dorian, phrygian, lydian, mixolydian, locrian, major-pentatonic, minor-pentatonic, blues, whole-tone, chromatic"
    )]
    UnknownScale(String),
    /// A custom scale whose steps do not fill one octave.
    #[error("custom scale steps {0:?} must be 1 or more semitones each and add up to 12")]
    BadCustomScale(Vec<u8>),
    /// Spelling would need a triple accidental.
    #[error("{0} cannot be spelled without triple accidentals")]
    Unspellable(String),
}
