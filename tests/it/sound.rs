//! Rendered demos checked by listening with code: every note's pitch, every onset, the
//! metronome's clicks to the sample, and silence where nothing plays.

use std::path::Path;
use std::process::Command;

use etude::engine::{EventKind, Plan};
use etude::lesson::{LoadedLesson, Mode};
use etude::theory::Note;

use crate::onsets::rms;

const RATE: f64 = 48_000.0;

/// The bundled SoundFont as a file: the renders judged here name it, so a SoundFont installed
/// on the machine (Debian's FluidR3, say) never changes what they hear.
fn pinned_soundfont() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("soundfonts/sf_GMbank.sf2")
}

/// Renders a lesson with `etude render` (the bundled SoundFont) and returns the left channel
/// as floats.
fn render(dir: &Path, args: &[&str]) -> Vec<f32> {
    let file = dir.join("demo.wav");
    let output = Command::new(env!("CARGO_BIN_EXE_etude"))
        .arg("render")
        .arg("--soundfont")
        .arg(pinned_soundfont())
        .args(args)
        .arg("-o")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut reader = hound::WavReader::open(&file).unwrap();
    let spec = reader.spec();
    assert_eq!(
        (spec.channels, spec.sample_rate, spec.bits_per_sample),
        (2, 48_000, 16)
    );
    let samples: Vec<i16> = reader.samples::<i16>().map(Result::unwrap).collect();
    samples
        .chunks(2)
        .map(|frame| f32::from(frame[0]) / f32::from(i16::MAX))
        .collect()
}

/// The fundamental of `samples` by the YIN method (cumulative mean normalised difference).
fn fundamental(samples: &[f32]) -> f64 {
    let max_lag = (RATE / 40.0) as usize;
    let window = samples.len() - max_lag;
    let difference: Vec<f64> = (0..max_lag)
        .map(|lag| {
            (0..window)
                .map(|i| f64::from(samples[i] - samples[i + lag]).powi(2))
                .sum()
        })
        .collect();
    let mut normalised = vec![1.0; max_lag];
    let mut running = 0.0;
    for lag in 1..max_lag {
        running += difference[lag];
        normalised[lag] = difference[lag] * lag as f64 / running.max(f64::MIN_POSITIVE);
    }
    let mut lag = (RATE / 2_000.0) as usize;
    while lag + 1 < max_lag && !(normalised[lag] < 0.2 && normalised[lag] <= normalised[lag + 1]) {
        lag += 1;
    }
    // Parabolic interpolation around the minimum.
    let (a, b, c) = (normalised[lag - 1], normalised[lag], normalised[lag + 1]);
    let shift = 0.5 * (a - c) / (a - 2.0 * b + c);
    RATE / (lag as f64 + if shift.is_finite() { shift } else { 0.0 })
}

/// Where step `step` of `lesson` starts sounding in the renderer: the first sample where a
/// rendering of the steps up to it differs from one of the steps before it (the synthesizer is
/// deterministic, so the difference is that note alone, whatever rings on from before).
fn onset_of_step(lesson: &LoadedLesson, step: usize) -> usize {
    let font = etude::audio::soundfont::bundled().unwrap();
    let render = |steps: &[etude::lesson::Step]| {
        let plan = Plan::from_steps(
            "onset",
            steps,
            Mode::Tempo,
            lesson.lesson.tempo.get(),
            lesson.lesson.pass,
        );
        etude::audio::offline::render(&font, &plan, false)
            .unwrap()
            .left
    };
    let with = render(&lesson.steps[..=step]);
    let without = render(&lesson.steps[..step]);
    (0..with.len())
        .find(|i| without.get(*i).copied().unwrap_or(0.0) != with[*i])
        .unwrap_or(usize::MAX)
}

fn frequency(note: u8) -> f64 {
    440.0 * 2f64.powf((f64::from(note) - 69.0) / 12.0)
}

