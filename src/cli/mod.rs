//! The command line: one function per subcommand. With `--json`, each prints exactly one JSON
//! document on stdout; messages go to stderr.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use serde_json::{Value, json};

use crate::audio::command::Command as AudioCommand;
use crate::audio::output::{self as audio_output, AudioOutput};
use crate::curriculum;
use crate::engine::{Attempt, Plan, Report, report::Outcome};
use crate::lesson::{Hand, Library, LoadedLesson, Mode, Step};
use crate::midi::decode::ChannelFilter;
use crate::midi::input::{Forward, LiveInput, port_names};
use crate::midi::{ports as port_choice, smf};
use crate::store::{self, settings};
use crate::theory::{self, Note, ScaleKind, SpelledNote};

/// Etude, a MIDI keyboard practice tutor.
#[derive(Debug, Parser)]
#[command(name = "etude", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without one, Etude shows this help (the window comes later).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, show and check lesson files.
    #[command(subcommand)]
    Lessons(LessonsCommand),
    /// Spell scales and name chords.
    #[command(subcommand)]
    Theory(TheoryCommand),
    /// Streak, today's minutes and goals, this week, personal bests.
    Stats {
        /// As of this date (2026-11-25) instead of today.
        #[arg(long)]
        on: Option<String>,
        /// Add the last twelve months, minutes per day.
        #[arg(long)]
        calendar: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Today's micro-goals and their progress; `goals add` sets one of your own.
    Goals {
        /// Add a goal.
        #[command(subcommand)]
        command: Option<GoalsCommand>,
        /// For this date (2026-11-25) instead of today.
        #[arg(long)]
        on: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// The practice journal: export it, import an export, or start a fresh one.
    #[command(subcommand)]
    Journal(JournalCommand),
    /// List the MIDI input ports.
    Ports {
        /// Print JSON: [{"name": "...", "remembered": false}].
        #[arg(long)]
        json: bool,
    },
    /// Practise a lesson on a MIDI keyboard: feedback as you play, the report at the end.
    Practice {
        /// A lesson id, or a path to a .ron lesson file.
        #[arg(long)]
        lesson: String,
        /// The MIDI input port: its exact name or a unique part of it (any case). Default: the
        /// remembered port, else the only one.
        #[arg(long)]
        port: Option<String>,
        /// wait: each step waits for the right notes; tempo: the metronome runs. Default: the lesson's.
        #[arg(long, value_enum)]
        mode: Option<ModeArg>,
        /// Practise at this tempo instead of the lesson's.
        #[arg(long, value_parser = clap::value_parser!(u16).range(20..=300))]
        bpm: Option<u16>,
        /// Only notes on this MIDI channel (1-16); default: the setting, else all channels.
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=16))]
        channel: Option<u8>,
        /// Practise in the terminal (feedback on stderr, the report on stdout).
        #[arg(long)]
        headless: bool,
        /// How you feel before playing, 1-10 (kept in the journal).
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=10))]
        mood_before: Option<u8>,
        /// How you feel after playing, 1-10.
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=10))]
        mood_after: Option<u8>,
        /// A note for the journal.
        #[arg(long)]
        note: Option<String>,
        /// A lessons folder to look the id up in instead of the shipped curriculum.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Play a lesson's demo through the speakers ("listen, then play").
    Listen {
        /// A lesson id, or a path to a .ron lesson file.
        #[arg(long)]
        lesson: String,
        /// Play it at this tempo instead of the lesson's.
        #[arg(long, value_parser = clap::value_parser!(u16).range(20..=300))]
        bpm: Option<u16>,
        /// A lessons folder to look the id up in instead of the shipped curriculum.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Render a lesson's demo to a WAV file (no audio device needed).
    Render {
        /// A lesson id, or a path to a .ron lesson file.
        #[arg(long)]
        lesson: String,
        /// Play it at this tempo instead of the lesson's.
        #[arg(long, value_parser = clap::value_parser!(u16).range(20..=300))]
        bpm: Option<u16>,
        /// Add a one-bar count-in and a click on every beat.
        #[arg(long)]
        metronome: bool,
        /// The WAV file to write (48 kHz, 16-bit stereo).
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// A SoundFont (.sf2) to use instead of the usual choice.
        #[arg(long)]
        soundfont: Option<PathBuf>,
        /// A lessons folder to look the id up in instead of the shipped curriculum.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Score a recorded performance (a Standard MIDI File) against a lesson.
    Score {
        /// A lesson id, or a path to a .ron lesson file.
        #[arg(long)]
        lesson: String,
        /// The performance: a .mid file (format 0 or 1). Time starts at its first note.
        performance: PathBuf,
        /// wait: only the order of notes counts; tempo (default): every step has its time.
        #[arg(long, value_enum, default_value_t = ModeArg::Tempo)]
        mode: ModeArg,
        /// Judge at this tempo instead of the lesson's.
        #[arg(long, value_parser = clap::value_parser!(u16).range(20..=300))]
        bpm: Option<u16>,
        /// Only notes on this MIDI channel (1-16); default all channels.
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=16))]
        channel: Option<u8>,
        /// A lessons folder to look the id up in instead of the shipped curriculum.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Write the attempt and its recording to the journal.
        #[arg(long)]
        record: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `etude goals …`
