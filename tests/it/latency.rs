//! Key-to-sound latency under the JACK dummy server, in JACK's own frame clock: one client
//! sends NoteOns into the synthesizers' MIDI inputs, each at another frame of the period,
//! another records their audio outputs; a note's latency is the first recorded sample over the threshold
//! minus the frame it was sent on. The server's xruns while it plays are counted, and its log
//! says what was late in each.
//!
//! `every_key_sounds_through_jack_and_its_latency_is_measured` runs with the tests (Etude, the
//! bundled SoundFont): every key must sound, after it was pressed. Whether the numbers meet the
//! goal is judged by `.ci/measure-latency` (it sets `ETUDE_LATENCY_GOAL`), which also runs
//! `etude_beside_fluidsynth`: Etude and FluidSynth on the same server and font, playing the
//! same keys at once, with each font it finds. A timing goal is a measurement, not a test.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use crate::live::{Etude, client_name, one_at_a_time, periods_lost_said};

/// Keys struck in a measurement, how far apart (427 ms: the one before has died down enough
/// for the next attack to stand out) and how long each is held (32 ms).
const NOTES: usize = 100;
const FRAMES_APART: u32 = 20_480;
const FRAMES_HELD: u32 = 1_536;
const NOT_YET: u32 = u32::MAX;

/// FluidR3, where Debian's fluid-soundfont-gm puts it (Etude prefers it when it is there).
const FLUID_R3: &str = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

/// What plays the keys.
enum Synth {
    /// `etude practice --headless` with this SoundFont.
    Etude(PathBuf),
    /// FluidSynth on JACK with this SoundFont.
    FluidSynth(PathBuf),
}

/// What one measurement found.
struct Measured {
    /// Latencies of the keys heard, in ms, sorted.
    latencies: Vec<f64>,
    /// The server's period, in ms.
    period_ms: f64,
    /// How far apart the keys were, in ms.
    apart_ms: f64,
    /// Xruns the server reported while the keys were played.
    xruns: u32,
    /// What its log says was late in them.
    late: LateInLog,
    /// The server's DSP load while they were played (the share of each period the whole graph
    /// took, a running average), sampled at least every 100 ms and averaged, in %.
    dsp_load: f64,
    /// CPU time the virtual machine's host gave to others while this machine's CPUs had work
    /// (steal time, from `/proc/stat`), ms: a VM stalled for longer than a period skips it.
    stolen_ms: u64,
    /// The synthesizer's audio thread's time on a CPU, µs per period: the work it does.
    cpu_per_period: f64,
    /// Its time waiting for a CPU when it was due, µs per period.
    wait_per_period: f64,
    /// What Etude said on its standard error (nothing for FluidSynth).
    said: Vec<String>,
    /// Periods the test's own recorder has no sound of while the keys were played: it was not
    /// run for them, or its late wake for one was dropped (see `recorder_again`). A key
    /// sounding then is found in the next period it has.
    recorder_missed: u32,
    /// Periods the recorder was run for twice: JACK2 names a late wake by the period the
    /// server is in already, and the wake for that period reads it again; the first read is
    /// dropped (its sound may be the period's before, or the next half written).
    recorder_again: u32,
    /// Keys struck but not heard before the next: the frame each was sent on, the threshold
    /// its sound had to pass and the loudest sample heard after it, and when it was sent.
    missed: Vec<((u32, f32, f32), Option<Sent>)>,
    /// Of the keys heard, the least time one was there to be read (see [`Sent`]), in µs.
    least_window_heard: Option<u32>,
}

/// When the key sender wrote a key, and how long it was there to be read: JACK keeps a MIDI
/// port's events until the sender runs again, in the next period, and a synthesizer not run in
/// between never gets the key. A short time says the server ran the next period early to catch
/// up (its clock woke late); a long one, that the synthesizer was not run although it was due.
#[derive(Clone, Copy)]
struct Sent {
    /// The frame the key was sent on.
    frame: u32,
    /// How late in its period the sender ran and wrote it, µs after the server began it.
    into_period: u32,
    /// How long after writing it the sender ran again, µs.
    window: u32,
    /// When it wrote it, µs on JACK's clock (Linux's `CLOCK_MONOTONIC_RAW`: a kernel trace
    /// with `trace_clock` `mono_raw` shows what ran then).
    written_at: u64,
}

/// A [`Sent`] as the key sender fills it in: the window only once it ran again.
struct Sending {
    frame: AtomicU32,
    into_period: AtomicU32,
    /// NOT_YET until the sender ran again.
    window: AtomicU32,
    written_at: AtomicU64,
}

impl Default for Sending {
    fn default() -> Sending {
        Sending {
            frame: AtomicU32::new(0),
            into_period: AtomicU32::new(0),
            window: AtomicU32::new(NOT_YET),
            written_at: AtomicU64::new(0),
        }
    }
}

impl Sending {
    /// What was filled in, once the key's window is known.
    fn sent(&self) -> Option<Sent> {
        let window = self.window.load(Ordering::Acquire);
        (window != NOT_YET).then(|| Sent {
            frame: self.frame.load(Ordering::Acquire),
            into_period: self.into_period.load(Ordering::Acquire),
            window,
            written_at: self.written_at.load(Ordering::Acquire),
        })
    }
}

impl Measured {
    /// The keys Etude's judge heard: it names each (a right key with ✓, a wrong one with ✗).
    fn judged(&self) -> usize {
        self.said
            .iter()
            .filter(|line| line.starts_with('✓') || line.starts_with('✗'))
            .count()
    }

    /// What Etude said besides naming the keys.
    fn remarks(&self) -> Vec<&String> {
        self.said
            .iter()
            .filter(|line| !line.starts_with('✓') && !line.starts_with('✗'))
            .collect()
    }

