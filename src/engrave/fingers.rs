//! Fingers and chord symbols: fingers above the treble staff's notes and below the bass
//! staff's, stacked for a chord, clear of heads and stems; a progression's chord symbol over
//! everything its chord puts above the top staff.

use super::font::MusicFont;
use super::glyphs::finger_glyph;
use super::layout::{Engraving, Mark, TOP_MARGIN};
use super::stems;
use crate::notation::{Clef, Sheet, SheetNote};

impl Engraving {
    /// Fingers above the treble staff's notes and below the bass staff's, as piano music
    /// prints them; chord symbols above the top staff.
    pub(super) fn fingers_and_symbols(
        &mut self,
        sheet: &Sheet,
        xs: &[f64],
        heads: &[stems::Head],
        font: &MusicFont,
    ) {
        let top_staff = self.staves.first().map_or(TOP_MARGIN, |s| s.1);
        let mut index = 0;
        while index < sheet.notes.len() {
            let note = &sheet.notes[index];
            let chord: Vec<usize> = (index..sheet.notes.len())
                .take_while(|i| {
                    sheet.notes[*i].step == note.step
                        && sheet.notes[*i].bar == note.bar
                        && sheet.notes[*i].beat == note.beat
                })
                .collect();
            let next = chord.last().map_or(index + 1, |last| last + 1);
            // How high the chord's marks reach on the top staff: its symbol goes over them.
            let on_top: Vec<&usize> = chord
                .iter()
                .filter(|i| Some(&(sheet.notes[**i].staff, top_staff)) == self.staves.first())
                .collect();
            let mut highest = heads_reach(sheet, heads, &on_top, self, true).min(top_staff);
            for staff in [Clef::Treble, Clef::Bass] {
                let mut on_staff: Vec<&usize> = chord
                    .iter()
                    .filter(|i| {
                        sheet.notes[**i].staff == staff && sheet.notes[**i].finger.is_some()
                    })
                    .collect();
                if on_staff.is_empty() {
                    continue;
                }
                let top = self.top_of(staff);
                let above = staff == Clef::Treble;
                // Highest note's finger on top.
                on_staff.sort_by_key(|i| -sheet.notes[**i].position);
                let reach = heads_reach(sheet, heads, &on_staff, self, above);
                let count = on_staff.len() as f64;
                for (k, i) in on_staff.iter().enumerate() {
                    let Some(glyph) = sheet.notes[**i].finger.and_then(finger_glyph) else {
                        continue;
                    };
                    let (ascent, descent) = font.vertical_extent(glyph);
                    let y = if above {
                        reach.min(top - 0.6) - 0.4 - descent - (count - 1.0 - k as f64) * 1.6
                    } else {
                        reach.max(top + 4.6) + 0.4 - ascent + k as f64 * 1.6
                    };
                    let x = xs[**i] + (self.notehead_width() - font.width(glyph)) / 2.0;
                    self.glyph(glyph, x, y, None);
                    if above {
                        highest = highest.min(y + ascent);
                    }
                }
            }
            if let Some(symbol) = &note.chord_symbol {
                self.music.push(Mark::Text {
                    text: symbol.replace('b', "♭").replace('#', "♯"),
                    x: xs[index],
                    y: highest.min(top_staff - 2.0) - 0.8,
                    size: 2.2,
                });
            }
            index = next;
        }
    }
}

/// How far the chord's heads and stem reach towards where its fingers go: the topmost y for
/// fingers above, the lowest for fingers below.
fn heads_reach(
    sheet: &Sheet,
    heads: &[stems::Head],
    chord: &[&usize],
    engraving: &Engraving,
    above: bool,
) -> f64 {
    let ys = chord.iter().flat_map(|i| {
        let note: &SheetNote = &sheet.notes[**i];
        let head_y = engraving.y_of(note.staff, note.position);
        [head_y - 0.5, head_y + 0.5, heads[**i].stem_end]
    });
    if above {
        ys.fold(f64::INFINITY, f64::min)
    } else {
        ys.fold(f64::NEG_INFINITY, f64::max)
    }
}
