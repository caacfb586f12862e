//! Each screen's messages handed to the screen, and what it then asks of the app carried
//! out: opening a lesson, beginning a run, keeping a finished one, playing a demo or a
//! recording, changing the settings.

use super::*;
use crate::engine::{EventKind, NoteEvent, score_recording};
use crate::engrave::{Engraving, MusicFont};
use crate::lesson::Mode;
use crate::notation::{self, Played};
use crate::progress::GoalSpec;
use crate::progress::then_and_now::ThenAndNow;
use crate::ui::screen::goal_editor;

impl App {
    pub(super) fn today(&mut self, message: today::Message, now: Instant) -> Task<Message> {
        let Screen::Today(screen) = &mut self.screen else {
            return Task::none();
        };
        let (task, action) = screen.update(message, now, &self.context.library);
        match action {
            Some(today::Action::EditGoal) => {
                let drill = self
                    .day
                    .as_ref()
                    .and_then(|day| day.drill.as_ref())
                    .map(|(drill, _)| (drill.id.as_str(), drill.title.as_str()));
                screen.open_editor(goal_editor::choices(&self.context.library, drill));
            }
            Some(today::Action::SetGoal(spec, period)) => self.set_goal(&spec, period),
            Some(today::Action::Practise(id)) => self.open(&id, now),
            Some(today::Action::Lessons) => self.go(Page::Lessons),
            Some(today::Action::MoodBefore(mood)) => self.mood_before = Some(mood),
            Some(today::Action::DrillGoal) => self.add_drill_goal(),
            None => {}
        }
        task.map(Message::Today)
    }

    pub(super) fn lessons(&mut self, message: lessons::Message, now: Instant) -> Task<Message> {
        let Screen::Lessons(screen) = &mut self.screen else {
            return Task::none();
        };
        let (task, action) = screen.update(message);
        if matches!(
            action,
            Some(lessons::Action::PractiseMade(_) | lessons::Action::Keep { .. })
        ) {
            // The picker opens on this scale next time.
            self.context.settings.last_scale = Some(screen.picker().choice().clone());
            self.save_settings();
        }
        match action {
            Some(lessons::Action::Practise(id)) => self.open(&id, now),
            Some(lessons::Action::PractiseMade(lesson)) => {
                // At the tempo the player picked.
                self.open_lesson(*lesson, now);
                if let Screen::Practice(practice) = &mut self.screen {
                    practice.keep_tempo(now);
                }
            }
            Some(lessons::Action::Keep { id, text }) => return self.keep_lesson(&id, &text),
            Some(lessons::Action::OpenPiece) => return self.choose_piece(),
            Some(lessons::Action::Piece(fingerprint)) => self.open_piece(fingerprint, now),
            None => {}
        }
        task.map(Message::Lessons)
    }

    /// Keeps a goal of the player's own for today (in place of the proposals; a day full of
    /// the player's own goals is said so) or for this week.
    fn set_goal(&mut self, spec: &GoalSpec, period: goal_editor::Period) {
        let Ok(journal) = &mut self.journal else {
            return;
        };
        let kept = match period {
            goal_editor::Period::Week => {
                journal.set_week_goal(crate::progress::days::week_start(self.today), spec)
            }
            goal_editor::Period::Today => {
                let own = journal
                    .goals_on(self.today)
                    .map(|goals| goals.iter().filter(|g| !g.proposed).count())
                    .unwrap_or(0);
                if !crate::progress::goals::room_for_goal(own) {
                    self.notices.push(
                        "Today holds three goals of your own already: meet them first, or set one for the week."
                            .to_owned(),
                    );
                    return;
                }
                journal.add_goal(self.today, spec, false)
            }
        };
        if let Err(error) = kept {
            self.notices
                .push(format!("The goal cannot be kept: {error}"));
        }
        self.refresh();
        self.repaint();
    }

    /// Makes the drill Today offers one of today's goals.
    fn add_drill_goal(&mut self) {
        let Some((drill, _)) = self.day.as_ref().and_then(|day| day.drill.clone()) else {
            return;
        };
        let Ok(journal) = &mut self.journal else {
            return;
        };
        let spec = overview::drill_goal(&drill);
        if let Err(error) = overview::add_goal(journal, self.today, &spec) {
            self.notices
                .push(format!("The goal cannot be kept: {error}"));
        }
        self.refresh();
        self.repaint();
    }

    /// Saves a lesson file the scale picker made in the data folder's `lessons/` (the same
    /// scale kept again replaces its file) and reads the library again; the picker says where
    /// it went, or why it could not.
    fn keep_lesson(&mut self, id: &str, text: &str) -> Task<Message> {
        let folder = self.context.data_dir.join("lessons");
        let file = folder.join(format!("{id}.ron"));
        let written = std::fs::create_dir_all(&folder)
            .and_then(|()| std::fs::write(&file, text))
            .map(|()| file.display().to_string())
            .map_err(|e| format!("The lesson cannot be kept in {}: {e}", file.display()));
        let kept = written.is_ok();
        if let Screen::Lessons(screen) = &mut self.screen {
            screen.picker_mut().kept(written);
        }
        if kept {
            self.reload_library()
        } else {
            Task::none()
        }
    }

