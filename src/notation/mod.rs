//! The engraving model: a compiled lesson as it is written on a staff — key and time
//! signature, clefs, bars, and per note its staff, position, the accidental shown, its
//! duration, beam group, finger and chord symbol. Pure: the window's canvas, the SVG page and
//! `etude sheet --json` only draw or print it.
//!
//! Conventions:
//! - The right hand on the treble staff, the left on the bass staff; `Both` on a grand staff
//!   (a scale's or arpeggio's lower note, a progression's added root, and in written notes
//!   everything below middle C go to the bass staff).
//! - The key signature: see [`KeySignature::of_lesson`].
//! - Scales and arpeggios are barred in 4/4 with `notes_per_beat` notes a beat; written notes
//!   by their beats in their `time` (4/4 when none is given); progressions in 4/4.
//! - Accidentals: the key signature holds in every octave; an accidental holds to the end of
//!   its bar at its staff position; a note shows one exactly when its alteration differs from
//!   what the signature and the accidentals before it in its bar imply.
//! - Position: diatonic steps above the staff's bottom line (treble E4 = 0, bass G2 = 0).

mod key_signature;
mod played;
mod rhythm;

use std::collections::HashMap;

use serde::Serialize;

pub use key_signature::KeySignature;
pub use played::{Played, StepState};
pub use rhythm::NoteValue;

use crate::lesson::{Exercise, Hand, LoadedLesson, Step, TimeSignature};
use crate::theory::SpelledNote;

/// A staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Clef {
    /// The treble (G) clef: the right hand.
    Treble,
    /// The bass (F) clef: the left hand.
    Bass,
}

impl Clef {
    /// The diatonic number (octave × 7 + letter) of the staff's bottom line: E4 or G2.
    fn bottom_line(self) -> i32 {
        match self {
            Clef::Treble => 4 * 7 + 2,
            Clef::Bass => 2 * 7 + 4,
        }
    }
}

/// An accidental written before a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shown {
    /// ♯.
    Sharp,
    /// ♭.
    Flat,
    /// ♮.
    Natural,
    /// 𝄪.
    DoubleSharp,
    /// 𝄫.
    DoubleFlat,
}

impl Shown {
    /// The accidental that writes an alteration of `semitones`.
    pub fn of(semitones: i32) -> Shown {
        match semitones {
            i32::MIN..=-2 => Shown::DoubleFlat,
            -1 => Shown::Flat,
            0 => Shown::Natural,
            1 => Shown::Sharp,
            _ => Shown::DoubleSharp,
        }
    }
}

/// One written note.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SheetNote {
    /// The lesson step it belongs to (from 0).
    pub step: usize,
    /// Its spelling ("E♯4" is written "E#4").
    pub name: String,
    /// The staff it is written on.
    pub staff: Clef,
    /// Diatonic steps above the staff's bottom line (ledger lines below 0 and above 8).
    pub position: i32,
    /// The accidental written before it, if any.
    pub accidental: Option<Shown>,
    /// The bar, from 1.
    pub bar: u32,
    /// Where in the bar it starts, in the bar's beats from 0.
    pub beat: f64,
    /// How it is written.
    pub duration: NoteValue,
    /// Dots after it (0 or 1).
    pub dots: u8,
    /// Played as one of `n` in the time of the next shorter power of two (a triplet: 3).
    pub tuplet: Option<u8>,
    /// Tied to the next note of the same pitch (a note held over a bar line).
    pub tied: bool,
    /// The beam it hangs from (notes under one beam share the number), if any.
    pub beam: Option<u32>,
    /// The finger, when the lesson gives one.
    pub finger: Option<u8>,
    /// Above a progression's chord: its symbol, with the bass when not the root ("F/A").
    pub chord_symbol: Option<String>,
}

/// A rest filling the end of the last bar.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SheetRest {
    /// The staff.
    pub staff: Clef,
    /// The bar, from 1.
    pub bar: u32,
    /// Where in the bar it starts, in the bar's beats from 0.
    pub beat: f64,
    /// How long.
    pub duration: NoteValue,
    /// Dots after it.
    pub dots: u8,
}

impl Sheet {
    /// A bar's length in quarters.
    pub fn bar_quarters(&self) -> f64 {
        f64::from(self.time_signature[0]) * 4.0 / f64::from(self.time_signature[1])
    }

    /// Where a note or rest `beat` beats into `bar` (from 1) falls, in quarters from the start
    /// (the first note's bar's start; a pickup's first note, so the lesson's beat 0).
    pub fn quarters_at(&self, bar: u32, beat: f64) -> f64 {
        f64::from(bar.saturating_sub(1)) * self.bar_quarters()
            + beat * 4.0 / f64::from(self.time_signature[1])
            - self.upbeat
    }
}

