//! Notes as MIDI numbers and as spelled names (letter, accidental, octave).
//!
//! Octave numbers follow scientific pitch notation: C4 is middle C (MIDI 60) and the octave
//! number changes at C, so Cb4 is MIDI 59 and B#3 is MIDI 60.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::TheoryError;

/// A MIDI note number, 0..=127. Middle C is `Note(60)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Note(pub u8);

impl Note {
    /// The highest MIDI note number.
    pub const MAX: u8 = 127;

    /// The note for a MIDI number, if it lies in 0..=127.
    pub fn from_midi(number: i32) -> Option<Note> {
        u8::try_from(number)
            .ok()
            .filter(|n| *n <= Self::MAX)
            .map(Note)
    }

    /// The pitch class (C = 0 … B = 11).
    pub fn pitch_class(self) -> PitchClass {
        PitchClass(self.0 % 12)
    }
}

/// A pitch class: the twelve notes of the octave, C = 0 … B = 11, regardless of spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PitchClass(u8);

impl PitchClass {
    /// The pitch class of any integer semitone count (wraps modulo 12).
    pub fn from_semitones(semitones: i32) -> PitchClass {
        // rem_euclid(12) is always in 0..12, so the cast cannot truncate.
        PitchClass(semitones.rem_euclid(12) as u8)
    }

    /// 0..=11.
    pub fn index(self) -> u8 {
        self.0
    }
}

/// A note letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Letter {
    C,
    D,
    E,
    F,
    G,
    A,
    B,
}

impl Letter {
    const ALL: [Letter; 7] = [
        Letter::C,
        Letter::D,
        Letter::E,
        Letter::F,
        Letter::G,
        Letter::A,
        Letter::B,
    ];

    /// The letters round the circle of fifths from F: the order sharps are added in (flats
    /// the other way), and of the keys' tonics.
    pub const BY_FIFTHS: [Letter; 7] = [
        Letter::F,
        Letter::C,
        Letter::G,
        Letter::D,
        Letter::A,
        Letter::E,
        Letter::B,
    ];

    /// Position in C D E F G A B, 0..=6.
    pub fn index(self) -> u8 {
        self as u8
    }

    /// The letter `index` steps above C, wrapping (7 is C again).
    pub fn from_index(index: i32) -> Letter {
        Self::ALL[index.rem_euclid(7) as usize]
    }

    /// Semitones of the natural note above C: C 0, D 2, E 4, F 5, G 7, A 9, B 11.
    fn natural_semitones(self) -> i32 {
        [0, 2, 4, 5, 7, 9, 11][self as usize]
    }

    fn from_char(c: char) -> Option<Letter> {
        Some(match c.to_ascii_uppercase() {
            'C' => Letter::C,
            'D' => Letter::D,
            'E' => Letter::E,
            'F' => Letter::F,
            'G' => Letter::G,
            'A' => Letter::A,
            'B' => Letter::B,
            _ => return None,
        })
    }

    fn as_char(self) -> char {
        ['C', 'D', 'E', 'F', 'G', 'A', 'B'][self as usize]
    }
}

/// Semitones a letter is raised (positive) or lowered (negative): -2 (double flat) ..= 2 (double sharp).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Accidental(i8);

impl Accidental {
    /// No accidental.
    pub const NATURAL: Accidental = Accidental(0);

    /// The accidental that alters by `semitones`, if it is one that can be written (-2..=2).
    pub fn from_semitones(semitones: i32) -> Option<Accidental> {
        (-2..=2)
            .contains(&semitones)
            .then_some(Accidental(semitones as i8))
    }

    /// The alteration in semitones.
    pub fn semitones(self) -> i32 {
        i32::from(self.0)
    }

    /// ASCII spelling: "bb", "b", "", "#", "##".
    fn ascii(self) -> &'static str {
        ["bb", "b", "", "#", "##"][(self.0 + 2) as usize]
    }

    /// Musical spelling: "𝄫", "♭", "", "♯", "𝄪".
    pub fn symbol(self) -> &'static str {
        ["𝄫", "♭", "", "♯", "𝄪"][(self.0 + 2) as usize]
    }
}

/// A spelled pitch without octave, such as F♯ or B♭: what chord roots and keys are named by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PitchName {
    /// The letter.
    pub letter: Letter,
    /// The accidental on the letter.
    pub accidental: Accidental,
}

impl PitchName {
    /// A pitch name from its parts.
    pub fn new(letter: Letter, accidental: Accidental) -> PitchName {
        PitchName { letter, accidental }
    }

