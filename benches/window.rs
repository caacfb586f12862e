//! The window under a flood of MIDI events: what one key costs the real `App` (its update), and
//! what building the practice screen costs (its view, done once per frame whatever the number
//! of events in it). Together they say how many keys a second the window can take and stay
//! responsive.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use etude::app::{App, Message, Page, Screen};
use etude::engine::EventKind;
use etude::midi::input::InputMessage;
use etude::theory::Note;
use etude::ui::screen::lessons;

/// The app practising the C major scale (two octaves, hands together), on a fresh data folder.
fn practising(home: &std::path::Path) -> App {
    let mut app = App::new(home.to_path_buf());
    let _ = app.update(Message::Go(Page::Lessons));
    let _ = app.update(Message::Lessons(lessons::Message::Practise(
        "c-major-scale-hands-together".into(),
    )));
    assert!(
        matches!(app.screen(), Screen::Practice(_)),
        "the bench must measure the practice screen"
    );
    app
}

/// 1,000 keys (down and up) a millisecond apart, none of them the right one: the run never
/// ends, and every key is judged and marked.
fn flood(start: Instant) -> Vec<Message> {
    (0..1_000u32)
        .flat_map(|i| {
            let note = Note(30 + (i % 20) as u8);
            let at = start + Duration::from_millis(u64::from(i));
            [
                EventKind::NoteOn { note, velocity: 90 },
                EventKind::NoteOff { note },
            ]
            .map(|kind| Message::Midi(InputMessage::Event { at, kind }))
        })
        .collect()
}

fn window_benches(c: &mut Criterion) {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary folder: {e}"));
    let mut group = c.benchmark_group("window");
    group.throughput(Throughput::Elements(2_000));
    group.bench_function("update: 2,000 MIDI events (per event)", |b| {
        b.iter_batched(
            || (practising(home.path()), flood(Instant::now())),
            |(mut app, messages)| {
                for message in messages {
                    let _ = black_box(app.update(message));
                }
                app
            },
            BatchSize::LargeInput,
        )
    });
    group.throughput(Throughput::Elements(1));
    let app = practising(home.path());
    group.bench_function("view: the practice screen", |b| {
        b.iter(|| black_box(app.view()))
    });
    group.finish();
}

criterion_group!(benches, window_benches);
criterion_main!(benches);
