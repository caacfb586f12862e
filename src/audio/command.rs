//! What the rest of Etude asks of the audio thread, through a bounded lock-free queue, and
//! the releases that reach it even when that queue is full.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

use crossbeam_queue::ArrayQueue;

use crate::engine::EventKind;

/// How many commands may wait for the audio thread: far more than a player can press between
/// two audio callbacks, and twice what a demo is fed at once. When the queue is full, a
/// command that would start or change a sound (a key or the pedal going down, the metronome
/// starting or changing) is dropped: a sound that never starts cannot hang. A command that
/// ends one (a key or the pedal let go, [`Command::StopMetronome`],
/// [`Command::StopScheduled`]) is never dropped: it is noted as a
/// bit beside the queue and the renderer applies it at its next block (see
/// [`CommandReceiver::take_releases`]). A bit set twice is the same as once, so a flood of any
/// size fits in those few words.
pub const QUEUE_CAPACITY: usize = 4096;

/// One request to the audio thread. `Copy`, so sending one never allocates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Command {
    /// Play a key or the pedal now (what the player does).
    Play(EventKind),
    /// Play a key or the pedal at stream sample `at` (a demo, scheduled ahead).
    PlayAt {
        /// Sample position.
        at: u64,
        /// What to play.
        event: EventKind,
    },
    /// Start the metronome: beat one of the first bar at sample `first_beat` of the stream.
    StartMetronome {
        /// Sample position of the first click.
        first_beat: u64,
        /// Tempo.
        bpm: f64,
        /// Beats in a bar; beat one is accented.
        beats_per_bar: u32,
    },
    /// Stop the metronome.
    StopMetronome,
    /// Drop every scheduled note and release every sounding one (a demo stopped).
    StopScheduled,
}

/// What is owed to the audio thread because the queue was full when it was sent: everything
/// that ends a sound. Taken with [`CommandReceiver::take_releases`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Releases {
    /// Keys to let go, one bit a key (bit `n` is MIDI key `n`), whether the release was sent
    /// to sound now or at a later sample.
    pub keys: u128,
    /// Lift the sustain pedal.
    pub pedal_up: bool,
    /// Stop the metronome.
    pub stop_metronome: bool,
    /// Drop every scheduled event and release every sounding note
    /// ([`Command::StopScheduled`]).
    pub stop_scheduled: bool,
}

impl Releases {
    /// Whether nothing is owed.
    pub fn is_empty(&self) -> bool {
        *self == Releases::default()
    }
}

const PEDAL_UP: u8 = 1;
const STOP_METRONOME: u8 = 2;
const STOP_SCHEDULED: u8 = 4;

/// The queue and, beside it, the releases that did not fit in it, as atomic bits.
#[derive(Debug)]
struct Shared {
    queue: ArrayQueue<Command>,
    /// Keys 0..64 owed a release, one bit a key.
    low_keys: AtomicU64,
    /// Keys 64..128 owed a release.
    high_keys: AtomicU64,
    /// The other owed releases: `PEDAL_UP`, `STOP_METRONOME`, `STOP_SCHEDULED`.
    flags: AtomicU8,
}

/// The sending side, cheap to clone; any thread may send, the MIDI callback included.
#[derive(Clone, Debug)]
pub struct CommandSender {
    shared: Arc<Shared>,
}

/// The receiving side, owned by the renderer on the audio thread.
#[derive(Debug)]
pub struct CommandReceiver {
    shared: Arc<Shared>,
}

/// A connected pair.
pub fn command_queue() -> (CommandSender, CommandReceiver) {
    let shared = Arc::new(Shared {
        queue: ArrayQueue::new(QUEUE_CAPACITY),
        low_keys: AtomicU64::new(0),
        high_keys: AtomicU64::new(0),
        flags: AtomicU8::new(0),
    });
    (
        CommandSender {
            shared: Arc::clone(&shared),
        },
        CommandReceiver { shared },
    )
}

