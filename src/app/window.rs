//! The window itself: how it opens (its size and place as last closed), its theme and
//! background, what it listens to (keys, clocks, the MIDI inputs, closing, moving and resizing)
//! and where it was when it closed.

use iced::window;

use super::*;
use crate::store::settings::{WindowPosition, WindowSize};

/// How much of the window must stay on a screen for it to be grabbed and moved.
const GRIP: f32 = 80.0;

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
        if self.tap_test_clicks().is_some() {
            wanted.push(iced::time::every(Duration::from_millis(50)).map(tick));
        } else if breathing || self.playback.is_some() {
            wanted.push(iced::time::every(Duration::from_millis(250)).map(tick));
        }
        if self.with_devices {
            wanted.push(Subscription::run(port_lists));
        }
        wanted.push(window::close_requests().map(close_requested));
        wanted.push(window::events().map(|(id, event)| Message::Window(id, event)));
        Subscription::batch(wanted)
    }

    /// The window opened, moved or was resized: remembered, and kept in the settings when it
    /// closes. Once open, it is checked to be on a screen.
    pub(super) fn window_event(&mut self, id: window::Id, event: window::Event) -> Task<Message> {
        // Sizes come measured in the window's drawing units, which the scale factor enlarges:
        // the window's own size is what they say times the scale they were measured at.
        let scale = self.scale;
        let (size, at) = &mut self.window_now;
        let mut task = Task::none();
        match event {
            window::Event::Opened {
                position,
                size: opened,
            } => {
                *size = Some(opened * scale);
                *at = position.or(*at);
                task = window::monitor_size(id).map(move |screen| Message::Screen(id, screen));
            }
            window::Event::Moved(moved) => {
                *at = Some(iced::Point::new(moved.x * scale, moved.y * scale));
            }
            window::Event::Resized(resized) => *size = Some(resized * scale),
            // A score or MIDI file dropped onto the window opens as a piece.
            window::Event::FileDropped(file) => {
                task = Task::done(Message::PieceChosen(Some(file)));
            }
            _ => {}
        }
        if let Some(size) = self.window_now.0 {
            self.scale = scale_for(size);
        }
        task
    }

    /// How much larger than its own sizes the window draws: 1 in a window up to 1100×800,
    /// growing with a larger one (a third larger at 1920×1080), so every screen fills the window
    /// it is given and the practice screen reads from the piano bench.
    pub fn scale_factor(&self) -> f32 {
        self.scale
    }

    /// The screen the window opened on is `screen` large: a window placed where no screen is
    /// now (a second screen since unplugged) is brought onto it, centred.
    pub(super) fn on_screen(
        &mut self,
        id: window::Id,
        screen: Option<iced::Size>,
    ) -> Task<Message> {
        let (Some(size), Some(at)) = self.window_now else {
            return Task::none();
        };
        let reachable =
            |edge: f32, length: f32, room: f32| edge > -(length - GRIP) && edge < room - GRIP;
        match screen {
            Some(screen)
                if reachable(at.x, size.width, screen.width)
                    && reachable(at.y, size.height, screen.height) =>
            {
                Task::none()
            }
            _ => {
                let screen = screen.unwrap_or(size);
                let centred = iced::Point::new(
                    ((screen.width - size.width) / 2.0).max(0.0),
                    ((screen.height - size.height) / 2.0).max(0.0),
                );
                self.window_now.1 = Some(centred);
                window::move_to(id, centred)
            }
        }
    }

    /// Keeps the window's size and place in the settings (as it closes): the size alone where
    /// the system does not say where windows are (Wayland).
    pub(super) fn keep_window_place(&mut self) {
        let (size, at) = self.window_now;
        let size = size
            .map(|s| WindowSize {
                width: s.width,
                height: s.height,
            })
            .filter(WindowSize::is_usable);
        let at = at
            .map(|p| WindowPosition { x: p.x, y: p.y })
            .filter(WindowPosition::is_usable);
        let settings = &self.context.settings;
        let size = size.or(settings.window_size);
        let at = at.or(settings.window_position);
        if (size, at) != (settings.window_size, settings.window_position) {
            self.context.settings.window_size = size;
            self.context.settings.window_position = at;
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
    opened(None, None, || App::boot(None))
}

/// The scale a window of `size` draws at: 1 up to 1100×800, as much larger as the window is in
/// its narrower proportion, at most 1.6.
fn scale_for(size: iced::Size) -> f32 {
    (size.width / 1100.0)
        .min(size.height / 800.0)
        .clamp(1.0, 1.6)
}

/// The application as `etude` runs it: the window at the size and place it last closed at
/// (from the settings), on `lesson` when one is given (`etude practice --lesson ID`).
pub fn application_at(
    size: Option<WindowSize>,
    position: Option<WindowPosition>,
    lesson: Option<LoadedLesson>,
) -> iced::Application<impl iced::Program<State = App, Message = Message>> {
    opened(size, position, move || App::boot(lesson.clone()))
}

fn opened(
    size: Option<WindowSize>,
    position: Option<WindowPosition>,
    boot: impl iced::application::BootFn<App, Message> + 'static,
) -> iced::Application<impl iced::Program<State = App, Message = Message>> {
    let size = size.filter(WindowSize::is_usable).unwrap_or(WindowSize {
        width: 1100.0,
        height: 800.0,
    });
    let position = match position.filter(WindowPosition::is_usable) {
        Some(at) => window::Position::Specific(iced::Point::new(at.x, at.y)),
        None => window::Position::default(),
    };
    let smallest = WindowSize::SMALLEST;
    iced::application(boot, App::update, App::view)
        .title("Etude")
        // Embedded, so the window has letters on a machine with no fonts installed.
        .default_font(iced::Font::with_name("Fira Sans"))
        .theme(App::theme)
        .style(App::style)
        .scale_factor(App::scale_factor)
        .subscription(App::subscription)
        .window(window::Settings {
            // Every screen is made to work from 800×600.
            min_size: Some(iced::Size::new(smallest.width, smallest.height)),
            size: iced::Size::new(size.width, size.height),
            position,
            // Closing asks the app first: a run not yet saved is never dropped without a word.
            exit_on_close_request: false,
            ..window::Settings::default()
        })
}

#[cfg(test)]
mod tests {
    use super::scale_for;

    #[test]
    fn a_larger_window_draws_larger_up_to_a_limit() {
        let scale = |w, h| scale_for(iced::Size::new(w, h));
        assert_eq!(scale(1100.0, 800.0), 1.0);
        assert_eq!(scale(800.0, 600.0), 1.0);
        // 1920×1080: as much larger as its height allows.
        assert!((scale(1920.0, 1080.0) - 1.35).abs() < 1e-6);
        // A wide, short window stays at its height's measure; a 4K screen stops at 1.6.
        assert_eq!(scale(2400.0, 800.0), 1.0);
        assert_eq!(scale(3840.0, 2160.0), 1.6);
    }
}
