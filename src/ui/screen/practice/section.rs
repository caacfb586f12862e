//! A piece on the practice screen: which hand(s) and bars are practised (click the first bar,
//! then the last, on the bar buttons or on the staff), the tempo as a share of the marked one, looping until so many clean runs,
//! and the other hand played by Etude.

use std::sync::Arc;

use iced::widget::{button, checkbox, column, row, slider, text};

use crate::lesson::Hand;
use crate::lesson::piece::{Piece, Section};
use crate::ui::{Element, style};

/// The slowest share of the marked tempo offered, in percent.
pub const SLOWEST_PERCENT: u8 = 40;

/// What changes about the section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionMessage {
    /// Practise this hand, or both.
    Hand(Hand),
    /// A bar was clicked: the first of the section, or (after a first) the last.
    Bar(u32),
    /// The whole piece.
    WholePiece,
    /// The tempo, in percent of the marked one.
    Percent(u8),
    /// Play the section again and again.
    Loop(bool),
    /// Stop looping after this many clean runs (0: never).
    UntilClean(u8),
    /// Etude plays the other hand.
    OtherHand(bool),
}

/// The piece and how it is practised.
#[derive(Debug, Clone, PartialEq)]
pub struct PieceSection {
    /// The piece.
    pub piece: Arc<Piece>,
    /// The hand(s) and bars.
    pub section: Section,
    /// The tempo, in percent of the marked one (40–100).
    pub percent: u8,
    /// Whether a finished run is followed by the next at once.
    pub looping: bool,
    /// Looping stops after this many clean runs (0: it goes on until stopped).
    pub until_clean: u8,
    /// Whether Etude plays the other hand.
    pub other_hand: bool,
    /// Clean runs in this loop.
    pub clean: u32,
    /// Runs finished in this loop.
    pub runs: u32,
    /// A first bar clicked, waiting for the last.
    first_bar: Option<u32>,
}

impl PieceSection {
    /// A beginner's start on `piece`: the right hand, the first four bars (with the pickup,
    /// if any), at 70 % of the marked tempo, the left hand played by Etude.
    pub fn start(piece: Arc<Piece>) -> PieceSection {
        let numbers = piece.bar_numbers();
        let first = numbers.first().copied().unwrap_or(1);
        let last = numbers
            .iter()
            .copied()
            .filter(|n| *n >= 1)
            .take(4)
            .last()
            .unwrap_or(first);
        PieceSection {
            piece,
            section: Section {
                hand: Hand::Right,
                bars: Some((first, last)),
            },
            percent: 70,
            looping: false,
            until_clean: 3,
            other_hand: true,
            clean: 0,
            runs: 0,
            first_bar: None,
        }
    }

    /// `section` of `piece`, at 70 % of the marked tempo, the other hand played by Etude.
    pub fn on(piece: Arc<Piece>, section: Section) -> PieceSection {
        PieceSection {
            section,
            ..PieceSection::start(piece)
        }
    }

    /// The numbers of the bars its section draws, in order (a bar split at a repeat once).
    pub fn drawn_bars(&self) -> Vec<u32> {
        let numbers = self.piece.bar_numbers();
        match self.section.bars {
            Some((first, last)) => numbers
                .into_iter()
                .filter(|n| (first..=last).contains(n))
                .collect(),
            None => numbers,
        }
    }

    /// The tempo runs are played at: the share of the piece's marked tempo (72 when none).
    pub fn tempo_bpm(&self, marked: u16) -> u16 {
        let tempo = f64::from(marked) * f64::from(self.percent) / 100.0;
        tempo.round().clamp(20.0, 300.0) as u16
    }

    /// Whether the other hand is played by Etude in this section.
    pub fn plays_other_hand(&self) -> bool {
        self.other_hand && self.section.hand != Hand::Both
    }

    /// A run finished (`clean` when it was): whether the loop goes on with another.
    pub fn finished_run(&mut self, clean: bool) -> bool {
        if !self.looping {
            return false;
        }
        self.runs += 1;
        self.clean += u32::from(clean);
        let done = self.until_clean > 0 && self.clean >= u32::from(self.until_clean);
        if done {
            self.looping = false;
        }
        !done
    }

