//! Diagnostics: what libraries and Etude's adapters have to say goes through `tracing`, never
//! straight to the terminal. `RUST_LOG` (e.g. `RUST_LOG=debug`, `RUST_LOG=etude=trace,wgpu=warn`)
//! shows it on stderr; the window also keeps a small log in the data folder
//! (`logs/etude.log`, the two before it as `.1` and `.2`), for a bug report to attach.
//! ALSA's own complaints (which it prints to stderr itself) are caught per thread and logged.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::writer::MakeWriterExt;

/// The environment variable that turns diagnostics on for the terminal.
const FILTER_VARIABLE: &str = "RUST_LOG";

/// A log file grows to this before a new one is started (checked when the window opens).
const LOG_FILE_BYTES: u64 = 1024 * 1024;

/// How many older log files are kept beside the current one.
const OLDER_LOGS: u32 = 2;

/// The filter `RUST_LOG` asks for, if any (an unreadable one is said once and ignored).
fn asked_for() -> Option<Targets> {
    let wanted = std::env::var(FILTER_VARIABLE).ok()?;
    match Targets::from_str(&wanted) {
        Ok(targets) => Some(targets),
        Err(error) => {
            eprintln!(
                "warning: {FILTER_VARIABLE}={wanted} is not a filter ({error}); diagnostics stay off"
            );
            None
        }
    }
}

/// For the command line: diagnostics on stderr only when `RUST_LOG` asks for them.
pub fn for_terminal() {
    quiet_alsa_on_this_thread();
    if let Some(targets) = asked_for() {
        install(
            tracing_subscriber::fmt()
                .with_writer(std::io::stderr)
                .finish(),
            targets,
        );
    }
}

/// For the window: a log file in `data_dir/logs/` (info and above from Etude, warnings from
/// the libraries; what `RUST_LOG` asks for instead when it is set, then on stderr too).
/// Returns the file, when it could be opened.
pub fn for_window(data_dir: &Path) -> Option<PathBuf> {
    quiet_alsa_on_this_thread();
    let file = data_dir.join("logs").join("etude.log");
    let log = match open_rotated(&file) {
        Ok(log) => std::sync::Mutex::new(log),
        Err(error) => {
            eprintln!(
                "warning: the log {} cannot be written: {error}",
                file.display()
            );
            return None;
        }
    };
    let builder = tracing_subscriber::fmt().with_ansi(false);
    match asked_for() {
        Some(targets) => install(
            builder.with_writer(log.and(std::io::stderr)).finish(),
            targets,
        ),
        None => install(
            builder.with_writer(log).finish(),
            Targets::new()
                .with_default(tracing::Level::WARN)
                .with_target("etude", tracing::Level::INFO)
                // The renderer says which adapter and backend it picked at info level.
                .with_target("iced_wgpu", tracing::Level::INFO),
        ),
    }
    Some(file)
}

/// Makes `subscriber`, filtered by `targets`, the one for the whole program (the first call
/// wins), and passes what libraries say through `log` to it.
fn install<S>(subscriber: S, targets: Targets)
where
    S: tracing::Subscriber + Send + Sync + 'static,
    S: for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    use tracing_subscriber::layer::SubscriberExt;
    if tracing::subscriber::set_global_default(subscriber.with(targets)).is_ok() {
        let _ = tracing_log::LogTracer::init();
    }
}

/// Opens `file` to append, first moving it to `.1` (and `.1` to `.2`) when it is full.
fn open_rotated(file: &Path) -> std::io::Result<std::fs::File> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if std::fs::metadata(file).is_ok_and(|m| m.len() >= LOG_FILE_BYTES) {
        let older = |n: u32| file.with_extension(format!("log.{n}"));
        for n in (1..OLDER_LOGS).rev() {
            let _ = std::fs::rename(older(n), older(n + 1));
        }
        std::fs::rename(file, older(1))?;
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
}

#[cfg(target_os = "linux")]
thread_local! {
    /// Where ALSA's complaints on this thread go.
    static ALSA_SAID: std::cell::RefCell<Option<std::rc::Rc<std::cell::RefCell<alsa::Output>>>> =
        const { std::cell::RefCell::new(None) };
}

/// ALSA prints its complaints (`ALSA lib confmisc.c: … cannot find card '0'`) to stderr
/// itself; on this thread they go to a buffer instead. Each call logs what the buffer holds
/// (at debug level) and starts a new one. Call it on every thread that opens ALSA devices,
/// before it does, and after to log what ALSA said.
pub fn quiet_alsa_on_this_thread() {
    #[cfg(target_os = "linux")]
    ALSA_SAID.with_borrow_mut(|said| {
        if let Some(buffer) = said.take() {
            let text = buffer.borrow().to_string();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                tracing::debug!(target: "etude::alsa", "{line}");
            }
        }
        *said = alsa::Output::local_error_handler().ok();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_log_moves_aside_and_only_two_older_ones_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("logs").join("etude.log");
        for round in 0..4u8 {
            let mut log = open_rotated(&file).unwrap();
            std::io::Write::write_all(&mut log, &vec![b'a' + round; LOG_FILE_BYTES as usize])
                .unwrap();
        }
        let _ = open_rotated(&file).unwrap();
        let first_byte = |name: &str| std::fs::read(file.with_file_name(name)).unwrap()[0];
        assert_eq!(std::fs::metadata(&file).unwrap().len(), 0, "a new log");
        assert_eq!(first_byte("etude.log.1"), b'd');
        assert_eq!(first_byte("etude.log.2"), b'c');
        assert!(!file.with_file_name("etude.log.3").exists());
    }
}
