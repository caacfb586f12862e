//! The practice journal on a real SQLite file: local days across DST and travel, sessions past
//! midnight, streaks, goals from attempts, migrations, export and import, crashes, corruption.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::cli::{etude_in, json_in};
use etude::engine::{Attempt, NoteEvent, Plan, Report};
use etude::lesson::Mode;
use etude::progress::days::StreakRule;
use etude::progress::{self, GoalSpec};
use etude::store::journal::{Journal, NewAttempt};
use jiff::ZonedDateTime as Zoned;
use jiff::civil::{Date, date};

/// A real report: the C major scale played cleanly (or with `wrong` wrong notes) at 72 bpm.
pub fn report(wrong: usize) -> Report {
    let lesson = etude::service::curriculum::shipped()
        .get("c-major-scale-rh")
        .cloned()
        .unwrap();
    let mut attempt = Attempt::new(Plan::new(&lesson, Some(Mode::Tempo), None));
    for (i, step) in lesson.steps.iter().enumerate() {
        let note = step.notes[0].0 + u8::from(i < wrong);
        attempt.feed(NoteEvent::on(i as i64 * 833_333, note, 80));
    }
    attempt.finish().clone()
}

/// Records an attempt starting at `when` (an RFC 9557 zoned time) with notes every 2 s for
/// `minutes` minutes.
pub fn practise(journal: &mut Journal, when: &str, lesson: &str, minutes: f64, report: &Report) {
    let zoned: Zoned = when.parse().unwrap_or_else(|e| panic!("{when}: {e}"));
    let notes: Vec<i64> = (0..=((minutes * 30.0) as i64))
        .map(|i| i * 2_000_000)
        .collect();
    let finished = zoned
        .timestamp()
        .checked_add(jiff::SignedDuration::from_micros(*notes.last().unwrap()))
        .unwrap();
    let uid = etude::service::keeping::attempt_uid(zoned.timestamp(), lesson);
    journal
        .record_attempt(&NewAttempt {
            uid: &uid,
            lesson,
            kind: Some("scale"),
            started_at: zoned.timestamp(),
            finished_at: finished,
            time_zone: zoned.time_zone(),
            note_times: &notes,
            report,
            recording: None,
            mood_before: Some(4),
            mood_after: Some(7),
            note: None,
        })
        .unwrap();
}

fn rounded(days: &BTreeMap<Date, f64>) -> Vec<(Date, f64)> {
    days.iter()
        .map(|(d, m)| (*d, (m * 10.0).round() / 10.0))
        .collect()
}

#[test]
fn days_are_local_across_dst_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::open(&dir.path().join("journal.sqlite")).unwrap();
    let clean = report(0);
    // Berlin springs forward on 2026-03-29 and falls back on 2026-10-25; late-evening practice
    // is a day ahead in UTC in New York, and a different UTC offset each side of the change.
    for day in 27..=31 {
        practise(
            &mut journal,
            &format!("2026-03-{day}T23:20:00[Europe/Berlin]"),
            "c-major-scale-rh",
            6.0,
            &clean,
        );
    }
    for (day, hour) in [(30, 22), (31, 22), (1, 0), (2, 23)] {
        let month = if day > 2 { 10 } else { 11 };
        practise(
            &mut journal,
            &format!("2026-{month:02}-{day:02}T{hour:02}:30:00[America/New_York]"),
            "c-major-scale-rh",
            6.0,
            &clean,
        );
    }
    let days = journal.day_minutes().unwrap();
    let dates: Vec<Date> = days.keys().copied().collect();
    assert_eq!(
        dates,
        [
            date(2026, 3, 27),
            date(2026, 3, 28),
            date(2026, 3, 29),
            date(2026, 3, 30),
            date(2026, 3, 31),
            date(2026, 10, 30),
            date(2026, 10, 31),
            date(2026, 11, 1),
            date(2026, 11, 2)
        ]
    );
    assert!(days.values().all(|m| (m - 6.0).abs() < 1e-9));
    assert_eq!(
        progress::streak(&days, date(2026, 3, 31), StreakRule::strict(5.0)).current,
        5
    );
    assert_eq!(
        progress::streak(&days, date(2026, 11, 2), StreakRule::strict(5.0)),
        progress::Streak {
            current: 4,
            best: 5,
            ..progress::Streak::default()
        }
    );
}

#[test]
fn a_session_past_midnight_counts_for_the_day_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::open(&dir.path().join("journal.sqlite")).unwrap();
    let clean = report(0);
    practise(
        &mut journal,
        "2026-11-24T23:45:00[Europe/Berlin]",
        "c-major-scale-rh",
        4.0,
        &clean,
    );
    // Ten minutes later, past midnight: the same session.
    practise(
        &mut journal,
        "2026-11-24T23:59:00[Europe/Berlin]",
        "g-major-scale-rh",
        4.0,
        &clean,
    );
    practise(
        &mut journal,
        "2026-11-25T00:10:00[Europe/Berlin]",
        "g-major-scale-rh",
        3.0,
        &clean,
    );
    // After a long break: a new session on the new day.
    practise(
        &mut journal,
        "2026-11-25T09:00:00[Europe/Berlin]",
        "c-major-scale-rh",
        2.0,
        &clean,
    );
    let days = journal.day_minutes().unwrap();
    assert_eq!(
        rounded(&days),
        [(date(2026, 11, 24), 11.0), (date(2026, 11, 25), 2.0)]
    );
    assert_eq!(journal.export().unwrap().export.sessions.len(), 2);
    assert_eq!(journal.attempts_on(date(2026, 11, 24)).unwrap().len(), 3);
}