impl CommandSender {
    /// Sends without blocking or allocating. When the queue is full (see [`QUEUE_CAPACITY`])
    /// the command is dropped if it starts or changes a sound, which cannot leave anything
    /// sounding; if it ends one (a key or the pedal let go, a stop, all notes off) it is owed
    /// instead, as a bit the renderer takes at its next block, so a note-off is never lost.
    pub fn send(&self, command: Command) {
        if let Err(command) = self.shared.queue.push(command) {
            self.owe(command);
        }
    }

    /// Notes the release in `command` (if it is one) beside the full queue. The `Release`
    /// ordering makes everything this thread sent before it visible to the receiver that
    /// takes the bit.
    fn owe(&self, command: Command) {
        let shared = &self.shared;
        let flag = match command {
            Command::Play(event) | Command::PlayAt { event, .. } => match event {
                EventKind::NoteOff { note } => {
                    let key = note.0 & 127;
                    if key < 64 {
                        shared.low_keys.fetch_or(1u64 << key, Ordering::Release);
                    } else {
                        shared
                            .high_keys
                            .fetch_or(1u64 << (key - 64), Ordering::Release);
                    }
                    return;
                }
                EventKind::Pedal { down: false } => PEDAL_UP,
                EventKind::NoteOn { .. } | EventKind::Pedal { down: true } => return,
            },
            Command::StopMetronome => STOP_METRONOME,
            Command::StopScheduled => STOP_SCHEDULED,
            Command::StartMetronome { .. } => return,
        };
        shared.flags.fetch_or(flag, Ordering::Release);
    }
}

impl CommandReceiver {
    /// The next waiting command, if any (lock-free).
    pub fn next(&self) -> Option<Command> {
        self.shared.queue.pop()
    }

    /// Takes the releases owed so far (sent while the queue was full), leaving none; three
    /// atomic swaps, lock-free.
    ///
    /// Take them *before* draining the queue and apply them *after*: each was owed because the
    /// queue was full, so everything sent before it (its key going down, say) was already
    /// waiting in the queue and comes out of that drain first.
    pub fn take_releases(&self) -> Releases {
        let shared = &self.shared;
        let low = shared.low_keys.swap(0, Ordering::Acquire);
        let high = shared.high_keys.swap(0, Ordering::Acquire);
        let flags = shared.flags.swap(0, Ordering::Acquire);
        Releases {
            keys: (u128::from(high) << 64) | u128::from(low),
            pedal_up: flags & PEDAL_UP != 0,
            stop_metronome: flags & STOP_METRONOME != 0,
            stop_scheduled: flags & STOP_SCHEDULED != 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theory::Note;

    fn key_down(key: u8) -> Command {
        Command::Play(EventKind::NoteOn {
            note: Note(key),
            velocity: 80,
        })
    }

    #[test]
    fn a_release_sent_into_a_full_queue_is_owed_not_dropped() {
        let (sender, receiver) = command_queue();
        sender.send(Command::Play(EventKind::NoteOff { note: Note(60) }));
        assert!(
            receiver.take_releases().is_empty(),
            "nothing is owed while the queue has room"
        );
        assert_eq!(
            receiver.next(),
            Some(Command::Play(EventKind::NoteOff { note: Note(60) }))
        );

        for _ in 0..QUEUE_CAPACITY {
            sender.send(key_down(61));
        }
        sender.send(Command::Play(EventKind::NoteOff { note: Note(60) }));
        sender.send(Command::PlayAt {
            at: 1_000,
            event: EventKind::NoteOff { note: Note(100) },
        });
        sender.send(Command::Play(EventKind::Pedal { down: false }));
        sender.send(Command::StopScheduled);
        sender.send(Command::StopMetronome);
        sender.send(key_down(62));
        sender.send(Command::Play(EventKind::Pedal { down: true }));

        assert_eq!(
            receiver.take_releases(),
            Releases {
                keys: (1u128 << 60) | (1u128 << 100),
                pedal_up: true,
                stop_metronome: true,
                stop_scheduled: true,
            }
        );
        assert!(
            receiver.take_releases().is_empty(),
            "owed releases are taken once"
        );
        let mut waiting = 0;
        while let Some(command) = receiver.next() {
            assert_eq!(command, key_down(61), "the oldest commands stay, in order");
            waiting += 1;
        }
        assert_eq!(waiting, QUEUE_CAPACITY, "nothing waiting was pushed out");
    }
}
