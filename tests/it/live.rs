//! End to end over a real JACK MIDI port (the `jack` feature; `.ci/test` starts a JACK server
//! with the dummy driver): a virtual keyboard plays into `etude practice --headless`; the
//! window's sound is recorded from its JACK output port.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use midir::os::unix::VirtualOutput;
use midir::{MidiOutput, MidiOutputConnection};
use serde_json::Value;

/// One live test at a time: each runs real-time MIDI through one JACK server on two cores, and
/// a starved JACK client drops events.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

pub fn one_at_a_time() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A JACK client name no other test uses.
pub fn client_name() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        "etude-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A virtual MIDI keyboard: a JACK MIDI output port `client:keyboard`.
fn keyboard(client: &str) -> MidiOutputConnection {
    let output =
        MidiOutput::new(client).expect("a JACK server must be running: `bash .ci/test` starts one");
    output
        .create_virtual("keyboard")
        .expect("a virtual JACK MIDI port")
}

/// `etude` with its stderr lines delivered on a channel.
pub struct Etude {
    pub child: Child,
    lines: Receiver<String>,
    pub seen: Vec<String>,
}

impl Etude {
    pub fn start(args: &[&str], home: &std::path::Path) -> Etude {
        let mut child = Command::new(env!("CARGO_BIN_EXE_etude"))
            .args(args)
            .env("ETUDE_HOME", home)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        Etude {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a stderr line containing `words`; returns when it was seen.
    pub fn wait_for(&mut self, words: &str) -> Instant {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(50)) {
                let found = line.contains(words);
                self.seen.push(line);
                if found {
                    return Instant::now();
                }
            }
        }
        let _ = self.child.kill();
        panic!(
            "etude never said {words:?}; it said:\n{}",
            self.seen.join("\n")
        );
    }

    /// Sends the process the signal `name` ("-INT", "-STOP", "-CONT"), as `kill` names it.
    pub fn signal(&self, name: &str) {
        signal(&self.child, name);
    }

    /// Waits for the process to end; returns its JSON report.
    fn report(self) -> Value {
        self.report_and_lines().0
    }

    /// The report, and every line Etude wrote on stderr.
    pub fn report_and_lines(mut self) -> (Value, Vec<String>) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                let _ = self.child.kill();
                self.seen.extend(self.lines.try_iter());
                panic!(
                    "etude did not finish in 30 s; it said:\n{}",
                    self.seen.join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let output = self.child.wait_with_output().unwrap();
        self.seen.extend(self.lines.try_iter());
        assert!(
            output.status.success(),
            "etude failed:\n{}",
            self.seen.join("\n")
        );
        let report = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{e}:\n{}", self.seen.join("\n")));
        (report, self.seen)
    }
}

/// The periods `etude practice` says, in `lines` (its standard error), the JACK server did not
/// run it in, if it says so.
pub fn periods_lost_said(lines: &[String]) -> Option<usize> {
    lines.iter().find_map(|line| {
        let (_, after) = line.split_once("did not run Etude in ")?;
        after.split(' ').next()?.parse().ok()
    })
}

/// Whether the running kernel is `major.minor` or later.
fn kernel_at_least(major: u32, minor: u32) -> bool {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
    let mut numbers = release
        .split(|c: char| !c.is_ascii_digit())
        .map(|n| n.parse::<u32>().unwrap_or(0));
    (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0)) >= (major, minor)
}

/// How many threads of process `pid` the scheduler gives a slice of `nanos` ns.
fn threads_with_slice(pid: u32, nanos: u64) -> usize {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).unwrap();
    tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("sched")).ok())
        .filter(|sched| {
            sched.lines().any(|line| {
                line.starts_with("se.slice")
                    && line.split(':').nth(1).and_then(|v| v.trim().parse().ok()) == Some(nanos)
            })
        })
        .count()
}

const SCALE: [u8; 15] = [60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60];

/// Plays a note: NoteOn, active sensing and a clock byte in between, NoteOff (velocity-0 NoteOn).
fn strike(keyboard: &mut MidiOutputConnection, note: u8) {
    keyboard.send(&[0x90, note, 80]).unwrap();
    keyboard.send(&[0xFE]).unwrap();
    keyboard.send(&[0xF8]).unwrap();
    std::thread::sleep(Duration::from_millis(40));
    keyboard.send(&[0x90, note, 0]).unwrap();
    keyboard.send(&[0xF8]).unwrap();
}

/// `etude practice` on the C major scale in tempo mode at `bpm`, listening to `port`, with a
/// JSON report.
fn scale_in_tempo(port: &str, bpm: u16, home: &std::path::Path) -> Etude {
    let bpm = bpm.to_string();
    Etude::start(
        &[
            "practice",
            "--lesson",
            "c-major-scale-rh",
            "--port",
            port,
            "--mode",
            "tempo",
            "--bpm",
            &bpm,
            "--headless",
            "--json",
        ],
        home,
    )
}

