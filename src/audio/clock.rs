//! The stream's clock: which sample the audio thread reached at which instant, published
//! without locks (a sequence counter guards the pair) so that the engine's expected onsets and
//! the metronome's clicks are on one time line.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Sample position and the instant it was rendered, readable from any thread.
#[derive(Debug)]
pub struct SampleClock {
    base: Instant,
    sample_rate: u32,
    sequence: AtomicU64,
    position: AtomicU64,
    nanos: AtomicU64,
}

impl SampleClock {
    /// A clock for a stream at `sample_rate`, at sample 0 now.
    pub fn new(sample_rate: u32) -> SampleClock {
        SampleClock {
            base: Instant::now(),
            sample_rate,
            sequence: AtomicU64::new(0),
            position: AtomicU64::new(0),
            nanos: AtomicU64::new(0),
        }
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
}
