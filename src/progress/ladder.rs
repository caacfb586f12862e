//! The tempo ladder: how fast a lesson (or a piece's section) is practised in tempo mode, rung
//! by rung towards its marked tempo and past it. The rules:
//! - A lesson never played in tempo mode starts at 60 % of its tempo (never below 40 bpm).
//! - Each passed run at the rung (or faster) climbs it by 5 % of the target.
//! - Two failed runs in a row at the rung (or slower) step it down by 5 % of the target.
//! - It climbs to 125 % of the target at most, and never below 40 bpm.
//!
//! A run much faster than the rung that fails, or much slower that passes, says nothing about
//! the rung and leaves it where it is.

/// The start: this share of the target.
const START: f64 = 0.6;
/// One rung: this share of the target.
const RUNG: f64 = 0.05;
/// The top: this share of the target.
const TOP: f64 = 1.25;
/// The slowest the ladder goes, in bpm.
pub const SLOWEST_BPM: f64 = 40.0;

/// One tempo-mode run of the lesson, as the journal holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct LadderRun {
    /// When it was played (the journal's timestamp).
    pub at: String,
    /// The tempo it was played at.
    pub tempo: u16,
    /// Whether it passed.
    pub passed: bool,
}

/// Where a lesson's ladder stands, and the runs that took it there.
#[derive(Clone, Debug, PartialEq)]
pub struct Ladder {
    /// The lesson's own tempo.
    pub target: u16,
    /// The rung, unrounded (5 % of 96 is 4.8 bpm).
    rung: f64,
    /// The runs, oldest first, each with the rung it left.
    pub history: Vec<(LadderRun, u16)>,
}

/// How far (bpm) a run's tempo may be from the rung and still count as played at it.
const AT_THE_RUNG: f64 = 1.0;

impl Ladder {
    /// Whether a run at `tempo` was played at `rung` (or faster), give or take a bpm.
    pub fn is_at_the_rung(tempo: u16, rung: u16) -> bool {
        f64::from(tempo) >= f64::from(rung) - AT_THE_RUNG
    }

    /// The ladder of a lesson whose tempo is `target`, after `runs` (oldest first).
    pub fn climbed(target: u16, runs: impl IntoIterator<Item = LadderRun>) -> Ladder {
        let goal = f64::from(target.max(1));
        let top = (goal * TOP).max(SLOWEST_BPM);
        let mut rung = (goal * START).max(SLOWEST_BPM).min(top);
        let mut failed_in_a_row = 0;
        let mut history = Vec::new();
        for run in runs {
            let tempo = f64::from(run.tempo);
            if run.passed && Ladder::is_at_the_rung(run.tempo, rung.round() as u16) {
                rung = (rung + goal * RUNG).min(top);
                failed_in_a_row = 0;
            } else if !run.passed && tempo <= rung.round() + AT_THE_RUNG {
                failed_in_a_row += 1;
                if failed_in_a_row == 2 {
                    rung = (rung - goal * RUNG).max(SLOWEST_BPM);
                    failed_in_a_row = 0;
                }
            }
            history.push((run, rung.round() as u16));
        }
        Ladder {
            target,
            rung,
            history,
        }
    }

    /// Whether a pass at `tempo` in tempo mode was at the rung it was played on (or faster),
    /// however the ladder of a lesson whose tempo is `target` stood, because it reaches the
    /// first rung: no pass had climbed above it, or one had and was at its rung.
    pub fn reaches_the_first_rung(target: u16, tempo: u16) -> bool {
        Ladder::is_at_the_rung(tempo, Ladder::climbed(target, []).tempo())
    }

    /// Whether a tempo-mode run passed at the rung it was played on (or faster): the runs
    /// that climb the ladder, or would have at its top.
    pub fn passed_at_the_rung(&self) -> bool {
        let start = Ladder::climbed(self.target, []).tempo();
        let rungs_before = std::iter::once(start).chain(self.history.iter().map(|(_, rung)| *rung));
        self.history
            .iter()
            .zip(rungs_before)
            .any(|((run, _), rung)| run.passed && Ladder::is_at_the_rung(run.tempo, rung))
    }

    /// The tempo to play at now, in bpm.
    pub fn tempo(&self) -> u16 {
        self.rung.round() as u16
    }

