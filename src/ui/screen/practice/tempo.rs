//! The tempo of a practice: in tempo mode the lesson's tempo ladder's rung, unless the player
//! set one by hand.

use std::time::Instant;

use super::Practice;
use crate::lesson::{Mode, PassedIn};
use crate::progress::{Ladder, Passing, course};

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

    /// Takes how far the course counts the lesson passed (`passing`, as the journal says), and
    /// opens in the mode it asks for now: tempo mode once the notes passed in wait mode.
    pub fn on_course(mut self, passing: Passing, now: Instant) -> Practice {
        self.passing = passing;
        let rule = self.lesson.lesson.passed_in;
        let mode = course::opening_mode(rule, passing, self.lesson.lesson.mode);
        if mode != self.mode {
            self.mode = mode;
            self.tempo_bpm = self.tempo_for_mode();
            self.wait_for_player(now);
        }
        self
    }

    /// The journal was read again after a run: how far the course now counts the lesson passed.
    pub fn passing_read(&mut self, passing: Passing) {
        self.passing = passing;
    }

    /// After a passed wait-mode run of a lesson the course times, not passed yet: the tempo the
    /// next run, in tempo mode, is played at (the ladder's rung).
    pub fn now_in_time(&self) -> Option<u16> {
        (self.mode == Mode::Wait && self.after_the_run() == Some(Passing::NowInTime))
            .then(|| self.rung())
    }

    /// After a tempo-mode run of a lesson the course times that passed slower than the ladder's
    /// rung: the rung to pass it at.
    pub fn below_the_rung(&self) -> Option<u16> {
        let short = self
            .after_the_run()
            .is_some_and(|passing| passing != Passing::Passed);
        (self.mode == Mode::Tempo && short).then(|| self.rung())
    }

    /// Where the course stands on a lesson it times once the finished run passed, worked out
    /// from the run itself (the journal, read again once the run is kept, says the same): a
    /// pass in wait mode leaves it to be played in time; one in tempo mode at the rung (or at
    /// the ladder's first rung) passes it. None before a passed run, or for a lesson passed in
    /// either mode.
    fn after_the_run(&self) -> Option<Passing> {
        let report = self.run.report().filter(|report| report.passed)?;
        if self.lesson.lesson.passed_in != PassedIn::WaitThenTempo {
            return None;
        }
        let tempo = report.tempo_bpm;
        let at_the_rung = Ladder::reaches_the_first_rung(self.lesson.lesson.tempo.get(), tempo)
            || Ladder::is_at_the_rung(tempo, self.rung());
        Some(match (self.passing, self.mode) {
            (Passing::Passed, _) => Passing::Passed,
            (_, Mode::Tempo) if at_the_rung => Passing::Passed,
            (_, Mode::Wait) => Passing::NowInTime,
            (passing, Mode::Tempo) => passing,
        })
    }

    /// The next lesson (id, title), once the finished run passed and left nothing to do here
    /// (not a tempo-mode pass below the rung): what the report's button offers and → opens.
    pub fn next_to_offer(&self) -> Option<&(String, String)> {
        let passed = self.run.report().is_some_and(|r| r.passed);
        self.next
            .as_ref()
            .filter(|_| passed && self.below_the_rung().is_none())
    }

    /// The tempo ladder's rung (the lesson's own tempo when the journal could not say).
    fn rung(&self) -> u16 {
        self.ladder
            .as_ref()
            .map_or(self.lesson.lesson.tempo.get(), Ladder::tempo)
    }

    /// The player chose this tempo (the scale picker's, say): the ladder does not move it.
    pub fn keep_tempo(&mut self, now: Instant) {
        self.tempo_set = true;
        self.tempo_bpm = self.lesson.lesson.tempo.get();
        self.wait_for_player(now);
    }
}
