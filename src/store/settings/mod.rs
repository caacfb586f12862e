//! `settings.ron`: every field has a default, so an old or partly broken file loads what it
//! can and says what it dropped. Settings this Etude does not know (from a newer one) and values
//! it rejects stay in the file when it saves. A file that cannot be read at all is kept as
//! `settings.ron.broken` (or `.broken.2`, … never over an earlier copy) before anything is
//! written in its place.

use std::path::{Path, PathBuf};

use ron::Value;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

mod window;

pub use window::{WindowPosition, WindowSize};

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
    /// The player's round trip from a click to their key, in ms, measured by the tap test in
    /// Settings (−50–250); tempo mode allows for it. None means 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub round_trip_ms: Option<i64>,
    /// Whether each 7 days practised earn a rest day that covers a missed day; none means yes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rest_days: Option<bool>,
    /// The journal's file name in the data folder; none means `journal.sqlite`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal: Option<String>,
    /// Keys on the on-screen keyboard: 61 or 88; none means fitting the lesson.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyboard_keys: Option<u8>,
    /// "light" or "dark"; none means light.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// What stands above the keyboard while practising: "staff", "falling" (notes) or
    /// "both"; none means the staff.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub music_view: Option<String>,
    /// What draws the window: "software" (tiny-skia) or "gpu" (wgpu on any backend); none
    /// means wgpu on Vulkan, Metal or DirectX 12, else software. Read when the window opens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renderer: Option<String>,
    /// Whether the on-screen keys show the computer keyboard's letters; none means while no
    /// MIDI keyboard is connected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computer_letters: Option<bool>,
    /// The window's size when it last closed; none means 1100×800.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window_size: Option<WindowSize>,
    /// Where the window was when it last closed (where the system says); none lets the
    /// system place it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window_position: Option<WindowPosition>,
    /// The scale last chosen in the Lessons screen's picker, which opens on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_scale: Option<crate::lesson::picker::ScaleChoice>,
    /// Folders of the user's own lessons, beside `lessons/` in the data folder (always read).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lesson_folders: Vec<PathBuf>,
    /// Entries of the file that were not used, by name: settings this Etude does not know and
    /// values it rejected. Written back as they were, unless the setting has been set since.
    #[serde(skip)]
    pub unused: Vec<(String, Value)>,
}

impl Settings {
    /// Minutes a day that keep the streak going.
    pub fn daily_minimum(&self) -> f64 {
        self.daily_minimum.unwrap_or(5.0)
    }

    /// The round trip tempo mode allows for, in µs.
    pub fn round_trip(&self) -> crate::engine::Micros {
        self.round_trip_ms.unwrap_or(0) * 1000
    }

    /// How the streak is kept: the daily minimum, with rest days unless turned off.
    pub fn streak_rule(&self) -> crate::progress::days::StreakRule {
        crate::progress::days::StreakRule {
            minimum: self.daily_minimum(),
            rest_days: self.rest_days.unwrap_or(true),
        }
    }

    /// The player chose the setting `name` (perhaps its default): a rejected value of it in
    /// the file is not written back.
    pub fn chosen(&mut self, name: &str) {
        self.unused.retain(|(unused, _)| unused != name);
    }

