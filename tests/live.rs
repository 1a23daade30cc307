//! Live knowledge reload: an edit of the knowledge directory is served without a restart, a
//! broken edit is refused while the last good knowledge is still served, and requests answered
//! during reloads all succeed from one whole knowledge base.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use career_bot::Bot;
use career_bot::commands::{Command, Request};
use career_bot::frontend::discord::outgoing;
use career_bot::frontend::live::{self, LiveBot, ReloadReport, Watching};
use career_bot::knowledge::{Kind, KnowledgeError};

const QUESTION: &str = "What is a backend developer?";
const ANSWER: &str = "Someone who builds the server side of an application.";

/// The fixture's FAQ file with the backend answer replaced by `answer`.
fn faqs_answering(answer: &str) -> String {
    common::FAQS.replace(ANSWER, answer)
}

/// The whole reply to `question` as the JSON the bot sends, to look for a text in it.
fn reply_to(bot: &Bot, question: &str) -> String {
    let answer = bot.answer(&Request::new(Command::ask(question)));
    outgoing::json(&answer.response).to_string()
}

fn load(dir: &Path) -> LiveBot {
    LiveBot::load(Some(dir)).unwrap_or_else(|e| panic!("{e}"))
}

/// Waits for the watcher's next outcome.
fn next(outcomes: &Receiver<Result<ReloadReport, KnowledgeError>>) -> Result<ReloadReport, KnowledgeError> {
    outcomes.recv_timeout(Duration::from_secs(20)).expect("the watcher reports a reload")
}

/// Polls the served bot until its reply to [`QUESTION`] contains `text`.
fn wait_for_answer(live: &LiveBot, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !reply_to(&live.current(), QUESTION).contains(text) {
        assert!(Instant::now() < deadline, "`{text}` was never served: {}", reply_to(&live.current(), QUESTION));
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_watcher_serves_edits_and_keeps_the_last_good_knowledge() {
    let dir = common::fixture_with("faqs.yaml", common::FAQS);
    let live = Arc::new(load(dir.path()));
    assert!(reply_to(&live.current(), QUESTION).contains(ANSWER));
    let (tx, outcomes) = mpsc::channel();
    let watching = live::watch(live.clone(), Duration::from_millis(100), move |outcome| {
        let _ = tx.send(outcome);
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(watching, Watching::Dir { .. }), "{watching}");

    std::fs::write(dir.path().join("faqs.yaml"), faqs_answering("Edited answer one.")).unwrap();
    wait_for_answer(&live, "Edited answer one.");
    assert!(next(&outcomes).is_ok());

    std::fs::write(dir.path().join("faqs.yaml"), "faqs:\n  - id: what-is-backend\n    question: [unclosed\n").unwrap();
    let failure = loop {
        if let Err(err) = next(&outcomes) {
            break err;
        }
    };
    assert!(failure.problems.iter().any(|p| p.file.ends_with("faqs.yaml") && p.line.is_some()), "{failure}");
    assert!(reply_to(&live.current(), QUESTION).contains("Edited answer one."), "the last good knowledge is served");

    std::fs::write(dir.path().join("faqs.yaml"), faqs_answering("Fixed answer two.")).unwrap();
    wait_for_answer(&live, "Fixed answer two.");
    drop(watching);
}

#[test]
fn files_other_than_knowledge_do_not_reload() {
    let dir = common::fixture_with("faqs.yaml", common::FAQS);
    let live = Arc::new(load(dir.path()));
    let (tx, outcomes) = mpsc::channel();
    let _watching = live::watch(live.clone(), Duration::from_millis(50), move |outcome| {
        let _ = tx.send(outcome);
    })
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join(".faqs.yaml.swp"), "not yaml at all: [").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "drafts").unwrap();
    assert!(outcomes.recv_timeout(Duration::from_millis(600)).is_err(), "no reload for editor files");
}

#[test]
fn regression_a_reload_set_off_the_next_one() {
    // A reload opens every knowledge file; the watcher took those opens for changes and
    // reloaded again, every few hundred milliseconds, for ever.
    let dir = common::fixture_with("faqs.yaml", common::FAQS);
    let live = Arc::new(load(dir.path()));
    let (tx, outcomes) = mpsc::channel();
    let _watching = live::watch(live.clone(), Duration::from_millis(50), move |outcome| {
        let _ = tx.send(outcome);
    })
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("faqs.yaml"), faqs_answering("One edit, one reload.")).unwrap();
    assert!(next(&outcomes).is_ok());
    // The write may be seen as two bursts; none may follow from reading alone.
    let settled = Instant::now() + Duration::from_millis(600);
    while let Ok(outcome) = outcomes.recv_timeout(settled.saturating_duration_since(Instant::now())) {
        assert!(outcome.is_ok(), "the edit is valid");
    }
    let _ = live.reload();
    assert!(outcomes.recv_timeout(Duration::from_millis(800)).is_err(), "reading the files set off a reload");
}

