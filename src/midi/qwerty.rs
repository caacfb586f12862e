//! Playing without a MIDI keyboard: a piano laid over two rows of a QWERTY keyboard.
//!
//! ```text
//!  black keys:   W  E     T  Y  U     O  P
//!  white keys:  A  S  D  F  G  H  J  K  L  ;  '
//!               C  D  E  F  G  A  B  C  D  E  F
//! ```
//! `A` is C4 (middle C) at first; `Z` moves everything an octave down, `X` an octave up (C1 to
//! C7 on `A`). Every key plays at one fixed velocity. A key released after an octave change
//! still releases the note it started.

use crate::engine::EventKind;
use crate::theory::Note;

/// The velocity computer-keyboard notes play at.
const VELOCITY: u8 = 90;

/// Keys and the semitone above the `A` key's C that each plays.
const LAYOUT: [(char, u8); 18] = [
    ('a', 0),
    ('w', 1),
    ('s', 2),
    ('e', 3),
    ('d', 4),
    ('f', 5),
    ('t', 6),
    ('g', 7),
    ('y', 8),
    ('h', 9),
    ('u', 10),
    ('j', 11),
    ('k', 12),
    ('o', 13),
    ('l', 14),
    ('p', 15),
    (';', 16),
    ('\'', 17),
];

/// The octave of the `A` key's C: from 1 to 7.
const OCTAVES: std::ops::RangeInclusive<i8> = 1..=7;

/// What a key did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAction {
    /// A note started or stopped.
    Play(EventKind),
    /// The keyboard moved to another octave: the `A` key now plays C of this octave.
    Octave(i8),
    /// Not a key Etude uses, a repeat of a held key, or an octave change past the end.
    Nothing,
}

/// The computer keyboard as a piano, with the keys it holds.
#[derive(Clone, Debug)]
pub struct QwertyKeyboard {
    octave: i8,
    held: Vec<(char, Note)>,
}

impl Default for QwertyKeyboard {
    fn default() -> Self {
        QwertyKeyboard {
            octave: 4,
            held: Vec::with_capacity(LAYOUT.len()),
        }
    }
}

impl QwertyKeyboard {
    /// The keyboard in the octave that fits `notes` best (a lesson's): the one whose keys
    /// reach the most of them, the nearest to middle C among equals.
    pub fn fitting(notes: impl Iterator<Item = Note> + Clone) -> QwertyKeyboard {
        let reach = |octave: i8| {
            let low = (i32::from(octave) + 1) * 12;
            let high = low + i32::from(LAYOUT[LAYOUT.len() - 1].1);
            notes
                .clone()
                .filter(|n| (low..=high).contains(&i32::from(n.0)))
                .count()
        };
        let octave = OCTAVES
            .max_by_key(|octave| (reach(*octave), -(octave - 4).abs()))
            .unwrap_or(4);
        QwertyKeyboard {
            octave,
            ..QwertyKeyboard::default()
        }
    }

