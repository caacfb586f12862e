//! Goals as people say them: "C major scale for 5 minutes", "3 clean runs of G major at
//! 80 bpm", "5 minutes", "try a new progression", read into the goal grammar
//! ([`GoalSpec`]) with the library's lesson titles. The grammar itself (`clean 3
//! g-major-scale-rh at 80`) is read first, as it always was.

use crate::lesson::Library;
use crate::progress::{BestMetric, GoalSpec};

/// Words for small numbers, as in "three clean runs".
const NUMBER_WORDS: [&str; 12] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

/// Words that join a phrase and name nothing.
const FILLER: [&str; 17] = [
    "play", "practise", "practice", "do", "the", "for", "of", "on", "a", "an", "my", "today", "in",
    "tempo", "mode", "bpm", "and",
];

/// Words naming a hand, which every lesson title has and a phrase need not.
const HAND_WORDS: [&str; 5] = ["right", "left", "hand", "hands", "together"];

/// Kinds of lesson a "try a new …" goal may ask for, with the words people use for them.
const NEW_KINDS: [(&str, &str); 7] = [
    ("scale", "scale"),
    ("arpeggio", "arpeggio"),
    ("progression", "progression"),
    ("chord", "progression"),
    ("melody", "notes"),
    ("tune", "notes"),
    ("lesson", "lesson"),
];

/// A phrase's number: digits or a word up to twelve.
fn number(word: &str) -> Option<f64> {
    word.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n > 0.0)
        .or_else(|| {
            NUMBER_WORDS
                .iter()
                .position(|w| *w == word)
                .map(|i| i as f64 + 1.0)
        })
}

/// The phrase's words, lower case, accidentals spelled out ("B♭" → "b flat", "F#" → "f sharp").
fn words_of(phrase: &str) -> Vec<String> {
    let spelled = phrase
        .to_lowercase()
        .replace(['♭'], " flat ")
        .replace(['♯', '#'], " sharp ");
    let mut words = Vec::new();
    for word in spelled.split(|c: char| !c.is_alphanumeric() && c != '.' && c != '-') {
        let word = word.trim_matches(|c: char| c == '.' || c == '-');
        if word.is_empty() {
            continue;
        }
        // "bb" or "eb" before a scale's name: a flat note.
        match word.as_bytes() {
            [note @ b'a'..=b'g', b'b'] => {
                words.push(char::from(*note).to_string());
                words.push("flat".to_owned());
            }
            _ => words.push(word.to_owned()),
        }
    }
    words
}

/// A title's (or id's) words, as [`words_of`] makes them.
fn title_words(title: &str) -> Vec<String> {
    words_of(&title.replace('-', " "))
}

/// The lesson `words` name: the lesson whose title (or id) has every word, with the fewest
/// words besides ("scale" and the hand are not counted), the right hand when no hand is
/// named, first in the course on a tie.
fn lesson_named(words: &[String], library: &Library) -> Result<String, String> {
    let joined = words.join(" ");
    let as_id = words.join("-");
    if library.find(&as_id).is_some() {
        return Ok(as_id);
    }
    let names_a_hand = words.iter().any(|w| HAND_WORDS.contains(&w.as_str()));
    let mut best: Option<((usize, bool), String)> = None;
    for (_, loaded) in library.in_course_order() {
        let lesson = &loaded.lesson;
        let title = title_words(&lesson.title);
        let id = title_words(lesson.id.as_str());
        let has = |word: &String| title.contains(word) || id.contains(word);
        if !words.iter().all(has) {
            continue;
        }
        let extra = title
            .iter()
            .filter(|w| !words.contains(w))
            .filter(|w| *w != "scale" && !HAND_WORDS.contains(&w.as_str()))
            .count();
        let other_hand = !names_a_hand && !lesson.title.ends_with("right hand");
        let rank = (extra, other_hand);
        if best.as_ref().is_none_or(|(held, _)| rank < *held) {
            best = Some((rank, lesson.id.as_str().to_owned()));
        }
    }
    best.map(|(_, id)| id).ok_or_else(|| {
        format!("no lesson is called \"{joined}\" (`etude lessons list` lists them)")
    })
}

