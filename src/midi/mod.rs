//! MIDI: the only module that names MIDI crates. For now, reading Standard MIDI Files.

pub mod smf;
