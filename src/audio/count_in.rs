//! The bar counted in before a tempo-mode run: the metronome starts a moment from now and the
//! first step falls on the beat after the bar, on the same clock as the clicks (plus the
//! output's latency, since the player plays with what they hear). Without sound the beats are
//! kept by the system clock alone.

use std::time::{Duration, Instant};

use super::command::Command;
use super::output::AudioOutput;

/// Beats counted in before a tempo-mode run.
const BEATS: u32 = crate::engine::COUNT_IN_BEATS as u32;

/// How long before the first click the metronome is asked to start.
const LEAD_IN_SECONDS: f64 = 0.3;

/// When the count-in's beats are heard and when the first step is due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountIn {
    /// The instants the count-in's beats are heard.
    pub beats: Vec<Instant>,
    /// The instant of the first step: the run's time 0.
    pub start: Instant,
}

/// Starts the metronome at `bpm` (when there is sound; it keeps clicking until
/// `Command::StopMetronome`) and returns the count-in's timing. Never waits.
pub fn start(sound: &AudioOutput, bpm: f64) -> CountIn {
    let bpm = bpm.max(1.0);
    if sound.is_silent() {
        let beat = Duration::from_secs_f64(60.0 / bpm);
        let first = Instant::now() + beat / 2;
        return CountIn {
            beats: (0..BEATS).map(|n| first + beat * n).collect(),
            start: first + beat * BEATS,
        };
    }
    let clock = &sound.clock;
    let rate = f64::from(clock.sample_rate());
    let samples_per_beat = rate * 60.0 / bpm;
    let (now, _) = clock.read();
    let first_beat = now + (LEAD_IN_SECONDS * rate) as u64;
    sound.commands.send(Command::StartMetronome {
        first_beat,
        bpm,
        beats_per_bar: BEATS,
    });
    let heard_after = Duration::from_secs_f64(sound.latency_ms.unwrap_or(0.0).max(0.0) / 1000.0);
    let heard = |beat: u32| {
        clock.instant_of(first_beat + (f64::from(beat) * samples_per_beat) as u64) + heard_after
    };
    CountIn {
        beats: (0..BEATS).map(heard).collect(),
        start: heard(BEATS),
    }
}
