//! The player's own round trip, from a tap test: they tap along with a few clicks, and the
//! usual distance from each click to its tap (the sound's way out, the ear, the hand, the
//! keyboard's way in) becomes the offset tempo mode allows for, so a slow USB keyboard or a
//! Bluetooth speaker does not make every note "late".

use std::time::Instant;

use super::event::Micros;

/// Clicks in a tap test.
pub const CLICKS: usize = 8;

/// Clicks at the start left out: the player is finding the beat.
const SETTLING: usize = 2;

/// A tap further than this from every click is not a tap along with it.
const MOST_APART: Micros = 250_000;

/// The offsets kept: a player ahead of the click by more than this, or behind by more, was not
/// tapping along (and a longer round trip needs another output, not an allowance).
pub const OFFSET_RANGE_MS: std::ops::RangeInclusive<i64> = -50..=250;

/// Why a tap test gave no offset.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalibrationError {
    /// Too few taps came near the clicks.
    #[error("only {0} taps came with the clicks (at least 4 are needed): tap once on every click")]
    TooFew(usize),
    /// The taps were spread too widely to tell a round trip.
    #[error("the taps wandered by {0} ms around the clicks: tap again, evenly, on every click")]
    Uneven(i64),
    /// The round trip is outside what can be allowed for.
    #[error("the taps came {0} ms after the clicks, outside -50 to 250 ms: tap on the clicks")]
    OutOfRange(i64),
}

/// The offset (µs, positive when the taps come after the clicks) from the instants the clicks
/// sounded and those of the taps: the median distance from each click after the first few to
/// its nearest tap.
pub fn round_trip(clicks: &[Instant], taps: &[Instant]) -> Result<Micros, CalibrationError> {
    let signed = |tap: Instant, click: Instant| -> Micros {
        if tap >= click {
            Micros::try_from(tap.duration_since(click).as_micros()).unwrap_or(Micros::MAX)
        } else {
            -Micros::try_from(click.duration_since(tap).as_micros()).unwrap_or(Micros::MAX)
        }
    };
    let mut distances: Vec<Micros> = clicks
        .iter()
        .skip(SETTLING)
        .filter_map(|click| {
            taps.iter()
                .map(|tap| signed(*tap, *click))
                .filter(|d| d.abs() <= MOST_APART)
                .min_by_key(|d| d.abs())
        })
        .collect();
    if distances.len() < 4 {
        return Err(CalibrationError::TooFew(distances.len()));
    }
    distances.sort_unstable();
    let median = distances[distances.len() / 2];
    let spread = distances[distances.len() - 1] - distances[0];
    if spread > 120_000 {
        return Err(CalibrationError::Uneven(spread / 1000));
    }
    if !OFFSET_RANGE_MS.contains(&(median / 1000)) {
        return Err(CalibrationError::OutOfRange(median / 1000));
    }
    Ok(median)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn clicks(start: Instant) -> Vec<Instant> {
        (0..CLICKS as u64)
            .map(|i| start + Duration::from_millis(600 * i))
            .collect()
    }

    #[test]
    fn the_round_trip_is_the_median_lag_of_the_settled_taps() {
        let start = Instant::now();
        let clicks = clicks(start);
        // Late on the first two (finding the beat), then 38–44 ms after each click, and one
        // stray tap between two clicks.
        let mut taps: Vec<Instant> = clicks
            .iter()
            .enumerate()
            .map(|(i, c)| *c + Duration::from_millis(if i < 2 { 180 } else { 38 + i as u64 }))
            .collect();
        taps.push(start + Duration::from_millis(2_100));
        assert_eq!(round_trip(&clicks, &taps), Ok(43_000));
        // Ahead of the click is allowed for too.
        let early: Vec<Instant> = clicks
            .iter()
            .map(|c| *c - Duration::from_millis(20))
            .collect();
        assert_eq!(round_trip(&clicks, &early), Ok(-20_000));
    }

    #[test]
    fn too_few_uneven_or_far_taps_give_no_offset() {
        let start = Instant::now();
        let clicks = clicks(start);
        let three: Vec<Instant> = clicks[5..].to_vec();
        assert_eq!(
            round_trip(&clicks, &three),
            Err(CalibrationError::TooFew(3))
        );
        let wandering: Vec<Instant> = clicks
            .iter()
            .enumerate()
            .map(|(i, c)| *c + Duration::from_millis(if i % 2 == 0 { 0 } else { 200 }))
            .collect();
        assert_eq!(
            round_trip(&clicks, &wandering),
            Err(CalibrationError::Uneven(200))
        );
        let behind: Vec<Instant> = clicks
            .iter()
            .map(|c| *c + Duration::from_millis(240))
            .collect();
        assert_eq!(round_trip(&clicks, &behind), Ok(240_000));
        let ahead: Vec<Instant> = clicks
            .iter()
            .map(|c| *c - Duration::from_millis(90))
            .collect();
        assert_eq!(
            round_trip(&clicks, &ahead),
            Err(CalibrationError::OutOfRange(-90))
        );
    }
}