/// A lesson as written; `etude sheet --json` prints exactly this.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sheet {
    /// Sharps (+) or flats (−) in the key signature.
    pub key_signature: i8,
    /// Beats in a bar, and the note that is one beat.
    pub time_signature: [u8; 2],
    /// The staves, top first.
    pub clefs: Vec<Clef>,
    /// Bars in all.
    pub bars: u32,
    /// How many quarters the first bar lacks: a pickup's first bar is that much shorter (0: it
    /// is whole). Its notes' beats count from where the whole bar would begin.
    pub upbeat: f64,
    /// Every note in time order (a chord's notes lowest first).
    pub notes: Vec<SheetNote>,
    /// Rests completing the last bar.
    pub rests: Vec<SheetRest>,
}

/// The lesson as it is written.
pub fn engrave(loaded: &LoadedLesson) -> Sheet {
    let lesson = &loaded.lesson;
    let signature = KeySignature::of_lesson(lesson);
    let time = match &lesson.exercise {
        Exercise::Notes { time, .. } => time.unwrap_or_default(),
        _ => TimeSignature::default(),
    };
    let hand = lesson.exercise.hand();
    let clefs = match hand {
        Hand::Right => vec![Clef::Treble],
        Hand::Left => vec![Clef::Bass],
        Hand::Both => vec![Clef::Treble, Clef::Bass],
    };
    let bar_length = time.bar_in_quarters();
    // A pickup is written at the end of a first bar whose beginning is not drawn.
    let upbeat = match &lesson.exercise {
        Exercise::Notes {
            pickup: Some(pickup),
            ..
        } if pickup.0 > 0.0 && pickup.0 < bar_length => bar_length - pickup.0,
        _ => 0.0,
    };
    let mut notes = Vec::with_capacity(loaded.steps.len() * 2);
    // The alteration in force at each staff position in each bar (from 1).
    let mut in_force: HashMap<(u32, Clef, i32), i32> = HashMap::new();
    let staves = |step: &Step| -> Vec<Clef> {
        (0..step.names.len())
            .map(|k| staff_of(&lesson.exercise, hand, step, k))
            .collect()
    };
    let onsets = Onsets::of(&loaded.steps, &staves);
    // Where each staff's notes sound, for a piece's rests (in quarters from the first bar's
    // whole beginning).
    let mut sounding: Vec<(Clef, f64, f64)> = Vec::new();
    for (index, step) in loaded.steps.iter().enumerate() {
        let symbol = chord_symbol(step);
        let on_staff = staves(step);
        for (length, group) in written_groups(step, &on_staff, &onsets) {
            let pieces = rhythm::split_at_bars(step.beat + upbeat, length, bar_length);
            if let Some(&k) = group.first() {
                sounding.push((on_staff[k], step.beat + upbeat, step.beat + upbeat + length));
            }
            for (piece_index, piece) in pieces.iter().enumerate() {
                let tied = piece_index + 1 < pieces.len();
                for &k in &group {
                    let name = step.names[k];
                    let staff = on_staff[k];
                    let position = position_on(staff, name);
                    let alteration = name.name.accidental.semitones();
                    let implied = in_force
                        .get(&(piece.bar, staff, position))
                        .copied()
                        .unwrap_or_else(|| signature.alteration(name.name.letter));
                    // A tied continuation repeats nothing: the accidental holds through the tie.
                    let accidental =
                        (alteration != implied && piece_index == 0).then(|| Shown::of(alteration));
                    // A tie carries its accidental to its end, not past it: a later note in
                    // the next bar shows its own again.
                    if piece_index == 0 {
                        in_force.insert((piece.bar, staff, position), alteration);
                    }
                    notes.push(SheetNote {
                        step: index,
                        name: name.to_string(),
                        staff,
                        position,
                        accidental,
                        bar: piece.bar,
                        beat: piece.beat * f64::from(time.unit) / 4.0,
                        duration: piece.value,
                        dots: piece.dots,
                        tuplet: piece.tuplet,
                        tied,
                        beam: None,
                        finger: step.fingers.get(k).copied().flatten().map(|f| f.get()),
                        chord_symbol: (k == 0 && piece_index == 0)
                            .then(|| symbol.clone())
                            .flatten(),
                    });
                }
            }
        }
    }
    // Each staff's notes in time order, as beaming and drawing take them.
    notes.sort_by(|a, b| {
        (a.bar, a.beat)
            .partial_cmp(&(b.bar, b.beat))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.step.cmp(&b.step))
    });
    rhythm::beam(&mut notes);
    let end = loaded
        .steps
        .iter()
        .map(|s| s.beat + s.beats)
        .fold(0.0, f64::max);
    let (bars, mut rests) = if is_piece(loaded) {
        let beat = 4.0 / f64::from(time.unit.max(1));
        rhythm::gap_rests(&sounding, end + upbeat, bar_length, beat, &clefs, upbeat)
    } else {
        rhythm::closing_rests(end + upbeat, bar_length, &clefs)
    };
    for rest in &mut rests {
        // In the bar's own beats, as the notes are.
        rest.beat *= f64::from(time.unit) / 4.0;
    }
    Sheet {
        key_signature: signature.0,
        time_signature: [time.beats, time.unit],
        clefs,
        bars,
        upbeat,
        notes,
        rests,
    }
}

