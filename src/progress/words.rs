//! Counts and minutes in plain words, the same on every screen and in the terminal: "1 day",
//! "3 runs", "under a minute".

/// `n` with its noun, singular for one: "1 day", "2 days".
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How often: "once", "3 times".
pub fn times(n: u64) -> String {
    if n == 1 {
        "once".to_owned()
    } else {
        format!("{n} times")
    }
}

/// `words` with a capital first letter ("Under a minute of …").
pub fn capitalised(words: &str) -> String {
    let mut letters = words.chars();
    letters.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(letters).collect()
    })
}

/// Minutes played as a player reads them: "0", "under a minute", then whole minutes.
pub fn minutes_played(minutes: f64) -> String {
    if minutes <= 0.0 {
        "0".to_owned()
    } else if minutes < 1.0 {
        "under a minute".to_owned()
    } else {
        format!("{:.0}", minutes.floor())
    }
}

/// A length of playing in minutes: "under a minute", "1 minute", "7 minutes" (whole minutes).
pub fn minutes(minutes: f64) -> String {
    if minutes > 0.0 && minutes < 1.0 {
        "under a minute".to_owned()
    } else {
        count(minutes.max(0.0).floor() as u64, "minute", "minutes")
    }
}

/// The day's minutes against the daily minimum: "under a minute of 5 minutes today".
pub fn minutes_today(minutes: f64, minimum: f64) -> String {
    let minimum = minimum.max(0.0).round() as u64;
    format!(
        "{} of {} today",
        minutes_played(minutes),
        count(minimum, "minute", "minutes")
    )
}

/// "2 clean runs" (passed with nothing wrong, missed or extra).
pub fn clean_runs(runs: usize) -> String {
    count(runs as u64, "clean run", "clean runs")
}

/// The streak as a player reads it: "12 day streak (best 20) · 1 rest day saved", and
/// "yesterday was a rest day" when one was spent on it. With none, what starts one: the
/// daily minimum of `minimum` minutes (a day with less does not count, even played).
pub fn streak(streak: &super::Streak, today: jiff::civil::Date, minimum: f64) -> String {
    if streak.current == 0 {
        let minimum = minimum.max(1.0).round() as u64;
        return format!(
            "No streak yet: play {} today to start one.",
            count(minimum, "minute", "minutes")
        );
    }
    // "5 day streak": the count is an adjective here, singular whatever the number.
    let mut line = format!("{} day streak (best {})", streak.current, streak.best);
    let yesterday = today.checked_sub(jiff::ToSpan::day(1)).ok();
    if streak.rested.last().copied() == yesterday && yesterday.is_some() {
        line.push_str(" · yesterday was a rest day");
    }
    if streak.rest_days > 0 {
        line.push_str(&format!(
            " · {} saved",
            count(streak.rest_days, "rest day", "rest days")
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_seconds_are_not_decimals() {
        assert_eq!(count(1u32, "day", "days"), "1 day");
        assert_eq!(count(0u32, "run", "runs"), "0 runs");
        assert_eq!(count(18u32, "session", "sessions"), "18 sessions");
        assert_eq!(times(1), "once");
        assert_eq!(times(2), "2 times");
        assert_eq!(minutes_today(0.0, 5.0), "0 of 5 minutes today");
        assert_eq!(minutes_today(0.5, 1.0), "under a minute of 1 minute today");
        assert_eq!(minutes_today(7.9, 5.0), "7 of 5 minutes today");
        assert_eq!(minutes(0.1), "under a minute");
        assert_eq!(minutes(1.5), "1 minute");
        assert_eq!(minutes(106.2), "106 minutes");
    }

    #[test]
    fn a_streak_says_its_rest_days() {
        use jiff::civil::date;
        let mut kept = super::super::Streak {
            current: 9,
            best: 12,
            rest_days: 1,
            rested: vec![date(2026, 3, 17)],
        };
        assert_eq!(
            streak(&kept, date(2026, 3, 18), 5.0),
            "9 day streak (best 12) · yesterday was a rest day · 1 rest day saved"
        );
        kept.rest_days = 2;
        assert_eq!(
            streak(&kept, date(2026, 3, 25), 5.0),
            "9 day streak (best 12) · 2 rest days saved"
        );
        kept.current = 0;
        assert_eq!(
            streak(&kept, date(2026, 3, 25), 5.0),
            "No streak yet: play 5 minutes today to start one."
        );
        assert_eq!(
            streak(&kept, date(2026, 3, 25), 1.0),
            "No streak yet: play 1 minute today to start one."
        );
    }
}