    /// The periods Etude says the server did not run its client in.
    fn periods_lost(&self) -> usize {
        periods_lost_said(&self.said).unwrap_or(0)
    }

    fn at(&self, q: f64) -> f64 {
        let n = self.latencies.len();
        self.latencies[((q * n as f64).ceil() as usize).clamp(1, n) - 1]
    }

    fn line(&self, what: &str) -> String {
        if self.latencies.is_empty() {
            return format!(
                "{what}: no key heard, xruns {}, DSP load {:.1} %",
                self.xruns, self.dsp_load
            );
        }
        let (p1, p50, p99) = (self.at(0.01), self.at(0.5), self.at(0.99));
        let missed: String = self
            .missed
            .iter()
            .map(|((frame, threshold, loudest), sent)| {
                let when = sent.map_or_else(String::new, |sent| {
                    format!(
                        " (sent {} us into its period, there to be read for {} us, written at {} us)",
                        sent.into_period, sent.window, sent.written_at
                    )
                });
                format!("; the key at frame {frame} not heard{when}: loudest {loudest:.3} against {threshold:.3}")
            })
            .collect();
        let judged = if self.said.is_empty() {
            String::new()
        } else {
            format!(
                ", {} judged, {} periods lost",
                self.judged(),
                self.periods_lost()
            )
        };
        let least = self.least_window_heard.map_or_else(String::new, |window| {
            format!(", the briefest key heard there to be read for {window} us")
        });
        format!(
            "{what}: {} of {NOTES} keys heard{judged}{least}, p50 {p50:.2} ms, p99 {p99:.2} ms, jitter (p99-p1) {:.2} ms, xruns {} ({}), recorder missed {} periods and was run for {} twice, DSP load {:.1} %, {} ms stolen by the host, audio thread {:.1} us a period on a CPU and {:.1} us waiting for one; period {:.2} ms{missed}",
            self.latencies.len(),
            p99 - p1,
            self.xruns,
            self.late,
            self.recorder_missed,
            self.recorder_again,
            self.dsp_load,
            self.stolen_ms,
            self.cpu_per_period,
            self.wait_per_period,
            self.period_ms
        )
    }
}

/// What the server's log (`ETUDE_JACK_LOG`, where `start_test_jack` puts it) says was late in
/// the xruns of one measurement. JACK2 writes a line for every client not finished when a
/// cycle is checked (and notifies an xrun for each, so the lines add up to the xruns counted):
/// one due but not started ("Triggered": waiting for a CPU, or for a late client before it),
/// or started and not done ("Running", or "finished after current callback": slow work or a
/// late start); the dummy driver says when its own clock woke late. The log cannot say why a
/// client was late, only that it was.
#[derive(Default)]
struct LateInLog {
    /// The server's clock woke late.
    server_clock: u32,
    /// The synthesizer's client was due but had not started ("Triggered").
    synth_waiting: u32,
    /// The synthesizer's client had started and was not done.
    synth_working: u32,
    /// Another client was not finished: the test's key sender or recorder, or the other
    /// synthesizer playing beside this one.
    others: u32,
}

impl LateInLog {
    /// Reads the server's log written since byte `from` (see [`LateInLog::mark`]); `synth`
    /// is the synthesizer's client. Nothing, without a log.
    fn since(from: u64, synth: &str) -> LateInLog {
        server_log().map_or_else(LateInLog::default, |log| LateInLog::read(&log, from, synth))
    }

    /// Reads the lines of `log` from byte `from`.
    fn read(log: &Path, from: u64, synth: &str) -> LateInLog {
        let mut late = LateInLog::default();
        let text = std::fs::read(log).unwrap_or_default();
        let start = usize::try_from(from).unwrap_or(usize::MAX).min(text.len());
        for line in String::from_utf8_lossy(&text[start..]).lines() {
            let client = line
                .strip_prefix("JackEngine::XRun: client = ")
                .and_then(|rest| rest.split(" was not finished").next())
                .map(|name| (name, !line.ends_with("Triggered")))
                .or_else(|| {
                    line.strip_prefix("JackEngine::XRun: client ")
                        .and_then(|rest| rest.strip_suffix(" finished after current callback"))
                        .map(|name| (name, true))
                });
            match client {
                Some((name, true)) if name == synth => late.synth_working += 1,
                Some((name, false)) if name == synth => late.synth_waiting += 1,
                Some(_) => late.others += 1,
                None if line.starts_with("JackTimedDriver::Process XRun") => {
                    late.server_clock += 1;
                }
                None => {}
            }
        }
        late
    }

    /// Where the log is now, to read what comes after.
    fn mark() -> u64 {
        server_log()
            .and_then(|log| std::fs::metadata(log).ok())
            .map_or(0, |meta| meta.len())
    }

    /// The xruns the synthesizer's own client was named in.
    fn synth(&self) -> u32 {
        self.synth_waiting + self.synth_working
    }
}

impl std::fmt::Display for LateInLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the log names: server clock late {}, synthesizer late {} (not started {}, not done {}), other clients late {}",
            self.server_clock,
            self.synth(),
            self.synth_waiting,
            self.synth_working,
            self.others
        )
    }
}

