//! Keys and Roman-numeral chords within them.

use std::fmt;
use std::str::FromStr;

use super::TheoryError;
use super::chord::{Chord, ChordQuality};
use super::note::{Accidental, PitchName};
use super::scale::ScaleKind;

/// Major or minor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyMode {
    /// A major key.
    Major,
    /// A minor key; its degrees come from the natural minor scale.
    Minor,
}

/// A key such as "C major" or "F# minor".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// The tonic's spelling.
    pub tonic: PitchName,
    /// Major or minor.
    pub mode: KeyMode,
}

impl Key {
    /// Sharps (+) or flats (−) in its key signature, counted on round the circle of fifths
    /// (beyond seven, the theoretical keys: D♯ major has 9).
    pub fn fifths(self) -> i32 {
        use super::Letter;
        let letter = match self.tonic.letter {
            Letter::F => -1,
            Letter::C => 0,
            Letter::G => 1,
            Letter::D => 2,
            Letter::A => 3,
            Letter::E => 4,
            Letter::B => 5,
        };
        let minor = if self.mode == KeyMode::Minor { 3 } else { 0 };
        letter + 7 * self.tonic.accidental.semitones() - minor
    }

    /// The key whose signature has `fifths` sharps (+) or flats (−), −7..=7, in `mode`: the
    /// inverse of [`Key::fifths`] (−3 in minor is C minor).
    pub fn from_fifths(fifths: i32, mode: KeyMode) -> Option<Key> {
        use super::Letter;
        if !(-7..=7).contains(&fifths) {
            return None;
        }
        // Round the circle from F: the tonic's place, a minor key three fifths on from its
        // relative major.
        let place = fifths + 1 + if mode == KeyMode::Minor { 3 } else { 0 };
        let letter = Letter::BY_FIFTHS[place.rem_euclid(7) as usize];
        let accidental = Accidental::from_semitones(place.div_euclid(7))?;
        Some(Key {
            tonic: PitchName::new(letter, accidental),
            mode,
        })
    }

    /// Whether its key signature has flats (F major, D minor, and the keys beyond them).
    pub fn has_flats(self) -> bool {
        self.fifths() < 0
    }

    /// The scale the key's degrees are counted in: major, or natural minor.
    pub fn scale(self) -> ScaleKind {
        match self.mode {
            KeyMode::Major => ScaleKind::Major,
            KeyMode::Minor => ScaleKind::NaturalMinor,
        }
    }

    /// The spelled note on `degree` (1..=7) of the key's scale.
    pub fn degree(self, degree: u8) -> Result<PitchName, TheoryError> {
        let interval = self
            .scale()
            .degrees(true)
            .get(usize::from(degree.clamp(1, 7) - 1))
            .copied()
            .ok_or(TheoryError::BadKey(self.to_string()))?;
        self.tonic
            .up(interval)
            .ok_or_else(|| TheoryError::Unspellable(format!("degree {degree} of {self}")))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mode = match self.mode {
            KeyMode::Major => "major",
            KeyMode::Minor => "minor",
        };
        write!(f, "{} {mode}", self.tonic)
    }
}

impl FromStr for Key {
    type Err = TheoryError;

    /// Parses "C major", "F# minor", "Bb major" (mode words in any case).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.trim().is_empty() {
            return Err(TheoryError::Empty {
                what: "key",
                example: "\"C major\" or \"F# minor\"",
            });
        }
        let bad = || TheoryError::BadKey(text.to_owned());
        let mut words = text.split_whitespace();
        let tonic: PitchName = words.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
        let mode = match words.next().map(str::to_ascii_lowercase).as_deref() {
            Some("major") => KeyMode::Major,
            Some("minor") => KeyMode::Minor,
            _ => return Err(bad()),
        };
        if words.next().is_some() {
            return Err(bad());
        }
        Ok(Key { tonic, mode })
    }
}

serde_as_text!(Key);

