//! The window, driven headless with iced_test: the real `App` over a real journal.

use std::time::{Duration, Instant};

use etude::app::{App, Message, Screen};
use etude::engine::EventKind;
use etude::theory::Note;
use etude::ui::screen::{lessons, practice};

use crate::drive::{click, handle, handle_at, practice_of, shows};

/// Plays `notes`, one every `gap`, from `start`; returns when the last was played.
pub fn play(app: &mut App, notes: &[u8], start: Instant, gap: Duration) -> Instant {
    let mut now = start;
    for note in notes {
        let note = Note(*note);
        let input = |kind| Message::Practice(practice::Message::Input(kind));
        handle_at(app, input(EventKind::NoteOn { note, velocity: 80 }), now);
        handle_at(app, input(EventKind::NoteOff { note }), now + gap / 2);
        now += gap;
    }
    now
}

/// The app over a fresh data folder whose daily minimum is one minute.
fn app_with_one_minute_a_day(home: &std::path::Path) -> App {
    std::fs::write(home.join("settings.ron"), "Settings(daily_minimum: 1)").unwrap();
    App::new(home.to_path_buf())
}

/// The first lesson's notes, C five-finger position up and down.
pub const FIVE_FINGERS: [u8; 9] = [60, 62, 64, 65, 67, 65, 64, 62, 60];

#[test]
fn a_beginner_plays_the_first_lesson_and_the_day_changes() {
    let home = tempfile::tempdir().unwrap();
    let mut app = app_with_one_minute_a_day(home.path());
    assert!(shows(
        &app,
        "No streak yet: play 1 minute today to start one."
    ));
    assert!(shows(&app, "0 of 1 minute today · 0 clean runs"));
    assert!(shows(
        &app,
        "○  Play C five-finger position, right hand for 3 minutes  (0%)"
    ));

    click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );
    assert!(matches!(app.screen(), Screen::Practice(_)));
    assert!(shows(&app, "Step 1 of 9: C4"));

    // A wrong key first: the step waits, and says what it wants.
    let start = Instant::now();
    let now = play(&mut app, &[63], start, Duration::from_secs(1));
    assert!(shows(&app, "✗ D♯4 — step 1 is C4 (finger 1)"));
    assert!(shows(&app, "Step 1 of 9: C4"));
    // Then the run, a note every four seconds: 32 s of playing.
    play(&mut app, &FIVE_FINGERS, now, Duration::from_secs(4));
    assert!(shows(
        &app,
        "8 of 9 steps right (88.9%) · 1 wrong · 0 missed · 0 extra"
    ));
    assert!(shows(&app, "Not passed yet"));
    // The last key was let go after the run ended: it is up on the screen too.
    assert_eq!(practice_of(&app).keys_down().notes().count(), 0);

    // Again, cleanly: passed, and the journal knows.
    click(&mut app, "Restart (Enter)");
    play(
        &mut app,
        &FIVE_FINGERS,
        Instant::now(),
        Duration::from_secs(4),
    );
    assert!(shows(
        &app,
        "9 of 9 steps right (100.0%) · 0 wrong · 0 missed · 0 extra"
    ));
    assert!(shows(&app, "Passed"));

    click(&mut app, "Stop (Esc)");
    assert!(matches!(app.screen(), Screen::Today(_)));
    // Two runs of 32 s: past the one-minute minimum, so the streak begins, and the lesson's
    // goal moved on; the course continues with the next lesson.
    assert!(shows(&app, "1 day streak (best 1)"), "{:?}", app.day());
    assert!(shows(
        &app,
        "Continue: C five-finger position, left hand  (Enter)"
    ));
    let goal = &app.day().unwrap().goals[0];
    assert_eq!(goal.spec, "minutes 3 on c-five-finger-rh");
    assert!((goal.progress - 64.0 / 180.0).abs() < 0.01, "{goal:?}");
    // The streak strip: twelve weeks from a Monday, today last, with today's minutes.
    let recent = &app.day().unwrap().recent;
    assert_eq!(
        recent.first().unwrap().0.weekday(),
        jiff::civil::Weekday::Monday
    );
    assert!(recent.len() > 77 && recent.len() <= 84);
    assert!((recent.last().unwrap().1 - 64.0 / 60.0).abs() < 0.02);
    // The recordings are there.
    let recordings = std::fs::read_dir(home.path().join("recordings"))
        .unwrap()
        .count();
    assert_eq!(recordings, 1, "one folder for today");
}

