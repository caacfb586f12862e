//! Attempt time: instants stamped where events entered Etude, turned into microseconds since
//! the attempt started with paused time (an unplugged keyboard) left out. Every instant is
//! passed in; nothing here reads a clock.

use std::time::{Duration, Instant};

use super::event::Micros;

/// The attempt's time line.
#[derive(Clone, Debug)]
pub struct AttemptClock {
    start: Instant,
    paused_since: Option<Instant>,
    /// Pauses that ended, in order: (began, ended).
    pauses: Vec<(Instant, Instant)>,
}

impl AttemptClock {
    /// An attempt whose time 0 is `start`.
    pub fn starting_at(start: Instant) -> AttemptClock {
        AttemptClock {
            start,
            paused_since: None,
            pauses: Vec::new(),
        }
    }

    /// The instant of time 0.
    pub fn start(&self) -> Instant {
        self.start
    }

    /// Whether the attempt is paused.
    pub fn is_paused(&self) -> bool {
        self.paused_since.is_some()
    }

    /// Stops attempt time at `at`.
    pub fn pause(&mut self, at: Instant) {
        self.paused_since.get_or_insert(at);
    }

    /// Lets attempt time run again from `at`.
    pub fn resume(&mut self, at: Instant) {
        if let Some(since) = self.paused_since.take() {
            self.pauses.push((since, at.max(since)));
        }
    }

    /// Attempt time of `instant`: negative before the start (a note played during the count-in);
    /// during a pause, the time the pause began.
    pub fn time_of(&self, instant: Instant) -> Micros {
        let instant = match self.paused_since {
            Some(since) if instant > since => since,
            _ => instant,
        };
        // Only pauses before the instant count; an instant inside one maps to its start.
        let mut paused = Duration::ZERO;
        let mut instant = instant;
        for (began, ended) in &self.pauses {
            if instant >= *ended {
                paused += *ended - *began;
            } else if instant > *began {
                instant = *began;
            }
        }
        match instant.checked_duration_since(self.start) {
            Some(elapsed) => micros(elapsed.saturating_sub(paused)),
            None => -micros(self.start.saturating_duration_since(instant)),
        }
    }

    /// The instant at which attempt time reaches `time`, pauses that ended taken into account
    /// (the inverse of [`AttemptClock::time_of`] for a time after them); none during a pause.
    pub fn instant_of(&self, time: Micros) -> Option<Instant> {
        if self.is_paused() {
            return None;
        }
        let paused: Duration = self
            .pauses
            .iter()
            .map(|(began, ended)| *ended - *began)
            .sum();
        let offset = Duration::from_micros(time.unsigned_abs());
        if time >= 0 {
            Some(self.start + paused + offset)
        } else {
            self.start.checked_sub(offset)
        }
    }
}

fn micros(duration: Duration) -> Micros {
    Micros::try_from(duration.as_micros()).unwrap_or(Micros::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_are_left_out() {
        let start = Instant::now();
        let ms = |n: u64| start + Duration::from_millis(n);
        let mut clock = AttemptClock::starting_at(start);
        assert_eq!(clock.time_of(ms(500)), 500_000);
        clock.pause(ms(1_000));
        assert_eq!(
            clock.time_of(ms(4_000)),
            1_000_000,
            "time stands still while paused"
        );
        clock.resume(ms(6_000));
        assert_eq!(clock.time_of(ms(6_250)), 1_250_000);
        assert_eq!(
            clock.time_of(ms(500)),
            500_000,
            "before the pause: unchanged"
        );
        let early = AttemptClock::starting_at(ms(1_000));
        assert_eq!(early.time_of(ms(900)), -100_000);
    }

    #[test]
    fn the_instant_of_a_time_is_after_the_pauses() {
        let start = Instant::now();
        let ms = |n: u64| start + Duration::from_millis(n);
        let mut clock = AttemptClock::starting_at(ms(1_000));
        assert_eq!(clock.instant_of(-500_000), Some(ms(500)));
        assert_eq!(clock.instant_of(250_000), Some(ms(1_250)));
        clock.pause(ms(2_000));
        assert_eq!(clock.instant_of(1_500_000), None, "not while paused");
        clock.resume(ms(5_000));
        let at = clock.instant_of(1_500_000);
        assert_eq!(at, Some(ms(5_500)));
        assert_eq!(at.map(|at| clock.time_of(at)), Some(1_500_000));
    }
}
