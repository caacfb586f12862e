//! A settings file's bytes: loaded (keeping what it can), then saved form read again.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = etude::store::settings::from_bytes(bytes, Path::new("settings.ron"));
});