#[test]
fn a_scale_with_a_wrong_and_a_missed_note_in_tempo_mode() {
    let _turn = one_at_a_time();
    let client = client_name();
    let port = format!("{client}:keyboard");
    let mut keyboard = keyboard(&client);
    let home = tempfile::tempdir().unwrap();
    let mut etude = scale_in_tempo(&port, 150, home.path());
    let go = etude.wait_for("Go!");
    let beat = Duration::from_millis(400);
    for (step, note) in SCALE.iter().enumerate() {
        let due = go + beat * step as u32;
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
        match step {
            4 => strike(&mut keyboard, 68), // G#4 for G4
            9 => {}                         // A4 coming down: missed
            _ => strike(&mut keyboard, *note),
        }
    }
    let report = etude.report();
    let counts: Vec<u64> = ["expected", "correct", "wrong", "missed", "extra"]
        .iter()
        .map(|k| report[k].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [15, 13, 1, 1, 0], "{report:#}");
    assert_eq!(report["mode"], "tempo");
    assert_eq!(report["tempo_bpm"], 150);
    assert_eq!(report["steps"][4]["played"], serde_json::json!(["G#4"]));
    assert_eq!(report["steps"][9]["outcome"], "missed");
    assert!(
        report["timing"]["mean_abs_ms"].as_f64().unwrap() < 30.0,
        "{:#}",
        report["timing"]
    );
    // The port is remembered for next time.
    let settings = std::fs::read_to_string(home.path().join("settings.ron")).unwrap();
    assert!(settings.contains(&port), "{settings}");
    let listed = Command::new(env!("CARGO_BIN_EXE_etude"))
        .args(["ports", "--json"])
        .env("ETUDE_HOME", home.path())
        .output()
        .unwrap();
    let ports: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert!(
        ports
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"name": port, "remembered": true})),
        "{ports}"
    );
    // The attempt and its recording are in the journal.
    let stats = Command::new(env!("CARGO_BIN_EXE_etude"))
        .args(["stats", "--json"])
        .env("ETUDE_HOME", home.path())
        .output()
        .unwrap();
    let stats: Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["today"]["attempts"], 1);
    let recordings = home.path().join("recordings");
    let day = std::fs::read_dir(&recordings)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let recording = std::fs::read_dir(day)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let played =
        etude::midi::smf::read_performance(&std::fs::read(recording).unwrap(), None).unwrap();
    let notes = played
        .iter()
        .filter(|e| matches!(e.kind, etude::engine::EventKind::NoteOn { .. }))
        .count();
    assert_eq!(notes, 14, "13 right notes and one wrong one were played");
}

#[test]
fn unplugging_pauses_the_attempt_and_replugging_resumes_it() {
    let _turn = one_at_a_time();
    let client = client_name();
    let port = format!("{client}:keyboard");
    let mut keyboard = keyboard(&client);
    let home = tempfile::tempdir().unwrap();
    let mut etude = Etude::start(
        &[
            "practice",
            "--lesson",
            "c-major-scale-rh",
            "--port",
            &client,
            "--mode",
            "wait",
            "--headless",
            "--json",
        ],
        home.path(),
    );
    etude.wait_for("Go!");
    for note in &SCALE[..7] {
        strike(&mut keyboard, *note);
        std::thread::sleep(Duration::from_millis(60));
    }
    etude.wait_for("✓ step 7");
    keyboard.close(); // the keyboard is unplugged
    etude.wait_for("Keyboard unplugged");
    std::thread::sleep(Duration::from_millis(500));
    let mut keyboard = self::keyboard(&client); // and plugged back in
    etude.wait_for("Keyboard back");
    for note in &SCALE[7..] {
        strike(&mut keyboard, *note);
        std::thread::sleep(Duration::from_millis(60));
    }
    let report = etude.report();
    assert_eq!(
        (report["correct"].as_u64(), report["expected"].as_u64()),
        (Some(15), Some(15)),
        "{report:#}"
    );
    assert_eq!(report["wrong"], 0);
    assert_eq!(report["mode"], "wait");
    drop(port);
}

