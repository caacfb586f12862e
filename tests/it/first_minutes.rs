//! The first twenty minutes of a beginner with no MIDI keyboard and no speakers, in the real
//! App: the computer keyboard shown on the keys, the octave that fits each lesson, the lesson
//! played without sound, the count-in asked for, and the words and marks they see.

use std::time::{Duration, Instant};

use etude::app::{App, Message};
use etude::theory::Note;
use etude::ui::screen::practice;
use etude::ui::widget::KeyMark;
use iced::keyboard::{Key, key::Named};
use iced_test::simulator;

use crate::drive::{
    click, handle, handle_at, key_at, practice_of, shows, shows_a_line_beginning, type_at,
};

/// Types `letters` one after another, half a second apart from `from`.
fn play(app: &mut App, letters: &str, from: Instant) -> Instant {
    let mut at = from;
    for letter in letters.chars() {
        type_at(app, letter, at);
        at += Duration::from_millis(500);
    }
    at
}

#[test]
fn the_keys_show_the_computer_keyboard_and_each_lesson_starts_in_its_octave() {
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );
    assert!(shows(
        &app,
        "Computer keys: A is C4 · Z / X: octave down / up"
    ));
    assert!(app.letters_shown(), "on by default with no MIDI keyboard");
    type_at(&mut app, 'z', Instant::now());
    assert!(shows(
        &app,
        "Computer keys: A is C3 · Z / X: octave down / up"
    ));
    type_at(&mut app, 'x', Instant::now());
    let end = play(&mut app, "asdfgfdsa", Instant::now());
    assert!(practice_of(&app).report().is_some_and(|r| r.passed));
    // → is Next lesson: the left hand's, whose keys lie an octave lower.
    key_at(&mut app, Key::Named(Named::ArrowRight), true, end);
    assert_eq!(
        practice_of(&app).lesson().lesson.id.as_str(),
        "c-five-finger-lh"
    );
    assert!(shows(
        &app,
        "Computer keys: A is C3 · Z / X: octave down / up"
    ));
    type_at(&mut app, 'a', end);
    assert!(
        shows(&app, "✓ step 1: C3 (finger 5)"),
        "A plays the left hand's C3"
    );
    // An octave shift here is not carried over to the next lesson opened.
    type_at(&mut app, 'z', end);
    click(&mut app, "Letters on the keys");
    assert!(!app.letters_shown());
    click(&mut app, "Stop (Esc)");
    click(
        &mut app,
        "Continue: C five-finger position, left hand  (Enter)",
    );
    assert!(shows(
        &app,
        "Computer keys: A is C3 · Z / X: octave down / up"
    ));
    assert!(!app.letters_shown(), "the player's choice is kept");
}

#[test]
fn the_lesson_played_without_sound_says_so_lights_the_keys_in_time_and_stops() {
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );
    let t0 = Instant::now();
    handle_at(&mut app, Message::Practice(practice::Message::Listen), t0);
    assert!(shows(
        &app,
        "Playing the lesson without sound (no sound in this window): watch the keys light in \
         time. Stop listening (Esc) to play it yourself."
    ));
    let lit = |app: &mut App, at: Instant| -> Vec<Note> {
        handle_at(app, Message::Practice(practice::Message::Tick), at);
        practice_of(app)
            .key_marks()
            .into_iter()
            .filter(|(_, mark)| matches!(mark, KeyMark::Next(_)))
            .map(|(note, _)| note)
            .collect()
    };
    // 66 bpm: a step every 909 ms, each sounding for 90 % of it.
    assert_eq!(lit(&mut app, t0 + Duration::from_millis(100)), [Note(60)]);
    assert_eq!(lit(&mut app, t0 + Duration::from_millis(1000)), [Note(62)]);
    assert_eq!(
        lit(&mut app, t0 + Duration::from_millis(2800)),
        [Note(65)],
        "the fourth step, F4"
    );
    assert!(
        lit(&mut app, t0 + Duration::from_millis(3600)).is_empty(),
        "between F4 and G4, nothing sounds"
    );
    // Keys played along are heard, not judged.
    handle_at(
        &mut app,
        Message::Practice(practice::Message::Clicked(Note(61), true)),
        t0 + Duration::from_millis(2900),
    );
    assert!(practice_of(&app).run().events().is_empty());
    // Escape stops it and stays on the lesson.
    key_at(
        &mut app,
        Key::Named(Named::Escape),
        true,
        t0 + Duration::from_secs(3),
    );
    assert!(!practice_of(&app).is_listening());
    assert!(shows(&app, "Step 1 of 9: C4"));
    assert!(shows(&app, "Listen"));
    // Played to the end, the demo ends by itself and the lesson waits for the player.
    let t1 = t0 + Duration::from_secs(4);
    handle_at(&mut app, Message::Practice(practice::Message::Listen), t1);
    lit(&mut app, t1 + Duration::from_secs(12));
    assert!(!practice_of(&app).is_listening());
    assert!(shows(&app, "Step 1 of 9: C4"));
}

