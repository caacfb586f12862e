//! Micro-goals: small goals that can be met today, and how far today's attempts got.
//!
//! The goal grammar (for `etude goals add` and the journal):
//!
//! | written | means |
//! | --- | --- |
//! | `minutes 5` | play 5 minutes today, any lessons |
//! | `minutes 5 on c-major-scale-rh` | play that lesson for 5 minutes |
//! | `clean 3 g-major-scale-rh` | 3 clean runs (passed; nothing wrong, missed or extra) |
//! | `clean 3 g-major-scale-rh at 80` | … at 80 bpm or faster |
//! | `new progression` | try a progression (or `scale`, `arpeggio`, `notes`, `lesson`) never played before |
//! | `beat evenness d-major-scale-rh` | beat your best evenness (also `score`, `tempo`) on that lesson |

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use super::summary::AttemptSummary;

/// What a personal best is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BestMetric {
    /// The highest score.
    Score,
    /// The most even run (lowest interval variation), among passed attempts.
    Evenness,
    /// The highest tempo passed.
    Tempo,
}

/// One micro-goal.
#[derive(Clone, Debug, PartialEq)]
pub enum GoalSpec {
    /// Minutes of playing, on one lesson or any.
    Minutes {
        /// How many minutes.
        minutes: f64,
        /// Which lesson, or any.
        lesson: Option<String>,
    },
    /// Clean runs of a lesson, at a tempo or faster.
    CleanRuns {
        /// How many.
        runs: u32,
        /// Which lesson.
        lesson: String,
        /// At least this tempo.
        bpm: Option<u16>,
    },
    /// A lesson of this kind never played before ("lesson" for any kind).
    TryNew {
        /// "scale", "arpeggio", "progression", "notes" or "lesson".
        kind: String,
    },
    /// A new personal best on a lesson.
    BeatBest {
        /// Of what.
        metric: BestMetric,
        /// Which lesson.
        lesson: String,
    },
    /// A lesson passed before, due for review: passed once more (see `progress::review`).
    Review {
        /// Which lesson.
        lesson: String,
    },
}

/// Why a goal could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a goal; write one of: `minutes 5`, `minutes 5 on LESSON`, `clean 3 LESSON`, `clean 3 LESSON at 80`, `new progression`, `beat evenness LESSON` (or score, tempo), `review LESSON`"
)]
pub struct GoalSyntaxError(pub String);

const KINDS: [&str; 5] = ["scale", "arpeggio", "progression", "notes", "lesson"];

impl FromStr for GoalSpec {
    type Err = GoalSyntaxError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || GoalSyntaxError(text.trim().to_owned());
        let words: Vec<&str> = text.split_whitespace().collect();
        let positive = |word: &str| {
            word.parse::<f64>()
                .ok()
                .filter(|n| *n > 0.0 && n.is_finite())
        };
        let count = |word: &str| word.parse::<u32>().ok().filter(|n| *n > 0);
        let tempo = |word: &str| word.parse::<u16>().ok().filter(|n| (20..=300).contains(n));
        match words.as_slice() {
            ["minutes", n] => Ok(GoalSpec::Minutes {
                minutes: positive(n).ok_or_else(bad)?,
                lesson: None,
            }),
            ["minutes", n, "on", lesson] => Ok(GoalSpec::Minutes {
                minutes: positive(n).ok_or_else(bad)?,
                lesson: Some((*lesson).to_owned()),
            }),
            ["clean", n, lesson] => Ok(GoalSpec::CleanRuns {
                runs: count(n).ok_or_else(bad)?,
                lesson: (*lesson).to_owned(),
                bpm: None,
            }),
            ["clean", n, lesson, "at", bpm] => Ok(GoalSpec::CleanRuns {
                runs: count(n).ok_or_else(bad)?,
                lesson: (*lesson).to_owned(),
                bpm: Some(tempo(bpm).ok_or_else(bad)?),
            }),
            ["review", lesson] => Ok(GoalSpec::Review {
                lesson: (*lesson).to_owned(),
            }),
            ["new", kind] if KINDS.contains(kind) => Ok(GoalSpec::TryNew {
                kind: (*kind).to_owned(),
            }),
            ["beat", metric, lesson] => Ok(GoalSpec::BeatBest {
                metric: match *metric {
                    "score" => BestMetric::Score,
                    "evenness" => BestMetric::Evenness,
                    "tempo" => BestMetric::Tempo,
                    _ => return Err(bad()),
                },
                lesson: (*lesson).to_owned(),
            }),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for GoalSpec {
    /// The goal in its own grammar, so that it reads back the same.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoalSpec::Minutes {
                minutes,
                lesson: None,
            } => write!(f, "minutes {minutes}"),
            GoalSpec::Minutes {
                minutes,
                lesson: Some(lesson),
            } => write!(f, "minutes {minutes} on {lesson}"),
            GoalSpec::CleanRuns {
                runs,
                lesson,
                bpm: None,
            } => write!(f, "clean {runs} {lesson}"),
            GoalSpec::CleanRuns {
                runs,
                lesson,
                bpm: Some(bpm),
            } => write!(f, "clean {runs} {lesson} at {bpm}"),
            GoalSpec::TryNew { kind } => write!(f, "new {kind}"),
            GoalSpec::Review { lesson } => write!(f, "review {lesson}"),
            GoalSpec::BeatBest { metric, lesson } => {
                let metric = match metric {
                    BestMetric::Score => "score",
                    BestMetric::Evenness => "evenness",
                    BestMetric::Tempo => "tempo",
                };
                write!(f, "beat {metric} {lesson}")
            }
        }
    }
}

