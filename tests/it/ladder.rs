//! The tempo ladder through the command line, over a real journal: runs scored and recorded in
//! tempo mode climb it rung by rung, and two failures in a row step it down.

use std::path::Path;

use serde_json::Value;

use crate::cli::{etude_in, json};
use crate::pieces::perform;

/// Scores a run of the C major scale at `bpm` in tempo mode and keeps it in `home`'s journal;
/// the steps `wrong` a semitone off.
fn record(home: &Path, scale: &Value, bpm: u32, wrong: &[usize]) -> Value {
    let performance = home.join(format!("run-{bpm}-{wrong:?}.mid"));
    perform(scale, bpm, wrong, &performance);
    let bpm = bpm.to_string();
    let scored = etude_in(
        home,
        &[
            "score",
            "--lesson",
            "c-major-scale-rh",
            "--mode",
            "tempo",
            "--bpm",
            &bpm,
            "--record",
            performance.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(
        scored.status.success(),
        "{}",
        String::from_utf8_lossy(&scored.stderr)
    );
    serde_json::from_slice(&scored.stdout).unwrap()
}

fn ladder(home: &Path) -> Value {
    let shown = etude_in(home, &["ladder", "--lesson", "c-major-scale-rh", "--json"]);
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    serde_json::from_slice(&shown.stdout).unwrap()
}

#[test]
fn passed_runs_climb_the_ladder_and_two_failures_step_it_down() {
    let home = tempfile::tempdir().unwrap();
    let scale = json(&["lessons", "show", "c-major-scale-rh", "--json"]);
    assert_eq!(scale["tempo"], 72);
    let fresh = ladder(home.path());
    assert_eq!(
        (fresh["tempo"].as_u64(), fresh["target"].as_u64()),
        (Some(43), Some(72))
    );
    assert_eq!(fresh["history"].as_array().unwrap().len(), 0);

    // 60 % of 72 is 43.2; each pass climbs 5 % of 72, 3.6 bpm.
    assert_eq!(record(home.path(), &scale, 43, &[])["passed"], true);
    assert_eq!(ladder(home.path())["tempo"], 47);
    assert_eq!(record(home.path(), &scale, 47, &[])["passed"], true);
    let climbed = ladder(home.path());
    assert_eq!(climbed["tempo"], 50);
    assert_eq!(climbed["to_go"], 6, "50.4 of 72 is six rungs short");
    // Two runs with two wrong notes each at the rung: down a rung.
    for _ in 0..2 {
        let failed = record(home.path(), &scale, 50, &[2, 5]);
        assert_eq!(failed["passed"], false, "{failed}");
    }
    let stepped = ladder(home.path());
    assert_eq!(stepped["tempo"], 47);
    let rungs: Vec<u64> = stepped["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|run| run["rung"].as_u64().unwrap())
        .collect();
    assert_eq!(rungs, [47, 50, 50, 47]);
    let first = &stepped["history"][0];
    assert_eq!(
        (first["tempo"].as_u64(), first["passed"].as_bool()),
        (Some(43), Some(true))
    );
    // Said in words too.
    let said = etude_in(home.path(), &["ladder", "--lesson", "c-major-scale-rh"]);
    assert!(
        String::from_utf8_lossy(&said.stdout)
            .starts_with("C major scale, right hand: 47 of 72 bpm, 7 to go"),
        "{}",
        String::from_utf8_lossy(&said.stdout)
    );
}
