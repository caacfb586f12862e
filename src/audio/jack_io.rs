//! On a JACK server (the `jack` feature), the keyboard and the sound in one JACK client: its
//! process callback reads the period's MIDI events with their frame offsets, places each key
//! at its own frame of the period being rendered (one period after it came, for every key
//! alike) and renders the synthesizer into the two output ports. No second client races the
//! first: a key never waits for another client's period.
//!
//! The callback never blocks or allocates: the keys go on to the app through a lock-free
//! queue, which a thread of its own empties. Connecting to a keyboard's port, and noticing
//! when it goes and comes back, is done from outside the callback ([`JackOutput::listen`]).

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::{JoinHandle, Thread};
use std::time::{Duration, Instant};

use crossbeam_queue::ArrayQueue;
use rustysynth::SoundFont;

use super::clock::{Pacer, SampleClock, Stall};
use super::command::{Command, CommandReceiver, CommandSender};
use super::renderer::Renderer;
use super::reread::{Read, Reread, Written};
use super::slice::AskOnce;
use crate::engine::EventKind;
use crate::midi::decode::{ChannelFilter, decode};
use crate::midi::input::{InputMessage, MidiError};
use crate::midi::ports::identity;

/// Keys that may wait for the app at once: far more than hands play in a few milliseconds.
const HEARD_CAPACITY: usize = 1024;

/// How long the port watcher sleeps with no news from the server, in case a piece of news
/// came before it was listening (it is woken at once when a port comes or goes).
const NO_NEWS: Duration = Duration::from_secs(2);

/// JACK's type name for MIDI ports.
const MIDI_TYPE: &str = "midi";

/// What the process callback shares with the rest of Etude.
struct Heard {
    /// Keys heard, with when they came, for the app.
    queue: ArrayQueue<(Instant, EventKind)>,
    /// The channel listened to: 0 for all, else the channel's number (1–16).
    channel: AtomicU8,
    /// Where the keys go (none while no keyboard is listened to).
    to_app: Mutex<Option<Sender<InputMessage>>>,
    /// Ends the thread that hands the keys over.
    stop: AtomicBool,
    /// That thread, woken when there are keys (it sleeps otherwise: an idle Etude costs
    /// nothing).
    hand_over: OnceLock<Thread>,
    /// Periods the server did not run this client in: keys played in them never reached it.
    periods_lost: AtomicU64,
}

impl Heard {
    fn channels(&self) -> ChannelFilter {
        match self.channel.load(Ordering::Relaxed) {
            0 => ChannelFilter::All,
            n => ChannelFilter::Only(n - 1),
        }
    }
}

/// The server's news this client listens to: a port registered or gone wakes the thread
/// watching the keyboard's port, so nothing polls the port list.
struct PortNews {
    watcher: Arc<Mutex<Option<Thread>>>,
}

impl jack::NotificationHandler for PortNews {
    fn port_registration(&mut self, _: &jack::Client, _: jack::PortId, _: bool) {
        // Only a wake: no call back into the server from its notification thread.
        if let Ok(watcher) = self.watcher.lock()
            && let Some(thread) = watcher.as_ref()
        {
            thread.unpark();
        }
    }
}

/// The process callback's state.
struct Process {
    renderer: Renderer,
    clock: Arc<SampleClock>,
    pacer: Pacer,
    keys: jack::Port<jack::MidiIn>,
    left: jack::Port<jack::AudioOut>,
    right: jack::Port<jack::AudioOut>,
    heard: Arc<Heard>,
    rate: f64,
    /// The server's frame time at the start of the last period rendered, and its length.
    last_period: Option<(u32, u32)>,
    /// Periods the server went on without this client, less those it ran it twice in.
    periods_lost: i64,
    /// The keys of the last wake: a period read twice is played and judged once.
    reread: Reread,
    /// The sound of the last wake: a period run twice with nothing new sounds as it did.
    written: Written,
    /// The process thread's short time slice, asked for in its first period (JACK makes the
    /// thread real-time, when it can, only after its init callback).
    slice: AskOnce,
}

