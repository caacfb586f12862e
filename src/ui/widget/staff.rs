//! The staff (canvas): the lesson engraved in Bravura on a sheet of paper, the step to play
//! highlighted, the playhead in tempo mode, and the player's playing drawn on it — right notes
//! green, wrong keys as red crosses where they were played, missed notes grey, and in a lane
//! below how early or late each step came, in milliseconds.
//!
//! While a run goes the music turns like pages: the bar being played stands first after the
//! clefs and signatures, which stay at the left edge. After the run the whole line is shown.

use iced::mouse;
use iced::widget::canvas::{self, Frame, Geometry, Path, Stroke, Text};
use iced::{Color, Point, Rectangle, Renderer, Size, Theme};

use crate::engrave::{Engraving, Mark, MusicFont, PathOp, beam_outline, tie_outline};
use crate::notation::{Played, StepState};
use crate::ui::style;

/// Pixels in a staff space when the staff is drawn at its natural size.
pub const SPACE: f32 = 11.0;

/// A staff to draw; with [`Staff::on_bar`], clicking a bar sends a message of type `M`.
pub struct Staff<'a, M = ()> {
    engraving: &'a Engraving,
    played: &'a Played,
    /// The step to play now (wait mode, and tempo mode's step asked for).
    current: Option<usize>,
    /// Tempo mode: the playhead, in quarters from the start.
    playhead: Option<f64>,
    /// Turn pages to keep the current bar in view (false: draw from the start).
    follow: bool,
    cache: &'a canvas::Cache,
    /// Clicking a bar: the number printed for each bar drawn, and the message it sends.
    bar_clicked: Option<BarClicked<'a, M>>,
}

/// The numbers printed for the bars drawn, in order, and the message a click on one sends.
type BarClicked<'a, M> = (&'a [u32], fn(u32) -> M);

impl Staff<'_> {
    /// The height it wants at `space` pixels a staff space.
    pub fn height(engraving: &Engraving, space: f32) -> f32 {
        engraving.size.1 as f32 * space
    }
}

impl<'a, M> Staff<'a, M> {
    /// The `engraving` with the marks of `played`, drawn once into `cache` (clear it when the
    /// marks, the current step or the page change).
    pub fn new(engraving: &'a Engraving, played: &'a Played, cache: &'a canvas::Cache) -> Self {
        Staff {
            engraving,
            played,
            current: None,
            playhead: None,
            follow: false,
            cache,
            bar_clicked: None,
        }
    }

    /// The same with its bars to click: `numbers` are the numbers printed for the bars drawn,
    /// in order, and a click on one sends `clicked` with its number.
    pub fn on_bar(self, numbers: &'a [u32], clicked: fn(u32) -> M) -> Self {
        Staff {
            bar_clicked: Some((numbers, clicked)),
            ..self
        }
    }

    /// The bar under `x` (in staff spaces, on the page as it is turned), its index among the
    /// bars drawn.
    fn bar_at(&self, x: f64) -> Option<usize> {
        self.engraving
            .bars
            .iter()
            .position(|(start, end)| x >= start - 2.2 && x <= *end)
    }

    /// The same with `step` highlighted as the one to play, turning pages to keep it in view.
    pub fn current(self, step: Option<usize>) -> Self {
        Staff {
            current: step,
            follow: true,
            ..self
        }
    }

    /// The same with the playhead at `quarters`.
    pub fn playhead(self, quarters: Option<f64>) -> Self {
        Staff {
            playhead: quarters,
            ..self
        }
    }

    /// Where (staff spaces) the music is scrolled to when `visible` spaces are shown: the bar
    /// being played first after the header, unless everything fits; within a bar wider than
    /// the view, on as the focus nears its right edge.
    pub fn scroll(&self, visible: f64) -> f64 {
        let engraving = self.engraving;
        if !self.follow || engraving.size.0 <= visible {
            return 0.0;
        }
        let focus = match (self.playhead, self.current) {
            (Some(quarters), _) => engraving.x_at(quarters.max(0.0)),
            (None, Some(step)) => engraving.steps.get(step).map_or(0.0, |s| s.x),
            (None, None) => 0.0,
        };
        let bar_line = engraving
            .bars
            .iter()
            .rev()
            .find(|(start, _)| *start <= focus + 1e-9)
            .map_or(engraving.header_width, |(start, _)| start - 2.2);
        let furthest = (engraving.size.0 - visible).max(0.0);
        let mut scroll = bar_line - engraving.header_width;
        let room = visible - engraving.header_width;
        if focus - scroll > engraving.header_width + room * 0.8 {
            scroll = focus - engraving.header_width - room * 0.2;
        }
        scroll.clamp(0.0, furthest)
    }
}

