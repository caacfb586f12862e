//! Practice: the keyboard with the next step's keys and fingers, the keys held now, right and
//! wrong marked; feedback as you play; the report after each run.

use std::time::Instant;

use iced::Task;
use iced::widget::canvas;

use crate::audio::output::SoundBreaks;
use crate::engine::accompany::Accompaniment;
use crate::engine::said::{note_names, said};
use crate::engine::{EventKind, Happening, Micros, NoteEvent, NoteSet, Plan, Report, Run};
use crate::engrave::{Engraving, MusicFont};
use crate::lesson::{LoadedLesson, Mode};
use crate::midi::qwerty::QwertyKeyboard;
use crate::notation::{self, Played};
use crate::progress::bests::{Bests, set_by};
use crate::progress::{Ladder, Passing};
use crate::theory::Note;
use crate::theory::keyboard::KeyboardLayout;
use crate::ui::widget::falling::FallingNote;
use marks::falling_notes;

mod demo;
mod marks;
mod piece;
mod section;
mod tempo;
mod view;

use demo::Demo;
pub use section::{PieceSection, SectionMessage};

/// What happens on the practice screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A key or the pedal, from the MIDI keyboard or the computer keyboard.
    Input(EventKind),
    /// A key on the screen clicked (down) or let go.
    Clicked(Note, bool),
    /// Start the lesson again (in tempo mode: count in now).
    Restart,
    /// Switch between wait and tempo mode (a tempo-mode run waits for the player to start).
    ToggleMode,
    /// Change the tempo by this many bpm (the run waits for the player to start).
    ChangeTempo(i16),
    /// Play the lesson to me.
    Listen,
    /// Stop playing the lesson to me.
    StopListening,
    /// Show (true) or hide the computer keyboard's letters on the keys.
    LettersShown(bool),
    /// How I feel after playing, 1–10.
    MoodAfter(u8),
    /// The note about this session, being typed.
    NoteEdited(String),
    /// Keep the note.
    NoteSaved,
    /// Back to where we came from (while the lesson is played to me: stop that first).
    Stop,
    /// Go on: to tempo mode after the notes of a lesson passed in wait mode, then in tempo mode
    /// were passed; else to the lesson after this one.
    NextLesson,
    /// Time passes (the count-in, the beat, late steps, the lesson played to me).
    Tick,
    /// A piece's section: hands, bars, tempo, loop, the other hand.
    Section(SectionMessage),
}

/// What the practice screen asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A run finished: keep it in the journal.
    Finished {
        /// The report.
        report: Box<Report>,
        /// What was played, in run time.
        events: Vec<NoteEvent>,
        /// When the run began.
        started: Instant,
    },
    /// Begin a run of this plan (in tempo mode the app counts a bar in with the metronome),
    /// then hand it to [`Practice::begin`].
    Begin(Box<Plan>),
    /// Silence the metronome and any demo: the run waits for the player.
    Silence,
    /// Play the lesson, as planned now, as a demo, then tell [`Practice::demo_started`].
    Listen(Box<Plan>),
    /// Keep the mood after playing and the note with this session in the journal.
    Journal {
        /// Mood after playing.
        mood_after: Option<u8>,
        /// The note.
        note: Option<String>,
    },
    /// The player showed (true) or hid the computer keyboard's letters: remember it.
    LettersShown(bool),
    /// Leave the screen.
    Stop,
    /// Open this lesson (the one after, once this one is passed).
    Open(String),
    /// Practise this section of the piece instead (its hand or bars changed).
    Section(Box<PieceSection>),
}

/// The slowest and fastest tempo the tempo control offers.
const TEMPO_RANGE: std::ops::RangeInclusive<u16> = 20..=300;

/// Beats in a bar, as the count-in and the beat marker show them: the count-in's bar.
const BEATS_PER_BAR: usize = crate::engine::COUNT_IN_BEATS;

