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
    /// Whether it was played in tempo mode, with the metronome (its tempo then means something).
    pub tempo_mode: bool,
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

/// The best of one day's attempts on one lesson: a point on its trend charts.
#[derive(Clone, Debug, PartialEq)]
pub struct DayBest {
    /// The day.
    pub date: Date,
    /// Highest score that day.
    pub score: u8,
    /// Lowest onset-interval variation among that day's passed attempts.
    pub ioi_cv: Option<f64>,
    /// Highest tempo passed in tempo mode that day (a pass in wait mode, where each step
    /// waits, says nothing of tempo).
    pub tempo_bpm: Option<u16>,
}

/// How one session felt, before and after (1–10 each, either may be missing).
#[derive(Clone, Debug, PartialEq)]
pub struct SessionMood {
    /// The session's day.
    pub date: Date,
    /// Mood before playing.
    pub before: Option<u8>,
    /// Mood after playing.
    pub after: Option<u8>,
}
