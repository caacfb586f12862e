//! The sound of Etude, one block at a time: the SoundFont synthesizer playing what the player
//! presses and what a demo schedules, plus the metronome. Runs on the audio thread (through
//! the rodio source) or offline (rendering a WAV); after construction it never allocates,
//! locks or blocks.

use std::sync::Arc;

use rustysynth::{SoundFont, Synthesizer, SynthesizerSettings};

use super::command::{Command, CommandReceiver, QUEUE_CAPACITY, Releases};
use super::metronome::Metronome;
use crate::engine::EventKind;
use crate::theory::Note;

/// How many scheduled events may wait at once (a demo is fed ahead in small portions). When
/// full, a key-down or pedal-down is dropped and a release takes the place of the latest one
/// (see `Renderer::schedule`): a release is never lost.
pub const SCHEDULE_CAPACITY: usize = 2048;

/// Frames the synthesizer renders at once: a note starts on the first frame of the block after
/// the sample it is placed on, so this is how far from its own sample a note may start (0.33 ms
/// at 48 kHz; rustysynth's own default, 64, is 1.33 ms, more than the 1 ms jitter allowed).
pub const SYNTH_BLOCK: usize = 16;

/// The smallest output buffer, in frames, that the synthesizer's reverb and chorus play at.
/// They cost more than the piano itself: on the audio thread of a 64-frame JACK period
/// (1.3 ms) Etude took 29–42 µs a period with them and 13–20 µs without (FluidSynth, with
/// its own effects, 24–31 µs; measured from the thread's CPU time, see the README). A buffer
/// smaller than this is chosen for the shortest delay, where a period finished late is a
/// crack in the sound, so there the piano plays dry.
pub const REVERB_FROM_FRAMES: u32 = 128;

/// Whether the reverb and chorus play for an output asking for `buffer_frames` at a time
/// (none: a size not known, such as a device's default): from [`REVERB_FROM_FRAMES`] up.
pub fn reverb_for(buffer_frames: Option<u32>) -> bool {
    buffer_frames.is_none_or(|frames| frames >= REVERB_FROM_FRAMES)
}

/// The synthesizer channel everything plays on (acoustic grand piano).
const CHANNEL: i32 = 0;

/// How long the synthesizer is still run after the last key was let go and the pedal lifted:
/// longer than any release and the reverb's tail. After that the renderer writes silence
/// without running it, so an idle window costs next to nothing.
const RING_SECONDS: u64 = 8;

