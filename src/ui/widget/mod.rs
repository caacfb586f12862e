//! Custom widgets.

pub mod keyboard;

pub use keyboard::{KeyMark, Keyboard};
