//! Opening a 300-bar piano piece (the goal: under 200 ms): reading it from MusicXML, from a
//! compressed .mxl and from a MIDI file, and making the whole piece's lesson and staff.

use std::hint::black_box;
use std::io::Write as _;

use criterion::{Criterion, criterion_group, criterion_main};
use etude::engrave::{Engraving, MusicFont};
use etude::import::read_piece;
use etude::lesson::piece::Section;

#[path = "support/score.rs"]
mod score;

/// The score packed as a notation program packs a .mxl.
fn mxl(xml: &str) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    archive.start_file("META-INF/container.xml", deflated)?;
    archive.write_all(
        br#"<container><rootfiles><rootfile full-path="score.musicxml"/></rootfiles></container>"#,
    )?;
    archive.start_file("score.musicxml", deflated)?;
    archive.write_all(xml.as_bytes())?;
    Ok(archive.finish()?.into_inner())
}

fn piece_benches(c: &mut Criterion) {
    let xml = score::musicxml(300);
    let packed = mxl(&xml).unwrap_or_else(|e| panic!("cannot pack the score: {e}"));
    let midi = score::midi(300);
    let mut group = c.benchmark_group("open a 300-bar piece");
    group.bench_function("MusicXML", |b| {
        b.iter(|| read_piece(black_box(xml.as_bytes()), "long.musicxml", "long", false).is_ok())
    });
    group.bench_function(".mxl", |b| {
        b.iter(|| read_piece(black_box(&packed), "long.mxl", "long", false).is_ok())
    });
    group.bench_function("MIDI", |b| {
        b.iter(|| read_piece(black_box(&midi), "long.mid", "long", true).is_ok())
    });
    let piece = read_piece(xml.as_bytes(), "long.musicxml", "long", false)
        .unwrap_or_else(|e| panic!("the score does not read: {e}"));
    let font = MusicFont::get().unwrap_or_else(|e| panic!("{e}"));
    group.bench_function("MusicXML, then the whole piece's lesson and staff", |b| {
        b.iter(|| {
            let piece = read_piece(black_box(xml.as_bytes()), "long.musicxml", "long", false);
            let lesson = piece.ok().and_then(|p| p.lesson(Section::default()).ok());
            let sheet = lesson.map(|l| etude::notation::engrave(&l));
            black_box(sheet.map(|s| Engraving::new(&s, font)))
        })
    });
    group.bench_function("a 4-bar section's lesson and staff", |b| {
        b.iter(|| {
            let lesson = piece.lesson(Section {
                hand: etude::lesson::Hand::Right,
                bars: Some((1, 4)),
            });
            let sheet = lesson.ok().map(|l| etude::notation::engrave(&l));
            black_box(sheet.map(|s| Engraving::new(&s, font)))
        })
    });
    group.finish();
}

criterion_group!(benches, piece_benches);
criterion_main!(benches);
