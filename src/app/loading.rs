//! Reading what the window needs — the settings, every lesson, the journal (checked first) and
//! the SoundFont — on a thread of its own, so that the first frame comes at once and says what
//! is being read, and changing the SoundFont never stalls a frame.

use std::fmt;
use std::sync::{Arc, Mutex};

use super::*;
use crate::audio::error::SoundFontError;
use crate::audio::soundfont;

/// A value that cannot be cloned, carried by a message (iced clones messages): whoever takes
/// it first has it.
pub struct Handoff<T>(Arc<Mutex<Option<T>>>);

impl<T> Handoff<T> {
    fn new(value: Option<T>) -> Handoff<T> {
        Handoff(Arc::new(Mutex::new(value)))
    }

    /// Hands `value` over.
    pub(super) fn of(value: T) -> Handoff<T> {
        Handoff::new(Some(value))
    }

    /// The value, once.
    pub(super) fn take(&self) -> Option<T> {
        self.0.lock().ok()?.take()
    }
}

impl<T> Clone for Handoff<T> {
    fn clone(&self) -> Self {
        Handoff(Arc::clone(&self.0))
    }
}

impl<T> fmt::Debug for Handoff<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Handoff")
    }
}

/// What the window reads before it is ready.
pub struct Loaded {
    /// When the reading began.
    began: Instant,
    context: Context,
    journal: Result<Journal, String>,
    soundfont: Result<soundfont::Loaded, SoundFontError>,
}

/// A SoundFont read for the output (or why it could not be).
pub type LoadedFont = Result<soundfont::Loaded, SoundFontError>;

/// Runs `work` on a thread of its own once the future is first polled (a task never run
/// starts nothing); the future gives its result (empty if it panicked).
pub(super) async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Handoff<T> {
    let (sender, receiver) = iced::futures::channel::oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name("etude-reader".into())
        .spawn(move || {
            let _ = sender.send(work());
        });
    if let Err(error) = spawned {
        tracing::error!("no thread to read on: {error}");
        return Handoff::new(None);
    }
    Handoff::new(receiver.await.ok())
}

/// Reads everything else the window needs for `context`, whose settings are read already (and
/// the music font).
fn read(mut context: Context) -> Loaded {
    let began = Instant::now();
    context.read_lessons();
    let journal = context.open_journal().map_err(|e| e.to_string());
    let soundfont = soundfont::load(context.settings.soundfont.as_deref());
    // The music font's outlines and metadata are read once, here rather than on the UI thread
    // when the first lesson opens (half a second in a debug build); a failure is said where the
    // staff would be drawn.
    let _ = crate::engrave::MusicFont::get();
    Loaded {
        began,
        context,
        journal,
        soundfont,
    }
}

/// What the first frame says while the rest is read.
pub const LOADING: &str = "Opening your journal, your lessons and the sound…";

impl App {
    /// Reads the context, the journal and the SoundFont for `data_dir` off the UI thread;
    /// [`Message::Loaded`] brings them back.
    fn load(context: Context) -> Task<Message> {
        Task::perform(off_thread(move || read(context)), Message::Loaded)
    }

    /// The window's first frame over `data_dir`, while everything is read (the task reads it
    /// off the UI thread and brings [`Message::Loaded`]); `lesson` opens once it is.
    pub fn booting(data_dir: PathBuf, lesson: Option<LoadedLesson>) -> (App, Task<Message>) {
        let context = Context::without_lessons(data_dir);
        let mut app = App::assemble(context.clone(), Err(LOADING.to_owned()), Vec::new());
        app.loading = true;
        app.practise_when_ready = lesson;
        (app, App::load(context))
    }

    /// The message the loading task brings, read here and now (for tests, which run no tasks).
    pub fn loaded_now(data_dir: PathBuf) -> Message {
        Message::Loaded(Handoff::new(Some(read(Context::without_lessons(data_dir)))))
    }

    /// Everything is read: the window becomes ready (and opens the lesson asked for, if any).
    pub(super) fn loaded(&mut self, handoff: &Handoff<Loaded>) -> Task<Message> {
        let Some(loaded) = handoff.take() else {
            // The reading failed outright (its thread could not start, or it panicked): the
            // window says so and stays usable with the course alone.
            self.loading = false;
            self.context.library = crate::service::curriculum::shipped();
            self.notices.push(
                "Etude could not read your journal and settings this time; restart it to try again (the window's log says more).".to_owned(),
            );
            tracing::error!("reading the journal, lessons and SoundFont failed");
            self.repaint();
            return Task::none();
        };
        let mut context = loaded.context;
        self.notices = std::mem::take(&mut context.settings_warnings);
        self.context = context;
        self.journal = loaded.journal;
        self.loading = false;
        self.refresh();
        // The MIDI keyboard is connected once the sound is open (see `App::sound_opened`).
        let opening = if self.with_devices {
            let opening = self.begin_opening_sound();
            self.open_sound(opening, loaded.soundfont)
        } else {
            Task::none()
        };
        if let Some(lesson) = self.practise_when_ready.take() {
            // A kept piece's section opens with its controls (hands, bars, tempo, loop).
            let id = lesson.lesson.id.as_str();
            if crate::lesson::piece::Section::from_id(id)
                .is_some_and(|(fingerprint, _)| self.context.library.piece(fingerprint).is_some())
            {
                self.open(&lesson.lesson.id.to_string(), Instant::now());
            } else {
                self.open_lesson(lesson, Instant::now());
            }
        }
        self.repaint();
        tracing::info!(
            "ready: the journal, {} lessons and the SoundFont read in {} ms",
            self.context.library.lessons.len(),
            loaded.began.elapsed().as_millis()
        );
        opening
    }

    /// Reads every lesson again (the lesson folders changed) off the UI thread;
    /// [`Message::LibraryLoaded`] brings them.
    pub(super) fn reload_library(&self) -> Task<Message> {
        let (data_dir, settings) = (self.context.data_dir.clone(), self.context.settings.clone());
        Task::perform(
            off_thread(move || crate::service::user_library(&data_dir, &settings)),
            Message::LibraryLoaded,
        )
    }

    /// The lessons are read again.
    pub(super) fn library_loaded(&mut self, handoff: &Handoff<Library>) {
        if let Some(library) = handoff.take() {
            self.context.library = library;
            self.refresh();
        }
    }

    /// Opens the sound anew with the SoundFont the settings name, read off the UI thread;
    /// [`Message::SoundLoaded`] brings it.
    pub(super) fn reopen_sound(&mut self) -> Task<Message> {
        let opening = self.begin_opening_sound();
        let chosen = self.context.settings.soundfont.clone();
        Task::perform(
            off_thread(move || soundfont::load(chosen.as_deref())),
            move |font| Message::SoundLoaded(opening, font),
        )
    }

    /// The SoundFont of `opening` is read: when that is the opening begun last, the output is
    /// opened with it (and the MIDI keyboard connected to it once it is open).
    pub(super) fn sound_loaded(
        &mut self,
        opening: u64,
        handoff: &Handoff<LoadedFont>,
    ) -> Task<Message> {
        if !self.sound_openings.awaits(opening) {
            return Task::none();
        }
        let Some(font) = handoff.take() else {
            self.sound = AudioOutput::silent("the SoundFont could not be read");
            self.sound_status = vec![
                "No sound: the SoundFont could not be read; choose it again in Settings."
                    .to_owned(),
            ];
            return self.sound_opening_ended();
        };
        self.open_sound(opening, font)
    }
}
