//! The `etude` binary as a user runs it: JSON on stdout, messages on stderr, exit codes.

use std::process::{Command, Output};

use serde_json::Value;

/// `etude` run with `args`.
pub fn etude(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_etude"))
        .args(args)
        .output()
        .expect("the etude binary runs")
}

/// `etude` run with `args` and its data in `home`.
pub fn etude_in(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_etude"))
        .args(args)
        .env("ETUDE_HOME", home)
        .output()
        .expect("the etude binary runs")
}

/// `etude` run with `args`, which must succeed and print one JSON document.
pub fn json(args: &[&str]) -> Value {
    document(args, etude(args))
}

/// `etude` run with `args` and its data in `home`, which must succeed and print one JSON
/// document.
pub fn json_in(home: &std::path::Path, args: &[&str]) -> Value {
    document(args, etude_in(home, args))
}

/// The one JSON document a successful run of `args` printed.
fn document(args: &[&str], output: Output) -> Value {
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not one JSON document: {e}"))
}

#[test]
fn theory_scale_prints_names_and_notes() {
    let scale = json(&["theory", "scale", "F#4", "major", "--json"]);
    assert_eq!(
        scale,
        serde_json::json!({
            "names": ["F#4", "G#4", "A#4", "B4", "C#5", "D#5", "E#5", "F#5"],
            "notes": [66, 68, 70, 71, 73, 75, 77, 78]
        })
    );
    let two = json(&[
        "theory",
        "scale",
        "A3",
        "melodic-minor",
        "--octaves",
        "2",
        "--json",
    ]);
    assert_eq!(two["names"].as_array().unwrap().len(), 15);
    assert_eq!(two["names"][6], "G#4");
    let bad = etude(&["theory", "scale", "C4", "bebop"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("`bebop` is not a scale"));
}

#[test]
fn theory_chord_names_root_quality_and_inversion() {
    let chord = json(&["theory", "chord", "64", "68", "73", "--json"]);
    assert_eq!(chord["root"], "C#");
    assert_eq!(chord["quality"], "minor");
    assert_eq!(chord["inversion"], 1);
    assert_eq!(chord["bass"], "E");
    assert_eq!(chord["name"], "C#m/E");
    let spelled = json(&["theory", "chord", "Gb3", "Bb3", "Db4", "Fb4", "--json"]);
    assert_eq!(spelled["name"], "Gb7");
    assert_eq!(spelled["quality"], "dominant7");
    let nothing = json(&["theory", "chord", "60", "61", "62", "--json"]);
    assert_eq!(nothing["root"], Value::Null);
    assert_eq!(nothing["name"], Value::Null);
    let bad = etude(&["theory", "chord", "200"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn lessons_list_is_in_course_order() {
    let list = json(&["lessons", "list", "--json"]);
    let list = list.as_array().unwrap();
    assert!(list.len() >= 40);
    assert_eq!(list[0]["id"], "c-five-finger-rh");
    assert_eq!(list[0]["kind"], "notes");
    assert_eq!(list[0]["level"], 1);
    assert!(list.iter().all(|l| l.as_object().unwrap().len() == 4));
}

#[test]
fn lessons_show_gives_the_steps() {
    let lesson = json(&["lessons", "show", "c-major-scale-rh", "--json"]);
    assert_eq!(lesson["id"], "c-major-scale-rh");
    let steps = lesson["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 15);
    assert_eq!(
        steps[0],
        serde_json::json!({"notes": [60], "names": ["C4"], "hand": "right", "finger": 1, "fingers": [1], "beat": 0.0, "beats": 1.0})
    );
    assert_eq!(steps[3]["finger"], 1, "thumb under on F");
    let missing = etude(&["lessons", "show", "no-such-lesson"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("no lesson with id \"no-such-lesson\"")
    );
}

#[test]
fn lessons_show_and_check_read_files() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("mine.ron");
    std::fs::write(
        &good,
        "Lesson(id: \"mine\", title: \"Mine\", tempo: 90,\n  exercise: Progression(key: \"A minor\", chords: [\"i\", \"V7\"], octave: 3, voicing: Close, beats_per_chord: 4, hand: Right))\n",
    )
    .unwrap();
    let shown = json(&["lessons", "show", good.to_str().unwrap(), "--json"]);
    // Close voicing: each root at or above the first chord's root, within an octave.
    assert_eq!(
        shown["steps"][1]["names"],
        serde_json::json!(["E4", "G#4", "B4", "D5"])
    );
    assert_eq!(shown["steps"][1]["chord"]["symbol"], "E7");

    let ok = etude(&["lessons", "check", dir.path().to_str().unwrap()]);
    assert!(ok.status.success());
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "Lesson(id: \"bad\", title: \"Bad\", tempo: 10,\n  exercise: Notes(hand: Right, steps: [\"C4\"]))\n").unwrap();
    let checked = etude(&["lessons", "check", dir.path().to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&checked.stdout);
    assert_eq!(
        stdout.trim(),
        format!(
            "{}:1:40: tempo 10 is out of range: it must be 20..=300",
            bad.display()
        )
    );
}

/// A course that goes back in level, or plays chords in a key before its scale, is sent back
/// with the lesson named.
#[test]
fn a_course_out_of_order_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "course.ron",
        "Course(title: \"Mine\", units: [Unit(title: \"All\", lessons: [\"f-scale\", \"b-flat-chords\", \"first-tune\"])])",
    );
    write(
        "f-scale.ron",
        "Lesson(id: \"f-scale\", title: \"F\", tempo: 60, level: 2,\n  exercise: Scale(tonic: \"F4\", scale: Major, octaves: 1, direction: UpDown, hand: Right))",
    );
    write(
        "b-flat-chords.ron",
        "Lesson(id: \"b-flat-chords\", title: \"Bb\", tempo: 60, level: 3,\n  exercise: Progression(key: \"Bb major\", chords: [\"I\", \"IV\", \"V7\", \"I\"], octave: 4, voicing: Inversions, beats_per_chord: 2, hand: Right))",
    );
    write(
        "first-tune.ron",
        "Lesson(id: \"first-tune\", title: \"Tune\", tempo: 60, level: 1,\n  exercise: Notes(hand: Right, steps: [\"C4\"]))",
    );
    let checked = etude(&["lessons", "check", dir.path().to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&checked.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "warning: b-flat-chords: it is in Bb major, but no Bb major scale comes before it (move it after one, or teach the scale first)",
            "warning: first-tune: level 1 comes after b-flat-chords at level 3: a course never goes back in level (move it earlier, or raise its level)",
        ]
    );
}

#[test]
fn the_shipped_curriculum_checks_clean() {
    let checked = etude(&["lessons", "check"]);
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );
    assert!(checked.stdout.is_empty());
}

/// A lesson the player keeps in the data folder's `lessons/` is found by id by every command,
/// as the window finds it, with no `--dir`.
#[test]
fn a_lesson_in_the_data_folder_is_found_by_every_command() {
    use etude::engine::NoteEvent;
    let home = tempfile::tempdir().unwrap();
    let own = home.path().join("lessons");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::write(
        own.join("my-tune.ron"),
        r#"Lesson(id: "my-tune", title: "My own tune", level: 1, tempo: 72,
            exercise: Notes(hand: Right, steps: ["E4", "D4", "C4"]))"#,
    )
    .unwrap();
    let in_home = |args: &[&str]| etude_in(home.path(), args);
    let parsed = |output: Output| -> Value {
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    };

    let list = parsed(in_home(&["lessons", "list", "--json"]));
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.last(), Some(&"my-tune"), "after the course: {ids:?}");
    assert!(ids.contains(&"c-major-scale-rh"));

    let shown = parsed(in_home(&["lessons", "show", "my-tune", "--json"]));
    assert_eq!(shown["title"], "My own tune", "{shown:#}");

    let performance = home.path().join("played.mid");
    let events: Vec<NoteEvent> = [64u8, 62, 60]
        .iter()
        .enumerate()
        .flat_map(|(i, &note)| {
            let at = i as i64 * 833_333;
            [
                NoteEvent::on(at, note, 80),
                NoteEvent::off(at + 600_000, note),
            ]
        })
        .collect();
    etude::midi::smf::write_performance(&events, &performance).unwrap();
    let report = parsed(in_home(&[
        "score",
        "--lesson",
        "my-tune",
        "--record",
        "--json",
        performance.to_str().unwrap(),
    ]));
    assert_eq!(
        (report["correct"].as_u64(), report["lesson"].as_str()),
        (Some(3), Some("my-tune"))
    );

    let added = in_home(&["goals", "add", "clean", "2", "my-tune"]);
    let said = String::from_utf8_lossy(&added.stderr);
    assert!(added.status.success(), "{said}");
    assert!(!said.contains("not one of the lessons"), "{said}");
    let goals = parsed(in_home(&["goals", "--json"]));
    assert_eq!(
        goals["goals"][0]["text"], "2 clean runs of My own tune",
        "{goals:#}"
    );

    // Without a MIDI system the terminal practice stops at the keyboard (a failure, exit 1),
    // not at the lesson.
    let practice = Command::new(env!("CARGO_BIN_EXE_etude"))
        .args(["practice", "--lesson", "my-tune", "--headless"])
        .env("ETUDE_HOME", home.path())
        .env("JACK_DEFAULT_SERVER", "etude-test-no-such-server")
        .env("ALSA_CONFIG_PATH", "/dev/null")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&practice.stderr);
    assert_eq!(practice.status.code(), Some(1), "{said}");
    assert!(!said.contains("no lesson with id"), "{said}");
}

