//! The things outside the window: the sound output and the MIDI keyboard — opening them,
//! watching the list of MIDI inputs, connecting the remembered or only keyboard, and saying in
//! plain words what they are doing.

use super::*;
use crate::progress::words::capitalised;

/// What the MIDI keyboard is doing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyboardStatus {
    /// None is connected: why, in words, when there is more to say than that.
    Absent(Option<String>),
    /// Listening to this input.
    Listening(String),
    /// This input went away.
    Unplugged(String),
}

impl KeyboardStatus {
    /// The whole story, for the record and the tests.
    pub fn details(&self) -> Option<String> {
        match self {
            KeyboardStatus::Absent(why) => why.clone(),
            KeyboardStatus::Listening(port) => Some(format!("Listening to {port}")),
            KeyboardStatus::Unplugged(port) => Some(format!(
                "Keyboard unplugged ({port}): plug it back in to go on."
            )),
        }
    }
}

/// An output opened off the UI thread, and what went wrong on the way (a SoundFont's warnings).
pub type OpenedSound = (AudioOutput, Vec<String>);

/// The openings of the sound output, numbered as they begin: only the one begun last is
/// awaited, and what comes for another is dropped.
#[derive(Debug, Default)]
pub struct Openings {
    begun: u64,
    awaited: Option<u64>,
}

impl Openings {
    /// A new opening: its number.
    fn begin(&mut self) -> u64 {
        self.begun += 1;
        self.awaited = Some(self.begun);
        self.begun
    }

    /// Whether opening number `opening` is the one awaited.
    pub(super) fn awaits(&self, opening: u64) -> bool {
        self.awaited == Some(opening)
    }

    /// Whether an opening is awaited.
    fn busy(&self) -> bool {
        self.awaited.is_some()
    }

    /// The opening awaited is over.
    fn end(&mut self) {
        self.awaited = None;
    }
}

impl App {
    /// What the devices are doing, in words: notices, then the sound, then the MIDI keyboard.
    pub fn devices(&self) -> Vec<String> {
        let mut lines = self.notices.clone();
        lines.extend(self.sound_status.iter().cloned());
        lines.extend(self.keyboard_status.details());
        lines
    }

    /// Begins opening the sound output anew and returns the opening's number: the output and
    /// the MIDI keyboard before it are closed now (nothing plays a sound that is being
    /// replaced; a keyboard heard through JACK was heard by the old output's client), and until
    /// [`App::sound_opened`] the window is silent, says the sound is being opened and connects
    /// no keyboard. Only the opening begun last is ever used.
    pub(super) fn begin_opening_sound(&mut self) -> u64 {
        self.playback = None;
        self.midi = None;
        self.sound = AudioOutput::silent("opening the sound");
        self.sound_status = Vec::new();
        self.sound_openings.begin()
    }

    /// Opens the output of `opening` playing `font` with the buffer in the settings, off the
    /// UI thread: a sound server that does not answer (a JACK server stalled) must not stop
    /// the window. [`Message::SoundOpened`] brings it.
    pub(super) fn open_sound(&self, opening: u64, font: loading::LoadedFont) -> Task<Message> {
        let buffer = self.context.settings.audio_buffer;
        Task::perform(
            loading::off_thread(move || audio_output::open_loaded(font, buffer)),
            move |opened| Message::SoundOpened(opening, opened),
        )
    }

    /// The output of `opening` is open: when it is the opening begun last it plays from now on
    /// and the MIDI keyboard is connected to it (again); an output asked for before is closed
    /// unused.
    pub(super) fn sound_opened(
        &mut self,
        opening: u64,
        handoff: &loading::Handoff<OpenedSound>,
    ) -> Task<Message> {
        if !self.sound_openings.awaits(opening) {
            return Task::none();
        }
        match handoff.take() {
            Some((sound, warnings)) => {
                tracing::info!("sound: {}", sound.description);
                self.sound = sound;
                self.sound_breaks_counted = 0;
                // Settings shows them under the sound's own description (which says what is
                // missing and what to do when there is no sound).
                self.sound_status = warnings;
            }
            None => {
                tracing::error!("opening the sound failed outright");
                self.sound = AudioOutput::silent("the sound could not be opened");
                self.sound_status = vec![
                    "No sound: opening the output failed; restart Etude to try again (the window's log says more).".to_owned(),
                ];
            }
        }
        self.sound_opening_ended()
    }

    /// The opening awaited is over (with an output or without): the MIDI keyboard listened to
    /// before, or else the remembered or only one, is connected.
    pub(super) fn sound_opening_ended(&mut self) -> Task<Message> {
        self.sound_openings.end();
        self.repaint();
        match self.listening.clone() {
            Some(port) => self.connect_midi(port),
            None => {
                let ports = self.ports.clone();
                self.port_list(ports)
            }
        }
    }

    /// How often the sound broke off since the last count (taken when a screen is shown, a
    /// run begins and a run ends; see [`AudioOutput::breaks`]).
    pub(super) fn sound_breaks_since(&mut self) -> u64 {
        let now = self.sound.breaks();
        now.saturating_sub(std::mem::replace(&mut self.sound_breaks_counted, now))
    }

