//! A printable page of a lesson: an A4-wide SVG with its title and tempo, the music broken
//! into systems of whole bars, each starting with its clefs and signatures. Glyphs are the
//! font's own outlines, so the page looks the same in every viewer without the font.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::font::{FontError, MusicFont, PathOp};
use super::layout::{Engraving, Mark, System};
use super::{beam_outline, tie_outline};
use crate::notation::Sheet;

/// The width of the music on the page, in staff spaces (A4 with margins, a 6.5 mm staff).
const LINE_WIDTH: f64 = 110.0;
/// The margin round the music.
const MARGIN: f64 = 10.0;
/// Space between systems.
const SYSTEM_GAP: f64 = 1.0;
/// Millimetres in a staff space.
const MM_PER_SPACE: f64 = 1.6;

/// The page: `title` and `tempo` above the music of `sheet`.
pub fn page(sheet: &Sheet, title: &str, tempo: &str) -> Result<String, &'static FontError> {
    let font = MusicFont::get()?;
    let whole = Engraving::new(sheet, font);
    let systems = systems(&whole);
    let mut body = String::new();
    let mut used = BTreeMap::new();
    let mut y = MARGIN + 5.0;
    let count = systems.len();
    for (index, (first, last)) in systems.into_iter().enumerate() {
        let part = slice(sheet, first, last);
        let last_system = index + 1 == count;
        // Each line spread to the page's width, but a short last one.
        let natural = Engraving::system(
            &part,
            font,
            System {
                time_signature: index == 0,
                final_bar: last_system,
                width: None,
            },
        );
        let spread = !last_system || natural.size.0 > LINE_WIDTH * 0.75;
        let engraving = Engraving::system(
            &part,
            font,
            System {
                time_signature: index == 0,
                final_bar: last_system,
                width: spread.then_some(LINE_WIDTH),
            },
        );
        let _ = writeln!(body, r#"<g transform="translate({MARGIN} {y:.3})">"#);
        let lines = engraving.staff_lines(0.0, engraving.size.0 - 1.0);
        for mark in lines
            .iter()
            .chain(&engraving.header)
            .chain(&engraving.music)
        {
            draw(&mut body, mark, &mut used);
        }
        let _ = writeln!(
            body,
            r#"<text x="0" y="{:.3}" font-size="1.6" font-family="sans-serif">{first}</text>"#,
            engraving.staves.first().map_or(8.0, |s| s.1) - 1.2
        );
        body.push_str("</g>\n");
        y += engraving.size.1 + SYSTEM_GAP;
    }
    let height = y + MARGIN;
    let width = LINE_WIDTH + 2.0 * MARGIN;
    let mut svg = String::with_capacity(body.len() + 4096);
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{:.1}mm" height="{:.1}mm" viewBox="0 0 {width:.3} {height:.3}">"#,
        width * MM_PER_SPACE,
        height * MM_PER_SPACE,
    );
    let _ = writeln!(
        svg,
        r#"<rect width="{width:.3}" height="{height:.3}" fill="white"/>"#
    );
    svg.push_str("<defs>\n");
    for (codepoint, glyph) in &used {
        let _ = writeln!(
            svg,
            r#"<path id="g{codepoint:04x}" d="{}"/>"#,
            path_data(font.outline(*glyph), 0.0, 0.0)
        );
    }
    svg.push_str("</defs>\n");
    let _ = writeln!(
        svg,
        r#"<text x="{:.3}" y="{:.3}" font-size="3" font-family="serif" text-anchor="middle">{}</text>"#,
        width / 2.0,
        MARGIN,
        escape(title)
    );
    let _ = writeln!(
        svg,
        r#"<text x="{MARGIN}" y="{:.3}" font-size="1.8" font-family="sans-serif">{}</text>"#,
        MARGIN + 3.0,
        escape(tempo)
    );
    svg.push_str(&body);
    svg.push_str("</svg>\n");
    Ok(svg)
}