#[test]
fn the_lesson_list_shows_passed_current_and_locked_lessons() {
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(&mut app, "Lessons");
    assert!(matches!(app.screen(), Screen::Lessons(_)));
    assert!(shows(
        &app,
        "▶  C five-finger position, right hand  (level 1)"
    ));
    assert!(shows(
        &app,
        "–  C five-finger position, left hand  (level 1)"
    ));
    // A locked lesson asks first, and opens after one more click.
    click(&mut app, "–  C five-finger position, left hand  (level 1)");
    assert!(matches!(app.screen(), Screen::Lessons(_)));
    assert!(shows(
        &app,
        "Not unlocked yet: the course suggests passing “C five-finger position, right hand” first. Play this one anyway?"
    ));
    click(&mut app, "Not now");
    assert!(!shows(&app, "Play it anyway"));
    click(&mut app, "▶  C five-finger position, right hand  (level 1)");
    assert!(matches!(app.screen(), Screen::Practice(_)));
}

#[test]
fn a_pianist_opens_the_g_major_scale_on_the_first_day() {
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(&mut app, "Lessons");
    handle(
        &mut app,
        Message::Lessons(etude::ui::screen::lessons::Message::Search(
            "G major".into(),
        )),
    );
    // The best match comes first, and words match words: C major's "right" holds a g, but no
    // word of it begins with one.
    let listed = app.lessons_listed();
    assert!(listed[0].contains("G major"), "{listed:#?}");
    assert!(
        listed
            .iter()
            .all(|l| l.contains("G major") || l.contains("G ")),
        "{listed:#?}"
    );
    let g_major = listed.iter().position(|l| l.contains("G major scale"));
    let label = listed[g_major.unwrap()].clone();
    assert!(label.starts_with('–'), "locked on the first day: {label}");
    click(&mut app, &label);
    click(&mut app, "Play it anyway");
    assert!(matches!(app.screen(), Screen::Practice(_)));
    assert!(label.contains(&practice_of(&app).lesson().lesson.title));
}

#[test]
fn clicking_keys_on_the_screen_plays_them() {
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );
    let now = Instant::now();
    handle_at(
        &mut app,
        Message::Practice(practice::Message::Clicked(Note(60), true)),
        now,
    );
    handle_at(
        &mut app,
        Message::Practice(practice::Message::Clicked(Note(60), false)),
        now,
    );
    assert!(shows(&app, "Step 2 of 9: D4"));
    assert!(shows(&app, "✓ step 1: C4 (finger 1)"));
}

#[test]
fn midi_keys_play_and_an_unplugged_keyboard_is_said_plainly() {
    use etude::midi::input::InputMessage;
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );
    let at = Instant::now();
    handle(
        &mut app,
        Message::Midi(InputMessage::Event {
            at,
            kind: EventKind::NoteOn {
                note: Note(60),
                velocity: 90,
            },
        }),
    );
    assert!(shows(&app, "Step 2 of 9: D4"));
    handle(
        &mut app,
        Message::Midi(InputMessage::PortLost("Piano 20:0".into())),
    );
    assert!(
        app.devices()
            .iter()
            .any(|d| d == "Keyboard unplugged (Piano 20:0): plug it back in to go on.")
    );
    handle(
        &mut app,
        Message::Midi(InputMessage::PortBack("Piano 24:0".into())),
    );
    assert_eq!(app.devices(), ["Listening to Piano 24:0"]);
    click(&mut app, "Stop (Esc)");
    assert!(shows(
        &app,
        "Playing on Piano 24:0. No sound: the keys light up to show what plays. Details in \
         Settings."
    ));
}

