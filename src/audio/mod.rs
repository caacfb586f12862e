//! Sound: the only module naming rodio and rustysynth. The SoundFont synthesizer plays what
//! the player presses (straight from the MIDI callback through a lock-free queue), the
//! metronome clicks on exact samples, lessons play as demos, and demos render to WAV.

pub mod clock;
pub mod command;
pub mod count_in;
pub mod demo;
pub mod error;
#[cfg(feature = "jack")]
pub mod jack_io;
pub mod metronome;
pub mod offline;
pub mod output;
pub mod playback;
pub mod renderer;
#[cfg(feature = "jack")]
pub mod reread;
pub mod slice;
pub mod soundfont;
pub mod source;
