//! Playing a schedule (a lesson's demo, a recording) through the output in the background:
//! a thread feeds it to the audio thread a little ahead of the stream, as sample-stamped
//! commands, so the timing is the stream's and not the feeding thread's.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::clock::SampleClock;
use super::command::{Command, CommandSender};
use super::output::AudioOutput;
use crate::engine::EventKind;

/// How far ahead of the stream the schedule is fed.
const FEED_AHEAD_SECONDS: f64 = 0.5;
/// How long after the first event the schedule starts (room for the first feed).
const LEAD_IN_SECONDS: f64 = 0.2;
/// How long the last note may ring before playback counts as over.
const RING_OUT_SECONDS: f64 = 1.0;

/// A schedule playing in the background. Dropping it stops the sound.
pub struct Playback {
    stop: Arc<AtomicBool>,
    done: Arc<AtomicBool>,
    heard_from: Instant,
}

impl Playback {
    /// Starts playing `schedule` (events at samples from 0) through `output`; `None` when the
    /// output is silent or no thread could be started.
    pub fn start(output: &AudioOutput, schedule: Vec<(u64, EventKind)>) -> Option<Playback> {
        if output.is_silent() {
            return None;
        }
        let mut playback =
            Playback::start_into(output.commands.clone(), Arc::clone(&output.clock), schedule)?;
        let latency = Duration::from_secs_f64(output.latency_ms.unwrap_or(0.0).max(0.0) / 1000.0);
        playback.heard_from += latency;
        Some(playback)
    }

    /// Starts playing `schedule` (events at samples from 0) through `output` with its sample 0
    /// heard at `heard_at` (the other hand keeping a run's time); `None` when the output is
    /// silent or no thread could be started.
    pub fn start_heard_at(
        output: &AudioOutput,
        schedule: Vec<(u64, EventKind)>,
        heard_at: Instant,
    ) -> Option<Playback> {
        if output.is_silent() {
            return None;
        }
        let latency = Duration::from_secs_f64(output.latency_ms.unwrap_or(0.0).max(0.0) / 1000.0);
        let rendered_at = heard_at.checked_sub(latency).unwrap_or(heard_at);
        let start = output.clock.position_at(rendered_at);
        let mut playback = Playback::start_from(
            output.commands.clone(),
            Arc::clone(&output.clock),
            schedule,
            start,
        )?;
        playback.heard_from += latency;
        Some(playback)
    }

    /// Starts feeding `schedule` to whatever renders from `commands` and publishes `clock`.
    pub fn start_into(
        commands: CommandSender,
        clock: Arc<SampleClock>,
        schedule: Vec<(u64, EventKind)>,
    ) -> Option<Playback> {
        let start = start_sample(&clock);
        Playback::start_from(commands, clock, schedule, start)
    }

    /// Feeds `schedule` with its sample 0 at stream sample `start`.
    fn start_from(
        commands: CommandSender,
        clock: Arc<SampleClock>,
        schedule: Vec<(u64, EventKind)>,
        start: u64,
    ) -> Option<Playback> {
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicBool::new(false));
        let (stop_flag, done_flag) = (Arc::clone(&stop), Arc::clone(&done));
        let heard_from = clock.instant_of(start);
        std::thread::Builder::new()
            .name("etude-playback".into())
            .spawn(move || {
                feed(&commands, &clock, &schedule, start, &stop_flag);
                done_flag.store(true, Ordering::Release);
            })
            .ok()?;
        Some(Playback {
            stop,
            done,
            heard_from,
        })
    }

    /// When the schedule's sample 0 is heard (the output's latency included): what lights the
    /// on-screen keys in time with the sound.
    pub fn heard_from(&self) -> Instant {
        self.heard_from
    }

    /// Whether it is still sounding.
    pub fn is_playing(&self) -> bool {
        !self.done.load(Ordering::Acquire)
    }
}

impl Drop for Playback {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
    }
}

/// The sample a schedule started now begins at: a moment ahead, room for the first feed.
pub fn start_sample(clock: &SampleClock) -> u64 {
    let (now, _) = clock.read();
    now + (LEAD_IN_SECONDS * f64::from(clock.sample_rate())) as u64
}

/// Feeds `schedule` to the audio thread, its sample 0 at `start`, until it has played out, or
/// silences it at once when `stop` is set. Blocks the calling thread (not the audio thread)
/// meanwhile.
pub fn feed(
    commands: &CommandSender,
    clock: &SampleClock,
    schedule: &[(u64, EventKind)],
    start: u64,
    stop: &AtomicBool,
) {
    let rate = f64::from(clock.sample_rate());
    let ahead = (FEED_AHEAD_SECONDS * rate) as u64;
    let end = start + schedule.last().map_or(0, |(at, _)| *at) + (RING_OUT_SECONDS * rate) as u64;
    let mut next = 0;
    loop {
        if stop.load(Ordering::Acquire) {
            commands.send(Command::StopScheduled);
            return;
        }
        let (position, _) = clock.read();
        while let Some((at, event)) = schedule.get(next).copied() {
            if start + at > position + ahead {
                break;
            }
            commands.send(Command::PlayAt {
                at: start + at,
                event,
            });
            next += 1;
        }
        if next == schedule.len() && position >= end {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
