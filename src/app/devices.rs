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

impl App {
    /// Opens the sound output playing `font` with the buffer in the settings.
    pub(super) fn use_sound(&mut self, font: loading::LoadedFont) {
        self.playback = None;
        self.sound = AudioOutput::silent("opening the sound");
        let (sound, warnings) = audio_output::open_loaded(font, self.context.settings.audio_buffer);
        self.sound = sound;
        self.sound_breaks_counted = 0;
        // Settings shows them under the sound's own description (which says what is missing
        // and what to do when there is no sound).
        self.sound_status = warnings;
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
        if self.midi.is_some() || !self.with_devices || self.loading {
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
        if self.sound.is_silent() {
            format!("{keys} No sound: the keys light up to show what plays. Details in Settings.")
        } else {
            keys
        }
    }

    /// Listens to `port` (closing the one before); its events come back as a task's messages.
    pub(super) fn connect_midi(&mut self, port: String) -> Task<Message> {
        self.midi = None;
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