#[test]
fn without_a_midi_system_ports_and_practice_say_so() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["ports"][..],
        &["practice", "--lesson", "c-major-scale-rh", "--headless"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_etude"))
            .args(args)
            .env("ETUDE_HOME", home.path())
            .env("JACK_DEFAULT_SERVER", "etude-test-no-such-server")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "a device failure: {args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("No MIDI system: Etude cannot look for MIDI keyboards")
                && stderr.contains("(Detail: no MIDI system is available"),
            "{stderr}"
        );
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn ctrl_c_ends_the_attempt_with_a_partial_report() {
    let _turn = one_at_a_time();
    let client = client_name();
    let mut keyboard = keyboard(&client);
    let home = tempfile::tempdir().unwrap();
    let mut etude = Etude::start(
        &[
            "practice",
            "--lesson",
            "c-major-scale-rh",
            "--port",
            &client,
            "--headless",
            "--json",
        ],
        home.path(),
    );
    etude.wait_for("Go!");
    for note in &SCALE[..3] {
        strike(&mut keyboard, *note);
        std::thread::sleep(Duration::from_millis(60));
    }
    etude.wait_for("✓ step 3");
    etude.signal("-INT");
    let report = etude.report();
    assert_eq!(
        (
            report["correct"].as_u64(),
            report["missed"].as_u64(),
            report["expected"].as_u64()
        ),
        (Some(3), Some(12), Some(15)),
        "{report:#}"
    );
}

/// A machine too busy for Etude: its process is stopped for 150 ms in a tempo-mode run, and
/// the server goes on without its client. The metronome's clicks after that keep the beat
/// they had before (a renderer counting only its own periods would click 150 ms late from
/// then on), and Etude says at the end how many periods it was left out of: keys played in
/// them never reached it.
#[test]
fn a_stalled_etude_keeps_the_beat_and_says_what_it_lost() {
    let _turn = one_at_a_time();
    let client = client_name();
    let port = format!("{client}:keyboard");
    let _keyboard = keyboard(&client);
    let home = tempfile::tempdir().unwrap();
    let mut etude = scale_in_tempo(&port, 120, home.path());
    etude.wait_for("Listening to");
    let recording = Recording::of(&format!("etude-{}", etude.child.id()));
    let go = etude.wait_for("Go!");
    // Its audio thread, and it alone, asked the kernel for the short time slice (Linux 6.12
    // on: older kernels ignore the request).
    if kernel_at_least(6, 12) {
        let nanos = u64::try_from(etude::audio::slice::AUDIO_SLICE.as_nanos()).unwrap();
        let short = threads_with_slice(etude.child.id(), nanos);
        assert_eq!(short, 1, "{short} threads of Etude have the short slice");
    }
    std::thread::sleep(
        (go + Duration::from_millis(1_300)).saturating_duration_since(Instant::now()),
    );
    // Between two beats (1,000 and 1,500 ms): no click is due while Etude is stopped.
    etude.signal("-STOP");
    std::thread::sleep(Duration::from_millis(150));
    etude.signal("-CONT");
    let recorded = recording
        .for_((go + Duration::from_millis(4_000)).saturating_duration_since(Instant::now()));
    etude.signal("-INT");
    let (_, lines) = etude.report_and_lines();
    let clicks: Vec<f64> = crate::onsets::onsets(&recorded.samples, recorded.rate)
        .into_iter()
        .map(|at| at as f64 * 1000.0 / recorded.rate)
        .collect();
    // The beat of the first click: every 500 ms from it. The click due while Etude was
    // stopped may come late, when it wakes.
    let on_the_beat = |at: &&f64| {
        let off = (**at - clicks[0]).rem_euclid(500.0);
        off.min(500.0 - off) <= 10.0
    };
    let on_time = clicks.iter().filter(on_the_beat).count();
    assert!(
        clicks.len() >= 6 && on_time >= clicks.len() - 1 && on_the_beat(&clicks.last().unwrap()),
        "clicks at {clicks:?} ms: {on_time} on the beat of the first; {}",
        recorded.missed_said()
    );
    let lost = periods_lost_said(&lines)
        .unwrap_or_else(|| panic!("Etude does not say it lost periods:\n{}", lines.join("\n")));
    // 150 ms is 28 periods of 256 frames at 48 kHz.
    assert!(lost >= 20, "{lost} periods lost:\n{}", lines.join("\n"));
}

