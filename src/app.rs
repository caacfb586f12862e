//! The window: `App` holds the screen and the things outside (journal, settings, sound, the
//! MIDI keyboard, the computer keyboard as a piano); `update` only dispatches to named methods;
//! `application_at()` is what `main` runs, `application()` what the tests run.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use iced::keyboard::{self, Key, key::Named};

use iced::{Subscription, Task, Theme};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::audio::command::Command as AudioCommand;
use crate::audio::demo;
use crate::audio::output::{self as audio_output, AudioOutput};
use crate::audio::playback::Playback;
use crate::engine::{EventKind, Plan};
use crate::lesson::{Library, LoadedLesson};
use crate::midi::decode::ChannelFilter;
use crate::midi::input::{InputMessage, watch_ports};
use crate::midi::ports as port_choice;
use crate::midi::qwerty::KeyAction;
use crate::progress::bests::Bests;
use crate::service::keeping::{self, Finished};
use crate::service::overview::{self, Day};
use crate::service::{Context, practising};
use crate::store::journal::{Journal, PersonalBest};
use crate::store::{self, settings};
use crate::ui::screen::settings as settings_screen;
use crate::ui::screen::settings::Look;
use crate::ui::screen::{journal as journal_screen, lessons, practice, progress, today};
use crate::ui::{Element, style};

mod devices;
mod keys;
mod loading;
mod pieces;
mod preferences;
mod saving;
mod screens;
mod tapping;
mod view;
mod window;

use devices::port_lists;
pub use window::{application, application_at};

/// Which screen is showing, with its own state.
pub enum Screen {
    /// The day's goals and streak.
    Today(today::Today),
    /// The course.
    Lessons(lessons::Lessons),
    /// A lesson being practised.
    Practice(Box<practice::Practice>),
    /// The year, trends, moods and bests.
    Progress(Box<progress::Progress>),
    /// Sessions by day.
    Journal(journal_screen::Sessions),
    /// Devices and preferences.
    Settings(settings_screen::Preferences),
}

/// The screens the bar at the top leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Today.
    Today,
    /// Lessons.
    Lessons,
    /// Progress.
    Progress,
    /// Journal.
    Journal,
    /// Settings.
    Settings,
}

/// Everything that can happen in the window.
#[derive(Debug, Clone)]
pub enum Message {
    /// Go to a screen.
    Go(Page),
    /// From the Today screen.
    Today(today::Message),
    /// From the lesson list.
    Lessons(lessons::Message),
    /// From the practice screen.
    Practice(practice::Message),
    /// From the Progress screen.
    Progress(progress::Message),
    /// From the Journal screen.
    Journal(journal_screen::Message),
    /// From the Settings screen.
    Settings(settings_screen::Message),
    /// A key on the computer keyboard.
    Keyboard(keyboard::Event),
    /// From the MIDI keyboard.
    Midi(InputMessage),
    /// The MIDI inputs there are changed (or there is no MIDI system).
    PortList(Result<Vec<String>, String>),
    /// The breathing timer or a playback moved on.
    Tick,
    /// The settings, lessons, journal and SoundFont were read (see `loading`).
    Loaded(loading::Handoff<loading::Loaded>),
    /// A SoundFont chosen in the settings was read, for the opening of the sound numbered.
    SoundLoaded(u64, loading::Handoff<loading::LoadedFont>),
    /// The sound output of the opening numbered is open (see `App::open_sound`).
    SoundOpened(u64, loading::Handoff<devices::OpenedSound>),
    /// The lessons were read again (the lesson folders changed).
    LibraryLoaded(loading::Handoff<Library>),
    /// The journal's writer is done with what it was given.
    Saved(loading::Handoff<saving::Saved>),
    /// Try again to save what the journal could not take.
    SaveAgain,
    /// The window's close button (or the system) asked to close.
    CloseRequested,
    /// The window opened, moved or was resized.
    Window(iced::window::Id, iced::window::Event),
    /// The size of the screen the window opened on (none when the system does not say).
    Screen(iced::window::Id, Option<iced::Size>),
    /// Close although something is not saved.
    CloseAnyway,
    /// A piece file was chosen in the dialog (none: the dialog was closed) or dropped.
    PieceChosen(Option<std::path::PathBuf>),
    /// A piece file was read and kept in the data folder, or why it could not be.
    PieceKept(loading::Handoff<Result<crate::lesson::library::KeptPiece, String>>),
}

