//! Playing: `etude practice`, `score`, `ports`, `listen`, `render`.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::journal;
use super::lessons::{find_lesson, find_section};
use super::{CliError, Output};
use crate::audio::output::{self as audio_output, AudioOutput};
use crate::engine::run::is_attempt;
use crate::engine::words::report_words;
use crate::engine::{Plan, Report, score_recording};
use crate::lesson::{Library, LoadedLesson, Mode};
use crate::midi::decode::ChannelFilter;
use crate::midi::input::port_names;
use crate::midi::{ports as port_choice, smf};
use crate::store::journal::Journal;
use crate::store::settings;

/// What `etude score` was asked for.
#[derive(Debug, Clone)]
pub struct ScoreRequest {
    /// A piece's hand and bars.
    pub section: super::section::SectionArgs,
    /// Lesson id or file.
    pub lesson: String,
    /// The .mid file.
    pub performance: PathBuf,
    /// Mode.
    pub mode: Mode,
    /// Tempo, else the lesson's.
    pub bpm: Option<u16>,
    /// MIDI channel 1-16, else all.
    pub channel: Option<u8>,
    /// Lessons folder.
    pub dir: Option<PathBuf>,
    /// Write it to the journal.
    pub record: bool,
}

/// `etude score`: feeds a recorded performance through the engine and prints the report.
pub fn score(request: &ScoreRequest, json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let performance = &request.performance;
    let context = super::context();
    let loaded = find_section(
        &request.lesson,
        request.section,
        request.dir.as_deref(),
        &context,
    )?;
    let cannot_read = |error: std::io::Error| {
        CliError::Input(format!("cannot read {}: {error}", performance.display()))
    };
    let file = std::fs::File::open(performance).map_err(cannot_read)?;
    let size = file.metadata().map_err(cannot_read)?.len();
    let limit = smf::MAX_PERFORMANCE_BYTES as u64;
    if size > limit {
        let error = smf::SmfError::TooLarge { bytes: size };
        return Err(CliError::Input(format!(
            "{}: {error}",
            performance.display()
        )));
    }
    // One byte past the limit at most, even from a pipe or a file still growing:
    // read_performance refuses that.
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, limit + 1), &mut bytes)
        .map_err(cannot_read)?;
    let events = smf::read_performance(&bytes, request.channel.map(|c| c - 1))
        .map_err(|error| CliError::Input(format!("{}: {error}", performance.display())))?;
    let report = score_recording(Plan::new(&loaded, Some(request.mode), request.bpm), &events);
    if request.record {
        let length = events.last().map_or(0, |e| e.at.max(0));
        let started_at = jiff::Timestamp::now()
            .checked_sub(jiff::SignedDuration::from_micros(length))
            .unwrap_or_else(|_| jiff::Timestamp::now());
        journal::record(
            &context,
            &journal::Finished {
                lesson: &loaded,
                report: &report,
                events: &events,
                started_at,
                mood_before: None,
                mood_after: None,
                note: None,
            },
        )?;
    }
    if json {
        out.json(&serde_json::to_value(&report)?)?;
    } else {
        describe_report(&mut out, &loaded.lesson.title, &report);
    }
    Ok(out)
}

/// The report in words, for the terminal.
pub(super) fn describe_report(out: &mut Output, title: &str, report: &Report) {
    let words = report_words(report);
    outln!(
        out,
        "{title} — {} mode, {} bpm",
        report.mode,
        report.tempo_bpm
    );
    outln!(out, "{}  {}  {}", words.score, words.stars, words.verdict);
    for line in &words.details {
        outln!(out, "{line}");
    }
    if !words.steps.is_empty() {
        outln!(out, "Steps to look at:");
        for line in &words.steps {
            outln!(out, "  {line}");
        }
    }
}

/// `etude ports`: the MIDI input ports, and which one Etude remembers.
pub fn ports(json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let names = port_names().map_err(|e| CliError::Failure(e.to_string()))?;
    let user = super::context().settings;
    let remembered = |name: &str| {
        user.midi_port
            .as_deref()
            .is_some_and(|r| port_choice::identity(r) == port_choice::identity(name))
    };
    if json {
        let list: Vec<Value> = names
            .iter()
            .map(|name| json!({"name": name, "remembered": remembered(name)}))
            .collect();
        out.json(&Value::Array(list))?;
    } else if names.is_empty() {
        eprintln!("No MIDI input ports. Plug in a keyboard and switch it on.");
    } else {
        for name in &names {
            outln!(
                out,
                "{name}{}",
                if remembered(name) {
                    "  (remembered)"
                } else {
                    ""
                }
            );
        }
    }
    Ok(out)
}

