//! Pieces from MIDI files made for these tests (`tests/data/pieces/make_midi.py` lists every
//! note as a person counts them): the steps of each hand and of bars, hands by track names, by
//! two unnamed tracks and by pitch; scoring a performance of a section; files refused.

use std::path::{Path, PathBuf};

use etude::engine::{EventKind, NoteEvent};
use etude::theory::Note;
use serde_json::Value;

use crate::cli::{etude, json};

fn piece(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/pieces")
        .join(name)
        .display()
        .to_string()
}

/// Each step's note names, joined: "G3 B3 D4 D5".
fn steps(shown: &Value) -> Vec<String> {
    shown["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s["names"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn a_two_hand_midi_file_is_learned_hand_by_hand_and_bar_by_bar() {
    let minuet = piece("minuet-named.mid");
    let right = json(&["lessons", "show", &minuet, "--hand", "right", "--json"]);
    assert_eq!(
        steps(&right),
        [
            "D5", "G4", "A4", "B4", "C5", "D5", "G4", "G4", "E5", "C5", "D5", "E5", "F#5", "G5"
        ]
    );
    assert_eq!(right["title"], "Little Minuet, right hand");
    assert_eq!(right["tempo"], 96);
    let left = json(&["lessons", "show", &minuet, "--hand", "left", "--json"]);
    assert_eq!(steps(&left), ["G3 B3 D4", "A3", "B3", "C4", "B3"]);
    let both = json(&["lessons", "show", &minuet, "--json"]);
    assert_eq!(steps(&both).len(), 14);
    assert_eq!(steps(&both)[0], "G3 B3 D4 D5");
    // Bars 2–3 of the right hand: beats count quarters from bar 2 (3/4).
    let section = json(&[
        "lessons", "show", &minuet, "--hand", "right", "--bars", "2-3", "--json",
    ]);
    assert_eq!(
        steps(&section),
        ["D5", "G4", "G4", "E5", "C5", "D5", "E5", "F#5"]
    );
    let beats: Vec<f64> = section["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["beat"].as_f64().unwrap())
        .collect();
    assert_eq!(beats, [0.0, 1.0, 2.0, 3.0, 4.0, 4.5, 5.0, 5.5]);
    // The sheet: G major, 3/4, two bars.
    let sheet = json(&[
        "sheet", "--lesson", &minuet, "--hand", "right", "--bars", "2-3", "--json",
    ]);
    assert_eq!(sheet["key_signature"], 1);
    assert_eq!(sheet["time_signature"], serde_json::json!([3, 4]));
    assert_eq!(sheet["bars"], 2);
}

#[test]
fn hands_come_from_two_unnamed_tracks_or_else_from_middle_c() {
    let two = piece("two-unnamed-tracks.mid");
    let right = json(&["lessons", "show", &two, "--hand", "right", "--json"]);
    // The first track is the right hand, low as it plays.
    assert_eq!(steps(&right), ["C3", "D3"]);
    let left = json(&["lessons", "show", &two, "--hand", "left", "--json"]);
    assert_eq!(steps(&left), ["C6"]);
    let one = piece("format0-by-pitch.mid");
    assert_eq!(
        steps(&json(&[
            "lessons", "show", &one, "--hand", "right", "--json"
        ])),
        ["C4", "E4", "G4"]
    );
    assert_eq!(
        steps(&json(&[
            "lessons", "show", &one, "--hand", "left", "--json"
        ])),
        ["C3"]
    );
}

/// A performance of bars 2–3, right hand, written as a MIDI file: scored like any lesson, with
/// `expected` the section's steps; one wrong key is one step wrong.
#[test]
fn a_section_is_scored_like_a_lesson() {
    let minuet = piece("minuet-named.mid");
    let section = json(&[
        "lessons", "show", &minuet, "--hand", "right", "--bars", "2-3", "--json",
    ]);
    let folder = tempfile::tempdir().unwrap();
    let write = |file: &str, wrong_at: Option<usize>| -> PathBuf {
        let beat_us = 60_000_000 / 96;
        let mut events = Vec::new();
        for (i, step) in section["steps"].as_array().unwrap().iter().enumerate() {
            let at = (step["beat"].as_f64().unwrap() * f64::from(beat_us)) as i64;
            let note = step["notes"][0].as_u64().unwrap() as u8;
            let note = if wrong_at == Some(i) { note + 1 } else { note };
            events.push(NoteEvent {
                at,
                kind: EventKind::NoteOn {
                    note: Note(note),
                    velocity: 80,
                },
            });
            events.push(NoteEvent {
                at: at + 200_000,
                kind: EventKind::NoteOff { note: Note(note) },
            });
        }
        let path = folder.path().join(file);
        etude::midi::smf::write_performance(&events, &path).unwrap();
        path
    };
    let clean = write("clean.mid", None);
    let args = |performance: &Path| {
        vec![
            "score".to_owned(),
            "--lesson".to_owned(),
            minuet.clone(),
            "--hand".to_owned(),
            "right".to_owned(),
            "--bars".to_owned(),
            "2-3".to_owned(),
            "--bpm".to_owned(),
            "96".to_owned(),
            performance.display().to_string(),
            "--json".to_owned(),
        ]
    };
    let run = |performance: &Path| {
        let args = args(performance);
        json(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let report = run(&clean);
    assert_eq!(report["expected"], 8);
    assert_eq!(report["correct"], 8);
    assert_eq!(report["passed"], true);
    let report = run(&write("one-wrong.mid", Some(3)));
    assert_eq!(
        (report["correct"].as_u64(), report["wrong"].as_u64()),
        (Some(7), Some(1))
    );
}

#[test]
fn what_cannot_be_practised_is_refused_naming_the_file() {
    let drums = piece("drums-only.mid");
    let refused = etude(&["lessons", "show", &drums]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("drums-only.mid"), "{said}");
    let minuet = piece("minuet-named.mid");
    let refused = etude(&["lessons", "show", &minuet, "--bars", "7-9"]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("no bars 7–9: its bars are 1–4"), "{said}");
    let folder = tempfile::tempdir().unwrap();
    let broken = folder.path().join("broken.mid");
    std::fs::write(&broken, b"MThd\0\0\0\x06\0\x01\0\x02\x01\xe0MTrk\0\0\0\x10").unwrap();
    let refused = etude(&["lessons", "show", broken.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("broken.mid"));
}
