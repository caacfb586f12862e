//! Personal bests a run sets, said for what they are: the best score, the evenest passed run,
//! the fastest tempo passed in tempo mode. A best is claimed only when the journal holds it.

use crate::engine::Report;

/// A lesson's bests, as the journal holds them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bests {
    /// The highest score.
    pub score: Option<u8>,
    /// The lowest variation of the time between notes among passed runs (a fraction).
    pub evenness: Option<f64>,
    /// The highest tempo passed.
    pub tempo_passed: Option<u16>,
}

/// A best a run set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NewBest {
    /// The highest score yet.
    Score {
        /// This run's.
        score: u8,
        /// The best before it.
        was: Option<u8>,
    },
    /// The evenest passed run yet.
    Evenness {
        /// This run's variation (a fraction).
        cv: f64,
        /// The best before it.
        was: Option<f64>,
    },
    /// The fastest tempo passed yet, in tempo mode.
    Tempo {
        /// This run's tempo.
        bpm: u16,
        /// The best before it.
        was: Option<u16>,
    },
}

impl std::fmt::Display for NewBest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            NewBest::Score { score, was: None } => {
                write!(f, "Your first score on this lesson: {score}")
            }
            NewBest::Score {
                score,
                was: Some(was),
            } => write!(f, "Your best score yet: {score} (was {was})"),
            NewBest::Evenness { cv, was } => {
                write!(f, "Your evenest run yet: {:.1} %", cv * 100.0)?;
                match was {
                    Some(was) => write!(f, " (was {:.1} %)", was * 100.0),
                    None => Ok(()),
                }
            }
            NewBest::Tempo { bpm, was } => {
                write!(f, "Your fastest pass yet: {bpm} bpm")?;
                match was {
                    Some(was) => write!(f, " (was {was} bpm)"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// The bests `report` set over `before`, each only when `held` (the journal after the run was
/// kept) holds it. Evenness and tempo are bests only over an earlier one (a first passed run is
/// not "the evenest yet"); a first score is said as one.
pub fn set_by(report: &Report, before: &Bests, held: &Bests) -> Vec<NewBest> {
    let mut set = Vec::new();
    if report.score > 0
        && before.score.is_none_or(|best| report.score > best)
        && held.score == Some(report.score)
    {
        set.push(NewBest::Score {
            score: report.score,
            was: before.score,
        });
    }
    if let Some(cv) = report.evenness.ioi_cv.filter(|_| report.passed)
        && before.evenness.is_some_and(|best| cv < best)
        && held.evenness.is_some_and(|best| (best - cv).abs() < 1e-9)
    {
        set.push(NewBest::Evenness {
            cv,
            was: before.evenness,
        });
    }
    if report.passed
        && report.mode == "tempo"
        && before
            .tempo_passed
            .is_none_or(|best| report.tempo_bpm > best)
        && held.tempo_passed == Some(report.tempo_bpm)
    {
        set.push(NewBest::Tempo {
            bpm: report.tempo_bpm,
            was: before.tempo_passed,
        });
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{NoteEvent, Plan, score_recording};
    use crate::lesson::{Mode, parse};

    /// A tempo-mode run of three notes, `late` µs off on the second.
    fn run(late: i64, wrong: bool) -> Report {
        let lesson = parse(
            r#"Lesson(id: "t", title: "T", level: 1, tempo: 60,
                exercise: Notes(hand: Right, steps: ["C4", "D4", "E4", "F4"]))"#,
            "t.ron",
        )
        .unwrap();
        let s = 1_000_000;
        let mut events = vec![
            NoteEvent::on(0, 60, 80),
            NoteEvent::on(s + late, 62, 80),
            NoteEvent::on(2 * s, 64, 80),
            NoteEvent::on(3 * s, 65, 80),
        ];
        if wrong {
            events.insert(1, NoteEvent::on(s / 2, 61, 80));
        }
        score_recording(Plan::new(&lesson, Some(Mode::Tempo), None), &events)
    }

    #[test]
    fn a_best_is_said_for_what_it_is_and_only_when_the_journal_holds_it() {
        let even = run(0, false);
        let cv = even.evenness.ioi_cv.unwrap();
        let before = Bests {
            score: Some(even.score),
            evenness: Some(cv + 0.01),
            tempo_passed: Some(60),
        };
        let held = Bests {
            evenness: Some(cv),
            ..before
        };
        // The same score again is no new best score; the evener run is an evenness best.
        let set = set_by(&even, &before, &held);
        assert_eq!(set.len(), 1, "{set:?}");
        assert!(set[0].to_string().starts_with("Your evenest run yet: "));
        // Not claimed when the journal did not take the run.
        assert!(set_by(&even, &before, &before).is_empty());
        // A first run sets a first score.
        let first = set_by(
            &even,
            &Bests::default(),
            &Bests {
                score: Some(even.score),
                ..Bests::default()
            },
        );
        assert_eq!(
            first[0].to_string(),
            format!("Your first score on this lesson: {}", even.score)
        );
        // A worse run claims nothing.
        let worse = run(300_000, true);
        assert!(worse.score < even.score);
        assert!(set_by(&worse, &before, &before).is_empty());
    }
}
