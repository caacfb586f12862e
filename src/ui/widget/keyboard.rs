//! The on-screen keyboard (canvas): the next step's keys with finger numbers, the keys held
//! now, right and wrong marked by shape and colour. Clicking a key plays it.

use iced::mouse;
use iced::widget::canvas::{self, Frame, Geometry, Path, Stroke, Text};
use iced::{Point, Rectangle, Renderer, Size, Theme};

use crate::theory::Note;
use crate::theory::keyboard::{BLACK_LENGTH, KeyShape, KeyboardLayout};
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

/// A keyboard to draw: the keys themselves (kept in a cache when the screen gives one: they
/// change only with the layout or the size) and, over them, the marks of this frame.
pub struct Keyboard<'a, Message> {
    layout: &'a KeyboardLayout,
    marks: Vec<(Note, KeyMark)>,
    on_press: fn(Note, bool) -> Message,
    keys: Option<&'a canvas::Cache>,
    letters: Vec<(Note, char)>,
}

impl<'a, Message> Keyboard<'a, Message> {
    /// A keyboard over `layout` with `marks`; `on_press(note, down)` is sent when a key is clicked
    /// and released.
    pub fn new(
        layout: &'a KeyboardLayout,
        marks: Vec<(Note, KeyMark)>,
        on_press: fn(Note, bool) -> Message,
    ) -> Self {
        Keyboard {
            layout,
            marks,
            on_press,
            keys: None,
            letters: Vec::new(),
        }
    }

    /// The same, each key in `letters` labelled with the computer key that plays it.
    pub fn with_letters(self, letters: Vec<(Note, char)>) -> Self {
        Keyboard { letters, ..self }
    }

