//! The sound of Etude, one block at a time: the SoundFont synthesizer playing what the player
//! presses and what a demo schedules, plus the metronome. Runs on the audio thread (through
//! the rodio source) or offline (rendering a WAV); after construction it never allocates,
//! locks or blocks.

use std::sync::Arc;

use rustysynth::{SoundFont, Synthesizer, SynthesizerSettings};

use super::command::{Command, CommandReceiver};
use super::metronome::Metronome;
use crate::engine::EventKind;

/// How many scheduled events may wait at once (a demo is fed ahead in small portions).
pub const SCHEDULE_CAPACITY: usize = 2048;

/// The synthesizer channel everything plays on (acoustic grand piano).
const CHANNEL: i32 = 0;

/// Why the synthesizer could not be made.
#[derive(Debug, thiserror::Error)]
#[error("the synthesizer could not start: {0}")]
pub struct RendererError(String);

/// Renders the stream.
pub struct Renderer {
    synth: Synthesizer,
    metronome: Metronome,
    commands: CommandReceiver,
    /// Scheduled events, earliest last (so the next one pops off the end).
    scheduled: Vec<(u64, EventKind)>,
    position: u64,
}

impl Renderer {
    /// A renderer for a stream at `sample_rate` taking commands from `commands`.
    pub fn new(
        soundfont: &Arc<SoundFont>,
        sample_rate: u32,
        commands: CommandReceiver,
    ) -> Result<Renderer, RendererError> {
        let rate = i32::try_from(sample_rate).map_err(|e| RendererError(e.to_string()))?;
        let settings = SynthesizerSettings::new(rate);
        let synth =
            Synthesizer::new(soundfont, &settings).map_err(|e| RendererError(e.to_string()))?;
        Ok(Renderer {
            synth,
            metronome: Metronome::new(sample_rate),
            commands,
            scheduled: Vec::with_capacity(SCHEDULE_CAPACITY),
            position: 0,
        })
    }

    /// The stream position of the next sample to render.
    pub fn position(&self) -> u64 {
        self.position
    }

    fn play(&mut self, event: EventKind) {
        match event {
            EventKind::NoteOn { note, velocity } => {
                self.synth
                    .note_on(CHANNEL, i32::from(note.0), i32::from(velocity))
            }
            EventKind::NoteOff { note } => self.synth.note_off(CHANNEL, i32::from(note.0)),
            EventKind::Pedal { down } => {
                self.synth
                    .process_midi_message(CHANNEL, 0xB0, 64, if down { 127 } else { 0 })
            }
        }
    }

    /// Keeps `scheduled` sorted latest first; an event that does not fit is dropped rather
    /// than allocating on the audio thread.
    fn schedule(&mut self, at: u64, event: EventKind) {
        if self.scheduled.len() == self.scheduled.capacity() {
            return;
        }
        let index = self.scheduled.partition_point(|(t, _)| *t > at);
        self.scheduled.insert(index, (at, event));
    }

    fn apply_commands(&mut self) {
        while let Some(command) = self.commands.next() {
            match command {
                Command::Play(event) => self.play(event),
                Command::PlayAt { at, event } if at <= self.position => self.play(event),
                Command::PlayAt { at, event } => self.schedule(at, event),
                Command::StartMetronome {
                    first_beat,
                    bpm,
                    beats_per_bar,
                } => self.metronome.start(first_beat, bpm, beats_per_bar),
                Command::SetTempo(bpm) => self.metronome.set_tempo(bpm),
                Command::StopMetronome => self.metronome.stop(),
                Command::MetronomeVolume(volume) => self.metronome.set_volume(volume),
                Command::StopScheduled => {
                    self.scheduled.clear();
                    self.synth.note_off_all(false);
                }
                Command::AllNotesOff => self.synth.note_off_all(false),
            }
        }
    }

    /// Renders the next `left.len()` samples (both slices the same length). Scheduled events
    /// start on their exact sample (to the synthesizer's 64-sample block).
    pub fn render(&mut self, left: &mut [f32], right: &mut [f32]) {
        self.apply_commands();
        let length = left.len().min(right.len());
        let mut done = 0;
        while done < length {
            let end = self.position + (length - done) as u64;
            let until = match self.scheduled.last() {
                Some((at, _)) if *at < end => (*at).max(self.position),
                _ => end,
            };
            let chunk = (until - self.position) as usize;
            if chunk > 0 {
                self.synth.render(
                    &mut left[done..done + chunk],
                    &mut right[done..done + chunk],
                );
                done += chunk;
                self.position += chunk as u64;
            }
            while let Some((at, event)) = self.scheduled.last().copied() {
                if at > self.position {
                    break;
                }
                self.scheduled.pop();
                self.play(event);
            }
        }
        let start = self.position - length as u64;
        self.metronome
            .mix(start, &mut left[..length], &mut right[..length]);
    }
}