/// The application state: the screen showing, and what the screens share (the context, the
/// journal and what was read from it, the devices, what waits to be saved).
pub struct App {
    /// The data folder, the settings and the whole library.
    context: Context,
    journal: Result<Journal, String>,
    today: Date,
    day: Option<Day>,
    passed: overview::Passes,
    bests: HashMap<String, PersonalBest>,
    /// The window's size and place now, as it said (kept in the settings as it closes).
    window_now: (Option<iced::Size>, Option<iced::Point>),
    /// How much larger than its own sizes the window draws (see [`App::scale_factor`]).
    scale: f32,
    screen: Screen,
    sound: AudioOutput,
    midi: Option<crate::service::keyboard::Keyboard>,
    /// The input listened to.
    listening: Option<String>,
    /// The MIDI inputs there are (or why there are none).
    ports: Result<Vec<String>, String>,
    /// Whether the window looks for MIDI keyboards (false in tests driven without devices).
    with_devices: bool,
    /// Things to say that are not about a device (settings that could not be used …).
    notices: Vec<String>,
    /// What went wrong opening the sound (a SoundFont that could not load …), in words.
    sound_status: Vec<String>,
    /// What the MIDI keyboard is doing (listening, none and why, unplugged).
    keyboard_status: devices::KeyboardStatus,
    /// [`AudioOutput::breaks`] when last counted.
    sound_breaks_counted: u64,
    /// The openings of the sound output, begun and awaited.
    sound_openings: devices::Openings,
    /// The mood given before playing, kept with the session's runs.
    mood_before: Option<u8>,
    /// A demo or a recording playing, and which recording.
    playback: Option<(Playback, Option<String>)>,
    /// The tap test, while it runs.
    tapping: Option<tapping::Tapping>,
    /// What the last tap test found, in words.
    tap_said: Option<String>,
    /// The lesson the Progress screen charted last.
    charted: Option<progress::LessonChoice>,
    /// Today's state while another screen shows (the breathing timer runs on).
    kept_today: Option<today::Today>,
    /// The lesson list's state while another screen shows (its search stays).
    kept_lessons: Option<lessons::Lessons>,
    /// The renderer drawing the window, in words.
    renderer: String,
    /// Counts the changes of screen: the window's background takes one of two shades (one
    /// step of 255 apart, which no eye sees) by its parity, so the software renderer repaints
    /// the whole window on every change instead of only the parts it believes changed (its
    /// damage tracking leaves pieces of the screen before behind, iced 0.14).
    screen_changes: u32,
    /// What the journal has not taken yet, oldest first.
    unsaved: Vec<saving::Unsaved>,
    /// The journal's writing connection (used on the writer's thread only).
    writer: saving::Writer,
    /// The writer is writing.
    saving: bool,
    /// Why the last save failed, while something waits.
    save_problem: Option<String>,
    /// The window was asked to close while something waits to be saved.
    closing: bool,
    /// The journal, lessons and SoundFont are being read (the first moments of the window).
    loading: bool,
    /// The lesson to open once everything is read (`etude practice --lesson ID`).
    practise_when_ready: Option<LoadedLesson>,
}

impl App {
    /// The app over the data in `data_dir`, showing Today, with no devices opened.
    pub fn new(data_dir: PathBuf) -> App {
        let mut context = Context::load(data_dir);
        let notices = std::mem::take(&mut context.settings_warnings);
        let journal = context.open_journal().map_err(|e| e.to_string());
        let mut app = App::assemble(context, journal, notices);
        app.refresh();
        app
    }

    /// The app's state around `context` and `journal`, showing Today.
    fn assemble(context: Context, journal: Result<Journal, String>, notices: Vec<String>) -> App {
        App {
            journal,
            context,
            today: TimeZone::system().to_datetime(Timestamp::now()).date(),
            day: None,
            passed: overview::Passes::default(),
            bests: HashMap::new(),
            window_now: (None, None),
            scale: 1.0,
            screen: Screen::Today(today::Today::default()),
            sound: AudioOutput::silent("no sound in this window"),
            midi: None,
            listening: None,
            ports: Ok(Vec::new()),
            with_devices: false,
            notices,
            sound_status: Vec::new(),
            keyboard_status: devices::KeyboardStatus::Absent(None),
            sound_breaks_counted: 0,
            sound_openings: devices::Openings::default(),
            mood_before: None,
            playback: None,
            tapping: None,
            tap_said: None,
            charted: None,
            kept_today: None,
            kept_lessons: None,
            renderer: crate::ui::renderer::in_use(),
            screen_changes: 0,
            unsaved: Vec::new(),
            writer: saving::Writer::default(),
            saving: false,
            save_problem: None,
            closing: false,
            loading: false,
            practise_when_ready: None,
        }
    }

