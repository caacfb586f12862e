//! A written lesson laid out on one long system, in staff spaces (y downwards): what the
//! window's staff and the printed page draw. Notes stand at distances proportional to their
//! time, so a playhead moving at the tempo passes each note as it is due.

use smufl::Glyph;

use super::font::MusicFont;
use super::glyphs::{
    accidental_glyph, key_signature_positions, notehead, time_digit, time_signature_width,
};
use super::stems;
use crate::notation::{Clef, NoteValue, Sheet};
use crate::theory::SpelledNote;

/// Space above the top staff: chord symbols, fingers and high ledger notes.
pub(super) const TOP_MARGIN: f64 = 8.0;
/// From the top line of the treble staff to the top line of the bass staff.
const STAFF_DISTANCE: f64 = 12.0;
/// Space below the last staff before the marks are fitted.
const BOTTOM_MARGIN: f64 = 7.0;
/// Room above the highest mark.
const TOP_ROOM: f64 = 1.0;
/// Room below the lowest mark: the timing lane.
const BOTTOM_ROOM: f64 = 3.5;
/// Space after a bar line before the bar's first note (room for its accidental).
const BAR_PAD: f64 = 2.2;
/// Space after the last note of a bar before its bar line.
const BAR_TAIL: f64 = 0.8;

/// Something drawn, in staff spaces, y downwards.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// A glyph of the music font with its origin here; `step` when it is a lesson step's
    /// notehead or accidental (the window colours it by how the step went).
    Glyph {
        /// The glyph.
        glyph: Glyph,
        /// Origin.
        x: f64,
        /// Origin.
        y: f64,
        /// The step it belongs to.
        step: Option<usize>,
    },
    /// A straight line (staff lines, ledger lines, stems, bar lines).
    Line {
        /// One end.
        from: (f64, f64),
        /// The other end.
        to: (f64, f64),
        /// Its thickness.
        thickness: f64,
    },
    /// A beam: from one stem end to another, `thickness` tall.
    Beam {
        /// Left end, at the beam's outer edge's middle.
        from: (f64, f64),
        /// Right end.
        to: (f64, f64),
        /// How tall.
        thickness: f64,
    },
    /// A tie between two noteheads, bowed down (`below`) or up.
    Tie {
        /// Left end.
        from: (f64, f64),
        /// Right end.
        to: (f64, f64),
        /// Bowed below the heads.
        below: bool,
    },
    /// Words in the text font (chord symbols), baseline at `y`, starting at `x`.
    Text {
        /// What is written.
        text: String,
        /// Left.
        x: f64,
        /// Baseline.
        y: f64,
        /// Size, in staff spaces.
        size: f64,
    },
}

/// How one system is set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct System {
    /// Whether it shows the time signature (only the first system of a page does).
    pub time_signature: bool,
    /// Whether it ends the piece (a final bar line; else a plain one).
    pub final_bar: bool,
    /// Spread to this width, when given and wider than it needs.
    pub width: Option<f64>,
}

impl Default for System {
    fn default() -> System {
        System {
            time_signature: true,
            final_bar: true,
            width: None,
        }
    }
}

impl Mark {
    /// The same mark `dy` lower.
    fn shift(&mut self, dy: f64) {
        match self {
            Mark::Glyph { y, .. } | Mark::Text { y, .. } => *y += dy,
            Mark::Line { from, to, .. }
            | Mark::Beam { from, to, .. }
            | Mark::Tie { from, to, .. } => {
                from.1 += dy;
                to.1 += dy;
            }
        }
    }
}

/// Where a step's notes stand.
#[derive(Clone, Debug, PartialEq)]
pub struct StepPlace {
    /// The left edge of its noteheads (of its first written piece).
    pub x: f64,
}

/// A sheet laid out on one system.
#[derive(Clone, Debug)]
pub struct Engraving {
    /// The clefs, key and time signatures at the start of each staff (drawn at the left
    /// edge however far the music has scrolled).
    pub header: Vec<Mark>,
    /// Where the header ends.
    pub header_width: f64,
    /// Everything else but the staff lines (see [`Engraving::staff_lines`]).
    pub music: Vec<Mark>,
    /// The system's width and height.
    pub size: (f64, f64),
    /// Per lesson step.
    pub steps: Vec<StepPlace>,
    /// Each bar's start (after its bar line) and end (its closing bar line), from bar 1.
    pub bars: Vec<(f64, f64)>,
    /// The top line of each staff.
    pub staves: Vec<(Clef, f64)>,
    /// Sharps (+) or flats (−).
    key_signature: i8,
    staff_line_thickness: f64,
    bar_quarters: f64,
    /// Quarters the first bar lacks (a pickup).
    upbeat: f64,
    quarter_width: f64,
    notehead_width: f64,
}

