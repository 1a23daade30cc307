//! A soak of the HTTP endpoint: 100,000 signed requests of every kind, from as many distinct
//! users, against the real binary on 127.0.0.1, whose resident memory must not keep growing
//! once warmed up. The figures are printed (`cargo test --test soak -- --nocapture`).

mod common;
#[path = "common/http.rs"]
#[expect(dead_code, reason = "the soak needs only the signing and payload helpers")]
mod endpoint;

use std::time::Instant;

use axum::http::StatusCode;
use futures_util::stream::{self, StreamExt};
use serde_json::{Value, json};

use common::process::{serve_http_ready, stop};
use endpoint::Keys;

/// Requests before the first measurement (caches, pools and the allocator settle).
const WARM_UP: usize = 10_000;
/// Requests between the two measurements.
const SOAK: usize = 100_000;
const IN_FLIGHT: usize = 16;
/// The cooldown remembers every user of its window, and each request comes from a new user:
/// a one-second window keeps that to about a second of traffic, whatever the speed of the
/// machine (the default ten seconds would hold most of the soak).
const COOLDOWN: &str = "5/1s";
/// Growth allowed over the whole soak: the cooldown fills up with a window of recent users, the
/// allocator keeps some freed memory.
const MAX_GROWTH_KIB: u64 = 8 * 1024;
/// Growth allowed over its second half, once those have filled: a leak of 40 bytes a request
/// would exceed it.
const MAX_LATE_GROWTH_KIB: u64 = 2 * 1024;

const QUESTIONS: [&str; 6] = [
    "what is a backend developer",
    "sql or nosql",
    "how much does a senior earn",
    "databse indexing",
    "what is the weather in paris",
    "authentication vs authorization",
];

/// The resident memory of process `pid`, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the server's /proc status");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("a VmRSS line");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("VmRSS in kB")
}

/// Request `i` of the mix: its body, whether it is signed with the right key, and the status
/// it must get.
fn request(i: usize) -> (Vec<u8>, bool, StatusCode) {
    let user = 1_000_000 + i as u64;
    let question = format!("{} {}", QUESTIONS[i % QUESTIONS.len()], i % 997);
    let command = |name: &str, options: Value| serde_json::to_vec(&endpoint::command(name, options, user)).unwrap();
    match i % 10 {
        0 => (serde_json::to_vec(&endpoint::ping()).unwrap(), false, StatusCode::UNAUTHORIZED),
        1 => (b"{\"type\": 2, \"data\": [unclosed".to_vec(), true, StatusCode::BAD_REQUEST),
        2 => {
            let partial = &question[..question.len().min(8)];
            let body = endpoint::autocomplete("ask", "question", partial, user);
            (serde_json::to_vec(&body).unwrap(), true, StatusCode::OK)
        }
        // Every name new: the metrics must not keep a series for each.
        3 => (command(&format!("gone-{i}"), json!([])), true, StatusCode::OK),
        4 => (command("salary", json!([{"name": "level", "type": 3, "value": "senior"}])), true, StatusCode::OK),
        5 => (command("roadmap", json!([{"name": "topic", "type": 3, "value": "databases"}])), true, StatusCode::OK),
        6 => {
            let long = question.repeat(500);
            (command("ask", json!([{"name": "question", "type": 3, "value": long}])), true, StatusCode::OK)
        }
        _ => (command("ask", json!([{"name": "question", "type": 3, "value": question}])), true, StatusCode::OK),
    }
}

/// Sends requests `from..to` of the mix, `IN_FLIGHT` at a time, checking every status.
async fn send(client: &reqwest::Client, url: &str, keys: &Keys, forged: &Keys, from: usize, to: usize) {
    stream::iter(from..to)
        .for_each_concurrent(IN_FLIGHT, |i| async move {
            let (body, signed, expected) = request(i);
            let timestamp = endpoint::now();
            let signature = if signed { keys.sign(&timestamp, &body) } else { forged.sign(&timestamp, &body) };
            let response = endpoint::post(client, url, body, Some(&signature), Some(&timestamp)).await;
            assert_eq!(response.status(), expected, "request {i}");
            response.bytes().await.expect("a whole response");
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_requests_do_not_grow_memory() {
    let keys = Keys::generate();
    let forged = Keys::generate();
    let public = keys.public_hex();
    let (child, stderr, base) = serve_http_ready(&[
        ("DISCORD_PUBLIC_KEY", &public),
        // Replies to clicks would go here; nothing is listening.
        ("DISCORD_API_BASE", "http://127.0.0.1:9"),
        ("RUST_LOG", "warn"),
        ("CAREER_BOT_COOLDOWN", COOLDOWN),
    ])
    .await;
    let client = reqwest::Client::builder().no_proxy().pool_max_idle_per_host(IN_FLIGHT).build().unwrap();
    let url = format!("{base}/interactions");
    let pid = child.id();
    let started = rss_kib(pid);

    send(&client, &url, &keys, &forged, 0, WARM_UP).await;
    let before = rss_kib(pid);
    let soak = Instant::now();
    let mut samples = vec![before];
    for step in (WARM_UP..WARM_UP + SOAK).step_by(SOAK / 10) {
        send(&client, &url, &keys, &forged, step, step + SOAK / 10).await;
        samples.push(rss_kib(pid));
    }
    let took = soak.elapsed();
    let after = rss_kib(pid);

    let metrics = client.get(format!("{base}/metrics")).send().await.unwrap().text().await.unwrap();
    let series = metrics.lines().filter(|l| l.starts_with("career_bot_interactions_total{")).count();
    let counted: f64 = metrics
        .lines()
        .filter(|l| l.starts_with("career_bot_interactions_total{"))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum();
    let rejected = endpoint::metric(&metrics, "career_bot_invalid_signatures_total").unwrap_or(0.0);
    stop(child, stderr);

    println!(
        "soak: {SOAK} requests in {:.1} s ({:.0} req/s); RSS at start {started} KiB, after {WARM_UP} requests \
         {before} KiB, after {SOAK} more {after} KiB ({:+} KiB); every {} requests: {samples:?} KiB",
        took.as_secs_f64(),
        SOAK as f64 / took.as_secs_f64(),
        after as i64 - before as i64,
        SOAK / 10,
    );
    assert_eq!(counted + rejected, (WARM_UP + SOAK) as f64, "every request was counted once");
    assert!(series <= 129, "the metrics kept {series} series");
    assert!(
        after <= before + MAX_GROWTH_KIB,
        "resident memory grew from {before} KiB to {after} KiB over {SOAK} requests: {samples:?}"
    );
    let halfway = samples[samples.len() / 2];
    assert!(
        after <= halfway + MAX_LATE_GROWTH_KIB,
        "resident memory still grew from {halfway} KiB to {after} KiB over the last {} requests: {samples:?}",
        SOAK / 2
    );
}