#[test]
fn a_missed_day_ends_the_streak_and_minutes_below_the_minimum_do_not_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::open(&dir.path().join("journal.sqlite")).unwrap();
    let clean = report(0);
    for day in [1, 2, 3, 5, 6] {
        practise(
            &mut journal,
            &format!("2026-11-{day:02}T18:00:00[America/New_York]"),
            "c-major-scale-rh",
            5.0,
            &clean,
        );
    }
    practise(
        &mut journal,
        "2026-11-07T18:00:00[America/New_York]",
        "c-major-scale-rh",
        2.0,
        &clean,
    );
    let days = journal.day_minutes().unwrap();
    assert_eq!(
        progress::streak(&days, date(2026, 11, 6), StreakRule::strict(5.0)),
        progress::Streak {
            current: 2,
            best: 3,
            ..progress::Streak::default()
        }
    );
    assert_eq!(
        progress::streak(&days, date(2026, 11, 7), StreakRule::strict(5.0)).current,
        2,
        "today not met yet: yesterday's streak lives"
    );
    assert_eq!(
        progress::streak(&days, date(2026, 11, 8), StreakRule::strict(5.0)).current,
        0
    );
    assert_eq!(
        progress::streak(&days, date(2026, 11, 7), StreakRule::strict(2.0)).current,
        3
    );
}

#[test]
fn a_week_of_practice_earns_a_rest_day_that_covers_a_missed_day_unless_turned_off() {
    let home = tempfile::tempdir().unwrap();
    let mut journal = Journal::open(&home.path().join("journal.sqlite")).unwrap();
    let clean = report(0);
    // 1–7 March played, the 8th missed, the 9th played, then nothing.
    for day in (1..=7).chain([9]) {
        practise(
            &mut journal,
            &format!("2026-03-{day:02}T19:00:00[Europe/London]"),
            "c-major-scale-rh",
            6.0,
            &clean,
        );
    }
    drop(journal);
    let stats = |on: &str| json_in(home.path(), &["stats", "--on", on, "--json"]);
    let kept = stats("2026-03-09");
    assert_eq!(kept["streak"]["current"], 8, "{kept}");
    assert_eq!(kept["streak"]["rest_days"], 0);
    assert_eq!(kept["streak"]["rested"], serde_json::json!(["2026-03-08"]));
    let said = etude_in(home.path(), &["stats", "--on", "2026-03-10"]);
    assert!(
        String::from_utf8_lossy(&said.stdout).contains("8 day streak (best 8)"),
        "{}",
        String::from_utf8_lossy(&said.stdout)
    );
    // The rest day was spent: the 10th missed ends it.
    assert_eq!(stats("2026-03-11")["streak"]["current"], 0);
    // Turned off in the settings, the missed 8th ended the first week's streak.
    std::fs::write(
        home.path().join("settings.ron"),
        "Settings(rest_days: false)",
    )
    .unwrap();
    let strict = stats("2026-03-09");
    assert_eq!(
        (
            strict["streak"]["current"].as_u64(),
            strict["streak"]["best"].as_u64()
        ),
        (Some(1), Some(7))
    );
    assert_eq!(strict["streak"]["rested"], serde_json::json!([]));
}

#[test]
fn a_time_zone_change_keeps_days_where_the_player_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::open(&dir.path().join("journal.sqlite")).unwrap();
    let clean = report(0);
    // New York in the evening (02:00 UTC the next day), then Berlin the next morning.
    practise(
        &mut journal,
        "2026-11-24T21:00:00[America/New_York]",
        "c-major-scale-rh",
        6.0,
        &clean,
    );
    practise(
        &mut journal,
        "2026-11-25T09:00:00[Europe/Berlin]",
        "c-major-scale-rh",
        6.0,
        &clean,
    );
    // Tokyo in the morning, then Los Angeles the same calendar day after the flight.
    practise(
        &mut journal,
        "2026-11-27T08:00:00[Asia/Tokyo]",
        "c-major-scale-rh",
        3.0,
        &clean,
    );
    practise(
        &mut journal,
        "2026-11-27T18:00:00[America/Los_Angeles]",
        "c-major-scale-rh",
        3.0,
        &clean,
    );
    let days = journal.day_minutes().unwrap();
    assert_eq!(
        rounded(&days),
        [
            (date(2026, 11, 24), 6.0),
            (date(2026, 11, 25), 6.0),
            (date(2026, 11, 27), 6.0)
        ]
    );
    assert_eq!(
        progress::streak(&days, date(2026, 11, 25), StreakRule::strict(5.0)).current,
        2
    );
    let sessions = journal.export().unwrap().export.sessions;
    assert_eq!(sessions[0].time_zone, "America/New_York");
    assert_eq!(sessions[1].time_zone, "Europe/Berlin");
}