/// A run played in the window while the computer was too busy for the sound: a JACK client
/// ahead of the window's in the graph (its MIDI goes to the window's keys) holds the graph
/// up for 150 ms, and the server runs the window's client once for all the periods it
/// missed. The report says so; the next run, with nothing held up, says nothing of it.
#[test]
fn the_report_says_when_the_computer_was_too_busy_for_the_sound() {
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;

    let (_turn, _home, mut app) = window_with_sound();
    let (client, _) =
        jack::Client::new(&client_name(), jack::ClientOptions::NO_START_SERVER).unwrap();
    let mut keys = client
        .register_port("keys", jack::MidiOut::default())
        .unwrap();
    let keys_name = keys.name().unwrap();
    let hold_up = Arc::new(AtomicBool::new(false));
    let holding = Arc::clone(&hold_up);
    let ahead = client
        .activate_async(
            (),
            jack::contrib::ClosureProcessHandler::new(
                move |_: &jack::Client, ps: &jack::ProcessScope| {
                    let _ = keys.writer(ps);
                    if holding.swap(false, Ordering::AcqRel) {
                        std::thread::sleep(Duration::from_millis(150));
                    }
                    jack::Control::Continue
                },
            ),
        )
        .unwrap();
    ahead
        .as_client()
        .connect_ports_by_name(&keys_name, &format!("etude-{}:keys", std::process::id()))
        .unwrap();
    let play = |app: &mut etude::app::App| {
        let gap = Duration::from_millis(300);
        crate::ui::play(app, &crate::ui::FIVE_FINGERS, Instant::now(), gap);
    };
    crate::drive::click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );
    hold_up.store(true, Ordering::Release);
    std::thread::sleep(Duration::from_millis(500));
    play(&mut app);
    assert!(crate::drive::shows_a_line_beginning(&app, "Passed"));
    // 150 ms is 28 periods of 256 frames at 48 kHz.
    let lost = |app: &etude::app::App| {
        let said = crate::drive::line_beginning(app, BUSY)?;
        let periods: u32 = said
            .trim_start_matches(BUSY)
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{said}"));
        // No MIDI keyboard (the keys came from the computer's): no key was lost.
        assert!(said.ends_with("and the sound broke off."), "{said}");
        Some(periods)
    };
    let periods = lost(&app).expect("the report says the sound was held up");
    assert!(periods >= 20, "{periods} periods lost");
    // The next run counts its own: nothing held up (a busy machine may still lose a period or
    // two).
    crate::drive::click(&mut app, "Restart (Enter)");
    play(&mut app);
    assert!(lost(&app).is_none_or(|periods| periods < 20));
}

/// What the report says when the sound server held the sound up.
const BUSY: &str = "The computer was too busy for the sound: the sound server left Etude out of ";

/// A run played in the window, then ▶ Replay on the Journal screen: the recording comes out of
/// the window's JACK output, every key at its time (one key between two heard ones may fall
/// where the test's recorder itself was not run: it is let by, and a failure says what the
/// recorder missed).
#[test]
fn the_journal_replays_a_run_through_the_sound_output() {
    use etude::app::{Message, Page};
    use etude::engine::EventKind;
    use etude::theory::Note;
    use etude::ui::screen::{journal, practice, today};

    let (_turn, home, mut app) = window_with_sound();
    crate::drive::handle(
        &mut app,
        Message::Today(today::Message::Practise("c-five-finger-rh".into())),
    );
    // The five-finger run, a key every 300 ms.
    let start = Instant::now();
    let gap = Duration::from_millis(300);
    for (i, note) in [60u8, 62, 64, 65, 67, 65, 64, 62, 60].iter().enumerate() {
        let at = start + gap * i as u32;
        let input = |kind| Message::Practice(practice::Message::Input(kind));
        let note = Note(*note);
        crate::drive::handle_at(
            &mut app,
            input(EventKind::NoteOn { note, velocity: 90 }),
            at,
        );
        crate::drive::handle_at(&mut app, input(EventKind::NoteOff { note }), at + gap / 2);
    }
    crate::drive::handle(&mut app, Message::Practice(practice::Message::Stop));

    // Record the window's output while the recording plays back.
    let recording = Recording::of_this_window();
    crate::drive::handle(&mut app, Message::Go(Page::Journal));
    crate::drive::handle(
        &mut app,
        Message::Journal(journal::Message::Replay(
            std::fs::read_dir(home.path().join("recordings"))
                .unwrap()
                .flat_map(|day| std::fs::read_dir(day.unwrap().path()).unwrap())
                .map(|file| {
                    let path = file.unwrap().path();
                    path.strip_prefix(home.path())
                        .unwrap()
                        .display()
                        .to_string()
                })
                .next()
                .expect("the run was recorded"),
        )),
    );
    let recorded = recording.for_(Duration::from_secs(4));
    let rate = recorded.rate;
    let onsets = crate::onsets::onsets(&recorded.samples, rate);
    let gaps = crate::onsets::gaps_ms(&onsets, rate);
    let missed = recorded.missed_said();
    // A key between two heard ones whose attack fell where the recorder itself has no sound
    // cannot be heard (the onset finder takes sound coming back after zeros, within 10 ms
    // before an attack to 5 ms after, for no key; a key is due within 12 ms): one such is
    // not held against Etude, and the keys either side of it are then two steps apart.
    let mut unheard = 0;
    for (pair, gap) in onsets.windows(2).zip(&gaps) {
        let steps = (gap / 300.0).round().max(1.0);
        assert!(
            (gap - 300.0 * steps).abs() <= 12.0,
            "keys 300 ms apart: {gaps:?} ms; {missed}"
        );
        for step in 1..steps as usize {
            let due = pair[0] + (step as f64 * 300.0 * rate / 1000.0) as usize;
            assert!(
                recorded.deaf_around(due, 22.0, 17.0),
                "a key not heard {} ms after the one before: {gaps:?} ms; {missed}",
                step * 300
            );
            unheard += 1;
        }
    }
    assert!(
        onsets.len() + unheard == 9 && unheard <= 1,
        "nine keys replayed: gaps {gaps:?} ms; {missed}"
    );
}

