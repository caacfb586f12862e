//! `etude sheet`'s engraving checked against held-out cases copied from published theory
//! tables (the circle of fifths' key signatures, the harmonic minor's raised seventh in every
//! key, melodic minor written up and down in one bar), not computed by Etude's own rules.

use etude::lesson::parse;
use etude::notation::{Clef, Sheet, Shown, engrave};

fn scale(tonic: &str, kind: &str, hand: &str, per_beat: u8) -> Sheet {
    let text = format!(
        r#"Lesson(id: "held-out", title: "Held out", level: 1, tempo: 60,
            exercise: Scale(tonic: "{tonic}", scale: {kind}, octaves: 1, direction: UpDown,
                            hand: {hand}, notes_per_beat: {per_beat}))"#
    );
    engrave(&parse(&text, "held-out.ron").unwrap())
}

/// Sharps (+) and flats (−) of every major and minor key (e.g. Kostka & Payne, *Tonal
/// Harmony*, the circle of fifths).
const MAJOR_KEYS: [(&str, i8); 15] = [
    ("C4", 0),
    ("G4", 1),
    ("D4", 2),
    ("A4", 3),
    ("E4", 4),
    ("B4", 5),
    ("F#4", 6),
    ("C#4", 7),
    ("F4", -1),
    ("Bb4", -2),
    ("Eb4", -3),
    ("Ab4", -4),
    ("Db4", -5),
    ("Gb4", -6),
    ("Cb4", -7),
];

const MINOR_KEYS: [(&str, i8); 15] = [
    ("A4", 0),
    ("E4", 1),
    ("B4", 2),
    ("F#4", 3),
    ("C#4", 4),
    ("G#4", 5),
    ("D#4", 6),
    ("A#4", 7),
    ("D4", -1),
    ("G4", -2),
    ("C4", -3),
    ("F4", -4),
    ("Bb4", -5),
    ("Eb4", -6),
    ("Ab4", -7),
];

#[test]
fn every_major_and_minor_key_has_its_signature() {
    for (tonic, count) in MAJOR_KEYS {
        for kind in ["Major", "MajorPentatonic"] {
            let sheet = scale(tonic, kind, "Right", 1);
            assert_eq!(sheet.key_signature, count, "{tonic} {kind}");
        }
    }
    for (tonic, count) in MINOR_KEYS {
        for kind in [
            "NaturalMinor",
            "HarmonicMinor",
            "MelodicMinor",
            "MinorPentatonic",
            "Blues",
        ] {
            let sheet = scale(tonic, kind, "Left", 1);
            assert_eq!(sheet.key_signature, count, "{tonic} {kind}");
        }
    }
}

#[test]
fn the_church_modes_take_their_parent_major_keys_signature() {
    let cases = [
        ("D4", "Dorian", 0),
        ("E4", "Phrygian", 0),
        ("F4", "Lydian", 0),
        ("G4", "Mixolydian", 0),
        ("B4", "Locrian", 0),
        ("A4", "Dorian", 1),
        ("F#4", "Phrygian", 2),
        ("C4", "Lydian", 1),
        ("C4", "Mixolydian", -1),
        ("G4", "Dorian", -1),
        ("C#4", "Locrian", 2),
        ("Bb4", "Mixolydian", -3),
    ];
    for (tonic, kind, count) in cases {
        assert_eq!(
            scale(tonic, kind, "Right", 1).key_signature,
            count,
            "{tonic} {kind}"
        );
    }
    for kind in ["WholeTone", "Chromatic"] {
        assert_eq!(scale("D4", kind, "Right", 1).key_signature, 0, "{kind}");
    }
}

