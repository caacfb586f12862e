//! Stems, beams, flags and tuplet numbers, and where each notehead of a chord stands: the
//! standard rules — a stem goes down from notes on or above the middle line and up below it,
//! by the note farthest from the middle for a chord or a beamed group; an octave long, and at
//! least to the middle line; a second in a chord puts one head on the other side of the stem.

use smufl::Glyph;

use super::font::MusicFont;
use super::glyphs::notehead;
use super::layout::{Engraving, Mark};
use crate::notation::{Clef, NoteValue, Sheet};

/// A stem's length from its last head, in staff spaces: an octave.
const STEM_LENGTH: f64 = 3.5;
/// The least distance from a head to the beam over it.
const BEAM_CLEARANCE: f64 = 2.75;
/// A partial beam's length (a lone sixteenth beside eighths).
const STUB: f64 = 1.1;

/// Where one written note's head stands and which way its stem goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Head {
    /// Its left edge.
    pub x: f64,
    /// Whether its stem goes up.
    pub stem_up: bool,
    /// Where its stem ends (the head's own y for a whole note).
    pub stem_end: f64,
    /// Which column its accidental stands in, from the head leftwards (0 nearest).
    pub accidental_column: f64,
}

/// Heads placed, with the stems, beams and flags drawn for them.
pub struct Placed {
    /// Per note of the sheet.
    pub heads: Vec<Head>,
    /// Stems, beams, flags, tuplet numbers.
    pub marks: Vec<Mark>,
}

/// The notes struck together on one staff.
struct Chord {
    notes: Vec<usize>,
    staff: Clef,
    x: f64,
    value: NoteValue,
    beam: Option<u32>,
    tuplet: Option<u8>,
    stem_x: f64,
    stem_up: bool,
    stem_end: f64,
}

/// Places every note of `sheet`, standing at `xs`, on `engraving`'s staves.
pub fn place(engraving: &Engraving, sheet: &Sheet, xs: &[f64], font: &MusicFont) -> Placed {
    let stem = font.thickness(|d| d.stem_thickness, 0.12);
    let mut heads: Vec<Head> = xs
        .iter()
        .map(|x| Head {
            x: *x,
            stem_up: true,
            stem_end: 0.0,
            accidental_column: 0.0,
        })
        .collect();
    let mut chords = chords(sheet, xs);
    // Each chord's stem direction: by its group's farthest note from the middle line.
    for index in 0..chords.len() {
        let group: Vec<usize> = match chords[index].beam {
            Some(beam) => chords
                .iter()
                .enumerate()
                .filter(|(_, c)| c.beam == Some(beam) && c.staff == chords[index].staff)
                .map(|(i, _)| i)
                .collect(),
            None => vec![index],
        };
        let farthest = group
            .iter()
            .flat_map(|c| {
                chords[*c]
                    .notes
                    .iter()
                    .map(|n| sheet.notes[*n].position - 4)
            })
            .max_by_key(|distance| (distance.abs(), *distance))
            .unwrap_or(0);
        chords[index].stem_up = farthest < 0;
    }
    for chord in &mut chords {
        let positions: Vec<i32> = chord
            .notes
            .iter()
            .map(|n| sheet.notes[*n].position)
            .collect();
        let head = notehead(chord.value);
        let (anchor_x, _) = font.stem_anchor(head, chord.stem_up);
        chord.stem_x = if chord.stem_up {
            chord.x + anchor_x - stem / 2.0
        } else {
            chord.x + anchor_x + stem / 2.0
        };
        let middle = engraving.y_of(chord.staff, 4);
        let high = positions.iter().max().copied().unwrap_or(4);
        let low = positions.iter().min().copied().unwrap_or(4);
        chord.stem_end = if chord.stem_up {
            (engraving.y_of(chord.staff, high) - STEM_LENGTH).min(middle)
        } else {
            (engraving.y_of(chord.staff, low) + STEM_LENGTH).max(middle)
        };
        seconds(chord, sheet, &mut heads, engraving.notehead_width());
        accidental_columns(chord, sheet, &mut heads);
    }
    let mut marks = Vec::new();
    beams(&mut chords, sheet, engraving, &mut marks, stem);
    for chord in &chords {
        for note in &chord.notes {
            heads[*note].stem_up = chord.stem_up;
            heads[*note].stem_end = chord.stem_end;
        }
        if chord.value == NoteValue::Whole {
            for note in &chord.notes {
                heads[*note].stem_end = engraving.y_of(chord.staff, sheet.notes[*note].position);
            }
            continue;
        }
        // The stem runs from the head farthest from its end.
        let positions = chord.notes.iter().map(|n| sheet.notes[*n].position);
        let from = if chord.stem_up {
            positions.min().unwrap_or(4)
        } else {
            positions.max().unwrap_or(4)
        };
        let (_, anchor_y) = font.stem_anchor(notehead(chord.value), chord.stem_up);
        let from_y = engraving.y_of(chord.staff, from) + anchor_y;
        marks.push(Mark::Line {
            from: (chord.stem_x, from_y),
            to: (chord.stem_x, chord.stem_end),
            thickness: stem,
        });
        if chord.beam.is_none()
            && let Some(flag) = flag(chord.value, chord.stem_up)
        {
            marks.push(Mark::Glyph {
                glyph: flag,
                x: chord.stem_x - stem / 2.0,
                y: chord.stem_end,
                step: None,
            });
        }
    }
    Placed { heads, marks }
}

