//! The engraving rules on real lesson files.

use super::*;
use crate::lesson::parse;

fn sheet(text: &str) -> Sheet {
    engrave(&parse(text, "test.ron").unwrap())
}

fn scale(tonic: &str, kind: &str, direction: &str, per_beat: u8) -> Sheet {
    sheet(&format!(
        r#"Lesson(id: "s", title: "S", level: 1, tempo: 60,
            exercise: Scale(tonic: "{tonic}", scale: {kind}, octaves: 1, direction: {direction},
                            hand: Right, notes_per_beat: {per_beat}))"#
    ))
}

/// Each note as "name accidental-or-dash", in order.
fn written(sheet: &Sheet) -> Vec<String> {
    sheet
        .notes
        .iter()
        .map(|n| {
            let shown = n.accidental.map_or("-".to_owned(), |a| format!("{a:?}"));
            format!("{} {shown}", n.name)
        })
        .collect()
}

#[test]
fn f_sharp_major_writes_e_sharp_without_an_accidental() {
    let sheet = scale("F#4", "Major", "Up", 1);
    assert_eq!(sheet.key_signature, 6);
    assert!(
        sheet.notes.iter().all(|n| n.accidental.is_none()),
        "{:?}",
        written(&sheet)
    );
    assert!(sheet.notes.iter().any(|n| n.name == "E#5"));
}

#[test]
fn harmonic_minor_shows_its_raised_seventh_once_a_bar() {
    let sheet = scale("A4", "HarmonicMinor", "UpDown", 4);
    assert_eq!(sheet.key_signature, 0);
    let sharps: Vec<(u32, &str)> = sheet
        .notes
        .iter()
        .filter(|n| n.accidental == Some(Shown::Sharp))
        .map(|n| (n.bar, n.name.as_str()))
        .collect();
    // Up A B C D E F G♯ A, down G♯ F …: the G♯ on the way down is in the same bar and needs
    // no second sharp.
    assert_eq!(sharps, [(1, "G#5")]);
}

#[test]
fn melodic_minor_descending_in_one_bar_restores_its_flats() {
    let sheet = scale("C4", "MelodicMinor", "UpDown", 8);
    assert_eq!(sheet.key_signature, -3);
    assert_eq!(sheet.bars, 1);
    assert_eq!(
        written(&sheet),
        [
            "C4 -",
            "D4 -",
            "Eb4 -",
            "F4 -",
            "G4 -",
            "A4 Natural",
            "B4 Natural",
            "C5 -",
            "Bb4 Flat",
            "Ab4 Flat",
            "G4 -",
            "F4 -",
            "Eb4 -",
            "D4 -",
            "C4 -"
        ]
    );
}

#[test]
fn a_chromatic_scale_shows_each_flat_and_the_natural_after_it() {
    let sheet = scale("C4", "Chromatic", "UpDown", 4);
    assert_eq!(sheet.key_signature, 0);
    let shown = written(&sheet);
    assert_eq!(shown[1], "Db4 Flat");
    assert_eq!(shown[2], "D4 Natural");
    // Bar 2 begins afresh; whatever the spelling down, every note sounds what it says.
    for note in &sheet.notes {
        let altered = note.name.contains('#') || note.name.contains('b');
        if note.accidental.is_none() && altered {
            let earlier = sheet.notes.iter().any(|m| {
                m.bar == note.bar
                    && m.position == note.position
                    && m.name == note.name
                    && m.accidental.is_some()
            });
            assert!(earlier, "{} in bar {} shows nothing", note.name, note.bar);
        }
    }
}

#[test]
fn both_hands_are_written_on_a_grand_staff() {
    let sheet = sheet(
        r#"Lesson(id: "s", title: "S", level: 1, tempo: 60,
            exercise: Scale(tonic: "C4", scale: Major, octaves: 1, direction: Up, hand: Both))"#,
    );
    assert_eq!(sheet.clefs, [Clef::Treble, Clef::Bass]);
    let first: Vec<(&str, Clef, i32)> = sheet
        .notes
        .iter()
        .filter(|n| n.step == 0)
        .map(|n| (n.name.as_str(), n.staff, n.position))
        .collect();
    // C3 in the bass staff's second space from the top, middle C a ledger line below treble.
    assert_eq!(first, [("C3", Clef::Bass, 3), ("C4", Clef::Treble, -2)]);
    assert_eq!(sheet.bars, 2);
    // Eight quarters fill two bars: no rest.
    assert!(sheet.rests.is_empty());
}

#[test]
fn melodies_take_their_key_and_time_and_the_last_bar_is_completed() {
    let sheet = sheet(
        r#"Lesson(id: "m", title: "M", level: 1, tempo: 60,
            exercise: Notes(hand: Right, key: "G major", time: (3, 4),
                            steps: ["G4", "F#4", "F4", "G4"], beats: [1, 1, 1, 2]))"#,
    );
    assert_eq!((sheet.key_signature, sheet.time_signature), (1, [3, 4]));
    assert_eq!(written(&sheet), ["G4 -", "F#4 -", "F4 Natural", "G4 -"]);
    let last = &sheet.notes[3];
    assert_eq!(
        (last.bar, last.beat, last.duration),
        (2, 0.0, NoteValue::Half)
    );
    assert_eq!(sheet.rests.len(), 1);
    assert_eq!(
        (sheet.rests[0].beat, sheet.rests[0].duration),
        (2.0, NoteValue::Quarter)
    );
}

#[test]
fn quick_notes_of_one_beat_share_a_beam() {
    let sheet = scale("C4", "Major", "Up", 2);
    let beams: Vec<Option<u32>> = sheet.notes.iter().map(|n| n.beam).collect();
    assert_eq!(
        beams,
        [
            Some(0),
            Some(0),
            Some(1),
            Some(1),
            Some(2),
            Some(2),
            Some(3),
            Some(3)
        ]
    );
    assert!(sheet.notes.iter().all(|n| n.duration == NoteValue::Eighth));
}

#[test]
fn each_staff_of_a_grand_staff_has_beams_of_its_own() {
    let sheet = sheet(
        r#"Lesson(id: "s", title: "S", level: 1, tempo: 60,
            exercise: Scale(tonic: "C4", scale: Major, octaves: 1, direction: Up, hand: Both,
                            notes_per_beat: 2))"#,
    );
    let mut beams: HashMap<u32, Vec<(Clef, usize)>> = HashMap::new();
    for note in &sheet.notes {
        let beam = note.beam.expect("every eighth of a run is beamed");
        beams.entry(beam).or_default().push((note.staff, note.step));
    }
    // Four beats, two staves: eight beams of two steps each, each on one staff.
    assert_eq!(beams.len(), 8);
    for notes in beams.values() {
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(notes[0].0, notes[1].0, "{notes:?}");
        assert_ne!(notes[0].1, notes[1].1, "{notes:?}");
    }
}
