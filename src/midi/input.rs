//! Live MIDI input through midir: listing ports, connecting by name, stamping every event in
//! the MIDI callback, and following the keyboard through unplug and replug.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use midir::{Ignore, MidiInput, MidiInputConnection};

use super::decode::{ChannelFilter, decode};
use super::ports::{PortChange, PortWatch, identity};
use super::stamp::Stamper;
use crate::engine::EventKind;

/// How often the port list is polled for unplug and replug (midir has no notifications).
const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// The JACK or ALSA client name Etude shows up as.
const CLIENT_NAME: &str = "etude";

/// What the MIDI side tells the rest of Etude.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputMessage {
    /// A key or the pedal, stamped with a monotonic clock in the MIDI callback.
    Event {
        /// When it arrived.
        at: Instant,
        /// What it was.
        kind: EventKind,
    },
    /// The keyboard in use went away; the connection is closed until it comes back.
    PortLost(String),
    /// The keyboard came back and is connected again.
    PortBack(String),
    /// The list of ports changed.
    Ports(Vec<String>),
}

/// Why MIDI input is not available.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MidiError {
    /// No MIDI system to talk to (no ALSA sequencer, no JACK server).
    #[error(
        "No MIDI system: Etude cannot look for MIDI keyboards on this computer. In the window you can still play with the computer keyboard or the mouse. {hint} (Detail: no MIDI system is available: {0})",
        hint = no_system_hint()
    )]
    NoSystem(String),
    /// Connecting to the port failed.
    #[error(
        "The MIDI keyboard \"{port}\" could not be connected: another program may be using it, or it was just unplugged. Plug it in again, or choose it again. (Detail: {reason})"
    )]
    Connect {
        /// The port.
        port: String,
        /// Why.
        reason: String,
    },
}

fn no_system_hint() -> &'static str {
    if cfg!(feature = "jack") {
        "This Etude listens through JACK: start a JACK server, or use an Etude built without the `jack` feature."
    } else {
        "On Linux the ALSA sequencer is needed (/dev/snd/seq; `sudo modprobe snd-seq` loads it)."
    }
}

fn midi_input() -> Result<MidiInput, MidiError> {
    let mut input = MidiInput::new(CLIENT_NAME).map_err(|e| MidiError::NoSystem(e.to_string()))?;
    input.ignore(Ignore::None);
    Ok(input)
}

fn names(input: &MidiInput) -> Vec<String> {
    input
        .ports()
        .iter()
        .filter_map(|port| input.port_name(port).ok())
        .collect()
}

/// The input ports there are now.
pub fn port_names() -> Result<Vec<String>, MidiError> {
    Ok(names(&midi_input()?))
}

/// How often [`watch_ports`] looks at the list of inputs.
const LIST_INTERVAL: Duration = Duration::from_secs(1);

/// Watches the list of MIDI inputs from a thread of its own, with one client kept open:
/// `on_change` gets the list at once and again whenever it changes, until it returns false.
/// Without a MIDI system it gets that error once and the thread ends.
pub fn watch_ports(
    mut on_change: impl FnMut(Result<Vec<String>, MidiError>) -> bool + Send + 'static,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("etude-midi-list".to_owned())
        .spawn(move || {
            crate::logging::quiet_alsa_on_this_thread();
            let input = match midi_input() {
                Ok(input) => input,
                Err(error) => {
                    on_change(Err(error));
                    return;
                }
            };
            let mut known = names(&input);
            if !on_change(Ok(known.clone())) {
                return;
            }
            loop {
                std::thread::sleep(LIST_INTERVAL);
                let now = names(&input);
                if now != known {
                    known = now;
                    if !on_change(Ok(known.clone())) {
                        return;
                    }
                }
            }
        })
        .map(|_| ())
}

/// Called in the MIDI callback with every decoded event and the instant it arrived, before it
/// goes to the app: the way to the synthesizer, so a key sounds without waiting for anything
/// else. It must not block.
pub type Forward = Arc<dyn Fn(Instant, EventKind) + Send + Sync>;

/// Every key let go and the pedal lifted, through `forward`: what a keyboard unplugged while
/// keys were down can no longer send.
fn release_everything(forward: &Forward) {
    let now = Instant::now();
    for release in EventKind::releasing_everything() {
        forward(now, release);
    }
}

