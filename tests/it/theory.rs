//! Scales, chords, keys and Roman numerals against published spellings.

use etude::theory::{
    ChordQuality, Key, Note, RomanNumeral, ScaleKind, SpelledNote, identify, scale,
};

fn note(text: &str) -> SpelledNote {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn rising(tonic: &str, kind: ScaleKind) -> String {
    scale::ascending(note(tonic), &kind, 1)
        .unwrap()
        .iter()
        .map(|n| n.name.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn major_scales_in_every_key_use_each_letter_once() {
    let expected = [
        ("C4", "C D E F G A B C"),
        ("G4", "G A B C D E F# G"),
        ("D4", "D E F# G A B C# D"),
        ("A4", "A B C# D E F# G# A"),
        ("E4", "E F# G# A B C# D# E"),
        ("B3", "B C# D# E F# G# A# B"),
        ("F#4", "F# G# A# B C# D# E# F#"),
        ("C#4", "C# D# E# F# G# A# B# C#"),
        ("F4", "F G A Bb C D E F"),
        ("Bb3", "Bb C D Eb F G A Bb"),
        ("Eb4", "Eb F G Ab Bb C D Eb"),
        ("Ab3", "Ab Bb C Db Eb F G Ab"),
        ("Db4", "Db Eb F Gb Ab Bb C Db"),
        ("Gb4", "Gb Ab Bb Cb Db Eb F Gb"),
        ("Cb4", "Cb Db Eb Fb Gb Ab Bb Cb"),
    ];
    for (tonic, names) in expected {
        assert_eq!(rising(tonic, ScaleKind::Major), names, "{tonic} major");
    }
}

#[test]
fn octave_numbers_follow_the_letters_not_the_keys() {
    let cb = scale::ascending(note("Cb4"), &ScaleKind::Major, 1).unwrap();
    assert_eq!(cb.first().unwrap().note().unwrap(), Note(59));
    assert_eq!(cb.last().unwrap().to_string(), "Cb5");
    let c_sharp = scale::ascending(note("C#4"), &ScaleKind::Major, 1).unwrap();
    let names: Vec<String> = c_sharp.iter().map(ToString::to_string).collect();
    assert_eq!(names[6], "B#4");
    assert_eq!(c_sharp[6].note().unwrap(), Note(72));
}

#[test]
fn minor_scales_in_sharp_keys() {
    let expected = [
        ("G#4", ScaleKind::NaturalMinor, "G# A# B C# D# E F# G#"),
        ("D#4", ScaleKind::NaturalMinor, "D# E# F# G# A# B C# D#"),
        ("A#3", ScaleKind::NaturalMinor, "A# B# C# D# E# F# G# A#"),
        ("G#4", ScaleKind::HarmonicMinor, "G# A# B C# D# E F## G#"),
        ("D#4", ScaleKind::HarmonicMinor, "D# E# F# G# A# B C## D#"),
        ("A#3", ScaleKind::HarmonicMinor, "A# B# C# D# E# F# G## A#"),
        ("A#3", ScaleKind::MelodicMinor, "A# B# C# D# E# F## G## A#"),
        ("A4", ScaleKind::HarmonicMinor, "A B C D E F G# A"),
        ("C4", ScaleKind::MelodicMinor, "C D Eb F G A B C"),
        ("Eb4", ScaleKind::NaturalMinor, "Eb F Gb Ab Bb Cb Db Eb"),
    ];
    for (tonic, kind, names) in expected {
        assert_eq!(rising(tonic, kind.clone()), names, "{tonic} {kind}");
    }
}

#[test]
fn melodic_minor_falls_as_natural_minor() {
    let down = scale::descending(note("A4"), &ScaleKind::MelodicMinor, 1).unwrap();
    let names: Vec<String> = down.iter().map(ToString::to_string).collect();
    assert_eq!(names.join(" "), "A5 G5 F5 E5 D5 C5 B4 A4");
    let up = scale::ascending(note("A4"), &ScaleKind::MelodicMinor, 1).unwrap();
    assert_eq!(up[5].to_string(), "F#5");
    assert_eq!(up[6].to_string(), "G#5");
}

#[test]
fn modes_are_spelled_from_their_tonic() {
    let expected = [
        ("D4", ScaleKind::Dorian, "D E F G A B C D"),
        ("C4", ScaleKind::Dorian, "C D Eb F G A Bb C"),
        ("E4", ScaleKind::Phrygian, "E F G A B C D E"),
        ("C#4", ScaleKind::Phrygian, "C# D E F# G# A B C#"),
        ("F4", ScaleKind::Lydian, "F G A B C D E F"),
        ("F#4", ScaleKind::Lydian, "F# G# A# B# C# D# E# F#"),
        ("G4", ScaleKind::Mixolydian, "G A B C D E F G"),
        ("Bb3", ScaleKind::Mixolydian, "Bb C D Eb F G Ab Bb"),
        ("B3", ScaleKind::Locrian, "B C D E F G A B"),
        ("C#4", ScaleKind::Locrian, "C# D E F# G A B C#"),
    ];
    for (tonic, kind, names) in expected {
        assert_eq!(rising(tonic, kind.clone()), names, "{tonic} {kind}");
    }
}

#[test]
fn pentatonic_blues_whole_tone_and_chromatic_follow_the_documented_rules() {
    let expected = [
        ("C4", ScaleKind::MajorPentatonic, "C D E G A C"),
        ("F#4", ScaleKind::MajorPentatonic, "F# G# A# C# D# F#"),
        ("Db4", ScaleKind::MajorPentatonic, "Db Eb F Ab Bb Db"),
        ("E4", ScaleKind::MinorPentatonic, "E G A B D E"),
        ("Eb4", ScaleKind::MinorPentatonic, "Eb Gb Ab Bb Db Eb"),
        ("A4", ScaleKind::Blues, "A C D Eb E G A"),
        ("F#4", ScaleKind::Blues, "F# A B C C# E F#"),
        ("C4", ScaleKind::Blues, "C Eb F Gb G Bb C"),
        ("C4", ScaleKind::WholeTone, "C D E F# G# A# C"),
        ("Db4", ScaleKind::WholeTone, "Db Eb F G A B Db"),
        ("C4", ScaleKind::Chromatic, "C Db D Eb E F F# G Ab A Bb B C"),
        ("F4", ScaleKind::Chromatic, "F Gb G Ab A Bb B C Db D Eb E F"),
        ("D4", ScaleKind::Chromatic, "D Eb E F F# G G# A Bb B C C# D"),
    ];
    for (tonic, kind, names) in expected {
        assert_eq!(rising(tonic, kind.clone()), names, "{tonic} {kind}");
    }
}

#[test]
fn every_named_scale_sounds_its_semitone_pattern() {
    let patterns: [(&str, &[u8]); 14] = [
        ("major", &[0, 2, 4, 5, 7, 9, 11, 12]),
        ("natural-minor", &[0, 2, 3, 5, 7, 8, 10, 12]),
        ("harmonic-minor", &[0, 2, 3, 5, 7, 8, 11, 12]),
        ("melodic-minor", &[0, 2, 3, 5, 7, 9, 11, 12]),
        ("dorian", &[0, 2, 3, 5, 7, 9, 10, 12]),
        ("phrygian", &[0, 1, 3, 5, 7, 8, 10, 12]),
        ("lydian", &[0, 2, 4, 6, 7, 9, 11, 12]),
        ("mixolydian", &[0, 2, 4, 5, 7, 9, 10, 12]),
        ("locrian", &[0, 1, 3, 5, 6, 8, 10, 12]),
        ("major-pentatonic", &[0, 2, 4, 7, 9, 12]),
        ("minor-pentatonic", &[0, 3, 5, 7, 10, 12]),
        ("blues", &[0, 3, 5, 6, 7, 10, 12]),
        ("whole-tone", &[0, 2, 4, 6, 8, 10, 12]),
        ("chromatic", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    ];
    for tonic in ["C4", "F#3", "Bb4", "Cb4", "G#2", "E5"] {
        for (name, pattern) in patterns {
            let kind: ScaleKind = name.parse().unwrap();
            let notes = scale::ascending(note(tonic), &kind, 2).unwrap();
            let base = notes[0].note().unwrap().0;
            let offsets: Vec<u8> = notes.iter().map(|n| n.note().unwrap().0 - base).collect();
            let mut two_octaves: Vec<u8> = pattern.to_vec();
            two_octaves.extend(pattern[1..].iter().map(|p| p + 12));
            assert_eq!(offsets, two_octaves, "{tonic} {name}");
        }
    }
}

#[test]
fn unknown_scale_names_are_rejected() {
    assert!("hungarian".parse::<ScaleKind>().is_err());
}

#[test]
fn custom_scales_must_fill_an_octave_and_are_spelled_by_the_rules() {
    assert!(ScaleKind::Custom(vec![2, 2, 2]).validate().is_err());
    assert!(ScaleKind::Custom(vec![]).validate().is_err());
    assert!(ScaleKind::Custom(vec![0, 12]).validate().is_err());
    // Seven notes: one letter each (a "Hungarian minor"-like set from C).
    assert_eq!(
        rising("C4", ScaleKind::Custom(vec![2, 1, 3, 1, 1, 3, 1])),
        "C D Eb F# G Ab B C"
    );
    // Other sizes: the chromatic spelling.
    assert_eq!(rising("C4", ScaleKind::Custom(vec![3, 4, 5])), "C Eb G C");
    // A triple sharp falls back to the plainest enharmonic.
    // (A fourth semitone above the second letter would need a triple sharp.)
    assert_eq!(
        rising("C#4", ScaleKind::Custom(vec![4, 1, 1, 1, 2, 2, 1])),
        "C# F E## F## G# A# B# C#"
    );
}

/// Builds a voicing of `quality` on `root` (octave 4) with tone `inversion` lowest: close
/// (stacked within an octave) or open (bass an octave down, the rest spread with a doubling).
fn voicing(root: &str, quality: ChordQuality, inversion: usize, open: bool) -> Vec<SpelledNote> {
    let root = note(&format!("{root}4"));
    let tones: Vec<SpelledNote> = quality
        .intervals()
        .iter()
        .map(|i| root.up(*i).unwrap())
        .collect();
    let mut close: Vec<SpelledNote> = tones[inversion..]
        .iter()
        .copied()
        .chain(tones[..inversion].iter().map(|n| n.shifted_octaves(1)))
        .collect();
    if open {
        close[0] = close[0].shifted_octaves(-1);
        let last = close.len() - 1;
        close[last] = close[last].shifted_octaves(1);
        close.push(close[1].shifted_octaves(1)); // doubling
    }
    close
}

fn named(
    notes: &[SpelledNote],
    spelled: bool,
) -> Option<(String, &'static str, u8, String, String)> {
    let midi: Vec<Note> = notes.iter().map(|n| n.note().unwrap()).collect();
    let spellings = spelled.then_some(notes);
    identify(&midi, spellings).map(|c| {
        (
            c.chord.root.to_string(),
            c.chord.quality.word(),
            c.inversion,
            c.bass.to_string(),
            c.symbol(),
        )
    })
}

#[test]
fn every_unambiguous_quality_is_named_in_every_inversion_open_and_close() {
    use ChordQuality::*;
    for root in ["C", "F#", "Bb", "E", "Ab", "D"] {
        for quality in [
            Major,
            Minor,
            Diminished,
            Dominant7,
            Major7,
            Minor7,
            HalfDiminished7,
        ] {
            for inversion in 0..quality.intervals().len() {
                for open in [false, true] {
                    let notes = voicing(root, quality, inversion, open);
                    let (got_root, got_quality, got_inversion, _, _) = named(&notes, true)
                        .unwrap_or_else(|| {
                            panic!(
                                "{root} {quality:?} inversion {inversion} open {open}: not named"
                            )
                        });
                    assert_eq!(
                        (got_root.as_str(), got_quality, usize::from(got_inversion)),
                        (root, quality.word(), inversion),
                        "{root} {quality:?} inversion {inversion} open {open}"
                    );
                }
            }
        }
    }
}

#[test]
fn symmetric_and_ambiguous_sets_take_the_lowest_note_as_root() {
    // Augmented: every inversion reads as a root-position augmented triad on its bass.
    assert_eq!(
        named(&[note("E4"), note("G#4"), note("C5")], true)
            .unwrap()
            .4,
        "Eaug"
    );
    assert_eq!(
        named(&[note("C4"), note("E4"), note("G#4")], true)
            .unwrap()
            .4,
        "Caug"
    );
    // Diminished seventh likewise.
    assert_eq!(
        named(&[note("D4"), note("F4"), note("Ab4"), note("B4")], true)
            .unwrap()
            .4,
        "Ddim7"
    );
    assert_eq!(
        named(&[note("B3"), note("D4"), note("F4"), note("Ab4")], true)
            .unwrap()
            .4,
        "Bdim7"
    );
    // Csus2 = C D G, also readable as Gsus4 over C: the bass is the root.
    assert_eq!(
        named(&[note("C4"), note("D4"), note("G4")], true)
            .unwrap()
            .4,
        "Csus2"
    );
    assert_eq!(
        named(&[note("G3"), note("C4"), note("D4")], true)
            .unwrap()
            .4,
        "Gsus4"
    );
    assert_eq!(
        named(&[note("C4"), note("F4"), note("G4")], true)
            .unwrap()
            .4,
        "Csus4"
    );
    assert_eq!(
        named(&[note("F3"), note("G3"), note("C4")], true)
            .unwrap()
            .4,
        "Fsus2"
    );
    // No reading on the bass: the lowest inversion wins (D under C-D-G is the sus2's second).
    assert_eq!(
        named(&[note("D4"), note("G4"), note("C5")], true)
            .unwrap()
            .4,
        "Csus2/D"
    );
}

#[test]
fn chords_named_from_midi_numbers_get_the_plainest_spelling() {
    let from_midi = |numbers: &[u8]| {
        let notes: Vec<Note> = numbers.iter().map(|n| Note(*n)).collect();
        identify(&notes, None).map(|c| c.symbol())
    };
    assert_eq!(from_midi(&[64, 68, 73]).as_deref(), Some("C#m/E"));
    assert_eq!(from_midi(&[61, 65, 68]).as_deref(), Some("Db"));
    assert_eq!(from_midi(&[70, 74, 77]).as_deref(), Some("Bb"));
    assert_eq!(from_midi(&[68, 71, 75]).as_deref(), Some("G#m"));
    assert_eq!(from_midi(&[55, 59, 62, 65]).as_deref(), Some("G7"));
    assert_eq!(from_midi(&[48, 55, 60, 64, 67, 72]).as_deref(), Some("C"));
    assert_eq!(from_midi(&[59, 62, 65, 69]).as_deref(), Some("Bm7b5"));
    assert_eq!(from_midi(&[57, 60, 64, 67]).as_deref(), Some("Am7"));
    assert_eq!(from_midi(&[64, 67, 72, 71]).as_deref(), Some("Cmaj7/E"));
}

#[test]
fn notes_that_make_no_known_chord_say_so() {
    for numbers in [
        &[60u8, 61, 62][..],
        &[60],
        &[60, 67],
        &[60, 64, 67, 69, 62],
        &[],
    ] {
        let notes: Vec<Note> = numbers.iter().map(|n| Note(*n)).collect();
        assert_eq!(identify(&notes, None), None, "{numbers:?}");
    }
}

fn chord_in(numeral: &str, key: &str) -> String {
    let key: Key = key.parse().unwrap();
    let numeral: RomanNumeral = numeral.parse().unwrap_or_else(|e| panic!("{numeral}: {e}"));
    let chord = numeral.chord_in(key).unwrap();
    chord
        .tones()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn roman_numerals_in_major_keys() {
    let expected = [
        ("I", "C major", "C E G"),
        ("ii", "C major", "D F A"),
        ("iii", "C major", "E G B"),
        ("IV", "C major", "F A C"),
        ("V7", "C major", "G B D F"),
        ("vi", "C major", "A C E"),
        ("vii°", "C major", "B D F"),
        ("viio", "C major", "B D F"),
        ("viiø7", "C major", "B D F A"),
        ("vii/o7", "C major", "B D F A"),
        ("IM7", "C major", "C E G B"),
        ("Imaj7", "C major", "C E G B"),
        ("ii7", "C major", "D F A C"),
        ("bVII", "C major", "Bb D F"),
        ("#iv°", "C major", "F# A C"),
        ("III+", "C major", "E G# B#"),
        ("Vsus4", "C major", "G C D"),
        ("V7", "Eb major", "Bb D F Ab"),
        ("ii7", "Eb major", "F Ab C Eb"),
        ("IV", "F# major", "B D# F#"),
        ("V", "F# major", "C# E# G#"),
        ("vii°7", "C major", "B D F Ab"),
    ];
    for (numeral, key, tones) in expected {
        assert_eq!(chord_in(numeral, key), tones, "{numeral} in {key}");
    }
}

#[test]
fn roman_numerals_in_minor_keys_count_from_natural_minor() {
    let expected = [
        ("i", "A minor", "A C E"),
        ("iv", "A minor", "D F A"),
        ("V", "A minor", "E G# B"),
        ("V7", "A minor", "E G# B D"),
        ("III", "A minor", "C E G"),
        ("VI", "A minor", "F A C"),
        ("VII", "A minor", "G B D"),
        ("iiø7", "A minor", "B D F A"),
        ("bII", "A minor", "Bb D F"),
        ("#vii°7", "A minor", "G# B D F"),
        // A diminished chord on the seventh stands on the leading tone, as in harmonic minor.
        ("vii°7", "A minor", "G# B D F"),
        ("vii°", "A minor", "G# B D"),
        ("viiø7", "A minor", "G# B D F#"),
        ("vii°7", "G# minor", "F## A# C# E"),
        ("V7", "F# minor", "C# E# G# B"),
        ("i", "Bb minor", "Bb Db F"),
        ("V", "G# minor", "D# F## A#"),
    ];
    for (numeral, key, tones) in expected {
        assert_eq!(chord_in(numeral, key), tones, "{numeral} in {key}");
    }
}

#[test]
fn bad_roman_numerals_and_keys_are_rejected() {
    for text in ["", "VIII", "Iv", "iM7", "X", "V9", "III+7", "bb"] {
        assert!(
            text.parse::<RomanNumeral>().is_err(),
            "{text:?} should not parse"
        );
    }
    for text in ["H major", "C dorian", "C", "C major please", ""] {
        assert!(text.parse::<Key>().is_err(), "{text:?} should not parse");
    }
    assert_eq!("Bb minor".parse::<Key>().unwrap().to_string(), "Bb minor");
}
