//! Loading and compiling the whole shipped curriculum: what Etude does at every start.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use etude::lesson::{Library, compile};
use etude::service::curriculum;

fn curriculum_benches(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    c.bench_function("load_dir(lessons/) read+parse+compile", |b| {
        b.iter(|| Library::load_dir(black_box(&dir)))
    });
    c.bench_function("shipped() parse+compile (embedded)", |b| {
        b.iter(curriculum::shipped)
    });
    let library = curriculum::shipped();
    c.bench_function("compile every lesson", |b| {
        b.iter(|| {
            for loaded in &library.lessons {
                let _ = black_box(compile(black_box(&loaded.lesson)));
            }
        })
    });
}

criterion_group!(benches, curriculum_benches);
criterion_main!(benches);
