//! The course by unit: passed, current and locked lessons with their best score and stars, a
//! search over every lesson, and the lessons outside the course (a user's own, with the errors
//! of those that did not load).

use std::collections::HashMap;

use iced::widget::{button, column, container, row, scrollable, text, text_input};
use iced::{Fill, Task};

use crate::engine::report::stars;
use crate::engine::words::stars as stars_of;
use crate::lesson::{Library, LoadedLesson};
use crate::progress::course::{self, LessonState};
use crate::service::overview::{self, Passes};
use crate::store::journal::PersonalBest;
use crate::ui::screen::picker::{self, Picker};
use crate::ui::{Element, style};

/// What happens on the lesson list.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// The scale picker.
    Picker(picker::Message),
    /// Practise this lesson.
    Practise(String),
    /// The search words changed.
    Search(String),
    /// A lesson not unlocked yet was chosen: ask before opening it.
    Locked(String),
    /// The question about a locked lesson was put away.
    NotNow,
    /// Open a piece: the file dialog.
    OpenPiece,
    /// Practise this kept piece (by its fingerprint).
    Piece(u64),
}

/// What the lesson list asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Open this lesson on the Practice screen.
    Practise(String),
    /// Open a lesson made by the scale picker on the Practice screen.
    PractiseMade(Box<LoadedLesson>),
    /// Ask for a piece file with the system's file dialog.
    OpenPiece,
    /// Practise this kept piece (by its fingerprint).
    Piece(u64),
    /// Save a lesson file made by the scale picker among the player's lessons.
    Keep {
        /// The lesson's id, which names the file.
        id: String,
        /// The file's text.
        text: String,
    },
}

/// The lesson list's own state: the search, the locked lesson being asked about, and the
/// scale picker.
#[derive(Debug, Default)]
pub struct Lessons {
    search: String,
    asking: Option<String>,
    picker: Picker,
}

impl Lessons {
    /// Handles a message.
    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Action>) {
        match message {
            Message::Picker(message) => {
                let action = self.picker.update(message).map(|action| match action {
                    picker::Action::Practise(lesson) => Action::PractiseMade(lesson),
                    picker::Action::Keep { id, text } => Action::Keep { id, text },
                });
                return (Task::none(), action);
            }
            Message::Practise(id) => {
                self.asking = None;
                return (Task::none(), Some(Action::Practise(id)));
            }
            Message::Search(words) => self.search = words,
            Message::Locked(id) => self.asking = Some(id),
            Message::NotNow => self.asking = None,
            Message::OpenPiece => return (Task::none(), Some(Action::OpenPiece)),
            Message::Piece(fingerprint) => {
                return (Task::none(), Some(Action::Piece(fingerprint)));
            }
        }
        (Task::none(), None)
    }

    /// The list with its scale picker on `scale` (the last one chosen).
    pub fn with_scale(scale: Option<crate::lesson::picker::ScaleChoice>) -> Lessons {
        Lessons {
            picker: Picker::on(scale),
            ..Lessons::default()
        }
    }

    /// The scale picker.
    pub fn picker(&self) -> &Picker {
        &self.picker
    }

    /// The scale picker, to say what became of a lesson it made.
    pub fn picker_mut(&mut self) -> &mut Picker {
        &mut self.picker
    }

    /// What the list shows of `library`, given the lessons `passed` and the `bests`.
    pub fn shown<'a>(
        &'a self,
        library: &'a Library,
        passed: &'a Passes,
        bests: &'a HashMap<String, PersonalBest>,
    ) -> Shown<'a> {
        Shown {
            library,
            passed,
            bests,
            search: &self.search,
            asking: self.asking.as_deref(),
            picker: &self.picker,
        }
    }
}

/// What the lesson list shows.
pub struct Shown<'a> {
    /// Every lesson, the course and the files that did not load.
    pub library: &'a Library,
    /// Lessons passed, and those passed in wait mode still to pass in time.
    pub passed: &'a Passes,
    /// Bests by lesson id.
    pub bests: &'a HashMap<String, PersonalBest>,
    /// The search words.
    pub search: &'a str,
    /// A locked lesson the player chose, asked about before it opens.
    pub asking: Option<&'a str>,
    /// The scale picker.
    pub picker: &'a Picker,
}

/// How well a lesson matches `search`, best first: 0 its title is the search or begins with
/// it, 1 its title holds the search as words, 2 every word begins a word of its title, 3 every
/// word begins a word of its title, id, kind or unit; `None` when it does not match. An empty
/// search matches everything equally.
/// The words of `text` (lower-cased already): letters, digits, ♯ and ♭.
fn words_of(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '♯' && c != '♭')
        .filter(|w| !w.is_empty())
        .collect()
}

