//! Practising in the terminal: live MIDI events into a [`Run`], what happens said on a writer
//! (stderr) as it happens, the report at the end. The keyboard may be unplugged mid-run: run
//! time stops until it is back.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::audio::command::Command;
use crate::audio::output::AudioOutput;
use crate::engine::said::said;
use crate::engine::{Happening, NoteEvent, Plan, Report, Run};
use crate::midi::input::InputMessage;
use crate::service::practising;

/// The longest the loop sleeps with nothing due: how soon Ctrl-C is noticed.
const IDLE: Duration = Duration::from_millis(100);

/// The shortest it sleeps: a due time just passed never spins the loop.
const SOONEST: Duration = Duration::from_millis(1);

/// What one run in the terminal gave: the report, what was played, and when it started.
pub struct Practised {
    /// The report (partial if stopped early).
    pub report: Report,
    /// Every key and pedal event, in run time: the recording.
    pub events: Vec<NoteEvent>,
    /// The instant of the run's time 0.
    pub started: Instant,
}

/// Runs `plan` from `events` until it is finished, `stop` is set (Ctrl-C) or the input goes
/// away for good, allowing in tempo mode for the player's `round_trip` (µs); says what
/// happens on `progress`.
pub fn practise(
    plan: Plan,
    title: &str,
    events: &Receiver<InputMessage>,
    stop: &AtomicBool,
    sound: &AudioOutput,
    round_trip: crate::engine::Micros,
    progress: &mut dyn Write,
) -> Practised {
    let mode = plan.mode.word();
    say(
        progress,
        format!(
            "{title}: {} steps, {mode} mode, {} bpm",
            plan.targets.len(),
            plan.tempo_bpm
        ),
    );
    let mut run = practising::begin(plan, sound, Instant::now(), round_trip);
    let started = run.tick(Instant::now());
    tell(&run, started, progress);
    while !run.is_finished() {
        if stop.load(Ordering::Relaxed) {
            say(progress, "Stopped: the report covers what was played.");
            break;
        }
        // Asleep until a key comes or the run has something to say (a count-in beat, a
        // step whose time runs out): a run waiting for a key costs nothing.
        let sleep = run.next_due().map_or(IDLE, |due| {
            due.saturating_duration_since(Instant::now())
                .clamp(SOONEST, IDLE)
        });
        let happened = match events.recv_timeout(sleep) {
            Ok(InputMessage::Event { at, kind }) => run.input(kind, at),
            Ok(InputMessage::PortLost(port)) => {
                if let Some(paused) = run.pause(Instant::now(), &port) {
                    tell(&run, [paused], progress);
                    say(progress, "Ctrl-C ends the run.");
                }
                continue;
            }
            Ok(InputMessage::PortBack(port)) => run.resume(Instant::now(), &port),
            Ok(InputMessage::Ports(_)) => Vec::new(),
            Err(RecvTimeoutError::Timeout) => run.tick(Instant::now()),
            Err(RecvTimeoutError::Disconnected) => {
                say(
                    progress,
                    "The MIDI input closed: the report covers what was played.",
                );
                break;
            }
        };
        tell(&run, happened, progress);
        // A steady stream of messages (pedal, say) never holds back what fell due meanwhile.
        if run.next_due().is_some_and(|due| due <= Instant::now()) {
            let due = run.tick(Instant::now());
            tell(&run, due, progress);
        }
    }
    sound.commands.send(Command::StopMetronome);
    let report = run.stop().clone();
    Practised {
        report,
        events: run.events().to_vec(),
        started: run.started(),
    }
}

fn say(progress: &mut dyn Write, line: impl std::fmt::Display) {
    // Progress is a courtesy: a closed terminal must not stop the run.
    let _ = writeln!(progress, "{line}");
}

/// Says each thing that happened, in the run's one wording.
fn tell(run: &Run, happened: impl IntoIterator<Item = Happening>, progress: &mut dyn Write) {
    for happening in happened {
        // A right note of a chord still being completed, indented under its step.
        let indent = if matches!(happening, Happening::Partial(_)) {
            "  "
        } else {
            ""
        };
        say(
            progress,
            format!("{indent}{}", said(run.plan(), &happening)),
        );
    }
}
