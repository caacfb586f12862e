//! Block-chord fingering as the method books print it, and the left hand's bass notes in a
//! five-finger position.

use super::chord::Chord;
use super::note::{PitchClass, SpelledNote};

/// Standard block-chord fingering, lowest note first: right hand 1-3-5 (1-2-5 in first
/// inversion, 1-2-3-5 for four notes); left hand 5-3-1 (5-2-1 in second inversion, 5-3-2-1
/// for four notes). Three notes with a tone at the top take 1-4-5 (left 5-2-1) over a fourth
/// or more (B F G, C F G) and 2-4-5 (left 4-2-1) over a third (D F G, the hand staying in C
/// position); with a tone at the bottom 1-2-5 (left 5-4-1), as C D G. None for other numbers
/// of notes.
pub fn block_chord(voiced: &[SpelledNote], chord: &Chord, left: bool) -> Option<Vec<u8>> {
    let tones: Vec<PitchClass> = chord.pitch_classes();
    let bass_tone = voiced
        .first()
        .and_then(|n| tones.iter().position(|t| *t == n.name.pitch_class()))
        .unwrap_or(0);
    let gaps: Vec<i32> = voiced
        .windows(2)
        .map(|pair| pair[1].midi_number() - pair[0].midi_number())
        .collect();
    let (right, left_hand): (&[u8], &[u8]) = match (voiced.len(), gaps.as_slice()) {
        // D F G under a hand in C position: it stays where it is, the thumb over C.
        (3, [bottom, top]) if *top <= 2 && *bottom <= 4 => (&[2, 4, 5], &[4, 2, 1]),
        (3, [_, top]) if *top <= 2 => (&[1, 4, 5], &[5, 2, 1]),
        (3, [bottom, _]) if *bottom <= 2 => (&[1, 2, 5], &[5, 4, 1]),
        (3, _) => match bass_tone {
            1 => (&[1, 2, 5], &[5, 3, 1]),
            2 => (&[1, 3, 5], &[5, 2, 1]),
            _ => (&[1, 3, 5], &[5, 3, 1]),
        },
        (4, _) => (&[1, 2, 3, 5], &[5, 3, 2, 1]),
        _ => return None,
    };
    Some(if left { left_hand } else { right }.to_vec())
}

/// The left hand's finger for `bass` in the five-finger position whose finger 5 is on `lowest`
/// (C position: C 5, D 4, E 3, F 2, G 1); none outside it.
pub fn bass_finger(lowest: SpelledNote, bass: SpelledNote) -> Option<u8> {
    match bass.midi_number() - lowest.midi_number() {
        0 => Some(5),
        1 | 2 => Some(4),
        3 | 4 => Some(3),
        5 | 6 => Some(2),
        7 => Some(1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theory::{ChordQuality, PitchName};

    fn notes(text: &str) -> Vec<SpelledNote> {
        text.split(' ').map(|n| n.parse().unwrap()).collect()
    }

    fn chord(root: &str, quality: ChordQuality) -> Chord {
        Chord {
            root: root.parse::<PitchName>().unwrap(),
            quality,
        }
    }

    #[test]
    fn the_method_books_shapes() {
        let major = |root| chord(root, ChordQuality::Major);
        let g7 = chord("G", ChordQuality::Dominant7);
        let cases = [
            ("C4 E4 G4", major("C"), [1, 3, 5], [5, 3, 1]),
            ("B3 D4 G4", major("G"), [1, 2, 5], [5, 3, 1]),
            ("C4 F4 A4", major("F"), [1, 3, 5], [5, 2, 1]),
            ("B3 F4 G4", g7, [1, 4, 5], [5, 2, 1]),
            (
                "C4 D4 G4",
                chord("C", ChordQuality::Sus2),
                [1, 2, 5],
                [5, 4, 1],
            ),
            ("D4 F4 G4", g7, [2, 4, 5], [4, 2, 1]),
        ];
        for (voiced, chord, right, left) in cases {
            let voiced = notes(voiced);
            assert_eq!(
                block_chord(&voiced, &chord, false),
                Some(right.to_vec()),
                "{voiced:?}"
            );
            assert_eq!(
                block_chord(&voiced, &chord, true),
                Some(left.to_vec()),
                "{voiced:?}"
            );
        }
        let four = notes("D4 F4 G4 B4");
        assert_eq!(block_chord(&four, &g7, false), Some(vec![1, 2, 3, 5]));
        assert_eq!(block_chord(&notes("C4 E4"), &major("C"), false), None);
    }

    #[test]
    fn the_bass_stays_in_its_five_finger_position() {
        let c3: SpelledNote = "C3".parse().unwrap();
        let fingers: Vec<Option<u8>> = ["C3", "F3", "G3", "C3", "B2", "A3"]
            .iter()
            .map(|n| bass_finger(c3, n.parse().unwrap()))
            .collect();
        assert_eq!(fingers, [Some(5), Some(2), Some(1), Some(5), None, None]);
    }
}
