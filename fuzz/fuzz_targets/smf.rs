//! A Standard MIDI File's bytes, read as a performance (as `etude score` reads it) and as a
//! piece to learn, with the lessons of each hand.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = etude::midi::smf::read_performance(bytes, None);
    if let Ok(piece) = etude::import::read_piece(bytes, "fuzz.mid", "fuzz", true) {
        for hand in [
            etude::lesson::Hand::Right,
            etude::lesson::Hand::Left,
            etude::lesson::Hand::Both,
        ] {
            let section = etude::lesson::piece::Section { hand, bars: Some((1, 2)) };
            if let Ok(lesson) = piece.lesson(section) {
                let _ = etude::notation::engrave(&lesson);
            }
        }
    }
});
