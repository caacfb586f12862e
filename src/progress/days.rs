//! Local days: minutes per day, streaks of days with the daily minimum met, and the calendar.
//!
//! A day is a civil date where the player was: a session belongs to the date it started on in
//! its own time zone, so a session past midnight counts for the day it started, and DST
//! changes or travel never split or merge days.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;

/// Days practised in a row that earn a rest day.
pub const DAYS_PER_REST_DAY: u32 = 7;

/// The most rest days kept in hand.
pub const MOST_REST_DAYS: u32 = 2;

/// How a streak is kept: the minutes a day that count, and whether a missed day may be
/// covered by a rest day earned before.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StreakRule {
    /// Minutes of playing that make a day count.
    pub minimum: f64,
    /// Whether each [`DAYS_PER_REST_DAY`] days practised earn a rest day (at most
    /// [`MOST_REST_DAYS`] kept), spent on a missed day instead of breaking the streak.
    pub rest_days: bool,
}

impl StreakRule {
    /// Every day must meet `minimum`.
    pub fn strict(minimum: f64) -> StreakRule {
        StreakRule {
            minimum,
            rest_days: false,
        }
    }

    /// Days meeting `minimum`, with rest days earned by practice.
    pub fn forgiving(minimum: f64) -> StreakRule {
        StreakRule {
            minimum,
            rest_days: true,
        }
    }
}

/// Current and best streaks, in days, with the rest days.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Streak {
    /// Days with the minimum met in the streak up to today (today counts once met; until then
    /// the streak from yesterday is still alive). A rest day keeps the streak but adds no day.
    pub current: u32,
    /// The longest streak ever, up to today.
    pub best: u32,
    /// Rest days in hand for the next missed day.
    pub rest_days: u32,
    /// Days missed that a rest day covered, oldest first (none under the strict rule).
    pub rested: Vec<Date>,
}

/// Streaks as of `today` from minutes played per day, kept by `rule`.
///
/// Days are walked from the first one played: a met day adds to the streak (and every
/// [`DAYS_PER_REST_DAY`]th earns a rest day under the forgiving rule); a missed day before today
/// spends a rest day when there is one, else ends the streak and the rest days with it.
pub fn streak(minutes: &BTreeMap<Date, f64>, today: Date, rule: StreakRule) -> Streak {
    let met = |date: Date| {
        minutes
            .get(&date)
            .is_some_and(|m| *m + 1e-9 >= rule.minimum)
    };
    let mut streak = Streak::default();
    let mut toward_rest = 0;
    let mut day = minutes.keys().copied().find(|d| met(*d));
    while let Some(date) = day.filter(|d| *d <= today) {
        if met(date) {
            streak.current += 1;
            streak.best = streak.best.max(streak.current);
            toward_rest += 1;
            if rule.rest_days && toward_rest == DAYS_PER_REST_DAY {
                toward_rest = 0;
                streak.rest_days = (streak.rest_days + 1).min(MOST_REST_DAYS);
            }
        } else if date == today {
            // Today is not over: the streak from yesterday is still alive.
        } else if streak.rest_days > 0 && streak.current > 0 {
            streak.rest_days -= 1;
            streak.rested.push(date);
        } else {
            streak.current = 0;
            streak.rest_days = 0;
            toward_rest = 0;
        }
        // With no streak alive, the gap until the next day met changes nothing: skip it.
        day = if streak.current == 0 {
            minutes
                .range(date..)
                .map(|(d, _)| *d)
                .find(|d| *d > date && met(*d))
        } else {
            date.checked_add(1.day()).ok()
        };
    }
    streak
}

