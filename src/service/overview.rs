//! The day at a glance, for the Today screen and `etude stats`/`goals`: the streak, minutes
//! played, the day's goals with their progress (proposing them when there are none), and the
//! lesson to continue with.

use std::collections::{BTreeMap, HashSet};

use jiff::civil::Date;

use crate::lesson::{Library, LoadedLesson, PassedIn};
use crate::progress::days::StreakRule;
use crate::progress::{self, CurrentLesson, GoalSpec, Ladder, SessionMood, Streak};
use crate::store::journal::{Journal, JournalError, PersonalBest, StoredGoal};

/// One goal with its progress.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct GoalLine {
    /// The goal in words.
    pub text: String,
    /// The goal in its grammar.
    pub spec: String,
    /// Met.
    pub done: bool,
    /// 0..=1, to three places.
    pub progress: f64,
    /// Proposed by Etude.
    pub proposed: bool,
    /// Its kind: "minutes", "clean_runs", "try_new", "beat_best" or "review".
    pub kind: &'static str,
}

/// The day at a glance.
#[derive(Clone, Debug, PartialEq)]
pub struct Day {
    /// Which day.
    pub date: Date,
    /// Minutes played.
    pub minutes: f64,
    /// The daily minimum.
    pub minimum: f64,
    /// The streak as of this day.
    pub streak: Streak,
    /// The day's goals.
    pub goals: Vec<GoalLine>,
    /// The first course lesson not passed yet.
    pub next_lesson: Option<String>,
    /// Where the lessons stand towards passing.
    pub passes: Passes,
    /// Minutes per day for the last twelve weeks, oldest first, starting on a Monday.
    pub recent: Vec<(Date, f64)>,
    /// Clean runs per day in `recent`, for days with any.
    pub recent_clean: BTreeMap<Date, u32>,
    /// Runs passed with nothing wrong, missed or extra that day.
    pub clean_runs: usize,
    /// The drill the runs call for most, and whether it is one of the day's goals.
    pub drill: Option<(Drill, bool)>,
    /// The player's own goal for the week, with the week's progress up to the day.
    pub week_goal: Option<GoalLine>,
}

/// Weeks shown in the streak strip.
const RECENT_WEEKS: i64 = 12;

/// The library's lessons in the order it lists them, as the course rules see them.
pub fn listed(library: &Library) -> Vec<progress::course::Listed<'_>> {
    library
        .in_course_order()
        .into_iter()
        .map(|(unit, loaded)| progress::course::Listed {
            id: loaded.lesson.id.as_str(),
            in_course: unit.is_some(),
        })
        .collect()
}

/// Where the lessons stand towards passing, each by its own rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Passes {
    /// The lessons the course counts passed.
    pub passed: HashSet<String>,
    /// Passed in wait mode, still to be passed in tempo mode at the tempo ladder's rung.
    pub now_in_time: HashSet<String>,
}

impl Passes {
    /// How far `id` is towards being passed.
    pub fn of(&self, id: &str) -> progress::Passing {
        if self.passed.contains(id) {
            progress::Passing::Passed
        } else if self.now_in_time.contains(id) {
            progress::Passing::NowInTime
        } else {
            progress::Passing::NotYet
        }
    }
}

/// Where the lessons stand towards passing: a lesson the library no longer has (or a drill,
/// a piece's section) passes in either mode.
pub fn passes(journal: &Journal, library: &Library) -> Result<Passes, JournalError> {
    let mut passes = Passes::default();
    for (id, modes) in journal.passed_modes()? {
        let loaded = library.get(&id);
        let rule = loaded.map_or(PassedIn::Either, |l| l.lesson.passed_in);
        let target = loaded.map_or(0, |l| l.lesson.tempo.get());
        let ladder = match loaded {
            Some(loaded) if progress::course::needs_ladder(rule, modes, target) => {
                Some(ladder(journal, loaded)?)
            }
            _ => None,
        };
        match progress::course::passing(rule, modes, target, ladder.as_ref()) {
            progress::Passing::Passed => passes.passed.insert(id),
            progress::Passing::NowInTime => passes.now_in_time.insert(id),
            progress::Passing::NotYet => false,
        };
    }
    Ok(passes)
}