#[test]
fn a_tempo_run_counts_in_pauses_while_the_keyboard_is_unplugged_and_resumes() {
    use etude::midi::input::InputMessage;
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );
    click(&mut app, "Switch to tempo mode");
    // A lesson new to tempo mode starts at the foot of its tempo ladder: 60 % of 66, and 40
    // at the least; the player may still set the tempo by hand.
    assert!(shows(&app, "Tempo ladder: 40 of 66 bpm, 8 to go"));
    click(&mut app, "+ 4 bpm (↑)");
    assert!(shows(&app, "Tempo mode: play with the metronome · 44 bpm"));
    // Switching mode or tempo does not start the count-in: the run waits for the player.
    let tick = |app: &mut App, at: Instant| {
        handle_at(app, Message::Practice(practice::Message::Tick), at);
    };
    tick(&mut app, Instant::now() + Duration::from_secs(60));
    assert!(practice_of(&app).is_waiting() && practice_of(&app).report().is_none());
    assert!(practice_of(&app).run().count_in_beats().is_empty());
    assert!(shows(
        &app,
        "Press Enter or play any key to start: 4 beats are counted in, then play step 1 (C4) on \
         the beat after them."
    ));
    // The first key asks for it, and is not judged.
    handle(
        &mut app,
        Message::Midi(InputMessage::Event {
            at: Instant::now(),
            kind: EventKind::NoteOn {
                note: Note(61),
                velocity: 80,
            },
        }),
    );
    assert!(!practice_of(&app).is_waiting());
    assert!(practice_of(&app).run().events().is_empty());
    let beat = Duration::from_secs_f64(60.0 / 44.0);
    let run = practice_of(&app).run();
    let (beats, start) = (run.count_in_beats().to_vec(), run.started());
    assert_eq!(beats.len(), 4);
    for pair in beats.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap.abs_diff(beat) < Duration::from_millis(1), "{gap:?}");
    }
    assert!(start - beats[3] >= beat - Duration::from_millis(1));
    tick(&mut app, beats[1] + Duration::from_millis(10));
    assert!(shows(&app, "Count-in") && shows(&app, "4"));
    assert!(shows(&app, "then play step 1 on the beat after: C4"));
    // Every beat of the bar is counted before the first step is asked for.
    tick(&mut app, beats[3] + Duration::from_millis(10));
    assert!(shows(&app, "Play step 1 on the next beat: C4"));
    assert!(!shows(&app, "Step 1 of 9: C4"));
    tick(&mut app, start + Duration::from_millis(10));
    assert!(shows(&app, "Step 1 of 9: C4") && shows(&app, "Beat"));
    handle_at(
        &mut app,
        Message::Midi(InputMessage::Event {
            at: start,
            kind: EventKind::NoteOff { note: Note(61) },
        }),
        start,
    );

    let key = |app: &mut App, note: u8, at: Instant| {
        let kind = EventKind::NoteOn {
            note: Note(note),
            velocity: 80,
        };
        handle(app, Message::Midi(InputMessage::Event { at, kind }));
        let kind = EventKind::NoteOff { note: Note(note) };
        handle(
            app,
            Message::Midi(InputMessage::Event {
                at: at + beat / 2,
                kind,
            }),
        );
    };
    for (i, note) in FIVE_FINGERS[..4].iter().enumerate() {
        key(&mut app, *note, start + beat * i as u32);
    }
    // Unplugged half a beat after the fourth note: time stops.
    let lost = start + beat * 3 + beat / 2;
    handle_at(
        &mut app,
        Message::Midi(InputMessage::PortLost("Piano 20:0".into())),
        lost,
    );
    assert!(practice_of(&app).is_paused());
    assert!(shows(
        &app,
        "Keyboard unplugged (Piano 20:0): paused at step 5. Plug it back in to go on."
    ));
    let back = lost + Duration::from_secs(20);
    tick(&mut app, back - Duration::from_secs(1));
    handle_at(
        &mut app,
        Message::Midi(InputMessage::PortBack("Piano 20:0".into())),
        back,
    );
    assert!(!practice_of(&app).is_paused());
    // The rest on time as if nothing happened, 20 s later.
    for (i, note) in FIVE_FINGERS.iter().enumerate().skip(4) {
        key(
            &mut app,
            *note,
            start + Duration::from_secs(20) + beat * i as u32,
        );
    }
    tick(&mut app, back + beat * 8);
    assert!(
        shows(
            &app,
            "9 of 9 steps right (100.0%) · 0 wrong · 0 missed · 0 extra"
        ),
        "{:?}",
        practice_of(&app).report()
    );
    assert_eq!(practice_of(&app).report().unwrap().tempo_bpm, 44);
}

