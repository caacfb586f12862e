//! Today's goal editor: a goal of the player's own for the day or the week, built from its
//! parts (kind, lesson / piece section / drill, minutes or clean runs, tempo) or said in a
//! sentence ("3 clean runs of G major at 80 bpm") and shown back as understood before it is set.

use std::fmt;

use iced::widget::{button, column, pick_list, row, text, text_input};
use iced::{Length, Padding};

use crate::lesson::piece::Section;
use crate::lesson::{Hand, Library};
use crate::progress::GoalSpec;
use crate::service::goal_words;
use crate::ui::{Element, style};

/// What a goal is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Minutes of playing.
    Minutes,
    /// Clean runs of a lesson.
    CleanRuns,
    /// Something never played before.
    TryNew,
}

impl Kind {
    /// Every kind, in the order offered.
    pub const ALL: [Kind; 3] = [Kind::Minutes, Kind::CleanRuns, Kind::TryNew];
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Minutes => "Minutes of playing",
            Kind::CleanRuns => "Clean runs",
            Kind::TryNew => "Something new",
        })
    }
}

/// Whose time the goal is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// Today (three goals at most).
    Today,
    /// This week (one goal).
    Week,
}

impl Period {
    /// Both, in the order offered.
    pub const ALL: [Period; 2] = [Period::Today, Period::Week];
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Period::Today => "Today",
            Period::Week => "This week",
        })
    }
}

/// What may be new in a "something new" goal: the goal grammar's kind and its name.
const NEW_KINDS: [(&str, &str); 5] = [
    ("lesson", "any lesson"),
    ("scale", "scale"),
    ("arpeggio", "arpeggio"),
    ("progression", "chord progression"),
    ("notes", "melody"),
];

/// A lesson, piece section or drill a goal can name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Its id (the goal grammar's).
    pub id: String,
    /// Its title, as listed.
    pub title: String,
}

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

/// What can be chosen: the drill offered today, the lessons in course order, then each kept
/// piece whole, hand by hand.
pub fn choices(library: &Library, drill: Option<(&str, &str)>) -> Vec<Choice> {
    let mut all: Vec<Choice> = drill
        .map(|(id, title)| Choice {
            id: id.to_owned(),
            title: format!("Drill: {title}"),
        })
        .into_iter()
        .collect();
    all.extend(
        library
            .in_course_order()
            .into_iter()
            .map(|(_, loaded)| Choice {
                id: loaded.lesson.id.as_str().to_owned(),
                title: loaded.lesson.title.clone(),
            }),
    );
    for kept in &library.pieces {
        for hand in [Hand::Right, Hand::Left, Hand::Both] {
            let section = Section { hand, bars: None };
            all.push(Choice {
                id: section.id_in(kept.piece.fingerprint),
                title: kept.piece.section_title(section),
            });
        }
    }
    all
}

/// What happens in the editor.
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    /// For today or the week.
    PeriodChosen(Period),
    /// What the goal is of.
    KindChosen(Kind),
    /// Which lesson.
    LessonChosen(Choice),
    /// Any lesson (minutes only).
    AnyLesson,
    /// What may be new.
    NewChosen(&'static str),
    /// Minutes or runs, as typed.
    AmountEdited(String),
    /// The tempo, as typed (empty: any).
    TempoEdited(String),
    /// The goal said in a sentence.
    Said(String),
    /// Set the goal.
    Set,
    /// Close the editor.
    Cancel,
}

/// What the editor asks of Today.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Keep this goal, for the week or the day.
    Set(GoalSpec, Period),
    /// Close without a goal.
    Cancelled,
}

/// The editor's fields.
#[derive(Clone, Debug)]
pub struct GoalEditor {
    period: Period,
    kind: Kind,
    lesson: Option<Choice>,
    new_kind: &'static str,
    amount: String,
    tempo: String,
    said: String,
    choices: Vec<Choice>,
    understood: Result<GoalSpec, String>,
    /// The goal understood, in words (or why there is none).
    said_back: String,
}

impl GoalEditor {
    /// An editor offering `choices`, on five minutes of any lesson today.
    pub fn new(choices: Vec<Choice>) -> GoalEditor {
        let mut editor = GoalEditor {
            period: Period::Today,
            kind: Kind::Minutes,
            lesson: None,
            new_kind: "lesson",
            amount: "5".to_owned(),
            tempo: String::new(),
            said: String::new(),
            choices,
            understood: Err(String::new()),
            said_back: String::new(),
        };
        editor.understood = editor.built();
        editor.said_back = editor.said_back(&Library::default());
        editor
    }

    /// The goal understood in words, lesson ids named from `library` (or why there is none).
    fn said_back(&self, library: &Library) -> String {
        match &self.understood {
            Ok(spec) => format!(
                "Understood: {}",
                spec.describe(&|id: &str| crate::service::overview::title(library, id))
            ),
            Err(why) => why.clone(),
        }
    }

