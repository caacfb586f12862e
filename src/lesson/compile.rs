//! Turning a lesson into the ordered steps the engine checks and the keyboard shows.

use super::limits::{MAX_NOTES_PER_STEP, MAX_STEPS};
use super::model::{Direction, Exercise, Hand, Lesson, Motion, Voicing};
use super::values::{Finger, StepNotes};
use super::walk::Run;
use crate::theory::chord_fingering::{bass_finger, block_chord};
use crate::theory::voicing::{self, Figured};
use crate::theory::{
    Chord, ChordName, Key, Note, PitchClass, PitchName, RomanNumeral, SpelledNote, TheoryError,
    scale,
};

/// One step: one note, or several meant to sound together, at an onset in beats.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// MIDI notes, lowest first.
    pub notes: Vec<Note>,
    /// Their spellings, parallel to `notes`.
    pub names: Vec<SpelledNote>,
    /// Who plays it.
    pub hand: Hand,
    /// The finger for each note when the lesson gives one, parallel to `notes`.
    pub fingers: Vec<Option<Finger>>,
    /// Onset in beats from the start (count-in excluded).
    pub beat: f64,
    /// Length in beats.
    pub beats: f64,
    /// For progression steps: how the chord is recognised.
    pub chord: Option<ChordTarget>,
    /// A piece's step: each note's hand and written length, parallel to `notes` (its notes
    /// start together but need not end together, and the staff follows the hand). Empty for
    /// the course's lessons, whose notes last the step's `beats`.
    pub parts: Vec<NotePart>,
}

/// How one note of a piece's step is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NotePart {
    /// The hand that plays it.
    pub hand: Hand,
    /// How long it is held, in beats.
    pub beats: f64,
}

/// How a progression chord counts as played.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChordTarget {
    /// The Roman numeral as written, such as "V7".
    pub numeral: String,
    /// The chord symbol spelled in the key, such as "G7".
    pub symbol: String,
    /// The root's pitch class.
    pub root: PitchClass,
    /// Every chord tone's pitch class, root first; octave doublings are allowed.
    pub pitch_classes: Vec<PitchClass>,
    /// The chord tone the voicing leaves out (the fifth of a seventh chord in three voices):
    /// the chord is complete with it or without it.
    pub omitted: Option<PitchClass>,
    /// Close voicing: the root must be the lowest note. Inversions: any chord tone may be.
    pub root_lowest: bool,
}

/// Why a lesson could not be compiled, with the field to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// The lesson field the problem is in (used to find its line and column).
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

impl CompileError {
    /// The error `message` about `field`.
    pub(super) fn new(field: &'static str, message: impl Into<String>) -> Self {
        CompileError {
            field,
            message: message.into(),
        }
    }

    /// Turns a theory error into one about `field`.
    pub(super) fn theory(field: &'static str) -> impl Fn(TheoryError) -> CompileError {
        move |error| CompileError::new(field, error.to_string())
    }

    /// Refuses `count` steps (already multiplied out, never built) beyond [`MAX_STEPS`].
    pub(super) fn check_steps(
        field: &'static str,
        count: usize,
        what: &str,
    ) -> Result<(), CompileError> {
        if count > MAX_STEPS {
            return Err(CompileError::new(
                field,
                format!(
                    "{what} makes {count} steps, but a lesson may have at most {MAX_STEPS} steps: split it into several lessons"
                ),
            ));
        }
        Ok(())
    }
}

