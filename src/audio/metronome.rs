//! The metronome: clicks written into the stream at exact sample positions, beat one
//! accented.

/// Length of one click.
const CLICK_SECONDS: f32 = 0.03;

/// How loud the clicks are mixed, 0..=1.
const VOLUME: f32 = 0.8;

/// The metronome's state inside the renderer.
#[derive(Clone, Debug)]
pub struct Metronome {
    sample_rate: u32,
    accent: Vec<f32>,
    beat: Vec<f32>,
    running: Option<Running>,
}

#[derive(Clone, Copy, Debug)]
struct Running {
    /// Exact (fractional) sample position of the next beat.
    next_beat: f64,
    /// Which beat of the bar that is, from 0.
    beat_in_bar: u32,
    beats_per_bar: u32,
    samples_per_beat: f64,
    /// A click being written: which waveform and how far in.
    sounding: Option<(bool, usize)>,
}

/// A decaying cosine burst: the click's waveform (full strength on its first sample, so the
/// click starts exactly where it is placed).
fn burst(sample_rate: u32, frequency: f32, amplitude: f32) -> Vec<f32> {
    let length = (CLICK_SECONDS * sample_rate as f32) as usize;
    (0..length)
        .map(|i| {
            let t = i as f32 / sample_rate as f32;
            amplitude * (-t * 150.0).exp() * (std::f32::consts::TAU * frequency * t).cos()
        })
        .collect()
}

impl Metronome {
    /// A stopped metronome for a stream at `sample_rate`.
    pub fn new(sample_rate: u32) -> Metronome {
        Metronome {
            sample_rate,
            accent: burst(sample_rate, 1_760.0, 0.6),
            beat: burst(sample_rate, 1_320.0, 0.4),
            running: None,
        }
    }

    /// Samples per beat at `bpm`.
    pub fn samples_per_beat(&self, bpm: f64) -> f64 {
        f64::from(self.sample_rate) * 60.0 / bpm.max(1.0)
    }

    /// Starts with beat one of a bar at sample `first_beat`.
    pub fn start(&mut self, first_beat: u64, bpm: f64, beats_per_bar: u32) {
        self.running = Some(Running {
            next_beat: first_beat as f64,
            beat_in_bar: 0,
            beats_per_bar: beats_per_bar.max(1),
            // At least a sample: the beats passed are caught up with one by one.
            samples_per_beat: self.samples_per_beat(bpm).max(1.0),
            sounding: None,
        });
    }

    /// Stops at once.
    pub fn stop(&mut self) {
        self.running = None;
    }

    /// Adds clicks into `left`/`right`, which start at stream sample `position`.
    pub fn mix(&mut self, position: u64, left: &mut [f32], right: &mut [f32]) {
        let Some(running) = &mut self.running else {
            return;
        };
        for (i, (l, r)) in left.iter_mut().zip(right.iter_mut()).enumerate() {
            let sample = (position + i as u64) as f64;
            // (A loop: a stream moved on past a beat or more sounds the beat due once.)
            while sample >= running.next_beat.floor() {
                running.sounding = Some((running.beat_in_bar == 0, 0));
                running.beat_in_bar = (running.beat_in_bar + 1) % running.beats_per_bar;
                running.next_beat += running.samples_per_beat;
            }
            if let Some((accented, offset)) = running.sounding {
                let wave = if accented { &self.accent } else { &self.beat };
                match wave.get(offset) {
                    Some(value) => {
                        *l += value * VOLUME;
                        *r += value * VOLUME;
                        running.sounding = Some((accented, offset + 1));
                    }
                    None => running.sounding = None,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample positions where clicks start in `samples` samples of stream.
    fn click_starts(metronome: &mut Metronome, samples: usize) -> Vec<usize> {
        let (mut left, mut right) = (vec![0f32; samples], vec![0f32; samples]);
        metronome.mix(0, &mut left, &mut right);
        (0..samples)
            .filter(|i| left[*i] != 0.0 && (*i == 0 || left[i - 1] == 0.0))
            .collect()
    }

    #[test]
    fn clicks_fall_on_exact_samples_and_beat_one_is_louder() {
        let mut metronome = Metronome::new(48_000);
        metronome.start(1_000, 120.0, 3);
        let starts = click_starts(&mut metronome, 100_000);
        assert_eq!(starts, [1_000, 25_000, 49_000, 73_000, 97_000]);
        let mut loud = Metronome::new(48_000);
        loud.start(0, 120.0, 3);
        let (mut left, mut right) = (vec![0f32; 100_000], vec![0f32; 100_000]);
        loud.mix(0, &mut left, &mut right);
        assert!(left[0] > left[24_000] && (left[24_000] - left[48_000]).abs() < 1e-6);
        assert!(
            (left[72_000] - left[0]).abs() < 1e-6,
            "the fourth beat starts a new bar"
        );
    }

    #[test]
    fn fractional_beats_do_not_drift() {
        let mut metronome = Metronome::new(48_000);
        metronome.start(0, 66.0, 4); // 43,636.36… samples per beat
        let starts = click_starts(&mut metronome, 48_000 * 60);
        assert_eq!(starts.len(), 66);
        assert_eq!(
            starts[65],
            (65.0 * 48_000.0 * 60.0 / 66.0f64).floor() as usize
        );
    }

    #[test]
    fn a_stream_moved_past_beats_sounds_the_one_due_once_and_keeps_the_bar() {
        let mut metronome = Metronome::new(48_000);
        metronome.start(0, 120.0, 3); // beats at 0, 24,000, 48,000 and 72,000 (a new bar)
        let (mut left, mut right) = (vec![0f32; 100], vec![0f32; 100]);
        metronome.mix(0, &mut left, &mut right);
        // The output's clock went on to 50,000: the beats at 24,000 and 48,000 were never
        // rendered.
        let (mut left, mut right) = (vec![0f32; 30_000], vec![0f32; 30_000]);
        metronome.mix(50_000, &mut left, &mut right);
        let starts: Vec<usize> = (0..left.len())
            .filter(|i| left[*i] != 0.0 && (*i == 0 || left[i - 1] == 0.0))
            .collect();
        assert_eq!(starts, [0, 22_000]);
        assert!((left[0] - 0.4 * VOLUME).abs() < 1e-6, "a plain beat, once");
        assert!(
            (left[22_000] - 0.6 * VOLUME).abs() < 1e-6,
            "beat one of the next bar is accented"
        );
    }

    #[test]
    fn stop_silences_the_clicks() {
        let mut metronome = Metronome::new(48_000);
        metronome.start(0, 120.0, 4);
        let (mut left, mut right) = (vec![0f32; 10], vec![0f32; 10]);
        metronome.mix(0, &mut left, &mut right);
        assert!((left[0] - 0.6 * VOLUME).abs() < 1e-6);
        metronome.stop();
        let (mut left, mut right) = (vec![0f32; 50_000], vec![0f32; 50_000]);
        metronome.mix(10, &mut left, &mut right);
        assert!(left.iter().all(|s| *s == 0.0));
    }
}
