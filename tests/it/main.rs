//! Etude's integration tests: one binary, one module per area.

// A failed unwrap in a test is a failed test, which is what these lints exist to prevent elsewhere.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod adapts;
mod architecture;
mod cli;
mod curriculum;
mod drive;
mod engine;
mod first_minutes;
mod fuzzed;
mod journal;
#[cfg(feature = "jack")]
mod latency;
mod lesson_files;
#[cfg(feature = "jack")]
mod live;
mod notation;
mod onsets;
mod picker;
mod pieces;
mod screenshots;
mod smf;
mod sound;
mod staff;
mod theory;
mod ui;