/// Compiles a lesson into its steps.
///
/// The number of steps is worked out and checked against [`MAX_STEPS`] before any step is
/// built, and every step's notes against [`MAX_NOTES_PER_STEP`].
pub fn compile(lesson: &Lesson) -> Result<Vec<Step>, CompileError> {
    match &lesson.exercise {
        Exercise::Scale {
            tonic,
            scale: kind,
            octaves,
            direction,
            hand,
            notes_per_beat,
            fingering,
            left_fingering,
            motion,
            descending,
            descending_fingering,
        } => {
            kind.validate().map_err(CompileError::theory("scale"))?;
            if *motion == Motion::Contrary && *hand != Hand::Both {
                return Err(CompileError::new(
                    "motion",
                    "motion: Contrary needs both hands: write hand: Both",
                ));
            }
            if descending.is_some() && *hand == Hand::Both {
                return Err(CompileError::new(
                    "descending",
                    "descending is for one hand: with hand: Both each hand plays the scale's own form",
                ));
            }
            if (descending.is_some() || descending_fingering.is_some())
                && *direction == Direction::Up
            {
                return Err(CompileError::new(
                    if descending.is_some() {
                        "descending"
                    } else {
                        "descending_fingering"
                    },
                    "descending and descending_fingering are for the way down: write direction: UpDown or Down",
                ));
            }
            let up = scale::ascending(*tonic, kind, octaves.get())
                .map_err(CompileError::theory("tonic"))?;
            let down = match descending {
                Some(falling) => {
                    let mut notes = scale::ascending(*tonic, falling, octaves.get())
                        .map_err(CompileError::theory("descending"))?;
                    notes.reverse();
                    notes
                }
                None => scale::descending(*tonic, kind, octaves.get())
                    .map_err(CompileError::theory("tonic"))?,
            };
            Run {
                up,
                down,
                direction: *direction,
                hand: *hand,
                motion: *motion,
                notes_per_beat: notes_per_beat.get(),
                octaves: octaves.get(),
            }
            .steps(
                fingering.as_deref(),
                descending_fingering.as_deref(),
                left_fingering.as_deref(),
            )
        }
        Exercise::Arpeggio {
            tonic,
            chord,
            octaves,
            direction,
            hand,
            notes_per_beat,
            fingering,
            left_fingering,
        } => {
            let up = scale::rising(*tonic, chord.intervals(), octaves.get())
                .map_err(CompileError::theory("tonic"))?;
            let down = up.iter().rev().copied().collect();
            Run {
                up,
                down,
                direction: *direction,
                hand: *hand,
                motion: Motion::Parallel,
                notes_per_beat: notes_per_beat.get(),
                octaves: octaves.get(),
            }
            .steps(fingering.as_deref(), None, left_fingering.as_deref())
        }
        Exercise::Progression {
            key,
            chords,
            octave,
            voicing,
            beats_per_chord,
            hand,
        } => progression(*key, &chords.0, *octave, *voicing, beats_per_chord.0, *hand),
        Exercise::Notes {
            hand,
            steps,
            beats,
            fingering,
            ..
        } => written_notes(
            *hand,
            steps,
            beats.as_deref().map(|b| b.iter().map(|b| b.0).collect()),
            fingering.as_deref(),
        ),
    }
}

fn progression(
    key: Key,
    numerals: &[RomanNumeral],
    octave: i8,
    voicing: Voicing,
    beats_per_chord: f64,
    hand: Hand,
) -> Result<Vec<Step>, CompileError> {
    CompileError::check_steps("chords", numerals.len(), "this progression")?;
    let chords = numerals
        .iter()
        .map(|numeral| numeral.chord_in(key))
        .collect::<Result<Vec<Chord>, _>>()
        .map_err(CompileError::theory("chords"))?;
    let voiced = match voicing {
        Voicing::Inversions => {
            // Hands together, the figure is the left hand's: the right hand is led freely.
            let figured: Vec<Figured> = numerals
                .iter()
                .zip(&chords)
                .map(|(numeral, chord)| Figured {
                    chord: *chord,
                    lowest: numeral.lowest().filter(|_| hand != Hand::Both),
                    left_out: numeral
                        .lowest()
                        .filter(|lowest| hand == Hand::Both && not_doubled(*chord, *lowest, key)),
                })
                .collect();
            voicing::lead(&figured, key, octave).map_err(CompileError::theory("chords"))?
        }
        Voicing::Close => root_positions(numerals, &chords, octave)?,
    };
    // Hands together, the left hand plays each chord's bass: its root, or the tone its figure
    // names, below the right hand and nearest the bass before; in a five-finger position whose
    // 5 is on the lowest.
    let tones = chords
        .iter()
        .map(|chord| chord.tones())
        .collect::<Result<Vec<_>, _>>()
        .map_err(CompileError::theory("chords"))?;
    let mut basses: Vec<Option<SpelledNote>> = Vec::with_capacity(chords.len());
    for (((numeral, chord), tones), voiced) in numerals.iter().zip(&chords).zip(&tones).zip(&voiced)
    {
        if hand != Hand::Both {
            basses.push(None);
            continue;
        }
        let figured = numeral
            .lowest()
            .and_then(|lowest| tones.get(usize::from(lowest)).copied());
        let before = basses.last().copied().flatten();
        basses.push(Some(bass_below(
            figured.unwrap_or(chord.root),
            voiced,
            *chord,
            before,
        )?));
    }
    let lowest_bass = basses
        .iter()
        .flatten()
        .min_by_key(|bass| bass.midi_number())
        .copied();
    let mut steps = Vec::with_capacity(chords.len());
    for (index, (((numeral, chord), tones), voiced)) in numerals
        .iter()
        .zip(&chords)
        .zip(&tones)
        .zip(voiced)
        .enumerate()
    {
        let mut names = voiced.clone();
        let mut fingers = fingers(
            block_chord(&voiced, chord, hand == Hand::Left),
            voiced.len(),
        );
        if let (Some(bass), Some(lowest)) = (basses[index], lowest_bass) {
            names.insert(0, bass);
            fingers.insert(0, bass_finger(lowest, bass).map(Finger));
        }
        let notes = names
            .iter()
            .map(|n| n.note())
            .collect::<Result<Vec<_>, _>>()
            .map_err(CompileError::theory("octave"))?;
        let bass = names.first().map_or(chord.root, |n| n.name);
        let inversion = tones
            .iter()
            .position(|tone| tone.pitch_class() == bass.pitch_class())
            .unwrap_or(0);
        let name = ChordName {
            chord: *chord,
            inversion: inversion as u8,
            bass,
        };
        let omitted = tones
            .iter()
            .map(|tone| tone.pitch_class())
            .find(|class| !names.iter().any(|n| n.name.pitch_class() == *class));
        steps.push(Step {
            notes,
            names,
            hand,
            fingers,
            beat: index as f64 * beats_per_chord,
            beats: beats_per_chord,
            chord: Some(ChordTarget {
                numeral: numeral.to_string(),
                symbol: name.symbol(),
                root: chord.root.pitch_class(),
                pitch_classes: tones.iter().map(|t| t.pitch_class()).collect(),
                omitted,
                root_lowest: voicing == Voicing::Close,
            }),
            parts: Vec::new(),
        });
    }
    Ok(steps)
}

