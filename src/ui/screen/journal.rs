//! The practice journal: sessions by day, newest first, with their lessons, minutes, mood
//! before → after and note; each recording can be played back.

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Fill, Task};

use crate::progress::words::minutes;
use crate::store::journal::{Journal, SessionEntry};
use crate::ui::{Element, style};

/// Sessions the screen shows at first, and how many more each "Show more" adds.
const PAGE: usize = 30;

/// What happens on the Journal screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Play this recording (its path relative to the data folder).
    Replay(String),
    /// Stop playing it.
    StopReplay,
    /// Show more sessions.
    More,
}

/// What the Journal screen asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Play this recording.
    Replay(String),
    /// Stop the recording playing.
    StopReplay,
}

/// The Journal screen's own state: the sessions read, and how many are asked for.
#[derive(Debug, Default)]
pub struct Sessions {
    sessions: Vec<SessionEntry>,
    asked: usize,
}

impl Sessions {
    /// The latest sessions of `journal` (none without one).
    pub fn load(journal: Option<&Journal>) -> Sessions {
        let mut sessions = Sessions {
            sessions: Vec::new(),
            asked: PAGE,
        };
        sessions.read(journal);
        sessions
    }

    fn read(&mut self, journal: Option<&Journal>) {
        if let Some(journal) = journal {
            self.sessions = journal.recent_sessions(self.asked).unwrap_or_default();
        }
    }

    /// Handles a message; "Show more" reads further back in `journal`.
    pub fn update(
        &mut self,
        message: Message,
        journal: Option<&Journal>,
    ) -> (Task<Message>, Option<Action>) {
        let action = match message {
            Message::Replay(recording) => Some(Action::Replay(recording)),
            Message::StopReplay => Some(Action::StopReplay),
            Message::More => {
                self.asked += PAGE;
                self.read(journal);
                None
            }
        };
        (Task::none(), action)
    }

    /// The screen: `title` names a lesson; `playing` is the recording playing now; `sound` is
    /// false when there is no sound to replay with.
    pub fn view<'a>(
        &'a self,
        title: &dyn Fn(&str) -> String,
        playing: Option<&str>,
        sound: bool,
    ) -> Element<'a, Message> {
        let more = self.sessions.len() >= self.asked;
        view(&self.sessions, title, playing, sound, more)
    }
}

fn mood(value: Option<u8>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| v.to_string())
}

/// The Journal screen: `sessions` newest first; `title` names a lesson; `playing` is the
/// recording playing now; `sound` is false when there is no sound to replay with; `more` when
/// there may be older sessions than those read.
fn view<'a>(
    sessions: &'a [SessionEntry],
    title: &dyn Fn(&str) -> String,
    playing: Option<&str>,
    sound: bool,
    more: bool,
) -> Element<'a, Message> {
    let mut page = column![text("Journal").size(style::TITLE_SIZE)].spacing(style::SPACING);
    if sessions.is_empty() {
        page = page.push(text(
            "Nothing yet: every run you finish is written here, with a recording to hear later.",
        ));
    }
    if !sound {
        page = page.push(text("No sound output: recordings cannot be played back."));
    }
    let mut last_date = None;
    for session in sessions {
        if last_date != Some(session.date) {
            page = page.push(
                text(session.date.strftime("%A %-d %B %Y").to_string())
                    .size(20)
                    .color(style::NEXT),
            );
            last_date = Some(session.date);
        }
        let mut entry = column![text(format!(
            "{}  ·  {} playing  ·  mood {} → {}",
            session
                .started
                .as_ref()
                .map_or_else(String::new, |at| at.strftime("%H:%M").to_string()),
            minutes(session.minutes),
            mood(session.mood_before),
            mood(session.mood_after)
        ))]
        .spacing(4);
        if let Some(note) = &session.note {
            entry = entry.push(text(format!("“{note}”")));
        }
        for attempt in &session.attempts {
            let verdict = if attempt.passed {
                "passed"
            } else {
                "not passed"
            };
            // In wait mode each step waits: the tempo says nothing.
            let mode = match attempt.mode.as_str() {
                "tempo" => format!("tempo mode at {} bpm", attempt.tempo_bpm),
                other => format!("{other} mode"),
            };
            let mut line = row![text(format!(
                "{} — {} ({verdict}), {mode}",
                title(&attempt.lesson),
                attempt.score,
            ))]
            .spacing(10)
            .padding(iced::Padding::default().left(24));
            if let Some(recording) = &attempt.recording
                && sound
            {
                line = line.push(if playing == Some(recording.as_str()) {
                    button(text("■ Stop")).on_press(Message::StopReplay)
                } else {
                    button(text("▶ Replay")).on_press(Message::Replay(recording.clone()))
                });
            }
            // A narrow window puts the button below the words rather than cut them short.
            entry = entry.push(line.wrap());
        }
        page = page.push(entry);
    }
    if more {
        page = page.push(button(text("Show more")).on_press(Message::More));
    } else if !sessions.is_empty() {
        page = page.push(text("That is every session so far.").color(style::OUTLINE));
    }
    container(scrollable(page.padding(style::PADDING).width(Fill)))
        .width(Fill)
        .height(Fill)
        .into()
}