const MY_LESSON: &str = r#"Lesson(
    id: "my-own-tune",
    title: "My own tune",
    tempo: 72,
    level: 1,
    exercise: Notes(hand: Right, steps: ["G4", "E4", "C4"]),
)"#;

#[test]
fn a_broken_user_lesson_is_shown_with_its_error_beside_the_good_one() {
    let home = tempfile::tempdir().unwrap();
    let own = home.path().join("lessons");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::write(own.join("mine.ron"), MY_LESSON).unwrap();
    std::fs::write(
        own.join("broken.ron"),
        MY_LESSON
            .replace("my-own-tune", "broken-tune")
            .replace("\"C4\"", "\"H4\""),
    )
    .unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(&mut app, "Lessons");
    assert!(shows(&app, "Your lessons"));
    assert!(shows(&app, "▶  My own tune  (level 1)"));
    let errors = &app.library().errors;
    assert_eq!(errors.len(), 1, "{errors:?}");
    let error = errors[0].to_string();
    let place = format!("{}:6:", own.join("broken.ron").display());
    assert!(error.starts_with(&place), "{error}");
    assert!(error.contains("H4"), "{error}");
    assert!(shows(&app, &error));

    // Searching finds the lesson and hides the rest.
    handle(
        &mut app,
        Message::Lessons(etude::ui::screen::lessons::Message::Search(
            "OWN tune".into(),
        )),
    );
    assert!(shows(&app, "▶  My own tune  (level 1)"));
    assert!(!shows(
        &app,
        "▶  C five-finger position, right hand  (level 1)"
    ));
    click(&mut app, "▶  My own tune  (level 1)");
    assert!(shows(&app, "Step 1 of 3: G4"));
}

#[test]
fn settings_change_the_port_and_the_rest_and_are_kept() {
    use etude::midi::input::InputMessage;
    use etude::ui::screen::settings::{Look, Message as Change, Range};
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(&mut app, "Settings");
    handle(
        &mut app,
        Message::Midi(InputMessage::Ports(vec![
            "Piano A 20:0".into(),
            "Piano B 24:0".into(),
        ])),
    );
    assert!(shows(&app, "○ Piano A 20:0"));
    click(&mut app, "○ Piano B 24:0");
    assert_eq!(app.settings().midi_port.as_deref(), Some("Piano B 24:0"));
    for change in [
        Change::MinimumChosen(10),
        Change::RangeChosen(Range::Keys88),
        Change::LookChosen(Look::Dark),
        Change::BufferChosen(128),
        Change::RestDaysToggled(false),
    ] {
        handle(&mut app, Message::Settings(change));
    }
    assert_eq!(app.theme(), iced::Theme::Dark);
    let saved = std::fs::read_to_string(home.path().join("settings.ron")).unwrap();
    assert!(saved.contains("Piano B 24:0"), "{saved}");

    let again = App::new(home.path().to_path_buf());
    let kept = again.settings();
    assert_eq!(kept.midi_port.as_deref(), Some("Piano B 24:0"));
    assert_eq!(kept.daily_minimum, Some(10.0));
    assert_eq!(kept.keyboard_keys, Some(88));
    assert_eq!(kept.theme.as_deref(), Some("dark"));
    assert_eq!(kept.audio_buffer, Some(128));
    assert!(!kept.streak_rule().rest_days);
    assert!(shows(&again, "0 of 10 minutes today · 0 clean runs"));

    // A folder that is not there is refused, a real one is read.
    let mut app = again;
    click(&mut app, "Settings");
    handle(
        &mut app,
        Message::Settings(Change::FolderEdited("/no/such/folder".into())),
    );
    handle(&mut app, Message::Settings(Change::FolderAdded));
    assert!(shows(&app, "/no/such/folder is not a folder."));
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("mine.ron"), MY_LESSON).unwrap();
    handle(
        &mut app,
        Message::Settings(Change::FolderEdited(folder.path().display().to_string())),
    );
    handle(&mut app, Message::Settings(Change::FolderAdded));
    assert!(app.library().get("my-own-tune").is_some());
}

