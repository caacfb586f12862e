//! The engine judging built performances: wrong, missed and extra notes, timing jitter, a
//! constant delay, uneven runs, rolled chords and inversions, in tempo and wait mode.

use etude::engine::report::Outcome;
use etude::engine::{Attempt, Micros, NoteEvent, Plan, Report, Verdict};
use etude::lesson::{LoadedLesson, Mode, parse};
use etude::service::curriculum;

fn shipped(id: &str) -> LoadedLesson {
    curriculum::shipped().get(id).cloned().unwrap()
}

/// One played step: its notes, how far from its time (µs), and velocity.
struct Played {
    notes: Vec<u8>,
    off: Micros,
    velocity: u8,
}

/// The lesson played as written: every step's notes exactly on time at velocity 80.
fn as_written(lesson: &LoadedLesson, bpm: u16) -> Vec<(Micros, Played)> {
    let beat = 60_000_000.0 / f64::from(bpm);
    lesson
        .steps
        .iter()
        .map(|s| {
            let at = (s.beat * beat).round() as Micros;
            (
                at,
                Played {
                    notes: s.notes.iter().map(|n| n.0).collect(),
                    off: 0,
                    velocity: 80,
                },
            )
        })
        .collect()
}

/// Turns played steps into events: NoteOns (chord notes `roll` µs apart), NoteOffs shortly after.
fn events(played: &[(Micros, Played)], roll: Micros) -> Vec<NoteEvent> {
    let mut events = Vec::new();
    for (at, step) in played {
        for (k, note) in step.notes.iter().enumerate() {
            let on = at + step.off + roll * k as Micros;
            events.push(NoteEvent::on(on, *note, step.velocity));
            events.push(NoteEvent::off(on + 200_000, *note));
        }
    }
    events.sort_by_key(|e| e.at);
    events
}

fn run(lesson: &LoadedLesson, mode: Mode, events: &[NoteEvent]) -> Report {
    let mut attempt = Attempt::new(Plan::new(lesson, Some(mode), None));
    for event in events {
        attempt.feed(*event);
    }
    attempt.finish().clone()
}

fn outcomes(report: &Report) -> Vec<Outcome> {
    report.steps.iter().map(|s| s.outcome).collect()
}

#[test]
fn a_clean_run_in_time_scores_full_marks() {
    let lesson = shipped("c-major-scale-rh");
    let report = run(&lesson, Mode::Tempo, &events(&as_written(&lesson, 72), 0));
    assert_eq!(
        (
            report.expected,
            report.correct,
            report.wrong,
            report.missed,
            report.extra
        ),
        (15, 15, 0, 0, 0)
    );
    assert_eq!(report.accuracy, 1.0);
    assert_eq!(report.timing.mean_abs_ms, Some(0.0));
    assert_eq!(report.timing.offset_ms, Some(0.0));
    assert_eq!(report.evenness.ioi_cv, Some(0.0));
    assert_eq!(report.evenness.velocity_mean, Some(80.0));
    assert_eq!(report.evenness.velocity_stdev, Some(0.0));
    assert_eq!(report.played_tempo_bpm, Some(72.0));
    assert_eq!((report.score, report.stars, report.passed), (100, 3, true));
    assert_eq!(report.mode, "tempo");
    assert_eq!(report.steps[0].expected, ["C4"]);
    assert_eq!(report.steps[0].played, ["C4"]);
}

