//! What the progress rules need to know about one attempt.

use jiff::civil::Date;

/// One finished attempt, as the journal keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct AttemptSummary {
    /// Lesson id.
    pub lesson: String,
    /// Lesson kind ("scale", "arpeggio", "progression", "notes"), when known.
    pub kind: Option<String>,
    /// The local date of the session it belongs to.
    pub date: Date,
    /// Tempo it was played at.
    pub tempo_bpm: u16,
    /// Score 0–100.
    pub score: u8,
    /// Whether it met the lesson's pass mark.
    pub passed: bool,
    /// Passed with nothing wrong, missed or extra.
    pub clean: bool,
    /// Onset-interval variation (lower is more even), when measured.
    pub ioi_cv: Option<f64>,
    /// Seconds actually playing.
    pub playing_seconds: f64,
}