impl GoalSpec {
    /// Its kind, as `etude goals --json` names it.
    pub fn kind(&self) -> &'static str {
        match self {
            GoalSpec::Minutes { .. } => "minutes",
            GoalSpec::CleanRuns { .. } => "clean_runs",
            GoalSpec::TryNew { .. } => "try_new",
            GoalSpec::BeatBest { .. } => "beat_best",
            GoalSpec::Review { .. } => "review",
        }
    }

    /// The goal in words, with lesson ids turned into titles by `title`.
    pub fn describe(&self, title: &dyn Fn(&str) -> String) -> String {
        match self {
            GoalSpec::Minutes {
                minutes,
                lesson: None,
            } => format!("Play for {minutes} minutes"),
            GoalSpec::Minutes {
                minutes,
                lesson: Some(lesson),
            } => format!("Play {} for {minutes} minutes", title(lesson)),
            GoalSpec::CleanRuns { runs, lesson, bpm } => {
                let runs_word = if *runs == 1 {
                    "clean run"
                } else {
                    "clean runs"
                };
                let at = bpm.map_or_else(String::new, |b| format!(" in tempo mode at {b} bpm"));
                format!("{runs} {runs_word} of {}{at}", title(lesson))
            }
            GoalSpec::Review { lesson } => format!("Review {}: pass it once more", title(lesson)),
            GoalSpec::TryNew { kind } if kind == "lesson" => {
                "Try a lesson you have not played yet".to_owned()
            }
            GoalSpec::TryNew { kind } => format!("Try a new {kind}"),
            GoalSpec::BeatBest { metric, lesson } => match metric {
                BestMetric::Score => {
                    format!("A higher score on {} than your best so far", title(lesson))
                }
                BestMetric::Evenness => {
                    format!("A more even run of {} than your best so far", title(lesson))
                }
                BestMetric::Tempo => {
                    format!("Pass {} faster than your best so far", title(lesson))
                }
            },
        }
    }
}

/// Personal bests and lessons played before the day a goal is for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// Best score per lesson.
    pub best_score: HashMap<String, u8>,
    /// Lowest interval variation per lesson, among passed attempts.
    pub best_evenness: HashMap<String, f64>,
    /// Highest tempo passed per lesson, in tempo mode.
    pub best_tempo: HashMap<String, u16>,
    /// Every lesson attempted.
    pub attempted: HashSet<String>,
}

/// How far a goal got.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct GoalProgress {
    /// 0..=1.
    pub progress: f64,
    /// Met.
    pub done: bool,
}

impl GoalProgress {
    fn of(have: f64, need: f64) -> GoalProgress {
        // `+ 0.0` turns the -0.0 of an empty float sum into 0.
        let progress = if need > 0.0 {
            (have / need).clamp(0.0, 1.0) + 0.0
        } else {
            1.0
        };
        GoalProgress {
            progress,
            done: progress >= 1.0 - 1e-9,
        }
    }
}

/// How far the day's attempts (`today`) went towards `goal`, given what came before.
pub fn evaluate(goal: &GoalSpec, today: &[AttemptSummary], before: &History) -> GoalProgress {
    match goal {
        GoalSpec::Minutes { minutes, lesson } => {
            let seconds: f64 = today
                .iter()
                .filter(|a| lesson.as_ref().is_none_or(|l| *l == a.lesson))
                .map(|a| a.playing_seconds)
                .sum();
            GoalProgress::of(seconds / 60.0, *minutes)
        }
        GoalSpec::CleanRuns { runs, lesson, bpm } => {
            let clean = today
                .iter()
                .filter(|a| {
                    a.lesson == *lesson
                        && a.clean
                        && bpm.is_none_or(|b| a.tempo_mode && a.tempo_bpm >= b)
                })
                .count();
            GoalProgress::of(clean as f64, f64::from(*runs))
        }
        GoalSpec::Review { lesson } => {
            let passed = today.iter().any(|a| a.lesson == *lesson && a.passed);
            GoalProgress::of(if passed { 1.0 } else { 0.0 }, 1.0)
        }
        GoalSpec::TryNew { kind } => {
            let tried = today.iter().any(|a| {
                !before.attempted.contains(&a.lesson)
                    && (kind == "lesson" || a.kind.as_deref() == Some(kind.as_str()))
            });
            GoalProgress::of(if tried { 1.0 } else { 0.0 }, 1.0)
        }
        GoalSpec::BeatBest { metric, lesson } => {
            let on_lesson = today.iter().filter(|a| a.lesson == *lesson);
            let beaten = match metric {
                BestMetric::Score => {
                    let best = before.best_score.get(lesson).copied();
                    on_lesson.clone().any(|a| best.is_none_or(|b| a.score > b))
                }
                BestMetric::Evenness => {
                    let best = before.best_evenness.get(lesson).copied();
                    on_lesson
                        .clone()
                        .filter(|a| a.passed)
                        .filter_map(|a| a.ioi_cv)
                        .any(|cv| best.is_none_or(|b| cv < b))
                }
                BestMetric::Tempo => {
                    let best = before.best_tempo.get(lesson).copied();
                    on_lesson
                        .clone()
                        .filter(|a| a.passed && a.tempo_mode)
                        .any(|a| best.is_none_or(|b| a.tempo_bpm > b))
                }
            };
            GoalProgress::of(if beaten { 1.0 } else { 0.0 }, 1.0)
        }
    }
}

