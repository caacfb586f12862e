//! Lessons: the RON file format (`LESSON_FORMAT.md`), compiling a lesson into steps, the
//! course, and loading a folder where bad files are reported without hiding good ones.

pub mod compile;
pub mod course;
pub mod course_order;
pub mod drill;
pub mod library;
pub mod limits;
pub mod locate;
pub mod model;
pub mod parse;
pub mod picker;
pub mod piece;
pub mod values;
mod walk;

pub use compile::{ChordTarget, NotePart, Step, compile};
pub use course::{Course, Unit};
pub use library::{Library, LoadedCourse, Source};
pub use limits::{MAX_LESSON_FILE_BYTES, MAX_NOTES_PER_STEP, MAX_STEPS};
pub use model::{Direction, Exercise, Hand, Lesson, Mode, Motion, PassedIn, Voicing};
pub use parse::{LessonError, LoadedLesson, parse};
pub use values::TimeSignature;
