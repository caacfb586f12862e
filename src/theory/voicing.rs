//! Voice leading for a progression of block chords, as a teacher writes it for one hand:
//!
//! - every chord in close position (within an octave), with as many voices as the first;
//!   a seventh chord among triads leaves out its fifth (G7 after C and F is B F G), a triad
//!   among seventh chords doubles its lowest tone at the octave, never the leading tone (Am
//!   after E7 is A C E A);
//! - common tones are held, the other voices move to the nearest chord tone, and no voice
//!   leaps more than a fourth;
//! - a chord's seventh falls by step into the next chord (or is held when the next chord has
//!   it too);
//! - the leading tone rises to the tonic when it is the top voice and the next chord has the
//!   tonic (unless it has the leading tone too, as Imaj7 has, which holds it);
//! - a figure (IV64, V65) puts its chord tone lowest; with the left hand playing it below,
//!   a leading tone or a seventh there is left out above (never doubled).
//!
//! Voices are matched lowest to lowest, and so on up (close-position voices do not cross).

use super::TheoryError;
use super::chord::Chord;
use super::key::Key;
use super::note::{PitchClass, SpelledNote};

/// A leap larger than a fourth, in semitones.
const LARGEST_MOVE: i32 = 5;

/// What breaking a rule costs, against semitones moved: more than any voicing moves.
const BROKEN_RULE: i32 = 1_000;

/// What moving a common tone costs besides its movement.
const COMMON_TONE_MOVED: i32 = 4;

/// A chord of the progression, and the chord tone its figure puts lowest (0 root, 1 third,
/// 2 fifth, 3 seventh), if it has a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figured {
    /// The chord.
    pub chord: Chord,
    /// The chord tone that must be lowest.
    pub lowest: Option<u8>,
    /// A chord tone the left hand plays below and the voicing leaves out (a leading tone or
    /// a seventh in the bass is not doubled).
    pub left_out: Option<u8>,
}

/// The voicing of each chord of `chords`, lowest note first: the first in root position (or
/// as its figure asks) with its lowest note at `octave`, each other led from the one before
/// by the rules above.
pub fn lead(
    chords: &[Figured],
    key: Key,
    octave: i8,
) -> Result<Vec<Vec<SpelledNote>>, TheoryError> {
    let Some(first) = chords.first() else {
        return Ok(Vec::new());
    };
    let voices = first.chord.quality.intervals().len();
    let mut voiced: Vec<Vec<SpelledNote>> = Vec::with_capacity(chords.len());
    let start = shapes(*first, voices, octave..=octave, key)?
        .into_iter()
        .min_by_key(|shape| {
            (shape[0].midi_number() - SpelledNote::new(first.chord.root, octave).midi_number())
                .abs()
        })
        .ok_or_else(|| TheoryError::Unspellable(first.chord.to_string()))?;
    // Where the hand began: on a tie, the voicing nearer it.
    let centre = start.iter().map(|n| n.midi_number()).sum::<i32>();
    voiced.push(start);
    for pair in chords.windows(2) {
        let (before, next) = (pair[0], pair[1]);
        let previous = voiced.last().map(Vec::as_slice).unwrap_or_default();
        let chosen = shapes(next, voices, octave - 2..=octave + 1, key)?
            .into_iter()
            .min_by_key(|shape| {
                let cost = cost(before.chord, previous, next.chord, shape, key);
                // On a tie: where the hand began, then lower.
                let drift = (shape.iter().map(|n| n.midi_number()).sum::<i32>() - centre).abs();
                (cost, drift, shape[0].midi_number())
            })
            .ok_or_else(|| TheoryError::Unspellable(next.chord.to_string()))?;
        voiced.push(chosen);
    }
    Ok(voiced)
}

