//! Engraving with the bundled SMuFL music font (Bravura): a written lesson ([`Sheet`]) laid out
//! as glyphs and lines in staff spaces, for the window's staff and the printed page. The only
//! module that names `smufl` and `ttf-parser`.
//!
//! [`Sheet`]: crate::notation::Sheet

mod fingers;
mod font;
mod glyphs;
mod layout;
mod stems;
mod svg;

pub use font::{FontError, MusicFont, PathOp};
pub use layout::{Engraving, Mark, StepPlace, System};
pub use svg::page;

/// The outline of a tie from `from` to `to`, bowed below or above: a crescent, thin at its ends.
pub fn tie_outline(from: (f64, f64), to: (f64, f64), below: bool) -> [PathOp; 4] {
    let bow = if below { 1.0 } else { -1.0 };
    let middle = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
    let height = (0.25 * (to.0 - from.0)).clamp(0.5, 1.2);
    [
        PathOp::MoveTo(from.0, from.1),
        PathOp::QuadTo(middle.0, middle.1 + bow * height, to.0, to.1),
        PathOp::QuadTo(middle.0, middle.1 + bow * (height - 0.3), from.0, from.1),
        PathOp::Close,
    ]
}

/// The outline of a beam whose outer edge runs from `from` to `to`, `thickness` downwards
/// (negative: upwards).
pub fn beam_outline(from: (f64, f64), to: (f64, f64), thickness: f64) -> [PathOp; 5] {
    [
        PathOp::MoveTo(from.0, from.1),
        PathOp::LineTo(to.0, to.1),
        PathOp::LineTo(to.0, to.1 + thickness),
        PathOp::LineTo(from.0, from.1 + thickness),
        PathOp::Close,
    ]
}

#[cfg(test)]
mod tests;
