//! A lesson file's bytes: decoded, parsed and compiled (parse compiles), as `etude lessons
//! check` reads them, and a lesson that loads engraved and laid out as the staff and the
//! printed page draw it. Any input may be refused; none may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = etude::lesson::parse::decode(bytes.to_vec(), "fuzz.ron") {
        if let Ok(loaded) = etude::lesson::parse(&text, "fuzz.ron") {
            let sheet = etude::notation::engrave(&loaded);
            let _ = etude::engrave::page(&sheet, &loaded.lesson.title, "");
        }
        let _ = etude::lesson::parse::parse_course(&text, "course.ron");
    }
});
