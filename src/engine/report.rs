//! The report of one attempt, and the rule that turns it into a score.
//!
//! Wait mode, which promises that each step waits: the score rests on the notes alone,
//! Score = 100 × correct ÷ (expected + extra). Evenness and touch are reported (and have bests
//! of their own) but do not outweigh right notes.
//!
//! Tempo mode: Score (0–100) = 100 × the weighted mean of the parts that apply:
//! - notes, weight 0.6: correct ÷ (expected + extra), so extra notes cost as wrong ones do;
//! - timing, weight 0.25: 1 − mean absolute timing error ÷ 100 ms, at least 0;
//! - evenness, weight 0.15 (runs, not progressions): 1 − the onset-interval coefficient of
//!   variation ÷ 0.2, at least 0.
//!
//! A part that does not apply leaves the others' weights in proportion. Passed: accuracy
//! (correct ÷ expected) at least the lesson's pass accuracy and, in tempo mode, the mean timing
//! error at most its `timing_ms`. Stars: 0 if not passed; 1 passed; 2 from a score of 85; 3 from 95.

use serde::Serialize;

use super::event::Micros;
use super::plan::Plan;
use crate::lesson::Mode;
use crate::theory::{Note, SpelledNote};

/// How one step came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Played exactly (in wait mode: without a wrong key first).
    Correct,
    /// Something else was played for it (in wait mode: a wrong key came first).
    Wrong,
    /// Nothing was played for it.
    Missed,
}

/// What the attempt knows about one step, from either mode.
#[derive(Clone, Debug, PartialEq)]
pub struct StepResult {
    /// The outcome.
    pub outcome: Outcome,
    /// When the played notes for it started.
    pub onset: Option<Micros>,
    /// The notes played for it, in the order pressed.
    pub played: Vec<Note>,
    /// The velocities of the notes played for it (wait mode: of the notes that completed it).
    pub velocities: Vec<u8>,
}

/// Timing against the metronome (tempo mode).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timing {
    /// Mean absolute timing error over correct steps, after removing `offset_ms`.
    pub mean_abs_ms: Option<f64>,
    /// Standard deviation of the timing errors.
    pub stdev_ms: Option<f64>,
    /// The median delay of correct steps: a constant lag that is not the player's fault.
    pub offset_ms: Option<f64>,
    /// Correct steps played before their time (after the offset).
    pub early: usize,
    /// Correct steps played after their time (after the offset).
    pub late: usize,
}

/// How even the run was.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evenness {
    /// Coefficient of variation of the intervals between consecutive correct steps, each
    /// divided by its expected interval (null for progressions and runs too short to tell).
    pub ioi_cv: Option<f64>,
    /// Mean velocity of the correct notes.
    pub velocity_mean: Option<f64>,
    /// Standard deviation of the velocity of the correct notes.
    pub velocity_stdev: Option<f64>,
}

/// One step in the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepReport {
    /// Position in the lesson, from 0.
    pub index: usize,
    /// What was expected, spelled.
    pub expected: Vec<String>,
    /// What was played for it, spelled.
    pub played: Vec<String>,
    /// Correct, wrong or missed.
    pub outcome: Outcome,
    /// Timing error after the offset (tempo mode, when something was played).
    pub offset_ms: Option<f64>,
    /// Mean velocity of the notes played for it.
    pub velocity: Option<u8>,
}

/// The report of one attempt; `etude score --json` prints exactly this.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Lesson id.
    pub lesson: String,
    /// "wait" or "tempo".
    pub mode: &'static str,
    /// The tempo the steps were timed at.
    pub tempo_bpm: u16,
    /// Steps in the lesson.
    pub expected: usize,
    /// Steps played exactly.
    pub correct: usize,
    /// Tempo mode: steps played wrongly. Wait mode: wrong keys pressed.
    pub wrong: usize,
    /// Steps with nothing played.
    pub missed: usize,
    /// Played units that belong to no step (tempo mode).
    pub extra: usize,
    /// correct ÷ expected.
    pub accuracy: f64,
    /// Timing against the metronome.
    pub timing: Timing,
    /// Evenness of time and touch.
    pub evenness: Evenness,
    /// The tempo actually played, from the correct steps' onsets.
    pub played_tempo_bpm: Option<f64>,
    /// 0–100.
    pub score: u8,
    /// 0–3.
    pub stars: u8,
    /// Whether the lesson's pass mark was met.
    pub passed: bool,
    /// What passing needs: the share of steps right (0–1) …
    pub pass_accuracy: f64,
    /// … and in tempo mode the mean timing error at most (ms).
    pub pass_timing_ms: Option<u32>,
    /// Per step.
    pub steps: Vec<StepReport>,
}

