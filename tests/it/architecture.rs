//! The domain core (theory, lessons, engine, progress) knows nothing of windows, devices or
//! databases: dependencies point `ui → adapters → core` (ARCHITECTURE.md).

use std::path::{Path, PathBuf};

const CORE: [&str; 4] = ["theory", "lesson", "engine", "progress"];
const OUTSIDE: [&str; 14] = [
    "iced",
    "midir",
    "wmidi",
    "rodio",
    "rustysynth",
    "cpal",
    "rusqlite",
    "midly",
    "alsa",
    "tracing",
    "tracing_log",
    "tracing_subscriber",
    "tar",
    "flate2",
];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn the_core_names_no_outside_crate() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for module in CORE {
        rust_files(&src.join(module), &mut files);
    }
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let words: Vec<&str> = line
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .collect();
            for name in OUTSIDE {
                assert!(
                    !words.contains(&name),
                    "{}:{}: the core must not name {name}: {line}",
                    file.display(),
                    number + 1
                );
            }
        }
    }
}
