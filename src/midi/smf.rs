//! Reading a performance from a Standard MIDI File (midly): format 0 and 1 (also wrapped in an
//! RMID file), any resolution, running status, tempo changes (ticks become time through the
//! file's tempo map), NoteOn with velocity 0 as NoteOff, one channel or all.
//!
//! midly forgives damage; this module does not, because a damaged file would be scored as if it
//! were the whole performance. A file that ends inside a chunk, a header that declares more
//! tracks than the file holds, or a track without its End of Track event is refused with the
//! byte offsets involved. Performances are also bounded, so that scoring one takes memory and
//! time in proportion to a real performance: at most [`MAX_PERFORMANCE_BYTES`] of file,
//! [`MAX_PERFORMANCE_EVENTS`] note and pedal events, and [`MAX_PERFORMANCE_MICROS`] from the
//! first note to the last event.

use midly::{EventIter, Format, MetaMessage, MidiMessage, Timing, TrackEventKind};

use crate::engine::{EventKind, Micros, NoteEvent};
use crate::theory::Note;

/// The largest file read as a performance: 4 MiB, about ten times what
/// [`MAX_PERFORMANCE_EVENTS`] events take (some 4 bytes each).
pub const MAX_PERFORMANCE_BYTES: usize = 4 * 1024 * 1024;

/// The most note and pedal events (NoteOns, NoteOffs and sustain-pedal changes together) read
/// from one performance: 100,000, that is about 50,000 notes.
pub const MAX_PERFORMANCE_EVENTS: usize = 100_000;

/// The longest performance, from its first note to its last event: 4 hours, in µs. Recorded
/// attempts are dated by their length before the moment they are scored, so this also keeps
/// those dates sensible.
const MAX_PERFORMANCE_MICROS: Micros = 4 * 60 * 60 * 1_000_000;

/// Why a file could not be read as a performance.
#[derive(Debug, thiserror::Error)]
pub enum SmfError {
    /// Zero bytes.
    #[error("the file is empty")]
    Empty,
    /// More bytes than [`MAX_PERFORMANCE_BYTES`].
    #[error(
        "the file holds {bytes} bytes, more than the {limit} bytes (4 MiB) Etude reads as a performance",
        limit = MAX_PERFORMANCE_BYTES
    )]
    TooLarge {
        /// How many bytes the file holds (or, read from a pipe, how many were read).
        bytes: u64,
    },
    /// Not a Standard MIDI File.
    #[error("not a valid Standard MIDI File: {0}")]
    Invalid(String),
    /// The file ends inside the 8-byte heading (id and length) of a chunk.
    #[error(
        "the file ends after {end} bytes, inside the heading of the chunk that starts at byte {start}: it was cut short"
    )]
    CutHeading {
        /// The length of the file.
        end: usize,
        /// The byte where the chunk's heading starts.
        start: usize,
    },
    /// The file ends before a chunk reaches the length its heading declares.
    #[error(
        "{chunk} at byte {start} declares {declared} bytes, but the file ends after {end} bytes, {} bytes short: it was cut short",
        (*start as u64 + 8 + u64::from(*declared)).saturating_sub(*end as u64)
    )]
    Truncated {
        /// Which chunk: "the header chunk", "track 2", …
        chunk: String,
        /// The byte where the chunk's heading starts.
        start: usize,
        /// The length of its data, as its heading declares it.
        declared: u32,
        /// The length of the file.
        end: usize,
    },
    /// The header declares more tracks than the file holds.
    #[error(
        "the header declares {declared} track{}, but the file ends after {end} bytes with {found}: it was cut short",
        if *declared == 1 { "" } else { "s" }
    )]
    MissingTracks {
        /// Tracks declared in the header.
        declared: usize,
        /// Tracks found.
        found: usize,
        /// The length of the file.
        end: usize,
    },
    /// A track's events stop before an End of Track event: cut short, or damaged inside.
    #[error(
        "track {track} (bytes {start} to {end}) has no End of Track event: the file was cut short or is damaged"
    )]
    NoEndOfTrack {
        /// The track, counting from 1.
        track: usize,
        /// The byte where the track's chunk starts.
        start: usize,
        /// The byte just past the track's chunk.
        end: usize,
    },
    /// Format 2 holds independent sequences, not one performance.
    #[error("format 2 (sequential tracks) is not a single performance; save it as format 0 or 1")]
    Sequential,
    /// More note and pedal events than [`MAX_PERFORMANCE_EVENTS`].
    #[error(
        "the file holds more than {limit} note and pedal events, the most Etude scores in one performance",
        limit = MAX_PERFORMANCE_EVENTS
    )]
    TooManyEvents,
    /// Longer than [`MAX_PERFORMANCE_MICROS`] from the first note to the last event.
    #[error(
        "the performance lasts {} from its first note to its last event, longer than the {} hours Etude scores",
        describe_length(*seconds),
        MAX_PERFORMANCE_MICROS / 3_600_000_000
    )]
    TooLong {
        /// How long it lasts, in seconds.
        seconds: f64,
    },
    /// No NoteOn at all (on the chosen channel).
    #[error("the file has no notes{}", channel.map(|c| format!(" on channel {}", c + 1)).unwrap_or_default())]
    NoNotes {
        /// The channel filtered on (0-based), if any.
        channel: Option<u8>,
    },
}