/// What `etude practice` was asked for.
#[derive(Debug, Clone)]
pub struct PracticeRequest {
    /// A piece's hand and bars.
    pub section: super::section::SectionArgs,
    /// Lesson id or file.
    pub lesson: String,
    /// Port name or part of it.
    pub port: Option<String>,
    /// Mode, else the lesson's.
    pub mode: Option<Mode>,
    /// Tempo, else the lesson's.
    pub bpm: Option<u16>,
    /// MIDI channel 1-16, else the setting, else all.
    pub channel: Option<u8>,
    /// Mood before, 1-10.
    pub mood_before: Option<u8>,
    /// Mood after, 1-10.
    pub mood_after: Option<u8>,
    /// A note for the journal.
    pub note: Option<String>,
    /// Lessons folder.
    pub dir: Option<PathBuf>,
}

/// The mode a practice run is played in: `--mode` when given; else the one the course asks for
/// now, as the `journal` says (a lesson passed in wait mode, then in tempo mode, opens in the
/// mode still to pass); else the lesson's own.
fn mode_to_practise(
    loaded: &LoadedLesson,
    request: &PracticeRequest,
    journal: Option<&Journal>,
    library: &Library,
) -> Mode {
    let own = loaded.lesson.mode;
    if let Some(mode) = request.mode {
        return mode;
    }
    let Some(journal) = journal else {
        return own;
    };
    let passes = crate::service::overview::passes(journal, library).unwrap_or_default();
    let passing = passes.of(loaded.lesson.id.as_str());
    if passing == crate::progress::Passing::NowInTime {
        eprintln!("The notes are passed in wait mode: now in time, in tempo mode.");
    }
    crate::progress::course::opening_mode(loaded.lesson.passed_in, passing, own)
}

/// The tempo a practice run is played at: `--bpm` when given; in tempo mode the lesson's tempo
/// ladder as the `journal` has it (see `progress::ladder`); else the lesson's own.
fn tempo_to_practise(
    loaded: &LoadedLesson,
    mode: Mode,
    request: &PracticeRequest,
    journal: Option<&Journal>,
) -> Option<u16> {
    if request.bpm.is_some() || mode != Mode::Tempo {
        return request.bpm;
    }
    let ladder = crate::service::overview::ladder(journal?, loaded).ok()?;
    eprintln!("Tempo ladder: {}", ladder.words());
    Some(ladder.tempo())
}

/// `etude practice --headless`: one attempt on a live MIDI keyboard.
pub fn practice(request: &PracticeRequest, json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let mut context = super::context();
    let loaded = find_section(
        &request.lesson,
        request.section,
        request.dir.as_deref(),
        &context,
    )?;
    let available = port_names().map_err(|e| CliError::Failure(e.to_string()))?;
    let port = port_choice::choose(
        &available,
        request.port.as_deref(),
        context.settings.midi_port.as_deref(),
    )
    .map_err(|e| match e {
        // No keyboard at all is the machine's state; a name that matches none is a mistake.
        port_choice::PortChoiceError::NoPorts => CliError::Failure(e.to_string()),
        other => CliError::Input(other.to_string()),
    })?;
    if context.settings.midi_port.as_deref() != Some(port.as_str()) {
        context.settings.midi_port = Some(port.clone());
        if let Err(error) = journal::save_settings(&context) {
            eprintln!("warning: could not remember the port: {error}");
        }
    }
    let channels = match request.channel.or(context.settings.midi_channel) {
        Some(channel) => ChannelFilter::Only(channel - 1),
        None => ChannelFilter::All,
    };
    let sound = open_sound(&context.settings);
    let (sender, receiver) = std::sync::mpsc::channel();
    let input = crate::service::keyboard::listen(&sound, &port, channels, sender)
        .map_err(|e| CliError::Failure(e.to_string()))?;
    eprintln!("Listening to {port}");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let on_interrupt = std::sync::Arc::clone(&stop);
    if let Err(error) =
        ctrlc::set_handler(move || on_interrupt.store(true, std::sync::atomic::Ordering::Relaxed))
    {
        eprintln!("warning: Ctrl-C will not end the attempt cleanly: {error}");
    }
    let plan = {
        // Read once for the mode and the tempo, and closed before the run is kept.
        let journal = Journal::open_to_read(&context.journal_file()).ok();
        let mode = mode_to_practise(&loaded, request, journal.as_ref(), &context.library);
        let tempo = tempo_to_practise(&loaded, mode, request, journal.as_ref());
        Plan::new(&loaded, Some(mode), tempo)
    };
    let practised = super::terminal::practise(
        plan,
        &loaded.lesson.title,
        &receiver,
        &stop,
        &sound,
        context.settings.round_trip(),
        &mut std::io::stderr(),
    );
    drop(input);
    if let Some(warning) = sound.breaks_warning() {
        eprintln!("warning: {warning}");
    }
    let report = practised.report;
    if !is_attempt(&practised.events) {
        eprintln!("Nothing was played, so nothing is kept in the journal.");
    } else if let Err(error) = journal::record(
        &context,
        &journal::Finished {
            lesson: &loaded,
            report: &report,
            events: &practised.events,
            started_at: journal::timestamp_of(practised.started),
            mood_before: request.mood_before,
            mood_after: request.mood_after,
            note: request.note.as_deref(),
        },
    ) {
        eprintln!("warning: the attempt was not saved: {error}");
    }
    if json {
        out.json(&serde_json::to_value(&report)?)?;
    } else {
        describe_report(&mut out, &loaded.lesson.title, &report);
    }
    Ok(out)
}

