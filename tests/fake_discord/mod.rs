//! A fake Discord on 127.0.0.1 for the gateway tests: the REST API (axum) and the gateway (a
//! tokio-tungstenite websocket server). It records every REST call and every gateway payload the
//! bot sends, answers the routes the bot is expected to use, and records any other route as
//! unexpected, which fails the test at the next wait. Dispatches are checked against serenity's
//! own deserialiser before they are sent, because serenity drops a dispatch it cannot read
//! without an error.
//!
//! It also runs an "escape guard": the bot's HTTP proxy variables point at a listener that
//! records any connection, so a request meant for discord.com fails the test instead of
//! leaving the machine.
#![allow(dead_code, reason = "each test uses a different part of the fake")]

pub mod payloads;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use serenity::model::event::{Event, GatewayEvent};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// The application (and its commands, interactions, webhooks).
pub const APP_ID: u64 = 1_100_000_000_000_000_001;
/// The bot's own user.
pub const BOT_ID: u64 = 1_100_000_000_000_000_002;
/// The guild every guild interaction comes from.
pub const GUILD_ID: u64 = 1_100_000_000_000_000_003;
/// The channel every interaction and message is in.
pub const CHANNEL_ID: u64 = 1_100_000_000_000_000_004;
/// How often the bot must heartbeat: short, so heartbeats and their ACKs happen in every test.
pub const HEARTBEAT_MS: u64 = 1000;
/// How long any wait for the bot lasts before the test fails.
pub const WAIT: Duration = Duration::from_secs(15);

/// One REST request the bot made.
#[derive(Clone)]
pub struct RestCall {
    pub method: String,
    /// The path without the query, e.g. `/api/v10/gateway/bot`.
    pub path: String,
    /// The JSON body (`Null` when there was none).
    pub body: Value,
    /// Whether `Authorization` was `Bot <token>`.
    pub authorized: bool,
    /// Whether the fake knows this route.
    pub expected: bool,
}

impl fmt::Debug for RestCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = if self.expected { "" } else { " (UNEXPECTED)" };
        write!(f, "{} {}{mark} {}", self.method, self.path, self.body)
    }
}

/// One gateway payload the bot sent, with the token replaced by `[token]`.
#[derive(Clone, Debug)]
pub struct GatewaySend {
    pub op: u64,
    pub d: Value,
    /// For IDENTIFY and RESUME: whether the token was the bot's.
    pub token_matches: Option<bool>,
}

/// Gateway opcodes (Discord "Gateway Opcodes").
pub mod op {
    pub const DISPATCH: u64 = 0;
    pub const HEARTBEAT: u64 = 1;
    pub const IDENTIFY: u64 = 2;
    pub const RESUME: u64 = 6;
    pub const HELLO: u64 = 10;
    pub const HEARTBEAT_ACK: u64 = 11;
}

enum ToBot {
    Frame(String),
    Close,
}

struct Connection {
    tx: mpsc::UnboundedSender<ToBot>,
    ready: bool,
}

struct Shared {
    token: String,
    ws_url: String,
    recommended_shards: u32,
    rest: Mutex<Vec<RestCall>>,
    gateway: Mutex<Vec<GatewaySend>>,
    connections: Mutex<Vec<Connection>>,
    /// The close code of each close frame the bot sent (`None`: a frame without one).
    closes: Mutex<Vec<Option<u16>>>,
    escaped: Mutex<Vec<String>>,
    seq: AtomicU64,
    sessions: AtomicU64,
    /// The text of the first message of each forum post (by thread id), as a read returns it.
    first_messages: Mutex<std::collections::HashMap<u64, String>>,
}

/// A running fake Discord.
pub struct FakeDiscord {
    /// What the bot gets as `DISCORD_API_BASE`.
    pub api_base: String,
    /// What the bot gets as its HTTP(S) proxy: anything arriving there left loopback.
    pub escape_proxy: String,
    shared: Arc<Shared>,
}