/// The window's `App` over a fresh data folder, its sound on a real JACK output (the bundled
/// SoundFont, 256 frames), while no other live test runs.
fn window_with_sound() -> (MutexGuard<'static, ()>, tempfile::TempDir, etude::app::App) {
    let turn = one_at_a_time();
    let font = etude::audio::soundfont::bundled().unwrap();
    let sound = etude::audio::output::open(&font, 256);
    assert!(!sound.is_silent(), "{}", sound.description);
    let home = tempfile::tempdir().unwrap();
    let app = etude::app::App::with_sound(home.path().to_path_buf(), sound);
    (turn, home, app)
}

/// A recorder's process callback: each block heard is sent on.
type Heard = Box<dyn FnMut(&jack::Client, &jack::ProcessScope) -> jack::Control + Send>;

/// What this process's window plays through its JACK output, recorded by a JACK client.
struct Recording {
    client: jack::AsyncClient<(), jack::contrib::ClosureProcessHandler<(), Heard>>,
    /// Each period heard, with the server's frame it began on.
    blocks: Receiver<(u32, Vec<f32>)>,
    /// What was heard so far, and the frame it begins on.
    recorded: std::cell::RefCell<Option<(u32, Recorded)>>,
    rate: f64,
}

/// A recording: its samples, their rate, and the stretches of it the recorder itself has no
/// sound of (silence in `samples`): periods a loaded server did not run it for, or whose late
/// read was dropped (see [`Recorded::place`]). A key whose attack fell in one was not heard by
/// the test, whatever Etude played.
struct Recorded {
    samples: Vec<f32>,
    rate: f64,
    /// Where each stretch the recorder has no sound of begins and how long it is, in samples.
    missed: Vec<(usize, usize)>,
    /// Periods the recorder was run for again, and not recorded twice.
    read_again: usize,
}

impl Recorded {
    /// Nothing heard yet.
    fn new(rate: f64) -> Recorded {
        Recorded {
            samples: Vec::new(),
            rate,
            missed: Vec::new(),
            read_again: 0,
        }
    }

    /// Puts `block` at sample `at`: what the recorder missed before it stays as silence,
    /// noted as missed. A block for the period placed last is the recorder run for it again:
    /// JACK2 names a late wake by the period the server is in already, so the read before
    /// holds the sound the port had then (the period before, or this one half written). The
    /// second read replaces it, and the period before stays missed.
    fn place(&mut self, at: usize, block: &[f32]) {
        let so_far = self.samples.len();
        if at < so_far {
            if at + block.len() == so_far {
                self.read_again += 1;
                self.samples.truncate(at);
                self.samples.extend_from_slice(block);
            }
            return;
        }
        if at > so_far {
            self.missed.push((so_far, at - so_far));
        }
        self.samples.resize(at, 0.0);
        self.samples.extend_from_slice(block);
    }

    /// Whether the recorder has no sound of some sample from `before_ms` milliseconds before
    /// sample `at` to `after_ms` after it.
    fn deaf_around(&self, at: usize, before_ms: f64, after_ms: f64) -> bool {
        let samples = |ms: f64| (self.rate * ms / 1000.0) as usize;
        let (from, to) = (
            at.saturating_sub(samples(before_ms)),
            at + samples(after_ms),
        );
        self.missed
            .iter()
            .any(|&(start, length)| start <= to && start + length > from)
    }

    /// What the recorder missed, for a failure's message.
    fn missed_said(&self) -> String {
        let ms = |samples: usize| samples as f64 * 1000.0 / self.rate;
        let stretches: Vec<String> = self
            .missed
            .iter()
            .map(|&(start, length)| format!("{:.1} ms at {:.1} ms", ms(length), ms(start)))
            .collect();
        let missed = if stretches.is_empty() {
            "the recorder missed no period".to_string()
        } else {
            format!("the recorder itself missed {}", stretches.join(", "))
        };
        format!(
            "{missed}; periods it was run for again: {}",
            self.read_again
        )
    }
}

