//! The course by unit: passed, current and locked lessons, and the lessons outside the course
//! (a user's own, with the errors of those that did not load).

use std::collections::HashSet;

use iced::Fill;
use iced::widget::{button, column, container, row, scrollable, text};

use crate::lesson::Library;
use crate::ui::{Element, style};

/// What the lesson list asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Practise this lesson.
    Practise(String),
    /// Back to Today.
    Today,
}

/// The course with each lesson's state: ✓ passed, ▶ the next one, 🔒 not unlocked yet (a
/// lesson unlocks when the one before it in the course has been passed).
pub fn view<'a>(library: &'a Library, passed: &HashSet<String>) -> Element<'a, Message> {
    let mut page = column![
        row![
            text("Lessons").size(style::TITLE_SIZE),
            button(text("Today")).on_press(Message::Today)
        ]
        .spacing(style::SPACING)
    ]
    .spacing(10);
    let mut unit_shown: Option<Option<&str>> = None;
    let mut previous_passed = true;
    for (unit, loaded) in library.in_course_order() {
        if unit_shown != Some(unit) {
            page = page.push(text(unit.unwrap_or("Your lessons")).size(20));
            unit_shown = Some(unit);
        }
        let id = loaded.lesson.id.as_str();
        let is_passed = passed.contains(id);
        let in_course = unit.is_some();
        let (mark, open) = match (is_passed, previous_passed || !in_course) {
            (true, _) => ("✓", true),
            (false, true) => ("▶", true),
            (false, false) => ("🔒", false),
        };
        if in_course {
            previous_passed = is_passed;
        }
        let label = text(format!(
            "{mark}  {}  (level {})",
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
    for error in &library.errors {
        page = page.push(text(error.to_string()).color(style::WRONG));
    }
    container(scrollable(page.padding(style::PADDING)))
        .width(Fill)
        .height(Fill)
        .into()
}
