//! Chords: building them from a spelled root, and naming a set of sounding notes.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::TheoryError;
use super::intervals::*;
use super::note::{Accidental, Interval, Letter, Note, PitchClass, PitchName, SpelledNote};

/// Chord qualities Etude builds and recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChordQuality {
    /// 1 3 5.
    Major,
    /// 1 ♭3 5.
    Minor,
    /// 1 ♭3 ♭5.
    Diminished,
    /// 1 3 ♯5.
    Augmented,
    /// 1 3 5 ♭7.
    Dominant7,
    /// 1 3 5 7.
    Major7,
    /// 1 ♭3 5 ♭7.
    Minor7,
    /// 1 ♭3 ♭5 ♭7 (ø7).
    HalfDiminished7,
    /// 1 ♭3 ♭5 𝄫7 (°7).
    Diminished7,
    /// 1 2 5.
    Sus2,
    /// 1 4 5.
    Sus4,
}

impl ChordQuality {
    /// Every quality, in the order readings are tried when naming.
    pub const ALL: [ChordQuality; 11] = [
        ChordQuality::Major,
        ChordQuality::Minor,
        ChordQuality::Diminished,
        ChordQuality::Augmented,
        ChordQuality::Dominant7,
        ChordQuality::Major7,
        ChordQuality::Minor7,
        ChordQuality::HalfDiminished7,
        ChordQuality::Diminished7,
        ChordQuality::Sus2,
        ChordQuality::Sus4,
    ];

    /// The chord tones above the root, root first.
    pub fn intervals(self) -> &'static [Interval] {
        match self {
            ChordQuality::Major => &[P1, M3, P5],
            ChordQuality::Minor => &[P1, M3_MINOR, P5],
            ChordQuality::Diminished => &[P1, M3_MINOR, D5],
            ChordQuality::Augmented => &[P1, M3, A5],
            ChordQuality::Dominant7 => &[P1, M3, P5, M7_MINOR],
            ChordQuality::Major7 => &[P1, M3, P5, M7],
            ChordQuality::Minor7 => &[P1, M3_MINOR, P5, M7_MINOR],
            ChordQuality::HalfDiminished7 => &[P1, M3_MINOR, D5, M7_MINOR],
            ChordQuality::Diminished7 => &[P1, M3_MINOR, D5, D7],
            ChordQuality::Sus2 => &[P1, M2, P5],
            ChordQuality::Sus4 => &[P1, P4, P5],
        }
    }

    /// The word used in JSON output: "major", "half-diminished7", "sus4" …
    pub fn word(self) -> &'static str {
        match self {
            ChordQuality::Major => "major",
            ChordQuality::Minor => "minor",
            ChordQuality::Diminished => "diminished",
            ChordQuality::Augmented => "augmented",
            ChordQuality::Dominant7 => "dominant7",
            ChordQuality::Major7 => "major7",
            ChordQuality::Minor7 => "minor7",
            ChordQuality::HalfDiminished7 => "half-diminished7",
            ChordQuality::Diminished7 => "diminished7",
            ChordQuality::Sus2 => "sus2",
            ChordQuality::Sus4 => "sus4",
        }
    }

    /// The suffix in a chord symbol: "" (C), "m" (Cm), "dim", "aug", "7", "maj7", "m7", "m7b5", "dim7", "sus2", "sus4".
    pub fn suffix(self) -> &'static str {
        match self {
            ChordQuality::Major => "",
            ChordQuality::Minor => "m",
            ChordQuality::Diminished => "dim",
            ChordQuality::Augmented => "aug",
            ChordQuality::Dominant7 => "7",
            ChordQuality::Major7 => "maj7",
            ChordQuality::Minor7 => "m7",
            ChordQuality::HalfDiminished7 => "m7b5",
            ChordQuality::Diminished7 => "dim7",
            ChordQuality::Sus2 => "sus2",
            ChordQuality::Sus4 => "sus4",
        }
    }

    fn pitch_classes_above(self, root: PitchClass) -> Vec<PitchClass> {
        self.intervals()
            .iter()
            .map(|i| PitchClass::from_semitones(i32::from(root.index()) + i32::from(i.semitones)))
            .collect()
    }
}

/// A chord: a spelled root and a quality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Chord {
    /// The root's spelling.
    pub root: PitchName,
    /// The quality.
    pub quality: ChordQuality,
}

impl Chord {
    /// The chord tones spelled from the root, root first (C7: C E G B♭).
    pub fn tones(self) -> Result<Vec<PitchName>, TheoryError> {
        self.quality
            .intervals()
            .iter()
            .map(|i| {
                self.root
                    .up(*i)
                    .ok_or_else(|| TheoryError::Unspellable(format!("{self}")))
            })
            .collect()
    }

