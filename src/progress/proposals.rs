//! The day's goals proposed to the player: small, reachable today, and following the course.

use super::goals::{BestMetric, GOALS_PER_DAY, GoalSpec};

/// The first lesson of the course not passed yet, with the goal its file suggests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CurrentLesson {
    /// Lesson id.
    pub lesson: String,
    /// Suggested minutes.
    pub minutes: Option<u32>,
    /// Suggested clean runs.
    pub clean_runs: Option<u32>,
}

/// The lesson passed most recently.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecentPass {
    /// Lesson id.
    pub lesson: String,
    /// The tempo it was passed at …
    pub tempo_bpm: u16,
    /// … in tempo mode (else in wait mode, where each step waits).
    pub tempo_mode: bool,
}

/// Below this variation of the time between notes (a fraction), a more even run is within
/// the noise of human timing: no goal asks to beat it.
pub const EVENNESS_WITHIN_REACH: f64 = 0.03;

/// Where the player stands, for proposing the day's goals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Standing {
    /// The first lesson of the course not passed yet.
    pub current: Option<CurrentLesson>,
    /// The most recent lesson passed.
    pub recently_passed: Option<RecentPass>,
    /// The lesson played most that has a best evenness, and that best.
    pub most_played_with_evenness: Option<(String, f64)>,
    /// Whether any progression has been played.
    pub played_a_progression: bool,
}

/// One to three goals for a day, each reachable today: the current lesson's own goal; on the
/// lesson passed most recently, three clean runs in tempo mode a small step faster than it
/// was passed (at its tempo, when it was passed in wait mode); and a more even run than the
/// best when that best is not already at the limit of human timing (else something new).
pub fn propose(standing: &Standing) -> Vec<GoalSpec> {
    let mut goals = Vec::with_capacity(3);
    match &standing.current {
        Some(CurrentLesson {
            lesson,
            clean_runs: Some(runs),
            ..
        }) => goals.push(GoalSpec::CleanRuns {
            runs: *runs,
            lesson: lesson.clone(),
            bpm: None,
        }),
        Some(CurrentLesson {
            lesson, minutes, ..
        }) => goals.push(GoalSpec::Minutes {
            minutes: f64::from(minutes.unwrap_or(5)),
            lesson: Some(lesson.clone()),
        }),
        None => goals.push(GoalSpec::Minutes {
            minutes: 5.0,
            lesson: None,
        }),
    }
    if let Some(passed) = &standing.recently_passed
        && standing
            .current
            .as_ref()
            .is_none_or(|current| current.lesson != passed.lesson)
    {
        let step = if passed.tempo_mode { 4 } else { 0 };
        goals.push(GoalSpec::CleanRuns {
            runs: 3,
            lesson: passed.lesson.clone(),
            bpm: Some((passed.tempo_bpm + step).min(300)),
        });
    }
    if let Some((lesson, _)) = standing
        .most_played_with_evenness
        .as_ref()
        .filter(|(_, best)| *best >= EVENNESS_WITHIN_REACH)
    {
        goals.push(GoalSpec::BeatBest {
            metric: BestMetric::Evenness,
            lesson: lesson.clone(),
        });
    } else if !standing.played_a_progression && standing.recently_passed.is_some() {
        goals.push(GoalSpec::TryNew {
            kind: "progression".to_owned(),
        });
    }
    goals.truncate(GOALS_PER_DAY);
    goals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::AttemptSummary;
    use crate::progress::goals::{History, evaluate};

    #[test]
    fn proposals_follow_the_course_and_recent_results() {
        assert_eq!(
            propose(&Standing::default()),
            [GoalSpec::Minutes {
                minutes: 5.0,
                lesson: None
            }]
        );
        let standing = Standing {
            current: Some(CurrentLesson {
                lesson: "g-major-scale-rh".into(),
                minutes: None,
                clean_runs: Some(3),
            }),
            recently_passed: Some(RecentPass {
                lesson: "c-major-scale-rh".into(),
                tempo_bpm: 72,
                tempo_mode: true,
            }),
            most_played_with_evenness: None,
            played_a_progression: false,
        };
        let goals: Vec<String> = propose(&standing).iter().map(ToString::to_string).collect();
        assert_eq!(
            goals,
            [
                "clean 3 g-major-scale-rh",
                "clean 3 c-major-scale-rh at 76",
                "new progression"
            ]
        );
    }

    /// Goals a beginner can meet today, in plain words: a lesson passed in wait mode asks for
    /// the same tempo in tempo mode (not a faster one), and a best evenness already at the
    /// limit of human timing is not set as a goal.
    #[test]
    fn proposed_goals_are_within_reach_and_in_plain_words() {
        let title = |id: &str| id.replace('-', " ");
        let mut standing = Standing {
            current: None,
            recently_passed: Some(RecentPass {
                lesson: "c-five-finger-rh".into(),
                tempo_bpm: 66,
                tempo_mode: false,
            }),
            most_played_with_evenness: Some(("c-five-finger-rh".into(), 0.002)),
            played_a_progression: true,
        };
        let goals: Vec<String> = propose(&standing)
            .iter()
            .map(|g| g.describe(&title))
            .collect();
        assert_eq!(
            goals,
            [
                "Play for 5 minutes",
                "3 clean runs of c five finger rh in tempo mode at 66 bpm"
            ]
        );
        standing.most_played_with_evenness = Some(("c-five-finger-rh".into(), 0.08));
        let goals: Vec<String> = propose(&standing)
            .iter()
            .map(|g| g.describe(&title))
            .collect();
        assert_eq!(
            goals[2],
            "A more even run of c five finger rh than your best so far"
        );
        // A clean run in wait mode does not meet a goal set in tempo mode.
        let goal = &propose(&standing)[1];
        let waited = AttemptSummary {
            lesson: "c-five-finger-rh".to_owned(),
            kind: Some("notes".to_owned()),
            date: jiff::civil::date(2026, 11, 25),
            tempo_bpm: 66,
            tempo_mode: false,
            score: 100,
            passed: true,
            clean: true,
            ioi_cv: None,
            playing_seconds: 30.0,
        };
        let history = History::default();
        assert_eq!(
            evaluate(goal, &[waited.clone(), waited.clone(), waited], &history).progress,
            0.0
        );
    }
}
