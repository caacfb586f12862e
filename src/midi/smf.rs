//! Reading a performance from a Standard MIDI File (midly): format 0 and 1, any resolution,
//! running status, tempo changes (ticks become time through the file's tempo map), NoteOn
//! with velocity 0 as NoteOff, one channel or all.

use midly::{Format, MetaMessage, MidiMessage, Smf, Timing, TrackEventKind};

use crate::engine::{EventKind, Micros, NoteEvent};
use crate::theory::Note;

/// Why a file could not be read as a performance.
#[derive(Debug, thiserror::Error)]
pub enum SmfError {
    /// Zero bytes.
    #[error("the file is empty")]
    Empty,
    /// Not a Standard MIDI File.
    #[error("not a valid Standard MIDI File: {0}")]
    Invalid(String),
    /// Format 2 holds independent sequences, not one performance.
    #[error("format 2 (sequential tracks) is not a single performance; save it as format 0 or 1")]
    Sequential,
    /// No NoteOn at all (on the chosen channel).
    #[error("the file has no notes{}", channel.map(|c| format!(" on channel {}", c + 1)).unwrap_or_default())]
    NoNotes {
        /// The channel filtered on (0-based), if any.
        channel: Option<u8>,
    },
}

/// Microseconds per quarter note until the file says otherwise (120 bpm).
const DEFAULT_TEMPO: u32 = 500_000;

/// Reads the note and pedal events of a performance. Times are µs from the first note.
/// `channel` is 0-based; `None` takes every channel.
pub fn read_performance(bytes: &[u8], channel: Option<u8>) -> Result<Vec<NoteEvent>, SmfError> {
    if bytes.is_empty() {
        return Err(SmfError::Empty);
    }
    let smf = Smf::parse(bytes).map_err(|e| SmfError::Invalid(e.to_string()))?;
    if smf.header.format == Format::Sequential {
        return Err(SmfError::Sequential);
    }

    // Every event with its absolute tick; a stable sort keeps the order within a tick.
    enum Happening {
        Tempo(u32),
        Event(EventKind),
    }
    let mut timeline: Vec<(u64, Happening)> = Vec::new();
    for track in &smf.tracks {
        let mut tick: u64 = 0;
        for event in track {
            tick += u64::from(event.delta.as_int());
            let happening = match event.kind {
                TrackEventKind::Meta(MetaMessage::Tempo(tempo)) => Happening::Tempo(tempo.as_int()),
                TrackEventKind::Midi {
                    channel: c,
                    message,
                } if channel.is_none_or(|wanted| wanted == c.as_int()) => match message {
                    MidiMessage::NoteOn { key, vel } if vel.as_int() > 0 => {
                        Happening::Event(EventKind::NoteOn {
                            note: Note(key.as_int()),
                            velocity: vel.as_int(),
                        })
                    }
                    MidiMessage::NoteOn { key, .. } | MidiMessage::NoteOff { key, .. } => {
                        Happening::Event(EventKind::NoteOff {
                            note: Note(key.as_int()),
                        })
                    }
                    MidiMessage::Controller { controller, value } if controller.as_int() == 64 => {
                        Happening::Event(EventKind::Pedal {
                            down: value.as_int() >= 64,
                        })
                    }
                    _ => continue,
                },
                _ => continue,
            };
            timeline.push((tick, happening));
        }
    }
    timeline.sort_by_key(|(tick, _)| *tick);

    let mut events = Vec::with_capacity(timeline.len());
    let mut tempo = DEFAULT_TEMPO;
    let (mut last_tick, mut elapsed_us) = (0u64, 0f64);
    for (tick, happening) in timeline {
        let ticks = (tick - last_tick) as f64;
        elapsed_us += match smf.header.timing {
            Timing::Metrical(ppq) => ticks * f64::from(tempo) / f64::from(ppq.as_int().max(1)),
            Timing::Timecode(fps, subframe) => {
                ticks * 1_000_000.0 / (f64::from(fps.as_f32()) * f64::from(subframe.max(1)))
            }
        };
        last_tick = tick;
        match happening {
            Happening::Tempo(new_tempo) => tempo = new_tempo,
            Happening::Event(kind) => events.push(NoteEvent {
                at: elapsed_us.round() as Micros,
                kind,
            }),
        }
    }

    let first_note = events
        .iter()
        .find(|e| matches!(e.kind, EventKind::NoteOn { .. }))
        .map(|e| e.at)
        .ok_or(SmfError::NoNotes { channel })?;
    events.retain(|e| e.at >= first_note);
    for event in &mut events {
        event.at -= first_note;
    }
    Ok(events)
}

/// Ticks per quarter note in written recordings.
const RECORDING_PPQ: u16 = 480;

/// Writes a performance as a format 0 Standard MIDI File on channel 1, 480 ticks a quarter at
/// 120 bpm (a tick is 500,000 / 480 µs): any DAW opens it, and it reads back to the same times
/// within a tick.
pub fn write_performance(events: &[NoteEvent], path: &std::path::Path) -> std::io::Result<()> {
    use midly::num::{u4, u7, u15, u24, u28};
    use midly::{Header, TrackEvent};

    let us_per_tick = f64::from(DEFAULT_TEMPO) / f64::from(RECORDING_PPQ);
    let mut track = vec![TrackEvent {
        delta: u28::new(0),
        kind: TrackEventKind::Meta(MetaMessage::Tempo(u24::new(DEFAULT_TEMPO))),
    }];
    let origin = events.first().map_or(0, |e| e.at.min(0));
    let mut last_tick: u64 = 0;
    for event in events {
        let tick = ((event.at - origin) as f64 / us_per_tick).round().max(0.0) as u64;
        let message = match event.kind {
            EventKind::NoteOn { note, velocity } => MidiMessage::NoteOn {
                key: u7::new(note.0 & 0x7f),
                vel: u7::new(velocity.clamp(1, 127)),
            },
            EventKind::NoteOff { note } => MidiMessage::NoteOff {
                key: u7::new(note.0 & 0x7f),
                vel: u7::new(64),
            },
            EventKind::Pedal { down } => MidiMessage::Controller {
                controller: u7::new(64),
                value: u7::new(if down { 127 } else { 0 }),
            },
        };
        let delta = u32::try_from(tick.saturating_sub(last_tick))
            .unwrap_or(u32::MAX >> 4)
            .min((1 << 28) - 1);
        track.push(TrackEvent {
            delta: u28::new(delta),
            kind: TrackEventKind::Midi {
                channel: u4::new(0),
                message,
            },
        });
        last_tick = tick.max(last_tick);
    }
    track.push(TrackEvent {
        delta: u28::new(0),
        kind: TrackEventKind::Meta(MetaMessage::EndOfTrack),
    });
    let mut smf = Smf::new(Header::new(
        Format::SingleTrack,
        Timing::Metrical(u15::new(RECORDING_PPQ)),
    ));
    smf.tracks.push(track);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    smf.save(path)
}