impl Process {
    /// Keeps the renderer on the server's clock and counts the periods lost. A server that
    /// finds this client late wakes it once for two periods (the first one's sound and keys
    /// are lost); without this, everything scheduled (clicks, replays, the other hand) would
    /// sound a period late after each, for good. The frame time read is the server's current
    /// period, so a wake for a period that comes after the next has begun reads the next,
    /// and the wake for the next then reads it again: the renderer moves on, and the count
    /// goes up and down again (every period was run). The second wake writes the first one's
    /// sound again when it read the same events (see `process`); when it read others (the
    /// late wake read the period before's), the renderer moves back and renders the period
    /// again with them.
    fn follow_server_clock(&mut self, frame: u32, frames: u32) {
        let Some((last, last_frames)) = self.last_period.replace((frame, frames)) else {
            return;
        };
        // Signed, so that a second wake in one period moves back.
        let moved = i64::from(frame.wrapping_sub(last) as i32);
        let expected = i64::from(last_frames);
        if moved == expected {
            return;
        }
        let rendered = i64::try_from(self.renderer.position()).unwrap_or(i64::MAX);
        let position = rendered - expected + moved;
        self.renderer
            .move_to(u64::try_from(position).unwrap_or_default());
        self.pacer.renderer_moved(moved - expected);
        self.periods_lost += (moved - expected) / i64::from(frames.max(1));
        let lost = u64::try_from(self.periods_lost).unwrap_or_default();
        self.heard.periods_lost.store(lost, Ordering::Relaxed);
    }
}

impl jack::ProcessHandler for Process {
    fn process(&mut self, _: &jack::Client, scope: &jack::ProcessScope) -> jack::Control {
        self.slice.ask();
        let frames = scope.n_frames();
        let frame = scope.last_frame_time();
        let read = self.reread.read(
            frame,
            self.keys.iter(scope).map(|event| (event.time, event.bytes)),
        );
        // Run again for the period it rendered, with nothing new: it sounds as it did, and
        // the server did run it for the period it counted lost.
        if read == Read::Again
            && self.written.write_again(
                self.left.as_mut_slice(scope),
                self.right.as_mut_slice(scope),
            )
        {
            self.periods_lost -= 1;
            let lost = u64::try_from(self.periods_lost).unwrap_or_default();
            self.heard.periods_lost.store(lost, Ordering::Relaxed);
            return jack::Control::Continue;
        }
        self.follow_server_clock(frame, frames);
        // A busy machine may wake this client well into the period: the period began then.
        let late = f64::from(scope.frames_since_cycle_start().min(frames)) / self.rate;
        let now = Instant::now();
        let began = now
            .checked_sub(Duration::from_secs_f64(late))
            .unwrap_or(now);
        let position = self.renderer.position();
        // The renderer follows the server's frame clock (above): a stall moves the line.
        let placed = self.pacer.block(&self.clock, position, began);
        debug_assert_eq!(
            placed, position,
            "on JACK the pacer never moves the renderer"
        );
        let mut keys = Keys {
            renderer: &mut self.renderer,
            heard: &self.heard,
            channels: self.heard.channels(),
            position,
            frames,
            began,
            rate: self.rate,
        };
        // Every event taken (`|`, not `||`), whether or not one before was handed over.
        let heard_any = match read {
            Read::New => self.reread.events().iter().fold(false, |any, event| {
                keys.take(event.frame(), event.bytes()) | any
            }),
            Read::Again => false,
            Read::TooMany => self
                .keys
                .iter(scope)
                .fold(false, |any, event| keys.take(event.time, event.bytes) | any),
        };
        if heard_any && let Some(thread) = self.heard.hand_over.get() {
            // A futex wake: no lock, no allocation.
            thread.unpark();
        }
        let left = self.left.as_mut_slice(scope);
        let right = self.right.as_mut_slice(scope);
        self.renderer.render(left, right);
        self.written.keep(left, right);
        jack::Control::Continue
    }

    /// Room to keep a period's sound (JACK lets this callback allocate).
    fn buffer_size(&mut self, _: &jack::Client, frames: jack::Frames) -> jack::Control {
        self.written.resize(frames as usize);
        jack::Control::Continue
    }
}

/// Where the keys of one wake go: the renderer, at their own frames of the period it renders,
/// and the app, with when each came.
struct Keys<'a> {
    renderer: &'a mut Renderer,
    heard: &'a Heard,
    channels: ChannelFilter,
    /// Where the renderer stands: the start of the period it renders.
    position: u64,
    /// The period's length.
    frames: u32,
    /// When the period began.
    began: Instant,
    rate: f64,
}

impl Keys<'_> {
    /// Takes the message `bytes` that came at `frame` of the last period: a key sounds at the
    /// same frame of this one and goes on to the app. Whether a key was handed over.
    fn take(&mut self, frame: u32, bytes: &[u8]) -> bool {
        let Some(kind) = decode(bytes, self.channels) else {
            return false;
        };
        self.renderer.place(self.position + u64::from(frame), kind);
        let before = f64::from(self.frames.saturating_sub(frame)) / self.rate;
        let came = self
            .began
            .checked_sub(Duration::from_secs_f64(before))
            .unwrap_or(self.began);
        self.heard.queue.push((came, kind)).is_ok()
    }
}

