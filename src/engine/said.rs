//! What a run says as it goes, in words: one wording for the terminal and the window.

use super::happening::Happening;
use super::plan::Plan;
use crate::theory::{Note, SpelledNote};

/// The notes of `step`, spelled for the lesson's key ("C4 E4 G4"); empty past the end.
pub fn note_names(plan: &Plan, step: usize) -> String {
    plan.targets.get(step).map_or_else(String::new, |target| {
        let names: Vec<String> = target.step.names.iter().map(|n| n.pretty()).collect();
        names.join(" ")
    })
}

/// `step` as a teacher says it: chord (numeral and symbol), notes, fingers
/// ("V G/B: B3 D4 G4 (finger 1 2 5)").
fn step_words(plan: &Plan, step: usize) -> String {
    let Some(target) = plan.targets.get(step) else {
        return String::new();
    };
    let mut words = Vec::new();
    if let Some(chord) = &target.step.chord {
        words.push(format!("{} {}:", chord.numeral, chord.symbol));
    }
    words.push(note_names(plan, step));
    let fingers: Vec<String> = target
        .step
        .fingers
        .iter()
        .flatten()
        .map(|f| f.get().to_string())
        .collect();
    if !fingers.is_empty() {
        words.push(format!("(finger {})", fingers.join(" ")));
    }
    words.join(" ")
}

/// A key pressed, out of any key: sharps ("D♯4").
fn key(note: Note) -> String {
    SpelledNote::plain(note, false).pretty()
}

/// `happening` in words.
pub fn said(plan: &Plan, happening: &Happening) -> String {
    match happening {
        Happening::CountIn(beat) => format!("count-in {beat}"),
        Happening::Go => "Go!".to_owned(),
        Happening::Partial(note) => format!("{} ✓ …", key(*note)),
        Happening::StepDone { step, offset } => {
            let timing = offset.map_or_else(String::new, |us| {
                let ms = us as f64 / 1000.0;
                format!(" ({}{ms:.0} ms)", if ms >= 0.0 { "+" } else { "" })
            });
            format!("✓ step {}: {}{timing}", step + 1, step_words(plan, *step))
        }
        Happening::Wrong { step, got } => format!(
            "✗ {} — step {} is {}",
            key(*got),
            step + 1,
            step_words(plan, *step)
        ),
        Happening::Extra(got) => format!("✗ {}: no step is due now", key(*got)),
        Happening::Missed(step) => {
            format!("… step {}: missed ({})", step + 1, step_words(plan, *step))
        }
        Happening::Next(step) => format!("Next: step {}: {}", step + 1, step_words(plan, *step)),
        Happening::Paused { step, port } => format!(
            "Keyboard unplugged ({port}): paused at step {}. Plug it back in to go on.",
            step + 1
        ),
        Happening::Resumed { step, port } => {
            format!("Keyboard back ({port}): go on from step {}.", step + 1)
        }
        Happening::Finished => "Finished!".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::parse;

    #[test]
    fn a_wrong_key_names_the_step_with_its_chord_and_fingers() {
        let lesson = parse(
            r#"Lesson(id: "i-v", title: "I V", level: 1, tempo: 60,
                exercise: Progression(key: "G major", chords: ["I", "V"], octave: 4, voicing: Close, beats_per_chord: 2, hand: Right))"#,
            "i-v.ron",
        )
        .unwrap();
        let plan = Plan::new(&lesson, None, None);
        let wrong = said(
            &plan,
            &Happening::Wrong {
                step: 1,
                got: Note(63),
            },
        );
        assert!(wrong.starts_with("✗ D♯4 — step 2 is V D:"), "{wrong}");
        let done = said(
            &plan,
            &Happening::StepDone {
                step: 0,
                offset: Some(-12_400),
            },
        );
        assert!(
            done.starts_with("✓ step 1: I G:") && done.ends_with("(-12 ms)"),
            "{done}"
        );
    }
}