    pub(super) fn progress(&mut self, message: progress::Message) -> Task<Message> {
        let Screen::Progress(screen) = &mut self.screen else {
            return Task::none();
        };
        let (task, action) =
            screen.update(message, self.journal.as_ref().ok(), &self.context.library);
        match action {
            Some(progress::Action::ThenAndNow(pair)) => self.play_then_and_now(&pair),
            Some(progress::Action::Stop) => self.playback = None,
            None => {}
        }
        task.map(Message::Progress)
    }

    pub(super) fn settings_screen(&mut self, message: settings_screen::Message) -> Task<Message> {
        let Screen::Settings(screen) = &mut self.screen else {
            return Task::none();
        };
        let (task, action) = screen.update(message);
        let applied = match action {
            Some(settings_screen::Action::Change(change)) => self.change_settings(change),
            Some(settings_screen::Action::TapTest) => {
                self.start_tap_test();
                Task::none()
            }
            None => Task::none(),
        };
        Task::batch([task.map(Message::Settings), applied])
    }

    /// Time passes: the breathing timer, and a playback that ended.
    pub(super) fn tick(&mut self, now: Instant) {
        if let Screen::Today(today) = &mut self.screen {
            today.tick(now);
        }
        self.tap_test_tick(now);
        if self.playback.as_ref().is_some_and(|(p, _)| !p.is_playing()) {
            self.playback = None;
        }
    }

    pub(super) fn practice(&mut self, message: practice::Message, now: Instant) -> Task<Message> {
        let Screen::Practice(practice) = &mut self.screen else {
            return Task::none();
        };
        let (task, action) = practice.update(message, now);
        let task = task.map(Message::Practice);
        match action {
            Some(practice::Action::Stop) => self.go(Page::Today),
            Some(practice::Action::Open(id)) => {
                self.stop_run();
                self.open(&id, now);
            }
            Some(practice::Action::Begin(plan)) => {
                self.playback = None;
                self.begin_run(*plan, now);
            }
            Some(practice::Action::Section(section)) => {
                self.stop_run();
                self.open_section(*section, now);
            }
            Some(practice::Action::Silence) => self.stop_run(),
            Some(practice::Action::LettersShown(shown)) => {
                self.context.settings.computer_letters = Some(shown);
                self.save_settings();
            }
            Some(practice::Action::Listen(plan)) => {
                self.sound.commands.send(AudioCommand::StopMetronome);
                let rate = self.sound.clock.sample_rate();
                let mut schedule = demo::schedule(&plan, rate);
                // A piece's other hand, when Etude plays it, is heard in the demo too.
                if let Some(other) = practice.other_hand_at(plan.beat_us()) {
                    schedule.extend(demo::schedule_timed(&other, rate));
                    schedule
                        .sort_by_key(|(at, kind)| (*at, matches!(kind, EventKind::NoteOn { .. })));
                }
                self.playback = Playback::start(&self.sound, schedule).map(|p| (p, None));
                // The keys light in time with the sound, or without it when there is none.
                let (heard_from, silent) = match &self.playback {
                    Some((playback, _)) => (playback.heard_from(), None),
                    None => (now, Some(self.sound.description.clone())),
                };
                if let Screen::Practice(practice) = &mut self.screen {
                    practice.demo_started(heard_from, silent);
                }
            }
            Some(practice::Action::Journal { mood_after, note }) => {
                return Task::batch([
                    task,
                    self.keep(saving::Unsaved::SessionEnd { mood_after, note }),
                ]);
            }
            Some(practice::Action::Finished {
                report,
                events,
                started,
            }) => {
                self.sound.commands.send(AudioCommand::StopMetronome);
                let run = saving::Unsaved::Run {
                    lesson: Box::new(practice.lesson().clone()),
                    report,
                    events,
                    started_at: keeping::timestamp_of(started),
                    mood_before: self.mood_before,
                };
                if let (breaks @ 1.., Screen::Practice(practice)) =
                    (self.sound_breaks_since(), &mut self.screen)
                {
                    let breaks = self.sound.breaks_described(breaks);
                    practice.sound_broke_off(breaks, self.midi.is_some());
                }
                // The report takes the place of the steps: drawn anew as a screen of its own.
                self.repaint();
                let kept = self.keep(run);
                // What the other hand plays after the last step still sounds.
                self.sound_other_hand();
                if let Screen::Practice(practice) = &mut self.screen
                    && practice.take_loop_again()
                {
                    // Looping: the next run at once.
                    let plan = practice.plan();
                    self.begin_run(plan, now);
                }
                return Task::batch([task, kept]);
            }
            None => {}
        }
        self.sound_other_hand();
        task
    }

