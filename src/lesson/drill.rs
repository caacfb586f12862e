//! A drill: a short span of a lesson's steps where the player's errors gather (see
//! `progress::drills`), played four times over with a beat's breath between, at three
//! quarters of the lesson's tempo, in tempo mode. Known by `drill:<lesson id>:<first>-<last>`
//! (steps from 0, inclusive), it opens everywhere a lesson opens; its steps are the lesson's own.

use super::limits::MAX_STEPS;
use super::model::{Exercise, Mode, PassedIn};
use super::parse::LoadedLesson;
use super::values::{LessonId, Tempo};

/// How many times the span is played.
pub const REPEATS: usize = 4;
/// The drill's tempo: this share of the lesson's (40 bpm at the least).
const TEMPO_SHARE: f64 = 0.75;
/// The longest span a drill takes, in steps.
pub const MAX_SPAN: usize = 6;

/// The id of the drill of steps `from`–`to` of `lesson`.
pub fn id_of(lesson: &str, from: usize, to: usize) -> String {
    format!("drill:{lesson}:{from}-{to}")
}

/// The lesson id and the steps a drill's id names.
pub fn parts_of(id: &str) -> Option<(&str, usize, usize)> {
    let rest = id.strip_prefix("drill:")?;
    let (lesson, span) = rest.rsplit_once(':')?;
    let (from, to) = span.split_once('-')?;
    let (from, to) = (from.parse().ok()?, to.parse().ok()?);
    // Only the id Etude writes.
    (id_of(lesson, from, to) == id).then_some((lesson, from, to))
}

/// The drill of steps `from`–`to` (from 0, inclusive) of `lesson`, or why there is none.
pub fn drill(lesson: &LoadedLesson, from: usize, to: usize) -> Result<LoadedLesson, String> {
    let title = &lesson.lesson.title;
    let span = lesson
        .steps
        .get(from..=to)
        .filter(|span| span.len() <= MAX_SPAN)
        .ok_or_else(|| {
            format!(
                "{title} has no steps {from}–{to} to drill: it has {} steps (0–{}), and a drill \
                 takes 1–{MAX_SPAN} of them",
                lesson.steps.len(),
                lesson.steps.len().saturating_sub(1)
            )
        })?;
    let (Some(first), Some(last)) = (span.first(), span.last()) else {
        return Err(format!("{title}: an empty span"));
    };
    let start = first.beat;
    // One beat's breath between the repeats.
    let length = last.beat + last.beats - start + 1.0;
    let mut steps = Vec::with_capacity(span.len() * REPEATS);
    for repeat in 0..REPEATS {
        for step in span {
            let mut step = step.clone();
            step.beat = step.beat - start + length * repeat as f64;
            steps.push(step);
        }
    }
    if steps.len() > MAX_STEPS {
        return Err(format!("{title}: the drill is too long"));
    }
    let names: Vec<String> = span
        .iter()
        .filter_map(|s| s.names.first())
        .map(ToString::to_string)
        .collect();
    let id = id_of(lesson.lesson.id.as_str(), from, to);
    let mut drilled = lesson.lesson.clone();
    drilled.id = LessonId::made(&id);
    drilled.title = format!("Drill {} of {title}", names.join("–"));
    drilled.summary = Some(format!(
        "Steps {}–{} of {title}, {REPEATS} times, at three quarters of its tempo",
        from + 1,
        to + 1
    ));
    drilled.tempo = Tempo(
        (f64::from(lesson.lesson.tempo.get()) * TEMPO_SHARE)
            .round()
            .max(40.0) as u16,
    );
    drilled.mode = Mode::Tempo;
    // A drill is practised in tempo mode as it is: a pass is a pass.
    drilled.passed_in = PassedIn::Either;
    drilled.goal = None;
    // The key, the hand and the time as the lesson's; the span starts on its own beat.
    if let Exercise::Notes { pickup, .. } = &mut drilled.exercise {
        *pickup = None;
    }
    Ok(LoadedLesson {
        lesson: drilled,
        steps,
        origin: lesson.origin.clone(),
        id_at: lesson.id_at,
    })
}
