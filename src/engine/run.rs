//! One practice run: the attempt, its clock (count-in, pauses while the keyboard is away), the
//! notes to record and the report. The terminal and the window both drive a `Run` and only
//! present what it says happened; neither judges a note or keeps run time itself.
//!
//! Time comes in as instants (stamped where an event entered Etude); nothing here reads a clock.

use std::time::Instant;

use super::attempt::{Attempt, Feedback, Verdict};
use super::clock::AttemptClock;
use super::event::{EventKind, Micros, NoteEvent};
use super::happening::Happening;
use super::plan::{NoteSet, Plan};
use super::report::Report;
use crate::lesson::Mode;

/// Beats counted in before a tempo-mode run: one bar of four.
pub const COUNT_IN_BEATS: usize = 4;

/// One run at a lesson.
#[derive(Clone, Debug)]
pub struct Run {
    attempt: Attempt,
    clock: AttemptClock,
    /// When the count-in's beats are heard (empty in wait mode).
    count_in: Vec<Instant>,
    /// Beats of the count-in already said.
    beats_said: usize,
    /// Whether [`Happening::Go`] was said.
    started: bool,
    /// Every key and pedal event, in run time: the recording.
    events: Vec<NoteEvent>,
    /// Keys judged wrong and still worth marking (cleared when a step is done).
    wrong: NoteSet,
    /// Held until the run is replaced (it waits for the player to ask for the count-in, or
    /// the lesson is played to them first): a keyboard coming back does not start it.
    held: bool,
    /// The player's round trip (see [`super::calibrate`]), taken off every key's time in
    /// tempo mode.
    round_trip: Micros,
}

impl Run {
    /// A run of `plan` whose time 0 is `start`; `count_in` holds the instants of the beats
    /// counted in before it (none in wait mode).
    pub fn new(plan: Plan, start: Instant, count_in: Vec<Instant>) -> Run {
        let events = Vec::with_capacity(plan.targets.len() * 4);
        Run {
            attempt: Attempt::new(plan),
            clock: AttemptClock::starting_at(start),
            count_in,
            beats_said: 0,
            started: false,
            events,
            wrong: NoteSet::default(),
            held: false,
            round_trip: 0,
        }
    }

    /// The same run, allowing in tempo mode for the player's own `round_trip` (µs from a click
    /// to their key when they play on it).
    pub fn allowing(self, round_trip: Micros) -> Run {
        Run { round_trip, ..self }
    }

    /// The plan being played.
    pub fn plan(&self) -> &Plan {
        self.attempt.plan()
    }

    /// Wait or tempo.
    pub fn mode(&self) -> Mode {
        self.attempt.plan().mode
    }

    /// The step being played (the number of steps once finished).
    pub fn current_step(&self) -> usize {
        self.attempt.current_step()
    }

    /// Whether the run is over.
    pub fn is_finished(&self) -> bool {
        self.attempt.is_finished()
    }

    /// When the run next has something to say with no key played (a count-in beat, the
    /// start, a step whose time runs out): [`Run::tick`] need not be called before. None
    /// while it waits for a key, stands still or is over.
    pub fn next_due(&self) -> Option<Instant> {
        if self.is_finished() || self.is_paused() {
            return None;
        }
        if let Some(beat) = self.count_in.get(self.beats_said) {
            return Some(*beat);
        }
        let time = if self.started {
            self.attempt.next_expiry()?
        } else {
            0
        };
        self.clock.instant_of(time)
    }

    /// Whether run time stands still (the keyboard is away, or a demo plays first).
    pub fn is_paused(&self) -> bool {
        self.clock.is_paused()
    }

    /// Whether the run must be told the time when nothing is played: a tempo-mode run going
    /// or being counted in, not paused.
    pub fn needs_ticks(&self) -> bool {
        self.mode() == Mode::Tempo && !self.is_finished() && !self.is_paused()
    }

    /// Whether the run's time 0 has come ([`Happening::Go`] was said): the count-in is over.
    pub fn has_begun(&self) -> bool {
        self.started
    }

    /// The run time of `now` (negative during the count-in; standing still while paused).
    pub fn time_at(&self, now: Instant) -> Micros {
        self.clock.time_of(now)
    }

