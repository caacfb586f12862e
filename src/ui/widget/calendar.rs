//! The streak calendar: one square a day, a column a week (Monday at the top), coloured by the
//! minutes played against the daily minimum; today outlined.

use iced::mouse;
use iced::widget::canvas::{self, Frame, Geometry, Path, Stroke};
use iced::{Color, Point, Rectangle, Renderer, Size, Theme};
use jiff::civil::Date;

use crate::ui::style;

/// Days to draw, oldest first, starting on a Monday.
pub struct Calendar {
    days: Vec<(Date, f64)>,
    minimum: f64,
}

impl Calendar {
    /// A calendar of `days` (oldest first, the first a Monday) against `minimum` minutes.
    pub fn new(days: Vec<(Date, f64)>, minimum: f64) -> Calendar {
        Calendar { days, minimum }
    }

    fn colour(&self, minutes: f64) -> Color {
        if minutes <= 0.0 {
            Color::from_rgb(0.9, 0.9, 0.9)
        } else if minutes + 1e-9 < self.minimum {
            style::HELD
        } else if minutes < 2.0 * self.minimum {
            style::RIGHT
        } else {
            Color::from_rgb(0.0, 0.42, 0.30)
        }
    }
}

impl<Message> canvas::Program<Message> for Calendar {
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
        let weeks = self.days.len().div_ceil(7).max(1);
        let cell = (bounds.width / weeks as f32).min(bounds.height / 7.0);
        let gap = (cell * 0.15).max(1.0);
        for (index, (_, minutes)) in self.days.iter().enumerate() {
            let (week, weekday) = (index / 7, index % 7);
            let top_left = Point::new(week as f32 * cell, weekday as f32 * cell);
            let square = Path::rectangle(top_left, Size::new(cell - gap, cell - gap));
            frame.fill(&square, self.colour(*minutes));
            if index + 1 == self.days.len() {
                frame.stroke(
                    &square,
                    Stroke::default().with_color(style::NEXT).with_width(2.0),
                );
            }
        }
        vec![frame.into_geometry()]
    }
}
