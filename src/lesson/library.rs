//! Loading a folder of lessons: every good file loads, every bad one is reported beside them.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::course::Course;
use super::limits::MAX_LESSON_FILE_BYTES;
use super::locate::{self, Position};
use super::parse::{LessonError, LoadedLesson, decode, parse, parse_course, too_large};
use super::picker::ScaleChoice;
use super::piece::{Piece, Section};

/// The file name of the course inside a lessons folder.
pub const COURSE_FILE: &str = "course.ron";

/// A lesson or course file's text and the name it is reported under.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path as shown in errors, such as `lessons/c-major.ron`.
    pub origin: String,
    /// The file's text.
    pub text: String,
}

impl Source {
    /// Reads a lesson or course file: at most [`MAX_LESSON_FILE_BYTES`] of it (a larger file
    /// is refused, naming its size and the limit), and only UTF-8 text (an error points at
    /// the first byte that is not).
    pub fn read(path: &Path) -> Result<Source, LessonError> {
        let origin = path.display().to_string();
        let cannot = |error: std::io::Error| {
            LessonError::at(
                &origin,
                Position::START,
                format!("cannot read the file: {error}"),
            )
        };
        let file = std::fs::File::open(path).map_err(&cannot)?;
        let size = file.metadata().ok().map(|metadata| metadata.len());
        let limit = u64::try_from(MAX_LESSON_FILE_BYTES).unwrap_or(u64::MAX);
        if size.is_some_and(|size| size > limit) {
            return Err(too_large(&origin, size));
        }
        let mut bytes = Vec::new();
        // One byte more than the limit tells a file that grew (or has no size) from one
        // that fits, without reading the rest of it.
        file.take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(&cannot)?;
        if bytes.len() > MAX_LESSON_FILE_BYTES {
            return Err(too_large(&origin, size.filter(|size| *size > limit)));
        }
        let text = decode(bytes, &origin)?;
        Ok(Source { origin, text })
    }
}

/// The course with the file it came from.
#[derive(Clone, Debug)]
pub struct LoadedCourse {
    /// The course.
    pub course: Course,
    /// Where it came from.
    pub origin: String,
}

/// All lessons that loaded, the course, and every problem found on the way.
#[derive(Clone, Debug, Default)]
pub struct Library {
    /// Lessons that loaded and compiled, in file order.
    pub lessons: Vec<LoadedLesson>,
    /// The course, when the folder has a good one.
    pub course: Option<LoadedCourse>,
    /// Problems, one per bad file or bad reference.
    pub errors: Vec<LessonError>,
    /// The player's pieces (scores and MIDI files kept in the data folder), by title.
    pub pieces: Vec<KeptPiece>,
    /// Pieces that could not be read, in words (the file named).
    pub piece_errors: Vec<String>,
}

/// A piece the player keeps, and the file it is read from.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptPiece {
    /// The file, as shown to the player.
    pub file: String,
    /// What it holds.
    pub piece: Piece,
}

impl Library {
    /// Builds a library from lesson sources and an optional course source.
    ///
    /// A file with an error is left out and its error kept; a lesson whose id was already
    /// taken is left out with an error naming both files; course entries naming no lesson
    /// are errors naming the course line. Nothing bad hides anything good.
    pub fn from_sources(
        sources: impl IntoIterator<Item = Source>,
        course: Option<Source>,
    ) -> Library {
        let mut library = Library::default();
        let mut seen: HashMap<String, (String, Position)> = HashMap::new();
        for source in sources {
            match parse(&source.text, &source.origin) {
                Ok(loaded) => {
                    let id = loaded.lesson.id.as_str().to_owned();
                    if let Some((first_file, first_at)) = seen.get(&id) {
                        library.errors.push(LessonError::at(
                            &loaded.origin,
                            loaded.id_at,
                            format!(
                                "duplicate lesson id \"{id}\": already used by {first_file}:{}:{}",
                                first_at.line, first_at.col
                            ),
                        ));
                    } else {
                        seen.insert(id, (loaded.origin.clone(), loaded.id_at));
                        library.lessons.push(loaded);
                    }
                }
                Err(error) => library.errors.push(error),
            }
        }
        if let Some(source) = course {
            library.add_course(source);
        }
        library
    }

