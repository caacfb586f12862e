//! Custom widgets.

pub mod calendar;
pub mod chart;
pub mod falling;
pub mod keyboard;
pub mod staff;

use iced::widget::canvas::{Cache, Frame, Geometry};
use iced::{Renderer, Size};

pub use calendar::Calendar;
pub use chart::{Chart, Series};
pub use falling::Falling;
pub use keyboard::{KeyMark, Keyboard};
pub use staff::Staff;

/// Draws with `paint` into `cache` when there is one (drawn again only when the size changes or
/// the cache is cleared), else into a fresh frame.
fn drawn(
    cache: Option<&Cache>,
    renderer: &Renderer,
    size: Size,
    paint: impl FnOnce(&mut Frame),
) -> Geometry {
    match cache {
        Some(cache) => cache.draw(renderer, size, paint),
        None => {
            let mut frame = Frame::new(renderer, size);
            paint(&mut frame);
            frame.into_geometry()
        }
    }
}