/// A length in words: hours up to two days, then days up to two years, then years.
fn describe_length(seconds: f64) -> String {
    const HOURS_A_YEAR: f64 = 365.25 * 24.0;
    let hours = seconds / 3600.0;
    if hours < 48.0 {
        // Rounded up, so that a length just past a limit never reads as the limit itself.
        format!("{:.1} hours", (hours * 10.0).ceil() / 10.0)
    } else if hours < 2.0 * HOURS_A_YEAR {
        format!("{:.0} days", hours / 24.0)
    } else {
        format!("{:.0} years", hours / HOURS_A_YEAR)
    }
}

/// Microseconds per quarter note until the file says otherwise (120 bpm).
const DEFAULT_TEMPO: u32 = 500_000;

/// A chunk of the file: its id, where its heading starts in the file, and its data.
pub(super) struct Chunk<'a> {
    id: [u8; 4],
    pub(super) start: usize,
    pub(super) data: &'a [u8],
}

/// The chunk whose heading starts at `at` in `within` (a part of the file that starts at byte
/// `base`), and where the chunk after it starts. `name` says what the chunk is for messages.
fn chunk_at<'a>(
    within: &'a [u8],
    at: usize,
    base: usize,
    little_endian: bool,
    name: impl FnOnce(&[u8; 4]) -> String,
) -> Result<(Chunk<'a>, usize), SmfError> {
    let end = base + within.len();
    let Some(&[a, b, c, d, l0, l1, l2, l3]) = within.get(at..at.saturating_add(8)) else {
        return Err(SmfError::CutHeading {
            end,
            start: base + at,
        });
    };
    let id = [a, b, c, d];
    let declared = if little_endian {
        u32::from_le_bytes([l0, l1, l2, l3])
    } else {
        u32::from_be_bytes([l0, l1, l2, l3])
    };
    let from = at + 8;
    let to = from.saturating_add(usize::try_from(declared).unwrap_or(usize::MAX));
    let Some(data) = within.get(from..to) else {
        return Err(SmfError::Truncated {
            chunk: name(&id),
            start: base + at,
            declared,
            end,
        });
    };
    let chunk = Chunk {
        id,
        start: base + at,
        data,
    };
    Ok((chunk, to))
}

