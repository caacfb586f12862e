//! Which part of a piece the terminal's commands practise: `--hand` and `--bars`.

use crate::lesson::Hand;
use crate::lesson::piece::Section;

/// Which part of a piece (a MIDI file) is practised; lessons ignore it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::Args)]
pub struct SectionArgs {
    /// A piece's hand: right, left or both (default both).
    #[arg(long, value_enum)]
    pub hand: Option<HandArg>,
    /// A piece's bars, as printed: `A-B` or `A` (a pickup is bar 0; default the whole piece).
    #[arg(long, value_parser = parse_bars)]
    pub bars: Option<(u32, u32)>,
}

impl SectionArgs {
    /// The section of a piece these arguments choose (both hands, the whole piece, for what
    /// they leave out).
    pub fn section(self) -> Section {
        self.over(Section::default())
    }

    /// `section` with what these arguments give in its place: a piece named by a section's id
    /// keeps the hand or bars not given.
    pub fn over(self, section: Section) -> Section {
        Section {
            hand: self.hand.map_or(section.hand, |hand| match hand {
                HandArg::Right => Hand::Right,
                HandArg::Left => Hand::Left,
                HandArg::Both => Hand::Both,
            }),
            bars: self.bars.or(section.bars),
        }
    }
}

/// A hand on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HandArg {
    /// The right hand.
    Right,
    /// The left hand.
    Left,
    /// Both hands.
    Both,
}

/// `--bars 1-8` or `--bars 3`.
fn parse_bars(text: &str) -> Result<(u32, u32), String> {
    let number = |t: &str| {
        t.trim()
            .parse::<u32>()
            .map_err(|_| format!("`{text}` is not bars: write A-B (1-8) or one bar (3)"))
    };
    let (first, last) = match text.split_once('-') {
        Some((a, b)) => (number(a)?, number(b)?),
        None => (number(text)?, number(text)?),
    };
    if first > last {
        return Err(format!("bars {first}-{last} run backwards"));
    }
    Ok((first, last))
}
