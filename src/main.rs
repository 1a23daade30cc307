//! The `career-bot` binary: parse arguments, run a front end, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

use career_bot::frontend::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("career-bot: {err:#}");
            ExitCode::FAILURE
        }
    }
}
