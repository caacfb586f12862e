//! A MusicXML score's bytes (plain, UTF-16 or a compressed .mxl archive), read as a piece to
//! learn, with the lessons of each hand and their engraving.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(piece) = etude::import::read_piece(bytes, "fuzz.musicxml", "fuzz", false) {
        for hand in [
            etude::lesson::Hand::Right,
            etude::lesson::Hand::Left,
            etude::lesson::Hand::Both,
        ] {
            for bars in [None, Some((0, 1))] {
                let section = etude::lesson::piece::Section { hand, bars };
                if let Ok(lesson) = piece.lesson(section) {
                    let _ = etude::notation::engrave(&lesson);
                }
            }
        }
    }
});