/// Lines as JACK2's dummy server writes them (from a 64-frame run): each xrun is one line,
/// the synthesizer's own counted apart from the server's clock and the test's other clients.
#[test]
fn the_server_log_says_whose_xrun_it_was() {
    let log = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        log.path(),
        "JackEngine::XRun: client = etude-test-1-0 was not finished, state = Triggered\n",
    )
    .unwrap();
    let from = std::fs::metadata(log.path()).unwrap().len();
    let lines = [
        "JackTimedDriver::Process XRun = 35 usec",
        "JackAudioDriver::ProcessGraphAsyncMaster: Process error",
        "JackEngine::XRun: client = etude-4242 was not finished, state = Triggered",
        "JackEngine::XRun: client = etude-4242 was not finished, state = Running",
        "JackEngine::XRun: client etude-4242 finished after current callback",
        "JackEngine::XRun: client = etude-test-1-0 was not finished, state = Triggered",
        "JackEngine::XRun: client = etude-test-1-1 was not finished, state = Running",
        "Cannot write socket fd = 18 err = Broken pipe",
    ];
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(log.path())
        .unwrap();
    std::io::Write::write_all(&mut file, format!("{}\n", lines.join("\n")).as_bytes()).unwrap();
    let late = LateInLog::read(log.path(), from, "etude-4242");
    assert_eq!(
        (
            late.server_clock,
            late.synth_waiting,
            late.synth_working,
            late.others
        ),
        (1, 1, 2, 2),
        "{late}"
    );
}

/// The test server's log file, when the shell that started it said where.
fn server_log() -> Option<PathBuf> {
    std::env::var_os("ETUDE_JACK_LOG").map(PathBuf::from)
}

/// Counts the server's xruns.
struct Xruns(Arc<AtomicU32>);

impl jack::NotificationHandler for Xruns {
    fn xrun(&mut self, _: &jack::Client) -> jack::Control {
        self.0.fetch_add(1, Ordering::Relaxed);
        jack::Control::Continue
    }
}

/// A synthesizer running on the server: where its sound comes out, and how to stop it.
struct Running {
    output_pattern: String,
    /// The JACK client the synthesizer plays through, as the server's log names it.
    client: String,
    fluidsynth: Option<Child>,
    etude: Option<Etude>,
}

/// A measurement that fails half way leaves no synthesizer running.
impl Drop for Running {
    fn drop(&mut self) {
        self.stop_fluidsynth();
        if let Some(etude) = &mut self.etude {
            let _ = etude.child.kill();
            let _ = etude.child.wait();
        }
    }
}

impl Running {
    /// Stops the synthesizer; what Etude said on its standard error (nothing for FluidSynth).
    fn stop(&mut self) -> Vec<String> {
        self.stop_fluidsynth();
        let Some(etude) = self.etude.take() else {
            return Vec::new();
        };
        etude.signal("-INT");
        etude.report_and_lines().1
    }

    /// Stops FluidSynth, if it is the one running.
    fn stop_fluidsynth(&mut self) {
        if let Some(mut fluidsynth) = self.fluidsynth.take() {
            let _ = fluidsynth.kill();
            let _ = fluidsynth.wait();
        }
    }

    /// The synthesizer's process id.
    fn pid(&self) -> u32 {
        match (&self.fluidsynth, &self.etude) {
            (Some(fluidsynth), _) => fluidsynth.id(),
            (None, Some(etude)) => etude.child.id(),
            (None, None) => unreachable!("a synthesizer runs"),
        }
    }
}

/// The CPU time the host of this virtual machine has given to others while its CPUs had work
/// (all CPUs, the `steal` column of `/proc/stat`), in ms; 0 where that is not said.
fn stolen_ms() -> u64 {
    // The kernel counts it in USER_HZ ticks, 100 a second on Linux.
    std::fs::read_to_string("/proc/stat")
        .ok()
        .and_then(|stat| {
            let cpu = stat.lines().next()?.strip_prefix("cpu ")?;
            cpu.split_whitespace().nth(7)?.parse::<u64>().ok()
        })
        .map_or(0, |ticks| ticks * 10)
}

/// One thread's scheduling so far (from `/proc/PID/task/TID/schedstat`).
struct ThreadTimes {
    tid: String,
    /// Time on a CPU, ns.
    on_cpu: u64,
    /// Time waiting for a CPU when it was due, ns.
    waiting: u64,
    /// How often it was put on a CPU.
    slices: u64,
}

/// Each thread of process `pid`, as [`ThreadTimes`].
fn thread_times(pid: u32) -> Vec<ThreadTimes> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .filter_map(|task| {
            let task = task.ok()?;
            let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
            let mut numbers = stat.split_whitespace().map(|n| n.parse::<u64>().ok());
            Some(ThreadTimes {
                tid: task.file_name().to_string_lossy().into_owned(),
                on_cpu: numbers.next()??,
                waiting: numbers.next()??,
                slices: numbers.next()??,
            })
        })
        .collect()
}

/// The synthesizer's audio thread between two readings of [`thread_times`] (the thread put on
/// a CPU most often: once a period): its time on a CPU and waiting for one, µs per period.
fn audio_thread_cost(before: &[ThreadTimes], after: &[ThreadTimes], periods: f64) -> (f64, f64) {
    after
        .iter()
        .filter_map(|now| {
            let then = before.iter().find(|then| then.tid == now.tid)?;
            Some((
                now.slices - then.slices,
                now.on_cpu - then.on_cpu,
                now.waiting - then.waiting,
            ))
        })
        .max_by_key(|(slices, ..)| *slices)
        .map_or((0.0, 0.0), |(_, on_cpu, waiting)| {
            (
                on_cpu as f64 / 1000.0 / periods,
                waiting as f64 / 1000.0 / periods,
            )
        })
}

