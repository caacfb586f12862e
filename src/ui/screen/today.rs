//! Today: the streak, the day's minutes against the minimum, the micro-goals with their
//! progress (and the week's own goal), a goal editor, and the lesson to continue with.

use std::time::{Duration, Instant};

use iced::widget::{button, canvas, column, container, progress_bar, row, scrollable, text};
use iced::{Fill, Length, Task};

use super::goal_editor::{self, GoalEditor, Outcome, Period};
use crate::lesson::Library;
use crate::progress::GoalSpec;
use crate::progress::words::{capitalised, clean_runs, minutes_today};
use crate::service::overview::{Day, GoalLine};
use crate::ui::widget::Calendar;
use crate::ui::{Element, style};

/// What happens on Today.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// Practise this lesson.
    Practise(String),
    /// Show the course.
    Lessons,
    /// How I feel before playing, 1–10.
    MoodBefore(u8),
    /// Start the two-minute breathing timer.
    Breathe,
    /// Stop it.
    StopBreathing,
    /// Make the drill offered one of today's goals.
    DrillGoal,
    /// Open the goal editor.
    EditGoal,
    /// Something in the goal editor.
    Goal(goal_editor::Message),
}

/// What Today asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Open this lesson on the Practice screen.
    Practise(String),
    /// Show the course.
    Lessons,
    /// Keep the mood before playing (1–10) for the session's runs.
    MoodBefore(u8),
    /// Make the drill offered one of today's goals.
    DrillGoal,
    /// Open the goal editor (the app gives it what can be chosen).
    EditGoal,
    /// Keep a goal of the player's own, for the day or the week.
    SetGoal(GoalSpec, Period),
}

/// Today's own state: the breathing timer, the goal editor while open, and the streak strip
/// kept drawn.
#[derive(Default)]
pub struct Today {
    breathing_since: Option<Instant>,
    breathing: Option<Duration>,
    editor: Option<Box<GoalEditor>>,
    strip: canvas::Cache,
}

impl Today {
    /// Handles a message at `now`; `library` reads a goal said in a sentence.
    pub fn update(
        &mut self,
        message: Message,
        now: Instant,
        library: &Library,
    ) -> (Task<Message>, Option<Action>) {
        let action = match message {
            Message::Practise(id) => Some(Action::Practise(id)),
            Message::Lessons => Some(Action::Lessons),
            Message::MoodBefore(mood) => Some(Action::MoodBefore(mood)),
            Message::Breathe => {
                self.breathing_since = Some(now);
                self.breathing = Some(Duration::ZERO);
                None
            }
            Message::StopBreathing => {
                self.breathing_since = None;
                self.breathing = None;
                None
            }
            Message::DrillGoal => Some(Action::DrillGoal),
            Message::EditGoal => Some(Action::EditGoal),
            Message::Goal(message) => {
                let outcome = self
                    .editor
                    .as_mut()
                    .and_then(|editor| editor.update(message, library));
                match outcome {
                    Some(Outcome::Set(spec, period)) => {
                        self.editor = None;
                        Some(Action::SetGoal(spec, period))
                    }
                    Some(Outcome::Cancelled) => {
                        self.editor = None;
                        None
                    }
                    None => None,
                }
            }
        };
        (Task::none(), action)
    }

    /// Opens the goal editor offering `choices`.
    pub fn open_editor(&mut self, choices: Vec<goal_editor::Choice>) {
        self.editor = Some(Box::new(GoalEditor::new(choices)));
    }

    /// The goal editor, while open.
    pub fn editor(&self) -> Option<&GoalEditor> {
        self.editor.as_deref()
    }

    /// Time passes: the breathing timer moves on, and stops after its two minutes.
    pub fn tick(&mut self, now: Instant) {
        if let Some(since) = self.breathing_since {
            let elapsed = now.saturating_duration_since(since);
            self.breathing = Some(elapsed);
            if elapsed >= BREATHING {
                self.breathing_since = None;
            }
        }
    }

    /// Whether the breathing timer runs (and so wants the time).
    pub fn needs_ticks(&self) -> bool {
        self.breathing_since.is_some()
    }

