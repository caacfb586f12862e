//! A scale lesson from a few choices, with no file (the Lessons screen's picker): tonic, kind,
//! octaves, direction, hand, tempo and mode. It is written as a lesson file and read back, so a
//! picked lesson is checked exactly as a file is, and "keep it" saves that very text.

use super::locate::Position;
use super::model::{Direction, Exercise, Hand, Lesson, Mode, Motion, PassedIn};
use super::parse::{LessonError, LoadedLesson, parse};
use super::values::{Finger, LessonId, Level, NotesPerBeat, Octaves, Tempo};
use std::fmt;
use std::str::FromStr;

use crate::theory::fingering::scale_fingering;
use crate::theory::{PitchName, ScaleKind, SpelledNote};

/// What the player chose. Kept in the settings as one line of text (see its `Display`), so the
/// picker opens on the last scale.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleChoice {
    /// The tonic, spelled (B♭, not A♯).
    pub tonic: PitchName,
    /// Which scale (a custom one by its semitone steps).
    pub kind: ScaleKind,
    /// 1–4.
    pub octaves: u8,
    /// Up, down, or up and down.
    pub direction: Direction,
    /// Which hand, or both.
    pub hand: Hand,
    /// Beats a minute.
    pub tempo: u16,
    /// Wait or tempo mode.
    pub mode: Mode,
}

impl Default for ScaleChoice {
    fn default() -> ScaleChoice {
        ScaleChoice {
            tonic: PitchName::new(crate::theory::Letter::C, crate::theory::Accidental::NATURAL),
            kind: ScaleKind::Major,
            octaves: 1,
            direction: Direction::UpDown,
            hand: Hand::Right,
            tempo: 72,
            mode: Mode::Wait,
        }
    }
}

impl ScaleChoice {
    /// "B♭ melodic minor, hands together, 2 octaves".
    pub fn title(&self) -> String {
        let hand = match self.hand {
            Hand::Right => "right hand",
            Hand::Left => "left hand",
            Hand::Both => "hands together",
        };
        let octaves = match self.octaves {
            1 => "1 octave".to_owned(),
            n => format!("{n} octaves"),
        };
        format!(
            "{} {}, {hand}, {octaves}",
            self.tonic.pretty(),
            kind_words(&self.kind)
        )
    }

    /// "picked-b-flat-melodic-minor-up-down-both-2-octaves": the same scale always has the same
    /// id, so keeping it again replaces it, and the id names the scale (tempo and mode aside), so
    /// a run of a scale that was not kept is still known by its id (see [`ScaleChoice::from_id`]).
    pub fn id(&self) -> String {
        let tonic = format!(
            "{}{}",
            format!("{:?}", self.tonic.letter).to_lowercase(),
            match self.tonic.accidental.semitones() {
                -2 => "-double-flat",
                -1 => "-flat",
                1 => "-sharp",
                2 => "-double-sharp",
                _ => "",
            }
        );
        let kind = match &self.kind {
            ScaleKind::Custom(steps) => format!("custom-{}", steps_word(steps)),
            other => other.to_string(),
        };
        format!(
            "picked-{tonic}-{kind}-{}-{}-{}-octaves",
            direction_word(self.direction),
            self.hand.word(),
            self.octaves
        )
    }

