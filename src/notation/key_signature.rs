//! Key signatures: which key a lesson is written in, how many sharps or flats that is, and the
//! alteration the signature gives each letter.

use crate::lesson::{Exercise, Lesson};
use crate::theory::{ChordQuality, Key, KeyMode, Letter, PitchName, ScaleKind};

/// A key signature as a count of sharps (positive) or flats (negative); beyond seven, the
/// letters sharpened or flattened twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeySignature(pub i8);

/// The order sharps are added in; flats go the other way.
const SHARPS: [Letter; 7] = Letter::BY_FIFTHS;

impl KeySignature {
    /// The signature of `tonic`'s major key (C♭ −7 … C♯ 7; further out, theoretical keys).
    pub fn major(tonic: PitchName) -> KeySignature {
        let fifths = Key {
            tonic,
            mode: KeyMode::Major,
        }
        .fifths();
        KeySignature(fifths.clamp(-14, 14) as i8)
    }

    /// The signature of `key`: a minor key has its relative major's.
    pub fn of(key: Key) -> KeySignature {
        let major = KeySignature::major(key.tonic);
        match key.mode {
            KeyMode::Major => major,
            KeyMode::Minor => KeySignature(major.0 - 3),
        }
    }

    /// The alteration in semitones the signature gives `letter`.
    pub fn alteration(self, letter: Letter) -> i32 {
        let count = i32::from(self.0);
        let (order, sign) = if count >= 0 {
            (SHARPS.iter().position(|l| *l == letter), 1)
        } else {
            (SHARPS.iter().rev().position(|l| *l == letter), -1)
        };
        let place = order.map_or(0, |p| p as i32);
        let count = count.abs();
        // The first seven letters once, then again from the start.
        let times = i32::from(place < count) + i32::from(place + 7 < count);
        sign * times
    }

    /// The signature a lesson is written with: a scale's or arpeggio's from its kind and
    /// tonic, a progression's key, a melody's `key` (C major when none is given).
    pub fn of_lesson(lesson: &Lesson) -> KeySignature {
        match &lesson.exercise {
            Exercise::Scale { tonic, scale, .. } => scale_signature(tonic.name, scale),
            Exercise::Arpeggio { tonic, chord, .. } => {
                let mode = match chord {
                    ChordQuality::Minor
                    | ChordQuality::Minor7
                    | ChordQuality::Diminished
                    | ChordQuality::HalfDiminished7
                    | ChordQuality::Diminished7 => KeyMode::Minor,
                    _ => KeyMode::Major,
                };
                KeySignature::of(Key {
                    tonic: tonic.name,
                    mode,
                })
            }
            Exercise::Progression { key, .. } => KeySignature::of(*key),
            Exercise::Notes { key, .. } => key.map_or(KeySignature(0), KeySignature::of),
        }
    }
}

/// Major and major pentatonic: the tonic's major key; the minor scales and the blues: its
/// minor key; a church mode: its parent major key; whole-tone, chromatic and custom: none.
fn scale_signature(tonic: PitchName, scale: &ScaleKind) -> KeySignature {
    let major = KeySignature::major(tonic);
    let shift = match scale {
        ScaleKind::Major | ScaleKind::MajorPentatonic => 0,
        ScaleKind::Lydian => 1,
        ScaleKind::NaturalMinor
        | ScaleKind::HarmonicMinor
        | ScaleKind::MelodicMinor
        | ScaleKind::MinorPentatonic
        | ScaleKind::Blues => -3,
        ScaleKind::Dorian => -2,
        ScaleKind::Phrygian => -4,
        ScaleKind::Mixolydian => -1,
        ScaleKind::Locrian => -5,
        ScaleKind::WholeTone | ScaleKind::Chromatic | ScaleKind::Custom(_) => {
            return KeySignature(0);
        }
    };
    KeySignature(major.0 + shift)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theory::Accidental;

    fn name(text: &str) -> PitchName {
        text.parse().unwrap()
    }

    #[test]
    fn the_circle_of_fifths() {
        let majors = [
            ("C", 0),
            ("G", 1),
            ("D", 2),
            ("F#", 6),
            ("C#", 7),
            ("F", -1),
            ("Bb", -2),
            ("Eb", -3),
            ("Gb", -6),
            ("Cb", -7),
        ];
        for (tonic, count) in majors {
            assert_eq!(
                KeySignature::major(name(tonic)),
                KeySignature(count),
                "{tonic}"
            );
        }
        let minor = |tonic: &str| {
            KeySignature::of(Key {
                tonic: name(tonic),
                mode: KeyMode::Minor,
            })
        };
        assert_eq!(minor("A"), KeySignature(0));
        assert_eq!(minor("C"), KeySignature(-3));
        assert_eq!(minor("D#"), KeySignature(6));
        assert_eq!(minor("Ab"), KeySignature(-7));
    }

    #[test]
    fn modes_take_their_parent_major_and_symmetric_scales_none() {
        let of = |tonic: &str, kind: ScaleKind| scale_signature(name(tonic), &kind).0;
        assert_eq!(of("D", ScaleKind::Dorian), 0);
        assert_eq!(of("E", ScaleKind::Phrygian), 0);
        assert_eq!(of("F", ScaleKind::Lydian), 0);
        assert_eq!(of("G", ScaleKind::Mixolydian), 0);
        assert_eq!(of("B", ScaleKind::Locrian), 0);
        assert_eq!(of("A", ScaleKind::Dorian), 1);
        assert_eq!(of("C", ScaleKind::MelodicMinor), -3);
        assert_eq!(of("E", ScaleKind::Blues), 1);
        assert_eq!(of("G", ScaleKind::MajorPentatonic), 1);
        assert_eq!(of("F#", ScaleKind::WholeTone), 0);
        assert_eq!(of("Eb", ScaleKind::Chromatic), 0);
    }

    #[test]
    fn each_letter_gets_its_alteration() {
        let b_flat = KeySignature(-2);
        assert_eq!(b_flat.alteration(Letter::B), -1);
        assert_eq!(b_flat.alteration(Letter::E), -1);
        assert_eq!(b_flat.alteration(Letter::A), 0);
        let f_sharp = KeySignature(6);
        assert_eq!(f_sharp.alteration(Letter::E), 1);
        assert_eq!(f_sharp.alteration(Letter::B), 0);
        // G♯ major, a theoretical key: F double sharp.
        let sharp = Accidental::from_semitones(1).unwrap();
        let g_sharp = KeySignature::major(PitchName::new(Letter::G, sharp));
        assert_eq!(g_sharp, KeySignature(8));
        assert_eq!(g_sharp.alteration(Letter::F), 2);
        assert_eq!(g_sharp.alteration(Letter::C), 1);
    }
}
