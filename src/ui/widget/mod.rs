//! Custom widgets.

pub mod calendar;
pub mod chart;
pub mod keyboard;

pub use calendar::Calendar;
pub use chart::{Chart, Series};
pub use keyboard::{KeyMark, Keyboard};
