//! Fits the confidence model on evaluation sets and prints its weights with 5-fold
//! cross-validated figures:
//!
//! ```sh
//! cargo run --release -p career-bot-core --example fit_confidence -- tests/eval/questions.yaml tests/eval/training.yaml tests/eval/dev.yaml
//! ```
//!
//! Only sets that are not held out belong here: the held-out sets measure the result.

use std::process::ExitCode;

use career_bot_core::Bot;
use career_bot_core::eval::{self, fit};

/// Folds of the cross-validation.
const FOLDS: usize = 5;
/// The L2 penalty on the weights (not on the bias).
const L2: f64 = 0.5;

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: fit_confidence EVAL.yaml...");
        return ExitCode::FAILURE;
    }
    let bot = Bot::builtin().expect("the built-in knowledge loads");
    let mut sets = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let cases = eval::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        sets.push((file.clone(), fit::questions(&bot, &cases)));
    }
    print!("{}", fit::report(&sets, FOLDS, L2));
    ExitCode::SUCCESS
}
