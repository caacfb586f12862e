//! Settings' tap test: "tap along with 8 clicks", what it measured, and the allowance tempo
//! mode makes for it.

use iced::widget::{button, column, row, text};

use super::settings::Message;
use crate::engine::calibrate::CLICKS;
use crate::ui::{Element, style};

/// Where the tap test stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TapTest {
    /// Not running: the round trip allowed for (ms, if measured) and what the last test said.
    Idle {
        /// The round trip tempo mode allows for.
        round_trip_ms: Option<i64>,
        /// What the last test found, in words.
        said: Option<String>,
    },
    /// Clicking: taps heard so far.
    Running {
        /// Taps so far.
        taps: usize,
    },
}

/// The tap test's part of the Settings screen.
pub fn view<'a>(test: TapTest) -> Element<'a, Message> {
    let mut part = column![
        text("Timing").size(20),
        text(format!(
            "Tap any key along with {CLICKS} clicks: Etude measures the time from a click to your \
             key (the speaker's delay, your keyboard's, your own) and allows for it in tempo mode."
        ))
        .size(14),
    ]
    .spacing(6);
    match test {
        TapTest::Idle {
            round_trip_ms,
            said,
        } => {
            if let Some(said) = said {
                part = part.push(text(said).color(style::NEXT));
            }
            part = part.push(text(match round_trip_ms {
                Some(ms) => format!("Tempo mode allows for {ms} ms."),
                None => "Tempo mode allows for nothing yet.".to_owned(),
            }));
            let mut buttons = row![
                button(text(format!("Tap along with {CLICKS} clicks"))).on_press(Message::TapTest)
            ]
            .spacing(10);
            if round_trip_ms.is_some() {
                buttons = buttons.push(
                    button(text("Allow for nothing"))
                        .style(button::secondary)
                        .on_press(Message::ForgetRoundTrip),
                );
            }
            part = part.push(buttons);
        }
        TapTest::Running { taps } => {
            part = part.push(
                text(format!(
                    "Listen, then tap any key (the MIDI keyboard or the space bar) on every click… {taps} taps"
                ))
                .size(18)
                .color(style::NEXT),
            );
        }
    }
    part.into()
}