/// Whether chord tone `tone` in the bass may not be doubled above: a seventh, or the key's
/// leading tone.
fn not_doubled(chord: Chord, tone: u8, key: Key) -> bool {
    tone == 3
        || chord
            .pitch_classes()
            .get(usize::from(tone))
            .is_some_and(|class| *class == voicing::leading_tone(key))
}

/// A hand's fingers for `count` notes, none where no standard one is known.
fn fingers(standard: Option<Vec<u8>>, count: usize) -> Vec<Option<Finger>> {
    match standard {
        Some(fingers) if fingers.len() == count => {
            fingers.into_iter().map(|f| Some(Finger(f))).collect()
        }
        _ => vec![None; count],
    }
}

/// Close voicing: every chord in root position, each root at or above the first chord's root
/// within an octave. A figure asks for another tone lowest, which it cannot give.
fn root_positions(
    numerals: &[RomanNumeral],
    chords: &[Chord],
    octave: i8,
) -> Result<Vec<Vec<SpelledNote>>, CompileError> {
    if let Some(figured) = numerals.iter().find(|numeral| numeral.lowest().is_some()) {
        return Err(CompileError::new(
            "chords",
            format!(
                "{figured} asks for a chord tone other than the root lowest, but voicing: Close puts the root lowest: write voicing: Inversions"
            ),
        ));
    }
    let mut voiced = Vec::with_capacity(chords.len());
    let mut first_root: Option<i32> = None;
    for chord in chords {
        let notes = match first_root {
            Some(first_root) => root_position_from(*chord, first_root, octave)?,
            None => chord
                .root_position(octave)
                .map_err(CompileError::theory("octave"))?,
        };
        first_root = first_root.or(notes.first().map(|n| n.midi_number()));
        voiced.push(notes);
    }
    Ok(voiced)
}

/// Root position with the root at or above the first chord's root, within an octave.
fn root_position_from(
    chord: Chord,
    first_root: i32,
    octave: i8,
) -> Result<Vec<SpelledNote>, CompileError> {
    for candidate_octave in [octave - 1, octave, octave + 1] {
        let root = SpelledNote::new(chord.root, candidate_octave).midi_number();
        if (first_root..first_root + 12).contains(&root) {
            return chord
                .root_position(candidate_octave)
                .map_err(CompileError::theory("octave"));
        }
    }
    chord
        .root_position(octave)
        .map_err(CompileError::theory("octave"))
}

