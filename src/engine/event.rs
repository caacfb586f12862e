//! What the engine is fed: timestamped note events.

use crate::theory::Note;

/// Microseconds since the attempt started (count-in excluded). The engine never reads a clock:
/// every time arrives with its event.
pub type Micros = i64;

/// One thing the player did, stamped where it entered Etude.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoteEvent {
    /// When, in microseconds since the attempt started.
    pub at: Micros,
    /// What.
    pub kind: EventKind,
}

/// Kinds of event the engine cares about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A key went down. Decoders turn NoteOn with velocity 0 into [`EventKind::NoteOff`].
    NoteOn {
        /// Which key.
        note: Note,
        /// How hard, 1..=127.
        velocity: u8,
    },
    /// A key came up.
    NoteOff {
        /// Which key.
        note: Note,
    },
    /// The sustain pedal went down or up.
    Pedal {
        /// Down (true) or up.
        down: bool,
    },
}

impl EventKind {
    /// Every key let go and the pedal lifted: what ends whatever a keyboard that went away
    /// left sounding.
    pub fn releasing_everything() -> impl Iterator<Item = EventKind> {
        (0..128u8)
            .map(|key| EventKind::NoteOff { note: Note(key) })
            .chain(std::iter::once(EventKind::Pedal { down: false }))
    }
}

impl NoteEvent {
    /// A key pressed at `at` µs.
    pub fn on(at: Micros, note: u8, velocity: u8) -> NoteEvent {
        NoteEvent {
            at,
            kind: EventKind::NoteOn {
                note: Note(note),
                velocity,
            },
        }
    }

    /// A key released at `at` µs.
    pub fn off(at: Micros, note: u8) -> NoteEvent {
        NoteEvent {
            at,
            kind: EventKind::NoteOff { note: Note(note) },
        }
    }
}