/// Opens `port` with a fresh client; every decoded event goes to `sender`, stamped with when
/// it arrived (the MIDI system's stamp on the monotonic clock: see [`Stamper`]). The callback
/// never blocks and never panics: odd bytes are skipped, a closed receiver is ignored.
fn connect(
    port: &str,
    channels: ChannelFilter,
    sender: Sender<InputMessage>,
    forward: Forward,
) -> Result<MidiInputConnection<()>, MidiError> {
    let input = midi_input()?;
    let wanted = input
        .ports()
        .into_iter()
        .find(|p| {
            input
                .port_name(p)
                .is_ok_and(|name| identity(&name) == identity(port))
        })
        .ok_or_else(|| MidiError::Connect {
            port: port.to_owned(),
            reason: "the port is not there".to_owned(),
        })?;
    let mut stamper = Stamper::new(Instant::now());
    input
        .connect(
            &wanted,
            "input",
            move |stamp, bytes, _| {
                let at = stamper.arrival(stamp, Instant::now());
                if let Some(kind) = decode(bytes, channels) {
                    forward(at, kind);
                    let _ = sender.send(InputMessage::Event { at, kind });
                }
            },
            (),
        )
        .map_err(|e| MidiError::Connect {
            port: port.to_owned(),
            reason: e.to_string(),
        })
}

/// A live connection to one keyboard that survives unplugging: a watcher thread polls the
/// port list, closes the connection when the keyboard goes and opens a new one when it comes
/// back. Dropping it closes everything.
pub struct LiveInput {
    stop: Arc<AtomicBool>,
    watcher: Option<JoinHandle<()>>,
}

impl LiveInput {
    /// Connects to `port` and starts watching for it to go and come back.
    pub fn open(
        port: &str,
        channels: ChannelFilter,
        sender: Sender<InputMessage>,
        forward: Forward,
    ) -> Result<LiveInput, MidiError> {
        let lister = midi_input()?;
        let first = connect(port, channels, sender.clone(), Arc::clone(&forward))?;
        let stop = Arc::new(AtomicBool::new(false));
        let watching = Watching {
            port: port.to_owned(),
            channels,
            sender,
            forward,
            lister,
            connection: Some(first),
            stop: Arc::clone(&stop),
        };
        let watcher = std::thread::Builder::new()
            .name("etude-midi-watch".to_owned())
            .spawn(move || {
                crate::logging::quiet_alsa_on_this_thread();
                watching.run()
            })
            .map_err(|e| MidiError::Connect {
                port: port.to_owned(),
                reason: format!("cannot start the port watcher: {e}"),
            })?;
        Ok(LiveInput {
            stop,
            watcher: Some(watcher),
        })
    }
}

impl Drop for LiveInput {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.join();
        }
    }
}

/// The watcher thread's state.
struct Watching {
    port: String,
    channels: ChannelFilter,
    sender: Sender<InputMessage>,
    forward: Forward,
    lister: MidiInput,
    connection: Option<MidiInputConnection<()>>,
    stop: Arc<AtomicBool>,
}

impl Watching {
    fn run(mut self) {
        let mut watch = PortWatch::new(names(&self.lister));
        while !self.stop.load(Ordering::Relaxed) {
            std::thread::sleep(POLL_INTERVAL);
            let changes = watch.update(names(&self.lister));
            for change in &changes {
                if let PortChange::Disappeared(name) = change
                    && identity(name) == identity(&self.port)
                {
                    // Close the old connection before any new one opens; the keys it held
                    // down can no longer be let go from it.
                    if let Some(connection) = self.connection.take() {
                        connection.close();
                    }
                    release_everything(&self.forward);
                    let _ = self.sender.send(InputMessage::PortLost(name.clone()));
                }
            }
            // While disconnected, try again on every poll until the keyboard is back.
            if self.connection.is_none()
                && let Some(name) = watch
                    .known()
                    .iter()
                    .find(|n| identity(n) == identity(&self.port))
                    .cloned()
                && let Ok(connection) = connect(
                    &name,
                    self.channels,
                    self.sender.clone(),
                    Arc::clone(&self.forward),
                )
            {
                self.connection = Some(connection);
                self.port = name.clone();
                let _ = self.sender.send(InputMessage::PortBack(name));
            }
            if !changes.is_empty() {
                let _ = self
                    .sender
                    .send(InputMessage::Ports(watch.known().to_vec()));
            }
        }
        if let Some(connection) = self.connection.take() {
            connection.close();
        }
    }
}
