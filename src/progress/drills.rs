//! Trouble spots: from a lesson's last runs, the short spans (2–6 steps) where the errors gather,
//! worst first — each the makings of a drill (see `lesson::drill`). A step's errors are the runs
//! in which it was wrong or missed, and those in which it came far from its time (more than
//! [`LATE_MS`] off, and more than twice as far as the run's steps usually are). A span is an
//! erring step with its erring neighbours (at most six steps), and the step before it as a run-up
//! when there is room. A span retires once it came out clean in the last [`CLEAN_TO_RETIRE`] runs.

/// The most runs looked at, the latest.
pub const RUNS_LOOKED_AT: usize = 10;
/// A step this far from its time (ms) is a slip of timing.
pub const LATE_MS: f64 = 80.0;
/// The longest drill, in steps.
pub const MAX_SPAN: usize = 6;
/// Clean runs of the span in a row that retire its drill.
pub const CLEAN_TO_RETIRE: usize = 3;
/// The fewest errors (over the runs looked at) that make a drill: one slip is not a pattern.
pub const FEWEST_ERRORS: u32 = 2;

/// How one step of one run came out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepMark {
    /// Played right.
    pub right: bool,
    /// How far from its time, in ms (tempo mode, when played).
    pub offset_ms: Option<f64>,
}

/// A span of steps where errors gather.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TroubleSpot {
    /// Its first step, from 0.
    pub from_step: usize,
    /// Its last step (inclusive).
    pub to_step: usize,
    /// Errors in it over the runs looked at.
    pub errors: u32,
}

/// The steps of `run` that went wrong: wrong or missed, or far from their time.
fn slips(run: &[StepMark]) -> Vec<bool> {
    let mut offsets: Vec<f64> = run
        .iter()
        .filter_map(|m| m.offset_ms)
        .map(f64::abs)
        .collect();
    offsets.sort_by(f64::total_cmp);
    let usual = offsets.get(offsets.len() / 2).copied().unwrap_or(0.0);
    run.iter()
        .map(|mark| {
            let off_time = mark
                .offset_ms
                .is_some_and(|ms| ms.abs() > LATE_MS && ms.abs() > 2.0 * usual);
            !mark.right || off_time
        })
        .collect()
}

/// The trouble spots of a lesson of `steps` steps from its `runs` (oldest first; only the last
/// [`RUNS_LOOKED_AT`] count), worst first.
pub fn trouble_spots(runs: &[Vec<StepMark>], steps: usize) -> Vec<TroubleSpot> {
    let recent = &runs[runs.len().saturating_sub(RUNS_LOOKED_AT)..];
    let slipped: Vec<Vec<bool>> = recent.iter().map(|run| slips(run)).collect();
    let mut errors = vec![0u32; steps];
    for run in &slipped {
        for (step, slip) in run.iter().enumerate().take(steps) {
            errors[step] += u32::from(*slip);
        }
    }
    let mut taken = vec![false; steps];
    let mut spots = Vec::new();
    // The worst step first; ties the earlier.
    let mut order: Vec<usize> = (0..steps).filter(|s| errors[*s] > 0).collect();
    order.sort_by_key(|s| (std::cmp::Reverse(errors[*s]), *s));
    for worst in order {
        if taken[worst] {
            continue;
        }
        let (mut from, mut to) = (worst, worst);
        // Its erring neighbours, the worse side first, while the span is short enough.
        loop {
            let before = (from > 0 && !taken[from - 1]).then(|| errors[from - 1]);
            let after = (to + 1 < steps && !taken[to + 1]).then(|| errors[to + 1]);
            if to - from + 1 >= MAX_SPAN {
                break;
            }
            match (before, after) {
                (Some(b), Some(a)) if b > 0 && b >= a => from -= 1,
                (_, Some(a)) if a > 0 => to += 1,
                (Some(b), _) if b > 0 => from -= 1,
                _ => break,
            }
        }
        // A step of run-up before it, or one after a span at the start, when there is room.
        if to - from + 1 < MAX_SPAN {
            if from > 0 && !taken[from - 1] {
                from -= 1;
            } else if to - from == 0 && to + 1 < steps && !taken[to + 1] {
                to += 1;
            }
        }
        if to == from {
            continue;
        }
        let total: u32 = errors[from..=to].iter().sum();
        for slot in &mut taken[from..=to] {
            *slot = true;
        }
        if total < FEWEST_ERRORS {
            continue;
        }
        // Retired once it came out clean in the last runs.
        let clean_lately = slipped.len() >= CLEAN_TO_RETIRE
            && slipped[slipped.len() - CLEAN_TO_RETIRE..]
                .iter()
                .all(|run| run.iter().take(to + 1).skip(from).all(|slip| !slip));
        if !clean_lately {
            spots.push(TroubleSpot {
                from_step: from,
                to_step: to,
                errors: total,
            });
        }
    }
    spots.sort_by_key(|s| (std::cmp::Reverse(s.errors), s.from_step));
    spots
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run of `steps` steps, right and on time but for the steps `wrong`.
    fn run(steps: usize, wrong: &[usize]) -> Vec<StepMark> {
        (0..steps)
            .map(|s| StepMark {
                right: !wrong.contains(&s),
                offset_ms: Some(10.0),
            })
            .collect()
    }

    #[test]
    fn the_drill_covers_the_steps_that_go_wrong_with_a_run_up() {
        // Steps 4 and 5 of 15 go wrong in three runs.
        let runs = vec![run(15, &[4, 5]), run(15, &[4]), run(15, &[4, 5])];
        let spots = trouble_spots(&runs, 15);
        assert_eq!(
            spots[0],
            TroubleSpot {
                from_step: 3,
                to_step: 5,
                errors: 5
            }
        );
        assert!(spots.iter().all(|s| s.to_step - s.from_step < MAX_SPAN));
    }

    #[test]
    fn a_long_stretch_of_errors_is_cut_at_six_steps_and_the_worst_comes_first() {
        let runs = vec![
            run(15, &[2, 3, 4, 5, 6, 7, 8, 9, 12]),
            run(15, &[2, 3, 4, 5, 6, 7, 8, 9, 12]),
        ];
        let spots = trouble_spots(&runs, 15);
        assert!(
            spots.iter().all(|s| s.to_step - s.from_step < MAX_SPAN),
            "{spots:?}"
        );
        let covered: Vec<usize> = spots.iter().flat_map(|s| s.from_step..=s.to_step).collect();
        for step in [2, 3, 4, 5, 6, 7, 8, 9, 12] {
            assert!(covered.contains(&step), "step {step} in {spots:?}");
        }
        assert!(spots.windows(2).all(|w| w[0].errors >= w[1].errors));
    }

    #[test]
    fn a_step_far_from_its_time_is_trouble_and_one_slip_is_not() {
        let mut late = run(8, &[]);
        late[6].offset_ms = Some(190.0);
        let spots = trouble_spots(&[late.clone(), late], 8);
        assert_eq!(
            spots,
            [TroubleSpot {
                from_step: 5,
                to_step: 6,
                errors: 2
            }]
        );
        assert!(trouble_spots(&[run(8, &[3])], 8).is_empty(), "one slip");
    }

    #[test]
    fn a_span_clean_three_runs_running_retires() {
        let runs = vec![
            run(10, &[4]),
            run(10, &[4]),
            run(10, &[]),
            run(10, &[]),
            run(10, &[]),
        ];
        assert!(trouble_spots(&runs, 10).is_empty());
        let again = [runs.clone(), vec![run(10, &[4])]].concat();
        assert_eq!(trouble_spots(&again, 10)[0].from_step, 3);
    }
}
