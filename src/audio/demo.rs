//! A lesson as sound: when each note of its steps starts and stops, in samples.

use crate::engine::{EventKind, Micros, NoteEvent, Plan};

/// The velocity demo notes play at.
const DEMO_VELOCITY: u8 = 80;

/// The demo's events, at samples from its beat 0, in time order.
pub fn schedule(plan: &Plan, sample_rate: u32) -> Vec<(u64, EventKind)> {
    let samples_per_us = f64::from(sample_rate) / 1_000_000.0;
    let mut events = Vec::with_capacity(plan.targets.len() * 4);
    for target in &plan.targets {
        let sounding = plan.sounding(target);
        let start = (sounding.start as f64 * samples_per_us).round() as u64;
        let end = (sounding.end as f64 * samples_per_us).round() as u64;
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

/// The silence between a first run and a later one played back to back.
pub const THEN_AND_NOW_GAP: Micros = 2_000_000;

/// Two recorded performances one after the other: `now` starts `gap` µs after the last event
/// of `then`, with the pedal let up in between (times from the start of `then`).
pub fn back_to_back(then: &[NoteEvent], now: &[NoteEvent], gap: Micros) -> Vec<NoteEvent> {
    let then_start = then.first().map_or(0, |e| e.at);
    let then_end = then.last().map_or(then_start, |e| e.at);
    let now_start = now.first().map_or(0, |e| e.at);
    let shift = then_end - then_start + gap;
    let mut events: Vec<NoteEvent> = then
        .iter()
        .map(|e| NoteEvent {
            at: e.at - then_start,
            kind: e.kind,
        })
        .collect();
    events.push(NoteEvent {
        at: then_end - then_start,
        kind: EventKind::Pedal { down: false },
    });
    events.extend(now.iter().map(|e| NoteEvent {
        at: e.at - now_start + shift,
        kind: e.kind,
    }));
    events
}

/// Events in µs from a moment (the other hand of a run) as a schedule at samples from it.
pub fn schedule_timed(events: &[(Micros, EventKind)], sample_rate: u32) -> Vec<(u64, EventKind)> {
    let samples_per_us = f64::from(sample_rate) / 1_000_000.0;
    events
        .iter()
        .map(|(at, kind)| (((*at).max(0) as f64 * samples_per_us).round() as u64, *kind))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theory::Note;

    #[test]
    fn a_recording_plays_from_its_first_event_at_its_own_times() {
        let c4 = Note(60);
        let events = [
            NoteEvent {
                at: 2_000_000,
                kind: EventKind::NoteOn {
                    note: c4,
                    velocity: 64,
                },
            },
            NoteEvent {
                at: 2_500_000,
                kind: EventKind::NoteOff { note: c4 },
            },
            NoteEvent {
                at: 3_000_000,
                kind: EventKind::Pedal { down: true },
            },
        ];
        let schedule = schedule_events(&events, 48_000);
        let times: Vec<u64> = schedule.iter().map(|(at, _)| *at).collect();
        assert_eq!(times, [0, 24_000, 48_000]);
        assert_eq!(schedule[2].1, EventKind::Pedal { down: true });
        assert!(schedule_events(&[], 48_000).is_empty());
    }

    #[test]
    fn then_and_now_play_one_after_the_other() {
        let on = |at, note| NoteEvent {
            at,
            kind: EventKind::NoteOn {
                note: Note(note),
                velocity: 70,
            },
        };
        let then = [on(5_000_000, 60), on(6_000_000, 62)];
        let now = [on(100_000_000, 64), on(100_500_000, 65)];
        let both = back_to_back(&then, &now, 2_000_000);
        let times: Vec<Micros> = both.iter().map(|e| e.at).collect();
        assert_eq!(times, [0, 1_000_000, 1_000_000, 3_000_000, 3_500_000]);
        assert_eq!(both[2].kind, EventKind::Pedal { down: false });
        assert_eq!(both[3], on(3_000_000, 64));
    }
}