    /// The app over `data_dir` playing through `sound`, an output already opened (no MIDI
    /// keyboard): what the tests use to hear the window.
    pub fn with_sound(data_dir: PathBuf, sound: AudioOutput) -> App {
        let mut app = App::new(data_dir);
        app.sound = sound;
        app
    }

    /// The app with its devices: sound output, and the remembered (or only) MIDI keyboard,
    /// whose events come back as [`Message::Midi`]; practising `lesson` when one is given.
    /// The first frame comes at once, saying what is being read; everything slow (the journal
    /// checked, every lesson parsed, the SoundFont) is read on a thread of its own.
    fn boot(lesson: Option<LoadedLesson>) -> (App, Task<Message>) {
        let (mut app, task) = App::booting(store::data_dir(), lesson);
        app.with_devices = true;
        (app, task)
    }

    /// The screen showing.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// Today as last computed.
    pub fn day(&self) -> Option<&Day> {
        self.day.as_ref()
    }

    /// The settings in use.
    pub fn settings(&self) -> &settings::Settings {
        &self.context.settings
    }

    /// The journal file the settings name.
    fn journal_path(&self) -> PathBuf {
        self.context.journal_file()
    }

    /// The labels of the lessons the Lessons screen lists, in its order (none on another
    /// screen).
    pub fn lessons_listed(&self) -> Vec<String> {
        let Screen::Lessons(list) = &self.screen else {
            return Vec::new();
        };
        lessons::listed(&list.shown(&self.context.library, &self.passed, &self.bests))
            .into_iter()
            .map(|entry| entry.label)
            .collect()
    }

    /// The lessons: the curriculum and the user's, with the files that did not load.
    pub fn library(&self) -> &Library {
        &self.context.library
    }

    /// Re-reads the day, the lessons passed and the bests from the journal.
    fn refresh(&mut self) {
        self.refresh_for(self.showing());
    }

    /// Re-reads the day, the lessons passed and the bests from the journal for `page`: the
    /// drill Today offers (reading the last runs of every lesson) only when it is Today.
    fn refresh_for(&mut self, page: Option<Page>) {
        let Ok(journal) = &mut self.journal else {
            return;
        };
        self.today = TimeZone::system().to_datetime(Timestamp::now()).date();
        self.day = overview::day(
            journal,
            &self.context.library,
            self.today,
            self.context.settings.streak_rule(),
            overview::DayParts {
                propose: true,
                drill: page == Some(Page::Today),
            },
        )
        .ok();
        self.passed = self
            .day
            .as_ref()
            .map(|day| day.passes.clone())
            .unwrap_or_default();
        self.bests = journal
            .bests()
            .unwrap_or_default()
            .into_iter()
            .map(|best| (best.lesson.clone(), best))
            .collect();
        let (held, ladder, passing) = match &self.screen {
            Screen::Practice(practice) => {
                let id = practice.lesson().lesson.id.as_str();
                (
                    self.bests_of(id),
                    self.ladder_of(practice.lesson()),
                    self.passed.of(id),
                )
            }
            _ => (Bests::default(), None, crate::progress::Passing::NotYet),
        };
        match &mut self.screen {
            Screen::Today(today) => today.day_changed(),
            Screen::Practice(practice) => {
                practice.journal_read(held);
                practice.passing_read(passing);
                if let Some(ladder) = ladder {
                    practice.ladder_read(ladder);
                }
            }
            _ => {}
        }
    }

    /// The tempo ladder of `lesson`, as the journal has it (none when the journal cannot be
    /// read: the lesson's own tempo then).
    fn ladder_of(&self, lesson: &LoadedLesson) -> Option<crate::progress::Ladder> {
        // A drill is slowed already: it is played at its own tempo.
        if crate::lesson::drill::parts_of(lesson.lesson.id.as_str()).is_some() {
            return None;
        }
        let journal = self.journal.as_ref().ok()?;
        overview::ladder(journal, lesson).ok()
    }

