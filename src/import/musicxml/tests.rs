//! Reading scores: bar numbers, key and time per bar, numbers out of range.

use super::*;
use crate::lesson::piece::Section;

/// A one-part, one-staff score of `measures` (each `(attributes, number, implicit, notes)`).
fn score(measures: &[(&str, &str, bool, &str)]) -> String {
    let mut xml = String::from(r#"<score-partwise><part id="P1">"#);
    for (attributes, number, implicit, notes) in measures {
        let implicit = if *implicit { r#" implicit="yes""# } else { "" };
        xml.push_str(&format!(
            r#"<measure number="{number}"{implicit}><attributes>{attributes}</attributes>{notes}</measure>"#
        ));
    }
    xml.push_str("</part></score-partwise>");
    xml
}

fn quarter(step: &str, octave: &str) -> String {
    format!(
        "<note><pitch><step>{step}</step><octave>{octave}</octave></pitch><duration>1</duration></note>"
    )
}

fn read(xml: &str) -> Result<Piece, MusicXmlError> {
    read_score(xml, "test", 1)
}

#[test]
fn an_excerpt_keeps_its_printed_bar_numbers_and_a_short_first_bar_is_the_pickup() {
    let four = quarter("C", "4").repeat(4);
    let excerpt = score(&[
        ("<divisions>1</divisions>", "25", false, &four),
        ("", "26", false, &four),
        ("", "X", false, &four),
    ]);
    let bars: Vec<u32> = read(&excerpt)
        .unwrap()
        .bars
        .iter()
        .map(|b| b.number)
        .collect();
    assert_eq!(bars, [25, 26, 27], "a number that is no number: the next");
    // Unmarked, but one quarter long in 4/4: a pickup.
    let upbeat = score(&[
        ("<divisions>1</divisions>", "1", false, &quarter("G", "4")),
        ("", "2", false, &four),
    ]);
    let piece = read(&upbeat).unwrap();
    let bars: Vec<(u32, f64)> = piece.bars.iter().map(|b| (b.number, b.length)).collect();
    assert_eq!(bars, [(0, 1.0), (2, 4.0)]);
}

#[test]
fn a_section_takes_the_key_and_time_in_force_where_it_begins() {
    let four = quarter("F", "4").repeat(4);
    let three = quarter("B", "4").repeat(3);
    let changing = score(&[
        (
            "<divisions>1</divisions><key><fifths>0</fifths></key><time><beats>4</beats><beat-type>4</beat-type></time>",
            "1",
            false,
            &four,
        ),
        (
            "<key><fifths>-2</fifths></key><time><beats>3</beats><beat-type>4</beat-type></time>",
            "2",
            false,
            &three,
        ),
    ]);
    let piece = read(&changing).unwrap();
    assert_eq!(piece.bars[1].time.bar_in_quarters(), 3.0);
    let second = piece
        .lesson(Section {
            hand: Hand::Right,
            bars: Some((2, 2)),
        })
        .unwrap();
    let crate::lesson::Exercise::Notes { key, time, .. } = second.lesson.exercise else {
        panic!("a piece is written notes");
    };
    assert_eq!(key.map(|k| k.fifths()), Some(-2));
    assert_eq!(time.map(|t| (t.beats, t.unit)), Some((3, 4)));
    assert_eq!(second.steps[0].names[0].to_string(), "B4");
}

#[test]
fn numbers_out_of_any_range_are_refused_where_they_stand() {
    let cases = [
        (
            score(&[("", "1", false, &quarter("C", "357913941"))]),
            "octave 357913941",
        ),
        (
            score(&[(
                "<time><beats>4294967295+1</beats><beat-type>4</beat-type></time>",
                "1",
                false,
                "",
            )]),
            "a time signature of 4294967295/4",
        ),
        (
            score(&[("<divisions>0</divisions>", "1", false, "")]),
            "divisions 0",
        ),
        (
            score(&[(
                "<divisions>1</divisions>",
                "1",
                false,
                "<note><pitch><step>C</step><octave>4</octave></pitch><duration>100000</duration></note>",
            )]),
            "a duration of 100000 quarter notes",
        ),
    ];
    for (xml, said) in cases {
        let error = read(&xml).unwrap_err().to_string();
        assert!(error.starts_with("line 1, column "), "{error}");
        assert!(error.contains(said), "{said} in {error}");
    }
    // A transposition out of all reason is held to four octaves, not overflowed.
    let transposed = score(&[(
        "<divisions>1</divisions><transpose><chromatic>2147483647</chromatic><octave-change>2147483647</octave-change></transpose>",
        "1",
        false,
        &quarter("C", "4"),
    )]);
    assert_eq!(read(&transposed).unwrap().notes[0].note, Note(60 + 48));
}
