//! The window (iced 0.14): screens, widgets and styles. Everything here draws what the core and
//! the adapters know; no rule about music or progress lives in it.

pub mod renderer;
pub mod screen;
pub mod style;
pub mod widget;

/// The element type every view returns.
pub type Element<'a, Message> = iced::Element<'a, Message>;