#[test]
fn goals_progress_from_recorded_attempts() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::open(&dir.path().join("journal.sqlite")).unwrap();
    let (clean, sloppy) = (report(0), report(3));
    practise(
        &mut journal,
        "2026-11-24T18:00:00[Europe/Berlin]",
        "c-major-scale-rh",
        2.0,
        &clean,
    );
    let today = date(2026, 11, 25);
    let goal: GoalSpec = "clean 3 c-major-scale-rh".parse().unwrap();
    journal.add_goal(today, &goal, false).unwrap();
    let minutes: GoalSpec = "minutes 5".parse().unwrap();
    journal.add_goal(today, &minutes, false).unwrap();
    let check = |journal: &Journal| -> Vec<(f64, bool)> {
        let attempts = journal.attempts_on(today).unwrap();
        let before = journal.history_before(today).unwrap();
        journal
            .goals_on(today)
            .unwrap()
            .iter()
            .map(|g| {
                let p = progress::evaluate(&g.spec, &attempts, &before);
                ((p.progress * 100.0).round() / 100.0, p.done)
            })
            .collect()
    };
    assert_eq!(check(&journal), [(0.0, false), (0.0, false)]);
    practise(
        &mut journal,
        "2026-11-25T18:00:00[Europe/Berlin]",
        "c-major-scale-rh",
        1.0,
        &clean,
    );
    // Two minutes' break between attempts: pauses over a minute are not playing.
    practise(
        &mut journal,
        "2026-11-25T18:03:00[Europe/Berlin]",
        "c-major-scale-rh",
        1.0,
        &sloppy,
    );
    practise(
        &mut journal,
        "2026-11-25T18:06:00[Europe/Berlin]",
        "c-major-scale-rh",
        1.0,
        &clean,
    );
    assert_eq!(check(&journal), [(0.67, false), (0.6, false)]);
    // Straight on from the last note, half a minute later: that half minute counts too.
    practise(
        &mut journal,
        "2026-11-25T18:07:30[Europe/Berlin]",
        "c-major-scale-rh",
        1.5,
        &clean,
    );
    assert_eq!(check(&journal), [(1.0, true), (1.0, true)]);
    // Goals a user chooses replace the day's proposals, three at most.
    journal
        .add_goal(today, &"new progression".parse().unwrap(), true)
        .unwrap();
    journal
        .add_goal(
            today,
            &"beat score c-major-scale-rh".parse().unwrap(),
            false,
        )
        .unwrap();
    journal
        .add_goal(today, &"minutes 20".parse().unwrap(), false)
        .unwrap();
    let specs: Vec<String> = journal
        .goals_on(today)
        .unwrap()
        .iter()
        .map(|g| g.spec.to_string())
        .collect();
    assert_eq!(
        specs,
        [
            "clean 3 c-major-scale-rh",
            "minutes 5",
            "beat score c-major-scale-rh"
        ]
    );
}

/// The first schema, as Etude 0.1 created it (migration 1), with some data in it.
const SCHEMA_1: &str = "
    CREATE TABLE sessions (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL, time_zone TEXT NOT NULL, local_date TEXT NOT NULL,
        mood_before INTEGER CHECK (mood_before BETWEEN 1 AND 10), mood_after INTEGER CHECK (mood_after BETWEEN 1 AND 10), note TEXT);
    CREATE INDEX sessions_by_date ON sessions(local_date);
    CREATE TABLE attempts (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, session_id INTEGER NOT NULL REFERENCES sessions(id),
        lesson TEXT NOT NULL, kind TEXT, mode TEXT NOT NULL, tempo_bpm INTEGER NOT NULL, started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL, last_note_at TEXT, playing_seconds REAL NOT NULL, score INTEGER NOT NULL,
        passed INTEGER NOT NULL, clean INTEGER NOT NULL, ioi_cv REAL, report TEXT NOT NULL, recording TEXT);
    CREATE INDEX attempts_by_session ON attempts(session_id);
    CREATE INDEX attempts_by_lesson ON attempts(lesson);
    INSERT INTO sessions VALUES (1, '2026-11-20T17:00:00Z', '2026-11-20T17:00:00Z', '2026-11-20T17:20:00Z', 'Europe/Berlin', '2026-11-20', 5, 8, 'first week');
    INSERT INTO attempts VALUES (1, 'a1', 1, 'c-major-scale-rh', 'scale', 'wait', 72, '2026-11-20T17:00:00Z', '2026-11-20T17:01:00Z',
        '2026-11-20T17:01:00Z', 360.0, 92, 1, 1, 0.04, '{\"score\": 92}', NULL);
    PRAGMA user_version = 1;";

/// The second schema (migration 2 added the goals), with a goal in it.
const SCHEMA_2: &str = "
    CREATE TABLE goals (id INTEGER PRIMARY KEY, local_date TEXT NOT NULL, spec TEXT NOT NULL, proposed INTEGER NOT NULL,
        UNIQUE (local_date, spec));
    INSERT INTO goals VALUES (1, '2026-11-20', 'clean 3 c-major-scale-rh', 0);
    PRAGMA user_version = 2;";

