//! The screens. Each has its `Message`, an `Action` for its parent where it needs one, `update`
//! and `view`.

pub mod goal_editor;
pub mod journal;
pub mod lessons;
pub mod picker;
pub mod practice;
pub mod progress;
pub mod settings;
pub mod tap_test;
pub mod today;
