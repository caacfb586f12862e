//! A lesson as sound: when each note of its steps starts and stops, in samples.

use crate::engine::{EventKind, Plan};

/// The velocity demo notes play at.
pub const DEMO_VELOCITY: u8 = 80;

/// How much of a step's length its notes sound (a little air between steps).
const LEGATO: f64 = 0.9;

/// The demo's events, at samples from its beat 0, in time order.
pub fn schedule(plan: &Plan, sample_rate: u32) -> Vec<(u64, EventKind)> {
    let samples_per_us = f64::from(sample_rate) / 1_000_000.0;
    let beat_us = plan.beat_us();
    let mut events = Vec::with_capacity(plan.targets.len() * 4);
    for target in &plan.targets {
        let start = (target.at as f64 * samples_per_us).round() as u64;
        let end = ((target.at as f64 + target.step.beats * beat_us * LEGATO) * samples_per_us)
            .round() as u64;
        for note in &target.step.notes {
            events.push((
                start,
                EventKind::NoteOn {
                    note: *note,
                    velocity: DEMO_VELOCITY,
                },
            ));
            events.push((end.max(start + 1), EventKind::NoteOff { note: *note }));
        }
    }
    events.sort_by_key(|(at, kind)| (*at, matches!(kind, EventKind::NoteOn { .. })));
    events
}

/// How far ahead of the stream a live demo is fed.
const FEED_AHEAD_SECONDS: f64 = 0.5;

/// Plays `plan` as a demo through `output`, feeding the schedule a little ahead of the stream.
/// Returns when it has played out, or at once after silencing it when `stop` is set.
pub fn play_live(
    output: &super::output::AudioOutput,
    plan: &Plan,
    stop: &std::sync::atomic::AtomicBool,
) {
    use std::sync::atomic::Ordering;
    use std::time::Duration;

    use super::command::Command;

    if output.is_silent() {
        return;
    }
    let rate = output.clock.sample_rate();
    let ahead = (FEED_AHEAD_SECONDS * f64::from(rate)) as u64;
    let events = schedule(plan, rate);
    let (now, _) = output.clock.read();
    let start = now + u64::from(rate) / 5;
    let end = start + events.last().map_or(0, |(at, _)| *at) + u64::from(rate);
    let mut next = 0;
    loop {
        if stop.load(Ordering::Relaxed) {
            output.commands.send(Command::StopScheduled);
            return;
        }
        let (position, _) = output.clock.read();
        while let Some((at, event)) = events.get(next).copied() {
            if start + at > position + ahead {
                break;
            }
            output.commands.send(Command::PlayAt {
                at: start + at,
                event,
            });
            next += 1;
        }
        if next == events.len() && position >= end {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
