//! "Practise any scale" on the Lessons screen: a lesson built without a file from a row of
//! one-click choices each — tonic, kind (the fourteen named ones, then custom steps), octaves, direction,
//! hand, mode and tempo — practised at once, or kept among the player's own lessons.

use iced::widget::{Row, button, column, row, text, text_input};
use iced::{Alignment, Length};

use crate::lesson::picker::{ScaleChoice, kind_words};
use crate::lesson::{Direction, Hand, LoadedLesson, Mode};
use crate::theory::{PitchName, ScaleKind};
use crate::ui::{Element, style};

/// The tonics offered, spelled as the keys are written (both spellings where both are used).
const TONICS: [&str; 17] = [
    "C", "C#", "Db", "D", "D#", "Eb", "E", "F", "F#", "Gb", "G", "G#", "Ab", "A", "A#", "Bb", "B",
];

/// What happens in the picker.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// Open or close it.
    Toggle,
    /// The tonic.
    Tonic(PitchName),
    /// A named kind.
    Kind(ScaleKind),
    /// The custom kind, with the steps typed.
    Custom,
    /// The custom steps being typed ("2 1 3 1 1 3 1").
    Steps(String),
    /// Octaves.
    Octaves(u8),
    /// Direction.
    Direction(Direction),
    /// Hand.
    Hand(Hand),
    /// Wait or tempo mode.
    Mode(Mode),
    /// The tempo changed by this many bpm.
    Tempo(i16),
    /// Practise the scale now.
    Practise,
    /// Keep it among the player's lessons.
    Keep,
}

/// What the picker asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Open this lesson on the Practice screen.
    Practise(Box<LoadedLesson>),
    /// Save this lesson file among the player's lessons (its id names the file).
    Keep {
        /// The lesson's id.
        id: String,
        /// The lesson file's text.
        text: String,
    },
}

/// The picker's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    open: bool,
    choice: ScaleChoice,
    steps: String,
    /// What went wrong with the last choice, or where it was kept.
    said: Option<String>,
}

impl Default for Picker {
    fn default() -> Picker {
        Picker {
            open: false,
            choice: ScaleChoice::default(),
            steps: "2 1 3 1 1 3 1".to_owned(),
            said: None,
        }
    }
}

impl Picker {
    /// The picker on `choice` (the last scale chosen), or on C major.
    pub fn on(choice: Option<ScaleChoice>) -> Picker {
        Picker {
            choice: choice.unwrap_or_default(),
            ..Picker::default()
        }
    }

    /// The scale chosen now.
    pub fn choice(&self) -> &ScaleChoice {
        &self.choice
    }