/// Minutes per day for the twelve months up to and including `end`, oldest first, every day
/// present (0 when nothing was played).
pub fn calendar(minutes: &BTreeMap<Date, f64>, end: Date) -> Vec<(Date, f64)> {
    let start = end
        .checked_sub(1.year())
        .and_then(|d| d.checked_add(1.day()))
        .unwrap_or(end);
    let mut days = Vec::with_capacity(366);
    let mut day = start;
    while day <= end {
        days.push((day, minutes.get(&day).copied().unwrap_or(0.0)));
        match day.checked_add(1.day()) {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    days
}

/// The Monday of `date`'s ISO week.
pub fn week_start(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(back.days()).unwrap_or(date)
}

/// Minutes and days played in the week (Monday to Sunday) starting at `monday`.
pub fn week_totals(minutes: &BTreeMap<Date, f64>, monday: Date) -> (f64, u32) {
    let sunday = monday.checked_add(6.days()).unwrap_or(monday);
    minutes
        .range(monday..=sunday)
        .filter(|(_, m)| **m > 0.0)
        .fold((0.0, 0), |(total, days), (_, m)| (total + m, days + 1))
}

/// Weekly milestones worth saying out loud, for the week of `today`.
pub fn milestones(minutes: &BTreeMap<Date, f64>, today: Date, minimum: f64) -> Vec<String> {
    let monday = week_start(today);
    let (this_week, days) = week_totals(minutes, monday);
    let mut said = Vec::new();
    let met_days = (0..7)
        .filter_map(|n| monday.checked_add(n.days()).ok())
        .filter(|d| *d <= today && minutes.get(d).is_some_and(|m| *m + 1e-9 >= minimum))
        .count();
    if met_days >= 5 {
        said.push(format!(
            "{met_days} days this week with your daily {minimum:.0} minutes"
        ));
    }
    let earlier_best = minutes
        .keys()
        .filter(|d| **d < monday)
        .map(|d| week_start(*d))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|m| week_totals(minutes, m).0)
        .fold(0.0, f64::max);
    if this_week > 0.0 && earlier_best > 0.0 && this_week > earlier_best {
        said.push(format!(
            "Your most practice in any week so far: {this_week:.0} minutes (before: {earlier_best:.0})"
        ));
    }
    if days > 0 && minutes.keys().next().is_some_and(|first| *first >= monday) {
        said.push("Your first week of practice".to_owned());
    }
    said
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn days(list: &[(Date, f64)]) -> BTreeMap<Date, f64> {
        list.iter().copied().collect()
    }

    fn strict(current: u32, best: u32) -> Streak {
        Streak {
            current,
            best,
            ..Streak::default()
        }
    }

    #[test]
    fn streaks_count_consecutive_met_days() {
        let played = days(&[
            (date(2026, 11, 1), 6.0),
            (date(2026, 11, 2), 5.0),
            (date(2026, 11, 3), 12.0),
            (date(2026, 11, 5), 7.0),
            (date(2026, 11, 6), 2.0), // under the minimum
            (date(2026, 11, 7), 9.0),
            (date(2026, 11, 8), 9.0),
        ]);
        let rule = StreakRule::strict(5.0);
        assert_eq!(streak(&played, date(2026, 11, 8), rule), strict(2, 3));
        // Today not played yet: yesterday's streak is still alive.
        assert_eq!(streak(&played, date(2026, 11, 9), rule), strict(2, 3));
        // A missed day ends it.
        assert_eq!(streak(&played, date(2026, 11, 10), rule), strict(0, 3));
        // As of an earlier date, later days do not count.
        assert_eq!(streak(&played, date(2026, 11, 3), rule), strict(3, 3));
        assert_eq!(
            streak(&played, date(2026, 11, 8), StreakRule::strict(1.0)).best,
            4
        );
        assert_eq!(
            streak(&BTreeMap::new(), date(2026, 11, 8), rule),
            strict(0, 0)
        );
    }

    /// `count` days met from `first` on.
    fn run_of(played: &mut BTreeMap<Date, f64>, first: Date, count: i64) {
        for n in 0..count {
            played.insert(first.checked_add(n.days()).unwrap(), 10.0);
        }
    }

    #[test]
    fn seven_days_practised_earn_a_rest_day_that_a_missed_day_spends() {
        let rule = StreakRule::forgiving(5.0);
        let mut played = BTreeMap::new();
        // Six days: no rest day yet, so a missed day ends the streak.
        run_of(&mut played, date(2026, 3, 1), 6);
        assert_eq!(streak(&played, date(2026, 3, 6), rule), strict(6, 6));
        assert_eq!(streak(&played, date(2026, 3, 8), rule), strict(0, 6));
        // Seven days in a row from the 10th: one rest day in hand.
        run_of(&mut played, date(2026, 3, 10), 7);
        let after_a_week = streak(&played, date(2026, 3, 16), rule);
        assert_eq!((after_a_week.current, after_a_week.rest_days), (7, 1));
        // The 17th missed: the rest day covers it, the streak goes on (and adds no day).
        run_of(&mut played, date(2026, 3, 18), 2);
        let kept = streak(&played, date(2026, 3, 19), rule);
        assert_eq!(
            kept,
            Streak {
                current: 9,
                best: 9,
                rest_days: 0,
                rested: vec![date(2026, 3, 17)],
            }
        );
        // The same days under the strict rule: the 17th broke it.
        assert_eq!(
            streak(&played, date(2026, 3, 19), StreakRule::strict(5.0)),
            strict(2, 7)
        );
        // The 20th and 21st missed with nothing in hand: gone, rest days and all; the day
        // covered before stays marked.
        let broken = streak(&played, date(2026, 3, 21), rule);
        assert_eq!((broken.current, broken.best), (0, 9));
        assert_eq!(broken.rested, [date(2026, 3, 17)]);
    }

    #[test]
    fn at_most_two_rest_days_are_kept_and_they_cover_days_in_a_row() {
        let rule = StreakRule::forgiving(5.0);
        let mut played = BTreeMap::new();
        run_of(&mut played, date(2026, 1, 1), 28);
        let four_weeks = streak(&played, date(2026, 1, 28), rule);
        assert_eq!((four_weeks.current, four_weeks.rest_days), (28, 2));
        // The 29th and 30th missed: both spent. Today, the 31st, not played yet: alive.
        let on_the_31st = streak(&played, date(2026, 1, 31), rule);
        assert_eq!((on_the_31st.current, on_the_31st.rest_days), (28, 0));
        assert_eq!(on_the_31st.rested, [date(2026, 1, 29), date(2026, 1, 30)]);
        // Played on the 31st: 29 days. Missed the 1st of February: nothing in hand, it ends.
        played.insert(date(2026, 1, 31), 6.0);
        assert_eq!(streak(&played, date(2026, 1, 31), rule).current, 29);
        assert_eq!(streak(&played, date(2026, 2, 2), rule).current, 0);
        // Days below the minimum are missed days too, and earn nothing.
        let short: BTreeMap<Date, f64> = (1..=20).map(|d| (date(2026, 5, d), 3.0)).collect();
        assert_eq!(streak(&short, date(2026, 5, 20), rule), strict(0, 0));
    }

    #[test]
    fn the_calendar_covers_twelve_months_every_day() {
        let played = days(&[
            (date(2026, 3, 1), 10.0),
            (date(2025, 11, 26), 3.0),
            (date(2025, 11, 25), 99.0),
        ]);
        let year = calendar(&played, date(2026, 11, 25));
        assert_eq!(year.len(), 365);
        assert_eq!(year[0], (date(2025, 11, 26), 3.0));
        assert_eq!(year.last().copied(), Some((date(2026, 11, 25), 0.0)));
        assert!(year.contains(&(date(2026, 3, 1), 10.0)));
        assert_eq!(
            calendar(&played, date(2024, 12, 31)).len(),
            366,
            "2024 was a leap year"
        );
    }

    #[test]
    fn weeks_start_on_monday_and_milestones_are_earned() {
        assert_eq!(week_start(date(2026, 11, 25)), date(2026, 11, 23));
        assert_eq!(week_start(date(2026, 11, 23)), date(2026, 11, 23));
        let mut played = days(&[(date(2026, 11, 10), 20.0)]);
        for day in 23..=27 {
            played.insert(date(2026, 11, day), 6.0);
        }
        assert_eq!(week_totals(&played, date(2026, 11, 23)), (30.0, 5));
        let said = milestones(&played, date(2026, 11, 27), 5.0);
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].starts_with("5 days this week"));
        assert!(said[1].contains("30 minutes (before: 20)"));
    }
}
