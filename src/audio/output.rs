//! Opening the sound output: with the `jack` feature and a JACK server running, a JACK client
//! of Etude's own that also hears the keyboard (see [`super::jack_io`]); else a small fixed
//! buffer on the default device, the device's default buffer when that is refused, and a
//! silent output when there is no device at all, so that everything else still works.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rodio::{DeviceSinkBuilder, MixerDeviceSink};
use rustysynth::SoundFont;

use super::clock::SampleClock;
use super::command::{CommandSender, command_queue};
use super::error::DeviceError;
use super::renderer::{REVERB_FROM_FRAMES, Renderer, reverb_for};
use super::source::RendererSource;

/// The output buffer asked for by default, in frames (5.3 ms at 48 kHz).
const DEFAULT_BUFFER_FRAMES: u32 = 256;
/// The buffer sizes the settings accept.
const BUFFER_FRAMES: std::ops::RangeInclusive<u32> = 64..=2048;

/// Where the sound goes.
pub enum Sink {
    /// A real device; dropping it closes the stream.
    Device(MixerDeviceSink),
    /// Etude's own JACK client, keyboard and sound in one.
    #[cfg(feature = "jack")]
    Jack(super::jack_io::JackOutput),
    /// Nowhere: no device could be opened.
    Silent,
}

/// The open output: send commands to it, read its clock.
pub struct AudioOutput {
    /// Send notes, metronome and demo commands here.
    pub commands: CommandSender,
    /// The stream clock (stays at 0 when silent).
    pub clock: Arc<SampleClock>,
    /// What is playing, for messages: the device and its buffer, or why there is no sound.
    pub description: String,
    /// The output buffer's latency in ms, when known.
    pub latency_ms: Option<f64>,
    /// The underruns the device reported (none on JACK or when silent).
    underruns: Arc<AtomicU64>,
    sink: Sink,
}

/// How the sound broke off, the machine too busy for it (see [`AudioOutput::breaks`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SoundBreaks {
    /// The JACK server left Etude's client out of `periods` periods of `period_ms` each: keys
    /// played on a MIDI keyboard heard through the server then never reached Etude.
    LeftOut {
        /// Periods left out.
        periods: u64,
        /// How long a period is.
        period_ms: f64,
    },
    /// The sound device ran out of samples (an underrun) `times` times; the keys still came.
    RanDry {
        /// Underruns the device reported.
        times: u64,
    },
}

impl AudioOutput {
    /// Whether sound really goes out.
    pub fn is_silent(&self) -> bool {
        matches!(self.sink, Sink::Silent)
    }

    /// An output that plays nothing (no device, or tests).
    pub fn silent(reason: impl Into<String>) -> AudioOutput {
        let (commands, _) = command_queue();
        AudioOutput {
            commands,
            clock: Arc::new(SampleClock::new(48_000)),
            description: reason.into(),
            latency_ms: None,
            underruns: Arc::default(),
            sink: Sink::Silent,
        }
    }

    /// Etude's JACK client, when the sound goes through one (the keyboard is then heard there).
    #[cfg(feature = "jack")]
    pub fn jack(&self) -> Option<&super::jack_io::JackOutput> {
        match &self.sink {
            Sink::Jack(jack) => Some(jack),
            _ => None,
        }
    }

    /// How often the sound broke off so far, the machine too busy for it: on JACK the periods
    /// the server left Etude's client out of (keys played in them never reached Etude), on a
    /// device the underruns it reported. Always 0 when silent.
    pub fn breaks(&self) -> u64 {
        #[cfg(feature = "jack")]
        if let Some(jack) = self.jack() {
            return jack.periods_lost();
        }
        self.underruns.load(Ordering::Relaxed)
    }

    /// `count` of [`AudioOutput::breaks`], said as what they were on this output.
    pub fn breaks_described(&self, count: u64) -> SoundBreaks {
        #[cfg(feature = "jack")]
        if self.jack().is_some() {
            return SoundBreaks::LeftOut {
                periods: count,
                period_ms: self.latency_ms.unwrap_or_default(),
            };
        }
        SoundBreaks::RanDry { times: count }
    }