/// Periods the recorder was not run for stay as silence where they belong, and are said; a
/// time near one is known to be unheard, a time well away from it is not; a period read again
/// keeps its second read.
#[test]
fn a_recording_knows_what_its_recorder_missed() {
    let mut recorded = Recorded::new(48_000.0);
    assert_eq!(
        recorded.missed_said(),
        "the recorder missed no period; periods it was run for again: 0"
    );
    for at in [0, 256, 1024] {
        recorded.place(at, &[0.5; 256]);
    }
    // Run again for the period at 1024: the second read is kept.
    recorded.place(1024, &[0.9; 256]);
    recorded.place(1280, &[0.5; 256]);
    // A read older than the last period placed has nowhere to go.
    recorded.place(256, &[0.7; 256]);
    assert_eq!(recorded.samples.len(), 1536);
    assert_eq!(recorded.samples[511..514], [0.5, 0.0, 0.0]);
    assert_eq!(recorded.samples[1023..1025], [0.0, 0.9]);
    assert_eq!(recorded.samples[1279..1281], [0.9, 0.5]);
    assert!(!recorded.samples.contains(&0.7));
    assert_eq!(recorded.missed, [(512, 512)]);
    assert_eq!(
        recorded.missed_said(),
        "the recorder itself missed 10.7 ms at 10.7 ms; periods it was run for again: 1"
    );
    // Missed: samples 512 to 1023. 1 ms is 48 samples.
    assert!(recorded.deaf_around(700, 0.0, 0.0));
    assert!(recorded.deaf_around(1023, 0.0, 0.0));
    assert!(!recorded.deaf_around(1024, 0.0, 0.0));
    assert!(recorded.deaf_around(1024 + 47, 1.0, 0.0));
    assert!(!recorded.deaf_around(1024 + 48, 1.0, 0.0));
    assert!(!recorded.deaf_around(1024 + 47, 0.0, 2.0));
    assert!(recorded.deaf_around(512 - 48, 0.0, 1.0));
    assert!(!recorded.deaf_around(512 - 49, 0.0, 1.0));
    assert!(!recorded.deaf_around(512 - 48, 2.0, 0.0));
}

impl Recording {
    /// Starts recording the window's output (the app's sound must be open).
    fn of_this_window() -> Recording {
        Recording::of(&format!("etude-{}", std::process::id()))
    }

    /// Starts recording the output of the JACK client `etude` (an Etude's, open).
    fn of(etude: &str) -> Recording {
        let (recorder, _) =
            jack::Client::new(&client_name(), jack::ClientOptions::NO_START_SERVER).unwrap();
        let input = recorder
            .register_port("in", jack::AudioIn::default())
            .unwrap();
        let input_name = input.name().unwrap();
        let (blocks, heard) = channel::<(u32, Vec<f32>)>();
        let process: Heard = Box::new(move |_: &jack::Client, ps: &jack::ProcessScope| {
            let frame = ps.last_frame_time();
            let block = input.as_slice(ps).to_vec();
            // Copied while the server began another period, it may hold a later period's
            // sound under this one's frame: left out, as a period missed.
            if ps.last_frame_time() == frame {
                let _ = blocks.send((frame, block));
            }
            jack::Control::Continue
        });
        let client = recorder
            .activate_async((), jack::contrib::ClosureProcessHandler::new(process))
            .unwrap();
        let outputs = client.as_client().ports(
            Some(&format!("{etude}:out")),
            None,
            jack::PortFlags::IS_OUTPUT,
        );
        assert!(!outputs.is_empty(), "{etude}'s JACK output is not there");
        client
            .as_client()
            .connect_ports_by_name(&outputs[0], &input_name)
            .unwrap();
        let rate = client.as_client().sample_rate() as f64;
        while heard.try_recv().is_ok() {}
        Recording {
            client,
            blocks: heard,
            recorded: std::cell::RefCell::new(None),
            rate,
        }
    }

    /// Puts `block` where the server's frame clock says it belongs: a period the recorder
    /// missed stays as silence, noted as missed, and every sample keeps its time.
    fn place(&self, (frame, block): (u32, Vec<f32>)) {
        let mut so_far = self.recorded.borrow_mut();
        let (origin, recorded) = so_far.get_or_insert_with(|| (frame, Recorded::new(self.rate)));
        // A frame before the first one heard has no place.
        if let Ok(at) = usize::try_from(frame.wrapping_sub(*origin) as i32) {
            recorded.place(at, &block);
        }
    }

    /// Goes on recording for `length`, then stops: all that was heard.
    fn for_(self, length: Duration) -> Recorded {
        let until = Instant::now() + length;
        while Instant::now() < until {
            if let Ok(block) = self.blocks.recv_timeout(Duration::from_millis(100)) {
                self.place(block);
            }
        }
        drop(self.client);
        let rate = self.rate;
        self.recorded
            .into_inner()
            .map_or_else(|| Recorded::new(rate), |(_, recorded)| recorded)
    }

    /// How many samples have been heard so far (the recording goes on).
    fn so_far(&self) -> usize {
        while let Ok(block) = self.blocks.try_recv() {
            self.place(block);
        }
        self.recorded
            .borrow()
            .as_ref()
            .map_or(0, |(_, recorded)| recorded.samples.len())
    }
}

