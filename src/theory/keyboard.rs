//! Piano key geometry, with no drawing: which keys are black, where each key lies across a
//! keyboard of white-key units, and which key a point falls on. The window draws from this.

use super::note::Note;

/// One key's place.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeyShape {
    /// The key.
    pub note: Note,
    /// Whether it is a black key.
    pub black: bool,
    /// Left edge, in white-key widths from the keyboard's left edge.
    pub x: f32,
    /// Width, in white-key widths.
    pub width: f32,
}

/// A keyboard from one key to another, both white.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyboardLayout {
    keys: Vec<KeyShape>,
    white_keys: usize,
}

/// How far down a white key the black keys reach.
pub const BLACK_LENGTH: f32 = 0.62;
const BLACK_WIDTH: f32 = 0.6;

fn is_black(note: u8) -> bool {
    matches!(note % 12, 1 | 3 | 6 | 8 | 10)
}

impl KeyboardLayout {
    /// The keys from `low` to `high`, widened to start and end on white keys.
    pub fn from_range(low: Note, high: Note) -> KeyboardLayout {
        let mut low = low.0.min(high.0);
        let mut high = high.0.max(low);
        if is_black(low) {
            low -= 1;
        }
        if is_black(high) {
            high = (high + 1).min(127);
        }
        let mut keys = Vec::with_capacity(usize::from(high - low) + 1);
        let mut white = 0usize;
        for note in low..=high {
            if is_black(note) {
                keys.push(KeyShape {
                    note: Note(note),
                    black: true,
                    x: white as f32 - BLACK_WIDTH / 2.0,
                    width: BLACK_WIDTH,
                });
            } else {
                keys.push(KeyShape {
                    note: Note(note),
                    black: false,
                    x: white as f32,
                    width: 1.0,
                });
                white += 1;
            }
        }
        KeyboardLayout {
            keys,
            white_keys: white,
        }
    }

    /// A keyboard showing `notes` with some room on either side, at least two octaves wide;
    /// `keys` (61 or 88) asks for a full keyboard instead.
    pub fn around(notes: impl Iterator<Item = Note>, keys: Option<u8>) -> KeyboardLayout {
        match keys {
            Some(88) => return KeyboardLayout::from_range(Note(21), Note(108)),
            Some(61) => return KeyboardLayout::from_range(Note(36), Note(96)),
            _ => {}
        }
        let (mut low, mut high) = (u8::MAX, 0u8);
        for note in notes {
            low = low.min(note.0);
            high = high.max(note.0);
        }
        if low > high {
            (low, high) = (60, 72);
        }
        let (mut low, mut high) = (low.saturating_sub(5), high.saturating_add(5).min(127));
        if high - low < 24 {
            // Widen to two octaves, evenly on both sides.
            let extra = 24 - (high - low);
            low = low.saturating_sub(extra / 2);
            high = low.saturating_add(24).min(127);
        }
        // Start on a C or F so the keyboard reads naturally.
        let low = (0..=low)
            .rev()
            .find(|n| n % 12 == 0 || n % 12 == 5)
            .unwrap_or(0);
        KeyboardLayout::from_range(Note(low), Note(high))
    }

    /// Every key, white and black, lowest first.
    pub fn keys(&self) -> &[KeyShape] {
        &self.keys
    }

    /// How many white keys wide the keyboard is.
    pub fn white_keys(&self) -> usize {
        self.white_keys
    }

    /// The key at `x` (in white-key widths) and `depth` (0 at the top edge, 1 at the bottom):
    /// a black key wins where it covers a white one.
    pub fn key_at(&self, x: f32, depth: f32) -> Option<Note> {
        if depth < BLACK_LENGTH
            && let Some(black) = self
                .keys
                .iter()
                .find(|k| k.black && x >= k.x && x < k.x + k.width)
        {
            return Some(black.note);
        }
        self.keys
            .iter()
            .find(|k| !k.black && x >= k.x && x < k.x + k.width)
            .map(|k| k.note)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_octave_from_c_has_seven_white_and_five_black_keys() {
        let layout = KeyboardLayout::from_range(Note(60), Note(71));
        assert_eq!(layout.white_keys(), 7);
        assert_eq!(layout.keys().iter().filter(|k| k.black).count(), 5);
        assert_eq!(layout.key_at(0.5, 0.9), Some(Note(60)));
        assert_eq!(
            layout.key_at(1.0, 0.3),
            Some(Note(61)),
            "C♯ sits between C and D"
        );
        assert_eq!(
            layout.key_at(1.0, 0.8),
            Some(Note(62)),
            "below the black key: D"
        );
        assert_eq!(
            layout.key_at(3.05, 0.3),
            Some(Note(65)),
            "no black key between E and F"
        );
        assert_eq!(layout.key_at(7.5, 0.5), None);
    }

    #[test]
    fn ranges_are_widened_to_white_keys_and_fit_the_lesson() {
        let layout = KeyboardLayout::from_range(Note(61), Note(70));
        assert_eq!(layout.keys().first().map(|k| k.note), Some(Note(60)));
        assert_eq!(layout.keys().last().map(|k| k.note), Some(Note(71)));
        let full = KeyboardLayout::around([Note(60)].into_iter(), Some(88));
        assert_eq!(full.white_keys(), 52);
        assert_eq!(
            KeyboardLayout::around([Note(60)].into_iter(), Some(61))
                .keys()
                .len(),
            61
        );
        let scale = KeyboardLayout::around([Note(60), Note(72)].into_iter(), None);
        let notes: Vec<u8> = scale.keys().iter().map(|k| k.note.0).collect();
        assert!(notes.contains(&55) && notes.contains(&77));
        assert!(
            scale
                .keys()
                .first()
                .is_some_and(|k| k.note.0 % 12 == 0 || k.note.0 % 12 == 5)
        );
    }
}
