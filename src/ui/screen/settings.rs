//! Settings: the MIDI keyboard (a live list: plug one in and it appears), the SoundFont, the
//! audio buffer with the latency it gives, the daily minimum, the keyboard's range, the theme,
//! and folders of one's own lessons. Every change is saved at once.

use std::path::PathBuf;

use iced::widget::{
    button, checkbox, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Fill, Length, Task};

use crate::progress;
use crate::store::settings::Settings;
use crate::ui::{Element, style};

/// The buffer sizes offered, in frames.
const BUFFERS: [u32; 6] = [64, 128, 256, 512, 1024, 2048];
/// The daily minimums offered, in minutes.
const MINIMUMS: [u32; 10] = [1, 2, 3, 5, 10, 15, 20, 30, 45, 60];

/// The on-screen keyboard's range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    /// Just the keys the lesson needs, with some room.
    FitLesson,
    /// 61 keys.
    Keys61,
    /// 88 keys.
    Keys88,
}

impl Range {
    /// All of them, for the chooser.
    pub const ALL: [Range; 3] = [Range::FitLesson, Range::Keys61, Range::Keys88];

    /// The setting's value.
    pub fn keys(self) -> Option<u8> {
        match self {
            Range::FitLesson => None,
            Range::Keys61 => Some(61),
            Range::Keys88 => Some(88),
        }
    }

    fn of(keys: Option<u8>) -> Range {
        match keys {
            Some(61) => Range::Keys61,
            Some(88) => Range::Keys88,
            _ => Range::FitLesson,
        }
    }
}

impl std::fmt::Display for Range {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Range::FitLesson => "fit the lesson",
            Range::Keys61 => "61 keys",
            Range::Keys88 => "88 keys",
        })
    }
}

/// Light or dark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl Look {
    /// Both, for the chooser.
    pub const ALL: [Look; 2] = [Look::Light, Look::Dark];

    /// The look the settings ask for.
    pub fn of(settings: &Settings) -> Look {
        match settings.theme.as_deref() {
            Some("dark") => Look::Dark,
            _ => Look::Light,
        }
    }

    /// The setting's value.
    pub fn name(self) -> &'static str {
        match self {
            Look::Light => "light",
            Look::Dark => "dark",
        }
    }
}

impl std::fmt::Display for Look {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What stands above the keyboard while practising.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MusicView {
    /// The staff (the default).
    Staff,
    /// Falling notes.
    Falling,
    /// The staff, and falling notes under it.
    Both,
}

impl MusicView {
    /// All three, for the chooser.
    pub const ALL: [MusicView; 3] = [MusicView::Staff, MusicView::Falling, MusicView::Both];

    /// The view the settings ask for.
    pub fn of(settings: &Settings) -> MusicView {
        match settings.music_view.as_deref() {
            Some("falling") => MusicView::Falling,
            Some("both") => MusicView::Both,
            _ => MusicView::Staff,
        }
    }

    /// The setting's value.
    pub fn name(self) -> &'static str {
        match self {
            MusicView::Staff => "staff",
            MusicView::Falling => "falling",
            MusicView::Both => "both",
        }
    }
}

impl std::fmt::Display for MusicView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MusicView::Staff => "The staff",
            MusicView::Falling => "Falling notes",
            MusicView::Both => "The staff and falling notes",
        })
    }
}

/// What happens on the Settings screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// Listen to this MIDI input.
    PortChosen(String),
    /// The SoundFont path being typed.
    SoundFontEdited(String),
    /// Use the SoundFont typed (empty: the default).
    SoundFontApplied,
    /// Use this output buffer.
    BufferChosen(u32),
    /// Keep the streak with this many minutes a day.
    MinimumChosen(u32),
    /// Whether practice earns rest days for the streak.
    RestDaysToggled(bool),
    /// Start the tap test.
    TapTest,
    /// Allow for no round trip in tempo mode.
    ForgetRoundTrip,
    /// The on-screen keyboard's range.
    RangeChosen(Range),
    /// Light or dark.
    LookChosen(Look),
    /// What stands above the keyboard while practising.
    MusicViewChosen(MusicView),
    /// A renderer was chosen (used from the next start).
    RendererChosen(crate::ui::renderer::Preference),
    /// A lesson folder being typed.
    FolderEdited(String),
    /// Add the folder typed.
    FolderAdded,
    /// Stop reading this folder.
    FolderRemoved(PathBuf),
}

