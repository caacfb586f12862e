//! One attempt at a lesson: a state machine fed note events, giving feedback per event and a
//! report at the end. The same `Attempt` serves the window, the terminal and MIDI-file scoring.

use std::ops::Range;

use super::align::{self, Aligned, Unit};
use super::event::{EventKind, Micros, NoteEvent};
use super::plan::{NoteSet, Plan};
use super::report::{self, Outcome, Report, StepResult};
use crate::lesson::Mode;
use crate::theory::Note;

/// What one event meant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing to judge: a key released, the pedal, or the attempt is over.
    Nothing,
    /// A right note; the step still waits for its other notes.
    Correct {
        /// The step.
        step: usize,
        /// The note.
        note: Note,
    },
    /// The step is complete with this note.
    StepDone {
        /// The step.
        step: usize,
        /// The note that completed it.
        note: Note,
        /// Tempo mode: how far from its time the step started (µs, positive is late), after
        /// the player's steady delay so far.
        offset: Option<Micros>,
    },
    /// A note that is not part of the step being played.
    Wrong {
        /// The step.
        step: usize,
        /// What was pressed.
        got: Note,
    },
    /// Tempo mode: a note where no step is due.
    Extra {
        /// What was pressed.
        got: Note,
    },
}

/// Feedback for one event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feedback {
    /// What the event itself meant.
    pub verdict: Verdict,
    /// Tempo mode: steps whose time ran out before this event, with nothing right played.
    pub missed: Range<usize>,
    /// Whether the attempt is over; the report is then in [`Attempt::report`].
    pub finished: bool,
}

/// One press, as recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Press {
    at: Micros,
    note: Note,
    velocity: u8,
}

/// Live state of a step in tempo mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Live {
    Pending {
        struck: NoteSet,
        started: Micros,
        wrong: bool,
    },
    Done,
    /// Its time ran out (or a later step was played); `crossed` when a wrong key was played
    /// for it.
    Closed {
        crossed: bool,
    },
}

impl Live {
    /// The state a step closes to.
    fn closed(self) -> Live {
        match self {
            Live::Pending { wrong, .. } => Live::Closed { crossed: wrong },
            other => other,
        }
    }
}

/// Wait mode: what happened while a step was the current one.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Waited {
    presses: Range<usize>,
    wrong: u32,
    onset: Option<Micros>,
    completing: NoteSet,
}

/// An attempt at a lesson in progress.
#[derive(Clone, Debug)]
pub struct Attempt {
    plan: Plan,
    presses: Vec<Press>,
    held: NoteSet,
    pressed_at: [Micros; 128],
    waited: Vec<Waited>,
    live: Vec<Live>,
    /// Tempo mode: how late each step done began (µs), in order of size.
    delays: Vec<Micros>,
    current: usize,
    report: Option<Report>,
}

impl Attempt {
    /// Starts an attempt; step 0 is due at time 0.
    pub fn new(plan: Plan) -> Attempt {
        let steps = plan.targets.len();
        let fresh = Waited {
            presses: 0..0,
            wrong: 0,
            onset: None,
            completing: NoteSet::default(),
        };
        let mut attempt = Attempt {
            presses: Vec::with_capacity(steps * 4 + 64),
            held: NoteSet::default(),
            pressed_at: [Micros::MIN; 128],
            waited: vec![fresh; steps],
            live: vec![
                Live::Pending {
                    struck: NoteSet::default(),
                    started: 0,
                    wrong: false
                };
                steps
            ],
            delays: Vec::with_capacity(steps),
            current: 0,
            report: None,
            plan,
        };
        if steps == 0 {
            attempt.finish();
        }
        attempt
    }

    /// The plan being played.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The step the player is on: in wait mode the one waited for, in tempo mode the first
    /// still open.
    pub fn current_step(&self) -> usize {
        self.current
    }

    /// Tempo mode: the attempt time at which the current step's allowance has run out, when
    /// [`Attempt::tick`] next has a step to close; none in wait mode or once finished.
    pub fn next_expiry(&self) -> Option<Micros> {
        if self.plan.mode != Mode::Tempo || self.is_finished() {
            return None;
        }
        let target = self.plan.targets.get(self.current)?;
        Some(target.at + self.steady_delay() + target.window + 1)
    }

    /// The keys held down now.
    pub fn held(&self) -> NoteSet {
        self.held
    }

    /// Tempo mode: whether `step` closed with a wrong key played for it (crossed live, and
    /// not to be called missed as well).
    pub fn was_crossed(&self, step: usize) -> bool {
        matches!(self.live.get(step), Some(Live::Closed { crossed: true }))
    }

    /// The report, once the attempt is over.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// Whether the attempt is over.
    pub fn is_finished(&self) -> bool {
        self.report.is_some()
    }