impl FakeDiscord {
    /// Starts the REST API, the gateway and the escape guard on 127.0.0.1, expecting `token`
    /// and recommending `recommended_shards` shards.
    pub async fn start(token: &str, recommended_shards: u32) -> Self {
        let rest = TcpListener::bind("127.0.0.1:0").await.expect("a port for the REST API");
        let gateway = TcpListener::bind("127.0.0.1:0").await.expect("a port for the gateway");
        let escape = TcpListener::bind("127.0.0.1:0").await.expect("a port for the escape guard");
        let shared = Arc::new(Shared {
            token: token.to_owned(),
            ws_url: format!("ws://{}", gateway.local_addr().unwrap()),
            recommended_shards,
            rest: Mutex::default(),
            gateway: Mutex::default(),
            connections: Mutex::default(),
            closes: Mutex::default(),
            escaped: Mutex::default(),
            seq: AtomicU64::new(0),
            sessions: AtomicU64::new(0),
            first_messages: Mutex::default(),
        });
        let api_base = format!("http://{}", rest.local_addr().unwrap());
        let escape_proxy = format!("http://{}", escape.local_addr().unwrap());
        let app = Router::new().fallback(rest_call).with_state(Arc::clone(&shared));
        tokio::spawn(async move { axum::serve(rest, app).await.expect("the fake REST API runs") });
        tokio::spawn(accept_gateway(gateway, Arc::clone(&shared)));
        tokio::spawn(guard(escape, Arc::clone(&shared)));
        FakeDiscord { api_base, escape_proxy, shared }
    }

    /// Every REST call so far.
    pub fn rest_calls(&self) -> Vec<RestCall> {
        self.shared.rest.lock().unwrap().clone()
    }

    /// Every gateway payload the bot sent so far.
    pub fn gateway_sends(&self) -> Vec<GatewaySend> {
        self.shared.gateway.lock().unwrap().clone()
    }

    /// The code of each close frame the bot sent on a gateway connection so far.
    pub fn closes(&self) -> Vec<Option<u16>> {
        self.shared.closes.lock().unwrap().clone()
    }

    /// Connections that were made to a proxy instead of to the fake.
    pub fn escaped(&self) -> Vec<String> {
        self.shared.escaped.lock().unwrap().clone()
    }

    /// Fails on any unexpected REST route, unauthorised call or escaped connection.
    pub fn assert_nothing_unexpected(&self) {
        let calls = self.rest_calls();
        let unexpected: Vec<&RestCall> = calls.iter().filter(|c| !c.expected).collect();
        assert!(unexpected.is_empty(), "the bot called routes the fake does not know: {unexpected:#?}");
        let unauthorised: Vec<&RestCall> = calls.iter().filter(|c| !c.authorized).collect();
        assert!(unauthorised.is_empty(), "calls without `Authorization: Bot <token>`: {unauthorised:#?}");
        let escaped = self.escaped();
        assert!(escaped.is_empty(), "the bot sent traffic past the fake (to a proxy): {escaped:?}");
    }