/// `etude --help` says what the exit codes mean, and the codes keep to it: a mistake in what was
/// asked is 2.
#[test]
fn help_says_what_the_exit_codes_mean() {
    let help = etude(&["--help"]);
    let said = String::from_utf8_lossy(&help.stdout);
    assert!(said.contains("Exit codes: 0 done; 1 a failure"), "{said}");
    let unknown = etude(&["score", "--lesson", "no-such-lesson", "played.mid"]);
    assert_eq!(unknown.status.code(), Some(2));
}

/// `etude sheet --json`: the lesson as written, in the agreed shape, for a shipped lesson and
/// a lesson file; an unknown lesson is a mistake in what was asked (exit 2).
#[test]
fn sheet_prints_the_lesson_as_written() {
    let sheet = json(&["sheet", "--lesson", "c-major-scale-rh", "--json"]);
    assert_eq!(sheet["key_signature"], 0);
    assert_eq!(sheet["time_signature"], serde_json::json!([4, 4]));
    assert_eq!(sheet["clefs"], serde_json::json!(["treble"]));
    let first = &sheet["notes"][0];
    for (field, value) in [
        ("step", serde_json::json!(0)),
        ("name", serde_json::json!("C4")),
        ("staff", serde_json::json!("treble")),
        ("position", serde_json::json!(-2)),
        ("accidental", Value::Null),
        ("bar", serde_json::json!(1)),
        ("beat", serde_json::json!(0.0)),
        ("duration", serde_json::json!("quarter")),
        ("finger", serde_json::json!(1)),
    ] {
        assert_eq!(first[field], value, "{field}");
    }

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e-flat.ron");
    std::fs::write(
        &file,
        r#"Lesson(id: "e-flat-tune", title: "E flat tune", level: 1, tempo: 80,
            exercise: Notes(hand: Left, key: "C minor", time: (3, 4),
                            steps: ["C3", "B2", "C3"], beats: [1, 1, 1]))"#,
    )
    .unwrap();
    let sheet = json(&["sheet", "--lesson", file.to_str().unwrap(), "--json"]);
    assert_eq!(sheet["key_signature"], -3);
    assert_eq!(sheet["time_signature"], serde_json::json!([3, 4]));
    assert_eq!(sheet["clefs"], serde_json::json!(["bass"]));
    // The raised seventh of C minor, B♮, shows its natural.
    assert_eq!(sheet["notes"][1]["name"], "B2");
    assert_eq!(sheet["notes"][1]["accidental"], "natural");

    let unknown = etude(&["sheet", "--lesson", "no-such-lesson", "--json"]);
    assert_eq!(unknown.status.code(), Some(2));
}

