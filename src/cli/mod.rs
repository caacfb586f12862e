//! The command line: one function per subcommand. With `--json`, each prints exactly one JSON
//! document on stdout; messages go to stderr.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use serde_json::Value;

use crate::lesson::Mode;

/// Etude, a MIDI keyboard practice tutor.
#[derive(Debug, Parser)]
#[command(name = "etude", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do; without one, Etude opens its window.
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
    /// A lesson's tempo ladder: the tempo its tempo-mode runs have climbed to, of its own.
    Ladder {
        /// A lesson id, a .ron lesson file, or a piece (.musicxml, .mxl, .mid).
        #[arg(long)]
        lesson: String,
        /// A piece's hand and bars.
        #[command(flatten)]
        section: SectionArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Drills from your trouble spots: the short spans of a lesson where your last runs went
    /// wrong, worst first (`etude lessons show DRILL_ID` shows one; every command takes its id).
    Drills {
        /// Only this lesson's.
        #[arg(long)]
        lesson: Option<String>,
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
    /// Practise a lesson: in the window, or with --headless on a MIDI keyboard in the terminal
    /// (feedback as you play, the report at the end).
    Practice {
        /// A lesson id, a .ron lesson file, or a piece (.musicxml, .mxl, .mid).
        #[arg(long)]
        lesson: String,
        /// A piece's hand and bars.
        #[command(flatten)]
        section: SectionArgs,
        /// The MIDI input port: its exact name or a unique part of it (any case). Default: the
        /// remembered port, else the only one.
        #[arg(long, requires = "headless")]
        port: Option<String>,
        /// wait: each step waits for the right notes; tempo: the metronome runs. Default: the lesson's.
        #[arg(long, value_enum)]
        mode: Option<ModeArg>,
        /// Practise at this tempo instead of the lesson's.
        #[arg(long, value_parser = clap::value_parser!(u16).range(20..=300), requires = "headless")]
        bpm: Option<u16>,
        /// Only notes on this MIDI channel (1-16); default: the setting, else all channels.
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=16), requires = "headless")]
        channel: Option<u8>,
        /// Practise in the terminal (feedback on stderr, the report on stdout).
        #[arg(long)]
        headless: bool,
        /// How you feel before playing, 1-10 (kept in the journal).
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=10), requires = "headless")]
        mood_before: Option<u8>,
        /// How you feel after playing, 1-10.
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=10), requires = "headless")]
        mood_after: Option<u8>,
        /// A note for the journal.
        #[arg(long, requires = "headless")]
        note: Option<String>,
        /// A lessons folder to look the id up in instead of the course and your own lessons.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Print the report as JSON.
        #[arg(long, requires = "headless")]
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
        /// A lessons folder to look the id up in instead of the course and your own lessons.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// A lesson as written on the staff: key and time signature, bars, each note's staff
    /// position and the accidental shown.
    Sheet {
        /// A lesson id, a .ron lesson file, or a piece (.musicxml, .mxl, .mid).
        #[arg(long)]
        lesson: String,
        /// A piece's hand and bars.
        #[command(flatten)]
        section: SectionArgs,
        /// Print JSON: {"key_signature", "time_signature", "clefs", "bars", "notes", "rests"}.
        #[arg(long)]
        json: bool,
        /// Write a printable page of the lesson to this SVG file.
        #[arg(short = 'o', long = "output", value_name = "FILE.svg")]
        output: Option<PathBuf>,
        /// A lessons folder to look the id up in instead of the course and your own lessons.
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
        /// A lessons folder to look the id up in instead of the course and your own lessons.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Score a recorded performance (a Standard MIDI File) against a lesson.
    Score {
        /// A lesson id, a .ron lesson file, or a piece (.musicxml, .mxl, .mid).
        #[arg(long)]
        lesson: String,
        /// A piece's hand and bars.
        #[command(flatten)]
        section: SectionArgs,
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
        /// A lessons folder to look the id up in instead of the course and your own lessons.
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
        /// A lessons folder to read instead of the course and your own lessons.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// One lesson and the steps it compiles to.
    Show {
        /// A lesson id, a .ron lesson file, or a piece (.musicxml, .mxl, .mid).
        lesson: String,
        /// A piece's hand and bars.
        #[command(flatten)]
        section: SectionArgs,
        /// A lessons folder to look the id up in instead of the course and your own lessons.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check lesson files and folders (default: the course and your own lessons); exits 0 only when all are valid.
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

/// A command that could not do its work: the user's mistake (exit 2) or a failure of the
/// machine (exit 1).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The user asked for something that is not there or not valid: an unknown id, a bad
    /// file, a bad argument. Exit code 2.
    #[error("{0}")]
    Input(String),
    /// Something outside failed: the disk, the journal's database, a device. Exit code 1.
    #[error("{0}")]
    Failure(String),
    /// Writing JSON failed.
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_) => 2,
            CliError::Failure(_) | CliError::Json(_) => 1,
        }
    }
}