/// Starts `synth` with its MIDI input fed from `keys` (a port of `client`).
fn start(synth: &Synth, client: &jack::Client, keys: &str, home: &Path) -> Running {
    match synth {
        Synth::Etude(font) => {
            std::fs::write(
                home.join("settings.ron"),
                format!(
                    "Settings(soundfont: Some({:?}))",
                    font.display().to_string()
                ),
            )
            .unwrap();
            let mut etude = Etude::start(
                &[
                    "practice",
                    "--lesson",
                    "c-major-scale-rh",
                    "--mode",
                    "wait",
                    "--port",
                    keys,
                    "--headless",
                    "--json",
                ],
                home,
            );
            etude.wait_for("Go!");
            Running {
                output_pattern: format!("etude-{}:out", etude.child.id()),
                client: format!("etude-{}", etude.child.id()),
                fluidsynth: None,
                etude: Some(etude),
            }
        }
        Synth::FluidSynth(font) => {
            let name = client_name();
            // On the tests' own server (FluidSynth does not read JACK_DEFAULT_SERVER); as a
            // server (-s) it keeps running, its shell on a port of its own: one the system
            // has free, so two FluidSynths can play side by side.
            let server = std::env::var("JACK_DEFAULT_SERVER").unwrap_or_default();
            let shell = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|free| free.local_addr())
                .map(|address| address.port())
                .unwrap();
            let process = Command::new("fluidsynth")
                .args([
                    "-a", "jack", "-m", "jack", "-is", "-g", "1.0", "-r", "48000",
                ])
                .args(["-o", &format!("shell.port={shell}")])
                .args(["-o", &format!("audio.jack.server={server}")])
                .args(["-o", &format!("midi.jack.server={server}")])
                .args(["-o", &format!("audio.jack.id={name}")])
                .args(["-o", &format!("midi.jack.id={name}-midi")])
                .args(["-o", "audio.jack.autoconnect=0"])
                .arg(font)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("fluidsynth runs: `.ci/measure-latency` installs it");
            let deadline = Instant::now() + Duration::from_secs(30);
            // Its port may be there before its client is active, and refuse a connection.
            loop {
                let found = client.ports(
                    Some(&format!("{name}-midi:")),
                    Some("midi"),
                    jack::PortFlags::IS_INPUT,
                );
                let connected = found
                    .first()
                    .is_some_and(|port| client.connect_ports_by_name(keys, port).is_ok());
                if connected {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "fluidsynth's MIDI port never came, or never took a connection"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
            // With MIDI and audio both on JACK, FluidSynth has one client: the MIDI one.
            Running {
                output_pattern: format!("{name}-midi:"),
                client: format!("{name}-midi"),
                fluidsynth: Some(process),
                etude: None,
            }
        }
    }
}

/// Strikes middle C [`NOTES`] times, each at another frame of the period, into each of
/// `synths` at once (one key sender feeds them all) and records what comes out of each, in the
/// same conditions (though the one started first is woken first). One [`Measured`] for each,
/// in order.
fn measure(synths: &[Synth]) -> Vec<Measured> {
    let sender_name = client_name();
    let (sender_client, _) = jack::Client::new(&sender_name, jack::ClientOptions::NO_START_SERVER)
        .expect("a JACK server must be running: `bash .ci/test` starts one");
    let (recorder_client, _) =
        jack::Client::new(&client_name(), jack::ClientOptions::NO_START_SERVER).unwrap();
    let period = sender_client.buffer_size();
    let rate = f64::from(sender_client.sample_rate());
    let cycles_apart = (FRAMES_APART / period).max(8);
    let cycles_held = (FRAMES_HELD / period).max(2);
    let mut keys = sender_client
        .register_port("keys", jack::MidiOut::default())
        .unwrap();
    let inputs: Vec<_> = (0..synths.len())
        .map(|i| {
            recorder_client
                .register_port(&format!("in_{i}"), jack::AudioIn::default())
                .unwrap()
        })
        .collect();
    let input_names: Vec<String> = inputs.iter().map(|input| input.name().unwrap()).collect();

    let go = Arc::new(AtomicBool::new(false));
    // Set one key's time after the last key: whatever was not heard by then never will be.
    let finished = Arc::new(AtomicBool::new(false));
    // Whether each synthesizer's sound of the last key is still looked for.
    let awaiting: Arc<Vec<AtomicBool>> =
        Arc::new(synths.iter().map(|_| AtomicBool::new(false)).collect());
    let sent_at = Arc::new(AtomicU32::new(0));
    // The first frame of the period the key was sent in: a synthesizer that starts the
    // period's keys at its beginning (FluidSynth) sounds them before they were struck.
    let period_of_key = Arc::new(AtomicU32::new(0));
    // Which synthesizer, the frame the key was sent on and the frame its sound was heard.
    let (results, latencies) = channel::<(usize, u32, u32)>();
    let (misses, missed) = channel::<(usize, (u32, f32, f32))>();
    let sends: Arc<Vec<Sending>> = Arc::new((0..NOTES).map(|_| Sending::default()).collect());
    let sender = {
        let (go, finished, awaiting, sent_at, period_of_key, sends) = (
            Arc::clone(&go),
            Arc::clone(&finished),
            Arc::clone(&awaiting),
            Arc::clone(&sent_at),
            Arc::clone(&period_of_key),
            Arc::clone(&sends),
        );
        let (mut cycle, mut sent) = (0u32, 0usize);
        // The key written last and when: the next run overwrites it.
        let mut written: Option<(usize, u64)> = None;
        let micros =
            |from: u64, to: u64| u32::try_from(to.saturating_sub(from)).unwrap_or(NOT_YET - 1);
        jack::contrib::ClosureProcessHandler::new(
            move |client: &jack::Client, ps: &jack::ProcessScope| {
                let now = client.time();
                if let Some((key, at)) = written.take() {
                    sends[key].window.store(micros(at, now), Ordering::Release);
                }
                let mut writer = keys.writer(ps);
                if go.load(Ordering::Acquire) && !finished.load(Ordering::Relaxed) {
                    cycle += 1;
                    if sent == NOTES && cycle % cycles_apart == cycles_apart - 1 {
                        finished.store(true, Ordering::Release);
                    } else if cycle % cycles_apart == cycles_apart - 1 {
                        // The recorder stops following the tail a cycle before the key, so
                        // the key's own attack can never become the threshold it must pass.
                        sent_at.store(NOT_YET, Ordering::Release);
                        for waiting in awaiting.iter() {
                            waiting.store(true, Ordering::Release);
                        }
                    } else if cycle % cycles_apart == 0 {
                        // Each key somewhere else in the period: the delay must not depend
                        // on where in it a key comes.
                        let offset = (sent as u32 * 67) % ps.n_frames();
                        let _ = writer.write(&jack::RawMidi {
                            time: offset,
                            bytes: &[0x90, 60, 127],
                        });
                        period_of_key.store(ps.last_frame_time(), Ordering::Release);
                        let frame = ps.last_frame_time().wrapping_add(offset);
                        sent_at.store(frame, Ordering::Release);
                        let begun = ps.cycle_times().map_or(now, |times| times.current_usecs);
                        let sending = &sends[sent];
                        sending.frame.store(frame, Ordering::Release);
                        sending
                            .into_period
                            .store(micros(begun, now), Ordering::Release);
                        sending.written_at.store(now, Ordering::Release);
                        written = Some((sent, now));
                        sent += 1;
                    } else if cycle % cycles_apart == cycles_held {
                        let _ = writer.write(&jack::RawMidi {
                            time: 0,
                            bytes: &[0x80, 60, 0],
                        });
                    }
                }
                jack::Control::Continue
            },
        )
    };
    let recorder_missed = Arc::new(AtomicU32::new(0));
    let recorder_again = Arc::new(AtomicU32::new(0));
    let recorder = {
        let (go, finished, awaiting, sent_at, period_of_key) = (
            Arc::clone(&go),
            Arc::clone(&finished),
            Arc::clone(&awaiting),
            Arc::clone(&sent_at),
            Arc::clone(&period_of_key),
        );
        let (recorder_missed, recorder_again) =
            (Arc::clone(&recorder_missed), Arc::clone(&recorder_again));
        // Each read is looked at one wake later, when it is known whether the recorder is
        // run for its period again: JACK2 names a wake by the period the server is in, so a
        // wake for a period that comes after the next has begun reads the next one's frame
        // (the period it was due for looks skipped), and the wake for the next then reads
        // that frame again. The first of the two holds the sound the output port had then
        // (the period before, or the next one half written): it is dropped, the second kept.
        // The read held back (once `holding`), and the one being read.
        let (mut held, mut reading) = (
            Period::with_room(inputs.len(), period),
            Period::with_room(inputs.len(), period),
        );
        let mut holding = false;
        // For each synthesizer: the loudest sample of the last period before a key (what
        // still rings), and the key looked for, its threshold and the loudest sample since.
        let mut tails = vec![0f32; inputs.len()];
        let mut looking: Vec<Option<(u32, f32, f32)>> = vec![None; inputs.len()];
        // Looks for each synthesizer's key in a period read, by what the sender had said then.
        let heard_now = Arc::clone(&awaiting);
        let mut listen = move |read: &Period| {
            let (start, sent, from) = (read.start, read.sent, read.from);
            for (which, samples) in read.blocks.iter().enumerate() {
                let peak = samples.iter().fold(0f32, |m, s| m.max(s.abs()));
                let (tail, looking) = (&mut tails[which], &mut looking[which]);
                if read.finished {
                    // The last key, if it was not heard.
                    if let Some(missed) = looking.take() {
                        let _ = misses.send((which, missed));
                    }
                } else if read.awaiting[which] && sent != NOT_YET {
                    // Over what still rings from the note before (its release is long).
                    let threshold = 1.5 * *tail + 0.01;
                    match looking {
                        Some((key, _, loudest)) if *key == sent => {
                            *loudest = loudest.max(peak);
                        }
                        _ => {
                            // A key still looked for when the next was struck was not
                            // heard.
                            if let Some(missed) = looking.replace((sent, threshold, peak)) {
                                let _ = misses.send((which, missed));
                            }
                        }
                    }
                    let onset = samples.iter().enumerate().find(|(i, s)| {
                        start.wrapping_add(*i as u32) >= from && s.abs() > threshold
                    });
                    if let Some((i, _)) = onset {
                        *looking = None;
                        heard_now[which].store(false, Ordering::Release);
                        let _ = results.send((which, sent, start.wrapping_add(i as u32)));
                    }
                } else if !read.awaiting[which] {
                    *tail = peak;
                }
            }
        };
        jack::contrib::ClosureProcessHandler::new(
            move |_: &jack::Client, ps: &jack::ProcessScope| {
                let start = ps.last_frame_time();
                let counting = go.load(Ordering::Acquire);
                if holding {
                    match start.wrapping_sub(held.start) as i32 {
                        // The period held, read again: this read replaces it.
                        0 if counting => {
                            recorder_again.fetch_add(1, Ordering::Relaxed);
                        }
                        0 => {}
                        // Earlier than the one held: nothing to keep.
                        ..0 => return jack::Control::Continue,
                        ahead => {
                            if counting {
                                let skipped =
                                    (ahead.unsigned_abs() / ps.n_frames()).saturating_sub(1);
                                recorder_missed.fetch_add(skipped, Ordering::Relaxed);
                            }
                            listen(&held);
                        }
                    }
                }
                // Read after the one held was looked at: what it found is in `awaiting`.
                reading.start = start;
                for (block, input) in reading.blocks.iter_mut().zip(&inputs) {
                    block.clear();
                    block.extend_from_slice(input.as_slice(ps));
                }
                // Copied while the server began another period (the recorder stalled between
                // reading the frame and the sound), it may hold a later period's sound under
                // this one's frame: dropped, so the period counts as one it has no sound of.
                if ps.last_frame_time() != start {
                    return jack::Control::Continue;
                }
                reading.sent = sent_at.load(Ordering::Acquire);
                reading.from = period_of_key.load(Ordering::Acquire);
                reading.finished = finished.load(Ordering::Acquire);
                for (flag, waiting) in reading.awaiting.iter_mut().zip(awaiting.iter()) {
                    *flag = waiting.load(Ordering::Acquire);
                }
                std::mem::swap(&mut held, &mut reading);
                holding = true;
                jack::Control::Continue
            },
        )
    };
    let xruns = Arc::new(AtomicU32::new(0));
    let sender = sender_client.activate_async((), sender).unwrap();
    let recorder = recorder_client
        .activate_async(Xruns(Arc::clone(&xruns)), recorder)
        .unwrap();

    let homes: Vec<_> = synths
        .iter()
        .map(|_| tempfile::tempdir().unwrap())
        .collect();
    let keys_port = format!("{sender_name}:keys");
    let mut running: Vec<Running> = synths
        .iter()
        .zip(&homes)
        .map(|(synth, home)| start(synth, recorder.as_client(), &keys_port, home.path()))
        .collect();
    for (synth, input_name) in running.iter().zip(&input_names) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let outputs = loop {
            let outputs = recorder.as_client().ports(
                Some(&synth.output_pattern),
                Some("audio"),
                jack::PortFlags::IS_OUTPUT,
            );
            if !outputs.is_empty() {
                break outputs;
            }
            assert!(
                Instant::now() < deadline,
                "the synthesizer's JACK output {} is not there",
                synth.output_pattern
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        recorder
            .as_client()
            .connect_ports_by_name(&outputs[0], input_name)
            .unwrap();
    }
    xruns.store(0, Ordering::Relaxed);
    recorder_missed.store(0, Ordering::Relaxed);
    recorder_again.store(0, Ordering::Relaxed);
    let log_from = LateInLog::mark();
    go.store(true, Ordering::Release);
    let times_before: Vec<_> = running
        .iter()
        .map(|synth| thread_times(synth.pid()))
        .collect();
    let playing_since = Instant::now();
    let stolen_before = stolen_ms();

    let mut measured: Vec<Vec<f64>> = synths.iter().map(|_| Vec::with_capacity(NOTES)).collect();
    let mut heard_sent: Vec<Vec<u32>> = synths.iter().map(|_| Vec::with_capacity(NOTES)).collect();
    // A key's latency in ms: negative for a key sounded before it was struck.
    let ms_after =
        |sent: u32, heard: u32| f64::from(heard.wrapping_sub(sent) as i32) * 1000.0 / rate;
    let mut loads = Vec::new();
    // Until every key is heard or the last has had its time: a round with a key lost is as
    // long as the others, so its xruns can be set beside theirs.
    let deadline = Instant::now() + Duration::from_secs(60);
    while measured.iter().any(|heard| heard.len() < NOTES)
        && !finished.load(Ordering::Acquire)
        && Instant::now() < deadline
    {
        loads.push(f64::from(recorder.as_client().cpu_load()));
        if let Ok((which, sent, heard)) = latencies.recv_timeout(Duration::from_millis(100)) {
            measured[which].push(ms_after(sent, heard));
            heard_sent[which].push(sent);
        }
    }
    for (which, sent, heard) in latencies.try_iter() {
        measured[which].push(ms_after(sent, heard));
        heard_sent[which].push(sent);
    }
    // The recorder reports a last key unheard in the period after `finished`.
    std::thread::sleep(Duration::from_millis(20));
    let xruns = xruns.load(Ordering::Relaxed);
    let recorder_missed = recorder_missed.load(Ordering::Relaxed);
    let recorder_again = recorder_again.load(Ordering::Relaxed);
    let periods = playing_since.elapsed().as_secs_f64() * rate / f64::from(period);
    let costs: Vec<_> = running
        .iter()
        .zip(&times_before)
        .map(|(synth, before)| audio_thread_cost(before, &thread_times(synth.pid()), periods))
        .collect();
    let dsp_load = loads.iter().sum::<f64>() / loads.len().max(1) as f64;
    let stolen_ms = stolen_ms().saturating_sub(stolen_before);
    let sends: Vec<Sent> = sends.iter().filter_map(Sending::sent).collect();
    let sent_on = |frame: u32| sends.iter().find(|sent| sent.frame == frame).copied();
    let mut missed_keys: Vec<Vec<_>> = synths.iter().map(|_| Vec::new()).collect();
    for (which, key) in missed.try_iter() {
        missed_keys[which].push((key, sent_on(key.0)));
    }
    let least_windows: Vec<Option<u32>> = heard_sent
        .iter()
        .map(|frames| {
            frames
                .iter()
                .filter_map(|&frame| sent_on(frame))
                .map(|sent| sent.window)
                .min()
        })
        .collect();
    // What the log says, before stopping one synthesizer adds to it.
    let lates: Vec<_> = running
        .iter()
        .map(|synth| LateInLog::since(log_from, &synth.client))
        .collect();
    let all: Vec<Measured> = running
        .iter_mut()
        .zip(measured.into_iter().zip(lates))
        .zip(
            costs
                .into_iter()
                .zip(missed_keys.into_iter().zip(least_windows)),
        )
        .map(
            |(
                (synth, (mut latencies, late)),
                ((cpu_per_period, wait_per_period), (missed, least_window_heard)),
            )| {
                let said = synth.stop();
                latencies.sort_by(f64::total_cmp);
                Measured {
                    latencies,
                    period_ms: f64::from(period) * 1000.0 / rate,
                    apart_ms: f64::from(cycles_apart * period) * 1000.0 / rate,
                    xruns,
                    late,
                    recorder_missed,
                    recorder_again,
                    dsp_load,
                    stolen_ms,
                    cpu_per_period,
                    wait_per_period,
                    said,
                    missed,
                    least_window_heard,
                }
            },
        )
        .collect();
    close_within(Duration::from_secs(30), (sender, recorder));
    all
}

/// Closes the test's JACK clients, or fails saying why the measurement stopped: a JACK2 server
/// can block for good writing xrun notices to a client that is closing (it stops reading them
/// before it asks to close), after a flood of xruns — seen once in eleven 64-frame runs.
fn close_within<Clients: Send + 'static>(limit: Duration, clients: Clients) {
    let (closed, done) = channel();
    std::thread::spawn(move || {
        drop(clients);
        let _ = closed.send(());
    });
    assert!(
        done.recv_timeout(limit).is_ok(),
        "the JACK server did not let the test's clients close in {limit:?}: restart it (a flood of xruns can leave JACK2 blocked writing to a closing client)"
    );
}

/// One read of the recorder's inputs, and what the key sender had said by then.
struct Period {
    /// The frame it begins on.
    start: u32,
    /// What each input held.
    blocks: Vec<Vec<f32>>,
    /// The frame of the key looked for (NOT_YET just before a key), and the first frame of
    /// its period.
    sent: u32,
    from: u32,
    /// Whether the last key has had its time.
    finished: bool,
    /// Whether each synthesizer's sound of the key was still looked for.
    awaiting: Vec<bool>,
}

impl Period {
    /// Room for `inputs` periods of `frames`, so that reading one allocates nothing.
    fn with_room(inputs: usize, frames: u32) -> Period {
        Period {
            start: 0,
            blocks: (0..inputs)
                .map(|_| Vec::with_capacity(frames as usize))
                .collect(),
            sent: NOT_YET,
            from: 0,
            finished: false,
            awaiting: vec![false; inputs],
        }
    }
}

/// The SoundFont Etude comes with.
fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("soundfonts/sf_GMbank.sf2")
}

