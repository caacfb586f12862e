//! Lesson files on disk: every kind of mistake is reported as `path:line:col: message`
//! pointing at the mistake, and the good files beside it still load.

use std::path::Path;
use std::process::{Command, Output};

use etude::lesson::{Library, MAX_LESSON_FILE_BYTES, MAX_NOTES_PER_STEP, MAX_STEPS, parse};

const GOOD: &str = r#"Lesson(
    id: "good-scale",
    title: "C major scale",
    tempo: 72,
    exercise: Scale(tonic: "C4", scale: Major, octaves: 1, direction: UpDown, hand: Right),
)
"#;

/// (file name, text, a piece of text the error must point at, words the message must contain)
const BAD: &[(&str, &str, &str, &str)] = &[
    (
        "unknown-field.ron",
        "Lesson(\n    id: \"unknown-field\",\n    title: \"T\",\n    tempo: 60,\n    colour: \"red\",\n    exercise: Scale(tonic: \"C4\", scale: Major, octaves: 1, direction: Up, hand: Right),\n)\n",
        "colour:",
        "unknown field `colour`",
    ),
    (
        "unknown-exercise-field.ron",
        "Lesson(\n    id: \"unknown-exercise-field\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Scale(tonic: \"C4\", scale: Major, octaves: 1, direction: Up, hand: Right,\n        speed: 3),\n)\n",
        "speed:",
        "unknown field `speed`",
    ),
    (
        "bad-note.ron",
        "Lesson(\n    id: \"bad-note\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Scale(tonic: \"H4\", scale: Major, octaves: 1, direction: Up, hand: Right),\n)\n",
        "H4\"",
        "`H4` is not a note name",
    ),
    (
        "bad-step-note.ron",
        "Lesson(\n    id: \"bad-step-note\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Notes(hand: Right, steps: [\"C4\", \"E4 Q4\"]),\n)\n",
        "E4 Q4\"",
        "`Q4` is not a note name",
    ),
    (
        "descending-unfingered.ron",
        "Lesson(\n    id: \"descending-unfingered\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Scale(tonic: \"C4\", scale: Custom([2, 2, 2, 3, 2, 1]), octaves: 1,\n        direction: UpDown, hand: Right, descending: Lydian,\n        fingering: [1, 2, 3, 4, 1, 3, 4]),\n)\n",
        "fingering: [",
        "the Down part has 8 steps and the Up part 7: give descending_fingering",
    ),
    (
        "descending-fingers.ron",
        "Lesson(\n    id: \"descending-fingers\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Scale(tonic: \"C4\", scale: Custom([2, 2, 2, 3, 2, 1]), octaves: 1,\n        direction: UpDown, hand: Right, descending: Lydian,\n        fingering: [1, 2, 3, 4, 1, 3, 4],\n        descending_fingering: [4, 3, 2, 1, 3, 2, 1]),\n)\n",
        "descending_fingering:",
        "descending_fingering has 7 fingers but the Down part has 8 steps",
    ),
    (
        "descending-both-hands.ron",
        "Lesson(\n    id: \"descending-both-hands\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Scale(tonic: \"C4\", scale: Major, octaves: 1, direction: UpDown, hand: Both,\n        descending: Lydian),\n)\n",
        "descending:",
        "descending is for one hand",
    ),
    (
        "descending-going-up.ron",
        "Lesson(\n    id: \"descending-going-up\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Scale(tonic: \"C4\", scale: Major, octaves: 1, direction: Up, hand: Right,\n        descending: Lydian),\n)\n",
        "descending:",
        "write direction: UpDown or Down",
    ),
    (
        "held-words.ron",
        "Lesson(\n    id: \"held-words\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Notes(hand: Both, steps: [\"C4 C3:long\"]),\n)\n",
        "C4 C3:long\"",
        "after the colon comes how many beats C3 is held",
    ),
    (
        "tempo.ron",
        "Lesson(\n    id: \"tempo\",\n    title: \"T\",\n    tempo: 400,\n    exercise: Scale(tonic: \"C4\", scale: Major, octaves: 1, direction: Up, hand: Right),\n)\n",
        "400",
        "tempo 400 is out of range",
    ),
    (
        "empty-progression.ron",
        "Lesson(\n    id: \"empty-progression\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Progression(key: \"C major\", chords: [], octave: 4, voicing: Close,\n        beats_per_chord: 2, hand: Right),\n)\n",
        "], octave",
        "the progression is empty",
    ),
    (
        "bad-numeral.ron",
        "Lesson(\n    id: \"bad-numeral\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Progression(key: \"C major\", chords: [\"I\", \"IX\"], octave: 4, voicing: Close,\n        beats_per_chord: 2, hand: Right),\n)\n",
        "IX\"",
        "`IX` is not a Roman numeral",
    ),
    (
        "figured-close.ron",
        "Lesson(\n    id: \"figured-close\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Progression(key: \"C major\", chords: [\"I\", \"V65\", \"I\"], octave: 4, voicing: Close,\n        beats_per_chord: 2, hand: Both),\n)\n",
        "chords:",
        "V65 asks for a chord tone other than the root lowest, but voicing: Close puts the root lowest",
    ),
    (
        "contrary-one-hand.ron",
        "Lesson(\n    id: \"contrary-one-hand\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Scale(tonic: \"C4\", scale: Major, octaves: 1, direction: UpDown, hand: Right,\n        motion: Contrary),\n)\n",
        "motion:",
        "motion: Contrary needs both hands",
    ),
    (
        "bad-key.ron",
        "Lesson(\n    id: \"bad-key\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Progression(key: \"C lydian\", chords: [\"I\"], octave: 4, voicing: Close,\n        beats_per_chord: 2, hand: Right),\n)\n",
        "C lydian\"",
        "`C lydian` is not a key",
    ),
    (
        "fingering.ron",
        "Lesson(\n    id: \"fingering\",\n    title: \"T\",\n    tempo: 60,\n    instructions: \"Mind the fingering: thumb under.\",\n    exercise: Scale(tonic: \"C4\", scale: Major, octaves: 1, direction: UpDown, hand: Right,\n        fingering: [1, 2, 3, 1, 2, 3, 4]),\n)\n",
        "fingering: [",
        "fingering has 7 fingers but the Up part has 8 steps",
    ),
    (
        "finger-number.ron",
        "Lesson(\n    id: \"finger-number\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Notes(hand: Right, steps: [\"C4\"], fingering: [6]),\n)\n",
        "6]",
        "finger 6 is out of range",
    ),
    (
        "goal.ron",
        "Lesson(\n    id: \"goal\",\n    title: \"T\",\n    tempo: 60,\n    goal: (minutes: 5, clean_runs: 3),\n    exercise: Scale(tonic: \"C4\", scale: Major, octaves: 1, direction: Up, hand: Right),\n)\n",
        "goal:",
        "exactly one of `minutes` or `clean_runs`",
    ),
    (
        "custom-scale.ron",
        "Lesson(\n    id: \"custom-scale\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Scale(tonic: \"C4\", scale: Custom([2, 2, 2]), octaves: 1, direction: Up, hand: Right),\n)\n",
        "scale: Custom",
        "must be 1 or more semitones each and add up to 12",
    ),
    (
        "out-of-range.ron",
        "Lesson(\n    id: \"out-of-range\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Scale(tonic: \"C9\", scale: Major, octaves: 2, direction: Up, hand: Right),\n)\n",
        "tonic:",
        "outside the MIDI range",
    ),
    (
        "missing-field.ron",
        "Lesson(\n    id: \"missing-field\",\n    tempo: 60,\n    exercise: Scale(tonic: \"C4\", scale: Major, octaves: 1, direction: Up, hand: Right),\n)\n",
        ")\n",
        "missing required field `title`",
    ),
    (
        "bad-id.ron",
        "Lesson(\n    id: \"Bad Id\",\n    title: \"T\",\n    tempo: 60,\n    exercise: Scale(tonic: \"C4\", scale: Major, octaves: 1, direction: Up, hand: Right),\n)\n",
        "Bad Id\"",
        "must be lower-case letters, digits and hyphens",
    ),
    (
        "syntax.ron",
        "Lesson(\n    id: \"syntax\"\n    title: \"T\",\n)\n",
        "title:",
        "comma",
    ),
];