impl Engraving {
    /// Lays `sheet` out with `font` on one system.
    pub fn new(sheet: &Sheet, font: &MusicFont) -> Engraving {
        Engraving::system(sheet, font, System::default())
    }

    /// Lays `sheet` out with `font` as `system` asks.
    pub fn system(sheet: &Sheet, font: &MusicFont, system: System) -> Engraving {
        let staves: Vec<(Clef, f64)> = sheet
            .clefs
            .iter()
            .enumerate()
            .map(|(i, clef)| (*clef, TOP_MARGIN + STAFF_DISTANCE * i as f64))
            .collect();
        let last_top = staves.last().map_or(TOP_MARGIN, |s| s.1);
        let mut engraving = Engraving {
            header: Vec::new(),
            header_width: 0.0,
            music: Vec::new(),
            staff_line_thickness: font.thickness(|d| d.staff_line_thickness, 0.13),
            size: (0.0, last_top + 4.0 + BOTTOM_MARGIN),
            steps: Vec::new(),
            bars: Vec::new(),
            staves,
            key_signature: sheet.key_signature,
            bar_quarters: sheet.bar_quarters(),
            upbeat: sheet.upbeat,
            quarter_width: quarter_width(sheet),
            notehead_width: font.width(Glyph::NoteheadBlack),
        };
        let header_end = engraving.header(sheet, font, system.time_signature);
        engraving.header_width = header_end;
        let bars = f64::from(sheet.bars.max(1));
        if let Some(width) = system.width {
            let room = width - 1.0 - header_end - bars * (BAR_PAD + BAR_TAIL);
            let spread = room / (bars * engraving.bar_quarters - engraving.upbeat).max(1.0);
            engraving.quarter_width = engraving.quarter_width.max(spread);
        }
        let mut at = header_end;
        for bar in 0..sheet.bars.max(1) {
            let start = at + BAR_PAD;
            let quarters = engraving.bar_quarters - if bar == 0 { engraving.upbeat } else { 0.0 };
            let end = start + quarters * engraving.quarter_width + BAR_TAIL;
            engraving.bars.push((start, end));
            at = end;
        }
        engraving.size.0 = at + 1.0;
        engraving.bar_lines(font, system.final_bar);
        engraving.notes(sheet, font);
        engraving.rests(sheet);
        engraving.fit(font);
        engraving
    }

    /// Moves everything so the highest mark has a margin above it, and sets the height to hold
    /// the lowest with room below for the timing lane.
    fn fit(&mut self, font: &MusicFont) {
        let mut top = self.staves.first().map_or(0.0, |s| s.1);
        let mut bottom = self.staves.last().map_or(0.0, |s| s.1) + 4.0;
        for mark in self.header.iter().chain(&self.music) {
            let (high, low) = match mark {
                Mark::Glyph { glyph, y, .. } => {
                    let (ascent, descent) = font.vertical_extent(*glyph);
                    (y + ascent, y + descent)
                }
                Mark::Line { from, to, .. } => (from.1.min(to.1), from.1.max(to.1)),
                Mark::Beam {
                    from,
                    to,
                    thickness,
                } => {
                    let ys = [from.1, to.1, from.1 + thickness, to.1 + thickness];
                    (
                        ys.iter().copied().fold(f64::INFINITY, f64::min),
                        ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    )
                }
                Mark::Tie { from, to, .. } => (from.1.min(to.1) - 1.2, from.1.max(to.1) + 1.2),
                Mark::Text { y, size, .. } => (y - size, *y),
            };
            top = top.min(high);
            bottom = bottom.max(low);
        }
        let dy = TOP_ROOM - top;
        for mark in self.header.iter_mut().chain(self.music.iter_mut()) {
            mark.shift(dy);
        }
        for staff in &mut self.staves {
            staff.1 += dy;
        }
        self.size.1 = bottom + dy + BOTTOM_ROOM;
    }