#[test]
fn every_key_sounds_through_jack_and_its_latency_is_measured() {
    let _turn = one_at_a_time();
    let measured = measure(&[Synth::Etude(bundled())]).remove(0);
    eprintln!("{}", measured.line("etude, bundled font"));
    // Every key that reached Etude sounds; a key is lost before it only in a period the
    // server did not run Etude in (a machine too busy), and Etude says how many there were.
    let (heard, judged) = (measured.latencies.len(), measured.judged());
    assert_eq!(
        heard,
        judged,
        "{heard} of the {judged} keys that reached Etude sounded; Etude said {:#?}",
        measured.remarks()
    );
    assert!(
        NOTES.saturating_sub(judged) <= measured.periods_lost(),
        "only {judged} of {NOTES} keys reached Etude, and it says the server left it out of {} periods; Etude said {:#?}",
        measured.periods_lost(),
        measured.remarks()
    );
    let (first, last) = (measured.latencies[0], measured.latencies[heard - 1]);
    // A key that sounded before it was pressed, or only after the next key, was not heard.
    assert!(
        first >= 0.0 && last < measured.apart_ms,
        "a key's sound is not its own: {:?}",
        measured.latencies
    );
    if std::env::var_os("ETUDE_LATENCY_GOAL").is_some() && measured.period_ms > 5.0 {
        let (p1, p99) = (measured.at(0.01), measured.at(0.99));
        assert!(
            p99 <= 2.0 * measured.period_ms,
            "p99 {p99:.2} ms is over two periods ({:.2} ms)",
            2.0 * measured.period_ms
        );
        assert!(p99 - p1 <= 1.0, "jitter {:.2} ms is over 1 ms", p99 - p1);
    }
}

