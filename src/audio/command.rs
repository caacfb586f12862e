//! What the rest of Etude asks of the audio thread, through a bounded lock-free queue.

use std::sync::Arc;

use crossbeam_queue::ArrayQueue;

use crate::engine::EventKind;

/// How many commands may wait for the audio thread. Far more than a player can press between
/// two audio callbacks; when full, the oldest waiting command is dropped.
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
    /// Change the tempo from the next beat on.
    SetTempo(f64),
    /// Stop the metronome.
    StopMetronome,
    /// Metronome volume, 0..=1.
    MetronomeVolume(f32),
    /// Drop every scheduled note and release every sounding one (a demo stopped).
    StopScheduled,
    /// Release every sounding note.
    AllNotesOff,
}

/// The sending side, cheap to clone; any thread may send, the MIDI callback included.
#[derive(Clone, Debug)]
pub struct CommandSender {
    queue: Arc<ArrayQueue<Command>>,
}

/// The receiving side, owned by the renderer on the audio thread.
#[derive(Debug)]
pub struct CommandReceiver {
    queue: Arc<ArrayQueue<Command>>,
}

/// A connected pair.
pub fn command_queue() -> (CommandSender, CommandReceiver) {
    let queue = Arc::new(ArrayQueue::new(QUEUE_CAPACITY));
    (
        CommandSender {
            queue: Arc::clone(&queue),
        },
        CommandReceiver { queue },
    )
}

impl CommandSender {
    /// Sends without blocking or allocating; when the queue is full the oldest command goes.
    pub fn send(&self, command: Command) {
        let _ = self.queue.force_push(command);
    }
}

impl CommandReceiver {
    /// The next waiting command, if any (lock-free).
    pub fn next(&self) -> Option<Command> {
        self.queue.pop()
    }
}