#[test]
fn migrations_run_on_a_new_file_and_from_every_earlier_schema() {
    let dir = tempfile::tempdir().unwrap();
    // (An empty file is refused: see an_empty_journal_file_is_reported_not_replaced.)
    let new = dir.path().join("new.sqlite");
    let journal = Journal::open(&new).unwrap();
    assert_eq!(journal.schema_version().unwrap(), 6);
    assert!(journal.day_minutes().unwrap().is_empty());
    drop(journal);

    for (version, setup) in [
        (1, SCHEMA_1.to_owned()),
        (2, format!("{SCHEMA_1}{SCHEMA_2}")),
    ] {
        let old = dir.path().join(format!("schema-{version}.sqlite"));
        rusqlite::Connection::open(&old)
            .unwrap()
            .execute_batch(&setup)
            .unwrap();
        let mut journal = Journal::open(&old).unwrap();
        assert_eq!(
            journal.schema_version().unwrap(),
            6,
            "from schema {version}"
        );
        assert_eq!(
            rounded(&journal.day_minutes().unwrap()),
            [(date(2026, 11, 20), 6.0)]
        );
        assert_eq!(journal.bests().unwrap()[0].best_score, 92);
        assert_eq!(journal.attempts_on(date(2026, 11, 20)).unwrap().len(), 1);
        journal
            .add_goal(date(2026, 11, 20), &"minutes 5".parse().unwrap(), false)
            .unwrap();
        assert_eq!(journal.goals_on(date(2026, 11, 20)).unwrap().len(), version);
        // Schema 5: a week's goal, and the clean runs of each day from their index.
        journal
            .set_week_goal(date(2026, 11, 16), &"new progression".parse().unwrap())
            .unwrap();
        assert!(journal.week_goal(date(2026, 11, 16)).unwrap().is_some());
        assert_eq!(
            journal
                .day_clean_runs()
                .unwrap()
                .into_iter()
                .collect::<Vec<_>>(),
            [(date(2026, 11, 20), 1)]
        );
        // Schema 6: the scale passed in wait mode before the course asked for a pass in each
        // mode stays passed.
        let library = etude::service::curriculum::shipped();
        let passes = etude::service::overview::passes(&journal, &library).unwrap();
        assert!(passes.passed.contains("c-major-scale-rh"), "{passes:?}");
        // Opening again changes nothing.
        drop(journal);
        assert_eq!(Journal::open(&old).unwrap().schema_version().unwrap(), 6);
    }
}

/// The course's rule on a real journal: a pass in wait mode leaves a lesson of the course
/// waiting in tempo mode; a pass in tempo mode at the rung passes it.
#[test]
fn a_course_lesson_is_passed_in_wait_mode_then_in_tempo_mode() {
    use etude::progress::Passing;
    use etude::service::overview;
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::open(&dir.path().join("journal.sqlite")).unwrap();
    let library = etude::service::curriculum::shipped();
    let lesson = library.get("c-major-scale-rh").cloned().unwrap();
    let mut waited = Attempt::new(Plan::new(&lesson, Some(Mode::Wait), None));
    for (i, step) in lesson.steps.iter().enumerate() {
        waited.feed(NoteEvent::on(i as i64 * 2_000_000, step.notes[0].0, 80));
    }
    let waited = waited.finish().clone();
    assert!(waited.passed);
    let at = "2026-12-01T18:00:00[Europe/Berlin]";
    practise(&mut journal, at, "c-major-scale-rh", 1.0, &waited);
    let passes = overview::passes(&journal, &library).unwrap();
    assert_eq!(passes.of("c-major-scale-rh"), Passing::NowInTime);
    let trend = journal.lesson_trend("c-major-scale-rh").unwrap();
    assert_eq!(
        trend[0].tempo_bpm, None,
        "a wait-mode pass says nothing of tempo"
    );
    // In tempo mode at 72 bpm, above the ladder's first rung (43): passed.
    practise(
        &mut journal,
        "2026-12-01T18:10:00[Europe/Berlin]",
        "c-major-scale-rh",
        1.0,
        &report(0),
    );
    let passes = overview::passes(&journal, &library).unwrap();
    assert_eq!(passes.of("c-major-scale-rh"), Passing::Passed);
    let trend = journal.lesson_trend("c-major-scale-rh").unwrap();
    assert_eq!(trend[0].tempo_bpm, Some(72));
}

/// Lessons passed before the course asked for a pass in each mode stay passed when the
/// journal moves by export and import; an export from before that rule keeps all its passes.
#[test]
fn passes_kept_from_before_the_timed_course_travel_with_an_export() {
    use etude::progress::Passing;
    let dir = tempfile::tempdir().unwrap();
    let library = etude::service::curriculum::shipped();
    let passing = |journal: &Journal| {
        etude::service::overview::passes(journal, &library)
            .unwrap()
            .of("c-major-scale-rh")
    };
    let old = dir.path().join("old.sqlite");
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch(&format!("{SCHEMA_1}{SCHEMA_2}"))
        .unwrap();
    let export = Journal::open(&old).unwrap().export().unwrap().export;
    assert_eq!(
        export.passed_before_timing,
        Some(vec!["c-major-scale-rh".to_owned()])
    );
    let into = |name: &str, passed_before_timing: Option<Vec<String>>| {
        let mut journal = Journal::open(&dir.path().join(name)).unwrap();
        let export = etude::store::journal::Export {
            passed_before_timing,
            ..export.clone()
        };
        journal.import(&export, false).unwrap();
        passing(&journal)
    };
    assert_eq!(
        into("moved.sqlite", export.passed_before_timing.clone()),
        Passing::Passed
    );
    assert_eq!(into("from-before.sqlite", None), Passing::Passed);
    // The same wait-mode pass, kept after the rule: the notes passed, the time still to come.
    assert_eq!(into("after.sqlite", Some(Vec::new())), Passing::NowInTime);
}

#[test]
fn export_and_import_round_trip_and_skip_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = Journal::open(&dir.path().join("first.sqlite")).unwrap();
    let clean = report(0);
    practise(
        &mut first,
        "2026-11-24T18:00:00[Europe/Berlin]",
        "c-major-scale-rh",
        3.0,
        &clean,
    );
    practise(
        &mut first,
        "2026-11-25T18:00:00[Europe/Berlin]",
        "g-major-scale-rh",
        3.0,
        &report(2),
    );
    first
        .add_goal(
            date(2026, 11, 25),
            &"clean 3 g-major-scale-rh at 80".parse().unwrap(),
            false,
        )
        .unwrap();
    let exported = first.export().unwrap().export;
    let json = serde_json::to_string(&exported).unwrap();

    let mut second = Journal::open(&dir.path().join("second.sqlite")).unwrap();
    let imported = second
        .import(&serde_json::from_str(&json).unwrap(), false)
        .unwrap();
    assert_eq!(
        (imported.sessions, imported.attempts, imported.goals),
        (2, 2, 1)
    );
    assert_eq!(second.export().unwrap().export, exported);
    assert_eq!(second.day_minutes().unwrap(), first.day_minutes().unwrap());
    let again = second.import(&exported, false).unwrap();
    assert_eq!((again.sessions, again.attempts, again.goals), (0, 0, 0));
    assert_eq!(exported.attempts[1].report["wrong"], 2);
}