/// A scale picked in the window and not kept is known by its id alone, in every command.
#[test]
fn a_picked_scale_is_known_by_its_id() {
    let id = "picked-b-flat-melodic-minor-up-down-both-2-octaves";
    let sheet = json(&["sheet", "--lesson", id, "--json"]);
    assert_eq!(sheet["key_signature"], -5);
    assert_eq!(sheet["clefs"], serde_json::json!(["treble", "bass"]));
    let shown = etude(&["lessons", "show", id]);
    assert!(shown.status.success());
    let said = String::from_utf8_lossy(&shown.stdout);
    assert!(
        said.contains("B♭ melodic minor, hands together, 2 octaves"),
        "{said}"
    );
    let unknown = etude(&["sheet", "--lesson", "picked-h-major-up-right-1-octaves"]);
    assert_eq!(unknown.status.code(), Some(2));
}

/// `etude sheet -o FILE.svg`: a printable page with the title and every note; said on stderr.
#[test]
fn sheet_writes_a_printable_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("minuet.svg");
    let wrote = etude(&[
        "sheet",
        "--lesson",
        "minuet-in-g",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert!(wrote.status.success());
    assert!(wrote.stdout.is_empty(), "nothing on stdout without --json");
    let said = String::from_utf8_lossy(&wrote.stderr);
    assert!(said.contains("minuet.svg"), "{said}");
    let svg = std::fs::read_to_string(&page).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("Minuet in G"));
    assert!(svg.contains("width=\"208.0mm\""), "A4 wide with margins");
    // Every note is drawn: as many noteheads used as the sheet has notes (black and half).
    let sheet = json(&["sheet", "--lesson", "minuet-in-g", "--json"]);
    let notes = sheet["notes"].as_array().unwrap().len();
    let heads = svg.matches("#ge0a4\"").count() + svg.matches("#ge0a3\"").count();
    assert_eq!(heads, notes);
    // Two systems of four bars: the time signature only on the first.
    assert_eq!(svg.matches("#ge083\"").count(), 1, "one 3 of 3/4");

    let nowhere = dir.path().join("no-folder").join("page.svg");
    let failed = etude(&[
        "sheet",
        "--lesson",
        "minuet-in-g",
        "-o",
        nowhere.to_str().unwrap(),
    ]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("page.svg"));
}