/// The left hand's bass, `tone`: in the octave below the right hand's lowest note, or the one
/// under it when that is nearer the bass `before` (C3 to B2, not up to B3).
fn bass_below(
    tone: PitchName,
    voiced: &[SpelledNote],
    chord: Chord,
    before: Option<SpelledNote>,
) -> Result<SpelledNote, CompileError> {
    let lowest = voiced
        .first()
        .copied()
        .unwrap_or(SpelledNote::new(chord.root, 4));
    let mut bass = SpelledNote::new(tone, lowest.octave);
    // At most two octaves down (B♯ is written in the octave below the C it sounds as).
    for _ in 0..2 {
        if bass.midi_number() < lowest.midi_number() {
            break;
        }
        bass = bass.shifted_octaves(-1);
    }
    if let Some(before) = before {
        let under = bass.shifted_octaves(-1);
        if (under.midi_number() - before.midi_number()).abs()
            < (bass.midi_number() - before.midi_number()).abs()
            && under.note().is_ok()
        {
            bass = under;
        }
    }
    bass.note().map_err(|_| {
        CompileError::new(
            "octave",
            format!("the bass of {chord} falls below MIDI 0: raise the octave"),
        )
    })?;
    Ok(bass)
}

fn written_notes(
    hand: Hand,
    steps: &[StepNotes],
    beats: Option<Vec<f64>>,
    fingering: Option<&[Finger]>,
) -> Result<Vec<Step>, CompileError> {
    if steps.is_empty() {
        return Err(CompileError::new(
            "steps",
            "steps is empty: write at least one note, such as [\"C4\"]",
        ));
    }
    CompileError::check_steps("steps", steps.len(), "this list of steps")?;
    if let Some(crowded) = steps
        .iter()
        .find(|step| step.notes.len() > MAX_NOTES_PER_STEP)
    {
        return Err(CompileError::new(
            "steps",
            format!(
                "a step of {} notes is too many: a step may hold at most {MAX_NOTES_PER_STEP} notes",
                crowded.notes.len()
            ),
        ));
    }
    let lengths = beats.unwrap_or_else(|| vec![1.0; steps.len()]);
    if lengths.len() != steps.len() {
        return Err(CompileError::new(
            "beats",
            format!(
                "beats has {} lengths but there are {} steps: give one length per step",
                lengths.len(),
                steps.len()
            ),
        ));
    }
    if let Some(fingering) = fingering
        && fingering.len() != steps.len()
    {
        return Err(CompileError::new(
            "fingering",
            format!(
                "fingering has {} fingers but there are {} steps: give one finger per step",
                fingering.len(),
                steps.len()
            ),
        ));
    }
    // A note held longer or shorter than its step ("C3:4") is written with its own length, and
    // then every note says how it is written, as a piece's do (with both hands, below middle C
    // in the left).
    let held_apart = steps
        .iter()
        .any(|step| step.held.iter().any(Option::is_some));
    let mut beat = 0.0;
    let mut compiled = Vec::with_capacity(steps.len());
    for (index, (written, length)) in steps.iter().zip(&lengths).enumerate() {
        let finger = fingering.and_then(|f| f.get(index)).copied();
        let mut written_notes: Vec<(SpelledNote, Option<Finger>, f64)> = written
            .notes
            .iter()
            .zip(written.held.iter().chain(std::iter::repeat(&None)))
            .enumerate()
            .map(|(position, (name, held))| {
                let finger = if position == 0 { finger } else { None };
                (*name, finger, held.unwrap_or(*length))
            })
            .collect();
        written_notes.sort_by_key(|(name, _, _)| name.midi_number());
        let notes = written_notes
            .iter()
            .map(|(n, _, _)| n.note())
            .collect::<Result<Vec<_>, _>>()
            .map_err(CompileError::theory("steps"))?;
        let parts = if held_apart {
            let hand_of = |note: &Note| match hand {
                Hand::Both if note.0 < 60 => Hand::Left,
                Hand::Both => Hand::Right,
                one => one,
            };
            notes
                .iter()
                .zip(&written_notes)
                .map(|(note, (_, _, beats))| NotePart {
                    hand: hand_of(note),
                    beats: *beats,
                })
                .collect()
        } else {
            Vec::new()
        };
        compiled.push(Step {
            notes,
            names: written_notes.iter().map(|(n, _, _)| *n).collect(),
            hand,
            fingers: written_notes.iter().map(|(_, f, _)| *f).collect(),
            beat,
            beats: *length,
            chord: None,
            parts,
        });
        beat += length;
    }
    Ok(compiled)
}