/// Without a keyboard or speakers, Today says so in one plain line, below Continue.
#[test]
fn today_says_what_to_play_on_in_one_plain_line_below_continue() {
    let home = tempfile::tempdir().unwrap();
    let app = App::new(home.path().to_path_buf());
    let line = "No MIDI keyboard: play on the computer keyboard (the keys show its letters) or click the keys. \
                No sound: the keys light up to show what plays. Details in Settings.";
    let mut ui = simulator(app.view());
    let said = ui.find(line).map(|t| t.bounds());
    let go_on = ui
        .find("Continue: C five-finger position, right hand  (Enter)")
        .map(|t| t.bounds());
    let (Ok(said), Ok(go_on)) = (said, go_on) else {
        panic!("Today does not show Continue and the device line")
    };
    assert!(said.y > go_on.y, "the device line stays below Continue");
}

/// Thirty-one sessions of the first lesson, passed in wait mode, an hour apart.
fn thirty_one_sessions_in_wait_mode(home: &std::path::Path) {
    use etude::engine::{NoteEvent, Plan, score_recording};
    use etude::lesson::Mode;
    use etude::service::{curriculum, keeping};
    use jiff::{Timestamp, ToSpan};
    let library = curriculum::shipped();
    let lesson = library.get("c-five-finger-rh").unwrap();
    let plan = Plan::new(lesson, Some(Mode::Wait), None);
    let events: Vec<NoteEvent> = plan
        .targets
        .iter()
        .enumerate()
        .flat_map(|(i, target)| {
            let at = i as i64 * 700_000;
            let note = target.step.notes[0].0;
            [
                NoteEvent::on(at, note, 80),
                NoteEvent::off(at + 300_000, note),
            ]
        })
        .collect();
    let report = score_recording(plan, &events);
    assert!(report.passed);
    let mut journal = etude::store::journal::Journal::open(&home.join("journal.sqlite")).unwrap();
    for back in (1..=31i64).rev() {
        keeping::keep(
            &mut journal,
            home,
            &keeping::Finished {
                lesson,
                report: &report,
                events: &events,
                started_at: Timestamp::now().checked_sub(back.hours()).unwrap(),
                mood_before: None,
                mood_after: None,
                note: None,
            },
        )
        .unwrap();
    }
}

/// The journal's "Show more" reads further back, and says when there is nothing more; a lesson
/// passed only in wait mode is "passed in wait mode", with no tempo claimed for it.
#[test]
fn show_more_reads_further_back_and_wait_mode_passes_claim_no_tempo() {
    let home = tempfile::tempdir().unwrap();
    thirty_one_sessions_in_wait_mode(home.path());
    let mut app = App::new(home.path().to_path_buf());
    click(&mut app, "Journal");
    let entries = |app: &App| {
        let counted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let _ = simulator(app.view()).find(Counting {
            text: "C five-finger position, right hand — 100 (passed), wait mode",
            seen: std::sync::Arc::clone(&counted),
        });
        counted.load(std::sync::atomic::Ordering::Relaxed)
    };
    assert_eq!(entries(&app), 30);
    assert!(!shows(&app, "That is every session so far."));
    // The button is at the foot of the list, below the window's edge: its message.
    assert!(shows(&app, "Show more"));
    handle(
        &mut app,
        Message::Journal(etude::ui::screen::journal::Message::More),
    );
    assert_eq!(entries(&app), 31);
    assert!(shows(&app, "That is every session so far."));
    assert!(!shows(&app, "Show more"));

    click(&mut app, "Progress");
    assert!(shows(
        &app,
        "C five-finger position, right hand: best 100 ★★★ · passed in wait mode · evenest 0.0% · \
         31 runs"
    ));
    let journal =
        etude::store::journal::Journal::open(&home.path().join("journal.sqlite")).unwrap();
    assert_eq!(journal.bests().unwrap()[0].highest_tempo_passed, None);
}

