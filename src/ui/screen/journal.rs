//! The practice journal: sessions by day, newest first, with their lessons, minutes, mood
//! before → after and note; each recording can be played back.

use iced::Fill;
use iced::widget::{button, column, container, row, scrollable, text};

use crate::store::journal::SessionEntry;
use crate::ui::{Element, style};

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

fn mood(value: Option<u8>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| v.to_string())
}

/// The Journal screen: `sessions` newest first; `title` names a lesson; `playing` is the
/// recording playing now; `sound` is false when there is no sound to replay with.
pub fn view<'a>(
    sessions: &'a [SessionEntry],
    title: &dyn Fn(&str) -> String,
    playing: Option<&str>,
    sound: bool,
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
            "{}  ·  {:.1} minutes playing  ·  mood {} → {}",
            session
                .started
                .as_ref()
                .map_or_else(String::new, |at| at.strftime("%H:%M").to_string()),
            session.minutes,
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
            let mut line = row![text(format!(
                "    {} — {} ({verdict}), {} mode at {} bpm",
                title(&attempt.lesson),
                attempt.score,
                attempt.mode,
                attempt.tempo_bpm
            ))]
            .spacing(10);
            if let Some(recording) = &attempt.recording
                && sound
            {
                line = line.push(if playing == Some(recording.as_str()) {
                    button(text("■ Stop")).on_press(Message::StopReplay)
                } else {
                    button(text("▶ Replay")).on_press(Message::Replay(recording.clone()))
                });
            }
            entry = entry.push(line);
        }
        page = page.push(entry);
    }
    if !sessions.is_empty() {
        page = page.push(button(text("Show more")).on_press(Message::More));
    }
    container(scrollable(page.padding(style::PADDING).width(Fill)))
        .width(Fill)
        .height(Fill)
        .into()
}
