//! Finds the chat words of evaluation sets ([`career_bot_core::eval::chat`]) and prints them as
//! the `chat:` list of `knowledge/intents.yaml`, each with what it was found on:
//!
//! ```sh
//! cargo run -p career-bot-core --example chat_words -- tests/eval/questions.yaml tests/eval/training.yaml ...
//! ```
//!
//! Only sets that are not held out belong here: the held-out sets measure the result.

use std::process::ExitCode;

use career_bot_core::Bot;
use career_bot_core::eval::{self, chat};

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: chat_words EVAL.yaml...");
        return ExitCode::FAILURE;
    }
    let bot = Bot::builtin().expect("the built-in knowledge loads");
    let mut cases = Vec::new();
    for file in &files {
        cases.extend(eval::read(file.as_ref()).unwrap_or_else(|e| panic!("{e}")));
    }
    let found = chat::chat_words(&bot, &cases, chat::MIN_QUESTIONS, chat::MAX_HELD_SHARE);
    println!("chat:\n  - id: around-the-question\n    words:");
    for word in &found {
        println!("      - {:<14} # {} questions, the right entry holds it in {}", word.word, word.questions, word.held);
    }
    ExitCode::SUCCESS
}