    /// How long the breathing timer has run, while it shows.
    pub fn breathing(&self) -> Option<Duration> {
        self.breathing
    }

    /// The day changed (a run saved, the minimum changed): the streak strip is drawn anew.
    pub fn day_changed(&self) {
        self.strip.clear();
    }

    /// Where the streak strip is kept drawn.
    pub fn strip(&self) -> &canvas::Cache {
        &self.strip
    }
}

/// The breathing timer's length.
const BREATHING: Duration = Duration::from_secs(120);
/// One breath: in for four seconds, out for six (six breaths a minute).
const BREATH_IN: f64 = 4.0;
const BREATH: f64 = 10.0;

/// What Today shows.
pub struct Shown<'a> {
    /// The day, when the journal could be read.
    pub day: Option<&'a Day>,
    /// The lesson to continue with: id and title.
    pub next: Option<(&'a str, &'a str)>,
    /// Whether its notes are passed in wait mode and it goes on in tempo mode.
    pub next_in_time: bool,
    /// What is wrong with the journal, if anything.
    pub problem: Option<&'a str>,
    /// What to play on and whether there is sound, in one plain line.
    pub devices: String,
    /// Settings that could not be used, and the like.
    pub notices: &'a [String],
    /// The mood given before playing.
    pub mood_before: Option<u8>,
    /// How long the breathing timer has run, while it runs.
    pub breathing: Option<Duration>,
    /// Where the streak strip is kept drawn.
    pub strip: &'a canvas::Cache,
    /// The goal editor, while open.
    pub editor: Option<&'a GoalEditor>,
}

/// A goal with its mark and progress; gold when met.
fn goal_line(goal: &GoalLine) -> Element<'_, Message> {
    let mark = if goal.done { "✓" } else { "○" };
    let line = text(format!(
        "{mark}  {}  ({:.0}%)",
        goal.text,
        goal.progress * 100.0
    ));
    if goal.done {
        line.color(style::GOLD).into()
    } else {
        line.into()
    }
}

/// A row of 1–10 buttons, the chosen one marked.
pub fn mood_row<'a, M: Clone + 'a>(chosen: Option<u8>, message: fn(u8) -> M) -> Element<'a, M> {
    let mut buttons = row![].spacing(4);
    for value in 1..=10u8 {
        let label = text(value.to_string());
        let choice = button(label).on_press(message(value));
        buttons = buttons.push(if chosen == Some(value) {
            choice.style(button::success)
        } else {
            choice.style(button::secondary)
        });
    }
    buttons.wrap().into()
}

fn breathing_view<'a>(elapsed: Duration) -> Element<'a, Message> {
    let seconds = elapsed.as_secs_f64();
    let in_breath = seconds % BREATH;
    let (cue, left_in_cue) = if in_breath < BREATH_IN {
        ("Breathe in…", BREATH_IN - in_breath)
    } else {
        ("…and out", BREATH - in_breath)
    };
    let left = BREATHING.saturating_sub(elapsed).as_secs();
    column![
        text(format!("{cue}  {}", left_in_cue.ceil() as u32))
            .size(26)
            .color(style::NEXT),
        text(format!("{}:{:02} left", left / 60, left % 60)),
        button(text("Stop breathing")).on_press(Message::StopBreathing),
    ]
    .spacing(6)
    .into()
}