    /// Waits until `found` returns something from the REST calls so far, failing the test
    /// after [`WAIT`] with `what` and everything recorded.
    pub async fn wait_rest<T>(&self, what: &str, found: impl Fn(&[RestCall]) -> Option<T>) -> T {
        let deadline = Instant::now() + WAIT;
        loop {
            self.assert_nothing_unexpected();
            if let Some(value) = found(&self.rest_calls()) {
                return value;
            }
            assert!(
                Instant::now() < deadline,
                "waited {WAIT:?} for {what}; the bot made these REST calls: {:#?}\n(serenity drops a dispatch it \
                 cannot read without an error, so a missing answer can mean an incomplete payload)",
                self.rest_calls()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits until `found` returns something from the gateway payloads the bot sent so far.
    pub async fn wait_gateway<T>(&self, what: &str, found: impl Fn(&[GatewaySend]) -> Option<T>) -> T {
        let deadline = Instant::now() + WAIT;
        loop {
            self.assert_nothing_unexpected();
            if let Some(value) = found(&self.gateway_sends()) {
                return value;
            }
            assert!(
                Instant::now() < deadline,
                "waited {WAIT:?} for {what}; the bot sent on the gateway: {:#?}",
                self.gateway_sends()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits for the bulk overwrite of the commands and returns it.
    pub async fn wait_registration(&self) -> RestCall {
        self.wait_rest("the commands to be registered", |calls| {
            calls.iter().find(|c| c.method == "PUT" && c.path.ends_with("/commands")).cloned()
        })
        .await
    }

    /// Waits for the callback to interaction `id` and returns its body.
    pub async fn wait_callback(&self, id: u64) -> Value {
        let prefix = format!("/api/v10/interactions/{id}/");
        self.wait_rest(&format!("the callback to interaction {id}"), |calls| {
            calls.iter().find(|c| c.method == "POST" && c.path.starts_with(&prefix)).map(|c| c.body.clone())
        })
        .await
    }

    /// The bodies of the messages the bot posted in `channel` (a thread is a channel) so far.
    pub fn posted_in(&self, channel: u64) -> Vec<Value> {
        let path = format!("/api/v10/channels/{channel}/messages");
        self.rest_calls().into_iter().filter(|c| c.method == "POST" && c.path == path).map(|c| c.body).collect()
    }

    /// Gives the forum post `thread` a first message saying `text` (a read of any other
    /// post's first message finds one without text, as for an image).
    pub fn set_first_message(&self, thread: u64, text: &str) {
        self.shared.first_messages.lock().unwrap().insert(thread, text.to_owned());
    }

    /// Waits for the bot's first message in `channel` and returns its body.
    pub async fn wait_posted_in(&self, channel: u64) -> Value {
        let path = format!("/api/v10/channels/{channel}/messages");
        self.wait_rest(&format!("a message in channel {channel}"), |calls| {
            calls.iter().find(|c| c.method == "POST" && c.path == path).map(|c| c.body.clone())
        })
        .await
    }

    /// Sends a dispatch to the most recent ready connection (waiting for one), after checking
    /// serenity can read it.
    pub async fn dispatch(&self, event: &str, data: Value) {
        let frame = json!({"op": op::DISPATCH, "t": event, "s": 0, "d": data});
        assert_readable_by_serenity(&frame);
        let deadline = Instant::now() + WAIT;
        loop {
            {
                let connections = self.shared.connections.lock().unwrap();
                if let Some(connection) = connections.iter().rev().find(|c| c.ready && !c.tx.is_closed()) {
                    let seq = self.shared.seq.fetch_add(1, Ordering::SeqCst) + 1;
                    let frame = json!({"op": op::DISPATCH, "t": event, "s": seq, "d": data});
                    connection.tx.send(ToBot::Frame(frame.to_string())).expect("the connection is open");
                    return;
                }
            }
            assert!(Instant::now() < deadline, "no ready gateway connection within {WAIT:?} to send {event}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Closes every gateway connection, as Discord does when it restarts a gateway node.
    pub fn close_gateway(&self) {
        for connection in self.shared.connections.lock().unwrap().drain(..) {
            let _ = connection.tx.send(ToBot::Close);
        }
    }
}

/// Fails the test when serenity would drop this gateway frame.
pub fn assert_readable_by_serenity(frame: &Value) {
    let event: GatewayEvent = serde_json::from_value(frame.clone())
        .unwrap_or_else(|e| panic!("serenity cannot read this gateway frame: {e}\n{frame:#}"));
    if let GatewayEvent::Dispatch(_, Event::Unknown(_)) = event {
        let data = frame["d"].clone();
        let why = match frame["t"].as_str() {
            Some("INTERACTION_CREATE") => {
                serde_json::from_value::<serenity::model::application::Interaction>(data).err().map(|e| e.to_string())
            }
            Some("MESSAGE_CREATE") => {
                serde_json::from_value::<serenity::model::channel::Message>(data).err().map(|e| e.to_string())
            }
            Some("THREAD_CREATE") => {
                serde_json::from_value::<serenity::model::channel::GuildChannel>(data).err().map(|e| e.to_string())
            }
            _ => None,
        };
        panic!("serenity would drop this dispatch silently ({}):\n{frame:#}", why.unwrap_or_default());
    }
}

/// The REST API: every request is recorded; known routes get Discord's answers.
async fn rest_call(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().replace("%40", "@");
    let body: Value = if body.is_empty() { Value::Null } else { serde_json::from_slice(&body).unwrap_or(Value::Null) };
    let authorized =
        headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Bot {}", shared.token));
    let segments: Vec<&str> = path.trim_start_matches("/api/v10/").split('/').collect();
    let app = APP_ID.to_string();
    let (status, answer) = match (method.as_str(), segments.as_slice()) {
        _ if !authorized => (StatusCode::UNAUTHORIZED, json!({"message": "401: Unauthorized", "code": 0})),
        ("GET", ["gateway"]) => (StatusCode::OK, json!({"url": shared.ws_url})),
        ("GET", ["gateway", "bot"]) => (
            StatusCode::OK,
            json!({
                "url": shared.ws_url,
                "shards": shared.recommended_shards,
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1},
            }),
        ),
        ("PUT", ["applications", a, "commands"]) if *a == app => (StatusCode::OK, registered(&body, None)),
        ("PUT", ["applications", a, "guilds", g, "commands"]) if *a == app => {
            (StatusCode::OK, registered(&body, g.parse().ok()))
        }
        ("POST", ["interactions", _, _, "callback"]) => (StatusCode::NO_CONTENT, Value::Null),
        ("DELETE", ["webhooks", a, _, "messages", "@original"]) if *a == app => (StatusCode::NO_CONTENT, Value::Null),
        // A deferred response (a slow `/gaps`) edited into its answer.
        ("PATCH", ["webhooks", a, _, "messages", "@original"]) if *a == app => (StatusCode::OK, posted("0", &body)),
        ("POST", ["channels", channel, "messages"]) => (StatusCode::OK, posted(channel, &body)),
        // A forum post's first message (it has the thread's id).
        ("GET", ["channels", thread, "messages", message]) if thread == message => {
            let id: u64 = thread.parse().unwrap_or(0);
            let text = shared.first_messages.lock().unwrap().get(&id).cloned().unwrap_or_default();
            let poster = payloads::user(424_242);
            (StatusCode::OK, payloads::message(id, id, &poster, &json!({"content": text})))
        }
        // The bot's own reaction on a message (a rate-limited mention).
        ("PUT", ["channels", _, "messages", _, "reactions", _, "@me"]) => (StatusCode::NO_CONTENT, Value::Null),
        _ => (StatusCode::NOT_FOUND, json!({"message": "Unknown route", "code": 0})),
    };
    let expected = status != StatusCode::NOT_FOUND;
    shared.rest.lock().unwrap().push(RestCall { method: method.to_string(), path, body, authorized, expected });
    if status == StatusCode::NO_CONTENT { status.into_response() } else { (status, axum::Json(answer)).into_response() }
}

/// Discord's answer to a bulk overwrite: the commands with ids and versions.
fn registered(body: &Value, guild: Option<u64>) -> Value {
    let commands = body.as_array().cloned().unwrap_or_default();
    let out: Vec<Value> = commands
        .into_iter()
        .enumerate()
        .map(|(i, mut command)| {
            command["id"] = json!((APP_ID + 100 + i as u64).to_string());
            command["application_id"] = json!(APP_ID.to_string());
            command["version"] = json!((APP_ID + 200).to_string());
            command["default_member_permissions"] = Value::Null;
            command["nsfw"] = json!(false);
            if let Some(guild) = guild {
                command["guild_id"] = json!(guild.to_string());
            }
            command
        })
        .collect();
    Value::Array(out)
}

static NEXT_MESSAGE: AtomicU64 = AtomicU64::new(1_200_000_000_000_000_000);

/// Discord's answer to a new message: the message.
fn posted(channel: &str, body: &Value) -> Value {
    let id = NEXT_MESSAGE.fetch_add(1, Ordering::SeqCst);
    let mut message = payloads::message(id, channel.parse().unwrap_or(CHANNEL_ID), &payloads::bot_user(), body);
    message["message_reference"] = body["message_reference"].clone();
    message
}

/// Accepts gateway connections, one task each.
async fn accept_gateway(listener: TcpListener, shared: Arc<Shared>) {
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(connection(stream, Arc::clone(&shared)));
    }
}

/// One gateway connection: HELLO, then IDENTIFY → READY or RESUME → RESUMED, heartbeats
/// acknowledged, dispatches from the test forwarded.
async fn connection(stream: tokio::net::TcpStream, shared: Arc<Shared>) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else { return };
    let (tx, mut rx) = mpsc::unbounded_channel();
    shared.connections.lock().unwrap().push(Connection { tx: tx.clone(), ready: false });
    let mark_ready = |shared: &Shared| {
        if let Some(c) = shared.connections.lock().unwrap().iter_mut().find(|c| c.tx.same_channel(&tx)) {
            c.ready = true;
        }
    };
    let hello = json!({"op": op::HELLO, "d": {"heartbeat_interval": HEARTBEAT_MS}, "s": null, "t": null});
    if ws.send(Message::text(hello.to_string())).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            incoming = ws.next() => {
                let Some(Ok(message)) = incoming else { return };
                if let Message::Close(frame) = &message {
                    shared.closes.lock().unwrap().push(frame.as_ref().map(|f| u16::from(f.code)));
                    continue;
                }
                let Message::Text(text) = message else { continue };
                let Ok(payload) = serde_json::from_str::<Value>(text.as_str()) else { continue };
                let opcode = payload["op"].as_u64().unwrap_or(u64::MAX);
                let mut d = payload["d"].clone();
                // serenity identifies with "Bot <token>", as its REST calls do; Discord takes either.
                let token_matches = d.get("token").map(|t| {
                    let t = t.as_str().unwrap_or_default();
                    t.strip_prefix("Bot ").unwrap_or(t) == shared.token
                });
                if token_matches.is_some() {
                    d["token"] = json!("[token]");
                }
                shared.gateway.lock().unwrap().push(GatewaySend { op: opcode, d: d.clone(), token_matches });
                let reply = match opcode {
                    op::HEARTBEAT => Some(json!({"op": op::HEARTBEAT_ACK, "d": null, "s": null, "t": null})),
                    op::IDENTIFY => {
                        let session = shared.sessions.fetch_add(1, Ordering::SeqCst) + 1;
                        let seq = shared.seq.fetch_add(1, Ordering::SeqCst) + 1;
                        Some(json!({"op": op::DISPATCH, "t": "READY", "s": seq, "d": payloads::ready(&d["shard"], session, &shared.ws_url)}))
                    }
                    op::RESUME => {
                        let seq = shared.seq.fetch_add(1, Ordering::SeqCst) + 1;
                        Some(json!({"op": op::DISPATCH, "t": "RESUMED", "s": seq, "d": {}}))
                    }
                    _ => None,
                };
                if let Some(reply) = reply {
                    if ws.send(Message::text(reply.to_string())).await.is_err() {
                        return;
                    }
                    if matches!(opcode, op::IDENTIFY | op::RESUME) {
                        mark_ready(&shared);
                    }
                }
            }
            outgoing = rx.recv() => match outgoing {
                Some(ToBot::Frame(frame)) => {
                    if ws.send(Message::text(frame)).await.is_err() {
                        return;
                    }
                }
                Some(ToBot::Close) | None => {
                    let frame = CloseFrame { code: CloseCode::from(4000), reason: "the fake restarts".into() };
                    let _ = ws.close(Some(frame)).await;
                    return;
                }
            },
        }
    }
}

/// Records the first line of anything sent to the proxy address (`CONNECT discord.com:443 ...`).
async fn guard(listener: TcpListener, shared: Arc<Shared>) {
    while let Ok((mut stream, _)) = listener.accept().await {
        let mut buffer = vec![0u8; 512];
        let read = tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buffer)).await;
        let n = read.ok().and_then(Result::ok).unwrap_or(0);
        let first_line = String::from_utf8_lossy(&buffer[..n]).lines().next().unwrap_or("(nothing)").to_owned();
        shared.escaped.lock().unwrap().push(first_line);
    }
}
