//! `settings.ron`: every field has a default, so an old or partly broken file loads what it
//! can and says what it dropped. A file that cannot be read at all is kept beside the new one
//! (`settings.ron.broken`) before anything is written over it.

use std::path::{Path, PathBuf};

use ron::Value;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The settings file's name inside the data folder.
pub const FILE_NAME: &str = "settings.ron";

/// The user's settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The MIDI input port last used: reconnected at start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub midi_port: Option<String>,
    /// Listen to one MIDI channel (1–16) only; none means all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub midi_channel: Option<u8>,
    /// The SoundFont to play with; none means the system's FluidR3, else the bundled bank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soundfont: Option<PathBuf>,
    /// The audio output buffer in frames (64–2048); none means 256.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio_buffer: Option<u32>,
    /// Minutes of playing a day that keep the streak going (1–240); none means 5.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily_minimum: Option<f64>,
    /// The journal's file name in the data folder; none means `journal.sqlite`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal: Option<String>,
    /// Keys on the on-screen keyboard: 61 or 88; none means fitting the lesson.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyboard_keys: Option<u8>,
    /// "light" or "dark"; none means light.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// Folders of the user's own lessons, beside `lessons/` in the data folder (always read).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lesson_folders: Vec<PathBuf>,
}

impl Settings {
    /// Minutes a day that keep the streak going.
    pub fn daily_minimum(&self) -> f64 {
        self.daily_minimum.unwrap_or(5.0)
    }
}

/// Settings as loaded, with what could not be used.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    /// What loaded (defaults for the rest).
    pub settings: Settings,
    /// One line per dropped value or unreadable file.
    pub warnings: Vec<String>,
}

/// The settings file in `data_dir`.
pub fn path_in(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

fn field<T: DeserializeOwned>(
    value: Value,
    name: &str,
    file: &Path,
    warnings: &mut Vec<String>,
) -> Option<T> {
    // `Some(x)` and plain `x` both mean x.
    let value = match value {
        Value::Option(None) => return None,
        Value::Option(Some(inner)) => *inner,
        plain => plain,
    };
    match value.into_rust::<T>() {
        Ok(parsed) => Some(parsed),
        Err(error) => {
            warnings.push(format!(
                "{}: `{name}` is not valid ({error}); using the default",
                file.display()
            ));
            None
        }
    }
}

/// Loads the settings; never fails: a missing file gives the defaults, a bad value its default.
pub fn load(file: &Path) -> Loaded {
    let mut loaded = Loaded::default();
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return loaded,
        Err(error) => {
            loaded.warnings.push(format!(
                "{}: cannot read ({error}); using the defaults",
                file.display()
            ));
            return loaded;
        }
    };
    let map = match ron::from_str::<Value>(&text) {
        Ok(Value::Map(map)) => map,
        Ok(_) => {
            loaded.warnings.push(format!(
                "{}: not a settings file; using the defaults",
                file.display()
            ));
            return loaded;
        }
        Err(error) => {
            loaded.warnings.push(format!(
                "{}:{}:{}: {}; using the defaults",
                file.display(),
                error.span.start.line,
                error.span.start.col,
                error.code
            ));
            return loaded;
        }
    };
    let warnings = &mut loaded.warnings;
    let settings = &mut loaded.settings;
    for (key, value) in map {
        let Value::String(name) = key else {
            continue;
        };
        match name.as_str() {
            "midi_port" => settings.midi_port = field(value, &name, file, warnings),
            "midi_channel" => {
                let channel: Option<u8> = field(value, &name, file, warnings);
                match channel {
                    Some(c) if !(1..=16).contains(&c) => warnings.push(format!(
                        "{}: `midi_channel` {c} is not a channel (1-16); listening to all channels",
                        file.display()
                    )),
                    other => settings.midi_channel = other,
                }
            }
            "soundfont" => settings.soundfont = field(value, &name, file, warnings),
            "audio_buffer" => {
                let frames: Option<u32> = field(value, &name, file, warnings);
                match frames {
                    Some(f) if !(64..=2048).contains(&f) => warnings.push(format!(
                        "{}: `audio_buffer` {f} is outside 64-2048 frames; using 256",
                        file.display()
                    )),
                    other => settings.audio_buffer = other,
                }
            }
            "daily_minimum" => {
                let minutes: Option<f64> = field(value, &name, file, warnings);
                match minutes {
                    Some(m) if !(1.0..=240.0).contains(&m) => warnings.push(format!(
                        "{}: `daily_minimum` {m} is outside 1-240 minutes; using 5",
                        file.display()
                    )),
                    other => settings.daily_minimum = other,
                }
            }
            "journal" => settings.journal = field(value, &name, file, warnings),
            "keyboard_keys" => {
                let keys: Option<u8> = field(value, &name, file, warnings);
                match keys {
                    Some(k) if k != 61 && k != 88 => warnings.push(format!(
                        "{}: `keyboard_keys` {k} is not 61 or 88; fitting the keyboard to the lesson",
                        file.display()
                    )),
                    other => settings.keyboard_keys = other,
                }
            }
            "theme" => {
                let theme: Option<String> = field(value, &name, file, warnings);
                match theme {
                    Some(t) if t != "light" && t != "dark" => warnings.push(format!(
                        "{}: `theme` \"{t}\" is not \"light\" or \"dark\"; using light",
                        file.display()
                    )),
                    other => settings.theme = other,
                }
            }
            "lesson_folders" => {
                settings.lesson_folders = field(value, &name, file, warnings).unwrap_or_default()
            }
            unknown => warnings.push(format!(
                "{}: unknown setting `{unknown}` dropped",
                file.display()
            )),
        }
    }
    loaded
}