    /// A new list of MIDI inputs: when none is connected, connects the remembered or only one.
    pub(super) fn port_list(&mut self, ports: Result<Vec<String>, String>) -> Task<Message> {
        self.ports = ports;
        // The remembered keyboard is known once the settings are read.
        if self.midi.is_some() || !self.with_devices || self.loading || self.sound_openings.busy() {
            return Task::none();
        }
        let ports = match &self.ports {
            Ok(ports) => ports.clone(),
            Err(error) => {
                self.say_midi(KeyboardStatus::Absent(Some(format!(
                    "{}.",
                    capitalised(error)
                ))));
                return Task::none();
            }
        };
        match port_choice::choose(&ports, None, self.context.settings.midi_port.as_deref()) {
            Ok(port) => self.connect_midi(port),
            Err(error) => {
                self.say_midi(KeyboardStatus::Absent(Some(capitalised(
                    &error.to_string(),
                ))));
                Task::none()
            }
        }
    }

    /// Replaces what is known about the MIDI keyboard.
    pub(super) fn say_midi(&mut self, status: KeyboardStatus) {
        self.keyboard_status = status;
    }

    /// The devices in one plain line for Today: what to play on and whether there is sound
    /// (the details are in Settings).
    pub fn device_line(&self) -> String {
        let keys = match &self.keyboard_status {
            KeyboardStatus::Listening(port) => format!("Playing on {port}."),
            KeyboardStatus::Unplugged(port) => {
                format!("{port} is unplugged: plug it back in to go on.")
            }
            KeyboardStatus::Absent(_) => "No MIDI keyboard: play on the computer keyboard (the \
                                          keys show its letters) or click the keys."
                .to_owned(),
        };
        if self.sound_openings.busy() {
            format!("{keys} Opening the sound…")
        } else if self.sound.is_silent() {
            format!("{keys} No sound: the keys light up to show what plays. Details in Settings.")
        } else {
            keys
        }
    }

    /// Listens to `port` (closing the one before); its events come back as a task's messages.
    /// While the sound is being opened, `port` is only noted: it is connected to the new
    /// output once that is open.
    pub(super) fn connect_midi(&mut self, port: String) -> Task<Message> {
        self.midi = None;
        if self.sound_openings.busy() {
            self.listening = Some(port);
            return Task::none();
        }
        self.listening = None;
        let channels = self
            .context
            .settings
            .midi_channel
            .map_or(ChannelFilter::All, |c| ChannelFilter::Only(c - 1));
        let (sender, receiver) = std::sync::mpsc::channel();
        match crate::service::keyboard::listen(&self.sound, &port, channels, sender) {
            Ok(input) => {
                self.midi = Some(input);
                self.say_midi(KeyboardStatus::Listening(port.clone()));
                self.listening = Some(port);
                // The MIDI thread's channel, as a stream of messages.
                let (bridge, stream) = iced::futures::channel::mpsc::unbounded();
                let spawned = std::thread::Builder::new()
                    .name("etude-midi-bridge".into())
                    .spawn(move || {
                        while let Ok(message) = receiver.recv() {
                            if bridge.unbounded_send(message).is_err() {
                                break;
                            }
                        }
                    });
                if spawned.is_err() {
                    self.say_midi(KeyboardStatus::Absent(Some(
                        "MIDI events cannot reach the window".into(),
                    )));
                    return Task::none();
                }
                Task::run(stream, Message::Midi)
            }
            Err(error) => {
                self.say_midi(KeyboardStatus::Absent(Some(error.to_string())));
                Task::none()
            }
        }
    }

    pub(super) fn midi(&mut self, message: InputMessage, now: Instant) -> Task<Message> {
        match message {
            InputMessage::Event { at, kind } => {
                if matches!(kind, EventKind::NoteOn { .. }) && self.tap(at) {
                    return Task::none();
                }
                return self.practice(practice::Message::Input(kind), at);
            }
            InputMessage::PortLost(port) => {
                self.say_midi(KeyboardStatus::Unplugged(port.clone()));
                if let Screen::Practice(practice) = &mut self.screen {
                    practice.pause(now, &port);
                }
            }
            InputMessage::PortBack(port) => {
                self.say_midi(KeyboardStatus::Listening(port.clone()));
                if let Screen::Practice(practice) = &mut self.screen {
                    practice.resume(now, &port);
                }
            }
            InputMessage::Ports(ports) => self.ports = Ok(ports),
        }
        Task::none()
    }

    /// Plays a key from the computer keyboard or a click (MIDI keys go to the synth directly).
    pub(super) fn sound(&self, kind: EventKind) {
        if !self.sound.is_silent() {
            self.sound.commands.send(AudioCommand::Play(kind));
        }
    }
}

/// The list of MIDI inputs at once and whenever it changes.
pub(super) fn port_lists() -> impl iced::futures::Stream<Item = Message> {
    let (sender, receiver) = iced::futures::channel::mpsc::unbounded();
    let on_change = sender.clone();
    let watching = watch_ports(move |ports| {
        on_change
            .unbounded_send(Message::PortList(ports.map_err(|e| e.to_string())))
            .is_ok()
    });
    if let Err(error) = watching {
        let _ = sender.unbounded_send(Message::PortList(Err(format!(
            "cannot watch the MIDI inputs: {error}"
        ))));
    }
    receiver
}

#[cfg(test)]
mod tests {
    use super::Openings;

    #[test]
    fn only_the_opening_begun_last_is_awaited() {
        let mut openings = Openings::default();
        assert!(!openings.busy());
        let first = openings.begin();
        let second = openings.begin();
        assert!(openings.busy());
        assert!(
            !openings.awaits(first),
            "an opening replaced is not awaited"
        );
        assert!(openings.awaits(second));
        openings.end();
        assert!(!openings.busy());
        assert!(!openings.awaits(second), "an opening over is not awaited");
        let third = openings.begin();
        assert!(openings.awaits(third));
    }
}
