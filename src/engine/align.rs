//! Minimum-cost alignment of what was played to what was expected (tempo mode).
//!
//! An edit distance over the two time-ordered sequences that also weighs time: a played unit
//! (one note, or the notes of one chord) aligned to a step is correct when it is exactly the
//! step and wrong (a substitution) when it is not; a step with nothing aligned is missed; a
//! unit aligned to no step is extra. One wrong key in place of the right one costs less as a
//! substitution (1 + time) than as a miss plus an extra (2), so it counts as one wrong note.
//! A unit pairs with a step only within the step's allowance (one beat, after the steady
//! delay): the same allowance the live judge uses, so what is crossed live is counted wrong.
//!
//! The table is banded by time (units within two beats of a step), so a 10,000-note
//! performance aligns in linear time and memory.

use super::event::Micros;
use super::plan::{NoteSet, Target};

/// What was played: one note, or the notes of one chord struck together.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// Onset of the first note.
    pub at: Micros,
    /// The notes.
    pub notes: NoteSet,
    /// Indices of the notes in the attempt's record of presses.
    pub presses: std::ops::Range<usize>,
}

/// How one step came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aligned {
    /// Exactly the step, played as unit `.0`.
    Correct(usize),
    /// Unit `.0` was played in its place, but it is not the step.
    Wrong(usize),
    /// Nothing was played for it.
    Missed,
}

/// The alignment of a whole attempt.
#[derive(Clone, Debug, PartialEq)]
pub struct Alignment {
    /// One entry per step.
    pub steps: Vec<Aligned>,
    /// Units aligned to no step.
    pub extra: Vec<usize>,
    /// The median of (played onset − expected onset) over correct steps: a constant delay.
    pub offset: Micros,
}

const MISS: f64 = 1.0;
const EXTRA: f64 = 1.0;
const SUBSTITUTION: f64 = 1.0;
/// The most time can add to a pairing's cost (at one beat off or more).
const TIME_WEIGHT: f64 = 0.5;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Move {
    Pair,
    Miss,
    Extra,
}

/// Aligns `units` (time-ordered) to `targets`. Runs twice: once with no offset, then with the
/// median offset of the first pass's correct steps, so a constant delay never looks like
/// wrong timing.
pub fn align(targets: &[Target], units: &[Unit], beat_us: f64) -> Alignment {
    let first = align_with_offset(targets, units, beat_us, 0);
    let offset = median_offset(targets, units, &first.steps).unwrap_or(0);
    let mut second = align_with_offset(targets, units, beat_us, offset);
    second.offset = median_offset(targets, units, &second.steps).unwrap_or(0);
    second
}

fn median_offset(targets: &[Target], units: &[Unit], steps: &[Aligned]) -> Option<Micros> {
    let mut offsets: Vec<Micros> = steps
        .iter()
        .zip(targets)
        .filter_map(|(aligned, target)| match aligned {
            Aligned::Correct(unit) => Some(units[*unit].at - target.at),
            _ => None,
        })
        .collect();
    median(&mut offsets)
}

/// The median of whole numbers (the mean of the middle two for an even count).
pub fn median(values: &mut [Micros]) -> Option<Micros> {
    values.sort_unstable();
    median_of_sorted(values)
}

/// The median of whole numbers already in order.
pub fn median_of_sorted(values: &[Micros]) -> Option<Micros> {
    let middle = values.len() / 2;
    match values.len() {
        0 => None,
        n if n % 2 == 0 => Some((values[middle - 1] + values[middle]) / 2),
        _ => Some(values[middle]),
    }
}

fn align_with_offset(
    targets: &[Target],
    units: &[Unit],
    beat_us: f64,
    offset: Micros,
) -> Alignment {
    let n = targets.len();
    let m = units.len();
    let band = (2.0 * beat_us) as Micros;
    let time = |j: usize| units[j].at - offset;

    // Rows are steps (0 = none yet), columns the number of units used. Row i may only use
    // columns [from[i], to[i]]: the units within the band around step i-1, with each row
    // overlapping the one before so every path stays connected.
    let mut from = Vec::with_capacity(n + 1);
    let mut to = Vec::with_capacity(n + 1);
    let units_before = |limit: Micros, inclusive: bool, start: usize| -> usize {
        let mut j = start;
        while j < m && (time(j) < limit || (inclusive && time(j) == limit)) {
            j += 1;
        }
        j
    };
    // Before the first step, any unit within the band of it may be left over as extra.
    from.push(0);
    to.push(match targets.first() {
        None => m,
        Some(first) => units_before(first.at + band, true, 0),
    });
    let (mut low, mut high) = (0, 0);
    for (i, target) in targets.iter().enumerate() {
        low = units_before(target.at - band, false, low);
        high = units_before(target.at + band, true, high.max(low));
        let row_from = low.min(to[i]);
        let row_to = if i + 1 == n { m } else { high.max(row_from) };
        from.push(row_from);
        to.push(row_to);
    }

    let mut start = Vec::with_capacity(n + 2);
    start.push(0usize);
    for i in 0..=n {
        start.push(start[i] + (to[i] - from[i] + 1));
    }
    let cells = start[n + 1];
    let mut cost = vec![f64::INFINITY; cells];
    let mut moves = vec![Move::Extra; cells];
    let cell = |i: usize, j: usize| -> Option<usize> {
        (from[i]..=to[i])
            .contains(&j)
            .then(|| start[i] + j - from[i])
    };

    for j in from[0]..=to[0] {
        cost[start[0] + j] = j as f64 * EXTRA;
    }
    for i in 1..=n {
        let target = &targets[i - 1];
        for j in from[i]..=to[i] {
            let here = start[i] + j - from[i];
            let mut best = f64::INFINITY;
            let mut best_move = Move::Extra;
            if j > 0
                && let Some(diagonal) = cell(i - 1, j - 1)
            {
                let unit = &units[j - 1];
                let off_by = (time(j - 1) - target.at).abs();
                if off_by <= target.window {
                    let time_cost = TIME_WEIGHT * (off_by as f64 / beat_us).min(1.0);
                    let pitch_cost = if target.is_complete(unit.notes) {
                        0.0
                    } else {
                        SUBSTITUTION
                    };
                    let total = cost[diagonal] + pitch_cost + time_cost;
                    if total < best {
                        best = total;
                        best_move = Move::Pair;
                    }
                }
            }
            if let Some(above) = cell(i - 1, j) {
                let total = cost[above] + MISS;
                if total < best {
                    best = total;
                    best_move = Move::Miss;
                }
            }
            if j > from[i] {
                let total = cost[here - 1] + EXTRA;
                if total < best {
                    best = total;
                    best_move = Move::Extra;
                }
            }
            cost[here] = best;
            moves[here] = best_move;
        }
    }

    let mut steps = vec![Aligned::Missed; n];
    let mut extra = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let Some(here) = cell(i, j) else {
            break;
        };
        match if i == 0 { Move::Extra } else { moves[here] } {
            Move::Pair => {
                let unit = j - 1;
                steps[i - 1] = if targets[i - 1].is_complete(units[unit].notes) {
                    Aligned::Correct(unit)
                } else {
                    Aligned::Wrong(unit)
                };
                i -= 1;
                j -= 1;
            }
            Move::Miss => i -= 1,
            Move::Extra => {
                extra.push(j - 1);
                j -= 1;
            }
        }
    }
    extra.reverse();
    Alignment {
        steps,
        extra,
        offset,
    }
}