/// Line and column (from 1) of the first occurrence of `needle` in `text`
/// (for ")\n", the last one: the end of the lesson).
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let offset = if needle == ")\n" {
        text.rfind(needle)
    } else {
        text.find(needle)
    }
    .unwrap_or_else(|| panic!("{needle:?} not in the test text"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.chars().rev().take_while(|c| *c != '\n').count() + 1;
    (line, col)
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn each_kind_of_bad_file_points_at_its_mistake_and_the_good_file_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("more/deeper");
    std::fs::create_dir_all(&nested).unwrap();
    write(&nested, "good.ron", GOOD);
    for (name, text, _, _) in BAD {
        write(dir.path(), name, text);
    }
    let library = Library::load_dir(dir.path());
    assert_eq!(library.lessons.len(), 1, "the good lesson loads");
    assert_eq!(library.lessons[0].lesson.id.as_str(), "good-scale");
    assert_eq!(library.errors.len(), BAD.len(), "{:#?}", library.errors);
    for (name, text, needle, words) in BAD {
        let file = dir.path().join(name).display().to_string();
        let error = library
            .errors
            .iter()
            .find(|e| e.file == file)
            .unwrap_or_else(|| panic!("no error for {name}"));
        let (line, col) = position_of(text, needle);
        assert_eq!((error.line, error.col), (line, col), "{name}: {error}");
        assert!(error.message.contains(words), "{name}: {error}");
        assert!(
            error
                .to_string()
                .starts_with(&format!("{file}:{line}:{col}: ")),
            "{error}"
        );
    }
}

#[test]
fn duplicate_ids_name_both_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.ron", GOOD);
    write(
        dir.path(),
        "b.ron",
        &format!("// the same lesson again\n{GOOD}"),
    );
    let library = Library::load_dir(dir.path());
    assert_eq!(library.lessons.len(), 1);
    let first = dir.path().join("a.ron").display().to_string();
    let second = dir.path().join("b.ron").display().to_string();
    assert_eq!(library.errors.len(), 1);
    assert_eq!(
        library.errors[0].to_string(),
        format!("{second}:3:5: duplicate lesson id \"good-scale\": already used by {first}:2:5")
    );
}

