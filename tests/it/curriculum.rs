//! The shipped curriculum: every lesson loads and compiles, the course covers it, and the
//! fingerings are the standard ones.

use std::path::Path;

use etude::lesson::values::Finger;
use etude::lesson::{Exercise, Hand, Library, LoadedLesson, Motion};
use etude::service::curriculum;
use etude::theory::ScaleKind;

fn shipped() -> Library {
    let library = curriculum::shipped();
    let errors: Vec<String> = library.errors.iter().map(ToString::to_string).collect();
    assert!(
        errors.is_empty(),
        "shipped lessons have problems:\n{}",
        errors.join("\n")
    );
    library
}

fn lesson<'a>(library: &'a Library, id: &str) -> &'a LoadedLesson {
    library.get(id).unwrap_or_else(|| panic!("no lesson {id}"))
}

fn names(loaded: &LoadedLesson) -> Vec<String> {
    loaded
        .steps
        .iter()
        .map(|s| {
            s.names
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn every_shipped_lesson_loads_compiles_and_is_in_the_course() {
    let library = shipped();
    assert!(
        library.lessons.len() >= 40,
        "only {} lessons",
        library.lessons.len()
    );
    let course = &library
        .course
        .as_ref()
        .expect("lessons/course.ron loads")
        .course;
    let in_course: Vec<&str> = course
        .units
        .iter()
        .flat_map(|u| u.lessons.iter().map(|l| l.as_str()))
        .collect();
    for loaded in &library.lessons {
        let lesson = &loaded.lesson;
        assert!(
            in_course.contains(&lesson.id.as_str()),
            "{} is not in the course",
            lesson.id
        );
        assert!(!loaded.steps.is_empty(), "{} has no steps", lesson.id);
        let summary = lesson.summary.as_deref().unwrap_or_default();
        assert!(
            !summary.is_empty() && !summary.contains('\n'),
            "{}: summary must be one line",
            lesson.id
        );
        assert!(
            lesson.instructions.as_deref().is_some_and(|i| i.len() > 40),
            "{}: needs instructions",
            lesson.id
        );
        assert!(lesson.goal.is_some(), "{}: suggests no goal", lesson.id);
    }
    assert_eq!(in_course.len(), library.lessons.len());
}

#[test]
fn the_files_on_disk_are_the_embedded_curriculum() {
    let from_disk = Library::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons"));
    assert!(from_disk.errors.is_empty(), "{:?}", from_disk.errors);
    let embedded = shipped();
    assert_eq!(from_disk.lessons.len(), embedded.lessons.len());
    for loaded in &embedded.lessons {
        let on_disk = lesson(&from_disk, loaded.lesson.id.as_str());
        assert_eq!(on_disk.lesson, loaded.lesson);
    }
}

#[test]
fn the_course_covers_what_a_beginner_needs() {
    let library = shipped();
    let count =
        |pred: &dyn Fn(&LoadedLesson) -> bool| library.lessons.iter().filter(|l| pred(l)).count();
    // Five-finger positions in C, G, F and D, each hand.
    for key in ["c", "g", "f", "d"] {
        for hand in ["rh", "lh"] {
            lesson(&library, &format!("{key}-five-finger-{hand}"));
        }
    }
    // Major scales in all twelve keys, each hand.
    let majors = |hand: Hand| {
        count(
            &|l| matches!(&l.lesson.exercise, Exercise::Scale { scale: ScaleKind::Major, hand: h, .. } if *h == hand),
        )
    };
    assert!(majors(Hand::Right) >= 12 && majors(Hand::Left) >= 12);
    assert!(majors(Hand::Both) >= 3);
    for kind in [
        ScaleKind::NaturalMinor,
        ScaleKind::HarmonicMinor,
        ScaleKind::MelodicMinor,
    ] {
        assert!(
            count(
                &|l| matches!(&l.lesson.exercise, Exercise::Scale { scale, .. } if *scale == kind)
            ) >= 3
        );
    }
    for kind in [
        ScaleKind::MajorPentatonic,
        ScaleKind::MinorPentatonic,
        ScaleKind::Blues,
    ] {
        assert!(
            count(
                &|l| matches!(&l.lesson.exercise, Exercise::Scale { scale, .. } if *scale == kind)
            ) >= 1
        );
    }
    assert!(count(&|l| l.lesson.kind() == "arpeggio") >= 6);
    assert!(count(&|l| l.lesson.kind() == "progression") >= 8);
    assert!(
        count(&|l| l.lesson.kind() == "notes" && !l.lesson.id.as_str().contains("five-finger"))
            >= 6
    );
    // Levels rise through the course: each unit's highest level is at least the first unit's.
    let ordered = library.in_course_order();
    assert_eq!(ordered.first().unwrap().1.lesson.level.get(), 1);
    assert!(ordered.last().unwrap().1.lesson.level.get() >= 5);
}

/// Standard one-octave major-scale fingerings (right hand, left hand), from the tonic up,
/// as in the ABRSM scale books and Alfred's "Complete Book of Scales, Chords, Arpeggios".
const MAJOR_FINGERINGS: [(&str, [u8; 8], [u8; 8]); 12] = [
    ("c", [1, 2, 3, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 3, 2, 1]),
    ("g", [1, 2, 3, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 3, 2, 1]),
    ("d", [1, 2, 3, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 3, 2, 1]),
    ("a", [1, 2, 3, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 3, 2, 1]),
    ("e", [1, 2, 3, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 3, 2, 1]),
    ("b", [1, 2, 3, 1, 2, 3, 4, 5], [4, 3, 2, 1, 4, 3, 2, 1]),
    ("f", [1, 2, 3, 4, 1, 2, 3, 4], [5, 4, 3, 2, 1, 3, 2, 1]),
    ("b-flat", [4, 1, 2, 3, 1, 2, 3, 4], [3, 2, 1, 4, 3, 2, 1, 3]),
    ("e-flat", [3, 1, 2, 3, 4, 1, 2, 3], [3, 2, 1, 4, 3, 2, 1, 3]),
    ("a-flat", [3, 4, 1, 2, 3, 1, 2, 3], [3, 2, 1, 4, 3, 2, 1, 3]),
    ("d-flat", [2, 3, 1, 2, 3, 4, 1, 2], [3, 2, 1, 4, 3, 2, 1, 3]),
    (
        "f-sharp",
        [2, 3, 4, 1, 2, 3, 1, 2],
        [4, 3, 2, 1, 3, 2, 1, 4],
    ),
];

fn fingers(loaded: &LoadedLesson, note_index: usize) -> Vec<u8> {
    loaded
        .steps
        .iter()
        .map(|s| {
            s.fingers
                .get(note_index)
                .copied()
                .flatten()
                .map_or(0, |f| f.get())
        })
        .collect()
}

#[test]
fn major_scales_use_the_standard_fingerings_up_and_mirrored_down() {
    let library = shipped();
    for (key, right, left) in MAJOR_FINGERINGS {
        for (suffix, expected) in [("rh", right), ("lh", left)] {
            let loaded = lesson(&library, &format!("{key}-major-scale-{suffix}"));
            let played = fingers(loaded, 0);
            let mut up_down: Vec<u8> = expected.to_vec();
            up_down.extend(expected.iter().rev().skip(1));
            assert_eq!(played, up_down, "{key} major {suffix}");
        }
        if let Some(both) = library.get(&format!("{key}-major-scale-hands-together")) {
            assert_eq!(fingers(both, 0)[..8], left, "{key} hands together, left");
            assert_eq!(fingers(both, 1)[..8], right, "{key} hands together, right");
        }
    }
}

#[test]
fn scales_compile_to_the_steps_the_format_describes() {
    let library = shipped();
    let c = lesson(&library, "c-major-scale-rh");
    assert_eq!(c.steps.len(), 15);
    assert_eq!(
        names(c).join(" "),
        "C4 D4 E4 F4 G4 A4 B4 C5 B4 A4 G4 F4 E4 D4 C4"
    );
    assert_eq!(c.steps[7].beat, 7.0);
    let f_sharp = lesson(&library, "f-sharp-major-scale-rh");
    assert_eq!(names(f_sharp)[6], "E#5");
    assert_eq!(f_sharp.steps[6].notes[0].0, 77);
    let melodic = lesson(&library, "a-melodic-minor-rh");
    assert_eq!(
        names(melodic).join(" "),
        "A4 B4 C5 D5 E5 F#5 G#5 A5 G5 F5 E5 D5 C5 B4 A4"
    );
    let together = lesson(&library, "c-major-scale-hands-together");
    assert!(
        together
            .steps
            .iter()
            .all(|s| s.notes.len() == 2 && s.notes[1].0 - s.notes[0].0 == 12)
    );
    let eighths = lesson(&library, "c-major-scale-eighths-rh");
    assert_eq!(eighths.steps[3].beat, 1.5);
    assert_eq!(eighths.steps[3].beats, 0.5);
    let two_octaves = lesson(&library, "c-major-scale-two-octaves-rh");
    assert_eq!(two_octaves.steps.len(), 29);
}

#[test]
fn progressions_and_melodies_compile_as_written() {
    let library = shipped();
    let minor = lesson(&library, "a-minor-i-iv-v-i");
    let dominant = &minor.steps[2];
    let mut spelled: Vec<String> = dominant.names.iter().map(|n| n.name.to_string()).collect();
    spelled.sort();
    assert_eq!(spelled, ["B", "E", "G#"]);
    assert_eq!(
        dominant.chord.as_ref().unwrap().symbol,
        "E/G#",
        "first inversion"
    );
    let inversions = lesson(&library, "c-i-iv-v-i-inversions");
    assert_eq!(
        names(inversions),
        ["C4 E4 G4", "C4 F4 A4", "B3 D4 G4", "C4 E4 G4"]
    );
    assert!(
        inversions
            .steps
            .iter()
            .all(|s| !s.chord.as_ref().unwrap().root_lowest)
    );
    // Sevenths voice-led voice by voice: common tones held, the seventh falling a step
    // (G7's F to E, its B up to C), as a teacher writes ii7–V7–Imaj7.
    assert_eq!(
        names(lesson(&library, "c-ii-v-i")),
        ["D4 F4 A4 C5", "D4 F4 G4 B4", "C4 E4 G4 B4"]
    );
    assert_eq!(names(lesson(&library, "b-flat-ii-v-i"))[2], "Bb3 D4 F4 A4");
    // A triad after seventh chords doubles its root: E7's D falls to C, G♯ rises to A.
    assert_eq!(names(lesson(&library, "a-minor-ii-v-i"))[2], "A3 C4 E4 A4");
    let symbols: Vec<&str> = inversions
        .steps
        .iter()
        .map(|s| s.chord.as_ref().unwrap().symbol.as_str())
        .collect();
    assert_eq!(
        symbols,
        ["C", "F/C", "G/B", "C"],
        "inversions named by their bass"
    );
    let close = lesson(&library, "c-i-iv-v-i-close");
    assert_eq!(
        names(close),
        ["C4 E4 G4", "F4 A4 C5", "G4 B4 D5", "C4 E4 G4"]
    );
    let both = lesson(&library, "c-i-iv-v-i-both-hands");
    assert_eq!(names(both)[1], "F3 C4 F4 A4");
    // The left hand's roots in C position: C 5, F 2, G 1.
    let bass_fingers: Vec<u8> = both
        .steps
        .iter()
        .map(|s| s.fingers[0].map_or(0, |f| f.0))
        .collect();
    assert_eq!(bass_fingers, [5, 2, 1, 5]);
    // The cadence: the bass the figures name in the left hand (C C C B C, 4 4 4 5 4), the right
    // hand holding C and G, V65 without the leading tone the left hand has, symbols by the bass.
    let cadence = lesson(&library, "c-major-cadence");
    assert_eq!(
        names(cadence),
        [
            "C3 C4 E4 G4",
            "C3 C4 F4 A4",
            "C3 C4 E4 G4",
            "B2 D4 F4 G4",
            "C3 C4 E4 G4"
        ]
    );
    let symbols: Vec<&str> = cadence
        .steps
        .iter()
        .map(|s| s.chord.as_ref().unwrap().symbol.as_str())
        .collect();
    assert_eq!(symbols, ["C", "F/C", "C", "G7/B", "C"]);
    let bass_fingers: Vec<u8> = cadence
        .steps
        .iter()
        .map(|s| s.fingers[0].map_or(0, |f| f.0))
        .collect();
    assert_eq!(bass_fingers, [4, 4, 4, 5, 4]);
    // Contrary motion: both thumbs on middle C, the hands mirroring each other.
    let contrary = lesson(&library, "c-major-scale-contrary-motion");
    let mirrored = &names(contrary)[..8];
    assert_eq!(
        mirrored,
        [
            "C4 C4", "B3 D4", "A3 E4", "G3 F4", "F3 G4", "E3 A4", "D3 B4", "C3 C5"
        ]
    );
    assert!(
        contrary.steps.iter().all(|s| s.fingers[0] == s.fingers[1]),
        "the same fingers together"
    );
    // Over two octaves the left hand goes down two, from the same middle C.
    let wider = names(lesson(
        &library,
        "c-major-scale-contrary-motion-two-octaves",
    ));
    assert_eq!(wider.len(), 29);
    assert_eq!(
        [&wider[0], &wider[7], &wider[14], &wider[28]],
        ["C4 C4", "C3 C5", "C2 C6", "C4 C4"]
    );
    let ode = lesson(&library, "ode-to-joy");
    assert_eq!(ode.steps.len(), 30);
    assert_eq!(ode.steps[13].beat, 13.5);
    let last = ode.steps.last().unwrap();
    assert_eq!(last.beat + last.beats, 32.0);
}

/// The scale picker fingers a major scale as the course's lessons do (the table above, from
/// the scale books), in every key.
#[test]
fn the_picker_fingers_major_scales_as_the_course_does() {
    use etude::theory::fingering::scale_fingering;
    for (key, right, left) in MAJOR_FINGERINGS {
        let (letter, rest) = key.split_at(1);
        let accidental = match rest {
            "-sharp" => "#",
            "-flat" => "b",
            _ => "",
        };
        let tonic: etude::theory::PitchName = format!("{}{accidental}", letter.to_uppercase())
            .parse()
            .unwrap();
        let (picked_right, picked_left) = scale_fingering(tonic, &ScaleKind::Major, 1).unwrap();
        assert_eq!(picked_right, right, "{key} major, right hand");
        assert_eq!(picked_left, left, "{key} major, left hand");
    }
}

/// Every scale lesson of the course (each hand, and hands together in parallel motion) is
/// fingered as the scale books finger it (the picker's table), wherever the books give one.
#[test]
fn the_course_fingers_its_scales_as_the_books_do() {
    use etude::theory::fingering::scale_fingering;
    let library = shipped();
    let mut checked = 0;
    for loaded in &library.lessons {
        let Exercise::Scale {
            tonic,
            scale,
            octaves,
            hand,
            fingering: Some(fingering),
            left_fingering,
            motion,
            ..
        } = &loaded.lesson.exercise
        else {
            continue;
        };
        let Some((right, left)) = scale_fingering(tonic.name, scale, octaves.get()) else {
            continue;
        };
        // In contrary motion the left hand goes down first: the books mirror the right.
        if *motion == Motion::Contrary {
            continue;
        }
        let id = loaded.lesson.id.as_str();
        assert_fingered_as(id, *hand, fingering, left_fingering.as_deref(), right, left);
        checked += 1;
    }
    assert!(checked >= 70, "only {checked} scale lessons checked");
}

/// Holds lesson `id`'s `fingering` (and `left_fingering`, with both hands) to the book's fingers
/// for the `right` and the `left` hand.
fn assert_fingered_as(
    id: &str,
    hand: Hand,
    fingering: &[Finger],
    left_fingering: Option<&[Finger]>,
    right: Vec<u8>,
    left: Vec<u8>,
) {
    let fingers = |given: &[Finger]| -> Vec<u8> { given.iter().map(|f| f.0).collect() };
    match hand {
        Hand::Right => assert_eq!(fingers(fingering), right, "{id}"),
        Hand::Left => assert_eq!(fingers(fingering), left, "{id}"),
        Hand::Both => {
            assert_eq!(fingers(fingering), right, "{id}: the right hand");
            assert_eq!(
                left_fingering.map(fingers),
                Some(left),
                "{id}: the left hand"
            );
        }
    }
}

/// The chromatic scales are fingered by the rule of the scale books: 3 on every black key, the
/// thumb on the white ones, 2 where two white keys meet (the right hand's F and C, the left
/// hand's E and B), the same finger for each key both ways.
#[test]
fn the_chromatic_scales_are_fingered_by_the_rule() {
    let library = shipped();
    for (id, twos, steps) in [
        ("d-chromatic-scale-rh", [5, 0], 25),
        ("d-chromatic-scale-lh", [4, 11], 25),
        ("d-chromatic-scale-two-octaves-rh", [5, 0], 49),
        ("d-chromatic-scale-two-octaves-lh", [4, 11], 49),
    ] {
        let chromatic = lesson(&library, id);
        assert_eq!(chromatic.steps.len(), steps, "{id}: up and down");
        for step in &chromatic.steps {
            let key = step.notes[0].0 % 12;
            let black = [1, 3, 6, 8, 10].contains(&key);
            let expected = if black {
                3
            } else if twos.contains(&key) {
                2
            } else {
                1
            };
            assert_eq!(
                step.fingers[0].map(|f| f.0),
                Some(expected),
                "{id}: {:?}",
                step.names
            );
        }
    }
}

/// The arpeggios are fingered as the books finger root-position triads: the right hand
/// 1-2-3 each octave and 5 on the top note; the left hand 5 on the bottom note, then 4 on the
/// third when it is a white key and 3 when it is black, 2, 1 each octave.
#[test]
fn the_arpeggios_are_fingered_by_the_rule() {
    let library = shipped();
    let mut checked = 0;
    for loaded in &library.lessons {
        let Exercise::Arpeggio {
            octaves,
            hand,
            fingering: Some(fingering),
            left_fingering,
            ..
        } = &loaded.lesson.exercise
        else {
            continue;
        };
        // The third: the second note of a hand's arpeggio (the upper of a step's two notes
        // with both hands).
        let third = loaded.steps[1].notes.last().unwrap().0 % 12;
        let on_third = if [1, 3, 6, 8, 10].contains(&third) {
            3
        } else {
            4
        };
        let book = |right: bool| -> Vec<u8> {
            let per_octave = if right { [1, 2, 3] } else { [on_third, 2, 1] };
            let mut fingers: Vec<u8> = (0..octaves.get()).flat_map(|_| per_octave).collect();
            if right {
                fingers.push(5);
            } else {
                fingers.insert(0, 5);
            }
            fingers
        };
        let id = loaded.lesson.id.as_str();
        let (right, left) = (book(true), book(false));
        assert_fingered_as(id, *hand, fingering, left_fingering.as_deref(), right, left);
        checked += 1;
    }
    assert!(checked >= 34, "only {checked} arpeggios checked");
}

/// The scales from other traditions are spelled as their references write them, one letter a
/// degree where they have seven, with their own descending forms; the drones sound Sa and Pa
/// (C and G) under the first note of every bar.
#[test]
fn the_scales_from_other_traditions_are_spelled_and_fall_as_written() {
    let library = shipped();
    let run = |id: &str| names(lesson(&library, id)).join(" ");
    assert_eq!(
        run("in-scale-rh"),
        "E4 F4 A4 B4 D5 E5 C5 B4 A4 F4 E4",
        "up with D, down with C"
    );
    assert_eq!(run("yo-scale-rh"), "D4 E4 G4 A4 B4 D5 B4 A4 G4 E4 D4");
    assert_eq!(
        run("raga-bhairav-rh"),
        "C4 Db4 E4 F4 G4 Ab4 B4 C5 B4 Ab4 G4 F4 E4 Db4 C4"
    );
    assert_eq!(
        run("raga-yaman-rh"),
        "C4 D4 E4 F#4 A4 B4 C5 B4 A4 G4 F#4 E4 D4 C4",
        "no Pa going up, every note coming down"
    );
    assert_eq!(
        run("maqam-hijaz-rh"),
        "D4 Eb4 F#4 G4 A4 Bb4 C5 D5 C5 Bb4 A4 G4 F#4 Eb4 D4"
    );
    let yaman = lesson(&library, "raga-yaman-rh");
    let fingers: Vec<u8> = yaman
        .steps
        .iter()
        .map(|s| s.fingers[0].unwrap().0)
        .collect();
    assert_eq!(fingers, [1, 2, 3, 4, 1, 3, 4, 3, 2, 1, 4, 3, 2, 1]);
    for id in ["raga-bhairav-over-a-drone", "raga-yaman-over-a-drone"] {
        let drone = lesson(&library, id);
        for step in drone.steps.iter().filter(|s| s.beat % 4.0 == 0.0) {
            let low: Vec<String> = step.names[..2].iter().map(ToString::to_string).collect();
            assert_eq!(low, ["C3", "G3"], "{id}: beat {}", step.beat);
        }
        let last = drone.steps.last().unwrap();
        assert_eq!(last.names.len(), 3, "{id} ends on the drone with Sa");
        assert_eq!(last.beat + last.beats, 16.0, "{id}: four whole bars");
        // Written as held: a whole note in the bass each of the first three bars.
        let sheet = etude::notation::engrave(drone);
        let held: Vec<(u32, etude::notation::NoteValue)> = sheet
            .notes
            .iter()
            .filter(|n| n.staff == etude::notation::Clef::Bass && n.bar < 4)
            .map(|n| (n.bar, n.duration))
            .collect();
        let whole = etude::notation::NoteValue::Whole;
        assert_eq!(
            held,
            [
                (1, whole),
                (1, whole),
                (2, whole),
                (2, whole),
                (3, whole),
                (3, whole)
            ],
            "{id}"
        );
    }
}
