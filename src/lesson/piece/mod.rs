//! A piece read from a MusicXML or MIDI file (by `src/import`), and the lesson it makes for the
//! hand(s) and bars chosen. The rules:
//! - A step is the set of notes of the chosen hand(s) that start together; the continuation of
//!   a tie starts no step, and neither does a grace note.
//! - Bars are numbered as printed (a pickup is bar 0); beats count quarter notes, from the start
//!   of the first bar chosen.
//! - A piece's lesson is known by the file's content, the hand(s) and the bars, so renaming the
//!   file changes nothing.

use super::Step;
use super::compile::NotePart;
use super::limits::{MAX_NOTES_PER_STEP, MAX_STEPS};
use super::locate::Position;
use super::model::{Exercise, Hand, Lesson, Mode, PassedIn};
use super::parse::LoadedLesson;
use super::values::{Beats, Finger, LessonId, Level, StepNotes, Tempo, TimeSignature};
use crate::theory::{Key, Note, SpelledNote};

/// The most bars of its time signature a section may last (its staff is drawn bar by bar).
const MAX_SECTION_BARS: f64 = 5000.0;

/// Notes starting within this many quarters of each other start together.
const TOGETHER: f64 = 1e-6;

/// One note of a piece.
#[derive(Clone, Debug, PartialEq)]
pub struct PieceNote {
    /// When it starts, in quarters from the start of the piece (the pickup's start, if any).
    pub start: f64,
    /// How long it sounds, in quarters.
    pub length: f64,
    /// The key.
    pub note: Note,
    /// Its spelling, when the file gives one (MusicXML does; a MIDI file does not).
    pub name: Option<SpelledNote>,
    /// The hand that plays it (`Right` or `Left`).
    pub hand: Hand,
    /// Its finger, when the file gives one.
    pub finger: Option<u8>,
    /// It continues a tie: it sounds on, and starts no step.
    pub tied_from_before: bool,
    /// A grace note: shown, never a step.
    pub grace: bool,
}

/// One bar as printed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PieceBar {
    /// Its number (0 for a pickup).
    pub number: u32,
    /// Where it starts, in quarters from the start of the piece.
    pub start: f64,
    /// Its length in quarters.
    pub length: f64,
    /// The time signature in force in it.
    pub time: TimeSignature,
    /// The key signature in force in it, when the file gives one.
    pub key: Option<Key>,
}

/// A piece: what a score or a MIDI file holds that Etude can teach.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// The title (the file's name when it has none).
    pub title: String,
    /// The composer, when the file names one.
    pub composer: Option<String>,
    /// The key it starts in, when the file says.
    pub key: Option<Key>,
    /// The time signature it starts in.
    pub time: TimeSignature,
    /// The first tempo it marks, in quarter notes a minute.
    pub tempo: Option<f64>,
    /// Every bar, in order.
    pub bars: Vec<PieceBar>,
    /// Every note, in order of start.
    pub notes: Vec<PieceNote>,
    /// A fingerprint of the file's content.
    pub fingerprint: u64,
}

/// Which part of a piece is practised (by default: both hands, the whole piece).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Section {
    /// The hand, or both.
    pub hand: Hand,
    /// The first and last bar (as printed), or the whole piece.
    pub bars: Option<(u32, u32)>,
}

impl Default for Section {
    fn default() -> Section {
        Section {
            hand: Hand::Both,
            bars: None,
        }
    }
}

impl Section {
    /// The id of this section's lesson in the piece with `fingerprint`:
    /// `piece-<fingerprint, 16 hex digits>-<hand>-<first>-<last>` (or `-all`).
    pub fn id_in(self, fingerprint: u64) -> String {
        let bars = self
            .bars
            .map_or_else(|| "all".to_owned(), |(a, b)| format!("{a}-{b}"));
        format!("piece-{fingerprint:016x}-{}-{bars}", self.hand.word())
    }