#[test]
fn moods_and_a_note_go_into_the_journal_and_show_in_journal_and_progress() {
    let home = tempfile::tempdir().unwrap();
    let mut app = app_with_one_minute_a_day(home.path());
    click(&mut app, "7");
    click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );
    play(
        &mut app,
        &FIVE_FINGERS,
        Instant::now(),
        Duration::from_secs(8),
    );
    assert!(shows(&app, "How do you feel now? (optional)"));
    click(&mut app, "9");
    handle(
        &mut app,
        Message::Practice(practice::Message::NoteEdited(
            "The thumb felt steadier".into(),
        )),
    );
    click(&mut app, "Keep note");
    assert!(shows(&app, "Kept ✓"));

    let journal =
        etude::store::journal::Journal::open(&home.path().join("journal.sqlite")).unwrap();
    let sessions = journal.recent_sessions(10).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        (sessions[0].mood_before, sessions[0].mood_after),
        (Some(7), Some(9))
    );
    assert_eq!(sessions[0].note.as_deref(), Some("The thumb felt steadier"));
    assert_eq!(sessions[0].attempts.len(), 1);
    assert!(sessions[0].attempts[0].recording.is_some());

    click(&mut app, "Stop (Esc)");
    click(&mut app, "Journal");
    assert!(shows(&app, "“The thumb felt steadier”"));
    assert!(shows(
        &app,
        "No sound output: recordings cannot be played back."
    ));
    click(&mut app, "Progress");
    assert!(shows(
        &app,
        "The last twelve months: 1 day played, 1 minute, 1 clean run · streak 1 (best 1)"
    ));
    assert!(shows(&app, "Mood before and after playing"));
    assert!(shows(
        &app,
        "light blue: before · green: after · on average +2.0 after playing, over 1 session"
    ));
}

/// The `.ice` scripts in `tests/ice/`: the main journeys, clicked and typed through the real
/// application in iced_test's emulator, each on a fresh data folder.
#[test]
fn ice_scripts_walk_the_main_journeys() {
    use iced::Preset;
    let fresh = Preset::new("Fresh", || {
        let home = tempfile::tempdir().unwrap().keep();
        (App::new(home), iced::Task::none())
    });
    // Settings open, with a SoundFont that is not there typed in the settings file.
    let mistyped = Preset::new("Settings with a SoundFont path that is not there", || {
        let home = tempfile::tempdir().unwrap().keep();
        std::fs::write(
            home.join("settings.ron"),
            "Settings(soundfont: Some(\"/no/such.sf2\"))",
        )
        .unwrap();
        let mut app = App::new(home);
        handle(&mut app, Message::Go(etude::app::Page::Settings));
        (app, iced::Task::none())
    });
    let scripts = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ice");
    iced_test::run(
        etude::app::application().presets([fresh, mistyped]),
        scripts,
    )
    .unwrap();
}

