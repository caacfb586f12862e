//! How much memory opening a piece takes as it grows (the goal: linear in its size): the peak
//! heap while a MusicXML score of 75, 150, 300 and 600 bars is read (dhat's counting
//! allocator), beside the file's size. Exits non-zero when doubling the piece more than
//! doubles the memory (by a tenth), so it runs as a check with the test suite too.

use etude::import::read_piece;

#[path = "support/score.rs"]
mod score;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

/// The peak heap (bytes) while `bytes` are read as a piece.
fn peak_while_reading(bytes: &[u8], midi: bool) -> usize {
    let profiler = dhat::Profiler::builder().testing().build();
    let before = dhat::HeapStats::get();
    let piece = read_piece(bytes, "long", "long", midi);
    let after = dhat::HeapStats::get();
    drop(piece);
    drop(profiler);
    after.max_bytes.saturating_sub(before.curr_bytes)
}

fn main() {
    let mut failed = false;
    for (kind, midi) in [("MusicXML", false), ("MIDI", true)] {
        let mut last: Option<usize> = None;
        for bars in [75, 150, 300, 600] {
            let bytes = if midi {
                score::midi(bars)
            } else {
                score::musicxml(bars).into_bytes()
            };
            let peak = peak_while_reading(&bytes, midi);
            println!(
                "{kind} {bars:>3} bars: file {:>9} bytes, peak heap {:>10} bytes ({:.1} per file byte, {} per bar)",
                bytes.len(),
                peak,
                peak as f64 / bytes.len() as f64,
                peak / bars
            );
            if let Some(half) = last
                && peak as f64 > 2.2 * half as f64
            {
                println!("  more than doubled with the piece: not linear");
                failed = true;
            }
            last = Some(peak);
        }
    }
    if failed {
        std::process::exit(1);
    }
}
