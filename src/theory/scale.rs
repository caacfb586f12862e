//! Scales, spelled for their key.
//!
//! Spelling rules:
//! - Seven-note scales (the major and minor forms, the church modes, and seven-note custom
//!   scales) use each letter exactly once: F♯ major has E♯, G♯ harmonic minor has F𝄪.
//! - Major pentatonic takes degrees 1 2 3 5 6 of the major scale; minor pentatonic takes
//!   1 ♭3 4 5 ♭7 of the natural minor; the blues scale is minor pentatonic plus the
//!   diminished fifth (A blues: A C D E♭ E G).
//! - Whole-tone is spelled 1 2 3 ♯4 ♯5 ♯6 (C D E F♯ G♯ A♯).
//! - Chromatic (and custom scales of other than seven notes) is the harmonic chromatic scale
//!   of the theory books: the tonic and the dominant once, every other degree twice (♭2 2 ♭3
//!   3 4 ♯4 5 ♭6 6 ♭7 7), the same up and down: C D♭ D E♭ E F F♯ G A♭ A B♭ B; D E♭ E F F♯ G
//!   G♯ A B♭ B C C♯ (never the E♯ and B♯ that raising each degree would write).
//! - A note that would need a triple accidental is written as its plainest enharmonic.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::note::{Interval, Note, SpelledNote};
use super::{TheoryError, intervals::*};

/// The kinds of scale a lesson can ask for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScaleKind {
    /// Ionian.
    Major,
    /// Aeolian.
    NaturalMinor,
    /// Natural minor with a raised seventh.
    HarmonicMinor,
    /// Rises with raised sixth and seventh, falls as natural minor.
    MelodicMinor,
    /// Second mode.
    Dorian,
    /// Third mode.
    Phrygian,
    /// Fourth mode.
    Lydian,
    /// Fifth mode.
    Mixolydian,
    /// Seventh mode.
    Locrian,
    /// 1 2 3 5 6.
    MajorPentatonic,
    /// 1 ♭3 4 5 ♭7.
    MinorPentatonic,
    /// 1 ♭3 4 ♭5 5 ♭7.
    Blues,
    /// Six whole tones.
    WholeTone,
    /// All twelve semitones.
    Chromatic,
    /// Steps in semitones that add up to 12, such as `[2, 1, 3, 1, 1, 3, 1]`.
    Custom(Vec<u8>),
}

/// One named degree per row: semitone patterns of the seven-note scales.
const MAJOR: [u8; 7] = [0, 2, 4, 5, 7, 9, 11];
const NATURAL_MINOR: [u8; 7] = [0, 2, 3, 5, 7, 8, 10];
const HARMONIC_MINOR: [u8; 7] = [0, 2, 3, 5, 7, 8, 11];
const MELODIC_MINOR: [u8; 7] = [0, 2, 3, 5, 7, 9, 11];
const DORIAN: [u8; 7] = [0, 2, 3, 5, 7, 9, 10];
const PHRYGIAN: [u8; 7] = [0, 1, 3, 5, 7, 8, 10];
const LYDIAN: [u8; 7] = [0, 2, 4, 6, 7, 9, 11];
const MIXOLYDIAN: [u8; 7] = [0, 2, 4, 5, 7, 9, 10];
const LOCRIAN: [u8; 7] = [0, 1, 3, 5, 6, 8, 10];

/// Degrees of the harmonic chromatic scale: the tonic and the dominant once, every other
/// degree twice.
const CHROMATIC: [Interval; 12] = [
    P1, M2_MINOR, M2, M3_MINOR, M3, P4, A4, P5, M6_MINOR, M6, M7_MINOR, M7,
];

impl ScaleKind {
    /// Every named kind (all but `Custom`), in the order the command line and the picker list
    /// them.
    pub const NAMED: [ScaleKind; 14] = [
        ScaleKind::Major,
        ScaleKind::NaturalMinor,
        ScaleKind::HarmonicMinor,
        ScaleKind::MelodicMinor,
        ScaleKind::Dorian,
        ScaleKind::Phrygian,
        ScaleKind::Lydian,
        ScaleKind::Mixolydian,
        ScaleKind::Locrian,
        ScaleKind::MajorPentatonic,
        ScaleKind::MinorPentatonic,
        ScaleKind::Blues,
        ScaleKind::WholeTone,
        ScaleKind::Chromatic,
    ];

