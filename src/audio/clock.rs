//! The stream's clock: which sample the audio thread reached at which instant, published
//! without locks (a sequence counter guards the pair) so that the engine's expected onsets and
//! the metronome's clicks are on one time line; and where a live key, stamped when it arrived,
//! is placed on that line so that every key sounds after the same delay.
//!
//! A device asks for its samples in bursts (a whole buffer at each callback), so the instant
//! a block is rendered says when its burst began, not when the block plays: only the first
//! block of a burst is a point of the time line ([`Pacer`]), and the wake-up jitter of the
//! callbacks is smoothed out of it.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Sample position and the instant it was rendered, readable from any thread.
#[derive(Debug)]
pub struct SampleClock {
    base: Instant,
    sample_rate: u32,
    sequence: AtomicU64,
    position: AtomicU64,
    nanos: AtomicU64,
    /// Frames the device asked for in its last burst.
    burst: AtomicU32,
}

/// How far past the next burst a live key is placed: room for a callback that wakes early
/// and for the renderer's own block (see [`SampleClock::live_position`]).
pub const LIVE_MARGIN_FRAMES: u64 = 64;

impl SampleClock {
    /// A clock for a stream at `sample_rate`, at sample 0 now.
    pub fn new(sample_rate: u32) -> SampleClock {
        SampleClock {
            base: Instant::now(),
            sample_rate,
            sequence: AtomicU64::new(0),
            position: AtomicU64::new(0),
            nanos: AtomicU64::new(0),
            burst: AtomicU32::new(0),
        }
    }

    /// Frames the device asked for at once, last time (0 before it has asked twice).
    pub fn burst_frames(&self) -> u32 {
        self.burst.load(Ordering::Acquire)
    }

    /// Where a live key that arrived at `at` sounds: its own sample on the stream's time line,
    /// one burst and [`LIVE_MARGIN_FRAMES`] later, so that the audio thread has it before that
    /// sample is rendered whenever in the burst it came. The same delay for every key: a
    /// steady instrument.
    pub fn live_position(&self, at: Instant) -> u64 {
        self.position_at(at) + u64::from(self.burst_frames()) + LIVE_MARGIN_FRAMES
    }

    /// The stream's sample rate.
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// Called by the audio thread: sample `position` is being rendered at `at`. Never blocks.
    pub fn publish(&self, position: u64, at: Instant) {
        let nanos =
            u64::try_from(at.saturating_duration_since(self.base).as_nanos()).unwrap_or(u64::MAX);
        self.sequence.fetch_add(1, Ordering::AcqRel);
        self.position.store(position, Ordering::Release);
        self.nanos.store(nanos, Ordering::Release);
        self.sequence.fetch_add(1, Ordering::AcqRel);
    }

    /// The last published (position, instant).
    pub fn read(&self) -> (u64, Instant) {
        loop {
            let before = self.sequence.load(Ordering::Acquire);
            let position = self.position.load(Ordering::Acquire);
            let nanos = self.nanos.load(Ordering::Acquire);
            let after = self.sequence.load(Ordering::Acquire);
            if before == after && before % 2 == 0 {
                return (position, self.base + Duration::from_nanos(nanos));
            }
            std::hint::spin_loop();
        }
    }

    /// The sample rendered at `at`, from the last published point (the inverse of
    /// [`SampleClock::instant_of`]; before sample 0, sample 0).
    pub fn position_at(&self, at: Instant) -> u64 {
        let (published, then) = self.read();
        let rate = f64::from(self.sample_rate);
        if at >= then {
            published + (at.duration_since(then).as_secs_f64() * rate).round() as u64
        } else {
            published.saturating_sub((then.duration_since(at).as_secs_f64() * rate).round() as u64)
        }
    }

    /// The instant sample `position` is rendered, from the last published point.
    pub fn instant_of(&self, position: u64) -> Instant {
        let (published, at) = self.read();
        let rate = f64::from(self.sample_rate.max(1));
        if position >= published {
            at + Duration::from_secs_f64((position - published) as f64 / rate)
        } else {
            at.checked_sub(Duration::from_secs_f64(
                (published - position) as f64 / rate,
            ))
            .unwrap_or(at)
        }
    }
}

/// The audio thread's side of the clock: told the instant each block is rendered, it finds
/// the first block of each burst (one that comes after a pause: the blocks of a burst follow
/// each other as fast as they render) and publishes that block's position with the instant
/// the smoothed time line gives it. Never blocks or allocates.
#[derive(Debug)]
pub struct Pacer {
    rate: f64,
    /// A pause longer than this between two blocks begins a burst.
    pause: Duration,
    last_block: Option<Instant>,
    origin: Option<Instant>,
    /// The time line: seconds from `origin` of position 0, smoothed.
    offset: Option<f64>,
    burst_start: u64,
    /// Frames the renderer was moved by since the last block.
    moved: i64,
}

/// How much of each new burst's lateness moves the time line: small, so a callback's wake-up
/// jitter is averaged away (the line follows the device over a few dozen bursts).
const SMOOTHING: f64 = 0.05;

/// A burst further from the time line than this (a stall, an underrun) starts it again there.
const RESYNC_SECONDS: f64 = 0.004;

