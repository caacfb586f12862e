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

use crate::audio::command::Command as AudioCommand;
use crate::audio::output::{self as audio_output, AudioOutput};
use crate::curriculum;
use crate::engine::EventKind;
use crate::keeping::{self, Finished};
use crate::lesson::Library;
use crate::midi::decode::ChannelFilter;
use crate::midi::input::{Forward, InputMessage, LiveInput, port_names};
use crate::midi::ports as port_choice;
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
    /// From the MIDI keyboard.
    Midi(InputMessage),
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
    sound: AudioOutput,
    midi: Option<LiveInput>,
    /// What the devices are doing, in words (no MIDI keyboard, unplugged, no sound …).
    devices: Vec<String>,
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
            sound: AudioOutput::silent("no sound in this window"),
            midi: None,
            devices: Vec::new(),
            data_dir,
        };
        app.refresh();
        app
    }

    /// The app with its devices: sound output, and the remembered (or only) MIDI keyboard,
    /// whose events come back as [`Message::Midi`].
    fn boot() -> (App, Task<Message>) {
        let mut app = App::new(store::data_dir());
        let (sound, warnings) =
            audio_output::open_chosen(app.settings.soundfont.as_deref(), app.settings.audio_buffer);
        app.sound = sound;
        app.devices.extend(warnings);
        if app.sound.is_silent() {
            app.devices.push(format!(
                "{}. Practice works without sound.",
                app.sound.description
            ));
        }
        let task = app.connect_midi();
        (app, task)
    }

    /// Connects the remembered or only MIDI input; the events come back as a task's messages.
    fn connect_midi(&mut self) -> Task<Message> {
        let ports = match port_names() {
            Ok(ports) => ports,
            Err(error) => {
                self.devices.push(format!("{error}."));
                return Task::none();
            }
        };
        let port = match port_choice::choose(&ports, None, self.settings.midi_port.as_deref()) {
            Ok(port) => port,
            Err(error) => {
                self.devices.push(format!("{error} Meanwhile, play with the computer keyboard (A S D F …) or click the keys."));
                return Task::none();
            }
        };
        let channels = self
            .settings
            .midi_channel
            .map_or(ChannelFilter::All, |c| ChannelFilter::Only(c - 1));
        let to_synth = self.sound.commands.clone();
        let forward: Forward =
            std::sync::Arc::new(move |kind| to_synth.send(AudioCommand::Play(kind)));
        let (sender, receiver) = std::sync::mpsc::channel();
        match LiveInput::open(&port, channels, sender, forward) {
            Ok(input) => {
                self.midi = Some(input);
                self.devices.push(format!("Listening to {port}"));
                // The MIDI thread's channel, as a stream of messages.
                let (bridge, stream) = iced::futures::channel::mpsc::unbounded();
                let spawned = std::thread::Builder::new()
                    .name("etude-midi-bridge".into())
                    .spawn(move || {
                        while let Ok(message) = receiver.recv() {
                            if bridge.unbounded_send(message).is_err() {
                                break;
                            }
                        }
                    });
                if spawned.is_err() {
                    self.devices
                        .push("MIDI events cannot reach the window".into());
                    return Task::none();
                }
                Task::run(stream, Message::Midi)
            }
            Err(error) => {
                self.devices.push(error.to_string());
                Task::none()
            }
        }
    }

    /// What the devices are doing, in words.
    pub fn devices(&self) -> &[String] {
        &self.devices
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
            Message::Practice(message) => {
                if let practice::Message::Clicked(note, down) = message {
                    self.sound(if down {
                        EventKind::NoteOn { note, velocity: 80 }
                    } else {
                        EventKind::NoteOff { note }
                    });
                }
                self.practice(message, now);
            }
            Message::Keyboard(event) => self.key(event, now),
            Message::Midi(InputMessage::Event { at, kind }) => {
                self.practice(practice::Message::Input(kind), at)
            }
            Message::Midi(InputMessage::PortLost(port)) => {
                self.devices.retain(|d| !d.starts_with("Listening to"));
                self.devices.push(format!(
                    "Keyboard unplugged ({port}): plug it back in to go on."
                ));
            }
            Message::Midi(InputMessage::PortBack(port)) => {
                self.devices
                    .retain(|d| !d.starts_with("Keyboard unplugged"));
                self.devices.push(format!("Listening to {port}"));
            }
            Message::Midi(InputMessage::Ports(_)) => {}
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
            self.sound(kind);
            self.practice(practice::Message::Input(kind), now);
        }
    }

    /// Plays a key from the computer keyboard or a click (MIDI keys go to the synth directly).
    fn sound(&self, kind: EventKind) {
        if !self.sound.is_silent() {
            self.sound.commands.send(AudioCommand::Play(kind));
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
                today::view(self.day.as_ref(), next, problem, &self.devices).map(Message::Today)
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