/// Whether the lesson is a piece's: every step says how its notes are written.
fn is_piece(loaded: &LoadedLesson) -> bool {
    !loaded.steps.is_empty() && loaded.steps.iter().all(|s| s.parts.len() == s.notes.len())
}

/// The onsets on each staff, in time order.
struct Onsets(HashMap<Clef, Vec<f64>>);

impl Onsets {
    fn of(steps: &[Step], staves: &dyn Fn(&Step) -> Vec<Clef>) -> Onsets {
        let mut onsets: HashMap<Clef, Vec<f64>> = HashMap::new();
        for step in steps {
            let mut on = staves(step);
            on.dedup();
            for staff in on {
                onsets.entry(staff).or_default().push(step.beat);
            }
        }
        for list in onsets.values_mut() {
            list.sort_by(f64::total_cmp);
        }
        Onsets(onsets)
    }

    /// The next onset on `staff` after `beat`.
    fn after(&self, staff: Clef, beat: f64) -> Option<f64> {
        let list = self.0.get(&staff)?;
        let at = list.partition_point(|b| *b <= beat + 1e-6);
        list.get(at).copied()
    }
}

/// The notes of `step` as written, each group one chord of one length: the whole step at its
/// length, or for a piece one chord per staff, held as long as its longest note but no longer
/// than the next note on that staff begins (one voice a staff).
fn written_groups(step: &Step, on_staff: &[Clef], onsets: &Onsets) -> Vec<(f64, Vec<usize>)> {
    if step.parts.len() != step.notes.len() {
        return vec![(step.beats, (0..step.names.len()).collect())];
    }
    let mut groups: Vec<(Clef, f64, Vec<usize>)> = Vec::new();
    for (k, staff) in on_staff.iter().enumerate() {
        let held = step.parts[k].beats;
        match groups.iter_mut().find(|(s, _, _)| s == staff) {
            Some((_, length, members)) => {
                *length = length.max(held);
                members.push(k);
            }
            None => groups.push((*staff, held, vec![k])),
        }
    }
    groups
        .into_iter()
        .map(|(staff, length, members)| {
            let room = onsets
                .after(staff, step.beat)
                .map_or(length, |next| next - step.beat);
            (length.min(room).max(1e-3), members)
        })
        .collect()
}

/// The staff note `k` of `step` is written on.
fn staff_of(exercise: &Exercise, hand: Hand, step: &Step, k: usize) -> Clef {
    match hand {
        Hand::Right => Clef::Treble,
        Hand::Left => Clef::Bass,
        Hand::Both => {
            let lower = match exercise {
                // Both hands a scale or arpeggio: the left hand's note, then the right's.
                Exercise::Scale { .. } | Exercise::Arpeggio { .. } => k < step.names.len() / 2,
                // The root added below for the left hand.
                Exercise::Progression { .. } => k == 0,
                // A piece's note by its hand; else below middle C.
                Exercise::Notes { .. } => match step.parts.get(k) {
                    Some(part) => part.hand == Hand::Left,
                    None => step.notes.get(k).is_some_and(|n| n.0 < 60),
                },
            };
            if lower { Clef::Bass } else { Clef::Treble }
        }
    }
}

/// Where `name` stands on the staff of `clef`: diatonic steps above its bottom line.
pub fn position_on(clef: Clef, name: SpelledNote) -> i32 {
    diatonic(name) - clef.bottom_line()
}

/// A note's diatonic number: octave × 7 + letter (C4 = 28).
fn diatonic(name: SpelledNote) -> i32 {
    i32::from(name.octave) * 7 + i32::from(name.name.letter.index())
}

/// A progression step's chord symbol, named by its lowest note ("F/A"; with the left hand's
/// root below, the chord sounds in root position).
fn chord_symbol(step: &Step) -> Option<String> {
    step.chord.as_ref().map(|chord| chord.symbol.clone())
}

#[cfg(test)]
mod tests;
