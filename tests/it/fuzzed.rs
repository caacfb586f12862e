//! Inputs the fuzzers in `fuzz/` found something with (a panic, a hang, a runaway allocation),
//! kept under `fuzz/regressions/TARGET/` and fed again to the same code on every test run, so
//! what was fixed stays fixed. Each target here does what its fuzz target does.

use std::path::{Path, PathBuf};

use etude::lesson::Hand;
use etude::lesson::piece::Section;
use etude::store::journal::{Export, Journal};

/// The kept inputs of `target`, with their names.
fn kept(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut inputs: Vec<(PathBuf, Vec<u8>)> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn every_kept_lesson_input_is_read_without_a_panic() {
    for (path, bytes) in kept("lesson") {
        eprintln!("{}", path.display());
        if let Ok(text) = etude::lesson::parse::decode(bytes, "fuzz.ron") {
            let _ = etude::lesson::parse(&text, "fuzz.ron");
            let _ = etude::lesson::parse::parse_course(&text, "course.ron");
        }
    }
}

#[test]
fn every_kept_smf_input_is_read_without_a_panic() {
    for (path, bytes) in kept("smf") {
        eprintln!("{}", path.display());
        let _ = etude::midi::smf::read_performance(&bytes, None);
        let _ = etude::import::read_piece(&bytes, "fuzz.mid", "fuzz", true);
    }
}

#[test]
fn every_kept_score_input_is_read_without_a_panic() {
    for (path, bytes) in kept("score") {
        eprintln!("{}", path.display());
        if let Ok(piece) = etude::import::read_piece(&bytes, "fuzz.musicxml", "fuzz", false) {
            for hand in [Hand::Right, Hand::Left, Hand::Both] {
                for bars in [None, Some((0, 1))] {
                    if let Ok(lesson) = piece.lesson(Section { hand, bars }) {
                        let _ = etude::notation::engrave(&lesson);
                    }
                }
            }
        }
    }
}

#[test]
fn every_kept_midi_message_is_decoded_without_a_panic() {
    use etude::midi::decode::{ChannelFilter, decode};
    for (path, bytes) in kept("midi_bytes") {
        eprintln!("{}", path.display());
        let channel = bytes.first().map_or(0, |b| b & 0x0f);
        let _ = decode(&bytes, ChannelFilter::All);
        let _ = decode(&bytes, ChannelFilter::Only(channel));
    }
}

#[test]
fn every_kept_settings_input_loads_without_a_panic() {
    for (path, bytes) in kept("settings") {
        eprintln!("{}", path.display());
        let _ = etude::store::settings::from_bytes(&bytes, Path::new("settings.ron"));
    }
}

#[test]
fn every_kept_journal_export_imports_without_a_panic() {
    for (path, bytes) in kept("journal_import") {
        eprintln!("{}", path.display());
        let Ok(export) = serde_json::from_slice::<Export>(&bytes) else {
            continue;
        };
        for skip_bad in [false, true] {
            let mut journal = Journal::open(Path::new(":memory:")).unwrap();
            let _ = journal.import(&export, skip_bad);
            let _ = journal.export();
        }
    }
}
