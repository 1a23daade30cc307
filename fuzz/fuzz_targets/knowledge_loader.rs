//! Arbitrary bytes as one knowledge file: loading must refuse or accept, never panic. What
//! loads must answer questions, autocomplete and every button of its own entries.

#![no_main]

use career_bot::Bot;
use career_bot::commands::{Command, Request};
use career_bot::knowledge::{KnowledgeBase, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The directory loader refuses non-UTF-8 files before parsing, so only text gets this far.
    let Ok(text) = std::str::from_utf8(data) else { return };
    let sources = || vec![Source::new("fuzz.yaml", text)];
    let knowledge = KnowledgeBase::from_sources(sources());
    let bot = Bot::from_sources(sources());
    if let Ok(bot) = bot {
        assert!(knowledge.is_ok(), "the bot loaded knowledge the loader refused");
        for question in ["salary", "what is a backend developer", "sr db roadmap", ""] {
            let _ = bot.answer(&Request::new(Command::ask(&question)));
            let _ = bot.autocomplete("ask", "question", question);
        }
    }
});
