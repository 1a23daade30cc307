//! Per-request work is bounded whatever the size of the input: long questions and option values
//! are cut before matching, over-long custom ids and deeply nested payloads are refused cheaply
//! (the nested ones by the real `serve-http` on 127.0.0.1), and every reply still fits
//! Discord's limits.

mod common;
#[path = "common/http.rs"]
#[expect(dead_code, reason = "the bounds need only the signing and payload helpers")]
mod endpoint;

use std::sync::OnceLock;
use std::time::Instant;

use axum::http::StatusCode;
use career_bot::Bot;
use career_bot::commands::{Command, Outcome, Request, faq};
use career_bot::frontend::cooldown::{Cooldown, Rate};
use career_bot::frontend::discord::outgoing;
use career_bot::frontend::interaction::{self, Incoming};
use career_bot::reply::{Response, limits, text};
use career_bot::search::MAX_QUERY;
use serde_json::{Value, json};
use serenity::model::application::Interaction as Received;

use common::process::{serve_http_ready, stop};
use endpoint::Keys;

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
    outgoing::json(&Response::Message(reply.clone()))["data"].to_string()
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
            let refused = bot().answer(&Request::new(command.clone())).outcome;
            assert_eq!(refused, Outcome::Refused, "{:.40}…, {} characters", value, value.chars().count());
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
    let stale = bot().answer(&Request::new_click("show:faq:no-such-entry:2", 2));
    let Response::Message(reply) = &stale.response else { panic!("{:?}", stale.response) };
    assert_eq!((reply.embeds[0].title.as_str(), reply.ephemeral), (text::STALE_BUTTON, true));
    for id in [
        long("x", 10_000),
        format!("show:faq:{}:2", long("a", 10_000)),
        format!("vote:up:topic:{}", long("databases", 10_000)),
        format!("faq:{}:2", long("9", 10_000)),
        long(":", 10_000),
    ] {
        fits(&Request::new_click(&id, 2));
        let answer = bot().answer(&Request::new_click(&id, 2));
        assert_eq!(answer.outcome, Outcome::Refused, "{:.40}", id);
        assert_eq!(answer.response, stale.response, "{:.40}: the stale-button reply", id);
    }
}

#[test]
fn a_huge_faq_page_is_clamped() {
    let pages = faq::pages(bot().knowledge());
    assert!(pages > 1, "the first and the last page differ");
    let faq_page = |page: usize| {
        Command::new(&career_bot::commands::faq::SPEC).with("page", i64::try_from(page).unwrap_or(i64::MAX))
    };
    let page = |page| bot().answer(&Request::new(faq_page(page))).response;
    for (asked, shown) in [(0, 1), (usize::MAX, pages)] {
        fits(&Request::new(faq_page(asked)));
        let reply = page(asked);
        assert_eq!(reply, page(shown), "page {asked} shows page {shown}");
        assert_eq!(reply.reply().unwrap().embeds[0].title, text::faq_page_title(shown, pages), "page {asked}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deeply_nested_json_is_refused_by_the_parser_not_the_stack() {
    let keys = Keys::generate();
    let public = keys.public_hex();
    let (mut child, stderr, base) = serve_http_ready(&[("DISCORD_PUBLIC_KEY", &public)]).await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let url = format!("{base}/interactions");
    // Signed, so that each passes the signature check and reaches the parser; nested far past
    // its 128 levels, within the 64 KiB a body may have.
    let arrays = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
    let objects = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    let in_an_option = format!(
        r#"{{"type":2,"id":"1","application_id":"2","token":"t","user":{{"id":"7"}},"data":{{"name":"ask","options":[{{"name":"question","type":3,"value":{arrays}}}]}}}}"#
    );
    for (what, body) in [("arrays", arrays.clone()), ("objects", objects), ("an option's value", in_an_option)] {
        assert!(body.len() <= 64 * 1024, "{what}: {} bytes would be refused for their size", body.len());
        let timestamp = endpoint::now();
        let signature = keys.sign(&timestamp, body.as_bytes());
        let response = endpoint::post(&client, &url, body.into_bytes(), Some(&signature), Some(&timestamp)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{what}");
        assert!(child.try_wait().unwrap().is_none(), "{what}: the server is still running");
    }

    // Nesting within the limit where a string is expected is not a string option: refused as
    // malformed, as serenity reads an option's value by the type it gives.
    let nested: Value = serde_json::from_str(&format!("{}\"x\"{}", "[".repeat(100), "]".repeat(100))).unwrap();
    let payload = endpoint::command("ask", json!([{"name": "question", "type": 3, "value": nested}]), 7);
    assert!(serde_json::from_value::<Received>(payload.clone()).is_err());
    let response = endpoint::post_signed(&client, &url, &keys, &payload).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    // Still serving: an empty question is answered.
    let payload = endpoint::command("ask", json!([]), 7);
    let read = endpoint::read(&payload);
    let Incoming::Request(request) = &read.incoming else { panic!("a request") };
    assert_eq!(request.action, career_bot::commands::Action::Run(Command::new(&career_bot::commands::ask::SPEC)));
    let response = endpoint::post_signed(&client, &url, &keys, &payload).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut empty = Request::by(Command::new(&career_bot::commands::ask::SPEC), 7);
    empty.context = request.context;
    assert_eq!(response.json::<Value>().await.unwrap(), outgoing::json(&bot().answer(&empty).response));

    let stderr = stop(child, stderr);
    assert!(!stderr.contains("overflow") && !stderr.contains("panicked"), "{stderr}");
}

/// The refusal of an unknown command echoed its whole name into the embed title.
#[test]
fn regression_a_long_unknown_command_name_overflowed_the_title() {
    let cooldown = Cooldown::new(Rate { count: 1000, window: std::time::Duration::from_secs(1) });
    let huge = long("how do i become a backend developer ", 100_000);
    let payloads = [
        endpoint::command("ask", json!([{"name": "question", "type": 3, "value": huge}]), 7),
        endpoint::command("salary", json!([{"name": "level", "type": 3, "value": huge}]), 7),
        endpoint::command(&long("x", 10_000), json!([]), 7),
        endpoint::click(&long("show:", 10_000), 7),
        endpoint::autocomplete("ask", "question", &huge, 7),
        endpoint::autocomplete("roadmap", "topic", &huge, 7),
    ];
    for payload in payloads {
        let parsed = endpoint::read(&payload);
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