#[test]
fn one_wrong_key_is_one_wrong_note_and_misses_and_extras_are_counted() {
    let lesson = shipped("c-major-scale-rh");
    let mut played = as_written(&lesson, 80);
    played[4].1.notes = vec![68]; // G#4 instead of G4: wrong, not missed + extra
    played.remove(9); // the A4 coming down is never played: missed
    let beat = 750_000;
    played.push((
        11 * beat + beat / 2,
        Played {
            notes: vec![50],
            off: 0,
            velocity: 60,
        },
    )); // a stray D3: extra
    played.sort_by_key(|p| p.0);
    let mut attempt = Attempt::new(Plan::new(&lesson, Some(Mode::Tempo), Some(80)));
    for event in events(&played, 0) {
        attempt.feed(event);
    }
    let report = attempt.finish().clone();
    assert_eq!(
        (
            report.expected,
            report.correct,
            report.wrong,
            report.missed,
            report.extra
        ),
        (15, 13, 1, 1, 1)
    );
    assert_eq!(report.accuracy, 0.867);
    assert_eq!(report.steps[4].outcome, Outcome::Wrong);
    assert_eq!(report.steps[4].played, ["G#4"]);
    assert_eq!(report.steps[9].outcome, Outcome::Missed);
    assert_eq!(report.steps[9].played, Vec::<String>::new());
    assert_eq!(report.steps[9].offset_ms, None);
    assert!(!report.passed, "86.7% is below the 90% pass mark");
    assert_eq!(report.stars, 0);
    // Notes 13/(15+1), weight 0.6; timing perfect, 0.25; evenness of the correct neighbours perfect, 0.15.
    assert_eq!(report.score, 89);
}

#[test]
fn a_constant_delay_is_reported_apart_and_not_held_against_the_player() {
    let lesson = shipped("g-major-scale-tempo-rh");
    let mut played = as_written(&lesson, 80);
    for (_, step) in &mut played {
        step.off = 40_000;
    }
    let report = run(&lesson, Mode::Tempo, &events(&played, 0));
    assert_eq!(report.correct, 15);
    assert_eq!(report.timing.offset_ms, Some(40.0));
    assert_eq!(report.timing.mean_abs_ms, Some(0.0));
    assert_eq!((report.timing.early, report.timing.late), (0, 0));
    assert_eq!(report.score, 100);
}

#[test]
fn timing_jitter_is_measured_after_removing_the_median() {
    let lesson = shipped("c-major-scale-rh");
    let jitter_ms: [Micros; 15] = [0, 10, -10, 20, -20, 5, -5, 0, 15, -15, 10, -10, 5, -5, 0];
    let mut played = as_written(&lesson, 72);
    for ((_, step), ms) in played.iter_mut().zip(jitter_ms) {
        step.off = ms * 1000 + 25_000; // plus a constant 25 ms
    }
    let report = run(&lesson, Mode::Tempo, &events(&played, 0));
    assert_eq!(report.correct, 15);
    assert_eq!(report.timing.offset_ms, Some(25.0));
    assert_eq!(report.timing.mean_abs_ms, Some(8.7)); // 130 / 15
    assert_eq!(report.timing.stdev_ms, Some(10.8)); // sqrt(1750 / 15)
    assert_eq!((report.timing.early, report.timing.late), (6, 6));
    assert_eq!(report.steps[3].offset_ms, Some(20.0));
    assert_eq!(report.steps[4].offset_ms, Some(-20.0));
    // Timing part 1 - 8.67/100, weight 0.25; notes 1.0, weight 0.6; evenness 1 - cv/0.2, weight 0.15.
    let cv = report.evenness.ioi_cv.unwrap();
    let expected_score =
        (100.0 * (0.6 + 0.25 * (1.0 - 130.0 / 15.0 / 100.0) + 0.15 * (1.0 - cv / 0.2))).round();
    assert!(
        (f64::from(report.score) - expected_score).abs() <= 1.0,
        "{} vs {expected_score}",
        report.score
    );
}

#[test]
fn an_uneven_run_shows_in_the_interval_variation() {
    let lesson = shipped("c-major-scale-rh");
    let beat: Micros = 60_000_000 / 72;
    // Long-short pairs: every other interval 20% long, the next 20% short.
    let mut played = as_written(&lesson, 72);
    for (i, (_, step)) in played.iter_mut().enumerate() {
        if i % 2 == 1 {
            step.off = beat / 5;
        }
    }
    let report = run(&lesson, Mode::Tempo, &events(&played, 0));
    assert_eq!(report.correct, 15);
    assert_eq!(report.evenness.ioi_cv, Some(0.2));
    assert_eq!(report.played_tempo_bpm.map(|b| b.round()), Some(72.0));
    // Velocity spread: alternate loud and soft.
    let mut touch = as_written(&lesson, 72);
    for (i, (_, step)) in touch.iter_mut().enumerate() {
        step.velocity = if i % 2 == 0 { 90 } else { 70 };
    }
    let report = run(&lesson, Mode::Tempo, &events(&touch, 0));
    assert_eq!(report.evenness.velocity_mean, Some(80.7)); // (8 × 90 + 7 × 70) / 15
    assert_eq!(report.evenness.velocity_stdev, Some(10.0));
}

