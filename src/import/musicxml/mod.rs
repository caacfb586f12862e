//! A MusicXML score (`score-partwise`, as every notation program exports) as a piece to learn
//! (see `lesson::piece` for how it becomes a lesson). The rules:
//! - **Hands**: the first part with two staves is the piano: its upper staff is the right hand,
//!   the lower one(s) the left. Else parts named for a hand ("Right hand", "RH", "Piano left" …)
//!   decide. Else the first part with notes is played by the right hand.
//! - **Bars** are numbered as printed (the score's own numbers while they run in order, so an
//!   excerpt may begin at bar 25): a pickup (a first bar marked implicit, numbered 0, or shorter
//!   than its time signature) is bar 0, and the second half of a bar split by a repeat
//!   (implicit) keeps its first half's number. Repeats are played as written, once.
//! - Notes keep their spelling, ties (the continuation starts no step), grace notes (never a
//!   step; the other hand, when Etude plays it, plays them) and fingerings (`<fingering>`); cue notes and unpitched (percussion) notes are left
//!   out. The first key, time signature, tempo (`<sound tempo>` or a metronome mark), the title
//!   and the composer come along.
//!
//! Read with `roxmltree` (a small, strict XML reader that knows where each element stands, so
//! every error names its line and column): the `musicxml` crate was weighed and left, because
//! its `.mxl` reader trusts the archive's offsets (a cut file makes it panic or read past its
//! buffer) and its errors name no line.

mod parts;

use parts::{
    children, choose_hands, composer, finger, first, has, part_names, tied_from_before, title,
};
use roxmltree::{Document, Node, ParsingOptions};

use crate::lesson::Hand;
use crate::lesson::TimeSignature;
use crate::lesson::piece::{Piece, PieceBar, PieceNote};
use crate::theory::{Accidental, Key, KeyMode, Letter, Note, PitchName, SpelledNote};

/// The most notes read from one score (a long sonata has some 10,000).
const MAX_NOTES: usize = 200_000;
/// The most bars read from one score.
const MAX_BARS: usize = 100_000;
/// The longest a single note, rest or move may be, in quarters (64 whole notes).
const MAX_QUARTERS: f64 = 256.0;
/// The longest a piece may last, in quarters (12,500 bars of 4/4).
const MAX_PIECE_QUARTERS: f64 = 50_000.0;

/// What is wrong with a score, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MusicXmlError {
    /// Something at a place in the file.
    #[error("line {line}, column {column}: {message}")]
    At {
        /// The line, from 1.
        line: u32,
        /// The column, from 1.
        column: u32,
        /// What is wrong.
        message: String,
    },
    /// Something about the score as a whole.
    #[error("{0}")]
    Whole(String),
}

/// Reads the MusicXML text `xml` as a piece; `file_name` titles it when the score does not, and
/// `fingerprint` is its identity (see [`Piece::fingerprint_of`]).
pub fn read_score(xml: &str, file_name: &str, fingerprint: u64) -> Result<Piece, MusicXmlError> {
    let options = ParsingOptions {
        // Every exported score starts with a DOCTYPE; roxmltree keeps entity expansion bounded.
        allow_dtd: true,
        nodes_limit: 8_000_000,
    };
    let doc = Document::parse_with_options(xml, options).map_err(|e| {
        let pos = e.pos();
        let message = e.to_string();
        let message = message
            .strip_suffix(&format!(" at {pos}"))
            .unwrap_or(&message);
        MusicXmlError::At {
            line: pos.row,
            column: pos.col,
            message: format!("not well-formed XML: {message}"),
        }
    })?;
    let score = Score { doc: &doc };
    score.read(file_name, fingerprint)
}

