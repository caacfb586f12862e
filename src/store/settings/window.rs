//! The window's size and place as it last closed, kept in the settings.

use serde::{Deserialize, Serialize};

/// The window's size, in logical pixels.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowSize {
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl WindowSize {
    /// The smallest window every screen is made for.
    pub const SMALLEST: WindowSize = WindowSize {
        width: 800.0,
        height: 600.0,
    };

    /// Whether a window of this size can be opened again: at least the smallest, and no
    /// larger than any screen made.
    pub fn is_usable(&self) -> bool {
        (Self::SMALLEST.width..=16_384.0).contains(&self.width)
            && (Self::SMALLEST.height..=16_384.0).contains(&self.height)
    }
}

/// Where the window's top left corner was on the desktop, in logical pixels.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowPosition {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
}

impl WindowPosition {
    /// Whether the place is on a desktop of any size made (whether a screen is there now is
    /// checked once the window is open).
    pub fn is_usable(&self) -> bool {
        let on_a_desktop = |edge: f32| (-16_384.0..=16_384.0).contains(&edge);
        on_a_desktop(self.x) && on_a_desktop(self.y)
    }
}