/// Run by `a_killed_writer_never_corrupts_the_journal` in a child process: records attempts
/// until killed, saying which were saved.
#[test]
fn crash_child() {
    let Ok(file) = std::env::var("ETUDE_CRASH_JOURNAL") else {
        return;
    };
    // Each round's child writes attempts of its own (an attempt's identity is its start and
    // lesson, and a second child must not collide with the first's).
    let round = std::env::var("ETUDE_CRASH_ROUND").unwrap_or_default();
    let mut journal = Journal::open(Path::new(&file)).unwrap();
    let clean = report(0);
    println!("ready");
    for n in 0.. {
        let when = format!(
            "2026-11-25T10:{:02}:{:02}[Europe/Berlin]",
            (n / 60) % 60,
            n % 60
        );
        let lesson = format!("lesson-{round}-{n}");
        practise(&mut journal, &when, &lesson, 0.1, &clean);
        println!("saved {lesson}");
    }
}

#[test]
fn a_killed_writer_never_corrupts_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("journal.sqlite");
    let mut seed = std::process::id() as u64;
    let mut saved: Vec<String> = Vec::new();
    for round in 0..20 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "journal::crash_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("ETUDE_CRASH_JOURNAL", &file)
            .env("ETUDE_CRASH_ROUND", round.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        // The kill comes at a random moment once the child has saved its first attempt, so
        // every round kills a writer mid-stream however slow the disk (starting the child and
        // the first synchronous commit can take a while on a busy machine).
        let started = Instant::now();
        loop {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "round {round}: the child never saved an attempt"
            );
            // (libtest may print the test's name on the same line first.)
            if let Ok(line) = lines.recv_timeout(Duration::from_secs(1))
                && let Some(id) = line.strip_prefix("saved ")
            {
                saved.push(id.to_owned());
                break;
            }
        }
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let wait = Duration::from_millis(30 + (seed >> 33) % 300);
        let deadline = Instant::now() + wait;
        while Instant::now() < deadline {
            if let Ok(line) = lines.recv_timeout(Duration::from_millis(5))
                && let Some(id) = line.strip_prefix("saved ")
            {
                saved.push(id.to_owned());
            }
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        saved.extend(
            lines
                .try_iter()
                .filter_map(|l| l.strip_prefix("saved ").map(str::to_owned)),
        );

        let connection = rusqlite::Connection::open(&file).unwrap();
        let check: String = connection
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}");
        let mut statement = connection.prepare("SELECT lesson FROM attempts").unwrap();
        let stored: std::collections::HashSet<String> = statement
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for id in &saved {
            assert!(
                stored.contains(id),
                "round {round}: {id} was reported saved but is not in the journal"
            );
        }
    }
    assert!(
        saved.len() >= 20,
        "the child saved only {} attempts",
        saved.len()
    );
}

#[test]
fn an_unreadable_journal_is_named_left_alone_and_a_fresh_one_can_start() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("journal.sqlite");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(&file, &garbage).unwrap();
    let etude = |args: &[&str]| etude_in(home.path(), args);
    let stats = etude(&["stats"]);
    assert_eq!(stats.status.code(), Some(1), "the journal's failure");
    let message = String::from_utf8_lossy(&stats.stderr);
    assert!(
        message.contains(&file.display().to_string()) && message.contains("left as it is"),
        "{message}"
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        garbage,
        "the file is untouched"
    );
    let fresh = etude(&["journal", "fresh"]);
    assert!(
        fresh.status.success(),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );
    let stats = etude(&["stats", "--json"]);
    assert!(
        stats.status.success(),
        "{}",
        String::from_utf8_lossy(&stats.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(value["streak"]["current"], 0);
    assert_eq!(std::fs::read(&file).unwrap(), garbage, "still untouched");
}

/// The recordings under `home`, every file below `recordings/`.
fn recordings_in(home: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![home.join("recordings")];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn attempts_in_the_same_second_each_keep_their_own_recording() {
    let home = tempfile::tempdir().unwrap();
    let mut journal = Journal::open(&home.path().join("journal.sqlite")).unwrap();
    let lesson = etude::service::curriculum::shipped()
        .get("c-major-scale-rh")
        .cloned()
        .unwrap();
    let second: jiff::Timestamp = "2026-11-30T18:00:05.100Z".parse().unwrap();
    let clean = report(0);
    for (n, offset_ms) in [0i64, 1, 2].into_iter().enumerate() {
        // Each attempt's first note is a different key, so the files can be told apart.
        let events = [
            NoteEvent::on(0, 60 + n as u8, 80),
            NoteEvent::off(400_000, 60 + n as u8),
        ];
        let kept = etude::service::keeping::keep(
            &mut journal,
            home.path(),
            &etude::service::keeping::Finished {
                lesson: &lesson,
                report: &clean,
                events: &events,
                started_at: second
                    .checked_add(jiff::SignedDuration::from_millis(offset_ms))
                    .unwrap(),
                mood_before: None,
                mood_after: None,
                note: None,
            },
        )
        .unwrap();
        assert!(
            kept.recording_problem.is_none(),
            "{:?}",
            kept.recording_problem
        );
    }
    let files = recordings_in(home.path());
    assert_eq!(files.len(), 3, "{files:?}");
    let first_keys: Vec<u8> = files
        .iter()
        .map(|file| {
            let played =
                etude::midi::smf::read_performance(&std::fs::read(file).unwrap(), None).unwrap();
            match played[0].kind {
                etude::engine::EventKind::NoteOn { note, .. } => note.0,
                other => panic!("{other:?}"),
            }
        })
        .collect();
    assert_eq!(first_keys, [60, 61, 62], "each file holds its own attempt");
    let export = journal.export().unwrap().export;
    let named: std::collections::HashSet<String> = export
        .attempts
        .iter()
        .map(|a| a.recording.clone().unwrap())
        .collect();
    assert_eq!(named.len(), 3, "each attempt names its own file");
}

#[test]
fn three_recorded_scores_in_a_row_leave_three_recordings() {
    let home = tempfile::tempdir().unwrap();
    let performance = home.path().join("performance.mid");
    let events: Vec<NoteEvent> = [60u8, 62, 64, 65, 67]
        .iter()
        .enumerate()
        .flat_map(|(i, &note)| {
            let at = i as i64 * 100_000;
            [
                NoteEvent::on(at, note, 80),
                NoteEvent::off(at + 90_000, note),
            ]
        })
        .collect();
    etude::midi::smf::write_performance(&events, &performance).unwrap();
    for _ in 0..3 {
        let scored = Command::new(env!("CARGO_BIN_EXE_etude"))
            .args(["score", "--lesson", "c-major-scale-rh", "--record"])
            .arg(&performance)
            .env("ETUDE_HOME", home.path())
            .output()
            .unwrap();
        assert!(
            scored.status.success(),
            "{}",
            String::from_utf8_lossy(&scored.stderr)
        );
    }
    let files: Vec<_> = recordings_in(home.path())
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "mid"))
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
}