    /// Passed runs still to climb before the target is reached (0 there or above).
    pub fn to_go(&self) -> u32 {
        let goal = f64::from(self.target.max(1));
        let left = (goal - self.rung) / (goal * RUNG);
        // 5 % of 96 bpm climbs in steps of 4.8: a hair's breadth short is reached.
        (left - 1e-6).ceil().max(0.0) as u32
    }

    /// "72 of 96 bpm, 5 to go", "96 of 96 bpm: the lesson's tempo", "106 of 96 bpm: past it".
    pub fn words(&self) -> String {
        let (tempo, target) = (self.tempo(), self.target);
        match self.to_go() {
            0 if tempo > target => format!("{tempo} of {target} bpm: past the lesson's tempo"),
            0 => format!("{tempo} of {target} bpm: the lesson's tempo"),
            1 => format!("{tempo} of {target} bpm, 1 to go"),
            n => format!("{tempo} of {target} bpm, {n} to go"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(tempo: u16, passed: bool) -> LadderRun {
        LadderRun {
            at: String::new(),
            tempo,
            passed,
        }
    }

    #[test]
    fn a_new_lesson_starts_at_three_fifths_of_its_tempo_never_below_40() {
        let fresh = Ladder::climbed(96, []);
        assert_eq!(fresh.tempo(), 58, "60 % of 96 is 57.6");
        assert_eq!(fresh.to_go(), 8);
        assert_eq!(Ladder::climbed(60, []).tempo(), 40, "36 is below 40");
    }

    #[test]
    fn passes_climb_a_rung_each_and_two_failures_in_a_row_step_down() {
        let climbed = Ladder::climbed(96, [run(58, true), run(62, true), run(67, true)]);
        assert_eq!(climbed.tempo(), 72, "57.6 + 3 × 4.8");
        assert_eq!(climbed.words(), "72 of 96 bpm, 5 to go");
        // One failure holds the rung; the second in a row steps down; a pass in between resets.
        let held = Ladder::climbed(96, [run(58, true), run(62, false)]);
        assert_eq!(held.tempo(), 62);
        let down = Ladder::climbed(96, [run(58, true), run(62, false), run(62, false)]);
        assert_eq!(down.tempo(), 58);
        let reset = Ladder::climbed(
            96,
            [run(58, false), run(58, true), run(62, false), run(62, true)],
        );
        assert_eq!(reset.tempo(), 67);
        let history: Vec<u16> = reset.history.iter().map(|(_, rung)| *rung).collect();
        assert_eq!(history, [58, 62, 62, 67]);
    }

    #[test]
    fn it_tops_out_at_five_fourths_and_bottoms_out_at_40() {
        let passes = (0..30).map(|_| run(300, true));
        let top = Ladder::climbed(80, passes);
        assert_eq!(top.tempo(), 100, "125 % of 80");
        assert_eq!(top.words(), "100 of 80 bpm: past the lesson's tempo");
        let fails = (0..30).map(|_| run(40, false));
        assert_eq!(Ladder::climbed(80, fails).tempo(), 40);
    }

    #[test]
    fn a_pass_counts_at_the_rung_it_was_played_on() {
        assert!(!Ladder::climbed(100, []).passed_at_the_rung());
        assert!(!Ladder::climbed(100, [run(45, true)]).passed_at_the_rung());
        assert!(!Ladder::climbed(100, [run(60, false)]).passed_at_the_rung());
        assert!(Ladder::climbed(100, [run(45, true), run(60, true)]).passed_at_the_rung());
        // Stepped down to 55 after two failures: a pass there counts.
        let down = [run(60, false), run(60, false), run(55, true)];
        assert!(Ladder::climbed(100, down).passed_at_the_rung());
        // Faster than the rung counts too.
        assert!(Ladder::climbed(100, [run(90, true)]).passed_at_the_rung());
    }

    #[test]
    fn runs_far_from_the_rung_say_nothing_about_it() {
        // A slow pass and a fast failure leave the rung where it is.
        let ladder = Ladder::climbed(100, [run(40, true), run(120, false), run(120, false)]);
        assert_eq!(ladder.tempo(), 60);
        let reached = Ladder::climbed(100, (0..8).map(|i| run(60 + 5 * i, true)));
        assert_eq!(reached.words(), "100 of 100 bpm: the lesson's tempo");
    }
}
