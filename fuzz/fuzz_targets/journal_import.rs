//! A journal export's bytes, imported into an empty journal in memory (with and without
//! `--skip-bad`), as `etude journal import` does.
#![no_main]

use std::path::Path;

use etude::store::journal::{Export, Journal};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(export) = serde_json::from_slice::<Export>(bytes) else {
        return;
    };
    for skip_bad in [false, true] {
        if let Ok(mut journal) = Journal::open(Path::new(":memory:")) {
            let _ = journal.import(&export, skip_bad);
            let _ = journal.export();
        }
    }
});
