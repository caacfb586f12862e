//! What the window shows: the bar of screens on top and the screen below.

use super::*;
use iced::widget::{button, column, container, row, text};

impl App {
    /// The window's contents.
    pub fn view<'a>(&'a self) -> Element<'a, Message> {
        let title = |id: &str| overview::title(&self.context.library, id);
        let page: Element<'_, Message> = match &self.screen {
            _ if self.loading => text(loading::LOADING)
                .size(22)
                .width(iced::Length::Fill)
                .center()
                .into(),
            Screen::Today(today) => {
                let next = self
                    .day
                    .as_ref()
                    .and_then(|d| d.next_lesson.as_deref())
                    .and_then(|id| {
                        self.context
                            .library
                            .get(id)
                            .map(|l| (id, l.lesson.title.as_str()))
                    });
                let next_in_time = next.is_some_and(|(id, _)| self.passed.now_in_time.contains(id));
                today::view(today::Shown {
                    day: self.day.as_ref(),
                    next,
                    next_in_time,
                    problem: self.journal.as_ref().err().map(String::as_str),
                    devices: self.device_line(),
                    notices: &self.notices,
                    mood_before: self.mood_before,
                    breathing: today.breathing(),
                    strip: today.strip(),
                    editor: today.editor(),
                })
                .map(Message::Today)
            }
            Screen::Lessons(list) => {
                lessons::view(list.shown(&self.context.library, &self.passed, &self.bests))
                    .map(Message::Lessons)
            }
            Screen::Practice(practice) => {
                let page = practice
                    .view(
                        self.letters_shown(),
                        settings_screen::MusicView::of(&self.context.settings),
                    )
                    .map(Message::Practice);
                // Below the page: coming and going, it moves nothing the player is using.
                return match self.unsaved_banner() {
                    Some(banner) => column![page, banner].into(),
                    None => page,
                };
            }
            Screen::Progress(progress) => progress
                .view(
                    self.playback.as_ref().and_then(|(_, r)| r.as_deref()),
                    !self.sound.is_silent(),
                )
                .map(Message::Progress),
            Screen::Journal(sessions) => sessions
                .view(
                    &title,
                    self.playback.as_ref().and_then(|(_, r)| r.as_deref()),
                    !self.sound.is_silent(),
                )
                .map(Message::Journal),
            Screen::Settings(page) => page
                .view(settings_screen::Shown {
                    settings: &self.context.settings,
                    ports: self
                        .ports
                        .as_ref()
                        .map(Vec::as_slice)
                        .map_err(String::as_str),
                    listening: self.listening.as_deref(),
                    keyboard: self.keyboard_status.details(),
                    sound: &self.sound.description,
                    sound_warnings: &self.sound_status,
                    latency_ms: self.sound.latency_ms,
                    renderer: &self.renderer,
                    tap_test: self.tap_test(),
                })
                .map(Message::Settings),
        };
        // Reading pages keep a comfortable width, centred in a wide window; the practice
        // screen (above) takes the whole width for the music and the keyboard.
        let centred = |part: Element<'a, Message>| -> Element<'a, Message> {
            container(
                container(part)
                    .max_width(style::CONTENT_WIDTH)
                    .width(iced::Fill),
            )
            .center_x(iced::Fill)
            .into()
        };
        let mut shown = column![centred(self.navigation()), centred(page)];
        if let Some(banner) = self.unsaved_banner() {
            // Below the page: coming and going, it moves nothing the player is using.
            shown = shown.push(banner);
        }
        shown.into()
    }

    /// While the journal has not taken something: what and why, and a button to try again
    /// (and, when the window was asked to close, one to close all the same).
    fn unsaved_banner(&self) -> Option<Element<'_, Message>> {
        let words = self.unsaved_words()?;
        let mut banner = row![
            text(words).color(style::WRONG).width(iced::Length::Fill),
            button(text("Save again")).on_press(Message::SaveAgain)
        ]
        .spacing(12)
        .padding([4.0, style::PADDING]);
        if self.closing {
            banner = banner.push(
                button(text("Close without saving"))
                    .style(button::danger)
                    .on_press(Message::CloseAnyway),
            );
        }
        Some(banner.into())
    }

    /// The bar at the top: one button a screen, the one showing marked.
    pub(super) fn navigation(&self) -> Element<'_, Message> {
        let showing = self.showing();
        let mut bar = row![].spacing(8).padding([8.0, style::PADDING]);
        for (page, label) in [
            (Page::Today, "Today"),
            (Page::Lessons, "Lessons"),
            (Page::Progress, "Progress"),
            (Page::Journal, "Journal"),
            (Page::Settings, "Settings"),
        ] {
            // Ctrl+1…5 reach them too.
            let entry = button(text(label)).on_press(Message::Go(page));
            bar = bar.push(if showing == Some(page) {
                entry.style(button::primary)
            } else {
                entry.style(button::secondary)
            });
        }
        bar.into()
    }
}
