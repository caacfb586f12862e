//! Where the player stands in the course: which lessons are passed, which are open, which the
//! course suggests passing the one before first, and the lesson to continue with.

use std::collections::HashSet;

use super::Ladder;
use crate::lesson::{Mode, PassedIn};

/// The modes a lesson has passed runs in, as the journal holds them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PassedModes {
    /// A run passed in wait mode.
    pub wait: bool,
    /// A run passed in tempo mode (at any tempo).
    pub tempo: bool,
    /// A run passed before the course asked for a pass in each mode (journal schema 6): the
    /// lesson stays passed, as it was then.
    pub before_timing: bool,
}

/// How far a lesson is towards being passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Passing {
    /// Not passed yet: the notes come first (wait mode, or the lesson's own mode).
    NotYet,
    /// Passed in wait mode; to pass it, play it in tempo mode at the tempo ladder's rung.
    NowInTime,
    /// Passed, as its rule asks.
    Passed,
}

/// How far a lesson whose rule is `rule` is towards being passed, given the modes it passed
/// in and its tempo `ladder` (none: not read, as only a lesson passed in tempo mode under
/// [`PassedIn::WaitThenTempo`] needs it).
pub fn passing(rule: PassedIn, modes: PassedModes, ladder: Option<&Ladder>) -> Passing {
    match rule {
        _ if modes.before_timing => Passing::Passed,
        PassedIn::Either if modes.wait || modes.tempo => Passing::Passed,
        // The course leads through wait mode first; a player who goes straight to tempo mode
        // and passes at the rung has shown both.
        PassedIn::WaitThenTempo
            if modes.tempo && ladder.is_some_and(Ladder::passed_at_the_rung) =>
        {
            Passing::Passed
        }
        PassedIn::WaitThenTempo if modes.wait => Passing::NowInTime,
        _ => Passing::NotYet,
    }
}

/// A lesson as the course shows it to the player.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonState {
    /// Passed at least once.
    Passed,
    /// Open: the lesson before it in the course is passed (or it is the first, or outside the
    /// course).
    Open,
    /// The course suggests passing the lesson before it first (it still opens when asked).
    Locked,
}

/// One lesson in the order the library lists them: its id, and whether it is in the course
/// (the user's own lessons outside it are always open).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Listed<'a> {
    /// The lesson id.
    pub id: &'a str,
    /// Whether the course holds it.
    pub in_course: bool,
}

/// The mode a lesson opens in: under [`PassedIn::WaitThenTempo`], tempo mode once a run passed
/// in wait mode, until the lesson is passed; otherwise the lesson's `own` (a lesson written for
/// tempo mode opens there from the start: a pass at the rung shows both).
pub fn opening_mode(rule: PassedIn, passing: Passing, own: Mode) -> Mode {
    match (rule, passing) {
        (PassedIn::WaitThenTempo, Passing::NowInTime) => Mode::Tempo,
        _ => own,
    }
}