    /// The scale a picked lesson's id names, in wait mode at 72 bpm (the journal has the mode and
    /// tempo a run was played at); none for any other id.
    pub fn from_id(id: &str) -> Option<ScaleChoice> {
        let rest = id.strip_prefix("picked-")?.strip_suffix("-octaves")?;
        let (rest, octaves) = rest.rsplit_once('-')?;
        let (rest, hand) = rest.rsplit_once('-')?;
        // The longest first: "-up-down" also ends in "-down".
        let (rest, direction) = [Direction::UpDown, Direction::Up, Direction::Down]
            .into_iter()
            .find_map(|d| Some((rest.strip_suffix(direction_word(d))?.strip_suffix('-')?, d)))?;
        let (letter, rest) = rest.split_at_checked(1)?;
        let (accidental, kind) = [
            ("-double-flat-", "bb"),
            ("-double-sharp-", "##"),
            ("-flat-", "b"),
            ("-sharp-", "#"),
            ("-", ""),
        ]
        .into_iter()
        .find_map(|(word, sign)| Some((sign, rest.strip_prefix(word)?)))?;
        let kind = match kind.strip_prefix("custom-") {
            Some(steps) => ScaleKind::Custom(steps_from_word(steps)?),
            None => kind.parse().ok()?,
        };
        let choice = ScaleChoice {
            tonic: format!("{}{accidental}", letter.to_uppercase())
                .parse()
                .ok()?,
            kind,
            octaves: octaves.parse().ok().filter(|o| (1..=4).contains(o))?,
            direction,
            hand: Hand::from_word(hand)?,
            ..ScaleChoice::default()
        };
        // Only an id this picker would make names a scale.
        (choice.id() == id).then_some(choice)
    }

    /// The lesson: the tonic placed so the run stays round middle C, fingered from the scale
    /// books where they give a fingering.
    pub fn lesson(&self) -> Result<Lesson, String> {
        // The right hand starts on the tonic from C4 to F♯4, from G3 to B3 above; each octave
        // more starts lower by half an octave; the left hand an octave below.
        let mut octave: i8 = if self.tonic.letter.index() >= 4 { 3 } else { 4 };
        octave -= i8::try_from(self.octaves.saturating_sub(1) / 2).unwrap_or(0);
        if self.hand == Hand::Left {
            octave -= 1;
        }
        let fingering = scale_fingering(self.tonic, &self.kind, self.octaves);
        let fingers = |list: &[u8]| list.iter().map(|f| Finger(*f)).collect::<Vec<_>>();
        let (fingering, left_fingering) = match (&fingering, self.hand) {
            (Some((right, _)), Hand::Right) => (Some(fingers(right)), None),
            (Some((_, left)), Hand::Left) => (Some(fingers(left)), None),
            (Some((right, left)), Hand::Both) => (Some(fingers(right)), Some(fingers(left))),
            (None, _) => (None, None),
        };
        let instructions = match &fingering {
            Some(_) => "Fingered as the scale books finger it: the finger numbers are on the keys \
                        and the staff."
                .to_owned(),
            None => "No book fingering for this scale: choose one that lets the thumb pass under \
                     smoothly, and keep to it."
                .to_owned(),
        };
        Ok(Lesson {
            id: LessonId::new(&self.id())?,
            title: self.title(),
            tempo: Tempo(self.tempo.clamp(*Tempo::RANGE.start(), *Tempo::RANGE.end())),
            exercise: Exercise::Scale {
                tonic: SpelledNote::new(self.tonic, octave),
                scale: self.kind.clone(),
                octaves: Octaves(self.octaves.clamp(1, 4)),
                direction: self.direction,
                hand: self.hand,
                notes_per_beat: NotesPerBeat(1),
                fingering,
                left_fingering,
                motion: Motion::Parallel,
                descending: None,
                descending_fingering: None,
            },
            level: Level(1),
            summary: Some("A scale picked on the Lessons screen.".to_owned()),
            instructions: Some(instructions),
            mode: self.mode,
            pass: Default::default(),
            passed_in: PassedIn::Either,
            goal: None,
        })
    }

    /// The lesson as a lesson file.
    pub fn to_ron(&self) -> Result<String, String> {
        let lesson = self.lesson()?;
        let config = ron::ser::PrettyConfig::default().struct_names(true);
        ron::ser::to_string_pretty(&lesson, config).map_err(|e| e.to_string())
    }

    /// The lesson read back from its file text, checked as any lesson file is.
    pub fn load(&self) -> Result<LoadedLesson, LessonError> {
        self.file().map(|(_, loaded)| loaded)
    }