    /// Takes `message`; returns whether the section's lesson must be made anew (hand or bars
    /// changed), else what changed applies in place.
    pub fn update(&mut self, message: SectionMessage) -> bool {
        match message {
            SectionMessage::Hand(hand) => {
                let changed = self.section.hand != hand;
                self.section.hand = hand;
                return changed;
            }
            SectionMessage::Bar(bar) => match self.first_bar.take() {
                None => self.first_bar = Some(bar),
                Some(first) => {
                    self.section.bars = Some((first.min(bar), first.max(bar)));
                    self.restart_loop();
                    return true;
                }
            },
            SectionMessage::WholePiece => {
                self.first_bar = None;
                self.section.bars = None;
                self.restart_loop();
                return true;
            }
            SectionMessage::Percent(percent) => {
                self.percent = percent.clamp(SLOWEST_PERCENT, 100);
            }
            SectionMessage::Loop(on) => {
                self.looping = on;
                self.restart_loop();
            }
            SectionMessage::UntilClean(runs) => self.until_clean = runs.min(20),
            SectionMessage::OtherHand(on) => self.other_hand = on,
        }
        false
    }

    fn restart_loop(&mut self) {
        self.clean = 0;
        self.runs = 0;
    }

    /// "Loop: 1 of 3 clean runs" while looping; what the last loop came to after it.
    pub fn loop_words(&self) -> Option<String> {
        match (self.looping, self.until_clean) {
            (true, 0) => Some(format!(
                "Looping: run {} · {} clean so far",
                self.runs + 1,
                self.clean
            )),
            (true, n) => Some(format!(
                "Looping until {n} clean runs: {} of {n} so far (run {})",
                self.clean,
                self.runs + 1
            )),
            (false, n) if n > 0 && self.clean >= u32::from(n) => Some(format!(
                "{n} clean runs in {} — done! Choose the next bars, or go faster.",
                self.runs
            )),
            _ => None,
        }
    }

