//! Throughput and latency of the HTTP interactions endpoint over loopback: signed `/ask`
//! requests through the real router (read, verify, parse, answer, serialise), signed PINGs
//! (the same minus answering), and the same server answering an empty route without
//! verification, so the ratios show what verification and answering each cost. Criterion
//! reports requests per second (elements/s). After it, the routes take turns under the same
//! load and each one's throughput, p50/p99 latency and CPU time per request (client and server
//! together, which other load on the machine disturbs less than throughput) are printed, with
//! the ratios of signed `/ask` to signed PING and to the empty route.
//!
//! Knowledge: `KNOWLEDGE_DIR` when set, else the built-in knowledge base.

#[path = "../tests/common/http.rs"]
#[expect(dead_code, reason = "the benchmark needs only the signing and serving helpers")]
mod endpoint;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::routing::post;
use criterion::{Criterion, Throughput};
use futures_util::stream::{self, StreamExt};
use serde_json::json;
use tokio::net::TcpListener;

use career_bot::Bot;
use career_bot::frontend::cooldown::Rate;
use career_bot::frontend::http::app;
use endpoint::Keys;

/// Requests per measured iteration, and how many are in flight at once.
const BATCH: usize = 64;
const CONCURRENCY: usize = 16;

/// Requests per route and turn for the latency percentiles, and the turns each route takes.
const LATENCY_REQUESTS: usize = 4_000;
const LATENCY_ROUNDS: usize = 5;

const QUESTIONS: [&str; 8] = [
    "how much does a senior backend developer earn",
    "sql or nosql",
    "what should i learn first",
    "what does a junior backend developer do",
    "system design roadmap",
    "databse",
    "rest vs graphql",
    "wat is teh sallary of frehser",
];

/// One pre-signed request: body and headers.
#[derive(Clone)]
struct Signed {
    body: Bytes,
    signature: String,
    timestamp: String,
}

struct Bench {
    runtime: tokio::runtime::Runtime,
    client: reqwest::Client,
    base: String,
    asks: Arc<Vec<Signed>>,
    pings: Arc<Vec<Signed>>,
}

/// What is measured: a name, the path, and whether the requests are PINGs rather than `/ask`.
const ROUTES: [(&str, &str, bool); 3] =
    [("signed_ask", "/interactions", false), ("signed_ping", "/interactions", true), ("empty_route", "/empty", false)];

impl Bench {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let dir = std::env::var_os("KNOWLEDGE_DIR").map(std::path::PathBuf::from);
        let bot = Bot::load(dir.as_deref()).expect("the knowledge base loads");
        let keys = Keys::generate();
        // No cooldown to speak of: every request must reach the core.
        let rate = Rate { count: u32::MAX, window: Duration::from_millis(1) };
        let state = Arc::new(endpoint::state(bot, &keys, rate, "http://127.0.0.1:9"));
        let router = app::router(state).route("/empty", post(|_body: Bytes| async { StatusCode::OK }));
        let base = runtime.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move { axum::serve(listener, router).await });
            format!("http://{addr}")
        });
        // Signed up front, so that the client's signing does not compete with the server.
        let timestamp = endpoint::now();
        let sign = |body: serde_json::Value| {
            let body = serde_json::to_vec(&body).unwrap();
            Signed { signature: keys.sign(&timestamp, &body), timestamp: timestamp.clone(), body: body.into() }
        };
        let asks = (0..512u64)
            .map(|i| {
                let question = QUESTIONS[i as usize % QUESTIONS.len()];
                sign(endpoint::command("ask", json!([{"name": "question", "type": 3, "value": question}]), i + 1))
            })
            .collect();
        let pings = (0..512).map(|_| sign(endpoint::ping())).collect();
        let client = reqwest::Client::builder().no_proxy().pool_max_idle_per_host(CONCURRENCY).build().unwrap();
        Bench { runtime, client, base, asks: Arc::new(asks), pings: Arc::new(pings) }
    }

    /// Sends `count` requests to `path`, `CONCURRENCY` at a time, and returns each latency.
    async fn load(&self, path: &str, pings: bool, count: usize, offset: usize) -> Vec<Duration> {
        let url = format!("{}{path}", self.base);
        let pool = if pings { &self.pings } else { &self.asks };
        stream::iter(0..count)
            .map(|i| {
                let request = pool[(offset + i) % pool.len()].clone();
                let (client, url) = (self.client.clone(), url.clone());
                async move {
                    let started = Instant::now();
                    let response = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .header("x-signature-ed25519", &request.signature)
                        .header("x-signature-timestamp", &request.timestamp)
                        .body(request.body)
                        .send()
                        .await
                        .expect("the server answers");
                    assert_eq!(response.status(), StatusCode::OK);
                    response.bytes().await.expect("a body");
                    started.elapsed()
                }
            })
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await
    }
}