/// A piece's right hand played in the window in wait mode, one step a second, with Etude
/// playing the left hand: the left hand's notes come out of the window's JACK output when the
/// right hand reaches them — the G major chord with the first step, A3 with the fourth, B3
/// with the sixth, C4 with the ninth, B3 with the last — and at no other step (one entry may
/// fall where the test's recorder itself was not run: it is let by, and said on failure).
#[test]
fn etude_plays_the_other_hand_with_the_player() {
    use etude::app::Message;
    use etude::engine::EventKind;
    use etude::theory::Note;
    use etude::ui::screen::practice;

    let (_turn, _home, mut app) = window_with_sound();
    let minuet =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pieces/minuet-named.mid");
    crate::drive::handle(&mut app, Message::PieceChosen(Some(minuet)));
    assert!(crate::drive::shows(
        &app,
        "Little Minuet, bars 1–4, right hand"
    ));
    assert!(crate::drive::shows(&app, "Etude plays the left hand"));

    let recording = Recording::of_this_window();
    let right = [74u8, 67, 69, 71, 72, 74, 67, 67, 76, 72, 74, 76, 78, 79];
    let gap = Duration::from_millis(1000);
    let start = Instant::now() + Duration::from_millis(300);
    // Where the recording stood when each step was played.
    let mut played_at = Vec::new();
    for (i, key) in right.iter().enumerate() {
        std::thread::sleep((start + gap * i as u32).saturating_duration_since(Instant::now()));
        played_at.push(recording.so_far());
        // Played now, after what was recorded so far: a test woken late must not strike the
        // key at a time whose samples were already counted under the step before.
        let at = Instant::now();
        let note = Note(*key);
        let input = |kind| Message::Practice(practice::Message::Input(kind));
        crate::drive::handle_at(
            &mut app,
            input(EventKind::NoteOn { note, velocity: 80 }),
            at,
        );
        crate::drive::handle_at(&mut app, input(EventKind::NoteOff { note }), at);
    }
    assert!(crate::drive::shows(
        &app,
        "14 of 14 steps right (100.0%) · 0 wrong · 0 missed · 0 extra"
    ));
    let recorded = recording.for_(Duration::from_millis(1500));
    let rate = recorded.rate;

    // Each onset belongs to the step played last before it, and follows it at once. A low
    // chord's level rises and falls from one 5 ms window to the next as its notes beat: a
    // rise long after an entry that came at once, in the same step, is that chord ringing.
    let onsets = crate::onsets::onsets(&recorded.samples, rate);
    let mut heard: Vec<(usize, f64)> = Vec::new();
    // Where the recording stood is known to within a period and the recorder's chunks: an
    // onset up to 20 ms before a step's mark is that step's (steps are a second apart).
    let slack = (rate * 0.02) as usize;
    for onset in onsets {
        let Some(step) = played_at
            .iter()
            .rposition(|played| *played <= onset + slack)
        else {
            continue;
        };
        let after_ms = (onset as f64 - played_at[step] as f64) * 1000.0 / rate;
        let ringing = heard
            .last()
            .is_some_and(|(entered, at)| *entered == step && *at < 60.0 && after_ms > 100.0);
        if !ringing {
            heard.push((step, after_ms));
        }
    }
    let steps: Vec<usize> = heard.iter().map(|(step, _)| *step).collect();
    // An entry whose attack fell where the recorder itself has no sound cannot be heard
    // (zeros from 10 ms before an attack to 5 ms after hide it; an entry comes from 20 ms
    // before its step's mark to 60 ms after): one such is not held against Etude.
    let entries = [0, 3, 5, 8, 13];
    let unheard: Vec<usize> = entries
        .into_iter()
        .filter(|step| !steps.contains(step))
        .collect();
    let excused = unheard.len() <= 1
        && unheard
            .iter()
            .all(|&step| recorded.deaf_around(played_at[step], 30.0, 65.0));
    assert!(
        steps.iter().all(|step| entries.contains(step))
            && steps.len() + unheard.len() == entries.len()
            && excused,
        "the left hand came in at these steps {entries:?}: {heard:?}; {}",
        recorded.missed_said()
    );
    for (step, after_ms) in heard {
        assert!(
            after_ms < 60.0,
            "step {step}: the left hand sounded {after_ms:.1} ms after it was played"
        );
    }
}

