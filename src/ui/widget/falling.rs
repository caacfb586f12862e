//! Falling notes (canvas): the lesson's notes as bars falling onto the keyboard below, each over
//! its key, as long as it lasts, coloured by hand (right blue, left orange) with its finger.
//! A note reaches the bottom edge when it is due: in tempo mode the timeline moves with the
//! run's clock; in wait mode it stands with the step to play at the bottom, and waits.

use iced::mouse;
use iced::widget::canvas::{self, Frame, Geometry, Path, Stroke, Text};
use iced::{Color, Point, Rectangle, Renderer, Size, Theme};

use crate::notation::{Played, StepState};
use crate::theory::Note;
use crate::theory::keyboard::KeyboardLayout;
use crate::ui::style;

/// One note on the timeline, in the lesson's beats.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FallingNote {
    /// The key.
    pub note: Note,
    /// The step it belongs to.
    pub step: usize,
    /// When it is due.
    pub beat: f64,
    /// How long it lasts.
    pub beats: f64,
    /// Played by the left hand.
    pub left_hand: bool,
    /// The finger, when the lesson gives one.
    pub finger: Option<u8>,
}

/// The left hand's colour (the right hand's is [`style::NEXT`]).
pub const LEFT_HAND: Color = style::GOLD;

/// Falling notes to draw.
pub struct Falling<'a> {
    layout: &'a KeyboardLayout,
    notes: &'a [FallingNote],
    played: &'a Played,
    /// The time at the bottom edge, in beats.
    now: f64,
}

impl<'a> Falling<'a> {
    /// `notes` over the keys of `layout`, with `now` (beats) at the bottom edge and the
    /// steps played so far marked.
    pub fn new(
        layout: &'a KeyboardLayout,
        notes: &'a [FallingNote],
        played: &'a Played,
        now: f64,
    ) -> Self {
        Falling {
            layout,
            notes,
            played,
            now,
        }
    }

    /// Pixels a beat: the shortest note at least 24 pixels tall.
    fn pixels_per_beat(&self) -> f32 {
        let shortest = self
            .notes
            .iter()
            .map(|n| n.beats)
            .fold(1.0, f64::min)
            .max(0.05);
        (24.0 / shortest as f32).max(70.0)
    }
}

impl<Message> canvas::Program<Message> for Falling<'_> {
    type State = ();

    fn draw(
        &self,
        _state: &(),
        renderer: &Renderer,
        _theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let mut frame = Frame::new(renderer, bounds.size());
        frame.fill_rectangle(Point::ORIGIN, bounds.size(), style::EBONY);
        let unit = bounds.width / self.layout.white_keys().max(1) as f32;
        let per_beat = self.pixels_per_beat();
        let height = bounds.height;
        // Lines where each white key meets the next, faint, and every beat across.
        for key in self.layout.keys().iter().filter(|k| !k.black) {
            let x = key.x * unit;
            frame.stroke(
                &Path::line(Point::new(x, 0.0), Point::new(x, height)),
                Stroke::default()
                    .with_color(Color::from_rgba(1.0, 1.0, 1.0, 0.06))
                    .with_width(1.0),
            );
        }
        let first_beat = self.now.ceil() as i64;
        let beats_shown = (f64::from(height / per_beat)).ceil() as i64;
        for beat in first_beat..=first_beat + beats_shown {
            let y = height - (beat as f64 - self.now) as f32 * per_beat;
            frame.stroke(
                &Path::line(Point::new(0.0, y), Point::new(bounds.width, y)),
                Stroke::default()
                    .with_color(Color::from_rgba(1.0, 1.0, 1.0, 0.12))
                    .with_width(1.0),
            );
        }
        for note in self.notes {
            let due = height - (note.beat - self.now) as f32 * per_beat;
            let top = due - (note.beats as f32 * per_beat).max(6.0);
            if top >= height || due <= 0.0 {
                continue;
            }
            // A note being played runs on into the keyboard: only its part above is drawn.
            let bottom = due.min(height);
            let Some(key) = self.layout.keys().iter().find(|k| k.note == note.note) else {
                continue;
            };
            let fill = match self.played.steps.get(note.step) {
                Some(StepState::Right(_)) => style::RIGHT,
                Some(StepState::Missed) => Color::from_rgb(0.45, 0.45, 0.48),
                _ if note.left_hand => LEFT_HAND,
                _ => style::NEXT,
            };
            let inset = if key.black { 1.0 } else { 2.0 };
            let x = key.x * unit + inset;
            let width = (key.width * unit - 2.0 * inset).max(2.0);
            let body = Path::rounded_rectangle(
                Point::new(x, top + 1.0),
                Size::new(width, (bottom - top - 2.0).max(2.0)),
                4.0.into(),
            );
            frame.fill(&body, fill);
            if let Some(finger) = note.finger.filter(|_| due <= height) {
                frame.fill_text(Text {
                    content: finger.to_string(),
                    position: Point::new(x + width / 2.0, bottom - 4.0),
                    color: style::ink_on(fill),
                    size: (width * 0.8).clamp(10.0, 20.0).into(),
                    align_x: iced::alignment::Horizontal::Center.into(),
                    align_y: iced::alignment::Vertical::Bottom,
                    ..Text::default()
                });
            }
        }
        // Where the notes land: the top of the keyboard.
        frame.fill_rectangle(
            Point::new(0.0, height - 3.0),
            Size::new(bounds.width, 3.0),
            style::NEXT,
        );
        vec![frame.into_geometry()]
    }
}