impl<M> canvas::Program<M> for Staff<'_, M> {
    /// The scroll the kept drawing was made at: a page turn draws the staff anew.
    type State = std::cell::Cell<f64>;

    /// A click on a bar, when bars can be clicked, sends its number.
    fn update(
        &self,
        drawn_at: &mut std::cell::Cell<f64>,
        event: &canvas::Event,
        bounds: Rectangle,
        cursor: mouse::Cursor,
    ) -> Option<canvas::Action<M>> {
        let (numbers, clicked) = self.bar_clicked?;
        if !matches!(
            event,
            canvas::Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left))
        ) {
            return None;
        }
        let at = cursor.position_in(bounds)?;
        let space = bounds.height / self.engraving.size.1 as f32;
        let x = f64::from(at.x / space) + drawn_at.get();
        let number = numbers.get(self.bar_at(x)?)?;
        Some(canvas::Action::publish(clicked(*number)).and_capture())
    }

    fn mouse_interaction(
        &self,
        drawn_at: &std::cell::Cell<f64>,
        bounds: Rectangle,
        cursor: mouse::Cursor,
    ) -> mouse::Interaction {
        let over_a_bar = self.bar_clicked.is_some()
            && cursor.position_in(bounds).is_some_and(|at| {
                let space = bounds.height / self.engraving.size.1 as f32;
                self.bar_at(f64::from(at.x / space) + drawn_at.get())
                    .is_some()
            });
        if over_a_bar {
            mouse::Interaction::Pointer
        } else {
            mouse::Interaction::default()
        }
    }

    fn draw(
        &self,
        drawn_at: &std::cell::Cell<f64>,
        renderer: &Renderer,
        _theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let Ok(font) = MusicFont::get() else {
            return Vec::new();
        };
        let engraving = self.engraving;
        let space = bounds.height / engraving.size.1 as f32;
        let visible = f64::from(bounds.width / space);
        let scroll = self.scroll(visible);
        if drawn_at.replace(scroll) != scroll {
            self.cache.clear();
        }
        let music = self.cache.draw(renderer, bounds.size(), |frame| {
            frame.fill_rectangle(Point::ORIGIN, bounds.size(), style::IVORY);
            let pen = Pen { space, dx: -scroll };
            if let Some(step) = self.current.and_then(|s| engraving.steps.get(s)) {
                let top = engraving.staves.first().map_or(0.0, |s| s.1) - 1.5;
                let bottom = engraving.staves.last().map_or(0.0, |s| s.1) + 5.5;
                let width = engraving.notehead_width() + 1.2;
                frame.fill_rectangle(
                    pen.at(step.x - 0.6, top),
                    Size::new(width as f32 * space, (bottom - top) as f32 * space),
                    Color {
                        a: 0.16,
                        ..style::NEXT
                    },
                );
            }
            for mark in &engraving.music {
                pen.draw(frame, font, mark, self.ink_of(mark));
            }
            for (step, note) in &self.played.wrong {
                for mark in engraving.played_head(*step, *note, font) {
                    pen.draw(frame, font, &mark, style::WRONG);
                }
            }
            self.timing_lane(frame, &pen);
            // The header over the music scrolled beneath it, then the staff lines through all.
            let header = Pen { space, dx: 0.0 };
            frame.fill_rectangle(
                Point::ORIGIN,
                Size::new(engraving.header_width as f32 * space, bounds.height),
                style::IVORY,
            );
            for mark in &engraving.header {
                header.draw(frame, font, mark, style::INK);
            }
            // The lines end at the final bar line (or the edge of the view).
            let end = engraving.bars.last().map_or(0.0, |bar| bar.1) - scroll;
            for line in engraving.staff_lines(0.0, end.min(visible)) {
                header.draw(frame, font, &line, style::INK);
            }
        });
        let mut layers = vec![music];
        // The playhead, once it has come past the clefs (the count-in is shown in numbers).
        let playhead = self
            .playhead
            .map(|quarters| engraving.x_at(quarters) - scroll)
            .filter(|x| *x >= engraving.header_width);
        if let Some(x) = playhead {
            let mut frame = Frame::new(renderer, bounds.size());
            let x = x as f32 * space;
            frame.fill_rectangle(
                Point::new(x - 0.2 * space, 0.0),
                Size::new(0.4 * space, bounds.height),
                Color {
                    a: 0.75,
                    ..style::NEXT
                },
            );
            layers.push(frame.into_geometry());
        }
        layers
    }
}