/// Writes the settings atomically (a temporary file renamed over the old one). A file that
/// does not parse at all is first kept as `settings.ron.broken`.
pub fn save(file: &Path, settings: &Settings) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if let Ok(old) = std::fs::read_to_string(file)
        && ron::from_str::<Value>(&old).is_err()
    {
        std::fs::rename(file, file.with_extension("ron.broken"))?;
    }
    let text = ron::ser::to_string_pretty(
        settings,
        ron::ser::PrettyConfig::default()
            .struct_names(true)
            .extensions(ron::extensions::Extensions::IMPLICIT_SOME),
    )
    .map_err(std::io::Error::other)?;
    let temporary = file.with_extension("ron.new");
    std::fs::write(&temporary, text + "\n")?;
    std::fs::rename(&temporary, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partly_broken_file_loads_what_it_can() {
        let dir = tempfile::tempdir().unwrap();
        let file = path_in(dir.path());
        std::fs::write(
            &file,
            "Settings(midi_port: \"Piano\", midi_channel: 40, colour: \"red\", audio_buffer: 9000)",
        )
        .unwrap();
        let loaded = load(&file);
        assert_eq!(loaded.settings.midi_port.as_deref(), Some("Piano"));
        assert_eq!(loaded.settings.midi_channel, None);
        assert_eq!(loaded.settings.audio_buffer, None);
        assert_eq!(loaded.warnings.len(), 3, "{:?}", loaded.warnings);
        assert!(
            loaded
                .warnings
                .iter()
                .any(|w| w.contains("unknown setting `colour`"))
        );
    }

    #[test]
    fn saving_round_trips_and_keeps_an_unreadable_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = path_in(dir.path());
        assert_eq!(
            load(&file),
            Loaded::default(),
            "no file: the defaults, silently"
        );
        std::fs::write(&file, "Settings(midi_port: ").unwrap();
        assert_eq!(load(&file).warnings.len(), 1);
        let settings = Settings {
            midi_port: Some("etude-test:keyboard".into()),
            midi_channel: Some(2),
            soundfont: Some(PathBuf::from("/usr/share/sounds/sf2/FluidR3_GM.sf2")),
            audio_buffer: Some(128),
            daily_minimum: Some(10.0),
            journal: Some("journal-2.sqlite".into()),
            keyboard_keys: Some(61),
            theme: Some("dark".into()),
            lesson_folders: vec![PathBuf::from("/home/me/my lessons")],
        };
        save(&file, &settings).unwrap();
        assert_eq!(
            std::fs::read_to_string(file.with_extension("ron.broken")).unwrap(),
            "Settings(midi_port: "
        );
        assert_eq!(
            load(&file),
            Loaded {
                settings,
                warnings: vec![]
            }
        );
    }
}