    /// The report, once finished.
    pub fn report(&self) -> Option<&Report> {
        self.attempt.report()
    }

    /// The instant of run time 0.
    pub fn started(&self) -> Instant {
        self.clock.start()
    }

    /// What was played, in run time.
    pub fn events(&self) -> &[NoteEvent] {
        &self.events
    }

    /// Whether this run is an attempt worth keeping (see [`is_attempt`]).
    pub fn is_attempt(&self) -> bool {
        is_attempt(&self.events)
    }

    /// Keys played wrong since the last step was done.
    pub fn wrong_keys(&self) -> NoteSet {
        self.wrong
    }

    /// When the count-in's beats are heard (none in wait mode).
    pub fn count_in_beats(&self) -> &[Instant] {
        &self.count_in
    }

    /// The count-in's beats, and how many of them have been heard by `now`.
    pub fn count_in(&self, now: Instant) -> Option<(usize, usize)> {
        (!self.count_in.is_empty()).then(|| {
            let heard = self.count_in.iter().filter(|beat| **beat <= now).count();
            (heard, self.count_in.len())
        })
    }

    /// A key or the pedal at `at`. Ignored while paused or once finished, and during the
    /// count-in until the first step's allowance begins (the count-in is for listening: a key
    /// tried then is neither judged nor recorded).
    pub fn input(&mut self, kind: EventKind, at: Instant) -> Vec<Happening> {
        if self.is_finished() || self.is_paused() {
            return Vec::new();
        }
        let mut happened = self.beats_until(at);
        let allowance = if self.mode() == Mode::Tempo {
            self.round_trip
        } else {
            0
        };
        let event = NoteEvent {
            at: self.clock.time_of(at) - allowance,
            kind,
        };
        let first_allowed = self
            .plan()
            .targets
            .first()
            .map_or(0, |first| first.at - first.window);
        if !self.count_in.is_empty() && event.at < first_allowed {
            return happened;
        }
        self.events.push(event);
        if let EventKind::NoteOff { note } = kind {
            self.wrong.0 &= !NoteSet::of([note]).0;
        }
        let feedback = self.attempt.feed(event);
        self.tell(&feedback, &mut happened);
        happened
    }

    /// Time passes: count-in beats heard, and in tempo mode steps whose time ran out.
    pub fn tick(&mut self, now: Instant) -> Vec<Happening> {
        if self.is_finished() || self.is_paused() {
            return Vec::new();
        }
        let mut happened = self.beats_until(now);
        let time = self.clock.time_of(now);
        if time >= 0 {
            let feedback = self.attempt.tick(time);
            self.tell(&feedback, &mut happened);
        }
        happened
    }

    /// The keyboard `port` went away at `at`: run time stands still.
    pub fn pause(&mut self, at: Instant, port: &str) -> Option<Happening> {
        if self.is_finished() || self.is_paused() {
            return None;
        }
        self.clock.pause(at);
        Some(Happening::Paused {
            step: self.current_step(),
            port: port.to_owned(),
        })
    }

    /// Run time stands still from `at` until the run is replaced (it waits for the player to
    /// ask for the count-in, or the lesson is played to them first); nothing, not even a
    /// keyboard coming back, starts it.
    pub fn hold(&mut self, at: Instant) {
        if !self.is_finished() {
            self.clock.pause(at);
            self.held = true;
        }
    }

    /// The keyboard `port` is back at `at`: run time goes on (unless the run is held).
    pub fn resume(&mut self, at: Instant, port: &str) -> Vec<Happening> {
        if self.is_finished() || !self.is_paused() || self.held {
            return Vec::new();
        }
        self.clock.resume(at);
        let step = self.current_step();
        vec![
            Happening::Resumed {
                step,
                port: port.to_owned(),
            },
            Happening::Next(step),
        ]
    }

    /// Ends the run now (Ctrl-C, or the input closed for good): the report covers what was
    /// played.
    pub fn stop(&mut self) -> &Report {
        self.attempt.finish()
    }