/// A change to the settings, for the app to apply (reconnecting what it touches) and save.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Listen to this MIDI input.
    Port(String),
    /// Play with this SoundFont (none: the usual choice).
    SoundFont(Option<PathBuf>),
    /// Use this output buffer, in frames.
    Buffer(u32),
    /// Keep the streak with this many minutes a day.
    Minimum(u32),
    /// Earn rest days (or not).
    RestDays(bool),
    /// Allow for this round trip in tempo mode (ms; none: nothing).
    RoundTrip(Option<i64>),
    /// The on-screen keyboard's range.
    Range(Range),
    /// Light or dark.
    Look(Look),
    /// What stands above the keyboard while practising.
    MusicView(MusicView),
    /// The renderer for the next start.
    Renderer(crate::ui::renderer::Preference),
    /// Read lessons from this folder too.
    AddFolder(PathBuf),
    /// Stop reading this folder.
    RemoveFolder(PathBuf),
}

/// What the Settings screen asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Apply and save a change.
    Change(Change),
    /// Run the tap test.
    TapTest,
}

/// The Settings screen's own state: what is being typed, and what went wrong with the last
/// change, each said in a place of its own that is always there (so that a message coming or
/// going never moves the field being typed in, nor takes its focus).
#[derive(Debug, Default)]
pub struct Preferences {
    soundfont_draft: String,
    folder_draft: String,
    /// What the app said went wrong (saving the settings, opening the sound).
    problems: Vec<String>,
    /// Why the SoundFont typed was refused.
    soundfont_problem: Option<String>,
    /// Why the folder typed was refused.
    folder_problem: Option<String>,
}

impl Preferences {
    /// The screen over `settings` (the SoundFont field shows the one chosen).
    pub fn new(settings: &Settings) -> Preferences {
        Preferences {
            soundfont_draft: settings
                .soundfont
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            ..Preferences::default()
        }
    }

    /// Says what went wrong with the last change.
    pub fn say(&mut self, problem: String) {
        self.problems.push(problem);
    }

    /// Handles a message: typing stays here; a change goes to the app.
    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Action>) {
        let change = match message {
            Message::SoundFontEdited(path) => {
                self.soundfont_draft = path;
                self.soundfont_problem = None;
                return (Task::none(), None);
            }
            Message::FolderEdited(folder) => {
                self.folder_draft = folder;
                self.folder_problem = None;
                return (Task::none(), None);
            }
            Message::SoundFontApplied => {
                let path = self.soundfont_draft.trim();
                if path.is_empty() {
                    Change::SoundFont(None)
                } else {
                    let path = PathBuf::from(path);
                    if let Some(problem) = soundfont_problem(&path) {
                        self.soundfont_problem = Some(problem);
                        return (Task::none(), None);
                    }
                    Change::SoundFont(Some(path))
                }
            }
            Message::FolderAdded => {
                let folder = PathBuf::from(self.folder_draft.trim());
                if !folder.is_dir() {
                    self.folder_problem = Some(format!("{} is not a folder.", folder.display()));
                    return (Task::none(), None);
                }
                self.folder_draft.clear();
                Change::AddFolder(folder)
            }
            Message::PortChosen(port) => Change::Port(port),
            Message::BufferChosen(frames) => Change::Buffer(frames),
            Message::MinimumChosen(minutes) => Change::Minimum(minutes),
            Message::RestDaysToggled(on) => Change::RestDays(on),
            Message::TapTest => return (Task::none(), Some(Action::TapTest)),
            Message::ForgetRoundTrip => Change::RoundTrip(None),
            Message::RangeChosen(range) => Change::Range(range),
            Message::LookChosen(look) => Change::Look(look),
            Message::MusicViewChosen(view) => Change::MusicView(view),
            Message::RendererChosen(preference) => Change::Renderer(preference),
            Message::FolderRemoved(folder) => Change::RemoveFolder(folder),
        };
        self.problems.clear();
        self.soundfont_problem = None;
        self.folder_problem = None;
        (Task::none(), Some(Action::Change(change)))
    }

    /// The screen, with what the app holds.
    pub fn view<'a>(&'a self, shown: Shown<'a>) -> Element<'a, Message> {
        view(self, shown)
    }
}