    /// Where time `quarters` from the start falls: the playhead's x.
    pub fn x_at(&self, quarters: f64) -> f64 {
        // In the bars' own time, where the first bar would begin if it were whole.
        let whole = quarters + self.upbeat;
        let bar = (whole / self.bar_quarters).floor().max(0.0);
        let index = bar as usize;
        let into = whole - bar * self.bar_quarters - if index == 0 { self.upbeat } else { 0.0 };
        match self.bars.get(index) {
            Some((start, _)) => start + into * self.quarter_width,
            None => self.bars.last().map_or(0.0, |b| b.1),
        }
    }

    /// The y of `position` (steps above the bottom line) on the staff of `clef`.
    pub fn y_of(&self, clef: Clef, position: i32) -> f64 {
        let top = self.top_of(clef);
        top + 4.0 - f64::from(position) / 2.0
    }

    pub(super) fn top_of(&self, clef: Clef) -> f64 {
        self.staves
            .iter()
            .find(|(c, _)| *c == clef)
            .map_or(TOP_MARGIN, |s| s.1)
    }

    /// A key played for `step` that the step does not want, drawn where it was played: its
    /// notehead, ledger lines and (when the key signature does not give it) accidental.
    pub fn played_head(&self, step: usize, note: SpelledNote, font: &MusicFont) -> Vec<Mark> {
        let Some(place) = self.steps.get(step) else {
            return Vec::new();
        };
        let clef = self.staff_for(note);
        let position = crate::notation::position_on(clef, note);
        let x = place.x + self.notehead_width * 0.35;
        let y = self.y_of(clef, position);
        let mut marks = self.ledgers(clef, x, position);
        let alteration = note.name.accidental.semitones();
        let signature =
            crate::notation::KeySignature(self.key_signature).alteration(note.name.letter);
        if alteration != signature {
            let glyph = accidental_glyph(crate::notation::Shown::of(alteration));
            marks.push(Mark::Glyph {
                glyph,
                x: x - font.width(glyph) - 0.2,
                y,
                step: None,
            });
        }
        // A cross for a head: wrong is told by its shape as well as its colour.
        marks.push(Mark::Glyph {
            glyph: Glyph::NoteheadXBlack,
            x,
            y,
            step: None,
        });
        marks
    }

    /// The staff a played note is drawn on: the lesson's only staff, or by middle C.
    fn staff_for(&self, note: SpelledNote) -> Clef {
        match self.staves.as_slice() {
            [(only, _)] => *only,
            _ if note.octave >= 4 => Clef::Treble,
            _ => Clef::Bass,
        }
    }

    /// Clef, key signature and time signature at the start of each staff; where they end.
    fn header(&mut self, sheet: &Sheet, font: &MusicFont, time_signature: bool) -> f64 {
        // Every staff's signatures start after the widest clef, so a grand staff's line up.
        let clef_of = |clef: Clef| match clef {
            Clef::Treble => (Glyph::GClef, 3.0),
            Clef::Bass => (Glyph::FClef, 1.0),
        };
        let widest_clef = self
            .staves
            .iter()
            .map(|(clef, _)| font.width(clef_of(*clef).0))
            .fold(0.0, f64::max);
        // Beyond seven sharps (flats), the first letters are sharpened (flattened) twice: D♯
        // major's F𝄪 and C𝄪 stand where F♯ and C♯ would.
        let count = i32::from(sheet.key_signature);
        let (single, double) = if count > 0 {
            (Glyph::AccidentalSharp, Glyph::AccidentalDoubleSharp)
        } else {
            (Glyph::AccidentalFlat, Glyph::AccidentalDoubleFlat)
        };
        let doubled = (count.abs() - 7).max(0) as usize;
        let mut end: f64 = 0.0;
        for (clef, top) in self.staves.clone() {
            let (glyph, line) = clef_of(clef);
            self.header_glyph(glyph, 1.0, top + line);
            let mut x = 1.0 + widest_clef + 0.8;
            for (k, position) in key_signature_positions(clef, sheet.key_signature)
                .into_iter()
                .enumerate()
            {
                let glyph = if k < doubled { double } else { single };
                self.header_glyph(glyph, x, top + 4.0 - f64::from(position) / 2.0);
                x += font.width(glyph) + 0.1;
            }
            if !time_signature {
                end = end.max(x);
                continue;
            }
            x += 0.6;
            let [beats, unit] = sheet.time_signature;
            let widest = time_signature_width(beats, font).max(time_signature_width(unit, font));
            self.time_digits(beats, x, top + 1.0, widest, font);
            self.time_digits(unit, x, top + 3.0, widest, font);
            end = end.max(x + widest);
        }
        end
    }