/// A Roman-numeral chord such as "V7", "ii", "bVII", "viiø7".
///
/// The numeral counts the root from the key's tonic in its scale (natural minor for minor
/// keys); a `b`/`♭` or `#`/`♯` prefix moves the root a semitone. Upper case is a major
/// triad, lower case minor; `°`/`o` diminished, `+` augmented, `ø` or `/o` half-diminished.
/// Suffixes: `7` (dominant seventh on upper case, minor seventh on lower case, diminished
/// seventh after `°`), `M7`/`maj7` (major seventh), `sus2`, `sus4`. Figures put a chord tone
/// lowest: `6` and `64` on a triad, `65`, `43`, `42` (or `2`) on a seventh chord (`V65`,
/// `IM65`, `viiø43`); see [`RomanNumeral::lowest`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RomanNumeral {
    text: String,
    alteration: i8,
    degree: u8,
    quality: ChordQuality,
    lowest: Option<u8>,
}

impl RomanNumeral {
    /// The chord this numeral names in `key`, spelled from the key.
    /// In a minor key a diminished chord on the seventh degree (vii°, vii°7, viiø7) stands on
    /// the leading tone, the raised seventh of harmonic minor (A minor's vii°7 is G♯ B D F);
    /// VII, a major chord, stands on the natural seventh.
    pub fn chord_in(&self, key: Key) -> Result<Chord, TheoryError> {
        let natural = key.degree(self.degree)?;
        let leading_tone = key.mode == KeyMode::Minor
            && self.degree == 7
            && self.alteration == 0
            && matches!(
                self.quality,
                ChordQuality::Diminished
                    | ChordQuality::Diminished7
                    | ChordQuality::HalfDiminished7
            );
        let alteration = i32::from(self.alteration) + i32::from(leading_tone);
        let moved = Accidental::from_semitones(natural.accidental.semitones() + alteration)
            .ok_or_else(|| TheoryError::Unspellable(format!("{} in {key}", self.text)))?;
        Ok(Chord {
            root: PitchName::new(natural.letter, moved),
            quality: self.quality,
        })
    }

    /// The quality the numeral asks for.
    pub fn quality(&self) -> ChordQuality {
        self.quality
    }
}

impl RomanNumeral {
    /// The chord tone its figure puts lowest (0 root, 1 third, 2 fifth, 3 seventh): V6 and
    /// V65 the third, IV64 and V43 the fifth, V42 the seventh; none without a figure (V7 is a
    /// seventh chord, not a figure).
    pub fn lowest(&self) -> Option<u8> {
        self.lowest
    }
}

/// A figure at the end of a numeral's suffix: what is left of the suffix, the chord tone it
/// puts lowest, and whether it figures a seventh chord.
fn figure(suffix: &str) -> (&str, Option<u8>, bool) {
    const FIGURES: [(&str, u8, bool); 6] = [
        ("64", 2, false),
        ("65", 1, true),
        ("43", 2, true),
        ("42", 3, true),
        ("6", 1, false),
        ("2", 3, true),
    ];
    FIGURES
        .into_iter()
        .find_map(|(figure, lowest, seventh)| {
            let rest = suffix.strip_suffix(figure)?;
            let fits = if seventh {
                matches!(rest, "" | "M" | "maj")
            } else {
                rest.is_empty()
            };
            fits.then_some((rest, Some(lowest), seventh))
        })
        .unwrap_or((suffix, None, false))
}

impl fmt::Display for RomanNumeral {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for RomanNumeral {
    type Err = TheoryError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.trim().is_empty() {
            return Err(TheoryError::Empty {
                what: "Roman numeral",
                example: "I, ii, V7 or bVII",
            });
        }
        let bad = || TheoryError::BadRomanNumeral(text.to_owned());
        let source = text.trim();
        let (alteration, rest) = [("b", -1), ("♭", -1), ("#", 1), ("♯", 1)]
            .into_iter()
            .find_map(|(prefix, alteration)| {
                source.strip_prefix(prefix).map(|rest| (alteration, rest))
            })
            .unwrap_or((0, source));

        const NUMERALS: [(&str, u8); 7] = [
            ("VII", 7),
            ("III", 3),
            ("VI", 6),
            ("IV", 4),
            ("II", 2),
            ("V", 5),
            ("I", 1),
        ];
        let (numeral, degree) = NUMERALS
            .into_iter()
            .find(|(numeral, _)| {
                rest.get(..numeral.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(numeral))
            })
            .ok_or_else(bad)?;
        let written = &rest[..numeral.len()];
        let upper = if written.chars().all(|c| c.is_ascii_uppercase()) {
            true
        } else if written.chars().all(|c| c.is_ascii_lowercase()) {
            false
        } else {
            return Err(bad());
        };
        let suffix = &rest[numeral.len()..];