    /// The command-line name: "major", "harmonic-minor", "whole-tone" …
    fn cli_name(&self) -> &'static str {
        match self {
            ScaleKind::Major => "major",
            ScaleKind::NaturalMinor => "natural-minor",
            ScaleKind::HarmonicMinor => "harmonic-minor",
            ScaleKind::MelodicMinor => "melodic-minor",
            ScaleKind::Dorian => "dorian",
            ScaleKind::Phrygian => "phrygian",
            ScaleKind::Lydian => "lydian",
            ScaleKind::Mixolydian => "mixolydian",
            ScaleKind::Locrian => "locrian",
            ScaleKind::MajorPentatonic => "major-pentatonic",
            ScaleKind::MinorPentatonic => "minor-pentatonic",
            ScaleKind::Blues => "blues",
            ScaleKind::WholeTone => "whole-tone",
            ScaleKind::Chromatic => "chromatic",
            ScaleKind::Custom(_) => "custom",
        }
    }

    /// Checks a custom scale: steps of 1..=11 semitones adding up to exactly 12.
    pub fn validate(&self) -> Result<(), TheoryError> {
        if let ScaleKind::Custom(steps) = self {
            let total: u32 = steps.iter().map(|s| u32::from(*s)).sum();
            if steps.is_empty() || steps.contains(&0) || total != 12 {
                return Err(TheoryError::BadCustomScale(steps.clone()));
            }
        }
        Ok(())
    }

    /// The degrees of one octave (tonic first, octave excluded) in rising order.
    /// `rising` matters only for melodic minor, which falls as natural minor.
    pub fn degrees(&self, rising: bool) -> Vec<Interval> {
        let seven = |pattern: &[u8; 7]| -> Vec<Interval> {
            (0u8..)
                .zip(pattern.iter())
                .map(|(steps, semitones)| Interval::new(steps, *semitones))
                .collect()
        };
        match self {
            ScaleKind::Major => seven(&MAJOR),
            ScaleKind::NaturalMinor => seven(&NATURAL_MINOR),
            ScaleKind::HarmonicMinor => seven(&HARMONIC_MINOR),
            ScaleKind::MelodicMinor if rising => seven(&MELODIC_MINOR),
            ScaleKind::MelodicMinor => seven(&NATURAL_MINOR),
            ScaleKind::Dorian => seven(&DORIAN),
            ScaleKind::Phrygian => seven(&PHRYGIAN),
            ScaleKind::Lydian => seven(&LYDIAN),
            ScaleKind::Mixolydian => seven(&MIXOLYDIAN),
            ScaleKind::Locrian => seven(&LOCRIAN),
            ScaleKind::MajorPentatonic => vec![P1, M2, M3, P5, M6],
            ScaleKind::MinorPentatonic => vec![P1, M3_MINOR, P4, P5, M7_MINOR],
            ScaleKind::Blues => vec![P1, M3_MINOR, P4, D5, P5, M7_MINOR],
            ScaleKind::WholeTone => vec![P1, M2, M3, A4, A5, A6],
            ScaleKind::Chromatic => CHROMATIC.to_vec(),
            ScaleKind::Custom(steps) => {
                let mut offsets = vec![0u8];
                for step in steps.iter().take(steps.len().saturating_sub(1)) {
                    let last = offsets.last().copied().unwrap_or(0);
                    offsets.push(last.saturating_add(*step));
                }
                if offsets.len() == 7 {
                    (0u8..)
                        .zip(offsets)
                        .map(|(s, t)| Interval::new(s, t))
                        .collect()
                } else {
                    offsets
                        .into_iter()
                        .map(|t| CHROMATIC[usize::from(t % 12)])
                        .collect()
                }
            }
        }
    }
}

impl fmt::Display for ScaleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cli_name())
    }
}

impl FromStr for ScaleKind {
    type Err = TheoryError;

    /// Parses the command-line names ("major", "harmonic-minor", …).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ScaleKind::NAMED
            .into_iter()
            .find(|kind| kind.cli_name() == text.trim().to_ascii_lowercase())
            .ok_or_else(|| TheoryError::UnknownScale(text.to_owned()))
    }
}

/// Spells `interval` above `tonic`, falling back to the plainest enharmonic when the
/// spelling would need a triple accidental.
fn spell_above(tonic: SpelledNote, interval: Interval) -> Result<SpelledNote, TheoryError> {
    match tonic.up(interval) {
        Some(spelled) => {
            spelled.note()?;
            Ok(spelled)
        }
        None => {
            let midi = i32::from(tonic.note()?.0) + i32::from(interval.semitones);
            let note = Note::from_midi(midi).ok_or_else(|| {
                TheoryError::OutOfRange(format!("{tonic} + {} semitones", interval.semitones))
            })?;
            Ok(SpelledNote::plain(
                note,
                tonic.name.accidental.semitones() < 0,
            ))
        }
    }
}

/// The scale rising from `tonic` for `octaves` octaves, top tonic included.
pub fn ascending(
    tonic: SpelledNote,
    kind: &ScaleKind,
    octaves: u8,
) -> Result<Vec<SpelledNote>, TheoryError> {
    kind.validate()?;
    rising(tonic, &kind.degrees(true), octaves)
}

/// Notes rising from `tonic` through `degrees` (intervals within one octave, tonic first),
/// repeated for `octaves` octaves, top tonic included: a scale, or an arpeggio's chord tones.
pub fn rising(
    tonic: SpelledNote,
    degrees: &[Interval],
    octaves: u8,
) -> Result<Vec<SpelledNote>, TheoryError> {
    let mut notes = Vec::with_capacity(degrees.len() * usize::from(octaves) + 1);
    let mut octave_tonic = tonic;
    for _ in 0..octaves {
        for degree in degrees {
            notes.push(spell_above(octave_tonic, *degree)?);
        }
        octave_tonic = spell_above(octave_tonic, P8)?;
    }
    notes.push(octave_tonic);
    Ok(notes)
}

/// The scale falling from `octaves` octaves above `tonic` down to `tonic`, both included.
/// Melodic minor falls as natural minor.
pub fn descending(
    tonic: SpelledNote,
    kind: &ScaleKind,
    octaves: u8,
) -> Result<Vec<SpelledNote>, TheoryError> {
    let falling_kind = match kind {
        ScaleKind::MelodicMinor => &ScaleKind::NaturalMinor,
        other => other,
    };
    let mut notes = ascending(tonic, falling_kind, octaves)?;
    notes.reverse();
    Ok(notes)
}
