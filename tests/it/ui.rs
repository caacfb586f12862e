//! The window, driven headless with iced_test: the real `App` over a real journal.

use std::time::{Duration, Instant};

use etude::app::{App, Message, Screen};
use etude::engine::EventKind;
use etude::theory::Note;
use etude::ui::screen::practice;
use iced_test::simulator;

/// Plays `notes`, one every `gap`, from `start`; returns when the last was played.
fn play(app: &mut App, notes: &[u8], start: Instant, gap: Duration) -> Instant {
    let mut now = start;
    for note in notes {
        let note = Note(*note);
        let input = |kind| Message::Practice(practice::Message::Input(kind));
        let _ = app.update_at(input(EventKind::NoteOn { note, velocity: 80 }), now);
        let _ = app.update_at(input(EventKind::NoteOff { note }), now + gap / 2);
        now += gap;
    }
    now
}

/// Clicks the button labelled `label` and runs what it sends.
fn click(app: &mut App, label: &str) {
    let messages: Vec<Message> = {
        let mut ui = simulator(app.view());
        if let Err(error) = ui.click(label) {
            panic!("no `{label}` to click: {error:?}");
        }
        ui.into_messages().collect()
    };
    for message in messages {
        let _ = app.update(message);
    }
}

fn shows(app: &App, words: &str) -> bool {
    simulator(app.view()).find(words).is_ok()
}

const FIVE_FINGERS: [u8; 9] = [60, 62, 64, 65, 67, 65, 64, 62, 60];

#[test]
fn a_beginner_plays_the_first_lesson_and_the_day_changes() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("settings.ron"),
        "Settings(daily_minimum: 1)",
    )
    .unwrap();
    let mut app = App::new(home.path().to_path_buf());
    assert!(shows(&app, "No streak yet: play today to start one."));
    assert!(shows(&app, "0.0 of 1 minutes today"));
    assert!(shows(
        &app,
        "○  Play C five-finger position, right hand for 3 minutes  (0%)"
    ));

    click(&mut app, "Continue: C five-finger position, right hand");
    assert!(matches!(app.screen(), Screen::Practice(_)));
    assert!(shows(&app, "Step 1 of 9: C4"));

    // A wrong key first: the step waits, and says what it wants.
    let start = Instant::now();
    let now = play(&mut app, &[63], start, Duration::from_secs(1));
    assert!(shows(&app, "✗ D♯4 — this step is C4"));
    assert!(shows(&app, "Step 1 of 9: C4"));
    // Then the run, a note every four seconds: 32 s of playing.
    play(&mut app, &FIVE_FINGERS, now, Duration::from_secs(4));
    assert!(shows(
        &app,
        "8 of 9 steps right (88.9%) · 1 wrong · 0 missed · 0 extra"
    ));
    assert!(shows(&app, "Not passed yet"));

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
    assert!(matches!(app.screen(), Screen::Today));
    // Two runs of 32 s: past the one-minute minimum, so the streak begins, and the lesson's
    // goal moved on; the course continues with the next lesson.
    assert!(shows(&app, "🔥 1 day streak (best 1)"), "{:?}", app.day());
    assert!(shows(&app, "Continue: C five-finger position, left hand"));
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
    click(&mut app, "All lessons");
    assert!(matches!(app.screen(), Screen::Lessons));
    assert!(shows(
        &app,
        "▶  C five-finger position, right hand  (level 1)"
    ));
    assert!(shows(
        &app,
        "🔒  C five-finger position, left hand  (level 1)"
    ));
    // A locked lesson does not open.
    click(&mut app, "🔒  C five-finger position, left hand  (level 1)");
    assert!(matches!(app.screen(), Screen::Lessons));
    click(&mut app, "▶  C five-finger position, right hand  (level 1)");
    assert!(matches!(app.screen(), Screen::Practice(_)));
}

#[test]
fn clicking_keys_on_the_screen_plays_them() {
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(&mut app, "Continue: C five-finger position, right hand");
    let now = Instant::now();
    let _ = app.update_at(
        Message::Practice(practice::Message::Clicked(Note(60), true)),
        now,
    );
    let _ = app.update_at(
        Message::Practice(practice::Message::Clicked(Note(60), false)),
        now,
    );
    assert!(shows(&app, "Step 2 of 9: D4"));
    assert!(shows(&app, "✓ C4"));
}

#[test]
fn midi_keys_play_and_an_unplugged_keyboard_is_said_plainly() {
    use etude::midi::input::InputMessage;
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(&mut app, "Continue: C five-finger position, right hand");
    let at = Instant::now();
    let _ = app.update(Message::Midi(InputMessage::Event {
        at,
        kind: EventKind::NoteOn {
            note: Note(60),
            velocity: 90,
        },
    }));
    assert!(shows(&app, "Step 2 of 9: D4"));
    let _ = app.update(Message::Midi(InputMessage::PortLost("Piano 20:0".into())));
    assert!(
        app.devices()
            .iter()
            .any(|d| d == "Keyboard unplugged (Piano 20:0): plug it back in to go on.")
    );
    let _ = app.update(Message::Midi(InputMessage::PortBack("Piano 24:0".into())));
    assert_eq!(app.devices(), ["Listening to Piano 24:0"]);
    click(&mut app, "Stop (Esc)");
    assert!(shows(&app, "Listening to Piano 24:0"));
}