    /// The count-in beats heard by `now` and not yet said, then [`Happening::Go`] once time 0
    /// has come.
    fn beats_until(&mut self, now: Instant) -> Vec<Happening> {
        let mut happened = Vec::new();
        while let Some(beat) = self.count_in.get(self.beats_said) {
            if *beat > now {
                break;
            }
            self.beats_said += 1;
            happened.push(Happening::CountIn(self.beats_said));
        }
        if !self.started && self.clock.time_of(now) >= 0 {
            self.started = true;
            happened.push(Happening::Go);
            happened.push(Happening::Next(self.current_step()));
        }
        happened
    }

    fn tell(&mut self, feedback: &Feedback, happened: &mut Vec<Happening>) {
        // A step crossed for a wrong key is not said to be missed as well.
        let missed = feedback.missed.clone();
        let attempt = &self.attempt;
        happened.extend(
            missed
                .filter(|step| !attempt.was_crossed(*step))
                .map(Happening::Missed),
        );
        match feedback.verdict {
            Verdict::Nothing => {}
            Verdict::Correct { note, .. } => happened.push(Happening::Partial(note)),
            Verdict::StepDone { step, offset, .. } => {
                self.wrong = NoteSet::default();
                happened.push(Happening::StepDone { step, offset });
                if self.mode() == Mode::Wait && !feedback.finished {
                    happened.push(Happening::Next(self.current_step()));
                }
            }
            Verdict::Wrong { step, got } => {
                self.wrong.insert(got);
                happened.push(Happening::Wrong { step, got });
            }
            Verdict::Extra { got } => {
                self.wrong.insert(got);
                happened.push(Happening::Extra(got));
            }
        }
        if feedback.finished {
            happened.push(Happening::Finished);
        }
    }
}

/// Whether `events` make an attempt worth keeping: a run in which no key was pressed (left to
/// run out, or stopped before the first note) is not one, and is neither saved nor counted.
pub fn is_attempt(events: &[NoteEvent]) -> bool {
    events
        .iter()
        .any(|e| matches!(e.kind, EventKind::NoteOn { .. }))
}

