//! Measures heap allocations in the two real-time paths, with dhat's counting allocator: the
//! engine judging events (after the first hundred) and the audio renderer playing notes, the
//! metronome and scheduled demo notes (after its first block). Neither may allocate: this exits
//! non-zero if one does, and runs as part of the test suite (`cargo test --all-targets`).

use etude::audio::command::{Command, command_queue};
use etude::audio::renderer::Renderer;
use etude::audio::soundfont;
use etude::engine::{Attempt, EventKind};
use etude::lesson::Mode;
use etude::theory::Note;

#[path = "support/performance.rs"]
mod performance;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

fn main() {
    let mut failed = false;
    for (name, mode) in [("tempo", Mode::Tempo), ("wait", Mode::Wait)] {
        let plan = performance::plan(mode);
        let events = performance::events(&plan);
        let live = &events[..events.len() - 2];
        let mut attempt = Attempt::new(plan);
        let (warm_up, steady) = live.split_at(100);
        for event in warm_up {
            attempt.feed(*event);
        }
        let profiler = dhat::Profiler::builder().testing().build();
        let before = dhat::HeapStats::get();
        for event in steady {
            attempt.feed(*event);
        }
        let after = dhat::HeapStats::get();
        drop(profiler);
        let allocations = after.total_blocks - before.total_blocks;
        println!(
            "engine {name}: {allocations} allocations ({} bytes) while judging {} events",
            after.total_bytes - before.total_bytes,
            steady.len()
        );
        failed |= allocations > 0;
    }
    failed |= renderer_allocates();
    if failed {
        eprintln!("a real-time path allocated");
        std::process::exit(1);
    }
}

/// Renders 2 s in 256-frame blocks while keys, the pedal, the metronome and scheduled notes
/// arrive; reports whether anything was allocated after the first block.
fn renderer_allocates() -> bool {
    let Ok(font) = soundfont::bundled() else {
        eprintln!("the bundled SoundFont did not load");
        return true;
    };
    let (sender, receiver) = command_queue();
    let Ok(mut renderer) = Renderer::new(&font, 48_000, receiver) else {
        eprintln!("the renderer did not start");
        return true;
    };
    let (mut left, mut right) = ([0f32; 256], [0f32; 256]);
    renderer.render(&mut left, &mut right);
    let profiler = dhat::Profiler::builder().testing().build();
    let before = dhat::HeapStats::get();
    sender.send(Command::StartMetronome {
        first_beat: 0,
        bpm: 120.0,
        beats_per_bar: 4,
    });
    for block in 0..375u64 {
        let note = Note(48 + (block % 24) as u8);
        if block % 10 == 0 {
            sender.send(Command::Play(EventKind::NoteOn { note, velocity: 90 }));
            sender.send(Command::PlayAt {
                at: (block + 5) * 256 + 17,
                event: EventKind::NoteOff { note },
            });
        }
        if block % 50 == 0 {
            sender.send(Command::Play(EventKind::Pedal {
                down: block % 100 == 0,
            }));
        }
        renderer.render(&mut left, &mut right);
    }
    let after = dhat::HeapStats::get();
    drop(profiler);
    let allocations = after.total_blocks - before.total_blocks;
    println!(
        "renderer: {allocations} allocations while rendering 2 s with notes, pedal, metronome and scheduled notes"
    );
    allocations > 0
}
