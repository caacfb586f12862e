use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = etude::cli::Cli::parse();
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