    /// Whether the setting `name` has a value of this Etude's own.
    fn has(&self, name: &str) -> bool {
        match name {
            "midi_port" => self.midi_port.is_some(),
            "midi_channel" => self.midi_channel.is_some(),
            "soundfont" => self.soundfont.is_some(),
            "audio_buffer" => self.audio_buffer.is_some(),
            "daily_minimum" => self.daily_minimum.is_some(),
            "rest_days" => self.rest_days.is_some(),
            "round_trip_ms" => self.round_trip_ms.is_some(),
            "journal" => self.journal.is_some(),
            "keyboard_keys" => self.keyboard_keys.is_some(),
            "theme" => self.theme.is_some(),
            "music_view" => self.music_view.is_some(),
            "renderer" => self.renderer.is_some(),
            "computer_letters" => self.computer_letters.is_some(),
            "last_scale" => self.last_scale.is_some(),
            "window_size" => self.window_size.is_some(),
            "window_position" => self.window_position.is_some(),
            "lesson_folders" => !self.lesson_folders.is_empty(),
            _ => false,
        }
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

/// What became of one entry of the file.
enum Outcome<T> {
    /// Its value, used.
    Used(T),
    /// Rejected, with the reason and what is used instead.
    Rejected(String),
}

/// Reads `value` as a `T` (`Some(x)` and plain `x` both mean x); `None` for an explicit `None`.
fn field<T: DeserializeOwned>(value: &Value) -> Outcome<Option<T>> {
    let value = match value {
        Value::Option(None) => return Outcome::Used(None),
        Value::Option(Some(inner)) => inner.as_ref().clone(),
        plain => plain.clone(),
    };
    match value.into_rust::<T>() {
        Ok(parsed) => Outcome::Used(Some(parsed)),
        Err(error) => Outcome::Rejected(format!("is not valid ({error}); using the default")),
    }
}

/// Reads `value` as a `T` and keeps it only when `accept` says so (else `why`).
fn checked<T: DeserializeOwned>(
    value: &Value,
    accept: impl Fn(&T) -> bool,
    why: &str,
) -> Outcome<Option<T>> {
    match field::<T>(value) {
        Outcome::Used(Some(v)) if !accept(&v) => Outcome::Rejected(why.to_owned()),
        other => other,
    }
}

/// The file's bytes; `None` when there is no file.
fn read(file: &Path) -> Result<Option<Vec<u8>>, String> {
    match std::fs::read(file) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(format!("cannot be read ({error})")),
    }
}

/// A settings file's entries, or why they cannot be read at all.
fn entries_of(bytes: &[u8]) -> Result<Vec<(Value, Value)>, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|error| format!("byte {} is not UTF-8 text", error.valid_up_to()))?;
    match ron::from_str::<Value>(text) {
        Ok(Value::Map(map)) => Ok(map.into_iter().collect()),
        // `Settings()`, all defaults, reads as an empty tuple.
        Ok(Value::Unit) => Ok(Vec::new()),
        Ok(Value::Seq(items)) if items.is_empty() => Ok(Vec::new()),
        Ok(_) => Err("is not a settings file".to_owned()),
        Err(error) => Err(format!(
            "line {}, column {}: {}",
            error.span.start.line, error.span.start.col, error.code
        )),
    }
}

/// Whether the file is there but cannot be read as settings at all.
fn is_unreadable(file: &Path) -> bool {
    match read(file) {
        Ok(Some(bytes)) => entries_of(&bytes).is_err(),
        Ok(None) => false,
        Err(_) => true,
    }
}

/// Loads the settings; never fails: a missing file gives the defaults, a bad value its default.
pub fn load(file: &Path) -> Loaded {
    match read(file) {
        Ok(Some(bytes)) => from_bytes(&bytes, file),
        Ok(None) => Loaded::default(),
        Err(reason) => unusable(file, &reason),
    }
}

/// The defaults, with the warning that `file` could not be used and where it will be kept.
fn unusable(file: &Path, reason: &str) -> Loaded {
    Loaded {
        settings: Settings::default(),
        warnings: vec![format!(
            "{}: {reason}; using the defaults (the file is kept as it is, and moved to {} before settings are saved)",
            file.display(),
            next_broken_copy(file).display()
        )],
    }
}

/// The settings in `bytes`, the contents of `file` (named in the warnings).
pub fn from_bytes(bytes: &[u8], file: &Path) -> Loaded {
    let entries = match entries_of(bytes) {
        Ok(entries) => entries,
        Err(reason) => return unusable(file, &reason),
    };
    let mut loaded = Loaded::default();
    let settings = &mut loaded.settings;
    for (key, value) in entries {
        let Value::String(name) = key else {
            continue;
        };
        let rejected = match name.as_str() {
            "midi_port" => set(&mut settings.midi_port, field(&value)),
            "midi_channel" => set(
                &mut settings.midi_channel,
                checked(
                    &value,
                    |c: &u8| (1..=16).contains(c),
                    "is not a channel (1-16); listening to all channels",
                ),
            ),
            "soundfont" => set(&mut settings.soundfont, field(&value)),
            "audio_buffer" => set(
                &mut settings.audio_buffer,
                checked(
                    &value,
                    |f: &u32| (64..=2048).contains(f),
                    "is outside 64-2048 frames; using 256",
                ),
            ),
            "daily_minimum" => set(
                &mut settings.daily_minimum,
                checked(
                    &value,
                    |m: &f64| (1.0..=240.0).contains(m),
                    "is outside 1-240 minutes; using 5",
                ),
            ),
            "rest_days" => set(&mut settings.rest_days, field(&value)),
            "round_trip_ms" => set(
                &mut settings.round_trip_ms,
                checked(
                    &value,
                    |ms: &i64| crate::engine::calibrate::OFFSET_RANGE_MS.contains(ms),
                    "is outside -50-250 ms; allowing for none",
                ),
            ),
            "journal" => set(&mut settings.journal, field(&value)),
            "keyboard_keys" => set(
                &mut settings.keyboard_keys,
                checked(
                    &value,
                    |k: &u8| *k == 61 || *k == 88,
                    "is not 61 or 88; fitting the keyboard to the lesson",
                ),
            ),
            "theme" => set(
                &mut settings.theme,
                checked(
                    &value,
                    |t: &String| t == "light" || t == "dark",
                    "is not \"light\" or \"dark\"; using light",
                ),
            ),
            "music_view" => set(
                &mut settings.music_view,
                checked(
                    &value,
                    |v: &String| ["staff", "falling", "both"].contains(&v.as_str()),
                    "is not \"staff\", \"falling\" or \"both\"; showing the staff",
                ),
            ),
            "renderer" => set(
                &mut settings.renderer,
                checked(
                    &value,
                    |r: &String| r == "software" || r == "gpu",
                    "is not \"software\" or \"gpu\"; choosing automatically",
                ),
            ),
            "computer_letters" => set(&mut settings.computer_letters, field(&value)),
            "last_scale" => set(&mut settings.last_scale, field(&value)),
            "window_size" => set(
                &mut settings.window_size,
                checked(
                    &value,
                    WindowSize::is_usable,
                    "is smaller than 800×600 or larger than any screen; using 1100×800",
                ),
            ),
            "window_position" => set(
                &mut settings.window_position,
                checked(
                    &value,
                    WindowPosition::is_usable,
                    "is off any desktop; letting the system place the window",
                ),
            ),
            "lesson_folders" => {
                let mut folders = None;
                let rejected = set(&mut folders, field(&value));
                settings.lesson_folders = folders.unwrap_or_default();
                rejected
            }
            _ => Some("is not a setting this Etude knows; kept in the file".to_owned()),
        };
        if let Some(reason) = rejected {
            loaded.warnings.push(format!(
                "{}: `{name}` = {} {reason}",
                file.display(),
                ron::to_string(&value).unwrap_or_default()
            ));
            settings.unused.push((name, value));
        }
    }
    loaded
}