/// The text of a score file's `bytes`: UTF-8 (with or without a byte order mark) or UTF-16
/// with one, as some notation programs write.
pub fn text_of(bytes: &[u8]) -> Result<String, String> {
    let utf16 = |bytes: &[u8], from: fn([u8; 2]) -> u16| {
        if bytes.len() % 2 == 1 {
            return Err("it is cut short in the middle of a UTF-16 character".to_owned());
        }
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|pair| from([pair[0], pair[1]]))
            .collect();
        String::from_utf16(&units).map_err(|_| "it is not valid UTF-16 text".to_owned())
    };
    if let Some(rest) = bytes.strip_prefix(&[0xff, 0xfe]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        return utf16(rest, u16::from_be_bytes);
    }
    let rest = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(bytes);
    String::from_utf8(rest.to_vec()).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        format!("it is not UTF-8 text (byte {at} is not)")
    })
}

/// A parsed score document, with the place of each error.
struct Score<'a, 'input> {
    doc: &'a Document<'input>,
}

/// What one part holds.
#[derive(Default)]
struct Part {
    name: Option<String>,
    /// Notes with their staff (1 = upper).
    notes: Vec<(PieceNote, u8)>,
    bars: Vec<PieceBar>,
    staves: u8,
    /// The first key signature.
    key: Option<Key>,
    /// The key signature in force.
    key_now: Option<Key>,
    time: Option<TimeSignature>,
    tempo: Option<f64>,
}

/// Where the reading of a part stands.
struct Cursor {
    /// Divisions of a quarter note.
    divisions: f64,
    /// The bar length the time signature gives, in quarters.
    bar_length: f64,
    /// The time signature in force.
    time: TimeSignature,
    /// Semitones from written to sounding pitch.
    transpose: i32,
}

impl<'a, 'input> Score<'a, 'input> {
    fn at(&self, node: Node, message: impl Into<String>) -> MusicXmlError {
        let pos = self.doc.text_pos_at(node.range().start);
        MusicXmlError::At {
            line: pos.row,
            column: pos.col,
            message: message.into(),
        }
    }

    fn read(&self, file_name: &str, fingerprint: u64) -> Result<Piece, MusicXmlError> {
        let root = self.doc.root_element();
        match root.tag_name().name() {
            "score-partwise" => {}
            "score-timewise" => {
                return Err(self.at(
                    root,
                    "a timewise score: Etude reads partwise scores (export it again from the \
                     notation program, which writes partwise)",
                ));
            }
            other => {
                return Err(self.at(
                    root,
                    format!("a <{other}> document, not a MusicXML score (<score-partwise>)"),
                ));
            }
        }
        let names = part_names(root);
        let mut parts = Vec::new();
        let mut notes = 0usize;
        for node in children(root, "part") {
            let name = node
                .attribute("id")
                .and_then(|id| names.iter().find(|(i, _)| *i == id))
                .map(|(_, name)| name.clone());
            let part = self.part(node, name, &mut notes)?;
            parts.push(part);
        }
        let chosen = choose_hands(&parts).ok_or_else(|| {
            MusicXmlError::Whole(
                "the score has no pitched notes to play (only rests or percussion)".to_owned(),
            )
        })?;
        let first = &parts[chosen[0].0];
        let mut piece_notes: Vec<PieceNote> = Vec::new();
        for (index, hands) in &chosen {
            for (note, staff) in &parts[*index].notes {
                let mut note = note.clone();
                note.hand = hands.hand_of(*staff);
                piece_notes.push(note);
            }
        }
        piece_notes.sort_by(|a, b| a.start.total_cmp(&b.start).then(a.note.cmp(&b.note)));
        Ok(Piece {
            title: title(root).unwrap_or_else(|| file_name.to_owned()),
            composer: composer(root),
            key: first.key,
            time: first.time.unwrap_or_default(),
            tempo: parts.iter().find_map(|p| p.tempo),
            bars: first.bars.clone(),
            notes: piece_notes,
            fingerprint,
        })
    }

