//! Helpers for the HTTP endpoint's tests and benchmark: a freshly generated Ed25519 key pair,
//! signed requests, interaction payloads, the app served on 127.0.0.1:0, a fake of Discord's
//! API that records what it is asked, and reading one series out of `/metrics`.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::http::{Method, StatusCode, Uri};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use career_bot::Bot;
use career_bot::frontend::cooldown::Rate;
use career_bot::frontend::discord::{incoming, parse_api_base, webhook_client};
use career_bot::frontend::http::app::AppState;
use career_bot::frontend::http::signature::Verifier;
use career_bot::frontend::interaction::Interaction;
use career_bot::frontend::live::LiveBot;

/// The application id and interaction token every payload carries.
pub const APPLICATION: u64 = 4242;
pub const TOKEN: &str = "aW50ZXJhY3Rpb24.test-token_value";

/// A key pair made for one test; only the public half is ever shown to the server.
#[derive(Clone)]
pub struct Keys {
    signing: SigningKey,
}

impl Keys {
    pub fn generate() -> Self {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).expect("the operating system provides random bytes");
        Keys { signing: SigningKey::from_bytes(&secret) }
    }

    /// The public key as the Developer Portal shows it.
    pub fn public_hex(&self) -> String {
        hex::encode(self.signing.verifying_key().as_bytes())
    }

    /// `X-Signature-Ed25519` for a timestamp and body.
    pub fn sign(&self, timestamp: &str, body: &[u8]) -> String {
        let mut message = timestamp.as_bytes().to_vec();
        message.extend_from_slice(body);
        hex::encode(self.signing.sign(&message).to_bytes())
    }
}

/// The current unix time in seconds, as `X-Signature-Timestamp` carries it.
pub fn now() -> String {
    unix(SystemTime::now())
}

pub fn unix(at: SystemTime) -> String {
    at.duration_since(UNIX_EPOCH).expect("the clock is after 1970").as_secs().to_string()
}

/// App state over `bot`, checking requests against `keys` and sending deletes to `api`.
pub fn state(bot: Bot, keys: &Keys, rate: Rate, api: &str) -> AppState {
    live_state(Arc::new(LiveBot::new(bot, None)), keys, rate, api)
}

/// [`state`] over a bot that can be reloaded.
pub fn live_state(live: Arc<LiveBot>, keys: &Keys, rate: Rate, api: &str) -> AppState {
    let verifier = Verifier::from_hex(Some(&keys.public_hex())).expect("a generated key is valid");
    let discord = webhook_client(&parse_api_base(api).expect("a valid base URL"));
    AppState::new(live, verifier, rate, discord)
}

/// The app served on 127.0.0.1:0 on the current runtime, until [`Server::stop`].
pub struct Server {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    pub async fn start(state: AppState) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let addr = listener.local_addr().expect("a bound address");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(career_bot::frontend::http::run(listener, Arc::new(state), async {
            let _ = stopped.await;
        }));
        Server { addr, stop: Some(stop), task }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Shuts down gracefully and reports how serving ended.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(Duration::from_secs(10), &mut self.task)
            .await
            .expect("the server stops within 10 s")
            .expect("the server task does not panic")
    }
}

/// A POST to `/interactions` with the given headers (`None`: header left out).
pub async fn post(
    client: &reqwest::Client,
    url: &str,
    body: Vec<u8>,
    signature: Option<&str>,
    timestamp: Option<&str>,
) -> reqwest::Response {
    let mut request = client.post(url).header("content-type", "application/json").body(body);
    if let Some(signature) = signature {
        request = request.header("x-signature-ed25519", signature);
    }
    if let Some(timestamp) = timestamp {
        request = request.header("x-signature-timestamp", timestamp);
    }
    request.send().await.expect("the server answers")
}

/// A POST to `/interactions` signed with `keys` now.
pub async fn post_signed(client: &reqwest::Client, url: &str, keys: &Keys, body: &Value) -> reqwest::Response {
    let body = serde_json::to_vec(body).expect("JSON serialises");
    let timestamp = now();
    let signature = keys.sign(&timestamp, &body);
    post(client, url, body, Some(&signature), Some(&timestamp)).await
}

/// Discord's PING, as it checks the endpoint.
pub fn ping() -> Value {
    json!({"type": 1, "id": "1", "application_id": APPLICATION.to_string(), "token": TOKEN, "version": 1})
}

/// The guild every payload comes from, and its channel.
pub const GUILD: &str = "300";
pub const CHANNEL: &str = "400";

/// A member of the guild, as an interaction carries them (with their permissions in the channel).
pub fn member(user: u64) -> Value {
    json!({
        "user": {"id": user.to_string(), "username": "someone", "discriminator": "0", "global_name": "Someone",
                 "avatar": null, "public_flags": 0},
        "roles": [], "nick": null, "avatar": null, "premium_since": null, "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "deaf": false, "mute": false, "flags": 0, "pending": false, "permissions": "2248473465835073",
        "communication_disabled_until": null, "unusual_dm_activity_until": null,
    })
}

