//! What happens in a run, as data: the terminal and the window each word it and show it
//! their own way.

use super::event::Micros;
use crate::theory::Note;

/// Something that happened in a run, as data: each front-end words it with
/// [`super::said::said`] and shows it its own way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Happening {
    /// A beat of the count-in was heard (1-based).
    CountIn(usize),
    /// The run's time 0: the first step is due.
    Go,
    /// A right note; its step waits for its other notes.
    Partial(Note),
    /// A step was completed; in tempo mode, how far from its time it began (µs, late > 0).
    StepDone {
        /// The step.
        step: usize,
        /// Tempo mode: the offset.
        offset: Option<Micros>,
    },
    /// A note that is not in the step being played.
    Wrong {
        /// The step.
        step: usize,
        /// The key pressed.
        got: Note,
    },
    /// Tempo mode: a note where no step is due.
    Extra(Note),
    /// Tempo mode: a step whose time ran out with nothing right played.
    Missed(usize),
    /// The step to play now: at the start, after each step in wait mode, and on going on after
    /// a pause.
    Next(usize),
    /// The keyboard went away: run time stands still at this step.
    Paused {
        /// The step.
        step: usize,
        /// The input that went away.
        port: String,
    },
    /// The keyboard is back: run time goes on.
    Resumed {
        /// The step.
        step: usize,
        /// The input that came back.
        port: String,
    },
    /// The run is over; its report is in [`super::Run::report`].
    Finished,
}