/// The words left once `taken` are out and the filler with them.
fn lesson_words(words: &[String], taken: &[usize]) -> Vec<String> {
    words
        .iter()
        .enumerate()
        .filter(|(i, w)| !taken.contains(i) && !FILLER.contains(&w.as_str()))
        .map(|(_, w)| w.clone())
        .collect()
}

/// "at 80" or "at 80 bpm": the tempo and the places of its words.
fn tempo_in(words: &[String]) -> Result<Option<(u16, Vec<usize>)>, String> {
    let Some(at) = words.iter().position(|w| w == "at") else {
        return Ok(None);
    };
    let bpm = words
        .get(at + 1)
        .and_then(|w| w.parse::<u16>().ok())
        .filter(|b| (20..=300).contains(b))
        .ok_or_else(|| "a tempo is written \"at 80 bpm\" (20–300)".to_owned())?;
    Ok(Some((bpm, vec![at, at + 1])))
}

/// Reads a goal as written in its grammar or as people say it; the library resolves titles.
pub fn understand(phrase: &str, library: &Library) -> Result<GoalSpec, String> {
    if let Ok(spec) = phrase.parse::<GoalSpec>() {
        return Ok(spec);
    }
    let words = words_of(phrase);
    let at = |i: usize| words.get(i).map_or("", String::as_str);
    let lesson_or_any = |taken: &[usize]| {
        let named = lesson_words(&words, taken);
        if named.is_empty() {
            Ok(None)
        } else {
            lesson_named(&named, library).map(Some)
        }
    };
    // "5 minutes", "C major scale for 5 minutes", "10 minutes of G major".
    if let Some(i) = (1..words.len()).find(|i| {
        ["minutes", "minute", "mins", "min"].contains(&at(*i)) && number(at(i - 1)).is_some()
    }) {
        let minutes = number(at(i - 1)).unwrap_or(5.0);
        return Ok(GoalSpec::Minutes {
            minutes,
            lesson: lesson_or_any(&[i - 1, i])?,
        });
    }
    // "3 clean runs of G major at 80 bpm".
    if let Some(i) = (1..words.len()).find(|i| at(*i) == "clean" && number(at(i - 1)).is_some()) {
        let runs = number(at(i - 1))
            .filter(|n| n.fract() == 0.0)
            .unwrap_or(0.0) as u32;
        let mut taken = vec![i - 1, i];
        if ["runs", "run", "times", "time"].contains(&at(i + 1)) {
            taken.push(i + 1);
        }
        let tempo = tempo_in(&words)?;
        let bpm = tempo.as_ref().map(|(bpm, _)| *bpm);
        taken.extend(tempo.into_iter().flat_map(|(_, places)| places));
        let lesson = lesson_or_any(&taken)?.ok_or_else(|| {
            "clean runs of which lesson? (\"3 clean runs of G major\")".to_owned()
        })?;
        return Ok(GoalSpec::CleanRuns {
            runs: runs.max(1),
            lesson,
            bpm,
        });
    }
    // "try a new progression (this week)".
    if let Some(i) = words.iter().position(|w| w == "new") {
        let named = words[i + 1..].iter().find_map(|w| {
            let singular = w.trim_end_matches('s');
            NEW_KINDS
                .iter()
                .find(|(said, _)| *said == singular)
                .map(|(_, kind)| (*kind).to_owned())
        });
        return Ok(GoalSpec::TryNew {
            kind: named.unwrap_or_else(|| "lesson".to_owned()),
        });
    }
    // "review A minor".
    if at(0) == "review" {
        let lesson = lesson_or_any(&[0])?.ok_or_else(|| "review which lesson?".to_owned())?;
        return Ok(GoalSpec::Review { lesson });
    }
    // "beat my best evenness on D major".
    if at(0) == "beat" {
        let metric = match words.iter().find_map(|w| match w.as_str() {
            "evenness" | "even" => Some(BestMetric::Evenness),
            "tempo" | "speed" | "faster" => Some(BestMetric::Tempo),
            "score" => Some(BestMetric::Score),
            _ => None,
        }) {
            Some(metric) => metric,
            None => BestMetric::Score,
        };
        let taken: Vec<usize> = words
            .iter()
            .enumerate()
            .filter(|(_, w)| {
                [
                    "beat", "best", "evenness", "even", "speed", "faster", "score",
                ]
                .contains(&w.as_str())
            })
            .map(|(i, _)| i)
            .collect();
        let lesson =
            lesson_or_any(&taken)?.ok_or_else(|| "beat your best on which lesson?".to_owned())?;
        return Ok(GoalSpec::BeatBest { metric, lesson });
    }
    Err(format!(
        "\"{}\" is not a goal Etude understands; say it like \"C major scale for 5 minutes\", \
         \"3 clean runs of G major at 80 bpm\", \"5 minutes\" or \"try a new progression\", or \
         in the grammar (`clean 3 g-major-scale-rh at 80`)",
        phrase.trim()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(phrase: &str) -> String {
        let library = crate::service::curriculum::shipped();
        understand(phrase, &library)
            .unwrap_or_else(|e| panic!("{phrase}: {e}"))
            .to_string()
    }

    #[test]
    fn goals_are_read_as_people_say_them() {
        assert_eq!(
            read("C major scale for 5 minutes"),
            "minutes 5 on c-major-scale-rh"
        );
        assert_eq!(
            read("3 clean runs of G major at 80 bpm"),
            "clean 3 g-major-scale-rh at 80"
        );
        assert_eq!(read("5 minutes"), "minutes 5");
        assert_eq!(read("Play for ten minutes today."), "minutes 10");
        assert_eq!(
            read("three clean runs of the A minor scale"),
            "clean 3 a-natural-minor-rh"
        );
        assert_eq!(
            read("2 clean runs of C major scale, left hand"),
            "clean 2 c-major-scale-lh"
        );
        assert_eq!(
            read("one clean run of the G major arpeggio"),
            "clean 1 g-major-arpeggio-rh"
        );
        assert_eq!(
            read("5 minutes of B♭ major"),
            "minutes 5 on b-flat-major-scale-rh"
        );
        assert_eq!(
            read("5 minutes of Bb major"),
            "minutes 5 on b-flat-major-scale-rh"
        );
        assert_eq!(
            read("try a new chord progression this week"),
            "new progression"
        );
        assert_eq!(read("a new tune"), "new notes");
        assert_eq!(
            read("beat my best evenness on D major"),
            "beat evenness d-major-scale-rh"
        );
        assert_eq!(read("review c-major-scale-rh"), "review c-major-scale-rh");
        // The grammar as before.
        assert_eq!(
            read("clean 3 g-major-scale-rh at 80"),
            "clean 3 g-major-scale-rh at 80"
        );
    }

    #[test]
    fn what_cannot_be_read_says_why() {
        let library = crate::service::curriculum::shipped();
        let unknown = understand("3 clean runs of Z major", &library).unwrap_err();
        assert!(
            unknown.contains("no lesson is called \"z major\""),
            "{unknown}"
        );
        let tempo = understand("3 clean runs of G major at fast", &library).unwrap_err();
        assert!(tempo.contains("at 80 bpm"), "{tempo}");
        let nothing = understand("be better", &library).unwrap_err();
        assert!(nothing.contains("\"be better\" is not a goal"), "{nothing}");
        assert!(understand("3 clean runs", &library).is_err());
    }
}