#[test]
fn a_fresh_journal_keeps_settings_it_cannot_read() {
    let home = tempfile::tempdir().unwrap();
    let settings = home.path().join("settings.ron");
    let not_utf8 = b"Settings(theme: \"d\xe9rk\")".to_vec();
    std::fs::write(&settings, &not_utf8).unwrap();
    let fresh = Command::new(env!("CARGO_BIN_EXE_etude"))
        .args(["journal", "fresh"])
        .env("ETUDE_HOME", home.path())
        .output()
        .unwrap();
    assert!(
        fresh.status.success(),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );
    let said = String::from_utf8_lossy(&fresh.stderr);
    assert!(said.contains("settings.ron.broken"), "{said}");
    assert_eq!(
        std::fs::read(home.path().join("settings.ron.broken")).unwrap(),
        not_utf8,
        "the unreadable settings are kept byte for byte"
    );
    let new = std::fs::read_to_string(&settings).unwrap();
    assert!(new.contains("journal: \"journal-"), "{new}");
}

/// Two recorded scores of the C major scale in `home`, through the command line.
fn two_recorded_attempts(home: &Path) {
    let performance = home.join("performance.mid");
    let events: Vec<NoteEvent> = [60u8, 62, 64, 65, 67, 69, 71, 72]
        .iter()
        .enumerate()
        .flat_map(|(i, &note)| {
            let at = i as i64 * 833_333;
            [
                NoteEvent::on(at, note, 70 + i as u8),
                NoteEvent::off(at + 700_000, note),
            ]
        })
        .collect();
    etude::midi::smf::write_performance(&events, &performance).unwrap();
    for _ in 0..2 {
        let scored = etude_in(
            home,
            &[
                "score",
                "--lesson",
                "c-major-scale-rh",
                "--record",
                performance.to_str().unwrap(),
            ],
        );
        assert!(
            scored.status.success(),
            "{}",
            String::from_utf8_lossy(&scored.stderr)
        );
    }
}