/// Etude and FluidSynth side by side on the same server, playing the same keys at once, with
/// the bundled font and FluidR3 (when installed): with `ETUDE_LATENCY_GOAL`, Etude hears every
/// key (or no fewer than FluidSynth: a key lost while the server starved is lost to either or
/// both), and the server's log names its client late in no more xruns than FluidSynth's, in
/// the same places beside the same partners.
///
/// Xruns on a server without real-time priority swing from minute to minute with the machine
/// (one round in five has three times the others'), so two synthesizers play at the same
/// time, in the same conditions, each font in [`ROUNDS`] rounds after one round of Etude alone
/// on the fresh server that is not counted. Both are due at once and the one started first is
/// woken first, and the one started second is named late one and a half to five times as
/// often; a calibration on 2 December suggested the partner matters too: the second of two
/// FluidSynths (15–17 µs of work a period) was named late in 66–87 xruns of a round, the second
/// of two Etudes (9–11 µs) in 53–70, against 23–64 and 23–39 for the first. So Etude and
/// FluidSynth are compared in the same four places: started first and second, beside Etude and
/// beside FluidSynth (the rounds pair Etude with FluidSynth each way round, two FluidSynths and
/// two Etudes). What is compared is the mean of a synthesizer's median round in each
/// ([`Cells`]). The round's total is printed too, and
/// what the log blamed it on: most of it is the server's clock and the test's own clients
/// (see [`LateInLog`]).
#[test]
#[ignore = "a measurement: .ci/measure-latency runs it, with FluidSynth installed"]
fn etude_beside_fluidsynth() {
    let _turn = one_at_a_time();
    let mut fonts = vec![("bundled font", bundled())];
    if Path::new(FLUID_R3).exists() {
        fonts.push(("FluidR3", PathBuf::from(FLUID_R3)));
    }
    let warm_up = measure(&[Synth::Etude(bundled())]).remove(0);
    eprintln!("{} (not counted)", warm_up.line("etude, warming up"));
    // At a period of several milliseconds one round gives the latencies side by side: the
    // xruns that need the rounds come at small periods.
    let rounds = if warm_up.period_ms > 2.0 { 1 } else { ROUNDS };
    let mut over = Vec::new();
    for (name, font) in fonts {
        let mut totals = Vec::new();
        // Per synthesizer (Etude, FluidSynth), place (first, second) and partner (Etude,
        // FluidSynth): each round's xruns the server's log names its own client in.
        let mut own: [Places; 2] = Default::default();
        let (mut heard, mut played) = ([0, 0], [0, 0]);
        for round in 0..rounds {
            let pair = PAIRS[round % PAIRS.len()];
            let synths = pair.map(|which| match which {
                ETUDE => Synth::Etude(font.clone()),
                _ => Synth::FluidSynth(font.clone()),
            });
            for (place, measured) in measure(&synths).into_iter().enumerate() {
                let (which, partner) = (pair[place], pair[1 - place]);
                let (who, beside) = (NAMES[which], NAMES[partner]);
                eprintln!(
                    "{}",
                    measured.line(&format!(
                        "{who}, {name}, {} beside {beside}",
                        ["first", "second"][place]
                    ))
                );
                if place == 0 {
                    totals.push(measured.xruns);
                }
                heard[which] += measured.latencies.len();
                played[which] += NOTES;
                own[which][place][partner].push(measured.late);
            }
        }
        eprintln!(
            "keys heard in {rounds} rounds, {name}: etude {} of {}, fluidsynth {} of {}",
            heard[0], played[0], heard[1], played[1]
        );
        // A key lost while the server starved may be lost to either or both.
        if heard[0] < heard[1] {
            over.push(format!(
                "{name}: Etude heard {} keys, FluidSynth {}",
                heard[0], heard[1]
            ));
        }
        eprintln!(
            "xruns in {rounds} rounds, {name}: {totals:?} (median {})",
            median(&totals)
        );
        // Xruns are judged where they come, at small periods (a single round's are in its
        // lines above).
        let [ours, theirs] = own.each_ref().map(Cells::of);
        if rounds > 1 {
            eprintln!("  etude's own client named: {ours}");
            eprintln!("  fluidsynth's own client named: {theirs}");
        }
        if rounds > 1 && ours.compared() > theirs.compared() {
            over.push(format!(
                "{name}: Etude's own client was named late in {} xruns (the mean of its median round in each place beside each partner), FluidSynth's in {}",
                ours.compared(),
                theirs.compared()
            ));
        }
    }
    if std::env::var_os("ETUDE_LATENCY_GOAL").is_some() {
        assert!(over.is_empty(), "worse than FluidSynth: {over:?}");
    }
}

