//! Where the player stands in the course: which lessons are passed, which are open, which the
//! course suggests passing the one before first, and the lesson to continue with.

use std::collections::HashSet;

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