/// Every close-position voicing of `figured` in `voices` voices with its lowest note in one
/// of `octaves`, lowest note first.
fn shapes(
    figured: Figured,
    voices: usize,
    octaves: std::ops::RangeInclusive<i8>,
    key: Key,
) -> Result<Vec<Vec<SpelledNote>>, TheoryError> {
    let mut shapes = Vec::new();
    for octave in octaves {
        let Ok(mut tones) = figured.chord.root_position(octave) else {
            continue;
        };
        let mut order: Vec<u8> = (0..tones.len() as u8).collect();
        let out = match figured.left_out.map(usize::from) {
            Some(out) if out < tones.len() => Some(out),
            // A seventh chord in three voices leaves out its fifth (its root when the figure
            // puts the fifth lowest: V43 is D F G).
            _ if tones.len() > voices && tones.len() == 4 => {
                Some(if figured.lowest == Some(2) { 0 } else { 2 })
            }
            _ => None,
        };
        if let Some(out) = out {
            tones.remove(out);
            order.remove(out);
        }
        for inversion in 0..tones.len() {
            if figured
                .lowest
                .is_some_and(|lowest| order[inversion] != lowest)
            {
                continue;
            }
            let mut shape: Vec<SpelledNote> = tones[inversion..]
                .iter()
                .copied()
                .chain(tones[..inversion].iter().map(|n| n.shifted_octaves(1)))
                .collect();
            if shape.len() < voices {
                // A triad in four voices: its lowest tone doubled at the octave on top, the
                // only way to keep it within one; never the leading tone.
                if shape[0].name.pitch_class() == leading_tone(key) {
                    continue;
                }
                shape.push(shape[0].shifted_octaves(1));
            }
            if shape.iter().all(|n| n.note().is_ok()) {
                shapes.push(shape);
            }
        }
    }
    if shapes.is_empty() {
        return Err(TheoryError::Unspellable(figured.chord.to_string()));
    }
    Ok(shapes)
}

/// What moving from `previous` (voicing `before`) to `shape` (voicing `next`) costs:
/// semitones moved, common tones moved, and each rule broken.
fn cost(
    before: Chord,
    previous: &[SpelledNote],
    next: Chord,
    shape: &[SpelledNote],
    key: Key,
) -> i32 {
    let next_classes = next.pitch_classes();
    let seventh = before.pitch_classes().get(3).copied();
    let leading_tone = leading_tone(key);
    let top = previous.len().saturating_sub(1);
    let mut total = 0;
    for (voice, (from, to)) in previous.iter().zip(shape).enumerate() {
        let (from_class, step) = (
            from.name.pitch_class(),
            to.midi_number() - from.midi_number(),
        );
        total += step.abs();
        if step.abs() > LARGEST_MOVE {
            total += BROKEN_RULE;
        }
        let common = next_classes.contains(&from_class);
        if common && step != 0 {
            total += COMMON_TONE_MOVED;
        }
        if Some(from_class) == seventh && !(step == -1 || step == -2 || (step == 0 && common)) {
            total += BROKEN_RULE;
        }
        if voice == top
            && from_class == leading_tone
            && next_classes.contains(&key.tonic.pitch_class())
            && step != 1
            && !(step == 0 && common)
        {
            total += BROKEN_RULE;
        }
    }
    total
}