    fn add_course(&mut self, source: Source) {
        let course = match parse_course(&source.text, &source.origin) {
            Ok(course) => course,
            Err(error) => {
                self.errors.push(error);
                return;
            }
        };
        let mut seen_in_course: HashMap<&str, usize> = HashMap::new();
        let all_places = locate::all_strings(&source.text);
        for id in course.lesson_ids() {
            let occurrence = seen_in_course.entry(id.as_str()).or_insert(0);
            let places = all_places
                .get(id.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let at = places.get(*occurrence).copied().unwrap_or(Position::START);
            *occurrence += 1;
            if *occurrence > 1 {
                let first = places.first().copied().unwrap_or(Position::START);
                self.errors.push(LessonError::at(
                    &source.origin,
                    at,
                    format!(
                        "lesson \"{id}\" is listed twice: first at {}:{}:{}",
                        source.origin, first.line, first.col
                    ),
                ));
            } else if self.get(id.as_str()).is_none() {
                self.errors.push(LessonError::at(
                    &source.origin,
                    at,
                    format!(
                        "the course names lesson \"{id}\", but no lesson file {} has that id",
                        self.where_lessons_are(&source.origin)
                    ),
                ));
            }
        }
        self.course = Some(LoadedCourse {
            course,
            origin: source.origin,
        });
    }

    fn where_lessons_are(&self, course_origin: &str) -> String {
        match Path::new(course_origin).parent() {
            Some(dir) if !dir.as_os_str().is_empty() => format!("under {}/", dir.display()),
            _ => "in this folder".to_owned(),
        }
    }

    /// Loads every `*.ron` file under `dir` (any depth; `course.ron` at the top is the course).
    ///
    /// A folder that cannot be read (missing, a file, or without permission to list or enter
    /// it) is one error naming that folder, not one per file in it.
    pub fn load_dir(dir: &Path) -> Library {
        let mut files = Vec::new();
        let mut unreadable = Vec::new();
        let mut visited = HashSet::new();
        collect_ron_files(dir, &mut files, &mut unreadable, &mut visited);
        files.sort();
        let course_path = dir.join(COURSE_FILE);
        let mut course = None;
        let mut sources = Vec::new();
        for path in files {
            match Source::read(&path) {
                Ok(source) if path == course_path => course = Some(source),
                Ok(source) => sources.push(source),
                Err(error) => unreadable.push(error),
            }
        }
        let mut library = Library::from_sources(sources, course);
        library.errors.splice(0..0, unreadable);
        library
    }

    /// Loads each path: a folder as with [`Library::load_dir`], a file as one lesson (or as the
    /// course, when it is named `course.ron`).
    pub fn load_paths(paths: &[PathBuf]) -> Library {
        let mut library = Library::default();
        for path in paths {
            let part = if path.is_dir() {
                Library::load_dir(path)
            } else {
                match Source::read(path) {
                    Ok(source) => {
                        if path.file_name().is_some_and(|name| name == COURSE_FILE) {
                            // A course alone is checked against the lessons beside it.
                            let dir = path.parent().unwrap_or(Path::new("."));
                            let mut beside = Library::load_dir(dir);
                            beside.errors.retain(|e| e.file == source.origin);
                            beside
                        } else {
                            Library::from_sources([source], None)
                        }
                    }
                    Err(error) => Library {
                        errors: vec![error],
                        ..Library::default()
                    },
                }
            };
            library.lessons.extend(part.lessons);
            library.errors.extend(part.errors);
            if library.course.is_none() {
                library.course = part.course;
            }
        }
        library
    }

    /// Adds a user's lessons (from [`Library::load_dir`]) beside these: they come after the
    /// course, a user's course is not used, and a lesson whose id is already taken is left out
    /// with an error naming the lesson that has it.
    pub fn add_user_lessons(&mut self, user: Library) {
        for lesson in user.lessons {
            let id = lesson.lesson.id.as_str();
            if let Some(taken) = self.get(id) {
                let error = LessonError::at(
                    &lesson.origin,
                    lesson.id_at,
                    format!(
                        "duplicate lesson id \"{id}\": already used by {}:{}:{}",
                        taken.origin, taken.id_at.line, taken.id_at.col
                    ),
                );
                self.errors.push(error);
            } else {
                self.lessons.push(lesson);
            }
        }
        self.errors.extend(user.errors);
    }

    /// The lesson with this id.
    pub fn get(&self, id: &str) -> Option<&LoadedLesson> {
        self.lessons.iter().find(|l| l.lesson.id.as_str() == id)
    }

    /// Any lesson an id names: a lesson of the library, a scale picked and not kept (made
    /// again from its id), a drill of any of those, or a section of a kept piece.
    pub fn find(&self, id: &str) -> Option<Cow<'_, LoadedLesson>> {
        if let Some(found) = self.get(id) {
            return Some(Cow::Borrowed(found));
        }
        if let Some(made) = ScaleChoice::from_id(id).and_then(|c| c.load().ok()) {
            return Some(Cow::Owned(made));
        }
        if let Some((lesson, from, to)) = super::drill::parts_of(id) {
            let drilled = self.find(lesson)?;
            return super::drill::drill(&drilled, from, to).ok().map(Cow::Owned);
        }
        let (fingerprint, section) = Section::from_id(id)?;
        let kept = self.piece(fingerprint)?;
        kept.piece.lesson(section).ok().map(Cow::Owned)
    }

