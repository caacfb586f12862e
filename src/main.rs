use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = etude::cli::Cli::parse();
    let window = match etude::cli::window_wanted(&cli) {
        Ok(window) => window,
        Err(error) => {
            eprintln!("etude: {error}");
            return ExitCode::from(error.exit_code());
        }
    };
    if let Some(lesson) = window {
        let data_dir = etude::store::data_dir();
        etude::logging::for_window(&data_dir);
        let settings = etude::store::settings::load(&etude::store::settings::path_in(&data_dir));
        etude::ui::renderer::relaunch_with_choice(&settings.settings);
        let opened = etude::app::application_at(
            settings.settings.window_size,
            settings.settings.window_position,
            lesson,
        )
        .run();
        return match opened {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!(
                    "etude: the window could not open: {error}. The command line still works: etude --help"
                );
                ExitCode::FAILURE
            }
        };
    }
    etude::logging::for_terminal();
    match etude::cli::run(cli) {
        Ok(output) => {
            // A reader that closed the pipe early (`etude … | head`) is not an error.
            let _ = std::io::stdout().lock().write_all(output.stdout.as_bytes());
            output.exit_code()
        }
        Err(error) => {
            eprintln!("etude: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}
