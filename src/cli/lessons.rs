//! `etude lessons list|show|check`, and finding a lesson by id or file for the other commands.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::section::SectionArgs;
use super::{CliError, Output};
use crate::lesson::course_order::check_order;
use crate::lesson::piece::Section;
use crate::lesson::{Library, LoadedLesson, Step};
use crate::service::{Context, user_library};

/// The lessons in `dir`, or else the user's whole library (the course, `lessons/` in the data
/// folder, the lesson folders in the settings), read now.
fn library(dir: Option<&Path>, context: &Context) -> Library {
    match dir {
        Some(dir) => Library::load_dir(dir),
        None => user_library(&context.data_dir, &context.settings),
    }
}

fn warn_about(library: &Library) {
    for error in &library.errors {
        eprintln!("warning: {error}");
    }
    for error in &library.piece_errors {
        eprintln!("warning: {error}");
    }
}

/// The player's pieces as listed: the id of the whole piece with both hands, the title (and
/// composer), and its bars.
fn pieces_listed(library: &Library) -> Vec<(String, String, String)> {
    library
        .pieces
        .iter()
        .map(|kept| {
            let piece = &kept.piece;
            let id = Section::default().id_in(piece.fingerprint);
            let title = match &piece.composer {
                Some(composer) => format!("{} — {composer}", piece.title),
                None => piece.title.clone(),
            };
            let bars = piece.bar_numbers();
            let bars = match (bars.first(), bars.last()) {
                (Some(first), Some(last)) => format!("bars {first}–{last}"),
                _ => String::new(),
            };
            (id, title, bars)
        })
        .collect()
}

/// `etude lessons list`
pub fn lessons_list(dir: Option<&Path>, json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let context = super::context();
    let library = library(dir, &context);
    warn_about(&library);
    let ordered = library.in_course_order();
    if json {
        let list: Vec<Value> = ordered
            .iter()
            .map(|(_, l)| {
                json!({
                    "id": l.lesson.id,
                    "title": l.lesson.title,
                    "level": l.lesson.level,
                    "kind": l.lesson.kind(),
                })
            })
            .chain(pieces_listed(&library).into_iter().map(|(id, title, bars)| {
                json!({ "id": id, "title": title, "level": null, "kind": "piece", "bars": bars })
            }))
            .collect();
        out.json(&Value::Array(list))?;
    } else {
        if let Some(course) = &library.course {
            outln!(out, "{}", course.course.title);
        }
        let mut unit_shown: Option<Option<&str>> = None;
        for (unit, loaded) in &ordered {
            if unit_shown != Some(*unit) {
                outln!(out, "\n{}", unit.unwrap_or("Outside the course"));
                unit_shown = Some(*unit);
            }
            let lesson = &loaded.lesson;
            outln!(
                out,
                "  {:<28} L{:<2} {:<11} {}",
                lesson.id,
                lesson.level.get(),
                lesson.kind(),
                lesson.title
            );
        }
        let pieces = pieces_listed(&library);
        if !pieces.is_empty() {
            outln!(out, "\nYour pieces (--hand and --bars choose a section)");
        }
        for (id, title, bars) in pieces {
            outln!(out, "  {id}  {title}  ({bars})");
        }
    }
    Ok(out)
}

/// Finds a lesson by id, or reads it from a `.ron` file.
pub(super) fn find_lesson(
    wanted: &str,
    dir: Option<&Path>,
    context: &Context,
) -> Result<LoadedLesson, CliError> {
    find_section(wanted, SectionArgs::default(), dir, context)
}

/// The lesson `wanted` names: an id, a `.ron` lesson file, or a piece (a MIDI file, and
/// `section` of it: a hand and bars).
pub(super) fn find_section(
    wanted: &str,
    section: SectionArgs,
    dir: Option<&Path>,
    context: &Context,
) -> Result<LoadedLesson, CliError> {
    let path = Path::new(wanted);
    if crate::import::is_piece(path) {
        let piece = crate::import::open_piece(path).map_err(|e| CliError::Input(e.to_string()))?;
        return piece
            .lesson(section.section())
            .map_err(|e| CliError::Input(e.to_string()));
    }
    if path.extension().is_some_and(|ext| ext == "ron") || path.is_file() {
        let source =
            crate::lesson::Source::read(path).map_err(|e| CliError::Input(e.to_string()))?;
        return crate::lesson::parse(&source.text, &source.origin)
            .map_err(|e| CliError::Input(e.to_string()));
    }
    let library = library(dir, context);
    // A kept piece by its id: --hand and --bars, when given, choose another section of it.
    if let Some((fingerprint, named)) = Section::from_id(wanted)
        && let Some(kept) = library.piece(fingerprint)
    {
        let chosen = section.over(named);
        return kept
            .piece
            .lesson(chosen)
            .map_err(|e| CliError::Input(e.to_string()));
    }
    if let Some(found) = library.find(wanted) {
        return Ok(found.into_owned());
    }
    let broken: Vec<String> = library.errors.iter().map(ToString::to_string).collect();
    let hint = if broken.is_empty() {
        String::new()
    } else {
        format!(
            "\n(some lesson files did not load:\n  {})",
            broken.join("\n  ")
        )
    };
    Err(CliError::Input(format!(
        "no lesson with id \"{wanted}\"; `etude lessons list` shows them all{hint}"
    )))
}

