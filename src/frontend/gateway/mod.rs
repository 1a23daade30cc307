//! The Discord gateway front end (`career-bot serve`), with serenity: connects the shards,
//! registers the commands, and answers interactions through the same pipeline as the HTTP
//! endpoint ([`crate::frontend::discord::pipeline`]), so both answer alike; mentions are
//! answered like `/ask`.
//!
//! - [`config`]: the environment read into typed values.
//! - [`shards`]: `DISCORD_SHARDS`, which shards this process runs.
//! - [`handler`]: the serenity event handler.
//! - [`callback`]: answering one interaction.
//! - [`mention`]: answering a message that mentions the bot.
//! - [`forum`]: one suggestion in each new post of the forums `CAREER_BOT_FORUM_CHANNELS` names.
//! - [`register`]: the bulk overwrite of the slash commands, again when a reload changes them.
//! - [`shutdown`]: SIGTERM and Ctrl-C.
//!
//! With `METRICS_ADDR` set, `/healthz`, `/readyz` and `/metrics` are served there (the same
//! router as `serve-http`'s, [`crate::frontend::ops`]). Missed questions and votes go to
//! the insights database (`DATA_DIR` or `DATABASE_URL`); one that cannot be used disables
//! recording, not the bot. On a signal the shards close and the insights queue is written out,
//! both within the 2 seconds a container stop allows comfortably. The knowledge is reloaded when
//! `KNOWLEDGE_DIR` changes and on SIGHUP ([`crate::frontend::reloader`]).

pub mod callback;
pub mod config;
pub mod forum;
pub mod handler;
pub mod mention;
pub mod register;
pub mod shards;
pub mod shutdown;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serenity::Client;
use serenity::client::ClientBuilder;
use serenity::gateway::GatewayError;
use serenity::http::{Http, HttpBuilder, HttpError};
use serenity::model::gateway::GatewayIntents;
use tracing_subscriber::EnvFilter;

use crate::frontend::live::LiveBot;
use crate::frontend::ops;
use crate::frontend::recording::Insights;
use crate::frontend::reloader::Reloader;
use crate::frontend::serve_error::ServeError;
use config::Config;
pub use config::ServeArgs;
use forum::Forums;
use handler::Handler;
use shards::ShardPlan;

/// How long the shards get to close their connections after a signal; with the runtime's own
/// wind-down this keeps the exit within 2 seconds.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(1200);

/// How long after a signal the insights queue may take to be written out (it drains while the
/// shards close). SQLite writes a full queue in milliseconds; what is not written by then is
/// reported as lost in the log.
const DRAIN_GRACE: Duration = Duration::from_millis(1500);

/// Runs the bot on Discord's gateway until SIGTERM or Ctrl-C. A missing or malformed variable
/// is checked before anything starts ([`ServeError::Settings`]); failing to connect is an error.
pub fn serve(knowledge: Option<PathBuf>, args: ServeArgs) -> Result<(), ServeError> {
    let config = Config::from_args(&args)?;
    init_logging();
    let live =
        Arc::new(LiveBot::load(knowledge.as_deref()).map_err(|err| ServeError::knowledge(knowledge.as_deref(), err))?);
    let recording = Arc::new(Insights::from_args(&args.insights));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(ServeError::Runtime)?;
    let result = runtime.block_on(run(live, config, recording));
    // Shard tasks still winding down must not hold the exit up.
    runtime.shutdown_timeout(Duration::from_millis(200));
    result
}

/// Connects and answers until a signal, then closes the shards and drains the insights queue.
/// Knowledge edits are reloaded meanwhile, and the commands registered again when their
/// choices change.
async fn run(live: Arc<LiveBot>, config: Config, recording: Arc<Insights>) -> Result<(), ServeError> {
    let mut signals = shutdown::Signals::install().map_err(ServeError::Signals)?;
    let intents = intents(&config);
    let handler = Handler::new(Arc::clone(&live), config.cooldown, config.guild)
        .with_insights(Arc::clone(&recording))
        .with_forums(Forums::new(config.forum_channels.iter().copied()).reading_first_messages(config.message_content));
    let reloader = Reloader::new(live, Arc::clone(handler.metrics()), Arc::clone(handler.readiness()));
    let _watching = reloader.start_logged();
    if let Some(addr) = config.metrics_addr {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| ServeError::Listen {
            addr,
            setting: "METRICS_ADDR",
            source,
        })?;
        let addr = listener.local_addr().map_err(ServeError::NoAddress)?;
        let app = ops::router(Arc::clone(handler.metrics()), Arc::clone(handler.readiness()));
        tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, app).await {
                tracing::error!(%err, "the /healthz, /readyz and /metrics server stopped");
            }
        });
        tracing::info!(%addr, "serving /healthz, /readyz and /metrics");
    }
    tracing::info!(
        shards = %config.shards,
        api = config.api_base.as_deref().unwrap_or("https://discord.com"),
        commands = config.guild.map_or_else(|| "global".to_owned(), |g| format!("guild {g}")),
        "starting",
    );
    // `ClientBuilder::token` would replace the HTTP client with one that ignores DISCORD_API_BASE.
    let builder = ClientBuilder::new_with_http(http(&config), intents).event_handler(handler);
    let mut client = tokio::select! {
        client = builder => client.map_err(explain)?,
        signal = signals.recv() => {
            tracing::info!(signal, "shutting down before connecting");
            return Ok(());
        }
    };
    tokio::spawn(register::again_on_change(reloader, Arc::clone(&client.http), config.guild));
    let manager = client.shard_manager.clone();
    let plan = config.shards;
    tokio::select! {
        ended = start(&mut client, plan) => ended.map_err(explain).and_then(|()| Err(ServeError::GatewayEnded)),
        signal = signals.recv() => {
            tracing::info!(signal, "shutting down");
            let deadline = tokio::time::Instant::now() + DRAIN_GRACE;
            let drained = tokio::task::spawn_blocking(move || recording.drain());
            if tokio::time::timeout(SHUTDOWN_GRACE, manager.shutdown_all()).await.is_err() {
                tracing::warn!("the shards did not close within {SHUTDOWN_GRACE:?}; exiting anyway");
            }
            if tokio::time::timeout_at(deadline, drained).await.is_err() {
                tracing::error!("the insights queue was not written within {DRAIN_GRACE:?}; records still queued are lost");
            }
            Ok(())
        }
    }
}

