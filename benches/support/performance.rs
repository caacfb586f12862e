//! A long lesson and a performance of it, for the engine benchmarks.

use etude::engine::{Micros, NoteEvent, Plan};
use etude::lesson::model::PassMark;
use etude::lesson::{Hand, Mode, Step};
use etude::theory::{Note, SpelledNote};

/// Steps in the long lesson.
pub const STEPS: usize = 10_000;

/// A 10,000-step run up and down two octaves of C major, one note per beat.
pub fn plan(mode: Mode) -> Plan {
    const UP: [u8; 15] = [48, 50, 52, 53, 55, 57, 59, 60, 62, 64, 65, 67, 69, 71, 72];
    let steps: Vec<Step> = (0..STEPS)
        .map(|i| {
            let round = i % 28;
            let note = Note(if round < 15 {
                UP[round]
            } else {
                UP[28 - round]
            });
            Step {
                notes: vec![note],
                names: vec![SpelledNote::plain(note, false)],
                hand: Hand::Right,
                fingers: vec![None],
                beat: i as f64,
                beats: 1.0,
                chord: None,
                parts: Vec::new(),
            }
        })
        .collect();
    Plan::from_steps("bench", &steps, mode, 120, PassMark::default())
}

/// The performance: each step a little early or late (±15 ms), every 50th note wrong, every
/// 97th note missing, a stray note every 200 steps; NoteOffs after each note.
pub fn events(plan: &Plan) -> Vec<NoteEvent> {
    let mut events = Vec::with_capacity(STEPS * 3);
    for (i, target) in plan.targets.iter().enumerate() {
        if i % 97 == 96 {
            continue;
        }
        let jitter = ((i * 7919) % 31) as Micros * 1000 - 15_000;
        let at = target.at + jitter;
        let note = target.step.notes[0].0 + u8::from(i % 50 == 49);
        events.push(NoteEvent::on(at, note, 60 + (i % 40) as u8));
        events.push(NoteEvent::off(at + 200_000, note));
        if i % 200 == 199 {
            events.push(NoteEvent::on(at + 250_000, 30, 50));
        }
    }
    events.sort_by_key(|e| e.at);
    events
}