/// The standing of each lesson of `order` (course order, then lessons outside the course).
pub fn standings(order: &[Listed<'_>], passed: &HashSet<String>) -> Vec<LessonState> {
    let mut previous_passed = true;
    order
        .iter()
        .map(|lesson| {
            let is_passed = passed.contains(lesson.id);
            let state = match (is_passed, previous_passed || !lesson.in_course) {
                (true, _) => LessonState::Passed,
                (false, true) => LessonState::Open,
                (false, false) => LessonState::Locked,
            };
            if lesson.in_course {
                previous_passed = is_passed;
            }
            state
        })
        .collect()
}

/// The lesson to continue with: the first course lesson not passed yet (none once the whole
/// course is passed).
pub fn next_lesson<'a>(order: &[Listed<'a>], passed: &HashSet<String>) -> Option<&'a str> {
    order
        .iter()
        .find(|lesson| lesson.in_course && !passed.contains(lesson.id))
        .map(|lesson| lesson.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order() -> Vec<Listed<'static>> {
        ["one", "two", "three"]
            .into_iter()
            .map(|id| Listed {
                id,
                in_course: true,
            })
            .chain([Listed {
                id: "mine",
                in_course: false,
            }])
            .collect()
    }

    #[test]
    fn a_timed_lesson_is_passed_in_wait_mode_then_in_tempo_mode_at_the_rung() {
        use crate::progress::LadderRun;
        let run = |tempo, passed| LadderRun {
            at: String::new(),
            tempo,
            passed,
        };
        let none = None;
        let slow = Some(&Ladder::climbed(100, [run(45, true)]));
        let at_rung = Some(&Ladder::climbed(100, [run(60, true)]));
        let modes = |wait, tempo| PassedModes {
            wait,
            tempo,
            before_timing: false,
        };
        let timed = PassedIn::WaitThenTempo;
        assert_eq!(passing(timed, modes(false, false), none), Passing::NotYet);
        assert_eq!(passing(timed, modes(true, false), none), Passing::NowInTime);
        assert_eq!(
            passing(timed, modes(true, true), slow),
            Passing::NowInTime,
            "below the rung"
        );
        assert_eq!(passing(timed, modes(true, true), at_rung), Passing::Passed);
        assert_eq!(
            passing(timed, modes(false, true), at_rung),
            Passing::Passed,
            "both shown at once"
        );
        assert_eq!(passing(timed, modes(false, true), slow), Passing::NotYet);
        // Either mode passes a lesson of the first kind, at any tempo.
        let either = PassedIn::Either;
        assert_eq!(passing(either, modes(true, false), none), Passing::Passed);
        assert_eq!(passing(either, modes(false, true), slow), Passing::Passed);
        assert_eq!(passing(either, modes(false, false), none), Passing::NotYet);
        // Passed before the course asked for time: it stays passed.
        let earlier = PassedModes {
            before_timing: true,
            ..modes(true, false)
        };
        assert_eq!(passing(timed, earlier, none), Passing::Passed);
    }

    #[test]
    fn a_timed_lesson_opens_in_the_mode_still_to_pass() {
        let timed = PassedIn::WaitThenTempo;
        assert_eq!(opening_mode(timed, Passing::NotYet, Mode::Wait), Mode::Wait);
        // A lesson written for tempo mode opens there: a pass at the rung shows both.
        assert_eq!(
            opening_mode(timed, Passing::NotYet, Mode::Tempo),
            Mode::Tempo
        );
        assert_eq!(
            opening_mode(timed, Passing::NowInTime, Mode::Wait),
            Mode::Tempo
        );
        assert_eq!(
            opening_mode(timed, Passing::Passed, Mode::Tempo),
            Mode::Tempo
        );
        assert_eq!(opening_mode(timed, Passing::Passed, Mode::Wait), Mode::Wait);
        let either = PassedIn::Either;
        assert_eq!(
            opening_mode(either, Passing::NotYet, Mode::Tempo),
            Mode::Tempo
        );
    }

    fn passed(ids: &[&str]) -> HashSet<String> {
        ids.iter().map(|id| (*id).to_owned()).collect()
    }

    #[test]
    fn a_lesson_opens_when_the_one_before_it_is_passed() {
        use LessonState::*;
        assert_eq!(
            standings(&order(), &passed(&[])),
            [Open, Locked, Locked, Open]
        );
        assert_eq!(
            standings(&order(), &passed(&["one"])),
            [Passed, Open, Locked, Open]
        );
        // Played out of order: what follows a passed lesson opens, a gap stays.
        assert_eq!(
            standings(&order(), &passed(&["two"])),
            [Open, Passed, Open, Open]
        );
    }

    #[test]
    fn the_next_lesson_is_the_first_course_lesson_not_passed() {
        assert_eq!(next_lesson(&order(), &passed(&[])), Some("one"));
        assert_eq!(
            next_lesson(&order(), &passed(&["one", "three"])),
            Some("two")
        );
        // The user's own lessons are never "the next lesson" of the course.
        assert_eq!(
            next_lesson(&order(), &passed(&["one", "two", "three"])),
            None
        );
    }
}