    /// Judges one event.
    pub fn feed(&mut self, event: NoteEvent) -> Feedback {
        let nothing = Feedback {
            verdict: Verdict::Nothing,
            missed: self.current..self.current,
            finished: self.is_finished(),
        };
        match event.kind {
            EventKind::NoteOn { note, velocity } if velocity > 0 => {
                if self.is_finished() {
                    return nothing;
                }
                self.held.insert(note);
                self.pressed_at[usize::from(note.0 & 0x7f)] = event.at;
                self.presses.push(Press {
                    at: event.at,
                    note,
                    velocity,
                });
                match self.plan.mode {
                    Mode::Wait => self.wait_press(note, event.at),
                    Mode::Tempo => self.tempo_press(note, event.at),
                }
            }
            EventKind::NoteOn { note, .. } | EventKind::NoteOff { note } => {
                self.held.0 &= !(1u128 << (note.0 & 0x7f));
                nothing
            }
            EventKind::Pedal { .. } => nothing,
        }
    }

    /// Tempo mode: closes the steps whose time ran out by `now` (call it regularly while
    /// playing live). Wait mode never times out.
    pub fn tick(&mut self, now: Micros) -> Feedback {
        let missed = if self.plan.mode == Mode::Tempo && !self.is_finished() {
            self.close_expired(now)
        } else {
            self.current..self.current
        };
        self.finish_if_all_closed();
        Feedback {
            verdict: Verdict::Nothing,
            missed,
            finished: self.is_finished(),
        }
    }

    /// Ends the attempt now (the end of a file, Ctrl-C, the Stop button): steps not played
    /// count as missed. Returns the report.
    pub fn finish(&mut self) -> &Report {
        let report = match self.report.take() {
            Some(report) => report,
            None => match self.plan.mode {
                Mode::Wait => self.wait_report(),
                Mode::Tempo => self.tempo_report(),
            },
        };
        self.report.insert(report)
    }

    fn wait_press(&mut self, note: Note, at: Micros) -> Feedback {
        let step = self.current;
        // Presses while this step is current run from where the step began to this one.
        let index = self.presses.len();
        let target = &self.plan.targets[step];
        let record = &mut self.waited[step];
        record.presses.end = index;
        let mut feedback = Feedback {
            verdict: Verdict::Correct { step, note },
            missed: step..step,
            finished: false,
        };
        if !target.accepts(note) {
            record.wrong += 1;
            feedback.verdict = Verdict::Wrong { step, got: note };
            return feedback;
        }
        // The step's notes held now that started within the chord window of this one.
        let mut struck = NoteSet::default();
        let mut first = at;
        for held in self.held.notes() {
            let pressed = self.pressed_at[usize::from(held.0)];
            if target.accepts(held) && at - pressed <= self.plan.chord_window {
                struck.insert(held);
                first = first.min(pressed);
            }
        }
        if target.is_complete(struck) {
            record.onset = Some(first);
            record.completing = struck;
            self.current += 1;
            if let Some(next) = self.waited.get_mut(self.current) {
                next.presses = index..index;
            }
            feedback.verdict = Verdict::StepDone {
                step,
                note,
                offset: None,
            };
            if self.current == self.plan.targets.len() {
                self.finish();
                feedback.finished = true;
            }
        }
        feedback
    }

    fn tempo_press(&mut self, note: Note, at: Micros) -> Feedback {
        let mut feedback = Feedback {
            verdict: Verdict::Extra { got: note },
            missed: self.close_expired(at),
            finished: false,
        };
        // Of the open steps whose allowance holds `at` (after the steady delay), the first
        // that wants this note, else the first: as the report's alignment pairs them (a step
        // passed over costs it more than any lateness within the allowance), so a repeated
        // note played late is the earlier step's, not the next one's.
        let delay = self.steady_delay();
        let mut wanting = None;
        let mut first = None;
        for step in self.current..self.plan.targets.len() {
            let target = &self.plan.targets[step];
            let off_by = at - delay - target.at;
            if off_by < -target.window {
                break;
            }
            if !matches!(self.live[step], Live::Pending { .. }) || off_by > target.window {
                continue;
            }
            first.get_or_insert(step);
            if target.accepts(note) {
                wanting = Some(step);
                break;
            }
        }
        let Some(step) = wanting.or(first) else {
            return feedback;
        };
        let target = &self.plan.targets[step];
        let Live::Pending {
            struck,
            started,
            wrong,
        } = &mut self.live[step]
        else {
            return feedback;
        };
        if !target.accepts(note) {
            *wrong = true;
            feedback.verdict = Verdict::Wrong { step, got: note };
            return feedback;
        }
        if struck.is_empty() || at - *started > self.plan.chord_window {
            *struck = NoteSet::default();
            *started = at;
        }
        struck.insert(note);
        if !target.is_complete(*struck) {
            feedback.verdict = Verdict::Correct { step, note };
            return feedback;
        }
        let began = *started - target.at;
        self.live[step] = Live::Done;
        let offset = Some(began - delay);
        let place = self.delays.partition_point(|d| *d < began);
        self.delays.insert(place, began);
        // Steps are played in order: the open ones before this step are missed now (the
        // steps closed as expired end where these begin).
        for earlier in self.current..step {
            self.live[earlier] = self.live[earlier].closed();
        }
        feedback.missed.end = step;
        self.advance_current();
        feedback.verdict = Verdict::StepDone { step, note, offset };
        feedback.finished = self.finish_if_all_closed();
        feedback
    }

