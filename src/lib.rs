//! Etude: a MIDI keyboard practice tutor.

pub mod app;
pub mod audio;
pub mod cli;
pub mod curriculum;
pub mod engine;
pub mod headless;
pub mod keeping;
pub mod lesson;
pub mod logging;
pub mod midi;
pub mod overview;
pub mod progress;
pub mod store;
pub mod theory;
pub mod ui;