/// A lesson being practised.
pub struct Practice {
    lesson: LoadedLesson,
    mode: Mode,
    tempo_bpm: u16,
    run: Run,
    /// Tempo mode: the run waits for the player (Enter or a key) to be counted in.
    waiting: bool,
    /// The count-in's beats heard by the last tick, and how many there are.
    count_in: Option<(usize, usize)>,
    /// Tempo mode, once the run has begun: the beat of the bar at the last tick, and whether
    /// it was struck just now (the marker pulses).
    beat: Option<(usize, bool)>,
    /// The lesson being played to the player; the run waits meanwhile.
    demo: Option<Demo>,
    /// Keys down now, judged or not (between runs too).
    down: NoteSet,
    /// The computer keyboard as a piano, in the octave that fits this lesson.
    qwerty: QwertyKeyboard,
    /// The run's last word on what was played.
    feedback: String,
    /// The keys the lesson needs (the same for every run of it), and where they are kept drawn.
    layout: KeyboardLayout,
    keys_drawn: canvas::Cache,
    /// The lesson engraved (none if the music font could not be read: the keyboard still
    /// teaches), its key signature, and where the staff is kept drawn.
    engraving: Option<Engraving>,
    key_signature: i8,
    staff_drawn: canvas::Cache,
    /// The lesson's notes on the falling-notes timeline.
    falling: Vec<FallingNote>,
    /// The run's playing as drawn on the music.
    played: Played,
    /// Tempo mode, while counted in or running: the playhead, in beats from the first step
    /// (negative during the count-in).
    playhead: Option<f64>,
    /// The lesson's bests before the run being played (as the journal held them).
    bests: Bests,
    /// The bests the last run set, once the journal was read after it.
    claims: Option<Vec<String>>,
    /// How the sound broke off during the last run, and whether a MIDI keyboard was heard
    /// (through a JACK server, its keys played in the periods left out were lost).
    sound_breaks: Option<(SoundBreaks, bool)>,
    mood_after: Option<u8>,
    note: String,
    note_saved: bool,
    /// The lesson after this one in the course (or the list): id and title.
    next: Option<(String, String)>,
    /// A piece: the section practised and how, and the numbers of the bars its staff draws.
    section: Option<PieceSection>,
    section_bars: Vec<u32>,
    /// The other hand, when Etude plays it.
    other_hand: Option<Accompaniment>,
    /// Wait mode: the other hand's notes due, in µs from now, for the app to sound.
    other_hand_due: Vec<(Micros, EventKind)>,
    /// A loop goes on: the app begins the next run once the last is kept.
    loop_again: bool,
    /// The lesson's tempo ladder: the tempo tempo-mode runs are played at.
    ladder: Option<Ladder>,
    /// The player set the tempo by hand: the ladder does not move it.
    tempo_set: bool,
    /// How far the course counts the lesson passed, as the journal last said.
    passing: Passing,
}

impl Practice {
    /// Opens `lesson`; in wait mode the run starts at `now`, in tempo mode it waits for the
    /// player to ask for the count-in. `bests` are the lesson's bests so far, `keys` the
    /// keyboard size setting.
    pub fn new(lesson: LoadedLesson, bests: Bests, keys: Option<u8>, now: Instant) -> Practice {
        let mode = lesson.lesson.mode;
        let tempo_bpm = lesson.lesson.tempo.get();
        let plan = Plan::new(&lesson, Some(mode), Some(tempo_bpm));
        let notes = || {
            plan.targets
                .iter()
                .flat_map(|t| t.step.notes.iter().copied())
        };
        let layout = KeyboardLayout::around(notes(), keys);
        let qwerty = QwertyKeyboard::fitting(notes());
        let sheet = notation::engrave(&lesson);
        let engraving = match MusicFont::get() {
            Ok(font) => Some(Engraving::new(&sheet, font)),
            Err(error) => {
                tracing::warn!("{error}");
                None
            }
        };
        let falling = falling_notes(&plan, &sheet);
        let played = Played::new(plan.targets.len(), sheet.key_signature);
        let mut practice = Practice {
            run: Run::new(plan, now, Vec::new()),
            waiting: false,
            layout,
            keys_drawn: canvas::Cache::new(),
            engraving,
            key_signature: sheet.key_signature,
            staff_drawn: canvas::Cache::new(),
            falling,
            played,
            playhead: None,
            lesson,
            mode,
            tempo_bpm,
            count_in: None,
            beat: None,
            demo: None,
            down: NoteSet::default(),
            qwerty,
            feedback: String::new(),
            bests,
            claims: None,
            sound_breaks: None,
            mood_after: None,
            note: String::new(),
            note_saved: false,
            next: None,
            section: None,
            section_bars: Vec::new(),
            other_hand: None,
            other_hand_due: Vec::new(),
            loop_again: false,
            ladder: None,
            tempo_set: false,
            passing: Passing::NotYet,
        };
        if mode == Mode::Tempo {
            practice.wait_for_player(now);
        }
        practice
    }