    /// Wait mode: sounds the other hand's notes the player's last step released.
    fn sound_other_hand(&mut self) {
        let Screen::Practice(practice) = &mut self.screen else {
            return;
        };
        let due = practice.take_other_hand_due();
        if due.is_empty() || self.sound.is_silent() {
            return;
        }
        let clock = &self.sound.clock;
        let rate = f64::from(clock.sample_rate());
        let (now, _) = clock.read();
        // A few milliseconds ahead, so the first note is not late for the block being drawn.
        let from = now + (0.005 * rate) as u64;
        for (at, event) in due {
            self.sound.commands.send(AudioCommand::PlayAt {
                at: from + (at.max(0) as f64 * rate / 1_000_000.0) as u64,
                event,
            });
        }
    }

    /// Opens the Practice screen on a piece's `section` (from the library, or changed on the
    /// Practice screen); says why when that section makes no lesson.
    pub(super) fn open_section(&mut self, section: practice::PieceSection, now: Instant) {
        match section.piece.lesson(section.section) {
            Ok(lesson) => {
                let best = self.bests_of(lesson.lesson.id.as_str());
                let ladder = self.ladder_of(&lesson);
                let practice =
                    practice::Practice::new(lesson, best, self.context.settings.keyboard_keys, now)
                        .with_section(section, now)
                        .with_ladder(ladder, now);
                self.stop_run();
                self.show(Screen::Practice(Box::new(practice)));
                self.sound_other_hand();
            }
            Err(error) => self.notices.push(error.to_string()),
        }
    }

    pub(super) fn journal_screen(&mut self, message: journal_screen::Message) -> Task<Message> {
        let Screen::Journal(screen) = &mut self.screen else {
            return Task::none();
        };
        let (task, action) = screen.update(message, self.journal.as_ref().ok());
        match action {
            Some(journal_screen::Action::Replay(recording)) => self.replay(recording),
            Some(journal_screen::Action::ThenAndNow(pair)) => self.play_then_and_now(&pair),
            Some(journal_screen::Action::Show(recording)) => {
                if let Some(events) = self.read_recording(&recording) {
                    self.mark_run(recording, &events);
                }
            }
            Some(journal_screen::Action::StopReplay) => self.playback = None,
            None => {}
        }
        task.map(Message::Journal)
    }

    /// Plays a recording (its path relative to the data folder) and shows its run on the
    /// staff; says so when it cannot be read.
    fn replay(&mut self, recording: String) {
        self.playback = None;
        if let Some(events) = self.read_recording(&recording) {
            let schedule = demo::schedule_events(&events, self.sound.clock.sample_rate());
            self.mark_run(recording.clone(), &events);
            self.playback = Playback::start(&self.sound, schedule).map(|p| (p, Some(recording)));
        }
    }

    /// Plays a lesson's first run and a later one back to back, two seconds apart.
    fn play_then_and_now(&mut self, pair: &ThenAndNow) {
        self.playback = None;
        let (Some(then), Some(now)) = (
            self.read_recording(&pair.then.recording),
            self.read_recording(&pair.now.recording),
        ) else {
            return;
        };
        let events = demo::back_to_back(&then, &now, demo::THEN_AND_NOW_GAP);
        let schedule = demo::schedule_events(&events, self.sound.clock.sample_rate());
        self.playback = Playback::start(&self.sound, schedule).map(|p| (p, Some(pair.key())));
    }

    /// The notes of a recording (its path relative to the data folder); a notice when it
    /// cannot be read.
    fn read_recording(&mut self, recording: &str) -> Option<Vec<NoteEvent>> {
        match keeping::read_recording(&self.context.data_dir, recording) {
            Ok(events) => Some(events),
            Err(_) => {
                let path = self.context.data_dir.join(recording);
                self.notices
                    .push(format!("The recording {} cannot be read.", path.display()));
                None
            }
        }
    }

    /// Shows the run recorded in `recording` on the Journal's staff: `events` scored again
    /// against its lesson, in its mode and at its tempo, as `etude score` would.
    fn mark_run(&mut self, recording: String, events: &[NoteEvent]) {
        let Screen::Journal(screen) = &mut self.screen else {
            return;
        };
        let Some(attempt) = screen.attempt(&recording) else {
            return;
        };
        let Some(lesson) = self.context.library.find(&attempt.lesson) else {
            self.notices.push(format!(
                "The lesson {} is no longer in the library: its run cannot be shown.",
                attempt.lesson
            ));
            return;
        };
        let mode = if attempt.mode == "tempo" {
            Mode::Tempo
        } else {
            Mode::Wait
        };
        let plan = Plan::new(&lesson, Some(mode), Some(attempt.tempo_bpm));
        let report = score_recording(plan, events);
        let sheet = notation::engrave(&lesson);
        let Ok(font) = MusicFont::get() else {
            return;
        };
        let played = Played::from_report(&report, sheet.key_signature);
        let engraving = Engraving::new(&sheet, font);
        screen.show(Some(journal_screen::MarkedRun::new(
            recording, engraving, played,
        )));
        self.repaint();
    }
}
