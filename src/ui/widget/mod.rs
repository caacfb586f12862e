//! Custom widgets.

pub mod calendar;
pub mod keyboard;

pub use calendar::Calendar;
pub use keyboard::{KeyMark, Keyboard};
