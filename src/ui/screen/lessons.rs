//! The course by unit: passed, current and locked lessons with their best score and stars, a
//! search over every lesson, and the lessons outside the course (a user's own, with the errors
//! of those that did not load).

use std::collections::{HashMap, HashSet};

use iced::Fill;
use iced::widget::{button, column, container, scrollable, text, text_input};

use crate::engine::report::stars;
use crate::engine::words::stars as stars_of;
use crate::lesson::Library;
use crate::store::journal::PersonalBest;
use crate::ui::{Element, style};

/// What the lesson list asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Practise this lesson.
    Practise(String),
    /// The search words changed.
    Search(String),
}

/// What the lesson list shows.
pub struct Shown<'a> {
    /// Every lesson, the course and the files that did not load.
    pub library: &'a Library,
    /// Lessons passed.
    pub passed: &'a HashSet<String>,
    /// Bests by lesson id.
    pub bests: &'a HashMap<String, PersonalBest>,
    /// The search words.
    pub search: &'a str,
}

/// Whether every word of `search` is in the lesson's title, id, kind or unit.
fn matches(search: &str, haystack: &str) -> bool {
    let haystack = haystack.to_lowercase();
    search
        .split_whitespace()
        .all(|word| haystack.contains(&word.to_lowercase()))
}

/// The course with each lesson's state: ✓ passed, ▶ open, – not unlocked yet (a lesson
/// unlocks when the one before it in the course has been passed).
pub fn view(shown: Shown<'_>) -> Element<'_, Message> {
    let Shown {
        library,
        passed,
        bests,
        search,
    } = shown;
    let mut page = column![
        text("Lessons").size(style::TITLE_SIZE),
        text_input(
            "Search lessons: scale, G major, arpeggio, left hand …",
            search
        )
        .on_input(Message::Search),
        text("✓ passed   ▶ open: play it   – opens when you pass the lesson before it").size(14),
    ]
    .spacing(10);
    let mut unit_shown: Option<Option<&str>> = None;
    let mut previous_passed = true;
    let mut found = 0;
    for (unit, loaded) in library.in_course_order() {
        let id = loaded.lesson.id.as_str();
        let is_passed = passed.contains(id);
        let in_course = unit.is_some();
        let (mark, open) = match (is_passed, previous_passed || !in_course) {
            (true, _) => ("✓", true),
            (false, true) => ("▶", true),
            (false, false) => ("–", false),
        };
        if in_course {
            previous_passed = is_passed;
        }
        let unit_title = unit.unwrap_or("Your lessons");
        let haystack = format!(
            "{} {id} {} {unit_title}",
            loaded.lesson.title,
            loaded.lesson.kind()
        );
        if !matches(search, &haystack) {
            continue;
        }
        found += 1;
        if unit_shown != Some(unit) {
            page = page.push(text(unit_title).size(20));
            unit_shown = Some(unit);
        }
        let best = bests.get(id).map_or_else(String::new, |best| {
            let earned = best.best_passed_score.map_or(0, |s| stars(true, s));
            format!("   best {}  {}", best.best_score, stars_of(earned))
        });
        let label = text(format!(
            "{mark}  {}  (level {}){best}",
            loaded.lesson.title,
            loaded.lesson.level.get()
        ));
        let entry = button(label).style(button::text);
        page = page.push(if open {
            entry.on_press(Message::Practise(id.to_owned()))
        } else {
            entry
        });
    }
    if found == 0 {
        page = page.push(text(format!("No lesson matches “{search}”.")));
    }
    if !library.errors.is_empty() {
        let mut errors = column![text("Lesson files that did not load").size(20)].spacing(4);
        for error in &library.errors {
            errors = errors.push(text(error.to_string()).color(style::WRONG));
        }
        page = page.push(errors);
    }
    container(scrollable(page.padding(style::PADDING).width(Fill)))
        .width(Fill)
        .height(Fill)
        .into()
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn every_search_word_must_be_found_in_any_case() {
        assert!(matches(
            "g MAJOR",
            "G major scale, right hand g-major-rh scale"
        ));
        assert!(!matches("g minor", "G major scale, right hand"));
        assert!(matches("", "anything"));
    }
}