/// The Standard MIDI File inside an RMID file (a RIFF file whose `data` chunk holds it), with
/// the byte where it starts.
fn rmid_data(bytes: &[u8]) -> Result<(usize, &[u8]), SmfError> {
    match bytes.get(8..12) {
        Some(b"RMID") => {}
        Some(_) => {
            return Err(SmfError::Invalid(
                "a RIFF file that is not an RMID (MIDI) file".to_owned(),
            ));
        }
        None => {
            return Err(SmfError::CutHeading {
                end: bytes.len(),
                start: 0,
            });
        }
    }
    let mut at = 12;
    while at < bytes.len() {
        let (chunk, next) = chunk_at(bytes, at, 0, true, |id| {
            format!("the RMID chunk \"{}\"", id.escape_ascii())
        })?;
        if &chunk.id == b"data" {
            return Ok((chunk.start + 8, chunk.data));
        }
        at = next + next % 2; // RIFF chunks are padded to an even length
    }
    Err(SmfError::Invalid(
        "the RMID file holds no MIDI data chunk".to_owned(),
    ))
}

/// The track chunks of the file, each whole, with its number (from 1): a file cut short anywhere
/// before its last declared track ends is refused. Unknown chunks are skipped, and so is
/// whatever follows the declared tracks if it is not a whole chunk (padding, say).
/// The file's header and its whole track chunks, once it is known to be a Standard MIDI File
/// of at most [`MAX_PERFORMANCE_BYTES`], not cut short (see the module's documentation).
pub(super) fn checked(bytes: &[u8]) -> Result<(midly::Header, Vec<(usize, Chunk<'_>)>), SmfError> {
    if bytes.is_empty() {
        return Err(SmfError::Empty);
    }
    if bytes.len() > MAX_PERFORMANCE_BYTES {
        return Err(SmfError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    let tracks = track_chunks(bytes)?;
    let (header, _) = midly::parse(bytes).map_err(|e| SmfError::Invalid(e.to_string()))?;
    Ok((header, tracks))
}

fn track_chunks(bytes: &[u8]) -> Result<Vec<(usize, Chunk<'_>)>, SmfError> {
    let (base, smf) = if bytes.starts_with(b"RIFF") {
        rmid_data(bytes)?
    } else {
        (0, bytes)
    };
    if !b"MThd".starts_with(smf.get(..4).unwrap_or(smf)) {
        return Err(SmfError::Invalid(
            "it does not begin with an MThd header chunk".to_owned(),
        ));
    }
    let (header, mut at) = chunk_at(smf, 0, base, false, |_| "the header chunk".to_owned())?;
    let Some(&[_, _, high, low, division, _]) = header.data.get(..6) else {
        return Err(SmfError::Invalid(format!(
            "the header chunk declares {} bytes; it needs 6",
            header.data.len()
        )));
    };
    // A time division with its top bit set counts SMPTE frames a second, written negative;
    // only 24, 25, 29 (29.97) and 30 exist (and -128 cannot even be negated).
    if division & 0x80 != 0 {
        let fps = (division as i8).checked_neg();
        if !matches!(fps, Some(24 | 25 | 29 | 30)) {
            return Err(SmfError::Invalid(format!(
                "the header's time division (byte {} is {division:#04x}) is not a SMPTE frame rate: 24, 25, 29 or 30 frames a second",
                base + 12
            )));
        }
    }
    let declared = usize::from(u16::from_be_bytes([high, low]));
    let mut tracks = Vec::new();
    while at < smf.len() {
        let number = tracks.len() + 1;
        let read = chunk_at(smf, at, base, false, |id| {
            if id == b"MTrk" {
                format!("track {number}")
            } else {
                format!("the chunk \"{}\"", id.escape_ascii())
            }
        });
        let (chunk, next) = match read {
            Ok(read) => read,
            // Every declared track is whole: what follows is not part of the performance.
            Err(_) if tracks.len() >= declared => break,
            Err(cut) => return Err(cut),
        };
        if &chunk.id == b"MTrk" {
            tracks.push((number, chunk));
        }
        at = next;
    }
    if tracks.len() < declared {
        return Err(SmfError::MissingTracks {
            declared,
            found: tracks.len(),
            end: base + smf.len(),
        });
    }
    Ok(tracks)
}

/// Reads the note and pedal events of a performance. Times are µs from the first note.
/// `channel` is 0-based; `None` takes every channel.
///
/// Refuses a damaged file (see the module's documentation) and one beyond the limits
/// [`MAX_PERFORMANCE_BYTES`], [`MAX_PERFORMANCE_EVENTS`] and [`MAX_PERFORMANCE_MICROS`]; memory
/// stays in proportion to the number of bytes.
pub fn read_performance(bytes: &[u8], channel: Option<u8>) -> Result<Vec<NoteEvent>, SmfError> {
    let (header, tracks) = checked(bytes)?;
    if header.format == Format::Sequential {
        return Err(SmfError::Sequential);
    }

    // Every event with its absolute tick; a stable sort keeps the order within a tick.
    enum Happening {
        Tempo(u32),
        Event(EventKind),
    }
    let mut timeline: Vec<(u64, Happening)> = Vec::new();
    let mut kept = 0usize;
    for (number, track) in &tracks {
        let mut tick: u64 = 0;
        let mut ended = false;
        for event in EventIter::new(track.data) {
            let event = event.map_err(|e| SmfError::Invalid(format!("track {number}: {e}")))?;
            tick += u64::from(event.delta.as_int());
            let happening = match event.kind {
                TrackEventKind::Meta(MetaMessage::EndOfTrack) => {
                    ended = true;
                    break;
                }
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
            if matches!(happening, Happening::Event(_)) {
                kept += 1;
                if kept > MAX_PERFORMANCE_EVENTS {
                    return Err(SmfError::TooManyEvents);
                }
            }
            timeline.push((tick, happening));
        }
        if !ended {
            return Err(SmfError::NoEndOfTrack {
                track: *number,
                start: track.start,
                end: track.start + 8 + track.data.len(),
            });
        }
    }
    timeline.sort_by_key(|(tick, _)| *tick);

    // Times stay in f64 until they are relative to the first note, so that even an absurd
    // silence before it cannot overflow.
    let mut timed: Vec<(f64, EventKind)> = Vec::with_capacity(kept);
    let mut tempo = DEFAULT_TEMPO;
    let (mut last_tick, mut elapsed_us) = (0u64, 0f64);
    for (tick, happening) in timeline {
        let ticks = (tick - last_tick) as f64;
        elapsed_us += match header.timing {
            Timing::Metrical(ppq) => ticks * f64::from(tempo) / f64::from(ppq.as_int().max(1)),
            Timing::Timecode(fps, subframe) => {
                ticks * 1_000_000.0 / (f64::from(fps.as_f32()) * f64::from(subframe.max(1)))
            }
        };
        last_tick = tick;
        match happening {
            Happening::Tempo(new_tempo) => tempo = new_tempo,
            Happening::Event(kind) => timed.push((elapsed_us.round(), kind)),
        }
    }

    let first_note = timed
        .iter()
        .find(|(_, kind)| matches!(kind, EventKind::NoteOn { .. }))
        .map(|(at, _)| *at)
        .ok_or(SmfError::NoNotes { channel })?;
    let length_us = timed.last().map_or(0.0, |(at, _)| at - first_note);
    if length_us > MAX_PERFORMANCE_MICROS as f64 {
        return Err(SmfError::TooLong {
            seconds: length_us / 1_000_000.0,
        });
    }
    Ok(timed
        .into_iter()
        .filter(|(at, _)| *at >= first_note)
        .map(|(at, kind)| NoteEvent {
            at: (at - first_note) as Micros,
            kind,
        })
        .collect())
}

/// Ticks per quarter note in written recordings.
const RECORDING_PPQ: u16 = 480;

/// Writes a performance as a format 0 Standard MIDI File on channel 1, 480 ticks a quarter at
/// 120 bpm (a tick is 500,000 / 480 µs): any DAW opens it, and it reads back to the same times
/// within a tick.
pub fn write_performance(events: &[NoteEvent], path: &std::path::Path) -> std::io::Result<()> {
    use midly::num::{u4, u7, u15, u24, u28};
    use midly::{Header, Smf, TrackEvent};

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
