//! Pieces from files made for these tests, counted by hand: MIDI files (`make_midi.py` lists
//! every note) and a MusicXML score with two staves, a pickup, ties, chords, a grace note and
//! fingerings (`little-study.musicxml`, packed as `.mxl` by `make_mxl.py`): the steps of each hand
//! and of bars, hands by staff, by track names, by two unnamed tracks and by pitch; scoring a
//! performance of a section; files refused with the file and line named.

use std::path::{Path, PathBuf};

use etude::engine::{EventKind, NoteEvent};
use etude::theory::Note;
use serde_json::Value;

use crate::cli::{etude, etude_in, json, json_in};

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

/// Each step's beat.
fn beats_of(shown: &Value) -> Vec<f64> {
    shown["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["beat"].as_f64().unwrap())
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
    let beats = beats_of(&section);
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
        let path = folder.path().join(file);
        perform(&section, 96, &Vec::from_iter(wrong_at), &path);
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

/// The steps of Little Study in F as a person counts them from the score (see its file): the
/// pickup C5; bar 1 a grace G4 (no step) before A4 over the F chord, B♭4, C5 tied into bar 2
/// (its continuation starts no step); bar 2 C3, A4+C5, B♭4 over the C7 chord, A4, G4; bar 3
/// F4+A4 over F3.
#[test]
fn a_two_staff_score_is_learned_hand_by_hand_and_bar_by_bar() {
    let study = piece("little-study.musicxml");
    let both = json(&["lessons", "show", &study, "--json"]);
    assert_eq!(
        steps(&both),
        [
            "C5",
            "F3 A3 C4 A4",
            "Bb4",
            "C5",
            "C3",
            "A4 C5",
            "E3 G3 Bb3 Bb4",
            "A4",
            "G4",
            "F3 F4 A4"
        ]
    );
    assert_eq!(both["title"], "Little Study in F, both hands");
    assert_eq!(both["summary"], "Etude Tests", "the composer");
    assert_eq!(both["tempo"], 88, "from the metronome mark");
    let notes = &both["exercise"]["Notes"];
    assert_eq!(notes["key"], "F major");
    assert_eq!(notes["time"], serde_json::json!([4, 4]));
    // The tied C5 is held for a half and a quarter.
    assert_eq!(both["steps"][3]["beats"], 3.0);
    let fingers: Vec<&Value> = both["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["fingers"])
        .collect();
    assert_eq!(fingers[1], &serde_json::json!([5, 3, 1, 3]));
    assert_eq!(fingers[6], &serde_json::json!([3, 2, 1, 4]));

    let right = json(&["lessons", "show", &study, "--hand", "right", "--json"]);
    assert_eq!(
        steps(&right),
        ["C5", "A4", "Bb4", "C5", "A4 C5", "Bb4", "A4", "G4", "F4 A4"]
    );
    let left = json(&["lessons", "show", &study, "--hand", "left", "--json"]);
    assert_eq!(steps(&left), ["F3 A3 C4", "C3", "E3 G3 Bb3", "F3"]);

    // Bar 0 is the pickup; bars count from the first full bar, beats from the section's start.
    let pickup = json(&["lessons", "show", &study, "--bars", "0-0", "--json"]);
    assert_eq!(steps(&pickup), ["C5"]);
    let section = json(&[
        "lessons", "show", &study, "--hand", "right", "--bars", "1-2", "--json",
    ]);
    assert_eq!(
        steps(&section),
        ["A4", "Bb4", "C5", "A4 C5", "Bb4", "A4", "G4"]
    );
    let beats = beats_of(&section);
    assert_eq!(beats, [0.0, 1.0, 2.0, 5.0, 6.0, 6.5, 7.0]);
    assert_eq!(section["title"], "Little Study in F, bars 1–2, right hand");
}

/// The same score compressed (.mxl, the score in a folder of the archive) is the same piece,
/// with the same identity: renaming or compressing a file keeps its journal.
#[test]
fn a_compressed_score_is_the_same_piece() {
    let plain = json(&["lessons", "show", &piece("little-study.musicxml"), "--json"]);
    let packed = json(&["lessons", "show", &piece("little-study.mxl"), "--json"]);
    assert_eq!(steps(&plain), steps(&packed));
    assert_eq!(plain["id"], packed["id"]);
    let folder = tempfile::tempdir().unwrap();
    let renamed = folder.path().join("Renamed Copy.MusicXML");
    std::fs::copy(piece("little-study.musicxml"), &renamed).unwrap();
    let copy = json(&[
        "lessons",
        "show",
        renamed.to_str().unwrap(),
        "--hand",
        "left",
        "--json",
    ]);
    let left = json(&[
        "lessons",
        "show",
        &piece("little-study.mxl"),
        "--hand",
        "left",
        "--json",
    ]);
    assert_eq!(copy["id"], left["id"]);
    assert_ne!(copy["id"], plain["id"], "the hand is part of the identity");
}

/// Writes a performance of `section` (a `lessons show` document): every note of every step on
/// time at `bpm`, with the steps `wrong` a semitone off.
pub fn perform(section: &Value, bpm: u32, wrong: &[usize], path: &Path) {
    let beat_us = 60_000_000 / i64::from(bpm);
    let mut events = Vec::new();
    for (i, step) in section["steps"].as_array().unwrap().iter().enumerate() {
        let at = (step["beat"].as_f64().unwrap() * beat_us as f64) as i64;
        for note in step["notes"].as_array().unwrap() {
            let note = note.as_u64().unwrap() as u8;
            let note = if wrong.contains(&i) { note + 1 } else { note };
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
    }
    events.sort_by_key(|e| e.at);
    etude::midi::smf::write_performance(&events, path).unwrap();
}

/// Bars 1–2 of the score, both hands, in tempo mode: eight steps (chords of up to four keys);
/// played clean it passes, with one chord a semitone off it has one step wrong.
#[test]
fn a_score_section_with_chords_is_scored_like_a_lesson() {
    let study = piece("little-study.mxl");
    let section = json(&["lessons", "show", &study, "--bars", "1-2", "--json"]);
    let folder = tempfile::tempdir().unwrap();
    let score = |wrong_at: Option<usize>| {
        let performance = folder.path().join(format!("played-{wrong_at:?}.mid"));
        perform(&section, 88, &Vec::from_iter(wrong_at), &performance);
        json(&[
            "score",
            "--lesson",
            &study,
            "--bars",
            "1-2",
            "--mode",
            "tempo",
            "--bpm",
            "88",
            performance.to_str().unwrap(),
            "--json",
        ])
    };
    let clean = score(None);
    assert_eq!(clean["expected"], 8);
    assert_eq!(clean["correct"], 8);
    assert_eq!(clean["passed"], true);
    let one_wrong = score(Some(5));
    assert_eq!(one_wrong["expected"], 8);
    assert_eq!(one_wrong["correct"], 7);
    assert_eq!(one_wrong["passed"], false);
}

/// Broken scores are refused with the file and, where there is one, the line and column; a cut
/// archive or one without a score names the file; nothing panics.
#[test]
fn a_broken_score_names_the_file_and_line() {
    let folder = tempfile::tempdir().unwrap();
    let refused = |name: &str, bytes: &[u8]| -> String {
        let path = folder.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let output = etude(&["lessons", "show", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let study = std::fs::read_to_string(piece("little-study.musicxml")).unwrap();
    // A <duration> left open on line 28: the reader finds out at the </note> on line 30.
    let unclosed = study.replacen(
        "<duration>2</duration><voice>1</voice>",
        "<duration>2<voice>1</voice>",
        1,
    );
    let said = refused("unclosed.musicxml", unclosed.as_bytes());
    assert!(
        said.contains("unclosed.musicxml: line 30, column 7: not well-formed XML: expected 'duration' tag, not 'note'"),
        "{said}"
    );
    // A duration that is no number, on line 51 (B♭4 in bar 1).
    let mut lines: Vec<String> = study.lines().map(str::to_owned).collect();
    lines[50] = lines[50].replace("<duration>2<", "<duration>two<");
    let said = refused("wordy.musicxml", lines.join("\n").as_bytes());
    assert!(
        said.contains("wordy.musicxml: line 51, column 9: a duration: \"two\" is not a number"),
        "{said}"
    );
    // Only rests.
    let said = refused(
        "rests.musicxml",
        b"<score-partwise><part id=\"P1\"><measure number=\"1\"><note><rest/><duration>4</duration></note></measure></part></score-partwise>",
    );
    assert!(
        said.contains("rests.musicxml: the score has no pitched notes"),
        "{said}"
    );
    let said = refused("page.xml", b"<html><body/></html>");
    assert!(
        said.contains("page.xml: line 1, column 1: a <html> document"),
        "{said}"
    );
    // An archive cut short, and one with no score in it.
    let packed = std::fs::read(piece("little-study.mxl")).unwrap();
    let said = refused("cut.mxl", &packed[..packed.len() / 2]);
    assert!(said.contains("cut.mxl: not a readable archive"), "{said}");
    let said = refused(
        "empty.mxl",
        b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
    );
    assert!(
        said.contains("empty.mxl: the archive has no META-INF/container.xml and no score"),
        "{said}"
    );
}

/// The right hand of the minuet's bars 1–4, with the beat each step falls on (3/4).
const MINUET_RIGHT: [(u8, f64); 14] = [
    (74, 0.0),
    (67, 1.0),
    (69, 1.5),
    (71, 2.0),
    (72, 2.5),
    (74, 3.0),
    (67, 4.0),
    (67, 5.0),
    (76, 6.0),
    (72, 7.0),
    (74, 7.5),
    (76, 8.0),
    (78, 8.5),
    (79, 9.0),
];

/// The window, driven with iced_test: a MIDI file dropped onto the window is kept in the data
/// folder and opens on the Practice screen; the right hand and bars are chosen by clicking
/// (a first bar, then the last); the run is played in wait mode with Etude playing the left
/// hand, the report is seen, and the journal keeps the run under the section's id.
#[test]
fn a_piece_dropped_on_the_window_is_practised_bar_by_bar() {
    use etude::app::{App, Message, Screen};
    use etude::ui::screen::practice;
    use std::time::{Duration, Instant};

    use crate::drive::{click, handle, handle_at, practice_of, shows};

    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    // Dropped from somewhere else, under a name of its own.
    let elsewhere = tempfile::tempdir().unwrap();
    let dropped = elsewhere.path().join("from a friend.mid");
    std::fs::copy(piece("minuet-named.mid"), &dropped).unwrap();
    handle(
        &mut app,
        Message::Window(
            iced::window::Id::unique(),
            iced::window::Event::FileDropped(dropped.clone()),
        ),
    );
    assert!(
        home.path().join("pieces/from a friend.mid").is_file(),
        "kept"
    );
    assert!(matches!(app.screen(), Screen::Practice(_)));
    assert!(shows(&app, "Little Minuet, bars 1–4, right hand"));
    assert!(shows(&app, "Etude plays the left hand"));
    assert!(shows(&app, "70 % of the marked tempo · 67 bpm"));

    // Both hands, then bars 2–3 clicked, then back to the right hand and bars 1–4.
    click(&mut app, "Both");
    assert!(shows(&app, "Little Minuet, bars 1–4, both hands"));
    click(&mut app, "3");
    assert!(shows(&app, "From bar 3 to … click the last bar"));
    click(&mut app, "2");
    assert!(shows(&app, "Little Minuet, bars 2–3, both hands"));
    click(&mut app, "Right");
    click(&mut app, "1");
    click(&mut app, "4");
    assert!(shows(&app, "Little Minuet, bars 1–4, right hand"));
    assert!(shows(&app, "Step 1 of 14: D5"));

    // The piece is listed under "Your pieces" for next time.
    click(&mut app, "Stop (Esc)");
    handle(&mut app, Message::Go(etude::app::Page::Lessons));
    assert!(shows(&app, "♪  Little Minuet   (bars 1–4)"));
    click(&mut app, "♪  Little Minuet   (bars 1–4)");
    assert!(shows(&app, "Little Minuet, bars 1–4, right hand"));

    // The run, in wait mode, one step a second.
    let start = Instant::now();
    for (i, (note, _)) in MINUET_RIGHT.iter().enumerate() {
        let at = start + Duration::from_secs(i as u64);
        let note = etude::theory::Note(*note);
        let input = |kind| Message::Practice(practice::Message::Input(kind));
        handle_at(
            &mut app,
            input(EventKind::NoteOn { note, velocity: 80 }),
            at,
        );
        handle_at(
            &mut app,
            input(EventKind::NoteOff { note }),
            at + Duration::from_millis(400),
        );
    }
    assert!(shows(
        &app,
        "14 of 14 steps right (100.0%) · 0 wrong · 0 missed · 0 extra"
    ));
    assert!(practice_of(&app).report().unwrap().is_clean());
    let journal =
        etude::store::journal::Journal::open(&home.path().join(etude::store::journal::FILE_NAME));
    let bests = journal.unwrap().bests().unwrap();
    let id = &bests[0].lesson;
    assert!(
        id.starts_with("piece-") && id.ends_with("-right-1-4"),
        "{id}"
    );
    // Progress names it among the bests, by the piece, its bars and its hand.
    handle(&mut app, Message::Go(etude::app::Page::Progress));
    assert!(crate::drive::shows_a_line_beginning(
        &app,
        "Little Minuet, bars 1–4, right hand: best 100 ★★★ · passed in wait mode"
    ));
}

/// What Etude plays of the other hand in wait mode: each left-hand note when the right hand
/// reaches it (G3 B3 D4 with the first D5, A3 with B4, B3 with the second D5, C4 with E5, B3
/// with the last G5), and nothing before the player plays.
#[test]
fn in_wait_mode_the_other_hand_waits_for_the_player() {
    use etude::engine::Micros;
    use etude::ui::screen::practice::{Message, PieceSection, Practice, SectionMessage};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    let minuet = etude::import::open_piece(Path::new(&piece("minuet-named.mid"))).unwrap();
    let mut section = PieceSection::start(Arc::new(minuet));
    section.update(SectionMessage::Bar(1));
    section.update(SectionMessage::Bar(4));
    let lesson = section.piece.lesson(section.section).unwrap();
    let now = Instant::now();
    let mut practice =
        Practice::new(lesson, Default::default(), None, now).with_section(section, now);
    assert!(practice.take_other_hand_due().is_empty());
    let struck = |due: &[(Micros, EventKind)]| -> Vec<u8> {
        due.iter()
            .filter_map(|(_, kind)| match kind {
                EventKind::NoteOn { note, .. } => Some(note.0),
                _ => None,
            })
            .collect()
    };
    let mut heard: Vec<(usize, Vec<u8>)> = Vec::new();
    for (i, (note, _)) in MINUET_RIGHT.iter().enumerate() {
        let at = now + Duration::from_secs(3 * i as u64);
        let note = Note(*note);
        let _ = practice.update(Message::Input(EventKind::NoteOn { note, velocity: 80 }), at);
        let _ = practice.update(Message::Input(EventKind::NoteOff { note }), at);
        let due = practice.take_other_hand_due();
        if !due.is_empty() {
            // At once, however long the player took.
            assert_eq!(due[0].0, 0, "step {i}");
            heard.push((i, struck(&due)));
        }
    }
    assert_eq!(
        heard,
        [
            (0, vec![55, 59, 62]),
            (3, vec![57]),
            (5, vec![59]),
            (8, vec![60]),
            (13, vec![59])
        ]
    );
}

/// The score as written back on the staff: the pickup a short first bar (a quarter, with a
/// quarter rest in the left hand), each hand on its staff with its own lengths (the left hand's
/// whole-bar chord under the right hand's quarters, the tie over the bar), and rests where a
/// staff is silent.
#[test]
fn a_score_is_engraved_as_its_composer_wrote_it() {
    let sheet = json(&[
        "sheet",
        "--lesson",
        &piece("little-study.musicxml"),
        "--json",
    ]);
    assert_eq!(sheet["upbeat"], 3.0, "the first bar lacks three quarters");
    assert_eq!(sheet["bars"], 4);
    let written: Vec<String> = sheet["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            format!(
                "{} {}:{} {} {}{}",
                n["staff"].as_str().unwrap(),
                n["bar"],
                n["beat"],
                n["name"].as_str().unwrap(),
                n["duration"].as_str().unwrap(),
                if n["tied"] == true { " tied" } else { "" }
            )
        })
        .collect();
    for expected in [
        "treble 1:3.0 C5 quarter",
        "bass 2:0.0 F3 whole",
        "bass 2:0.0 C4 whole",
        "treble 2:0.0 A4 quarter",
        "treble 2:2.0 C5 half tied",
        "treble 3:0.0 C5 quarter",
        "treble 3:2.0 Bb4 eighth",
        "bass 3:2.0 Bb3 half",
        "treble 4:0.0 F4 half",
    ] {
        assert!(
            written.contains(&expected.to_owned()),
            "{expected} in {written:#?}"
        );
    }
    let rests: Vec<String> = sheet["rests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}:{} {}",
                r["staff"].as_str().unwrap(),
                r["bar"],
                r["beat"],
                r["duration"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        rests,
        ["treble 4:2.0 half", "bass 1:3.0 quarter", "bass 4:2.0 half"]
    );
}

/// A piece's section counts like a lesson: a recorded run joins the journal under the
/// section's id, and a goal for it is named by the piece, the bars and the hand.
#[test]
fn a_section_has_goals_and_bests_like_a_lesson() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("pieces")).unwrap();
    std::fs::copy(
        piece("minuet-named.mid"),
        home.path().join("pieces/minuet.mid"),
    )
    .unwrap();
    let in_home = |args: &[&str]| etude_in(home.path(), args);
    let kept = home.path().join("pieces/minuet.mid");
    let section = json(&[
        "lessons",
        "show",
        kept.to_str().unwrap(),
        "--hand",
        "right",
        "--bars",
        "1-4",
        "--json",
    ]);
    let id = section["id"].as_str().unwrap().to_owned();
    let performance = home.path().join("played.mid");
    perform(&section, 96, &[], &performance);
    let report = json_in(
        home.path(),
        &[
            "score",
            "--lesson",
            &id,
            "--bpm",
            "96",
            "--record",
            performance.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(
        (report["expected"].as_u64(), report["correct"].as_u64()),
        (Some(14), Some(14))
    );

    let added = in_home(&["goals", "add", "clean", "3", &id]);
    let said = String::from_utf8_lossy(&added.stderr);
    assert!(added.status.success(), "{said}");
    assert!(!said.contains("not one of the lessons"), "{said}");
    let goals = json_in(home.path(), &["goals", "--json"]);
    assert_eq!(
        goals["goals"][0]["text"],
        "3 clean runs of Little Minuet, bars 1–4, right hand"
    );
    // Listed with the lessons, by the id of the whole piece; --hand and --bars choose from it.
    let listed = in_home(&["lessons", "list"]);
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    let whole = id.replace("-right-1-4", "-both-all");
    assert!(
        listed.contains(&format!("{whole}  Little Minuet  (bars 1–4)")),
        "{listed}"
    );
    // --hand alone keeps the bars the id names.
    let left = json_in(
        home.path(),
        &["lessons", "show", &id, "--hand", "left", "--json"],
    );
    assert_eq!(steps(&left), ["G3 B3 D4", "A3", "B3", "C4", "B3"]);
    let shown = json_in(
        home.path(),
        &[
            "lessons", "show", &whole, "--hand", "left", "--bars", "2-2", "--json",
        ],
    );
    assert_eq!(steps(&shown), ["B3"]);
    let stats = json_in(home.path(), &["stats", "--json"]);
    assert!(stats.to_string().contains(&id), "{stats:#}");
}
