//! Ten years of daily practice (3,650 sessions, 40,000 attempts): `etude stats` end to end,
//! and the query behind the year's calendar.

use std::hint::black_box;
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use etude::engine::{Attempt, NoteEvent, Plan};
use etude::lesson::Mode;
use etude::progress;
use etude::store::journal::{AttemptRow, Export, GoalRow, Journal, SessionRow};
use jiff::civil::date;
use jiff::{SignedDuration, ToSpan};

const DAYS: i64 = 3_650;
const ATTEMPTS: usize = 40_000;

/// A journal like ten years of evenings at the keyboard, written through the import path.
fn ten_years(file: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let library = etude::service::curriculum::shipped();
    let lessons: Vec<&str> = library
        .lessons
        .iter()
        .map(|l| l.lesson.id.as_str())
        .collect();
    let lesson = library.get("c-major-scale-rh").ok_or("no lesson")?;
    let mut attempt = Attempt::new(Plan::new(lesson, Some(Mode::Tempo), None));
    for (i, step) in lesson.steps.iter().enumerate() {
        attempt.feed(NoteEvent::on(
            i as i64 * 833_333 + (i as i64 % 3) * 7_000,
            step.notes[0].0,
            80,
        ));
    }
    let report = serde_json::to_value(attempt.finish())?;
    let first = date(2026, 11, 25).checked_sub(DAYS.days())?;
    let mut export = Export::default();
    let per_day = ATTEMPTS / DAYS as usize + 1;
    for day in 0..DAYS {
        let local = first.checked_add(day.days())?;
        let start = local
            .at(18, 30, 0, 0)
            .to_zoned_datetime(jiff::tz::TimeZone::get("Europe/Berlin")?)?
            .timestamp();
        let uid = start.to_string();
        export.sessions.push(SessionRow {
            uid: uid.clone(),
            started_at: uid.clone(),
            ended_at: start
                .checked_add(SignedDuration::from_mins(25))?
                .to_string(),
            time_zone: "Europe/Berlin".into(),
            local_date: local.to_string(),
            mood_before: Some(5),
            mood_after: Some(7),
            note: None,
        });
        for n in 0..per_day {
            if export.attempts.len() == ATTEMPTS {
                break;
            }
            let at = start.checked_add(SignedDuration::from_mins(2 * n as i64))?;
            export.attempts.push(AttemptRow {
                uid: format!("{at}/{n}"),
                session_uid: uid.clone(),
                lesson: lessons[(day as usize + n) % lessons.len()].to_owned(),
                kind: Some("scale".into()),
                mode: "tempo".into(),
                tempo_bpm: 60 + (day % 60) as u16,
                started_at: at.to_string(),
                finished_at: at.checked_add(SignedDuration::from_secs(90))?.to_string(),
                last_note_at: Some(at.checked_add(SignedDuration::from_secs(88))?.to_string()),
                playing_seconds: 88.0,
                score: 60 + ((day as usize * 7 + n) % 40) as u8,
                passed: n % 3 != 0,
                clean: n % 4 == 1,
                ioi_cv: Some(0.02 + (n as f64) / 1000.0),
                report: report.clone(),
                recording: None,
            });
        }
        export.goals.push(GoalRow {
            local_date: local.to_string(),
            spec: "minutes 5".into(),
            proposed: true,
            weekly: false,
        });
    }
    Journal::open(file)?.import(&export, false)?;
    Ok(())
}

fn journal_benches(c: &mut Criterion) {
    let Ok(home) = tempfile::tempdir() else {
        return;
    };
    let file = home.path().join("journal.sqlite");
    if let Err(error) = ten_years(&file) {
        eprintln!("could not build the ten-year journal: {error}");
        return;
    }
    let Ok(mut journal) = Journal::open(&file) else {
        return;
    };
    c.bench_function(
        "calendar: minutes per day over ten years + the last twelve months",
        |b| {
            b.iter(|| {
                let days = journal
                    .day_minutes()
                    .map(|d| progress::calendar(&d, date(2026, 11, 25)));
                black_box(days.map(|c| c.len()).unwrap_or(0))
            })
        },
    );
    let library = etude::service::curriculum::shipped();
    c.bench_function(
        "Today's proposals over ten years: standing, proposals and the reviews due",
        |b| {
            b.iter(|| {
                let proposed = journal.standing(None).map(|s| progress::propose(&s).len());
                let due = etude::service::overview::due_reviews(&journal, date(2026, 11, 25));
                black_box((proposed, due.map(|d| d.len())))
            })
        },
    );
    c.bench_function(
        "Today's drill over ten years: every lesson's trouble spots",
        |b| {
            b.iter(|| {
                let drills = etude::service::overview::drills(&journal, &library, None);
                black_box(drills.map(|d| d.len()))
            })
        },
    );
    c.bench_function(
        "Today's whole day over ten years: streak, calendar, goals, week's goal and the drill",
        |b| {
            b.iter(|| {
                let day = etude::service::overview::day(
                    &mut journal,
                    &library,
                    date(2026, 11, 25),
                    progress::days::StreakRule::forgiving(5.0),
                    etude::service::overview::DayParts {
                        propose: true,
                        drill: true,
                    },
                );
                black_box(day.map(|d| d.goals.len()))
            })
        },
    );
    c.bench_function(
        "the course's passes over ten years: each lesson's modes, the ladders of the timed ones",
        |b| {
            b.iter(|| {
                let passes = etude::service::overview::passes(&journal, &library);
                black_box(passes.map(|p| p.passed.len()))
            })
        },
    );
    c.bench_function(
        "open the ten-year journal (with SQLite's quick_check)",
        |b| b.iter(|| black_box(Journal::open(&file).map(|j| j.is_read_only()).is_ok())),
    );
    c.bench_function(
        "etude stats --json, end to end (process start included)",
        |b| {
            b.iter(|| {
                let output = Command::new(env!("CARGO_BIN_EXE_etude"))
                    .args(["stats", "--json", "--on", "2026-11-24"])
                    .env("ETUDE_HOME", home.path())
                    .output();
                black_box(output.map(|o| o.stdout.len()).unwrap_or(0))
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = journal_benches
}
criterion_main!(benches);