/// The tempo ladder of `lesson` (its tempo the target), from its tempo-mode runs.
pub fn ladder(journal: &Journal, lesson: &LoadedLesson) -> Result<Ladder, JournalError> {
    let runs = journal.tempo_runs(lesson.lesson.id.as_str())?;
    Ok(Ladder::climbed(lesson.lesson.tempo.get(), runs))
}

/// A drill offered from a lesson's trouble spot.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Drill {
    /// The drill's id (`drill:<lesson>:<first>-<last>`).
    pub id: String,
    /// The lesson drilled.
    pub lesson: String,
    /// The span's first step, from 0.
    pub from_step: usize,
    /// Its last step (inclusive).
    pub to_step: usize,
    /// Errors in it over the lesson's last runs.
    pub errors: u32,
    /// The drill's tempo.
    pub tempo: u16,
    /// Its title ("Drill E4–F4–G4 of C major scale, right hand").
    pub title: String,
}

/// The micro-goal a drill is offered as: five clean runs of it.
pub fn drill_goal(drill: &Drill) -> GoalSpec {
    GoalSpec::CleanRuns {
        runs: 5,
        lesson: drill.id.clone(),
        bpm: None,
    }
}

/// Adds `spec` to the goals of `date`: beside the proposals while there is room for it, else in
/// their place (a goal of the player's own).
pub fn add_goal(journal: &mut Journal, date: Date, spec: &GoalSpec) -> Result<(), JournalError> {
    let room = progress::goals::room_for_goal(journal.goals_on(date)?.len());
    journal.add_goal(date, spec, room)
}

/// A lesson's first recorded run and the best of its latest, when it has two.
pub fn then_and_now(
    journal: &Journal,
    lesson: &str,
) -> Result<Option<progress::then_and_now::ThenAndNow>, JournalError> {
    Ok(progress::then_and_now::then_and_now(
        &journal.recorded_runs(lesson)?,
    ))
}

/// The player's goal for the week of `date`, with how far the week's runs up to `date` went.
pub fn week_goal(
    journal: &Journal,
    library: &Library,
    date: Date,
) -> Result<Option<GoalLine>, JournalError> {
    let monday = progress::days::week_start(date);
    let Some(spec) = journal.week_goal(monday)? else {
        return Ok(None);
    };
    let attempts = journal.attempts_in(monday, date)?;
    let result = progress::evaluate(&spec, &attempts, &journal.history_before(monday)?);
    Ok(Some(line(library, &spec, result, false)))
}

/// A goal with its progress, in words.
fn line(
    library: &Library,
    spec: &GoalSpec,
    result: progress::GoalProgress,
    proposed: bool,
) -> GoalLine {
    GoalLine {
        text: spec.describe(&|id: &str| title(library, id)),
        spec: spec.to_string(),
        done: result.done,
        progress: (result.progress * 1000.0).round() / 1000.0,
        proposed,
        kind: spec.kind(),
    }
}

/// The drills the journal's runs call for: the trouble spots of every lesson played (or only
/// `lesson`), worst first (most errors; ties, the lesson played last).
pub fn drills(
    journal: &Journal,
    library: &Library,
    lesson: Option<&str>,
) -> Result<Vec<Drill>, JournalError> {
    let lessons = match lesson {
        Some(id) => vec![id.to_owned()],
        None => journal.lessons_played()?,
    };
    let mut drills = Vec::new();
    for id in lessons.iter().filter(|id| !id.starts_with("drill:")) {
        let Some(loaded) = library.find(id) else {
            continue;
        };
        let runs = journal.recent_step_marks(id, progress::drills::RUNS_LOOKED_AT)?;
        for spot in progress::drills::trouble_spots(&runs, loaded.steps.len()) {
            let Ok(drill) = crate::lesson::drill::drill(&loaded, spot.from_step, spot.to_step)
            else {
                continue;
            };
            drills.push(Drill {
                id: drill.lesson.id.to_string(),
                lesson: id.clone(),
                from_step: spot.from_step,
                to_step: spot.to_step,
                errors: spot.errors,
                tempo: drill.lesson.tempo.get(),
                title: drill.lesson.title,
            });
        }
    }
    // Stable: lessons played last first among equals.
    drills.sort_by_key(|d| std::cmp::Reverse(d.errors));
    Ok(drills)
}

/// A lesson's title, or its id when the library does not have it.
pub fn title(library: &Library, id: &str) -> String {
    library.title_of(id)
}

