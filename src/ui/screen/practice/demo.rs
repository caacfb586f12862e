//! The lesson played to the player: which keys sound when, so the on-screen keys light in time
//! with the sound, or in its place when there is none.

use std::time::Instant;

use crate::engine::{Micros, Plan};

/// A demo of the lesson as planned: when it is heard from, and whether there is sound.
#[derive(Clone, Debug)]
pub struct Demo {
    plan: Plan,
    /// When the lesson's beginning is heard (or, without sound, shown); none until the app has
    /// started it.
    heard_from: Option<Instant>,
    /// Why there is no sound, when there is none.
    silent: Option<String>,
    /// The step sounding at the last tick.
    step: Option<usize>,
}

impl Demo {
    /// A demo of `plan`, waiting for the app to start it.
    pub fn new(plan: Plan) -> Demo {
        Demo {
            plan,
            heard_from: None,
            silent: None,
            step: None,
        }
    }

    /// The app started it: heard from `at`; `silent` says why nothing is heard, if so.
    pub fn started(&mut self, at: Instant, silent: Option<String>) {
        self.heard_from = Some(at);
        self.silent = silent;
    }

    /// Why nothing is heard, when there is no sound.
    pub fn silent(&self) -> Option<&str> {
        self.silent.as_deref()
    }

    /// Time passes: the step sounding at `now` is lit. Returns whether the demo is over.
    pub fn tick(&mut self, now: Instant) -> bool {
        let Some(from) = self.heard_from else {
            return false;
        };
        let time = Micros::try_from(now.saturating_duration_since(from).as_micros())
            .unwrap_or(Micros::MAX);
        self.step = self.plan.step_sounding_at(time);
        time >= self.plan.played_out_at()
    }

    /// The step sounding now, if any.
    pub fn step(&self) -> Option<usize> {
        self.step
    }
}