#[test]
fn a_slower_performance_is_judged_at_its_own_bpm_when_asked() {
    let lesson = shipped("c-major-scale-rh");
    let played = events(&as_written(&lesson, 60), 0);
    let at_lesson_tempo = run(&lesson, Mode::Tempo, &played);
    assert!(
        at_lesson_tempo.correct < 15,
        "drifting more than a beat from the metronome (after the steady delay), notes are not \
         their steps' any more, live or in the report: {at_lesson_tempo:?}"
    );
    assert!(
        at_lesson_tempo.timing.mean_abs_ms.unwrap() > 200.0,
        "{:?}",
        at_lesson_tempo.timing
    );
    assert!(!at_lesson_tempo.passed);
    assert_eq!(at_lesson_tempo.played_tempo_bpm, Some(60.0));
    let mut attempt = Attempt::new(Plan::new(&lesson, Some(Mode::Tempo), Some(60)));
    for event in &played {
        attempt.feed(*event);
    }
    let report = attempt.finish();
    assert_eq!(report.correct, 15);
    assert_eq!(report.tempo_bpm, 60);
    assert_eq!(report.played_tempo_bpm, Some(60.0));
}

fn progression(voicing: &str) -> LoadedLesson {
    let text = format!(
        "Lesson(id: \"p\", title: \"P\", tempo: 60, mode: Tempo,\n exercise: Progression(key: \"C major\", chords: [\"I\", \"IV\", \"V7\", \"I\"], octave: 4, voicing: {voicing}, beats_per_chord: 2, hand: Right))"
    );
    parse(&text, "p.ron").unwrap()
}

fn chords(voicings: &[&[u8]], roll: Micros) -> Vec<NoteEvent> {
    let played: Vec<(Micros, Played)> = voicings
        .iter()
        .enumerate()
        .map(|(i, notes)| {
            (
                i as Micros * 2_000_000,
                Played {
                    notes: notes.to_vec(),
                    off: 0,
                    velocity: 70,
                },
            )
        })
        .collect();
    events(&played, roll)
}

#[test]
fn rolled_chords_count_when_they_start_within_the_chord_window() {
    let lesson = progression("Close");
    let root_position: [&[u8]; 4] = [
        &[60, 64, 67],
        &[65, 69, 72],
        &[55, 59, 62, 65],
        &[60, 64, 67],
    ];
    let report = run(&lesson, Mode::Tempo, &chords(&root_position, 30_000));
    assert_eq!(
        (report.correct, report.wrong, report.missed, report.extra),
        (4, 0, 0, 0)
    );
    assert_eq!(
        report.evenness.ioi_cv, None,
        "no run evenness for chord lessons"
    );
    assert_eq!(report.evenness.velocity_mean, Some(70.0));
    // Rolled too slowly (60 ms apart: the last note is 120 ms after the first) the chord falls
    // apart: the first notes are a wrong chord, the last note an extra.
    let report = run(&lesson, Mode::Tempo, &chords(&root_position, 60_000));
    assert_eq!((report.correct, report.wrong, report.extra), (0, 4, 4));
}