/// Bars, from 1, grouped into systems as many as fit the line, at least one each.
fn systems(whole: &Engraving) -> Vec<(u32, u32)> {
    let mut systems = Vec::new();
    let mut first = 1u32;
    let mut width = whole.header_width;
    for (index, (start, end)) in whole.bars.iter().enumerate() {
        let bar = index as u32 + 1;
        let this = end - start + 2.2;
        if bar > first && width + this > LINE_WIDTH {
            systems.push((first, bar - 1));
            first = bar;
            width = whole.header_width;
        }
        width += this;
    }
    systems.push((first, whole.bars.len().max(1) as u32));
    systems
}

/// Bars `first` to `last` of `sheet`, numbered from 1.
fn slice(sheet: &Sheet, first: u32, last: u32) -> Sheet {
    let within = |bar: u32| (first..=last).contains(&bar);
    let mut part = sheet.clone();
    part.notes.retain(|n| within(n.bar));
    part.rests.retain(|r| within(r.bar));
    for note in &mut part.notes {
        note.bar -= first - 1;
    }
    // A tie into the next system is not drawn across the break; ties within it are.
    for i in 0..part.notes.len() {
        let (step, name) = (part.notes[i].step, part.notes[i].name.clone());
        let continued = part.notes[i + 1..]
            .iter()
            .any(|n| n.step == step && n.name == name);
        part.notes[i].tied &= continued;
    }
    for rest in &mut part.rests {
        rest.bar -= first - 1;
    }
    part.bars = last - first + 1;
    if first > 1 {
        // Only the first system begins with the pickup.
        part.upbeat = 0.0;
    }
    part
}

/// One mark as SVG; the glyphs it uses are noted in `used`.
fn draw(out: &mut String, mark: &Mark, used: &mut BTreeMap<u32, smufl::Glyph>) {
    match mark {
        Mark::Glyph { glyph, x, y, .. } => {
            used.insert(u32::from(glyph.codepoint()), *glyph);
            let _ = writeln!(
                out,
                r##"<use xlink:href="#g{:04x}" x="{x:.3}" y="{y:.3}"/>"##,
                u32::from(glyph.codepoint())
            );
        }
        Mark::Line {
            from,
            to,
            thickness,
        } => {
            let _ = writeln!(
                out,
                r#"<line x1="{:.3}" y1="{:.3}" x2="{:.3}" y2="{:.3}" stroke="black" stroke-width="{thickness:.3}"/>"#,
                from.0, from.1, to.0, to.1
            );
        }
        Mark::Beam {
            from,
            to,
            thickness,
        } => {
            let d = path_data(&beam_outline(*from, *to, *thickness), 0.0, 0.0);
            let _ = writeln!(out, r#"<path d="{d}"/>"#);
        }
        Mark::Tie { from, to, below } => {
            let d = path_data(&tie_outline(*from, *to, *below), 0.0, 0.0);
            let _ = writeln!(out, r#"<path d="{d}"/>"#);
        }
        Mark::Text { text, x, y, size } => {
            let _ = writeln!(
                out,
                r#"<text x="{x:.3}" y="{y:.3}" font-size="{size:.2}" font-family="sans-serif">{}</text>"#,
                escape(text)
            );
        }
    }
}

/// SVG path data for `ops` moved by (`dx`, `dy`).
fn path_data(ops: &[PathOp], dx: f64, dy: f64) -> String {
    let mut d = String::with_capacity(ops.len() * 24);
    for op in ops {
        let _ = match *op {
            PathOp::MoveTo(x, y) => write!(d, "M{:.3} {:.3}", x + dx, y + dy),
            PathOp::LineTo(x, y) => write!(d, "L{:.3} {:.3}", x + dx, y + dy),
            PathOp::QuadTo(x1, y1, x, y) => {
                write!(
                    d,
                    "Q{:.3} {:.3} {:.3} {:.3}",
                    x1 + dx,
                    y1 + dy,
                    x + dx,
                    y + dy
                )
            }
            PathOp::CubicTo(x1, y1, x2, y2, x, y) => write!(
                d,
                "C{:.3} {:.3} {:.3} {:.3} {:.3} {:.3}",
                x1 + dx,
                y1 + dy,
                x2 + dx,
                y2 + dy,
                x + dx,
                y + dy
            ),
            PathOp::Close => write!(d, "Z"),
        };
    }
    d
}

/// Text made safe inside an SVG element.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
