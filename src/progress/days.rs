//! Local days: minutes per day, streaks of days with the daily minimum met, and the calendar.
//!
//! A day is a civil date where the player was: a session belongs to the date it started on in
//! its own time zone, so a session past midnight counts for the day it started, and DST
//! changes or travel never split or merge days.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;

/// Current and best streaks, in days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Streak {
    /// Consecutive days with the minimum met, up to today (today counts once met; until then
    /// the streak from yesterday is still alive).
    pub current: u32,
    /// The longest run ever, up to today.
    pub best: u32,
}

fn previous(date: Date) -> Option<Date> {
    date.checked_sub(1.day()).ok()
}

/// Streaks as of `today` from minutes played per day.
pub fn streak(minutes: &BTreeMap<Date, f64>, today: Date, minimum: f64) -> Streak {
    let met = |date: Date| minutes.get(&date).is_some_and(|m| *m + 1e-9 >= minimum);
    let mut current = 0;
    let mut day = if met(today) {
        Some(today)
    } else {
        previous(today)
    };
    while let Some(date) = day.filter(|d| met(*d)) {
        current += 1;
        day = previous(date);
    }
    let mut best = 0;
    let mut run = 0;
    let mut last: Option<Date> = None;
    for date in minutes.keys().copied().filter(|d| *d <= today && met(*d)) {
        run = if last.and_then(|l| l.checked_add(1.day()).ok()) == Some(date) {
            run + 1
        } else {
            1
        };
        best = best.max(run);
        last = Some(date);
    }
    Streak { current, best }
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
        assert_eq!(
            streak(&played, date(2026, 11, 8), 5.0),
            Streak {
                current: 2,
                best: 3
            }
        );
        // Today not played yet: yesterday's streak is still alive.
        assert_eq!(
            streak(&played, date(2026, 11, 9), 5.0),
            Streak {
                current: 2,
                best: 3
            }
        );
        // A missed day ends it.
        assert_eq!(
            streak(&played, date(2026, 11, 10), 5.0),
            Streak {
                current: 0,
                best: 3
            }
        );
        // As of an earlier date, later days do not count.
        assert_eq!(
            streak(&played, date(2026, 11, 3), 5.0),
            Streak {
                current: 3,
                best: 3
            }
        );
        assert_eq!(streak(&played, date(2026, 11, 8), 1.0).best, 4);
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
