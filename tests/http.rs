//! The HTTP interactions endpoint end to end: the real router on 127.0.0.1:0, requests signed
//! with a key pair generated here, replies compared with what the terminal prints for the same
//! command, the metrics checked against what each test did, and the binary's start-up and
//! shutdown. Nothing leaves 127.0.0.1: Discord's API is a loopback fake.

mod common;
#[path = "common/http.rs"]
mod endpoint;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use career_bot::Bot;
use career_bot::commands::Outcome;
use career_bot::feedback::question_text;
use career_bot::frontend::cooldown::Rate;
use career_bot::frontend::discord::outgoing;
use career_bot::frontend::live::LiveBot;
use career_bot::frontend::recording::Insights;
use career_bot::insights::Config;
use career_bot::reply::{Response, text};
use common::process::{exit_within, serve_http, serve_http_ready, signal, stop};
use endpoint::{APPLICATION, Call, FakeDiscord, Keys, Server, TOKEN, metric};

/// The user every request comes from, unless a test says otherwise.
const USER: u64 = 777_000_111;

/// The shared small knowledge base as files: the served bot and the terminal read the same.
fn knowledge() -> tempfile::TempDir {
    common::knowledge_dir(&[
        ("faqs.yaml", common::FAQS),
        ("roles.yaml", common::ROLES),
        ("salary.yaml", common::TIERS),
        ("synonyms.yaml", common::SYNONYMS),
        ("topics.yaml", common::TOPICS),
    ])
}

/// A running endpoint over the fixture knowledge, with its key pair and a client.
struct Endpoint {
    dir: tempfile::TempDir,
    keys: Keys,
    server: Server,
    client: reqwest::Client,
}

impl Endpoint {
    async fn start() -> Self {
        Endpoint::with(Rate::default(), "http://127.0.0.1:9").await
    }

    /// With a cooldown and Discord's API at `api` (port 9 refuses: nothing may call it).
    async fn with(rate: Rate, api: &str) -> Self {
        let dir = knowledge();
        let bot = Bot::from_dir(dir.path()).expect("the fixture knowledge loads");
        let keys = Keys::generate();
        let server = Server::start(endpoint::state(bot, &keys, rate, api)).await;
        let client = reqwest::Client::builder().no_proxy().build().expect("a client");
        Endpoint { dir, keys, server, client }
    }

    /// Insights insights into the SQLite file of `data_dir`.
    async fn recording(data_dir: &Path) -> Self {
        let dir = knowledge();
        let bot = Bot::from_dir(dir.path()).expect("the fixture knowledge loads");
        let keys = Keys::generate();
        let recording = Insights::start(Ok(Config::sqlite(data_dir.join("career-bot.sqlite3"))));
        let state = endpoint::state(bot, &keys, Rate::default(), "http://127.0.0.1:9").with_insights(recording);
        let server = Server::start(state).await;
        let client = reqwest::Client::builder().no_proxy().build().expect("a client");
        Endpoint { dir, keys, server, client }
    }

    fn url(&self) -> String {
        self.server.url("/interactions")
    }

    async fn readyz(&self) -> (StatusCode, Value) {
        let response = self.client.get(self.server.url("/readyz")).send().await.expect("/readyz answers");
        (response.status(), response.json().await.expect("JSON detail"))
    }

    /// Sends a signed interaction and returns the JSON response, which must be a 200.
    async fn send(&self, body: &Value) -> Value {
        let response = endpoint::post_signed(&self.client, &self.url(), &self.keys, body).await;
        assert_eq!(response.status(), StatusCode::OK, "for {body}");
        let kind = response.headers()["content-type"].to_str().unwrap().to_owned();
        assert_eq!(kind, "application/json");
        response.json().await.expect("a JSON response")
    }

    async fn metrics(&self) -> String {
        let response = self.client.get(self.server.url("/metrics")).send().await.expect("/metrics answers");
        assert_eq!(response.status(), StatusCode::OK);
        response.text().await.expect("a text body")
    }

    /// What `career-bot --json <args>` prints under "response", over the same knowledge.
    fn terminal(&self, args: &[&str]) -> Value {
        terminal(self.dir.path(), args)
    }
}

fn terminal(dir: &Path, args: &[&str]) -> Value {
    let output = common::bin()
        .arg("--knowledge")
        .arg(dir)
        .arg("--json")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "career-bot {args:?}: {}", common::stderr(&output));
    let printed: Value = serde_json::from_slice(&output.stdout).expect("--json prints JSON");
    printed["response"].clone()
}

/// The custom ids of every button of a response, row by row.
fn custom_ids(response: &Value) -> Vec<String> {
    let rows = response.pointer("/data/components").and_then(Value::as_array).cloned().unwrap_or_default();
    rows.iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|button| button["custom_id"].as_str().map(str::to_owned))
        .collect()
}

/// A response as the terminal, which has no invoker, would print it: the invoker's delete
/// button removed (with a row it leaves empty) and the invoker in custom ids turned into the
/// terminal's `0`.
fn without_invoker(mut response: Value, invoker: u64) -> Value {
    let suffix = format!(":{invoker}");
    if let Some(rows) = response.pointer_mut("/data/components").and_then(Value::as_array_mut) {
        for row in rows.iter_mut() {
            let buttons = row["components"].as_array_mut().expect("a row has components");
            buttons.retain(|b| !b["custom_id"].as_str().is_some_and(|id| id.starts_with("del:")));
            for button in buttons {
                let id = button["custom_id"].as_str().unwrap_or_default();
                if let Some(stem) = id.strip_suffix(&suffix) {
                    button["custom_id"] = json!(format!("{stem}:0"));
                }
            }
        }
        rows.retain(|row| row["components"].as_array().is_some_and(|b| !b.is_empty()));
    }
    response
}

