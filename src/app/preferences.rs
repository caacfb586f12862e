//! Changes made on the Settings screen: applied at once (the MIDI keyboard and the sound
//! reconnected when they change) and saved.

use super::*;
use settings_screen::Change;

impl App {
    /// Applies `change` to the settings and saves them; what goes wrong is said on the Settings
    /// screen.
    pub(super) fn change_settings(&mut self, change: Change) -> Task<Message> {
        let mut task = Task::none();
        let settings = &mut self.context.settings;
        match change {
            Change::Port(port) => {
                settings.midi_port = Some(port.clone());
                if self.with_devices {
                    task = self.connect_midi(port);
                }
            }
            Change::SoundFont(path) => {
                settings.soundfont = path;
                settings.chosen("soundfont");
                if self.with_devices {
                    task = self.reopen_sound();
                }
            }
            Change::Buffer(frames) => {
                settings.audio_buffer = Some(frames);
                if self.with_devices {
                    task = self.reopen_sound();
                }
            }
            Change::Minimum(minutes) => {
                settings.daily_minimum = Some(f64::from(minutes));
                self.refresh();
            }
            Change::RestDays(on) => {
                settings.rest_days = Some(on);
                self.refresh();
            }
            Change::RoundTrip(ms) => {
                settings.round_trip_ms = ms;
                settings.chosen("round_trip_ms");
            }
            Change::Range(range) => {
                settings.keyboard_keys = range.keys();
                settings.chosen("keyboard_keys");
            }
            Change::Look(look) => settings.theme = Some(look.name().to_owned()),
            Change::MusicView(view) => {
                settings.music_view = Some(view.name().to_owned());
                settings.chosen("music_view");
            }
            Change::Renderer(preference) => {
                settings.renderer = preference.setting().map(str::to_owned);
                settings.chosen("renderer");
            }
            Change::AddFolder(folder) => {
                if !settings.lesson_folders.contains(&folder) {
                    settings.lesson_folders.push(folder);
                }
                task = self.reload_library();
            }
            Change::RemoveFolder(folder) => {
                settings.lesson_folders.retain(|f| *f != folder);
                task = self.reload_library();
            }
        }
        self.save_settings();
        task
    }

    /// Saves the settings as they are now; what goes wrong is said on the Settings screen (and
    /// logged).
    pub(super) fn save_settings(&mut self) {
        let file = self.context.settings_file();
        let problem = match settings::save(&file, &self.context.settings) {
            Ok(saved) => saved.kept_unreadable.map(|copy| {
                format!(
                    "The settings file could not be read; it is kept as {}.",
                    copy.display()
                )
            }),
            Err(error) => Some(format!(
                "The settings cannot be saved to {}: {error}",
                file.display()
            )),
        };
        if let Some(problem) = &problem {
            tracing::warn!("{problem}");
        }
        if let (Some(problem), Screen::Settings(page)) = (problem, &mut self.screen) {
            page.say(problem);
        }
    }
}