#[test]
fn a_refused_reload_keeps_the_bot_and_names_the_problem() {
    let dir = common::fixture_with("faqs.yaml", common::FAQS);
    let live = load(dir.path());
    let before = live.current();
    let bad = faqs_answering("Ping @everyone now.");
    std::fs::write(dir.path().join("faqs.yaml"), bad).unwrap();
    let err = live.reload().expect_err("a mention is refused");
    let problem = &err.problems[0];
    assert_eq!(problem.field.as_deref(), Some("answer"), "{err}");
    assert!(problem.file.ends_with("faqs.yaml"), "{err}");
    assert!(Arc::ptr_eq(&before, &live.current()), "the old bot is still served");
}

#[test]
fn the_report_says_when_commands_must_be_registered_again() {
    let dir = common::fixture_with("faqs.yaml", common::FAQS);
    let live = load(dir.path());

    std::fs::write(dir.path().join("faqs.yaml"), faqs_answering("Only the answer changed.")).unwrap();
    let report = live.reload().unwrap_or_else(|e| panic!("{e}"));
    assert!(!report.commands_changed && report.changed.is_empty(), "{report:?}");

    let more_topics = format!(
        "{}  - id: testing\n    title: Testing\n    summary: Unit and integration tests.\n    skills:\n      - group: Unit\n        items: [Mocks]\n    aliases: [tests]\n",
        common::TOPICS
    );
    std::fs::write(dir.path().join("topics.yaml"), more_topics).unwrap();
    let report = live.reload().unwrap_or_else(|e| panic!("{e}"));
    assert!(report.commands_changed, "{report:?}");
    assert_eq!(report.changed, [Kind::Topic]);
    assert!(report.counts.contains(&(Kind::Topic, 3)), "{report:?}");
    assert!(report.to_string().contains("command choices changed"), "{report}");

    let renamed = common::TIERS.replace("name: Senior", "name: Senior Engineer");
    std::fs::write(dir.path().join("salary.yaml"), renamed).unwrap();
    let report = live.reload().unwrap_or_else(|e| panic!("{e}"));
    assert!(report.commands_changed, "a renamed choice is registered again: {report:?}");
    assert!(report.changed.is_empty(), "the ids stayed: {report:?}");
}

#[test]
fn requests_during_a_hundred_reloads_all_succeed_from_one_knowledge_base() {
    // Two versions that differ in two files: a mix would pair one file's text with the other's.
    let version = |v: &str| {
        (
            faqs_answering(&format!("Answer of version {v}.")),
            common::TOPICS.replace("Storing data", &format!("Version {v} storing data")),
        )
    };
    let (faqs_a, topics_a) = version("A");
    let (faqs_b, topics_b) = version("B");
    let dir = common::knowledge_dir(&common::fixture_files("faqs.yaml", &faqs_a));
    std::fs::write(dir.path().join("topics.yaml"), &topics_a).unwrap();
    let live = Arc::new(load(dir.path()));

    let done = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));
    let start = Arc::new(Barrier::new(4));
    let readers: Vec<_> = (0..3)
        .map(|_| {
            let (live, done, answered, start) = (live.clone(), done.clone(), answered.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                while !done.load(Ordering::Relaxed) {
                    let bot = live.current();
                    let faq = reply_to(&bot, QUESTION);
                    let topic = reply_to(&bot, "databases roadmap");
                    let v = if faq.contains("Answer of version A.") { "A" } else { "B" };
                    assert!(faq.contains(&format!("Answer of version {v}.")), "{faq}");
                    assert!(topic.contains(&format!("Version {v} storing data")), "version {v} mixed with: {topic}");
                    answered.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();

    start.wait();
    for i in 0..100 {
        let (faqs, topics) = if i % 2 == 0 { (&faqs_b, &topics_b) } else { (&faqs_a, &topics_a) };
        std::fs::write(dir.path().join("faqs.yaml"), faqs).unwrap();
        std::fs::write(dir.path().join("topics.yaml"), topics).unwrap();
        live.reload().unwrap_or_else(|e| panic!("reload {i}: {e}"));
    }
    done.store(true, Ordering::Relaxed);
    for reader in readers {
        reader.join().expect("every request was answered");
    }
    assert!(answered.load(Ordering::Relaxed) > 0);
    assert!(reply_to(&live.current(), QUESTION).contains("Answer of version A."), "the last reload is served");
}