/// Which synthesizer: Etude or FluidSynth, and their names in what is printed.
const ETUDE: usize = 0;
const FLUIDSYNTH: usize = 1;
const NAMES: [&str; 2] = ["etude", "fluidsynth"];

/// The pairs the rounds go through, the one started first first: each synthesizer in each
/// place beside each partner once.
const PAIRS: [[usize; 2]; 4] = [
    [ETUDE, FLUIDSYNTH],
    [FLUIDSYNTH, ETUDE],
    [FLUIDSYNTH, FLUIDSYNTH],
    [ETUDE, ETUDE],
];

/// Rounds per font in [`etude_beside_fluidsynth`]: each of the [`PAIRS`] three times, so that
/// one round in a place out of line with the others is not what is compared.
const ROUNDS: usize = 12;

/// One synthesizer's rounds by place (first, second) and partner (Etude, FluidSynth).
type Places = [[Vec<LateInLog>; 2]; 2];

/// One synthesizer's own lateness in each place beside each partner: the median round's
/// xruns the log names its client in, and how many of those it was not started.
struct Cells {
    medians: [[f64; 2]; 2],
    not_started: [[f64; 2]; 2],
}

impl Cells {
    fn of(places: &Places) -> Cells {
        let of = |count: fn(&LateInLog) -> u32| {
            places.each_ref().map(|partners| {
                partners
                    .each_ref()
                    .map(|rounds| median(&rounds.iter().map(count).collect::<Vec<_>>()))
            })
        };
        Cells {
            medians: of(LateInLog::synth),
            not_started: of(|late| late.synth_waiting),
        }
    }

    /// The mean of the four medians: what is compared.
    fn compared(&self) -> f64 {
        self.medians.iter().flatten().sum::<f64>() / 4.0
    }
}

impl std::fmt::Display for Cells {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (median round", self.compared())?;
        for (place, name) in ["first", "second"].iter().enumerate() {
            for (partner, beside) in NAMES.iter().enumerate() {
                write!(
                    f,
                    "{} {name} beside {beside} {} ({} not started)",
                    if place + partner == 0 { "" } else { ";" },
                    self.medians[place][partner],
                    self.not_started[place][partner]
                )?;
            }
        }
        write!(f, ")")
    }
}

/// The median of `counts` (the mean of the middle two for an even number).
fn median(counts: &[u32]) -> f64 {
    let mut counts = counts.to_vec();
    counts.sort_unstable();
    let n = counts.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => f64::from(counts[n / 2]),
        _ => (f64::from(counts[n / 2 - 1]) + f64::from(counts[n / 2])) / 2.0,
    }
}
