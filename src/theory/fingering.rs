//! Scale fingerings as the published scale books print them (ABRSM's *Scales and Arpeggios*,
//! Alfred's *Complete Book of Scales*): one octave going up, for each hand; further octaves
//! repeat the pattern (the right hand's first seven fingers, the left hand's last seven). Given for the major scales
//! in every key and the minor scales (natural, harmonic, and melodic where its ascending form
//! is fingered like the harmonic) in the keys the books agree on; none for the others, which
//! the player fingers as they choose.

use super::note::{Letter, PitchName};
use super::scale::ScaleKind;

/// One octave up, right hand and left hand.
type Octave = ([u8; 8], [u8; 8]);

/// The "C major" shape: thumb on the tonic, the white-key scales C G D A E.
const C_SHAPE: Octave = ([1, 2, 3, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 3, 2, 1]);

fn major(tonic: PitchName) -> Option<Octave> {
    const FLAT: i32 = -1;
    const NATURAL: i32 = 0;
    const SHARP: i32 = 1;
    use Letter::*;
    Some(match (tonic.letter, tonic.accidental.semitones()) {
        (C | G | D | A | E, NATURAL) => C_SHAPE,
        (B, NATURAL) | (C, FLAT) => ([1, 2, 3, 1, 2, 3, 4, 5], [4, 3, 2, 1, 4, 3, 2, 1]),
        (F, NATURAL) => ([1, 2, 3, 4, 1, 2, 3, 4], [5, 4, 3, 2, 1, 3, 2, 1]),
        (F, SHARP) | (G, FLAT) => ([2, 3, 4, 1, 2, 3, 1, 2], [4, 3, 2, 1, 3, 2, 1, 4]),
        (C, SHARP) | (D, FLAT) => ([2, 3, 1, 2, 3, 4, 1, 2], [3, 2, 1, 4, 3, 2, 1, 3]),
        (A, FLAT) => ([3, 4, 1, 2, 3, 1, 2, 3], [3, 2, 1, 4, 3, 2, 1, 3]),
        (E, FLAT) => ([3, 1, 2, 3, 4, 1, 2, 3], [3, 2, 1, 4, 3, 2, 1, 3]),
        (B, FLAT) => ([4, 1, 2, 3, 1, 2, 3, 4], [3, 2, 1, 4, 3, 2, 1, 3]),
        _ => return None,
    })
}

/// Natural and harmonic minor (and melodic minor, going up, in the keys marked).
fn minor(tonic: PitchName, melodic: bool) -> Option<Octave> {
    const FLAT: i32 = -1;
    const NATURAL: i32 = 0;
    const SHARP: i32 = 1;
    use Letter::*;
    Some(match (tonic.letter, tonic.accidental.semitones()) {
        (A | E | D | G | C, NATURAL) => C_SHAPE,
        (B, NATURAL) => ([1, 2, 3, 1, 2, 3, 4, 5], [4, 3, 2, 1, 4, 3, 2, 1]),
        (F, NATURAL) => ([1, 2, 3, 4, 1, 2, 3, 4], [5, 4, 3, 2, 1, 3, 2, 1]),
        _ if melodic => return None,
        (F, SHARP) => ([3, 4, 1, 2, 3, 1, 2, 3], [4, 3, 2, 1, 3, 2, 1, 4]),
        (C | G, SHARP) | (A, FLAT) => ([3, 4, 1, 2, 3, 1, 2, 3], [3, 2, 1, 4, 3, 2, 1, 3]),
        (D, SHARP) | (E, FLAT) => ([3, 1, 2, 3, 4, 1, 2, 3], [2, 1, 4, 3, 2, 1, 3, 2]),
        (A, SHARP) | (B, FLAT) => ([2, 1, 2, 3, 1, 2, 3, 4], [2, 1, 3, 2, 1, 4, 3, 2]),
        _ => return None,
    })
}

