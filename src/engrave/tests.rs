//! The layout on real lesson files: stems, signatures, accidentals, beams, the page.

use smufl::Glyph;

use super::*;
use crate::lesson::parse;
use crate::notation::{Sheet, engrave};

fn sheet(text: &str) -> Sheet {
    engrave(&parse(text, "test.ron").unwrap())
}

fn scale(tonic: &str, kind: &str, hand: &str, per_beat: u8) -> Sheet {
    sheet(&format!(
        r#"Lesson(id: "s", title: "S", level: 1, tempo: 60,
            exercise: Scale(tonic: "{tonic}", scale: {kind}, octaves: 1, direction: UpDown,
                            hand: {hand}, notes_per_beat: {per_beat}))"#
    ))
}

fn font() -> &'static MusicFont {
    MusicFont::get().unwrap()
}

fn glyphs(marks: &[Mark], wanted: Glyph) -> Vec<(f64, f64, Option<usize>)> {
    marks
        .iter()
        .filter_map(|m| match m {
            Mark::Glyph { glyph, x, y, step } if *glyph == wanted => Some((*x, *y, *step)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_font_and_its_metadata_load_with_every_glyph_drawn() {
    let font = font();
    for glyph in font::GLYPHS {
        assert!(!font.outline(glyph).is_empty(), "{glyph:?}");
    }
    // Bravura's notehead is 1.18 spaces wide; its stem-up anchor at its right edge.
    assert!((font.width(Glyph::NoteheadBlack) - 1.18).abs() < 0.01);
    assert!((font.stem_anchor(Glyph::NoteheadBlack, true).0 - 1.18).abs() < 0.01);
}

#[test]
fn stems_go_up_below_the_middle_line_and_down_from_it() {
    let sheet = scale("C4", "Major", "Right", 1);
    let engraving = Engraving::new(&sheet, font());
    let stems: Vec<(f64, f64)> = engraving
        .music
        .iter()
        .filter_map(|m| match m {
            // Stems: upright and thinner than bar lines.
            Mark::Line {
                from,
                to,
                thickness,
            } if from.0 == to.0 && *thickness < 0.15 => Some((from.1, to.1)),
            _ => None,
        })
        .collect();
    // 15 quarter notes: C4 … A4 up (7 below the middle line), B4 and C5 down.
    let up = stems.iter().filter(|(from, to)| to < from).count();
    let down = stems.iter().filter(|(from, to)| to > from).count();
    assert_eq!(up + down, 15, "{stems:?}");
    // C D E F G A up twice, B up never: B4 is on the middle line.
    assert_eq!(up, 12, "{stems:?}");
    assert_eq!(down, 3, "{stems:?}");
}

#[test]
fn key_signatures_stand_where_the_books_print_them() {
    // E♭ major: flats on B4, E5, A4 (treble), a third lower in the bass.
    let treble = Engraving::new(&scale("Eb4", "Major", "Right", 1), font());
    let flats: Vec<f64> = glyphs(&treble.header, Glyph::AccidentalFlat)
        .iter()
        .map(|g| g.1)
        .collect();
    let top = treble.staves[0].1;
    assert_eq!(flats, [top + 2.0, top + 0.5, top + 2.5]);
    let bass = Engraving::new(&scale("E3", "Major", "Left", 1), font());
    let sharps: Vec<f64> = glyphs(&bass.header, Glyph::AccidentalSharp)
        .iter()
        .map(|g| g.1 - bass.staves[0].1)
        .collect();
    // E major in the bass: F3 C3 G3 D3.
    assert_eq!(sharps, [1.0, 2.5, 0.5, 2.0]);
    assert_eq!(glyphs(&bass.header, Glyph::FClef).len(), 1);
}

#[test]
fn a_harmonic_minor_shows_its_sharp_on_the_step_that_needs_it() {
    let sheet = scale("A4", "HarmonicMinor", "Right", 1);
    let engraving = Engraving::new(&sheet, font());
    let sharps = glyphs(&engraving.music, Glyph::AccidentalSharp);
    let sharped: Vec<usize> = sharps.iter().filter_map(|g| g.2).collect();
    // G♯5 going up (step 6) and coming down (step 8, a new bar).
    assert_eq!(sharped, [6, 8], "{sharps:?}");
    // Each accidental stands left of its notehead.
    for (x, _, step) in sharps {
        let head = engraving.steps[step.unwrap()].x;
        assert!(x < head);
    }
}

#[test]
fn notes_stand_in_time_order_and_the_playhead_meets_each_as_it_is_due() {
    let sheet = scale("D4", "Major", "Both", 2);
    let engraving = Engraving::new(&sheet, font());
    let xs: Vec<f64> = engraving.steps.iter().map(|s| s.x).collect();
    assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
    // Step k of an eighth-note scale is due k/2 quarters in.
    for (k, x) in xs.iter().enumerate() {
        assert!((engraving.x_at(k as f64 / 2.0) - x).abs() < 1e-9);
    }
    // Eighths a beat apiece are beamed, on both staves.
    let beams = engraving
        .music
        .iter()
        .filter(|m| matches!(m, Mark::Beam { .. }))
        .count();
    assert!(beams >= 14, "{beams} beams");
    assert_eq!(engraving.staves.len(), 2);
}

#[test]
fn a_wrong_key_is_drawn_as_a_cross_where_it_was_played() {
    let sheet = scale("C4", "Major", "Right", 1);
    let engraving = Engraving::new(&sheet, font());
    let played = engraving.played_head(2, "F#4".parse().unwrap(), font());
    let crosses = glyphs(&played, Glyph::NoteheadXBlack);
    assert_eq!(crosses.len(), 1);
    // F4 is the first space: half a space below the middle of the bottom space.
    assert!((crosses[0].1 - (engraving.staves[0].1 + 3.5)).abs() < 1e-9);
    assert_eq!(glyphs(&played, Glyph::AccidentalSharp).len(), 1);
    // Middle C played: one ledger line.
    let low = engraving.played_head(0, "C4".parse().unwrap(), font());
    let ledgers = low
        .iter()
        .filter(|m| matches!(m, Mark::Line { .. }))
        .count();
    assert_eq!(ledgers, 1);
}

#[test]
fn the_page_is_an_svg_with_every_note_and_a_system_per_line() {
    let sheet = scale("Bb3", "MelodicMinor", "Both", 4);
    let svg = page(&sheet, "B♭ melodic minor & more", "♩ = 92").unwrap();
    assert!(svg.starts_with("<svg"));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("B♭ melodic minor &amp; more"));
    let head = format!("#g{:04x}\"", u32::from(Glyph::NoteheadBlack.codepoint()));
    assert_eq!(svg.matches(&head).count(), sheet.notes.len());
    // The glyphs it uses are defined once.
    let g_clef = format!("id=\"g{:04x}\"", u32::from(Glyph::GClef.codepoint()));
    assert_eq!(svg.matches(&g_clef).count(), 1);
}

#[test]
fn each_beamed_group_is_drawn_once_with_one_tuplet_number() {
    // Triplet eighths: one beam and one "3" a beat.
    let sheet = scale("C4", "Major", "Right", 3);
    let engraving = Engraving::new(&sheet, font());
    let beams = engraving
        .music
        .iter()
        .filter(|m| matches!(m, Mark::Beam { .. }))
        .count();
    let groups = sheet
        .notes
        .iter()
        .filter_map(|n| n.beam)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert_eq!(beams, groups);
    assert_eq!(glyphs(&engraving.music, Glyph::Tuplet3).len(), groups);
}

#[test]
fn a_tie_bows_away_from_the_stem() {
    // A melody whose half note on beat 4 is tied over the bar line: G4 (stem up) ties below.
    let sheet = sheet(
        r#"Lesson(id: "t", title: "T", level: 1, tempo: 60,
            exercise: Notes(hand: Right, steps: ["C4", "D4", "E4", "G4"], beats: [1, 1, 1, 2]))"#,
    );
    let engraving = Engraving::new(&sheet, font());
    let ties: Vec<bool> = engraving
        .music
        .iter()
        .filter_map(|m| match m {
            Mark::Tie { below, .. } => Some(*below),
            _ => None,
        })
        .collect();
    assert_eq!(ties, [true]);
}

#[test]
fn a_key_beyond_seven_sharps_writes_its_double_sharps() {
    // D♯ major: nine sharps, F and C sharpened twice.
    let engraving = Engraving::new(&scale("D#4", "Major", "Right", 1), font());
    assert_eq!(
        glyphs(&engraving.header, Glyph::AccidentalDoubleSharp).len(),
        2
    );
    assert_eq!(glyphs(&engraving.header, Glyph::AccidentalSharp).len(), 5);
}
