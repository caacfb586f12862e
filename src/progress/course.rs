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
    /// The fastest run passed in tempo mode, in bpm (none passed there).
    pub fastest_in_time: Option<u16>,
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

/// Whether [`passing`] needs the whole tempo ladder of a lesson whose tempo is `target`: only
/// when its fastest pass in tempo mode was slower than the ladder's first rung (it may still
/// have been at a rung that failures stepped down).
pub fn needs_ladder(rule: PassedIn, modes: PassedModes, target: u16) -> bool {
    rule == PassedIn::WaitThenTempo
        && !modes.before_timing
        && modes
            .fastest_in_time
            .is_some_and(|tempo| !Ladder::reaches_the_first_rung(target, tempo))
}

/// How far a lesson whose rule is `rule` and whose tempo is `target` is towards being passed,
/// given the modes it passed in and its tempo `ladder` (none: not read; see [`needs_ladder`]).
pub fn passing(
    rule: PassedIn,
    modes: PassedModes,
    target: u16,
    ladder: Option<&Ladder>,
) -> Passing {
    let at_the_rung = modes
        .fastest_in_time
        .is_some_and(|tempo| Ladder::reaches_the_first_rung(target, tempo))
        || ladder.is_some_and(Ladder::passed_at_the_rung);
    match rule {
        _ if modes.before_timing => Passing::Passed,
        PassedIn::Either if modes.wait || modes.fastest_in_time.is_some() => Passing::Passed,
        // The course leads through wait mode first; a player who goes straight to tempo mode
        // and passes at the rung has shown both.
        PassedIn::WaitThenTempo if at_the_rung => Passing::Passed,
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
        // A lesson at 100 bpm: the ladder's first rung is 60.
        let modes = |wait, fastest_in_time| PassedModes {
            wait,
            fastest_in_time,
            before_timing: false,
        };
        let timed = PassedIn::WaitThenTempo;
        let check = |modes: PassedModes, ladder: Option<&Ladder>| {
            assert_eq!(
                needs_ladder(timed, modes, 100),
                modes.fastest_in_time.is_some_and(|t| t < 59),
                "{modes:?}"
            );
            passing(timed, modes, 100, ladder)
        };
        assert_eq!(check(modes(false, None), None), Passing::NotYet);
        assert_eq!(check(modes(true, None), None), Passing::NowInTime);
        let slow = Ladder::climbed(100, [run(45, true)]);
        assert_eq!(
            check(modes(true, Some(45)), Some(&slow)),
            Passing::NowInTime,
            "below the rung"
        );
        assert_eq!(check(modes(true, Some(60)), None), Passing::Passed);
        assert_eq!(
            check(modes(false, Some(60)), None),
            Passing::Passed,
            "both shown at once"
        );
        assert_eq!(check(modes(false, Some(45)), Some(&slow)), Passing::NotYet);
        // Two failures stepped the rung down to 55: a pass there counts, found on the ladder.
        let down = Ladder::climbed(100, [run(60, false), run(60, false), run(55, true)]);
        assert_eq!(check(modes(true, Some(55)), Some(&down)), Passing::Passed);
        // Either mode passes a lesson of the first kind, at any tempo.
        let either = PassedIn::Either;
        assert_eq!(
            passing(either, modes(true, None), 100, None),
            Passing::Passed
        );
        assert_eq!(
            passing(either, modes(false, Some(45)), 100, None),
            Passing::Passed
        );
        assert_eq!(
            passing(either, modes(false, None), 100, None),
            Passing::NotYet
        );
        assert!(!needs_ladder(either, modes(false, Some(45)), 100));
        // Passed before the course asked for time: it stays passed.
        let earlier = PassedModes {
            before_timing: true,
            ..modes(true, None)
        };
        assert_eq!(check(earlier, None), Passing::Passed);
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