#[test]
fn every_note_of_a_rendered_scale_has_its_pitch_and_its_time() {
    let dir = tempfile::tempdir().unwrap();
    let left = render(dir.path(), &["--lesson", "c-major-scale-rh"]);
    const NOTES: [u8; 15] = [60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60];
    let first = (0.25 * RATE) as usize; // lead-in without a count-in
    let per_beat = RATE * 60.0 / 72.0;
    // Silence before the first note, to the last sample.
    assert!(
        left[..first].iter().all(|s| *s == 0.0),
        "sound before the demo starts"
    );
    let lesson = etude::service::curriculum::shipped()
        .get("c-major-scale-rh")
        .cloned()
        .unwrap();
    for (step, note) in NOTES.iter().enumerate() {
        let expected = first + (step as f64 * per_beat).round() as usize;
        if step % 3 == 0 || step == 5 {
            let onset = onset_of_step(&lesson, step);
            let off_ms = (onset as f64 - expected as f64) / RATE * 1000.0;
            assert!(
                (0.0..=5.0).contains(&off_ms),
                "step {step}: onset {off_ms:.2} ms from its schedule"
            );
        }
        // 0.4 s of the note from 50 ms in: a piano's attack does not sway the estimate.
        let sustain = &left[expected + 2_400..expected + 2_400 + 19_200];
        let heard = fundamental(sustain);
        let wanted = frequency(*note);
        assert!(
            (heard / wanted - 1.0).abs() < 0.01,
            "step {step}: heard {heard:.2} Hz for {wanted:.2} Hz"
        );
    }
    // The last note rings out and the file ends in silence.
    let tail = &left[left.len() - 4_800..];
    assert!(
        rms(tail) < 1e-3,
        "still sounding at the end: rms {}",
        rms(tail)
    );
}

#[test]
fn a_chord_demo_sounds_all_its_notes() {
    let dir = tempfile::tempdir().unwrap();
    let left = render(
        dir.path(),
        &["--lesson", "c-i-iv-v-i-close", "--bpm", "120"],
    );
    // The first chord (C E G, two beats at 120 bpm) holds the lowest note's period.
    let first = (0.25 * RATE) as usize;
    let heard = fundamental(&left[first + 4_800..first + 4_800 + 9_600]);
    // C4 E4 G4 stand nearly as 4:5:6 over C2: their common period is C2's (or an octave of it).
    let candidates = [frequency(36), frequency(48), frequency(60)];
    assert!(
        candidates.iter().any(|f| (heard / f - 1.0).abs() < 0.01),
        "heard {heard:.2} Hz for a C major triad"
    );
    assert!(rms(&left[first + 4_800..first + 14_400]) > 0.01);
}

#[test]
fn metronome_clicks_fall_on_exact_samples_with_beat_one_accented() {
    let dir = tempfile::tempdir().unwrap();
    let left = render(
        dir.path(),
        &["--lesson", "c-major-scale-rh", "--bpm", "90", "--metronome"],
    );
    let per_beat = RATE * 60.0 / 90.0; // 32,000 samples
    // The count-in bar holds only clicks: each starts on its exact sample after true silence.
    let mut peaks = Vec::new();
    for beat in 0..4 {
        let at = (beat as f64 * per_beat) as usize;
        assert!(left[at].abs() > 0.1, "beat {beat}: no click at sample {at}");
        if at > 0 {
            assert_eq!(left[at - 1], 0.0, "beat {beat}: sound before sample {at}");
            assert!(
                left[at - 2_000..at].iter().all(|s| *s == 0.0),
                "beat {beat}: not silent before the click"
            );
        }
        peaks.push(left[at..at + 480].iter().fold(0f32, |m, s| m.max(s.abs())));
        // The click is short: silence again 50 ms later.
        assert!(
            left[at + 2_400..at + 4_800].iter().all(|s| *s == 0.0),
            "beat {beat}: click too long"
        );
    }
    assert!(peaks[0] > peaks[1] * 1.2, "beat one is accented: {peaks:?}");
    assert!((peaks[1] - peaks[2]).abs() < 1e-3 && (peaks[2] - peaks[3]).abs() < 1e-3);
    // The lesson's first note starts with beat one of the next bar.
    let first_note = (4.0 * per_beat) as usize;
    assert!(left[first_note].abs() > 0.1);
}