    /// The piece's fingerprint and the section an id made by [`Section::id_in`] names.
    pub fn from_id(id: &str) -> Option<(u64, Section)> {
        let rest = id.strip_prefix("piece-")?;
        let (fingerprint, rest) = rest.split_once('-')?;
        if fingerprint.len() != 16 {
            return None;
        }
        let fingerprint = u64::from_str_radix(fingerprint, 16).ok()?;
        let (hand, bars) = rest.split_once('-')?;
        let hand = Hand::from_word(hand)?;
        let bars = match bars {
            "all" => None,
            range => {
                let (a, b) = range.split_once('-')?;
                Some((a.parse().ok()?, b.parse().ok()?))
            }
        };
        let section = Section { hand, bars };
        // Only the id Etude writes: "+7" or "01" would name the same section another way.
        (section.id_in(fingerprint) == id).then_some((fingerprint, section))
    }
}

/// A note of the other hand, played by Etude while the player plays theirs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OtherHandNote {
    /// When it starts, in quarters from the section's start (as the steps' beats).
    pub beat: f64,
    /// How long it sounds, in quarters (to the section's end at most).
    pub length: f64,
    /// The key.
    pub note: Note,
}

/// Why a piece makes no lesson for a section.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PieceError {
    /// The bars asked for are not in the piece.
    #[error("{title} has no bars {first}–{last}: its bars are {from}–{to}")]
    NoSuchBars {
        /// The piece.
        title: String,
        /// Asked for.
        first: u32,
        /// Asked for.
        last: u32,
        /// The piece's first bar.
        from: u32,
        /// The piece's last bar.
        to: u32,
    },
    /// No note of the chosen hand(s) starts in the bars chosen.
    #[error("{title} has no notes for the {hand} in {bars}")]
    NoNotes {
        /// The piece.
        title: String,
        /// "right hand", "left hand", "both hands".
        hand: &'static str,
        /// "bars 3–4" or "the piece".
        bars: String,
    },
    /// The section makes no valid lesson id (cannot happen for a piece read by Etude).
    #[error("{0}")]
    Id(String),
    /// More steps (or bars) than a lesson may hold.
    #[error(
        "{title} is too long to practise in one section ({steps} steps; a lesson holds {MAX_STEPS} steps and 5000 bars): choose fewer bars"
    )]
    TooLong {
        /// The piece.
        title: String,
        /// How many.
        steps: usize,
    },
}

/// The hand a track or part is named for: "Right", "RH", "Right Hand", "Piano right" … (any case) is the right hand; likewise left.
pub fn hand_named(name: &str) -> Option<Hand> {
    let name = name.to_lowercase();
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| *w == "right" || *w == "rh") {
        Some(Hand::Right)
    } else if words.iter().any(|w| *w == "left" || *w == "lh") {
        Some(Hand::Left)
    } else {
        None
    }
}

fn hand_words(hand: Hand) -> &'static str {
    match hand {
        Hand::Right => "right hand",
        Hand::Left => "left hand",
        Hand::Both => "both hands",
    }
}

impl Piece {
    /// A fingerprint of a file's content (64-bit FNV-1a): stable across builds and machines, so
    /// a piece keeps its identity (and its journal) when its file is renamed or moved.
    pub fn fingerprint_of(bytes: &[u8]) -> u64 {
        bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash: u64, byte| {
            (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
        })
    }

    /// Where the bars chosen (or all) start and end, in quarters, checked against the piece.
    fn bar_span(&self, bars: Option<(u32, u32)>) -> Result<(f64, f64), PieceError> {
        let (Some(first), Some(last)) = (self.bars.first(), self.bars.last()) else {
            return Ok((0.0, f64::INFINITY));
        };
        let Some((from, to)) = bars else {
            return Ok((first.start, last.start + last.length));
        };
        let start = self.bars.iter().find(|b| b.number == from);
        let end = self.bars.iter().rev().find(|b| b.number == to);
        match (start, end) {
            (Some(start), Some(end)) if from <= to => Ok((start.start, end.start + end.length)),
            _ => Err(PieceError::NoSuchBars {
                title: self.title.clone(),
                first: from,
                last: to,
                from: first.number,
                to: last.number,
            }),
        }
    }

