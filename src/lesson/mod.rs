//! Lessons: the RON file format (`LESSON_FORMAT.md`), compiling a lesson into steps, the
//! course, and loading a folder where bad files are reported without hiding good ones.

pub mod compile;
pub mod course;
pub mod library;
pub mod locate;
pub mod model;
pub mod parse;
pub mod values;

pub use compile::{ChordTarget, Step, compile};
pub use course::{Course, Unit};
pub use library::{Library, LoadedCourse, Source};
pub use model::{Direction, Exercise, Hand, Lesson, Mode, Voicing};
pub use parse::{LessonError, LoadedLesson, parse};