#[test]
fn silence_before_an_attack_is_trimmed_from_the_soundfont() {
    use rustysynth::{Synthesizer, SynthesizerSettings};
    // The bundled bank holds ~8 ms of zeros before the sample F4 to A4 use.
    let font = etude::audio::soundfont::bundled().unwrap();
    for key in 21..=108 {
        let mut synth = Synthesizer::new(&font, &SynthesizerSettings::new(48_000)).unwrap();
        synth.note_on(0, key, 80);
        let (mut left, mut right) = (vec![0f32; 480], vec![0f32; 480]);
        synth.render(&mut left, &mut right);
        let first = left.iter().position(|x| x.abs() > 1e-4);
        assert!(
            first.is_some_and(|f| f < 144),
            "key {key}: first sound at sample {first:?} (over 3 ms)"
        );
    }
}

/// Once every key is up and the last one has rung out, the renderer writes silence without
/// running the synthesizer (what that saves is measured by `.ci/measure-window`): the rest
/// must never cut a sound short. The pedal keeps a released key ringing past the rest time,
/// and a key pressed during the rest sounds at once.
#[test]
fn the_synthesizer_rests_when_everything_has_rung_out_and_wakes_on_a_key() {
    use etude::audio::command::{Command, command_queue};
    use etude::audio::renderer::Renderer;
    let font = etude::audio::soundfont::bundled().unwrap();
    let (commands, receiver) = command_queue();
    let mut renderer = Renderer::new(&font, 48_000, receiver).unwrap();
    let mut block = |seconds: f64| {
        let frames = (seconds * 48_000.0) as usize;
        let (mut left, mut right) = (vec![0f32; frames], vec![0f32; frames]);
        renderer.render(&mut left, &mut right);
        left
    };
    let c4 = Note(60);
    commands.send(Command::Play(EventKind::NoteOn {
        note: c4,
        velocity: 90,
    }));
    assert!(rms(&block(0.5)) > 0.01, "a key sounds");
    commands.send(Command::Play(EventKind::Pedal { down: true }));
    commands.send(Command::Play(EventKind::NoteOff { note: c4 }));
    let pedalled = block(10.0);
    assert!(
        rms(&pedalled[pedalled.len() - 4_800..]) > 0.0,
        "the pedal keeps the string ringing"
    );
    commands.send(Command::Play(EventKind::Pedal { down: false }));
    let resting = block(9.0);
    assert!(
        resting[resting.len() - 48_000..].iter().all(|x| *x == 0.0),
        "eight seconds after the last key the output is silence"
    );
    commands.send(Command::Play(EventKind::NoteOn {
        note: c4,
        velocity: 90,
    }));
    let woken = block(0.1);
    assert!(
        woken[..480].iter().any(|x| x.abs() > 1e-3),
        "a key after the rest sounds within 10 ms"
    );
}

/// A recording as the journal keeps it (a MIDI file), read back and played by the background
/// feeder into a renderer paced like an audio device: each key sounds at its own time.
#[test]
fn a_recording_plays_back_at_its_own_times() {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use etude::audio::clock::SampleClock;
    use etude::audio::command::command_queue;
    use etude::audio::playback::Playback;
    use etude::audio::renderer::Renderer;
    use etude::engine::NoteEvent;
    use etude::midi::smf;

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("recording.mid");
    let played: Vec<NoteEvent> = [(60, 1_000_000), (64, 1_500_000), (67, 2_250_000)]
        .into_iter()
        .flat_map(|(note, at)| {
            [
                NoteEvent {
                    at,
                    kind: EventKind::NoteOn {
                        note: Note(note),
                        velocity: 90,
                    },
                },
                NoteEvent {
                    at: at + 300_000,
                    kind: EventKind::NoteOff { note: Note(note) },
                },
            ]
        })
        .collect();
    smf::write_performance(&played, &file).unwrap();
    let events = smf::read_performance(&std::fs::read(&file).unwrap(), None).unwrap();
    let schedule = etude::audio::demo::schedule_events(&events, 48_000);

    let font = etude::audio::soundfont::bundled().unwrap();
    let (commands, receiver) = command_queue();
    let clock = Arc::new(SampleClock::new(48_000));
    let mut renderer = Renderer::new(&font, 48_000, receiver).unwrap();
    let playback = Playback::start_into(commands, Arc::clone(&clock), schedule).unwrap();
    // The audio thread's part, in real time: 256 frames every 5.33 ms for 2.5 s.
    let mut output = Vec::new();
    let (mut left, mut right) = (vec![0f32; 256], vec![0f32; 256]);
    let start = Instant::now();
    for period in 0..470u32 {
        clock.publish(renderer.position(), Instant::now());
        renderer.render(&mut left, &mut right);
        output.extend_from_slice(&left);
        let next = start + Duration::from_micros(u64::from(period + 1) * 5_333);
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
    }
    drop(playback);
    let onsets = crate::onsets::onsets(&output, 48_000.0);
    assert_eq!(onsets.len(), 3, "three keys, three onsets: {onsets:?}");
    let gap = |a: usize, b: usize| (onsets[b] - onsets[a]) as f64 / 48.0;
    assert!((gap(0, 1) - 500.0).abs() <= 10.0, "{onsets:?}");
    assert!((gap(1, 2) - 750.0).abs() <= 10.0, "{onsets:?}");
}