/// Judges a whole recorded performance (`events` in performance time, in order) against
/// `plan`: what `etude score FILE.mid` does. Steps after the last event count as missed.
pub fn score_recording(plan: Plan, events: &[NoteEvent]) -> Report {
    let mut attempt = Attempt::new(plan);
    for event in events {
        attempt.feed(*event);
    }
    attempt.finish().clone()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::lesson::parse;
    use crate::theory::Note;

    const SCALE: &str = r#"Lesson(id: "c-up", title: "C up", level: 1, tempo: 60,
        exercise: Notes(hand: Right, steps: ["C4", "D4", "E4"]))"#;

    fn plan(mode: Mode) -> Plan {
        let lesson = parse(SCALE, "c-up.ron").unwrap();
        Plan::new(&lesson, Some(mode), Some(60))
    }

    fn on(note: u8) -> EventKind {
        EventKind::NoteOn {
            note: Note(note),
            velocity: 80,
        }
    }

    #[test]
    fn the_count_in_is_said_beat_by_beat_then_go() {
        let t0 = Instant::now();
        let beats: Vec<Instant> = (1..=4).map(|b| t0 + Duration::from_secs(b)).collect();
        let mut run = Run::new(plan(Mode::Tempo), t0 + Duration::from_secs(5), beats);
        assert_eq!(run.tick(t0), vec![]);
        assert_eq!(
            run.tick(t0 + Duration::from_millis(2100)),
            vec![Happening::CountIn(1), Happening::CountIn(2)]
        );
        assert_eq!(run.count_in(t0 + Duration::from_millis(2100)), Some((2, 4)));
        // A key tried during the count-in, before the first step's allowance, is not judged.
        assert_eq!(run.input(on(61), t0 + Duration::from_millis(2200)), vec![]);
        assert!(run.events().is_empty());
        assert_eq!(
            run.tick(t0 + Duration::from_millis(5000)),
            vec![
                Happening::CountIn(3),
                Happening::CountIn(4),
                Happening::Go,
                Happening::Next(0)
            ]
        );
    }

    #[test]
    fn the_run_says_when_it_next_has_something_to_say() {
        let t0 = Instant::now();
        let beats: Vec<Instant> = (1..=4).map(|b| t0 + Duration::from_secs(b)).collect();
        let start = t0 + Duration::from_secs(5);
        let mut run = Run::new(plan(Mode::Tempo), start, beats.clone());
        assert_eq!(run.next_due(), Some(beats[0]));
        run.tick(beats[3]);
        assert_eq!(run.next_due(), Some(start), "then the start");
        assert_eq!(run.tick(start)[0], Happening::Go);
        // Then the moment the first step's allowance has run out, and not a moment before.
        let first = &run.plan().targets[0];
        let micros = u64::try_from(first.at + first.window + 1).unwrap_or(0);
        let expires = start + Duration::from_micros(micros);
        assert_eq!(run.next_due(), Some(expires));
        assert_eq!(run.tick(expires - Duration::from_micros(1)), vec![]);
        assert_eq!(run.tick(expires)[0], Happening::Missed(0));
        assert!(run.next_due().is_some_and(|due| due > expires));
        run.pause(expires, "Keys");
        assert_eq!(
            run.next_due(),
            None,
            "nothing is due while the keyboard is away"
        );

        let mut waiting = Run::new(plan(Mode::Wait), t0, Vec::new());
        waiting.tick(t0);
        assert_eq!(waiting.next_due(), None, "wait mode waits for a key");
    }

    #[test]
    fn unplugged_time_is_left_out_and_input_waits_for_the_keyboard() {
        let t0 = Instant::now();
        let mut run = Run::new(plan(Mode::Tempo), t0, Vec::new());
        run.tick(t0);
        assert!(matches!(
            run.input(on(60), t0)[..],
            [Happening::StepDone { step: 0, .. }]
        ));
        assert_eq!(
            run.pause(t0 + Duration::from_millis(500), "Keys"),
            Some(Happening::Paused {
                step: 1,
                port: "Keys".into()
            })
        );
        // Nothing is judged and no step runs out while the keyboard is away.
        assert_eq!(run.input(on(61), t0 + Duration::from_secs(3)), vec![]);
        assert_eq!(run.tick(t0 + Duration::from_secs(30)), vec![]);
        let back = t0 + Duration::from_secs(30);
        assert_eq!(run.resume(back, "Keys")[1], Happening::Next(1));
        // D4 is due one beat after C4: half a second before the pause, half after it.
        let said = run.input(on(62), back + Duration::from_millis(500));
        assert_eq!(
            said,
            vec![Happening::StepDone {
                step: 1,
                offset: Some(0)
            }]
        );
        assert_eq!(run.events().len(), 2, "the ignored key is not recorded");
    }

    #[test]
    fn wrong_keys_are_remembered_until_released_or_the_step_is_done() {
        let t0 = Instant::now();
        let mut run = Run::new(plan(Mode::Wait), t0, Vec::new());
        assert_eq!(
            run.input(on(61), t0),
            vec![
                Happening::Go,
                Happening::Next(0),
                Happening::Wrong {
                    step: 0,
                    got: Note(61)
                }
            ]
        );
        assert_eq!(run.wrong_keys(), NoteSet::of([Note(61)]));
        run.input(EventKind::NoteOff { note: Note(61) }, t0);
        assert_eq!(run.wrong_keys(), NoteSet::default());
        run.input(on(63), t0);
        let said = run.input(on(60), t0);
        assert_eq!(
            said,
            vec![
                Happening::StepDone {
                    step: 0,
                    offset: None
                },
                Happening::Next(1)
            ]
        );
        assert_eq!(run.wrong_keys(), NoteSet::default());
        run.input(on(62), t0);
        assert_eq!(
            run.input(on(64), t0).last(),
            Some(&Happening::Finished),
            "the last step ends the run"
        );
        let report = run.report().unwrap();
        // The first step took two wrong keys before the right one: it does not count as right.
        assert_eq!((report.expected, report.correct, report.wrong), (3, 2, 2));
        assert!(run.input(on(60), t0).is_empty());
    }

    #[test]
    fn a_run_with_an_extra_note_passes_but_is_not_clean() {
        let t0 = Instant::now();
        let beat = Duration::from_secs(1);
        let play = |extra: bool| {
            let mut run = Run::new(plan(Mode::Tempo), t0, Vec::new());
            for (i, note) in [60, 62, 64].into_iter().enumerate() {
                run.input(on(note), t0 + beat * i as u32);
                run.input(
                    EventKind::NoteOff { note: Note(note) },
                    t0 + beat * i as u32 + beat / 4,
                );
                if extra && i == 0 {
                    // Half a beat after C4, where no step is due.
                    run.input(on(72), t0 + beat / 2);
                }
            }
            run.tick(t0 + beat * 4);
            run.report().cloned().unwrap()
        };
        let even = play(false);
        assert!(even.passed && even.is_clean(), "{even:?}");
        let with_extra = play(true);
        assert_eq!(with_extra.extra, 1, "{with_extra:?}");
        assert!(
            with_extra.passed && !with_extra.is_clean(),
            "{with_extra:?}"
        );
    }

    #[test]
    fn a_recording_is_judged_whole_and_what_it_lacks_is_missed() {
        let second = 1_000_000;
        let events = [
            NoteEvent::on(0, 60, 80),
            NoteEvent::off(second / 2, 60),
            NoteEvent::on(second, 62, 80),
            NoteEvent::off(second * 3 / 2, 62),
        ];
        let report = score_recording(plan(Mode::Tempo), &events);
        assert_eq!((report.correct, report.missed), (2, 1), "{report:?}");
    }

    #[test]
    fn a_held_run_waits_even_when_the_keyboard_comes_back() {
        let t0 = Instant::now();
        let mut run = Run::new(plan(Mode::Tempo), t0, Vec::new());
        run.hold(t0);
        assert!(run.is_paused());
        assert_eq!(run.resume(t0 + Duration::from_secs(1), "Keys"), vec![]);
        assert!(run.is_paused());
        assert_eq!(run.tick(t0 + Duration::from_secs(30)), vec![]);
    }

    #[test]
    fn a_run_left_to_run_out_is_no_attempt() {
        let t0 = Instant::now();
        let mut run = Run::new(plan(Mode::Tempo), t0, Vec::new());
        run.input(EventKind::Pedal { down: true }, t0);
        run.tick(t0 + Duration::from_secs(10));
        assert!(run.is_finished() && !run.is_attempt());
        let mut played = Run::new(plan(Mode::Tempo), t0, Vec::new());
        played.input(on(61), t0);
        played.tick(t0 + Duration::from_secs(10));
        assert!(played.is_finished() && played.is_attempt());
    }

    #[test]
    fn a_step_crossed_for_a_wrong_key_is_not_also_said_missed() {
        let t0 = Instant::now();
        let second = Duration::from_secs(1);
        let mut run = Run::new(plan(Mode::Tempo), t0, Vec::new());
        run.input(on(60), t0);
        assert!(matches!(
            run.input(on(63), t0 + second)[..],
            [Happening::Wrong { step: 1, .. }]
        ));
        // D4's beat runs out: it was crossed, so it is not said to be missed too; E4's was not.
        let later = run.tick(t0 + second * 4);
        assert!(!later.contains(&Happening::Missed(1)), "{later:?}");
        assert!(later.contains(&Happening::Missed(2)), "{later:?}");
        assert_eq!(run.report().map(|r| r.wrong), Some(1));
    }

    #[test]
    fn the_players_round_trip_is_allowed_for_in_tempo_mode() {
        let t0 = Instant::now();
        // Every key 60 ms after its beat: the player's keyboard and speaker take that long.
        let play = |run: &mut Run| {
            run.tick(t0);
            for (i, note) in [60, 62, 64].into_iter().enumerate() {
                run.input(on(note), t0 + Duration::from_millis(1000 * i as u64 + 60));
            }
            run.stop().timing.offset_ms
        };
        let mut plain = Run::new(plan(Mode::Tempo), t0, Vec::new());
        assert_eq!(play(&mut plain), Some(60.0), "late without the allowance");
        let mut allowed = Run::new(plan(Mode::Tempo), t0, Vec::new()).allowing(60_000);
        assert_eq!(play(&mut allowed), Some(0.0), "on time with it");
    }

    #[test]
    fn stopping_early_reports_the_rest_as_missed() {
        let t0 = Instant::now();
        let mut run = Run::new(plan(Mode::Wait), t0, Vec::new());
        run.input(on(60), t0);
        let report = run.stop();
        assert_eq!((report.correct, report.missed), (1, 2));
    }
}
