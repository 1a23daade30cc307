//! Reloading knowledge while answering: a valid edit is served, a broken one is refused as a
//! whole while the last good knowledge keeps being served, and concurrent requests see either
//! the old or the new knowledge, never a mix.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use career_bot::Bot;
use career_bot::frontend::live::LiveBot;
use career_bot::knowledge::Kind;

const FAQ: &str = "faqs:\n  - id: handshake\n    question: What is the secret handshake?\n    answer: ANSWER\n";

fn answer_of(bot: &Bot) -> String {
    bot.knowledge().faq("handshake").expect("the FAQ exists").answer.clone()
}

#[test]
fn edits_are_served_and_broken_edits_refused_as_a_whole() {
    let dir = common::fixture_with("extra.yaml", &FAQ.replace("ANSWER", "Two taps."));
    let live = LiveBot::load(Some(dir.path())).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answer_of(&live.current()), "Two taps.");

    std::fs::write(dir.path().join("extra.yaml"), FAQ.replace("ANSWER", "Three taps.")).unwrap();
    let report = live.reload().unwrap_or_else(|e| panic!("{e}"));
    assert!(!report.commands_changed, "an answer edit changes no command");
    assert_eq!(answer_of(&live.current()), "Three taps.");

    std::fs::write(dir.path().join("extra.yaml"), "faqs:\n  - id: handshake\n    question: [unclosed\n").unwrap();
    let err = live.reload().expect_err("a broken file is refused");
    assert!(err.to_string().contains("extra.yaml"), "{err}");
    assert_eq!(answer_of(&live.current()), "Three taps.", "the last good knowledge is still served");

    std::fs::write(dir.path().join("extra.yaml"), FAQ.replace("ANSWER", "Four taps.")).unwrap();
    live.reload().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answer_of(&live.current()), "Four taps.");
}

#[test]
fn a_changed_topic_set_asks_for_new_commands() {
    let dir = common::fixture_with("extra.yaml", &FAQ.replace("ANSWER", "x"));
    let live = LiveBot::load(Some(dir.path())).unwrap();
    let topics = common::TOPICS.replace("id: databases", "id: data-stores");
    std::fs::write(dir.path().join("topics.yaml"), topics).unwrap();
    let report = live.reload().unwrap_or_else(|e| panic!("{e}"));
    assert!(report.commands_changed);
    assert_eq!(report.changed, vec![Kind::Topic]);
}

#[test]
fn requests_during_a_hundred_reloads_all_succeed_from_one_knowledge() {
    let dir = common::fixture_with("extra.yaml", &FAQ.replace("ANSWER", "version 0"));
    let live = Arc::new(LiveBot::load(Some(dir.path())).unwrap());
    let stop = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (live, stop) = (Arc::clone(&live), Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut seen = 0;
                while !stop.load(Ordering::Relaxed) {
                    let bot = live.current();
                    let answer = answer_of(&bot);
                    assert!(answer.starts_with("version "), "{answer}");
                    // One request, one knowledge base: the same bot answers the same way.
                    assert_eq!(answer_of(&bot), answer);
                    let reply = career_bot::bot::ask(&bot, "secret handshake");
                    assert!(reply.response.reply().is_some());
                    seen += 1;
                }
                seen
            })
        })
        .collect();
    for version in 1..=100 {
        std::fs::write(dir.path().join("extra.yaml"), FAQ.replace("ANSWER", &format!("version {version}"))).unwrap();
        live.reload().unwrap_or_else(|e| panic!("{e}"));
    }
    stop.store(true, Ordering::Relaxed);
    for reader in readers {
        assert!(reader.join().expect("no reader panicked") > 0);
    }
    assert_eq!(answer_of(&live.current()), "version 100");
}
