//! A lesson as sound: when each note of its steps starts and stops, in samples.

use crate::engine::{EventKind, NoteEvent, Plan};

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

/// A recorded performance as a schedule: its events at samples from its first event.
pub fn schedule_events(events: &[NoteEvent], sample_rate: u32) -> Vec<(u64, EventKind)> {
    let first = events.first().map_or(0, |e| e.at);
    let samples_per_us = f64::from(sample_rate) / 1_000_000.0;
    events
        .iter()
        .map(|e| {
            let at = ((e.at - first).max(0) as f64 * samples_per_us).round() as u64;
            (at, e.kind)
        })
        .collect()
}