    /// The digits of `number`, centred in `width`, on the line at `y`.
    fn time_digits(&mut self, number: u8, x: f64, y: f64, width: f64, font: &MusicFont) {
        let mut at = x + (width - time_signature_width(number, font)) / 2.0;
        for digit in number.to_string().bytes() {
            let glyph = time_digit(digit);
            self.header_glyph(glyph, at, y);
            at += font.width(glyph);
        }
    }

    /// The five lines of every staff from `from` to `to`.
    pub fn staff_lines(&self, from: f64, to: f64) -> Vec<Mark> {
        self.staves
            .iter()
            .flat_map(|(_, top)| (0..5).map(move |line| top + f64::from(line)))
            .map(|y| Mark::Line {
                from: (from, y),
                to: (to, y),
                thickness: self.staff_line_thickness,
            })
            .collect()
    }

    /// A bar line after every bar through all the staves (one line at the system's start when
    /// there are two), the last one final: thin then thick.
    fn bar_lines(&mut self, font: &MusicFont, final_bar: bool) {
        let thin = font.thickness(|d| d.thin_barline_thickness, 0.16);
        let thick = font.thickness(|d| d.thick_barline_thickness, 0.5);
        let separation = font.thickness(|d| d.thin_thick_barline_separation, 0.4);
        let top = self.staves.first().map_or(TOP_MARGIN, |s| s.1);
        let bottom = self.staves.last().map_or(TOP_MARGIN, |s| s.1) + 4.0;
        if self.staves.len() > 1 {
            self.header.push(Mark::Line {
                from: (0.0, top),
                to: (0.0, bottom),
                thickness: thin,
            });
        }
        let count = self.bars.len();
        for (index, (_, end)) in self.bars.clone().into_iter().enumerate() {
            if index + 1 == count && final_bar {
                let thick_x = end - thick / 2.0;
                self.line((thick_x, top), (thick_x, bottom), thick);
                let thin_x = end - thick - separation - thin / 2.0;
                self.line((thin_x, top), (thin_x, bottom), thin);
            } else {
                self.line((end, top), (end, bottom), thin);
            }
        }
    }

    fn notes(&mut self, sheet: &Sheet, font: &MusicFont) {
        let xs: Vec<f64> = sheet
            .notes
            .iter()
            .map(|n| self.x_at(sheet.quarters_at(n.bar, n.beat)))
            .collect();
        for (note, x) in sheet.notes.iter().zip(&xs) {
            if self.steps.len() <= note.step {
                self.steps.resize(note.step + 1, StepPlace { x: *x });
            }
        }
        let placed = stems::place(self, sheet, &xs, font);
        let extents = chord_extents(sheet, &placed.heads);
        for (index, note) in sheet.notes.iter().enumerate() {
            let head = &placed.heads[index];
            let y = self.y_of(note.staff, note.position);
            self.music
                .extend(self.ledgers(note.staff, head.x, note.position));
            if let Some(shown) = note.accidental {
                let glyph = accidental_glyph(shown);
                // Left of the chord's leftmost head, a column (as wide as a double flat) for
                // each accidental that would collide with the one above it.
                let x = extents[index].0 - font.width(glyph) - 0.25 - head.accidental_column * 1.7;
                self.glyph(glyph, x, y, Some(note.step));
            }
            self.glyph(notehead(note.duration), head.x, y, Some(note.step));
            if note.dots > 0 {
                let dot_y = if note.position % 2 == 0 { y - 0.5 } else { y };
                let x = extents[index].1 + font.width(notehead(note.duration)) + 0.45;
                self.glyph(Glyph::AugmentationDot, x, dot_y, Some(note.step));
            }
            if note.tied
                && let Some(next) = sheet.notes[index + 1..]
                    .iter()
                    .position(|n| n.step == note.step && n.name == note.name)
            {
                let to = xs[index + 1 + next];
                // A tie bows away from the stem.
                let below = head.stem_up;
                let offset = if below { 0.7 } else { -0.7 };
                self.music.push(Mark::Tie {
                    from: (head.x + self.notehead_width + 0.15, y + offset),
                    to: (to - 0.15, y + offset),
                    below,
                });
            }
        }
        self.music.extend(placed.marks);
        self.fingers_and_symbols(sheet, &xs, &placed.heads, font);
    }

