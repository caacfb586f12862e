//! A Standard MIDI File as a piece to learn (see `lesson::piece` for how it becomes a lesson):
//! notes in quarters from the file's first tick; the hands from the tracks' names ("right",
//! "RH", "Right Hand" …, any case), else the first of exactly two tracks with notes is the right
//! hand, else notes from middle C up are; bars from the time signatures from the first tick;
//! the key, the first tempo and the title (the first track's name) when the file has them.
//! Percussion (channel 10) is left out. The file is checked as a performance is.

use std::collections::HashMap;

use midly::{EventIter, MetaMessage, MidiMessage, Timing, TrackEventKind};

use super::smf::{SmfError, checked};
use crate::lesson::Hand;
use crate::lesson::TimeSignature;
use crate::lesson::piece::{Piece, PieceBar, PieceNote, hand_named};
use crate::theory::{Key, KeyMode, Note};

/// The most notes read from one piece (a long sonata has some 10,000).
const MAX_PIECE_NOTES: usize = 200_000;

/// One track's notes and name.
struct Track {
    name: Option<String>,
    /// (start tick, end tick, key)
    notes: Vec<(u64, u64, Note)>,
}

/// Reads `bytes` as a piece; `file_name` titles it when the file does not.
pub fn read_piece(bytes: &[u8], file_name: &str) -> Result<Piece, SmfError> {
    let (header, chunks) = checked(bytes)?;
    let Timing::Metrical(ppq) = header.timing else {
        return Err(SmfError::Invalid(
            "it is timed in SMPTE frames, not in beats: a piece needs beats".to_owned(),
        ));
    };
    let ppq = f64::from(ppq.as_int().max(1));
    let mut tracks = Vec::new();
    let mut signatures: Vec<(u64, u8, u8)> = Vec::new();
    let mut tempo: Option<u32> = None;
    let mut key: Option<Key> = None;
    let mut count = 0usize;
    for (number, chunk) in &chunks {
        let mut track = Track {
            name: None,
            notes: Vec::new(),
        };
        let mut sounding: HashMap<(u8, u8), u64> = HashMap::new();
        let mut tick = 0u64;
        let mut ended = false;
        for event in EventIter::new(chunk.data) {
            let event = event.map_err(|e| SmfError::Invalid(format!("track {number}: {e}")))?;
            tick += u64::from(event.delta.as_int());
            match event.kind {
                TrackEventKind::Meta(MetaMessage::EndOfTrack) => {
                    ended = true;
                    break;
                }
                TrackEventKind::Meta(MetaMessage::TrackName(name)) => {
                    let name = String::from_utf8_lossy(name).trim().to_owned();
                    track.name = Some(name).filter(|n| !n.is_empty());
                }
                TrackEventKind::Meta(MetaMessage::Tempo(t)) if tempo.is_none() => {
                    tempo = Some(t.as_int());
                }
                TrackEventKind::Meta(MetaMessage::TimeSignature(beats, power, _, _)) => {
                    let unit = 1u8.checked_shl(u32::from(power)).unwrap_or(4);
                    signatures.push((tick, beats.max(1), unit));
                }
                TrackEventKind::Meta(MetaMessage::KeySignature(fifths, minor)) if key.is_none() => {
                    key = Key::from_fifths(
                        i32::from(fifths),
                        if minor {
                            KeyMode::Minor
                        } else {
                            KeyMode::Major
                        },
                    );
                }
                TrackEventKind::Midi { channel, message } if channel.as_int() != 9 => {
                    let c = channel.as_int();
                    match message {
                        MidiMessage::NoteOn { key, vel } if vel.as_int() > 0 => {
                            sounding.insert((c, key.as_int()), tick);
                        }
                        MidiMessage::NoteOn { key, .. } | MidiMessage::NoteOff { key, .. } => {
                            if let Some(start) = sounding.remove(&(c, key.as_int())) {
                                track.notes.push((start, tick, Note(key.as_int())));
                                count += 1;
                                if count > MAX_PIECE_NOTES {
                                    return Err(SmfError::TooManyEvents);
                                }
                            }
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        if !ended {
            return Err(SmfError::NoEndOfTrack {
                track: *number,
                start: chunk.start,
                end: chunk.start + 8 + chunk.data.len(),
            });
        }
        // A note never let go sounds to the end of its track.
        for ((_, note), start) in sounding {
            track.notes.push((start, tick.max(start + 1), Note(note)));
        }
        tracks.push(track);
    }
    let title = tracks
        .first()
        .and_then(|t| t.name.clone())
        .unwrap_or_else(|| file_name.to_owned());
    let hands = hands_of(&tracks);
    let mut notes: Vec<PieceNote> = Vec::with_capacity(count);
    for (track, hand) in tracks.iter().zip(&hands) {
        for (start, end, note) in &track.notes {
            let hand = hand.unwrap_or(if note.0 >= 60 {
                Hand::Right
            } else {
                Hand::Left
            });
            notes.push(PieceNote {
                start: *start as f64 / ppq,
                length: (end.saturating_sub(*start)) as f64 / ppq,
                note: *note,
                name: None,
                hand,
                finger: None,
                tied_from_before: false,
                grace: false,
            });
        }
    }
    if notes.is_empty() {
        return Err(SmfError::NoNotes { channel: None });
    }
    notes.sort_by(|a, b| a.start.total_cmp(&b.start).then(a.note.cmp(&b.note)));
    let end = notes.iter().map(|n| n.start + n.length).fold(0.0, f64::max);
    signatures.sort_by_key(|(tick, _, _)| *tick);
    let mut bars = bars_of(&signatures, ppq, end);
    for bar in &mut bars {
        // A MIDI file's key is read once, at its start.
        bar.key = key;
    }
    let time = signatures
        .first()
        .filter(|(tick, _, _)| *tick == 0)
        .map_or_else(TimeSignature::default, |(_, beats, unit)| TimeSignature {
            beats: (*beats).min(16),
            unit: *unit,
        });
    Ok(Piece {
        title,
        composer: None,
        key,
        time,
        tempo: tempo.map(|t| 60_000_000.0 / f64::from(t.max(1))),
        bars,
        notes,
        fingerprint: Piece::fingerprint_of(bytes),
    })
}

/// The hand of each track: by name where any track is named for a hand; else the first of
/// exactly two tracks with notes is the right hand and the other the left; else none (each
/// note by its pitch).
fn hands_of(tracks: &[Track]) -> Vec<Option<Hand>> {
    let named: Vec<Option<Hand>> = tracks
        .iter()
        .map(|t| t.name.as_deref().and_then(hand_named))
        .collect();
    if named.iter().any(Option::is_some) {
        return named;
    }
    let with_notes: Vec<usize> = (0..tracks.len())
        .filter(|i| !tracks[*i].notes.is_empty())
        .collect();
    let mut hands = vec![None; tracks.len()];
    if let [right, left] = with_notes[..] {
        hands[right] = Some(Hand::Right);
        hands[left] = Some(Hand::Left);
    }
    hands
}

/// Bars from the first tick to `end` (quarters), each as long as the time signature in force
/// at its start says (4/4 until one is given).
fn bars_of(signatures: &[(u64, u8, u8)], ppq: f64, end: f64) -> Vec<PieceBar> {
    let mut bars = Vec::new();
    let mut start = 0.0;
    let mut number = 1;
    while start < end - 1e-9 && bars.len() < 100_000 {
        let (beats, unit) = signatures
            .iter()
            .rev()
            .find(|(tick, _, _)| *tick as f64 / ppq <= start + 1e-9)
            .map_or((4, 4), |(_, beats, unit)| (*beats, *unit));
        let time = TimeSignature {
            beats: beats.clamp(1, 16),
            unit: unit.clamp(1, 32),
        };
        let length = f64::from(beats) * 4.0 / f64::from(unit.max(1));
        bars.push(PieceBar {
            number,
            start,
            length,
            time,
            key: None,
        });
        start += length;
        number += 1;
    }
    bars
}