    /// The player's steady delay so far: the median of how late the steps done began (what the
    /// report leaves out as a constant delay, not the player's timing).
    fn steady_delay(&self) -> Micros {
        align::median_of_sorted(&self.delays).unwrap_or(0)
    }

    /// Closes open steps whose allowance ran out at `now` (after the steady delay); returns
    /// the range closed.
    fn close_expired(&mut self, now: Micros) -> Range<usize> {
        let delay = self.steady_delay();
        let start = self.current;
        let mut end = start;
        for step in start..self.plan.targets.len() {
            let target = &self.plan.targets[step];
            if target.at + delay + target.window >= now {
                break;
            }
            self.live[step] = self.live[step].closed();
            end = step + 1;
        }
        self.advance_current();
        start..end
    }

    fn advance_current(&mut self) {
        while self.current < self.live.len()
            && !matches!(self.live[self.current], Live::Pending { .. })
        {
            self.current += 1;
        }
    }

    fn finish_if_all_closed(&mut self) -> bool {
        if self.plan.mode == Mode::Tempo && !self.is_finished() && self.current == self.live.len() {
            self.finish();
        }
        self.is_finished()
    }

    fn wait_report(&self) -> Report {
        let mut wrong_presses = 0;
        let results: Vec<StepResult> = self
            .waited
            .iter()
            .enumerate()
            .map(|(step, record)| {
                wrong_presses += record.wrong as usize;
                let presses = self.presses.get(record.presses.clone()).unwrap_or_default();
                let reached = step < self.current;
                let outcome = match (reached, record.wrong) {
                    (false, _) => Outcome::Missed,
                    (true, 0) => Outcome::Correct,
                    (true, _) => Outcome::Wrong,
                };
                let velocities = record
                    .completing
                    .notes()
                    .filter_map(|n| {
                        presses
                            .iter()
                            .rev()
                            .find(|p| p.note == n)
                            .map(|p| p.velocity)
                    })
                    .collect();
                StepResult {
                    outcome,
                    onset: record.onset,
                    played: presses.iter().map(|p| p.note).collect(),
                    velocities,
                }
            })
            .collect();
        report::build(&self.plan, &results, wrong_presses, 0)
    }

    /// The units played: each note alone, or for lessons with chords the notes that start
    /// within a chord window (narrowed so that two steps never merge).
    fn units(&self) -> Vec<Unit> {
        let window = if self.plan.has_chords() {
            let shortest = self
                .plan
                .targets
                .windows(2)
                .map(|pair| pair[1].at - pair[0].at)
                .filter(|gap| *gap > 0)
                .min()
                .unwrap_or(Micros::MAX);
            self.plan.chord_window.min(shortest / 2)
        } else {
            0
        };
        let mut units: Vec<Unit> = Vec::with_capacity(self.presses.len());
        for (index, press) in self.presses.iter().enumerate() {
            match units.last_mut() {
                Some(unit) if window > 0 && press.at - unit.at <= window => {
                    unit.notes.insert(press.note);
                    unit.presses.end = index + 1;
                }
                _ => units.push(Unit {
                    at: press.at,
                    notes: NoteSet::of([press.note]),
                    presses: index..index + 1,
                }),
            }
        }
        units
    }

    fn tempo_report(&self) -> Report {
        let units = self.units();
        let alignment = align::align(&self.plan.targets, &units, self.plan.beat_us());
        let results: Vec<StepResult> = alignment
            .steps
            .iter()
            .map(|aligned| match aligned {
                Aligned::Missed => StepResult {
                    outcome: Outcome::Missed,
                    onset: None,
                    played: Vec::new(),
                    velocities: Vec::new(),
                },
                Aligned::Correct(unit) | Aligned::Wrong(unit) => {
                    let unit = &units[*unit];
                    let presses = &self.presses[unit.presses.clone()];
                    let correct = matches!(aligned, Aligned::Correct(_));
                    StepResult {
                        outcome: if correct {
                            Outcome::Correct
                        } else {
                            Outcome::Wrong
                        },
                        onset: Some(unit.at),
                        played: presses.iter().map(|p| p.note).collect(),
                        velocities: presses.iter().map(|p| p.velocity).collect(),
                    }
                }
            })
            .collect();
        report::build(&self.plan, &results, 0, alignment.extra.len())
    }
}
