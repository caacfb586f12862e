//! The guided path: lessons in order, grouped in units.

use serde::{Deserialize, Serialize};

use super::values::LessonId;

/// `lessons/course.ron`: the order a beginner takes the lessons in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Course {
    /// The course's name.
    pub title: String,
    /// Units in order.
    pub units: Vec<Unit>,
}

/// A group of lessons with one theme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// The unit's name.
    pub title: String,
    /// Lesson ids in order.
    pub lessons: Vec<LessonId>,
}

impl Course {
    /// Every lesson id in course order.
    pub fn lesson_ids(&self) -> impl Iterator<Item = &LessonId> {
        self.units.iter().flat_map(|unit| unit.lessons.iter())
    }
}
