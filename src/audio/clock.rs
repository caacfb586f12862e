//! The stream's clock: which sample the audio thread reached at which instant, published
//! without locks (a sequence counter guards the pair) so that the engine's expected onsets and
//! the metronome's clicks are on one time line; and where a live key, stamped when it arrived,
//! is placed on that line so that every key sounds after the same delay.
//!
//! A device asks for its samples in bursts (a whole buffer at each callback), so the instant
//! a block is rendered says when its burst began, not when the block plays: only the first
//! block of a burst is a point of the time line ([`Pacer`]), and the wake-up jitter of the
//! callbacks is smoothed out of it.
//!
//! A burst far from the time line is a stall: on JACK the server's frame clock says what was
//! lost and the line starts again; on a device the renderer moves to the line instead, so what
//! was scheduled stays on the beat ([`Stall`]).

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
    /// What a stall moves.
    stall: Stall,
    /// The renderer moved at the last burst: the next lines up with the time line exactly,
    /// however little it is off (see [`Stall::MovesTheRenderer`]).
    realign: bool,
}

/// What gives way when a burst begins further than [`RESYNC_SECONDS`] from the time line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stall {
    /// The time line starts again at the burst. On JACK: the renderer already follows the
    /// server's frame clock (a period the server went on without it moves it), so what is
    /// left is the server's own lateness, which its later periods make up.
    MovesTheLine,
    /// The renderer moves to where the time line says the burst is. On a device: one that
    /// waited longer than its buffer for samples (an underrun) starts again from silence, so
    /// without the move everything scheduled (clicks, replays, the other hand) would sound
    /// late by the stall, for good. A burst early by as much (a late callback the device's
    /// buffer covered, made up at once) moves it back. The burst after a move lines up
    /// exactly, even when it is off by less than the dead band: a device that refills after
    /// an underrun asks for its whole buffer at once, and the burst after is early by all of
    /// it but a period (at a 64-frame period, 1.3 ms). The sound itself is not cut: only
    /// where the schedule falls.
    MovesTheRenderer,
}

/// How much of each new burst's lateness moves the time line: small, so a callback's wake-up
/// jitter is averaged away (the line follows the device over a few dozen bursts).
const SMOOTHING: f64 = 0.05;

/// A burst further from the time line than this (a stall, an underrun) starts it again there,
/// or moves the renderer to it ([`Stall`]).
const RESYNC_SECONDS: f64 = 0.004;

impl Pacer {
    /// A pacer for blocks of `block` frames at `sample_rate`; what a stall moves: `stall`.
    pub fn new(sample_rate: u32, block: usize, stall: Stall) -> Pacer {
        let rate = f64::from(sample_rate.max(1));
        Pacer {
            rate,
            pause: Duration::from_secs_f64(block as f64 / rate / 2.0),
            last_block: None,
            origin: None,
            offset: None,
            burst_start: 0,
            moved: 0,
            stall,
            realign: false,
        }
    }

    /// The renderer was moved `by` frames before the next block (to follow a server that went
    /// on without it): a burst that begins there is as long as before, not longer by the move;
    /// a block within a burst (a second wake in one period, moving back) changes nothing.
    pub fn renderer_moved(&mut self, by: i64) {
        self.moved = self.moved.saturating_add(by);
    }