#[test]
fn course_entries_naming_missing_lessons_point_at_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.ron", GOOD);
    let course = "Course(\n    title: \"Test\",\n    units: [\n        Unit(title: \"One\", lessons: [\"good-scale\",\n            \"no-such-lesson\"]),\n        Unit(title: \"Two\", lessons: [\"good-scale\"]),\n    ],\n)\n";
    write(dir.path(), "course.ron", course);
    let library = Library::load_dir(dir.path());
    assert_eq!(library.lessons.len(), 1);
    let course_file = dir.path().join("course.ron").display().to_string();
    let messages: Vec<String> = library.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            format!(
                "{course_file}:5:13: the course names lesson \"no-such-lesson\", but no lesson file under {}/ has that id",
                dir.path().display()
            ),
            format!(
                "{course_file}:6:38: lesson \"good-scale\" is listed twice: first at {course_file}:4:38"
            ),
        ]
    );
    // The course still loads, so the good part of the path can be followed.
    let ordered = library.in_course_order();
    assert_eq!(ordered.len(), 1);
    assert_eq!(ordered[0].0, Some("One"));
}

#[test]
fn lessons_outside_the_course_follow_it_by_level() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.ron", GOOD);
    write(
        dir.path(),
        "extra.ron",
        "Lesson(id: \"extra\", title: \"Extra\", tempo: 80, level: 3,\n    exercise: Notes(hand: Left, steps: [\"C3 E3 G3\", \"G2\"], beats: [2, 0.5], fingering: [5, 1]))\n",
    );
    write(
        dir.path(),
        "course.ron",
        "Course(title: \"T\", units: [Unit(title: \"U\", lessons: [\"good-scale\"])])",
    );
    let library = Library::load_dir(dir.path());
    assert!(library.errors.is_empty(), "{:?}", library.errors);
    let ids: Vec<&str> = library
        .in_course_order()
        .iter()
        .map(|(_, l)| l.lesson.id.as_str())
        .collect();
    assert_eq!(ids, ["good-scale", "extra"]);
    let extra = library.get("extra").unwrap();
    assert_eq!(
        extra.steps[0].notes.iter().map(|n| n.0).collect::<Vec<_>>(),
        [48, 52, 55]
    );
    assert_eq!(extra.steps[0].fingers[0].map(|f| f.get()), Some(5));
    assert_eq!(extra.steps[1].beat, 2.0);
    assert_eq!(extra.steps[1].beats, 0.5);
}