    /// The lesson.
    pub fn lesson(&self) -> &LoadedLesson {
        &self.lesson
    }

    /// Wait or tempo.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The tempo runs are timed at.
    pub fn tempo_bpm(&self) -> u16 {
        self.tempo_bpm
    }

    /// Whether time matters now: a tempo-mode run going or being counted in (not paused), or
    /// the lesson being played to the player.
    pub fn needs_ticks(&self) -> bool {
        self.run.needs_ticks() || self.demo.is_some()
    }

    /// Whether a tempo-mode run waits for the player to ask for the count-in.
    pub fn is_waiting(&self) -> bool {
        self.waiting
    }

    /// Whether the lesson is being played to the player.
    pub fn is_listening(&self) -> bool {
        self.demo.is_some()
    }

    /// The run being played (or the last one, finished).
    pub fn run(&self) -> &Run {
        &self.run
    }

    /// The report of the last run, once finished.
    pub fn report(&self) -> Option<&Report> {
        self.run.report()
    }

    /// The computer keyboard as a piano for this lesson.
    pub fn computer_keyboard(&mut self) -> &mut QwertyKeyboard {
        &mut self.qwerty
    }

    /// The journal was read (after a run was kept, or anything else): the bests the finished
    /// run set are said, each only if the journal `held` it; the next run is measured against
    /// what it holds now.
    pub fn journal_read(&mut self, held: Bests) {
        if let Some(report) = self.run.report()
            && self.claims.is_none()
        {
            let set = set_by(report, &self.bests, &held);
            self.claims = Some(set.iter().map(ToString::to_string).collect());
        }
        self.bests = held;
    }

    /// The bests the last run set, as said under its report (none before the journal is read).
    pub fn claims(&self) -> &[String] {
        self.claims.as_deref().unwrap_or_default()
    }

    /// The sound broke off during the run just finished (a machine too busy): the report
    /// says how, and, when a JACK server left Etude out with a MIDI keyboard heard through
    /// it, that keys played on it then never reached Etude.
    pub fn sound_broke_off(&mut self, breaks: SoundBreaks, midi_keyboard: bool) {
        self.sound_breaks = Some((breaks, midi_keyboard));
    }

    /// Names the lesson after this one, offered once this one is passed.
    pub fn with_next(mut self, next: Option<(String, String)>) -> Practice {
        self.next = next;
        self
    }

    /// The lesson as it is planned now: its steps at the mode and tempo chosen.
    pub fn plan(&self) -> Plan {
        Plan::new(&self.lesson, Some(self.mode), Some(self.tempo_bpm))
    }

    /// The run to play now (begun by the app, counted in in tempo mode).
    pub fn begin(&mut self, run: Run) {
        let beats = run.count_in_beats().len();
        self.count_in = (beats > 0).then_some((0, beats));
        self.played = Played::new(run.plan().targets.len(), self.key_signature);
        self.playhead = None;
        self.staff_drawn.clear();
        self.run = run;
        self.waiting = false;
        self.demo = None;
        self.beat = None;
        self.claims = None;
        self.sound_breaks = None;
        self.feedback.clear();
        self.other_hand_due.clear();
        if let Some(other) = &mut self.other_hand {
            other.rewind();
            if self.mode == Mode::Wait {
                // What the other hand plays before the player's first step sounds at once.
                let first = self.run.plan().targets.first().map(|t| t.step.beat);
                self.other_hand_due =
                    other.release(0.0, Some(first.unwrap_or(0.0)), self.run.plan().beat_us());
            }
        }
    }

    /// A fresh run that waits, its time standing still: in tempo mode until the player asks
    /// for the count-in; in wait mode it simply waits for the first key.
    fn wait_for_player(&mut self, now: Instant) {
        self.begin(Run::new(self.plan(), now, Vec::new()));
        if self.mode == Mode::Tempo {
            self.run.hold(now);
            self.waiting = true;
        }
    }