    /// Reads one `<part>`; `count` is the notes read so far in the score.
    fn part(
        &self,
        node: Node,
        name: Option<String>,
        count: &mut usize,
    ) -> Result<Part, MusicXmlError> {
        let mut part = Part {
            name,
            staves: 1,
            ..Part::default()
        };
        let mut cursor = Cursor {
            divisions: 1.0,
            bar_length: 4.0,
            time: TimeSignature::default(),
            transpose: 0,
        };
        let mut start = 0.0;
        let mut number = 0u32;
        for (index, measure) in children(node, "measure").enumerate() {
            if index >= MAX_BARS {
                return Err(self.at(measure, format!("more than {MAX_BARS} bars")));
            }
            if start > MAX_PIECE_QUARTERS {
                return Err(self.at(
                    measure,
                    format!("the piece lasts more than {MAX_PIECE_QUARTERS} quarter notes"),
                ));
            }
            let implicit = measure.attribute("implicit") == Some("yes");
            let printed = measure
                .attribute("number")
                .and_then(|n| n.trim().parse::<u32>().ok());
            let reach = self.measure(measure, start, &mut cursor, &mut part, count)?;
            // A first bar marked implicit, numbered 0, or shorter than its time signature says
            // is a pickup.
            let short = reach > 1e-6 && reach < cursor.bar_length - 1e-6;
            let pickup = index == 0 && (implicit || printed == Some(0) || short);
            number = if pickup {
                0
            } else if implicit {
                // The second half of a bar split at a repeat: the first half's number.
                number
            } else {
                // As printed, while the score numbers its bars in order (an excerpt may begin
                // at bar 25); else the next.
                printed
                    .filter(|p| index == 0 || *p > number)
                    .unwrap_or(number + 1)
            };
            let length = if implicit || pickup {
                if reach > 0.0 {
                    reach
                } else {
                    cursor.bar_length
                }
            } else {
                reach.max(cursor.bar_length)
            };
            part.bars.push(PieceBar {
                number,
                start,
                length,
                time: cursor.time,
                key: part.key_now,
            });
            start += length;
        }
        Ok(part)
    }

