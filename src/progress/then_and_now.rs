//! Then and now: a lesson's first recorded run and the best of its latest runs, to hear back
//! to back ("hear how far you came").

use jiff::civil::Date;

/// How many of the latest recorded runs "now" is the best of.
pub const LATEST_RUNS: usize = 10;

/// A run with a recording, as the journal keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedRun {
    /// The attempt's id.
    pub uid: String,
    /// The local day it was played on.
    pub date: Date,
    /// Its score, 0–100.
    pub score: u8,
    /// The recording, relative to the data folder.
    pub recording: String,
}

/// The first recorded run and the best of the latest ones.
#[derive(Clone, Debug, PartialEq)]
pub struct ThenAndNow {
    /// The first run recorded.
    pub then: RecordedRun,
    /// The highest score among the last [`LATEST_RUNS`] runs after it (the later on a tie).
    pub now: RecordedRun,
}

impl ThenAndNow {
    /// What names the pair while it plays (its two recordings).
    pub fn key(&self) -> String {
        format!("{} then {}", self.then.recording, self.now.recording)
    }

    /// The two runs in words: "First run, 3 Oct 2026: 62% · best lately, 30 Nov 2026: 96%".
    pub fn words(&self, now_is: &str) -> String {
        format!(
            "First run, {}: {}% · {now_is}, {}: {}%",
            self.then.date.strftime("%-d %b %Y"),
            self.then.score,
            self.now.date.strftime("%-d %b %Y"),
            self.now.score
        )
    }
}

/// Then and now from a lesson's recorded runs, oldest first; none until there are two.
pub fn then_and_now(runs: &[RecordedRun]) -> Option<ThenAndNow> {
    let (then, later) = runs.split_first()?;
    let latest = &later[later.len().saturating_sub(LATEST_RUNS)..];
    // `max_by_key` keeps the last of equals: the later run on a tie.
    let now = latest.iter().max_by_key(|run| run.score)?;
    Some(ThenAndNow {
        then: then.clone(),
        now: now.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn run(day: i8, score: u8) -> RecordedRun {
        RecordedRun {
            uid: format!("run-{day}"),
            date: date(2026, 11, day),
            score,
            recording: format!("recordings/{day}.mid"),
        }
    }

    #[test]
    fn then_is_the_first_run_and_now_the_best_of_the_latest() {
        assert_eq!(then_and_now(&[]), None);
        assert_eq!(
            then_and_now(&[run(1, 40)]),
            None,
            "one run: nothing to compare"
        );
        let two = then_and_now(&[run(1, 40), run(2, 30)]).unwrap();
        assert_eq!(
            (two.then.uid.as_str(), two.now.uid.as_str()),
            ("run-1", "run-2")
        );
        // Twelve runs after the first: the 90 on the 2nd is past the latest ten; of those,
        // the 85s tie and the later one is now.
        let mut runs = vec![run(1, 40), run(2, 90), run(3, 50)];
        runs.extend((4..=14).map(|day| run(day, if day == 6 || day == 11 { 85 } else { 60 })));
        let pair = then_and_now(&runs).unwrap();
        assert_eq!(pair.then.uid, "run-1");
        assert_eq!((pair.now.uid.as_str(), pair.now.score), ("run-11", 85));
        assert_eq!(
            pair.words("best lately"),
            "First run, 1 Nov 2026: 40% · best lately, 11 Nov 2026: 85%"
        );
    }
}
