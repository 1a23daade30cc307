//! Fits the confidence model on evaluation sets and prints its weights with 5-fold
//! cross-validated and leave-one-set-out figures, and those of the built-in weights:
//!
//! ```sh
//! cargo run --release -p career-bot-core --example fit_confidence -- tests/eval/questions.yaml \
//!   tests/eval/training.yaml tests/eval/training-2.yaml tests/eval/training-3.yaml tests/eval/dev.yaml \
//!   tests/eval/dev-2.yaml tests/eval/dev-3.yaml tests/eval/dev-4.yaml tests/eval/dev-5.yaml
//! ```
//!
//! Only sets that are not held out belong here: the held-out sets measure the result.

use std::process::ExitCode;

use career_bot_core::Bot;
use career_bot_core::eval::{self, fit};

/// Folds of the cross-validation.
const FOLDS: usize = 5;
/// The L2 penalty on the weights (not on the bias), chosen by the leave-one-set-out figures
/// (0.5, 2, 4, 8, 16 and 32 were tried).
const L2: f64 = 4.0;

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: fit_confidence EVAL.yaml...");
        return ExitCode::FAILURE;
    }
    let bot = Bot::builtin().expect("the built-in knowledge loads");
    let mut sets = Vec::new();
    for file in &files {
        let cases = eval::read(file.as_ref()).unwrap_or_else(|e| panic!("{e}"));
        sets.push((file.clone(), fit::questions(&bot, &cases)));
    }
    print!("{}", fit::report(&sets, FOLDS, L2));
    ExitCode::SUCCESS
}
