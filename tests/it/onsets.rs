//! Finding where notes start in recorded sound, for the tests that listen.

/// The sample positions where a note starts in `samples` (mono, at `rate`): a 5 ms window whose
/// change from sample to sample (the hammer's noise, which a string ringing on hardly has)
/// jumps well above the quieter of the two windows before it and is loud beside the loudest
/// attack heard (or a quiet key's level, in a recording of silence), while the sound itself
/// gets no quieter (a note cut short also changes fast, but falls); an attack that rises over
/// several windows counts once (within 100 ms). Sound coming back after a dropout (a period
/// the recorder or the server missed, recorded as digital silence while keys rang) jumps too,
/// but is no key.
pub fn onsets(samples: &[f32], rate: f64) -> Vec<usize> {
    let window = ((rate * 0.005) as usize).max(1);
    let change: Vec<f32> = samples.windows(2).map(|pair| pair[1] - pair[0]).collect();
    let changes: Vec<f32> = change.chunks(window).map(rms).collect();
    let levels: Vec<f32> = samples
        .get(1..)
        .unwrap_or_default()
        .chunks(window)
        .map(rms)
        .collect();
    // Silence, or a hiss far below any key, has no onsets however it varies.
    let loudest = changes.iter().copied().fold(0.0, f32::max).max(0.003);
    let loudest_level = levels.iter().copied().fold(0.0, f32::max);
    let apart = (rate * 0.1) as usize;
    let mut found: Vec<usize> = Vec::new();
    for i in 2..changes.len().min(levels.len()) {
        let before = changes[i - 1].min(changes[i - 2]);
        let jumps = changes[i] > 0.1 * loudest && changes[i] > 1.5 * before + 0.02 * loudest;
        let louder = levels[i] >= levels[i - 1].min(levels[i - 2]);
        let resumes = resumes_after_dropout(samples, window, i, 0.02 * loudest_level);
        if jumps && louder && !resumes && found.last().is_none_or(|last| i * window - last > apart)
        {
            found.push(i * window);
        }
    }
    found
}

/// Whether window `i` begins after a dropout: a run of digital silence (at least 16 exact
/// zeros, which a ringing string never gives) in the two windows before it or in it, with
/// sound above `ringing` just before the run. A key struck after real silence, or after a
/// note that faded out, has nothing ringing before the zeros.
fn resumes_after_dropout(samples: &[f32], window: usize, i: usize, ringing: f32) -> bool {
    const RUN: usize = 16;
    let start = i.saturating_sub(2) * window;
    let end = ((i + 1) * window + 1).min(samples.len());
    let mut zeros = 0;
    for at in start..end {
        zeros = if samples[at] == 0.0 { zeros + 1 } else { 0 };
        if zeros == RUN {
            let run_start = at + 1 - RUN;
            if rms(&samples[run_start.saturating_sub(window)..run_start]) > ringing {
                return true;
            }
        }
    }
    false
}

/// The root mean square of `samples` (0 for none).
pub fn rms(samples: &[f32]) -> f32 {
    (samples.iter().map(|s| s * s).sum::<f32>() / samples.len().max(1) as f32).sqrt()
}

/// The time between each onset and the next, in ms.
pub fn gaps_ms(onsets: &[usize], rate: f64) -> Vec<f64> {
    onsets
        .windows(2)
        .map(|pair| (pair[1] - pair[0]) as f64 * 1000.0 / rate)
        .collect()
}

/// A ringing key with a period missing from its recording (5.3 ms of exact zeros, as the
/// recorder stores a period it missed) is still one onset, and a second key struck after the
/// first has faded into real silence is found.
#[test]
fn a_dropout_in_a_ringing_key_is_no_onset() {
    use etude::audio::command::command_queue;
    use etude::audio::renderer::Renderer;
    use etude::engine::EventKind;
    use etude::theory::Note;

    let font = etude::audio::soundfont::bundled().unwrap();
    let (_commands, receiver) = command_queue();
    let mut renderer = Renderer::new(&font, 48_000, receiver).unwrap();
    let key = |note| EventKind::NoteOn {
        note: Note(note),
        velocity: 90,
    };
    renderer.place(4_800, key(60));
    renderer.place(40_000, EventKind::NoteOff { note: Note(60) });
    renderer.place(4_800 + 96_000, key(64));
    let (mut left, mut right) = (vec![0f32; 144_000], vec![0f32; 144_000]);
    renderer.render(&mut left, &mut right);
    assert_eq!(onsets(&left, 48_000.0).len(), 2, "two keys");

    // The recorder missed a period 300 ms into the first key.
    left[19_200..19_456].fill(0.0);
    let found = onsets(&left, 48_000.0);
    assert_eq!(found.len(), 2, "still two keys: {found:?}");
    assert!(found[0].abs_diff(4_800) < 480, "{found:?}");
    assert!(found[1].abs_diff(100_800) < 480, "{found:?}");
}