#[derive(Debug, Subcommand)]
pub enum GoalsCommand {
    /// Add a goal: `minutes 5 [on LESSON]`, `clean 3 LESSON [at BPM]`, `new KIND`,
    /// `beat score|evenness|tempo LESSON`.
    Add {
        /// The goal, in words.
        #[arg(required = true, num_args = 1..)]
        goal: Vec<String>,
        /// For this date instead of today.
        #[arg(long)]
        on: Option<String>,
    },
}

/// `etude journal …`
#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Everything in the journal on stdout: JSON (the import format) or CSV (one row per attempt).
    Export {
        /// json or csv.
        #[arg(long, default_value = "json", value_parser = ["json", "csv"])]
        format: String,
    },
    /// Adds an export's sessions, attempts and goals; what is already there is skipped.
    Import {
        /// A file written by `etude journal export`.
        file: PathBuf,
    },
    /// Starts a fresh journal file beside the current one (which is kept as it is).
    Fresh,
}

/// Practice modes on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModeArg {
    /// Waits for each right note; timing is not judged.
    Wait,
    /// The metronome runs; every step is judged against its time.
    Tempo,
}

impl From<ModeArg> for Mode {
    fn from(mode: ModeArg) -> Mode {
        match mode {
            ModeArg::Wait => Mode::Wait,
            ModeArg::Tempo => Mode::Tempo,
        }
    }
}

/// `etude lessons …`
#[derive(Debug, Subcommand)]
pub enum LessonsCommand {
    /// Lessons in course order, then those outside the course.
    List {
        /// A lessons folder to read instead of the shipped curriculum.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// One lesson and the steps it compiles to.
    Show {
        /// A lesson id, or a path to a .ron lesson file.
        lesson: String,
        /// A lessons folder to look the id up in instead of the shipped curriculum.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check lesson files and folders (default: the shipped curriculum); exits 0 only when all are valid.
    Check {
        /// Files or folders to check.
        paths: Vec<PathBuf>,
    },
}

/// `etude theory …`
#[derive(Debug, Subcommand)]
pub enum TheoryCommand {
    /// Spell a scale rising from TONIC, top tonic included.
    Scale {
        /// The tonic, such as F#4 (octave 4 when left out).
        tonic: String,
        /// major, natural-minor, harmonic-minor, melodic-minor, dorian, phrygian, lydian,
        /// mixolydian, locrian, major-pentatonic, minor-pentatonic, blues, whole-tone, chromatic
        kind: String,
        /// How many octaves.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=4))]
        octaves: u8,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Name the chord some notes make: root, quality and inversion.
    Chord {
        /// MIDI numbers (60) or spelled notes (C4, F#3, Bb2).
        #[arg(required = true, num_args = 1..)]
        notes: Vec<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// A command that could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The user asked for something that is not there or not valid.
    #[error("{0}")]
    Input(String),
    /// Writing JSON failed.
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_) => 2,
            CliError::Json(_) => 1,
        }
    }
}

/// Adds a formatted line to an [`Output`].
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {
        $out.line(format!($($arg)*))
    };
}