fn search_rank(search: &str, title: &str, haystack: &str) -> Option<u8> {
    let search = search
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if search.is_empty() {
        return Some(0);
    }
    let title = title.to_lowercase();
    let title_words = words_of(&title);
    let words: Vec<&str> = search.split(' ').collect();
    let phrase_at_word = title_words
        .windows(words.len())
        .any(|window| window == words.as_slice());
    if title == search
        || title.starts_with(&format!("{search} "))
        || title.starts_with(&format!("{search},"))
    {
        Some(0)
    } else if phrase_at_word {
        Some(1)
    } else if words
        .iter()
        .all(|word| title_words.iter().any(|t| t.starts_with(word)))
    {
        Some(2)
    } else {
        // Words, not letters: "g" finds "G major", never the g inside "right".
        let haystack = haystack.to_lowercase();
        let haystack_words = words_of(&haystack);
        words
            .iter()
            .all(|word| haystack_words.iter().any(|w| w.starts_with(word)))
            .then_some(3)
    }
}

/// One lesson as listed.
pub struct Entry<'a> {
    /// Its unit in the course; none for the player's own lessons.
    pub unit: Option<&'a str>,
    /// Its id.
    pub id: &'a str,
    /// What its button says: mark, title, level, best.
    pub label: String,
    /// Whether the course has it open (passed, or the one before it passed).
    pub open: bool,
    /// How well it matches the search (0 best).
    rank: u8,
}

/// The lessons the list shows, in the order it shows them: the course order, or with a search
/// the matching lessons best match first.
pub fn listed<'a>(shown: &Shown<'a>) -> Vec<Entry<'a>> {
    let Shown {
        library,
        passed,
        bests,
        search,
        ..
    } = *shown;
    let mut entries = Vec::new();
    let standings = course::standings(&overview::listed(library), &passed.passed);
    for ((unit, loaded), state) in library.in_course_order().into_iter().zip(standings) {
        let id = loaded.lesson.id.as_str();
        let in_time = passed.now_in_time.contains(id);
        let (mark, open) = match state {
            LessonState::Passed => ("✓", true),
            LessonState::Open if in_time => ("◐", true),
            LessonState::Open => ("▶", true),
            LessonState::Locked => ("–", false),
        };
        let stage = if in_time {
            "   notes passed: now in time"
        } else {
            ""
        };
        let unit_title = unit.unwrap_or("Your lessons");
        let haystack = format!(
            "{} {id} {} {unit_title}",
            loaded.lesson.title,
            loaded.lesson.kind()
        );
        let Some(rank) = search_rank(search, &loaded.lesson.title, &haystack) else {
            continue;
        };
        let best = bests.get(id).map_or_else(String::new, |best| {
            let earned = best.best_passed_score.map_or(0, |s| stars(true, s));
            format!("   best {}  {}", best.best_score, stars_of(earned))
        });
        entries.push(Entry {
            unit,
            id,
            label: format!(
                "{mark}  {}  (level {}){best}{stage}",
                loaded.lesson.title,
                loaded.lesson.level.get()
            ),
            open,
            rank,
        });
    }
    // Best matches first; the course order within each (the sort is stable).
    entries.sort_by_key(|entry| entry.rank);
    entries
}

/// "Your pieces": open a score or MIDI file, and the pieces kept, each with its composer and
/// bars; the files that could not be read.
fn pieces_view(library: &Library) -> Element<'_, Message> {
    let mut pieces = column![
        text("Your pieces").size(20),
        row![
            button(text("Open a piece…")).on_press(Message::OpenPiece),
            text("MusicXML (.musicxml, .mxl) or MIDI (.mid) — or drop the file onto this window")
                .size(14),
        ]
        .spacing(style::SPACING)
        .align_y(iced::alignment::Vertical::Center),
    ]
    .spacing(6);
    for kept in &library.pieces {
        let piece = &kept.piece;
        let bars = piece.bar_numbers();
        let mut label = piece.title.clone();
        if let Some(composer) = &piece.composer {
            label.push_str(&format!(" — {composer}"));
        }
        if let (Some(first), Some(last)) = (bars.first(), bars.last()) {
            label.push_str(&format!("   (bars {first}–{last})"));
        }
        pieces = pieces.push(
            button(text(format!("♪  {label}")))
                .style(button::text)
                .on_press(Message::Piece(piece.fingerprint)),
        );
    }
    for error in &library.piece_errors {
        pieces = pieces.push(text(error.clone()).color(style::WRONG));
    }
    pieces.into()
}