/// The `etude` binary run with `args`.
fn etude(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_etude"))
        .args(args)
        .output()
        .expect("the etude binary runs")
}

/// A lesson with this id and exercise, one field a line (the exercise on line 5).
fn lesson_with(id: &str, exercise: &str) -> String {
    format!(
        "Lesson(\n    id: \"{id}\",\n    title: \"T\",\n    tempo: 60,\n    exercise: {exercise},\n)\n"
    )
}

#[test]
fn an_empty_tonic_or_key_is_called_empty_in_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "empty-tonic",
            "Scale(tonic: \"\", scale: Major, octaves: 1, direction: Up, hand: Right)",
            "`tonic`: the note name is empty",
        ),
        (
            "empty-arpeggio-tonic",
            "Arpeggio(tonic: \" \", chord: Major, octaves: 1, direction: Up, hand: Right)",
            "`tonic`: the note name is empty",
        ),
        (
            "empty-key",
            "Progression(key: \"\", chords: [\"I\"], octave: 4, voicing: Close, beats_per_chord: 2, hand: Right)",
            "`key`: the key is empty",
        ),
    ];
    for (id, exercise, _) in cases {
        write(dir.path(), &format!("{id}.ron"), &lesson_with(id, exercise));
    }
    let library = Library::load_dir(dir.path());
    assert_eq!(library.errors.len(), cases.len(), "{:#?}", library.errors);
    for (id, _, words) in cases {
        let file = dir.path().join(format!("{id}.ron")).display().to_string();
        let error = library
            .errors
            .iter()
            .find(|e| e.file == file)
            .unwrap_or_else(|| panic!("no error for {id}"));
        assert_eq!(error.line, 5, "{error}");
        assert!(error.message.starts_with(words), "{error}");
        assert!(!error.message.contains("is not a"), "{error}");
    }
}

