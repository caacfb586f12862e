//! A Standard MIDI File's bytes, read as a performance (as `etude score` reads it).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = etude::midi::smf::read_performance(bytes, None);
});