/// One deliberate pixel snapshot: the keyboard's marks, which are told apart by shape as well
/// as colour (a finger number on the next key, a ring on a right key, a cross on a wrong one).
/// Rendered by tiny-skia (`.ci/test` pins `ICED_TEST_BACKEND`); the reference PNG is committed.
/// A missing reference is written and passes, except under CI, where it fails.
#[test]
fn the_keyboard_marks_look_as_they_did() {
    use etude::theory::keyboard::KeyboardLayout;
    use etude::ui::widget::{KeyMark, Keyboard};
    use iced::widget::canvas;

    fn clicked(_: Note, _: bool) {}
    let layout = KeyboardLayout::from_range(Note(48), Note(72));
    let marks = vec![
        (Note(60), KeyMark::Next(Some(1))),
        (Note(64), KeyMark::Right),
        (Note(66), KeyMark::Wrong),
        (Note(67), KeyMark::Held),
        (Note(70), KeyMark::Next(None)),
    ];
    let keyboard: iced::Element<'_, ()> = canvas(Keyboard::new(&layout, marks, clicked))
        .width(iced::Fill)
        .height(iced::Length::Fixed(180.0))
        .into();
    crate::drive::assert_looks_as_it_did(keyboard, (720.0, 180.0), "keyboard-marks");
}

#[test]
fn a_run_the_journal_cannot_take_is_shown_kept_and_saved_again() {
    let home = tempfile::tempdir().unwrap();
    let mut app = app_with_one_minute_a_day(home.path());
    // Another program makes the journal refuse new attempts (as a full disk would).
    let journal = home.path().join("journal.sqlite");
    let other = rusqlite::Connection::open(&journal).unwrap();
    other
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON attempts
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
        )
        .unwrap();
    click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );
    play(
        &mut app,
        &FIVE_FINGERS,
        Instant::now(),
        Duration::from_secs(4),
    );
    assert!(shows(&app, "Passed"));
    assert_eq!(app.unsaved_count(), 1);
    assert!(shows(
        &app,
        "Your last run is not saved yet: the practice journal: database or disk is full. Etude keeps them while it is open and tries again after your next run."
    ));
    // Still shown on Today, and the day does not pretend it was kept.
    click(&mut app, "Stop (Esc)");
    assert!(shows(&app, "Save again"));
    assert!(shows(&app, "0 of 1 minute today · 0 clean runs"));

    // Closing the window now asks first, and says what would be lost.
    handle(&mut app, Message::CloseRequested);
    assert_eq!(app.unsaved_count(), 1);
    assert!(shows(&app, "Close without saving"));

    other.execute_batch("DROP TRIGGER refuse;").unwrap();
    click(&mut app, "Save again");
    assert_eq!(app.unsaved_count(), 0);
    // One recording, for the one run: the failed try left none behind.
    let day = std::fs::read_dir(home.path().join("recordings"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(std::fs::read_dir(day).unwrap().count(), 1);
    assert!(!shows(&app, "Save again"));
    assert!(
        shows(&app, "Under a minute of 1 minute today · 1 clean run"),
        "{:?}",
        app.day()
    );
}

#[test]
fn a_journal_that_cannot_be_used_is_named_on_today() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("journal.sqlite");
    std::fs::write(&file, b"").unwrap();
    let app = App::new(home.path().to_path_buf());
    let expected = format!(
        "the practice journal {} is an empty file (0 bytes); it is left as it is. If you kept a copy or an export, put it back (`etude journal import FILE`); `etude journal fresh` starts a new journal beside it",
        file.display()
    );
    assert!(shows(&app, &expected));
    assert_eq!(std::fs::metadata(&file).unwrap().len(), 0);
}

