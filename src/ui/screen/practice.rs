//! Practice: the keyboard with the next step's keys and fingers, the keys held now, right and
//! wrong marked; feedback as you play; the report after each run.

use std::time::Instant;

use iced::widget::{button, canvas, column, container, row, text};
use iced::{Fill, Length};

use crate::engine::{
    Attempt, EventKind, Micros, NoteEvent, NoteSet, Plan, Report, Verdict, report::Outcome,
};
use crate::lesson::{LoadedLesson, Mode};
use crate::theory::keyboard::KeyboardLayout;
use crate::theory::{Note, SpelledNote};
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
    /// Back to where we came from.
    Stop,
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
        /// What was played, in attempt time.
        events: Vec<NoteEvent>,
        /// When the run began.
        started: Instant,
    },
    /// Leave the screen.
    Stop,
}

/// A lesson being practised.
pub struct Practice {
    lesson: LoadedLesson,
    mode: Mode,
    attempt: Attempt,
    started: Instant,
    events: Vec<NoteEvent>,
    wrong: NoteSet,
    feedback: String,
    best_before: Option<u8>,
    keys: Option<u8>,
}

impl Practice {
    /// Starts `lesson` at `now`; `best_before` is the best score so far, `keys` the keyboard size
    /// setting.
    pub fn new(
        lesson: LoadedLesson,
        best_before: Option<u8>,
        keys: Option<u8>,
        now: Instant,
    ) -> Practice {
        let mode = lesson.lesson.mode;
        Practice {
            attempt: Attempt::new(Plan::new(&lesson, Some(mode), None)),
            lesson,
            mode,
            started: now,
            events: Vec::new(),
            wrong: NoteSet::default(),
            feedback: String::new(),
            best_before,
            keys,
        }
    }

    /// The lesson.
    pub fn lesson(&self) -> &LoadedLesson {
        &self.lesson
    }

    /// Whether the metronome clock matters (tempo mode, still playing).
    pub fn needs_ticks(&self) -> bool {
        self.mode == Mode::Tempo && !self.attempt.is_finished()
    }

    /// The report of the last run, once finished.
    pub fn report(&self) -> Option<&Report> {
        self.attempt.report()
    }

    fn restart(&mut self, now: Instant) {
        self.attempt = Attempt::new(Plan::new(&self.lesson, Some(self.mode), None));
        self.started = now;
        self.events.clear();
        self.wrong = NoteSet::default();
        self.feedback.clear();
    }

    fn time(&self, now: Instant) -> Micros {
        Micros::try_from(now.saturating_duration_since(self.started).as_micros())
            .unwrap_or(Micros::MAX)
    }

    /// Handles a message at `now`.
    pub fn update(&mut self, message: Message, now: Instant) -> Option<Action> {
        let kind = match message {
            Message::Input(kind) => kind,
            Message::Clicked(note, true) => EventKind::NoteOn { note, velocity: 80 },
            Message::Clicked(note, false) => EventKind::NoteOff { note },
            Message::Restart => {
                self.restart(now);
                return None;
            }
            Message::ToggleMode => {
                self.mode = match self.mode {
                    Mode::Wait => Mode::Tempo,
                    Mode::Tempo => Mode::Wait,
                };
                self.restart(now);
                return None;
            }
            Message::Stop => return Some(Action::Stop),
            Message::Tick => {
                let was_finished = self.attempt.is_finished();
                let feedback = self.attempt.tick(self.time(now));
                if !feedback.missed.is_empty() {
                    self.feedback = format!("Missed step {}", feedback.missed.end);
                }
                return self.finished_now(was_finished);
            }
        };
        if self.attempt.is_finished() {
            return None;
        }
        let event = NoteEvent {
            at: self.time(now),
            kind,
        };
        self.events.push(event);
        let feedback = self.attempt.feed(event);
        match (kind, feedback.verdict) {
            (_, Verdict::Wrong { got, step }) => {
                self.wrong.insert(got);
                let expected = self.names(step);
                self.feedback = format!(
                    "✗ {} — this step is {expected}",
                    SpelledNote::plain(got, false).pretty()
                );
            }
            (_, Verdict::Extra { got }) => {
                self.wrong.insert(got);
                self.feedback = format!(
                    "✗ {}: no step is due now",
                    SpelledNote::plain(got, false).pretty()
                );
            }
            (_, Verdict::StepDone { step, .. }) => {
                self.wrong = NoteSet::default();
                self.feedback = format!("✓ {}", self.names(step));
            }
            (EventKind::NoteOff { note }, _) => self.wrong.0 &= !NoteSet::of([note]).0,
            _ => {}
        }
        self.finished_now(false)
    }

    fn finished_now(&self, was_finished: bool) -> Option<Action> {
        if was_finished {
            return None;
        }
        self.attempt.report().map(|report| Action::Finished {
            report: Box::new(report.clone()),
            events: self.events.clone(),
            started: self.started,
        })
    }