    /// The panel: the piece, hands, bars, tempo, loop and the other hand.
    pub fn view(&self, tempo_bpm: u16) -> Element<'_, SectionMessage> {
        let piece = &self.piece;
        let heading = match &piece.composer {
            Some(composer) => format!("{} — {composer}", piece.title),
            None => piece.title.clone(),
        };
        let choice = |label: &'static str, chosen: bool, message: SectionMessage| {
            button(text(label))
                .style(if chosen {
                    button::primary
                } else {
                    button::secondary
                })
                .on_press(message)
        };
        let hand = self.section.hand;
        let hands = row![
            text("Hands:"),
            choice(
                "Right",
                hand == Hand::Right,
                SectionMessage::Hand(Hand::Right)
            ),
            choice("Left", hand == Hand::Left, SectionMessage::Hand(Hand::Left)),
            choice("Both", hand == Hand::Both, SectionMessage::Hand(Hand::Both)),
        ]
        .spacing(6)
        .align_y(iced::alignment::Vertical::Center);
        let mut bars = row![].spacing(3);
        for number in piece.bar_numbers() {
            let chosen = match (self.first_bar, self.section.bars) {
                (Some(first), _) => number == first,
                (None, Some((a, b))) => (a..=b).contains(&number),
                (None, None) => true,
            };
            bars = bars.push(
                button(text(number.to_string()).size(13))
                    .padding([2.0, 7.0])
                    .style(if chosen {
                        button::primary
                    } else {
                        button::secondary
                    })
                    .on_press(SectionMessage::Bar(number)),
            );
        }
        let bars_said = match (self.first_bar, self.section.bars) {
            (Some(first), _) => format!("From bar {first} to … click the last bar"),
            (None, Some((a, b))) if a == b => format!("Bar {a}: click a bar to choose anew"),
            (None, Some((a, b))) => format!("Bars {a}–{b}: click the first bar, then the last"),
            (None, None) => "The whole piece: click the first bar, then the last".to_owned(),
        };
        let other = match hand {
            Hand::Right => "Etude plays the left hand",
            Hand::Left => "Etude plays the right hand",
            Hand::Both => "Etude plays the other hand (choose one hand)",
        };
        let mut other_hand = checkbox(self.other_hand).label(other);
        if hand != Hand::Both {
            other_hand = other_hand.on_toggle(SectionMessage::OtherHand);
        }
        let mut loop_row = row![
            checkbox(self.looping)
                .label("Loop")
                .on_toggle(SectionMessage::Loop),
            text("until"),
            button(text("−"))
                .style(button::secondary)
                .on_press(SectionMessage::UntilClean(
                    self.until_clean.saturating_sub(1)
                )),
            text(match self.until_clean {
                0 => "stopped".to_owned(),
                n => format!("{n} clean runs"),
            }),
            button(text("+"))
                .style(button::secondary)
                .on_press(SectionMessage::UntilClean(
                    self.until_clean.saturating_add(1)
                )),
        ]
        .spacing(8)
        .align_y(iced::alignment::Vertical::Center);
        if let Some(words) = self.loop_words() {
            loop_row = loop_row.push(text(words).color(style::NEXT));
        }
        let tempo = row![
            text("Tempo:"),
            slider(
                f64::from(SLOWEST_PERCENT)..=100.0,
                f64::from(self.percent),
                |p| SectionMessage::Percent(p.round() as u8)
            )
            .step(5.0)
            .width(240),
            text(format!(
                "{} % of the marked tempo · {tempo_bpm} bpm",
                self.percent
            )),
        ]
        .spacing(10)
        .align_y(iced::alignment::Vertical::Center);
        column![
            text(heading).size(20),
            row![
                hands,
                button(text("Whole piece"))
                    .style(button::text)
                    .on_press(SectionMessage::WholePiece)
            ]
            .spacing(20)
            .align_y(iced::alignment::Vertical::Center),
            text(bars_said).size(14),
            bars.wrap(),
            tempo,
            row![loop_row, other_hand]
                .spacing(24)
                .align_y(iced::alignment::Vertical::Center)
                .wrap(),
        ]
        .spacing(8)
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::TimeSignature;
    use crate::lesson::piece::PieceBar;

    fn piece() -> Arc<Piece> {
        Arc::new(Piece {
            title: "Study".to_owned(),
            composer: None,
            key: None,
            time: TimeSignature::default(),
            tempo: Some(100.0),
            bars: (0..9)
                .map(|i| PieceBar {
                    number: i,
                    start: f64::from(i) * 4.0,
                    length: 4.0,
                    time: TimeSignature::default(),
                    key: None,
                })
                .collect(),
            notes: Vec::new(),
            fingerprint: 1,
        })
    }

    #[test]
    fn the_first_and_last_bar_clicked_choose_the_bars() {
        let mut section = PieceSection::start(piece());
        assert_eq!(
            section.section.bars,
            Some((0, 4)),
            "the pickup and four bars"
        );
        assert!(!section.update(SectionMessage::Bar(6)));
        assert!(section.update(SectionMessage::Bar(3)));
        assert_eq!(section.section.bars, Some((3, 6)));
        assert!(section.update(SectionMessage::WholePiece));
        assert_eq!(section.section.bars, None);
        assert_eq!(section.tempo_bpm(100), 70);
        section.update(SectionMessage::Percent(10));
        assert_eq!(section.tempo_bpm(100), 40, "never below 40 %");
    }

    #[test]
    fn a_loop_ends_after_so_many_clean_runs() {
        let mut section = PieceSection::start(piece());
        assert!(!section.finished_run(true), "not looping");
        section.update(SectionMessage::Loop(true));
        section.update(SectionMessage::UntilClean(2));
        assert!(section.finished_run(true));
        assert!(section.finished_run(false));
        assert!(!section.finished_run(true), "two clean runs: done");
        assert_eq!((section.clean, section.runs), (2, 3));
        assert!(section.loop_words().unwrap().contains("done"));
    }
}