/// The sheet's notes gathered into chords: one step's notes on one staff at one time.
fn chords(sheet: &Sheet, xs: &[f64]) -> Vec<Chord> {
    let mut chords: Vec<Chord> = Vec::new();
    for (index, note) in sheet.notes.iter().enumerate() {
        let same = chords.iter_mut().rev().take(4).find(|c| {
            let first = &sheet.notes[c.notes[0]];
            first.step == note.step
                && first.staff == note.staff
                && first.bar == note.bar
                && first.beat == note.beat
        });
        match same {
            Some(chord) => chord.notes.push(index),
            None => chords.push(Chord {
                notes: vec![index],
                staff: note.staff,
                x: xs[index],
                value: note.duration,
                beam: note.beam,
                tuplet: note.tuplet,
                stem_x: 0.0,
                stem_up: true,
                stem_end: 0.0,
            }),
        }
    }
    chords
}

/// A second in a chord: the upper head of the pair to the right of an up stem, the lower to
/// the left of a down stem.
fn seconds(chord: &Chord, sheet: &Sheet, heads: &mut [Head], width: f64) {
    let mut order = chord.notes.clone();
    order.sort_by_key(|n| sheet.notes[*n].position);
    if !chord.stem_up {
        order.reverse();
    }
    let mut displaced_before = false;
    for pair in order.windows(2) {
        let apart = (sheet.notes[pair[1]].position - sheet.notes[pair[0]].position).abs();
        if apart == 1 && !displaced_before {
            heads[pair[1]].x += if chord.stem_up { width } else { -width };
            displaced_before = true;
        } else {
            displaced_before = false;
        }
    }
}

/// A chord's accidentals, top down: each in the nearest column where it keeps a sixth from
/// the one above it.
fn accidental_columns(chord: &Chord, sheet: &Sheet, heads: &mut [Head]) {
    let mut order: Vec<usize> = chord
        .notes
        .iter()
        .copied()
        .filter(|n| sheet.notes[*n].accidental.is_some())
        .collect();
    order.sort_by_key(|n| -sheet.notes[*n].position);
    let mut columns: Vec<i32> = Vec::new();
    for note in order {
        let position = sheet.notes[note].position;
        let column = match columns.iter().position(|last| last - position >= 6) {
            Some(free) => free,
            None => {
                columns.push(position);
                columns.len() - 1
            }
        };
        columns[column] = position;
        heads[note].accidental_column = column as f64;
    }
}

