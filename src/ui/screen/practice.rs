//! Practice: the keyboard with the next step's keys and fingers, the keys held now, right and
//! wrong marked; feedback as you play; the report after each run.

use std::time::Instant;

use iced::widget::{button, canvas, column, container, row, scrollable, text, text_input};
use iced::{Fill, Length, Task};

use crate::engine::said::{note_names, said};
use crate::engine::words::report_words;
use crate::engine::{EventKind, Happening, NoteEvent, NoteSet, Plan, Report, Run, report::Outcome};
use crate::lesson::{LoadedLesson, Mode};
use crate::progress::bests::{Bests, set_by};
use crate::theory::Note;
use crate::theory::keyboard::KeyboardLayout;
use crate::ui::widget::{KeyMark, Keyboard};
use crate::ui::{Element, style};

/// What happens on the practice screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A key or the pedal, from the MIDI keyboard or the computer keyboard.
    Input(EventKind),
    /// A key on the screen clicked (down) or let go.
    Clicked(Note, bool),
    /// Start the lesson again.
    Restart,
    /// Switch between wait and tempo mode (restarts).
    ToggleMode,
    /// Change the tempo by this many bpm (restarts).
    ChangeTempo(i16),
    /// Play the lesson to me.
    Listen,
    /// How I feel after playing, 1–10.
    MoodAfter(u8),
    /// The note about this session, being typed.
    NoteEdited(String),
    /// Keep the note.
    NoteSaved,
    /// Back to where we came from.
    Stop,
    /// Go on to the lesson after this one.
    NextLesson,
    /// Time passes (tempo mode closes late steps).
    Tick,
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
    /// Play the lesson, as planned now, as a demo.
    Listen(Box<Plan>),
    /// Keep the mood after playing and the note with this session in the journal.
    Journal {
        /// Mood after playing.
        mood_after: Option<u8>,
        /// The note.
        note: Option<String>,
    },
    /// Leave the screen.
    Stop,
    /// Open this lesson (the one after, once this one is passed).
    Open(String),
}

/// The slowest and fastest tempo the tempo control offers.
const TEMPO_RANGE: std::ops::RangeInclusive<u16> = 20..=300;

/// A lesson being practised.
pub struct Practice {
    lesson: LoadedLesson,
    mode: Mode,
    tempo_bpm: u16,
    run: Run,
    /// The count-in's beats heard by the last tick, and how many there are.
    count_in: Option<(usize, usize)>,
    /// The lesson is being played to the player (a demo); the run waits for Restart.
    listening: bool,
    /// Keys down now, judged or not (between runs too).
    down: NoteSet,
    /// The run's last word on what was played.
    feedback: String,
    /// The keys the lesson needs (the same for every run of it), and where they are kept drawn.
    layout: KeyboardLayout,
    keys_drawn: canvas::Cache,
    /// The lesson's bests before the run being played (as the journal held them).
    bests: Bests,
    /// The bests the last run set, once the journal was read after it.
    claims: Option<Vec<String>>,
    mood_after: Option<u8>,
    note: String,
    note_saved: bool,
    /// The lesson after this one in the course (or the list): id and title.
    next: Option<(String, String)>,
}