    /// How long each note sounds with the notes tied on to it (a tie's continuation: its own
    /// length), in quarters.
    fn held_lengths(&self) -> Vec<f64> {
        let mut held: Vec<f64> = self.notes.iter().map(|n| n.length).collect();
        // The note each key of each hand last started, and where its tie chain ends.
        let mut last: std::collections::HashMap<(Note, Hand), (usize, f64)> =
            std::collections::HashMap::new();
        for (index, note) in self.notes.iter().enumerate() {
            if note.grace {
                continue;
            }
            let key = (note.note, note.hand);
            match last.get(&key) {
                Some(&(first, end)) if note.tied_from_before && (end - note.start).abs() < 1e-6 => {
                    held[first] += note.length;
                    last.insert(key, (first, note.start + note.length));
                }
                _ => {
                    last.insert(key, (index, note.start + note.length));
                }
            }
        }
        held
    }

    /// The other hand's notes in `section` (none when both hands are chosen), to be played
    /// with the player: every key that sounds there, grace notes and tie continuations included
    /// as they are heard (a tie is one long note).
    pub fn other_hand(&self, section: Section) -> Result<Vec<OtherHandNote>, PieceError> {
        let other = match section.hand {
            Hand::Right => Hand::Left,
            Hand::Left => Hand::Right,
            Hand::Both => return Ok(Vec::new()),
        };
        let (from, to) = self.bar_span(section.bars)?;
        let held = self.held_lengths();
        Ok(self
            .notes
            .iter()
            .zip(held)
            .filter(|(n, _)| n.hand == other && !n.tied_from_before)
            .filter(|(n, _)| n.start >= from - TOGETHER && n.start < to - TOGETHER)
            .map(|(n, held)| OtherHandNote {
                beat: n.start - from,
                // A grace note is heard short, on its beat, with the note it ornaments.
                length: if n.grace {
                    0.125
                } else {
                    held.min(to - n.start)
                },
                note: n.note,
            })
            .collect())
    }

    /// The first bar of the section `bars` (or of the piece).
    fn first_bar(&self, bars: Option<(u32, u32)>) -> Option<&PieceBar> {
        match bars {
            Some((from, _)) => self.bars.iter().find(|b| b.number == from),
            None => self.bars.first(),
        }
    }

    /// The length of the section's first bar when it is the pickup (bar 0, shorter than its
    /// time signature's bar), in quarters.
    fn pickup_of(&self, bars: Option<(u32, u32)>) -> Option<Beats> {
        let first = self.first_bar(bars).filter(|b| b.number == 0)?;
        (first.length < first.time.bar_in_quarters() - TOGETHER && first.length > TOGETHER)
            .then_some(Beats(first.length))
    }

    /// The title of `section`'s lesson: "Minuet, bars 1–4, right hand".
    pub fn section_title(&self, section: Section) -> String {
        match section.bars {
            None => format!("{}, {}", self.title, hand_words(section.hand)),
            Some((a, b)) if a == b => {
                format!("{}, bar {a}, {}", self.title, hand_words(section.hand))
            }
            Some((a, b)) => format!("{}, bars {a}–{b}, {}", self.title, hand_words(section.hand)),
        }
    }

    /// The numbers of its bars, first to last (a pickup is 0; a bar split at a repeat is
    /// listed once).
    pub fn bar_numbers(&self) -> Vec<u32> {
        let mut numbers: Vec<u32> = self.bars.iter().map(|b| b.number).collect();
        numbers.dedup();
        numbers
    }

