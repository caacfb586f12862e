//! Etude: a MIDI keyboard practice tutor.

pub mod cli;
pub mod curriculum;
pub mod lesson;
pub mod theory;