/// Why `path` cannot be a SoundFont, if it cannot: nothing is there, or a folder is.
fn soundfont_problem(path: &std::path::Path) -> Option<String> {
    use std::io::Read;
    let shown = path.display();
    match std::fs::metadata(path) {
        Err(_) => Some(format!(
            "There is no file at {shown}. Type the path of a .sf2 SoundFont, or leave the \
             field empty for the piano Etude comes with."
        )),
        Ok(found) if found.is_dir() => Some(format!(
            "{shown} is a folder: type the path of a .sf2 SoundFont file in it."
        )),
        Ok(_) => {
            let mut head = [0u8; 12];
            let read = std::fs::File::open(path).and_then(|mut file| file.read_exact(&mut head));
            match read {
                Ok(()) if crate::audio::soundfont::begins_as_soundfont(&head) => None,
                Ok(()) | Err(_) => Some(format!(
                    "{shown} is not a SoundFont: Etude plays .sf2 files (a RIFF file of the \
                     form `sfbk`)."
                )),
            }
        }
    }
}

/// A message's place: always there (empty when there is nothing to say), so that a message
/// coming or going moves nothing below it.
fn said(problem: Option<&str>) -> iced::widget::Text<'_> {
    text(problem.unwrap_or_default()).color(style::WRONG)
}

/// What the Settings screen shows that the app holds.
pub struct Shown<'a> {
    /// The settings.
    pub settings: &'a Settings,
    /// The MIDI inputs there are now (or why there are none).
    pub ports: Result<&'a [String], &'a str>,
    /// The input listened to.
    pub listening: Option<&'a str>,
    /// What the MIDI keyboard is doing, in words (why there is none, …).
    pub keyboard: Option<String>,
    /// The sound output, in words.
    pub sound: &'a str,
    /// What went wrong opening the sound (a SoundFont that could not be read …).
    pub sound_warnings: &'a [String],
    /// Its latency in ms, when known.
    pub latency_ms: Option<f64>,
    /// The renderer in use, in words.
    pub renderer: &'a str,
    /// The tap test.
    pub tap_test: super::tap_test::TapTest,
}

fn heading(words: &str) -> iced::widget::Text<'_> {
    text(words).size(20)
}

