//! How the practice screen looks: the controls, the keyboard, the steps, what to do now, and
//! after a run its report and the journal questions.

use iced::widget::{button, canvas, column, container, row, scrollable, text, text_input};
use iced::{Fill, Length};

use super::{BEATS_PER_BAR, Message, Practice, SectionMessage};
use crate::audio::output::SoundBreaks;
use crate::engine::Report;
use crate::engine::words::report_words;
use crate::lesson::Mode;
use crate::ui::screen::settings::MusicView;
use crate::ui::widget::Falling;
use crate::ui::widget::Keyboard;
use crate::ui::widget::staff::{SPACE, Staff};
use crate::ui::{Element, style};

impl Practice {
    /// The screen; `letters` when the keys show the computer keyboard's letters; `music` says
    /// whether the staff, the falling notes or both stand above the keyboard.
    pub fn view(&self, letters: bool, music: MusicView) -> Element<'_, Message> {
        let lesson = &self.lesson.lesson;
        let plan = self.run.plan();
        let mode = match self.mode {
            Mode::Wait => "Wait mode: each step waits for you",
            Mode::Tempo => "Tempo mode: play with the metronome",
        };
        let mut page = column![
            text(lesson.title.clone()).size(style::TITLE_SIZE),
            text(format!("{mode} · {} bpm", self.tempo_bpm)),
        ]
        .spacing(style::SPACING);
        if self.mode == Mode::Tempo
            && let Some(ladder) = &self.ladder
        {
            // The rung, and how many passed runs are left to the lesson's tempo.
            page = page.push(text(format!("Tempo ladder: {}", ladder.words())).color(style::NEXT));
        }
        if let Some(section) = &self.section {
            page = page.push(section.view(self.tempo_bpm).map(Message::Section));
        }
        // One primary action, playing again; the rest are quieter.
        let secondary = |label: &'static str, message: Message| {
            button(text(label))
                .style(button::secondary)
                .on_press(message)
        };
        let listen = if self.demo.is_some() {
            secondary("Stop listening (Esc)", Message::StopListening)
        } else {
            secondary("Listen", Message::Listen)
        };
        let mut controls = row![
            button(text("Restart (Enter)")).on_press(Message::Restart),
            listen,
            secondary(
                match self.mode {
                    Mode::Wait => "Switch to tempo mode",
                    Mode::Tempo => "Switch to wait mode",
                },
                Message::ToggleMode
            ),
        ]
        .spacing(style::SPACING);
        if self.mode == Mode::Tempo {
            controls = controls.push(
                row![
                    secondary("− 4 bpm (↓)", Message::ChangeTempo(-4)),
                    secondary("+ 4 bpm (↑)", Message::ChangeTempo(4)),
                ]
                .spacing(6),
            );
        }
        controls = controls.push(secondary("Stop (Esc)", Message::Stop));
        page = page.push(controls.wrap());
        if let Some(instructions) = &lesson.instructions {
            page = page.push(text(instructions.clone()));
        }
        let shown_letters = if letters {
            self.qwerty.letters().collect()
        } else {
            Vec::new()
        };
        let keyboard = canvas(
            Keyboard::new(&self.layout, self.key_marks(), Message::Clicked)
                .with_letters(shown_letters)
                .cached(&self.keys_drawn),
        )
        .width(Fill)
        .height(Length::Fixed(180.0));
        // After a run the marked staff takes the keyboard's place, with the report under it.
        let after_run =
            self.run.report().is_some() && self.run.is_attempt() && self.engraving.is_some();
        if (music != MusicView::Falling || after_run)
            && let Some(staff) = self.staff_view()
        {
            page = page.push(staff);
        }
        if !after_run {
            if music != MusicView::Staff {
                let now = self.playhead.unwrap_or_else(|| self.now_beat());
                let falling = Falling::new(&self.layout, &self.falling, &self.played, now);
                page = page.push(canvas(falling).width(Fill).height(Length::Fixed(240.0)));
            }
            page = page.push(keyboard);
            page = page.push(self.computer_keys_line(letters));
            page = page.push(self.steps_view());
        }
        let total = plan.targets.len();
        match self.run.report() {
            None if self.demo.is_some() => page = page.push(self.demo_view()),
            None if self.waiting => {
                page = page.push(
                    text(format!(
                        "Press Enter or play any key to start: {BEATS_PER_BAR} beats are counted \
                         in, then play step 1 ({}) on the beat after them.",
                        self.names(0)
                    ))
                    .size(22)
                    .color(style::NEXT),
                );
            }
            None if self.run.is_paused() => {
                page = page.push(text(self.feedback.clone()).size(22).color(style::WRONG));
            }
            None if self.count_in.is_some() && !self.run.has_begun() => {
                page = page.push(self.count_in_view());
            }
            None => {
                let step = self.run.current_step();
                let mut now = row![
                    text(format!(
                        "Step {} of {total}: {}",
                        (step + 1).min(total),
                        self.names(step)
                    ))
                    .size(22)
                ]
                .spacing(style::SPACING)
                .align_y(iced::alignment::Vertical::Center);
                if let Some((beat, struck)) = self.beat {
                    now = now.push(beats_row(beat + 1, struck, "Beat", false, 26));
                }
                page = page.push(now);
            }
            Some(_) if !self.run.is_attempt() => {
                page = page.push(
                    text("Nothing was played, so this run is not kept. Restart (Enter) when you are ready.")
                        .size(22),
                );
            }
            Some(report) => {
                page = page.push(self.report_view(report));
                page = page.push(self.journal_view());
            }
        }
        if !self.feedback.is_empty() && self.run.report().is_none() && !self.run.is_paused() {
            page = page.push(text(self.feedback.clone()));
        }
        container(scrollable(page.padding(style::PADDING).width(Fill)))
            .width(Fill)
            .height(Fill)
            .into()
    }

    /// The staff: during a run turning to the bar being played, the step to play highlighted
    /// and in tempo mode the playhead; after it, the whole line with the playing marked.
    fn staff_view(&self) -> Option<Element<'_, Message>> {
        let engraving = self.engraving.as_ref()?;
        let mut staff = Staff::new(engraving, &self.played, &self.staff_drawn);
        if self.section.is_some() {
            // A piece's bars are chosen by clicking them on the staff too.
            staff = staff.on_bar(&self.section_bars, |bar| {
                Message::Section(SectionMessage::Bar(bar))
            });
        }
        let height = Length::Fixed(Staff::height(engraving, SPACE));
        if self.run.is_finished() {
            let width = Length::Fixed(engraving.size.0 as f32 * SPACE);
            return Some(
                scrollable(canvas(staff).width(width).height(height))
                    .direction(scrollable::Direction::Horizontal(
                        scrollable::Scrollbar::default(),
                    ))
                    .width(Fill)
                    .into(),
            );
        }
        let current = match &self.demo {
            Some(demo) => demo.step(),
            None => Some(self.run.current_step()),
        };
        let staff = staff.current(current).playhead(self.playhead);
        Some(canvas(staff).width(Fill).height(height).into())
    }

    /// The beat the step to play is due on (the falling notes stand still there in wait mode).
    fn now_beat(&self) -> f64 {
        let plan = self.run.plan();
        let step = match &self.demo {
            Some(demo) => demo.step(),
            None => Some(self.run.current_step()),
        };
        step.and_then(|s| plan.targets.get(s))
            .map_or(0.0, |t| t.step.beat)
    }

    /// The count-in: every beat of the bar, those heard lit, then the step to play after it.
    fn count_in_view(&self) -> Element<'_, Message> {
        let (heard, all) = self.count_in.unwrap_or((0, BEATS_PER_BAR));
        let then = if heard < all {
            format!("then play step 1 on the beat after: {}", self.names(0))
        } else {
            format!("Play step 1 on the next beat: {}", self.names(0))
        };
        column![
            beats_row(heard, heard > 0, "Count-in", true, 64),
            text(then).size(22)
        ]
        .spacing(6)
        .into()
    }

    /// The lesson played to the player: with sound or without it, and how to stop it.
    fn demo_view(&self) -> Element<'_, Message> {
        let said = match self.demo.as_ref().and_then(|demo| demo.silent()) {
            Some(why) => format!(
                "Playing the lesson without sound ({why}): watch the keys light in time. \
                 Stop listening (Esc) to play it yourself."
            ),
            None => "Listening to the lesson: the keys light as it plays. Stop listening (Esc) \
                     to play it yourself."
                .to_owned(),
        };
        text(said).size(22).color(style::NEXT).into()
    }

    /// Which computer keys play which notes, the octave, and the letters' toggle.
    fn computer_keys_line(&self, letters: bool) -> Element<'_, Message> {
        let octave = self.qwerty.octave();
        row![
            text(format!(
                "Computer keys: A is C{octave} · Z / X: octave down / up"
            )),
            iced::widget::checkbox(letters)
                .label("Letters on the keys")
                .on_toggle(Message::LettersShown),
        ]
        .spacing(style::SPACING)
        .align_y(iced::alignment::Vertical::Center)
        .into()
    }

    /// The steps in order: played ones dimmed, the current one marked.
    fn steps_view(&self) -> Element<'_, Message> {
        let current = self.run.current_step();
        let finished = self.run.is_finished();
        let mut steps = iced::widget::Row::new().spacing(10);
        for index in 0..self.run.plan().targets.len() {
            let names = self.names(index);
            let label = if index == current && !finished {
                text(format!("▸{names}")).color(style::NEXT).size(18)
            } else if index < current || finished {
                text(names).color(style::OUTLINE).size(16)
            } else {
                text(names).size(16)
            };
            steps = steps.push(label);
        }
        steps.wrap().into()
    }

    /// After a run: how do you feel now, and a note for the journal.
    fn journal_view(&self) -> Element<'_, Message> {
        let saved = if self.note_saved {
            "Kept ✓"
        } else {
            "Keep note"
        };
        column![
            text("How do you feel now? (optional)"),
            crate::ui::screen::today::mood_row(self.mood_after, Message::MoodAfter),
            row![
                text_input("A note for your journal (optional)", &self.note)
                    .on_input(Message::NoteEdited)
                    .on_submit(Message::NoteSaved)
                    .width(Length::Fixed(420.0)),
                button(text(saved)).on_press(Message::NoteSaved),
            ]
            .spacing(10),
        ]
        .spacing(6)
        .into()
    }

    fn report_view(&self, report: &Report) -> Element<'_, Message> {
        let words = report_words(report);
        let mut verdict = row![
            text(format!("{}   {}", words.score, words.stars))
                .size(24)
                .color(style::GOLD),
            text(words.verdict).size(24),
        ]
        .spacing(style::SPACING);
        // What the run leaves to do: the button and the line below it say the same.
        let (in_time, below_the_rung) = (self.now_in_time(), self.below_the_rung());
        if let Some(tempo) = in_time {
            verdict = verdict.push(
                button(text(format!("Now in time: tempo mode at {tempo} bpm  (→)")))
                    .style(button::success)
                    .on_press(Message::NextLesson),
            );
        } else if let Some((_, title)) = self.next_to_offer() {
            verdict = verdict.push(
                button(text(format!("Next lesson: {title}  (→)")))
                    .style(button::success)
                    .on_press(Message::NextLesson),
            );
        }
        let mut lines = column![verdict].spacing(6);
        if let Some(tempo) = in_time {
            lines = lines.push(
                text(format!(
                    "The notes are right. To pass the lesson, play it in time: tempo mode, with \
                     the metronome at {tempo} bpm."
                ))
                .color(style::NEXT),
            );
        }
        if let Some(tempo) = below_the_rung {
            lines = lines.push(
                text(format!(
                    "Passed, but slower than the tempo ladder's {tempo} bpm: play it there to \
                     pass the lesson."
                ))
                .color(style::NEXT),
            );
        }
        for claim in self.claims.iter().flatten() {
            lines = lines.push(text(claim.clone()).color(style::GOLD));
        }
        if let Some((breaks, midi_keyboard)) = self.sound_breaks {
            lines = lines.push(text(sound_broke_off(breaks, midi_keyboard)).color(style::WRONG));
        }
        for line in words.details {
            lines = lines.push(text(line));
        }
        let more = words.steps.len().saturating_sub(5);
        for line in words.steps.into_iter().take(5) {
            lines = lines.push(text(line));
        }
        if more > 0 {
            lines = lines.push(text(format!("… and {more} more steps marked on the staff")));
        }
        lines.into()
    }
}

