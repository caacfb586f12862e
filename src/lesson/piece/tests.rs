//! A piece's sections: their steps, ids, the other hand, ties and grace notes.

use super::*;

fn note(start: f64, length: f64, midi: u8, hand: Hand) -> PieceNote {
    PieceNote {
        start,
        length,
        note: Note(midi),
        name: None,
        hand,
        finger: None,
        tied_from_before: false,
        grace: false,
    }
}

fn piece(notes: Vec<PieceNote>) -> Piece {
    Piece {
        title: "Test".to_owned(),
        composer: None,
        key: None,
        time: TimeSignature::default(),
        tempo: Some(96.0),
        bars: (0..3)
            .map(|i| PieceBar {
                number: i + 1,
                start: f64::from(i) * 4.0,
                length: 4.0,
                time: TimeSignature::default(),
                key: None,
            })
            .collect(),
        notes,
        fingerprint: 7,
    }
}

#[test]
fn a_note_held_past_the_section_is_written_to_its_end() {
    // A note never let go in the file: it sounds to the end of its track, a thousand bars on.
    let held = piece(vec![
        note(0.0, 4000.0, 60, Hand::Right),
        note(4.0, 1.0, 62, Hand::Right),
    ]);
    let bar_one = held
        .lesson(Section {
            hand: Hand::Right,
            bars: Some((1, 1)),
        })
        .unwrap();
    assert_eq!(bar_one.steps.len(), 1);
    assert_eq!(bar_one.steps[0].beats, 4.0);
    let whole = held.lesson(Section::default()).unwrap();
    assert_eq!(whole.steps[0].beats, 12.0, "to the end of the last bar");
    assert_eq!(whole.lesson.id.as_str(), "piece-0000000000000007-both-all");
}

#[test]
fn a_section_id_names_the_piece_hand_and_bars() {
    for section in [
        Section::default(),
        Section {
            hand: Hand::Left,
            bars: Some((0, 12)),
        },
    ] {
        let id = section.id_in(0xfeed);
        assert_eq!(Section::from_id(&id), Some((0xfeed, section)), "{id}");
    }
    assert_eq!(
        Section::id_in(
            Section {
                hand: Hand::Right,
                bars: Some((1, 4))
            },
            7
        ),
        "piece-0000000000000007-right-1-4"
    );
    for not_one in [
        "piece-7-right-1-4",
        "c-major-scale-rh",
        "piece-0000000000000007-up-all",
        "piece-+000000000000007-right-1-4",
        "piece-0000000000000007-right-01-4",
    ] {
        assert_eq!(Section::from_id(not_one), None, "{not_one}");
    }
}

#[test]
fn the_other_hand_is_heard_as_written_ties_as_one_note() {
    let mut tied = note(8.0, 2.0, 48, Hand::Left);
    tied.tied_from_before = true;
    let piece = piece(vec![
        note(4.0, 1.0, 64, Hand::Right),
        note(4.0, 4.0, 48, Hand::Left),
        tied,
        note(9.0, 1.0, 67, Hand::Right),
    ]);
    let bars = Section {
        hand: Hand::Right,
        bars: Some((2, 3)),
    };
    let other = piece.other_hand(bars).unwrap();
    assert_eq!(
        other,
        [OtherHandNote {
            beat: 0.0,
            length: 6.0,
            note: Note(48)
        }]
    );
    let lesson = piece.lesson(bars).unwrap();
    assert_eq!(lesson.steps.len(), 2, "the right hand's two notes");
    assert!(
        piece
            .other_hand(Section {
                hand: Hand::Both,
                bars: None
            })
            .unwrap()
            .is_empty()
    );
}

#[test]
fn tie_continuations_and_grace_notes_start_no_step() {
    let mut tied = note(4.0, 2.0, 60, Hand::Right);
    tied.tied_from_before = true;
    let mut grace = note(5.9, 0.1, 61, Hand::Right);
    grace.grace = true;
    let lesson = piece(vec![
        note(0.0, 4.0, 60, Hand::Right),
        tied,
        grace,
        note(6.0, 1.0, 64, Hand::Right),
        note(6.0, 2.0, 48, Hand::Left),
    ])
    .lesson(Section::default())
    .unwrap();
    let notes: Vec<Vec<u8>> = lesson
        .steps
        .iter()
        .map(|s| s.notes.iter().map(|n| n.0).collect())
        .collect();
    assert_eq!(notes, [vec![60], vec![48, 64]]);
    assert_eq!(lesson.steps[0].beats, 6.0, "held through the tie");
    assert_eq!(lesson.steps[1].hand, Hand::Both);
}