/// Puts a used value in its place; returns why it was rejected, when it was.
fn set<T>(slot: &mut Option<T>, outcome: Outcome<Option<T>>) -> Option<String> {
    match outcome {
        Outcome::Used(value) => {
            *slot = value;
            None
        }
        Outcome::Rejected(reason) => Some(reason),
    }
}

/// Where an unreadable settings file goes: `settings.ron.broken`, else `.broken.2`, `.broken.3` …
/// the first that does not exist.
fn next_broken_copy(file: &Path) -> PathBuf {
    let first = file.with_extension("ron.broken");
    if !first.exists() {
        return first;
    }
    (2u64..)
        .map(|n| file.with_extension(format!("ron.broken.{n}")))
        .find(|candidate| !candidate.exists())
        .unwrap_or(first)
}

/// What saving did besides writing the settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Saved {
    /// Where the file that was there and could not be read was moved, when it was.
    pub kept_unreadable: Option<PathBuf>,
}

/// Writes the settings atomically (a temporary file renamed over the old one), with the unused
/// entries of the old file after the known ones. A file that cannot be read at all is first
/// moved to a `.broken` copy of its own (see [`next_broken_copy`]).
pub fn save(file: &Path, settings: &Settings) -> std::io::Result<Saved> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut saved = Saved::default();
    if is_unreadable(file) {
        let copy = next_broken_copy(file);
        // A hard link fails rather than replace an existing copy; where the file system has
        // no links, a rename to the name found free just now.
        match std::fs::hard_link(file, &copy) {
            Ok(()) => std::fs::remove_file(file)?,
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => return Err(error),
            Err(_) => std::fs::rename(file, &copy)?,
        }
        saved.kept_unreadable = Some(copy);
    }
    let mut text = ron::ser::to_string_pretty(
        settings,
        ron::ser::PrettyConfig::default()
            .struct_names(true)
            .extensions(ron::extensions::Extensions::IMPLICIT_SOME),
    )
    .map_err(std::io::Error::other)?;
    let unused: Vec<String> = settings
        .unused
        .iter()
        .filter(|(name, _)| !settings.has(name))
        .filter_map(|(name, value)| Some(format!("    {name}: {},\n", ron::to_string(value).ok()?)))
        .collect();
    if !unused.is_empty() {
        // The pretty form ends with `)`: the kept entries go inside, after the known ones.
        let close = text.rfind(')').unwrap_or(text.len());
        let mut body = text[..close].trim_end().to_owned();
        if body.ends_with('(') {
            body.push('\n');
        } else if !body.ends_with(',') {
            body.push_str(",\n");
        } else {
            body.push('\n');
        }
        text = format!("{body}{})", unused.concat());
    }
    let temporary = file.with_extension("ron.new");
    std::fs::write(&temporary, text + "\n")?;
    std::fs::rename(&temporary, file)?;
    Ok(saved)
}

#[cfg(test)]
mod tests;