    /// The app started the lesson played to the player: heard from `at`; `silent` says why
    /// nothing is heard, when there is no sound (the keys still light in time).
    pub fn demo_started(&mut self, at: Instant, silent: Option<String>) {
        if let Some(demo) = &mut self.demo {
            demo.started(at, silent);
        }
    }

    /// The keyboard `port` went away: the run's time stops until [`Practice::resume`].
    pub fn pause(&mut self, at: Instant, port: &str) {
        if let Some(paused) = self.run.pause(at, port) {
            self.feedback = said(self.run.plan(), &paused);
        }
    }

    /// The keyboard `port` is back: time runs on from `at` (a run held, waiting for the player
    /// to ask for the count-in or while the lesson is played to them, stays held).
    pub fn resume(&mut self, at: Instant, port: &str) {
        let resumed = self.run.resume(at, port);
        if let Some(back) = resumed.first() {
            self.feedback = said(self.run.plan(), back);
        }
    }

    /// Whether the run is paused.
    pub fn is_paused(&self) -> bool {
        self.run.is_paused()
    }

    /// The keys down now, as the keyboard shows them (a key let go after the run ended is up).
    pub fn keys_down(&self) -> NoteSet {
        self.down
    }

    /// A new run is asked of the app, which begins it (with a count-in in tempo mode).
    fn begin_action(&self) -> Option<Action> {
        Some(Action::Begin(Box::new(self.plan())))
    }

    /// Handles a message at `now`.
    pub fn update(&mut self, message: Message, now: Instant) -> (Task<Message>, Option<Action>) {
        (Task::none(), self.act(message, now))
    }

    fn act(&mut self, message: Message, now: Instant) -> Option<Action> {
        let kind = match message {
            Message::Input(kind) => kind,
            Message::Clicked(note, true) => EventKind::NoteOn { note, velocity: 80 },
            Message::Clicked(note, false) => EventKind::NoteOff { note },
            Message::Restart => {
                return self.begin_action();
            }
            Message::ToggleMode => {
                self.mode = match self.mode {
                    Mode::Wait => Mode::Tempo,
                    Mode::Tempo => Mode::Wait,
                };
                self.tempo_bpm = self.tempo_for_mode();
                self.wait_for_player(now);
                return Some(Action::Silence);
            }
            Message::ChangeTempo(by) => {
                let tempo = (i32::from(self.tempo_bpm) + i32::from(by)).clamp(
                    i32::from(*TEMPO_RANGE.start()),
                    i32::from(*TEMPO_RANGE.end()),
                );
                self.tempo_bpm = u16::try_from(tempo).unwrap_or(self.tempo_bpm);
                self.tempo_set = true;
                self.wait_for_player(now);
                return Some(Action::Silence);
            }
            Message::Listen => {
                // The run waits while the lesson plays, and a fresh one after it.
                self.wait_for_player(now);
                self.demo = Some(Demo::new(self.plan()));
                return Some(Action::Listen(Box::new(self.plan())));
            }
            Message::StopListening => {
                self.wait_for_player(now);
                return Some(Action::Silence);
            }
            Message::Stop if self.demo.is_some() => {
                self.wait_for_player(now);
                return Some(Action::Silence);
            }
            Message::LettersShown(shown) => return Some(Action::LettersShown(shown)),
            Message::MoodAfter(mood) => {
                self.mood_after = Some(mood);
                return Some(Action::Journal {
                    mood_after: Some(mood),
                    note: None,
                });
            }
            Message::NoteEdited(note) => {
                self.note = note;
                self.note_saved = false;
                return None;
            }
            Message::NoteSaved => {
                let note = self.note.trim();
                if note.is_empty() {
                    return None;
                }
                self.note_saved = true;
                return Some(Action::Journal {
                    mood_after: None,
                    note: Some(note.to_owned()),
                });
            }
            Message::Stop => return Some(Action::Stop),
            Message::NextLesson => {
                if self.now_in_time().is_some() {
                    // In time at the ladder's rung, whatever tempo was set by hand before.
                    self.tempo_set = false;
                    return self.act(Message::ToggleMode, now);
                }
                return self.next_to_offer().map(|(id, _)| Action::Open(id.clone()));
            }
            Message::Tick => return self.tick(now),
            Message::Section(message) => return self.change_section(message, now),
        };
        match kind {
            EventKind::NoteOn { note, .. } => self.down.insert(note),
            EventKind::NoteOff { note } => self.down.0 &= !NoteSet::of([note]).0,
            EventKind::Pedal { .. } => {}
        }
        if self.demo.is_some() {
            // Playing along with the lesson played to you is heard, not judged.
            return None;
        }
        if self.waiting && matches!(kind, EventKind::NoteOn { .. }) {
            // The first key asks for the count-in; it is heard, not judged.
            return self.begin_action();
        }
        let happened = self.run.input(kind, now);
        self.present(happened)
    }