    /// Reads one `<measure>` starting `start` quarters in; returns how far into it its notes,
    /// rests and moves reach, in quarters.
    fn measure(
        &self,
        measure: Node,
        start: f64,
        cursor: &mut Cursor,
        part: &mut Part,
        count: &mut usize,
    ) -> Result<f64, MusicXmlError> {
        let mut position = 0.0f64;
        let mut reach = 0.0f64;
        let mut chord_start = 0.0f64;
        for child in measure.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "attributes" => self.attributes(child, cursor, part)?,
                "backup" => position = (position - self.duration(child, cursor)?).max(0.0),
                "forward" => position += self.duration(child, cursor)?,
                "direction" | "sound" if part.tempo.is_none() => {
                    part.tempo = self.tempo(child)?;
                }
                "note" => {
                    let grace = has(child, "grace");
                    let chord = has(child, "chord");
                    let length = if grace {
                        0.0
                    } else {
                        self.duration(child, cursor)?
                    };
                    let at = if chord { chord_start } else { position };
                    if !chord {
                        chord_start = position;
                        position += length;
                    }
                    reach = reach.max(position);
                    if has(child, "cue") {
                        continue;
                    }
                    let Some(pitch) = first(child, "pitch") else {
                        continue; // a rest, or an unpitched (percussion) note
                    };
                    let (note, name) = self.pitch(pitch, cursor.transpose)?;
                    let staff = match first(child, "staff") {
                        Some(staff) => self.number::<u8>(staff, "a staff")?,
                        None => 1,
                    };
                    part.staves = part.staves.max(staff);
                    *count += 1;
                    if *count > MAX_NOTES {
                        return Err(self.at(child, format!("more than {MAX_NOTES} notes")));
                    }
                    part.notes.push((
                        PieceNote {
                            start: start + at,
                            length,
                            note,
                            name,
                            hand: Hand::Right,
                            finger: finger(child),
                            tied_from_before: tied_from_before(child),
                            grace,
                        },
                        staff,
                    ));
                }
                _ => {}
            }
        }
        Ok(reach.max(position))
    }

    /// Takes what an `<attributes>` element changes: divisions, key, time, staves, transposition.
    fn attributes(
        &self,
        node: Node,
        cursor: &mut Cursor,
        part: &mut Part,
    ) -> Result<(), MusicXmlError> {
        if let Some(divisions) = first(node, "divisions") {
            let value = self.number::<f64>(divisions, "the divisions")?;
            if !(value.is_finite() && value > 0.0 && value <= 1e6) {
                return Err(self.at(
                    divisions,
                    format!(
                        "divisions {value}: a quarter note must have a positive number of them"
                    ),
                ));
            }
            cursor.divisions = value;
        }
        if let Some(key) = first(node, "key")
            && let Some(fifths) = first(key, "fifths")
        {
            let fifths = self.number::<i32>(fifths, "the key's fifths")?;
            let mode = match first(key, "mode").and_then(|m| m.text()).map(str::trim) {
                Some("minor") => KeyMode::Minor,
                _ => KeyMode::Major,
            };
            part.key_now = Key::from_fifths(fifths, mode);
            if part.key.is_none() {
                part.key = part.key_now;
            }
        }
        if let Some(time) = first(node, "time")
            && let (Some(beats), Some(unit)) = (first(time, "beats"), first(time, "beat-type"))
        {
            // "3+2" is five beats.
            let text = beats.text().unwrap_or_default();
            let mut sum = 0u32;
            for part in text.split('+') {
                let these = part.trim().parse::<u32>().map_err(|_| {
                    self.at(
                        beats,
                        format!("time signature beats \"{text}\" are not a number"),
                    )
                })?;
                sum = sum.saturating_add(these);
            }
            let unit_value = self.number::<u32>(unit, "the time signature's beat type")?;
            // What a staff writes: 1 to 16 beats of a whole note to a 32nd.
            let writable = (1..=32).contains(&unit_value) && unit_value.is_power_of_two();
            if !writable || !(1..=16).contains(&sum) {
                return Err(self.at(
                    time,
                    format!(
                        "a time signature of {sum}/{unit_value}: Etude writes 1–16 beats of a \
                         whole note to a 32nd"
                    ),
                ));
            }
            let signature = TimeSignature {
                beats: sum as u8,
                unit: unit_value as u8,
            };
            cursor.bar_length = signature.bar_in_quarters();
            cursor.time = signature;
            if part.time.is_none() {
                part.time = Some(signature);
            }
        }
        if let Some(staves) = first(node, "staves") {
            part.staves = part.staves.max(self.number::<u8>(staves, "the staves")?);
        }
        if let Some(transpose) = first(node, "transpose") {
            let chromatic = match first(transpose, "chromatic") {
                Some(c) => self.number::<i32>(c, "the transposition")?,
                None => 0,
            };
            let octaves = match first(transpose, "octave-change") {
                Some(o) => self.number::<i32>(o, "the octave change")?,
                None => 0,
            };
            cursor.transpose = chromatic
                .saturating_add(octaves.saturating_mul(12))
                .clamp(-48, 48);
        }
        Ok(())
    }

    /// A `<duration>` child in quarters.
    fn duration(&self, node: Node, cursor: &Cursor) -> Result<f64, MusicXmlError> {
        let Some(duration) = first(node, "duration") else {
            return Err(self.at(
                node,
                format!("<{}> has no <duration>", node.tag_name().name()),
            ));
        };
        let quarters = self.number::<f64>(duration, "a duration")? / cursor.divisions;
        if !(quarters.is_finite() && (0.0..=MAX_QUARTERS).contains(&quarters)) {
            return Err(self.at(duration, format!("a duration of {quarters} quarter notes")));
        }
        Ok(quarters)
    }

    /// The key and spelling of a `<pitch>` (step, alter, octave), sounding `transpose` semitones
    /// from where it is written.
    fn pitch(
        &self,
        pitch: Node,
        transpose: i32,
    ) -> Result<(Note, Option<SpelledNote>), MusicXmlError> {
        let step = first(pitch, "step").ok_or_else(|| self.at(pitch, "a pitch without a step"))?;
        let letter = match step.text().map(str::trim) {
            Some("C") => Letter::C,
            Some("D") => Letter::D,
            Some("E") => Letter::E,
            Some("F") => Letter::F,
            Some("G") => Letter::G,
            Some("A") => Letter::A,
            Some("B") => Letter::B,
            other => {
                return Err(self.at(
                    step,
                    format!("step \"{}\" is not a letter A–G", other.unwrap_or_default()),
                ));
            }
        };
        let alter = match first(pitch, "alter") {
            // Quarter tones round to the nearest key.
            Some(alter) => self.number::<f64>(alter, "an alteration")?.round(),
            None => 0.0,
        };
        if !(-3.0..=3.0).contains(&alter) {
            return Err(self.at(pitch, format!("an alteration of {alter} semitones")));
        }
        let alter = alter as i32;
        let octave_node =
            first(pitch, "octave").ok_or_else(|| self.at(pitch, "a pitch without an octave"))?;
        let octave = self.number::<i32>(octave_node, "an octave")?;
        if !(-1..=9).contains(&octave) {
            return Err(self.at(octave_node, format!("octave {octave}: a piano's are 0–8")));
        }
        let natural = [0, 2, 4, 5, 7, 9, 11][usize::from(letter.index())];
        let written = (octave + 1) * 12 + natural + alter;
        let sounding = written + transpose;
        let Some(note) = u8::try_from(sounding).ok().filter(|n| *n <= 127) else {
            return Err(self.at(
                pitch,
                format!("a pitch outside the MIDI range (key {sounding})"),
            ));
        };
        let name = Accidental::from_semitones(alter)
            .filter(|_| transpose == 0)
            .and_then(|accidental| {
                let octave = i8::try_from(octave).ok()?;
                Some(SpelledNote::new(PitchName::new(letter, accidental), octave))
            })
            .filter(|name| name.note().is_ok_and(|n| n == Note(note)));
        Ok((Note(note), name))
    }

    /// The tempo a `<direction>` or `<sound>` marks, in quarter notes a minute.
    fn tempo(&self, node: Node) -> Result<Option<f64>, MusicXmlError> {
        let sound = if node.has_tag_name("sound") {
            Some(node)
        } else {
            first(node, "sound")
        };
        if let Some(tempo) = sound.and_then(|s| s.attribute("tempo")) {
            let value: f64 = tempo
                .trim()
                .parse()
                .map_err(|_| self.at(node, format!("tempo \"{tempo}\" is not a number")))?;
            return Ok(Some(value).filter(|t| t.is_finite() && *t > 0.0));
        }
        let metronome = node.descendants().find(|n| n.has_tag_name("metronome"));
        let Some(metronome) = metronome else {
            return Ok(None);
        };
        let (Some(unit), Some(per_minute)) = (
            first(metronome, "beat-unit"),
            first(metronome, "per-minute"),
        ) else {
            return Ok(None);
        };
        let quarters = match unit.text().map(str::trim) {
            Some("whole") => 4.0,
            Some("half") => 2.0,
            Some("quarter") => 1.0,
            Some("eighth") => 0.5,
            Some("16th") => 0.25,
            _ => return Ok(None),
        };
        let dots = children(metronome, "beat-unit-dot").count();
        let dotted = quarters * (2.0 - 0.5f64.powi(dots.min(3) as i32));
        // "ca. 96" and "96-104" mark a tempo too: the first number counts.
        let text = per_minute.text().unwrap_or_default();
        let digits: String = text
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        Ok(digits
            .parse::<f64>()
            .ok()
            .filter(|t| t.is_finite() && *t > 0.0)
            .map(|t| t * dotted))
    }

    /// The text of `node` as a number; the error names what it should have been.
    fn number<T: std::str::FromStr>(&self, node: Node, what: &str) -> Result<T, MusicXmlError> {
        let text = node.text().unwrap_or_default().trim();
        text.parse()
            .map_err(|_| self.at(node, format!("{what}: \"{text}\" is not a number")))
    }
}

#[cfg(test)]
mod tests;
