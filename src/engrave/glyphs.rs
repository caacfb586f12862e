//! Which glyph of the music font writes what: signatures, digits, noteheads, accidentals,
//! fingers; and where a key signature's sharps or flats stand.

use smufl::Glyph;

use super::font::MusicFont;
use crate::notation::{Clef, NoteValue, Shown};

/// Where the signature's sharps or flats stand, in staff positions, in their order.
pub(super) fn key_signature_positions(clef: Clef, count: i8) -> Vec<i32> {
    // Treble: F5 C5 G5 D5 A4 E5 B4; flats B4 E5 A4 D5 G4 C5 F4. The bass clef a third lower.
    const SHARPS: [i32; 7] = [8, 5, 9, 6, 3, 7, 4];
    const FLATS: [i32; 7] = [4, 7, 3, 6, 2, 5, 1];
    let shift = match clef {
        Clef::Treble => 0,
        Clef::Bass => -2,
    };
    let order = if count >= 0 { &SHARPS } else { &FLATS };
    order
        .iter()
        .take(usize::from(count.unsigned_abs()).min(7))
        .map(|p| p + shift)
        .collect()
}

pub(super) fn time_digit(digit: u8) -> Glyph {
    match digit {
        b'0' => Glyph::TimeSig0,
        b'1' => Glyph::TimeSig1,
        b'2' => Glyph::TimeSig2,
        b'3' => Glyph::TimeSig3,
        b'4' => Glyph::TimeSig4,
        b'5' => Glyph::TimeSig5,
        b'6' => Glyph::TimeSig6,
        b'7' => Glyph::TimeSig7,
        b'8' => Glyph::TimeSig8,
        _ => Glyph::TimeSig9,
    }
}

pub(super) fn time_signature_width(number: u8, font: &MusicFont) -> f64 {
    number
        .to_string()
        .bytes()
        .map(|d| font.width(time_digit(d)))
        .sum()
}

/// The notehead a value is written with.
pub(super) fn notehead(value: NoteValue) -> Glyph {
    match value {
        NoteValue::Whole => Glyph::NoteheadWhole,
        NoteValue::Half => Glyph::NoteheadHalf,
        _ => Glyph::NoteheadBlack,
    }
}

pub(super) fn accidental_glyph(shown: Shown) -> Glyph {
    match shown {
        Shown::Sharp => Glyph::AccidentalSharp,
        Shown::Flat => Glyph::AccidentalFlat,
        Shown::Natural => Glyph::AccidentalNatural,
        Shown::DoubleSharp => Glyph::AccidentalDoubleSharp,
        Shown::DoubleFlat => Glyph::AccidentalDoubleFlat,
    }
}

pub(super) fn finger_glyph(finger: u8) -> Option<Glyph> {
    Some(match finger {
        1 => Glyph::Fingering1,
        2 => Glyph::Fingering2,
        3 => Glyph::Fingering3,
        4 => Glyph::Fingering4,
        5 => Glyph::Fingering5,
        _ => return None,
    })
}