        #[derive(PartialEq)]
        enum Marker {
            None,
            Diminished,
            HalfDiminished,
            Augmented,
        }
        let (marker, suffix) = [
            ("°", Marker::Diminished),
            ("o", Marker::Diminished),
            ("ø", Marker::HalfDiminished),
            ("/o", Marker::HalfDiminished),
            ("+", Marker::Augmented),
        ]
        .into_iter()
        .find_map(|(mark, marker)| suffix.strip_prefix(mark).map(|rest| (marker, rest)))
        .unwrap_or((Marker::None, suffix));

        let (suffix, lowest, seventh) = figure(suffix);
        let suffix = match (suffix, seventh) {
            ("", true) => "7",
            ("M" | "maj", true) => "M7",
            _ => suffix,
        };
        use ChordQuality::*;
        let quality = match (marker, upper, suffix) {
            (Marker::None, true, "") => Major,
            (Marker::None, false, "") => Minor,
            (Marker::None, true, "7") => Dominant7,
            (Marker::None, false, "7") => Minor7,
            (Marker::None, true, "M7" | "maj7") => Major7,
            (Marker::None, true, "sus2") => Sus2,
            (Marker::None, true, "sus4") => Sus4,
            (Marker::Diminished, _, "") => Diminished,
            (Marker::Diminished, _, "7") => Diminished7,
            (Marker::HalfDiminished, _, "" | "7") => HalfDiminished7,
            (Marker::Augmented, true, "") => Augmented,
            _ => return Err(bad()),
        };
        if lowest.is_some() && !seventh && quality.intervals().len() == 4 {
            // viiø6: a triad's figure on a seventh chord (viiø65 is meant).
            return Err(bad());
        }
        Ok(RomanNumeral {
            text: source.to_owned(),
            alteration,
            degree,
            quality,
            lowest,
        })
    }
}

serde_as_text!(RomanNumeral);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_names_its_key_in_either_mode() {
        for mode in [KeyMode::Major, KeyMode::Minor] {
            for fifths in -7..=7 {
                let key = Key::from_fifths(fifths, mode).unwrap();
                assert_eq!(key.fifths(), fifths, "{key}");
            }
        }
        let named = |f, m| Key::from_fifths(f, m).unwrap().to_string();
        assert_eq!(named(-7, KeyMode::Major), "Cb major");
        assert_eq!(named(6, KeyMode::Major), "F# major");
        assert_eq!(named(-3, KeyMode::Minor), "C minor");
        assert_eq!(named(7, KeyMode::Minor), "A# minor");
        assert_eq!(Key::from_fifths(8, KeyMode::Major), None);
    }

    #[test]
    fn a_figure_puts_a_chord_tone_lowest() {
        let read = |text: &str| {
            let numeral: RomanNumeral = text.parse().unwrap();
            let chord = numeral.chord_in("C major".parse().unwrap()).unwrap();
            (chord.to_string(), numeral.lowest())
        };
        assert_eq!(read("V"), ("G".to_owned(), None));
        assert_eq!(read("V7"), ("G7".to_owned(), None));
        assert_eq!(read("V6"), ("G".to_owned(), Some(1)));
        assert_eq!(read("IV64"), ("F".to_owned(), Some(2)));
        assert_eq!(read("V65"), ("G7".to_owned(), Some(1)));
        assert_eq!(read("ii43"), ("Dm7".to_owned(), Some(2)));
        assert_eq!(read("V42"), ("G7".to_owned(), Some(3)));
        assert_eq!(read("V2"), ("G7".to_owned(), Some(3)));
        assert_eq!(read("IM65"), ("Cmaj7".to_owned(), Some(1)));
        assert_eq!(read("viiø65"), ("Bm7b5".to_owned(), Some(1)));
        assert_eq!(read("vii°6"), ("Bdim".to_owned(), Some(1)));
        assert_eq!(read("Vsus2"), ("Gsus2".to_owned(), None));
        let written: RomanNumeral = "IV64".parse().unwrap();
        assert_eq!(written.to_string(), "IV64", "shown as written");
        for bad in ["V63", "Vsus64", "IV7M", "viiø6"] {
            assert!(bad.parse::<RomanNumeral>().is_err(), "{bad}");
        }
    }
}