    /// The app kept the lesson (`Ok`: where) or could not (`Err`: why).
    pub fn kept(&mut self, outcome: Result<String, String>) {
        self.said = Some(match outcome {
            Ok(path) => format!("Kept among your lessons, as {path}."),
            Err(why) => why,
        });
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Option<Action> {
        let choice = &mut self.choice;
        match message {
            Message::Toggle => self.open = !self.open,
            Message::Tonic(tonic) => choice.tonic = tonic,
            Message::Kind(kind) => choice.kind = kind,
            Message::Custom => choice.kind = ScaleKind::Custom(steps_of(&self.steps)),
            Message::Steps(steps) => {
                choice.kind = ScaleKind::Custom(steps_of(&steps));
                self.steps = steps;
            }
            Message::Octaves(octaves) => choice.octaves = octaves,
            Message::Direction(direction) => choice.direction = direction,
            Message::Hand(hand) => choice.hand = hand,
            Message::Mode(mode) => choice.mode = mode,
            Message::Tempo(by) => {
                choice.tempo = (i32::from(choice.tempo) + i32::from(by)).clamp(20, 300) as u16;
            }
            Message::Practise => {
                return match choice.load() {
                    Ok(lesson) => {
                        self.said = None;
                        Some(Action::Practise(Box::new(lesson)))
                    }
                    Err(error) => {
                        self.said = Some(refusal(&error.message));
                        None
                    }
                };
            }
            Message::Keep => {
                // Only a lesson that reads back is kept.
                return match choice.file() {
                    Ok((text, _)) => Some(Action::Keep {
                        id: choice.id(),
                        text,
                    }),
                    Err(error) => {
                        self.said = Some(refusal(&error.message));
                        None
                    }
                };
            }
        }
        // A new choice: what was said of the last one no longer holds.
        self.said = None;
        None
    }

    /// The picker: closed, one button; open, a row of choices each and the two actions.
    pub fn view(&self) -> Element<'_, Message> {
        if !self.open {
            return button(text("Practise any scale…"))
                .on_press(Message::Toggle)
                .into();
        }
        let choice = &self.choice;
        let tonics = choices(
            "Tonic",
            TONICS.iter().filter_map(|t| t.parse::<PitchName>().ok()),
            |t| *t == choice.tonic,
            |t| t.pretty(),
            Message::Tonic,
        );
        let custom = matches!(choice.kind, ScaleKind::Custom(_));
        let mut kinds = choices(
            "Scale",
            ScaleKind::NAMED.iter().cloned(),
            |k| *k == choice.kind,
            kind_words,
            Message::Kind,
        );
        kinds = kinds.push(chip("custom", custom, Message::Custom));
        if custom {
            kinds = kinds.push(
                text_input("steps in semitones: 2 1 3 1 1 3 1", &self.steps)
                    .on_input(Message::Steps)
                    .width(Length::Fixed(220.0)),
            );
        }
        let octaves = choices(
            "Octaves",
            1..=4u8,
            |o| *o == choice.octaves,
            u8::to_string,
            Message::Octaves,
        );
        let directions = choices(
            "Going",
            [Direction::Up, Direction::Down, Direction::UpDown],
            |d| *d == choice.direction,
            |d| {
                match d {
                    Direction::Up => "up",
                    Direction::Down => "down",
                    Direction::UpDown => "up and down",
                }
                .to_owned()
            },
            Message::Direction,
        );
        let hands = choices(
            "Hand",
            [Hand::Right, Hand::Left, Hand::Both],
            |h| *h == choice.hand,
            |h| h.word().to_owned(),
            Message::Hand,
        );
        let modes = choices(
            "Mode",
            [Mode::Wait, Mode::Tempo],
            |m| *m == choice.mode,
            |m| m.word().to_owned(),
            Message::Mode,
        );
        let tempo = row![
            text("Tempo").width(Length::Fixed(70.0)),
            button(text("−4"))
                .style(button::secondary)
                .on_press(Message::Tempo(-4)),
            text(format!("{} bpm", choice.tempo)).size(18),
            button(text("+4"))
                .style(button::secondary)
                .on_press(Message::Tempo(4)),
        ]
        .spacing(6)
        .align_y(Alignment::Center);
        let mode = match choice.mode {
            Mode::Wait => "wait mode".to_owned(),
            Mode::Tempo => format!("tempo mode at {} bpm", choice.tempo),
        };
        let mut picker = column![
            row![
                text("Practise any scale").size(22),
                button(text("Close"))
                    .on_press(Message::Toggle)
                    .style(button::text),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center),
            tonics.wrap(),
            kinds.wrap(),
            octaves.wrap(),
            directions.wrap(),
            hands.wrap(),
            modes.wrap(),
            tempo,
            row![
                text(format!("{}, {mode}", choice.title())).size(18),
                button(text("Practise it"))
                    .style(button::success)
                    .on_press(Message::Practise),
                button(text("Keep it")).on_press(Message::Keep),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center)
            .wrap(),
        ]
        .spacing(8);
        if let Some(said) = &self.said {
            picker = picker.push(text(said.clone()).color(match message_kind(&self.said) {
                Said::Kept => style::RIGHT,
                Said::Refused => style::WRONG,
            }));
        }
        picker.into()
    }
}

/// Whether what the picker says is a refusal or where a lesson was kept.
enum Said {
    Kept,
    Refused,
}

fn message_kind(said: &Option<String>) -> Said {
    match said {
        Some(words) if words.starts_with("Kept") => Said::Kept,
        _ => Said::Refused,
    }
}

/// A lesson file's complaint in the picker's words.
fn refusal(message: &str) -> String {
    format!("This scale cannot be made: {message}")
}

/// The custom steps typed: whole numbers apart by spaces or commas (what is not one is left
/// out, and the lesson's check says what is wrong with the rest).
fn steps_of(typed: &str) -> Vec<u8> {
    typed
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter_map(|w| w.parse().ok())
        .collect()
}

/// A row headed `label` with a button for each of `items`, the chosen one filled.
fn choices<'a, T: Clone + 'a>(
    label: &'a str,
    items: impl IntoIterator<Item = T>,
    chosen: impl Fn(&T) -> bool,
    name: impl Fn(&T) -> String,
    message: impl Fn(T) -> Message,
) -> Row<'a, Message> {
    let mut line = Row::new()
        .spacing(6)
        .align_y(Alignment::Center)
        .push(text(label).width(Length::Fixed(70.0)));
    for item in items {
        line = line.push(chip(&name(&item), chosen(&item), message(item.clone())));
    }
    line
}

/// One choice: filled when chosen.
fn chip<'a>(label: &str, chosen: bool, message: Message) -> Element<'a, Message> {
    button(text(label.to_owned()))
        .style(if chosen {
            button::primary
        } else {
            button::secondary
        })
        .on_press(message)
        .into()
}