/// What a command prints on stdout (written in one go, so a closed pipe loses nothing but
/// the output) and the exit code it ends with.
#[derive(Debug, Default)]
pub struct Output {
    /// The text for stdout.
    pub stdout: String,
    /// Whether the command found everything in order.
    pub success: bool,
}

impl Output {
    fn ok() -> Output {
        Output {
            stdout: String::new(),
            success: true,
        }
    }

    fn line(&mut self, text: impl std::fmt::Display) {
        self.stdout.push_str(&text.to_string());
        self.stdout.push('\n');
    }

    fn json(&mut self, value: &Value) -> Result<(), CliError> {
        self.line(serde_json::to_string_pretty(value)?);
        Ok(())
    }

    /// The process exit code.
    pub fn exit_code(&self) -> ExitCode {
        if self.success {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

mod journal;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Output, CliError> {
    match cli.command {
        None => {
            let mut command = Cli::command();
            eprintln!("{}", command.render_help());
            Ok(Output::ok())
        }
        Some(Command::Lessons(LessonsCommand::List { dir, json })) => {
            lessons_list(dir.as_deref(), json)
        }
        Some(Command::Lessons(LessonsCommand::Show { lesson, dir, json })) => {
            lessons_show(&lesson, dir.as_deref(), json)
        }
        Some(Command::Lessons(LessonsCommand::Check { paths })) => Ok(lessons_check(&paths)),
        Some(Command::Theory(TheoryCommand::Scale {
            tonic,
            kind,
            octaves,
            json,
        })) => theory_scale(&tonic, &kind, octaves, json),
        Some(Command::Theory(TheoryCommand::Chord { notes, json })) => theory_chord(&notes, json),
        Some(Command::Score {
            lesson,
            performance,
            mode,
            bpm,
            channel,
            dir,
            record,
            json,
        }) => score(
            &ScoreRequest {
                lesson,
                performance,
                mode: mode.into(),
                bpm,
                channel,
                dir,
                record,
            },
            json,
        ),
        Some(Command::Stats { on, calendar, json }) => {
            journal::stats(on.as_deref(), calendar, json)
        }
        Some(Command::Goals {
            command: Some(GoalsCommand::Add { goal, on }),
            ..
        }) => journal::add_goal(&goal, on.as_deref()),
        Some(Command::Goals {
            command: None,
            on,
            json,
        }) => journal::goals(on.as_deref(), json),
        Some(Command::Journal(JournalCommand::Export { format })) => {
            journal::export(format == "csv")
        }
        Some(Command::Journal(JournalCommand::Import { file })) => journal::import(&file),
        Some(Command::Journal(JournalCommand::Fresh)) => journal::fresh(),
        Some(Command::Ports { json }) => ports(json),
        Some(Command::Listen { lesson, bpm, dir }) => listen(&lesson, bpm, dir.as_deref()),
        Some(Command::Render {
            lesson,
            bpm,
            metronome,
            output,
            soundfont,
            dir,
        }) => render(
            &lesson,
            bpm,
            metronome,
            &output,
            soundfont.as_deref(),
            dir.as_deref(),
        ),
        Some(Command::Practice {
            lesson,
            port,
            mode,
            bpm,
            channel,
            headless,
            mood_before,
            mood_after,
            note,
            dir,
            json,
        }) => practice(
            &PracticeRequest {
                lesson,
                port,
                mode: mode.map(Mode::from),
                bpm,
                channel,
                headless,
                mood_before,
                mood_after,
                note,
                dir,
            },
            json,
        ),
    }
}

fn library(dir: Option<&Path>) -> Library {
    match dir {
        Some(dir) => Library::load_dir(dir),
        None => curriculum::shipped(),
    }
}

fn warn_about(library: &Library) {
    for error in &library.errors {
        eprintln!("warning: {error}");
    }
}

/// `etude lessons list`
pub fn lessons_list(dir: Option<&Path>, json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let library = library(dir);
    warn_about(&library);
    let ordered = library.in_course_order();
    if json {
        let list: Vec<Value> = ordered
            .iter()
            .map(|(_, l)| {
                json!({
                    "id": l.lesson.id,
                    "title": l.lesson.title,
                    "level": l.lesson.level,
                    "kind": l.lesson.kind(),
                })
            })
            .collect();
        out.json(&Value::Array(list))?;
    } else {
        if let Some(course) = &library.course {
            outln!(out, "{}", course.course.title);
        }
        let mut unit_shown: Option<Option<&str>> = None;
        for (unit, loaded) in &ordered {
            if unit_shown != Some(*unit) {
                outln!(out, "\n{}", unit.unwrap_or("Outside the course"));
                unit_shown = Some(*unit);
            }
            let lesson = &loaded.lesson;
            outln!(
                out,
                "  {:<28} L{:<2} {:<11} {}",
                lesson.id,
                lesson.level.get(),
                lesson.kind(),
                lesson.title
            );
        }
    }
    Ok(out)
}

/// Finds a lesson by id, or reads it from a `.ron` file.
fn find_lesson(wanted: &str, dir: Option<&Path>) -> Result<LoadedLesson, CliError> {
    let path = Path::new(wanted);
    if path.extension().is_some_and(|ext| ext == "ron") || path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|error| CliError::Input(format!("cannot read {}: {error}", path.display())))?;
        return crate::lesson::parse(&text, &path.display().to_string())
            .map_err(|e| CliError::Input(e.to_string()));
    }
    let library = library(dir);
    if let Some(found) = library.get(wanted) {
        return Ok(found.clone());
    }
    let broken: Vec<String> = library.errors.iter().map(ToString::to_string).collect();
    let hint = if broken.is_empty() {
        String::new()
    } else {
        format!(
            "\n(some lesson files did not load:\n  {})",
            broken.join("\n  ")
        )
    };
    Err(CliError::Input(format!(
        "no lesson with id \"{wanted}\"; `etude lessons list` shows them all{hint}"
    )))
}

fn hand_word(hand: Hand) -> &'static str {
    match hand {
        Hand::Right => "right",
        Hand::Left => "left",
        Hand::Both => "both",
    }
}

