//! The screens. Each has its `Message`, an `Action` for its parent where it needs one, `update`
//! and `view`.

pub mod lessons;
pub mod practice;
pub mod today;
