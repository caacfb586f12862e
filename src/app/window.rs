//! The window itself: how it opens (its size and place as last closed), its theme and
//! background, what it listens to (keys, clocks, the MIDI inputs, closing, moving and resizing)
//! and where it was when it closed.

use super::*;
use crate::store::settings::WindowPlace;
use iced::window;

impl App {
    /// The window's background and text colours: the theme's, the background a shade darker
    /// after every other change of screen (see `screen_changes`).
    pub fn style(&self, theme: &Theme) -> iced::theme::Style {
        use iced::theme::Base;
        let mut style = theme.base();
        if self.screen_changes % 2 == 1 {
            let shade = |c: f32| {
                if c >= 1.0 / 255.0 {
                    c - 1.0 / 255.0
                } else {
                    c + 1.0 / 255.0
                }
            };
            let c = style.background_color;
            style.background_color = iced::Color::from_rgba(shade(c.r), c.g, c.b, c.a);
        }
        style
    }

    /// The theme the settings ask for.
    pub fn theme(&self) -> Theme {
        match Look::of(&self.context.settings) {
            Look::Light => Theme::Light,
            Look::Dark => Theme::Dark,
        }
    }

    /// Keys always; the list of MIDI inputs (from a thread of its own, only when it changes);
    /// the clock while a tempo-mode run, the breathing timer or a playback goes.
    fn subscription(&self) -> Subscription<Message> {
        let mut wanted = vec![keyboard::listen().map(Message::Keyboard)];
        if let Screen::Practice(practice) = &self.screen
            && practice.needs_ticks()
        {
            wanted.push(iced::time::every(Duration::from_millis(50)).map(practice_tick));
        }
        let breathing = matches!(&self.screen, Screen::Today(today) if today.needs_ticks());
        if breathing || self.playback.is_some() {
            wanted.push(iced::time::every(Duration::from_millis(250)).map(tick));
        }
        if self.with_devices {
            wanted.push(Subscription::run(port_lists));
        }
        wanted.push(window::close_requests().map(close_requested));
        wanted.push(window::events().map(|(_, event)| Message::Window(event)));
        Subscription::batch(wanted)
    }

    /// The window opened, moved or was resized: remembered, and kept in the settings when it
    /// closes.
    pub(super) fn window_event(&mut self, event: window::Event) {
        let (size, at) = &mut self.window_now;
        match event {
            window::Event::Opened {
                position,
                size: opened,
            } => {
                *size = Some(opened);
                *at = position.or(*at);
            }
            window::Event::Moved(moved) => *at = Some(moved),
            window::Event::Resized(resized) => *size = Some(resized),
            _ => {}
        }
    }

    /// Keeps where the window is in the settings (as it closes), when it can open there again.
    pub(super) fn keep_window_place(&mut self) {
        let (Some(size), Some(at)) = self.window_now else {
            return;
        };
        let place = WindowPlace {
            width: size.width,
            height: size.height,
            x: at.x,
            y: at.y,
        };
        if place.is_usable() && self.context.settings.window != Some(place) {
            self.context.settings.window = Some(place);
            self.save_settings();
        }
    }
}

fn close_requested(_: iced::window::Id) -> Message {
    Message::CloseRequested
}

fn practice_tick(_: Instant) -> Message {
    Message::Practice(practice::Message::Tick)
}

fn tick(_: Instant) -> Message {
    Message::Tick
}

/// The application at the usual size, placed by the system (what the tests run).
pub fn application() -> iced::Application<impl iced::Program<State = App, Message = Message>> {
    opened(None, || App::boot(None))
}

/// The application as `etude` runs it: the window where `place` says (as it last closed), on
/// `lesson` when one is given (`etude practice --lesson ID`).
pub fn application_at(
    place: Option<WindowPlace>,
    lesson: Option<LoadedLesson>,
) -> iced::Application<impl iced::Program<State = App, Message = Message>> {
    opened(place, move || App::boot(lesson.clone()))
}

fn opened(
    place: Option<WindowPlace>,
    boot: impl iced::application::BootFn<App, Message> + 'static,
) -> iced::Application<impl iced::Program<State = App, Message = Message>> {
    let place = place.filter(WindowPlace::is_usable);
    let size = place.map_or((1100.0, 800.0), |p| (p.width, p.height));
    let position = match place {
        Some(place) => window::Position::Specific(iced::Point::new(place.x, place.y)),
        None => window::Position::default(),
    };
    iced::application(boot, App::update, App::view)
        .title("Etude")
        // Embedded, so the window has letters on a machine with no fonts installed.
        .default_font(iced::Font::with_name("Fira Sans"))
        .theme(App::theme)
        .style(App::style)
        .subscription(App::subscription)
        .window(window::Settings {
            // Every screen is made to work from 800×600.
            min_size: Some(iced::Size::new(
                WindowPlace::SMALLEST.0,
                WindowPlace::SMALLEST.1,
            )),
            size: iced::Size::new(size.0, size.1),
            position,
            // Closing asks the app first: a run not yet saved is never dropped without a word.
            exit_on_close_request: false,
            ..window::Settings::default()
        })
}
