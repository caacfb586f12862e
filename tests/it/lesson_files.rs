//! Lesson files on disk: every kind of mistake is reported as `path:line:col: message`
//! pointing at the mistake, and the good files beside it still load.

use std::path::Path;

use etude::lesson::Library;

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