/// The first course lesson not `passed` yet, with the goal its file suggests.
fn current_lesson(library: &Library, passed: &HashSet<String>) -> Option<CurrentLesson> {
    let next = progress::course::next_lesson(&listed(library), passed);
    next.and_then(|id| library.get(id)).map(|loaded| {
        let goal = loaded.lesson.goal;
        CurrentLesson {
            lesson: loaded.lesson.id.to_string(),
            minutes: goal.and_then(|g| g.minutes),
            clean_runs: goal.and_then(|g| g.clean_runs),
        }
    })
}

/// How far back reviews look: a lesson not played for over a year has left its reviews (its
/// last interval is 30 days); it waits in the course and the Lessons screen.
const REVIEWS_LOOK_BACK_DAYS: i64 = 400;

/// The lessons due for review on `date`, the longest due first (drills are not reviewed).
pub fn due_reviews(journal: &Journal, date: Date) -> Result<Vec<String>, JournalError> {
    use jiff::ToSpan;
    let since = date
        .checked_sub(REVIEWS_LOOK_BACK_DAYS.days())
        .unwrap_or(date);
    let mut due: Vec<(Date, String)> = journal
        .days_by_lesson(since)?
        .into_iter()
        .filter(|(lesson, _)| !lesson.starts_with("drill:"))
        .filter_map(|(lesson, days)| {
            let review = progress::review::next_review(&days)?;
            (review.on <= date).then_some((review.on, lesson))
        })
        .collect();
    due.sort();
    Ok(due.into_iter().map(|(_, lesson)| lesson).collect())
}

/// The day's proposals with the reviews due: the first proposal (the course's next step), then
/// the reviews, oldest first, then the other proposals, three in all.
fn with_reviews(proposed: Vec<GoalSpec>, reviews: &[String]) -> Vec<GoalSpec> {
    let mut goals: Vec<GoalSpec> = proposed.iter().take(1).cloned().collect();
    goals.extend(reviews.iter().map(|lesson| GoalSpec::Review {
        lesson: lesson.clone(),
    }));
    goals.extend(proposed.into_iter().skip(1));
    goals.truncate(progress::goals::GOALS_PER_DAY);
    goals
}

/// The day's goals and their progress; with `propose`, up to three are proposed and kept when
/// the day has none.
pub fn goals(
    journal: &mut Journal,
    library: &Library,
    date: Date,
    propose: bool,
) -> Result<Vec<GoalLine>, JournalError> {
    let attempts = journal.attempts_on(date)?;
    let passes = passes(journal, library)?;
    goals_after(journal, library, date, propose, &attempts, &passes.passed)
}

/// The day's goals, as [`goals`], with the day's `attempts` and the lessons `passed` read
/// already.
fn goals_after(
    journal: &mut Journal,
    library: &Library,
    date: Date,
    propose: bool,
    attempts: &[progress::AttemptSummary],
    passed: &HashSet<String>,
) -> Result<Vec<GoalLine>, JournalError> {
    let mut goals = journal.goals_on(date)?;
    if goals.is_empty() && propose {
        let standing = journal.standing(current_lesson(library, passed))?;
        let proposed = with_reviews(progress::propose(&standing), &due_reviews(journal, date)?);
        if journal.is_read_only() {
            // Shown, not kept: a read-only journal cannot hold them.
            goals = proposed
                .into_iter()
                .map(|spec| StoredGoal {
                    spec,
                    proposed: true,
                })
                .collect();
        } else {
            for spec in proposed {
                journal.add_goal(date, &spec, true)?;
            }
            goals = journal.goals_on(date)?;
        }
    }
    let before = journal.history_before(date)?;
    Ok(goals
        .iter()
        .map(|goal| {
            let result = progress::evaluate(&goal.spec, attempts, &before);
            line(library, &goal.spec, result, goal.proposed)
        })
        .collect())
}

/// What [`day`] works out besides the streak, minutes and goals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayParts {
    /// Propose (and keep) goals when the day has none.
    pub propose: bool,
    /// Find the drill the runs call for most (reads the last runs of every lesson played).
    pub drill: bool,
}

