//! A lesson file's bytes: decoded, parsed and compiled (parse compiles), as `etude lessons
//! check` reads them. Any input may be refused; none may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = etude::lesson::parse::decode(bytes.to_vec(), "fuzz.ron") {
        let _ = etude::lesson::parse(&text, "fuzz.ron");
        let _ = etude::lesson::parse::parse_course(&text, "course.ron");
    }
});