/// A step as JSON: notes, names, hand, finger(s), beat, length, and the chord for progressions.
pub fn step_json(step: &Step) -> Value {
    let fingers: Vec<Option<u8>> = step.fingers.iter().map(|f| f.map(|f| f.get())).collect();
    let mut value = json!({
        "notes": step.notes.iter().map(|n| n.0).collect::<Vec<_>>(),
        "names": step.names.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "hand": hand_word(step.hand),
        "finger": fingers.first().copied().flatten(),
        "fingers": fingers,
        "beat": step.beat,
        "beats": step.beats,
    });
    if let (Some(chord), Some(object)) = (&step.chord, value.as_object_mut()) {
        object.insert(
            "chord".to_owned(),
            json!({
                "numeral": chord.numeral,
                "symbol": chord.symbol,
                "root_lowest": chord.root_lowest,
            }),
        );
    }
    value
}

/// `etude lessons show`
pub fn lessons_show(wanted: &str, dir: Option<&Path>, json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let loaded = find_lesson(wanted, dir)?;
    let lesson = &loaded.lesson;
    if json {
        let mut value = serde_json::to_value(lesson)?;
        if let Some(object) = value.as_object_mut() {
            object.insert("kind".to_owned(), json!(lesson.kind()));
            object.insert("origin".to_owned(), json!(loaded.origin));
            object.insert(
                "steps".to_owned(),
                Value::Array(loaded.steps.iter().map(step_json).collect()),
            );
        }
        out.json(&value)?;
        return Ok(out);
    }
    outln!(
        out,
        "{}  ({}, level {}, {}, {} bpm, {:?} mode)",
        lesson.title,
        lesson.id,
        lesson.level.get(),
        lesson.kind(),
        lesson.tempo.get(),
        lesson.mode
    );
    for text in [&lesson.summary, &lesson.instructions]
        .into_iter()
        .flatten()
    {
        outln!(out, "{text}");
    }
    outln!(
        out,
        "\n {:>5}  {:<16} {:<10} hand",
        "beat",
        "notes",
        "fingers"
    );
    for step in &loaded.steps {
        let names: Vec<String> = step.names.iter().map(|n| n.pretty()).collect();
        let mut label = names.join(" ");
        if let Some(chord) = &step.chord {
            label = format!("{} {} ({label})", chord.numeral, chord.symbol);
        }
        let fingers: Vec<String> = step
            .fingers
            .iter()
            .map(|f| f.map_or("-".to_owned(), |f| f.get().to_string()))
            .collect();
        outln!(
            out,
            " {:>5.2}  {:<16} {:<10} {}",
            step.beat,
            label,
            fingers.join(" "),
            hand_word(step.hand)
        );
    }
    Ok(out)
}

