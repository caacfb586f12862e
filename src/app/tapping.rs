//! The tap test run from Settings: eight clicks from the metronome, the player's taps (MIDI
//! keys or the space bar) gathered as they come, then the round trip measured and kept as the
//! allowance tempo mode makes.

use super::*;
use crate::audio::command::Command as AudioCommand;
use crate::engine::calibrate::{self, CLICKS};
use crate::ui::screen::tap_test::TapTest;

/// The tap test's tempo.
const TAP_BPM: f64 = 100.0;

/// A tap test under way.
#[derive(Debug)]
pub(super) struct Tapping {
    /// When each click sounds.
    clicks: Vec<Instant>,
    /// When each tap came.
    taps: Vec<Instant>,
    /// When it is over.
    ends: Instant,
}

impl App {
    /// Starts the tap test: the clicks from half a second on (there must be sound to hear
    /// them).
    pub(super) fn start_tap_test(&mut self) {
        if self.sound.is_silent() {
            self.tap_said = Some("No sound: the tap test needs the clicks to be heard.".to_owned());
            return;
        }
        let clock = &self.sound.clock;
        let rate = f64::from(clock.sample_rate());
        let beat = (rate * 60.0 / TAP_BPM).round() as u64;
        let (position, _) = clock.read();
        let first = position + (rate / 2.0) as u64;
        self.sound.commands.send(AudioCommand::StartMetronome {
            first_beat: first,
            bpm: TAP_BPM,
            beats_per_bar: 4,
        });
        let clicks: Vec<Instant> = (0..CLICKS as u64)
            .map(|k| clock.instant_of(first + k * beat))
            .collect();
        let last = clicks.last().copied().unwrap_or_else(Instant::now);
        self.tapping = Some(Tapping {
            clicks,
            taps: Vec::new(),
            // Before the metronome's ninth click, 600 ms after the last.
            ends: last + Duration::from_millis(300),
        });
        self.tap_said = None;
    }

    /// A tap at `at`, while the test runs; whether it was one.
    pub(super) fn tap(&mut self, at: Instant) -> bool {
        match &mut self.tapping {
            Some(tapping) => {
                tapping.taps.push(at);
                true
            }
            None => false,
        }
    }

    /// Time passes: past the last click, the test ends and its round trip is kept.
    pub(super) fn tap_test_tick(&mut self, now: Instant) {
        let Some(tapping) = self.tapping.as_ref().filter(|t| now >= t.ends) else {
            return;
        };
        self.sound.commands.send(AudioCommand::StopMetronome);
        self.tap_said = Some(
            match calibrate::round_trip(&tapping.clicks, &tapping.taps) {
                Ok(micros) => {
                    let ms = micros / 1000;
                    self.context.settings.round_trip_ms = Some(ms);
                    self.context.settings.chosen("round_trip_ms");
                    self.save_settings();
                    if ms >= 0 {
                        format!("Your keys come {ms} ms after the click: tempo mode allows for it.")
                    } else {
                        format!(
                            "Your keys come {} ms before the click: tempo mode allows for it.",
                            -ms
                        )
                    }
                }
                Err(why) => format!("No round trip measured: {why}."),
            },
        );
        self.tapping = None;
    }

    /// The clicks the tap test plays, while it runs.
    pub fn tap_test_clicks(&self) -> Option<&[Instant]> {
        self.tapping.as_ref().map(|t| t.clicks.as_slice())
    }

    /// The tap test as Settings shows it.
    pub(super) fn tap_test(&self) -> TapTest {
        match &self.tapping {
            Some(tapping) => TapTest::Running {
                taps: tapping.taps.len(),
            },
            None => TapTest::Idle {
                round_trip_ms: self.context.settings.round_trip_ms,
                said: self.tap_said.clone(),
            },
        }
    }
}
