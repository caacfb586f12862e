//! Practising from the terminal: live MIDI events into the engine, feedback as it happens on
//! a writer (stderr), the report at the end. The keyboard may be unplugged mid-attempt: time
//! stops until it is back.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::audio::command::Command;
use crate::audio::count_in;
use crate::audio::output::AudioOutput;
use crate::engine::clock::AttemptClock;
use crate::engine::{Attempt, Feedback, NoteEvent, Plan, Report, Verdict};
use crate::lesson::Mode;
use crate::midi::input::InputMessage;
use crate::theory::{Note, SpelledNote};

/// How often the attempt is told the time when nothing is played (to close late steps).
const TICK: Duration = Duration::from_millis(10);

/// What one attempt in the terminal gave: the report, what was played, and when it started.
pub struct Practised {
    /// The report (partial if stopped early).
    pub report: Report,
    /// Every key and pedal event, in attempt time: the recording.
    pub events: Vec<NoteEvent>,
    /// The instant of the attempt's time 0.
    pub started: Instant,
}

/// Runs one attempt from `events` until it is finished, `stop` is set (Ctrl-C) or the input
/// goes away for good; writes feedback to `progress`.
pub fn practise(
    plan: Plan,
    title: &str,
    events: &Receiver<InputMessage>,
    stop: &AtomicBool,
    sound: &AudioOutput,
    progress: &mut dyn Write,
) -> Practised {
    let mut attempt = Attempt::new(plan);
    let mut played = Vec::with_capacity(attempt.plan().targets.len() * 4);
    let plan = attempt.plan().clone();
    let mode = match plan.mode {
        Mode::Wait => "wait",
        Mode::Tempo => "tempo",
    };
    say(
        progress,
        format!(
            "{title}: {} steps, {mode} mode, {} bpm",
            plan.targets.len(),
            plan.tempo_bpm
        ),
    );
    let start = match plan.mode {
        Mode::Wait => Instant::now(),
        Mode::Tempo => count_in(sound, f64::from(plan.tempo_bpm), progress),
    };
    let mut clock = AttemptClock::starting_at(start);
    say(progress, "Go!");
    show_next(&attempt, progress);
    while !attempt.is_finished() {
        if stop.load(Ordering::Relaxed) {
            say(progress, "Stopped: the report covers what was played.");
            break;
        }
        match events.recv_timeout(TICK) {
            Ok(InputMessage::Event { at, kind }) => {
                let event = NoteEvent {
                    at: clock.time_of(at),
                    kind,
                };
                played.push(event);
                let feedback = attempt.feed(event);
                describe(&attempt, &feedback, progress);
            }
            Ok(InputMessage::PortLost(port)) => {
                clock.pause(Instant::now());
                say(
                    progress,
                    format!(
                        "Keyboard unplugged ({port}): paused at step {}. Plug it back in to go on; Ctrl-C ends the attempt.",
                        attempt.current_step() + 1
                    ),
                );
            }
            Ok(InputMessage::PortBack(port)) => {
                clock.resume(Instant::now());
                say(
                    progress,
                    format!(
                        "Keyboard back ({port}): go on from step {}.",
                        attempt.current_step() + 1
                    ),
                );
                show_next(&attempt, progress);
            }
            Ok(InputMessage::Ports(_)) => {}
            Err(RecvTimeoutError::Timeout) => {
                if !clock.is_paused() {
                    let feedback = attempt.tick(clock.time_of(Instant::now()));
                    describe(&attempt, &feedback, progress);
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                say(
                    progress,
                    "The MIDI input closed: the report covers what was played.",
                );
                break;
            }
        }
    }
    sound.commands.send(Command::StopMetronome);
    Practised {
        report: attempt.finish().clone(),
        events: played,
        started: start,
    }
}

fn say(progress: &mut dyn Write, line: impl std::fmt::Display) {
    // Progress is a courtesy: a closed terminal must not stop the attempt.
    let _ = writeln!(progress, "{line}");
}

/// Counts one bar in (with the metronome when there is sound), printing the beats on time;
/// returns the instant of the first step.
fn count_in(sound: &AudioOutput, bpm: f64, progress: &mut dyn Write) -> Instant {
    let count_in = count_in::start(sound, bpm);
    for (n, beat) in count_in.beats.iter().enumerate() {
        std::thread::sleep(beat.saturating_duration_since(Instant::now()));
        say(progress, format!("count-in {}", n + 1));
    }
    std::thread::sleep(count_in.start.saturating_duration_since(Instant::now()));
    count_in.start
}

fn names(attempt: &Attempt, step: usize) -> String {
    attempt
        .plan()
        .targets
        .get(step)
        .map_or_else(String::new, |target| {
            let mut text: Vec<String> = target.step.names.iter().map(|n| n.pretty()).collect();
            if let Some(chord) = &target.step.chord {
                text.insert(0, format!("{} {}:", chord.numeral, chord.symbol));
            }
            let fingers: Vec<String> = target
                .step
                .fingers
                .iter()
                .flatten()
                .map(|f| f.get().to_string())
                .collect();
            if !fingers.is_empty() {
                text.push(format!("(finger {})", fingers.join(" ")));
            }
            text.join(" ")
        })
}

fn show_next(attempt: &Attempt, progress: &mut dyn Write) {
    if !attempt.is_finished() {
        say(
            progress,
            format!(
                "Next: step {}: {}",
                attempt.current_step() + 1,
                names(attempt, attempt.current_step())
            ),
        );
    }
}

fn spelled(note: Note) -> String {
    SpelledNote::plain(note, false).pretty()
}

fn describe(attempt: &Attempt, feedback: &Feedback, progress: &mut dyn Write) {
    for step in feedback.missed.clone() {
        say(
            progress,
            format!("… step {}: missed ({})", step + 1, names(attempt, step)),
        );
    }
    match feedback.verdict {
        Verdict::Nothing => {}
        Verdict::Correct { note, .. } => say(progress, format!("  {} ✓ …", spelled(note))),
        Verdict::StepDone { step, offset, .. } => {
            let timing = offset.map_or_else(String::new, |us| {
                let ms = us as f64 / 1000.0;
                format!(" ({}{ms:.0} ms)", if ms >= 0.0 { "+" } else { "" })
            });
            say(
                progress,
                format!("✓ step {}: {}{timing}", step + 1, names(attempt, step)),
            );
            if attempt.plan().mode == Mode::Wait {
                show_next(attempt, progress);
            }
        }
        Verdict::Wrong { step, got } => say(
            progress,
            format!(
                "✗ {} — step {} is {}",
                spelled(got),
                step + 1,
                names(attempt, step)
            ),
        ),
        Verdict::Extra { got } => say(progress, format!("• {} (no step due now)", spelled(got))),
    }
    if feedback.finished {
        say(progress, "Finished!");
    }
}
