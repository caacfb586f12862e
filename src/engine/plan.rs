//! What an attempt expects: the lesson's steps at their times, and how to judge them.

use crate::lesson::model::PassMark;
use crate::lesson::{LoadedLesson, Mode, Step};
use crate::theory::{Note, PitchClass};

use super::event::Micros;

/// How much of a step's length its notes sound when the lesson is played to the player (a
/// little air between steps).
const LEGATO: f64 = 0.9;

/// Default time within which the notes of one chord must start.
const CHORD_WINDOW_US: Micros = 100_000;

/// A set of MIDI notes as a 128-bit mask: no allocation when judging an event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoteSet(pub u128);

impl NoteSet {
    /// The set holding `notes`.
    pub fn of(notes: impl IntoIterator<Item = Note>) -> NoteSet {
        let mut set = NoteSet::default();
        for note in notes {
            set.insert(note);
        }
        set
    }

    /// Adds a note.
    pub fn insert(&mut self, note: Note) {
        self.0 |= 1u128 << (note.0 & 0x7f);
    }

    /// Whether the note is in the set.
    pub fn contains(self, note: Note) -> bool {
        self.0 & (1u128 << (note.0 & 0x7f)) != 0
    }

    /// The lowest note, if any.
    pub fn lowest(self) -> Option<Note> {
        (self.0 != 0).then(|| Note(self.0.trailing_zeros() as u8))
    }

    /// The pitch classes present, as a 12-bit mask.
    pub fn pitch_classes(self) -> u16 {
        let mut classes = 0u16;
        let mut rest = self.0;
        while rest != 0 {
            let note = rest.trailing_zeros();
            classes |= 1 << (note % 12);
            rest &= rest - 1;
        }
        classes
    }

    /// The notes, lowest first.
    pub fn notes(self) -> impl Iterator<Item = Note> {
        (0u8..128)
            .filter(move |n| self.0 & (1u128 << n) != 0)
            .map(Note)
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// One expected step with its time and how it is matched.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The step as compiled from the lesson.
    pub step: Step,
    /// Expected onset, µs after the attempt started.
    pub at: Micros,
    /// How far from `at` (after the player's steady delay) a note still counts for this step,
    /// live and in the report alike: one beat. Later than that the step is missed; a note
    /// further than that from every step is extra.
    pub window: Micros,
    notes: NoteSet,
    chord: Option<ChordRule>,
}

/// A progression chord: its pitch classes, and the root that must be lowest (Close voicing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ChordRule {
    classes: u16,
    /// The tone the voicing leaves out, which may be played or not.
    omitted: u16,
    root_lowest: Option<PitchClass>,
}

impl Target {
    fn new(step: &Step, at: Micros, window: Micros) -> Target {
        Target {
            notes: NoteSet::of(step.notes.iter().copied()),
            chord: step.chord.as_ref().map(|chord| ChordRule {
                classes: chord
                    .pitch_classes
                    .iter()
                    .fold(0, |mask, class| mask | (1 << class.index())),
                omitted: chord.omitted.map_or(0, |class| 1 << class.index()),
                root_lowest: chord.root_lowest.then_some(chord.root),
            }),
            step: step.clone(),
            at,
            window,
        }
    }

    /// Whether `note` belongs to this step: one of its notes, or for a progression chord one
    /// of its pitch classes in any octave.
    pub fn accepts(&self, note: Note) -> bool {
        match self.chord {
            Some(rule) => rule.classes & (1 << note.pitch_class().index()) != 0,
            None => self.notes.contains(note),
        }
    }

    /// Whether `struck` (notes started together) is exactly this step: the same notes, or for
    /// a chord the same pitch classes (octave doublings allowed; the tone the voicing leaves
    /// out played or not) with the root lowest when the voicing asks for it.
    pub fn is_complete(&self, struck: NoteSet) -> bool {
        match self.chord {
            Some(rule) => {
                let root_ok = match (rule.root_lowest, struck.lowest()) {
                    (Some(root), Some(lowest)) => lowest.pitch_class() == root,
                    (None, Some(_)) => true,
                    (_, None) => false,
                };
                let classes = struck.pitch_classes();
                root_ok && (classes == rule.classes || classes == rule.classes & !rule.omitted)
            }
            None => struck == self.notes,
        }
    }
}

/// Everything an attempt needs to know about the lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The lesson's id.
    pub lesson: String,
    /// Wait or tempo.
    pub mode: Mode,
    /// The tempo the steps are timed at.
    pub tempo_bpm: u16,
    /// The steps with their times.
    pub targets: Vec<Target>,
    /// What passes.
    pub pass: PassMark,
    /// Chord notes must start within this of each other.
    pub chord_window: Micros,
}

impl Plan {
    /// The plan for a lesson, optionally in another mode or at another tempo.
    pub fn new(loaded: &LoadedLesson, mode: Option<Mode>, tempo_bpm: Option<u16>) -> Plan {
        let tempo_bpm = tempo_bpm.unwrap_or(loaded.lesson.tempo.get());
        Plan::from_steps(
            loaded.lesson.id.as_str(),
            &loaded.steps,
            mode.unwrap_or(loaded.lesson.mode),
            tempo_bpm,
            loaded.lesson.pass,
        )
    }

    /// The plan for any list of steps.
    pub fn from_steps(
        lesson: &str,
        steps: &[Step],
        mode: Mode,
        tempo_bpm: u16,
        pass: PassMark,
    ) -> Plan {
        let beat_us = 60_000_000.0 / f64::from(tempo_bpm.max(1));
        let targets = steps
            .iter()
            .map(|step| {
                let at = (step.beat * beat_us).round() as Micros;
                Target::new(step, at, beat_us.round() as Micros)
            })
            .collect();
        Plan {
            lesson: lesson.to_owned(),
            mode,
            tempo_bpm,
            targets,
            pass,
            chord_window: CHORD_WINDOW_US,
        }
    }

    /// One beat in µs at the plan's tempo.
    pub fn beat_us(&self) -> f64 {
        60_000_000.0 / f64::from(self.tempo_bpm.max(1))
    }

    /// When the notes of `target` sound as the lesson is played to the player (µs from its
    /// beginning): from the step's time for most of its length.
    pub fn sounding(&self, target: &Target) -> std::ops::Range<Micros> {
        let length = (target.step.beats * self.beat_us() * LEGATO).round() as Micros;
        target.at..target.at + length.max(1)
    }

    /// The step sounding at `time` as the lesson is played to the player, if any.
    pub fn step_sounding_at(&self, time: Micros) -> Option<usize> {
        self.targets
            .iter()
            .rposition(|target| self.sounding(target).contains(&time))
    }

    /// When the lesson played to the player is over (µs from its beginning).
    pub fn played_out_at(&self) -> Micros {
        self.targets
            .iter()
            .map(|target| self.sounding(target).end)
            .max()
            .unwrap_or(0)
    }

    /// Whether any step needs several notes at once.
    pub fn has_chords(&self) -> bool {
        self.targets
            .iter()
            .any(|t| t.step.notes.len() > 1 || t.step.chord.is_some())
    }

    /// Whether this is a chord lesson (a progression), for which run evenness is not measured.
    pub fn is_progression(&self) -> bool {
        self.targets.iter().any(|t| t.step.chord.is_some())
    }
}
