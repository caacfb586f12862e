//! Reading lesson and course files, with errors that say `path:line:col: message`.

use std::fmt;

use serde::de::DeserializeOwned;

use super::compile::{Step, compile};
use super::course::Course;
use super::limits::MAX_LESSON_FILE_BYTES;
use super::locate::{self, Position};
use super::model::Lesson;

/// A problem in a lesson or course file, pointing at its line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LessonError {
    /// The file, as it was named when loading.
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub col: usize,
    /// What is wrong, in words a lesson author can act on.
    pub message: String,
}

impl LessonError {
    /// An error at a position in `file`.
    pub fn at(file: &str, position: Position, message: impl Into<String>) -> Self {
        LessonError {
            file: file.to_owned(),
            line: position.line,
            col: position.col,
            message: message.into(),
        }
    }
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

/// A lesson read from a file, compiled once.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedLesson {
    /// The lesson as written.
    pub lesson: Lesson,
    /// Its steps.
    pub steps: Vec<Step>,
    /// Where it came from.
    pub origin: String,
    /// Where its `id` field stands, for errors that name it.
    pub id_at: Position,
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// The error for a file of `size` bytes (when known) beyond [`MAX_LESSON_FILE_BYTES`].
pub fn too_large(origin: &str, size: Option<u64>) -> LessonError {
    let size = size.map_or_else(
        || format!("more than {MAX_LESSON_FILE_BYTES} bytes"),
        |size| format!("{size} bytes"),
    );
    LessonError::at(
        origin,
        Position::START,
        format!(
            "the file is {size}, but a lesson or course file may be at most {MAX_LESSON_FILE_BYTES} bytes ({} KiB): split it into several lessons",
            MAX_LESSON_FILE_BYTES / 1024
        ),
    )
}

/// A file's bytes as text, or an error at the first byte that is not UTF-8 (with its line
/// and column, and its offset counted in bytes from 0).
pub fn decode(bytes: Vec<u8>, origin: &str) -> Result<String, LessonError> {
    String::from_utf8(bytes).map_err(|error| {
        let bytes = error.as_bytes();
        let offset = error.utf8_error().valid_up_to();
        let before = bytes
            .get(..offset)
            .and_then(|valid| std::str::from_utf8(valid).ok())
            .unwrap_or_default();
        let message = match (error.utf8_error().error_len(), bytes.get(offset)) {
            (Some(_), Some(byte)) => format!(
                "byte {offset} (0x{byte:02X}, counting from 0) is not UTF-8: save the file as UTF-8 text"
            ),
            _ => format!(
                "the file ends inside a character: byte {offset} (counting from 0) onwards is not UTF-8; save the file as UTF-8 text"
            ),
        };
        LessonError::at(origin, Position::after(before), message)
    })
}

/// Reads RON text into `T`, turning RON's errors into `path:line:col` errors.
///
/// Text beyond [`MAX_LESSON_FILE_BYTES`] is refused before it is parsed.
fn read_ron<T: DeserializeOwned>(text: &str, origin: &str) -> Result<T, LessonError> {
    if text.len() > MAX_LESSON_FILE_BYTES {
        return Err(too_large(origin, u64::try_from(text.len()).ok()));
    }
    ron_options().from_str(text).map_err(|error| {
        let position = Position {
            line: error.span.start.line.max(1),
            col: error.span.start.col.max(1),
        };
        // The field the bad value belongs to: the parser stopped at or just after the value.
        let end = Position {
            line: error.span.end.line.max(1),
            col: error.span.end.col.max(1),
        };
        let field = if is_about_a_value(&error.code) {
            locate::field_at(text, end.max(position))
        } else {
            None
        };
        LessonError::at(origin, position, describe(&error.code, field.as_deref()))
    })
}

/// Whether the error is about one value (a number where text was wanted, a value out of
/// range), so that naming its field helps; not about the file's syntax or a struct's fields.
fn is_about_a_value(code: &ron::Error) -> bool {
    use ron::Error as E;
    matches!(
        code,
        E::Message(_)
            | E::ExpectedInteger
            | E::ExpectedFloat
            | E::ExpectedString
            | E::ExpectedStringEnd
            | E::ExpectedBoolean
            | E::ExpectedChar
            | E::ExpectedArray
            | E::ExpectedMap
            | E::ExpectedOption
            | E::ExpectedUnit
            | E::ExpectedStructLike
            | E::ExpectedNamedStructLike(_)
            | E::ExpectedDifferentStructName { .. }
            | E::ExpectedIdentifier
            | E::IntegerOutOfBounds
            | E::InvalidIntegerDigit { .. }
            | E::FloatUnderscore
            | E::UnderscoreAtBeginning
            | E::InvalidEscape(_)
            | E::InvalidValueForType { .. }
            | E::ExpectedDifferentLength { .. }
            | E::NoSuchEnumVariant { .. }
    )
}

/// RON's message, reworded where it would puzzle a lesson author, and led by the field it is
/// about (`` `tempo`: expected an integer ``) unless it already starts with it.
fn describe(code: &ron::Error, field: Option<&str>) -> String {
    let message = reword(code);
    match field {
        Some(field) if !message.starts_with(&format!("{field} ")) => {
            format!("`{field}`: {message}")
        }
        _ => message,
    }
}

/// RON's message in a lesson author's words.
fn reword(code: &ron::Error) -> String {
    match code {
        ron::Error::ExpectedInteger => "expected an integer (a whole number such as 3)".to_owned(),
        ron::Error::ExpectedFloat => "expected a number, such as 0.5".to_owned(),
        ron::Error::ExpectedString => "expected text in double quotes, such as \"C4\"".to_owned(),
        ron::Error::ExpectedBoolean => "expected true or false".to_owned(),
        ron::Error::ExpectedArray => {
            "expected a list in square brackets, such as [1, 2, 3]".to_owned()
        }
        ron::Error::IntegerOutOfBounds => "the number is out of range for this field".to_owned(),
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let place = outer
                .as_deref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default();
            format!(
                "unknown field `{found}`{place}; expected one of: {}",
                expected.join(", ")
            )
        }
        ron::Error::MissingStructField { field, outer } => {
            let place = outer
                .as_deref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default();
            format!("missing required field `{field}`{place}")
        }
        ron::Error::Message(message) => message.clone(),
        other => lower_first(&other.to_string()),
    }
}

/// The text with its first letter in lower case ("Expected comma" → "expected comma").
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Parses and checks one lesson file; `origin` names it in errors. Text beyond
/// [`MAX_LESSON_FILE_BYTES`] is refused before it is parsed, and lessons beyond
/// [`super::limits::MAX_STEPS`] steps before they are expanded.
pub fn parse(text: &str, origin: &str) -> Result<LoadedLesson, LessonError> {
    let lesson: Lesson = read_ron(text, origin)?;
    let at_field = |name: &str| locate::field(text, name).unwrap_or(Position::START);
    if let Some(goal) = lesson.goal
        && goal.minutes.is_some() == goal.clean_runs.is_some()
    {
        return Err(LessonError::at(
            origin,
            at_field("goal"),
            "goal needs exactly one of `minutes` or `clean_runs`, such as (minutes: 5)",
        ));
    }
    let steps = compile(&lesson)
        .map_err(|error| LessonError::at(origin, at_field(error.field), error.message))?;
    Ok(LoadedLesson {
        lesson,
        steps,
        origin: origin.to_owned(),
        id_at: at_field("id"),
    })
}

/// Parses a course file (without checking its lesson ids; see [`super::Library`]).
pub fn parse_course(text: &str, origin: &str) -> Result<Course, LessonError> {
    read_ron(text, origin)
}