/// The first frame comes before the journal, the lessons and the SoundFont are read, and says
/// so; when they are, the window is the usual Today.
#[test]
fn the_first_frame_says_what_is_being_read_then_today_is_ready() {
    let home = tempfile::tempdir().unwrap();
    let (mut app, _reading) = App::booting(home.path().to_path_buf(), None);
    assert!(shows(
        &app,
        "Opening your journal, your lessons and the sound…"
    ));
    assert!(
        app.library().lessons.is_empty(),
        "nothing is read before the first frame"
    );
    handle(&mut app, App::loaded_now(home.path().to_path_buf()));
    assert!(
        shows(
            &app,
            "Continue: C five-finger position, right hand  (Enter)"
        ),
        "{:?} {:?}",
        app.day(),
        app.devices()
    );
    assert!(!app.library().lessons.is_empty());
}

/// `etude practice --lesson ID` without `--headless` opens the window on that lesson's
/// Practice screen, once everything is read.
#[test]
fn practice_without_headless_opens_the_window_on_the_lesson() {
    use clap::Parser;
    let wanted = |args: &[&str]| {
        etude::cli::window_wanted(&etude::cli::Cli::parse_from(
            ["etude"].iter().chain(args.iter()),
        ))
    };
    let Ok(Some(Some(lesson))) = wanted(&["practice", "--lesson", "g-major-scale-rh"]) else {
        panic!("the window is not asked for");
    };
    assert!(matches!(
        wanted(&["practice", "--lesson", "g-major-scale-rh", "--headless"]),
        Ok(None)
    ));
    let unknown = wanted(&["practice", "--lesson", "no-such-lesson"]).unwrap_err();
    assert_eq!(unknown.exit_code(), 2);

    let home = tempfile::tempdir().unwrap();
    let (mut app, _reading) = App::booting(home.path().to_path_buf(), Some(lesson));
    handle(&mut app, App::loaded_now(home.path().to_path_buf()));
    assert!(matches!(app.screen(), Screen::Practice(_)));
    assert!(
        shows(&app, "G major scale, right hand"),
        "{:?}",
        app.devices()
    );
    assert!(shows(&app, "Step 1 of 15: G4"));
}

/// A screen left for another keeps what the player was doing there: the breathing timer runs
/// on, the lesson search stays; asking for the screen showing changes nothing.
#[test]
fn the_breathing_timer_and_the_search_outlast_a_visit_elsewhere() {
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(&mut app, "Breathe for two minutes");
    assert!(shows(&app, "Stop breathing"));
    click(&mut app, "Today");
    assert!(
        shows(&app, "Stop breathing"),
        "Today asked for again is not reset"
    );
    click(&mut app, "Lessons");
    handle(
        &mut app,
        Message::Lessons(lessons::Message::Search("G major".into())),
    );
    let found = app.lessons_listed();
    assert!(
        found[0].contains("G major scale") && found.len() < app.library().lessons.len(),
        "{found:?}"
    );
    click(&mut app, "Today");
    assert!(shows(&app, "Stop breathing"), "the timer ran on");
    click(&mut app, "Lessons");
    assert_eq!(app.lessons_listed(), found, "the search stayed");
}

/// A key played right and still held when the step moves on is held, not crossed; only a key
/// judged wrong is crossed. After a run, the keys of a step that went wrong are shown to work
/// on, not crossed.
#[test]
fn a_right_key_still_held_is_not_crossed_out() {
    use etude::ui::widget::KeyMark;
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );
    let marks = |app: &App| practice_of(app).key_marks();
    let press = |app: &mut App, note: u8| {
        let kind = EventKind::NoteOn {
            note: Note(note),
            velocity: 80,
        };
        handle(app, Message::Practice(practice::Message::Input(kind)));
    };
    press(&mut app, 60);
    assert!(shows(&app, "✓ step 1: C4 (finger 1)"));
    assert!(
        marks(&app).contains(&(Note(60), KeyMark::Held)),
        "{:?}",
        marks(&app)
    );
    assert!(!marks(&app).contains(&(Note(60), KeyMark::Wrong)));
    press(&mut app, 63);
    assert!(marks(&app).contains(&(Note(63), KeyMark::Wrong)));
    // The rest of the run, with a wrong key on the way: none of the right keys is crossed.
    for note in [62, 64, 65, 67, 65, 64, 62, 60] {
        press(&mut app, note);
    }
    assert!(practice_of(&app).report().is_some());
    let crossed: Vec<Note> = marks(&app)
        .into_iter()
        .filter(|(_, mark)| *mark == KeyMark::Wrong)
        .map(|(note, _)| note)
        .collect();
    assert!(
        crossed.iter().all(|note| *note == Note(63)),
        "only the wrong key is crossed: {crossed:?}"
    );
}

