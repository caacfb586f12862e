//! The real `etude` binary in a real X server (Xvfb): a prepared data folder with three weeks
//! of practice, the window driven with xdotool as a person would (Enter to continue, the
//! computer keyboard as a piano, Ctrl+3 for Progress), screenshots of Today, Practice mid-run,
//! Practice with its report, and Progress, each checked for being a drawn screen and not a
//! blank one. `bash .ci/test` installs xvfb, xdotool and imagemagick when missing. The PNGs
//! land in `target/tmp/screenshots/`; `tests/screenshots/` holds copies for the README.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use etude::engine::{Attempt, EventKind, NoteEvent, Plan};
use etude::lesson::Mode;
use etude::service::curriculum;
use etude::service::keeping::{self, Finished};
use etude::store::journal::Journal;
use jiff::{Timestamp, ToSpan};

/// Writes `days` days of practice of the first lesson into the journal under `home`: a run
/// a day in tempo mode, a little steadier and faster each day, with moods.
fn prepare_home(home: &Path, days: i64) {
    let library = curriculum::shipped();
    let lesson = library.get("c-five-finger-rh").unwrap();
    let mut journal = Journal::open(&home.join("journal.sqlite")).unwrap();
    for back in (1..=days).rev() {
        if back % 6 == 0 {
            continue; // a day off now and then
        }
        let progress = (days - back) as f64 / days as f64;
        let tempo = 60 + (progress * 30.0) as u16;
        let plan = Plan::new(lesson, Some(Mode::Tempo), Some(tempo));
        let mut events = Vec::new();
        // Thirty runs in a session (about six minutes), unevenly at first, evenly later.
        for run in 0..30i64 {
            let offset = run * 12_000_000;
            for (i, target) in plan.targets.iter().enumerate() {
                let spread = ((i as i64 * 7919 + back * 31 + run * 17) % 81 - 40) as f64;
                let wobble_us = (spread * (1.0 - progress) * 1_000.0) as i64;
                let at = offset + target.at + wobble_us;
                for note in &target.step.notes {
                    events.push(NoteEvent {
                        at,
                        kind: EventKind::NoteOn {
                            note: *note,
                            velocity: 70,
                        },
                    });
                    events.push(NoteEvent {
                        at: at + 300_000,
                        kind: EventKind::NoteOff { note: *note },
                    });
                }
            }
        }
        let mut attempt = Attempt::new(plan.clone());
        let one_run = plan.targets.len() * 2;
        for event in &events[..one_run] {
            attempt.feed(*event);
        }
        let report = attempt.finish().clone();
        let started_at = Timestamp::now().checked_sub((back * 24).hours()).unwrap();
        keeping::keep(
            &mut journal,
            home,
            &Finished {
                lesson,
                report: &report,
                events: &events,
                started_at,
                mood_before: Some(4 + (back % 3) as u8),
                mood_after: Some(7 + (back % 3) as u8),
                note: None,
            },
        )
        .unwrap();
    }
}

