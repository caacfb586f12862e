//! Progress: the pure rules behind the practice journal. Time actually playing, local days
//! and streaks, the year's calendar, micro-goals and their progress, weekly milestones, sessions,
//! where the player stands in the course.
//! Dates are civil dates in the time zone where the player was; nothing here reads a clock or
//! a database.

pub mod bests;
pub mod course;
pub mod days;
pub mod drills;
pub mod goals;
pub mod ladder;
pub mod playing;
pub mod proposals;
pub mod review;
pub mod session;
pub mod summary;
pub mod then_and_now;
pub mod words;

pub use course::{PassedModes, Passing};
pub use days::{Streak, calendar, streak};
pub use goals::{BestMetric, GoalProgress, GoalSpec, History, evaluate};
pub use ladder::{Ladder, LadderRun};
pub use playing::{MAX_GAP_SECONDS, playing_seconds};
pub use proposals::{CurrentLesson, RecentPass, Standing, propose};
pub use summary::{AttemptSummary, DayBest, SessionMood};
