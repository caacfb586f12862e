//! The application layer, shared by the command line and the window: a [`Context`] built once
//! (the data folder, the settings, the user's whole library), keeping a finished run
//! ([`keeping`]), the day and year at a glance ([`overview`]), beginning a practice run ([`practising`])
//! and the shipped course ([`curriculum`]). It ties the core to the adapters and knows nothing of the window.

use std::path::{Path, PathBuf};

use crate::lesson::Library;
use crate::store::journal::{self, Journal, JournalError};
use crate::store::settings::{self, Settings};

pub mod curriculum;
pub mod goal_words;
pub mod keeping;
pub mod keyboard;
pub mod overview;
pub mod pieces;
pub mod practising;

/// What every front-end starts from: where the data is, the settings, and the lessons.
#[derive(Clone, Debug)]
pub struct Context {
    /// The data folder (journal, settings, recordings, the user's `lessons/`).
    pub data_dir: PathBuf,
    /// The settings in use.
    pub settings: Settings,
    /// What could not be used in the settings file, in words.
    pub settings_warnings: Vec<String>,
    /// The shipped course, then the user's lessons.
    pub library: Library,
}

impl Context {
    /// Reads the settings and every lesson for the data in `data_dir`.
    pub fn load(data_dir: PathBuf) -> Context {
        let mut context = Context::without_lessons(data_dir);
        context.read_lessons();
        context
    }

    /// Reads every lesson the settings lead to (see [`user_library`]).
    pub fn read_lessons(&mut self) {
        self.library = user_library(&self.data_dir, &self.settings);
    }

    /// A context for `data_dir` whose lessons are not read yet (the window's first frame,
    /// while they are read elsewhere): the settings (a small file: the first frame has the
    /// player's theme), no lessons.
    pub fn without_lessons(data_dir: PathBuf) -> Context {
        let loaded = settings::load(&settings::path_in(&data_dir));
        Context {
            data_dir,
            settings: loaded.settings,
            settings_warnings: loaded.warnings,
            library: Library::default(),
        }
    }

    /// The settings file.
    pub fn settings_file(&self) -> PathBuf {
        settings::path_in(&self.data_dir)
    }

    /// The journal file the settings name.
    pub fn journal_file(&self) -> PathBuf {
        journal_file(&self.data_dir, &self.settings)
    }

    /// Opens the journal to write to it.
    pub fn open_journal(&self) -> Result<Journal, JournalError> {
        Journal::open(&self.journal_file())
    }
}

/// The journal file in `data_dir` that `settings` name.
pub fn journal_file(data_dir: &Path, settings: &Settings) -> PathBuf {
    data_dir.join(settings.journal.as_deref().unwrap_or(journal::FILE_NAME))
}

/// The shipped course, then the user's lessons: `lessons/` in the data folder and the folders
/// the settings name; and the player's pieces (`pieces/` in the data folder). A broken file is listed among the library's errors; it hides no other.
pub fn user_library(data_dir: &Path, settings: &Settings) -> Library {
    let mut library = curriculum::shipped();
    let own = data_dir.join("lessons");
    if own.is_dir() {
        library.add_user_lessons(Library::load_dir(&own));
    }
    for folder in &settings.lesson_folders {
        library.add_user_lessons(Library::load_dir(folder));
    }
    let (pieces, errors) = pieces::read_kept(data_dir);
    library.add_pieces(pieces, errors);
    library
}