#[test]
fn close_voicing_needs_the_root_lowest_and_inversions_take_any_tone() {
    // I, IV in second inversion, V7 in first inversion with a doubling, I an octave higher.
    let voiced: [&[u8]; 4] = [
        &[60, 64, 67],
        &[60, 65, 69],
        &[59, 62, 65, 67, 71],
        &[72, 76, 79],
    ];
    let close = run(&progression("Close"), Mode::Tempo, &chords(&voiced, 0));
    assert_eq!(
        outcomes(&close),
        [
            Outcome::Correct,
            Outcome::Wrong,
            Outcome::Wrong,
            Outcome::Correct
        ]
    );
    let inversions = run(&progression("Inversions"), Mode::Tempo, &chords(&voiced, 0));
    assert_eq!(outcomes(&inversions), [Outcome::Correct; 4]);
    // The voicing shown leaves out G7's fifth (B F G): played as shown it is complete too.
    let shown: [&[u8]; 4] = [&[60, 64, 67], &[60, 65, 69], &[59, 65, 67], &[60, 64, 67]];
    let inversions = run(&progression("Inversions"), Mode::Tempo, &chords(&shown, 0));
    assert_eq!(outcomes(&inversions), [Outcome::Correct; 4]);
    // A missing chord tone or an added note is wrong either way.
    let wrong: [&[u8]; 4] = [
        &[60, 64],
        &[60, 65, 69, 70],
        &[55, 59, 62, 65],
        &[60, 64, 67],
    ];
    let report = run(&progression("Inversions"), Mode::Tempo, &chords(&wrong, 0));
    assert_eq!(
        outcomes(&report),
        [
            Outcome::Wrong,
            Outcome::Wrong,
            Outcome::Correct,
            Outcome::Correct
        ]
    );
}

#[test]
fn hands_together_steps_need_both_hands() {
    let lesson = shipped("c-major-scale-hands-together");
    let mut played = as_written(&lesson, 60);
    played[2].1.notes = vec![64]; // only the right hand's E
    let report = run(&lesson, Mode::Tempo, &events(&played, 20_000));
    assert_eq!(report.correct, 14);
    assert_eq!(report.steps[2].outcome, Outcome::Wrong);
    assert_eq!(report.steps[2].played, ["E4"]);
    assert!(
        report.evenness.ioi_cv.is_some(),
        "hands-together runs are still runs"
    );
}

#[test]
fn wait_mode_waits_and_counts_every_wrong_key() {
    let lesson = shipped("c-five-finger-rh"); // C D E F G F E D C
    let mut attempt = Attempt::new(Plan::new(&lesson, Some(Mode::Wait), None));
    let mut t = 0;
    let mut press = |attempt: &mut Attempt, note: u8| {
        t += 500_000;
        let feedback = attempt.feed(NoteEvent::on(t, note, 64));
        attempt.feed(NoteEvent::off(t + 100_000, note));
        feedback
    };
    assert_eq!(
        press(&mut attempt, 60).verdict,
        Verdict::StepDone {
            step: 0,
            note: etude::theory::Note(60),
            offset: None
        }
    );
    assert_eq!(
        press(&mut attempt, 64).verdict,
        Verdict::Wrong {
            step: 1,
            got: etude::theory::Note(64)
        }
    );
    assert_eq!(
        press(&mut attempt, 63).verdict,
        Verdict::Wrong {
            step: 1,
            got: etude::theory::Note(63)
        }
    );
    assert_eq!(attempt.current_step(), 1, "the step keeps waiting");
    assert!(matches!(
        press(&mut attempt, 62).verdict,
        Verdict::StepDone { step: 1, .. }
    ));
    let mut last = None;
    for note in [64, 65, 67, 65, 64, 62, 60] {
        last = Some(press(&mut attempt, note));
    }
    assert!(last.unwrap().finished);
    let report = attempt.report().unwrap();
    assert_eq!(report.mode, "wait");
    assert_eq!(
        (report.expected, report.correct, report.wrong, report.missed),
        (9, 8, 2, 0)
    );
    assert_eq!(report.steps[1].outcome, Outcome::Wrong);
    assert_eq!(report.steps[1].played, ["E4", "D#4", "D4"]);
    assert_eq!(
        report.timing.mean_abs_ms, None,
        "timing is not judged in wait mode"
    );
    assert_eq!(
        report.evenness.ioi_cv,
        Some(0.0),
        "evenness is still reported"
    );
    assert!(!report.passed, "8/9 is below 90%");
}