/// Needs `theory scale` to read its tonic with `SpelledNote::parse_with_default_octave`.
#[test]
fn an_empty_tonic_on_the_command_line_is_called_empty() {
    let output = etude(&["theory", "scale", "", "major"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the note name is empty"), "{stderr}");
    assert!(!stderr.contains("`4`"), "{stderr}");
}

#[test]
fn a_byte_that_is_not_utf8_is_reported_at_its_line_column_and_offset() {
    let dir = tempfile::tempdir().unwrap();
    let before = "Lesson(\n    id: \"latin-1\",\n    title: \"Caf";
    let after = "\",\n    tempo: 60,\n    exercise: Scale(tonic: \"C4\", scale: Major, octaves: 1, direction: Up, hand: Right),\n)\n";
    let mut bytes = before.as_bytes().to_vec();
    bytes.push(0xE9); // "é" as Latin-1 writes it
    bytes.extend_from_slice(after.as_bytes());
    let path = dir.path().join("latin-1.ron");
    std::fs::write(&path, &bytes).unwrap();
    let file = path.display().to_string();
    for library in [
        Library::load_dir(dir.path()),
        Library::load_paths(std::slice::from_ref(&path)),
    ] {
        let messages: Vec<String> = library.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [format!(
                "{file}:3:16: byte {} (0xE9, counting from 0) is not UTF-8: save the file as UTF-8 text",
                before.len()
            )]
        );
    }

    // A file cut off inside a character.
    let mut cut = GOOD.as_bytes().to_vec();
    cut.extend_from_slice(&[0xE2, 0x82]);
    let path = dir.path().join("latin-1.ron");
    std::fs::write(&path, &cut).unwrap();
    let library = Library::load_dir(dir.path());
    assert_eq!(library.errors.len(), 1, "{:#?}", library.errors);
    let error = &library.errors[0];
    assert_eq!((error.line, error.col), (7, 1), "{error}");
    assert!(
        error.message.contains(&format!(
            "the file ends inside a character: byte {}",
            GOOD.len()
        )),
        "{error}"
    );
}

#[test]
fn a_value_of_the_wrong_type_names_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let scale = "Scale(tonic: \"C4\", scale: Major, octaves: 1, direction: Up, hand: Right)";
    let cases = [
        (
            "tempo-words.ron",
            lesson_with("tempo-words", scale).replace("tempo: 60", "tempo: \"fast\""),
            4,
            "`tempo`: expected an integer",
        ),
        (
            "octaves-words.ron",
            lesson_with(
                "octaves-words",
                &scale.replace("octaves: 1", "octaves: \"two\""),
            ),
            5,
            "`octaves`: expected an integer",
        ),
        (
            "accuracy-words.ron",
            lesson_with("accuracy-words", scale)
                .replace("tempo: 60,", "tempo: 60,\n    pass: (accuracy: \"high\"),"),
            5,
            "`accuracy`: expected a number",
        ),
        (
            "finger-words.ron",
            lesson_with(
                "finger-words",
                "Notes(hand: Right, steps: [\"C4\", \"D4\"], fingering: [1, \"two\"])",
            ),
            5,
            "`fingering`: expected an integer",
        ),
    ];
    for (name, text, _, _) in &cases {
        write(dir.path(), name, text);
    }
    let library = Library::load_dir(dir.path());
    assert_eq!(library.errors.len(), cases.len(), "{:#?}", library.errors);
    for (name, _, line, words) in &cases {
        let file = dir.path().join(name).display().to_string();
        let error = library
            .errors
            .iter()
            .find(|e| e.file == file)
            .unwrap_or_else(|| panic!("no error for {name}"));
        assert_eq!(error.line, *line, "{error}");
        assert!(error.message.starts_with(words), "{error}");
    }
}

#[test]
fn a_folder_that_is_missing_or_a_file_is_one_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a-file.ron", GOOD);
    let missing = dir.path().join("no-such-folder");
    let file = dir.path().join("a-file.ron");
    for (path, why) in [
        (&missing, "it does not exist"),
        (&file, "it is a file, not a folder"),
    ] {
        let library = Library::load_dir(path);
        assert!(library.lessons.is_empty());
        let messages: Vec<String> = library.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [format!(
                "{}:1:1: cannot read the lessons folder: {why}",
                path.display()
            )]
        );
    }
}

#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_read_or_entered_is_one_error_not_one_per_file() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    for n in 0..9 {
        let id = format!("lesson-{n}");
        write(
            &locked,
            &format!("{id}.ron"),
            &GOOD.replace("good-scale", &id),
        );
    }
    // r-x removed in turn: listed but not entered (r--), then neither (---).
    for mode in [0o444, 0o000] {
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(mode)).unwrap();
        let privileged = std::fs::read(locked.join("lesson-0.ron")).is_ok();
        let library = Library::load_dir(&locked);
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        if privileged {
            eprintln!("skipped: folder permissions do not bind this user (root?)");
            return;
        }
        assert!(library.lessons.is_empty());
        assert_eq!(
            library.errors.len(),
            1,
            "mode {mode:o}: {:#?}",
            library.errors
        );
        let error = &library.errors[0];
        assert_eq!(error.file, locked.display().to_string());
        assert!(
            error
                .message
                .starts_with("cannot read the lessons folder: "),
            "{error}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_folder_linked_into_itself_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.ron", GOOD);
    std::os::unix::fs::symlink(dir.path(), dir.path().join("again")).unwrap();
    let library = Library::load_dir(dir.path());
    assert!(library.errors.is_empty(), "{:#?}", library.errors);
    assert_eq!(library.lessons.len(), 1);
}

