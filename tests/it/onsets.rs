//! Finding where notes start in recorded sound, for the tests that listen.

/// The sample positions where a note starts in `samples` (mono, at `rate`): a 5 ms window whose
/// change from sample to sample (the hammer's noise, which a string ringing on hardly has)
/// jumps well above the quieter of the two windows before it and is loud beside the loudest
/// attack heard (or a quiet key's level, in a recording of silence), while the sound itself
/// gets no quieter (a note cut short also changes fast, but falls); an attack that rises over
/// several windows counts once (within 100 ms).
pub fn onsets(samples: &[f32], rate: f64) -> Vec<usize> {
    let window = ((rate * 0.005) as usize).max(1);
    let rms = |c: &[f32]| (c.iter().map(|x| x * x).sum::<f32>() / c.len() as f32).sqrt();
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
    let apart = (rate * 0.1) as usize;
    let mut found: Vec<usize> = Vec::new();
    for i in 2..changes.len().min(levels.len()) {
        let before = changes[i - 1].min(changes[i - 2]);
        let jumps = changes[i] > 0.1 * loudest && changes[i] > 1.5 * before + 0.02 * loudest;
        let louder = levels[i] >= levels[i - 1].min(levels[i - 2]);
        if jumps && louder && found.last().is_none_or(|last| i * window - last > apart) {
            found.push(i * window);
        }
    }
    found
}

/// The time between each onset and the next, in ms.
pub fn gaps_ms(onsets: &[usize], rate: f64) -> Vec<f64> {
    onsets
        .windows(2)
        .map(|pair| (pair[1] - pair[0]) as f64 * 1000.0 / rate)
        .collect()
}