/// Everything about `date`.
pub fn day(
    journal: &mut Journal,
    library: &Library,
    date: Date,
    rule: StreakRule,
    parts: DayParts,
) -> Result<Day, JournalError> {
    let propose = parts.propose;
    let minutes = journal.day_minutes()?;
    let first = progress::days::week_start(date)
        .checked_sub(jiff::ToSpan::weeks(RECENT_WEEKS - 1))
        .unwrap_or(date);
    let recent = progress::calendar(&minutes, date)
        .into_iter()
        .filter(|(day, _)| *day >= first)
        .collect();
    let recent_clean = journal
        .day_clean_runs()?
        .into_iter()
        .filter(|(day, _)| *day >= first)
        .collect();
    let attempts = journal.attempts_on(date)?;
    let passes = passes(journal, library)?;
    let goals = goals_after(journal, library, date, propose, &attempts, &passes.passed)?;
    let drill = if parts.drill {
        drills(journal, library, None)?
    } else {
        Vec::new()
    };
    let drill = drill.into_iter().next().map(|drill| {
        let a_goal = goals.iter().any(|goal| goal.spec.ends_with(&drill.id));
        (drill, a_goal)
    });
    Ok(Day {
        recent,
        recent_clean,
        date,
        minutes: minutes.get(&date).copied().unwrap_or(0.0),
        minimum: rule.minimum,
        streak: progress::streak(&minutes, date, rule),
        goals,
        next_lesson: current_lesson(library, &passes.passed).map(|c| c.lesson),
        passes,
        clean_runs: attempts.iter().filter(|a| a.clean).count(),
        drill,
        week_goal: week_goal(journal, library, date)?,
    })
}

/// The year at a glance, for the Progress screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Year {
    /// The day it ends on.
    pub date: Date,
    /// The daily minimum.
    pub minimum: f64,
    /// Minutes per day from the Monday of the week a year ago up to `date`.
    pub calendar: Vec<(Date, f64)>,
    /// The streak as of `date`.
    pub streak: Streak,
    /// Days played in the calendar.
    pub days_played: usize,
    /// Minutes played in the calendar.
    pub minutes: f64,
    /// This week's milestones.
    pub milestones: Vec<String>,
    /// Personal bests with each lesson's title, most attempted first.
    pub bests: Vec<(String, PersonalBest)>,
    /// Session moods, oldest first.
    pub moods: Vec<SessionMood>,
    /// Clean runs per day in the calendar, for days with any.
    pub clean_runs: BTreeMap<Date, u32>,
}

/// The year up to `date`.
pub fn year(
    journal: &Journal,
    library: &Library,
    date: Date,
    rule: StreakRule,
) -> Result<Year, JournalError> {
    let minutes = journal.day_minutes()?;
    let days = progress::calendar(&minutes, date);
    let first = days.first().map_or(date, |(day, _)| *day);
    let monday = progress::days::week_start(first);
    let mut calendar: Vec<(Date, f64)> = monday
        .series(jiff::ToSpan::day(1))
        .take_while(|day| *day < first)
        .map(|day| (day, 0.0))
        .collect();
    calendar.extend(days);
    let mut bests: Vec<(String, PersonalBest)> = journal
        .bests()?
        .into_iter()
        .map(|best| (title(library, &best.lesson), best))
        .collect();
    bests.sort_by(|a, b| b.1.attempts.cmp(&a.1.attempts).then(a.0.cmp(&b.0)));
    Ok(Year {
        date,
        minimum: rule.minimum,
        days_played: calendar.iter().filter(|(_, m)| *m > 0.0).count(),
        minutes: calendar.iter().map(|(_, m)| m).sum(),
        calendar,
        streak: progress::streak(&minutes, date, rule),
        milestones: progress::days::milestones(&minutes, date, rule.minimum),
        bests,
        moods: journal.moods()?,
        clean_runs: journal
            .day_clean_runs()?
            .into_iter()
            .filter(|(day, _)| *day >= monday)
            .collect(),
    })
}

/// Checks a goal's lesson against the library: `None` when fine, else a warning.
pub fn unknown_lesson(spec: &GoalSpec, library: &Library) -> Option<String> {
    let lesson = match spec {
        GoalSpec::Minutes { lesson, .. } => lesson.clone(),
        GoalSpec::CleanRuns { lesson, .. }
        | GoalSpec::BeatBest { lesson, .. }
        | GoalSpec::Review { lesson } => Some(lesson.clone()),
        GoalSpec::TryNew { .. } => None,
    }?;
    library
        .find(&lesson)
        .is_none()
        .then(|| format!("\"{lesson}\" is not one of the lessons; the goal is kept as written"))
}