/// The good lesson padded with a comment to exactly `size` bytes.
fn padded_lesson(size: usize) -> String {
    let mut text = GOOD.to_owned();
    text.push_str("// ");
    let padding = size - text.len() - 1;
    text.push_str(&"x".repeat(padding));
    text.push('\n');
    assert_eq!(text.len(), size);
    text
}

#[test]
fn a_file_beyond_the_size_limit_is_refused_naming_its_size_and_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "at-limit.ron",
        &padded_lesson(MAX_LESSON_FILE_BYTES),
    );
    let too_big = padded_lesson(MAX_LESSON_FILE_BYTES + 1);
    write(dir.path(), "too-big.ron", &too_big);
    let path = dir.path().join("too-big.ron");
    let file = path.display().to_string();
    let expected = format!(
        "{file}:1:1: the file is {} bytes, but a lesson or course file may be at most {MAX_LESSON_FILE_BYTES} bytes (1024 KiB): split it into several lessons",
        MAX_LESSON_FILE_BYTES + 1
    );

    let library = Library::load_dir(dir.path());
    assert_eq!(library.lessons.len(), 1, "a file at the limit loads");
    let messages: Vec<String> = library.errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages, std::slice::from_ref(&expected));

    // Text handed over directly is refused before it is parsed, too.
    let error = parse(&too_big, &file).unwrap_err();
    assert_eq!(error.to_string(), expected);

    let checked = etude(&["lessons", "check", file.as_str()]);
    assert_eq!(checked.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&checked.stdout).trim(), expected);
    let shown = etude(&["lessons", "show", file.as_str()]);
    assert!(!shown.status.success());
    let stderr = String::from_utf8_lossy(&shown.stderr);
    assert!(stderr.contains(&expected), "{stderr}");
}

/// A `Notes` lesson of `count` steps of `notes`, one step a line (the first on line 6).
fn notes_lesson(count: usize, notes: &str) -> String {
    let steps: String = (0..count)
        .map(|_| format!("        \"{notes}\",\n"))
        .collect();
    format!(
        "Lesson(\n    id: \"long\",\n    title: \"Long\",\n    tempo: 60,\n    exercise: Notes(hand: Right, steps: [\n{steps}    ]),\n)\n"
    )
}

