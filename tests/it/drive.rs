//! Driving the real `App` as the window's runtime does: every task it returns is carried out
//! and the messages it brings come back to it.

use std::time::Instant;

use etude::app::{App, Message};

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