/// What the bot asks Discord to send: messages in servers and DMs (mentions; their content
/// comes with the mention, no privileged intent needed), and GUILDS, for THREAD_CREATE, only
/// when forums are watched; the privileged MESSAGE_CONTENT only when forum posts' first
/// messages are to be read too. Interactions need no intent.
pub fn intents(config: &Config) -> GatewayIntents {
    let messages = GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
    match (config.forum_channels.is_empty(), config.message_content) {
        (true, _) => messages,
        (false, false) => messages | GatewayIntents::GUILDS,
        (false, true) => messages | GatewayIntents::GUILDS | GatewayIntents::MESSAGE_CONTENT,
    }
}

/// Starts the shards of `plan` and runs until they stop.
async fn start(client: &mut Client, plan: ShardPlan) -> serenity::Result<()> {
    match plan {
        ShardPlan::Recommended => client.start_autosharded().await,
        // serenity 0.12 treats the range's end as inclusive (`4..7` runs shards 4 to 7).
        ShardPlan::Range { first, last, total } => client.start_shard_range(first..last, total).await,
    }
}

/// serenity's HTTP client for `config`. With `DISCORD_API_BASE` every REST request goes there
/// and serenity's own rate limiter is off: the limiter sends its requests to discord.com even
/// when a proxy is set, and a shared proxy (twilight-http-proxy) owns rate limiting anyway.
fn http(config: &Config) -> Http {
    let builder = HttpBuilder::new(config.token.expose());
    match &config.api_base {
        Some(base) => builder.proxy(base).ratelimiter_disabled(true).build(),
        None => builder.build(),
    }
}

/// A serenity error, told apart when it is the token, which a user can fix.
fn explain(err: serenity::Error) -> ServeError {
    let token_rejected = match &err {
        serenity::Error::Gateway(GatewayError::InvalidAuthentication) => true,
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => response.status_code.as_u16() == 401,
        _ => false,
    };
    if token_rejected { ServeError::TokenRejected(Box::new(err)) } else { ServeError::Gateway(Box::new(err)) }
}

/// Logs to stderr, filtered by `RUST_LOG` (default `info`).
fn init_logging() {
    use std::io::IsTerminal;
    // tungstenite's trace lines dump every websocket frame, IDENTIFY (with the token) included,
    // so it never logs below debug whatever RUST_LOG asks.
    let frames = "tungstenite=debug".parse().expect("a valid filter directive");
    let filter =
        EnvFilter::builder().with_default_directive(tracing::Level::INFO.into()).from_env_lossy().add_directive(frames);
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(forums: &str) -> Config {
        Config::from_lookup(|name| match name {
            "DISCORD_TOKEN" => Some("t".to_owned()),
            "CAREER_BOT_FORUM_CHANNELS" => Some(forums.to_owned()),
            _ => None,
        })
        .expect("a valid configuration")
    }

    #[test]
    fn guilds_is_asked_for_only_when_forums_are_watched() {
        let messages = GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
        assert_eq!(intents(&config("")), messages);
        assert_eq!(intents(&config("123,456")), messages | GatewayIntents::GUILDS);
        for config in [config(""), config("123")] {
            let privileged =
                GatewayIntents::MESSAGE_CONTENT | GatewayIntents::GUILD_MEMBERS | GatewayIntents::GUILD_PRESENCES;
            assert!(!intents(&config).intersects(privileged), "no privileged intent");
        }
    }

    #[test]
    fn message_content_is_asked_for_only_to_read_watched_forums_first_messages() {
        let reading = |forums: &str| {
            let mut config = config(forums);
            config.message_content = true;
            intents(&config)
        };
        assert!(reading("123").contains(GatewayIntents::MESSAGE_CONTENT | GatewayIntents::GUILDS));
        assert!(!reading("").contains(GatewayIntents::MESSAGE_CONTENT), "no forum, nothing to read");
    }
}