#[test]
fn a_lesson_beyond_the_step_limit_is_refused_at_the_first_step_too_many() {
    let at_limit = parse(&notes_lesson(MAX_STEPS, "C4"), "long.ron").unwrap();
    assert_eq!(at_limit.steps.len(), MAX_STEPS);

    let text = notes_lesson(MAX_STEPS + 1, "C4");
    assert!(
        text.len() < MAX_LESSON_FILE_BYTES / 2,
        "the size limit is not what refuses it"
    );
    let error = parse(&text, "long.ron").unwrap_err();
    assert_eq!(error.file, "long.ron");
    assert_eq!(error.line, 6 + MAX_STEPS, "{error}");
    assert!(
        error.message.starts_with(&format!(
            "`steps`: this list has more than {MAX_STEPS} entries, but a lesson may have at most {MAX_STEPS} steps"
        )),
        "{error}"
    );

    // The other lists a lesson repeats for its steps.
    let many = |entry: &str| vec![entry; MAX_STEPS + 1].join(", ");
    let cases = [
        (
            format!(
                "Progression(key: \"C major\", chords: [{}], octave: 4, voicing: Close, beats_per_chord: 1, hand: Right)",
                many("\"I\"")
            ),
            "`chords`: ",
        ),
        (
            format!(
                "Notes(hand: Right, steps: [\"C4\"], fingering: [{}])",
                many("1")
            ),
            "`fingering`: ",
        ),
        (
            format!(
                "Notes(hand: Right, steps: [\"C4\"], beats: [{}])",
                many("1")
            ),
            "`beats`: ",
        ),
        (
            format!(
                "Scale(tonic: \"C4\", scale: Major, octaves: 1, direction: Up, hand: Right, fingering: [{}])",
                many("1")
            ),
            "`fingering`: ",
        ),
    ];
    for (exercise, field) in cases {
        let error = parse(&lesson_with("many", &exercise), "many.ron").unwrap_err();
        assert_eq!(error.line, 5, "{error}");
        assert!(error.message.starts_with(field), "{error}");
        assert!(
            error
                .message
                .contains(&format!("a lesson may have at most {MAX_STEPS} steps")),
            "{error}"
        );
    }

    // `etude lessons show` and `check` refuse it at once.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "long.ron", &text);
    let file = dir.path().join("long.ron").display().to_string();
    for command in ["show", "check"] {
        let output = etude(&["lessons", command, file.as_str()]);
        assert!(!output.status.success(), "lessons {command}");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            said.contains(&format!("{file}:{}:", 6 + MAX_STEPS)),
            "lessons {command}: {said}"
        );
        assert!(
            said.contains(&format!("at most {MAX_STEPS} steps")),
            "lessons {command}: {said}"
        );
    }
}

#[test]
fn a_step_beyond_the_note_limit_is_refused() {
    const NAMES: [&str; 17] = [
        "C3", "D3", "E3", "F3", "G3", "A3", "B3", "C4", "D4", "E4", "F4", "G4", "A4", "B4", "C5",
        "D5", "E5",
    ];
    assert_eq!(NAMES.len(), MAX_NOTES_PER_STEP + 1);
    let at_limit = NAMES[..MAX_NOTES_PER_STEP].join(" ");
    let loaded = parse(&notes_lesson(1, &at_limit), "chord.ron").unwrap();
    assert_eq!(loaded.steps[0].notes.len(), MAX_NOTES_PER_STEP);

    let error = parse(&notes_lesson(1, &NAMES.join(" ")), "chord.ron").unwrap_err();
    assert_eq!(error.line, 6, "{error}");
    assert!(
        error.message.starts_with(&format!(
            "`steps`: a step of {} notes is too many: a step may hold at most {MAX_NOTES_PER_STEP} notes",
            MAX_NOTES_PER_STEP + 1
        )),
        "{error}"
    );
}

#[test]
fn the_shipped_lessons_are_far_below_the_limits() {
    let library = etude::service::curriculum::shipped();
    assert!(library.errors.is_empty(), "{:?}", library.errors);
    for loaded in &library.lessons {
        assert!(
            loaded.steps.len() * 10 <= MAX_STEPS,
            "{}: {} steps",
            loaded.origin,
            loaded.steps.len()
        );
        assert!(
            loaded
                .steps
                .iter()
                .all(|s| s.notes.len() * 2 <= MAX_NOTES_PER_STEP),
            "{}",
            loaded.origin
        );
    }
    fn sizes(dir: &Path, found: &mut Vec<(String, u64)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sizes(&path, found);
            } else if path.extension().is_some_and(|e| e == "ron") {
                let size = std::fs::metadata(&path).unwrap().len();
                found.push((path.display().to_string(), size));
            }
        }
    }
    let mut found = Vec::new();
    sizes(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons"),
        &mut found,
    );
    assert!(found.len() > 40);
    for (file, size) in found {
        assert!(
            size * 100 <= MAX_LESSON_FILE_BYTES as u64,
            "{file}: {size} bytes"
        );
    }
}
