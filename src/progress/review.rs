//! Spaced review: a lesson passed comes back to be played again after 1, 3, 7, 14 and 30 days
//! (then every 30). A review is the first day the lesson is played on or after the day it is
//! due: passed, the next interval follows; not passed, the ladder of days starts again from 1.
//! Days are the player's own calendar days (the journal's local dates), so a change of clocks
//! (summer time) moves nothing.

use jiff::ToSpan;
use jiff::civil::Date;

/// Days until each review, in order; the last repeats.
pub const INTERVALS: [i64; 5] = [1, 3, 7, 14, 30];

/// When a lesson is due for review, and which review it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Due {
    /// The day it is due.
    pub on: Date,
    /// Which interval it waits out (0 is the first day after the pass).
    pub stage: usize,
}

/// When the lesson whose days (each: its local date, and whether a run passed that day),
/// oldest first, are `days` is due for review; none before its first pass.
pub fn next_review(days: &[(Date, bool)]) -> Option<Due> {
    let mut due: Option<Due> = None;
    for (day, passed) in days {
        due = match due {
            // Not passed yet: the first pass starts the ladder of days.
            None if *passed => after(*day, 0),
            None => None,
            // Played before it is due: practice, not a review.
            Some(waiting) if *day < waiting.on => Some(waiting),
            Some(waiting) if *passed => after(*day, (waiting.stage + 1).min(INTERVALS.len() - 1)),
            // A review not passed: from the start.
            Some(_) => after(*day, 0),
        };
    }
    due
}

/// Due `INTERVALS[stage]` days after `day`.
fn after(day: Date, stage: usize) -> Option<Due> {
    let days = INTERVALS.get(stage).copied()?;
    Some(Due {
        on: day.checked_add(days.days()).ok()?,
        stage,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_pass_comes_back_after_one_three_seven_fourteen_and_thirty_days() {
        let passed = date(2026, 3, 1);
        assert_eq!(
            next_review(&[(passed, true)]),
            Some(Due {
                on: date(2026, 3, 2),
                stage: 0
            })
        );
        // Each review passed on its day: 3, then 7, 14 and 30 days on.
        let mut days = vec![(passed, true)];
        let mut expected = Vec::new();
        let mut day = date(2026, 3, 2);
        for wait in [3, 7, 14, 30, 30] {
            days.push((day, true));
            day = day.checked_add(wait.days()).unwrap();
            expected.push(day);
            assert_eq!(next_review(&days).map(|d| d.on), Some(day));
        }
        assert_eq!(
            expected,
            [
                date(2026, 3, 5),
                date(2026, 3, 12),
                date(2026, 3, 26),
                date(2026, 4, 25),
                date(2026, 5, 25)
            ]
        );
    }

    #[test]
    fn a_failed_review_starts_again_and_practice_before_it_is_due_changes_nothing() {
        let days = [
            (date(2026, 3, 1), true),
            (date(2026, 3, 2), true),
            // Played again the next day: not due until the 5th.
            (date(2026, 3, 3), false),
            // The review on the 6th fails: back to one day.
            (date(2026, 3, 6), false),
        ];
        assert_eq!(
            next_review(&days),
            Some(Due {
                on: date(2026, 3, 7),
                stage: 0
            })
        );
        assert_eq!(
            next_review(&[(date(2026, 3, 1), false)]),
            None,
            "never passed"
        );
    }

    #[test]
    fn the_schedule_keeps_to_calendar_days_across_a_change_of_clocks() {
        // Europe's clocks go forward on 29 March 2026 and back on 25 October: a day is a day.
        let days = [(date(2026, 3, 28), true), (date(2026, 3, 29), true)];
        assert_eq!(next_review(&days).map(|d| d.on), Some(date(2026, 4, 1)));
        let autumn = [(date(2026, 10, 24), true), (date(2026, 10, 25), true)];
        assert_eq!(next_review(&autumn).map(|d| d.on), Some(date(2026, 10, 28)));
    }
}
