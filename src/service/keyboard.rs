//! Listening to the MIDI keyboard chosen: through Etude's own JACK client when the sound goes
//! through one (the `jack` feature), which hears each key at its frame; else through midir,
//! each key forwarded to the sound output stamped with when it came.

use std::sync::mpsc::Sender;

use crate::audio::output::{AudioOutput, live_forward};
use crate::midi::decode::ChannelFilter;
use crate::midi::input::{InputMessage, LiveInput, MidiError};

/// A keyboard listened to; dropping it stops listening.
pub enum Keyboard {
    /// Through midir (ALSA, or JACK without Etude's own client).
    Midir(LiveInput),
    /// Through Etude's JACK client.
    #[cfg(feature = "jack")]
    Jack(crate::audio::jack_io::JackListening),
}

/// Listens to `port` on `channels`; its keys sound through `sound` and go to `sender`, and so
/// do its going and coming back.
pub fn listen(
    sound: &AudioOutput,
    port: &str,
    channels: ChannelFilter,
    sender: Sender<InputMessage>,
) -> Result<Keyboard, MidiError> {
    #[cfg(feature = "jack")]
    if let Some(jack) = sound.jack() {
        return jack
            .listen(port, channels, sender, sound.commands.clone())
            .map(Keyboard::Jack);
    }
    LiveInput::open(port, channels, sender, live_forward(sound)).map(Keyboard::Midir)
}
