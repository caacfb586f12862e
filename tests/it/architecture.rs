//! The domain core (theory, lessons, engine, notation, progress) knows nothing of windows, devices or
//! databases: dependencies point `ui → adapters → core` (ARCHITECTURE.md).

use std::path::{Path, PathBuf};

const CORE: [&str; 5] = ["theory", "lesson", "engine", "notation", "progress"];
const OUTSIDE: [&str; 16] = [
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
    "smufl",
    "ttf_parser",
];

/// The words of a line of Rust: identifiers and keywords.
fn words_of(line: &str) -> Vec<&str> {
    line.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .collect()
}

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
            let words = words_of(line);
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

/// The front-ends (the command line, the window, its screens) and the application layer present
/// a practice run; they never drive the engine's `Attempt` or keep run time themselves: that is
/// the `Run`'s (and `score_recording`'s, for a file).
#[test]
fn front_ends_use_the_run_not_the_attempt() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.join("app.rs")];
    for module in ["cli", "app", "ui", "service"] {
        rust_files(&src.join(module), &mut files);
    }
    assert!(files.len() > 10);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let words = words_of(line);
            let drives_the_engine = ["Attempt", "AttemptClock"]
                .iter()
                .any(|name| words.contains(name))
                || line.contains("engine::attempt")
                || line.contains("engine::clock");
            assert!(
                !drives_the_engine,
                "{}:{}: front-ends drive a Run, not the engine's attempt: {line}",
                file.display(),
                number + 1
            );
        }
    }
}

/// No source file is so long that it holds more than one job (about 600 lines at most).
#[test]
fn no_source_file_is_over_six_hundred_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for file in files {
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        assert!(lines <= 600, "{} has {lines} lines", file.display());
    }
}

/// `unsafe` is denied, not forbidden, for the two system calls of one file (the audio
/// thread's short time slice): nowhere else may it be allowed or used.
#[test]
fn unsafe_code_is_in_the_time_slice_alone() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let slice = src.join("audio").join("slice.rs");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.contains(&slice));
    for file in files.iter().filter(|file| **file != slice) {
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            assert!(
                !words_of(line).contains(&"unsafe") && !line.contains("unsafe_code"),
                "{}:{}: unsafe outside src/audio/slice.rs",
                file.display(),
                number + 1
            );
        }
    }
    // And there, in the one module that calls the kernel.
    let text = std::fs::read_to_string(&slice).unwrap();
    assert_eq!(text.matches("#[allow(unsafe_code)]").count(), 1);
    assert_eq!(text.matches("unsafe {").count(), 2);
}

/// The application layer serves the command line and the window alike: it names no GUI.
#[test]
fn the_application_layer_knows_no_window() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/service"),
        &mut files,
    );
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !words_of(&text).contains(&"iced"),
            "{} names iced",
            file.display()
        );
    }
}
