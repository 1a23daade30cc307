//! The `career-bot` binary: parse arguments, run a front end, map errors to exit codes.

use std::process::ExitCode;

use career_bot::frontend::cli::{self, Cli};
use career_bot::frontend::serve_error::ServeError;

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
            eprintln!("career-bot: {}", chain(&err));
            match err.downcast_ref::<ServeError>() {
                // A setting to fix before anything can start.
                Some(serving) if serving.is_setting() => ExitCode::from(2),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

/// The error and each of its causes, `: `-separated; a cause whose text the message before it
/// already holds (`DISCORD_SHARDS: {0}`) is not repeated.
fn chain(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}
