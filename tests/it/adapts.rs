//! Practice that adapts, through the command line over a real journal: runs scored and recorded
//! in tempo mode climb the tempo ladder rung by rung (two failures in a row step it down), and
//! runs that go wrong at the same steps make a drill of them.

use std::path::Path;

use serde_json::Value;

use crate::cli::{etude_in, json, json_in};
use crate::pieces::perform;

/// Scores a run of the C major scale at `bpm` in tempo mode and keeps it in `home`'s journal;
/// the steps `wrong` a semitone off.
pub fn record(home: &Path, scale: &Value, bpm: u32, wrong: &[usize]) -> Value {
    let performance = home.join(format!("run-{bpm}-{wrong:?}.mid"));
    perform(scale, bpm, wrong, &performance);
    let bpm = bpm.to_string();
    json_in(
        home,
        &[
            "score",
            "--lesson",
            "c-major-scale-rh",
            "--mode",
            "tempo",
            "--bpm",
            &bpm,
            "--record",
            performance.to_str().unwrap(),
            "--json",
        ],
    )
}

fn ladder(home: &Path) -> Value {
    json_in(home, &["ladder", "--lesson", "c-major-scale-rh", "--json"])
}

#[test]
fn passed_runs_climb_the_ladder_and_two_failures_step_it_down() {
    let home = tempfile::tempdir().unwrap();
    let scale = json(&["lessons", "show", "c-major-scale-rh", "--json"]);
    assert_eq!(scale["tempo"], 72);
    let fresh = ladder(home.path());
    assert_eq!(
        (fresh["tempo"].as_u64(), fresh["target"].as_u64()),
        (Some(43), Some(72))
    );
    assert_eq!(fresh["history"].as_array().unwrap().len(), 0);

    // 60 % of 72 is 43.2; each pass climbs 5 % of 72, 3.6 bpm.
    assert_eq!(record(home.path(), &scale, 43, &[])["passed"], true);
    assert_eq!(ladder(home.path())["tempo"], 47);
    assert_eq!(record(home.path(), &scale, 47, &[])["passed"], true);
    let climbed = ladder(home.path());
    assert_eq!(climbed["tempo"], 50);
    assert_eq!(climbed["to_go"], 6, "50.4 of 72 is six rungs short");
    // Two runs with two wrong notes each at the rung: down a rung.
    for _ in 0..2 {
        let failed = record(home.path(), &scale, 50, &[2, 5]);
        assert_eq!(failed["passed"], false, "{failed}");
    }
    let stepped = ladder(home.path());
    assert_eq!(stepped["tempo"], 47);
    let rungs: Vec<u64> = stepped["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|run| run["rung"].as_u64().unwrap())
        .collect();
    assert_eq!(rungs, [47, 50, 50, 47]);
    let first = &stepped["history"][0];
    assert_eq!(
        (first["tempo"].as_u64(), first["passed"].as_bool()),
        (Some(43), Some(true))
    );
    // Said in words too.
    let said = etude_in(home.path(), &["ladder", "--lesson", "c-major-scale-rh"]);
    assert!(
        String::from_utf8_lossy(&said.stdout)
            .starts_with("C major scale, right hand: 47 of 72 bpm, 7 to go"),
        "{}",
        String::from_utf8_lossy(&said.stdout)
    );
}

/// Three runs of the C major scale that go wrong at its fifth and sixth steps (G4 and A4, 0-based
/// 4 and 5): the first drill covers them with the step before as a run-up, and opens as a lesson
/// whose steps are the scale's own, four times over, at three quarters of its tempo.
#[test]
fn runs_that_go_wrong_at_the_same_steps_make_a_drill_of_them() {
    let home = tempfile::tempdir().unwrap();
    let scale = json(&["lessons", "show", "c-major-scale-rh", "--json"]);
    for wrong in [&[4, 5][..], &[4], &[4, 5]] {
        record(home.path(), &scale, 72, wrong);
    }
    let drills = json_in(home.path(), &["drills", "--json"]);
    let first = &drills[0];
    assert_eq!(first["id"], "drill:c-major-scale-rh:3-5");
    assert_eq!(first["lesson"], "c-major-scale-rh");
    assert_eq!(
        (first["from_step"].as_u64(), first["to_step"].as_u64()),
        (Some(3), Some(5))
    );
    assert_eq!(first["errors"], 5);
    assert_eq!(first["tempo"], 54, "three quarters of 72");
    assert_eq!(
        first["title"],
        "Drill F4–G4–A4 of C major scale, right hand"
    );

    let drill = json_in(
        home.path(),
        &["lessons", "show", "drill:c-major-scale-rh:3-5", "--json"],
    );
    let names = |shown: &Value| -> Vec<String> {
        shown["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["names"][0].as_str().unwrap().to_owned())
            .collect()
    };
    let span: Vec<String> = names(&scale)[3..=5].to_vec();
    assert_eq!(span, ["F4", "G4", "A4"]);
    assert_eq!(
        names(&drill),
        [span.clone(), span.clone(), span.clone(), span].concat()
    );
    let fingers: Vec<u64> = drill["steps"]
        .as_array()
        .unwrap()
        .iter()
        .take(3)
        .map(|s| s["finger"].as_u64().unwrap())
        .collect();
    assert_eq!(
        fingers,
        [1, 2, 3],
        "the scale's own fingering: thumb under on F"
    );
    // It scores like any lesson.
    let performance = home.path().join("drill.mid");
    perform(&drill, 54, &[], &performance);
    let report = json_in(
        home.path(),
        &[
            "score",
            "--lesson",
            "drill:c-major-scale-rh:3-5",
            "--bpm",
            "54",
            performance.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(
        (report["expected"].as_u64(), report["passed"].as_bool()),
        (Some(12), Some(true))
    );
}

/// The window, driven with iced_test: after three runs of the C major scale that went wrong at
/// the same steps, Today offers their drill; made a goal, it is practised from Today in tempo
/// mode five times cleanly, and the goal is ticked.
#[test]
fn today_offers_a_drill_and_ticks_it_when_it_is_done() {
    use etude::app::{App, Message, Page};

    use crate::drive::{click, handle, shows};

    let home = tempfile::tempdir().unwrap();
    let scale = json(&["lessons", "show", "c-major-scale-rh", "--json"]);
    for wrong in [&[4, 5][..], &[4], &[4, 5]] {
        record(home.path(), &scale, 72, wrong);
    }
    let mut app = App::new(home.path().to_path_buf());
    assert!(shows(&app, "A drill from your trouble spots"));
    assert!(shows(
        &app,
        "Drill F4–G4–A4 of C major scale, right hand — 5 slips in your last runs; 4 times \
         through at 54 bpm."
    ));
    click(&mut app, "Make it a goal: 5 clean runs");
    let goal = "5 clean runs of Drill F4–G4–A4 of C major scale, right hand";
    assert!(shows(&app, &format!("○  {goal}  (0%)")));

    click(&mut app, "Practise the drill");
    assert!(shows(&app, "Drill F4–G4–A4 of C major scale, right hand"));
    assert!(shows(&app, "Tempo mode: play with the metronome · 54 bpm"));
    for _ in 0..5 {
        // Enter counts a bar in; each step on its time.
        play_through(&mut app);
    }
    handle(&mut app, Message::Go(Page::Today));
    assert!(shows(&app, &format!("✓  {goal}  (100%)")));
}

/// A lesson passed four days ago and reviewed the day after comes back today, three days on:
/// Today's goals hold its review ("kind": "review"); one reviewed yesterday is not due; and a
/// review passed today ticks it. (Across a change of clocks: the unit tests of
/// `progress::review`.)
#[test]
fn a_passed_lesson_comes_back_for_review_on_its_day() {
    use etude::store::journal::{FILE_NAME, Journal};
    use jiff::ToSpan;

    use crate::journal::{practise, report};

    let home = tempfile::tempdir().unwrap();
    let mut journal = Journal::open(&home.path().join(FILE_NAME)).unwrap();
    let passed = report(0);
    assert!(passed.passed);
    let today = jiff::tz::TimeZone::system()
        .to_datetime(jiff::Timestamp::now())
        .date();
    let noon = |days_ago: i64| {
        format!(
            "{}T12:00:00[UTC]",
            today.checked_sub(days_ago.days()).unwrap()
        )
    };
    for (lesson, days_ago) in [
        ("c-major-scale-rh", 4),
        ("c-major-scale-rh", 3),
        ("g-major-scale-rh", 2),
        ("g-major-scale-rh", 1),
    ] {
        practise(&mut journal, &noon(days_ago), lesson, 2.0, &passed);
    }
    drop(journal);
    let goals = || -> Value { json_in(home.path(), &["goals", "--json"]) };
    let reviews = |goals: &Value| -> Vec<(String, bool)> {
        goals["goals"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["kind"] == "review")
            .map(|g| (g["text"].as_str().unwrap().to_owned(), g["done"] == true))
            .collect()
    };
    let review = "Review C major scale, right hand: pass it once more".to_owned();
    assert_eq!(reviews(&goals()), [(review.clone(), false)]);
    // Passed today, the review is ticked.
    let mut journal = Journal::open(&home.path().join(FILE_NAME)).unwrap();
    practise(&mut journal, &noon(0), "c-major-scale-rh", 2.0, &passed);
    drop(journal);
    assert_eq!(reviews(&goals()), [(review, true)]);
}

/// A recorded run, listed by `etude journal list --json` and written as audio by `etude journal
/// render`: the WAV holds every key of the run, each where it was played.
#[test]
fn a_recorded_run_is_listed_and_rendered_as_audio() {
    let home = tempfile::tempdir().unwrap();
    let scale = json(&["lessons", "show", "c-major-scale-rh", "--json"]);
    record(home.path(), &scale, 120, &[]);
    let listed = json_in(home.path(), &["journal", "list", "--json"]);
    let run = &listed[0];
    assert_eq!(run["lesson"], "c-major-scale-rh");
    assert_eq!(run["title"], "C major scale, right hand");
    assert_eq!(
        (run["score"].as_u64(), run["passed"].as_bool()),
        (Some(100), Some(true))
    );
    let id = run["id"].as_str().unwrap();

    let wav = home.path().join("run.wav");
    let rendered = etude_in(
        home.path(),
        &["journal", "render", id, "-o", wav.to_str().unwrap()],
    );
    assert!(
        rendered.status.success(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    let (onsets, rate) = onsets_in(&wav);
    // Fifteen keys half a second apart (120 bpm).
    assert_eq!(onsets.len(), 15, "{onsets:?}");
    for pair in onsets.windows(2) {
        let gap_ms = (pair[1] - pair[0]) as f64 * 1000.0 / rate;
        assert!((gap_ms - 500.0).abs() < 15.0, "{gap_ms} ms");
    }
    let missing = etude_in(
        home.path(),
        &["journal", "render", "no-such-run", "-o", "x.wav"],
    );
    assert_eq!(missing.status.code(), Some(2));
}

/// The onsets (samples) of a WAV file's left channel, and its sample rate.
fn onsets_in(wav: &Path) -> (Vec<usize>, f64) {
    let mut reader = hound::WavReader::open(wav).unwrap();
    let rate = f64::from(reader.spec().sample_rate);
    let samples: Vec<f32> = reader
        .samples::<i16>()
        .step_by(2)
        .map(|s| f32::from(s.unwrap()) / 32768.0)
        .collect();
    (crate::onsets::onsets(&samples, rate), rate)
}

/// Plays the lesson open on Practice once through, each step on its time, from Enter on.
fn play_through(app: &mut etude::app::App) {
    use std::time::{Duration, Instant};

    use etude::app::Message;
    use etude::engine::EventKind;
    use etude::ui::screen::practice;

    use crate::drive::{handle_at, practice_of};

    let now = Instant::now();
    crate::drive::key_at(
        app,
        iced::keyboard::Key::Named(iced::keyboard::key::Named::Enter),
        true,
        now,
    );
    let run = practice_of(app).run();
    let start = run.started();
    let steps: Vec<(Duration, u8)> = run
        .plan()
        .targets
        .iter()
        .map(|t| (Duration::from_micros(t.at as u64), t.step.notes[0].0))
        .collect();
    for (at, note) in steps {
        let note = etude::theory::Note(note);
        let input = |kind| Message::Practice(practice::Message::Input(kind));
        handle_at(
            app,
            input(EventKind::NoteOn { note, velocity: 80 }),
            start + at,
        );
        handle_at(
            app,
            input(EventKind::NoteOff { note }),
            start + at + Duration::from_millis(200),
        );
    }
    assert!(
        practice_of(app).report().is_some_and(|r| r.is_clean()),
        "{:?}",
        practice_of(app).report()
    );
}

/// The goal editor on Today: a goal said in a sentence is shown back as understood, set, and
/// ticked after the runs; a week's goal built from its parts is set beside the day's and met
/// by a lesson never played before; the terminal lists both.
#[test]
fn a_goal_set_on_today_is_ticked_after_the_run() {
    use etude::app::{App, Message, Page};
    use etude::ui::screen::goal_editor::{Kind, Message as Editor, Period};
    use etude::ui::screen::today;

    use crate::drive::{click, handle, shows, shows_a_line_beginning};

    let edit = |app: &mut App, message: Editor| {
        handle(app, Message::Today(today::Message::Goal(message)));
    };
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    click(&mut app, "Set a goal of your own");
    assert!(shows(&app, "Understood: Play for 5 minutes"));
    edit(
        &mut app,
        Editor::Said("2 clean runs of the C major scale".into()),
    );
    let goal = "2 clean runs of C major scale, right hand";
    assert!(shows(&app, &format!("Understood: {goal}")));
    click(&mut app, "Set the goal");
    assert!(shows(&app, &format!("○  {goal}  (0%)")));
    assert!(!shows(&app, "Set the goal"), "the editor closes");

    // A week's goal, from its parts: something new, a scale.
    click(&mut app, "Set a goal of your own");
    edit(&mut app, Editor::PeriodChosen(Period::Week));
    edit(&mut app, Editor::KindChosen(Kind::TryNew));
    click(&mut app, "scale");
    assert!(shows(&app, "Understood: Try a new scale"));
    click(&mut app, "Set the goal");
    assert!(shows(&app, "This week"));
    assert!(shows(&app, "○  Try a new scale  (0%)"));
    // Both goals are the player's own: what Etude proposed made room for them.
    assert!(shows(&app, &format!("○  {goal}  (0%)")));

    handle(
        &mut app,
        Message::Today(today::Message::Practise("c-major-scale-rh".into())),
    );
    play_through(&mut app);
    handle(&mut app, Message::Go(Page::Today));
    assert!(shows(&app, &format!("○  {goal}  (50%)")));
    assert!(shows(&app, "✓  Try a new scale  (100%)"));
    handle(
        &mut app,
        Message::Today(today::Message::Practise("c-major-scale-rh".into())),
    );
    play_through(&mut app);
    handle(&mut app, Message::Go(Page::Today));
    assert!(shows(&app, &format!("✓  {goal}  (100%)")));
    assert!(
        shows_a_line_beginning(&app, "Under a minute of 5 minutes today · 2 clean runs")
            || shows_a_line_beginning(&app, "1 of 5 minutes today · 2 clean runs")
    );

    let listed = json_in(home.path(), &["goals", "--json"]);
    assert_eq!(
        listed["goals"][0]["spec"], "clean 2 c-major-scale-rh",
        "{listed}"
    );
    assert_eq!(listed["goals"][0]["done"], true);
    assert_eq!(listed["week"]["goal"]["spec"], "new scale");
    assert_eq!(listed["week"]["goal"]["done"], true);
}

/// `etude goals add` reads goals as people say them and says what it understood; a week's goal
/// is kept beside the day's, and exported and imported with the journal.
#[test]
fn goals_are_added_as_people_say_them() {
    let home = tempfile::tempdir().unwrap();
    let add = |words: &[&str]| {
        let mut args = vec!["goals", "add"];
        args.extend_from_slice(words);
        let output = etude_in(home.path(), &args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let said = add(&["C major scale for 5 minutes"]);
    assert!(
        said.contains("Understood: Play C major scale, right hand for 5 minutes (`minutes 5 on c-major-scale-rh`)"),
        "{said}"
    );
    let said = add(&["3", "clean", "runs", "of", "G", "major", "at", "80", "bpm"]);
    assert!(
        said.contains("3 clean runs of G major scale, right hand in tempo mode at 80 bpm"),
        "{said}"
    );
    add(&["5 minutes"]);
    let said = add(&["--week", "try a new chord progression this week"]);
    assert!(
        said.contains(
            "Understood: Try a new progression (`new progression`). Goal for the week of"
        ),
        "{said}"
    );
    let listed = json_in(home.path(), &["goals", "--json"]);
    let specs: Vec<&str> = listed["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["spec"].as_str().unwrap())
        .collect();
    assert_eq!(
        specs,
        [
            "minutes 5 on c-major-scale-rh",
            "clean 3 g-major-scale-rh at 80",
            "minutes 5"
        ]
    );
    assert_eq!(listed["week"]["goal"]["kind"], "try_new");

    // What cannot be read is refused, naming it, and nothing is added.
    let refused = etude_in(home.path(), &["goals", "add", "3 clean runs of Z major"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no lesson is called \"z major\""));

    // The week's goal travels with an export.
    let export = etude_in(home.path(), &["journal", "export"]);
    let document: Value = serde_json::from_slice(&export.stdout).unwrap();
    let weekly: Vec<&Value> = document["goals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["weekly"] == true)
        .collect();
    assert_eq!(weekly.len(), 1, "{document}");
    let file = home.path().join("export.json");
    std::fs::write(&file, &export.stdout).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let imported = etude_in(
        elsewhere.path(),
        &["journal", "import", file.to_str().unwrap()],
    );
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let there = json_in(elsewhere.path(), &["goals", "--json"]);
    assert_eq!(there["week"]["goal"]["spec"], "new progression");
}

/// Then and now: the first recorded run and the best of the latest, from the terminal (with
/// both rendered back to back, two seconds apart) and in the window's Progress and Journal.
#[test]
fn then_and_now_plays_the_first_run_and_the_best_lately() {
    use etude::app::{App, Message, Page};

    use crate::drive::{handle, shows};

    let home = tempfile::tempdir().unwrap();
    let scale = json(&["lessons", "show", "c-major-scale-rh", "--json"]);
    let none = etude_in(
        home.path(),
        &["journal", "then-and-now", "--lesson", "c-major-scale-rh"],
    );
    assert_eq!(none.status.code(), Some(2), "no runs yet");
    let first = record(home.path(), &scale, 60, &[2, 5]);
    let best = record(home.path(), &scale, 120, &[]);
    let last = record(home.path(), &scale, 120, &[3]);
    let scores: Vec<u64> = [&first, &best, &last]
        .iter()
        .map(|run| run["score"].as_u64().unwrap())
        .collect();
    assert!(scores[1] > scores[2] && scores[2] > scores[0], "{scores:?}");
    let ids: Vec<String> = json_in(home.path(), &["journal", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|run| run["id"].as_str().unwrap().to_owned())
        .collect();

    let wav = home.path().join("then-and-now.wav");
    let pair = json_in(
        home.path(),
        &[
            "journal",
            "then-and-now",
            "--lesson",
            "c-major-scale-rh",
            "-o",
            wav.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(pair["then"]["id"], ids[0].as_str(), "{pair}");
    assert_eq!(
        pair["now"]["id"],
        ids[1].as_str(),
        "the best of the latest, not the last"
    );
    assert_eq!(pair["now"]["score"], scores[1]);
    let (onsets, rate) = onsets_in(&wav);
    assert_eq!(onsets.len(), 30, "fifteen keys then fifteen: {onsets:?}");
    let gaps_ms = crate::onsets::gaps_ms(&onsets, rate);
    // Then at 60 bpm; its last key held 200 ms, two seconds' silence; now at 120 bpm.
    for (i, gap) in gaps_ms.iter().enumerate() {
        let expected = match i {
            0..=13 => 1000.0,
            14 => 2200.0,
            _ => 500.0,
        };
        assert!(
            (gap - expected).abs() < 15.0,
            "gap {i}: {gap} ms, not {expected}"
        );
    }

    // In the window: Progress charts the lesson with its then and now; the Journal offers
    // then-and-now beside each later run.
    let mut app = App::new(home.path().to_path_buf());
    handle(&mut app, Message::Go(Page::Progress));
    assert!(shows(&app, "Then and now"));
    let today = jiff::tz::TimeZone::system()
        .to_datetime(jiff::Timestamp::now())
        .date()
        .strftime("%-d %b %Y")
        .to_string();
    assert!(shows(
        &app,
        &format!(
            "First run, {today}: {}% · best lately, {today}: {}%",
            scores[0], scores[1]
        )
    ));
    // Heard through a real JACK output: `live::then_and_now_is_heard_back_to_back`.
    assert!(
        !shows(&app, "▶ Hear how far you came"),
        "no sound here to hear it with"
    );
}
