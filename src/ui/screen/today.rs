//! Today: the streak, the day's minutes against the minimum, the micro-goals with their
//! progress, and the lesson to continue with.

use iced::widget::{button, canvas, column, container, progress_bar, row, text};
use iced::{Fill, Length};

use crate::overview::Day;
use crate::ui::widget::Calendar;
use crate::ui::{Element, style};

/// What Today asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Practise this lesson.
    Practise(String),
    /// Show the course.
    Lessons,
}

/// The Today screen for `day`; `next` is the lesson to continue with and its title; `devices`
/// says what the MIDI keyboard and the sound are doing.
pub fn view<'a>(
    day: Option<&'a Day>,
    next: Option<(&'a str, &'a str)>,
    problem: Option<&'a str>,
    devices: &'a [String],
) -> Element<'a, Message> {
    let mut page = column![text("Today").size(style::TITLE_SIZE)].spacing(style::SPACING);
    for line in devices {
        page = page.push(text(line.clone()).size(14));
    }
    if let Some(problem) = problem {
        page = page.push(text(problem).color(style::WRONG));
    }
    if let Some(day) = day {
        let streak = if day.streak.current == 0 {
            "No streak yet: play today to start one.".to_owned()
        } else {
            format!(
                "🔥 {} day streak (best {})",
                day.streak.current, day.streak.best
            )
        };
        page = page.push(text(streak).size(20));
        page = page.push(
            canvas(Calendar::new(day.recent.clone(), day.minimum))
                .width(Length::Fixed(12.0 * 18.0))
                .height(Length::Fixed(7.0 * 18.0)),
        );
        let share = (day.minutes / day.minimum).clamp(0.0, 1.0) as f32;
        page = page.push(
            column![
                text(format!(
                    "{:.1} of {:.0} minutes today",
                    day.minutes, day.minimum
                )),
                progress_bar(0.0..=1.0, share)
                    .length(Length::Fixed(360.0))
                    .girth(Length::Fixed(10.0)),
            ]
            .spacing(6),
        );
        let mut goals = column![text("Goals").size(20)].spacing(8);
        for goal in &day.goals {
            let mark = if goal.done { "✓" } else { "○" };
            let line = text(format!(
                "{mark}  {}  ({:.0}%)",
                goal.text,
                goal.progress * 100.0
            ));
            goals = goals.push(if goal.done {
                line.color(style::GOLD)
            } else {
                line
            });
        }
        page = page.push(goals);
    }
    let mut actions = row![].spacing(style::SPACING);
    if let Some((id, title)) = next {
        actions = actions.push(
            button(text(format!("Continue: {title}"))).on_press(Message::Practise(id.to_owned())),
        );
    }
    actions = actions.push(button(text("All lessons")).on_press(Message::Lessons));
    page = page.push(actions);
    container(page).padding(style::PADDING).width(Fill).into()
}
