//! Beginning a practice run, the same in the terminal and the window: at once in wait mode; in
//! tempo mode after a bar counted in by the metronome (which then keeps clicking), the run's
//! time 0 on the beat after it.

use std::time::Instant;

use crate::audio::count_in;
use crate::audio::output::AudioOutput;
use crate::engine::{Micros, Plan, Run};
use crate::lesson::Mode;

/// A run of `plan` beginning `now`, counted in on `sound` in tempo mode, allowing for the
/// player's `round_trip` (µs, from the tap test in Settings).
pub fn begin(plan: Plan, sound: &AudioOutput, now: Instant, round_trip: Micros) -> Run {
    match plan.mode {
        Mode::Wait => Run::new(plan, now, Vec::new()),
        Mode::Tempo => {
            let counted = count_in::start(sound, f64::from(plan.tempo_bpm));
            Run::new(plan, counted.start, counted.beats).allowing(round_trip)
        }
    }
}
