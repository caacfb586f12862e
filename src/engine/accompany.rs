//! The other hand, played by Etude while the player plays theirs (a piece's section, one hand
//! chosen). In tempo mode it keeps the run's time from its first beat. In wait mode it waits
//! with the player: the notes from a step up to the next one sound, at the tempo, when the
//! player has played that step, and none before.

use super::event::{EventKind, Micros};
use crate::lesson::piece::OtherHandNote;

/// How hard the other hand plays: a little softer than a player's usual touch, so their own
/// hand stands out.
const VELOCITY: u8 = 72;

/// The other hand's notes, and how many of them wait mode has let sound so far.
#[derive(Clone, Debug, PartialEq)]
pub struct Accompaniment {
    notes: Vec<OtherHandNote>,
    released: usize,
}

impl Accompaniment {
    /// The other hand playing `notes` (beats from the section's start).
    pub fn new(mut notes: Vec<OtherHandNote>) -> Accompaniment {
        notes.sort_by(|a, b| a.beat.total_cmp(&b.beat).then(a.note.cmp(&b.note)));
        Accompaniment { notes, released: 0 }
    }

    /// Whether it has no notes.
    pub fn is_empty(&self) -> bool {
        self.notes.is_empty()
    }

    /// Tempo mode: every note as key-downs and key-ups in run time (µs from the run's time 0,
    /// the first step's beat being 0), `beat_us` a beat; in time order, a key let go before the
    /// same key is struck again at the same moment.
    pub fn in_time(&self, beat_us: f64) -> Vec<(Micros, EventKind)> {
        events(self.notes.iter(), 0.0, beat_us)
    }

    /// Wait mode: the player has played the step at `beat`; the notes not yet heard that start
    /// before `until` (the next step's beat; `None` after the last step: all that is left),
    /// in µs from now, spaced at the tempo from `beat`.
    pub fn release(
        &mut self,
        beat: f64,
        until: Option<f64>,
        beat_us: f64,
    ) -> Vec<(Micros, EventKind)> {
        let due = self.notes[self.released..]
            .iter()
            .take_while(|n| until.is_none_or(|until| n.beat < until - 1e-6))
            .count();
        let from = self.released;
        self.released += due;
        events(self.notes[from..self.released].iter(), beat, beat_us)
    }

    /// A new run: nothing heard yet.
    pub fn rewind(&mut self) {
        self.released = 0;
    }
}

/// `notes` as events, in µs from the moment of `from` (a beat); a note before it sounds at once.
fn events<'a>(
    notes: impl Iterator<Item = &'a OtherHandNote>,
    from: f64,
    beat_us: f64,
) -> Vec<(Micros, EventKind)> {
    let at = |beat: f64| ((beat - from).max(0.0) * beat_us).round() as Micros;
    let mut events: Vec<(Micros, EventKind)> = Vec::new();
    for note in notes {
        let start = at(note.beat);
        // Let go a moment early, so a key struck again on the next beat sounds again.
        let end = at(note.beat + note.length).max(start + 1);
        let end = (end - (beat_us * 0.02) as Micros).max(start + 1);
        events.push((
            start,
            EventKind::NoteOn {
                note: note.note,
                velocity: VELOCITY,
            },
        ));
        events.push((end, EventKind::NoteOff { note: note.note }));
    }
    events.sort_by_key(|(at, kind)| (*at, matches!(kind, EventKind::NoteOn { .. })));
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theory::Note;

    /// The keys an event list strikes, in order.
    fn struck(events: &[(Micros, EventKind)]) -> Vec<(Micros, Note)> {
        events
            .iter()
            .filter_map(|(at, kind)| match kind {
                EventKind::NoteOn { note, .. } => Some((*at, *note)),
                _ => None,
            })
            .collect()
    }

    fn note(beat: f64, length: f64, midi: u8) -> OtherHandNote {
        OtherHandNote {
            beat,
            length,
            note: Note(midi),
        }
    }

    /// A left hand of C3 on beat 0 (a half), then E3 and G3 on beats 2 and 3.
    fn left_hand() -> Accompaniment {
        Accompaniment::new(vec![
            note(3.0, 1.0, 55),
            note(0.0, 2.0, 48),
            note(2.0, 1.0, 52),
        ])
    }

    #[test]
    fn in_tempo_mode_the_other_hand_keeps_the_runs_time() {
        let events = left_hand().in_time(500_000.0);
        assert_eq!(
            struck(&events),
            [(0, Note(48)), (1_000_000, Note(52)), (1_500_000, Note(55))]
        );
        // Every key is let go, a little before its written end.
        let offs: Vec<Micros> = events
            .iter()
            .filter(|(_, k)| matches!(k, EventKind::NoteOff { .. }))
            .map(|(at, _)| *at)
            .collect();
        assert_eq!(offs, [990_000, 1_490_000, 1_990_000]);
    }

    #[test]
    fn in_wait_mode_it_waits_for_each_step() {
        let mut left = left_hand();
        // The player's steps are at beats 0 and 3: nothing before the first is played.
        let first = left.release(0.0, Some(3.0), 500_000.0);
        assert_eq!(struck(&first), [(0, Note(48)), (1_000_000, Note(52))]);
        // The player took their time over beat 3: its note sounds when they play it.
        let last = left.release(3.0, None, 500_000.0);
        assert_eq!(struck(&last), [(0, Note(55))]);
        assert!(left.release(4.0, None, 500_000.0).is_empty(), "heard once");
        left.rewind();
        assert_eq!(
            struck(&left.release(0.0, Some(1.0), 500_000.0)),
            [(0, Note(48))]
        );
    }
}
