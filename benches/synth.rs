//! Synthesis speed: 10 s of 16-voice polyphony with the bundled SoundFont, rendered through
//! Etude's renderer in 256-frame blocks (as a device pulls it), beside FluidSynth rendering
//! the same MIDI file with the same font (`fluidsynth -ni -F out.wav -r 48000`), in one run.
//! `cargo bench --bench synth` measures; under `cargo test` it only checks that it runs.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use etude::audio::command::{Command as AudioCommand, command_queue};
use etude::audio::renderer::Renderer;
use etude::audio::soundfont;
use etude::engine::EventKind;
use etude::theory::Note;
use midly::num::{u4, u7, u15, u24, u28};
use midly::{Format, Header, MetaMessage, MidiMessage, Smf, Timing, TrackEvent, TrackEventKind};

const RATE: u32 = 48_000;
/// Sixteen keys struck together every two seconds, each held 1.9 s.
const KEYS: [u8; 16] = [
    36, 40, 43, 48, 52, 55, 60, 64, 67, 72, 76, 79, 84, 88, 91, 96,
];
const STRIKES: u32 = 5;

fn events() -> Vec<(u64, EventKind)> {
    let mut events = Vec::new();
    for strike in 0..u64::from(STRIKES) {
        for key in KEYS {
            let note = Note(key);
            events.push((
                strike * 2 * u64::from(RATE),
                EventKind::NoteOn {
                    note,
                    velocity: 100,
                },
            ));
            events.push((
                strike * 2 * u64::from(RATE) + u64::from(RATE) * 19 / 10,
                EventKind::NoteOff { note },
            ));
        }
    }
    events.sort_by_key(|e| e.0);
    events
}

/// The same performance as a MIDI file: 480 ticks a quarter at 120 bpm, so 2 s is 1,920 ticks.
fn midi_file(path: &Path) -> std::io::Result<()> {
    let mut track = vec![TrackEvent {
        delta: u28::new(0),
        kind: TrackEventKind::Meta(MetaMessage::Tempo(u24::new(500_000))),
    }];
    let mut last = 0u32;
    for (sample, event) in events() {
        let tick = (sample * 960 / u64::from(RATE)) as u32;
        let message = match event {
            EventKind::NoteOn { note, velocity } => MidiMessage::NoteOn {
                key: u7::new(note.0),
                vel: u7::new(velocity),
            },
            EventKind::NoteOff { note } => MidiMessage::NoteOff {
                key: u7::new(note.0),
                vel: u7::new(0),
            },
            EventKind::Pedal { .. } => continue,
        };
        track.push(TrackEvent {
            delta: u28::new(tick - last),
            kind: TrackEventKind::Midi {
                channel: u4::new(0),
                message,
            },
        });
        last = tick;
    }
    track.push(TrackEvent {
        delta: u28::new(960),
        kind: TrackEventKind::Meta(MetaMessage::EndOfTrack),
    });
    let mut smf = Smf::new(Header::new(
        Format::SingleTrack,
        Timing::Metrical(u15::new(480)),
    ));
    smf.tracks.push(track);
    smf.save(path)
}

/// Loads the font and renders `seconds` of the performance; returns the time taken.
fn etude_render(seconds: u32) -> Result<Duration, String> {
    let started = Instant::now();
    let font = soundfont::bundled().map_err(|e| e.to_string())?;
    render_with(&font, seconds, 256)?;
    Ok(started.elapsed())
}

/// Renders `seconds` of the performance with `font` in blocks of `frames` (as a device asks);
/// returns the time taken, font loading left out.
fn render_with(
    font: &std::sync::Arc<rustysynth::SoundFont>,
    seconds: u32,
    frames: usize,
) -> Result<Duration, String> {
    let (sender, receiver) = command_queue();
    let mut renderer = Renderer::new(font, RATE, receiver).map_err(|e| e.to_string())?;
    for (at, event) in events() {
        sender.send(AudioCommand::PlayAt { at, event });
    }
    let (mut left, mut right) = (vec![0f32; frames], vec![0f32; frames]);
    let started = Instant::now();
    for _ in 0..seconds as usize * RATE as usize / frames {
        renderer.render(&mut left, &mut right);
        std::hint::black_box((&left, &right));
    }
    Ok(started.elapsed())
}

/// The share of each period spent rendering 16 voices at 64 frames (1.3 ms), per font.
fn small_periods() {
    let mut fonts = vec![("bundled", soundfont::bundled().map_err(|e| e.to_string()))];
    let fluid_r3 = Path::new("/usr/share/sounds/sf2/FluidR3_GM.sf2");
    if fluid_r3.exists() {
        fonts.push((
            "FluidR3",
            soundfont::load_exactly(fluid_r3)
                .map(|loaded| loaded.soundfont)
                .map_err(|e| e.to_string()),
        ));
    }
    for (name, font) in fonts {
        let Ok(font) = font else { continue };
        let seconds = 10;
        if let Some(took) = (0..3)
            .filter_map(|_| render_with(&font, seconds, 64).ok())
            .min()
        {
            println!(
                "etude, {name}: 16 voices in 64-frame periods: {:.1} us a period, {:.1}% of it",
                took.as_secs_f64() * 1e6 / (f64::from(seconds) * f64::from(RATE) / 64.0),
                100.0 * took.as_secs_f64() / f64::from(seconds)
            );
        }
    }
}

fn fluidsynth_render(font: &Path, midi: &Path, out: &Path) -> Option<Duration> {
    let started = Instant::now();
    let status = Command::new("fluidsynth")
        .args(["-ni", "-F"])
        .arg(out)
        .args(["-r", "48000"])
        .arg(font)
        .arg(midi)
        .output()
        .ok()?;
    status.status.success().then(|| started.elapsed())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let measuring = std::env::args().any(|a| a == "--bench");
    if !measuring {
        let took = etude_render(1)?;
        println!("synth smoke run: 1 s of 16-voice polyphony rendered in {took:?}");
        return Ok(());
    }
    let seconds = 10;
    let best =
        |runs: usize, f: &mut dyn FnMut() -> Option<Duration>| (0..runs).filter_map(|_| f()).min();
    let ours = best(5, &mut || etude_render(seconds).ok()).ok_or("Etude's renderer failed")?;
    let ours_rtf = f64::from(seconds) / ours.as_secs_f64();
    println!(
        "etude (rustysynth, font load included): 10 s rendered in {ours:.2?}, {ours_rtf:.0}x real time"
    );
    small_periods();

    let dir = std::env::temp_dir().join(format!("etude-synth-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let midi = dir.join("polyphony.mid");
    midi_file(&midi)?;
    let font = Path::new(env!("CARGO_MANIFEST_DIR")).join("soundfonts/sf_GMbank.sf2");
    let out = dir.join("fluidsynth.wav");
    match best(3, &mut || fluidsynth_render(&font, &midi, &out)) {
        Some(theirs) => {
            let rendered = hound::WavReader::open(&out)
                .map(|r| f64::from(r.duration()) / f64::from(RATE))
                .unwrap_or(0.0);
            let theirs_rtf = rendered / theirs.as_secs_f64();
            println!(
                "fluidsynth (whole process): {rendered:.1} s rendered in {theirs:.2?}, {theirs_rtf:.0}x real time; etude / fluidsynth speed ratio {:.2}",
                ours_rtf / theirs_rtf
            );
        }
        None => println!("fluidsynth is not installed (apt-get install fluidsynth): no comparison"),
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