    /// Each key's letter (upper case, as printed on the keyboard) and the note it plays now.
    pub fn letters(&self) -> impl Iterator<Item = (Note, char)> + '_ {
        LAYOUT
            .iter()
            .filter_map(|(key, _)| Some((self.note_for(*key)?, key.to_ascii_uppercase())))
    }

    /// The octave of the `A` key's C.
    pub fn octave(&self) -> i8 {
        self.octave
    }

    /// The note a key plays in the current octave.
    fn note_for(&self, key: char) -> Option<Note> {
        let key = key.to_ascii_lowercase();
        let (_, semitone) = LAYOUT.iter().find(|(k, _)| *k == key)?;
        Note::from_midi((i32::from(self.octave) + 1) * 12 + i32::from(*semitone))
    }

    /// A key went down.
    pub fn press(&mut self, key: char) -> KeyAction {
        let key = key.to_ascii_lowercase();
        let shift = match key {
            'z' => -1,
            'x' => 1,
            _ => 0,
        };
        if shift != 0 {
            let octave = self.octave + shift;
            if !OCTAVES.contains(&octave) {
                return KeyAction::Nothing;
            }
            self.octave = octave;
            return KeyAction::Octave(octave);
        }
        if self.held.iter().any(|(k, _)| *k == key) {
            return KeyAction::Nothing; // the system's key repeat
        }
        let Some(note) = self.note_for(key) else {
            return KeyAction::Nothing;
        };
        self.held.push((key, note));
        KeyAction::Play(EventKind::NoteOn {
            note,
            velocity: VELOCITY,
        })
    }

    /// Every key held is let go (the lesson is left while keys are down): the notes they
    /// started, to be stopped.
    pub fn release_all(&mut self) -> Vec<Note> {
        self.held.drain(..).map(|(_, note)| note).collect()
    }

    /// A key came up.
    pub fn release(&mut self, key: char) -> KeyAction {
        let key = key.to_ascii_lowercase();
        match self.held.iter().position(|(k, _)| *k == key) {
            Some(index) => {
                let (_, note) = self.held.swap_remove(index);
                KeyAction::Play(EventKind::NoteOff { note })
            }
            None => KeyAction::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(note: u8) -> KeyAction {
        KeyAction::Play(EventKind::NoteOn {
            note: Note(note),
            velocity: VELOCITY,
        })
    }

    fn off(note: u8) -> KeyAction {
        KeyAction::Play(EventKind::NoteOff { note: Note(note) })
    }

    #[test]
    fn two_rows_make_a_piano_from_middle_c() {
        let mut keyboard = QwertyKeyboard::default();
        let white: Vec<KeyAction> = "asdfghjkl;'".chars().map(|k| keyboard.press(k)).collect();
        assert_eq!(white, [60, 62, 64, 65, 67, 69, 71, 72, 74, 76, 77].map(on));
        let black: Vec<KeyAction> = "wetyuop".chars().map(|k| keyboard.press(k)).collect();
        assert_eq!(black, [61, 63, 66, 68, 70, 73, 75].map(on));
        assert_eq!(keyboard.press('q'), KeyAction::Nothing);
        assert_eq!(
            keyboard.press('r'),
            KeyAction::Nothing,
            "no black key between E and F"
        );
        assert_eq!(keyboard.press('1'), KeyAction::Nothing);
    }

    #[test]
    fn octave_keys_move_the_keyboard_within_its_range() {
        let mut keyboard = QwertyKeyboard::default();
        assert_eq!(keyboard.press('x'), KeyAction::Octave(5));
        assert_eq!(keyboard.press('A'), on(72), "upper case works too");
        for _ in 0..10 {
            keyboard.press('z');
        }
        assert_eq!(keyboard.octave(), 1);
        assert_eq!(keyboard.press('z'), KeyAction::Nothing);
        assert_eq!(keyboard.note_for('a'), Some(Note(24)));
        for _ in 0..10 {
            keyboard.press('x');
        }
        assert_eq!(keyboard.octave(), 7);
        assert_eq!(keyboard.note_for('\''), Some(Note(113)));
    }

    #[test]
    fn each_lesson_starts_in_the_octave_that_fits_it() {
        let left_hand = [48, 50, 52, 53, 55].map(Note);
        assert_eq!(QwertyKeyboard::fitting(left_hand.into_iter()).octave(), 3);
        let right_hand = [60, 62, 64, 65, 67, 69, 71, 72].map(Note);
        let keyboard = QwertyKeyboard::fitting(right_hand.into_iter());
        assert_eq!(keyboard.octave(), 4);
        let letters: Vec<(Note, char)> = keyboard.letters().collect();
        assert_eq!(letters[0], (Note(60), 'A'));
        assert!(letters.contains(&(Note(61), 'W')));
        assert_eq!(QwertyKeyboard::fitting(std::iter::empty()).octave(), 4);
    }

    #[test]
    fn a_key_releases_the_note_it_started_and_repeats_are_ignored() {
        let mut keyboard = QwertyKeyboard::default();
        assert_eq!(keyboard.press('g'), on(67));
        assert_eq!(keyboard.press('g'), KeyAction::Nothing, "key repeat");
        keyboard.press('z');
        assert_eq!(keyboard.release('g'), off(67), "still the G it started");
        assert_eq!(keyboard.release('g'), KeyAction::Nothing);
        assert_eq!(keyboard.press('g'), on(55));
        keyboard.press('h');
        assert_eq!(keyboard.release_all(), [Note(55), Note(57)]);
        assert_eq!(keyboard.release('g'), KeyAction::Nothing, "let go already");
    }
}
