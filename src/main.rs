//! The `career-bot` binary: parse arguments, run a front end, map errors to exit codes.

use std::process::ExitCode;

use career_bot::frontend::cli::{self, Cli};

fn main() -> ExitCode {
    // A .env file in the working directory is optional; the environment wins over it.
    if let Err(err) = dotenvy::dotenv() {
        if !err.not_found() {
            eprintln!("career-bot: cannot read .env: {err}. Fix that line (KEY=value) or remove the file.");
            return ExitCode::from(2);
        }
    }
    let (cli, matches) = Cli::parse_args();
    match cli::run(cli, &matches) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("career-bot: {err:#}");
            ExitCode::FAILURE
        }
    }
}