/// `etude render`: the lesson's demo as a WAV file.
pub fn render(
    wanted: &str,
    bpm: Option<u16>,
    metronome: bool,
    output: &Path,
    soundfont: Option<&Path>,
    dir: Option<&Path>,
) -> Result<Output, CliError> {
    let loaded = find_lesson(wanted, dir, &super::context())?;
    let font = match soundfont {
        Some(path) => crate::audio::soundfont::load_exactly(path),
        None => crate::audio::soundfont::load(None),
    }
    .map_err(|e| CliError::Input(e.to_string()))?;
    for warning in &font.warnings {
        eprintln!("warning: {warning}");
    }
    let plan = Plan::new(&loaded, None, bpm);
    let rendering = crate::audio::offline::render(&font.soundfont, &plan, metronome)
        .map_err(|e| CliError::Failure(e.to_string()))?;
    crate::audio::offline::write_wav(&rendering, output)
        .map_err(|e| CliError::Failure(format!("cannot write {}: {e}", output.display())))?;
    eprintln!(
        "Wrote {} ({:.1} s at {} bpm, SoundFont: {})",
        output.display(),
        rendering.left.len() as f64 / f64::from(rendering.sample_rate),
        plan.tempo_bpm,
        font.origin
    );
    Ok(Output::ok())
}

/// Loads the SoundFont and opens the sound output as the settings say; says on stderr what
/// plays (or why nothing does). Never fails: without a device the output is silent.
fn open_sound(settings: &settings::Settings) -> AudioOutput {
    let (output, warnings) =
        audio_output::open_chosen(settings.soundfont.as_deref(), settings.audio_buffer);
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    eprintln!("Sound: {}", output.description);
    output
}

/// `etude listen`: plays a lesson's demo through the speakers.
pub fn listen(wanted: &str, bpm: Option<u16>, dir: Option<&Path>) -> Result<Output, CliError> {
    let context = super::context();
    let loaded = find_lesson(wanted, dir, &context)?;
    let sound = open_sound(&context.settings);
    if sound.is_silent() {
        return Err(CliError::Failure(sound.description));
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let on_interrupt = std::sync::Arc::clone(&stop);
    if let Err(error) =
        ctrlc::set_handler(move || on_interrupt.store(true, std::sync::atomic::Ordering::Relaxed))
    {
        eprintln!("warning: Ctrl-C will not stop the demo cleanly: {error}");
    }
    let plan = Plan::new(&loaded, None, bpm);
    eprintln!(
        "Playing {} at {} bpm (Ctrl-C stops)",
        loaded.lesson.title, plan.tempo_bpm
    );
    let schedule = crate::audio::demo::schedule(&plan, sound.clock.sample_rate());
    let start = crate::audio::playback::start_sample(&sound.clock);
    crate::audio::playback::feed(&sound.commands, &sound.clock, &schedule, start, &stop);
    Ok(Output::ok())
}