/// `etude lessons check`: prints each problem as `path:line:col: message`.
pub fn lessons_check(paths: &[PathBuf]) -> Output {
    let mut out = Output::ok();
    let library = if paths.is_empty() {
        curriculum::shipped()
    } else {
        Library::load_paths(paths)
    };
    for error in &library.errors {
        outln!(out, "{error}");
    }
    if library.errors.is_empty() {
        eprintln!("{} lessons OK", library.lessons.len());
        out
    } else {
        eprintln!(
            "{} problem(s); {} lessons OK",
            library.errors.len(),
            library.lessons.len()
        );
        out.success = false;
        out
    }
}

/// `etude theory scale`
pub fn theory_scale(tonic: &str, kind: &str, octaves: u8, json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let tonic = parse_tonic(tonic)?;
    let kind: ScaleKind = kind
        .parse()
        .map_err(|e: theory::TheoryError| CliError::Input(e.to_string()))?;
    let notes = theory::scale::ascending(tonic, &kind, octaves)
        .map_err(|e| CliError::Input(e.to_string()))?;
    let midi = notes
        .iter()
        .map(|n| n.note().map(|n| n.0))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::Input(e.to_string()))?;
    let names: Vec<String> = notes.iter().map(ToString::to_string).collect();
    if json {
        out.json(&json!({ "names": names, "notes": midi }))?;
    } else {
        outln!(out, "{}", names.join(" "));
    }
    Ok(out)
}

fn parse_tonic(text: &str) -> Result<SpelledNote, CliError> {
    let with_octave = if text.chars().last().is_some_and(|c| c.is_ascii_digit()) {
        text.to_owned()
    } else {
        format!("{text}4")
    };
    with_octave
        .parse()
        .map_err(|e: theory::TheoryError| CliError::Input(e.to_string()))
}

/// `etude theory chord`
pub fn theory_chord(words: &[String], json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let mut notes = Vec::with_capacity(words.len());
    let mut spellings = Vec::with_capacity(words.len());
    for word in words {
        if let Ok(number) = word.parse::<i32>() {
            let note = Note::from_midi(number).ok_or_else(|| {
                CliError::Input(format!("{number} is not a MIDI note number (0..127)"))
            })?;
            notes.push(note);
        } else {
            let spelled: SpelledNote = word
                .parse()
                .map_err(|e: theory::TheoryError| CliError::Input(e.to_string()))?;
            notes.push(spelled.note().map_err(|e| CliError::Input(e.to_string()))?);
            spellings.push(spelled);
        }
    }
    let spelled = (spellings.len() == notes.len()).then_some(spellings.as_slice());
    let named = theory::identify(&notes, spelled);
    let midi: Vec<u8> = notes.iter().map(|n| n.0).collect();
    if json {
        let value = match &named {
            Some(name) => json!({
                "root": name.chord.root.to_string(),
                "quality": name.chord.quality.word(),
                "inversion": name.inversion,
                "bass": name.bass.to_string(),
                "name": name.symbol(),
                "notes": midi,
            }),
            None => json!({
                "root": null, "quality": null, "inversion": null, "bass": null, "name": null, "notes": midi,
            }),
        };
        out.json(&value)?;
    } else {
        match &named {
            Some(name) => {
                const INVERSIONS: [&str; 4] = [
                    "root position",
                    "first inversion",
                    "second inversion",
                    "third inversion",
                ];
                outln!(
                    out,
                    "{}  ({} {}, {})",
                    name.symbol(),
                    name.chord.root.pretty(),
                    name.chord.quality.word(),
                    INVERSIONS[usize::from(name.inversion.min(3))]
                );
            }
            None => outln!(out, "no chord Etude knows"),
        }
    }
    Ok(out)
}