    /// Time passes: the lesson played to the player lights its keys; the count-in and the beat
    /// move on; in tempo mode steps whose time ran out are missed.
    fn tick(&mut self, now: Instant) -> Option<Action> {
        let demo_step = self.demo.as_ref().and_then(Demo::step);
        if let Some(demo) = &mut self.demo
            && demo.tick(now)
        {
            // Played out: a fresh run waits for the player.
            self.wait_for_player(now);
        }
        if let Some(count_in) = self.run.count_in(now) {
            self.count_in = Some(count_in);
        }
        if self.demo.as_ref().and_then(Demo::step) != demo_step {
            // The step lit on the staff follows the lesson played to the player.
            self.staff_drawn.clear();
        }
        let happened = self.run.tick(now);
        self.move_playhead(now);
        self.beat = (self.mode == Mode::Tempo && self.run.has_begun() && !self.run.is_finished())
            .then(|| {
                let beats = self.run.time_at(now) as f64 / self.run.plan().beat_us();
                let beat = beats.floor().max(0.0);
                (beat as usize % BEATS_PER_BAR, beats - beat < 0.3)
            });
        self.present(happened)
    }

    /// Tempo mode: the playhead follows the run's clock from the count-in to the end (the
    /// staff turns its own pages).
    fn move_playhead(&mut self, now: Instant) {
        let counting_in = self.count_in.is_some_and(|(heard, all)| heard < all);
        let moving = self.mode == Mode::Tempo
            && !self.waiting
            && self.demo.is_none()
            && !self.run.is_finished()
            && (self.run.has_begun() || counting_in);
        self.playhead = moving.then(|| self.run.time_at(now) as f64 / self.run.plan().beat_us());
    }

    /// The run's playing as drawn on the music.
    pub fn played(&self) -> &Played {
        &self.played
    }

    /// Tempo mode: where the playhead is, in beats from the first step.
    pub fn playhead(&self) -> Option<f64> {
        self.playhead
    }

    /// Shows the run's last word on what was played; a finished run is handed to the app.
    fn present(&mut self, happened: Vec<Happening>) -> Option<Action> {
        let mut finished = false;
        if !happened.is_empty() {
            self.staff_drawn.clear();
        }
        for happening in &happened {
            self.played.hear(happening);
        }
        self.release_other_hand(&happened);
        for happening in happened {
            match happening {
                // The screen shows the count-in, the step to play and the report itself.
                Happening::CountIn(_) | Happening::Go | Happening::Next(_) => {}
                Happening::Finished => finished = true,
                other => self.feedback = said(self.run.plan(), &other),
            }
        }
        let report = self.run.report().filter(|_| finished)?;
        if let Some(section) = &mut self.section
            && self.run.is_attempt()
        {
            self.loop_again = section.finished_run(report.is_clean());
        }
        // The report's word on every step is final.
        self.played = Played::from_report(report, self.key_signature);
        self.playhead = None;
        if !self.run.is_attempt() {
            // Nothing was played: not an attempt, neither kept nor counted; the metronome
            // stops all the same.
            return Some(Action::Silence);
        }
        Some(Action::Finished {
            report: Box::new(report.clone()),
            events: self.run.events().to_vec(),
            started: self.run.started(),
        })
    }

    fn names(&self, step: usize) -> String {
        note_names(self.run.plan(), step)
    }
}