/// How `etude --help` ends: what the exit codes mean.
const EXIT_CODES: &str = "Exit codes: 0 done; 1 a failure outside your control (the disk, the journal's database, a device) or a check that found problems; 2 a mistake in what was asked (an unknown lesson id, a bad file, a bad argument).";

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

mod goals;
pub use goals::GoalsCommand;
mod journal;
pub use journal::JournalCommand;
mod lessons;
mod music;
mod play;
mod recordings;
mod section;
mod sheet;
mod terminal;
mod window;

pub use lessons::step_json;
use lessons::{lessons_check, lessons_list, lessons_show};
use music::{theory_chord, theory_scale};
pub use play::{PracticeRequest, ScoreRequest};
use play::{listen, ports, practice, render, score};
pub use section::{HandArg, SectionArgs};
pub use window::window_wanted;

/// The context every command starts from: the user's data folder and settings, no lessons
/// read yet (a command that needs them reads them: [`context_with_lessons`]); what could not be
/// used in the settings is said on stderr.
fn context() -> crate::service::Context {
    let context = crate::service::Context::without_lessons(crate::store::data_dir());
    for warning in &context.settings_warnings {
        eprintln!("warning: {warning}");
    }
    context
}

/// The context with the user's whole library read (the course, `<data>/lessons`, the lesson
/// folders in the settings).
fn context_with_lessons() -> crate::service::Context {
    let mut context = context();
    context.read_lessons();
    context
}

/// Runs a parsed command line (the window aside: see [`window_wanted`]).
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
        Some(Command::Lessons(LessonsCommand::Show {
            lesson,
            section,
            dir,
            json,
        })) => lessons_show(&lesson, section, dir.as_deref(), json),
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
            section,
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
                section,
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
        Some(Command::Drills { lesson, json }) => journal::drills(lesson.as_deref(), json),
        Some(Command::Ladder {
            lesson,
            section,
            json,
        }) => journal::ladder(&lesson, section, json),
        Some(Command::Goals {
            command: Some(GoalsCommand::Add { goal, on, week }),
            ..
        }) => goals::add_goal(&goal, on.as_deref(), week),
        Some(Command::Goals {
            command: None,
            on,
            json,
        }) => goals::goals(on.as_deref(), json),
        Some(Command::Journal(JournalCommand::Export { format, archive })) => {
            journal::export(format == "csv", archive.as_deref())
        }
        Some(Command::Journal(JournalCommand::Import { file, skip_bad })) => {
            journal::import(&file, skip_bad)
        }
        Some(Command::Journal(JournalCommand::Fresh)) => journal::fresh(),
        Some(Command::Journal(JournalCommand::List { json })) => journal::list(json),
        Some(Command::Journal(JournalCommand::Render { attempt, output })) => {
            recordings::render(&attempt, &output)
        }
        Some(Command::Journal(JournalCommand::ThenAndNow {
            lesson,
            section,
            output,
            json,
        })) => recordings::then_and_now(&lesson, section, output.as_deref(), json),
        Some(Command::Ports { json }) => ports(json),
        Some(Command::Listen { lesson, bpm, dir }) => listen(&lesson, bpm, dir.as_deref()),
        Some(Command::Sheet {
            lesson,
            section,
            json,
            output,
            dir,
        }) => sheet::sheet(&lesson, section, json, output.as_deref(), dir.as_deref()),
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
            section,
            port,
            mode,
            bpm,
            channel,
            // Without --headless the window opens instead (see `window_wanted`).
            headless: _,
            mood_before,
            mood_after,
            note,
            dir,
            json,
        }) => practice(
            &PracticeRequest {
                lesson,
                section,
                port,
                mode: mode.map(Mode::from),
                bpm,
                channel,
                mood_before,
                mood_after,
                note,
                dir,
            },
            json,
        ),
    }
}