/// The course with each lesson's state: ✓ passed, ◐ notes passed in wait mode and now to be
/// passed in time, ▶ open, – not unlocked yet (the course
/// suggests passing the lesson before it first; it still opens after one more click). A search
/// lists the matching lessons best match first.
pub fn view(shown: Shown<'_>) -> Element<'_, Message> {
    let Shown {
        library,
        search,
        asking,
        ..
    } = shown;
    let mut page = column![
        text("Lessons").size(style::TITLE_SIZE),
        pieces_view(library),
        shown.picker.view().map(Message::Picker),
        text_input(
            "Search lessons: scale, G major, arpeggio, left hand …",
            search
        )
        .on_input(Message::Search),
        text(
            "✓ passed   ◐ notes passed, now in time   ▶ your next steps   – the course suggests \
             passing the lesson before it first"
        )
        .size(14),
    ]
    .spacing(10);
    let entries = listed(&shown);
    // What a locked lesson asked about waits for: the first lesson of the course not passed.
    let first_to_pass = asking
        .and_then(|_| course::next_lesson(&overview::listed(library), &shown.passed.passed))
        .and_then(|id| library.get(id))
        .map(|l| l.lesson.title.as_str());
    let searching = !search.trim().is_empty();
    if searching && !entries.is_empty() {
        page =
            page.push(text(format!("{} lessons found, best match first", entries.len())).size(14));
    }
    let mut unit_shown: Option<Option<&str>> = None;
    for entry in &entries {
        if !searching && unit_shown != Some(entry.unit) {
            page = page.push(text(entry.unit.unwrap_or("Your lessons")).size(20));
            unit_shown = Some(entry.unit);
        }
        let message = if entry.open {
            Message::Practise(entry.id.to_owned())
        } else {
            Message::Locked(entry.id.to_owned())
        };
        page = page.push(
            button(text(entry.label.clone()))
                .style(button::text)
                .on_press(message),
        );
        if asking == Some(entry.id) {
            page = page.push(
                container(
                    column![
                        text(match first_to_pass {
                            Some(title) => format!("Not unlocked yet: the course suggests passing “{title}” first. Play this one anyway?"),
                            None => "Not unlocked yet. Play it anyway?".to_owned(),
                        }),
                        row![
                            button(text("Play it anyway"))
                                .on_press(Message::Practise(entry.id.to_owned())),
                            button(text("Not now"))
                                .style(button::secondary)
                                .on_press(Message::NotNow),
                        ]
                        .spacing(8),
                    ]
                    .spacing(6),
                )
                .padding([6.0, 24.0]),
            );
        }
    }
    if entries.is_empty() {
        page = page.push(text(format!("No lesson matches “{search}”.")));
    }
    if !library.errors.is_empty() {
        let mut errors = column![text("Lesson files that did not load").size(20)].spacing(4);
        for error in &library.errors {
            errors = errors.push(text(error.to_string()).color(style::WRONG));
        }
        page = page.push(errors);
    }
    container(scrollable(page.padding(style::PADDING).width(Fill)))
        .width(Fill)
        .height(Fill)
        .into()
}

#[cfg(test)]
mod tests {
    use super::search_rank;

    #[test]
    fn every_search_word_must_be_found_in_any_case() {
        let title = "G major scale, right hand";
        assert!(
            search_rank(
                "g MAJOR",
                title,
                "G major scale, right hand g-major-rh scale"
            )
            .is_some()
        );
        assert_eq!(search_rank("g minor", title, title), None);
        assert_eq!(search_rank("", "anything", "anything"), Some(0));
    }

    #[test]
    fn exact_matches_rank_before_words_found_elsewhere() {
        let rank = |search: &str, title: &str| search_rank(search, title, title);
        // "C major scale, right hand" holds a g (in "right"), but no word of it begins with
        // one: it does not match. A word found in the id or unit still does, last.
        assert_eq!(rank("G major", "G major scale, right hand"), Some(0));
        assert_eq!(rank("G major", "C major scale, right hand"), None);
        assert_eq!(
            search_rank(
                "rh",
                "G major scale, right hand",
                "G major scale g-major-scale-rh"
            ),
            Some(3)
        );
        assert_eq!(rank("major scale", "G major scale, right hand"), Some(1));
        assert_eq!(rank("maj sca", "G major scale, right hand"), Some(2));
    }
}