/// What `etude score` was asked for.
#[derive(Debug, Clone)]
pub struct ScoreRequest {
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
    let loaded = find_lesson(&request.lesson, request.dir.as_deref())?;
    let bytes = std::fs::read(performance).map_err(|error| {
        CliError::Input(format!("cannot read {}: {error}", performance.display()))
    })?;
    let events = smf::read_performance(&bytes, request.channel.map(|c| c - 1))
        .map_err(|error| CliError::Input(format!("{}: {error}", performance.display())))?;
    let mut attempt = Attempt::new(Plan::new(&loaded, Some(request.mode), request.bpm));
    for event in &events {
        attempt.feed(*event);
    }
    let report = attempt.finish().clone();
    if request.record {
        let length = events.last().map_or(0, |e| e.at.max(0));
        let started_at = jiff::Timestamp::now()
            .checked_sub(jiff::SignedDuration::from_micros(length))
            .unwrap_or_else(|_| jiff::Timestamp::now());
        journal::record(&journal::Finished {
            lesson: &loaded,
            report: &report,
            events: &events,
            started_at,
            mood_before: None,
            mood_after: None,
            note: None,
        })?;
    }
    if json {
        out.json(&serde_json::to_value(&report)?)?;
    } else {
        describe_report(&mut out, &loaded.lesson.title, &report);
    }
    Ok(out)
}

/// The report in words, for the terminal.
fn describe_report(out: &mut Output, title: &str, report: &Report) {
    let stars =
        "★".repeat(usize::from(report.stars)) + &"☆".repeat(usize::from(3 - report.stars.min(3)));
    outln!(
        out,
        "{title} — {} mode, {} bpm",
        report.mode,
        report.tempo_bpm
    );
    outln!(
        out,
        "Score {}/100 {stars}  {}",
        report.score,
        if report.passed {
            "passed"
        } else {
            "not passed yet"
        }
    );
    outln!(
        out,
        "{} of {} steps right ({:.1}%): {} wrong, {} missed, {} extra",
        report.correct,
        report.expected,
        report.accuracy * 100.0,
        report.wrong,
        report.missed,
        report.extra
    );
    if let (Some(mean), Some(spread)) = (report.timing.mean_abs_ms, report.timing.stdev_ms) {
        outln!(
            out,
            "Timing: {mean:.1} ms average error (spread {spread:.1} ms), {} early, {} late; constant delay {:.1} ms",
            report.timing.early,
            report.timing.late,
            report.timing.offset_ms.unwrap_or(0.0)
        );
    }
    if let Some(cv) = report.evenness.ioi_cv {
        outln!(out, "Evenness: the intervals varied by {:.1}%", cv * 100.0);
    }
    if let (Some(mean), Some(spread)) = (
        report.evenness.velocity_mean,
        report.evenness.velocity_stdev,
    ) {
        outln!(out, "Touch: velocity {mean:.0} ± {spread:.0}");
    }
    if let Some(bpm) = report.played_tempo_bpm {
        outln!(out, "Played at {bpm:.1} bpm");
    }
    let to_look_at: Vec<_> = report
        .steps
        .iter()
        .filter(|s| s.outcome != Outcome::Correct)
        .collect();
    if !to_look_at.is_empty() {
        outln!(out, "Steps to look at:");
        for step in to_look_at {
            let played = if step.played.is_empty() {
                "nothing".to_owned()
            } else {
                step.played.join(" ")
            };
            outln!(
                out,
                "  step {:>3}  expected {:<12} played {:<12} {:?}",
                step.index + 1,
                step.expected.join(" "),
                played,
                step.outcome
            );
        }
    }
}