    /// The lesson file's text, and the lesson read back from it.
    pub fn file(&self) -> Result<(String, LoadedLesson), LessonError> {
        let origin = format!("{}.ron", self.id());
        let text = self
            .to_ron()
            .map_err(|message| LessonError::at(&origin, Position::START, message))?;
        let loaded = parse(&text, &origin)?;
        Ok((text, loaded))
    }
}

/// "Bb melodic-minor 2 up-down both 92 tempo": tonic, kind (or `custom:2-1-3-1-1-3-1`),
/// octaves, direction, hand, tempo and mode.
impl fmt::Display for ScaleChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.kind {
            ScaleKind::Custom(steps) => format!("custom:{}", steps_word(steps)),
            named => named.to_string(),
        };
        write!(
            f,
            "{} {kind} {} {} {} {} {}",
            self.tonic,
            self.octaves,
            direction_word(self.direction),
            self.hand.word(),
            self.tempo,
            self.mode.word()
        )
    }
}

impl FromStr for ScaleChoice {
    type Err = String;

    fn from_str(text: &str) -> Result<ScaleChoice, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let [tonic, kind, octaves, direction, hand, tempo, mode] = words[..] else {
            return Err(format!("`{text}` is not a scale choice"));
        };
        let bad = |what: &str, word: &str| format!("`{word}` is not a {what}");
        let kind = match kind.strip_prefix("custom:") {
            Some(steps) => ScaleKind::Custom(
                steps_from_word(steps).ok_or_else(|| bad("list of semitone steps", steps))?,
            ),
            None => kind.parse().map_err(|_| bad("scale", kind))?,
        };
        Ok(ScaleChoice {
            tonic: tonic.parse().map_err(|_| bad("tonic", tonic))?,
            kind,
            octaves: octaves
                .parse()
                .ok()
                .filter(|o| (1..=4).contains(o))
                .ok_or_else(|| bad("number of octaves", octaves))?,
            direction: [Direction::Up, Direction::Down, Direction::UpDown]
                .into_iter()
                .find(|d| direction_word(*d) == direction)
                .ok_or_else(|| bad("direction", direction))?,
            hand: Hand::from_word(hand).ok_or_else(|| bad("hand", hand))?,
            tempo: tempo
                .parse()
                .ok()
                .filter(|t| Tempo::RANGE.contains(t))
                .ok_or_else(|| bad("tempo", tempo))?,
            mode: Mode::from_word(mode).ok_or_else(|| bad("mode", mode))?,
        })
    }
}