    /// The lesson of `section`: its steps, in wait mode at the marked tempo (72 when none).
    pub fn lesson(&self, section: Section) -> Result<LoadedLesson, PieceError> {
        let (from, to) = self.bar_span(section.bars)?;
        // The key and time in force where the section begins.
        let opening = self.first_bar(section.bars);
        let key = opening.map_or(self.key, |b| b.key.or(self.key));
        let time = opening.map_or(self.time, |b| b.time);
        if (to - from) / time.bar_in_quarters() > MAX_SECTION_BARS {
            return Err(PieceError::TooLong {
                title: self.title.clone(),
                steps: self.notes.len(),
            });
        }
        let prefer_flats = key.is_some_and(Key::has_flats);
        let held = self.held_lengths();
        let mut chosen: Vec<(&PieceNote, f64)> = self
            .notes
            .iter()
            .zip(held)
            .filter(|(n, _)| section.hand == Hand::Both || n.hand == section.hand)
            .filter(|(n, _)| !n.tied_from_before && !n.grace)
            .filter(|(n, _)| n.start >= from - TOGETHER && n.start < to - TOGETHER)
            .collect();
        chosen.sort_by(|(a, _), (b, _)| a.start.total_cmp(&b.start).then(a.note.cmp(&b.note)));
        let bars_words = match section.bars {
            Some((a, b)) if a == b => format!("bar {a}"),
            Some((a, b)) => format!("bars {a}–{b}"),
            None => "the piece".to_owned(),
        };
        if chosen.is_empty() {
            return Err(PieceError::NoNotes {
                title: self.title.clone(),
                hand: hand_words(section.hand),
                bars: bars_words,
            });
        }
        let mut steps: Vec<Step> = Vec::new();
        for (note, held) in chosen {
            let beat = note.start - from;
            let name = note
                .name
                .unwrap_or_else(|| SpelledNote::plain(note.note, prefer_flats));
            let finger = note.finger.filter(|f| (1..=5).contains(f)).map(Finger);
            // A note held past the section's end is written to its end: what is beyond it is
            // not practised (and a note never let go in a file cannot fill bars without end).
            let length = held.min(to - note.start).max(0.0);
            match steps.last_mut() {
                Some(step)
                    if (step.beat - beat).abs() < TOGETHER
                        && step.notes.len() < MAX_NOTES_PER_STEP
                        && !step.notes.contains(&note.note) =>
                {
                    step.notes.push(note.note);
                    step.names.push(name);
                    step.fingers.push(finger);
                    step.parts.push(NotePart {
                        hand: note.hand,
                        beats: length,
                    });
                    step.beats = step.beats.max(length);
                    if step.hand != note.hand {
                        step.hand = Hand::Both;
                    }
                }
                Some(step) if (step.beat - beat).abs() < TOGETHER => {}
                _ => steps.push(Step {
                    notes: vec![note.note],
                    names: vec![name],
                    hand: note.hand,
                    fingers: vec![finger],
                    beat,
                    beats: length,
                    chord: None,
                    parts: vec![NotePart {
                        hand: note.hand,
                        beats: length,
                    }],
                }),
            }
        }
        if steps.len() > MAX_STEPS {
            return Err(PieceError::TooLong {
                title: self.title.clone(),
                steps: steps.len(),
            });
        }
        let id = section.id_in(self.fingerprint);
        let title = self.section_title(section);
        let tempo = self
            .tempo
            .map_or(72, |t| t.round().clamp(20.0, 300.0) as u16);
        let lesson = Lesson {
            id: LessonId::new(&id).map_err(PieceError::Id)?,
            title,
            tempo: Tempo(tempo),
            exercise: Exercise::Notes {
                hand: section.hand,
                steps: steps
                    .iter()
                    .map(|s| StepNotes::of(s.names.clone()))
                    .collect(),
                beats: Some(steps.iter().map(|s| Beats(s.beats)).collect()),
                fingering: None,
                key,
                time: Some(time),
                pickup: self.pickup_of(section.bars),
            },
            level: Level(1),
            summary: self.composer.clone(),
            instructions: None,
            mode: Mode::Wait,
            pass: Default::default(),
            passed_in: PassedIn::Either,
            goal: None,
        };
        Ok(LoadedLesson {
            lesson,
            steps,
            origin: self.title.clone(),
            id_at: Position::START,
        })
    }
}

#[cfg(test)]
mod tests;