/// A click acknowledged and nothing else (type 6, no message data).
fn acknowledges_only(response: &Value) {
    assert_eq!(response["type"], 6, "{response}");
    assert!(response.get("data").is_none_or(Value::is_null), "{response}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_ping_is_answered_with_pong() {
    let endpoint = Endpoint::start().await;
    let pong = endpoint.send(&endpoint::ping()).await;
    assert_eq!(pong["type"], 1, "{pong}");
    assert!(pong.get("data").is_none_or(Value::is_null), "a PONG carries nothing else: {pong}");
    assert_eq!(pong, outgoing::json(&Response::Pong));
}

/// The payloads these tests sign are interactions as Discord sends them: serenity reads each
/// (with the guild, member and ids the tests rely on).
#[test]
fn the_test_payloads_are_interactions_serenity_reads() {
    let command =
        endpoint::read(&endpoint::command("salary", json!([{"name": "level", "type": 3, "value": "sr"}]), USER));
    assert_eq!((command.user, command.guild, command.label.as_str()), (Some(USER), Some(300), "salary"));
    assert_eq!((command.application_id, command.token.expose()), (endpoint::APPLICATION, endpoint::TOKEN));
    let click = endpoint::read(&endpoint::click("del:1", USER));
    assert_eq!((click.user, click.label.as_str()), (Some(USER), "button:del"));
    let typing = endpoint::read(&endpoint::autocomplete("ask", "question", "sal", USER));
    assert_eq!(typing.label, "autocomplete:ask");
    assert_eq!(endpoint::read(&endpoint::ping()).label, "ping");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unverified_requests_get_a_bare_401() {
    let endpoint = Endpoint::start().await;
    let body = serde_json::to_vec(&endpoint::ping()).unwrap();
    let ts = endpoint::now();
    let good = endpoint.keys.sign(&ts, &body);
    let stranger = Keys::generate();
    // Ten seconds past the five-minute window: the test may take a few seconds to send them.
    let stale = endpoint::unix(SystemTime::now() - Duration::from_secs(310));
    let future = endpoint::unix(SystemTime::now() + Duration::from_secs(310));
    let mut tampered = body.clone();
    tampered.push(b' ');
    // (what, body, X-Signature-Ed25519, X-Signature-Timestamp)
    type Case = (&'static str, Vec<u8>, Option<String>, Option<String>);
    let cases: Vec<Case> = vec![
        ("unsigned", body.clone(), None, None),
        ("no timestamp", body.clone(), Some(good.clone()), None),
        ("no signature", body.clone(), None, Some(ts.clone())),
        ("wrong key", body.clone(), Some(stranger.sign(&ts, &body)), Some(ts.clone())),
        ("tampered body", tampered, Some(good.clone()), Some(ts.clone())),
        ("tampered timestamp", body.clone(), Some(good.clone()), Some((ts.parse::<u64>().unwrap() + 1).to_string())),
        ("stale timestamp", body.clone(), Some(endpoint.keys.sign(&stale, &body)), Some(stale)),
        ("future timestamp", body.clone(), Some(endpoint.keys.sign(&future, &body)), Some(future)),
        ("signature not hex", body.clone(), Some("zz".repeat(64)), Some(ts.clone())),
    ];
    let count = cases.len();
    for (name, body, signature, timestamp) in cases {
        let response =
            endpoint::post(&endpoint.client, &endpoint.url(), body, signature.as_deref(), timestamp.as_deref()).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{name}");
        assert!(response.bytes().await.unwrap().is_empty(), "{name}: a 401 carries no detail");
    }
    // The same request, properly signed, passes: the refusals above were about the signature.
    let response = endpoint::post(&endpoint.client, &endpoint.url(), body, Some(&good), Some(&ts)).await;
    assert_eq!(response.status(), StatusCode::OK);

    let metrics = endpoint.metrics().await;
    assert_eq!(metric(&metrics, "career_bot_invalid_signatures_total"), Some(count as f64));
    assert_eq!(metric(&metrics, r#"career_bot_interactions_total{command="ping",outcome="pong"}"#), Some(1.0));
    assert_eq!(metric(&metrics, "career_bot_interaction_duration_seconds_count"), Some(1.0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_over_64_kib_are_413_and_up_to_it_are_read() {
    let endpoint = Endpoint::start().await;
    let ts = endpoint::now();
    let over = vec![b'x'; 64 * 1024 + 1];
    let signature = endpoint.keys.sign(&ts, &over);
    let response = endpoint::post(&endpoint.client, &endpoint.url(), over, Some(&signature), Some(&ts)).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Exactly at the limit the body is read, verified and found not to be JSON.
    let at = vec![b'x'; 64 * 1024];
    let signature = endpoint.keys.sign(&ts, &at);
    let response = endpoint::post(&endpoint.client, &endpoint.url(), at, Some(&signature), Some(&ts)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_garbage_is_400() {
    let endpoint = Endpoint::start().await;
    let ts = endpoint::now();
    for garbage in [&b"not json"[..], b"{\"type\":", b"[]", b"{\"type\": 99}", b"{\"type\": 2}"] {
        let signature = endpoint.keys.sign(&ts, garbage);
        let response =
            endpoint::post(&endpoint.client, &endpoint.url(), garbage.to_vec(), Some(&signature), Some(&ts)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{}", String::from_utf8_lossy(garbage));
    }
    let metrics = endpoint.metrics().await;
    assert_eq!(metric(&metrics, r#"career_bot_interactions_total{command="malformed",outcome="error"}"#), Some(5.0));
    assert_eq!(metric(&metrics, "career_bot_invalid_signatures_total"), Some(0.0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn salary_is_what_the_terminal_prints() {
    let endpoint = Endpoint::start().await;
    let options = json!([{"name": "level", "type": 3, "value": "senior"}]);
    let http = endpoint.send(&endpoint::command("salary", options, USER)).await;
    assert_eq!(http["type"], 4);
    assert!(custom_ids(&http).contains(&format!("del:{USER}")), "a public reply carries its owner's delete button");
    let terminal = endpoint.terminal(&["salary", "senior"]);
    let title = terminal["data"]["embeds"][0]["title"].as_str().unwrap_or_default();
    assert!(title.starts_with("Senior"), "the fixture's tier: {title}");
    assert_eq!(without_invoker(http, USER), terminal);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_is_what_the_terminal_prints() {
    let endpoint = Endpoint::start().await;
    for question in ["what does a backend dev do", "how much does a senior earn", "kubernetes helm"] {
        let options = json!([{"name": "question", "type": 3, "value": question}]);
        let http = endpoint.send(&endpoint::command("ask", options, USER)).await;
        let terminal = endpoint.terminal(&["ask", question]);
        assert_eq!(without_invoker(http.clone(), USER), terminal, "{question}");
        // Compared field by field too, so a failure says which part differs.
        for part in ["embeds", "flags", "allowed_mentions", "content"] {
            assert_eq!(http["data"].get(part), terminal["data"].get(part), "{question}: {part}");
        }
    }
    // The declined question offers "did you mean" buttons, carrying the invoker over HTTP.
    let options = json!([{"name": "question", "type": 3, "value": "how much does a senior earn"}]);
    let http = endpoint.send(&endpoint::command("ask", options, USER)).await;
    assert!(custom_ids(&http).contains(&format!("show:salary:senior:{USER}")), "{http}");
}

/// `command` sent from a direct message with the bot, by a user who installed the app to their
/// account: no guild, a `user` in place of a `member`.
fn in_direct_message(name: &str, options: Value) -> Value {
    let mut body = endpoint::command(name, options, USER);
    let object = body.as_object_mut().expect("an interaction is an object");
    object.remove("guild_id");
    let member = object.remove("member").expect("a guild command has a member");
    object.insert("user".into(), member["user"].clone());
    object.insert("context".into(), json!(1));
    object.insert("authorizing_integration_owners".into(), json!({"1": USER.to_string()}));
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_from_a_direct_message_are_answered_as_the_terminal_does() {
    let endpoint = Endpoint::start().await;
    let senior = json!([{"name": "level", "type": 3, "value": "senior"}]);
    let http = endpoint.send(&in_direct_message("salary", senior)).await;
    assert_eq!(http["type"], 4);
    assert!(custom_ids(&http).contains(&format!("del:{USER}")), "the asker can still delete the answer");
    assert_eq!(without_invoker(http, USER), endpoint.terminal(&["salary", "senior"]));
    let question = json!([{"name": "question", "type": 3, "value": "what does a backend dev do"}]);
    let http = endpoint.send(&in_direct_message("ask", question)).await;
    assert_eq!(without_invoker(http, USER), endpoint.terminal(&["ask", "what does a backend dev do"]));
    // The moderators' report needs a server.
    let http = endpoint.send(&in_direct_message("gaps", json!([]))).await;
    assert_eq!((http["type"].clone(), http["data"]["flags"].clone()), (json!(4), json!(64)));
    assert_eq!(http["data"]["embeds"][0]["title"], text::GAPS_GUILD_ONLY);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_is_what_the_core_suggests() {
    let endpoint = Endpoint::start().await;
    let bot = Bot::from_dir(endpoint.dir.path()).unwrap();
    for (command, option, partial) in [("ask", "question", "what"), ("ask", "question", ""), ("salary", "level", "se")]
    {
        let http = endpoint.send(&endpoint::autocomplete(command, option, partial, USER)).await;
        let expected = outgoing::json(&Response::Choices(bot.autocomplete(command, option, partial)));
        assert_eq!(http, expected, "{command} {option}:{partial}");
        assert_eq!(http["type"], 8);
        assert!(!http["data"]["choices"].as_array().unwrap().is_empty(), "{command} {option}:{partial}: {http}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_did_you_mean_click_shows_the_entry_as_the_terminal_does() {
    let endpoint = Endpoint::start().await;
    let options = json!([{"name": "question", "type": 3, "value": "how much does a senior earn"}]);
    let asked = endpoint.send(&endpoint::command("ask", options, USER)).await;
    let button = format!("show:salary:senior:{USER}");
    assert!(custom_ids(&asked).contains(&button), "{asked}");
    let terminal = endpoint.terminal(&["salary", "senior"]);

    // Its owner's click replaces the message (type 7) with the entry and a delete button.
    let clicked = endpoint.send(&endpoint::click(&button, USER)).await;
    assert_eq!(clicked["type"], 7);
    assert_eq!(custom_ids(&clicked), [format!("del:{USER}")]);
    assert_eq!(without_invoker(clicked, USER)["data"], terminal["data"]);

    // Anyone else gets the same entry shown to them alone.
    let other = endpoint.send(&endpoint::click(&button, USER + 1)).await;
    assert_eq!(other["type"], 4);
    assert_eq!(other["data"]["flags"], 64);
    assert_eq!(other["data"]["embeds"], terminal["data"]["embeds"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delete_click_acknowledges_then_deletes_the_message_through_the_api() {
    let discord = FakeDiscord::start(StatusCode::NO_CONTENT).await;
    let endpoint = Endpoint::with(Rate::default(), &discord.base).await;

    // Someone else's click is refused and deletes nothing.
    let refused = endpoint.send(&endpoint::click(&format!("del:{USER}"), USER + 1)).await;
    assert_eq!(refused["type"], 4);
    assert_eq!(refused["data"]["flags"], 64);

    let acknowledged = endpoint.send(&endpoint::click(&format!("del:{USER}"), USER)).await;
    acknowledges_only(&acknowledged);
    let calls = discord.wait_for(1, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let expected =
        Call { method: Method::DELETE, path: format!("/api/v10/webhooks/{APPLICATION}/{TOKEN}/messages/@original") };
    assert_eq!(calls, std::slice::from_ref(&expected));
    assert_eq!(discord.calls(), [expected], "exactly one call, for the owner's click only");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cooldown_applies_to_commands_not_to_autocomplete() {
    let endpoint = Endpoint::with(Rate { count: 2, window: Duration::from_secs(60) }, "http://127.0.0.1:9").await;
    let salary = endpoint::command("salary", json!([{"name": "level", "type": 3, "value": "senior"}]), USER);
    for _ in 0..2 {
        assert_eq!(endpoint.send(&salary).await["data"]["flags"], 0);
    }
    let limited = endpoint.send(&salary).await;
    assert_eq!(limited["data"]["flags"], 64, "the third within the window is a private note: {limited}");
    assert_eq!(endpoint.send(&endpoint::autocomplete("salary", "level", "se", USER)).await["type"], 8);
    let other = endpoint::command("salary", json!([{"name": "level", "type": 3, "value": "senior"}]), USER + 1);
    assert_eq!(endpoint.send(&other).await["data"]["flags"], 0, "other users are not limited");

    let metrics = endpoint.metrics().await;
    assert_eq!(metric(&metrics, r#"career_bot_interactions_total{command="salary",outcome="answered"}"#), Some(3.0));
    assert_eq!(
        metric(&metrics, r#"career_bot_interactions_total{command="salary",outcome="rate-limited"}"#),
        Some(1.0)
    );
    let autocomplete = r#"career_bot_interactions_total{command="autocomplete:salary",outcome="autocomplete"}"#;
    assert_eq!(metric(&metrics, autocomplete), Some(1.0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_what_happened() {
    let started = SystemTime::now() - Duration::from_secs(1);
    let endpoint = Endpoint::start().await;
    endpoint.send(&endpoint::ping()).await;
    endpoint.send(&endpoint::command("salary", json!([{"name": "level", "type": 3, "value": "sr"}]), USER)).await;
    let declined = json!([{"name": "question", "type": 3, "value": "how much does a senior earn"}]);
    endpoint.send(&endpoint::command("ask", declined, USER)).await;
    endpoint.send(&endpoint::command("gone", json!([]), USER)).await;
    endpoint::post(&endpoint.client, &endpoint.url(), b"{}".to_vec(), None, None).await;
    endpoint::post(&endpoint.client, &endpoint.url(), b"{}".to_vec(), Some(&"00".repeat(64)), Some(&endpoint::now()))
        .await;

    let response = endpoint.client.get(endpoint.server.url("/metrics")).send().await.unwrap();
    assert_eq!(response.headers()["content-type"], "text/plain; version=0.0.4; charset=utf-8");
    let text = response.text().await.unwrap();
    let count = |command: &str, outcome: &str| {
        metric(&text, &format!("career_bot_interactions_total{{command=\"{command}\",outcome=\"{outcome}\"}}"))
    };
    assert_eq!(count("ping", "pong"), Some(1.0));
    assert_eq!(count("salary", "answered"), Some(1.0));
    assert_eq!(count("ask", "declined"), Some(1.0));
    // A command the bot does not have is counted under one label, whatever its name.
    assert_eq!(count("unknown", "refused"), Some(1.0));
    assert_eq!(text.lines().filter(|l| l.starts_with("career_bot_interactions_total{")).count(), 4, "{text}");
    assert_eq!(metric(&text, "career_bot_invalid_signatures_total"), Some(2.0));
    assert_eq!(metric(&text, "career_bot_interaction_duration_seconds_count"), Some(4.0));
    assert_eq!(metric(&text, r#"career_bot_interaction_duration_seconds_bucket{le="+Inf"}"#), Some(4.0));
    // `sr` resolves to the senior tier with a perfect score; the declined question offers
    // its closest entries, whose best score is recorded too.
    assert_eq!(metric(&text, "career_bot_match_score_count"), Some(2.0));
    assert_eq!(metric(&text, r#"career_bot_match_score_bucket{le="1"}"#), Some(2.0));
    for (kind, entries) in [("faq", 2.0), ("salary", 2.0), ("role", 2.0), ("topic", 2.0)] {
        assert_eq!(metric(&text, &format!("career_bot_knowledge_entries{{kind=\"{kind}\"}}")), Some(entries));
    }
    let loaded = metric(&text, "career_bot_knowledge_loaded_timestamp_seconds").unwrap();
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs_f64();
    let since = started.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs_f64();
    assert!(loaded >= since.floor() && loaded <= now, "{loaded} not in [{since}, {now}]");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_readiness() {
    let endpoint = Endpoint::start().await;
    let health = endpoint.client.get(endpoint.server.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.text().await.unwrap(), "ok");
    let ready = endpoint.client.get(endpoint.server.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let detail: Value = ready.json().await.unwrap();
    assert_eq!(detail, json!({"ready": true, "knowledge": {"faq": 2, "salary": 2, "role": 2, "topic": 2}}));
    let wrong_method = endpoint.client.get(endpoint.url()).send().await.unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    let unknown = endpoint.client.get(endpoint.server.url("/nope")).send().await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    endpoint.server.stop().await.expect("a graceful stop");
}

/// Fifty clients at once, one request in ten with a body changed after signing: every request
/// gets its own verdict, and every signature is checked once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_clients_send_five_thousand_signed_requests_without_an_error() {
    const CLIENTS: u64 = 50;
    const EACH: u64 = 100;
    let endpoint = Endpoint::start().await;
    let url = endpoint.url();
    let keys = std::sync::Arc::new(endpoint.keys.clone());
    let questions = ["what does a backend dev do", "databse", "sr", "apis or databases", "kubernetes helm"];
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client_no in 0..CLIENTS {
        let (url, keys) = (url.clone(), keys.clone());
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        tasks.push(tokio::spawn(async move {
            let mut failures = Vec::new();
            for i in 0..EACH {
                // A user per request, so the per-user cooldown never applies.
                let user = 1_000_000 + client_no * EACH + i;
                let question = questions[(i % questions.len() as u64) as usize];
                let body = endpoint::command("ask", json!([{"name": "question", "type": 3, "value": question}]), user);
                if i % 10 == 3 {
                    let signed = serde_json::to_vec(&body).unwrap();
                    let ts = endpoint::now();
                    let signature = keys.sign(&ts, &signed);
                    let mut tampered = signed;
                    tampered.push(b' ');
                    let response = endpoint::post(&client, &url, tampered, Some(&signature), Some(&ts)).await;
                    if response.status() != StatusCode::UNAUTHORIZED {
                        failures.push(format!("a tampered request got {}", response.status()));
                    }
                    continue;
                }
                let response = endpoint::post_signed(&client, &url, &keys, &body).await;
                let status = response.status();
                let reply: Value = response.json().await.unwrap_or(Value::Null);
                if status != StatusCode::OK || reply["type"] != 4 || reply["data"]["flags"] != 0 {
                    failures.push(format!("{status} {reply}"));
                }
            }
            failures
        }));
    }
    let mut failures = Vec::new();
    for task in tasks {
        failures.extend(tokio::time::timeout(Duration::from_secs(240), task).await.expect("bounded time").unwrap());
    }
    let elapsed = started.elapsed();
    assert!(failures.is_empty(), "{} failures, e.g. {:?}", failures.len(), failures.first());
    assert!(elapsed < Duration::from_secs(240), "took {elapsed:?}");

    let metrics = endpoint.metrics().await;
    let answered: f64 = ["answered", "suggested", "declined"]
        .iter()
        .filter_map(|o| metric(&metrics, &format!("career_bot_interactions_total{{command=\"ask\",outcome=\"{o}\"}}")))
        .sum();
    let tampered = CLIENTS * EACH / 10;
    assert_eq!(answered, (CLIENTS * EACH - tampered) as f64);
    assert_eq!(metric(&metrics, r#"career_bot_interactions_total{command="ask",outcome="rate-limited"}"#), None);
    assert_eq!(metric(&metrics, "career_bot_invalid_signatures_total"), Some(tampered as f64));
    assert_eq!(metric(&metrics, "career_bot_signatures_checked_total"), Some((CLIENTS * EACH) as f64));
}

// --- Insights ----------------------------------------------------------------------------------

/// Questions the fixture knowledge declines (the first one that still is, is used).
const UNKNOWN: &[&str] = &["what is the weather in paris", "best pizza in town", "how do i bake bread"];

fn declined(dir: &Path) -> String {
    let bot = Bot::from_dir(dir).unwrap();
    let found = UNKNOWN.iter().find(|q| career_bot::bot::ask(&bot, q).outcome == Outcome::Declined);
    found.expect("one of UNKNOWN is declined").to_string()
}

/// The rows of a career-bot table in the SQLite file of `data_dir` (0 while there is none).
fn rows(data_dir: &Path, table: &str) -> u64 {
    let path = data_dir.join("career-bot.sqlite3");
    let Ok(conn) = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return 0;
    };
    conn.query_row(&format!("SELECT count(*) FROM career_bot_{table}"), [], |r| r.get::<_, i64>(0))
        .map_or(0, |n| n as u64)
}

/// Polls until `data_dir` holds `questions` and `votes` rows, failing after 10 s.
async fn stored(data_dir: &Path, questions: u64, votes: u64) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found = (rows(data_dir, "questions"), rows(data_dir, "votes"));
        if found == (questions, votes) {
            return;
        }
        assert!(Instant::now() < deadline, "expected {questions} questions and {votes} votes, found {found:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thumbs_down_opens_the_reason_form_and_its_submission_is_stored() {
    let data = tempfile::tempdir().unwrap();
    let endpoint = Endpoint::recording(data.path()).await;
    let confident = json!([{"name": "question", "type": 3, "value": "what does a backend dev do"}]);
    let answer = endpoint.send(&endpoint::command("ask", confident, USER)).await;
    let down = custom_ids(&answer).into_iter().find(|id| id.starts_with("vote:down:")).expect("a 👎 button");
    let form = endpoint.send(&endpoint::click(&down, USER + 1)).await;
    assert_eq!(form["type"], 9, "a 👎 opens the reason form: {form}");
    let why = form["data"]["custom_id"].as_str().expect("the form's id").to_owned();
    assert_eq!(why, down.replacen("vote:down:", "why:", 1));
    assert_eq!(form["data"]["components"][0]["components"][0]["required"], false, "{form}");
    stored(data.path(), 0, 1).await;

    let reason = career_bot::commands::reason::REASON;
    let thanks = endpoint.send(&endpoint::submit(&why, &[(reason, "The salary figures are **old**")], USER + 1)).await;
    assert_eq!((&thanks["type"], &thanks["data"]["flags"]), (&json!(4), &json!(64)), "{thanks}");
    assert_eq!(thanks["data"]["embeds"][0]["title"], text::REASON_THANKS);
    let empty = endpoint.send(&endpoint::submit(&why, &[(reason, "  ")], USER + 2)).await;
    assert_eq!((&empty["type"], &empty["data"]["flags"]), (&json!(4), &json!(64)), "{empty}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while rows(data.path(), "vote_reasons") == 0 {
        assert!(Instant::now() < deadline, "the reason was not stored");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let conn = rusqlite::Connection::open(data.path().join("career-bot.sqlite3")).unwrap();
    let stored: Vec<(String, String)> = conn
        .prepare("SELECT entry, reason FROM career_bot_vote_reasons")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let entry = why.trim_start_matches("why:").to_owned();
    assert_eq!(stored, [(entry, "the salary figures are old".to_owned())], "one reason, cleaned, no user");
    let metrics = endpoint.metrics().await;
    assert_eq!(metric(&metrics, r#"career_bot_interactions_total{command="form:why",outcome="answered"}"#), Some(2.0));
}

/// `/gaps` by `user` with these permission bits.
fn gaps_by(user: u64, permissions: Option<&str>) -> Value {
    let body = endpoint::command("gaps", json!([]), user);
    match permissions {
        Some(permissions) => with_permissions(body, permissions),
        None => body,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_misses_and_votes_and_reports_gaps_to_moderators() {
    let data = tempfile::tempdir().unwrap();
    let endpoint = Endpoint::recording(data.path()).await;
    let unknown = declined(endpoint.dir.path());
    let asked = endpoint
        .send(&endpoint::command("ask", json!([{"name": "question", "type": 3, "value": unknown}]), USER))
        .await;
    assert_eq!(asked["data"]["embeds"][0]["title"], text::DECLINE_TITLE);
    stored(data.path(), 1, 0).await;

    // The same person's two 👍 on one answer are one vote.
    let confident = json!([{"name": "question", "type": 3, "value": "what does a backend dev do"}]);
    let answer = endpoint.send(&endpoint::command("ask", confident, USER)).await;
    let up = custom_ids(&answer).into_iter().find(|id| id.starts_with("vote:up:")).expect("a 👍 button");
    for _ in 0..2 {
        let thanks = endpoint.send(&endpoint::click(&up, USER + 1)).await;
        assert_eq!((&thanks["type"], &thanks["data"]["flags"]), (&json!(4), &json!(64)), "{thanks}");
        assert_eq!(thanks["data"]["embeds"][0]["title"], text::VOTE_THANKS);
    }
    stored(data.path(), 1, 1).await;

    // /gaps: refused without Manage Server (or without permissions sent at all), else the report.
    for permissions in [None, Some("2048")] {
        let refused = endpoint.send(&gaps_by(USER, permissions)).await;
        assert_eq!((&refused["type"], &refused["data"]["flags"]), (&json!(4), &json!(64)), "{refused}");
        assert_eq!(refused["data"]["embeds"][0]["title"], text::GAPS_NOT_ALLOWED);
    }
    let report = endpoint.send(&gaps_by(USER, Some("32"))).await;
    assert_eq!((&report["type"], &report["data"]["flags"]), (&json!(4), &json!(64)), "{report}");
    assert_eq!(report["data"]["embeds"][0]["title"], text::GAPS_TITLE, "{report}");
    assert_eq!(report["data"]["embeds"][1]["title"], text::GAPS_WORST_TITLE, "{report}");
    let first = report["data"]["embeds"][0]["fields"][0]["name"].as_str().unwrap_or_default();
    assert!(first.starts_with("#1 · 1×") && first.contains(&question_text(&unknown)), "{report}");

    let metrics = endpoint.metrics().await;
    assert_eq!(metric(&metrics, "career_bot_insights_recording"), Some(1.0));
    // The declined question, the confident answer's count, the vote.
    assert_eq!(metric(&metrics, r#"career_bot_insights_records_total{state="accepted"}"#), Some(4.0), "{metrics}");
    assert_eq!(metric(&metrics, r#"career_bot_insights_records_total{state="written"}"#), Some(4.0), "{metrics}");
    assert_eq!(report["data"]["embeds"][2]["title"], text::GAPS_ASKED_TITLE, "{report}");
    assert!(report["data"]["embeds"][2]["description"].as_str().is_some_and(|d| d.starts_with("1× ")), "{report}");
    assert_eq!(metric(&metrics, r#"career_bot_insights_records_total{state="dropped"}"#), Some(0.0));
    assert_eq!(metric(&metrics, r#"career_bot_interactions_total{command="gaps",outcome="refused"}"#), Some(2.0));
    let (status, detail) = endpoint.readyz().await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(detail["recording"]["enabled"], true, "{detail}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_database_disables_recording_not_the_endpoint() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("career-bot.sqlite3"), "not a database at all\n".repeat(200)).unwrap();
    let endpoint = Endpoint::recording(data.path()).await;
    let unknown = declined(endpoint.dir.path());
    let options = json!([{"name": "question", "type": 3, "value": unknown}]);
    let asked = endpoint.send(&endpoint::command("ask", options, USER)).await;
    assert_eq!(without_invoker(asked, USER), endpoint.terminal(&["ask", &unknown]));
    let (status, detail) = endpoint.readyz().await;
    assert_eq!(status, StatusCode::OK, "still ready to answer: {detail}");
    assert_eq!(detail["recording"]["enabled"], false, "{detail}");
    let error = detail["recording"]["error"].as_str().unwrap_or_default();
    assert!(error.contains("not a usable SQLite database"), "{detail}");
    // `/gaps` cannot read it either, and says so to the moderator alone.
    let report = endpoint.send(&gaps_by(USER, Some("32"))).await;
    assert_eq!(report["data"]["flags"], 64, "{report}");
    assert_eq!(report["data"]["embeds"][0]["description"], text::GAPS_UNAVAILABLE, "{report}");
    let metrics = endpoint.metrics().await;
    assert_eq!(metric(&metrics, "career_bot_insights_recording"), Some(0.0));
}

// --- The binary ------------------------------------------------------------------------------

#[test]
fn a_missing_or_malformed_public_key_is_exit_2_with_where_to_find_it() {
    let not_a_key = "this-is-not-a-public-key";
    // y = 2 has no x on the curve: 64 hex characters that are not a key.
    let point_of_nothing = format!("02{}", "00".repeat(31));
    for (name, env) in [
        ("missing", vec![]),
        ("empty", vec![("DISCORD_PUBLIC_KEY", "")]),
        ("not hex", vec![("DISCORD_PUBLIC_KEY", not_a_key)]),
        ("too short", vec![("DISCORD_PUBLIC_KEY", "abcd")]),
        ("not a curve point", vec![("DISCORD_PUBLIC_KEY", point_of_nothing.as_str())]),
    ] {
        let (mut child, stderr) = serve_http(&env);
        let status = exit_within(&mut child, Duration::from_secs(20));
        let stderr = stderr.join().unwrap();
        assert_eq!(status.code(), Some(2), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: one line: {stderr}");
        assert!(stderr.contains("DISCORD_PUBLIC_KEY"), "{name}: {stderr}");
        assert!(stderr.contains("Developer Portal") && stderr.contains("General Information"), "{name}: {stderr}");
        if let [(_, value)] = env.as_slice() {
            if !value.is_empty() {
                assert!(!stderr.contains(value), "{name}: the value given is never printed");
            }
        }
    }
}

#[test]
fn a_bad_cooldown_is_exit_2_naming_the_variable() {
    let keys = Keys::generate();
    let public = keys.public_hex();
    let (mut child, stderr) = serve_http(&[("DISCORD_PUBLIC_KEY", &public), ("CAREER_BOT_COOLDOWN", "fast")]);
    let status = exit_within(&mut child, Duration::from_secs(20));
    let stderr = stderr.join().unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("CAREER_BOT_COOLDOWN") && stderr.contains("5/10s"), "{stderr}");
}

#[test]
fn broken_knowledge_stops_start_up() {
    let keys = Keys::generate();
    let public = keys.public_hex();
    let broken = common::knowledge_dir(&[("faqs.yaml", "faqs:\n  - id: a\n    question: Q\n")]);
    let dir = broken.path().to_str().unwrap();
    let (mut child, stderr) = serve_http(&[("DISCORD_PUBLIC_KEY", &public), ("KNOWLEDGE_DIR", dir)]);
    let status = exit_within(&mut child, Duration::from_secs(20));
    let stderr = stderr.join().unwrap();
    assert!(!status.success(), "{stderr}");
    assert!(stderr.contains("faqs.yaml") && stderr.contains("answer"), "the problem is named: {stderr}");
    assert!(!stderr.contains("serving"), "nothing was served: {stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_writes_what_it_queued_before_exiting_on_sigterm() {
    let keys = Keys::generate();
    let public = keys.public_hex();
    let dir = knowledge();
    let data = tempfile::tempdir().unwrap();
    let (child, stderr, base) = serve_http_ready(&[
        ("DISCORD_PUBLIC_KEY", &public),
        ("KNOWLEDGE_DIR", dir.path().to_str().unwrap()),
        ("DATA_DIR", data.path().to_str().unwrap()),
    ])
    .await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let detail: Value = client.get(format!("{base}/readyz")).send().await.unwrap().json().await.unwrap();
    assert_eq!(detail["recording"]["enabled"], true, "{detail}");
    let unknown = declined(dir.path());
    for _ in 0..5 {
        let ask = endpoint::command("ask", json!([{"name": "question", "type": 3, "value": unknown}]), USER);
        assert_eq!(endpoint::post_signed(&client, &format!("{base}/interactions"), &keys, &ask).await.status(), 200);
    }
    let stderr = stop(child, stderr);
    assert_eq!(rows(data.path(), "questions"), 5, "{stderr}");
    assert!(stderr.contains("insights queue drained"), "{stderr}");
    assert!(!stderr.contains(&USER.to_string()), "a user id was logged: {stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_logs_no_secret_and_stops_cleanly_on_sigterm() {
    let discord = FakeDiscord::start(StatusCode::INTERNAL_SERVER_ERROR).await;
    let keys = Keys::generate();
    let public = keys.public_hex();
    let dir = knowledge();
    let (child, stderr, base) = serve_http_ready(&[
        ("DISCORD_PUBLIC_KEY", &public),
        ("DISCORD_API_BASE", &discord.base),
        ("KNOWLEDGE_DIR", dir.path().to_str().unwrap()),
        ("RUST_LOG", "debug"),
    ])
    .await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let url = format!("{base}/interactions");
    let ask = endpoint::command("ask", json!([{"name": "question", "type": 3, "value": "databse"}]), USER);
    let response = endpoint::post_signed(&client, &url, &keys, &ask).await;
    assert_eq!(response.status(), StatusCode::OK);
    let delete = endpoint::post_signed(&client, &url, &keys, &endpoint::click(&format!("del:{USER}"), USER)).await;
    acknowledges_only(&delete.json::<Value>().await.unwrap());
    let body = serde_json::to_vec(&endpoint::ping()).unwrap();
    let ts = endpoint::now();
    let forged = Keys::generate().sign(&ts, &body);
    let response = endpoint::post(&client, &url, body, Some(&forged), Some(&ts)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    // Discord's API answers 500 here, so the failure is logged: without the token.
    assert_eq!(discord.wait_for(1, Duration::from_secs(10)).await.len(), 1);
    tokio::time::sleep(Duration::from_millis(300)).await;

    let stderr = stop(child, stderr);
    assert!(stderr.contains("serving Discord interactions"), "{stderr}");
    assert!(stderr.contains("command=ask") && stderr.contains("outcome=answered"), "{stderr}");
    assert!(stderr.contains("could not delete"), "{stderr}");
    assert!(stderr.contains("shutting down"), "{stderr}");
    for (what, secret) in [("the token", TOKEN), ("the public key", public.as_str()), ("a signature", forged.as_str())]
    {
        assert!(!stderr.contains(secret), "{what} must never be logged");
    }
}

// Live reload of the running binary: the watcher and SIGHUP.

/// The fixture's answer to [`RELOAD_QUESTION`].
const RELOAD_QUESTION: &str = "What is a backend developer?";
const FIXTURE_ANSWER: &str = "Someone who builds the server side of an application.";

/// The fixture's FAQs with the answer to [`RELOAD_QUESTION`] replaced.
fn faqs_answering(answer: &str) -> String {
    common::FAQS.replace(FIXTURE_ANSWER, answer)
}

/// The reply of the endpoint at `base` to `/ask` [`RELOAD_QUESTION`], as text.
async fn reload_answer(client: &reqwest::Client, base: &str, keys: &Keys) -> String {
    let ask = endpoint::command("ask", json!([{"name": "question", "type": 3, "value": RELOAD_QUESTION}]), USER);
    let response = endpoint::post_signed(client, &format!("{base}/interactions"), keys, &ask).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

/// Asks until the reply contains `text`, for up to 20 seconds (the watcher waits for the
/// directory to be quiet first).
async fn wait_for_reload_answer(client: &reqwest::Client, base: &str, keys: &Keys, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let reply = reload_answer(client, base, keys).await;
        if reply.contains(text) {
            return;
        }
        assert!(Instant::now() < deadline, "still not served after 20 s: {text}\nlast reply: {reply}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A series of the endpoint's `/metrics`, 0 when absent.
async fn metric_of(client: &reqwest::Client, base: &str, series: &str) -> f64 {
    let text = client.get(format!("{base}/metrics")).send().await.unwrap().text().await.unwrap();
    metric(&text, series).unwrap_or(0.0)
}

/// Waits up to 20 seconds for the count of refused reloads to reach `count`.
async fn wait_for_refusals(client: &reqwest::Client, base: &str, count: f64) {
    let series = r#"career_bot_knowledge_reloads_total{result="failure"}"#;
    let deadline = Instant::now() + Duration::from_secs(20);
    while metric_of(client, base, series).await < count {
        assert!(Instant::now() < deadline, "{count} refused reloads were not counted within 20 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_edits_keeps_the_last_good_knowledge_and_reloads_on_sighup() {
    let keys = Keys::generate();
    let public = keys.public_hex();
    let dir = knowledge();
    let faqs = dir.path().join("faqs.yaml");
    let (child, stderr, base) = serve_http_ready(&[
        ("DISCORD_PUBLIC_KEY", &public),
        ("KNOWLEDGE_DIR", dir.path().to_str().unwrap()),
        // Every poll below is a request of one user.
        ("CAREER_BOT_COOLDOWN", "1000/1s"),
    ])
    .await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    assert!(reload_answer(&client, &base, &keys).await.contains(FIXTURE_ANSWER));

    // An edit is served without a restart.
    std::fs::write(&faqs, faqs_answering("Edited while the bot ran.")).unwrap();
    wait_for_reload_answer(&client, &base, &keys, "Edited while the bot ran.").await;

    // A broken edit is refused and counted; the last good knowledge is still served.
    std::fs::write(&faqs, faqs_answering("Ping @everyone about it.")).unwrap();
    wait_for_refusals(&client, &base, 1.0).await;
    let reply = reload_answer(&client, &base, &keys).await;
    assert!(reply.contains("Edited while the bot ran."), "{reply}");
    assert_eq!(metric_of(&client, &base, "career_bot_knowledge_last_reload_successful").await, 0.0);
    let ready = client.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK, "still ready on the last good knowledge");
    let detail: Value = ready.json().await.unwrap();
    assert_eq!(detail["reload"]["refused"], true, "{detail}");

    // The fix is served.
    std::fs::write(&faqs, faqs_answering("Fixed after the refusal.")).unwrap();
    wait_for_reload_answer(&client, &base, &keys, "Fixed after the refusal.").await;
    assert_eq!(metric_of(&client, &base, "career_bot_knowledge_last_reload_successful").await, 1.0);

    // SIGHUP: the FAQ file becomes a link to a file outside the directory, whose edits the
    // watcher cannot see, so only the signal can pick them up.
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("faqs.yaml");
    std::fs::write(&target, faqs_answering("Linked from outside.")).unwrap();
    let link = dir.path().join("faqs.link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    std::fs::rename(&link, &faqs).unwrap();
    wait_for_reload_answer(&client, &base, &keys, "Linked from outside.").await;
    let refusals = r#"career_bot_knowledge_reloads_total{result="failure"}"#;
    let refused_before = metric_of(&client, &base, refusals).await;

    std::fs::write(&target, faqs_answering("Picked up on SIGHUP.")).unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(reload_answer(&client, &base, &keys).await.contains("Linked from outside."), "not without the signal");
    signal(&child, "HUP");
    wait_for_reload_answer(&client, &base, &keys, "Picked up on SIGHUP.").await;

    std::fs::write(&target, "faqs:\n  - id: what-is-backend\n    question: [unclosed\n").unwrap();
    signal(&child, "HUP");
    wait_for_refusals(&client, &base, refused_before + 1.0).await;
    assert!(reload_answer(&client, &base, &keys).await.contains("Picked up on SIGHUP."));

    std::fs::write(&target, faqs_answering("Fixed, then SIGHUP.")).unwrap();
    signal(&child, "HUP");
    wait_for_reload_answer(&client, &base, &keys, "Fixed, then SIGHUP.").await;

    let stderr = stop(child, stderr);
    assert!(stderr.contains("watching") && stderr.contains("SIGHUP reloads too"), "{stderr}");
    assert!(stderr.contains("knowledge reload refused"), "{stderr}");
    assert!(stderr.contains("faqs.yaml") && stderr.contains("answer"), "the problem is named: {stderr}");
    assert!(stderr.contains("SIGHUP") && stderr.contains("knowledge reloaded"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_builtin_knowledge_there_is_nothing_to_watch() {
    let keys = Keys::generate();
    let public = keys.public_hex();
    let (child, stderr, base) = serve_http_ready(&[("DISCORD_PUBLIC_KEY", &public)]).await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    // SIGHUP reloads the built-in knowledge as itself.
    signal(&child, "HUP");
    let series = r#"career_bot_knowledge_reloads_total{result="success"}"#;
    let deadline = Instant::now() + Duration::from_secs(20);
    while metric_of(&client, &base, series).await < 1.0 {
        assert!(Instant::now() < deadline, "the SIGHUP reload was not counted within 20 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let stderr = stop(child, stderr);
    assert!(stderr.contains("nothing to watch"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_during_a_hundred_reloads_all_succeed_from_one_knowledge_base() {
    // Two versions that differ in two files; the reply to the question shows both (the answer,
    // and the title of its related topic), so a mix would pair one version with the other.
    let version = |v: &str| {
        (
            faqs_answering(&format!("Answer of version {v}.")),
            common::TOPICS.replace("title: APIs", &format!("title: APIs {v}")),
        )
    };
    let dir = knowledge();
    let write = |(faqs, topics): &(String, String)| {
        std::fs::write(dir.path().join("faqs.yaml"), faqs).unwrap();
        std::fs::write(dir.path().join("topics.yaml"), topics).unwrap();
    };
    let (a, b) = (version("A"), version("B"));
    write(&a);
    let live = Arc::new(LiveBot::load(Some(dir.path())).unwrap_or_else(|e| panic!("{e}")));
    let keys = Arc::new(Keys::generate());
    let unlimited = Rate { count: u32::MAX, window: Duration::from_millis(1) };
    let server = Server::start(endpoint::live_state(Arc::clone(&live), &keys, unlimited, "http://127.0.0.1:9")).await;
    let url = server.url("/interactions");
    let done = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (url, keys, done) = (url.clone(), Arc::clone(&keys), Arc::clone(&done));
            tokio::spawn(async move {
                let client = reqwest::Client::builder().no_proxy().build().unwrap();
                let ask =
                    endpoint::command("ask", json!([{"name": "question", "type": 3, "value": RELOAD_QUESTION}]), USER);
                let mut answered = 0;
                while !done.load(Ordering::Relaxed) {
                    let response = endpoint::post_signed(&client, &url, &keys, &ask).await;
                    assert_eq!(response.status(), StatusCode::OK);
                    let reply = response.text().await.unwrap();
                    let v = if reply.contains("Answer of version A.") { "A" } else { "B" };
                    assert!(reply.contains(&format!("Answer of version {v}.")), "{reply}");
                    assert!(reply.contains(&format!("APIs {v}")), "version {v} mixed with another: {reply}");
                    answered += 1;
                }
                answered
            })
        })
        .collect();
    for i in 0..100 {
        write(if i % 2 == 0 { &b } else { &a });
        let live = Arc::clone(&live);
        let reloaded = tokio::task::spawn_blocking(move || live.reload()).await.unwrap();
        reloaded.unwrap_or_else(|e| panic!("reload {i}: {e}"));
    }
    done.store(true, Ordering::Relaxed);
    for client in clients {
        assert!(client.await.expect("every request succeeded") > 0, "each client was answered during the reloads");
    }
    server.stop().await.unwrap();
}

/// A server's own entry, written through one replica's database, is answered by another
/// replica on the same database within 2 s, in that server only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_servers_own_entry_reaches_every_replica_within_two_seconds_in_that_server_only() {
    use career_bot::insights::server::Editor;
    use career_bot::knowledge::server::ServerEntry;

    let data = tempfile::tempdir().unwrap();
    let one = Endpoint::recording(data.path()).await;
    let two = Endpoint::recording(data.path()).await;
    let ask = json!([{"name": "question", "type": 3, "value": "where do we post job openings"}]);
    let in_guild = endpoint::command("ask", ask.clone(), USER);
    let elsewhere: Value =
        serde_json::from_str(&in_guild.to_string().replace(&format!("\"{}\"", endpoint::GUILD), "\"301\"")).unwrap();
    let from_server = |answer: &Value| answer["data"]["embeds"][0]["title"] == "Where do we post job openings?";
    assert!(!from_server(&two.send(&in_guild).await), "no such entry yet");

    // What `/knowledge add` does through replica one: checked against its bot, then stored.
    let base = Bot::from_dir(one.dir.path()).unwrap();
    let guild: u64 = endpoint::GUILD.parse().unwrap();
    let mut store = career_bot::insights::open(
        &Config::sqlite(data.path().join("career-bot.sqlite3")),
        career_bot::insights::Access::Write,
    )
    .unwrap();
    let entry = ServerEntry::from_form("", "Where do we post job openings?", "", "In the #jobs channel.", "jobs");
    Editor { base: &base, guild, moderator: Some(USER), now: 0, max_entries: 10 }.add(store.as_mut(), entry).unwrap();

    let start = Instant::now();
    for asker in USER + 1.. {
        // A new member each time: the cooldown is not what is being tested.
        let answer = two.send(&endpoint::command("ask", ask.clone(), asker)).await;
        if from_server(&answer) {
            let footer = answer["data"]["embeds"][0]["footer"]["text"].as_str().unwrap_or_default();
            assert!(footer.starts_with(text::FROM_SERVER), "{answer}");
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "replica two did not answer with the entry within 2 s: {answer}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(from_server(&one.send(&in_guild).await), "replica one answers with it too");
    assert!(!from_server(&two.send(&elsewhere).await), "another server never sees it");
}

/// A private answer carries "Post in channel"; its owner's click posts the same answer in the
/// channel, credited to them and pinging nobody; anyone else's click is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_in_channel_shares_a_private_answer_publicly_without_pings() {
    let endpoint = Endpoint::start().await;
    let private = json!([
        {"name": "question", "type": 3, "value": "what does a backend dev do"},
        {"name": "private", "type": 5, "value": true},
    ]);
    let answer = endpoint.send(&endpoint::command("ask", private, USER)).await;
    assert_eq!(answer["data"]["flags"], 64, "the answer is private: {answer}");
    let post = custom_ids(&answer).into_iter().find(|id| id.starts_with("post:")).expect("a Post in channel button");
    assert!(custom_ids(&answer).iter().all(|id| !id.starts_with("vote:")), "nothing to rate in private");

    let refused = endpoint.send(&endpoint::click(&post, USER + 1)).await;
    assert_eq!(refused["data"]["flags"], 64, "{refused}");
    assert_eq!(refused["data"]["embeds"][0]["title"], text::NOT_YOURS);

    let posted = endpoint.send(&endpoint::click(&post, USER)).await;
    assert_eq!(posted["type"], 4, "a new message in the channel: {posted}");
    assert!(posted["data"].get("flags").is_none_or(|f| f == 0), "public: {posted}");
    assert_eq!(posted["data"]["content"], text::shared_by(USER));
    assert_eq!(posted["data"]["allowed_mentions"]["parse"], json!([]), "{posted}");
    assert!(posted["data"]["allowed_mentions"]["users"].as_array().is_none_or(Vec::is_empty), "{posted}");
    assert_eq!(posted["data"]["embeds"][0]["title"], answer["data"]["embeds"][0]["title"], "the same answer");
    assert!(custom_ids(&posted).iter().any(|id| id.starts_with("vote:up:")), "a public answer can be rated");
}

/// "Answer with career-bot" on a member's message: the answer goes to the channel, addressed
/// to the message's author (the only one mentioned) with a link to their message; a message
/// without text is answered privately.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_message_command_answers_the_message_for_its_author_only() {
    let endpoint = Endpoint::start().await;
    let on_message = |content: &str| {
        let mut sent = endpoint::command("Answer with career-bot", json!([]), USER);
        sent["data"] = json!({
            "id": "501", "name": "Answer with career-bot", "type": 3, "target_id": "700",
            "resolved": {"messages": {"700": {
                "id": "700", "channel_id": endpoint::CHANNEL, "type": 0, "content": content, "tts": false,
                "pinned": false, "timestamp": "2024-01-01T00:00:00.000000+00:00", "edited_timestamp": null,
                "author": {"id": "800", "username": "newcomer", "discriminator": "0", "global_name": null, "avatar": null},
                "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
                "flags": 0, "components": [],
            }}},
        });
        sent
    };
    let answer = endpoint.send(&on_message("hi all, what does a backend dev do?")).await;
    assert_eq!(answer["type"], 4, "{answer}");
    assert!(answer["data"].get("flags").is_none_or(|f| f == 0), "in the channel: {answer}");
    assert_eq!(answer["data"]["allowed_mentions"]["parse"], json!([]), "{answer}");
    assert_eq!(answer["data"]["allowed_mentions"]["users"], json!(["800"]), "only the author: {answer}");
    let content = answer["data"]["content"].as_str().unwrap_or_default();
    assert!(content.starts_with(&text::for_user(800)), "{content}");
    let link = format!("https://discord.com/channels/{}/{}/700", endpoint::GUILD, endpoint::CHANNEL);
    assert!(content.ends_with(&link), "{content}");
    assert!(!answer["data"]["embeds"][0]["title"].as_str().unwrap_or_default().is_empty(), "{answer}");

    let image = endpoint.send(&on_message("")).await;
    assert_eq!(image["data"]["flags"], 64, "{image}");
    assert_eq!(image["data"]["embeds"][0]["title"], text::NO_MESSAGE_TEXT);
}

/// Where the app is only installed to the member's account (no bot in the server), every
/// button still works: everything goes through the interaction, and a delete through the
/// interaction's own webhook.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_button_works_where_the_app_is_only_user_installed() {
    let discord = FakeDiscord::start(StatusCode::NO_CONTENT).await;
    let endpoint = Endpoint::with(Rate::default(), &discord.base).await;
    let user_installed = |mut payload: Value| {
        payload["authorizing_integration_owners"] = json!({"1": USER.to_string()});
        payload["app_permissions"] = json!("0");
        payload
    };
    let ask = json!([{"name": "question", "type": 3, "value": "what does a backend dev do"}]);
    let answer = endpoint.send(&user_installed(endpoint::command("ask", ask, USER))).await;
    let vote = custom_ids(&answer).into_iter().find(|id| id.starts_with("vote:up:")).expect("a 👍 button");
    let entry = vote.trim_start_matches("vote:up:").to_owned();
    let private = json!([
        {"name": "question", "type": 3, "value": "what does a backend dev do"},
        {"name": "private", "type": 5, "value": true},
    ]);
    let private = endpoint.send(&user_installed(endpoint::command("ask", private, USER))).await;
    let post = custom_ids(&private).into_iter().find(|id| id.starts_with("post:")).expect("Post in channel");

    let click = |id: &str| user_installed(endpoint::click(id, USER));
    let shown = endpoint.send(&click(&format!("show:{entry}:{USER}"))).await;
    assert_eq!(shown["type"], 7, "did-you-mean updates the message: {shown}");
    let paged = endpoint.send(&click(&format!("faq:1:{USER}"))).await;
    assert_eq!(paged["type"], 7, "a page turn updates the message: {paged}");
    let voted = endpoint.send(&click(&vote)).await;
    assert_eq!((&voted["type"], &voted["data"]["flags"]), (&json!(4), &json!(64)), "{voted}");
    assert_eq!(voted["data"]["embeds"][0]["title"], text::VOTE_THANKS);
    let posted = endpoint.send(&click(&post)).await;
    assert_eq!(posted["type"], 4, "{posted}");
    assert_eq!(posted["data"]["content"], text::shared_by(USER));
    let deleted = endpoint.send(&click(&format!("del:{USER}"))).await;
    acknowledges_only(&deleted);
    let calls = discord.wait_for(1, Duration::from_secs(10)).await;
    let expected =
        Call { method: Method::DELETE, path: format!("/api/v10/webhooks/{APPLICATION}/{TOKEN}/messages/@original") };
    assert_eq!(calls, [expected], "deleted through the interaction's webhook, not the channel");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_forum_suggestions_buttons_vote_and_delete_for_the_poster_only() {
    let discord = FakeDiscord::start(StatusCode::NO_CONTENT).await;
    let data = tempfile::tempdir().unwrap();
    let dir = knowledge();
    let bot = Bot::from_dir(dir.path()).expect("the fixture knowledge loads");
    let titles = ["what does a backend developer do", "what is a backend developer", "db"];
    let suggestion = titles
        .iter()
        .find_map(|title| career_bot::commands::forum::suggestion(&bot, title, USER))
        .expect("the core is sure about one of the titles; add one that it is");
    let ids: Vec<String> =
        suggestion.response.reply().expect("a message").rows.iter().flatten().map(|b| b.custom_id.clone()).collect();
    let [solved, not_it] = <[String; 2]>::try_from(ids).expect("two buttons");
    let entry = suggestion.matched.expect("an entry").entry.to_string();
    let keys = Keys::generate();
    let recording = Insights::start(Ok(Config::sqlite(data.path().join("career-bot.sqlite3"))));
    let state = endpoint::state(bot, &keys, Rate::default(), &discord.base).with_insights(recording);
    let client = reqwest::Client::builder().no_proxy().build().expect("a client");
    let endpoint = Endpoint { dir, keys, server: Server::start(state).await, client };

    for button in [&solved, &not_it] {
        let refused = endpoint.send(&endpoint::click(button, USER + 1)).await;
        assert_eq!((&refused["type"], &refused["data"]["flags"]), (&json!(4), &json!(64)), "{refused}");
        assert_eq!(refused["data"]["embeds"][0]["title"], text::FORUM_NOT_YOURS);
    }
    let updated = endpoint.send(&endpoint::click(&solved, USER)).await;
    assert_eq!(updated["type"], 7, "{updated}");
    assert_eq!(updated["data"]["content"], text::FORUM_SOLVED);
    assert!(custom_ids(&updated).is_empty(), "{updated}");
    stored(data.path(), 0, 1).await;
    let vote = || {
        let conn = rusqlite::Connection::open(data.path().join("career-bot.sqlite3")).expect("the database");
        conn.query_row("SELECT entry, vote FROM career_bot_votes", [], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))
            .expect("one vote")
    };
    assert_eq!(vote(), (entry.clone(), 1i64));

    let deleted = endpoint.send(&endpoint::click(&not_it, USER)).await;
    acknowledges_only(&deleted);
    let calls = discord.wait_for(1, Duration::from_secs(10)).await;
    let expected =
        Call { method: Method::DELETE, path: format!("/api/v10/webhooks/{APPLICATION}/{TOKEN}/messages/@original") };
    assert_eq!(calls, [expected], "only the poster's \"Not it\" deletes");
    let deadline = Instant::now() + Duration::from_secs(10);
    while vote().1 != -1 {
        assert!(Instant::now() < deadline, "the 👎 was not stored: {:?}", vote());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(rows(data.path(), "votes"), 1, "the poster's vote, changed");
}

/// `body` sent by a member with these permission bits.
fn with_permissions(mut body: Value, permissions: &str) -> Value {
    body["member"]["permissions"] = json!(permissions);
    body
}

/// `/knowledge add` opens its form for a moderator only; the submitted form is stored and the
/// next `/ask` in that server is answered with it; the entry is offered when editing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_teaches_an_answer_through_the_knowledge_form() {
    let data = tempfile::tempdir().unwrap();
    let endpoint = Endpoint::recording(data.path()).await;
    let add = endpoint::subcommand("knowledge", "add", json!([]), USER);

    let member = endpoint.send(&add).await;
    assert_eq!((&member["type"], &member["data"]["flags"]), (&json!(4), &json!(64)), "{member}");
    assert_eq!(member["data"]["embeds"][0]["title"], text::KNOWLEDGE_NOT_ALLOWED, "no form without Manage Server");

    let form = endpoint.send(&with_permissions(add, "32")).await;
    assert_eq!((&form["type"], &form["data"]["custom_id"]), (&json!(9), &json!("kb:add")), "{form}");
    let inputs: Vec<&str> = form["data"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["components"][0]["custom_id"].as_str().unwrap())
        .collect();
    assert_eq!(inputs, ["question", "phrasings", "answer", "tags"]);

    let typed = [
        ("question", "Where do we post job openings?"),
        ("phrasings", "hiring channel"),
        ("answer", "In the #jobs channel, with the salary range."),
        ("tags", "jobs"),
    ];
    let refused = endpoint.send(&endpoint::submit("kb:add", &typed, USER)).await;
    assert_eq!(refused["data"]["embeds"][0]["title"], text::KNOWLEDGE_NOT_ALLOWED, "checked again on submit");
    assert_eq!(rows(data.path(), "server_entries"), 0);

    let saved = endpoint.send(&with_permissions(endpoint::submit("kb:add", &typed, USER), "32")).await;
    assert_eq!((&saved["type"], &saved["data"]["flags"]), (&json!(4), &json!(64)), "{saved}");
    assert_eq!(saved["data"]["embeds"][0]["title"], "Added: Where do we post job openings?", "{saved}");
    assert_eq!(rows(data.path(), "server_entries"), 1);
    assert_eq!(rows(data.path(), "knowledge_changes"), 1);

    let ask = json!([{"name": "question", "type": 3, "value": "where do we post job openings"}]);
    let answer = endpoint.send(&endpoint::command("ask", ask, USER + 1)).await;
    assert_eq!(answer["data"]["embeds"][0]["title"], "Where do we post job openings?", "{answer}");
    let footer = answer["data"]["embeds"][0]["footer"]["text"].as_str().unwrap_or_default();
    assert!(footer.starts_with(text::FROM_SERVER), "{answer}");

    let mut typing = endpoint::autocomplete("knowledge", "entry", "job", USER);
    typing["data"]["options"] = json!([{"name": "edit", "type": 1, "options": [
        {"name": "entry", "type": 3, "value": "job", "focused": true},
    ]}]);
    let offered = endpoint.send(&with_permissions(typing, "32")).await;
    assert_eq!(offered["type"], 8);
    assert_eq!(
        offered["data"]["choices"],
        json!([{"name": "Where do we post job openings?", "value": "where-do-we-post-job-openings"}])
    );
    let edit = endpoint::subcommand(
        "knowledge",
        "edit",
        json!([{"name": "entry", "type": 3, "value": "where-do-we-post-job-openings"}]),
        USER,
    );
    let filled = endpoint.send(&with_permissions(edit, "32")).await;
    assert_eq!(filled["data"]["custom_id"], "kb:edit:where-do-we-post-job-openings", "{filled}");
    assert_eq!(
        filled["data"]["components"][2]["components"][0]["value"],
        "In the #jobs channel, with the salary range."
    );
}