pub use super::error::RendererError;

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
    /// A renderer for a stream at `sample_rate` taking commands from `commands`, with the
    /// synthesizer's reverb and chorus (offline).
    pub fn new(
        soundfont: &Arc<SoundFont>,
        sample_rate: u32,
        commands: CommandReceiver,
    ) -> Result<Renderer, RendererError> {
        Renderer::with_effects(soundfont, sample_rate, commands, true)
    }

    /// A renderer for an output asking for `buffer_frames` at a time (none: not known): with
    /// the reverb and chorus where [`reverb_for`] says, dry below.
    pub fn for_buffer(
        soundfont: &Arc<SoundFont>,
        sample_rate: u32,
        buffer_frames: Option<u32>,
        commands: CommandReceiver,
    ) -> Result<Renderer, RendererError> {
        let effects = reverb_for(buffer_frames);
        Renderer::with_effects(soundfont, sample_rate, commands, effects)
    }

    fn with_effects(
        soundfont: &Arc<SoundFont>,
        sample_rate: u32,
        commands: CommandReceiver,
        effects: bool,
    ) -> Result<Renderer, RendererError> {
        let rate = i32::try_from(sample_rate).map_err(|e| RendererError(e.to_string()))?;
        let mut settings = SynthesizerSettings::new(rate);
        settings.block_size = SYNTH_BLOCK;
        settings.enable_reverb_and_chorus = effects;
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

    /// Moves the stream to `position` for the next block, without rendering in between: the
    /// output's clock went on without this renderer (a JACK server that skipped a period, a
    /// device that stalled longer than its buffer) or came round twice (a second wake in one
    /// period; a device that asked early, making up for a late callback or refilling after
    /// a stall). Whatever was scheduled before `position` sounds at the start of the next
    /// block; nothing already played plays again.
    pub fn move_to(&mut self, position: u64) {
        self.position = position;
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

    /// Keeps `scheduled` sorted latest first (events at the same sample in the order sent),
    /// never past its capacity, so nothing is allocated on the audio thread. When it is full
    /// an event that starts a sound (a key or the pedal going down) is dropped: a sound that
    /// never starts cannot hang. One that ends a sound always gets in, in place of the latest
    /// scheduled key-down or pedal-down (a future note dropped; its own release then finds
    /// nothing to end). With none of those left, every sound the schedule could start has
    /// started (a key goes down before it is let go, and is sent first), so the release is
    /// applied at once: a note cut short, never one left sounding.
    fn schedule(&mut self, at: u64, event: EventKind) {
        let starts = |event: &EventKind| {
            matches!(
                event,
                EventKind::NoteOn { .. } | EventKind::Pedal { down: true }
            )
        };
        if self.scheduled.len() >= self.scheduled.capacity() {
            if starts(&event) {
                return;
            }
            match self.scheduled.iter().position(|(_, e)| starts(e)) {
                Some(latest) => {
                    self.scheduled.remove(latest);
                }
                None => {
                    self.play(event);
                    return;
                }
            }
        }
        let index = self.scheduled.partition_point(|(t, _)| *t > at);
        self.scheduled.insert(index, (at, event));
    }

    /// Plays `event` at stream sample `at` (at once when that has passed): a live key the
    /// caller of [`Renderer::render`] heard itself, without the queue.
    pub fn place(&mut self, at: u64, event: EventKind) {
        if at <= self.position {
            self.play(event);
        } else {
            self.schedule(at, event);
        }
    }

    /// Applies the releases that did not fit in the queue (see `apply_commands`).
    /// A key let go now must not start again from a key-down scheduled before its release
    /// was sent, which would then have nothing left to end it: scheduled key-downs of the keys
    /// let go (and pedal-downs, when the pedal is lifted) are dropped with them.
    fn settle(&mut self, owed: Releases) {
        if owed.is_empty() {
            return;
        }
        if owed.stop_scheduled {
            self.scheduled.clear();
        }
        let (keys, pedal_up) = (owed.keys, owed.pedal_up);
        if keys != 0 || pedal_up {
            self.scheduled.retain(|(_, event)| match event {
                EventKind::NoteOn { note, .. } => keys & (1u128 << (note.0 & 127)) == 0,
                EventKind::Pedal { down: true } => !pedal_up,
                EventKind::NoteOff { .. } | EventKind::Pedal { down: false } => true,
            });
        }
        let mut rest = keys;
        while rest != 0 {
            let key = rest.trailing_zeros() as u8;
            rest &= rest - 1;
            self.play(EventKind::NoteOff { note: Note(key) });
        }
        if pedal_up {
            self.play(EventKind::Pedal { down: false });
        }
        if owed.stop_metronome {
            self.metronome.stop();
        }
        if owed.stop_scheduled {
            self.all_notes_off();
        }
    }

    /// Applies what was sent since the last block.
    fn apply_commands(&mut self) {
        // The releases owed (sent while the queue was full) are taken before the queue is
        // drained and applied after it. Each was owed because the queue was full, so whatever
        // was sent before it (its key going down, above all) was already waiting and comes out
        // of this drain first: a release applied before its key-down would leave that key
        // sounding for ever. (Taking them after the drain would leave a gap: the queue could
        // fill again between the two.) A key pressed again after its release was owed may
        // come out of this drain too and be let go at once: a lost note, never a stuck one;
        // anything sent after the drain waits for the next block. At most QUEUE_CAPACITY
        // commands are taken, all that can have been waiting when the releases were taken,
        // so a sender flooding the queue cannot hold the audio callback here.
        let owed = self.commands.take_releases();
        for _ in 0..QUEUE_CAPACITY {
            let Some(command) = self.commands.next() else {
                break;
            };
            match command {
                Command::Play(event) => self.play(event),
                Command::PlayAt { at, event } => self.place(at, event),
                Command::StartMetronome {
                    first_beat,
                    bpm,
                    beats_per_bar,
                } => self.metronome.start(first_beat, bpm, beats_per_bar),
                Command::StopMetronome => self.metronome.stop(),
                Command::StopScheduled => {
                    self.scheduled.clear();
                    self.all_notes_off();
                }
            }
        }
        self.settle(owed);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::command::{CommandSender, command_queue};
    use crate::audio::soundfont;

    /// The lowest rate the synthesizer takes keeps these long renders quick in a debug build.
    const RATE: u32 = 16_000;

    fn renderer() -> (CommandSender, Renderer) {
        let font = soundfont::bundled().unwrap();
        let (commands, receiver) = command_queue();
        let renderer = Renderer::new(&font, RATE, receiver).unwrap();
        (commands, renderer)
    }

    /// Renders `seconds` in 256-frame blocks, as an audio device asks; returns the last block.
    fn play_for(renderer: &mut Renderer, seconds: f64) -> Vec<f32> {
        let blocks = (seconds * f64::from(RATE) / 256.0).ceil() as usize;
        let (mut left, mut right) = (vec![0f32; 256], vec![0f32; 256]);
        for _ in 0..blocks {
            renderer.render(&mut left, &mut right);
        }
        left
    }

    fn key_down(key: u8) -> EventKind {
        EventKind::NoteOn {
            note: Note(key),
            velocity: 90,
        }
    }

    fn key_up(key: u8) -> EventKind {
        EventKind::NoteOff { note: Note(key) }
    }

    /// The keys the renderer holds down, as MIDI numbers.
    fn held(renderer: &Renderer) -> Vec<u8> {
        (0..128u8)
            .filter(|&key| renderer.held & (1u128 << key) != 0)
            .collect()
    }

    /// Renders until everything has rung out and checks that nothing is left: no key, no
    /// pedal, the synthesizer at rest and the output exact silence.
    fn assert_falls_silent(renderer: &mut Renderer) {
        let last = play_for(renderer, RING_SECONDS as f64 + 1.0);
        assert_eq!(held(renderer), Vec::<u8>::new(), "keys left sounding");
        assert!(!renderer.pedal, "the pedal was left down");
        assert!(renderer.is_quiet(), "the synthesizer never came to rest");
        let peak = last.iter().fold(0f32, |peak, x| peak.max(x.abs()));
        assert!(
            peak == 0.0,
            "still sounding after the ring-out: peak {peak}"
        );
    }

    #[test]
    fn a_flood_of_keys_between_two_blocks_leaves_none_sounding() {
        let (commands, mut renderer) = renderer();
        commands.send(Command::Play(EventKind::Pedal { down: true }));
        for key in 36..60 {
            commands.send(Command::Play(key_down(key)));
        }
        play_for(&mut renderer, 0.1);
        assert_eq!(held(&renderer), (36..60).collect::<Vec<u8>>());
        // Everything is let go; then, before the next block, other keys are pressed and let go
        // far more often than the queue holds. The releases come first: a queue that pushes
        // out its oldest command would lose them. The 25 releases then pairs leave the
        // queue's last place to a key-down whose release is owed rather than queued.
        commands.send(Command::Play(EventKind::Pedal { down: false }));
        for key in 36..60 {
            commands.send(Command::Play(key_up(key)));
        }
        for round in 0..4 * QUEUE_CAPACITY {
            let key = 60 + (round % 37) as u8;
            commands.send(Command::Play(key_down(key)));
            commands.send(Command::Play(key_up(key)));
        }
        play_for(&mut renderer, 0.1);
        assert_eq!(held(&renderer), Vec::<u8>::new(), "keys left held");
        assert_falls_silent(&mut renderer);
    }

    #[test]
    fn a_stop_sent_into_a_full_queue_still_stops_everything() {
        let (commands, mut renderer) = renderer();
        commands.send(Command::StartMetronome {
            first_beat: 0,
            bpm: 120.0,
            beats_per_bar: 4,
        });
        for key in 48..60 {
            commands.send(Command::Play(key_down(key)));
        }
        commands.send(Command::PlayAt {
            at: 2 * u64::from(RATE),
            event: key_down(72),
        });
        play_for(&mut renderer, 0.1);
        assert_eq!(held(&renderer).len(), 12);
        for _ in 0..QUEUE_CAPACITY {
            commands.send(Command::Play(key_down(61)));
        }
        commands.send(Command::StopScheduled);
        commands.send(Command::StopMetronome);
        for _ in 0..QUEUE_CAPACITY {
            commands.send(Command::Play(key_down(62)));
        }
        play_for(&mut renderer, 0.1);
        assert_eq!(held(&renderer), Vec::<u8>::new(), "keys left held");
        assert!(
            renderer.scheduled.is_empty(),
            "the demo's next note is dropped"
        );
        assert_falls_silent(&mut renderer);
    }

    #[test]
    fn a_stream_moved_on_plays_what_fell_due_at_once_and_the_rest_on_time() {
        let (commands, mut renderer) = renderer();
        for (at, key) in [(1_000, 60), (2_000, 64)] {
            commands.send(Command::PlayAt {
                at,
                event: key_down(key),
            });
        }
        let (mut left, mut right) = (vec![0f32; 256], vec![0f32; 256]);
        for _ in 0..2 {
            renderer.render(&mut left, &mut right);
        }
        assert!(left.iter().all(|s| *s == 0.0), "nothing is due before 512");
        // The output's clock went on two periods while this renderer was not asked for one:
        // the first key's sample has passed unrendered.
        renderer.move_to(1_024);
        renderer.render(&mut left, &mut right);
        assert_eq!(held(&renderer), [60], "the key that fell due sounds");
        assert!(
            left[..SYNTH_BLOCK].iter().any(|s| *s != 0.0),
            "it sounds from the start of the block"
        );
        assert_eq!(renderer.position(), 1_280);
        // The second key still comes on its own sample, in the block from 1,792 and not
        // before: the stream is on the output's clock.
        for _ in 0..2 {
            renderer.render(&mut left, &mut right);
        }
        assert_eq!(held(&renderer), [60]);
        renderer.render(&mut left, &mut right);
        assert_eq!(held(&renderer), [60, 64]);
        // Woken twice in one period, the clock moves back: nothing plays twice.
        renderer.move_to(1_792);
        renderer.render(&mut left, &mut right);
        assert_eq!(held(&renderer), [60, 64]);
        assert!(renderer.scheduled.is_empty());
    }

    #[test]
    fn small_buffers_play_the_piano_dry_and_larger_ones_with_reverb() {
        let font = soundfont::bundled().unwrap();
        // Each 256-frame block's peak for 4 s after a short middle C, for an output asking for
        // `frames` at a time.
        let after_the_key = |frames: u32| {
            let (commands, receiver) = command_queue();
            let mut renderer = Renderer::for_buffer(&font, RATE, Some(frames), receiver).unwrap();
            commands.send(Command::Play(key_down(60)));
            play_for(&mut renderer, 0.05);
            commands.send(Command::Play(key_up(60)));
            (0..4 * RATE / 256)
                .map(|_| {
                    let block = play_for(&mut renderer, 256.0 / f64::from(RATE));
                    block.iter().fold(0f32, |peak, x| peak.max(x.abs()))
                })
                .collect::<Vec<f32>>()
        };
        let (dry, wet) = (
            after_the_key(REVERB_FROM_FRAMES / 2),
            after_the_key(REVERB_FROM_FRAMES),
        );
        let ended = dry
            .iter()
            .position(|peak| *peak == 0.0)
            .expect("the dry note ends within 4 s");
        assert!(
            dry[ended..].iter().all(|peak| *peak == 0.0),
            "nothing rings after the dry note"
        );
        assert!(
            wet[ended] > 0.0 && wet[ended + 4] > 0.0,
            "the reverb rings on where the dry note has ended (block {ended}: {:?})",
            &wet[ended..ended + 5]
        );
    }

    #[test]
    fn a_schedule_fuller_than_its_room_still_ends_every_note() {
        let (commands, mut renderer) = renderer();
        let second = u64::from(RATE);
        // 24 long notes from 0.5 s to 6 s around 1,100 short ones between 1 s and 5 s: more
        // events than the schedule holds, sent in time order as a demo is fed. The long
        // notes' releases come last, when the schedule is full.
        let mut events: Vec<(u64, EventKind)> = Vec::new();
        for (i, key) in (21..45u8).enumerate() {
            events.push((second / 2 + i as u64 * 10, key_down(key)));
        }
        for i in 0..1_100u64 {
            let at = second + i * 58;
            let key = 60 + (i % 37) as u8;
            events.push((at, key_down(key)));
            events.push((at + 29, key_up(key)));
        }
        for key in 21..45u8 {
            events.push((6 * second, key_up(key)));
        }
        assert!(events.len() > SCHEDULE_CAPACITY);
        for portion in events.chunks(1_000) {
            for (at, event) in portion {
                commands.send(Command::PlayAt {
                    at: *at,
                    event: *event,
                });
            }
            // Takes the commands without moving the stream on.
            renderer.render(&mut [], &mut []);
        }
        assert_eq!(renderer.position(), 0);
        play_for(&mut renderer, 0.9);
        assert_eq!(
            held(&renderer),
            (21..45).collect::<Vec<u8>>(),
            "the long notes sound"
        );
        play_for(&mut renderer, 5.5);
        assert_eq!(held(&renderer), Vec::<u8>::new(), "keys left held");
        assert_falls_silent(&mut renderer);
    }
}
