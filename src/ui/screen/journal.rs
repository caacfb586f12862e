//! The practice journal: sessions by day, newest first, with their lessons, minutes, mood
//! before → after and note; each recording can be played back, and its run is shown on the
//! staff with the marks the Practice screen drew (right, wrong keys, missed, early and late).

use std::collections::HashMap;

use iced::widget::{button, canvas, column, container, row, scrollable, text};
use iced::{Fill, Length, Task};

use crate::engrave::Engraving;
use crate::notation::Played;
use crate::progress::then_and_now::{RecordedRun, ThenAndNow};
use crate::progress::words::minutes;
use crate::store::journal::{AttemptEntry, Journal, SessionEntry};
use crate::ui::widget::staff::{SPACE, Staff};
use crate::ui::{Element, style};

/// Sessions the screen shows at first, and how many more each "Show more" adds.
const PAGE: usize = 30;

/// What happens on the Journal screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// Play this recording (its path relative to the data folder).
    Replay(String),
    /// Play the lesson's first run, then this one.
    ThenAndNow(ThenAndNow),
    /// Stop playing it.
    StopReplay,
    /// Show this recording's run on the staff (without sound to play it with).
    Show(String),
    /// Show more sessions.
    More,
}

/// What the Journal screen asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Play this recording.
    Replay(String),
    /// Play these two runs back to back.
    ThenAndNow(ThenAndNow),
    /// Stop the recording playing.
    StopReplay,
    /// Show this recording's run on the staff.
    Show(String),
}

/// A run as the journal keeps it, shown on the staff: its recording scored again against its
/// lesson, marked as the Practice screen marks a run.
pub struct MarkedRun {
    recording: String,
    engraving: Engraving,
    played: Played,
    drawn: canvas::Cache,
}

impl MarkedRun {
    /// The run recorded in `recording` (relative to the data folder), engraved and marked.
    pub fn new(recording: String, engraving: Engraving, played: Played) -> MarkedRun {
        MarkedRun {
            recording,
            engraving,
            played,
            drawn: canvas::Cache::new(),
        }
    }

    /// The marks.
    pub fn played(&self) -> &Played {
        &self.played
    }
}

impl std::fmt::Debug for MarkedRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MarkedRun")
            .field("recording", &self.recording)
            .field("played", &self.played)
            .finish_non_exhaustive()
    }
}

/// The Journal screen's own state: the sessions read, how many are asked for, and the run
/// shown on the staff.
#[derive(Debug, Default)]
pub struct Sessions {
    sessions: Vec<SessionEntry>,
    /// The first recorded run of each lesson in `sessions`.
    firsts: HashMap<String, RecordedRun>,
    asked: usize,
    marked: Option<Box<MarkedRun>>,
}

impl Sessions {
    /// The latest sessions of `journal` (none without one).
    pub fn load(journal: Option<&Journal>) -> Sessions {
        let mut sessions = Sessions {
            sessions: Vec::new(),
            firsts: HashMap::new(),
            asked: PAGE,
            marked: None,
        };
        sessions.read(journal);
        sessions
    }

    fn read(&mut self, journal: Option<&Journal>) {
        if let Some(journal) = journal {
            self.sessions = journal.recent_sessions(self.asked).unwrap_or_default();
            for attempt in self.sessions.iter().flat_map(|s| &s.attempts) {
                if !self.firsts.contains_key(&attempt.lesson)
                    && let Some(first) = journal
                        .recorded_runs(&attempt.lesson)
                        .ok()
                        .and_then(|runs| runs.into_iter().next())
                {
                    self.firsts.insert(attempt.lesson.clone(), first);
                }
            }
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
            Message::ThenAndNow(pair) => Some(Action::ThenAndNow(pair)),
            Message::StopReplay => Some(Action::StopReplay),
            Message::Show(recording) => Some(Action::Show(recording)),
            Message::More => {
                self.asked += PAGE;
                self.read(journal);
                None
            }
        };
        (Task::none(), action)
    }

