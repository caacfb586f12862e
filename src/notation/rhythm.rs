//! Rhythm on the page: note values (with dots and tuplets), notes split at bar lines and tied,
//! beams over the quick notes of one beat, and rests completing the last bar.

use serde::Serialize;

use super::{Clef, SheetNote, SheetRest};

/// How a note or rest is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum NoteValue {
    /// Four quarters.
    #[serde(rename = "whole")]
    Whole,
    /// Two quarters.
    #[serde(rename = "half")]
    Half,
    /// One beat of 4/4.
    #[serde(rename = "quarter")]
    Quarter,
    /// Half a quarter.
    #[serde(rename = "eighth")]
    Eighth,
    /// A quarter of a quarter.
    #[serde(rename = "16th")]
    Sixteenth,
    /// An eighth of a quarter.
    #[serde(rename = "32nd")]
    ThirtySecond,
}

impl NoteValue {
    /// Its length in quarters, undotted.
    pub fn quarters(self) -> f64 {
        match self {
            NoteValue::Whole => 4.0,
            NoteValue::Half => 2.0,
            NoteValue::Quarter => 1.0,
            NoteValue::Eighth => 0.5,
            NoteValue::Sixteenth => 0.25,
            NoteValue::ThirtySecond => 0.125,
        }
    }

    /// Whether it hangs from a beam (or has a flag) rather than standing alone.
    pub fn is_beamed(self) -> bool {
        self.quarters() <= 0.5
    }
}

/// Lengths within this of each other are the same (sums of thirds are not exact).
const EPSILON: f64 = 1e-6;

/// The values, longest first, with their dots, that lengths are written in.
const WRITABLE: [(NoteValue, u8); 10] = [
    (NoteValue::Whole, 0),
    (NoteValue::Half, 1),
    (NoteValue::Half, 0),
    (NoteValue::Quarter, 1),
    (NoteValue::Quarter, 0),
    (NoteValue::Eighth, 1),
    (NoteValue::Eighth, 0),
    (NoteValue::Sixteenth, 1),
    (NoteValue::Sixteenth, 0),
    (NoteValue::ThirtySecond, 0),
];

fn length_of(value: NoteValue, dots: u8) -> f64 {
    value.quarters() * if dots == 1 { 1.5 } else { 1.0 }
}

/// A written piece of a note: where it starts and how it is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Piece {
    /// The bar, from 1.
    pub bar: u32,
    /// Where in the bar, in quarters.
    pub beat: f64,
    /// The value.
    pub value: NoteValue,
    /// Dots.
    pub dots: u8,
    /// Played `n` in the time of the next shorter power of two (a triplet: 3).
    pub tuplet: Option<u8>,
}

/// A length as written: one tuplet value (three notes a beat are triplet eighths), or values
/// that add up to it, longest first.
fn written(length: f64) -> Vec<(NoteValue, u8, Option<u8>, f64)> {
    let per_beat = 1.0 / length;
    let whole = per_beat.round();
    if length < 1.0 && (per_beat - whole).abs() < EPSILON && !(whole as u32).is_power_of_two() {
        let n = whole as u32;
        let shown = 1.0 / f64::from(n.next_power_of_two() / 2);
        let value = WRITABLE
            .iter()
            .find(|(v, d)| *d == 0 && (v.quarters() - shown).abs() < EPSILON)
            .map_or(NoteValue::ThirtySecond, |(v, _)| *v);
        return vec![(value, 0, u8::try_from(n).ok(), length)];
    }
    let mut left = length;
    let mut values = Vec::new();
    while left > EPSILON {
        let Some((value, dots)) = WRITABLE
            .iter()
            .find(|(v, d)| length_of(*v, *d) <= left + EPSILON)
        else {
            break;
        };
        let taken = length_of(*value, *dots);
        values.push((*value, *dots, None, taken));
        left -= taken;
    }
    values
}

/// A note at `onset` lasting `length` (quarters from the start), split at the bar lines of
/// bars `bar_length` quarters long and into writable values: each piece but the last is tied
/// to the next.
pub fn split_at_bars(onset: f64, length: f64, bar_length: f64) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut at = onset;
    let end = onset + length;
    while end - at > EPSILON {
        let bar_index = ((at + EPSILON) / bar_length).floor();
        let bar_end = (bar_index + 1.0) * bar_length;
        let part = (end.min(bar_end) - at).max(0.0);
        for (value, dots, tuplet, taken) in written(part) {
            pieces.push(Piece {
                bar: bar_index as u32 + 1,
                beat: ((at - bar_index * bar_length) * 1e6).round() / 1e6,
                value,
                dots,
                tuplet,
            });
            at += taken;
        }
        if pieces.is_empty() || part <= EPSILON {
            break;
        }
        at = at.max(end.min(bar_end));
    }
    pieces
}

