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

/// The widest a reading page (Today, Lessons, Progress, Journal, Settings) grows; a wider
/// window centres it.
pub const CONTENT_WIDTH: f32 = 1200.0;

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

/// Dark ink for text on light fills.
pub const INK: Color = Color::from_rgb(0.08, 0.08, 0.09);

/// WCAG relative luminance of a colour.
fn luminance(colour: Color) -> f32 {
    let linear = |c: f32| {
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b)
}

/// The WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: Color, b: Color) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Text on `fill`: white or dark ink, whichever reads better (at least WCAG AA's 4.5:1 on
/// every fill Etude uses).
pub fn ink_on(fill: Color) -> Color {
    if contrast(Color::WHITE, fill) >= contrast(INK, fill) {
        Color::WHITE
    } else {
        INK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_on_every_key_colour_meets_wcag_aa() {
        for fill in [NEXT, RIGHT, WRONG, HELD, IVORY, EBONY] {
            let ratio = contrast(ink_on(fill), fill);
            assert!(ratio >= 4.5, "{fill:?}: {ratio:.2}");
        }
        // The grey of the labels on an unmarked white key does too.
        assert!(contrast(OUTLINE, IVORY) >= 4.5);
        // The grey once used for note names on a blue key did not.
        assert!(contrast(OUTLINE, NEXT) < 4.5);
        assert!((contrast(Color::WHITE, Color::BLACK) - 21.0).abs() < 0.01);
    }
}