/// The most goals a day holds, proposed or the player's own: small enough to meet today.
pub const GOALS_PER_DAY: usize = 3;

/// Whether a day holding `goals` goals has room for one more.
pub fn room_for_goal(goals: usize) -> bool {
    goals < GOALS_PER_DAY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_holds_three_goals_at_most() {
        assert!(room_for_goal(0) && room_for_goal(2));
        assert!(!room_for_goal(3) && !room_for_goal(7));
    }
    use jiff::civil::date;

    fn attempt(
        lesson: &str,
        tempo: u16,
        score: u8,
        clean: bool,
        cv: Option<f64>,
        seconds: f64,
    ) -> AttemptSummary {
        AttemptSummary {
            lesson: lesson.to_owned(),
            kind: Some("scale".to_owned()),
            date: date(2026, 11, 25),
            tempo_bpm: tempo,
            tempo_mode: true,
            score,
            passed: score >= 80,
            clean,
            ioi_cv: cv,
            playing_seconds: seconds,
        }
    }

    #[test]
    fn the_grammar_reads_and_writes_the_same() {
        for text in [
            "minutes 5",
            "minutes 2.5 on c-major-scale-rh",
            "clean 3 g-major-scale-rh",
            "clean 3 g-major-scale-rh at 80",
            "new progression",
            "beat evenness d-major-scale-rh",
            "beat tempo d-major-scale-rh",
        ] {
            let goal: GoalSpec = text.parse().unwrap();
            assert_eq!(goal.to_string(), text);
        }
        for bad in [
            "",
            "minutes",
            "minutes -1",
            "clean 0 x",
            "clean 3 x at 999",
            "new song",
            "beat speed x",
            "walk 5",
        ] {
            assert!(bad.parse::<GoalSpec>().is_err(), "{bad:?}");
        }
        let goal: GoalSpec = "clean 3 g-major-scale-rh at 80".parse().unwrap();
        assert_eq!(
            goal.describe(&|_| "G major scale".to_owned()),
            "3 clean runs of G major scale in tempo mode at 80 bpm"
        );
    }

    #[test]
    fn progress_comes_from_the_days_attempts() {
        let today = [
            attempt("g-major-scale-rh", 80, 95, true, Some(0.03), 40.0),
            attempt("g-major-scale-rh", 76, 97, true, Some(0.02), 40.0),
            attempt("g-major-scale-rh", 84, 90, true, Some(0.05), 40.0),
            attempt("c-major-scale-rh", 72, 60, false, None, 120.0),
        ];
        let none = History::default();
        let minutes = evaluate(&"minutes 5".parse().unwrap(), &today, &none);
        assert_eq!(
            minutes,
            GoalProgress {
                progress: 0.8,
                done: false
            }
        );
        let on_c = evaluate(
            &"minutes 2 on c-major-scale-rh".parse().unwrap(),
            &today,
            &none,
        );
        assert!(on_c.done);
        let clean = evaluate(
            &"clean 3 g-major-scale-rh at 80".parse().unwrap(),
            &today,
            &none,
        );
        assert_eq!(
            clean,
            GoalProgress {
                progress: 2.0 / 3.0,
                done: false
            }
        );
        let mut before = History::default();
        before
            .best_evenness
            .insert("g-major-scale-rh".into(), 0.025);
        before.attempted.insert("g-major-scale-rh".into());
        assert!(
            evaluate(
                &"beat evenness g-major-scale-rh".parse().unwrap(),
                &today,
                &before
            )
            .done
        );
        before.best_evenness.insert("g-major-scale-rh".into(), 0.01);
        assert!(
            !evaluate(
                &"beat evenness g-major-scale-rh".parse().unwrap(),
                &today,
                &before
            )
            .done
        );
        assert!(
            evaluate(&"new scale".parse().unwrap(), &today, &before).done,
            "c major is new"
        );
        before.attempted.insert("c-major-scale-rh".into());
        assert!(!evaluate(&"new scale".parse().unwrap(), &today, &before).done);
        assert!(!evaluate(&"new progression".parse().unwrap(), &today, &none).done);
    }
}
