//! The on-screen keyboard (canvas): the next step's keys with finger numbers, the keys held
//! now, right and wrong marked by shape and colour. Clicking a key plays it.

use iced::mouse;
use iced::widget::canvas::{self, Frame, Geometry, Path, Stroke, Text};
use iced::{Point, Rectangle, Renderer, Size, Theme};

use crate::theory::Note;
use crate::theory::keyboard::{BLACK_LENGTH, KeyboardLayout};
use crate::ui::style;

/// How a key is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMark {
    /// Play this next, with this finger (when the lesson gives one).
    Next(Option<u8>),
    /// Held, and right.
    Right,
    /// Held or just played, and wrong.
    Wrong,
    /// Held, not judged (between attempts).
    Held,
}

/// A keyboard to draw.
pub struct Keyboard<Message> {
    layout: KeyboardLayout,
    marks: Vec<(Note, KeyMark)>,
    on_press: fn(Note, bool) -> Message,
}

impl<Message> Keyboard<Message> {
    /// A keyboard over `layout` with `marks`; `on_press(note, down)` is sent when a key is clicked
    /// and released.
    pub fn new(
        layout: KeyboardLayout,
        marks: Vec<(Note, KeyMark)>,
        on_press: fn(Note, bool) -> Message,
    ) -> Self {
        Keyboard {
            layout,
            marks,
            on_press,
        }
    }

    fn mark(&self, note: Note) -> Option<KeyMark> {
        // A wrong or right key shows over the "next" mark.
        self.marks
            .iter()
            .filter(|(n, _)| *n == note)
            .map(|(_, m)| *m)
            .max_by_key(|m| match m {
                KeyMark::Wrong => 3,
                KeyMark::Right => 2,
                KeyMark::Held => 1,
                KeyMark::Next(_) => 0,
            })
    }
}

/// Which key the mouse holds down.
#[derive(Default)]
pub struct Pressed(Option<Note>);

impl<Message: Clone> canvas::Program<Message> for Keyboard<Message> {
    type State = Pressed;

    fn update(
        &self,
        state: &mut Pressed,
        event: &canvas::Event,
        bounds: Rectangle,
        cursor: mouse::Cursor,
    ) -> Option<canvas::Action<Message>> {
        match event {
            canvas::Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left)) => {
                let position = cursor.position_in(bounds)?;
                let unit = bounds.width / self.layout.white_keys().max(1) as f32;
                let note = self
                    .layout
                    .key_at(position.x / unit, position.y / bounds.height)?;
                state.0 = Some(note);
                Some(canvas::Action::publish((self.on_press)(note, true)).and_capture())
            }
            canvas::Event::Mouse(mouse::Event::ButtonReleased(mouse::Button::Left)) => {
                let note = state.0.take()?;
                Some(canvas::Action::publish((self.on_press)(note, false)).and_capture())
            }
            _ => None,
        }
    }

    fn draw(
        &self,
        _state: &Pressed,
        renderer: &Renderer,
        _theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let mut frame = Frame::new(renderer, bounds.size());
        let unit = bounds.width / self.layout.white_keys().max(1) as f32;
        let height = bounds.height;
        for black in [false, true] {
            for key in self.layout.keys().iter().filter(|k| k.black == black) {
                let key_height = if black { height * BLACK_LENGTH } else { height };
                let top_left = Point::new(key.x * unit, 0.0);
                let size = Size::new(key.width * unit, key_height);
                let body = Path::rectangle(top_left, size);
                let mark = self.mark(key.note);
                let fill = match mark {
                    Some(KeyMark::Next(_)) => style::NEXT,
                    Some(KeyMark::Right) => style::RIGHT,
                    Some(KeyMark::Wrong) => style::WRONG,
                    Some(KeyMark::Held) => style::HELD,
                    None if black => style::EBONY,
                    None => style::IVORY,
                };
                frame.fill(&body, fill);
                frame.stroke(
                    &body,
                    Stroke::default().with_color(style::OUTLINE).with_width(1.0),
                );
                let centre =
                    Point::new(top_left.x + size.width / 2.0, key_height - size.width * 0.6);
                let radius = (size.width * 0.32).max(3.0);
                match mark {
                    Some(KeyMark::Next(finger)) => {
                        let label = finger.map_or_else(|| "●".to_owned(), |f| f.to_string());
                        frame.fill_text(Text {
                            content: label,
                            position: centre,
                            color: iced::Color::WHITE,
                            size: iced::Pixels((size.width * 0.55).clamp(10.0, 28.0)),
                            align_x: iced::alignment::Horizontal::Center.into(),
                            align_y: iced::alignment::Vertical::Center,
                            ..Text::default()
                        });
                    }
                    Some(KeyMark::Right) => {
                        frame.stroke(
                            &Path::circle(centre, radius),
                            Stroke::default()
                                .with_color(iced::Color::WHITE)
                                .with_width(3.0),
                        );
                    }
                    Some(KeyMark::Wrong) => {
                        let cross = Path::new(|p| {
                            p.move_to(Point::new(centre.x - radius, centre.y - radius));
                            p.line_to(Point::new(centre.x + radius, centre.y + radius));
                            p.move_to(Point::new(centre.x + radius, centre.y - radius));
                            p.line_to(Point::new(centre.x - radius, centre.y + radius));
                        });
                        frame.stroke(
                            &cross,
                            Stroke::default()
                                .with_color(iced::Color::WHITE)
                                .with_width(3.0),
                        );
                    }
                    _ => {}
                }
                if !black && key.note.0 % 12 == 0 {
                    frame.fill_text(Text {
                        content: format!("C{}", i32::from(key.note.0) / 12 - 1),
                        position: Point::new(top_left.x + size.width / 2.0, height - 4.0),
                        color: style::OUTLINE,
                        size: iced::Pixels(11.0),
                        align_x: iced::alignment::Horizontal::Center.into(),
                        align_y: iced::alignment::Vertical::Bottom,
                        ..Text::default()
                    });
                }
            }
        }
        vec![frame.into_geometry()]
    }
}