    /// When the sound broke off, what that cost the player, in words; else nothing.
    pub fn breaks_warning(&self) -> Option<String> {
        match self.breaks_described(self.breaks()) {
            SoundBreaks::LeftOut { periods: 0, .. } | SoundBreaks::RanDry { times: 0 } => None,
            SoundBreaks::LeftOut { periods, period_ms } => Some(format!(
                "the JACK server did not run Etude in {periods} of its {period_ms:.1} ms periods \
                 (the machine was too busy): keys played in them never reached Etude. A larger \
                 buffer, or JACK with real-time priority, makes it rarer."
            )),
            SoundBreaks::RanDry { times } => Some(format!(
                "the sound device ran dry {} (the machine was too busy) and the sound broke \
                 off. A larger buffer makes it rarer.",
                crate::progress::words::times(times)
            )),
        }
    }
}

/// Loads the SoundFont chosen (see [`super::soundfont::load`]) and opens the output with
/// `buffer_frames` (default 256); returns the output, whose description names the SoundFont,
/// and the choices that could not be used. Never fails: without a font or a device it is silent.
pub fn open_chosen(
    soundfont: Option<&std::path::Path>,
    buffer_frames: Option<u32>,
) -> (AudioOutput, Vec<String>) {
    open_loaded(super::soundfont::load(soundfont), buffer_frames)
}

/// Opens the output playing `font`, a SoundFont already loaded (the slow part, which may be
/// done on another thread); as [`open_chosen`] otherwise.
pub fn open_loaded(
    font: Result<super::soundfont::Loaded, super::error::SoundFontError>,
    buffer_frames: Option<u32>,
) -> (AudioOutput, Vec<String>) {
    let font = match font {
        Ok(font) => font,
        Err(error) => {
            return (
                AudioOutput::silent(no_sound(&error.to_string())),
                Vec::new(),
            );
        }
    };
    let mut output = open(
        &font.soundfont,
        buffer_frames.unwrap_or(DEFAULT_BUFFER_FRAMES),
    );
    if !output.is_silent() {
        output.description = format!("{} (SoundFont: {})", output.description, font.origin);
    }
    (output, font.warnings)
}

/// Opens the default device (or JACK) with `buffer_frames` of buffer, playing `soundfont`.
/// Never fails: without a device the output is silent and `description` says why.
pub fn open(soundfont: &Arc<SoundFont>, buffer_frames: u32) -> AudioOutput {
    #[cfg(feature = "jack")]
    match open_jack(soundfont) {
        Ok(output) => return output,
        Err(reason) => tracing::info!("not through JACK: {reason}"),
    }
    let buffer_frames = buffer_frames.clamp(*BUFFER_FRAMES.start(), *BUFFER_FRAMES.end());
    let underruns = Arc::new(AtomicU64::new(0));
    let opened = match open_device(buffer_frames, &underruns) {
        Ok(opened) => opened,
        Err(reason) => return AudioOutput::silent(no_sound(&reason.to_string())),
    };
    crate::logging::quiet_alsa_on_this_thread();
    let (mut sink, how) = opened;
    // Closing the stream is normal here (settings changed, the program ends): no message.
    sink.log_on_drop(false);
    let config = sink.config();
    let sample_rate = config.sample_rate();
    // None: the device's default buffer, of a size not known.
    let buffer = match config.buffer_size() {
        cpal::BufferSize::Fixed(frames) => Some(*frames),
        cpal::BufferSize::Default => None,
    };
    let latency_ms = buffer.map(|frames| f64::from(frames) * 1000.0 / f64::from(sample_rate.get()));
    let (commands, receiver) = command_queue();
    let clock = Arc::new(SampleClock::new(sample_rate.get()));
    let renderer = match Renderer::for_buffer(soundfont, sample_rate.get(), buffer, receiver) {
        Ok(renderer) => renderer,
        Err(error) => return AudioOutput::silent(no_sound(&error.to_string())),
    };
    sink.mixer().add(RendererSource::new(
        renderer,
        Arc::clone(&clock),
        sample_rate,
    ));
    let latency = latency_ms.map_or_else(
        || "device default buffer".to_owned(),
        |ms| format!("{ms:.1} ms buffer"),
    );
    AudioOutput {
        commands,
        clock,
        description: format!(
            "{how}, {} Hz, {latency}{}",
            sample_rate.get(),
            dry_below_reverb(buffer)
        ),
        latency_ms,
        underruns,
        sink: Sink::Device(sink),
    }
}

