//! The tempo of a practice: in tempo mode the lesson's tempo ladder's rung, unless the player
//! set one by hand.

use std::time::Instant;

use super::Practice;
use crate::lesson::{Mode, PassedIn};
use crate::progress::Ladder;

impl Practice {
    /// Takes the lesson's tempo `ladder` (none: the journal could not say): tempo-mode runs
    /// are played at its rung; a fresh run waits from `now`.
    pub fn with_ladder(mut self, ladder: Option<Ladder>, now: Instant) -> Practice {
        self.ladder = ladder;
        let tempo = self.tempo_for_mode();
        if tempo != self.tempo_bpm {
            self.tempo_bpm = tempo;
            self.wait_for_player(now);
        }
        self
    }

    /// The journal was read again after a run: the ladder as it stands now; the next
    /// tempo-mode run is played at its rung (unless the player set the tempo by hand).
    pub fn ladder_read(&mut self, ladder: Ladder) {
        self.ladder = Some(ladder);
        if self.run.is_finished() || !self.run.has_begun() {
            self.tempo_bpm = self.tempo_for_mode();
        }
    }

    /// The tempo for the mode: in tempo mode the ladder's rung (unless the player set the tempo
    /// by hand); else the section's share of the marked tempo, or the lesson's own.
    pub(super) fn tempo_for_mode(&self) -> u16 {
        if self.tempo_set {
            return self.tempo_bpm;
        }
        let own = self.lesson.lesson.tempo.get();
        match (&self.ladder, self.mode) {
            (Some(ladder), Mode::Tempo) => ladder.tempo(),
            _ => self.section.as_ref().map_or(own, |s| s.tempo_bpm(own)),
        }
    }

    /// Opens in `mode` (the one the course asks for now) instead of the lesson's own.
    pub fn in_mode(mut self, mode: Mode, now: Instant) -> Practice {
        if mode != self.mode {
            self.mode = mode;
            self.tempo_bpm = self.tempo_for_mode();
            self.wait_for_player(now);
        }
        self
    }

    /// After a passed wait-mode run of a lesson passed in wait mode, then in tempo mode: the
    /// tempo the next run, in tempo mode, is played at (the ladder's rung).
    pub fn now_in_time(&self) -> Option<u16> {
        let passed = self.run.report().is_some_and(|r| r.passed);
        let timed = self.lesson.lesson.passed_in == PassedIn::WaitThenTempo;
        (passed && timed && self.mode == Mode::Wait && self.section.is_none()).then(|| {
            self.ladder
                .as_ref()
                .map_or(self.lesson.lesson.tempo.get(), Ladder::tempo)
        })
    }

    /// The player chose this tempo (the scale picker's, say): the ladder does not move it.
    pub fn keep_tempo(&mut self, now: Instant) {
        self.tempo_set = true;
        self.tempo_bpm = self.lesson.lesson.tempo.get();
        self.wait_for_player(now);
    }
}
