//! The metronome: clicks written into the stream at exact sample positions, beat one
//! accented, a tempo change taking effect on the next beat.

/// Length of one click.
const CLICK_SECONDS: f32 = 0.03;

/// The metronome's state inside the renderer.
#[derive(Clone, Debug)]
pub struct Metronome {
    sample_rate: u32,
    accent: Vec<f32>,
    beat: Vec<f32>,
    volume: f32,
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
    pending_bpm: Option<f64>,
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
            volume: 0.8,
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
            samples_per_beat: self.samples_per_beat(bpm),
            pending_bpm: None,
            sounding: None,
        });
    }

    /// Changes the tempo from the next beat on.
    pub fn set_tempo(&mut self, bpm: f64) {
        if let Some(running) = &mut self.running {
            running.pending_bpm = Some(bpm);
        }
    }

    /// Stops at once.
    pub fn stop(&mut self) {
        self.running = None;
    }

    /// The volume, 0..=1.
    pub fn set_volume(&mut self, volume: f32) {
        self.volume = volume.clamp(0.0, 1.0);
    }

    /// Adds clicks into `left`/`right`, which start at stream sample `position`.
    pub fn mix(&mut self, position: u64, left: &mut [f32], right: &mut [f32]) {
        let volume = self.volume;
        let Some(running) = &mut self.running else {
            return;
        };
        for (i, (l, r)) in left.iter_mut().zip(right.iter_mut()).enumerate() {
            let sample = (position + i as u64) as f64;
            if sample >= running.next_beat.floor() {
                running.sounding = Some((running.beat_in_bar == 0, 0));
                running.beat_in_bar = (running.beat_in_bar + 1) % running.beats_per_bar;
                if let Some(bpm) = running.pending_bpm.take() {
                    running.samples_per_beat = f64::from(self.sample_rate) * 60.0 / bpm.max(1.0);
                }
                running.next_beat += running.samples_per_beat;
            }
            if let Some((accented, offset)) = running.sounding {
                let wave = if accented { &self.accent } else { &self.beat };
                match wave.get(offset) {
                    Some(value) => {
                        *l += value * volume;
                        *r += value * volume;
                        running.sounding = Some((accented, offset + 1));
                    }
                    None => running.sounding = None,
                }
            }
        }
    }
}