/// `etude ports`: the MIDI input ports, and which one Etude remembers.
pub fn ports(json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let names = port_names().map_err(|e| CliError::Input(e.to_string()))?;
    let loaded = settings::load(&settings::path_in(&store::data_dir()));
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    let remembered = |name: &str| {
        loaded
            .settings
            .midi_port
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
    /// Whether to practise in the terminal.
    pub headless: bool,
    /// Mood before, 1-10.
    pub mood_before: Option<u8>,
    /// Mood after, 1-10.
    pub mood_after: Option<u8>,
    /// A note for the journal.
    pub note: Option<String>,
    /// Lessons folder.
    pub dir: Option<PathBuf>,
}

/// `etude practice --headless`: one attempt on a live MIDI keyboard.
pub fn practice(request: &PracticeRequest, json: bool) -> Result<Output, CliError> {
    if !request.headless {
        return Err(CliError::Input(
            "the practice window is not built yet: add --headless to practise in the terminal"
                .to_owned(),
        ));
    }
    let mut out = Output::ok();
    let loaded = find_lesson(&request.lesson, request.dir.as_deref())?;
    let settings_file = settings::path_in(&store::data_dir());
    let mut user = settings::load(&settings_file);
    for warning in &user.warnings {
        eprintln!("warning: {warning}");
    }
    let available = port_names().map_err(|e| CliError::Input(e.to_string()))?;
    let port = port_choice::choose(
        &available,
        request.port.as_deref(),
        user.settings.midi_port.as_deref(),
    )
    .map_err(|e| CliError::Input(e.to_string()))?;
    if user.settings.midi_port.as_deref() != Some(port.as_str()) {
        user.settings.midi_port = Some(port.clone());
        if let Err(error) = settings::save(&settings_file, &user.settings) {
            eprintln!(
                "warning: could not remember the port in {}: {error}",
                settings_file.display()
            );
        }
    }
    let channels = match request.channel.or(user.settings.midi_channel) {
        Some(channel) => ChannelFilter::Only(channel - 1),
        None => ChannelFilter::All,
    };
    let sound = open_sound(&user.settings);
    let to_synth = sound.commands.clone();
    let forward: Forward = std::sync::Arc::new(move |kind| to_synth.send(AudioCommand::Play(kind)));
    let (sender, receiver) = std::sync::mpsc::channel();
    let input = LiveInput::open(&port, channels, sender, forward)
        .map_err(|e| CliError::Input(e.to_string()))?;
    eprintln!("Listening to {port}");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let on_interrupt = std::sync::Arc::clone(&stop);
    if let Err(error) =
        ctrlc::set_handler(move || on_interrupt.store(true, std::sync::atomic::Ordering::Relaxed))
    {
        eprintln!("warning: Ctrl-C will not end the attempt cleanly: {error}");
    }
    let plan = Plan::new(&loaded, request.mode, request.bpm);
    let practised = crate::headless::practise(
        plan,
        &loaded.lesson.title,
        &receiver,
        &stop,
        &sound,
        &mut std::io::stderr(),
    );
    drop(input);
    let report = practised.report;
    if let Err(error) = journal::record(&journal::Finished {
        lesson: &loaded,
        report: &report,
        events: &practised.events,
        started_at: journal::timestamp_of(practised.started),
        mood_before: request.mood_before,
        mood_after: request.mood_after,
        note: request.note.as_deref(),
    }) {
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
    let loaded = find_lesson(wanted, dir)?;
    let font = crate::audio::soundfont::load(soundfont).map_err(CliError::Input)?;
    for warning in &font.warnings {
        eprintln!("warning: {warning}");
    }
    let plan = Plan::new(&loaded, None, bpm);
    let rendering = crate::audio::offline::render(&font.soundfont, &plan, metronome)
        .map_err(CliError::Input)?;
    crate::audio::offline::write_wav(&rendering, output)
        .map_err(|e| CliError::Input(format!("cannot write {}: {e}", output.display())))?;
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
    let font = match crate::audio::soundfont::load(settings.soundfont.as_deref()) {
        Ok(font) => font,
        Err(error) => return AudioOutput::silent(format!("no sound: {error}")),
    };
    for warning in &font.warnings {
        eprintln!("warning: {warning}");
    }
    let frames = settings
        .audio_buffer
        .unwrap_or(audio_output::DEFAULT_BUFFER_FRAMES);
    let output = audio_output::open(&font.soundfont, frames);
    eprintln!("Sound: {} (SoundFont: {})", output.description, font.origin);
    output
}

/// `etude listen`: plays a lesson's demo through the speakers.
pub fn listen(wanted: &str, bpm: Option<u16>, dir: Option<&Path>) -> Result<Output, CliError> {
    let loaded = find_lesson(wanted, dir)?;
    let user = settings::load(&settings::path_in(&store::data_dir()));
    let sound = open_sound(&user.settings);
    if sound.is_silent() {
        return Err(CliError::Input(sound.description));
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
    crate::audio::demo::play_live(&sound, &plan, &stop);
    Ok(Output::ok())
}