/// The open JACK client: dropping it closes it.
pub struct JackOutput {
    client: Arc<jack::AsyncClient<PortNews, Process>>,
    keys_port: String,
    heard: Arc<Heard>,
    hand_over: Option<JoinHandle<()>>,
    /// The thread watching the keyboard's port, woken by [`PortNews`].
    port_watcher: Arc<Mutex<Option<Thread>>>,
    /// The output buffer in frames (the server's period).
    pub period: u32,
    /// The server's sample rate.
    pub sample_rate: u32,
}

/// The client's name: Etude and its process id, so that several can run and each is found.
pub fn client_name() -> String {
    format!("etude-{}", std::process::id())
}

impl JackOutput {
    /// Opens a client on a running JACK server (none is started) playing `soundfont`, taking
    /// commands from `commands`; its outputs connected to the system's playback ports. Returns
    /// it with the stream's clock, or why it could not (no server, above all).
    pub fn open(
        soundfont: &Arc<SoundFont>,
        commands: CommandReceiver,
    ) -> Result<(JackOutput, Arc<SampleClock>), String> {
        let (client, _) = jack::Client::new(&client_name(), jack::ClientOptions::NO_START_SERVER)
            .map_err(|e| format!("no JACK server ({e})"))?;
        let rate = client.sample_rate();
        let period = client.buffer_size();
        let keys = client
            .register_port("keys", jack::MidiIn::default())
            .map_err(|e| e.to_string())?;
        let left = client
            .register_port("out_left", jack::AudioOut::default())
            .map_err(|e| e.to_string())?;
        let right = client
            .register_port("out_right", jack::AudioOut::default())
            .map_err(|e| e.to_string())?;
        let keys_port = keys.name().map_err(|e| e.to_string())?;
        let outputs = [
            left.name().map_err(|e| e.to_string())?,
            right.name().map_err(|e| e.to_string())?,
        ];
        let clock = Arc::new(SampleClock::new(rate));
        let renderer = Renderer::for_buffer(soundfont, rate, Some(period), commands)
            .map_err(|e| e.to_string())?;
        let heard = Arc::new(Heard {
            queue: ArrayQueue::new(HEARD_CAPACITY),
            channel: AtomicU8::new(0),
            to_app: Mutex::new(None),
            stop: AtomicBool::new(false),
            hand_over: OnceLock::new(),
            periods_lost: AtomicU64::new(0),
        });
        let process = Process {
            renderer,
            clock: Arc::clone(&clock),
            pacer: Pacer::new(rate, period as usize, Stall::MovesTheLine),
            keys,
            left,
            right,
            heard: Arc::clone(&heard),
            rate: f64::from(rate),
            last_period: None,
            periods_lost: 0,
            reread: Reread::default(),
            written: Written::for_period(period as usize),
            slice: AskOnce::default(),
        };
        let port_watcher = Arc::new(Mutex::new(None));
        let news = PortNews {
            watcher: Arc::clone(&port_watcher),
        };
        let client = client
            .activate_async(news, process)
            .map_err(|e| e.to_string())?;
        // To the speakers, as a player expects (a patchbay can change it).
        let playback = client.as_client().ports(
            Some("system:playback"),
            None,
            jack::PortFlags::IS_INPUT | jack::PortFlags::IS_PHYSICAL,
        );
        for (ours, theirs) in outputs.iter().zip(playback.iter()) {
            let _ = client.as_client().connect_ports_by_name(ours, theirs);
        }
        let hand_over = {
            let heard = Arc::clone(&heard);
            std::thread::Builder::new()
                .name("etude-jack-keys".to_owned())
                .spawn(move || hand_keys_over(&heard))
                .map_err(|e| e.to_string())?
        };
        Ok((
            JackOutput {
                client: Arc::new(client),
                keys_port,
                heard,
                hand_over: Some(hand_over),
                port_watcher,
                period,
                sample_rate: rate,
            },
            clock,
        ))
    }

    /// The client's name on the server.
    pub fn name(&self) -> &str {
        self.client.as_client().name()
    }

    /// Periods the server did not run this client in (a machine too busy for the buffer):
    /// their sound never went out and keys played in them never reached Etude.
    pub fn periods_lost(&self) -> u64 {
        self.heard.periods_lost.load(Ordering::Relaxed)
    }

