//! The window under a flood of MIDI events: what one key costs the real `App` (its update), and
//! what building the practice screen costs (its view, done once per frame whatever the number
//! of events in it). Together they say how many keys a second the window can take and stay
//! responsive.
//!
//! And a whole frame of the practice screen in a tempo-mode run (the budget is 2 ms): a tick,
//! the view, its layout and its drawing into the renderer's geometry (the staff kept drawn,
//! the playhead moved), and the same frame after a note was played (the staff drawn anew).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use etude::app::{App, Message, Page, Screen};
use etude::engine::EventKind;
use etude::midi::input::InputMessage;
use etude::theory::Note;
use etude::ui::screen::{lessons, practice};

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

/// The app in a tempo-mode run of the G major scale, counted in and under way at `start`.
fn in_a_tempo_run(home: &std::path::Path) -> (App, Instant) {
    let mut app = App::new(home.to_path_buf());
    let _ = app.update(Message::Go(Page::Lessons));
    let _ = app.update(Message::Lessons(lessons::Message::Practise(
        "g-major-scale-tempo-rh".into(),
    )));
    let now = Instant::now();
    let _ = app.update_at(Message::Practice(practice::Message::Restart), now);
    (app, now + Duration::from_secs(4))
}

/// One frame: a tick at `at`, the view, its layout and its drawing.
fn frame(
    app: &mut App,
    at: Instant,
    renderer: &mut iced::Renderer,
    cache: iced_runtime::user_interface::Cache,
) -> iced_runtime::user_interface::Cache {
    let _ = app.update_at(Message::Practice(practice::Message::Tick), at);
    let mut ui = iced_runtime::UserInterface::build(
        app.view(),
        iced::Size::new(1100.0, 800.0),
        cache,
        renderer,
    );
    ui.draw(
        renderer,
        &iced::Theme::Light,
        &iced_runtime::core::renderer::Style {
            text_color: iced::Color::BLACK,
        },
        iced_runtime::core::mouse::Cursor::Unavailable,
    );
    ui.into_cache()
}

fn frame_benches(c: &mut Criterion) {
    use iced_runtime::core::renderer::Headless;
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary folder: {e}"));
    let backend = std::env::var("ICED_TEST_BACKEND").ok();
    let Some(mut renderer) = futures::executor::block_on(<iced::Renderer as Headless>::new(
        iced::Font::with_name("Fira Sans"),
        iced::Pixels(16.0),
        backend.as_deref(),
    )) else {
        panic!("no headless renderer");
    };
    let mut group = c.benchmark_group("frame");
    // Two seconds of frames at 60 a second, from a second into the run; the time is per frame.
    const FRAMES: u32 = 120;
    let tick = Duration::from_micros(16_667);
    group.throughput(Throughput::Elements(u64::from(FRAMES)));
    for played in [false, true] {
        let name = if played {
            "practice screen, tempo run: a key played every frame, the staff drawn anew"
        } else {
            "practice screen, tempo run: the staff kept, the playhead moved"
        };
        group.bench_function(name, |b| {
            b.iter_batched(
                || in_a_tempo_run(home.path()),
                |(mut app, start)| {
                    let mut cache = iced_runtime::user_interface::Cache::default();
                    for i in 0..FRAMES {
                        let at = start + Duration::from_secs(1) + tick * i;
                        if played {
                            let note = Note(60 + (i % 12) as u8);
                            let kind = EventKind::NoteOn { note, velocity: 80 };
                            let _ =
                                app.update_at(Message::Midi(InputMessage::Event { at, kind }), at);
                        }
                        cache = frame(&mut app, at, &mut renderer, cache);
                    }
                    app
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, window_benches, frame_benches);
criterion_main!(benches);