    /// The attempt whose recording is `recording`.
    pub fn attempt(&self, recording: &str) -> Option<&AttemptEntry> {
        self.sessions
            .iter()
            .flat_map(|s| &s.attempts)
            .find(|a| a.recording.as_deref() == Some(recording))
    }

    /// Shows `run` on the staff under its attempt (none: no staff).
    pub fn show(&mut self, run: Option<MarkedRun>) {
        self.marked = run.map(Box::new);
    }

    /// The run shown on the staff.
    pub fn marked(&self) -> Option<&MarkedRun> {
        self.marked.as_deref()
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
        let shown = Shown {
            title,
            playing,
            sound,
            more,
            marked: self.marked.as_deref(),
            firsts: &self.firsts,
        };
        view(&self.sessions, &shown)
    }
}

/// What the screen shows besides the sessions.
struct Shown<'a, 'b> {
    title: &'b dyn Fn(&str) -> String,
    playing: Option<&'b str>,
    sound: bool,
    more: bool,
    marked: Option<&'a MarkedRun>,
    /// The first recorded run of each lesson shown.
    firsts: &'a HashMap<String, RecordedRun>,
}

/// The marked run on the staff, scrolling sideways when it is longer than the window.
fn staff_of(run: &MarkedRun) -> Element<'_, Message> {
    let staff = Staff::new(&run.engraving, &run.played, &run.drawn);
    let width = Length::Fixed(run.engraving.size.0 as f32 * SPACE);
    let height = Length::Fixed(Staff::height(&run.engraving, SPACE));
    scrollable(canvas(staff).width(width).height(height))
        .direction(scrollable::Direction::Horizontal(
            scrollable::Scrollbar::default(),
        ))
        .width(Fill)
        .into()
}

fn mood(value: Option<u8>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| v.to_string())
}

/// The Journal screen: `sessions` newest first; `shown.title` names a lesson; `playing` is the
/// recording playing now; `sound` is false when there is no sound to replay with; `more` when
/// there may be older sessions than those read; `marked` the run shown on the staff.
fn view<'a>(sessions: &'a [SessionEntry], shown: &Shown<'a, '_>) -> Element<'a, Message> {
    let Shown {
        title,
        playing,
        sound,
        more,
        marked,
        firsts,
    } = *shown;
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
            if let Some(recording) = &attempt.recording {
                line = line.push(if !sound {
                    button(text("Show on the staff")).on_press(Message::Show(recording.clone()))
                } else if playing == Some(recording.as_str()) {
                    button(text("■ Stop")).on_press(Message::StopReplay)
                } else {
                    button(text("▶ Replay")).on_press(Message::Replay(recording.clone()))
                });
                // A later run of a lesson: heard after the first, to hear how far it came.
                let pair = firsts
                    .get(&attempt.lesson)
                    .filter(|first| first.uid != attempt.uid)
                    .map(|first| ThenAndNow {
                        then: first.clone(),
                        now: RecordedRun {
                            uid: attempt.uid.clone(),
                            date: session.date,
                            score: attempt.score,
                            recording: recording.clone(),
                        },
                    });
                if let Some(pair) = pair.filter(|_| sound) {
                    line = line.push(if playing == Some(pair.key().as_str()) {
                        row![
                            button(text("■ Stop")).on_press(Message::StopReplay),
                            text(pair.words("this run")).color(style::NEXT),
                        ]
                        .spacing(10)
                        .into()
                    } else {
                        Element::from(
                            button(text("⇄ Then and now"))
                                .style(button::secondary)
                                .on_press(Message::ThenAndNow(pair)),
                        )
                    });
                }
            }
            // A narrow window puts the button below the words rather than cut them short.
            entry = entry.push(line.wrap());
            if let Some(run) = marked.filter(|m| Some(&m.recording) == attempt.recording.as_ref()) {
                entry = entry.push(staff_of(run));
            }
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
