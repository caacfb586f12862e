//! The engine under a 10,000-note performance: the cost of judging one event live, and of the
//! final alignment and report.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use etude::engine::Attempt;
use etude::lesson::Mode;

#[path = "support/performance.rs"]
mod performance;

fn engine_benches(c: &mut Criterion) {
    for (name, mode) in [("tempo", Mode::Tempo), ("wait", Mode::Wait)] {
        let plan = performance::plan(mode);
        let events = performance::events(&plan);
        // Every event but the last note's, so the attempt stays live (no report is built).
        let live = &events[..events.len() - 2];
        let mut group = c.benchmark_group(format!("engine {name}"));
        group.throughput(Throughput::Elements(live.len() as u64));
        group.bench_function("feed 10,000-note performance (per event)", |b| {
            b.iter_batched(
                || Attempt::new(plan.clone()),
                |mut attempt| {
                    for event in live {
                        black_box(attempt.feed(*event));
                    }
                    attempt
                },
                BatchSize::LargeInput,
            )
        });
        group.throughput(Throughput::Elements(1));
        group.bench_function("finish: alignment and report", |b| {
            b.iter_batched(
                || {
                    let mut attempt = Attempt::new(plan.clone());
                    for event in live {
                        attempt.feed(*event);
                    }
                    attempt
                },
                |mut attempt| black_box(attempt.finish().score),
                BatchSize::LargeInput,
            )
        });
        group.finish();
    }
}

criterion_group!(benches, engine_benches);
criterion_main!(benches);