/// A selector that selects nothing and counts the texts that read `text`.
struct Counting {
    text: &'static str,
    seen: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl iced_test::selector::Selector for Counting {
    type Output = ();

    fn select(&mut self, candidate: iced_test::selector::Candidate<'_>) -> Option<()> {
        if let iced_test::selector::Candidate::Text { content, .. } = candidate
            && content == self.text
        {
            self.seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        None
    }

    fn description(&self) -> String {
        format!("every text reading {:?}", self.text)
    }
}

/// Whether `words` are within reach in a window of `size` showing `app`: not cut off at
/// either side (screens scroll up and down, never sideways).
fn wholly_visible(app: &App, size: (f32, f32), words: &str) -> bool {
    let mut ui = iced_test::Simulator::with_size(iced::Settings::default(), size, app.view());
    match ui.find(words) {
        Ok(found) => {
            let bounds = found.bounds();
            bounds.x >= 0.0 && bounds.x + bounds.width <= size.0
        }
        Err(_) => false,
    }
}

/// Every screen's controls are within reach at 800×600, the smallest window, and at
/// 1920×1080: nothing is cut off at the side.
#[test]
fn every_screen_works_at_800_by_600_and_at_1920_by_1080() {
    for size in [(800.0, 600.0), (1920.0, 1080.0)] {
        let home = tempfile::tempdir().unwrap();
        thirty_one_sessions_in_wait_mode(home.path());
        let mut app = App::new(home.path().to_path_buf());
        let reach = |app: &App, words: &[&str]| {
            for words in words {
                assert!(
                    wholly_visible(app, size, words),
                    "`{words}` is not wholly visible at {size:?}"
                );
            }
        };
        reach(
            &app,
            &[
                "Continue: C five-finger position, left hand  (Enter)",
                "1",
                "10",
                "Breathe for two minutes",
            ],
        );
        click(&mut app, "Lessons");
        reach(&app, &["Five-finger positions"]);
        click(&mut app, "Progress");
        reach(&app, &["This week", "Trend"]);
        click(&mut app, "Journal");
        reach(&app, &["Journal"]);
        click(&mut app, "Settings");
        reach(&app, &["Use this SoundFont"]);
        click(&mut app, "Today");
        click(
            &mut app,
            "Continue: C five-finger position, left hand  (Enter)",
        );
        reach(
            &app,
            &[
                "Restart (Enter)",
                "Stop (Esc)",
                "Switch to tempo mode",
                "Step 1 of 9: C3",
                "Letters on the keys",
            ],
        );
        play(&mut app, "asdfgfdsa", Instant::now());
        reach(&app, &["Next lesson: Hot Cross Buns  (→)"]);
    }
}

/// The window's size and place as it closes are kept in the settings, to open there next time.
#[test]
fn the_window_is_kept_where_it_was_closed() {
    use iced::window::Event;
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    let id = iced::window::Id::unique();
    // What the window says of itself (the task asking for the screen's size needs a real
    // window, so it is not run here).
    for event in [
        Event::Opened {
            position: Some(iced::Point::new(10.0, 20.0)),
            size: iced::Size::new(1100.0, 800.0),
        },
        Event::Resized(iced::Size::new(900.0, 650.0)),
        Event::Moved(iced::Point::new(64.0, 48.0)),
    ] {
        let _asks = app.update(Message::Window(id, event));
    }
    // On the screen it opened on: left where it is.
    let _stays = app.update(Message::Screen(id, Some(iced::Size::new(1920.0, 1080.0))));
    handle(&mut app, Message::CloseRequested);
    let settings =
        etude::store::settings::load(&etude::store::settings::path_in(home.path())).settings;
    assert_eq!(
        settings.window_size,
        Some(etude::store::settings::WindowSize {
            width: 900.0,
            height: 650.0
        })
    );
    assert_eq!(
        settings.window_position,
        Some(etude::store::settings::WindowPosition { x: 64.0, y: 48.0 })
    );

    // Opened where a second screen used to be: brought onto the one there is, centred.
    let mut app = App::new(home.path().to_path_buf());
    let _asks = app.update(Message::Window(
        id,
        Event::Opened {
            position: Some(iced::Point::new(3000.0, 48.0)),
            size: iced::Size::new(900.0, 650.0),
        },
    ));
    let _moves = app.update(Message::Screen(id, Some(iced::Size::new(1920.0, 1080.0))));
    handle(&mut app, Message::CloseRequested);
    let settings =
        etude::store::settings::load(&etude::store::settings::path_in(home.path())).settings;
    assert_eq!(
        settings.window_position,
        Some(etude::store::settings::WindowPosition { x: 510.0, y: 215.0 })
    );
}

/// The report's claims of bests, as shown under it.
fn claims(app: &App) -> Vec<String> {
    practice_of(app).claims().to_vec()
}

/// The first twenty minutes of a beginner without a MIDI keyboard or speakers, in one go: the
/// first lesson in wait mode with a key held on and a wrong key, again cleanly, in tempo mode
/// with the count-in asked for, the lesson played without sound, Next lesson to the left hand
/// on the computer keyboard, a SoundFont path that is not there refused in Settings; and the
/// words and marks on the way.
#[test]
fn the_first_twenty_minutes() {
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    assert!(shows(
        &app,
        "No streak yet: play 5 minutes today to start one."
    ));
    click(&mut app, "4");
    click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );

    // Listened to first, without sound: said, the keys lit, stopped with Escape.
    let t0 = Instant::now();
    handle_at(&mut app, Message::Practice(practice::Message::Listen), t0);
    assert!(shows(
        &app,
        "Playing the lesson without sound (no sound in this window): watch the keys light in \
         time. Stop listening (Esc) to play it yourself."
    ));
    handle_at(
        &mut app,
        Message::Practice(practice::Message::Tick),
        t0 + Duration::from_millis(100),
    );
    assert!(
        practice_of(&app)
            .key_marks()
            .contains(&(Note(60), KeyMark::Next(Some(1))))
    );
    key_at(
        &mut app,
        Key::Named(Named::Escape),
        true,
        t0 + Duration::from_secs(1),
    );
    assert!(!practice_of(&app).is_listening());

    // Wait mode: C held on while D is played is a held key, not a wrong one; H (A4) on step 3
    // is wrong, and crossed.
    let mut at = t0 + Duration::from_secs(2);
    let a = Key::Character("a".into());
    key_at(&mut app, a.clone(), true, at);
    at += Duration::from_millis(400);
    type_at(&mut app, 's', at);
    let marks = practice_of(&app).key_marks();
    assert!(marks.contains(&(Note(60), KeyMark::Held)), "{marks:?}");
    assert!(!marks.contains(&(Note(60), KeyMark::Wrong)), "{marks:?}");
    assert!(shows(&app, "✓ step 2: D4 (finger 2)"));
    key_at(&mut app, a, false, at);
    at += Duration::from_millis(400);
    let h = Key::Character("h".into());
    key_at(&mut app, h.clone(), true, at);
    assert!(shows(&app, "✗ A4 — step 3 is E4 (finger 3)"));
    assert!(
        practice_of(&app)
            .key_marks()
            .contains(&(Note(69), KeyMark::Wrong))
    );
    key_at(&mut app, h, false, at);
    at = play(&mut app, "dfgfdsa", at + Duration::from_millis(400));
    assert!(shows(&app, "Score 89 / 100   ☆☆☆"));
    assert!(shows(&app, "Not passed yet"));
    assert!(shows(&app, "To pass: 90 % of steps right — you: 88.9 %"));
    assert_eq!(claims(&app), ["Your first score on this lesson: 89"]);

    // Again, cleanly.
    key_at(&mut app, Key::Named(Named::Enter), true, at);
    play(&mut app, "asdfgfdsa", at + Duration::from_millis(400));
    assert!(shows(&app, "Score 100 / 100   ★★★"));
    assert!(shows(&app, "Passed"));
    assert_eq!(claims(&app)[0], "Your best score yet: 100 (was 89)");
    assert!(shows(
        &app,
        "Next lesson: C five-finger position, left hand  (→)"
    ));

    // Tempo mode waits for the player; Enter counts a whole bar in; the steps on the beats.
    click(&mut app, "Switch to tempo mode");
    assert!(practice_of(&app).is_waiting());
    let (start, times) = count_in(&mut app);
    assert!(shows(&app, "Play step 1 on the next beat: C4"));
    let end = play_on_the_beats(&mut app, "asdfgfdsa", start, &times);
    let report = practice_of(&app).report().cloned().unwrap();
    assert!(report.passed && report.mode == "tempo", "{report:?}");
    for claim in claims(&app) {
        assert!(
            claim.starts_with("Your best score yet")
                || claim.starts_with("Your evenest run yet")
                || claim.starts_with("Your fastest pass yet"),
            "every best claimed says what it is: {claim}"
        );
    }
    // Played at the foot of the tempo ladder (60 % of 66, at least 40), which the pass climbs.
    assert!(claims(&app).contains(&"Your fastest pass yet: 40 bpm".to_owned()));
    assert!(shows(&app, "Tempo ladder: 43 of 66 bpm, 7 to go"));

    // Next lesson: the left hand's, an octave lower on the computer keyboard too.
    key_at(&mut app, Key::Named(Named::ArrowRight), true, end);
    assert!(shows(&app, "C five-finger position, left hand"));
    assert!(shows(
        &app,
        "Computer keys: A is C3 · Z / X: octave down / up"
    ));
    type_at(&mut app, 'a', end);
    assert!(shows(&app, "✓ step 1: C3 (finger 5)"));
    play(&mut app, "sdfgfdsa", end + Duration::from_millis(400));
    assert!(shows(&app, "Passed"));

    // Settings refuse a SoundFont that is not there.
    key_at(&mut app, Key::Named(Named::Escape), true, Instant::now());
    click(&mut app, "Settings");
    handle(
        &mut app,
        Message::Settings(etude::ui::screen::settings::Message::SoundFontEdited(
            "/no/such.sf2".into(),
        )),
    );
    click(&mut app, "Use this SoundFont");
    assert!(shows(
        &app,
        "There is no file at /no/such.sf2. Type the path of a .sf2 SoundFont, or leave the field \
         empty for the piano Etude comes with."
    ));
    assert_eq!(app.settings().soundfont, None);

    // The words, as kept.
    click(&mut app, "Progress");
    assert_eq!(
        crate::drive::line_beginning(&app, "The last twelve months:").as_deref(),
        Some(
            "The last twelve months: 1 day played, under a minute, 3 clean runs · streak 0 (best 0)"
        )
    );
    click(&mut app, "Journal");
    assert!(shows(
        &app,
        "C five-finger position, right hand — 100 (passed), tempo mode at 40 bpm"
    ));
    assert!(shows(
        &app,
        "C five-finger position, right hand — 89 (not passed), wait mode"
    ));
}

/// A tempo-mode run counted in and left to run out stops the metronome (nothing is kept).
#[test]
fn a_tempo_run_left_to_run_out_silences_the_metronome() {
    use etude::engine::{Plan, Run};
    use etude::lesson::Mode;
    let library = etude::service::curriculum::shipped();
    let lesson = library.get("c-five-finger-rh").unwrap().clone();
    let now = Instant::now();
    let mut screen = practice::Practice::new(lesson, Default::default(), None, now);
    let (_, waits) = screen.update(practice::Message::ToggleMode, now);
    assert_eq!(waits, Some(practice::Action::Silence));
    let (_, asked) = screen.update(practice::Message::Restart, now);
    let Some(practice::Action::Begin(plan)) = asked else {
        panic!("Restart asks for a run: {asked:?}");
    };
    assert_eq!(plan.mode, Mode::Tempo);
    let beat = Duration::from_secs(1);
    let beats = (1..=4).map(|b| now + beat * b).collect();
    screen.begin(Run::new(Plan::clone(&plan), now + beat * 5, beats));
    let (_, ended) = screen.update(practice::Message::Tick, now + Duration::from_secs(60));
    assert_eq!(ended, Some(practice::Action::Silence));
}

/// The report of a run the sound server held up says for how long the sound broke off, and,
/// with a MIDI keyboard heard through the server, that keys played on it then never reached
/// Etude (a note marked missed may have been played); on a sound card that ran dry, how often,
/// and nothing about keys (they came all the same).
#[test]
fn a_run_held_up_by_a_busy_computer_says_what_it_cost() {
    use etude::audio::output::SoundBreaks;
    use etude::engine::EventKind;
    use etude::ui::screen::settings::MusicView;
    let library = etude::service::curriculum::shipped();
    let lesson = library.get("c-five-finger-rh").unwrap();
    let busy = "The computer was too busy for the sound:";
    let left_out = |periods| SoundBreaks::LeftOut {
        periods,
        period_ms: 5.333,
    };
    for (breaks, midi_keyboard, said) in [
        (
            left_out(28),
            true,
            format!(
                "{busy} the sound server left Etude out of 28 periods (149 ms) and the sound broke \
                 off, and keys played on the MIDI keyboard then never reached Etude. A note marked \
                 missed may have been played."
            ),
        ),
        (
            left_out(1),
            false,
            format!(
                "{busy} the sound server left Etude out of 1 period (5 ms) and the sound broke off."
            ),
        ),
        // On a sound card the keys come all the same, MIDI keyboard or not.
        (
            SoundBreaks::RanDry { times: 3 },
            true,
            format!("{busy} the sound device ran dry 3 times and the sound broke off."),
        ),
    ] {
        let mut now = Instant::now();
        let mut screen = practice::Practice::new(lesson.clone(), Default::default(), None, now);
        for note in [60, 62, 64, 65, 67, 65, 64, 62, 60].map(Note) {
            let input = |kind| practice::Message::Input(kind);
            let _ = screen.update(input(EventKind::NoteOn { note, velocity: 80 }), now);
            let _ = screen.update(input(EventKind::NoteOff { note }), now);
            now += Duration::from_millis(300);
        }
        assert!(screen.report().is_some(), "the run is over");
        screen.sound_broke_off(breaks, midi_keyboard);
        let mut ui = simulator(screen.view(false, MusicView::Staff));
        assert!(ui.find(said.as_str()).is_ok(), "{said}");
    }
}

/// Settings refuses a file that is not a SoundFont, and says why under the field.
#[test]
fn settings_refuse_a_file_that_is_not_a_soundfont() {
    use etude::ui::screen::settings::Message as Typed;
    let home = tempfile::tempdir().unwrap();
    let not_a_font = home.path().join("piano.sf2");
    std::fs::write(&not_a_font, "RIFF....WAVEfmt ").unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(&mut app, "Settings");
    let path = not_a_font.display().to_string();
    handle(
        &mut app,
        Message::Settings(Typed::SoundFontEdited(path.clone())),
    );
    click(&mut app, "Use this SoundFont");
    assert!(shows(
        &app,
        &format!(
            "{path} is not a SoundFont: Etude plays .sf2 files (a RIFF file of the form `sfbk`)."
        )
    ));
    assert_eq!(app.settings().soundfont, None);
    // Typing again takes the words away; the field keeps what was typed.
    handle(
        &mut app,
        Message::Settings(Typed::SoundFontEdited(format!("{path}x"))),
    );
    assert!(!shows(
        &app,
        &format!(
            "{path} is not a SoundFont: Etude plays .sf2 files (a RIFF file of the form `sfbk`)."
        )
    ));
    assert!(shows(&app, &format!("{path}x")));
}

/// From the first melody on, a lesson is passed in wait mode (the notes), then in tempo mode at
/// the tempo ladder's rung (the time): the course waits on it, opens it in the mode still to
/// pass, and the report leads from one to the other.
#[test]
fn a_melody_is_passed_in_wait_mode_then_in_tempo_mode() {
    use etude::lesson::Mode;
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    // The five-finger positions before it pass in either mode.
    click(
        &mut app,
        "Continue: C five-finger position, right hand  (Enter)",
    );
    let mut at = play(&mut app, "asdfgfdsa", Instant::now());
    key_at(&mut app, Key::Named(Named::ArrowRight), true, at);
    at = play(&mut app, "asdfgfdsa", at);
    key_at(&mut app, Key::Named(Named::ArrowRight), true, at);
    assert_eq!(
        practice_of(&app).lesson().lesson.id.as_str(),
        "hot-cross-buns"
    );
    assert_eq!(practice_of(&app).mode(), Mode::Wait, "the notes first");

    // Passed in wait mode: the report leads to tempo mode, not to the next lesson.
    at = play(&mut app, "dsadsaaaaassssdsa", at);
    assert!(practice_of(&app).report().is_some_and(|r| r.passed));
    assert!(shows(&app, "Now in time: tempo mode at 48 bpm  (→)"));
    assert!(shows(
        &app,
        "The notes are right. To pass the lesson, play it in time: tempo mode, with the \
         metronome at 48 bpm."
    ));
    assert!(!shows(&app, "Next lesson: Mary Had a Little Lamb  (→)"));

    // The course has it half passed: Lessons marks it, Today goes on with it, in tempo mode.
    key_at(&mut app, Key::Named(Named::Escape), true, at);
    click(&mut app, "Lessons");
    assert!(shows(
        &app,
        "◐  Hot Cross Buns  (level 1)   best 100  ★★★   notes passed: now in time"
    ));
    assert!(shows(&app, "–  Mary Had a Little Lamb  (level 1)"));
    click(&mut app, "Today");
    click(&mut app, "Continue: Hot Cross Buns, in tempo mode  (Enter)");
    assert_eq!(practice_of(&app).mode(), Mode::Tempo);
    assert!(practice_of(&app).is_waiting());

    // Slower than the rung by hand: passed, but not the lesson.
    handle(
        &mut app,
        Message::Practice(practice::Message::ChangeTempo(-5)),
    );
    play_in_time(&mut app, "dsadsaaaaassssdsa", 43);
    assert!(shows(
        &app,
        "Passed, but slower than the tempo ladder's 48 bpm: play it there to pass the lesson."
    ));
    assert!(!shows(&app, "Next lesson: Mary Had a Little Lamb  (→)"));

    // In time at the ladder's rung: passed, and the next lesson opens.
    handle(
        &mut app,
        Message::Practice(practice::Message::ChangeTempo(5)),
    );
    let end = play_in_time(&mut app, "dsadsaaaaassssdsa", 48);
    let report = practice_of(&app).report().cloned().unwrap();
    assert!(report.passed && report.mode == "tempo", "{report:?}");
    assert!(shows(&app, "Next lesson: Mary Had a Little Lamb  (→)"));
    assert!(!shows(&app, "Now in time: tempo mode at 48 bpm  (→)"));
    key_at(&mut app, Key::Named(Named::ArrowRight), true, end);
    assert_eq!(
        practice_of(&app).lesson().lesson.id.as_str(),
        "mary-had-a-little-lamb"
    );
    assert_eq!(practice_of(&app).mode(), Mode::Wait);
    key_at(&mut app, Key::Named(Named::Escape), true, end);
    click(&mut app, "Lessons");
    assert!(shows_a_line_beginning(&app, "✓  Hot Cross Buns  (level 1)"));

    // Passed, it opens in its own mode, and a pass there leads on, not back to tempo mode.
    let passed = crate::drive::line_beginning(&app, "✓  Hot Cross Buns").unwrap();
    click(&mut app, &passed);
    assert_eq!(practice_of(&app).mode(), Mode::Wait);
    play(&mut app, "dsadsaaaaassssdsa", Instant::now());
    assert!(shows(&app, "Next lesson: Mary Had a Little Lamb  (→)"));
    assert!(!shows(&app, "Now in time: tempo mode at 48 bpm  (→)"));
}

/// Counts a tempo-mode run in with Enter and plays `letters` on their beats, at `bpm`; returns
/// when the run is over.
fn play_in_time(app: &mut App, letters: &str, bpm: u16) -> Instant {
    let (start, times) = count_in(app);
    assert_eq!(practice_of(app).run().plan().tempo_bpm, bpm);
    play_on_the_beats(app, letters, start, &times)
}

/// Enter counts a tempo-mode run in, the clock ticking through each beat of the count-in:
/// the run's start, and each step's time from it.
fn count_in(app: &mut App) -> (Instant, Vec<Duration>) {
    key_at(app, Key::Named(Named::Enter), true, Instant::now());
    let run = practice_of(app).run();
    let (beats, start) = (run.count_in_beats().to_vec(), run.started());
    let times: Vec<Duration> = run
        .plan()
        .targets
        .iter()
        .map(|t| Duration::from_micros(t.at as u64))
        .collect();
    for beat in &beats {
        handle_at(app, Message::Practice(practice::Message::Tick), *beat);
    }
    (start, times)
}

/// Plays `letters` on the steps' `times` from `start`, 20 ms after each tick; returns a
/// second after the last.
fn play_on_the_beats(app: &mut App, letters: &str, start: Instant, times: &[Duration]) -> Instant {
    for (letter, time) in letters.chars().zip(times) {
        handle_at(
            app,
            Message::Practice(practice::Message::Tick),
            start + *time,
        );
        type_at(app, letter, start + *time + Duration::from_millis(20));
    }
    start + *times.last().unwrap_or(&Duration::ZERO) + Duration::from_secs(1)
}

/// The Practice screen tells what a passed run leaves to do from the run itself, before the
/// journal has kept it (or when it cannot): after the notes in wait mode, tempo mode; after a
/// tempo-mode pass below the ladder's first rung, not the next lesson.
#[test]
fn the_report_says_what_is_left_before_the_journal_keeps_the_run() {
    use etude::engine::{EventKind, Plan, Run};
    use etude::progress::Passing;
    let library = etude::service::curriculum::shipped();
    let lesson = library.get("hot-cross-buns").unwrap().clone();
    let notes: Vec<u8> = lesson.steps.iter().map(|s| s.notes[0].0).collect();
    let now = Instant::now();
    let mut screen = practice::Practice::new(lesson, Default::default(), None, now)
        .on_course(Passing::NotYet, now);
    // What the screen asks of the app is not wanted here: only what it says.
    let feed = |screen: &mut practice::Practice, message, at| {
        let _ = screen.update(message, at);
    };
    let mut at = now;
    for note in &notes {
        at += Duration::from_millis(400);
        let key = etude::theory::Note(*note);
        let down = EventKind::NoteOn {
            note: key,
            velocity: 80,
        };
        feed(&mut screen, practice::Message::Input(down), at);
        let up = EventKind::NoteOff { note: key };
        feed(&mut screen, practice::Message::Input(up), at);
    }
    assert!(screen.report().is_some_and(|r| r.passed));
    assert_eq!(
        screen.now_in_time(),
        Some(80),
        "the lesson's tempo: no ladder read"
    );
    assert_eq!(screen.below_the_rung(), None);

    // In tempo mode at 40 bpm, below the ladder's first rung (48 of 80): not the lesson.
    feed(&mut screen, practice::Message::ToggleMode, at);
    feed(&mut screen, practice::Message::ChangeTempo(-40), at);
    let (_, asked) = screen.update(practice::Message::Restart, at);
    let Some(practice::Action::Begin(plan)) = asked else {
        panic!("Restart asks for a run: {asked:?}");
    };
    assert_eq!(plan.tempo_bpm, 40);
    let start = at + Duration::from_secs(1);
    screen.begin(Run::new(Plan::clone(&plan), start, Vec::new()));
    let times: Vec<Duration> = plan
        .targets
        .iter()
        .map(|t| Duration::from_micros(t.at as u64))
        .collect();
    for (note, time) in notes.iter().zip(&times) {
        let key = etude::theory::Note(*note);
        feed(&mut screen, practice::Message::Tick, start + *time);
        let down = EventKind::NoteOn {
            note: key,
            velocity: 80,
        };
        feed(&mut screen, practice::Message::Input(down), start + *time);
    }
    let end = start + Duration::from_secs(60);
    feed(&mut screen, practice::Message::Tick, end);
    assert!(
        screen
            .report()
            .is_some_and(|r| r.passed && r.mode == "tempo")
    );
    assert_eq!(screen.now_in_time(), None);
    assert_eq!(screen.below_the_rung(), Some(80));
}

/// A drone is held: the left hand's Sa and Pa stay down under the right hand's notes of the
/// bar and are struck again with the next bar, and the run is judged on the notes played.
#[test]
fn a_held_drone_is_played_through_without_a_wrong_note() {
    use etude::engine::EventKind;
    use etude::theory::Note;
    let library = etude::service::curriculum::shipped();
    let lesson = library.get("raga-yaman-over-a-drone").unwrap().clone();
    let steps: Vec<Vec<u8>> = lesson
        .steps
        .iter()
        .map(|s| s.notes.iter().map(|n| n.0).collect())
        .collect();
    let now = Instant::now();
    let mut screen = practice::Practice::new(lesson, Default::default(), None, now);
    let feed = |screen: &mut practice::Practice, kind, at| {
        let _ = screen.update(practice::Message::Input(kind), at);
    };
    let mut at = now;
    let mut held: Vec<u8> = Vec::new();
    for notes in &steps {
        at += Duration::from_millis(500);
        let drone: Vec<u8> = notes.iter().copied().filter(|n| *n < 60).collect();
        if !drone.is_empty() {
            // The drone again: let go, strike it with the right hand's note.
            for note in held.drain(..) {
                feed(&mut screen, EventKind::NoteOff { note: Note(note) }, at);
            }
        }
        for note in notes {
            let down = EventKind::NoteOn {
                note: Note(*note),
                velocity: 80,
            };
            feed(&mut screen, down, at);
        }
        for note in notes {
            if *note < 60 {
                held.push(*note);
            } else {
                let up = EventKind::NoteOff { note: Note(*note) };
                feed(&mut screen, up, at + Duration::from_millis(300));
            }
        }
    }
    let report = screen.report().cloned().unwrap();
    assert!(report.passed, "{report:?}");
    assert_eq!((report.wrong, report.extra), (0, 0), "{report:?}");
}