/// The key's leading tone: a semitone below the tonic (the raised seventh in minor).
pub fn leading_tone(key: Key) -> PitchClass {
    PitchClass::from_semitones(i32::from(key.tonic.pitch_class().index()) + 11)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theory::key::{KeyMode, RomanNumeral};

    /// The progressions a teacher checks, in every key.
    const MAJOR: [&[&str]; 5] = [
        &["ii7", "V7", "IM7"],
        &["I", "IV", "V7", "I"],
        &["I", "vi", "ii", "V7", "I"],
        &["I", "IV", "V", "I"],
        &["I", "IV64", "I", "V65", "I"],
    ];
    const MINOR: [&[&str]; 3] = [
        &["i", "iv", "V7", "i"],
        &["iiø7", "V7", "i"],
        &["i", "iv", "V", "i"],
    ];

    fn voiced(key: Key, numerals: &[&str], octave: i8) -> (Vec<Figured>, Vec<Vec<SpelledNote>>) {
        let figured: Vec<Figured> = numerals
            .iter()
            .map(|text| {
                let numeral: RomanNumeral = text.parse().unwrap();
                Figured {
                    chord: numeral.chord_in(key).unwrap(),
                    lowest: numeral.lowest(),
                    left_out: None,
                }
            })
            .collect();
        let voiced = lead(&figured, key, octave).unwrap();
        (figured, voiced)
    }

    fn names(voiced: &[SpelledNote]) -> Vec<String> {
        voiced.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_sevenths_fall_and_the_leading_tone_rises_in_c() {
        let c: Key = "C major".parse().unwrap();
        let (_, ii_v_i) = voiced(c, &["ii7", "V7", "IM7"], 4);
        assert_eq!(names(&ii_v_i[1]), ["D4", "F4", "G4", "B4"]);
        assert_eq!(names(&ii_v_i[2]), ["C4", "E4", "G4", "B4"], "F falls to E");
        let (_, cadence) = voiced(c, &["I", "IV", "V7", "I"], 4);
        let cadence: Vec<Vec<String>> = cadence.iter().map(|v| names(v)).collect();
        assert_eq!(
            cadence,
            [
                ["C4", "E4", "G4"],
                ["C4", "F4", "A4"],
                ["B3", "F4", "G4"],
                ["C4", "E4", "G4"]
            ],
            "the cadence of the method books: G7 without its fifth"
        );
        let a_minor: Key = "A minor".parse().unwrap();
        let (_, minor) = voiced(a_minor, &["iiø7", "V7", "i"], 3);
        assert_eq!(names(&minor[1]), ["B3", "D4", "E4", "G#4"]);
        assert_eq!(
            names(&minor[2]),
            ["A3", "C4", "E4", "A4"],
            "the root doubled, D falling to C, G♯ rising to A"
        );
        let (_, figured) = voiced(c, &["I", "IV64", "I", "V65", "I"], 4);
        assert_eq!(names(&figured[1]), ["C4", "F4", "A4"]);
        assert_eq!(names(&figured[3]), ["B3", "F4", "G4"]);
    }

    #[test]
    fn every_key_is_led_by_the_rules() {
        let keys = (-7..=7).flat_map(|fifths| {
            [
                (Key::from_fifths(fifths, KeyMode::Major), &MAJOR[..]),
                (Key::from_fifths(fifths, KeyMode::Minor), &MINOR[..]),
            ]
        });
        for (key, progressions) in keys {
            let key = key.unwrap();
            for numerals in progressions {
                let (figured, voiced) = voiced(key, numerals, 4);
                let what = format!("{numerals:?} in {key}");
                let voices = voiced[0].len();
                for (chord, notes) in figured.iter().zip(&voiced) {
                    let tones: Vec<PitchClass> = chord.chord.pitch_classes();
                    let classes: Vec<PitchClass> =
                        notes.iter().map(|n| n.name.pitch_class()).collect();
                    assert_eq!(notes.len(), voices, "{what}: as many voices throughout");
                    assert!(
                        classes.iter().all(|c| tones.contains(c)),
                        "{what}: {notes:?} are {}",
                        chord.chord
                    );
                    let missing: Vec<_> = tones.iter().filter(|t| !classes.contains(t)).collect();
                    assert!(
                        missing.is_empty() || (missing == [&tones[2]] && tones.len() == 4),
                        "{what}: {notes:?} leave out {missing:?} of {}",
                        chord.chord
                    );
                    assert!(
                        notes[voices - 1].midi_number() - notes[0].midi_number() <= 12,
                        "{what}: {notes:?} span over an octave"
                    );
                    if let Some(lowest) = chord.lowest {
                        assert_eq!(
                            classes[0],
                            tones[usize::from(lowest)],
                            "{what}: the figure's tone lowest"
                        );
                    }
                }
                for (pair, chords) in voiced.windows(2).zip(figured.windows(2)) {
                    let seventh = chords[0].chord.pitch_classes().get(3).copied();
                    let next = chords[1].chord.pitch_classes();
                    for (voice, (from, to)) in pair[0].iter().zip(&pair[1]).enumerate() {
                        let step = to.midi_number() - from.midi_number();
                        assert!(step.abs() <= 5, "{what}: {from} leaps to {to}");
                        if Some(from.name.pitch_class()) == seventh {
                            assert!(
                                step == -1
                                    || step == -2
                                    || (step == 0
                                        && next
                                            .contains(&seventh.unwrap_or(from.name.pitch_class()))),
                                "{what}: the seventh {from} goes to {to}"
                            );
                        }
                        if voice == voices - 1
                            && from.name.pitch_class() == leading_tone(key)
                            && next.contains(&key.tonic.pitch_class())
                        {
                            let held = step == 0 && next.contains(&leading_tone(key));
                            assert!(
                                step == 1 || held,
                                "{what}: the leading tone {from} on top goes to {to}"
                            );
                        }
                    }
                }
            }
        }
    }
}