impl Report {
    /// A clean run: passed, with no wrong key, no missed step and no extra note (what the
    /// "clean runs" goals count).
    pub fn is_clean(&self) -> bool {
        self.passed && self.wrong == 0 && self.missed == 0 && self.extra == 0
    }
}

fn round_to(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Population standard deviation.
fn stdev(values: &[f64]) -> Option<f64> {
    let m = mean(values)?;
    Some((values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / values.len() as f64).sqrt())
}

/// Builds the report from each step's result. `wrong_presses` is the wait-mode count of wrong
/// keys; `extra` the tempo-mode count of extra units.
pub fn build(plan: &Plan, results: &[StepResult], wrong_presses: usize, extra: usize) -> Report {
    let tempo = plan.mode == Mode::Tempo;
    let count = |o: Outcome| results.iter().filter(|r| r.outcome == o).count();
    let (correct, wrong_steps, missed) = (
        count(Outcome::Correct),
        count(Outcome::Wrong),
        count(Outcome::Missed),
    );
    let expected = plan.targets.len();

    // Timing errors of correct steps, relative to the median delay.
    let mut delays: Vec<Micros> = results
        .iter()
        .zip(&plan.targets)
        .filter(|(r, _)| r.outcome == Outcome::Correct)
        .filter_map(|(r, t)| r.onset.map(|on| on - t.at))
        .collect();
    let offset = if tempo {
        super::align::median(&mut delays)
    } else {
        None
    };
    let error_ms = |result: &StepResult, at: Micros| -> Option<f64> {
        Some((result.onset? - at - offset?) as f64 / 1000.0)
    };
    let errors: Vec<f64> = results
        .iter()
        .zip(&plan.targets)
        .filter(|(r, _)| r.outcome == Outcome::Correct)
        .filter_map(|(r, t)| error_ms(r, t.at))
        .collect();
    let timing = Timing {
        mean_abs_ms: mean(&errors.iter().map(|e| e.abs()).collect::<Vec<_>>())
            .map(|v| round_to(v, 1)),
        stdev_ms: stdev(&errors).map(|v| round_to(v, 1)),
        offset_ms: offset.map(|o| round_to(o as f64 / 1000.0, 1)),
        early: errors.iter().filter(|e| **e < 0.0).count(),
        late: errors.iter().filter(|e| **e > 0.0).count(),
    };

    // Evenness: consecutive correct steps' intervals against the expected ones.
    let ratios: Vec<f64> = if plan.is_progression() {
        Vec::new()
    } else {
        results
            .windows(2)
            .zip(plan.targets.windows(2))
            .filter_map(|(r, t)| {
                let (Outcome::Correct, Outcome::Correct) = (r[0].outcome, r[1].outcome) else {
                    return None;
                };
                let played = (r[1].onset? - r[0].onset?) as f64;
                let written = (t[1].at - t[0].at) as f64;
                (written > 0.0).then(|| played / written)
            })
            .collect()
    };
    let ioi_cv = if ratios.len() >= 2 {
        match (mean(&ratios), stdev(&ratios)) {
            (Some(m), Some(s)) if m > 0.0 => Some(round_to(s / m, 3)),
            _ => None,
        }
    } else {
        None
    };
    let velocities: Vec<f64> = results
        .iter()
        .filter(|r| r.outcome == Outcome::Correct)
        .flat_map(|r| r.velocities.iter().map(|v| f64::from(*v)))
        .collect();
    let evenness = Evenness {
        ioi_cv,
        velocity_mean: mean(&velocities).map(|v| round_to(v, 1)),
        velocity_stdev: stdev(&velocities).map(|v| round_to(v, 1)),
    };

    let played_tempo_bpm = played_tempo(plan, results);
    let accuracy = if expected == 0 {
        0.0
    } else {
        correct as f64 / expected as f64
    };

    let mut parts = vec![(0.6, correct as f64 / (expected + extra).max(1) as f64)];
    if tempo && let Some(mean_abs) = timing.mean_abs_ms {
        parts.push((0.25, (1.0 - mean_abs / 100.0).max(0.0)));
    }
    if tempo && let Some(cv) = ioi_cv {
        parts.push((0.15, (1.0 - cv / 0.2).max(0.0)));
    }
    let weight: f64 = parts.iter().map(|(w, _)| w).sum();
    let score = (100.0 * parts.iter().map(|(w, v)| w * v).sum::<f64>() / weight)
        .round()
        .clamp(0.0, 100.0) as u8;
    let timing_ok = !tempo
        || timing
            .mean_abs_ms
            .is_some_and(|m| m <= f64::from(plan.pass.timing_ms));
    let passed = expected > 0 && accuracy + 1e-9 >= plan.pass.accuracy.0 && timing_ok;
    let stars = stars(passed, score);

    let steps = results
        .iter()
        .zip(&plan.targets)
        .enumerate()
        .map(|(index, (result, target))| {
            let prefer_flats = target
                .step
                .names
                .iter()
                .any(|n| n.name.accidental.semitones() < 0);
            let spell = |note: Note| -> String {
                target
                    .step
                    .notes
                    .iter()
                    .position(|n| *n == note)
                    .map(|i| target.step.names[i])
                    .unwrap_or_else(|| SpelledNote::plain(note, prefer_flats))
                    .to_string()
            };
            let velocity = mean(
                &result
                    .velocities
                    .iter()
                    .map(|v| f64::from(*v))
                    .collect::<Vec<_>>(),
            );
            StepReport {
                index,
                expected: target.step.names.iter().map(ToString::to_string).collect(),
                played: result.played.iter().map(|n| spell(*n)).collect(),
                outcome: result.outcome,
                offset_ms: if result.outcome == Outcome::Missed {
                    None
                } else {
                    error_ms(result, target.at).map(|e| round_to(e, 1))
                },
                velocity: velocity.map(|v| v.round() as u8),
            }
        })
        .collect();

    Report {
        lesson: plan.lesson.clone(),
        mode: if tempo { "tempo" } else { "wait" },
        tempo_bpm: plan.tempo_bpm,
        expected,
        correct,
        wrong: if tempo { wrong_steps } else { wrong_presses },
        missed,
        extra,
        accuracy: round_to(accuracy, 3),
        timing,
        evenness,
        played_tempo_bpm,
        score,
        stars,
        passed,
        pass_accuracy: plan.pass.accuracy.0,
        pass_timing_ms: tempo.then_some(plan.pass.timing_ms),
        steps,
    }
}

/// The tempo played: the least-squares slope of correct onsets against their beats.
fn played_tempo(plan: &Plan, results: &[StepResult]) -> Option<f64> {
    let points: Vec<(f64, f64)> = results
        .iter()
        .zip(&plan.targets)
        .filter(|(r, _)| r.outcome == Outcome::Correct)
        .filter_map(|(r, t)| Some((t.step.beat, r.onset? as f64)))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let mean_beat = points.iter().map(|p| p.0).sum::<f64>() / points.len() as f64;
    let mean_time = points.iter().map(|p| p.1).sum::<f64>() / points.len() as f64;
    let covariance: f64 = points
        .iter()
        .map(|(b, t)| (b - mean_beat) * (t - mean_time))
        .sum();
    let spread: f64 = points.iter().map(|(b, _)| (b - mean_beat).powi(2)).sum();
    if spread <= 0.0 {
        return None;
    }
    let us_per_beat = covariance / spread;
    (us_per_beat > 0.0).then(|| round_to(60_000_000.0 / us_per_beat, 1))
}

/// Stars for a run: none unless passed; 1 for a pass, 2 from 85, 3 from 95.
pub fn stars(passed: bool, score: u8) -> u8 {
    match (passed, score) {
        (false, _) => 0,
        (true, 95..) => 3,
        (true, 85..) => 2,
        (true, _) => 1,
    }
}
