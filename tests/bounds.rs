//! Per-request work is bounded whatever the size of the input: long questions and option values
//! are cut before matching, over-long custom ids and deeply nested payloads are refused cheaply,
//! and every reply still fits Discord's limits.

use std::sync::OnceLock;
use std::time::Instant;

use career_bot::Bot;
use career_bot::commands::{Command, Request};
use career_bot::frontend::cooldown::{Cooldown, Rate};
use career_bot::frontend::interaction::{self, Incoming};
use career_bot::reply::{limits, wire};
use career_bot::search::MAX_QUERY;
use serde_json::{Value, json};

fn bot() -> &'static Bot {
    static BOT: OnceLock<Bot> = OnceLock::new();
    BOT.get_or_init(|| Bot::builtin().unwrap_or_else(|e| panic!("{e}")))
}

/// `text` repeated to at least `chars` characters.
fn long(text: &str, chars: usize) -> String {
    text.repeat(chars / text.chars().count() + 1)
}

fn fits(request: &Request) -> String {
    let answer = bot().answer(request);
    let reply = answer.response.reply().expect("a message");
    let problems = limits::violations(reply);
    assert!(problems.is_empty(), "{request:?}: {problems:?}");
    wire::message(reply).to_string()
}

#[test]
fn a_long_question_is_matched_as_its_first_characters() {
    let head = "what is the salary of a senior backend developer in bangalore ";
    let question = long(head, 100_000);
    let cut: String = question.chars().take(MAX_QUERY).collect();
    let matcher = bot().matcher();
    assert_eq!(matcher.ask(&question), matcher.ask(&cut));
    assert_eq!(matcher.autocomplete(&question, 25), matcher.autocomplete(&cut, 25));
    assert_eq!(bot().autocomplete("ask", "question", &question), bot().autocomplete("ask", "question", &cut));
    fits(&Request::new(Command::ask(&question)));
}

#[test]
fn long_option_values_are_refused_within_limits() {
    for value in [long("x", 10_000), long("sénior ", 10_000), long("@everyone ", 10_000)] {
        for command in [
            Command::new(&career_bot::commands::salary::SPEC).with("level", value.clone()),
            Command::new(&career_bot::commands::roadmap::SPEC).with("topic", value.clone()),
            Command::new(&career_bot::commands::role::SPEC).with("level", value.clone()),
        ] {
            let wire = fits(&Request::new(command));
            assert!(wire.len() < 6000 * 4, "the value is not echoed whole: {} bytes", wire.len());
            assert!(!wire.contains("@everyone"), "{wire}");
        }
        for (command, option) in [("salary", "level"), ("roadmap", "topic"), ("role", "level")] {
            let choices = bot().autocomplete(command, option, &value);
            assert!(limits::choice_violations(&choices).is_empty(), "{choices:?}");
        }
    }
}

/// The refusal of a bad `since:` echoed the whole text into its embed.
#[test]
fn regression_a_long_gaps_period_was_echoed_whole() {
    for since in [long("9", 10_000), long("x", 10_000), "@everyone".to_owned()] {
        let request = Request {
            context: career_bot::commands::Context { invoker: Some(2), guild: Some(1), permissions: Some(8) },
            ..Request::new(Command::new(&career_bot::commands::gaps::SPEC).with("since", since).with("limit", i64::MAX))
        };
        let wire = fits(&request);
        assert!(!wire.contains("@everyone"), "{wire}");
    }
}

#[test]
fn a_ten_thousand_character_custom_id_is_a_stale_button() {
    for id in [
        long("x", 10_000),
        format!("show:faq:{}:2", long("a", 10_000)),
        format!("vote:up:topic:{}", long("databases", 10_000)),
        format!("faq:{}:2", long("9", 10_000)),
        long(":", 10_000),
    ] {
        fits(&Request::new_click(&id, 2));
    }
}

#[test]
fn a_huge_faq_page_is_clamped() {
    for page in [0, usize::MAX] {
        fits(&Request::new(Command::new(&career_bot::commands::faq::SPEC).with("page", page as i64)));
    }
}

#[test]
fn deeply_nested_json_is_refused_by_the_parser_not_the_stack() {
    // serde_json stops at 128 levels: a body nested 100,000 deep is an error, not a crash.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(serde_json::from_str::<Value>(&deep).is_err());
    let deep_object = format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
    assert!(serde_json::from_str::<Value>(&deep_object).is_err());
    // Nesting within the limit where a string is expected is read as no value.
    let nested = format!("{}\"x\"{}", "[".repeat(100), "]".repeat(100));
    let body = format!(
        r#"{{"type":2,"user":{{"id":"7"}},"data":{{"name":"ask","options":[{{"name":"question","type":3,"value":{nested}}}]}}}}"#
    );
    let value: Value = serde_json::from_str(&body).expect("within the recursion limit");
    let parsed = interaction::parse(&value).expect("an interaction");
    let Incoming::Request(request) = &parsed.incoming else { panic!("a request") };
    assert_eq!(request.action, career_bot::commands::Action::Run(Command::new(&career_bot::commands::ask::SPEC)));
}

/// The refusal of an unknown command echoed its whole name into the embed title.
#[test]
fn regression_a_long_unknown_command_name_overflowed_the_title() {
    let cooldown = Cooldown::new(Rate { count: 1000, window: std::time::Duration::from_secs(1) });
    let huge = long("how do i become a backend developer ", 100_000);
    let payloads = [
        json!({"type": 2, "user": {"id": "7"}, "data": {"name": "ask", "options": [{"name": "question", "type": 3, "value": huge}]}}),
        json!({"type": 2, "user": {"id": "7"}, "data": {"name": "salary", "options": [{"name": "level", "type": 3, "value": huge}]}}),
        json!({"type": 2, "user": {"id": "7"}, "data": {"name": long("x", 10_000)}}),
        json!({"type": 3, "user": {"id": "7"}, "data": {"custom_id": long("show:", 10_000), "component_type": 2}}),
        json!({"type": 4, "data": {"name": "ask", "options": [{"name": "question", "type": 3, "value": huge, "focused": true}]}}),
        json!({"type": 4, "data": {"name": "roadmap", "options": [{"name": "topic", "type": 3, "value": huge, "focused": true}]}}),
    ];
    for payload in payloads {
        let parsed = interaction::parse(&payload).expect("an interaction");
        let started = Instant::now();
        let handled = interaction::respond(bot(), &cooldown, &parsed, Instant::now());
        if let Some(reply) = handled.response.reply() {
            assert!(limits::violations(reply).is_empty(), "{:?}", limits::violations(reply));
        }
        if let career_bot::reply::Response::Choices(choices) = &handled.response {
            assert!(limits::choice_violations(choices).is_empty(), "{choices:?}");
        }
        // Generous for a debug build on a busy machine; unbounded work would take far longer.
        assert!(started.elapsed().as_secs() < 5, "{} took {:?}", parsed.label, started.elapsed());
    }
}