    fn names(&self, step: usize) -> String {
        self.attempt
            .plan()
            .targets
            .get(step)
            .map_or_else(String::new, |target| {
                target
                    .step
                    .names
                    .iter()
                    .map(|n| n.pretty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
    }

    fn marks(&self) -> Vec<(Note, KeyMark)> {
        let plan = self.attempt.plan();
        let mut marks = Vec::new();
        if let Some(target) = plan
            .targets
            .get(self.attempt.current_step())
            .filter(|_| !self.attempt.is_finished())
        {
            for (note, finger) in target.step.notes.iter().zip(&target.step.fingers) {
                marks.push((*note, KeyMark::Next(finger.map(|f| f.get()))));
            }
            for held in self.attempt.held().notes() {
                marks.push((
                    held,
                    if target.accepts(held) {
                        KeyMark::Right
                    } else {
                        KeyMark::Wrong
                    },
                ));
            }
        } else {
            marks.extend(self.attempt.held().notes().map(|n| (n, KeyMark::Held)));
        }
        if let Some(report) = self.attempt.report() {
            // After a run: the steps that went wrong, on the keyboard.
            for (step, target) in report.steps.iter().zip(&plan.targets) {
                if step.outcome != Outcome::Correct {
                    marks.extend(target.step.notes.iter().map(|n| (*n, KeyMark::Wrong)));
                }
            }
        }
        marks.extend(self.wrong.notes().map(|n| (n, KeyMark::Wrong)));
        marks
    }

    /// The screen.
    pub fn view(&self) -> Element<'_, Message> {
        let lesson = &self.lesson.lesson;
        let plan = self.attempt.plan();
        let mode = match self.mode {
            Mode::Wait => "Wait mode: each step waits for you",
            Mode::Tempo => "Tempo mode: play with the metronome",
        };
        let mut page = column![
            text(lesson.title.clone()).size(style::TITLE_SIZE),
            text(format!("{mode} · {} bpm", plan.tempo_bpm)),
        ]
        .spacing(style::SPACING);
        if let Some(instructions) = &lesson.instructions {
            page = page.push(text(instructions.clone()));
        }
        let layout = KeyboardLayout::around(
            plan.targets
                .iter()
                .flat_map(|t| t.step.notes.iter().copied()),
            self.keys,
        );
        let keyboard = canvas(Keyboard::new(layout, self.marks(), Message::Clicked))
            .width(Fill)
            .height(Length::Fixed(180.0));
        page = page.push(keyboard);
        let total = plan.targets.len();
        match self.attempt.report() {
            None => {
                let step = self.attempt.current_step();
                page = page.push(
                    text(format!(
                        "Step {} of {total}: {}",
                        (step + 1).min(total),
                        self.names(step)
                    ))
                    .size(22),
                );
            }
            Some(report) => page = page.push(self.report_view(report)),
        }
        if !self.feedback.is_empty() {
            page = page.push(text(self.feedback.clone()));
        }
        page = page.push(
            row![
                button(text("Restart (Enter)")).on_press(Message::Restart),
                button(text(match self.mode {
                    Mode::Wait => "Switch to tempo mode",
                    Mode::Tempo => "Switch to wait mode",
                }))
                .on_press(Message::ToggleMode),
                button(text("Stop (Esc)")).on_press(Message::Stop),
            ]
            .spacing(style::SPACING),
        );
        container(page).padding(style::PADDING).width(Fill).into()
    }

    fn report_view(&self, report: &Report) -> Element<'_, Message> {
        let stars = "★".repeat(usize::from(report.stars))
            + &"☆".repeat(usize::from(3 - report.stars.min(3)));
        let verdict = if report.passed {
            "Passed"
        } else {
            "Not passed yet"
        };
        let mut lines = column![
            row![
                text(format!("Score {} / 100   {stars}", report.score))
                    .size(24)
                    .color(style::GOLD),
                text(verdict).size(24),
            ]
            .spacing(style::SPACING),
            text(format!(
                "{} of {} steps right ({:.1}%) · {} wrong · {} missed · {} extra",
                report.correct,
                report.expected,
                report.accuracy * 100.0,
                report.wrong,
                report.missed,
                report.extra
            )),
        ]
        .spacing(6);
        if self.best_before.is_none_or(|best| report.score > best) && report.score > 0 {
            lines = lines.push(text("New personal best!").color(style::GOLD));
        }
        if let Some(mean) = report.timing.mean_abs_ms {
            lines = lines.push(text(format!(
                "Timing: {mean:.0} ms off on average · {} early · {} late",
                report.timing.early, report.timing.late
            )));
        }
        if let Some(cv) = report.evenness.ioi_cv {
            lines = lines.push(text(format!(
                "Evenness: the notes varied by {:.1}%",
                cv * 100.0
            )));
        }
        for step in report
            .steps
            .iter()
            .filter(|s| s.outcome != Outcome::Correct)
            .take(5)
        {
            let played = if step.played.is_empty() {
                "nothing".to_owned()
            } else {
                step.played.join(" ")
            };
            lines = lines.push(text(format!(
                "Step {}: expected {}, played {played}",
                step.index + 1,
                step.expected.join(" ")
            )));
        }
        lines.into()
    }
}