#[test]
fn export_then_import_then_export_is_exact() {
    let first = tempfile::tempdir().unwrap();
    two_recorded_attempts(first.path());
    let exported = etude_in(first.path(), &["journal", "export"]);
    assert!(exported.status.success());
    let mut value: serde_json::Value = serde_json::from_slice(&exported.stdout).unwrap();
    // A value whose shortest decimal form takes 17 digits: a parser that rounds loses it.
    value["attempts"][0]["playing_seconds"] = serde_json::json!(10.464583000000001);
    let file = first.path().join("export.json");
    std::fs::write(&file, serde_json::to_string_pretty(&value).unwrap()).unwrap();

    let second = tempfile::tempdir().unwrap();
    let imported = etude_in(
        second.path(),
        &["journal", "import", file.to_str().unwrap()],
    );
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let again = etude_in(second.path(), &["journal", "export"]);
    let again_value: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again_value, value);
    assert_eq!(
        again_value["attempts"][0]["playing_seconds"]
            .as_f64()
            .unwrap()
            .to_bits(),
        10.464583000000001f64.to_bits()
    );
    let third = tempfile::tempdir().unwrap();
    let file = second.path().join("again.json");
    std::fs::write(&file, &again.stdout).unwrap();
    assert!(
        etude_in(third.path(), &["journal", "import", file.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(
        etude_in(third.path(), &["journal", "export"]).stdout,
        again.stdout
    );
}

#[test]
fn an_import_with_bad_rows_is_refused_whole_and_names_each() {
    let source = tempfile::tempdir().unwrap();
    two_recorded_attempts(source.path());
    let mut value: serde_json::Value =
        serde_json::from_slice(&etude_in(source.path(), &["journal", "export"]).stdout).unwrap();
    let good_attempts = value["attempts"].as_array().unwrap().len();
    let mut session = value["sessions"][0].clone();
    session["uid"] = "moody".into();
    session["mood_before"] = 11.into();
    value["sessions"]
        .as_array_mut()
        .unwrap()
        .push(session.clone());
    session["uid"] = "on-mars".into();
    session["mood_before"] = 5.into();
    session["time_zone"] = "Mars/Olympus_Mons".into();
    value["sessions"].as_array_mut().unwrap().push(session);
    let mut orphan = value["attempts"][0].clone();
    orphan["uid"] = "orphan".into();
    orphan["session_uid"] = "no-such-session".into();
    value["attempts"]
        .as_array_mut()
        .unwrap()
        .push(orphan.clone());
    orphan["uid"] = "too-good".into();
    orphan["session_uid"] = value["sessions"][0]["uid"].clone();
    orphan["score"] = 140.into();
    value["attempts"]
        .as_array_mut()
        .unwrap()
        .push(orphan.clone());
    orphan["uid"] = "bad-time".into();
    orphan["score"] = 50.into();
    orphan["started_at"] = "yesterday-ish".into();
    value["attempts"].as_array_mut().unwrap().push(orphan);
    let file = source.path().join("bad.json");
    std::fs::write(&file, value.to_string()).unwrap();

    let target = tempfile::tempdir().unwrap();
    let refused = etude_in(
        target.path(),
        &["journal", "import", file.to_str().unwrap()],
    );
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    for expected in [
        "session moody: `mood_before` 11 is outside 1-10",
        "session on-mars: `time_zone` \"Mars/Olympus_Mons\" is not a known time zone",
        "attempt orphan: its session no-such-session is neither in the file nor in the journal",
        "attempt too-good: `score` 140 is outside 0-100",
        "attempt bad-time: `started_at` \"yesterday-ish\" is not a time",
        "--skip-bad",
    ] {
        assert!(said.contains(expected), "{expected} in: {said}");
    }
    let after: serde_json::Value =
        serde_json::from_slice(&etude_in(target.path(), &["journal", "export"]).stdout).unwrap();
    assert_eq!(
        after["attempts"].as_array().unwrap().len(),
        0,
        "all or nothing"
    );
    assert_eq!(
        after["sessions"].as_array().unwrap().len(),
        0,
        "all or nothing"
    );

    let skipped = etude_in(
        target.path(),
        &["journal", "import", "--skip-bad", file.to_str().unwrap()],
    );
    assert!(
        skipped.status.success(),
        "{}",
        String::from_utf8_lossy(&skipped.stderr)
    );
    let counts: serde_json::Value = serde_json::from_slice(&skipped.stdout).unwrap();
    assert_eq!(counts["attempts"], good_attempts);
    assert_eq!(counts["rejected"].as_array().unwrap().len(), 5);
    // Again: only true duplicates, said as such.
    let again = etude_in(
        target.path(),
        &["journal", "import", "--skip-bad", file.to_str().unwrap()],
    );
    let counts: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(counts["attempts"], 0);
    assert_eq!(counts["already_there"]["attempts"], good_attempts);
    assert_eq!(counts["rejected"].as_array().unwrap().len(), 5);
}

#[test]
fn an_archive_carries_the_recordings_and_never_overwrites() {
    let source = tempfile::tempdir().unwrap();
    two_recorded_attempts(source.path());
    let archive = source.path().join("journal.tar.gz");
    let written = etude_in(
        source.path(),
        &["journal", "export", "--archive", archive.to_str().unwrap()],
    );
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let recordings = recordings_in(source.path());
    assert_eq!(recordings.len(), 2);

    // A fresh data folder gets the journal and the recordings, byte for byte.
    let target = tempfile::tempdir().unwrap();
    let imported = etude_in(
        target.path(),
        &["journal", "import", archive.to_str().unwrap()],
    );
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    for recording in &recordings {
        let relative = recording.strip_prefix(source.path()).unwrap();
        assert_eq!(
            std::fs::read(target.path().join(relative)).unwrap(),
            std::fs::read(recording).unwrap()
        );
    }
    let source_export = etude_in(source.path(), &["journal", "export"]).stdout;
    assert_eq!(
        etude_in(target.path(), &["journal", "export"]).stdout,
        source_export
    );
    // Twice: nothing doubles.
    let again = etude_in(
        target.path(),
        &["journal", "import", archive.to_str().unwrap()],
    );
    let counts: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        (counts["attempts"].clone(), counts["sessions"].clone()),
        (0.into(), 0.into())
    );
    assert_eq!(counts["recordings"]["already_there"], 2);
    assert_eq!(recordings_in(target.path()).len(), 2);
    assert_eq!(
        etude_in(target.path(), &["journal", "export"]).stdout,
        source_export
    );

    // A different file where a recording would go is left alone; the recording goes beside it.
    let other = tempfile::tempdir().unwrap();
    let relative = recordings[0].strip_prefix(source.path()).unwrap();
    std::fs::create_dir_all(other.path().join(relative).parent().unwrap()).unwrap();
    std::fs::write(other.path().join(relative), b"someone else's file").unwrap();
    let imported = etude_in(
        other.path(),
        &["journal", "import", archive.to_str().unwrap()],
    );
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert_eq!(
        std::fs::read(other.path().join(relative)).unwrap(),
        b"someone else's file"
    );
    let export: serde_json::Value =
        serde_json::from_slice(&etude_in(other.path(), &["journal", "export"]).stdout).unwrap();
    for attempt in export["attempts"].as_array().unwrap() {
        let named = other.path().join(attempt["recording"].as_str().unwrap());
        let bytes = std::fs::read(&named).unwrap();
        assert!(
            etude::midi::smf::read_performance(&bytes, None).is_ok(),
            "{named:?}"
        );
    }
}

/// A journal in `home` with a few weeks of practice, closed (so its WAL is checkpointed).
fn journal_with_weeks_of_practice(home: &Path) -> std::path::PathBuf {
    let file = home.join("journal.sqlite");
    let mut journal = Journal::open(&file).unwrap();
    let clean = report(0);
    for day in 1..=28 {
        practise(
            &mut journal,
            &format!("2026-10-{day:02}T18:00:00[Europe/Berlin]"),
            "c-major-scale-rh",
            6.0,
            &clean,
        );
    }
    drop(journal);
    file
}

#[test]
fn a_damaged_journal_is_named_never_written_and_can_still_be_exported() {
    let home = tempfile::tempdir().unwrap();
    let file = journal_with_weeks_of_practice(home.path());
    let mut bytes = std::fs::read(&file).unwrap();
    assert!(bytes.len() >= 4 * 4096, "{} bytes", bytes.len());
    // Page 3 onwards is scribbled over; the header (and so the schema version) survives.
    let last = bytes.len() - 4096;
    for (i, byte) in bytes[2 * 4096..last].iter_mut().enumerate() {
        *byte = (i * 7919 % 251) as u8;
    }
    std::fs::write(&file, &bytes).unwrap();

    let stats = etude_in(home.path(), &["stats"]);
    assert_eq!(stats.status.code(), Some(1), "the journal's failure");
    let said = String::from_utf8_lossy(&stats.stderr);
    assert!(
        said.contains(&file.display().to_string())
            && said.contains("is damaged")
            && said.contains("etude journal export"),
        "{said}"
    );
    let performance = home.path().join("performance.mid");
    etude::midi::smf::write_performance(
        &[NoteEvent::on(0, 60, 80), NoteEvent::off(400_000, 60)],
        &performance,
    )
    .unwrap();
    let record = etude_in(
        home.path(),
        &[
            "score",
            "--lesson",
            "c-major-scale-rh",
            "--record",
            performance.to_str().unwrap(),
        ],
    );
    assert_eq!(
        record.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&record.stderr)
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        bytes,
        "nothing was written to it"
    );

    // What can be read is exported; the rows that cannot are named, and the exit code says so.
    let export = etude_in(home.path(), &["journal", "export"]);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        bytes,
        "exporting writes nothing"
    );
    let rescued: serde_json::Value = serde_json::from_slice(&export.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&export.stderr)));
    assert!(rescued["sessions"].is_array());
}

