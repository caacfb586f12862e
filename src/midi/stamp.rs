//! When a key really arrived: the MIDI system stamps each event (midir's timestamp, in
//! microseconds on a clock of its own); the callback may run later (JACK hands over a period's
//! events at once, at the next period). The stamp is put on the monotonic clock the rest of
//! Etude uses by the smallest delay ever seen between stamp and callback, a delay no event can
//! beat, so each key keeps its own time within the period instead of the callback's.

use std::time::{Duration, Instant};

/// A stamp more than this before the callback is not believed (a backend whose stamps stand
/// still or jump): the callback's own clock is used, and the next stamps start the estimate
/// again. Longer than any period a MIDI system delivers events in (2048 frames at 44.1 kHz).
const MOST_DELAY: Duration = Duration::from_millis(50);

/// Turns a connection's stamps into instants.
#[derive(Debug)]
pub struct Stamper {
    origin: Instant,
    /// Microseconds to add to a stamp to get microseconds since `origin`: the smallest seen.
    offset: Option<i128>,
}

impl Stamper {
    /// A stamper for a connection opened now.
    pub fn new(origin: Instant) -> Stamper {
        Stamper {
            origin,
            offset: None,
        }
    }

    /// The instant an event stamped `stamp` (µs) arrived, given that its callback runs at `now`.
    pub fn arrival(&mut self, stamp: u64, now: Instant) -> Instant {
        let since_origin = now.saturating_duration_since(self.origin).as_micros() as i128;
        let seen = since_origin - i128::from(stamp);
        let offset = self.offset.map_or(seen, |offset| offset.min(seen));
        let arrived = i128::from(stamp) + offset;
        let delay = since_origin - arrived;
        if delay > MOST_DELAY.as_micros() as i128 {
            self.offset = None;
            return now;
        }
        self.offset = Some(offset);
        let back = Duration::from_micros(u64::try_from(delay.max(0)).unwrap_or(0));
        now.checked_sub(back).unwrap_or(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_own_times_when_handed_over_a_period_late() {
        let origin = Instant::now();
        let mut stamper = Stamper::new(origin);
        let at = |us: u64| origin + Duration::from_micros(us);
        // The stamp clock runs 1 s ahead of ours. The first key is handed over 1 ms late: with
        // nothing to compare, it is taken as on time.
        assert_eq!(stamper.arrival(1_000_000 + 2_000, at(3_000)), at(3_000));
        // Three keys pressed 1 ms apart, handed over together: each keeps its own time (1 ms
        // late, like the first).
        for pressed in [10_000, 11_000, 12_000] {
            assert_eq!(
                stamper.arrival(1_000_000 + pressed, at(15_300)),
                at(pressed + 1_000)
            );
        }
        // A key handed over at once: the smallest delay yet, the estimate moves to it.
        assert_eq!(stamper.arrival(1_000_000 + 20_000, at(20_000)), at(20_000));
        assert_eq!(stamper.arrival(1_000_000 + 25_000, at(30_300)), at(25_000));
    }

    #[test]
    fn stamps_that_stand_still_are_not_believed() {
        let origin = Instant::now();
        let mut stamper = Stamper::new(origin);
        let at = |ms: u64| origin + Duration::from_millis(ms);
        assert_eq!(stamper.arrival(0, at(1)), at(1));
        assert_eq!(stamper.arrival(0, at(500)), at(500));
        assert_eq!(stamper.arrival(0, at(900)), at(900));
    }
}
