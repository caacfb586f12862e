//! Etude: a MIDI keyboard practice tutor.

pub mod cli;
pub mod curriculum;
pub mod engine;
pub mod lesson;
pub mod midi;
pub mod theory;