    /// The pitch class this name sounds as.
    pub fn pitch_class(self) -> PitchClass {
        PitchClass::from_semitones(self.letter.natural_semitones() + self.accidental.semitones())
    }

    /// The name `interval` above this one, or `None` when it would need more than a double accidental.
    pub fn up(self, interval: Interval) -> Option<PitchName> {
        let letter = Letter::from_index(i32::from(self.letter.index()) + i32::from(interval.steps));
        let target = self.pitch_class().index() as i32 + i32::from(interval.semitones);
        let alteration = (target - letter.natural_semitones() + 6).rem_euclid(12) - 6;
        Accidental::from_semitones(alteration).map(|accidental| PitchName { letter, accidental })
    }

    /// Musical spelling with ♯ and ♭, for display.
    pub fn pretty(self) -> String {
        format!("{}{}", self.letter.as_char(), self.accidental.symbol())
    }

    /// Parses a letter and accidental from the start of `text`, returning the rest.
    fn parse_prefix(text: &str) -> Option<(PitchName, &str)> {
        let mut chars = text.chars();
        let letter = Letter::from_char(chars.next()?)?;
        let rest = chars.as_str();
        const SPELLINGS: [(&str, i8); 10] = [
            ("##", 2),
            ("bb", -2),
            ("𝄪", 2),
            ("𝄫", -2),
            ("x", 2),
            ("#", 1),
            ("♯", 1),
            ("b", -1),
            ("♭", -1),
            ("♮", 0),
        ];
        for (spelling, alteration) in SPELLINGS {
            if let Some(after) = rest.strip_prefix(spelling) {
                return Some((PitchName::new(letter, Accidental(alteration)), after));
            }
        }
        Some((PitchName::new(letter, Accidental::NATURAL), rest))
    }
}

impl fmt::Display for PitchName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.letter.as_char(), self.accidental.ascii())
    }
}

impl FromStr for PitchName {
    type Err = TheoryError;

    /// Parses "C", "F#", "Bb", "Ebb", "G##" (also ♯ ♭ 𝄪 𝄫).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.trim().is_empty() {
            return Err(TheoryError::Empty {
                what: "pitch name",
                example: "C, F# or Bb",
            });
        }
        match PitchName::parse_prefix(text.trim()) {
            Some((name, "")) => Ok(name),
            _ => Err(TheoryError::BadPitchName(text.to_owned())),
        }
    }
}

/// An interval counted both in letter steps (a third is 2 steps) and in semitones,
/// so that spelling follows: a major third above F♯ is A♯, never B♭.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Interval {
    /// Letter steps: 0 unison, 1 second, 2 third … 7 octave.
    pub steps: u8,
    /// Semitones.
    pub semitones: u8,
}

impl Interval {
    /// An interval of `steps` letter steps and `semitones` semitones.
    pub const fn new(steps: u8, semitones: u8) -> Interval {
        Interval { steps, semitones }
    }

    /// The same interval an octave higher.
    pub const fn plus_octave(self) -> Interval {
        Interval::new(self.steps + 7, self.semitones + 12)
    }
}

/// Named intervals used to build scales and chords.
pub mod intervals {
    use super::Interval;
    /// Perfect unison.
    pub const P1: Interval = Interval::new(0, 0);
    /// Minor second.
    pub const M2_MINOR: Interval = Interval::new(1, 1);
    /// Major second.
    pub const M2: Interval = Interval::new(1, 2);
    /// Minor third.
    pub const M3_MINOR: Interval = Interval::new(2, 3);
    /// Major third.
    pub const M3: Interval = Interval::new(2, 4);
    /// Perfect fourth.
    pub const P4: Interval = Interval::new(3, 5);
    /// Augmented fourth.
    pub const A4: Interval = Interval::new(3, 6);
    /// Diminished fifth.
    pub const D5: Interval = Interval::new(4, 6);
    /// Perfect fifth.
    pub const P5: Interval = Interval::new(4, 7);
    /// Augmented fifth.
    pub const A5: Interval = Interval::new(4, 8);
    /// Minor sixth.
    pub const M6_MINOR: Interval = Interval::new(5, 8);
    /// Major sixth.
    pub const M6: Interval = Interval::new(5, 9);
    /// Augmented sixth.
    pub const A6: Interval = Interval::new(5, 10);
    /// Diminished seventh.
    pub const D7: Interval = Interval::new(6, 9);
    /// Minor seventh.
    pub const M7_MINOR: Interval = Interval::new(6, 10);
    /// Major seventh.
    pub const M7: Interval = Interval::new(6, 11);
    /// Perfect octave.
    pub const P8: Interval = Interval::new(7, 12);
}