/// The Today screen.
pub fn view(shown: Shown<'_>) -> Element<'_, Message> {
    let Shown {
        day,
        next,
        next_in_time,
        problem,
        devices,
        notices,
        mood_before,
        breathing,
        strip,
        editor,
    } = shown;
    let mut page = column![text("Today").size(style::TITLE_SIZE)].spacing(style::SPACING);
    if let Some(problem) = problem {
        page = page.push(text(problem).color(style::WRONG));
    }
    let mut actions = row![].spacing(style::SPACING);
    if let Some((id, title)) = next {
        let stage = if next_in_time { ", in tempo mode" } else { "" };
        actions = actions.push(
            button(text(format!("Continue: {title}{stage}  (Enter)")).size(20))
                .padding([10, 18])
                .on_press(Message::Practise(id.to_owned())),
        );
    }
    actions = actions.push(
        button(text("All lessons"))
            .style(button::secondary)
            .padding([10, 18])
            .on_press(Message::Lessons),
    );
    page = page.push(actions.wrap());
    let mut said = column![text(devices).size(14)].spacing(4);
    for line in notices {
        said = said.push(text(line.as_str()).size(14).color(style::WRONG));
    }
    page = page.push(said);
    let mut progress = column![]
        .spacing(style::SPACING)
        .width(Length::Fixed(500.0));
    let mut strip_view = None;
    if let Some(day) = day {
        let streak = crate::progress::words::streak(&day.streak, day.date, day.minimum);
        progress = progress.push(text(streak).size(22).color(style::GOLD));
        strip_view = Some(
            column![
                canvas(
                    Calendar::new(day.recent.clone(), day.minimum)
                        .marked(&day.streak.rested, &day.recent_clean)
                        .cached(strip)
                )
                    .width(Length::Fixed(12.0 * 18.0))
                    .height(Length::Fixed(7.0 * 18.0)),
                text(format!(
                    "The last twelve weeks, a square a day (Monday at the top): green when you played your {:.0} minutes, gold for a rest day, a dot for clean runs.",
                    day.minimum
                ))
                .size(13),
            ]
            .spacing(4),
        );
        let share = (day.minutes / day.minimum).clamp(0.0, 1.0) as f32;
        progress = progress.push(
            column![
                text(format!(
                    "{} · {}",
                    capitalised(&minutes_today(day.minutes, day.minimum)),
                    clean_runs(day.clean_runs)
                )),
                progress_bar(0.0..=1.0, share)
                    .length(Length::Fixed(360.0))
                    .girth(Length::Fixed(10.0)),
            ]
            .spacing(6),
        );
        let mut goals = column![text("Today's goals").size(20)].spacing(8);
        for goal in &day.goals {
            goals = goals.push(goal_line(goal));
        }
        if let Some(week) = &day.week_goal {
            goals = goals.push(text("This week").size(16));
            goals = goals.push(goal_line(week));
        }
        goals = goals.push(match editor {
            Some(editor) => editor.view().map(Message::Goal),
            None => button(text("Set a goal of your own"))
                .style(button::secondary)
                .on_press(Message::EditGoal)
                .into(),
        });
        progress = progress.push(goals);
        if let Some((drill, a_goal)) = &day.drill {
            // Where the last runs went wrong: a short drill, offered as a goal for today.
            progress = progress.push(
                column![
                    text("A drill from your trouble spots").size(20),
                    text(format!(
                        "{} — {} slips in your last runs; {} times through at {} bpm.",
                        drill.title,
                        drill.errors,
                        crate::lesson::drill::REPEATS,
                        drill.tempo
                    )),
                    if *a_goal {
                        row![
                            button(text("Practise the drill"))
                                .on_press(Message::Practise(drill.id.clone()))
                        ]
                    } else {
                        row![
                            button(text("Practise the drill"))
                                .on_press(Message::Practise(drill.id.clone())),
                            button(text("Make it a goal: 5 clean runs"))
                                .style(button::secondary)
                                .on_press(Message::DrillGoal),
                        ]
                    }
                    .spacing(style::SPACING),
                ]
                .spacing(6),
            );
        }
    }
    let before = column![]
        .push(strip_view)
        .push(text("Before you play").size(20))
        .push(
            column![
                text("How do you feel? (1 low – 10 great; optional, kept in your journal)"),
                mood_row(mood_before, Message::MoodBefore),
                match breathing {
                    Some(elapsed) if elapsed < BREATHING => breathing_view(elapsed),
                    _ => button(text("Breathe for two minutes"))
                        .style(button::secondary)
                        .on_press(Message::Breathe)
                        .into(),
                },
            ]
            .spacing(10),
        )
        .spacing(10)
        .width(Length::Fixed(360.0));
    // Side by side where there is room; in a narrow window, before-you-play goes below.
    page = page.push(
        row![progress, before]
            .spacing(style::SPACING * 2.0)
            .wrap()
            .vertical_spacing(style::SPACING * 2.0),
    );
    container(scrollable(page.padding(style::PADDING).width(Fill)))
        .width(Fill)
        .height(Fill)
        .into()
}