/// A step as JSON: notes, names, hand, finger(s), beat, length, and the chord for progressions.
pub fn step_json(step: &Step) -> Value {
    let fingers: Vec<Option<u8>> = step.fingers.iter().map(|f| f.map(|f| f.get())).collect();
    let mut value = json!({
        "notes": step.notes.iter().map(|n| n.0).collect::<Vec<_>>(),
        "names": step.names.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "hand": step.hand.word(),
        "finger": fingers.first().copied().flatten(),
        "fingers": fingers,
        "beat": step.beat,
        "beats": step.beats,
    });
    if let (Some(chord), Some(object)) = (&step.chord, value.as_object_mut()) {
        object.insert(
            "chord".to_owned(),
            json!({
                "numeral": chord.numeral,
                "symbol": chord.symbol,
                "omitted": chord.omitted.map(|class| class.index()),
                "root_lowest": chord.root_lowest,
            }),
        );
    }
    value
}

/// `etude lessons show`
pub fn lessons_show(
    wanted: &str,
    section: SectionArgs,
    dir: Option<&Path>,
    json: bool,
) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let loaded = find_section(wanted, section, dir, &super::context())?;
    let lesson = &loaded.lesson;
    if json {
        let mut value = serde_json::to_value(lesson)?;
        if let Some(object) = value.as_object_mut() {
            object.insert("kind".to_owned(), json!(lesson.kind()));
            object.insert("origin".to_owned(), json!(loaded.origin));
            object.insert(
                "steps".to_owned(),
                Value::Array(loaded.steps.iter().map(step_json).collect()),
            );
        }
        out.json(&value)?;
        return Ok(out);
    }
    outln!(
        out,
        "{}  ({}, level {}, {}, {} bpm, {:?} mode)",
        lesson.title,
        lesson.id,
        lesson.level.get(),
        lesson.kind(),
        lesson.tempo.get(),
        lesson.mode
    );
    for text in [&lesson.summary, &lesson.instructions]
        .into_iter()
        .flatten()
    {
        outln!(out, "{text}");
    }
    if lesson.passed_in == crate::lesson::PassedIn::WaitThenTempo {
        outln!(
            out,
            "Passed in wait mode first, then in tempo mode at the tempo ladder's tempo."
        );
    }
    outln!(
        out,
        "\n {:>5}  {:<16} {:<10} hand",
        "beat",
        "notes",
        "fingers"
    );
    for step in &loaded.steps {
        let names: Vec<String> = step.names.iter().map(|n| n.pretty()).collect();
        let mut label = names.join(" ");
        if let Some(chord) = &step.chord {
            label = format!("{} {} ({label})", chord.numeral, chord.symbol);
        }
        let fingers: Vec<String> = step
            .fingers
            .iter()
            .map(|f| f.map_or("-".to_owned(), |f| f.get().to_string()))
            .collect();
        outln!(
            out,
            " {:>5.2}  {:<16} {:<10} {}",
            step.beat,
            label,
            fingers.join(" "),
            step.hand.word()
        );
    }
    Ok(out)
}

/// `etude lessons check`: prints each problem as `path:line:col: message`.
pub fn lessons_check(paths: &[PathBuf]) -> Output {
    let mut out = Output::ok();
    let library = if paths.is_empty() {
        super::context_with_lessons().library
    } else {
        Library::load_paths(paths)
    };
    for error in &library.errors {
        outln!(out, "{error}");
    }
    // The course as a teacher reads it: in its order, levels never going back, no key before
    // its scale.
    let course = library
        .in_course_order()
        .into_iter()
        .filter(|(unit, _)| unit.is_some())
        .map(|(_, loaded)| &loaded.lesson);
    let warnings = check_order(course);
    for warning in &warnings {
        outln!(out, "warning: {warning}");
    }
    let problems = library.errors.len() + warnings.len();
    if problems == 0 {
        eprintln!("{} lessons OK", library.lessons.len());
    } else {
        eprintln!(
            "{problems} problem(s) ({} in the course's order); {} lessons OK",
            warnings.len(),
            library.lessons.len()
        );
        out.success = false;
    }
    out
}