impl Practice {
    /// Opens `lesson`; in wait mode the run starts at `now`, in tempo mode it waits for
    /// [`Practice::begin`]. `bests` are the lesson's bests so far, `keys` the keyboard size
    /// setting.
    pub fn new(lesson: LoadedLesson, bests: Bests, keys: Option<u8>, now: Instant) -> Practice {
        let mode = lesson.lesson.mode;
        let tempo_bpm = lesson.lesson.tempo.get();
        let plan = Plan::new(&lesson, Some(mode), Some(tempo_bpm));
        let layout = KeyboardLayout::around(
            plan.targets
                .iter()
                .flat_map(|t| t.step.notes.iter().copied()),
            keys,
        );
        Practice {
            run: Run::new(plan, now, Vec::new()),
            layout,
            keys_drawn: canvas::Cache::new(),
            lesson,
            mode,
            tempo_bpm,
            count_in: None,
            listening: false,
            down: NoteSet::default(),
            feedback: String::new(),
            bests,
            claims: None,
            mood_after: None,
            note: String::new(),
            note_saved: false,
            next: None,
        }
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

    /// Whether time matters now: a tempo-mode run going or being counted in (not paused).
    pub fn needs_ticks(&self) -> bool {
        self.run.needs_ticks()
    }

    /// The run being played (or the last one, finished).
    pub fn run(&self) -> &Run {
        &self.run
    }

    /// The report of the last run, once finished.
    pub fn report(&self) -> Option<&Report> {
        self.run.report()
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
        self.run = run;
        self.listening = false;
        self.claims = None;
        self.feedback.clear();
    }

    /// The keyboard `port` went away: the run's time stops until [`Practice::resume`].
    pub fn pause(&mut self, at: Instant, port: &str) {
        if let Some(paused) = self.run.pause(at, port) {
            self.feedback = said(self.run.plan(), &paused);
        }
    }

    /// The keyboard `port` is back: time runs on from `at` (a run held while the lesson is
    /// played to the player waits for Restart).
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
                return self.begin_action();
            }
            Message::ChangeTempo(by) => {
                let tempo = (i32::from(self.tempo_bpm) + i32::from(by)).clamp(
                    i32::from(*TEMPO_RANGE.start()),
                    i32::from(*TEMPO_RANGE.end()),
                );
                self.tempo_bpm = u16::try_from(tempo).unwrap_or(self.tempo_bpm);
                return self.begin_action();
            }
            Message::Listen => {
                // A fresh run waits while the lesson plays: in tempo mode its time stands still
                // until Restart.
                self.begin(Run::new(self.plan(), now, Vec::new()));
                self.listening = true;
                if self.mode == Mode::Tempo {
                    self.run.hold(now);
                }
                return Some(Action::Listen(Box::new(self.plan())));
            }
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
                let passed = self.run.report().is_some_and(|r| r.passed);
                return self
                    .next
                    .as_ref()
                    .filter(|_| passed)
                    .map(|(id, _)| Action::Open(id.clone()));
            }
            Message::Tick => {
                if let Some(count_in) = self.run.count_in(now) {
                    self.count_in = Some(count_in);
                }
                let happened = self.run.tick(now);
                return self.present(happened);
            }
        };
        match kind {
            EventKind::NoteOn { note, .. } => self.down.insert(note),
            EventKind::NoteOff { note } => self.down.0 &= !NoteSet::of([note]).0,
            EventKind::Pedal { .. } => {}
        }
        let happened = self.run.input(kind, now);
        self.present(happened)
    }

    /// Shows the run's last word on what was played; a finished run is handed to the app.
    fn present(&mut self, happened: Vec<Happening>) -> Option<Action> {
        let mut finished = false;
        for happening in happened {
            match happening {
                // The screen shows the count-in, the step to play and the report itself.
                Happening::CountIn(_) | Happening::Go | Happening::Next(_) => {}
                Happening::Finished => finished = true,
                other => self.feedback = said(self.run.plan(), &other),
            }
        }
        let report = self.run.report().filter(|_| finished)?;
        if !self.run.is_attempt() {
            // Nothing was played: not an attempt, neither kept nor counted.
            return None;
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

    /// How each key is marked now: the next step's keys (with fingers); a key held is right
    /// when the step wants it, crossed only when it was judged wrong, else simply held (a right
    /// key of the step before, still down); after a run, the keys of the steps to work on.
    pub fn key_marks(&self) -> Vec<(Note, KeyMark)> {
        let plan = self.run.plan();
        let wrong = self.run.wrong_keys();
        let mut marks = Vec::new();
        if let Some(target) = plan
            .targets
            .get(self.run.current_step())
            .filter(|_| !self.run.is_finished())
        {
            for (note, finger) in target.step.notes.iter().zip(&target.step.fingers) {
                marks.push((*note, KeyMark::Next(finger.map(|f| f.get()))));
            }
            for held in self.down.notes() {
                let mark = if target.accepts(held) {
                    KeyMark::Right
                } else if wrong.contains(held) {
                    KeyMark::Wrong
                } else {
                    KeyMark::Held
                };
                marks.push((held, mark));
            }
        } else {
            marks.extend(self.down.notes().map(|n| (n, KeyMark::Held)));
        }
        if let Some(report) = self.run.report() {
            // After a run: the keys of the steps that were not right, to work on (not crossed:
            // they are what should have been played).
            for (step, target) in report.steps.iter().zip(&plan.targets) {
                if step.outcome != Outcome::Correct {
                    marks.extend(target.step.notes.iter().map(|n| (*n, KeyMark::Next(None))));
                }
            }
        }
        marks.extend(wrong.notes().map(|n| (n, KeyMark::Wrong)));
        marks
    }

    /// The screen.
    pub fn view(&self) -> Element<'_, Message> {
        let lesson = &self.lesson.lesson;
        let plan = self.run.plan();
        let mode = match self.mode {
            Mode::Wait => "Wait mode: each step waits for you",
            Mode::Tempo => "Tempo mode: play with the metronome",
        };
        let mut page = column![
            text(lesson.title.clone()).size(style::TITLE_SIZE),
            text(format!("{mode} · {} bpm", self.tempo_bpm)),
        ]
        .spacing(style::SPACING);
        let mut controls = row![
            button(text("Restart (Enter)")).on_press(Message::Restart),
            button(text("Listen")).on_press(Message::Listen),
            button(text(match self.mode {
                Mode::Wait => "Switch to tempo mode",
                Mode::Tempo => "Switch to wait mode",
            }))
            .on_press(Message::ToggleMode),
        ]
        .spacing(style::SPACING);
        if self.mode == Mode::Tempo {
            controls = controls.push(
                row![
                    button(text("− 4 bpm (↓)")).on_press(Message::ChangeTempo(-4)),
                    button(text("+ 4 bpm (↑)")).on_press(Message::ChangeTempo(4)),
                ]
                .spacing(6),
            );
        }
        controls = controls.push(button(text("Stop (Esc)")).on_press(Message::Stop));
        page = page.push(controls);
        if let Some(instructions) = &lesson.instructions {
            page = page.push(text(instructions.clone()));
        }
        let keyboard = canvas(
            Keyboard::new(&self.layout, self.key_marks(), Message::Clicked)
                .cached(&self.keys_drawn),
        )
        .width(Fill)
        .height(Length::Fixed(180.0));
        page = page.push(keyboard);
        page = page.push(self.steps_view());
        let total = plan.targets.len();
        match self.run.report() {
            None if self.listening => {
                page = page.push(
                    text("Listening to the lesson… Restart (Enter) when you are ready to play it.")
                        .size(22)
                        .color(style::NEXT),
                );
            }
            None if self.run.is_paused() => {
                page = page.push(text(self.feedback.clone()).size(22).color(style::WRONG));
            }
            None if self.count_in.is_some_and(|(heard, all)| heard < all) => {
                let heard = self.count_in.map_or(0, |(heard, _)| heard);
                let counted: Vec<String> = (1..=heard).map(|b| b.to_string()).collect();
                page = page.push(
                    text(format!("Listen to the count-in…  {}", counted.join("  "))).size(22),
                );
            }
            None => {
                let step = self.run.current_step();
                page = page.push(
                    text(format!(
                        "Step {} of {total}: {}",
                        (step + 1).min(total),
                        self.names(step)
                    ))
                    .size(22),
                );
            }
            Some(_) if !self.run.is_attempt() => {
                page = page.push(
                    text("Nothing was played, so this run is not kept. Restart (Enter) when you are ready.")
                        .size(22),
                );
            }
            Some(report) => {
                page = page.push(self.report_view(report));
                page = page.push(self.journal_view());
            }
        }
        if !self.feedback.is_empty() && self.run.report().is_none() && !self.run.is_paused() {
            page = page.push(text(self.feedback.clone()));
        }
        container(scrollable(page.padding(style::PADDING).width(Fill)))
            .width(Fill)
            .height(Fill)
            .into()
    }

    /// The steps in order: played ones dimmed, the current one marked.
    fn steps_view(&self) -> Element<'_, Message> {
        let current = self.run.current_step();
        let finished = self.run.is_finished();
        let mut steps = iced::widget::Row::new().spacing(10);
        for index in 0..self.run.plan().targets.len() {
            let names = self.names(index);
            let label = if index == current && !finished {
                text(format!("▸{names}")).color(style::NEXT).size(18)
            } else if index < current || finished {
                text(names).color(style::OUTLINE).size(16)
            } else {
                text(names).size(16)
            };
            steps = steps.push(label);
        }
        steps.wrap().into()
    }

    /// After a run: how do you feel now, and a note for the journal.
    fn journal_view(&self) -> Element<'_, Message> {
        let saved = if self.note_saved {
            "Kept ✓"
        } else {
            "Keep note"
        };
        column![
            text("How do you feel now? (optional)"),
            crate::ui::screen::today::mood_row(self.mood_after, Message::MoodAfter),
            row![
                text_input("A note for your journal (optional)", &self.note)
                    .on_input(Message::NoteEdited)
                    .on_submit(Message::NoteSaved)
                    .width(Length::Fixed(420.0)),
                button(text(saved)).on_press(Message::NoteSaved),
            ]
            .spacing(10),
        ]
        .spacing(6)
        .into()
    }

    fn report_view(&self, report: &Report) -> Element<'_, Message> {
        let words = report_words(report);
        let mut verdict = row![
            text(format!("{}   {}", words.score, words.stars))
                .size(24)
                .color(style::GOLD),
            text(words.verdict).size(24),
        ]
        .spacing(style::SPACING);
        if let Some((_, title)) = self.next.as_ref().filter(|_| report.passed) {
            verdict = verdict.push(
                button(text(format!("Next lesson: {title}  (→)")))
                    .style(button::success)
                    .on_press(Message::NextLesson),
            );
        }
        let mut lines = column![verdict].spacing(6);
        for claim in self.claims.iter().flatten() {
            lines = lines.push(text(claim.clone()).color(style::GOLD));
        }
        for line in words.details {
            lines = lines.push(text(line));
        }
        let more = words.steps.len().saturating_sub(5);
        for line in words.steps.into_iter().take(5) {
            lines = lines.push(text(line));
        }
        if more > 0 {
            lines = lines.push(text(format!(
                "… and {more} more steps marked on the keyboard"
            )));
        }
        lines.into()
    }
}