/// The book fingering of `octaves` octaves of `kind` on `tonic` going up, right hand then left
/// hand (one finger a note, `7 × octaves + 1` of them), when the books give one.
pub fn scale_fingering(
    tonic: PitchName,
    kind: &ScaleKind,
    octaves: u8,
) -> Option<(Vec<u8>, Vec<u8>)> {
    let (right, left) = match kind {
        ScaleKind::Major => major(tonic)?,
        ScaleKind::NaturalMinor | ScaleKind::HarmonicMinor => minor(tonic, false)?,
        ScaleKind::MelodicMinor => minor(tonic, true)?,
        _ => return None,
    };
    // The right hand repeats an octave's first seven fingers and ends on its last (but B♭ minor
    // takes its inner tonics with 4, as at the top); the left hand starts on its first and
    // repeats the other seven.
    let inner = match (tonic.letter, tonic.accidental.semitones(), kind) {
        (Letter::B, -1, ScaleKind::NaturalMinor | ScaleKind::HarmonicMinor)
        | (Letter::A, 1, ScaleKind::NaturalMinor | ScaleKind::HarmonicMinor) => right[7],
        _ => right[0],
    };
    let mut right_hand = vec![right[0]];
    for octave in 0..octaves {
        if octave > 0 {
            right_hand.push(inner);
        }
        right_hand.extend_from_slice(&right[1..7]);
    }
    right_hand.push(right[7]);
    let mut left_hand = vec![left[0]];
    left_hand.extend((0..octaves).flat_map(|_| left[1..].to_vec()));
    Some((right_hand, left_hand))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> PitchName {
        text.parse().unwrap()
    }

    #[test]
    fn books_fingerings_for_the_major_scales() {
        // C major, two octaves: the thumb on C and F each octave, 5 on the top C.
        let (right, left) = scale_fingering(name("C"), &ScaleKind::Major, 2).unwrap();
        assert_eq!(right, [1, 2, 3, 1, 2, 3, 4, 1, 2, 3, 1, 2, 3, 4, 5]);
        assert_eq!(left, [5, 4, 3, 2, 1, 3, 2, 1, 4, 3, 2, 1, 3, 2, 1]);
        // B♭ major: the right hand's 4 on B♭, the left hand's 3.
        let (right, left) = scale_fingering(name("Bb"), &ScaleKind::Major, 1).unwrap();
        assert_eq!(right, [4, 1, 2, 3, 1, 2, 3, 4]);
        assert_eq!(left, [3, 2, 1, 4, 3, 2, 1, 3]);
        // Every major key has one, and each octave starts as the first.
        for tonic in [
            "C", "G", "D", "A", "E", "B", "F#", "C#", "F", "Bb", "Eb", "Ab", "Db", "Gb", "Cb",
        ] {
            let (right, left) = scale_fingering(name(tonic), &ScaleKind::Major, 3).unwrap();
            assert_eq!((right.len(), left.len()), (22, 22), "{tonic}");
            assert_eq!(right[0], right[7], "{tonic}");
            assert_eq!(left[7], left[14], "{tonic}");
        }
    }

    #[test]
    fn b_flat_minor_takes_its_inner_tonic_with_the_fourth_finger() {
        let (right, left) = scale_fingering(name("Bb"), &ScaleKind::HarmonicMinor, 2).unwrap();
        assert_eq!(right, [2, 1, 2, 3, 1, 2, 3, 4, 1, 2, 3, 1, 2, 3, 4]);
        assert_eq!(left, [2, 1, 3, 2, 1, 4, 3, 2, 1, 3, 2, 1, 4, 3, 2]);
    }

    #[test]
    fn minor_scales_where_the_books_agree_and_none_elsewhere() {
        let (right, _) = scale_fingering(name("F#"), &ScaleKind::HarmonicMinor, 1).unwrap();
        assert_eq!(right, [3, 4, 1, 2, 3, 1, 2, 3]);
        assert!(scale_fingering(name("F#"), &ScaleKind::MelodicMinor, 1).is_none());
        assert!(scale_fingering(name("A"), &ScaleKind::MelodicMinor, 1).is_some());
        assert!(scale_fingering(name("C"), &ScaleKind::Blues, 1).is_none());
    }
}