impl serde::Serialize for ScaleChoice {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for ScaleChoice {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A custom scale's steps as one word: "2-1-3-1-1-3-1".
fn steps_word(steps: &[u8]) -> String {
    steps
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join("-")
}

/// The steps [`steps_word`] wrote.
fn steps_from_word(word: &str) -> Option<Vec<u8>> {
    word.split('-').map(|s| s.parse().ok()).collect()
}

/// "up", "down", "up-down".
fn direction_word(direction: Direction) -> &'static str {
    match direction {
        Direction::Up => "up",
        Direction::Down => "down",
        Direction::UpDown => "up-down",
    }
}

/// "melodic minor", "whole-tone", "custom (2 1 3 1 1 3 1)".
pub fn kind_words(kind: &ScaleKind) -> String {
    match kind {
        ScaleKind::Custom(steps) => format!(
            "custom ({})",
            steps
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        ),
        ScaleKind::WholeTone => "whole-tone".to_owned(),
        other => other.to_string().replace('-', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b_flat_melodic_minor_hands_together_two_octaves_at_92() {
        let choice = ScaleChoice {
            tonic: "Bb".parse().unwrap(),
            kind: ScaleKind::MelodicMinor,
            octaves: 2,
            direction: Direction::UpDown,
            hand: Hand::Both,
            tempo: 92,
            mode: Mode::Tempo,
        };
        assert_eq!(
            choice.title(),
            "B♭ melodic minor, hands together, 2 octaves"
        );
        assert_eq!(
            choice.id(),
            "picked-b-flat-melodic-minor-up-down-both-2-octaves"
        );
        // The id names the scale: read back, it is the same but for mode and tempo.
        let named = ScaleChoice::from_id(&choice.id()).unwrap();
        assert_eq!(
            named,
            ScaleChoice {
                tempo: 72,
                mode: Mode::Wait,
                ..choice.clone()
            }
        );
        assert_eq!(ScaleChoice::from_id("c-major-scale-rh"), None);
        assert_eq!(
            ScaleChoice::from_id("picked-h-major-up-right-1-octaves"),
            None
        );
        let loaded = choice.load().unwrap();
        assert_eq!(loaded.lesson.tempo.get(), 92);
        assert_eq!(loaded.lesson.mode, Mode::Tempo);
        // Two octaves up and down: 29 steps, each with both hands, B♭2 and B♭3 first.
        assert_eq!(loaded.steps.len(), 29);
        let first: Vec<String> = loaded.steps[0]
            .names
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(first, ["Bb2", "Bb3"]);
        // The books give no fingering for B♭ melodic minor.
        assert!(
            loaded
                .steps
                .iter()
                .all(|s| s.fingers.iter().all(Option::is_none))
        );
    }

    #[test]
    fn a_choice_is_kept_as_one_line_of_text() {
        let choice = ScaleChoice {
            tonic: "Bb".parse().unwrap(),
            kind: ScaleKind::MelodicMinor,
            octaves: 2,
            hand: Hand::Both,
            tempo: 92,
            mode: Mode::Tempo,
            ..ScaleChoice::default()
        };
        assert_eq!(
            choice.to_string(),
            "Bb melodic-minor 2 up-down both 92 tempo"
        );
        assert_eq!(choice.to_string().parse::<ScaleChoice>(), Ok(choice));
        let custom = ScaleChoice {
            kind: ScaleKind::Custom(vec![2, 1, 3, 1, 1, 3, 1]),
            ..ScaleChoice::default()
        };
        assert_eq!(custom.to_string().parse::<ScaleChoice>(), Ok(custom));
        assert!(
            "Bb melodic-minor 9 up-down both 92 tempo"
                .parse::<ScaleChoice>()
                .is_err()
        );
        assert!("H major".parse::<ScaleChoice>().is_err());
    }

    #[test]
    fn a_picked_scale_is_fingered_from_the_books_and_reads_back_as_a_file() {
        let choice = ScaleChoice {
            tonic: "Eb".parse().unwrap(),
            hand: Hand::Left,
            ..ScaleChoice::default()
        };
        let loaded = choice.load().unwrap();
        assert_eq!(loaded.steps[0].names[0].to_string(), "Eb3");
        let fingers: Vec<u8> = loaded
            .steps
            .iter()
            .take(8)
            .map(|s| s.fingers[0].unwrap().get())
            .collect();
        assert_eq!(fingers, [3, 2, 1, 4, 3, 2, 1, 3]);
        let custom = ScaleChoice {
            kind: ScaleKind::Custom(vec![2, 1, 3, 1, 1, 3, 1]),
            ..ScaleChoice::default()
        };
        assert_eq!(
            custom.id(),
            "picked-c-custom-2-1-3-1-1-3-1-up-down-right-1-octaves"
        );
        assert_eq!(ScaleChoice::from_id(&custom.id()), Some(custom.clone()));
        assert_eq!(custom.load().unwrap().steps.len(), 15);
        // A custom scale whose steps do not make an octave is refused with the file's words.
        let broken = ScaleChoice {
            kind: ScaleKind::Custom(vec![2, 2]),
            ..ScaleChoice::default()
        };
        assert!(broken.load().is_err());
    }
}
