//! Time actually playing: the time between notes, except gaps of more than a minute.

use crate::engine::Micros;

/// A gap longer than this between two notes is a pause, not playing.
pub const MAX_GAP_SECONDS: f64 = 60.0;

/// Seconds of playing in `note_times` (µs, in order): every gap between consecutive notes of
/// at most a minute. `since_before`, the gap from the previous attempt's last note to the
/// first of these (when there was one), counts under the same rule.
pub fn playing_seconds(note_times: &[Micros], since_before: Option<f64>) -> f64 {
    let counted = |gap: f64| {
        if (0.0..=MAX_GAP_SECONDS).contains(&gap) {
            gap
        } else {
            0.0
        }
    };
    let within: f64 = note_times
        .windows(2)
        .map(|pair| counted((pair[1] - pair[0]) as f64 / 1_000_000.0))
        .sum();
    within + since_before.map_or(0.0, counted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_over_a_minute_do_not_count() {
        let s = 1_000_000;
        assert_eq!(playing_seconds(&[0, 2 * s, 4 * s], None), 4.0);
        assert_eq!(playing_seconds(&[0, 2 * s, 90 * s, 91 * s], None), 3.0);
        assert_eq!(playing_seconds(&[0, 60 * s], None), 60.0);
        assert_eq!(playing_seconds(&[5 * s], Some(30.0)), 30.0);
        assert_eq!(playing_seconds(&[5 * s], Some(600.0)), 0.0);
        assert_eq!(playing_seconds(&[], None), 0.0);
    }
}
