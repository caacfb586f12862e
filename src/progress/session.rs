//! Which practice session an attempt belongs to: attempts close together in time make one
//! session (one journal entry, one mood before and after).

use jiff::{SignedDuration, Timestamp};

/// A pause longer than this between the end of one attempt and the start of the next begins a
/// new session.
const SESSION_GAP: SignedDuration = SignedDuration::from_mins(30);

/// How far before the session's last end an attempt may start and still join it (a clock set
/// back, an import of older attempts); further back it is a session of its own.
const OUT_OF_ORDER: SignedDuration = SignedDuration::from_hours(12);

/// Whether an attempt starting at `started` continues the session whose last attempt ended at
/// `ended`.
pub fn continues_session(ended: Timestamp, started: Timestamp) -> bool {
    started.duration_since(ended) <= SESSION_GAP && ended.duration_since(started) <= OUT_OF_ORDER
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_an_hour_apart_is_one_session_and_longer_is_two() {
        let ended: Timestamp = "2026-11-25T18:00:00Z".parse().unwrap();
        let after = |minutes: i64| ended + SignedDuration::from_mins(minutes);
        assert!(continues_session(ended, after(1)));
        assert!(continues_session(ended, after(30)));
        assert!(!continues_session(ended, after(31)));
        assert!(
            continues_session(ended, after(-60)),
            "overlapping is the same session"
        );
        assert!(!continues_session(ended, after(-13 * 60)));
    }
}
