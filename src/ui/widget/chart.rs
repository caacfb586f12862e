//! A small line chart: one or more series over the same days, a labelled value range, dots
//! on the points (a single day is still seen), the first and last day written under it.

use iced::mouse;
use iced::widget::canvas::{self, Frame, Geometry, Path, Stroke, Text};
use iced::{Color, Point, Rectangle, Renderer, Size, Theme};

use crate::ui::style;

/// One line: its points as (x, y) with x in days from the chart's first day, and its colour.
pub struct Series {
    /// The points, in x order.
    pub points: Vec<(f32, f32)>,
    /// Its colour.
    pub colour: Color,
}

/// A chart of `series` over `span` days, values from `low` to `high`.
pub struct Chart<'a> {
    /// Where the drawing is kept between frames, when the screen keeps one.
    cache: Option<&'a canvas::Cache>,
    series: Vec<Series>,
    span: f32,
    low: f32,
    high: f32,
    first_label: String,
    last_label: String,
}

impl<'a> Chart<'a> {
    /// A chart of `series` across `span` days (at least 1), values from `low` to `high`, with
    /// the first and last day's labels.
    pub fn new(
        series: Vec<Series>,
        span: f32,
        (low, high): (f32, f32),
        (first_label, last_label): (String, String),
    ) -> Chart<'a> {
        Chart {
            cache: None,
            series,
            span: span.max(1.0),
            low,
            high: if high > low { high } else { low + 1.0 },
            first_label,
            last_label,
        }
    }
}

impl<'a> Chart<'a> {
    /// The same, drawn once into `cache` and kept until the size changes or it is cleared.
    pub fn cached(self, cache: &'a canvas::Cache) -> Chart<'a> {
        Chart {
            cache: Some(cache),
            ..self
        }
    }
}

/// Room for the value labels on the left and the day labels below.
const LEFT: f32 = 36.0;
const BOTTOM: f32 = 18.0;

impl<Message> canvas::Program<Message> for Chart<'_> {
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
            let ink = theme.palette().text;
            let plot = Rectangle::new(
                Point::new(LEFT, 6.0),
                Size::new(
                    (bounds.width - LEFT - 8.0).max(1.0),
                    (bounds.height - BOTTOM - 6.0).max(1.0),
                ),
            );
            frame.stroke(
                &Path::rectangle(plot.position(), plot.size()),
                Stroke::default().with_color(style::OUTLINE).with_width(1.0),
            );
            let label = |frame: &mut Frame, content: String, at: Point| {
                frame.fill_text(Text {
                    content,
                    position: at,
                    color: ink,
                    size: 12.0.into(),
                    ..Text::default()
                });
            };
            label(frame, format!("{:.0}", self.high), Point::new(2.0, 2.0));
            label(
                frame,
                format!("{:.0}", self.low),
                Point::new(2.0, plot.y + plot.height - 12.0),
            );
            label(
                frame,
                self.first_label.clone(),
                Point::new(LEFT, plot.y + plot.height + 3.0),
            );
            // Right-aligned at the plot's edge: nothing is drawn outside the canvas, where the
            // software renderer would not clear it.
            frame.fill_text(Text {
                content: self.last_label.clone(),
                position: Point::new(plot.x + plot.width, plot.y + plot.height + 3.0),
                color: ink,
                size: 12.0.into(),
                align_x: iced::alignment::Horizontal::Right.into(),
                ..Text::default()
            });
            let to_screen = |(x, y): (f32, f32)| {
                let y = (y.clamp(self.low, self.high) - self.low) / (self.high - self.low);
                Point::new(
                    plot.x + x / self.span * plot.width,
                    plot.y + (1.0 - y) * plot.height,
                )
            };
            // A line needs two points (a single day is its dot alone: tiny-skia refuses a
            // path of one point and logs it on every draw).
            for series in self.series.iter().filter(|s| s.points.len() > 1) {
                let line = Path::new(|builder| {
                    for (index, point) in series.points.iter().enumerate() {
                        if index == 0 {
                            builder.move_to(to_screen(*point));
                        } else {
                            builder.line_to(to_screen(*point));
                        }
                    }
                });
                frame.stroke(
                    &line,
                    Stroke::default().with_color(series.colour).with_width(2.0),
                );
            }
            for series in &self.series {
                for point in &series.points {
                    frame.fill(&Path::circle(to_screen(*point), 3.0), series.colour);
                }
            }
        });
        vec![geometry]
    }
}
