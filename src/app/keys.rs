//! The computer keyboard: shortcuts to the screens, Continue on Today, and in practice the
//! piano layout and the run's shortcuts.

use super::*;

impl App {
    /// The computer keyboard: Ctrl+1…5 go to Today, Lessons, Progress, Journal, Settings;
    /// Enter on Today continues the course; while practising the piano layout plays, Enter
    /// restarts, Escape stops, the arrows change the tempo.
    pub(super) fn key(&mut self, event: keyboard::Event, now: Instant) -> Task<Message> {
        if let keyboard::Event::KeyPressed {
            key: Key::Character(c),
            modifiers,
            ..
        } = &event
            && modifiers.control()
        {
            let page = match c.as_str() {
                "1" => Page::Today,
                "2" => Page::Lessons,
                "3" => Page::Progress,
                "4" => Page::Journal,
                "5" => Page::Settings,
                _ => return Task::none(),
            };
            self.go(page);
            return Task::none();
        }
        if let keyboard::Event::KeyPressed {
            repeat: false,
            key: Key::Named(Named::Space),
            ..
        } = &event
            && self.tap(now)
        {
            return Task::none();
        }
        if let (
            Screen::Today(_),
            keyboard::Event::KeyPressed {
                key: Key::Named(Named::Enter),
                ..
            },
        ) = (&self.screen, &event)
        {
            if let Some(next) = self.day.as_ref().and_then(|d| d.next_lesson.clone()) {
                self.open(&next, now);
            }
            return Task::none();
        }
        let Screen::Practice(practice) = &mut self.screen else {
            return Task::none();
        };
        let action = match event {
            keyboard::Event::KeyPressed {
                key: Key::Named(named),
                repeat: false,
                ..
            } => {
                let message = match named {
                    Named::Enter => practice::Message::Restart,
                    Named::Escape => practice::Message::Stop,
                    Named::ArrowUp => practice::Message::ChangeTempo(4),
                    Named::ArrowDown => practice::Message::ChangeTempo(-4),
                    Named::ArrowRight => practice::Message::NextLesson,
                    _ => return Task::none(),
                };
                return self.practice(message, now);
            }
            keyboard::Event::KeyPressed {
                key: Key::Character(c),
                repeat: false,
                ..
            } => c
                .chars()
                .next()
                .map(|c| practice.computer_keyboard().press(c)),
            keyboard::Event::KeyReleased {
                key: Key::Character(c),
                ..
            } => c
                .chars()
                .next()
                .map(|c| practice.computer_keyboard().release(c)),
            _ => None,
        };
        match action {
            Some(KeyAction::Play(kind)) => {
                self.sound(kind);
                self.practice(practice::Message::Input(kind), now)
            }
            _ => Task::none(),
        }
    }
}
