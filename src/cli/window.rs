//! Whether a command line opens the window, and on which lesson.

use super::{Cli, CliError, Command, context, lessons};
use crate::lesson::Mode;

/// Whether the command line asks for the window, and on which lesson: no subcommand, or
/// `practice` without `--headless` (the lesson found as `etude score` finds it).
pub fn window_wanted(cli: &Cli) -> Result<Option<Option<crate::lesson::LoadedLesson>>, CliError> {
    match &cli.command {
        None => Ok(Some(None)),
        Some(Command::Practice {
            lesson,
            section,
            dir,
            mode,
            headless: false,
            ..
        }) => {
            let context = context();
            let mut found = lessons::find_section(lesson, *section, dir.as_deref(), &context)?;
            // The window opens in the mode asked for.
            if let Some(mode) = mode {
                found.lesson.mode = Mode::from(*mode);
            }
            // A piece practised in the window joins "Your pieces", as one opened there does.
            let path = std::path::Path::new(lesson);
            if crate::import::is_piece(path)
                && let Err(error) = crate::service::pieces::keep(&context.data_dir, path)
            {
                eprintln!("warning: {error}");
            }
            Ok(Some(Some(found)))
        }
        Some(_) => Ok(None),
    }
}
