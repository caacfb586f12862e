//! Changes made on the Settings screen: applied at once (the MIDI keyboard and the sound
//! reconnected when they change) and saved.

use super::*;

impl App {
    pub(super) fn change_settings(&mut self, message: settings_screen::Message) -> Task<Message> {
        use settings_screen::Message as M;
        self.settings_problems.clear();
        let mut task = Task::none();
        match message {
            M::PortChosen(port) => {
                self.context.settings.midi_port = Some(port.clone());
                if self.with_devices {
                    task = self.connect_midi(port);
                }
            }
            M::SoundFontEdited(path) => {
                self.soundfont_draft = path;
                return Task::none();
            }
            M::SoundFontApplied => {
                let path = self.soundfont_draft.trim();
                self.context.settings.soundfont = (!path.is_empty()).then(|| PathBuf::from(path));
                self.context.settings.chosen("soundfont");
                if self.with_devices {
                    task = self.reopen_sound();
                }
            }
            M::BufferChosen(frames) => {
                self.context.settings.audio_buffer = Some(frames);
                if self.with_devices {
                    task = self.reopen_sound();
                }
            }
            M::MinimumChosen(minutes) => {
                self.context.settings.daily_minimum = Some(f64::from(minutes));
                self.refresh();
            }
            M::RangeChosen(range) => {
                self.context.settings.keyboard_keys = range.keys();
                self.context.settings.chosen("keyboard_keys");
            }
            M::LookChosen(look) => self.context.settings.theme = Some(look.name().to_owned()),
            M::RendererChosen(preference) => {
                self.context.settings.renderer = preference.setting().map(str::to_owned);
                self.context.settings.chosen("renderer");
            }
            M::FolderEdited(folder) => {
                self.folder_draft = folder;
                return Task::none();
            }
            M::FolderAdded => {
                let folder = PathBuf::from(self.folder_draft.trim());
                if !folder.is_dir() {
                    self.settings_problems
                        .push(format!("{} is not a folder.", folder.display()));
                    return Task::none();
                }
                if !self.context.settings.lesson_folders.contains(&folder) {
                    self.context.settings.lesson_folders.push(folder);
                }
                self.folder_draft.clear();
                self.context.reload_library();
            }
            M::FolderRemoved(folder) => {
                self.context
                    .settings
                    .lesson_folders
                    .retain(|f| *f != folder);
                self.context.reload_library();
            }
        }
        let file = settings::path_in(&self.context.data_dir);
        match settings::save(&file, &self.context.settings) {
            Ok(saved) => {
                if let Some(copy) = saved.kept_unreadable {
                    self.settings_problems.push(format!(
                        "The settings file could not be read; it is kept as {}.",
                        copy.display()
                    ));
                }
            }
            Err(error) => self.settings_problems.push(format!(
                "The settings cannot be saved to {}: {error}",
                file.display()
            )),
        }
        task
    }
}
