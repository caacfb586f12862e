//! How large a lesson may be. Files beyond these limits are refused with an error that names
//! the file, the field and the limit, before the lesson is expanded into steps: loading,
//! checking and showing a lesson then take time and memory in proportion to the file.
//!
//! The shipped lessons are far below every limit (the largest file is under 1 kB and the
//! longest lesson has under 100 steps).

/// The largest lesson or course file Etude reads: 1 MiB. Larger files are refused before
/// they are parsed (and read no further than this).
pub const MAX_LESSON_FILE_BYTES: usize = 1024 * 1024;

/// The most steps one lesson may compile to: 10,000 (over half an hour at 300 beats a minute,
/// one step a beat). This bounds the `steps` of a `Notes` exercise, the `chords` of a
/// `Progression`, every other list in a lesson (`beats`, `fingering`, `left_fingering`),
/// and what a scale or arpeggio expands to (`octaves` × notes per octave × direction).
pub const MAX_STEPS: usize = 10_000;

/// The most notes one written step may hold: 16 (two hands, with thumbs on two keys).
pub const MAX_NOTES_PER_STEP: usize = 16;
