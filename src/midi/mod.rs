//! MIDI: the only module that names midir, wmidi and midly. Live input (ports, connection,
//! hot-plug), decoding bytes, the computer keyboard as a piano, and Standard MIDI Files.

pub mod decode;
pub mod input;
pub mod piece;
pub mod ports;
pub mod qwerty;
pub mod smf;
pub mod stamp;