/// Beams the quick notes (eighths and shorter) of one beat on one staff together, when there
/// are at least two steps of them; a lone quick note keeps its flag.
pub fn beam(notes: &mut [SheetNote]) {
    let mut next_beam = 0u32;
    let mut start = 0;
    while start < notes.len() {
        let group_of = |n: &SheetNote| (n.staff, n.bar, (n.beat + EPSILON).floor() as i64);
        let note = &notes[start];
        if note.beam.is_some() || !note.duration.is_beamed() || note.tied {
            start += 1;
            continue;
        }
        let key = group_of(&notes[start]);
        // The notes of the group: every later note on this staff in this beat that is quick,
        // up to the first that is not.
        let members: Vec<usize> = (start..notes.len())
            .filter(|i| notes[*i].staff == key.0)
            .take_while(|i| group_of(&notes[*i]) == key && notes[*i].duration.is_beamed())
            .collect();
        let steps = {
            let mut steps: Vec<usize> = members.iter().map(|i| notes[*i].step).collect();
            steps.dedup();
            steps.len()
        };
        if steps >= 2 {
            for i in &members {
                notes[*i].beam = Some(next_beam);
            }
            next_beam += 1;
        }
        start += 1;
    }
}

/// The bars a piece ending at `end` (quarters) fills, and the rests that complete the last
/// one on each staff.
pub fn closing_rests(end: f64, bar_length: f64, clefs: &[Clef]) -> (u32, Vec<SheetRest>) {
    let bars = ((end - EPSILON) / bar_length).ceil().max(1.0);
    let left = bars * bar_length - end;
    let mut rests = Vec::new();
    if left > EPSILON {
        for clef in clefs {
            let mut at = end - (bars - 1.0) * bar_length;
            for (value, dots, _, taken) in written(left) {
                rests.push(SheetRest {
                    staff: *clef,
                    bar: bars as u32,
                    beat: at,
                    duration: value,
                    dots,
                });
                at += taken;
            }
        }
    }
    (bars as u32, rests)
}

/// The rests of a silence from `from` to `to` quarters into a bar `bar_length` long whose
/// beat is `beat` quarters, as engravers write them: a whole bar's silence is a whole rest;
/// otherwise the rest of a beat begun is filled first, then beat by beat, two beats together
/// as a half rest where they make the first or second half of a bar of four. Each rest with
/// where it starts in the bar, in quarters.
fn rests_in_bar(from: f64, to: f64, bar_length: f64, beat: f64) -> Vec<(f64, NoteValue, u8)> {
    if from < EPSILON && to > bar_length - EPSILON {
        return vec![(0.0, NoteValue::Whole, 0)];
    }
    let mut rests = Vec::new();
    let mut at = from;
    let push = |at: f64, length: f64, rests: &mut Vec<(f64, NoteValue, u8)>| {
        let mut here = at;
        for (value, dots, _, taken) in written(length) {
            rests.push((here, value, dots));
            here += taken;
        }
    };
    while to - at > EPSILON {
        let into_beat = at % beat;
        let length = if into_beat > EPSILON && beat - into_beat > EPSILON {
            // The rest of the beat begun.
            (beat - into_beat).min(to - at)
        } else {
            let half_bar = bar_length == 4.0 * beat && (at % (2.0 * beat)).abs() < EPSILON;
            if half_bar && to - at > 2.0 * beat - EPSILON {
                2.0 * beat
            } else {
                beat.min(to - at)
            }
        };
        push(at, length, &mut rests);
        at += length;
    }
    rests
}