    /// A lesson's bests as the journal held them at the last reading.
    fn bests_of(&self, id: &str) -> Bests {
        self.bests
            .get(id)
            .map_or_else(Bests::default, |best| Bests {
                score: Some(best.best_score),
                evenness: best.best_evenness,
                tempo_passed: best.highest_tempo_passed,
            })
    }

    fn go(&mut self, page: Page) {
        // Nothing to show before the journal and lessons are read; and the screen showing
        // keeps its state when asked for again.
        if self.loading || self.showing() == Some(page) {
            return;
        }
        self.stop_run();
        self.refresh_for(Some(page));
        let screen = match page {
            Page::Today => {
                let today = self.kept_today.take().unwrap_or_default();
                // The day may have changed while another screen showed.
                today.day_changed();
                Screen::Today(today)
            }
            Page::Lessons => Screen::Lessons(self.kept_lessons.take().unwrap_or_else(|| {
                lessons::Lessons::with_scale(self.context.settings.last_scale.clone())
            })),
            // The lesson charted last stays charted (kept by `show` when Progress was left).
            Page::Progress => Screen::Progress(Box::new(progress::Progress::load(
                self.journal.as_ref().map_err(String::as_str),
                &self.context.library,
                self.today,
                self.context.settings.streak_rule(),
                self.charted.clone(),
            ))),
            Page::Journal => {
                Screen::Journal(journal_screen::Sessions::load(self.journal.as_ref().ok()))
            }
            Page::Settings => {
                Screen::Settings(settings_screen::Preferences::new(&self.context.settings))
            }
        };
        self.show(screen);
    }

    fn open(&mut self, id: &str, now: Instant) {
        // A piece's section opens with its bars, hands and tempo to choose.
        if let Some((fingerprint, section)) = crate::lesson::piece::Section::from_id(id)
            && let Some(kept) = self.context.library.piece(fingerprint)
        {
            let piece = std::sync::Arc::new(kept.piece.clone());
            self.open_section(practice::PieceSection::on(piece, section), now);
            return;
        }
        if let Some(lesson) = self.context.library.find(id) {
            self.open_lesson(lesson.into_owned(), now);
        }
    }

    /// Opens the Practice screen on `lesson`: a wait-mode run is ready at once, a tempo-mode
    /// one waits for the player to ask for the count-in.
    fn open_lesson(&mut self, lesson: LoadedLesson, now: Instant) {
        let best = self.bests_of(lesson.lesson.id.as_str());
        let next = self.lesson_after(lesson.lesson.id.as_str());
        let ladder = self.ladder_of(&lesson);
        // A lesson passed in wait mode, then in tempo mode, opens in the mode still to pass.
        let passing = self.passed.of(lesson.lesson.id.as_str());
        let practice =
            practice::Practice::new(lesson, best, self.context.settings.keyboard_keys, now)
                .with_next(next)
                .with_ladder(ladder, now)
                .on_course(passing, now);
        // A wait-mode run begins at once; a tempo-mode one waits for the player to start it.
        self.stop_run();
        self.show(Screen::Practice(Box::new(practice)));
    }

    /// Whether the keys show the computer keyboard's letters: as the player chose, else while
    /// no MIDI keyboard is connected.
    pub fn letters_shown(&self) -> bool {
        self.context
            .settings
            .computer_letters
            .unwrap_or(self.listening.is_none())
    }

    /// The lesson after `id` in the order the Lessons screen lists them (the course, then the
    /// player's own): its id and title.
    fn lesson_after(&self, id: &str) -> Option<(String, String)> {
        let order = self.context.library.in_course_order();
        let at = order.iter().position(|(_, l)| l.lesson.id.as_str() == id)?;
        order
            .get(at + 1)
            .map(|(_, l)| (l.lesson.id.to_string(), l.lesson.title.clone()))
    }