/// The fields every interaction in a guild text channel carries, per Discord's "Interaction
/// Object": `kind` is its type, `id` its id, `user` the member who caused it.
fn in_guild(kind: u8, id: &str, user: u64, data: Value) -> Value {
    json!({
        "type": kind, "id": id, "application_id": APPLICATION.to_string(), "token": TOKEN, "version": 1,
        "guild_id": GUILD, "guild": {"id": GUILD, "locale": "en-US", "features": []},
        "channel_id": CHANNEL, "channel": {"id": CHANNEL, "type": 0, "name": "general", "guild_id": GUILD,
                                           "permissions": "2248473465835073", "flags": 0},
        "member": member(user), "app_permissions": "2248473465835073", "locale": "en-US", "guild_locale": "en-US",
        "entitlements": [], "authorizing_integration_owners": {"0": GUILD}, "context": 0,
        "attachment_size_limit": 10485760, "data": data,
    })
}

/// A slash command by `user` in a guild, options as Discord sends them.
pub fn command(name: &str, options: Value, user: u64) -> Value {
    in_guild(2, "100", user, json!({"id": "500", "name": name, "type": 1, "options": options}))
}

/// A click on a button with `custom_id` by `user`, on a message the bot sent.
pub fn click(custom_id: &str, user: u64) -> Value {
    let mut click = in_guild(3, "101", user, json!({"custom_id": custom_id, "component_type": 2}));
    click["message"] = json!({
        "id": "600", "channel_id": CHANNEL, "type": 20, "content": "", "tts": false, "pinned": false,
        "author": {"id": APPLICATION.to_string(), "username": "career-bot", "discriminator": "0", "global_name": null,
                   "avatar": null, "bot": true},
        "timestamp": "2024-01-01T00:00:00.000000+00:00", "edited_timestamp": null, "mention_everyone": false,
        "mentions": [], "mention_roles": [], "attachments": [], "embeds": [], "flags": 0,
        "application_id": APPLICATION.to_string(), "webhook_id": APPLICATION.to_string(),
        "components": [{"type": 1, "components": [
            {"type": 2, "style": 4, "label": "Delete", "custom_id": custom_id},
        ]}],
    });
    click
}

/// A form (modal) with `custom_id` submitted by `user`: each input's id with what was typed,
/// one input per row, as Discord sends them.
pub fn modal_submit(custom_id: &str, inputs: &[(&str, &str)], user: u64) -> Value {
    let rows: Vec<Value> = inputs
        .iter()
        .map(|(id, value)| json!({"type": 1, "components": [{"type": 4, "custom_id": id, "value": value}]}))
        .collect();
    in_guild(5, "103", user, json!({"custom_id": custom_id, "components": rows}))
}

/// Typing `partial` into `option` of `command`.
pub fn autocomplete(command: &str, option: &str, partial: &str, user: u64) -> Value {
    in_guild(
        4,
        "102",
        user,
        json!({"id": "500", "name": command, "type": 1,
               "options": [{"name": option, "type": 3, "value": partial, "focused": true}]}),
    )
}

/// What the endpoint makes of `payload`: serenity's interaction, read as the bot reads it.
pub fn read(payload: &Value) -> Interaction {
    let received = serde_json::from_value(payload.clone()).unwrap_or_else(|e| panic!("{e}: {payload:#}"));
    incoming::read(&received).unwrap_or_else(|e| panic!("{e}: {payload:#}"))
}

/// The value of one series (`name{labels}` exactly as rendered) in a `/metrics` text.
pub fn metric(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

/// The message an edit of an interaction's response leaves, as Discord answers the edit.
fn edited_message() -> Value {
    json!({
        "id": "700", "channel_id": CHANNEL, "type": 20, "content": "", "tts": false, "pinned": false,
        "author": {"id": APPLICATION.to_string(), "username": "career-bot", "discriminator": "0", "global_name": null,
                   "avatar": null, "bot": true},
        "timestamp": "2024-01-01T00:00:00.000000+00:00", "edited_timestamp": "2024-01-01T00:00:01.000000+00:00",
        "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
        "components": [], "flags": 64, "application_id": APPLICATION.to_string(), "webhook_id": APPLICATION.to_string(),
    })
}

/// One request the fake Discord API received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub method: Method,
    pub path: String,
}

/// A stand-in for Discord's REST API on 127.0.0.1:0, its base given without a path (as for
/// a proxy). It answers `answer` to every request and records each, so a test can assert
/// what arrived and that nothing else did.
pub struct FakeDiscord {
    pub base: String,
    calls: Arc<Mutex<Vec<Call>>>,
}

impl FakeDiscord {
    pub async fn start(answer: StatusCode) -> Self {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let seen = calls.clone();
        let app = Router::new().fallback(move |method: Method, uri: Uri| {
            let seen = seen.clone();
            async move {
                let edited = method == Method::PATCH && answer.is_success();
                seen.lock().unwrap().push(Call { method, path: uri.path().to_owned() });
                // Discord answers an edit with the message as it now is.
                let body = if edited { edited_message().to_string() } else { String::new() };
                (answer, [("content-type", "application/json")], body)
            }
        });
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("a bound address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        FakeDiscord { base, calls }
    }

    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }

    /// Waits until at least `count` calls arrived (or `within` passed) and returns them all.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Call> {
        let deadline = Instant::now() + within;
        while self.calls().len() < count && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.calls()
    }
}
