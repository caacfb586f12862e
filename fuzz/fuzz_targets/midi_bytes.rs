//! Live MIDI messages as a keyboard sends them, one callback's bytes at a time.
#![no_main]

use etude::midi::decode::{ChannelFilter, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let channel = bytes.first().map_or(0, |b| b & 0x0f);
    let _ = decode(bytes, ChannelFilter::All);
    let _ = decode(bytes, ChannelFilter::Only(channel));
});