/// The beats of a bar with beat `at` lit, larger while it was `struck` just now, and a beat
/// light that flashes on the click: the count-in (`heard`: the beats before it stay lit) and,
/// during a tempo-mode run, the beat marker; `size` is the numbers' size.
fn beats_row<'a>(
    at: usize,
    struck: bool,
    label: &'a str,
    heard: bool,
    size: u32,
) -> Element<'a, Message> {
    let light = if struck { style::NEXT } else { style::OUTLINE };
    let mut beats = row![text("●").size(size).color(light), text(label).size(18)]
        .spacing(12)
        .align_y(iced::alignment::Vertical::Center);
    for beat in 1..=BEATS_PER_BAR {
        let big = size + size / 3;
        let (size, colour) = match beat.cmp(&at) {
            std::cmp::Ordering::Equal if struck => (big, style::NEXT),
            std::cmp::Ordering::Equal => (size, style::NEXT),
            std::cmp::Ordering::Less if heard => (size, style::NEXT),
            _ => (size, style::OUTLINE),
        };
        beats = beats.push(text(beat.to_string()).size(size).color(colour));
    }
    beats.into()
}

/// What the report says when the sound broke off during the run (see [`SoundBreaks`]).
fn sound_broke_off(breaks: SoundBreaks, midi_keyboard: bool) -> String {
    let busy = "The computer was too busy for the sound:";
    match breaks {
        SoundBreaks::LeftOut { periods, period_ms } => {
            let lost = crate::progress::words::count(periods, "period", "periods");
            let ms = periods as f64 * period_ms;
            let keys = if midi_keyboard {
                ", and keys played on the MIDI keyboard then never reached Etude. A note marked \
                 missed may have been played."
            } else {
                "."
            };
            format!(
                "{busy} the sound server left Etude out of {lost} ({ms:.0} ms) and the sound \
                 broke off{keys}"
            )
        }
        SoundBreaks::RanDry { times } => {
            let times = crate::progress::words::times(times);
            format!("{busy} the sound device ran dry {times} and the sound broke off.")
        }
    }
}