    fn rests(&mut self, sheet: &Sheet) {
        for rest in &sheet.rests {
            let top = self.top_of(rest.staff);
            let x = self.x_at(sheet.quarters_at(rest.bar, rest.beat));
            let (glyph, y) = match rest.duration {
                NoteValue::Whole => (Glyph::RestWhole, top + 1.0),
                NoteValue::Half => (Glyph::RestHalf, top + 2.0),
                NoteValue::Quarter => (Glyph::RestQuarter, top + 2.0),
                NoteValue::Eighth => (Glyph::Rest8th, top + 2.0),
                NoteValue::Sixteenth => (Glyph::Rest16th, top + 2.0),
                NoteValue::ThirtySecond => (Glyph::Rest32nd, top + 2.0),
            };
            self.glyph(glyph, x, y, None);
            if rest.dots > 0 {
                self.glyph(Glyph::AugmentationDot, x + 1.6, top + 1.5, None);
            }
        }
    }

    /// Ledger lines for a notehead at `x` and `position` outside the staff.
    fn ledgers(&self, clef: Clef, x: f64, position: i32) -> Vec<Mark> {
        let mut marks = Vec::new();
        let lines = if position <= -2 {
            (position..=-2).filter(|p| p % 2 == 0).collect::<Vec<_>>()
        } else if position >= 10 {
            (10..=position).filter(|p| p % 2 == 0).collect()
        } else {
            Vec::new()
        };
        for line in lines {
            let y = self.y_of(clef, line);
            marks.push(Mark::Line {
                from: (x - 0.4, y),
                to: (x + self.notehead_width + 0.4, y),
                thickness: 0.16,
            });
        }
        marks
    }

    pub(super) fn glyph(&mut self, glyph: Glyph, x: f64, y: f64, step: Option<usize>) {
        self.music.push(Mark::Glyph { glyph, x, y, step });
    }

    fn header_glyph(&mut self, glyph: Glyph, x: f64, y: f64) {
        self.header.push(Mark::Glyph {
            glyph,
            x,
            y,
            step: None,
        });
    }

    fn line(&mut self, from: (f64, f64), to: (f64, f64), thickness: f64) {
        self.music.push(Mark::Line {
            from,
            to,
            thickness,
        });
    }

    /// The width of a notehead.
    pub fn notehead_width(&self) -> f64 {
        self.notehead_width
    }
}

/// For each note, the leftmost and rightmost head of its chord (the notes of one step struck
/// together on one staff, which stand next to each other in the sheet).
fn chord_extents(sheet: &Sheet, heads: &[stems::Head]) -> Vec<(f64, f64)> {
    let same = |a: &crate::notation::SheetNote, b: &crate::notation::SheetNote| {
        (a.step, a.staff, a.bar) == (b.step, b.staff, b.bar) && a.beat == b.beat
    };
    let mut extents = vec![(0.0, 0.0); sheet.notes.len()];
    let mut start = 0;
    while start < sheet.notes.len() {
        let end = (start..sheet.notes.len())
            .find(|i| !same(&sheet.notes[*i], &sheet.notes[start]))
            .unwrap_or(sheet.notes.len());
        let xs = heads[start..end].iter().map(|h| h.x);
        let lowest = xs.clone().fold(f64::INFINITY, f64::min);
        let highest = xs.fold(f64::NEG_INFINITY, f64::max);
        for extent in &mut extents[start..end] {
            *extent = (lowest, highest);
        }
        start = end;
    }
    extents
}

/// Staff spaces a quarter takes: the shortest note gets room for its head and an accidental.
fn quarter_width(sheet: &Sheet) -> f64 {
    let shortest = sheet
        .notes
        .iter()
        .map(|n| {
            let tuplet = n
                .tuplet
                .map(u32::from)
                .map_or(1.0, |t| f64::from(t.next_power_of_two() / 2) / f64::from(t));
            n.duration.quarters() * tuplet
        })
        .fold(1.0, f64::min);
    (3.4 / shortest).clamp(4.5, 16.0)
}