    /// The pitch classes of the chord tones, root first.
    pub fn pitch_classes(self) -> Vec<PitchClass> {
        self.quality.pitch_classes_above(self.root.pitch_class())
    }

    /// The chord in root position, close voicing, with its root at `octave`.
    pub fn root_position(self, octave: i8) -> Result<Vec<SpelledNote>, TheoryError> {
        let root = SpelledNote::new(self.root, octave);
        self.quality
            .intervals()
            .iter()
            .map(|i| {
                let tone = root
                    .up(*i)
                    .ok_or_else(|| TheoryError::Unspellable(format!("{self}")))?;
                tone.note()?;
                Ok(tone)
            })
            .collect()
    }
}

impl fmt::Display for Chord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.root, self.quality.suffix())
    }
}

/// What a set of notes is, as a chord: root, quality and inversion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChordName {
    /// The chord.
    pub chord: Chord,
    /// Which chord tone is lowest: 0 root, 1 third (or the suspended note), 2 fifth, 3 seventh.
    pub inversion: u8,
    /// The lowest note's spelling.
    pub bass: PitchName,
}

impl ChordName {
    /// The chord symbol, with a slash bass when inverted: "C#m/E", "G7", "Fmaj7/A".
    pub fn symbol(&self) -> String {
        if self.inversion == 0 {
            self.chord.to_string()
        } else {
            format!("{}/{}", self.chord, self.bass)
        }
    }
}

/// Names the chord the `notes` make, in any voicing, with doublings allowed.
///
/// `spellings`, when given (one per note), choose how the root and bass are written;
/// otherwise each candidate root is spelled the way that needs the fewest accidentals.
/// Where a set has several readings (augmented, diminished seventh, sus2/sus4), the one
/// whose root is the lowest note wins, then the one with the lowest inversion.
/// Returns `None` when the notes make no chord Etude knows.
pub fn identify(notes: &[Note], spellings: Option<&[SpelledNote]>) -> Option<ChordName> {
    let bass_note = notes.iter().min()?;
    let bass_class = bass_note.pitch_class();
    let mut classes: Vec<PitchClass> = notes.iter().map(|n| n.pitch_class()).collect();
    classes.sort();
    classes.dedup();

    let mut best: Option<(u8, PitchClass, ChordQuality)> = None;
    for root in &classes {
        for quality in ChordQuality::ALL {
            let tones = quality.pitch_classes_above(*root);
            let mut sorted = tones.clone();
            sorted.sort();
            if sorted != classes {
                continue;
            }
            let Some(inversion) = tones.iter().position(|t| *t == bass_class) else {
                continue;
            };
            let inversion = inversion as u8;
            if best.is_none_or(|(b, _, _)| inversion < b) {
                best = Some((inversion, *root, quality));
            }
        }
    }
    let (inversion, root_class, quality) = best?;

    let given = |class: PitchClass| {
        spellings.and_then(|names| {
            notes
                .iter()
                .zip(names)
                .find(|(n, _)| n.pitch_class() == class)
                .map(|(_, s)| s.name)
        })
    };
    let root = given(root_class).unwrap_or_else(|| plainest_root(root_class, quality));
    let chord = Chord { root, quality };
    let bass = given(bass_class)
        .or_else(|| {
            chord
                .tones()
                .ok()
                .and_then(|tones| tones.get(usize::from(inversion)).copied())
        })
        .unwrap_or(root);
    Some(ChordName {
        chord,
        inversion,
        bass,
    })
}

/// The spelling of a root that writes the chord with the fewest accidentals (no double
/// accidentals if avoidable; ties go to the sharp spelling).
fn plainest_root(class: PitchClass, quality: ChordQuality) -> PitchName {
    let candidates = (0..7).flat_map(|letter| {
        [0, 1, -1].into_iter().filter_map(move |alteration| {
            let name = PitchName::new(
                Letter::from_index(letter),
                Accidental::from_semitones(alteration)?,
            );
            (name.pitch_class() == class).then_some(name)
        })
    });
    let cost = |root: PitchName| -> u32 {
        match (Chord { root, quality }).tones() {
            Ok(tones) => tones
                .iter()
                .map(|t| match t.accidental.semitones().abs() {
                    0 => 0,
                    1 => 1,
                    _ => 10,
                })
                .sum(),
            Err(_) => u32::MAX,
        }
    };
    let mut best: Option<(u32, PitchName)> = None;
    for name in candidates {
        let c = cost(name);
        let better = match best {
            None => true,
            Some((b, current)) => {
                c < b || (c == b && name.accidental.semitones() > current.accidental.semitones())
            }
        };
        if better {
            best = Some((c, name));
        }
    }
    best.map(|(_, name)| name)
        .unwrap_or(PitchName::new(Letter::C, Accidental::NATURAL))
}