#[test]
fn a_soundfont_named_on_the_command_line_must_be_the_one_used() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.sf2");
    std::fs::write(&broken, b"RIFF\x04\x00\x00\x00sfbk").unwrap();
    for (font, says) in [
        (
            broken.as_path(),
            "not a usable SoundFont: the file ends before its last chunk does",
        ),
        (
            Path::new("/no/such/font.sf2"),
            "cannot read it: No such file",
        ),
    ] {
        let file = dir.path().join("out.wav");
        let output = Command::new(env!("CARGO_BIN_EXE_etude"))
            .args(["render", "--lesson", "hot-cross-buns", "--soundfont"])
            .arg(font)
            .arg("-o")
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&font.display().to_string()) && stderr.contains(says),
            "{stderr}"
        );
        assert!(
            !stderr.contains("Error {") && !stderr.contains("kind:"),
            "{stderr}"
        );
        assert!(!file.exists(), "nothing rendered with another SoundFont");
    }
    // The SoundFont in the settings, unusable, gives way to the next choice with a warning.
    let loaded = etude::audio::soundfont::load(Some(&broken)).unwrap();
    assert_ne!(
        loaded.origin,
        etude::audio::soundfont::Origin::File(broken.clone())
    );
    assert!(
        loaded.warnings[0].contains("the SoundFont in the settings")
            && loaded.warnings[0].contains("trying the next one"),
        "{:?}",
        loaded.warnings
    );
}

/// `etude listen` with ALSA configured by `config` (and no JACK server to find).
fn listen_with_alsa(config: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("asound.conf");
    std::fs::write(&file, config).unwrap();
    Command::new(env!("CARGO_BIN_EXE_etude"))
        .args(["listen", "--lesson", "hot-cross-buns", "--bpm", "300"])
        .env("ALSA_CONFIG_PATH", &file)
        .env("JACK_DEFAULT_SERVER", "etude-test-no-such-server")
        .env("ETUDE_HOME", dir.path())
        .output()
        .unwrap()
}

#[test]
fn without_an_output_device_etude_says_so() {
    let output = listen_with_alsa("# no devices at all\n");
    assert_eq!(output.status.code(), Some(1), "a device failure");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "Sound: No sound: Etude found no speakers or headphones it could play through."
        ) && stderr.contains("(Detail: "),
        "{stderr}"
    );
    // ALSA's own complaints about the missing device are not shown to the player.
    assert!(!stderr.contains("ALSA lib"), "{stderr}");
}

#[test]
fn a_device_that_opens_plays_the_demo_to_its_end() {
    // ALSA's null device opens like a sound card (and is not paced in real time).
    let output = listen_with_alsa("pcm.!default { type null }\n");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("Sound: default device"), "{stderr}");
    // No library chatter when the stream closes.
    assert!(!stderr.contains("Dropping"), "{stderr}");
    assert!(
        stderr.contains("Playing Hot Cross Buns at 300 bpm"),
        "{stderr}"
    );
}