/// Then and now, heard: two recorded runs of the C major scale (the first with a wrong key,
/// the best clean), played back to back from Progress through the window's JACK output — the
/// fifteen keys of each, 300 ms apart, with the first run's last key held 200 ms and two
/// seconds' silence between them. Each run's keys are looked for on a 300 ms grid from its
/// first key: the onset finder now and then takes an attack for the tail of the one before, or
/// finds a second rise in a ringing key, so 13 of the 15 must be heard within 25 ms of their
/// times and at most one stray onset is let by.
#[test]
fn then_and_now_is_heard_back_to_back() {
    use etude::app::{Message, Page};

    let (_turn, home, mut app) = window_with_sound();
    let scale = crate::cli::json(&["lessons", "show", "c-major-scale-rh", "--json"]);
    crate::adapts::record(home.path(), &scale, 200, &[6]);
    crate::adapts::record(home.path(), &scale, 200, &[]);
    crate::drive::handle(&mut app, Message::Go(Page::Progress));
    let recording = Recording::of_this_window();
    crate::drive::click(&mut app, "▶ Hear how far you came");
    assert!(crate::drive::shows(&app, "■ Stop"));
    let recorded = recording.for_(Duration::from_secs(12));
    let missed = recorded.missed_said();
    let onsets: Vec<f64> = crate::onsets::onsets(&recorded.samples, recorded.rate)
        .into_iter()
        .map(|at| at as f64 * 1000.0 / recorded.rate)
        .collect();
    let silences: Vec<usize> = (1..onsets.len())
        .filter(|i| onsets[*i] - onsets[*i - 1] > 1000.0)
        .collect();
    assert_eq!(
        silences.len(),
        1,
        "one silence between the runs: onsets at {onsets:?} ms; {missed}"
    );
    let (then, now) = onsets.split_at(silences[0]);
    let silence = now[0] - then[then.len() - 1];
    assert!(
        (silence - 2200.0).abs() <= 25.0,
        "the first run's last key and two seconds' silence: {silence} ms; onsets at {onsets:?}; {missed}"
    );
    for (run, onsets) in [("then", then), ("now", now)] {
        let on_time =
            |at: f64| (0..15).any(|k| (at - onsets[0] - 300.0 * f64::from(k)).abs() <= 25.0);
        let heard = (0..15)
            .filter(|k| {
                let due = onsets[0] + 300.0 * f64::from(*k);
                onsets.iter().any(|at| (at - due).abs() <= 25.0)
            })
            .count();
        let strays = onsets.iter().filter(|at| !on_time(**at)).count();
        assert!(
            heard >= 13 && strays <= 1,
            "{run}: {heard} of 15 keys on their 300 ms grid, {strays} stray onsets: {onsets:?} ms; {missed}"
        );
    }
}

/// The tap test in Settings, through a real JACK output: eight clicks 600 ms apart come out of
/// the window; taps 42 ms after each (the player's round trip) become the allowance tempo mode
/// makes, kept in the settings and said.
#[test]
fn the_tap_test_clicks_and_keeps_the_players_round_trip() {
    use etude::app::{Message, Page};
    use etude::engine::EventKind;
    use etude::midi::input::InputMessage;
    use etude::theory::Note;

    let (_turn, _home, mut app) = window_with_sound();
    crate::drive::handle(&mut app, Message::Go(Page::Settings));
    assert!(crate::drive::shows(
        &app,
        "Tempo mode allows for nothing yet."
    ));
    let recording = Recording::of_this_window();
    crate::drive::click(&mut app, "Tap along with 8 clicks");
    let clicks = app.tap_test_clicks().expect("the test runs").to_vec();
    assert_eq!(clicks.len(), 8);
    for click in &clicks {
        let at = *click + Duration::from_millis(42);
        let kind = EventKind::NoteOn {
            note: Note(60),
            velocity: 80,
        };
        crate::drive::handle(&mut app, Message::Midi(InputMessage::Event { at, kind }));
    }
    assert!(crate::drive::shows_a_line_beginning(
        &app,
        "Listen, then tap any key"
    ));
    // The window's clock ticks: the test ends after the last click, before a ninth.
    let over = clicks[7] + Duration::from_millis(350);
    std::thread::sleep(over.saturating_duration_since(Instant::now()));
    crate::drive::handle(&mut app, Message::Tick);
    let recorded = recording.for_(Duration::from_millis(1_000));
    let missed = recorded.missed_said();
    let onsets = crate::onsets::onsets(&recorded.samples, recorded.rate);
    let gaps = crate::onsets::gaps_ms(&onsets, recorded.rate);
    assert_eq!(onsets.len(), 8, "eight clicks: gaps {gaps:?} ms; {missed}");
    assert!(
        gaps.iter().all(|gap| (gap - 600.0).abs() < 10.0),
        "{gaps:?}; {missed}"
    );
    assert_eq!(app.settings().round_trip_ms, Some(42));
    assert!(crate::drive::shows(
        &app,
        "Your keys come 42 ms after the click: tempo mode allows for it."
    ));
    assert!(crate::drive::shows(&app, "Tempo mode allows for 42 ms."));
    // (Below the fold of the Settings page, as a person would scroll to it.)
    crate::drive::handle(
        &mut app,
        Message::Settings(etude::ui::screen::settings::Message::ForgetRoundTrip),
    );
    assert_eq!(app.settings().round_trip_ms, None);
}

/// Sends `process` the signal `name` ("-INT", "-STOP", "-CONT"), as `kill` names it.
pub fn signal(process: &Child, name: &str) {
    let pid = process.id().to_string();
    let sent = Command::new("kill").args([name, &pid]).status().unwrap();
    assert!(sent.success(), "kill {name} {pid}");
}