fn throughput(c: &mut Criterion, bench: &Bench) {
    let mut group = c.benchmark_group("http");
    group.throughput(Throughput::Elements(BATCH as u64));
    for (name, path, pings) in ROUTES {
        let mut offset = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                offset += BATCH;
                bench.runtime.block_on(bench.load(path, pings, BATCH, offset))
            })
        });
    }
    group.finish();
}

/// Latency percentiles, throughput and CPU time per request of each route under the same load,
/// printed, then the ratios of signed `/ask` to signed PING and to the empty route. The routes
/// take turns, [`LATENCY_ROUNDS`] times, so that a change in the machine's other load
/// weighs on each alike.
fn latency(bench: &Bench) {
    #[derive(Default)]
    struct Totals {
        latencies: Vec<Duration>,
        elapsed: Duration,
        cpu: Option<Duration>,
    }
    let mut totals: Vec<Totals> =
        ROUTES.iter().map(|_| Totals { cpu: Some(Duration::ZERO), ..Totals::default() }).collect();
    for round in 0..LATENCY_ROUNDS {
        for ((_, path, pings), totals) in ROUTES.iter().zip(&mut totals) {
            let (started, cpu) = (Instant::now(), cpu_time());
            let latencies =
                bench.runtime.block_on(bench.load(path, *pings, LATENCY_REQUESTS, round * LATENCY_REQUESTS));
            totals.elapsed += started.elapsed();
            let cpu = cpu.zip(cpu_time()).map(|(before, after)| after.saturating_sub(before));
            totals.cpu = totals.cpu.zip(cpu).map(|(sum, cpu)| sum + cpu);
            totals.latencies.extend(latencies);
        }
    }
    let requests = LATENCY_ROUNDS * LATENCY_REQUESTS;
    println!("\nlatency over {requests} requests per route ({LATENCY_ROUNDS} turns), {CONCURRENCY} in flight:");
    let mut rates = Vec::new();
    for ((name, ..), totals) in ROUTES.iter().zip(&mut totals) {
        totals.latencies.sort();
        let latencies = &totals.latencies;
        let at = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
        let rate = requests as f64 / totals.elapsed.as_secs_f64();
        let cpu = totals.cpu.map(|cpu| cpu / requests as u32);
        rates.push((*name, rate, cpu));
        println!(
            "  {name:<12} {rate:>8.0} req/s   p50 {:>7.3} ms   p99 {:>7.3} ms   max {:>7.3} ms   CPU {}",
            at(0.50).as_secs_f64() * 1e3,
            at(0.99).as_secs_f64() * 1e3,
            latencies[latencies.len() - 1].as_secs_f64() * 1e3,
            cpu.map_or("unknown".to_owned(), |cpu| format!("{:>5.1} µs/req", cpu.as_secs_f64() * 1e6)),
        );
    }
    let of = |route: &str| rates.iter().find(|(name, ..)| *name == route).map(|&(_, rate, cpu)| (rate, cpu));
    let Some((ask, ask_cpu)) = of("signed_ask") else { return };
    for (route, shown) in [("signed_ping", "signed PING"), ("empty_route", "empty route")] {
        let Some((rate, cpu)) = of(route) else { continue };
        let cpu_ratio = ask_cpu
            .zip(cpu)
            .map_or("unknown".to_owned(), |(ask, other)| format!("{:.2}", ask.as_secs_f64() / other.as_secs_f64()));
        println!("  signed /ask ÷ {shown}: {:.2} in requests per second, {cpu_ratio} in CPU per request", ask / rate);
    }
}

/// CPU time used so far by every thread of this process (client and server alike), from
/// Linux's per-thread scheduler statistics; `None` elsewhere. Divided by the requests served,
/// it is what a request costs, whatever else the machine is running.
fn cpu_time() -> Option<Duration> {
    let mut total = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(total))
}

fn main() {
    let bench = Bench::new();
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    throughput(&mut criterion, &bench);
    criterion.final_summary();
    latency(&bench);
}
