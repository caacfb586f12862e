//! Colours and spacing in one place. Right and wrong are told apart by shape as well as colour
//! (a ring for a right key, a cross for a wrong one), in the Okabe–Ito palette, which people
//! with colour-vision deficiencies can tell apart.

use iced::Color;

/// Space between parts of a screen.
pub const SPACING: f32 = 16.0;
/// Padding inside a screen.
pub const PADDING: f32 = 24.0;
/// Large headings.
pub const TITLE_SIZE: f32 = 28.0;

/// The key to play next (Okabe–Ito blue).
pub const NEXT: Color = Color::from_rgb(0.0, 0.447, 0.698);
/// A right key held (Okabe–Ito bluish green).
pub const RIGHT: Color = Color::from_rgb(0.0, 0.620, 0.451);
/// A wrong key (Okabe–Ito vermillion).
pub const WRONG: Color = Color::from_rgb(0.835, 0.369, 0.0);
/// A key held that the lesson does not judge yet (Okabe–Ito sky blue).
pub const HELD: Color = Color::from_rgb(0.337, 0.706, 0.914);
/// White keys.
pub const IVORY: Color = Color::from_rgb(0.98, 0.98, 0.96);
/// Black keys.
pub const EBONY: Color = Color::from_rgb(0.12, 0.12, 0.13);
/// Key outlines.
pub const OUTLINE: Color = Color::from_rgb(0.35, 0.35, 0.38);
/// Goals met, stars earned (Okabe–Ito orange).
pub const GOLD: Color = Color::from_rgb(0.902, 0.624, 0.0);
