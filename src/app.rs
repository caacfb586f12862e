//! The window: `App` holds the screen and the things outside (journal, settings, the computer
//! keyboard as a piano); `update` only dispatches; `application()` is what `main` and the tests
//! run.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use iced::keyboard::{self, Key, key::Named};
use iced::{Subscription, Task};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::curriculum;
use crate::keeping::{self, Finished};
use crate::lesson::Library;
use crate::midi::qwerty::{KeyAction, QwertyKeyboard};
use crate::overview::{self, Day};
use crate::store::journal::{self, Journal};
use crate::store::{self, settings};
use crate::ui::Element;
use crate::ui::screen::{lessons, practice, today};

/// Which screen is showing.
pub enum Screen {
    /// The day's goals and streak.
    Today,
    /// The course.
    Lessons,
    /// A lesson being practised.
    Practice(Box<practice::Practice>),
}

/// Everything that can happen in the window.
#[derive(Debug, Clone)]
pub enum Message {
    /// From the Today screen.
    Today(today::Message),
    /// From the lesson list.
    Lessons(lessons::Message),
    /// From the practice screen.
    Practice(practice::Message),
    /// A key on the computer keyboard.
    Keyboard(keyboard::Event),
}

/// The application state.
pub struct App {
    data_dir: PathBuf,
    library: Library,
    settings: settings::Settings,
    journal: Result<Journal, String>,
    day: Option<Day>,
    passed: HashSet<String>,
    qwerty: QwertyKeyboard,
    screen: Screen,
}

impl App {
    /// The app over the data in `data_dir`, showing Today.
    pub fn new(data_dir: PathBuf) -> App {
        let loaded = settings::load(&settings::path_in(&data_dir));
        let settings = loaded.settings;
        let file = data_dir.join(settings.journal.as_deref().unwrap_or(journal::FILE_NAME));
        let mut app = App {
            journal: Journal::open(&file).map_err(|e| e.to_string()),
            library: curriculum::shipped(),
            settings,
            day: None,
            passed: HashSet::new(),
            qwerty: QwertyKeyboard::default(),
            screen: Screen::Today,
            data_dir,
        };
        app.refresh();
        app
    }

    fn boot() -> (App, Task<Message>) {
        (App::new(store::data_dir()), Task::none())
    }

    /// The screen showing.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// Today as last computed.
    pub fn day(&self) -> Option<&Day> {
        self.day.as_ref()
    }

    /// Re-reads the day and the lessons passed from the journal.
    fn refresh(&mut self) {
        let Ok(journal) = &mut self.journal else {
            return;
        };
        let date = TimeZone::system().to_datetime(Timestamp::now()).date();
        self.day = overview::day(
            journal,
            &self.library,
            date,
            self.settings.daily_minimum(),
            true,
        )
        .ok();
        self.passed = journal.passed_lessons().unwrap_or_default();
    }

    fn open(&mut self, id: &str) {
        let Some(lesson) = self.library.get(id).cloned() else {
            return;
        };
        let best = match &self.journal {
            Ok(journal) => journal.bests().ok().and_then(|bests| {
                bests
                    .into_iter()
                    .find(|b| b.lesson == id)
                    .map(|b| b.best_score)
            }),
            Err(_) => None,
        };
        self.screen = Screen::Practice(Box::new(practice::Practice::new(
            lesson,
            best,
            self.settings.keyboard_keys,
            Instant::now(),
        )));
    }

    /// Handles a message now.
    pub fn update(&mut self, message: Message) -> Task<Message> {
        self.update_at(message, Instant::now())
    }

    /// Handles a message at `now` (tests pass their own instants).
    pub fn update_at(&mut self, message: Message, now: Instant) -> Task<Message> {
        match message {
            Message::Today(today::Message::Practise(id))
            | Message::Lessons(lessons::Message::Practise(id)) => self.open(&id),
            Message::Today(today::Message::Lessons) => self.screen = Screen::Lessons,
            Message::Lessons(lessons::Message::Today) => self.screen = Screen::Today,
            Message::Practice(message) => self.practice(message, now),
            Message::Keyboard(event) => self.key(event, now),
        }
        Task::none()
    }

    fn practice(&mut self, message: practice::Message, now: Instant) {
        let Screen::Practice(practice) = &mut self.screen else {
            return;
        };
        match practice.update(message, now) {
            Some(practice::Action::Stop) => {
                self.refresh();
                self.screen = Screen::Today;
            }
            Some(practice::Action::Finished {
                report,
                events,
                started,
            }) => {
                if let Ok(journal) = &mut self.journal {
                    let _ = keeping::keep(
                        journal,
                        &self.data_dir,
                        &Finished {
                            lesson: practice.lesson(),
                            report: &report,
                            events: &events,
                            started_at: keeping::timestamp_of(started),
                            mood_before: None,
                            mood_after: None,
                            note: None,
                        },
                    );
                }
                self.refresh();
            }
            None => {}
        }
    }

    /// The computer keyboard: the piano layout plays while practising; Enter restarts, Escape stops.
    fn key(&mut self, event: keyboard::Event, now: Instant) {
        if !matches!(self.screen, Screen::Practice(_)) {
            return;
        }
        let action = match event {
            keyboard::Event::KeyPressed {
                key: Key::Named(Named::Enter),
                ..
            } => {
                return self.practice(practice::Message::Restart, now);
            }
            keyboard::Event::KeyPressed {
                key: Key::Named(Named::Escape),
                ..
            } => {
                return self.practice(practice::Message::Stop, now);
            }
            keyboard::Event::KeyPressed {
                key: Key::Character(c),
                repeat: false,
                ..
            } => c.chars().next().map(|c| self.qwerty.press(c)),
            keyboard::Event::KeyReleased {
                key: Key::Character(c),
                ..
            } => c.chars().next().map(|c| self.qwerty.release(c)),
            _ => None,
        };
        if let Some(KeyAction::Play(kind)) = action {
            self.practice(practice::Message::Input(kind), now);
        }
    }

    /// The window's contents.
    pub fn view(&self) -> Element<'_, Message> {
        match &self.screen {
            Screen::Today => {
                let next = self
                    .day
                    .as_ref()
                    .and_then(|d| d.next_lesson.as_deref())
                    .and_then(|id| self.library.get(id).map(|l| (id, l.lesson.title.as_str())));
                let problem = self.journal.as_ref().err().map(String::as_str);
                today::view(self.day.as_ref(), next, problem).map(Message::Today)
            }
            Screen::Lessons => lessons::view(&self.library, &self.passed).map(Message::Lessons),
            Screen::Practice(practice) => practice.view().map(Message::Practice),
        }
    }

    /// Keys always; the clock while a tempo-mode run is going.
    pub fn subscription(&self) -> Subscription<Message> {
        let keys = keyboard::listen().map(Message::Keyboard);
        match &self.screen {
            Screen::Practice(practice) if practice.needs_ticks() => {
                Subscription::batch([keys, iced::time::every(Duration::from_millis(20)).map(tick)])
            }
            _ => keys,
        }
    }
}

fn tick(_: Instant) -> Message {
    Message::Practice(practice::Message::Tick)
}

/// The application: `etude` with no arguments runs it.
pub fn application() -> iced::Application<impl iced::Program<Message = Message>> {
    iced::application(App::boot, App::update, App::view)
        .title("Etude")
        .subscription(App::subscription)
        .window_size((1100.0, 760.0))
}