    /// Begins a run of `plan` on the Practice screen (counted in by the metronome in tempo
    /// mode, which then keeps clicking).
    fn begin_run(&mut self, plan: Plan, now: Instant) {
        self.sound.commands.send(AudioCommand::StopMetronome);
        self.sound_breaks_since();
        if let Screen::Practice(practice) = &mut self.screen {
            practice.begin(practising::begin(
                plan,
                &self.sound,
                now,
                self.context.settings.round_trip(),
            ));
            // Tempo mode: a piece's other hand keeps the run's time from its first beat.
            if let Some(other) = practice.other_hand_in_time() {
                let schedule = demo::schedule_timed(&other, self.sound.clock.sample_rate());
                let heard_at = practice.run().started();
                self.playback =
                    Playback::start_heard_at(&self.sound, schedule, heard_at).map(|p| (p, None));
            }
        }
    }

    /// Silences the metronome, any demo and the other hand's notes still to come.
    fn stop_run(&mut self) {
        self.sound.commands.send(AudioCommand::StopMetronome);
        self.sound.commands.send(AudioCommand::StopScheduled);
        self.playback = None;
    }

    /// Handles a message now.
    pub fn update(&mut self, message: Message) -> Task<Message> {
        self.update_at(message, Instant::now())
    }

    /// Handles a message at `now` (tests pass their own instants).
    pub fn update_at(&mut self, message: Message, now: Instant) -> Task<Message> {
        match message {
            Message::Go(page) => self.go(page),
            Message::Today(message) => return self.today(message, now),
            Message::Lessons(message) => return self.lessons(message, now),
            Message::Practice(message) => {
                if let practice::Message::Clicked(note, down) = message {
                    self.sound(if down {
                        EventKind::NoteOn { note, velocity: 80 }
                    } else {
                        EventKind::NoteOff { note }
                    });
                }
                return self.practice(message, now);
            }
            Message::Progress(message) => return self.progress(message),
            Message::Journal(message) => return self.journal_screen(message),
            Message::Settings(message) => return self.settings_screen(message),
            Message::Keyboard(event) => return self.key(event, now),
            Message::Midi(message) => return self.midi(message, now),
            Message::PortList(ports) => return self.port_list(ports),
            Message::Loaded(loaded) => return self.loaded(&loaded),
            Message::SoundLoaded(opening, font) => return self.sound_loaded(opening, &font),
            Message::SoundOpened(opening, sound) => return self.sound_opened(opening, &sound),
            Message::LibraryLoaded(library) => self.library_loaded(&library),
            Message::Saved(saved) => return self.saved(&saved),
            Message::SaveAgain => return self.save_waiting(),
            Message::Window(id, event) => return self.window_event(id, event),
            Message::Screen(id, screen) => return self.on_screen(id, screen),
            Message::CloseRequested => {
                self.keep_window_place();
                // Nothing waits: close. Else one more try (the writer closes the window when
                // it is done); what still cannot be saved is said before anything is lost.
                if self.unsaved.is_empty() && !self.saving {
                    return iced::exit();
                }
                self.closing = true;
                return self.save_waiting();
            }
            Message::CloseAnyway => return iced::exit(),
            Message::Tick => self.tick(now),
            Message::PieceChosen(file) => return self.piece_chosen(file),
            Message::PieceKept(kept) => self.piece_kept(&kept, now),
        }
        Task::none()
    }

    /// Shows `screen` (the whole window is drawn anew).
    fn show(&mut self, screen: Screen) {
        self.sound_breaks_since();
        match std::mem::replace(&mut self.screen, screen) {
            Screen::Progress(progress) => self.charted = progress.lesson().cloned(),
            Screen::Today(today) => self.kept_today = Some(today),
            Screen::Lessons(list) => self.kept_lessons = Some(list),
            Screen::Practice(mut left) => {
                // Computer keys still down would sound on: their notes stop.
                for note in left.computer_keyboard().release_all() {
                    self.sound(EventKind::NoteOff { note });
                }
            }
            Screen::Journal(_) | Screen::Settings(_) => {}
        }
        self.repaint();
    }

    /// The page of the bar showing (none while practising).
    pub(super) fn showing(&self) -> Option<Page> {
        match self.screen {
            Screen::Today(_) => Some(Page::Today),
            Screen::Lessons(_) => Some(Page::Lessons),
            Screen::Progress(_) => Some(Page::Progress),
            Screen::Journal(_) => Some(Page::Journal),
            Screen::Settings(_) => Some(Page::Settings),
            Screen::Practice(_) => None,
        }
    }

    /// Has the whole window drawn anew on the next frame (see `screen_changes`).
    fn repaint(&mut self) {
        self.screen_changes = self.screen_changes.wrapping_add(1);
    }
}
