//! Etude: a MIDI keyboard practice tutor.

pub mod app;
pub mod audio;
pub mod cli;
pub mod engine;
pub mod engrave;
pub mod import;
pub mod lesson;
pub mod logging;
pub mod midi;
pub mod notation;
pub mod progress;
pub mod service;
pub mod store;
pub mod theory;
pub mod ui;