/// The Settings screen.
fn view<'a>(typed: &'a Preferences, shown: Shown<'a>) -> Element<'a, Message> {
    let settings = shown.settings;
    let mut page = column![
        text("Settings").size(style::TITLE_SIZE),
        text(typed.problems.join(" ")).color(style::WRONG)
    ]
    .spacing(style::SPACING);

    let mut midi = column![heading("MIDI keyboard")].spacing(6);
    // When the inputs cannot be listed, that is said below (and is what the keyboard's status
    // would say too).
    if let (Some(said), Ok(_)) = (shown.keyboard, shown.ports) {
        midi = midi.push(text(said));
    }
    match shown.ports {
        Err(why) => midi = midi.push(text(why)),
        Ok([]) => {
            midi = midi.push(text(
                "No MIDI keyboard found. Plug one in by USB and it appears here; meanwhile play with the computer keyboard (A S D F …) or click the keys.",
            ))
        }
        Ok(ports) => {
            for port in ports {
                let chosen = shown.listening == Some(port.as_str());
                let label = text(format!("{} {port}", if chosen { "●" } else { "○" }));
                midi = midi.push(
                    button(label)
                        .style(button::text)
                        .on_press(Message::PortChosen(port.clone())),
                );
            }
        }
    }
    page = page.push(midi);

    page = page.push(
        column![
            heading("Sound"),
            // Said in a sentence elsewhere ("without sound (opening the sound)"), alone here.
            text(progress::words::capitalised(shown.sound)),
            // Always there, so that warnings coming or going move nothing below.
            text(shown.sound_warnings.join(" ")).color(style::WRONG),
            row![
                text_input(
                    "SoundFont (.sf2) path; empty for the default piano",
                    &typed.soundfont_draft
                )
                .on_input(Message::SoundFontEdited)
                .on_submit(Message::SoundFontApplied)
                .width(Length::Fixed(460.0)),
                button(text("Use this SoundFont")).on_press(Message::SoundFontApplied),
            ]
            .spacing(10),
            said(typed.soundfont_problem.as_deref()),
            row![
                text("Audio buffer"),
                pick_list(
                    BUFFERS,
                    Some(settings.audio_buffer.unwrap_or(256)),
                    Message::BufferChosen
                ),
                text(match shown.latency_ms {
                    Some(ms) => format!("frames: {ms:.1} ms output latency"),
                    None => "frames".to_owned(),
                }),
            ]
            .spacing(10),
        ]
        .spacing(6),
    );

    let minimum = settings.daily_minimum().round() as u32;
    page = page.push(
        column![
            heading("Practice"),
            row![
                text("Minutes a day that keep the streak"),
                pick_list(MINIMUMS, Some(minimum), Message::MinimumChosen),
            ]
            .spacing(10),
            checkbox(settings.streak_rule().rest_days)
                .label(format!(
                    "Rest days: each {} days practised earn one (at most {} kept), spent on a \
                     missed day instead of ending the streak",
                    progress::days::DAYS_PER_REST_DAY,
                    progress::days::MOST_REST_DAYS
                ))
                .on_toggle(Message::RestDaysToggled),
            row![
                text("On-screen keyboard"),
                pick_list(
                    Range::ALL,
                    Some(Range::of(settings.keyboard_keys)),
                    Message::RangeChosen
                ),
            ]
            .spacing(10),
            row![
                text("Above the keyboard"),
                pick_list(
                    MusicView::ALL,
                    Some(MusicView::of(settings)),
                    Message::MusicViewChosen
                ),
            ]
            .spacing(10),
            row![
                text("Theme"),
                pick_list(Look::ALL, Some(Look::of(settings)), Message::LookChosen),
            ]
            .spacing(10),
        ]
        .spacing(6),
    );

    page = page.push(super::tap_test::view(shown.tap_test.clone()));

    page = page.push(
        column![
            heading("Drawing"),
            text(format!("Renderer in use: {}", shown.renderer)),
            row![
                text("Renderer"),
                pick_list(
                    crate::ui::renderer::Preference::ALL,
                    Some(crate::ui::renderer::Preference::of(settings)),
                    Message::RendererChosen
                ),
                text("(from the next start)"),
            ]
            .spacing(10),
        ]
        .spacing(6),
    );

    let mut folders = column![
        heading("Your lessons"),
        text(
            "Lesson files in `lessons/` in the data folder are always read; add other folders here."
        ),
    ]
    .spacing(6);
    // The field first: a folder added below it does not move it.
    folders = folders.push(
        row![
            text_input("A folder of .ron lessons", &typed.folder_draft)
                .on_input(Message::FolderEdited)
                .on_submit(Message::FolderAdded)
                .width(Length::Fixed(460.0)),
            button(text("Add folder")).on_press(Message::FolderAdded),
        ]
        .spacing(10),
    );
    folders = folders.push(said(typed.folder_problem.as_deref()));
    for folder in &settings.lesson_folders {
        folders = folders.push(
            row![
                text(folder.display().to_string()),
                button(text("Remove")).on_press(Message::FolderRemoved(folder.clone())),
            ]
            .spacing(10),
        );
    }
    page = page.push(folders);
    container(scrollable(page.padding(style::PADDING).width(Fill)))
        .width(Fill)
        .height(Fill)
        .into()
}