/// A note with its spelling: letter, accidental and octave, such as E♯5 or C♭4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SpelledNote {
    /// Letter and accidental.
    pub name: PitchName,
    /// Octave number; it changes at C.
    pub octave: i8,
}

impl SpelledNote {
    /// The lowest and highest octave numbers accepted (-1 holds MIDI 0, 9 holds MIDI 127).
    pub const OCTAVES: std::ops::RangeInclusive<i8> = -1..=9;

    /// A spelled note from its parts.
    pub fn new(name: PitchName, octave: i8) -> SpelledNote {
        SpelledNote { name, octave }
    }

    /// The MIDI number this spelling sounds as, without range checking (so that spellings
    /// can be compared and subtracted even outside 0..=127).
    pub fn midi_number(self) -> i32 {
        (i32::from(self.octave) + 1) * 12
            + self.name.letter.natural_semitones()
            + self.name.accidental.semitones()
    }

    /// The MIDI note, or an error when the spelling lies outside 0..=127 (such as Cb-1).
    pub fn note(self) -> Result<Note, TheoryError> {
        Note::from_midi(self.midi_number()).ok_or(TheoryError::OutOfRange(self.to_string()))
    }

    /// The note `interval` above, spelled by letter steps; `None` when it would need
    /// more than a double accidental.
    pub fn up(self, interval: Interval) -> Option<SpelledNote> {
        let letter_position = i32::from(self.name.letter.index()) + i32::from(interval.steps);
        let octave = i32::from(self.octave) + letter_position.div_euclid(7);
        let letter = Letter::from_index(letter_position);
        let natural = (octave + 1) * 12 + letter.natural_semitones();
        let target = self.midi_number() + i32::from(interval.semitones);
        let accidental = Accidental::from_semitones(target - natural)?;
        Some(SpelledNote::new(
            PitchName::new(letter, accidental),
            i8::try_from(octave).ok()?,
        ))
    }

    /// The same spelling `octaves` octaves higher (negative: lower).
    pub fn shifted_octaves(self, octaves: i8) -> SpelledNote {
        SpelledNote::new(self.name, self.octave.saturating_add(octaves))
    }

    /// The plainest spelling of a MIDI note: naturals where possible, else a sharp
    /// (or a flat when `prefer_flats`).
    pub fn plain(note: Note, prefer_flats: bool) -> SpelledNote {
        use Letter::*;
        const SHARPS: [(Letter, i8); 12] = [
            (C, 0),
            (C, 1),
            (D, 0),
            (D, 1),
            (E, 0),
            (F, 0),
            (F, 1),
            (G, 0),
            (G, 1),
            (A, 0),
            (A, 1),
            (B, 0),
        ];
        const FLATS: [(Letter, i8); 12] = [
            (C, 0),
            (D, -1),
            (D, 0),
            (E, -1),
            (E, 0),
            (F, 0),
            (G, -1),
            (G, 0),
            (A, -1),
            (A, 0),
            (B, -1),
            (B, 0),
        ];
        let table = if prefer_flats { &FLATS } else { &SHARPS };
        let (letter, alteration) = table[usize::from(note.0 % 12)];
        // Neither table crosses a C, so the octave is the MIDI octave (-1..=9, fits in i8).
        let octave = (i32::from(note.0) / 12 - 1) as i8;
        SpelledNote::new(PitchName::new(letter, Accidental(alteration)), octave)
    }

    /// Musical spelling with ♯ and ♭, for display: "F♯4".
    pub fn pretty(self) -> String {
        format!("{}{}", self.name.pretty(), self.octave)
    }
}

impl SpelledNote {
    /// The error for an empty note name.
    fn empty() -> TheoryError {
        TheoryError::Empty {
            what: "note name",
            example: "C4, F#3 or Bb2 (a letter A-G, an optional #, b, ## or bb, and an octave -1..9)",
        }
    }

    /// Parses a note name whose octave may be left out ("F#" is read as F#`octave`); an
    /// empty text is reported as empty, never as the bare octave.
    pub fn parse_with_default_octave(text: &str, octave: i8) -> Result<SpelledNote, TheoryError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(SpelledNote::empty());
        }
        if text.chars().last().is_some_and(|c| c.is_ascii_digit()) {
            text.parse::<SpelledNote>()
        } else {
            format!("{text}{octave}")
                .parse::<SpelledNote>()
                .map_err(|error| match error {
                    TheoryError::BadNoteName(_) => TheoryError::BadNoteName(text.to_owned()),
                    other => other,
                })
        }
    }
}