    /// The title of the lesson `id` names, or the id when there is none.
    pub fn title_of(&self, id: &str) -> String {
        if let Some(found) = self.get(id) {
            return found.lesson.title.clone();
        }
        if let Some(choice) = ScaleChoice::from_id(id) {
            return choice.title();
        }
        if let Some((fp, section)) = Section::from_id(id)
            && let Some(kept) = self.piece(fp)
        {
            return kept.piece.section_title(section);
        }
        self.find(id)
            .map_or_else(|| id.to_owned(), |found| found.lesson.title.clone())
    }

    /// The kept piece with this fingerprint.
    pub fn piece(&self, fingerprint: u64) -> Option<&KeptPiece> {
        self.pieces
            .iter()
            .find(|p| p.piece.fingerprint == fingerprint)
    }

    /// Adds pieces read from the player's files (the same piece twice is listed once), and
    /// what could not be read; the list stays in order of title.
    pub fn add_pieces(&mut self, pieces: Vec<KeptPiece>, errors: Vec<String>) {
        for kept in pieces {
            if self.piece(kept.piece.fingerprint).is_none() {
                self.pieces.push(kept);
            }
        }
        self.pieces.sort_by(|a, b| {
            a.piece
                .title
                .to_lowercase()
                .cmp(&b.piece.title.to_lowercase())
        });
        self.piece_errors.extend(errors);
    }

    /// Lessons in course order (with their unit's title), then those outside the course by
    /// level and id.
    pub fn in_course_order(&self) -> Vec<(Option<&str>, &LoadedLesson)> {
        let mut ordered: Vec<(Option<&str>, &LoadedLesson)> =
            Vec::with_capacity(self.lessons.len());
        if let Some(loaded) = &self.course {
            for unit in &loaded.course.units {
                for id in &unit.lessons {
                    if let Some(lesson) = self.get(id.as_str())
                        && !ordered.iter().any(|(_, l)| l.lesson.id == lesson.lesson.id)
                    {
                        ordered.push((Some(unit.title.as_str()), lesson));
                    }
                }
            }
        }
        let mut outside: Vec<&LoadedLesson> = self
            .lessons
            .iter()
            .filter(|l| !ordered.iter().any(|(_, o)| o.lesson.id == l.lesson.id))
            .collect();
        outside.sort_by(|a, b| (a.lesson.level, &a.lesson.id).cmp(&(b.lesson.level, &b.lesson.id)));
        ordered.extend(outside.into_iter().map(|l| (None, l)));
        ordered
    }
}

/// An error about a folder (or a path given as one) as a whole.
fn folder_error(dir: &Path, why: String) -> LessonError {
    LessonError::at(
        &dir.display().to_string(),
        Position::START,
        format!("cannot read the lessons folder: {why}"),
    )
}

/// Why `dir` cannot be read as a folder, in words.
fn why_unreadable(dir: &Path, error: &std::io::Error) -> String {
    match std::fs::metadata(dir) {
        Err(missing) if missing.kind() == std::io::ErrorKind::NotFound => {
            "it does not exist".to_owned()
        }
        Ok(metadata) if !metadata.is_dir() => "it is a file, not a folder".to_owned(),
        _ => error.to_string(),
    }
}

/// Every `*.ron` file below `dir`. A folder that cannot be listed or entered is one error
/// naming it (its files are not tried one by one); a folder reached twice through a link is
/// read once.
fn collect_ron_files(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<LessonError>,
    visited: &mut HashSet<PathBuf>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(folder_error(dir, why_unreadable(dir, &error)));
            return;
        }
    };
    // A folder linked into itself (or reached twice) is read once.
    match std::fs::canonicalize(dir) {
        Ok(real) => {
            if !visited.insert(real) {
                return;
            }
        }
        Err(error) => {
            errors.push(folder_error(dir, error.to_string()));
            return;
        }
    }
    // Listing needs permission to read the folder, opening its files permission to enter
    // it: without the second, every file would fail on its own.
    if let Err(error) = std::fs::metadata(dir.join(".")) {
        errors.push(folder_error(dir, error.to_string()));
        return;
    }
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_ron_files(&path, files, errors, visited);
        } else if path.extension().is_some_and(|ext| ext == "ron") {
            files.push(path);
        }
    }
}