impl<M> Staff<'_, M> {
    /// The colour a mark is drawn in: a step's heads by how it went.
    fn ink_of(&self, mark: &Mark) -> Color {
        let Mark::Glyph {
            step: Some(step), ..
        } = mark
        else {
            return style::INK;
        };
        match self.played.steps.get(*step) {
            Some(StepState::Right(_)) => style::RIGHT,
            Some(StepState::Missed) => Color::from_rgb(0.62, 0.62, 0.64),
            _ if self.current == Some(*step) => style::NEXT,
            _ => style::INK,
        }
    }

    /// Under the music: a tick from each timed step's note towards where it was played (left:
    /// early, right: late, a space for 50 ms) and the milliseconds.
    fn timing_lane(&self, frame: &mut Frame, pen: &Pen) {
        let y = self.engraving.size.1 - 2.2;
        for (step, state) in self.played.steps.iter().enumerate() {
            let (StepState::Right(Some(late_ms)), Some(place)) =
                (state, self.engraving.steps.get(step))
            else {
                continue;
            };
            let centre = place.x + self.engraving.notehead_width() / 2.0;
            let reach = (late_ms / 50.0).clamp(-2.0, 2.0);
            let colour = if late_ms.abs() < 30.0 {
                style::RIGHT
            } else {
                style::OUTLINE
            };
            frame.stroke(
                &Path::line(pen.at(centre, y - 0.6), pen.at(centre, y + 0.6)),
                Stroke::default().with_color(style::OUTLINE).with_width(1.0),
            );
            frame.stroke(
                &Path::line(pen.at(centre, y), pen.at(centre + reach, y)),
                Stroke::default()
                    .with_color(colour)
                    .with_width(0.35 * pen.space),
            );
            frame.fill_text(Text {
                content: format!("{late_ms:+.0}"),
                position: pen.at(centre, y + 0.8),
                color: style::OUTLINE,
                size: (1.25 * pen.space).into(),
                align_x: iced::alignment::Horizontal::Center.into(),
                ..Text::default()
            });
        }
    }
}

/// Draws marks at `space` pixels a staff space, moved right by `dx` spaces.
struct Pen {
    space: f32,
    dx: f64,
}

impl Pen {
    fn at(&self, x: f64, y: f64) -> Point {
        Point::new((x + self.dx) as f32 * self.space, y as f32 * self.space)
    }

    fn draw(&self, frame: &mut Frame, font: &MusicFont, mark: &Mark, colour: Color) {
        match mark {
            Mark::Glyph { glyph, x, y, .. } => {
                self.fill(frame, font.outline(*glyph), (*x, *y), colour);
            }
            Mark::Line {
                from,
                to,
                thickness,
            } => {
                frame.stroke(
                    &Path::line(self.at(from.0, from.1), self.at(to.0, to.1)),
                    Stroke::default()
                        .with_color(colour)
                        .with_width((*thickness as f32 * self.space).max(1.0)),
                );
            }
            Mark::Beam {
                from,
                to,
                thickness,
            } => self.fill(
                frame,
                &beam_outline(*from, *to, *thickness),
                (0.0, 0.0),
                colour,
            ),
            Mark::Tie { from, to, below } => {
                self.fill(frame, &tie_outline(*from, *to, *below), (0.0, 0.0), colour);
            }
            Mark::Text { text, x, y, size } => frame.fill_text(Text {
                content: text.clone(),
                position: self.at(*x, *y),
                color: colour,
                size: (*size as f32 * self.space).into(),
                align_y: iced::alignment::Vertical::Bottom,
                ..Text::default()
            }),
        }
    }

    /// Fills an outline placed with its origin at `origin`.
    fn fill(&self, frame: &mut Frame, ops: &[PathOp], origin: (f64, f64), colour: Color) {
        let (ox, oy) = origin;
        let path = Path::new(|b| {
            for op in ops {
                match *op {
                    PathOp::MoveTo(x, y) => b.move_to(self.at(ox + x, oy + y)),
                    PathOp::LineTo(x, y) => b.line_to(self.at(ox + x, oy + y)),
                    PathOp::QuadTo(x1, y1, x, y) => {
                        b.quadratic_curve_to(self.at(ox + x1, oy + y1), self.at(ox + x, oy + y));
                    }
                    PathOp::CubicTo(x1, y1, x2, y2, x, y) => b.bezier_curve_to(
                        self.at(ox + x1, oy + y1),
                        self.at(ox + x2, oy + y2),
                        self.at(ox + x, oy + y),
                    ),
                    PathOp::Close => b.close(),
                }
            }
        });
        frame.fill(&path, colour);
    }
}
