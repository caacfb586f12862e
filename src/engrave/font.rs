//! The bundled music font: Bravura's outlines (read with `ttf-parser`) and its SMuFL metadata
//! (read with `smufl`), both in staff spaces with y growing downwards, as the page is drawn.

use std::collections::HashMap;
use std::sync::OnceLock;

use smufl::{Glyph, Metadata, StaffSpaces};

/// The font file, SIL OFL 1.1 (see `bravura/OFL.txt`).
const FONT_FILE: &[u8] = include_bytes!("bravura/Bravura.otf");
/// Its SMuFL metadata.
const METADATA_FILE: &str = include_str!("bravura/bravura_metadata.json");

/// One step of a glyph's outline, in staff spaces from the glyph's origin, y downwards.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PathOp {
    /// Start a contour here.
    MoveTo(f64, f64),
    /// A straight line to here.
    LineTo(f64, f64),
    /// A quadratic curve: control point, end.
    QuadTo(f64, f64, f64, f64),
    /// A cubic curve: two control points, end.
    CubicTo(f64, f64, f64, f64, f64, f64),
    /// Close the contour.
    Close,
}

/// The music font, loaded once.
pub struct MusicFont {
    metadata: Metadata,
    outlines: HashMap<Glyph, Vec<PathOp>>,
}

/// Why the music font could not be read (only a broken build could cause it).
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// The font file is not a font.
    #[error("the bundled music font cannot be read: {0}")]
    Face(String),
    /// The metadata is not SMuFL metadata.
    #[error("the bundled music font's metadata cannot be read: {0}")]
    Metadata(String),
}

/// The glyphs Etude draws: every one is read from the font when it is loaded.
pub const GLYPHS: [Glyph; 43] = [
    Glyph::GClef,
    Glyph::FClef,
    Glyph::NoteheadBlack,
    Glyph::NoteheadHalf,
    Glyph::NoteheadWhole,
    Glyph::NoteheadXBlack,
    Glyph::AccidentalSharp,
    Glyph::AccidentalFlat,
    Glyph::AccidentalNatural,
    Glyph::AccidentalDoubleSharp,
    Glyph::AccidentalDoubleFlat,
    Glyph::TimeSig0,
    Glyph::TimeSig1,
    Glyph::TimeSig2,
    Glyph::TimeSig3,
    Glyph::TimeSig4,
    Glyph::TimeSig5,
    Glyph::TimeSig6,
    Glyph::TimeSig7,
    Glyph::TimeSig8,
    Glyph::TimeSig9,
    Glyph::Flag8thUp,
    Glyph::Flag8thDown,
    Glyph::Flag16thUp,
    Glyph::Flag16thDown,
    Glyph::Flag32ndUp,
    Glyph::Flag32ndDown,
    Glyph::RestWhole,
    Glyph::RestHalf,
    Glyph::RestQuarter,
    Glyph::Rest8th,
    Glyph::Rest16th,
    Glyph::Rest32nd,
    Glyph::AugmentationDot,
    Glyph::Fingering1,
    Glyph::Fingering2,
    Glyph::Fingering3,
    Glyph::Fingering4,
    Glyph::Fingering5,
    Glyph::Tuplet3,
    Glyph::Tuplet5,
    Glyph::Tuplet6,
    Glyph::Tuplet7,
];

impl MusicFont {
    /// The bundled Bravura, read on first use.
    pub fn get() -> Result<&'static MusicFont, &'static FontError> {
        static FONT: OnceLock<Result<MusicFont, FontError>> = OnceLock::new();
        FONT.get_or_init(MusicFont::load).as_ref()
    }

    fn load() -> Result<MusicFont, FontError> {
        let metadata = Metadata::from_reader(METADATA_FILE.as_bytes())
            .map_err(|e| FontError::Metadata(e.to_string()))?;
        let face =
            ttf_parser::Face::parse(FONT_FILE, 0).map_err(|e| FontError::Face(e.to_string()))?;
        // SMuFL: the em is four staff spaces.
        let per_space = f64::from(face.units_per_em()) / 4.0;
        let mut outlines = HashMap::with_capacity(GLYPHS.len());
        for glyph in GLYPHS {
            let mut path = Outline {
                ops: Vec::new(),
                per_space,
            };
            if let Some(id) = face.glyph_index(glyph.codepoint()) {
                face.outline_glyph(id, &mut path);
            }
            if path.ops.is_empty() {
                return Err(FontError::Face(format!("no outline for {glyph:?}")));
            }
            outlines.insert(glyph, path.ops);
        }
        Ok(MusicFont { metadata, outlines })
    }

    /// The glyph's outline, in staff spaces from its origin, y downwards.
    pub fn outline(&self, glyph: Glyph) -> &[PathOp] {
        self.outlines.get(&glyph).map_or(&[], Vec::as_slice)
    }

    /// The glyph's width: its advance, else its bounding box.
    pub fn width(&self, glyph: Glyph) -> f64 {
        self.metadata
            .advance_widths
            .get(glyph)
            .map(|w| w.0)
            .or_else(|| {
                let b = self.metadata.bounding_boxes.get(glyph)?;
                Some((b.ne.x() - b.sw.x()).0)
            })
            .unwrap_or(1.0)
    }

    /// How far the glyph reaches above (negative) and below its origin, y downwards.
    pub fn vertical_extent(&self, glyph: Glyph) -> (f64, f64) {
        self.metadata
            .bounding_boxes
            .get(glyph)
            .map_or((-0.5, 0.5), |b| (-b.ne.y().0, -b.sw.y().0))
    }

    /// Where a stem meets the notehead: `up` at its right (stemUpSE), else at its left
    /// (stemDownNW), y downwards.
    pub fn stem_anchor(&self, notehead: Glyph, up: bool) -> (f64, f64) {
        let anchors = self.metadata.anchors.get(notehead);
        let corner = anchors.and_then(|a| if up { a.stem_up_se } else { a.stem_down_nw });
        match corner {
            Some(c) => (c.x().0, -c.y().0),
            None if up => (self.width(notehead), 0.0),
            None => (0.0, 0.0),
        }
    }

    /// An engraving default, in staff spaces, or `otherwise` when the font gives none.
    pub fn thickness(
        &self,
        of: fn(&smufl::EngravingDefaults) -> Option<StaffSpaces>,
        otherwise: f64,
    ) -> f64 {
        of(&self.metadata.engraving_defaults).map_or(otherwise, |s| s.0)
    }
}

/// Collects an outline from `ttf-parser`, in staff spaces, y downwards.
struct Outline {
    ops: Vec<PathOp>,
    per_space: f64,
}

impl Outline {
    fn at(&self, x: f32, y: f32) -> (f64, f64) {
        (
            f64::from(x) / self.per_space,
            -f64::from(y) / self.per_space,
        )
    }
}

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.ops.push(PathOp::MoveTo(x, y));
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.ops.push(PathOp::LineTo(x, y));
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x1, y1) = self.at(x1, y1);
        let (x, y) = self.at(x, y);
        self.ops.push(PathOp::QuadTo(x1, y1, x, y));
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x1, y1) = self.at(x1, y1);
        let (x2, y2) = self.at(x2, y2);
        let (x, y) = self.at(x, y);
        self.ops.push(PathOp::CubicTo(x1, y1, x2, y2, x, y));
    }

    fn close(&mut self) {
        self.ops.push(PathOp::Close);
    }
}
