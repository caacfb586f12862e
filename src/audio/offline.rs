//! Rendering a lesson's demo, or a recorded run, to a WAV file, with no audio device.

use std::path::Path;
use std::sync::Arc;

use rustysynth::SoundFont;

use super::command::{Command, CommandSender, command_queue};
use super::demo;
use super::error::RendererError;
use super::renderer::{Renderer, SCHEDULE_CAPACITY};
use crate::engine::{EventKind, Plan};

/// The sample rate of rendered files.
pub const SAMPLE_RATE: u32 = 48_000;
/// Silence before the demo when there is no count-in.
const LEAD_SECONDS: f64 = 0.25;
/// Time after the last note for it to ring out.
const TAIL_SECONDS: f64 = 1.5;
/// Beats of count-in with the metronome (one bar of four).
const COUNT_IN_BEATS: u32 = 4;

/// A rendered demo.
pub struct Rendering {
    /// Left channel.
    pub left: Vec<f32>,
    /// Right channel.
    pub right: Vec<f32>,
    /// The sample the lesson's beat 0 falls on.
    pub first_beat: u64,
    /// Sample rate.
    pub sample_rate: u32,
}

/// Renders `plan` at its tempo: with `metronome`, a one-bar count-in and clicks on every beat.
pub fn render(
    soundfont: &Arc<SoundFont>,
    plan: &Plan,
    metronome: bool,
) -> Result<Rendering, RendererError> {
    let (sender, receiver) = command_queue();
    let mut renderer = Renderer::new(soundfont, SAMPLE_RATE, receiver)?;
    let rate = f64::from(SAMPLE_RATE);
    let samples_per_beat = rate * 60.0 / f64::from(plan.tempo_bpm.max(1));
    let first_beat = if metronome {
        (samples_per_beat * f64::from(COUNT_IN_BEATS)).floor() as u64
    } else {
        (LEAD_SECONDS * rate) as u64
    };
    let last = plan
        .targets
        .last()
        .map_or(0.0, |t| t.at as f64 + t.step.beats * plan.beat_us());
    let total = first_beat + (last / 1_000_000.0 * rate) as u64 + (TAIL_SECONDS * rate) as u64;
    if metronome {
        sender.send(Command::StartMetronome {
            first_beat: 0,
            bpm: f64::from(plan.tempo_bpm),
            beats_per_bar: COUNT_IN_BEATS,
        });
    }
    let events = demo::schedule(plan, SAMPLE_RATE);
    let (left, right) = play_out(&mut renderer, &sender, &events, first_beat, total);
    Ok(Rendering {
        left,
        right,
        first_beat,
        sample_rate: SAMPLE_RATE,
    })
}

/// Renders a schedule (events at samples from its first, a recording's notes) after a moment
/// of lead-in, and lets it ring out.
pub fn render_events(
    soundfont: &Arc<SoundFont>,
    events: &[(u64, EventKind)],
) -> Result<Rendering, RendererError> {
    let (sender, receiver) = command_queue();
    let mut renderer = Renderer::new(soundfont, SAMPLE_RATE, receiver)?;
    let rate = f64::from(SAMPLE_RATE);
    let first = (LEAD_SECONDS * rate) as u64;
    let last = events.last().map_or(0, |(at, _)| *at);
    let total = first + last + (TAIL_SECONDS * rate) as u64;
    let (left, right) = play_out(&mut renderer, &sender, events, first, total);
    Ok(Rendering {
        left,
        right,
        first_beat: first,
        sample_rate: SAMPLE_RATE,
    })
}

/// Feeds `events` (their sample 0 at `first`) to `renderer` ahead of it, in portions its queue
/// holds, and renders `total` samples.
fn play_out(
    renderer: &mut Renderer,
    sender: &CommandSender,
    events: &[(u64, EventKind)],
    first: u64,
    total: u64,
) -> (Vec<f32>, Vec<f32>) {
    let (mut left, mut right) = (vec![0f32; total as usize], vec![0f32; total as usize]);
    let mut next_event = 0;
    const BLOCK: usize = 1024;
    let mut done = 0;
    while done < left.len() {
        let horizon = renderer.position() + 4 * BLOCK as u64;
        let mut fed = 0;
        while let Some((at, event)) = events.get(next_event).copied() {
            if first + at > horizon || fed == SCHEDULE_CAPACITY / 2 {
                break;
            }
            sender.send(Command::PlayAt {
                at: first + at,
                event,
            });
            next_event += 1;
            fed += 1;
        }
        let end = (done + BLOCK).min(left.len());
        renderer.render(&mut left[done..end], &mut right[done..end]);
        done = end;
    }
    (left, right)
}

/// Writes a rendering as 16-bit stereo WAV.
pub fn write_wav(rendering: &Rendering, path: &Path) -> Result<(), hound::Error> {
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: rendering.sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(path, spec)?;
    for (l, r) in rendering.left.iter().zip(&rendering.right) {
        for sample in [l, r] {
            writer.write_sample((sample.clamp(-1.0, 1.0) * f32::from(i16::MAX)) as i16)?;
        }
    }
    writer.finalize()
}