/// A piece's rests: on each staff, every stretch from the first bar's drawn start (`from`, a
/// pickup's) to the end of the last bar where `sounding` (staff, start, end, in quarters from
/// the first bar's whole beginning) has no note, written beat by beat (`beat` quarters); with
/// the bars there are, ending after `end`.
pub fn gap_rests(
    sounding: &[(Clef, f64, f64)],
    end: f64,
    bar_length: f64,
    beat: f64,
    clefs: &[Clef],
    from: f64,
) -> (u32, Vec<SheetRest>) {
    let bars = ((end - EPSILON) / bar_length).ceil().max(1.0);
    let close = bars * bar_length;
    let mut rests = Vec::new();
    for clef in clefs {
        let mut spans: Vec<(f64, f64)> = sounding
            .iter()
            .filter(|(staff, _, _)| staff == clef)
            .map(|(_, start, end)| (*start, *end))
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut at = from;
        for (start, stop) in spans.into_iter().chain([(close, close)]) {
            let mut gap_at = at;
            while start - gap_at > EPSILON {
                let bar_index = ((gap_at + EPSILON) / bar_length).floor();
                let bar_start = bar_index * bar_length;
                let bar_end = bar_start + bar_length;
                let gap_end = start.min(bar_end);
                for (rest_at, value, dots) in
                    rests_in_bar(gap_at - bar_start, gap_end - bar_start, bar_length, beat)
                {
                    rests.push(SheetRest {
                        staff: *clef,
                        bar: bar_index as u32 + 1,
                        beat: (rest_at * 1e6).round() / 1e6,
                        duration: value,
                        dots,
                    });
                }
                gap_at = gap_end;
            }
            at = at.max(stop);
        }
    }
    (bars as u32, rests)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rests_are_written_by_the_beat() {
        let values = |from: f64, to: f64, bar: f64| -> Vec<(f64, NoteValue, u8)> {
            rests_in_bar(from, to, bar, 1.0)
        };
        // 4/4: beats 2–4 silent are a quarter and a half, not a dotted half.
        assert_eq!(
            values(1.0, 4.0, 4.0),
            [(1.0, NoteValue::Quarter, 0), (2.0, NoteValue::Half, 0)]
        );
        // Beats 1–3: a half, then a quarter.
        assert_eq!(
            values(0.0, 3.0, 4.0),
            [(0.0, NoteValue::Half, 0), (2.0, NoteValue::Quarter, 0)]
        );
        // After an eighth, the beat is filled first.
        assert_eq!(
            values(0.5, 2.0, 4.0),
            [(0.5, NoteValue::Eighth, 0), (1.0, NoteValue::Quarter, 0)]
        );
        // A whole bar of 3/4 is a whole rest.
        assert_eq!(values(0.0, 3.0, 3.0), [(0.0, NoteValue::Whole, 0)]);
        // 3/4, beats 2–3: two quarters.
        assert_eq!(
            values(1.0, 3.0, 3.0),
            [(1.0, NoteValue::Quarter, 0), (2.0, NoteValue::Quarter, 0)]
        );
    }

    #[test]
    fn lengths_are_written_in_values_dots_and_tuplets() {
        assert_eq!(written(1.0), [(NoteValue::Quarter, 0, None, 1.0)]);
        assert_eq!(written(1.5), [(NoteValue::Quarter, 1, None, 1.5)]);
        assert_eq!(written(3.0), [(NoteValue::Half, 1, None, 3.0)]);
        assert_eq!(written(0.25), [(NoteValue::Sixteenth, 0, None, 0.25)]);
        let third = 1.0 / 3.0;
        assert_eq!(written(third), [(NoteValue::Eighth, 0, Some(3), third)]);
        assert_eq!(
            written(1.25),
            [
                (NoteValue::Quarter, 0, None, 1.0),
                (NoteValue::Sixteenth, 0, None, 0.25)
            ]
        );
    }

    #[test]
    fn a_note_over_a_bar_line_is_split_and_tied() {
        // A half note on beat 4 of 4/4: a quarter, tied to a quarter in the next bar.
        let pieces = split_at_bars(3.0, 2.0, 4.0);
        assert_eq!(pieces.len(), 2);
        assert_eq!((pieces[0].bar, pieces[0].beat), (1, 3.0));
        assert_eq!((pieces[1].bar, pieces[1].beat), (2, 0.0));
        assert!(pieces.iter().all(|p| p.value == NoteValue::Quarter));
        // In 3/4 a dotted half fills a bar.
        let pieces = split_at_bars(3.0, 3.0, 3.0);
        assert_eq!(pieces.len(), 1);
        assert_eq!(
            (pieces[0].value, pieces[0].dots, pieces[0].bar),
            (NoteValue::Half, 1, 2)
        );
    }

    #[test]
    fn the_last_bar_is_completed_with_rests() {
        let (bars, rests) = closing_rests(10.0, 4.0, &[Clef::Treble]);
        assert_eq!(bars, 3);
        assert_eq!(rests.len(), 1);
        assert_eq!((rests[0].beat, rests[0].duration), (2.0, NoteValue::Half));
        let (bars, rests) = closing_rests(8.0, 4.0, &[Clef::Treble, Clef::Bass]);
        assert_eq!((bars, rests.len()), (2, 0));
    }
}
