//! Scoring real Standard MIDI Files: written with midly (running status), or by hand.

use std::path::{Path, PathBuf};
use std::process::Command;

use etude::engine::{EventKind, NoteEvent};
use etude::midi::smf::{
    MAX_PERFORMANCE_BYTES, MAX_PERFORMANCE_EVENTS, SmfError, read_performance, write_performance,
};
use midly::num::{u4, u7, u15, u24, u28};
use midly::{
    Format, Fps, Header, MetaMessage, MidiMessage, Smf, Timing, TrackEvent, TrackEventKind,
};
use serde_json::Value;

type Timed = (u32, TrackEventKind<'static>);

fn note_on(tick: u32, channel: u8, key: u8, vel: u8) -> Timed {
    let message = MidiMessage::NoteOn {
        key: u7::new(key),
        vel: u7::new(vel),
    };
    (
        tick,
        TrackEventKind::Midi {
            channel: u4::new(channel),
            message,
        },
    )
}

fn tempo(tick: u32, us_per_quarter: u32) -> Timed {
    (
        tick,
        TrackEventKind::Meta(MetaMessage::Tempo(u24::new(us_per_quarter))),
    )
}

/// Writes an SMF: each track's events at absolute ticks (NoteOffs as NoteOn velocity 0).
fn smf_bytes(format: Format, timing: Timing, tracks: Vec<Vec<Timed>>) -> Vec<u8> {
    let mut smf = Smf::new(Header::new(format, timing));
    for mut events in tracks {
        events.sort_by_key(|e| e.0);
        let mut last = 0;
        let mut track: Vec<TrackEvent> = events
            .into_iter()
            .map(|(tick, kind)| {
                let delta = u28::new(tick - last);
                last = tick;
                TrackEvent { delta, kind }
            })
            .collect();
        track.push(TrackEvent {
            delta: u28::new(0),
            kind: TrackEventKind::Meta(MetaMessage::EndOfTrack),
        });
        smf.tracks.push(track);
    }
    let mut bytes = Vec::new();
    smf.write_std(&mut bytes).unwrap();
    bytes
}

/// C D E F G A B C B A G F E D C, one note per quarter at `ticks_per_quarter`, on `channel`.
fn scale_notes(ticks_per_quarter: u32, channel: u8) -> Vec<Timed> {
    const SCALE: [u8; 15] = [60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60];
    SCALE
        .iter()
        .enumerate()
        .flat_map(|(i, key)| {
            let at = i as u32 * ticks_per_quarter;
            [
                note_on(at, channel, *key, 80),
                note_on(at + ticks_per_quarter / 2, channel, *key, 0),
            ]
        })
        .collect()
}

fn save(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A format 0 file at `ppq` ticks per quarter holding `events`, saved in `dir`.
fn format_0(dir: &Path, name: &str, ppq: u16, events: Vec<Timed>) -> PathBuf {
    let bytes = smf_bytes(
        Format::SingleTrack,
        Timing::Metrical(u15::new(ppq)),
        vec![events],
    );
    save(dir, name, &bytes)
}

fn score(args: &[&str]) -> (Option<i32>, Value, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_etude"))
        .arg("score")
        .args(args)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (
        output.status.code(),
        json,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_format_0_file_is_scored_through_its_tempo() {
    let dir = tempfile::tempdir().unwrap();
    let mut events = scale_notes(480, 0);
    events.push(tempo(0, 750_000)); // 80 bpm
    let file = format_0(dir.path(), "scale.mid", 480, events);
    let (code, report, stderr) = score(&[
        "--lesson",
        "c-major-scale-rh",
        file.to_str().unwrap(),
        "--bpm",
        "80",
        "--json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        (report["correct"].as_u64(), report["tempo_bpm"].as_u64()),
        (Some(15), Some(80))
    );
    assert_eq!(report["timing"]["mean_abs_ms"], 0.0);
    assert_eq!(report["played_tempo_bpm"], 80.0);
    assert_eq!(report["mode"], "tempo");
}

#[test]
fn the_report_has_exactly_the_documented_shape() {
    // The example of the report contract: 15 expected, 13 correct, 1 wrong, 1 missed, 1 extra.
    let dir = tempfile::tempdir().unwrap();
    let mut notes = scale_notes(96, 0);
    notes.retain(|(tick, _)| *tick / 96 != 9); // the A4 coming down is missed
    notes.retain(|(tick, _)| *tick / 96 != 4); // G4 …
    notes.push(note_on(4 * 96, 0, 68, 80)); // … played as G#4: wrong
    notes.push(note_on(4 * 96 + 48, 0, 68, 0));
    notes.push(note_on(11 * 96 + 48, 0, 50, 70)); // a stray D3 between steps: extra
    notes.push(note_on(11 * 96 + 60, 0, 50, 0));
    let mut conductor = vec![tempo(0, 750_000)];
    conductor.push((0, TrackEventKind::Meta(MetaMessage::TrackName(b"tempo"))));
    let bytes = smf_bytes(
        Format::Parallel,
        Timing::Metrical(u15::new(96)),
        vec![conductor, notes],
    );
    let file = save(dir.path(), "mistakes.mid", &bytes);
    let (code, report, stderr) = score(&[
        "--lesson",
        "c-major-scale-rh",
        file.to_str().unwrap(),
        "--bpm",
        "80",
        "--json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let keys = |v: &Value| -> Vec<String> {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(&report),
        [
            "accuracy",
            "correct",
            "evenness",
            "expected",
            "extra",
            "lesson",
            "missed",
            "mode",
            "pass_accuracy",
            "pass_timing_ms",
            "passed",
            "played_tempo_bpm",
            "score",
            "stars",
            "steps",
            "tempo_bpm",
            "timing",
            "wrong"
        ]
    );
    assert_eq!(
        keys(&report["timing"]),
        ["early", "late", "mean_abs_ms", "offset_ms", "stdev_ms"]
    );
    assert_eq!(
        keys(&report["evenness"]),
        ["ioi_cv", "velocity_mean", "velocity_stdev"]
    );
    assert_eq!(
        keys(&report["steps"][0]),
        [
            "expected",
            "index",
            "offset_ms",
            "outcome",
            "played",
            "velocity"
        ]
    );
    assert_eq!(report["lesson"], "c-major-scale-rh");
    let counts: Vec<u64> = ["expected", "correct", "wrong", "missed", "extra"]
        .iter()
        .map(|k| report[k].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [15, 13, 1, 1, 1]);
    assert_eq!(report["accuracy"], 0.867);
    assert_eq!(report["passed"], false);
    assert_eq!(
        report["steps"][4],
        serde_json::json!({"index": 4, "expected": ["G4"], "played": ["G#4"], "outcome": "wrong", "offset_ms": 0.0, "velocity": 80})
    );
    assert_eq!(report["steps"][9]["outcome"], "missed");
    assert_eq!(report["steps"][9]["played"], serde_json::json!([]));
}

#[test]
fn tempo_changes_and_resolution_are_followed() {
    // 72 bpm throughout in real time: 8 notes at 833,333 µs per quarter, one per quarter; then the
    // file doubles its tempo and writes the rest two quarters apart.
    let ppq = 96;
    let mut notes = Vec::new();
    let keys = [60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60];
    let mut tick = 0;
    for (i, key) in keys.iter().enumerate() {
        notes.push(note_on(tick, 0, *key, 80));
        notes.push(note_on(tick + 10, 0, *key, 0));
        tick += if i < 7 { ppq } else { 2 * ppq };
    }
    let conductor = vec![tempo(0, 833_333), tempo(7 * ppq, 416_667)];
    let bytes = smf_bytes(
        Format::Parallel,
        Timing::Metrical(u15::new(ppq as u16)),
        vec![conductor, notes],
    );
    let events = read_performance(&bytes, None).unwrap();
    let onsets: Vec<i64> = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::NoteOn { .. }))
        .map(|e| e.at)
        .collect();
    let expected: Vec<i64> = (0..15).map(|i| i * 833_333).collect();
    for (got, want) in onsets.iter().zip(&expected) {
        assert!((got - want).abs() <= 10, "{got} vs {want}"); // the file's tempos are whole µs
    }
    let dir = tempfile::tempdir().unwrap();
    let file = save(dir.path(), "tempo-map.mid", &bytes);
    let (code, report, _) = score(&[
        "--lesson",
        "c-major-scale-rh",
        file.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(report["correct"], 15);
    assert_eq!(report["timing"]["mean_abs_ms"], 0.0);
    assert_eq!(report["passed"], true);
    assert_eq!(report["stars"], 3);
}

#[test]
fn smpte_timing_is_read_as_real_time() {
    // 25 frames × 40 subframes: one tick is one millisecond.
    let events = vec![
        note_on(1_000, 0, 60, 90),
        note_on(1_500, 0, 60, 0),
        note_on(2_250, 0, 62, 90),
    ];
    let bytes = smf_bytes(
        Format::SingleTrack,
        Timing::Timecode(Fps::Fps25, 40),
        vec![events],
    );
    let read = read_performance(&bytes, None).unwrap();
    assert_eq!(
        read,
        [
            NoteEvent::on(0, 60, 90),
            NoteEvent::off(500_000, 60),
            NoteEvent::on(1_250_000, 62, 90)
        ]
    );
}

#[test]
fn hand_written_bytes_with_running_status_and_velocity_zero() {
    #[rustfmt::skip]
    let bytes: Vec<u8> = [
        b"MThd".as_slice(), &[0, 0, 0, 6, 0, 0, 0, 1, 0, 96],     // format 0, one track, 96 ticks per quarter
        b"MTrk", &[0, 0, 0, 25],
        &[0x00, 0x90, 60, 100],                                    // NoteOn C4
        &[0x30, 62, 90],                                           // running status: NoteOn D4, 48 ticks later
        &[0x30, 60, 0],                                            // running status: velocity 0 = NoteOff C4
        &[0x00, 0xB0, 64, 127],                                    // sustain pedal down
        &[0x00, 0x80, 62, 64],                                     // NoteOff D4
        &[0x60, 0xC0, 5],                                          // program change: ignored
        &[0x00, 0xFF, 0x2F, 0x00],                                 // end of track
    ]
    .concat();
    let events = read_performance(&bytes, None).unwrap();
    assert_eq!(
        events,
        [
            NoteEvent::on(0, 60, 100),
            NoteEvent::on(250_000, 62, 90),
            NoteEvent::off(500_000, 60),
            NoteEvent {
                at: 500_000,
                kind: EventKind::Pedal { down: true }
            },
            NoteEvent::off(500_000, 62),
        ]
    );
}

#[test]
fn one_channel_can_be_chosen() {
    let mut events = scale_notes(480, 1); // channel 2
    events.extend((0..8).map(|i| note_on(i * 480 + 240, 9, 36, 100))); // a drum on channel 10
    events.push(tempo(0, 750_000));
    let dir = tempfile::tempdir().unwrap();
    let file = format_0(dir.path(), "two-channels.mid", 480, events);
    let path = file.to_str().unwrap();
    let (_, channel_2, _) = score(&[
        "--lesson",
        "c-major-scale-rh",
        path,
        "--bpm",
        "80",
        "--channel",
        "2",
        "--json",
    ]);
    assert_eq!(
        (channel_2["correct"].as_u64(), channel_2["extra"].as_u64()),
        (Some(15), Some(0))
    );
    let (_, all, _) = score(&[
        "--lesson",
        "c-major-scale-rh",
        path,
        "--bpm",
        "80",
        "--json",
    ]);
    assert_eq!(
        (all["correct"].as_u64(), all["extra"].as_u64()),
        (Some(15), Some(8))
    );
    let (code, _, stderr) = score(&["--lesson", "c-major-scale-rh", path, "--channel", "3"]);
    assert_ne!(code, Some(0));
    assert!(stderr.contains("no notes on channel 3"), "{stderr}");
}

#[test]
fn wait_mode_scores_the_order_of_notes_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut events = scale_notes(480, 0);
    events.push(tempo(0, 300_000)); // far faster than the lesson: irrelevant in wait mode
    let file = format_0(dir.path(), "fast.mid", 480, events);
    let (code, report, _) = score(&[
        "--lesson",
        "c-major-scale-rh",
        file.to_str().unwrap(),
        "--mode",
        "wait",
        "--json",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(
        (report["mode"].as_str(), report["correct"].as_u64()),
        (Some("wait"), Some(15))
    );
    assert_eq!(report["timing"]["mean_abs_ms"], Value::Null);
    assert_eq!(report["played_tempo_bpm"], 200.0);
}

#[test]
fn bad_files_get_a_clear_error_and_a_failing_exit() {
    let dir = tempfile::tempdir().unwrap();
    let empty = save(dir.path(), "empty.mid", b"");
    let garbage = save(dir.path(), "garbage.mid", b"this is not MIDI at all");
    let silent = save(
        dir.path(),
        "silent.mid",
        &smf_bytes(
            Format::SingleTrack,
            Timing::Metrical(u15::new(96)),
            vec![vec![tempo(0, 500_000)]],
        ),
    );
    let sequential = save(
        dir.path(),
        "sequential.mid",
        &smf_bytes(
            Format::Sequential,
            Timing::Metrical(u15::new(96)),
            vec![scale_notes(96, 0)],
        ),
    );
    for (file, words) in [
        (&empty, "the file is empty"),
        (&garbage, "not a valid Standard MIDI File"),
        (&silent, "the file has no notes"),
        (&sequential, "format 2"),
    ] {
        let (code, stdout, stderr) = score(&[
            "--lesson",
            "c-major-scale-rh",
            file.to_str().unwrap(),
            "--json",
        ]);
        assert_eq!(code, Some(2), "{}", file.display());
        assert_eq!(stdout, Value::Null, "nothing on stdout");
        assert!(
            stderr.contains(&file.display().to_string()) && stderr.contains(words),
            "{stderr}"
        );
    }
    assert!(matches!(read_performance(b"", None), Err(SmfError::Empty)));
    let (code, _, stderr) = score(&["--lesson", "c-major-scale-rh", "/no/such/file.mid"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot read /no/such/file.mid"));
}

#[test]
fn the_human_report_names_what_went_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let mut notes = scale_notes(480, 0);
    notes.retain(|(tick, _)| *tick / 480 != 3);
    notes.push(tempo(0, 833_333));
    let file = format_0(dir.path(), "f-missed.mid", 480, notes);
    let output = Command::new(env!("CARGO_BIN_EXE_etude"))
        .args([
            "score",
            "--lesson",
            "c-major-scale-rh",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("14 of 15 steps right (93.3%) · 0 wrong · 1 missed · 0 extra"),
        "{text}"
    );
    assert!(
        text.contains("  Step 4: expected F4, played nothing"),
        "{text}"
    );
}

#[test]
fn recorded_scores_land_in_the_journal_with_a_recording_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut events = scale_notes(480, 0);
    events.push(tempo(0, 833_333));
    let file = format_0(dir.path(), "scale.mid", 480, events);
    let etude = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_etude"))
            .args(args)
            .env("ETUDE_HOME", home.path())
            .output()
            .unwrap()
    };
    for _ in 0..2 {
        let scored = etude(&[
            "score",
            "--lesson",
            "c-major-scale-rh",
            file.to_str().unwrap(),
            "--record",
        ]);
        assert!(
            scored.status.success(),
            "{}",
            String::from_utf8_lossy(&scored.stderr)
        );
    }
    let stats: Value = serde_json::from_slice(&etude(&["stats", "--json"]).stdout).unwrap();
    assert_eq!(stats["today"]["attempts"], 2);
    assert_eq!(stats["bests"][0]["lesson"], "c-major-scale-rh");
    assert_eq!(stats["bests"][0]["best_score"], 100);
    assert_eq!(stats["bests"][0]["highest_tempo_passed"], 72);
    // 14 intervals of 833 ms: 11.7 s of playing, twice.
    let minutes = stats["today"]["minutes"].as_f64().unwrap();
    assert!((minutes - 0.4).abs() < 0.05, "{minutes}");
    assert_eq!(
        stats["today"]["goals"].as_array().unwrap().len(),
        3,
        "three goals proposed for today"
    );

    let export: Value = serde_json::from_slice(&etude(&["journal", "export"]).stdout).unwrap();
    let recording = home
        .path()
        .join(export["attempts"][0]["recording"].as_str().unwrap());
    let played = read_performance(&std::fs::read(&recording).unwrap(), None).unwrap();
    let onsets: Vec<i64> = played
        .iter()
        .filter(|e| matches!(e.kind, EventKind::NoteOn { .. }))
        .map(|e| e.at)
        .collect();
    assert_eq!(onsets.len(), 15);
    for (i, at) in onsets.iter().enumerate() {
        assert!(
            (at - i as i64 * 833_333).abs() <= 1_100,
            "note {i} at {at} µs"
        );
    }
    let csv = String::from_utf8(etude(&["journal", "export", "--format", "csv"]).stdout).unwrap();
    assert_eq!(csv.lines().count(), 3);
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .contains("\"c-major-scale-rh\",tempo,72,100,true,true")
    );
}

/// A recording as Etude writes it (format 0), and a format 1 file with a tempo track.
fn whole_files(dir: &Path) -> Vec<Vec<u8>> {
    let recording = dir.join("recording.mid");
    let played: Vec<NoteEvent> = (0..15u8)
        .flat_map(|i| {
            let at = i64::from(i) * 400_000;
            [
                NoteEvent::on(at, 60 + i, 80),
                NoteEvent::off(at + 200_000, 60 + i),
            ]
        })
        .collect();
    write_performance(&played, &recording).unwrap();
    let format_1 = smf_bytes(
        Format::Parallel,
        Timing::Metrical(u15::new(96)),
        vec![vec![tempo(0, 750_000)], scale_notes(96, 0)],
    );
    vec![std::fs::read(&recording).unwrap(), format_1]
}

#[test]
fn every_cut_of_a_file_is_refused_with_a_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let files = whole_files(dir.path());
    for whole in &files {
        assert_eq!(read_performance(whole, None).unwrap().len(), 30);
        for cut in 1..whole.len() {
            match read_performance(&whole[..cut], None) {
                Ok(events) => panic!(
                    "cut to {cut} of {} bytes, the file read as {} events",
                    whole.len(),
                    events.len()
                ),
                Err(error) => {
                    let message = error.to_string();
                    assert!(
                        message.contains("byte") && message.contains("cut short"),
                        "cut to {cut}: {message}"
                    );
                }
            }
        }
    }

    let recording = &files[0];
    assert!(matches!(
        read_performance(&recording[..2], None),
        Err(SmfError::CutHeading { end: 2, start: 0 })
    ));
    assert!(matches!(
        read_performance(&recording[..10], None),
        Err(SmfError::Truncated {
            start: 0,
            declared: 6,
            end: 10,
            ..
        })
    ));
    assert_eq!(
        read_performance(&recording[..14], None)
            .unwrap_err()
            .to_string(),
        "the header declares 1 track, but the file ends after 14 bytes with 0: it was cut short"
    );
    let half = recording.len() / 2;
    let message = read_performance(&recording[..half], None)
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("track 1 at byte 14 declares ")
            && message.contains(&format!("the file ends after {half} bytes")),
        "{message}"
    );

    // Through the CLI the message names the file too, and nothing is scored.
    let cut = save(dir.path(), "cut.mid", &recording[..half]);
    let (code, stdout, stderr) = score(&[
        "--lesson",
        "c-major-scale-rh",
        cut.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, Value::Null, "nothing on stdout");
    assert!(
        stderr.contains(&format!("{}: track 1 at byte 14", cut.display())),
        "{stderr}"
    );
}

#[test]
fn a_track_without_end_of_track_or_a_missing_track_is_refused() {
    #[rustfmt::skip]
    let no_end: Vec<u8> = [
        b"MThd".as_slice(), &[0, 0, 0, 6, 0, 0, 0, 1, 0, 96],
        b"MTrk", &[0, 0, 0, 8],
        &[0x00, 0x90, 60, 100],                                    // NoteOn C4
        &[0x60, 0x80, 60, 64],                                     // NoteOff C4, and no end of track
    ]
    .concat();
    let error = read_performance(&no_end, None).unwrap_err();
    assert!(
        matches!(
            error,
            SmfError::NoEndOfTrack {
                track: 1,
                start: 14,
                end: 30
            }
        ),
        "{error}"
    );
    assert_eq!(
        error.to_string(),
        "track 1 (bytes 14 to 30) has no End of Track event: the file was cut short or is damaged"
    );

    // The track declares 4 bytes, but its events run on past them.
    #[rustfmt::skip]
    let overrun: Vec<u8> = [
        b"MThd".as_slice(), &[0, 0, 0, 6, 0, 0, 0, 1, 0, 96],
        b"MTrk", &[0, 0, 0, 4],
        &[0x00, 0x90, 60, 100],
        &[0x60, 0x80, 60, 64],
        &[0x00, 0xFF, 0x2F, 0x00],
    ]
    .concat();
    assert!(matches!(
        read_performance(&overrun, None),
        Err(SmfError::NoEndOfTrack { track: 1, .. })
    ));

    // The header declares two tracks; the file holds one, whole.
    #[rustfmt::skip]
    let one_of_two: Vec<u8> = [
        b"MThd".as_slice(), &[0, 0, 0, 6, 0, 1, 0, 2, 0, 96],
        b"MTrk", &[0, 0, 0, 12],
        &[0x00, 0x90, 60, 100],
        &[0x60, 0x80, 60, 64],
        &[0x00, 0xFF, 0x2F, 0x00],
    ]
    .concat();
    assert!(matches!(
        read_performance(&one_of_two, None),
        Err(SmfError::MissingTracks {
            declared: 2,
            found: 1,
            end: 34
        })
    ));
}

/// `smf` wrapped in an RMID (RIFF) file.
fn rmid(smf: &[u8]) -> Vec<u8> {
    let mut data = b"data".to_vec();
    data.extend(u32::try_from(smf.len()).unwrap().to_le_bytes());
    data.extend(smf);
    if smf.len() % 2 == 1 {
        data.push(0);
    }
    let mut riff = b"RIFF".to_vec();
    riff.extend(u32::try_from(4 + data.len()).unwrap().to_le_bytes());
    riff.extend(b"RMID");
    riff.extend(data);
    riff
}

#[test]
fn an_rmid_file_reads_like_the_file_inside_and_a_cut_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let files = whole_files(dir.path());
    let smf = &files[0];
    let wrapped = rmid(smf);
    assert_eq!(
        read_performance(&wrapped, None).unwrap(),
        read_performance(smf, None).unwrap()
    );
    let error = read_performance(&wrapped[..wrapped.len() - 5], None).unwrap_err();
    assert!(
        matches!(error, SmfError::Truncated { start: 12, .. }),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .starts_with("the RMID chunk \"data\" at byte 12 declares"),
        "{error}"
    );
    // Offsets count from the start of the RMID file, whose MIDI data starts at byte 20.
    let mut two_tracks_declared = smf.clone();
    two_tracks_declared[11] = 2;
    let error = read_performance(&rmid(&two_tracks_declared), None).unwrap_err();
    assert!(
        matches!(error, SmfError::MissingTracks { declared: 2, found: 1, end } if end == 20 + smf.len()),
        "{error}"
    );
}

#[test]
fn a_performance_of_centuries_is_refused_with_its_length() {
    // One tick of 16.8 s, then a delta of 268,435,455 ticks: 143 years between two events.
    let bytes = smf_bytes(
        Format::SingleTrack,
        Timing::Metrical(u15::new(1)),
        vec![vec![
            tempo(0, 0xFF_FFFF),
            note_on(0, 0, 60, 80),
            note_on(0x0FFF_FFFF, 0, 60, 0),
        ]],
    );
    let error = read_performance(&bytes, None).unwrap_err();
    assert!(matches!(error, SmfError::TooLong { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        "the performance lasts 143 years from its first note to its last event, \
         longer than the 4 hours Etude scores"
    );

    // A second a quarter: exactly four hours is read, one tick more is not.
    let lasting = |ticks: u32| {
        smf_bytes(
            Format::SingleTrack,
            Timing::Metrical(u15::new(96)),
            vec![vec![
                tempo(0, 1_000_000),
                note_on(0, 0, 60, 80),
                note_on(ticks, 0, 60, 0),
            ]],
        )
    };
    let four_hours = 4 * 3600 * 96;
    let read = read_performance(&lasting(four_hours), None).unwrap();
    assert_eq!(read[1], NoteEvent::off(4 * 3600 * 1_000_000, 60));
    let error = read_performance(&lasting(four_hours + 1), None).unwrap_err();
    assert!(error.to_string().contains("lasts 4.1 hours"), "{error}");

    // Recording it is refused too: no session is dated centuries ago.
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let file = save(dir.path(), "centuries.mid", &bytes);
    let output = Command::new(env!("CARGO_BIN_EXE_etude"))
        .args([
            "score",
            "--lesson",
            "c-major-scale-rh",
            file.to_str().unwrap(),
            "--record",
        ])
        .env("ETUDE_HOME", home.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}: the performance lasts 143 years",
            file.display()
        )),
        "{stderr}"
    );
}

#[test]
fn performances_beyond_the_event_limit_are_refused() {
    // `count` notes, each a NoteOn and a NoteOff: two events.
    let notes = |count: u32| {
        let events: Vec<Timed> = (0..count)
            .flat_map(|i| {
                let key = 60 + (i % 12) as u8;
                [note_on(i * 20, 0, key, 80), note_on(i * 20 + 10, 0, key, 0)]
            })
            .collect();
        smf_bytes(
            Format::SingleTrack,
            Timing::Metrical(u15::new(480)),
            vec![events],
        )
    };
    let limit = u32::try_from(MAX_PERFORMANCE_EVENTS).unwrap();
    let at_the_limit = read_performance(&notes(limit / 2), None).unwrap();
    assert_eq!(at_the_limit.len(), MAX_PERFORMANCE_EVENTS);
    let error = read_performance(&notes(limit / 2 + 1), None).unwrap_err();
    assert!(matches!(error, SmfError::TooManyEvents), "{error}");
    assert_eq!(
        error.to_string(),
        format!(
            "the file holds more than {MAX_PERFORMANCE_EVENTS} note and pedal events, \
             the most Etude scores in one performance"
        )
    );
}

#[test]
fn files_beyond_the_size_limit_are_refused() {
    // A valid file whose notes follow a text event of `padding` bytes.
    let padded = |padding: usize| {
        let text: &'static [u8] = vec![b'.'; padding].leak();
        smf_bytes(
            Format::SingleTrack,
            Timing::Metrical(u15::new(96)),
            vec![vec![
                (0, TrackEventKind::Meta(MetaMessage::Text(text))),
                note_on(0, 0, 60, 80),
                note_on(96, 0, 60, 0),
            ]],
        )
    };
    let under = padded(MAX_PERFORMANCE_BYTES - 100);
    assert!(under.len() <= MAX_PERFORMANCE_BYTES);
    assert_eq!(read_performance(&under, None).unwrap().len(), 2);

    let over = padded(MAX_PERFORMANCE_BYTES);
    let error = read_performance(&over, None).unwrap_err();
    assert!(
        matches!(error, SmfError::TooLarge { bytes } if bytes == over.len() as u64),
        "{error}"
    );
    assert!(
        error.to_string().contains(&format!(
            "holds {} bytes, more than the 4194304 bytes (4 MiB)",
            over.len()
        )),
        "{error}"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = save(dir.path(), "huge.mid", &over);
    let (code, stdout, stderr) = score(&[
        "--lesson",
        "c-major-scale-rh",
        file.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, Value::Null, "nothing on stdout");
    assert!(
        stderr.contains(&format!(
            "{}: the file holds {} bytes",
            file.display(),
            over.len()
        )),
        "{stderr}"
    );
}

#[test]
fn a_header_with_an_impossible_smpte_rate_is_refused() {
    // Found by the `smf` fuzz target: a division of 0x8000 (-128 frames a second) made the
    // MIDI file reader overflow.
    let mut bytes =
        b"MThd\0\0\0\x06\0\0\0\x01\x80\0MTrk\0\0\0\x0c\0\x90\x3c\x50\x0a\x80\x3c\x40\0\xff\x2f\0"
            .to_vec();
    let error = read_performance(&bytes, None).unwrap_err().to_string();
    assert!(
        error.contains("byte 12 is 0x80") && error.contains("SMPTE"),
        "{error}"
    );
    // 25 frames a second, 40 subframes: a real rate reads.
    bytes[12] = (-25i8) as u8;
    bytes[13] = 40;
    let played = read_performance(&bytes, None).unwrap();
    // 10 ticks of 1/1000 s: the key is let go 10 ms after it went down.
    assert_eq!(played[1].at - played[0].at, 10_000);
}
