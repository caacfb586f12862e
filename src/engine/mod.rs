//! The lesson engine: judging a performance note by note and scoring it honestly.
//!
//! A plain state machine: [`Attempt::feed`] takes timestamped [`NoteEvent`]s (the engine never
//! reads a clock) and answers with [`Feedback`]; the [`Report`] comes at the end. Wait mode waits
//! for each right step; tempo mode times every step against the metronome and, at the end,
//! aligns the whole performance to the lesson by minimum cost ([`align`]). A [`Run`] is one practice
//! run around an attempt (count-in, pauses, the recording), driven alike by the terminal and the window.

pub mod accompany;
pub mod align;
pub mod attempt;
pub mod calibrate;
pub mod clock;
pub mod event;
pub mod happening;
pub mod plan;
pub mod report;
pub mod run;
pub mod said;
pub mod words;

pub use attempt::{Attempt, Feedback, Verdict};
pub use event::{EventKind, Micros, NoteEvent};
pub use happening::Happening;
pub use plan::{NoteSet, Plan, Target};
pub use report::{Outcome, Report};
pub use run::{COUNT_IN_BEATS, Run, score_recording};