    /// The block starting at `position` is being rendered at `now`. Returns where the block
    /// starts: `position`, or with [`Stall::MovesTheRenderer`] after a stall, where the
    /// renderer must move to before rendering it.
    #[must_use = "the renderer must move where the pacer says"]
    pub fn block(&mut self, clock: &SampleClock, position: u64, now: Instant) -> u64 {
        let begins_burst = self
            .last_block
            .is_none_or(|last| now.saturating_duration_since(last) > self.pause);
        self.last_block = Some(now);
        let moved = std::mem::take(&mut self.moved);
        if !begins_burst {
            return position;
        }
        self.burst_start = self.burst_start.saturating_add_signed(moved);
        if position > self.burst_start {
            let frames = u32::try_from(position - self.burst_start).unwrap_or(u32::MAX);
            clock.burst.store(frames, Ordering::Release);
        }
        let origin = *self.origin.get_or_insert(now);
        let since_origin = now.saturating_duration_since(origin).as_secs_f64();
        let seen = since_origin - position as f64 / self.rate;
        let stalled = (seen - self.offset.unwrap_or(seen)).abs() >= RESYNC_SECONDS;
        let realign = std::mem::replace(&mut self.realign, false);
        let (offset, position) = match self.offset {
            Some(line) if self.stall == Stall::MovesTheRenderer && (stalled || realign) => {
                self.realign = stalled;
                // The sample the line puts at this instant.
                let on_line = ((since_origin - line) * self.rate).round().max(0.0) as u64;
                (line, on_line)
            }
            Some(line) if !stalled => (line + SMOOTHING * (seen - line), position),
            _ => (seen, position),
        };
        self.burst_start = position;
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
        position
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
        let mut pacer = Pacer::new(rate, 64, Stall::MovesTheLine);
        let start = Instant::now();
        let period = 256.0 / f64::from(rate);
        let mut worst_after_settling = 0f64;
        for burst in 0..400u64 {
            // Deterministic jitter in ±0.5 ms.
            let jitter = ((burst * 7919 % 101) as f64 / 100.0 - 0.5) * 0.001;
            let wake = start + Duration::from_secs_f64(burst as f64 * period + 0.01 + jitter);
            for block in 0..4u64 {
                let rendering = wake + Duration::from_micros(40 * block);
                let position = burst * 256 + block * 64;
                assert_eq!(pacer.block(&clock, position, rendering), position);
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
        let _ = pacer.block(&clock, 401 * 256, at(401.0));
        assert_eq!(
            clock.burst_frames(),
            256,
            "a lost period is not a longer burst"
        );
        // A wake for a period read late moves it on; a second wake at once, in the same
        // period, moves it back: neither makes a burst longer.
        pacer.renderer_moved(256);
        let _ = pacer.block(&clock, 403 * 256, at(403.0));
        pacer.renderer_moved(-256);
        let _ = pacer.block(&clock, 403 * 256, at(403.0) + Duration::from_micros(50));
        let _ = pacer.block(&clock, 404 * 256, at(404.0));
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

    /// The moves a pacer for a device asks of the renderer, `(burst, frames)`, as the device
    /// asks for `period` frames 300 times, burst `n` at `wake(n)` and as `periods(n)` of them,
    /// each rendered as blocks of 64 frames 30 µs apart; with the length of the burst before
    /// each (0 for the first).
    fn device_moves(
        period: u64,
        wake: impl Fn(u64) -> f64,
        periods: impl Fn(u64) -> u64,
    ) -> (Vec<(u64, i64)>, Vec<u32>) {
        let rate = 48_000u32;
        let clock = SampleClock::new(rate);
        let mut pacer = Pacer::new(rate, 64, Stall::MovesTheRenderer);
        let start = Instant::now();
        // Where the renderer is: it renders each burst from where the pacer puts it.
        let mut position = 0u64;
        let (mut moves, mut bursts) = (Vec::new(), Vec::new());
        for burst in 0..300u64 {
            let at = start + Duration::from_secs_f64(wake(burst));
            let first = pacer.block(&clock, position, at);
            if first != position {
                moves.push((burst, first as i64 - position as i64));
            }
            bursts.push(clock.burst_frames());
            let blocks = periods(burst) * period / 64;
            for block in 1..blocks {
                let then = at + Duration::from_micros(30 * block);
                assert_eq!(
                    pacer.block(&clock, first + block * 64, then),
                    first + block * 64,
                    "blocks within a burst follow its first"
                );
            }
            position = first + blocks * 64;
        }
        // The line never moved: the last burst's first sample is where it was at the start.
        let (published, instant) = clock.read();
        let line = instant.duration_since(start).as_secs_f64() - published as f64 / 48_000.0;
        assert!(line.abs() < 0.000_5, "the line moved by {line} s");
        (moves, bursts)
    }

    /// A device asking for 256 frames every 5.33 ms stops for 50 ms (longer than its buffer:
    /// it starts again from silence, asking for two periods at once to refill it, as cpal's
    /// ALSA stream does), and later calls back 10 ms late once, its buffer covering it, and
    /// asks for the two bursts it owes at once. The renderer moves on by the stall and back by
    /// the period refilled, and on and back by the late callback; the time line stays.
    #[test]
    fn on_a_device_a_stall_moves_the_renderer_along_the_time_line() {
        let period = 256.0 / 48_000.0;
        let wake = |burst: u64| {
            let stalled = if burst >= 100 { 0.05 } else { 0.0 };
            let seconds = match burst {
                // Late, then the two bursts owed straight after it.
                200..=202 => 200.0 * period + 0.01 + (burst - 200) as f64 * 0.000_12,
                _ => burst as f64 * period,
            };
            seconds + stalled
        };
        let (moves, bursts) = device_moves(256, wake, |burst| 1 + u64::from(burst == 100));
        assert_eq!(
            moves,
            vec![(100, 2_400), (101, -256), (200, 480), (203, -480)]
        );
        // Every burst its period long, but the refill and the late one with those it owed.
        for (burst, frames) in bursts.iter().enumerate().skip(1) {
            let expected = match burst {
                101 => 512,
                203 => 768,
                _ => 256,
            };
            assert_eq!(*frames, expected, "burst {burst}");
        }
    }

    /// At a 64-frame period the burst after the refill is early by 1.3 ms, less than the dead
    /// band: it still moves the renderer back, or the schedule would stay a period early. The
    /// bursts after it wake up to ±0.3 ms off, and move nothing: only the one burst after a
    /// move lines up.
    #[test]
    fn after_a_stall_at_a_small_period_the_refill_is_lined_up_too() {
        let period = 64.0 / 48_000.0;
        let wake = |burst: u64| {
            let jitter = if burst > 101 {
                ((burst * 7919 % 101) as f64 / 100.0 - 0.5) * 0.000_6
            } else {
                0.0
            };
            burst as f64 * period + if burst >= 100 { 0.05 } else { 0.0 } + jitter
        };
        let (moves, _) = device_moves(64, wake, |burst| 1 + u64::from(burst == 100));
        assert_eq!(moves, vec![(100, 2_400), (101, -64)]);
    }
}
