//! The streak calendar: one square a day, a column a week (Monday at the top), coloured by the
//! minutes played against the daily minimum; a rest day that kept the streak in gold, a dot on
//! days with clean runs; today outlined.

use std::collections::{BTreeMap, BTreeSet};

use iced::mouse;
use iced::widget::canvas::{self, Geometry, Path, Stroke};
use iced::{Color, Point, Rectangle, Renderer, Size, Theme};
use jiff::civil::Date;

use crate::ui::style;

/// Days to draw, oldest first, starting on a Monday.
pub struct Calendar<'a> {
    /// Where the drawing is kept between frames, when the screen keeps one.
    cache: Option<&'a canvas::Cache>,
    days: Vec<(Date, f64)>,
    minimum: f64,
    months: bool,
    rested: BTreeSet<Date>,
    clean: BTreeSet<Date>,
}

impl<'a> Calendar<'a> {
    /// A calendar of `days` (oldest first, the first a Monday) against `minimum` minutes.
    pub fn new(days: Vec<(Date, f64)>, minimum: f64) -> Calendar<'a> {
        Calendar {
            cache: None,
            days,
            minimum,
            months: false,
            rested: BTreeSet::new(),
            clean: BTreeSet::new(),
        }
    }

    /// The same, with the rest days spent on missed days and the days with clean runs marked.
    pub fn marked(self, rested: &[Date], clean_runs: &BTreeMap<Date, u32>) -> Calendar<'a> {
        Calendar {
            rested: rested.iter().copied().collect(),
            clean: clean_runs
                .iter()
                .filter(|(_, runs)| **runs > 0)
                .map(|(day, _)| *day)
                .collect(),
            ..self
        }
    }

    /// The same, with each month's name above the week it begins in.
    pub fn with_months(self) -> Calendar<'a> {
        Calendar {
            months: true,
            ..self
        }
    }

    /// The same, drawn once into `cache` and kept until the size changes or it is cleared.
    pub fn cached(self, cache: &'a canvas::Cache) -> Calendar<'a> {
        Calendar {
            cache: Some(cache),
            ..self
        }
    }

    fn colour(&self, date: Date, minutes: f64, empty: Color) -> Color {
        if self.rested.contains(&date) {
            REST
        } else if minutes <= 0.0 {
            empty
        } else if minutes + 1e-9 < self.minimum {
            style::HELD
        } else if minutes < 2.0 * self.minimum {
            style::RIGHT
        } else {
            Color::from_rgb(0.0, 0.42, 0.30)
        }
    }
}

/// A rest day: a pale gold, set apart from the blues and greens of days played.
const REST: Color = Color::from_rgb(0.98, 0.82, 0.45);

/// Height of the month names' row.
pub const MONTH_ROW: f32 = 16.0;

/// The most a month's name ("May", "Sep") takes across, at 12 px.
const MONTH_LABEL_WIDTH: f32 = 26.0;

impl<Message> canvas::Program<Message> for Calendar<'_> {
    type State = ();

    fn draw(
        &self,
        _state: &(),
        renderer: &Renderer,
        theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let geometry = super::drawn(self.cache, renderer, bounds.size(), |frame| {
            let top = if self.months { MONTH_ROW } else { 0.0 };
            // A day not played: a little off the background, in the light theme and the dark.
            let empty = theme.extended_palette().background.strong.color;
            let weeks = self.days.len().div_ceil(7).max(1);
            let cell = (bounds.width / weeks as f32).min((bounds.height - top) / 7.0);
            let gap = (cell * 0.15).max(1.0);
            for (index, (date, minutes)) in self.days.iter().enumerate() {
                let (week, weekday) = (index / 7, index % 7);
                let top_left = Point::new(week as f32 * cell, top + weekday as f32 * cell);
                if self.months && date.day() == 1 {
                    // A month starting in the last weeks is named right-aligned at the edge:
                    // nothing is drawn outside the canvas, where the software renderer would
                    // not clear it.
                    let x = week as f32 * cell;
                    let (x, align) = if x + MONTH_LABEL_WIDTH > bounds.width {
                        (bounds.width, iced::alignment::Horizontal::Right)
                    } else {
                        (x, iced::alignment::Horizontal::Left)
                    };
                    frame.fill_text(canvas::Text {
                        content: date.strftime("%b").to_string(),
                        position: Point::new(x, 0.0),
                        color: theme.palette().text,
                        size: 12.0.into(),
                        align_x: align.into(),
                        ..canvas::Text::default()
                    });
                }
                let square = Path::rectangle(top_left, Size::new(cell - gap, cell - gap));
                frame.fill(&square, self.colour(*date, *minutes, empty));
                if self.clean.contains(date) {
                    let side = cell - gap;
                    let centre = Point::new(top_left.x + side / 2.0, top_left.y + side / 2.0);
                    frame.fill(&Path::circle(centre, side * 0.18), Color::WHITE);
                }
                if index + 1 == self.days.len() {
                    frame.stroke(
                        &square,
                        Stroke::default().with_color(style::NEXT).with_width(2.0),
                    );
                }
            }
        });
        vec![geometry]
    }
}