/// The way from a live keyboard to this output: each key placed on its own sample, one
/// constant delay after it arrived (see [`SampleClock::live_position`]).
pub fn live_forward(output: &AudioOutput) -> crate::midi::input::Forward {
    let commands = output.commands.clone();
    let clock = Arc::clone(&output.clock);
    Arc::new(move |at, event| {
        commands.send(super::command::Command::PlayAt {
            at: clock.live_position(at),
            event,
        })
    })
}

/// What the description adds for a buffer of `frames` (none: not known): that the piano
/// plays without reverb, when it does (see [`reverb_for`]).
fn dry_below_reverb(frames: Option<u32>) -> String {
    if reverb_for(frames) {
        String::new()
    } else {
        format!(", no reverb (the buffer is under {REVERB_FROM_FRAMES} frames)")
    }
}

/// Why there is no sound, in words for a player, the technical detail after.
fn no_sound(detail: &str) -> String {
    tracing::warn!("no sound output: {detail}");
    format!(
        "No sound: Etude found no speakers or headphones it could play through. Plug some in, or close a program that may be holding the sound card, then restart Etude; you can practise without sound meanwhile. (Detail: {detail})"
    )
}

/// What to do with a stream error (a device gone, an underrun): it goes to the log, not the
/// terminal, and an underrun is counted in `underruns`.
fn stream_errors(underruns: &Arc<AtomicU64>) -> impl FnMut(cpal::Error) + Send + 'static {
    let underruns = Arc::clone(underruns);
    move |error| {
        if error.kind() == cpal::ErrorKind::Xrun {
            underruns.fetch_add(1, Ordering::Relaxed);
        }
        tracing::warn!("audio stream: {error}");
    }
}

fn open_device(
    buffer_frames: u32,
    underruns: &Arc<AtomicU64>,
) -> Result<(MixerDeviceSink, String), DeviceError> {
    crate::logging::quiet_alsa_on_this_thread();
    let small = DeviceSinkBuilder::from_default_device()
        .map_err(|e| DeviceError::NoDevice(e.to_string()))?
        .with_buffer_size(cpal::BufferSize::Fixed(buffer_frames))
        .with_error_callback(stream_errors(underruns))
        .open_stream();
    match small {
        Ok(sink) => Ok((
            sink,
            format!("default device, {buffer_frames}-frame buffer"),
        )),
        Err(refused) => DeviceSinkBuilder::from_default_device()
            .map_err(|e| DeviceError::NoDevice(e.to_string()))?
            .with_buffer_size(cpal::BufferSize::Default)
            .with_error_callback(stream_errors(underruns))
            .open_stream()
            .map(|sink| {
                (
                    sink,
                    format!("default device ({buffer_frames} frames refused: {refused})"),
                )
            })
            .map_err(|e| DeviceError::Refused(e.to_string())),
    }
}

/// Etude's own JACK client, when a server runs: the buffer is the server's period.
#[cfg(feature = "jack")]
fn open_jack(soundfont: &Arc<SoundFont>) -> Result<AudioOutput, String> {
    let (commands, receiver) = command_queue();
    let (jack, clock) = super::jack_io::JackOutput::open(soundfont, receiver)?;
    let latency_ms = f64::from(jack.period) * 1000.0 / f64::from(jack.sample_rate);
    Ok(AudioOutput {
        commands,
        clock,
        description: format!(
            "JACK ({}), {} Hz, {latency_ms:.1} ms buffer{}",
            jack.name(),
            jack.sample_rate,
            dry_below_reverb(Some(jack.period))
        ),
        latency_ms: Some(latency_ms),
        underruns: Arc::default(),
        sink: Sink::Jack(jack),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The device's underruns (and only those) are counted, and said as the sound running dry.
    #[test]
    fn the_underruns_a_device_reports_are_counted_and_said() {
        let output = AudioOutput::silent("a device");
        let mut errors = stream_errors(&output.underruns);
        assert_eq!(output.breaks_warning(), None);
        errors(cpal::Error::new(cpal::ErrorKind::Xrun));
        errors(cpal::Error::new(cpal::ErrorKind::DeviceNotAvailable));
        errors(cpal::Error::new(cpal::ErrorKind::Xrun));
        assert_eq!(output.breaks(), 2);
        assert_eq!(output.breaks_described(2), SoundBreaks::RanDry { times: 2 });
        assert_eq!(
            output.breaks_warning().as_deref(),
            Some(
                "the sound device ran dry 2 times (the machine was too busy) and the sound \
                 broke off. A larger buffer makes it rarer."
            )
        );
    }
}