#[test]
fn an_empty_journal_file_is_reported_not_replaced() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("journal.sqlite");
    std::fs::write(&file, b"").unwrap();
    let stats = etude_in(home.path(), &["stats"]);
    assert_eq!(stats.status.code(), Some(1), "the journal's failure");
    let said = String::from_utf8_lossy(&stats.stderr);
    assert!(
        said.contains("empty file (0 bytes)") && said.contains(&file.display().to_string()),
        "{said}"
    );
    assert_eq!(std::fs::metadata(&file).unwrap().len(), 0);
}

#[test]
fn a_read_only_journal_can_be_read_but_not_added_to() {
    let home = tempfile::tempdir().unwrap();
    let file = journal_with_weeks_of_practice(home.path());
    let before = std::fs::read(&file).unwrap();
    let mut permissions = std::fs::metadata(&file).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&file, permissions).unwrap();

    let stats = etude_in(home.path(), &["stats", "--json", "--on", "2026-10-28"]);
    assert!(
        stats.status.success(),
        "{}",
        String::from_utf8_lossy(&stats.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(value["streak"]["current"], 28);
    let goals = etude_in(home.path(), &["goals", "--json"]);
    assert!(
        goals.status.success(),
        "{}",
        String::from_utf8_lossy(&goals.stderr)
    );
    let export = etude_in(home.path(), &["journal", "export"]);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(value["attempts"].as_array().unwrap().len(), 28);
    let fresh_goal = etude_in(home.path(), &["goals", "add", "minutes", "5"]);
    assert_eq!(fresh_goal.status.code(), Some(1), "the journal's failure");
    assert!(String::from_utf8_lossy(&fresh_goal.stderr).contains("read-only"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn an_unreadable_row_is_named_and_the_rest_is_exported() {
    let home = tempfile::tempdir().unwrap();
    let file = journal_with_weeks_of_practice(home.path());
    let broken_uid: String = {
        let connection = rusqlite::Connection::open(&file).unwrap();
        connection
            .execute(
                "UPDATE attempts SET report = 'not a report' WHERE id = 3",
                [],
            )
            .unwrap();
        connection
            .query_row("SELECT uid FROM attempts WHERE id = 3", [], |r| r.get(0))
            .unwrap()
    };
    let export = etude_in(home.path(), &["journal", "export"]);
    assert_eq!(
        export.status.code(),
        Some(1),
        "the exit code says a row is missing"
    );
    let said = String::from_utf8_lossy(&export.stderr);
    assert!(
        said.contains(&format!("attempt {broken_uid}: its report is not JSON")),
        "{said}"
    );
    let value: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(value["attempts"].as_array().unwrap().len(), 27);
}