impl fmt::Display for SpelledNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.name, self.octave)
    }
}

impl FromStr for SpelledNote {
    type Err = TheoryError;

    /// Parses "C4", "C#4", "Bb3", "F##5", "Cb3", "G-1" (also ♯ ♭ 𝄪 𝄫); the result must
    /// sound within MIDI 0..=127.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.trim().is_empty() {
            return Err(SpelledNote::empty());
        }
        let bad = || TheoryError::BadNoteName(text.to_owned());
        let (name, rest) = PitchName::parse_prefix(text.trim()).ok_or_else(bad)?;
        let octave: i8 = rest.parse().map_err(|_| bad())?;
        if !Self::OCTAVES.contains(&octave) {
            return Err(bad());
        }
        let spelled = SpelledNote::new(name, octave);
        spelled.note()?;
        Ok(spelled)
    }
}

serde_as_text!(SpelledNote);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octave_numbers_change_at_c() {
        let cases = [
            ("C4", 60),
            ("Cb4", 59),
            ("B#3", 60),
            ("B3", 59),
            ("A4", 69),
            ("C-1", 0),
            ("G9", 127),
        ];
        for (text, midi) in cases {
            let note: SpelledNote = text.parse().unwrap();
            assert_eq!(note.note().unwrap(), Note(midi), "{text}");
            assert_eq!(note.to_string(), text);
        }
    }

    #[test]
    fn spelling_round_trips() {
        for text in ["C#4", "Bb3", "F##5", "Cb3", "Ebb2", "E#5", "G-1"] {
            let note: SpelledNote = text.parse().unwrap();
            assert_eq!(note.to_string(), text);
        }
        let note: SpelledNote = "F♯4".parse().unwrap();
        assert_eq!(note.to_string(), "F#4");
        assert_eq!(note.pretty(), "F♯4");
    }

    #[test]
    fn bad_names_are_rejected() {
        for text in ["H4", "C", "C#", "C10", "Cb-1", "G#9", "C#x4", "", "4C"] {
            assert!(
                text.parse::<SpelledNote>().is_err(),
                "{text} should not parse"
            );
        }
    }

    #[test]
    fn an_empty_note_name_is_called_empty() {
        for text in ["", "  "] {
            let error = text.parse::<SpelledNote>().unwrap_err().to_string();
            assert!(error.starts_with("the note name is empty"), "{error}");
            let error = SpelledNote::parse_with_default_octave(text, 4)
                .unwrap_err()
                .to_string();
            assert!(error.starts_with("the note name is empty"), "{error}");
        }
        assert_eq!(
            SpelledNote::parse_with_default_octave("F#", 4)
                .unwrap()
                .to_string(),
            "F#4"
        );
        assert_eq!(
            SpelledNote::parse_with_default_octave("Bb2", 4)
                .unwrap()
                .to_string(),
            "Bb2"
        );
        let error = SpelledNote::parse_with_default_octave("H", 4)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("`H` is not a note name"), "{error}");
    }

    #[test]
    fn intervals_keep_the_letter_count() {
        let f_sharp: SpelledNote = "F#4".parse().unwrap();
        assert_eq!(f_sharp.up(intervals::M3).unwrap().to_string(), "A#4");
        assert_eq!(f_sharp.up(intervals::M7).unwrap().to_string(), "E#5");
        let b: SpelledNote = "B3".parse().unwrap();
        assert_eq!(b.up(intervals::M2_MINOR).unwrap().to_string(), "C4");
        let c_flat: SpelledNote = "Cb4".parse().unwrap();
        assert_eq!(c_flat.up(intervals::D5).unwrap().to_string(), "Gbb4");
        let g_sharp: SpelledNote = "G#4".parse().unwrap();
        assert_eq!(g_sharp.up(intervals::M7).unwrap().to_string(), "F##5");
        // A triple sharp cannot be written.
        let d_sharp_sharp: SpelledNote = "D##4".parse().unwrap();
        assert_eq!(d_sharp_sharp.up(intervals::A6), None);
    }

    #[test]
    fn plain_spelling_prefers_naturals() {
        assert_eq!(SpelledNote::plain(Note(61), false).to_string(), "C#4");
        assert_eq!(SpelledNote::plain(Note(61), true).to_string(), "Db4");
        assert_eq!(SpelledNote::plain(Note(59), true).to_string(), "B3");
        assert_eq!(SpelledNote::plain(Note(0), false).to_string(), "C-1");
    }
}
