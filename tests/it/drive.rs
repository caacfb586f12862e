//! Driving the real `App` as the window's runtime does: every task it returns is carried out
//! and the messages it brings come back to it.

use std::time::Instant;

use etude::app::{App, Message, Screen};
use etude::ui::screen::practice;
use iced_test::simulator;

/// Carries out what `task` asks of the app as the window's runtime would (reading on a thread of
/// its own, the journal's writer …), feeding the messages it brings back to `app`, until nothing
/// is left to do.
pub fn run(app: &mut App, task: iced::Task<Message>) {
    let Some(stream) = iced_runtime::task::into_stream(task) else {
        return;
    };
    let actions: Vec<iced_runtime::Action<Message>> =
        futures::executor::block_on(futures::StreamExt::collect(stream));
    for action in actions {
        if let iced_runtime::Action::Output(message) = action {
            let next = app.update(message);
            run(app, next);
        }
    }
}

/// `message` handled at `now`, and what it asks carried out.
pub fn handle_at(app: &mut App, message: Message, now: Instant) {
    let task = app.update_at(message, now);
    run(app, task);
}

/// `message` handled now, and what it asks carried out.
pub fn handle(app: &mut App, message: Message) {
    let task = app.update(message);
    run(app, task);
}

/// A key of the computer keyboard pressed (`down`) or let go at `now`, as the window's
/// keyboard subscription hands it to the app: a letter, or a named key.
pub fn key_at(app: &mut App, key: iced::keyboard::Key, down: bool, now: Instant) {
    use iced::keyboard::{Event, Location, Modifiers, key::NativeCode, key::Physical};
    let physical_key = Physical::Unidentified(NativeCode::Unidentified);
    let event = if down {
        Event::KeyPressed {
            key: key.clone(),
            modified_key: key,
            physical_key,
            location: Location::Standard,
            modifiers: Modifiers::default(),
            text: None,
            repeat: false,
        }
    } else {
        Event::KeyReleased {
            key: key.clone(),
            modified_key: key,
            physical_key,
            location: Location::Standard,
            modifiers: Modifiers::default(),
        }
    };
    handle_at(app, Message::Keyboard(event), now);
}

/// A letter typed (pressed and let go) at `now`.
pub fn type_at(app: &mut App, letter: char, now: Instant) {
    let key = iced::keyboard::Key::Character(letter.to_string().into());
    key_at(app, key.clone(), true, now);
    key_at(app, key, false, now);
}

/// Clicks the button labelled `label` and runs what it sends.
pub fn click(app: &mut App, label: &str) {
    let messages: Vec<Message> = {
        let mut ui = simulator(app.view());
        if let Err(error) = ui.click(label) {
            panic!("no `{label}` to click: {error:?}");
        }
        ui.into_messages().collect()
    };
    for message in messages {
        handle(app, message);
    }
}

/// Whether the window shows `words` (a text, or a field holding them).
pub fn shows(app: &App, words: &str) -> bool {
    simulator(app.view()).find(words).is_ok()
}

/// Whether the window shows a text that begins with `words`.
pub fn shows_a_line_beginning(app: &App, words: &str) -> bool {
    line_beginning(app, words).is_some()
}

/// The first text the window shows that begins with `words`, whole.
pub fn line_beginning(app: &App, words: &str) -> Option<String> {
    use iced_test::selector::Candidate;
    let mut ui = simulator(app.view());
    let mut found = None;
    let _ = ui.find(|candidate: Candidate<'_>| match candidate {
        Candidate::Text { content, .. } if content.starts_with(words) => {
            found = Some(content.to_owned());
            Some(())
        }
        _ => None,
    });
    found
}

/// The Practice screen showing (the test fails when another shows).
pub fn practice_of(app: &App) -> &practice::Practice {
    match app.screen() {
        Screen::Practice(practice) => practice,
        _ => panic!("not practising"),
    }
}

/// Draws `element` at `size` and checks it against the committed picture
/// `tests/snapshots/<name>-<backend>.png` (`.ci/test` pins `ICED_TEST_BACKEND` to tiny-skia). A
/// missing picture is written and passes, except under CI, where it fails.
pub fn assert_looks_as_it_did(element: iced::Element<'_, ()>, size: (f32, f32), name: &str) {
    let mut ui = iced_test::Simulator::with_size(iced::Settings::default(), size, element);
    let snapshot = ui.snapshot(&iced::Theme::Light).unwrap();
    let reference = format!("{}/tests/snapshots/{name}", env!("CARGO_MANIFEST_DIR"));
    let backend = std::env::var("ICED_TEST_BACKEND").unwrap_or_default();
    let file = format!("{reference}-{backend}.png");
    if std::env::var_os("CI").is_some() {
        assert!(
            std::path::Path::new(&file).exists(),
            "{file} is missing: run the tests once outside CI and commit it"
        );
    }
    assert!(
        snapshot.matches_image(&reference).unwrap(),
        "{name} no longer looks like {file}"
    );
}