/// The harmonic minor's leading note as every key writes it, and the accidental it shows
/// (from the harmonic minor scale tables): a sharp, a natural in the flat keys whose seventh
/// the signature flattens, a double sharp where the signature already sharpens it.
#[test]
fn the_harmonic_minors_raised_seventh_in_every_key() {
    let cases = [
        ("A4", "G#5", Shown::Sharp),
        ("E4", "D#5", Shown::Sharp),
        ("B4", "A#5", Shown::Sharp),
        ("F#4", "E#5", Shown::Sharp),
        ("C#4", "B#4", Shown::Sharp),
        ("G#4", "F##5", Shown::DoubleSharp),
        ("D#4", "C##5", Shown::DoubleSharp),
        ("A#4", "G##5", Shown::DoubleSharp),
        ("D4", "C#5", Shown::Sharp),
        ("G4", "F#5", Shown::Sharp),
        ("C4", "B4", Shown::Natural),
        ("F4", "E5", Shown::Natural),
        ("Bb4", "A5", Shown::Natural),
        ("Eb4", "D5", Shown::Natural),
        ("Ab4", "G5", Shown::Natural),
    ];
    for (tonic, seventh, shown) in cases {
        let sheet = scale(tonic, "HarmonicMinor", "Right", 1);
        let sevenths: Vec<_> = sheet.notes.iter().filter(|n| n.name == seventh).collect();
        // Once going up, once coming down (in the next bar: shown again).
        assert_eq!(sevenths.len(), 2, "{tonic}: {seventh}");
        for note in sevenths {
            assert_eq!(
                note.accidental,
                Some(shown),
                "{tonic}: {seventh} bar {}",
                note.bar
            );
        }
        // No other note shows one.
        let others = sheet
            .notes
            .iter()
            .filter(|n| n.name != seventh && n.accidental.is_some())
            .count();
        assert_eq!(others, 0, "{tonic}");
    }
}

/// Melodic minor up and down in one bar of sixteenths: the raised sixth and seventh going up,
/// then both restored coming down, each shown because the bar's earlier accidental holds.
#[test]
fn melodic_minor_up_and_down_in_one_bar() {
    use Shown::{Flat, Natural, Sharp};
    let cases: [(&str, [Option<Shown>; 15]); 3] = [
        (
            "G4",
            [
                None,
                None,
                None,
                None,
                None,
                Some(Natural),
                Some(Sharp),
                None,
                Some(Natural),
                Some(Flat),
                None,
                None,
                None,
                None,
                None,
            ],
        ),
        (
            "C4",
            [
                None,
                None,
                None,
                None,
                None,
                Some(Natural),
                Some(Natural),
                None,
                Some(Flat),
                Some(Flat),
                None,
                None,
                None,
                None,
                None,
            ],
        ),
        (
            "E4",
            [
                None,
                None,
                None,
                None,
                None,
                Some(Sharp),
                Some(Sharp),
                None,
                Some(Natural),
                Some(Natural),
                None,
                None,
                None,
                None,
                None,
            ],
        ),
    ];
    for (tonic, shown) in cases {
        let sheet = scale(tonic, "MelodicMinor", "Right", 4);
        assert!(sheet.notes.iter().all(|n| n.bar == 1), "{tonic}: one bar");
        let written: Vec<Option<Shown>> = sheet.notes.iter().map(|n| n.accidental).collect();
        assert_eq!(written, shown, "{tonic} melodic minor");
    }
}

/// Both hands: the left hand's notes on the bass staff (C3 in its second space), the right's on
/// the treble staff (C4 on the first ledger line below).
#[test]
fn both_hands_are_written_on_a_grand_staff_as_printed() {
    let sheet = scale("C4", "Major", "Both", 1);
    assert_eq!(sheet.clefs, [Clef::Treble, Clef::Bass]);
    let first: Vec<(&str, Clef, i32)> = sheet
        .notes
        .iter()
        .filter(|n| n.step == 0)
        .map(|n| (n.name.as_str(), n.staff, n.position))
        .collect();
    assert_eq!(first, [("C3", Clef::Bass, 3), ("C4", Clef::Treble, -2)]);
}