impl Pacer {
    /// A pacer for blocks of `block` frames at `sample_rate`.
    pub fn new(sample_rate: u32, block: usize) -> Pacer {
        let rate = f64::from(sample_rate.max(1));
        Pacer {
            rate,
            pause: Duration::from_secs_f64(block as f64 / rate / 2.0),
            last_block: None,
            origin: None,
            offset: None,
            burst_start: 0,
            moved: 0,
        }
    }

    /// The renderer was moved `by` frames before the next block (to follow a server that went
    /// on without it): a burst that begins there is as long as before, not longer by the move;
    /// a block within a burst (a second wake in one period, moving back) changes nothing.
    pub fn renderer_moved(&mut self, by: i64) {
        self.moved = self.moved.saturating_add(by);
    }

    /// The block starting at `position` is being rendered at `now`.
    pub fn block(&mut self, clock: &SampleClock, position: u64, now: Instant) {
        let begins_burst = self
            .last_block
            .is_none_or(|last| now.saturating_duration_since(last) > self.pause);
        self.last_block = Some(now);
        let moved = std::mem::take(&mut self.moved);
        if !begins_burst {
            return;
        }
        self.burst_start = self.burst_start.saturating_add_signed(moved);
        if position > self.burst_start {
            let frames = u32::try_from(position - self.burst_start).unwrap_or(u32::MAX);
            clock.burst.store(frames, Ordering::Release);
        }
        self.burst_start = position;
        let origin = *self.origin.get_or_insert(now);
        let seen =
            now.saturating_duration_since(origin).as_secs_f64() - position as f64 / self.rate;
        let offset = match self.offset {
            Some(line) if (seen - line).abs() < RESYNC_SECONDS => line + SMOOTHING * (seen - line),
            _ => seen,
        };
        self.offset = Some(offset);
        let at = position as f64 / self.rate + offset;
        let instant = if at >= 0.0 {
            origin + Duration::from_secs_f64(at)
        } else {
            origin
                .checked_sub(Duration::from_secs_f64(-at))
                .unwrap_or(origin)
        };
        clock.publish(position, instant);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_and_its_instant_map_both_ways() {
        let clock = SampleClock::new(48_000);
        let now = Instant::now();
        clock.publish(48_000, now);
        for position in [0, 47_999, 48_000, 96_000, 4_800_000] {
            assert_eq!(clock.position_at(clock.instant_of(position)), position);
        }
        assert_eq!(
            clock.position_at(now + Duration::from_millis(250)),
            48_000 + 12_000
        );
    }

    /// A device asking for 256 frames every 5.33 ms, its callbacks waking up to ±0.5 ms off,
    /// each burst rendered as four blocks of 64 frames in quick succession.
    #[test]
    fn the_time_line_follows_the_bursts_not_the_blocks_and_smooths_their_jitter() {
        let rate = 48_000u32;
        let clock = SampleClock::new(rate);
        let mut pacer = Pacer::new(rate, 64);
        let start = Instant::now();
        let period = 256.0 / f64::from(rate);
        let mut worst_after_settling = 0f64;
        for burst in 0..400u64 {
            // Deterministic jitter in ±0.5 ms.
            let jitter = ((burst * 7919 % 101) as f64 / 100.0 - 0.5) * 0.001;
            let wake = start + Duration::from_secs_f64(burst as f64 * period + 0.01 + jitter);
            for block in 0..4u64 {
                let rendering = wake + Duration::from_micros(40 * block);
                pacer.block(&clock, burst * 256 + block * 64, rendering);
            }
            assert_eq!(
                clock.read().0,
                burst * 256,
                "the burst's first block is the point"
            );
            if burst > 100 {
                // The ideal line: burst n starts at n periods + 10 ms.
                let ideal = start + Duration::from_secs_f64(burst as f64 * period + 0.01);
                let (_, published) = clock.read();
                let off = if published >= ideal {
                    published.duration_since(ideal).as_secs_f64()
                } else {
                    -ideal.duration_since(published).as_secs_f64()
                };
                worst_after_settling = worst_after_settling.max(off.abs());
            }
        }
        assert_eq!(clock.burst_frames(), 256);
        // The server goes on without the renderer for one period, and it follows: the next
        // burst is no longer than the others.
        let at = |n: f64| start + Duration::from_secs_f64(n * period + 0.01);
        pacer.renderer_moved(256);
        pacer.block(&clock, 401 * 256, at(401.0));
        assert_eq!(
            clock.burst_frames(),
            256,
            "a lost period is not a longer burst"
        );
        // A wake for a period read late moves it on; a second wake at once, in the same
        // period, moves it back: neither makes a burst longer.
        pacer.renderer_moved(256);
        pacer.block(&clock, 403 * 256, at(403.0));
        pacer.renderer_moved(-256);
        pacer.block(&clock, 403 * 256, at(403.0) + Duration::from_micros(50));
        pacer.block(&clock, 404 * 256, at(404.0));
        assert_eq!(
            clock.burst_frames(),
            256,
            "a period read twice is not a longer burst"
        );
        assert!(
            worst_after_settling < 0.0002,
            "the line strays {:.3} ms from the device's",
            worst_after_settling * 1000.0
        );
        // A key is placed a burst and the margin past its own sample.
        let (position, at) = clock.read();
        assert_eq!(
            clock.live_position(at + Duration::from_secs_f64(100.0 / f64::from(rate))),
            position + 100 + 256 + LIVE_MARGIN_FRAMES
        );
    }
}
