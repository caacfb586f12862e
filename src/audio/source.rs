//! The renderer as a rodio source: interleaved stereo samples, rendered 64 frames at a time.
//! A device that stalls longer than its buffer moves the renderer on with the time line
//! ([`Stall::MovesTheRenderer`]), so what was scheduled stays on the beat.

use std::num::NonZero;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rodio::Source;

use super::clock::{Pacer, SampleClock, Stall};
use super::renderer::Renderer;
use super::slice::AskOnce;

/// Frames rendered at once: commands take effect within this many samples (1.3 ms at 48 kHz).
const BLOCK: usize = 64;

/// Pulls the renderer block by block; publishes the stream clock at each burst the device
/// asks for (see [`Pacer`]).
pub struct RendererSource {
    renderer: Renderer,
    clock: Arc<SampleClock>,
    pacer: Pacer,
    left: [f32; BLOCK],
    right: [f32; BLOCK],
    next: usize,
    sample_rate: NonZero<u32>,
    /// The device thread's short time slice, asked for at its first block.
    slice: AskOnce,
}

impl RendererSource {
    /// A source playing `renderer` at `sample_rate`, publishing to `clock`.
    pub fn new(
        renderer: Renderer,
        clock: Arc<SampleClock>,
        sample_rate: NonZero<u32>,
    ) -> RendererSource {
        RendererSource {
            renderer,
            pacer: Pacer::new(sample_rate.get(), BLOCK, Stall::MovesTheRenderer),
            clock,
            left: [0.0; BLOCK],
            right: [0.0; BLOCK],
            next: 2 * BLOCK,
            sample_rate,
            slice: AskOnce::default(),
        }
    }

    /// Renders the next block as the device asks for it at `now` (the iterator asks with the
    /// present instant). Returns the sample it starts at and its left and right channels.
    pub fn render_block(&mut self, now: Instant) -> (u64, &[f32], &[f32]) {
        self.slice.ask();
        let position = self.renderer.position();
        let start = self.pacer.block(&self.clock, position, now);
        if start != position {
            self.renderer.move_to(start);
        }
        self.renderer.render(&mut self.left, &mut self.right);
        self.next = 0;
        (start, &self.left, &self.right)
    }
}

impl Iterator for RendererSource {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.next == 2 * BLOCK {
            self.render_block(Instant::now());
        }
        let frame = self.next / 2;
        let sample = if self.next % 2 == 0 {
            self.left[frame]
        } else {
            self.right[frame]
        };
        self.next += 1;
        Some(sample)
    }
}

impl Source for RendererSource {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> NonZero<u16> {
        NonZero::<u16>::MIN.saturating_add(1)
    }

    fn sample_rate(&self) -> NonZero<u32> {
        self.sample_rate
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}