/// Live keys, stamped when they arrived, rendered offline as a device would ask for them: in
/// bursts of 256 frames every 5.33 ms, its callbacks waking up to ±0.5 ms off, each burst four
/// blocks of 64. Forty keys arrive at every place in the period; each must start one constant
/// delay after its own arrival (its sample on the device's time line, a burst and the margin
/// later), to within one synthesizer block: a steady instrument, whenever in the period the
/// key came.
#[test]
fn live_keys_start_on_their_own_samples_whenever_in_the_period_they_come() {
    use std::time::{Duration, Instant};

    use etude::audio::clock::LIVE_MARGIN_FRAMES;
    use etude::audio::command::{Command as AudioCommand, command_queue};
    use etude::audio::renderer::{Renderer, SYNTH_BLOCK};

    const BURST: u64 = 256;
    let rate = RATE as u32;
    let font = etude::audio::soundfont::bundled().unwrap();
    let (commands, clock, mut source) = device_source();
    let start = Instant::now();
    let seconds = |frames: u64| Duration::from_secs_f64(frames as f64 / RATE);
    // The device's time line: burst k is asked for at k bursts' time and 0.5 ms (give or
    // take the jitter below).
    let ideal =
        |at: Instant| ((at.duration_since(start).as_secs_f64() - 0.0005) * RATE).round() as u64;
    // Keys from 1.2 s on, 600.7 ms apart (so each falls elsewhere in the period, and the one
    // before has died away), held 60 ms; and one before them, not judged: a key struck again
    // takes a little longer to speak than the first from silence.
    let keys: Vec<Instant> = (1..=40u64)
        .map(|i| start + Duration::from_micros(600_000 + i * 600_700))
        .collect();
    let mut events: Vec<(Instant, EventKind)> =
        std::iter::once(start + Duration::from_micros(600_000))
            .chain(keys.iter().copied())
            .collect::<Vec<_>>()
            .iter()
            .flat_map(|at| {
                [
                    (
                        *at,
                        EventKind::NoteOn {
                            note: Note(72),
                            velocity: 100,
                        },
                    ),
                    (
                        *at + Duration::from_millis(60),
                        EventKind::NoteOff { note: Note(72) },
                    ),
                ]
            })
            .collect();
    events.sort_by_key(|(at, _)| *at);
    let total = ideal(*keys.last().unwrap()) + 24_000;
    let mut out = vec![0f32; total as usize + 1024];
    let mut next_event = 0;
    let mut burst = 0u64;
    while burst * BURST < total {
        let jitter = ((burst * 7919 % 101) as f64 / 100.0 - 0.5) * 0.001;
        let wake = start + seconds(burst * BURST) + Duration::from_secs_f64(0.0005 + jitter);
        // What arrived before this callback went to the synthesizer as it arrived, placed
        // by the clock as it stood then.
        while let Some((at, event)) = events.get(next_event).copied().filter(|(at, _)| *at < wake) {
            commands.send(AudioCommand::PlayAt {
                at: clock.live_position(at),
                event,
            });
            next_event += 1;
        }
        for block in 0..BURST / 64 {
            let (position, left, _) = source.render_block(wake + Duration::from_micros(30 * block));
            assert_eq!(position, burst * BURST + block * 64, "jitter moves nothing");
            out[position as usize..position as usize + 64].copy_from_slice(left);
        }
        burst += 1;
    }
    // The same key struck twice, on a block's first sample, 600 ms apart: how long the second
    // attack takes to reach the detector, the onset every key must show past its own sample.
    let (reference_commands, receiver) = command_queue();
    let mut reference = Renderer::new(&font, rate, receiver).unwrap();
    let placed = 4_800u64 + 28_800;
    for at in [4_800, placed] {
        strike_c5(&reference_commands, at);
    }
    let (mut left, mut right) = ([0f32; 64], [0f32; 64]);
    let mut alone = vec![0f32; placed as usize + 9_600];
    for chunk in 0..alone.len() / 64 {
        reference.render(&mut left, &mut right);
        alone[chunk * 64..chunk * 64 + 64].copy_from_slice(&left);
    }
    let attack = onset(&alone, placed as usize) - placed as i64;
    // Each key's onset past the sample it was meant for, less the attack.
    let delay = BURST + LIVE_MARGIN_FRAMES;
    let off: Vec<i64> = keys
        .iter()
        .map(|at| {
            let meant = (ideal(*at) + delay) as usize;
            onset(&out, meant) - meant as i64 - attack
        })
        .collect();
    assert!(
        off.iter().all(|frames| frames.abs() <= SYNTH_BLOCK as i64),
        "every key within a synthesizer block ({SYNTH_BLOCK} frames) of its own sample: {off:?}"
    );
    let spread = off.iter().max().unwrap() - off.iter().min().unwrap();
    assert!(spread <= SYNTH_BLOCK as i64 + 2, "spread {spread}: {off:?}");
}