/// Beams each group's stems together: the beam follows the first and last notes, no steeper
/// than a space, moved away from the heads until every stem is long enough; sixteenths get a
/// second beam, a lone one a stub.
fn beams(
    chords: &mut [Chord],
    sheet: &Sheet,
    engraving: &Engraving,
    marks: &mut Vec<Mark>,
    stem: f64,
) {
    let thickness = 0.5;
    let gap = 0.25;
    let mut drawn = std::collections::HashSet::new();
    let mut start = 0;
    while start < chords.len() {
        let Some(beam) = chords[start].beam else {
            start += 1;
            continue;
        };
        let staff = chords[start].staff;
        let group: Vec<usize> = (start..chords.len())
            .filter(|i| chords[*i].beam == Some(beam) && chords[*i].staff == staff)
            .collect();
        start += 1;
        // A group is beamed once, from its first chord.
        if group.len() < 2 || !drawn.insert((beam, staff)) {
            continue;
        }
        let first = &chords[group[0]];
        let Some(last) = group.last().map(|i| &chords[*i]) else {
            continue;
        };
        let up = first.stem_up;
        let tuplet = first.tuplet;
        let (x1, x2) = (first.stem_x, last.stem_x);
        let rise = (last.stem_end - first.stem_end).clamp(-1.0, 1.0);
        let slope = if x2 > x1 { rise / (x2 - x1) } else { 0.0 };
        let mut y1 = if up {
            first.stem_end.min(last.stem_end - rise)
        } else {
            first.stem_end.max(last.stem_end - rise)
        };
        // Keep every head clear of the beam.
        for i in &group {
            let chord = &chords[*i];
            let at = y1 + slope * (chord.stem_x - x1);
            let positions = chord.notes.iter().map(|n| sheet.notes[*n].position);
            if up {
                let highest = engraving.y_of(staff, positions.max().unwrap_or(4));
                y1 -= (at - (highest - BEAM_CLEARANCE)).max(0.0);
            } else {
                let lowest = engraving.y_of(staff, positions.min().unwrap_or(4));
                y1 += ((lowest + BEAM_CLEARANCE) - at).max(0.0);
            }
        }
        for i in &group {
            chords[*i].stem_end = y1 + slope * (chords[*i].stem_x - x1);
        }
        let toward_heads = if up { 1.0 } else { -1.0 };
        let beam_at =
            |level: f64, x: f64| y1 + slope * (x - x1) + toward_heads * level * (thickness + gap);
        let edge = stem / 2.0;
        marks.push(Mark::Beam {
            from: (x1 - edge, beam_at(0.0, x1 - edge)),
            to: (x2 + edge, beam_at(0.0, x2 + edge)),
            thickness: thickness * toward_heads,
        });
        for level in 1..3u8 {
            let needs = |c: &Chord| beams_of(c.value) > level;
            for (k, i) in group.iter().enumerate() {
                if !needs(&chords[*i]) {
                    continue;
                }
                let x = chords[*i].stem_x;
                let next = group.get(k + 1).filter(|n| needs(&chords[**n]));
                let before = k > 0 && needs(&chords[group[k - 1]]);
                let (from, to) = match next {
                    Some(n) => (x, chords[*n].stem_x),
                    None if before => continue,
                    None if k + 1 < group.len() => (x, x + STUB),
                    None => (x - STUB, x),
                };
                let level = f64::from(level);
                marks.push(Mark::Beam {
                    from: (from - edge, beam_at(level, from - edge)),
                    to: (to + edge, beam_at(level, to + edge)),
                    thickness: thickness * toward_heads,
                });
            }
        }
        if let Some(glyph) = tuplet.and_then(tuplet_glyph) {
            let middle = (x1 + x2) / 2.0;
            let y = beam_at(0.0, middle) + if up { -0.7 } else { 1.5 };
            marks.push(Mark::Glyph {
                glyph,
                x: middle - 0.4,
                y,
                step: None,
            });
        }
    }
}

/// Beams (or flags) a value has.
fn beams_of(value: NoteValue) -> u8 {
    match value {
        NoteValue::Eighth => 1,
        NoteValue::Sixteenth => 2,
        NoteValue::ThirtySecond => 3,
        _ => 0,
    }
}

fn flag(value: NoteValue, up: bool) -> Option<Glyph> {
    Some(match (value, up) {
        (NoteValue::Eighth, true) => Glyph::Flag8thUp,
        (NoteValue::Eighth, false) => Glyph::Flag8thDown,
        (NoteValue::Sixteenth, true) => Glyph::Flag16thUp,
        (NoteValue::Sixteenth, false) => Glyph::Flag16thDown,
        (NoteValue::ThirtySecond, true) => Glyph::Flag32ndUp,
        (NoteValue::ThirtySecond, false) => Glyph::Flag32ndDown,
        _ => return None,
    })
}

fn tuplet_glyph(n: u8) -> Option<Glyph> {
    Some(match n {
        3 => Glyph::Tuplet3,
        5 => Glyph::Tuplet5,
        6 => Glyph::Tuplet6,
        7 => Glyph::Tuplet7,
        _ => return None,
    })
}