    /// Listens to the MIDI port `port` (connected to this client's keys, any other connection
    /// let go), on `channels`; the keys go to `sender`. The port is watched: when it goes,
    /// `sender` is told and every key let go through `commands`; when it comes back it is
    /// connected again.
    pub fn listen(
        &self,
        port: &str,
        channels: ChannelFilter,
        sender: Sender<InputMessage>,
        commands: CommandSender,
    ) -> Result<JackListening, MidiError> {
        let client = Arc::clone(&self.client);
        let source = find_port(client.as_client(), port).ok_or_else(|| MidiError::Connect {
            port: port.to_owned(),
            reason: "the port is not there".to_owned(),
        })?;
        if let Some(ours) = client.as_client().port_by_name(&self.keys_port) {
            let _ = client.as_client().disconnect(&ours);
        }
        client
            .as_client()
            .connect_ports_by_name(&source, &self.keys_port)
            .map_err(|e| MidiError::Connect {
                port: port.to_owned(),
                reason: e.to_string(),
            })?;
        self.heard.channel.store(
            match channels {
                ChannelFilter::All => 0,
                ChannelFilter::Only(channel) => channel.min(15) + 1,
            },
            Ordering::Relaxed,
        );
        if let Ok(mut to_app) = self.heard.to_app.lock() {
            *to_app = Some(sender.clone());
        }
        let stop = Arc::new(AtomicBool::new(false));
        let watching = Watching {
            client,
            keys_port: self.keys_port.clone(),
            source,
            sender,
            commands,
            stop: Arc::clone(&stop),
        };
        let slot = Arc::clone(&self.port_watcher);
        let watcher = std::thread::Builder::new()
            .name("etude-jack-watch".to_owned())
            .spawn(move || {
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(std::thread::current());
                }
                watching.run();
            })
            .map_err(|e| MidiError::Connect {
                port: port.to_owned(),
                reason: format!("cannot start the port watcher: {e}"),
            })?;
        Ok(JackListening {
            stop,
            watcher: Some(watcher),
            heard: Arc::clone(&self.heard),
        })
    }
}

impl Drop for JackOutput {
    fn drop(&mut self) {
        self.heard.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.hand_over.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

/// Hands the keys the callback heard to the app as they come, until told to stop; asleep
/// in between.
fn hand_keys_over(heard: &Heard) {
    let _ = heard.hand_over.set(std::thread::current());
    while !heard.stop.load(Ordering::Relaxed) {
        while let Some((at, kind)) = heard.queue.pop() {
            if let Ok(to_app) = heard.to_app.lock()
                && let Some(sender) = to_app.as_ref()
            {
                let _ = sender.send(InputMessage::Event { at, kind });
            }
        }
        // Woken by the callback; the timeout only in case a wake came before the thread was
        // known to it.
        std::thread::park_timeout(Duration::from_millis(200));
    }
}

/// The MIDI output port named `port` (as the port list names it), if it is there.
fn find_port(client: &jack::Client, port: &str) -> Option<String> {
    client
        .ports(None, Some(MIDI_TYPE), jack::PortFlags::IS_OUTPUT)
        .into_iter()
        .find(|name| identity(name) == identity(port))
}

/// A keyboard listened to through the JACK client; dropping it stops listening.
pub struct JackListening {
    stop: Arc<AtomicBool>,
    watcher: Option<JoinHandle<()>>,
    heard: Arc<Heard>,
}

impl Drop for JackListening {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(watcher) = self.watcher.take() {
            watcher.thread().unpark();
            let _ = watcher.join();
        }
        if let Ok(mut to_app) = self.heard.to_app.lock() {
            *to_app = None;
        }
    }
}

/// The port watcher's state.
struct Watching {
    client: Arc<jack::AsyncClient<PortNews, Process>>,
    keys_port: String,
    source: String,
    sender: Sender<InputMessage>,
    commands: CommandSender,
    stop: Arc<AtomicBool>,
}

impl Watching {
    fn run(self) {
        let client = self.client.as_client();
        let mut connected = true;
        while !self.stop.load(Ordering::Relaxed) {
            std::thread::park_timeout(NO_NEWS);
            if self.stop.load(Ordering::Relaxed) {
                break;
            }
            match (connected, find_port(client, &self.source)) {
                (true, None) => {
                    connected = false;
                    // The keys it held down can no longer be let go from it.
                    for release in EventKind::releasing_everything() {
                        self.commands.send(Command::Play(release));
                    }
                    let _ = self
                        .sender
                        .send(InputMessage::PortLost(self.source.clone()));
                }
                (false, Some(back))
                    if client.connect_ports_by_name(&back, &self.keys_port).is_ok() =>
                {
                    connected = true;
                    let _ = self.sender.send(InputMessage::PortBack(back));
                }
                _ => {}
            }
        }
        let _ = client.disconnect_ports_by_name(&self.source, &self.keys_port);
    }
}
