//! Reading lesson and course files, with errors that say `path:line:col: message`.

use std::fmt;

use serde::de::DeserializeOwned;

use super::compile::{Step, compile};
use super::course::Course;
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

/// Reads RON text into `T`, turning RON's errors into `path:line:col` errors.
fn read_ron<T: DeserializeOwned>(text: &str, origin: &str) -> Result<T, LessonError> {
    ron_options().from_str(text).map_err(|error| {
        let position = Position {
            line: error.span.start.line.max(1),
            col: error.span.start.col.max(1),
        };
        LessonError::at(origin, position, describe(&error.code))
    })
}

/// RON's message, reworded where it would puzzle a lesson author.
fn describe(code: &ron::Error) -> String {
    match code {
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
        other => other.to_string(),
    }
}

/// Parses and checks one lesson file; `origin` names it in errors.
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
