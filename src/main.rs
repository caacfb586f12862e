use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = etude::cli::Cli::parse();
    match etude::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("etude: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}
