//! A report in words, the same in the terminal and the window: the score line, the details
//! (accuracy, timing, evenness of time and of touch, the tempo played) and the steps to look at.

use super::report::{Outcome, Report};

/// A report, worded.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportWords {
    /// "Score 91 / 100".
    pub score: String,
    /// Three stars, earned ones filled: "★★☆".
    pub stars: String,
    /// "Passed" or "Not passed yet".
    pub verdict: &'static str,
    /// One line each: steps right, timing, evenness, touch, tempo played (those measured).
    pub details: Vec<String>,
    /// One line for each step that was not right, in order.
    pub steps: Vec<String>,
}

/// `count` stars of three, filled.
pub fn stars(count: u8) -> String {
    "★".repeat(usize::from(count.min(3))) + &"☆".repeat(usize::from(3 - count.min(3)))
}

/// The words for `report`.
pub fn report_words(report: &Report) -> ReportWords {
    let mut details = vec![format!(
        "{} of {} steps right ({:.1}%) · {} wrong · {} missed · {} extra",
        report.correct,
        report.expected,
        report.accuracy * 100.0,
        report.wrong,
        report.missed,
        report.extra
    )];
    // What passing needs, and where this run stands.
    let mut needs = format!(
        "To pass: {:.0} % of steps right — you: {:.1} %",
        report.pass_accuracy * 100.0,
        report.accuracy * 100.0
    );
    if let (Some(limit), Some(mean)) = (report.pass_timing_ms, report.timing.mean_abs_ms) {
        needs.push_str(&format!(
            "; timing within {limit} ms on average — you: {mean:.0} ms"
        ));
    }
    details.insert(0, needs);
    let timing = &report.timing;
    if let (Some(mean), Some(spread)) = (timing.mean_abs_ms, timing.stdev_ms) {
        let mut line = format!(
            "Timing: {mean:.0} ms off on average (spread {spread:.0} ms) · {} early · {} late",
            timing.early, timing.late
        );
        if let Some(offset) = timing.offset_ms.filter(|o| o.abs() >= 1.0) {
            line.push_str(&format!(" · a steady {offset:.0} ms delay left out"));
        }
        details.push(line);
    }
    if let Some(cv) = report.evenness.ioi_cv {
        details.push(format!(
            "Evenness: the time between notes varied by {:.1}%",
            cv * 100.0
        ));
    }
    if let (Some(mean), Some(spread)) = (
        report.evenness.velocity_mean,
        report.evenness.velocity_stdev,
    ) {
        details.push(format!("Touch: velocity {mean:.0} ± {spread:.0}"));
    }
    if let Some(bpm) = report.played_tempo_bpm {
        details.push(format!(
            "Played at {bpm:.1} bpm (asked for {})",
            report.tempo_bpm
        ));
    }
    let steps = report
        .steps
        .iter()
        .filter(|step| step.outcome != Outcome::Correct)
        .map(|step| {
            let played = if step.played.is_empty() {
                "nothing".to_owned()
            } else {
                step.played.join(" ")
            };
            format!(
                "Step {}: expected {}, played {played}",
                step.index + 1,
                step.expected.join(" ")
            )
        })
        .collect();
    ReportWords {
        score: format!("Score {} / 100", report.score),
        stars: stars(report.stars),
        verdict: if report.passed {
            "Passed"
        } else {
            "Not passed yet"
        },
        details,
        steps,
    }
}