/// Runs a program, failing the test with its output when it fails.
fn run(program: &str, args: &[&str], display: &str) -> String {
    let output = Command::new(program)
        .args(args)
        .env("DISPLAY", display)
        .output()
        .unwrap_or_else(|e| panic!("{program} cannot run ({e}): `bash .ci/test` installs it"));
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Where Etude's standard error goes, in its home: said when its window does not open.
const STDERR_FILE: &str = "etude-stderr.txt";

/// Kills the child when the test ends, passed or not.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An X server of its own on a free display, 1100×800.
fn start_xvfb() -> (Killed, String) {
    start_xvfb_of("1100x800x24")
}

/// An X server of its own on a free display, its screen `geometry` ("1920x1080x24").
fn start_xvfb_of(geometry: &str) -> (Killed, String) {
    // Each server of this process a display of its own: a killed server leaves its socket and
    // lock behind, and a new server on the same number would be taken as up before it is.
    static STARTED: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let nth = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let number = 100 + (std::process::id() % 400) * 16 + nth % 16;
    let display = format!(":{number}");
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
    // What an earlier run of this process id left (its server is gone with it).
    let _ = std::fs::remove_file(&socket);
    let _ = std::fs::remove_file(format!("/tmp/.X{number}-lock"));
    let server = Command::new("Xvfb")
        .args([&display, "-screen", "0", geometry, "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb cannot start: `bash .ci/test` installs xvfb");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !socket.exists() {
        assert!(
            Instant::now() < deadline,
            "Xvfb did not come up on {display}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (Killed(server), display)
}

/// The id of the window titled Etude on the screen, if it is there; what xdotool said when it
/// could not look (no X server on `display`, for one).
fn find_window(display: &str) -> Result<Option<String>, String> {
    let found = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", "^Etude$"])
        .env("DISPLAY", display)
        .output()
        .expect("xdotool cannot run: `bash .ci/test` installs it");
    let ids = String::from_utf8_lossy(&found.stdout);
    match ids.lines().next() {
        Some(id) => Ok(Some(id.to_owned())),
        // xdotool exits 1 with nothing on stderr when no window matches.
        None if found.stderr.is_empty() => Ok(None),
        None => Err(String::from_utf8_lossy(&found.stderr).into_owned()),
    }
}

/// The id of the Etude window, which is open already.
fn window(display: &str) -> String {
    match find_window(display) {
        Ok(Some(id)) => id,
        other => panic!("the Etude window is not on {display}: {other:?}"),
    }
}

/// Waits for the window of `etude`, started over `home`, to be on the screen and returns its
/// id; fails at once, with what Etude said, when Etude ends before it opens.
fn wait_for_window(display: &str, etude: &mut Child, home: &Path) -> String {
    let said = |xdotool: &str| {
        let stderr = std::fs::read_to_string(home.join(STDERR_FILE)).unwrap_or_default();
        let log = std::fs::read_to_string(home.join("logs/etude.log")).unwrap_or_default();
        format!("xdotool said: {xdotool}\nEtude's stderr:\n{stderr}\nEtude's log:\n{log}")
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut xdotool = String::new();
    loop {
        match find_window(display) {
            Ok(Some(id)) => return id,
            Ok(None) => {}
            Err(error) => xdotool = error,
        }
        if let Ok(Some(status)) = etude.try_wait() {
            panic!(
                "Etude ended ({status}) before its window opened on {display}; {}",
                said(&xdotool)
            );
        }
        if Instant::now() > deadline {
            // Every window on the screen, by name: is another one there, or none at all?
            let windows = Command::new("xdotool")
                .args(["search", "--name", "", "getwindowname", "%@"])
                .env("DISPLAY", display)
                .output()
                .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
                .unwrap_or_default();
            panic!(
                "the Etude window did not open on {display} in 60 s; the windows there: {windows:?}; {}",
                said(&xdotool)
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Takes a screenshot of the whole screen into `file` and checks it is a drawn screen: many
/// colours, and light and dark parts (text on a background).
fn shoot(display: &str, file: &Path) -> String {
    // Let the frame after the last input be drawn.
    std::thread::sleep(Duration::from_millis(1500));
    run(
        "import",
        &["-window", "root", &file.display().to_string()],
        display,
    );
    let stats = run(
        "identify",
        &[
            "-format",
            "%k %[fx:standard_deviation]",
            &file.display().to_string(),
        ],
        display,
    );
    let mut parts = stats.split_whitespace();
    let colours: u32 = parts.next().unwrap().parse().unwrap();
    let deviation: f64 = parts.next().unwrap().parse().unwrap();
    assert!(
        colours > 40 && deviation > 0.05,
        "{} looks blank: {colours} colours, deviation {deviation}",
        file.display()
    );
    run(
        "identify",
        &["-format", "%#", &file.display().to_string()],
        display,
    )
}

/// Pixels that may differ between two pictures of one screen: the edges of canvas shapes are
/// anti-aliased at a sub-pixel offset that can change between two visits (around a hundred
/// pixels by more than a quarter of the colour range, measured); a piece of another screen left
/// behind is more (a short line of text, some hundreds; Today and Practice differ in 150,000).
const ANTIALIASING_PIXELS: u64 = 250;

/// Pixels that may differ between one screen drawn twice in one visit (measured: none); a
/// letter left behind by a scroll is some tens.
const SAME_DRAWING_PIXELS: u64 = 8;

/// How many pixels of `a` and `b` differ by more than a quarter of the colour range.
fn pixels_changed(a: &Path, b: &Path) -> u64 {
    let output = Command::new("compare")
        .args(["-metric", "AE", "-fuzz", "25%"])
        .arg(a)
        .arg(b)
        .arg("null:")
        .output()
        .expect("ImageMagick's compare runs: `bash .ci/test` installs it");
    // `compare` writes the count on stderr and exits 1 when the pictures differ.
    let count = String::from_utf8_lossy(&output.stderr);
    count
        .split_whitespace()
        .next()
        .and_then(|n| n.parse::<f64>().ok())
        .unwrap_or_else(|| panic!("compare said {count:?}")) as u64
}

/// Types `keys` into the focused window, a quarter of a second apart (keys sent to a named
/// window are synthetic, and the window ignores those, as it should).
fn keys(display: &str, keys: &[&str]) {
    let mut args = vec!["key", "--delay", "250"];
    args.extend_from_slice(keys);
    run("xdotool", &args, display);
}

/// Starts `etude` (the window) on `display` over `home`, drawn by `backend` (None: the
/// renderer Etude chooses by default), and waits until it has the focus.
fn start_etude(display: &str, home: &Path, backend: Option<&str>) -> Killed {
    start_etude_with(display, home, backend, &[])
}

/// The same with `args` on its command line (`practice --lesson …` opens on a lesson).
fn start_etude_with(display: &str, home: &Path, backend: Option<&str>, args: &[&str]) -> Killed {
    start_etude_in(display, home, backend, args, &[])
}

/// The same with `variables` added to its environment.
fn start_etude_in(
    display: &str,
    home: &Path,
    backend: Option<&str>,
    args: &[&str],
    variables: &[(&str, &str)],
) -> Killed {
    let mut command = Command::new(env!("CARGO_BIN_EXE_etude"));
    command
        .args(args)
        .envs(variables.iter().copied())
        .env("DISPLAY", display)
        .env("ETUDE_HOME", home)
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("ICED_BACKEND")
        .env_remove("WGPU_BACKEND")
        .env_remove(etude::ui::renderer::CHOSEN_VARIABLE)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(home.join(STDERR_FILE)).unwrap());
    if let Some(backend) = backend {
        command.env("ICED_BACKEND", backend);
    }
    let mut etude = Killed(command.spawn().unwrap());
    let id = wait_for_window(display, &mut etude.0, home);
    // A window just mapped may refuse the focus for a moment.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !Command::new("xdotool")
        .args(["windowfocus", "--sync", &id])
        .env("DISPLAY", display)
        .status()
        .is_ok_and(|status| status.success())
    {
        assert!(Instant::now() < deadline, "the window never took the focus");
        std::thread::sleep(Duration::from_millis(200));
    }
    // Everything is read (the window's log says so) before anything is shot or typed: on a
    // busy machine reading a long journal takes a while.
    let log = home.join("logs").join("etude.log");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !std::fs::read_to_string(&log).is_ok_and(|text| text.contains("ready:")) {
        assert!(
            Instant::now() < deadline,
            "the window never said it was ready: see {}",
            log.display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    etude
}

#[test]
fn the_window_draws_today_practice_and_progress() {
    let home = tempfile::tempdir().unwrap();
    prepare_home(home.path(), 21);
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();

    let (_xvfb, display) = start_xvfb();
    let _etude = start_etude(&display, home.path(), Some("tiny-skia"));
    let today = shoot(&display, &shots.join("today.png"));
    // Enter continues the course: the first lesson is passed, so the left hand's opens: C3 up
    // to G3 and back, which the computer keyboard (in the octave that fits the lesson) plays
    // as A S D F G F D S A. One wrong key (H) on the way, for the report to show.
    keys(&display, &["Return"]);
    keys(&display, &["a", "s", "d"]);
    let middle = shoot(&display, &shots.join("practice.png"));
    keys(&display, &["f", "h", "g", "f", "d", "s", "a"]);
    let report = shoot(&display, &shots.join("report.png"));
    keys(&display, &["Escape", "ctrl+3"]);
    let progress = shoot(&display, &shots.join("progress.png"));

    let all = [&today, &middle, &report, &progress];
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            assert_ne!(
                a, b,
                "two screenshots are the same: the window did not move on"
            );
        }
    }
}

/// At 1920×1080 the window fills the screen, in light and dark: Practice with the staff and
/// falling notes mid-run and its report with the run marked on the staff (light), Today and a
/// report on the staff alone (dark). The shots go into the README.
#[test]
fn the_music_in_time_at_1920_by_1080_light_and_dark() {
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let mut taken = Vec::new();
    for (look, view) in [("light", "both"), ("dark", "staff")] {
        let home = tempfile::tempdir().unwrap();
        prepare_home(home.path(), 21);
        std::fs::write(
            home.path().join("settings.ron"),
            format!(
                "Settings(theme: \"{look}\", music_view: \"{view}\", \
                 window_size: (width: 1920.0, height: 1080.0), \
                 window_position: (x: 0.0, y: 0.0))"
            ),
        )
        .unwrap();
        let (_xvfb, display) = start_xvfb_of("1920x1080x24");
        let _etude = start_etude(&display, home.path(), Some("tiny-skia"));
        if look == "dark" {
            taken.push(shoot(&display, &shots.join("wide-today-dark.png")));
        }
        keys(&display, &["Return"]);
        keys(&display, &["a", "s", "d"]);
        if look == "light" {
            taken.push(shoot(&display, &shots.join("wide-falling.png")));
        }
        keys(&display, &["f", "h", "g", "f", "d", "s", "a"]);
        taken.push(shoot(
            &display,
            &shots.join(format!("wide-report-{look}.png")),
        ));
    }
    for (i, a) in taken.iter().enumerate() {
        for b in &taken[i + 1..] {
            assert_ne!(a, b, "two screenshots are the same");
        }
    }
}

/// A piece at 1920×1080: `etude practice --lesson little-study.mxl` opens it with its own
/// controls (hands, bars, tempo, loop, the other hand) over the staff; the right hand is played
/// on the computer keyboard with one wrong key, and the report shows the run on the staff. The
/// shots go into the README.
#[test]
fn a_piece_is_practised_a_section_at_a_time() {
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let home = tempfile::tempdir().unwrap();
    prepare_home(home.path(), 21);
    std::fs::write(
        home.path().join("settings.ron"),
        "Settings(window_size: (width: 1920.0, height: 1080.0), \
         window_position: (x: 0.0, y: 0.0))",
    )
    .unwrap();
    let study = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pieces/little-study.mxl");
    let (_xvfb, display) = start_xvfb_of("1920x1080x24");
    let _etude = start_etude_with(
        &display,
        home.path(),
        Some("tiny-skia"),
        &[
            "practice",
            "--lesson",
            study.to_str().unwrap(),
            "--hand",
            "right",
        ],
    );
    assert!(
        home.path().join("pieces/little-study.mxl").is_file(),
        "kept among the player's pieces"
    );
    // The pickup C5, then A4 B♭4 C5 (K H U K on the computer keyboard).
    keys(&display, &["k", "h", "u"]);
    let middle = shoot(&display, &shots.join("wide-piece.png"));
    // C5, A4+C5 together, B♭4, a wrong B4 (J), A4 G4, F4+A4.
    keys(&display, &["k", "h+k", "u", "j", "h", "g", "f+h"]);
    let report = shoot(&display, &shots.join("wide-piece-report.png"));
    assert_ne!(middle, report, "the run moved on");
}

/// The tempo ladder on Practice: after three weeks of passed tempo-mode runs of the first
/// lesson, `etude practice --lesson c-five-finger-rh --mode tempo` opens at its rung, and says so.
/// The shot goes into the README.
#[test]
fn the_tempo_ladder_sets_the_tempo_of_a_tempo_run() {
    let home = tempfile::tempdir().unwrap();
    prepare_home(home.path(), 21);
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let (_xvfb, display) = start_xvfb();
    let _etude = start_etude_with(
        &display,
        home.path(),
        Some("tiny-skia"),
        &[
            "practice",
            "--lesson",
            "c-five-finger-rh",
            "--mode",
            "tempo",
        ],
    );
    shoot(&display, &shots.join("ladder.png"));
    let log = std::fs::read_to_string(home.path().join("logs/etude.log")).unwrap();
    assert!(log.contains("ready:"), "{log}");
}

/// *Open a piece…* on the Lessons screen opens the desktop's file dialog (under Xvfb, with no
/// desktop portal, rfd's zenity); a score chosen in it is kept among the player's pieces and
/// opens on Practice with its controls.
#[test]
fn a_piece_is_opened_with_the_file_dialog() {
    let home = tempfile::tempdir().unwrap();
    let (_xvfb, display) = start_xvfb();
    let _etude = start_etude(&display, home.path(), Some("tiny-skia"));
    let id = window(&display);
    keys(&display, &["ctrl+2"]);
    std::thread::sleep(Duration::from_millis(500));
    // "Open a piece…", first under "Your pieces" at the top of Lessons.
    run(
        "xdotool",
        &["mousemove", "--window", &id, "87", "164", "click", "1"],
        &display,
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let dialog = loop {
        let found = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--class", "zenity"])
            .env("DISPLAY", &display)
            .output()
            .unwrap();
        if let Some(dialog) = String::from_utf8_lossy(&found.stdout).lines().last() {
            break dialog.to_owned();
        }
        assert!(Instant::now() < deadline, "no file dialog opened");
        std::thread::sleep(Duration::from_millis(200));
    };
    // The dialog takes a moment to take keys; the path is typed into its location field
    // again until the file is chosen (at most three times).
    let study = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pieces/little-study.mxl");
    let kept = home.path().join("pieces/little-study.mxl");
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(1500));
        run("xdotool", &["windowfocus", "--sync", &dialog], &display);
        keys(&display, &["ctrl+l", "ctrl+a"]);
        run(
            "xdotool",
            &["type", "--delay", "20", study.to_str().unwrap()],
            &display,
        );
        keys(&display, &["Return"]);
        let deadline = Instant::now() + Duration::from_secs(5);
        while !kept.is_file() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
        }
        if kept.is_file() {
            break;
        }
    }
    assert!(
        kept.is_file(),
        "the piece chosen in the dialog was not kept"
    );
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::thread::sleep(Duration::from_millis(800));
    shoot(&display, &shots.join("piece-opened.png"));
    let log = std::fs::read_to_string(home.path().join("logs/etude.log")).unwrap();
    assert!(log.contains("opened the piece Little Study in F"), "{log}");
}

/// A screen shows nothing of the one before, on `backend` (None: the renderer Etude picks by
/// default, which under Xvfb is Mesa's software OpenGL through wgpu), after a run stopped with
/// keys marked, and after scrolling Progress down and back.
fn no_screen_keeps_a_picture_of_the_one_before(backend: Option<&str>, folder: &str) {
    let home = tempfile::tempdir().unwrap();
    prepare_home(home.path(), 60);
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(folder);
    std::fs::create_dir_all(&shots).unwrap();
    let (_xvfb, display) = start_xvfb();
    let _etude = start_etude(&display, home.path(), backend);
    let same_within = |before: &str, after: &str, what: &str, allowed: u64| {
        let changed = pixels_changed(&shots.join(before), &shots.join(after));
        assert!(
            changed <= allowed,
            "{what} must be the same picture, yet {changed} pixels changed: see {}",
            shots.display()
        );
    };
    let same = |before: &str, after: &str, what: &str| {
        same_within(before, after, what, ANTIALIASING_PIXELS)
    };

    let today = shoot(&display, &shots.join("today.png"));
    keys(&display, &["Return"]);
    let practice = shoot(&display, &shots.join("practice.png"));
    assert_ne!(today, practice, "Enter opens the practice screen");
    keys(&display, &["Escape"]);
    shoot(&display, &shots.join("today-after-practice.png"));
    same(
        "today.png",
        "today-after-practice.png",
        "Today after a visit to Practice (no key played)",
    );
    // Stopped mid-run, with keys marked on the keyboard.
    keys(&display, &["Return", "a", "s", "h", "Escape"]);
    shoot(&display, &shots.join("today-after-a-stopped-run.png"));
    same(
        "today.png",
        "today-after-a-stopped-run.png",
        "Today after a run stopped with keys marked",
    );
    keys(&display, &["ctrl+3"]);
    shoot(&display, &shots.join("progress.png"));
    keys(&display, &["ctrl+1", "Return", "Escape", "ctrl+3"]);
    shoot(&display, &shots.join("progress-after-practice.png"));
    same(
        "progress.png",
        "progress-after-practice.png",
        "Progress after Today and Practice",
    );
    // Scrolled down and back up, with the wheel.
    run("xdotool", &["mousemove", "500", "500"], &display);
    run(
        "xdotool",
        &["click", "--repeat", "6", "--delay", "100", "5"],
        &display,
    );
    let scrolled = shoot(&display, &shots.join("progress-scrolled.png"));
    // The same scrolled screen drawn whole, as after a resize: what scrolling drew must match
    // it (a piece left behind by the scroll would not be in it).
    let id = window(&display);
    run(
        "xdotool",
        &["windowsize", "--sync", &id, "1000", "800"],
        &display,
    );
    std::thread::sleep(Duration::from_millis(500));
    run(
        "xdotool",
        &["windowsize", "--sync", &id, "1100", "800"],
        &display,
    );
    shoot(&display, &shots.join("progress-scrolled-redrawn.png"));
    same_within(
        "progress-scrolled.png",
        "progress-scrolled-redrawn.png",
        "Progress scrolled, against the same screen drawn whole",
        SAME_DRAWING_PIXELS,
    );
    run(
        "xdotool",
        &["click", "--repeat", "6", "--delay", "100", "4"],
        &display,
    );
    shoot(&display, &shots.join("progress-scrolled-back.png"));
    let back = run(
        "identify",
        &[
            "-format",
            "%#",
            &shots.join("progress.png").display().to_string(),
        ],
        &display,
    );
    assert_ne!(scrolled, back, "the wheel scrolls Progress");
    same(
        "progress.png",
        "progress-scrolled-back.png",
        "Progress scrolled down and back",
    );
}

#[test]
fn no_screen_keeps_a_picture_of_the_one_before_on_the_default_renderer() {
    no_screen_keeps_a_picture_of_the_one_before(None, "screenshots-default");
}

#[test]
fn no_screen_keeps_a_picture_of_the_one_before_on_tiny_skia() {
    no_screen_keeps_a_picture_of_the_one_before(Some("tiny-skia"), "screenshots-tiny-skia");
}

/// The window opens at the size and place it was closed at (kept in the settings).
#[test]
fn the_window_opens_where_it_was_last_closed() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("settings.ron"),
        "Settings(window_size: (width: 900, height: 650), window_position: (x: 30, y: 40))",
    )
    .unwrap();
    let (_xvfb, display) = start_xvfb();
    let _etude = start_etude(&display, home.path(), Some("tiny-skia"));
    let id = window(&display);
    let geometry = run("xdotool", &["getwindowgeometry", &id], &display);
    assert!(
        geometry.contains("Position: 30,40") && geometry.contains("Geometry: 900x650"),
        "{geometry}"
    );
}

/// A JACK server of a test's own, ended as `kill` ends it when the test ends: a server killed
/// outright stays in JACK's list of servers (until one of its name starts), and from the
/// ninth on none can start.
#[cfg(feature = "jack")]
struct JackServer(Child);

#[cfg(feature = "jack")]
impl Drop for JackServer {
    fn drop(&mut self) {
        let pid = self.0.id().to_string();
        for signal in ["-CONT", "-TERM"] {
            let _ = Command::new("kill").args([signal, &pid]).status();
        }
        // It waits a second for each client that went without closing.
        let deadline = Instant::now() + Duration::from_secs(30);
        while matches!(self.0.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A JACK server that stops answering (stalled, as one flooded with late clients can be) does
/// not stop the window: it gets ready and goes from screen to screen; once the server answers
/// again the sound opens through it and the keyboard on the server is connected to it.
#[cfg(feature = "jack")]
#[test]
fn a_sound_server_that_does_not_answer_leaves_the_window_usable() {
    // A server of this test's own, so that stalling it stalls no other test; always of this
    // name, so that the entry a server killed outright left in JACK's list is taken back.
    let server = "etude-stalled-server-test".to_owned();
    let jackd = JackServer(
        Command::new("jackd")
            // -t: a client may be 2 s late before the server drops it (as `.ci/lib.sh`).
            .args(["-n", &server, "--no-realtime", "-t", "2000", "-d", "dummy"])
            .args(["-r", "48000", "-p", "256"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("jackd cannot start: `bash .ci/test` installs jackd2"),
    );
    let jack = |program: &str, args: &[&str]| {
        let output = Command::new(program)
            .args(args)
            .env("JACK_DEFAULT_SERVER", &server)
            .output()
            .unwrap_or_else(|e| panic!("{program} cannot run ({e})"));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(
        jack("jack_wait", &["-w", "-t", "10"]).contains("available"),
        "the JACK server {server} did not start"
    );
    // A keyboard on the server: a sequencer's MIDI output, C4 once a second.
    let _keyboard = Killed(
        Command::new("jack_midiseq")
            .args(["keyboard", "48000", "0", "60", "4800"])
            .env("JACK_DEFAULT_SERVER", &server)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("jack_midiseq cannot start: `bash .ci/test` installs jackd2"),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while !jack("jack_lsp", &[]).contains("keyboard:out") {
        assert!(Instant::now() < deadline, "jack_midiseq made no port");
        std::thread::sleep(Duration::from_millis(100));
    }
    crate::live::signal(&jackd.0, "-STOP");

    let home = tempfile::tempdir().unwrap();
    let (_xvfb, display) = start_xvfb();
    // Waits until the window says it is ready: with the sound opened on the UI thread it never
    // would be.
    let etude = start_etude_in(
        &display,
        home.path(),
        Some("tiny-skia"),
        &[],
        &[("JACK_DEFAULT_SERVER", &server)],
    );
    let log = || std::fs::read_to_string(home.path().join("logs/etude.log")).unwrap();
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let today = shots.join("stalled-server-today.png");
    let lessons = shots.join("stalled-server-lessons.png");
    shoot(&display, &today);
    keys(&display, &["ctrl+2"]);
    shoot(&display, &lessons);
    assert!(
        pixels_changed(&today, &lessons) > 10_000,
        "Ctrl+2 did not bring the lessons while the server was stalled: {}",
        log()
    );
    assert!(!log().contains("sound: "), "{}", log());

    crate::live::signal(&jackd.0, "-CONT");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !log().contains("sound: JACK") {
        assert!(
            Instant::now() < deadline,
            "the sound did not open once the server answered: {}",
            log()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // The keyboard is connected once the sound is open, to the sound's own client.
    let keys = format!("etude-{}:keys", etude.0.id());
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let connections = jack("jack_lsp", &["-c", "keyboard:out"]);
        if connections.lines().any(|line| line.trim() == keys) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the keyboard was not connected to {keys}: {connections}\n{}",
            log()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}