/// A device stops asking for samples for 30 ms, longer than its buffer (an underrun: it starts
/// again from silence). What was scheduled before the stall, a key every 600 ms as a replay or
/// the other hand schedules them, sounds on its own beat after it as before it, to within a
/// synthesizer block: the renderer moves on with the device's time line instead of falling
/// behind by the stall. What comes out is laid out by when the device asked for it.
#[test]
fn a_device_that_stalls_keeps_what_was_scheduled_on_the_beat() {
    use std::time::{Duration, Instant};

    use etude::audio::renderer::SYNTH_BLOCK;

    const BURST: u64 = 256;
    const STALL: u64 = 1_440;
    let (commands, _, mut source) = device_source();
    // One key from silence first (not judged: a key struck again speaks a little later), and
    // each 600 ms after the one before, so that it has died away.
    let keys: Vec<u64> = (0..8u64).map(|i| 28_800 + i * 28_800).collect();
    for at in &keys {
        strike_c5(&commands, *at);
    }
    // The stall comes between the keys at 2.4 s and 3 s.
    let stall_from = 130_000 / BURST;
    let start = Instant::now();
    let total = keys.last().unwrap() + 24_000;
    let mut heard = vec![0f32; total as usize + 1024];
    let mut burst = 0u64;
    let mut moved = false;
    while burst * BURST + STALL < total {
        let asked_at = burst * BURST + if burst >= stall_from { STALL } else { 0 };
        let wake = start + Duration::from_secs_f64((asked_at as f64 + 24.0) / RATE);
        for block in 0..BURST / 64 {
            let (position, left, _) = source.render_block(wake + Duration::from_micros(30 * block));
            moved |= position != burst * BURST + block * 64;
            let out = (asked_at + block * 64) as usize;
            heard[out..out + 64].copy_from_slice(left);
        }
        burst += 1;
    }
    assert!(moved, "the stall moved the renderer");
    let off: Vec<i64> = keys[1..]
        .iter()
        .map(|meant| onset(&heard, *meant as usize) - *meant as i64)
        .collect();
    let spread = off.iter().max().unwrap() - off.iter().min().unwrap();
    assert!(
        spread <= SYNTH_BLOCK as i64 + 2,
        "each key the same delay after its beat, before the stall and after it: {off:?}"
    );
}

/// Schedules C5 struck at sample `at` and let go 60 ms later.
fn strike_c5(commands: &etude::audio::command::CommandSender, at: u64) {
    use etude::audio::command::Command as AudioCommand;

    commands.send(AudioCommand::PlayAt {
        at,
        event: EventKind::NoteOn {
            note: Note(72),
            velocity: 100,
        },
    });
    commands.send(AudioCommand::PlayAt {
        at: at + 2_880,
        event: EventKind::NoteOff { note: Note(72) },
    });
}

/// A rodio source of the renderer on the bundled font at 48 kHz, as a device plays it, with
/// the queue its commands go into and the stream's clock.
fn device_source() -> (
    etude::audio::command::CommandSender,
    std::sync::Arc<etude::audio::clock::SampleClock>,
    etude::audio::source::RendererSource,
) {
    use std::num::NonZero;
    use std::sync::Arc;

    use etude::audio::clock::SampleClock;
    use etude::audio::command::command_queue;
    use etude::audio::renderer::Renderer;
    use etude::audio::source::RendererSource;

    let font = etude::audio::soundfont::bundled().unwrap();
    let (commands, receiver) = command_queue();
    let renderer = Renderer::new(&font, RATE as u32, receiver).unwrap();
    let clock = Arc::new(SampleClock::new(RATE as u32));
    let rate = NonZero::new(RATE as u32).unwrap();
    let source = RendererSource::new(renderer, Arc::clone(&clock), rate);
    (commands, clock, source)
}

/// Where a key meant for sample `meant` of `samples` begins: the first sample well over what
/// was sounding just before it.
fn onset(samples: &[f32], meant: usize) -> i64 {
    let before = &samples[meant - 480..meant - 240];
    let floor = before.iter().fold(0f32, |m, s| m.max(s.abs()));
    (meant - 240..meant + 2_400)
        .find(|i| samples[*i].abs() > 2.0 * floor + 0.03)
        .unwrap_or_else(|| panic!("no onset near sample {meant} (floor {floor})")) as i64
}