#[test]
fn wait_mode_chords_need_their_notes_within_the_window_and_held_together() {
    let lesson = progression("Close");
    let mut attempt = Attempt::new(Plan::new(&lesson, Some(Mode::Wait), None));
    // C and E, then G 300 ms later: not a chord yet.
    attempt.feed(NoteEvent::on(0, 60, 70));
    attempt.feed(NoteEvent::on(10_000, 64, 70));
    let late = attempt.feed(NoteEvent::on(310_000, 67, 70));
    assert!(matches!(late.verdict, Verdict::Correct { step: 0, .. }));
    // Struck again together, it counts.
    for note in [60, 64, 67] {
        attempt.feed(NoteEvent::off(400_000, note));
    }
    attempt.feed(NoteEvent::on(500_000, 60, 70));
    attempt.feed(NoteEvent::on(520_000, 67, 70));
    let done = attempt.feed(NoteEvent::on(540_000, 64, 70));
    assert!(matches!(done.verdict, Verdict::StepDone { step: 0, .. }));
    assert_eq!(attempt.current_step(), 1);
    // Stopping now leaves the rest missed: a partial report.
    let report = attempt.finish();
    assert_eq!((report.correct, report.missed), (1, 3));
}

#[test]
fn live_tempo_mode_marks_late_steps_missed_and_flags_extras() {
    let lesson = shipped("g-major-scale-tempo-rh"); // 80 bpm: a step every 750 ms, allowance a beat
    let mut attempt = Attempt::new(Plan::new(&lesson, Some(Mode::Tempo), None));
    let early = attempt.feed(NoteEvent::on(-900_000, 40, 80));
    assert_eq!(
        early.verdict,
        Verdict::Extra {
            got: etude::theory::Note(40)
        },
        "more than a beat before the first step, no step is due"
    );
    let first = attempt.feed(NoteEvent::on(5_000, 67, 80));
    assert_eq!(
        first.verdict,
        Verdict::StepDone {
            step: 0,
            note: etude::theory::Note(67),
            offset: Some(5_000)
        }
    );
    let stray = attempt.feed(NoteEvent::on(375_000, 40, 80));
    assert_eq!(
        stray.verdict,
        Verdict::Wrong {
            step: 1,
            got: etude::theory::Note(40)
        },
        "half a beat before step 1 it stands in for step 1, as in the report"
    );
    assert_eq!(
        attempt.tick(1_500_000).missed,
        1..1,
        "step 1 is still within its allowance (a beat after its time and the steady 5 ms)"
    );
    let tick = attempt.tick(1_506_000);
    assert_eq!(tick.missed, 1..2);
    assert_eq!(attempt.current_step(), 2);
    let wrong = attempt.feed(NoteEvent::on(1_510_000, 64, 80));
    assert_eq!(
        wrong.verdict,
        Verdict::Wrong {
            step: 2,
            got: etude::theory::Note(64)
        }
    );
    // Nothing more is played: once the last step's time is past, the attempt ends by itself.
    let end = attempt.tick(20_000_000);
    assert!(end.finished);
    // The report pairs each stray key with the step it stood in for: two wrong notes, and the
    // key before the count-in ended is extra.
    let report = attempt.report().unwrap();
    assert_eq!(
        (report.correct, report.wrong, report.missed, report.extra),
        (1, 2, 12, 1)
    );
    assert_eq!(report.steps[1].played, ["E2"]);
}

/// A repeated note played late is the step it was late for, not the next one: on Hot Cross
/// Buns' run of quick Cs, the first C dragged by a quarter of a beat leaves nothing missed or
/// crossed, live as in the report.
#[test]
fn a_late_repeated_note_is_the_earlier_step_s_live_as_in_the_report() {
    let lesson = shipped("hot-cross-buns");
    let mut played = as_written(&lesson, 80);
    played[6].1.off = 190_000;
    let mut attempt = Attempt::new(Plan::new(&lesson, Some(Mode::Tempo), None));
    let mut said = Vec::new();
    for event in events(&played, 0) {
        let ticked = attempt.tick(event.at);
        said.extend(ticked.missed.map(|step| format!("missed {step}")));
        let fed = attempt.feed(event);
        said.extend(fed.missed.map(|step| format!("missed {step}")));
        match fed.verdict {
            Verdict::Wrong { step, got } => said.push(format!("wrong {got:?} on {step}")),
            Verdict::Extra { got } => said.push(format!("extra {got:?}")),
            _ => {}
        }
    }
    assert_eq!(said, [] as [String; 0]);
    let report = attempt.finish();
    assert_eq!(report.correct, 17, "{report:?}");
}