    /// The same, its unmarked keys drawn once into `keys` (clear it when the layout changes).
    pub fn cached(self, keys: &'a canvas::Cache) -> Self {
        Keyboard {
            keys: Some(keys),
            ..self
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

impl<Message: Clone> canvas::Program<Message> for Keyboard<'_, Message> {
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
        let unit = bounds.width / self.layout.white_keys().max(1) as f32;
        let height = bounds.height;
        let keys = super::drawn(self.keys, renderer, bounds.size(), |frame| {
            for black in [false, true] {
                for key in self.layout.keys().iter().filter(|k| k.black == black) {
                    paint_key(frame, key, None, unit, height);
                }
            }
        });
        // The marks: each marked key drawn again over the keys, and the black keys lying over
        // a marked white one drawn again over it.
        let mut marks = Frame::new(renderer, bounds.size());
        let marked_whites: Vec<(f32, f32)> = self
            .layout
            .keys()
            .iter()
            .filter(|k| !k.black && self.mark(k.note).is_some())
            .map(|k| (k.x, k.x + k.width))
            .collect();
        for black in [false, true] {
            for key in self.layout.keys().iter().filter(|k| k.black == black) {
                let mark = self.mark(key.note);
                let over_a_marked_white = black
                    && marked_whites
                        .iter()
                        .any(|(left, right)| key.x < *right && key.x + key.width > *left);
                if mark.is_some() || over_a_marked_white {
                    paint_key(&mut marks, key, mark, unit, height);
                }
            }
        }
        for key in self.layout.keys() {
            if let Some((_, letter)) = self.letters.iter().find(|(note, _)| *note == key.note) {
                paint_letter(
                    &mut marks,
                    key,
                    *letter,
                    fill_of(key, self.mark(key.note)),
                    unit,
                    height,
                );
            }
        }
        vec![keys, marks.into_geometry()]
    }
}

/// Draws one key, `unit` wide per white key, with its mark.
fn paint_key(frame: &mut Frame, key: &KeyShape, mark: Option<KeyMark>, unit: f32, height: f32) {
    let black = key.black;
    let key_height = if black { height * BLACK_LENGTH } else { height };
    let top_left = Point::new(key.x * unit, 0.0);
    let size = Size::new(key.width * unit, key_height);
    let body = Path::rectangle(top_left, size);
    let fill = fill_of(key, mark);
    let ink = style::ink_on(fill);
    frame.fill(&body, fill);
    frame.stroke(
        &body,
        Stroke::default().with_color(style::OUTLINE).with_width(1.0),
    );
    // A white key's part below the black keys holds, top to bottom, the computer key's
    // letter, the mark and the octave's name: the mark sits between the other two.
    let (centre_y, room) = if black {
        (key_height - size.width * 0.6, size.width)
    } else {
        let (top, bottom) = (height * BLACK_LENGTH + LETTER_ROOM, height - NAME_ROOM);
        ((top + bottom) / 2.0, (bottom - top).min(size.width))
    };
    let centre = Point::new(top_left.x + size.width / 2.0, centre_y);
    let radius = (room * 0.32).max(3.0);
    match mark {
        Some(KeyMark::Next(finger)) => {
            let label = finger.map_or_else(|| "●".to_owned(), |f| f.to_string());
            frame.fill_text(Text {
                content: label,
                position: centre,
                color: ink,
                size: iced::Pixels((room * 0.7).clamp(10.0, 28.0)),
                align_x: iced::alignment::Horizontal::Center.into(),
                align_y: iced::alignment::Vertical::Center,
                ..Text::default()
            });
        }
        Some(KeyMark::Right) => {
            frame.stroke(
                &Path::circle(centre, radius),
                Stroke::default().with_color(ink).with_width(3.0),
            );
        }
        Some(KeyMark::Wrong) => {
            let cross = Path::new(|p| {
                p.move_to(Point::new(centre.x - radius, centre.y - radius));
                p.line_to(Point::new(centre.x + radius, centre.y + radius));
                p.move_to(Point::new(centre.x + radius, centre.y - radius));
                p.line_to(Point::new(centre.x - radius, centre.y + radius));
            });
            frame.stroke(&cross, Stroke::default().with_color(ink).with_width(3.0));
        }
        _ => {}
    }
    if !black && key.note.0 % 12 == 0 {
        frame.fill_text(Text {
            content: format!("C{}", i32::from(key.note.0) / 12 - 1),
            position: Point::new(top_left.x + size.width / 2.0, height - 4.0),
            color: label_ink(fill),
            size: iced::Pixels(11.0),
            align_x: iced::alignment::Horizontal::Center.into(),
            align_y: iced::alignment::Vertical::Bottom,
            ..Text::default()
        });
    }
}

/// The height kept for the computer key's letter, below the black keys.
const LETTER_ROOM: f32 = 22.0;
/// The height kept for the octave's name ("C4") at the foot of a white key.
const NAME_ROOM: f32 = 16.0;

/// A key's colour: its mark's, else ivory or ebony.
fn fill_of(key: &KeyShape, mark: Option<KeyMark>) -> iced::Color {
    match mark {
        Some(KeyMark::Next(_)) => style::NEXT,
        Some(KeyMark::Right) => style::RIGHT,
        Some(KeyMark::Wrong) => style::WRONG,
        Some(KeyMark::Held) => style::HELD,
        None if key.black => style::EBONY,
        None => style::IVORY,
    }
}

/// Small labels on a key of `fill`: grey on an unmarked white key (quieter than the marks,
/// still WCAG AA), else the ink that reads best on it.
fn label_ink(fill: iced::Color) -> iced::Color {
    if fill == style::IVORY {
        style::OUTLINE
    } else {
        style::ink_on(fill)
    }
}

/// The computer key that plays `key`, near the top of it, in ink that reads on `fill`.
fn paint_letter(
    frame: &mut Frame,
    key: &KeyShape,
    letter: char,
    fill: iced::Color,
    unit: f32,
    height: f32,
) {
    let top = if key.black {
        6.0
    } else {
        height * BLACK_LENGTH + 6.0
    };
    frame.fill_text(Text {
        content: letter.to_string(),
        position: Point::new((key.x + key.width / 2.0) * unit, top),
        color: label_ink(fill),
        size: iced::Pixels((key.width * unit * 0.4).clamp(10.0, LETTER_ROOM - 6.0)),
        align_x: iced::alignment::Horizontal::Center.into(),
        align_y: iced::alignment::Vertical::Top,
        ..Text::default()
    });
}