    /// Handles `message`; `library` reads a goal said in a sentence.
    pub fn update(&mut self, message: Message, library: &Library) -> Option<Outcome> {
        match message {
            Message::PeriodChosen(period) => self.period = period,
            Message::KindChosen(kind) => {
                self.kind = kind;
                self.amount = if kind == Kind::Minutes { "5" } else { "3" }.to_owned();
                if kind == Kind::CleanRuns && self.lesson.is_none() {
                    self.lesson = self.choices.first().cloned();
                }
            }
            Message::LessonChosen(choice) => self.lesson = Some(choice),
            Message::AnyLesson => self.lesson = None,
            Message::NewChosen(kind) => self.new_kind = kind,
            Message::AmountEdited(amount) => self.amount = amount,
            Message::TempoEdited(tempo) => self.tempo = tempo,
            Message::Said(said) => self.said = said,
            Message::Set => {
                if let Ok(spec) = &self.understood {
                    return Some(Outcome::Set(spec.clone(), self.period));
                }
            }
            Message::Cancel => return Some(Outcome::Cancelled),
        }
        self.understood = if self.said.trim().is_empty() {
            self.built()
        } else {
            goal_words::understand(&self.said, library)
        };
        self.said_back = self.said_back(library);
        None
    }

    /// The goal the fields make, or what is missing.
    fn built(&self) -> Result<GoalSpec, String> {
        let lesson = self.lesson.as_ref().map(|c| c.id.clone());
        match self.kind {
            Kind::Minutes => {
                let minutes = self
                    .amount
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|m| m.is_finite() && (1.0..=600.0).contains(m))
                    .ok_or_else(|| {
                        format!(
                            "\"{}\" is not a number of minutes (1–600)",
                            self.amount.trim()
                        )
                    })?;
                Ok(GoalSpec::Minutes { minutes, lesson })
            }
            Kind::CleanRuns => {
                let runs = self
                    .amount
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|r| (1..=100).contains(r))
                    .ok_or_else(|| {
                        format!("\"{}\" is not a number of runs (1–100)", self.amount.trim())
                    })?;
                let bpm = match self.tempo.trim() {
                    "" => None,
                    typed => Some(
                        typed
                            .parse::<u16>()
                            .ok()
                            .filter(|b| (20..=300).contains(b))
                            .ok_or_else(|| format!("\"{typed}\" is not a tempo (20–300 bpm)"))?,
                    ),
                };
                let lesson = lesson.ok_or_else(|| "Choose the lesson".to_owned())?;
                Ok(GoalSpec::CleanRuns { runs, lesson, bpm })
            }
            Kind::TryNew => Ok(GoalSpec::TryNew {
                kind: self.new_kind.to_owned(),
            }),
        }
    }

    /// The editor.
    pub fn view(&self) -> Element<'_, Message> {
        let mut what = row![
            pick_list(Period::ALL, Some(self.period), Message::PeriodChosen),
            pick_list(Kind::ALL, Some(self.kind), Message::KindChosen),
        ]
        .spacing(8);
        let mut amounts = row![].spacing(8).align_y(iced::Center);
        match self.kind {
            Kind::Minutes | Kind::CleanRuns => {
                what = what.push(
                    pick_list(
                        self.choices.as_slice(),
                        self.lesson.clone(),
                        Message::LessonChosen,
                    )
                    .placeholder("Any lesson")
                    .width(Length::Fixed(260.0)),
                );
                if self.kind == Kind::Minutes && self.lesson.is_some() {
                    what = what.push(
                        button(text("Any lesson"))
                            .style(button::text)
                            .on_press(Message::AnyLesson),
                    );
                }
                let unit = if self.kind == Kind::Minutes {
                    "minutes"
                } else {
                    "clean runs"
                };
                amounts = amounts.push(
                    text_input("5", &self.amount)
                        .on_input(Message::AmountEdited)
                        .width(Length::Fixed(60.0)),
                );
                amounts = amounts.push(text(unit));
                if self.kind == Kind::CleanRuns {
                    amounts = amounts.push(text("at"));
                    amounts = amounts.push(
                        text_input("any", &self.tempo)
                            .on_input(Message::TempoEdited)
                            .width(Length::Fixed(60.0)),
                    );
                    amounts = amounts.push(text("bpm or faster, in tempo mode"));
                }
            }
            Kind::TryNew => {
                let mut kinds = row![text("new:")].spacing(4).align_y(iced::Center);
                for (kind, name) in NEW_KINDS {
                    let chosen = button(text(name)).on_press(Message::NewChosen(kind));
                    kinds = kinds.push(if kind == self.new_kind {
                        chosen.style(button::success)
                    } else {
                        chosen.style(button::secondary)
                    });
                }
                amounts = amounts.push(kinds.wrap());
            }
        }
        let understood = text(self.said_back.as_str()).color(if self.understood.is_ok() {
            style::RIGHT
        } else {
            style::WRONG
        });
        let mut set = button(text("Set the goal"));
        if self.understood.is_ok() {
            set = set.on_press(Message::Set);
        }
        column![
            text("A goal of your own").size(20),
            what.wrap(),
            amounts,
            text_input(
                "…or say it: 3 clean runs of G major at 80 bpm",
                &self.said
            )
            .on_input(Message::Said)
            .on_submit(Message::Set),
            understood,
            row![
                set,
                button(text("Cancel"))
                    .style(button::secondary)
                    .on_press(Message::Cancel),
            ]
            .spacing(8),
            text(match self.period {
                Period::Today => "Your own goals take the place of Etude's suggestions for today (three a day at most).",
                Period::Week => "One goal for the week, Monday to Sunday; a new one replaces it.",
            })
            .size(13),
        ]
        .spacing(8)
        .padding(Padding::ZERO)
        .into()
    }
}