/// A player steadily half a beat early (the count-in heard late, or a slow output) is right
/// live as in the report: nothing is crossed that the report counts right, and the wrong key
/// crossed live is the one the report counts wrong.
#[test]
fn live_tempo_feedback_agrees_with_the_report_for_a_steady_delay() {
    let lesson = shipped("g-major-scale-tempo-rh");
    let plan = Plan::new(&lesson, Some(Mode::Tempo), Some(66));
    let beat = plan.beat_us();
    let mut played = as_written(&lesson, 66);
    for (_, step) in &mut played {
        step.off = -454_000;
    }
    played[5].1.notes = vec![played[5].1.notes[0] + 1];
    let mut attempt = Attempt::new(plan);
    let mut crossed = Vec::new();
    let mut right = Vec::new();
    for event in events(&played, 0) {
        attempt.tick(event.at);
        match attempt.feed(event).verdict {
            Verdict::StepDone { step, offset, .. } => right.push((step, offset)),
            Verdict::Wrong { step, .. } => crossed.push(step),
            Verdict::Extra { got } => panic!("{got:?} at {} called extra", event.at),
            _ => {}
        }
    }
    attempt.tick((lesson.steps.len() as f64 * beat * 2.0) as Micros);
    assert_eq!(crossed, [5], "only the wrong key is crossed live");
    assert_eq!(right.len(), lesson.steps.len() - 1);
    assert_eq!(
        right[0],
        (0, Some(-454_000)),
        "the first step: early as played"
    );
    assert!(
        right[1..].iter().all(|(_, offset)| *offset == Some(0)),
        "after it, timing is told apart from the steady delay: {right:?}"
    );
    let report = attempt.report().unwrap();
    assert_eq!(
        (report.correct, report.wrong, report.extra),
        (lesson.steps.len() - 1, 1, 0)
    );
    assert_eq!(outcomes(report)[5], Outcome::Wrong);
    assert_eq!(report.timing.offset_ms, Some(-454.0));
}

#[test]
fn events_after_the_end_and_releases_are_ignored() {
    let lesson = shipped("hot-cross-buns");
    let events = events(&as_written(&lesson, 80), 0);
    let mut attempt = Attempt::new(Plan::new(&lesson, Some(Mode::Wait), None));
    for event in &events {
        attempt.feed(*event);
    }
    assert!(attempt.is_finished());
    let after = attempt.feed(NoteEvent::on(99_000_000, 60, 80));
    assert_eq!(after.verdict, Verdict::Nothing);
    assert_eq!(attempt.report().unwrap().correct, 17);
}

/// Wait mode promises that each step waits: every key right but unevenly paced scores above an
/// even run with two wrong keys, and the report says what passing needs and where the run is.
#[test]
fn in_wait_mode_right_notes_outweigh_evenness() {
    use etude::engine::words::report_words;
    let lesson = shipped("c-major-scale-rh");
    let notes: Vec<u8> = vec![60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60];
    let second = 1_000_000i64;
    let uneven: Vec<NoteEvent> = notes
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            // Some notes hurried, some dragged: a variation far over 20 %.
            let at = i as i64 * second + if i % 2 == 0 { 0 } else { 600_000 };
            NoteEvent::on(at, n, 80)
        })
        .collect();
    let mut even: Vec<NoteEvent> = notes
        .iter()
        .enumerate()
        .map(|(i, &n)| NoteEvent::on(i as i64 * second, n, 80))
        .collect();
    even.insert(3, NoteEvent::on(2 * second + 500_000, 66, 80)); // F♯ before F
    even.insert(9, NoteEvent::on(6 * second + 500_000, 70, 80)); // B♭ before B
    let uneven = run(&lesson, Mode::Wait, &uneven);
    let even = run(&lesson, Mode::Wait, &even);
    assert!(
        uneven.evenness.ioi_cv.unwrap() > 0.2,
        "{:?}",
        uneven.evenness
    );
    assert_eq!((uneven.correct, even.wrong), (15, 2));
    assert!(
        uneven.score > even.score,
        "{} > {}",
        uneven.score,
        even.score
    );
    assert_eq!(uneven.score, 100);
    assert!(uneven.passed);
    let words = report_words(&even);
    assert_eq!(
        words.details[0],
        format!(
            "To pass: 90 % of steps right — you: {:.1} %",
            even.accuracy * 100.0
        )
    );
}
