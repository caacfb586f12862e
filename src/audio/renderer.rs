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

/// How long the synthesizer is still run after the last key was let go and the pedal lifted:
/// longer than any release and the reverb's tail. After that the renderer writes silence
/// without running it, so an idle window costs next to nothing.
const RING_SECONDS: u64 = 8;

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
    /// Keys down, one bit a key.
    held: u128,
    pedal: bool,
    /// With nothing held, the synthesizer is silent from this position on.
    quiet_from: u64,
    ring: u64,
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
            held: 0,
            pedal: false,
            quiet_from: 0,
            ring: RING_SECONDS * u64::from(sample_rate),
        })
    }

    /// The stream position of the next sample to render.
    pub fn position(&self) -> u64 {
        self.position
    }

    fn play(&mut self, event: EventKind) {
        self.quiet_from = self.position + self.ring;
        match event {
            EventKind::NoteOn { note, velocity } => {
                self.held |= 1u128 << (note.0 & 127);
                self.synth
                    .note_on(CHANNEL, i32::from(note.0), i32::from(velocity))
            }
            EventKind::NoteOff { note } => {
                self.held &= !(1u128 << (note.0 & 127));
                self.synth.note_off(CHANNEL, i32::from(note.0))
            }
            EventKind::Pedal { down } => {
                self.pedal = down;
                self.synth
                    .process_midi_message(CHANNEL, 0xB0, 64, if down { 127 } else { 0 })
            }
        }
    }

    fn all_notes_off(&mut self) {
        self.synth.note_off_all(false);
        self.held = 0;
        self.quiet_from = self.position + self.ring;
    }

    /// Whether the synthesizer has nothing to say: no key held, no pedal, nothing rang lately.
    fn is_quiet(&self) -> bool {
        self.held == 0 && !self.pedal && self.position >= self.quiet_from
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
                    self.all_notes_off();
                }
                Command::AllNotesOff => self.all_notes_off(),
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
            if chunk > 0 && self.is_quiet() {
                left[done..done + chunk].fill(0.0);
                right[done..done + chunk].fill(0.0);
                done += chunk;
                self.position += chunk as u64;
            } else if chunk > 0 {
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