/// After a pass, the next lesson is one click (or →) away; before a pass it is not offered.
#[test]
fn a_pass_offers_the_next_lesson() {
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );
    let next = "Next lesson: C five-finger position, left hand  (→)";
    assert!(!shows(&app, next));
    play(
        &mut app,
        &FIVE_FINGERS,
        Instant::now(),
        Duration::from_secs(1),
    );
    assert!(shows(&app, "Passed"));
    click(&mut app, next);
    assert!(shows(&app, "C five-finger position, left hand"));
    assert!(shows(&app, "Step 1 of 9: C3"), "the left hand's first step");
    assert!(!shows(&app, next));
}

/// A best is said for what it is, only when it is one, and only once the journal holds it.
#[test]
fn a_personal_best_says_what_it_is_and_is_never_claimed_falsely() {
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );
    play(
        &mut app,
        &FIVE_FINGERS,
        Instant::now(),
        Duration::from_secs(1),
    );
    let first = practice_of(&app).report().unwrap().score;
    let claimed = format!("Your first score on this lesson: {first}");
    assert_eq!(practice_of(&app).claims(), std::slice::from_ref(&claimed));
    assert!(shows(&app, &claimed));
    assert!(!shows(&app, "New personal best!"));

    // A worse run (two wrong keys) claims nothing, though it beats nothing the screen knew
    // when the lesson opened.
    click(&mut app, "Restart (Enter)");
    let start = Instant::now();
    let now = play(&mut app, &[61, 63], start, Duration::from_secs(1));
    play(&mut app, &FIVE_FINGERS, now, Duration::from_secs(1));
    let second = practice_of(&app).report().unwrap().score;
    assert!(second < first, "{second} < {first}");
    assert_eq!(practice_of(&app).claims(), [] as [String; 0]);

    // A run the journal cannot take claims no best.
    let other = rusqlite::Connection::open(home.path().join("journal.sqlite")).unwrap();
    other
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON attempts
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;
             DELETE FROM attempts;",
        )
        .unwrap();
    click(&mut app, "Restart (Enter)");
    play(
        &mut app,
        &FIVE_FINGERS,
        Instant::now(),
        Duration::from_secs(1),
    );
    assert_eq!(app.unsaved_count(), 1);
    assert_eq!(practice_of(&app).claims(), [] as [String; 0]);
}

/// A run in which nothing was played (switched to tempo mode and left to run out) is not an
/// attempt: nothing is kept, the run count does not rise, and the screen says so.
#[test]
fn a_run_left_to_run_out_is_not_kept() {
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );
    click(&mut app, "Switch to tempo mode");
    click(&mut app, "Restart (Enter)");
    let start = practice_of(&app).run().started();
    handle_at(
        &mut app,
        Message::Practice(practice::Message::Tick),
        start + Duration::from_secs(60),
    );
    assert!(practice_of(&app).report().is_some());
    assert!(shows(
        &app,
        "Nothing was played, so this run is not kept. Restart (Enter) when you are ready."
    ));
    assert_eq!(app.unsaved_count(), 0);
    let journal =
        etude::store::journal::Journal::open(&home.path().join("journal.sqlite")).unwrap();
    assert!(journal.bests().unwrap().is_empty(), "no attempt was kept");
}
