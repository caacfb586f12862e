//! Measures heap allocations while the engine judges events in steady state (after the first
//! hundred), with dhat's counting allocator. The engine must allocate nothing per event: this
//! exits non-zero if it does, and runs as part of the test suite (`cargo test --all-targets`).

use etude::engine::Attempt;
use etude::lesson::Mode;

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
    if failed {
        eprintln!("the engine allocated while judging events");
        std::process::exit(1);
    }
}
