//! The curriculum shipped in `lessons/`, embedded at build time.

use crate::lesson::library::COURSE_FILE;
use crate::lesson::{Library, Source};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/curriculum.rs"));
}

/// The shipped lessons and course, as a library.
pub fn shipped() -> Library {
    let course_path = format!("lessons/{COURSE_FILE}");
    let mut course = None;
    let mut sources = Vec::new();
    for (path, text) in embedded::FILES {
        let source = Source {
            origin: (*path).to_owned(),
            text: (*text).to_owned(),
        };
        if *path == course_path {
            course = Some(source);
        } else {
            sources.push(source);
        }
    }
    Library::from_sources(sources, course)
}
