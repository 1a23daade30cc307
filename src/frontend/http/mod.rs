//! The HTTP interactions endpoint (`career-bot serve-http`): Discord POSTs each interaction to
//! `/interactions` and takes the reply from the response, so replicas keep no connection and
//! no state beyond a per-user cooldown, and scale behind any load balancer.
//!
//! - [`app`]: the router over shared state (what tests and benchmarks serve).
//! - [`signature`]: the Ed25519 signature and timestamp check.
//!
//! What arrives and what leaves are serenity's types ([`crate::frontend::discord`]); the calls to
//! Discord (deleting a message on its owner's request, editing a deferred response) go through
//! serenity's `Http`.
//!
//! This module reads the configuration, opens the insights database (`DATA_DIR` or
//! `DATABASE_URL`; one that cannot be used disables recording, not the endpoint), builds the
//! runtime and serves until SIGTERM or Ctrl-C, then writes what the insights queue holds. The
//! knowledge is reloaded when `KNOWLEDGE_DIR` changes and on SIGHUP ([`crate::frontend::reloader`]).

pub mod app;
pub mod signature;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::net::TcpListener;

use self::app::AppState;
use self::signature::Verifier;
use crate::frontend::cooldown::Rate;
use crate::frontend::discord::{self, DEFAULT_API_BASE};
use crate::frontend::live::LiveBot;
use crate::frontend::recording::Insights;
use crate::frontend::reloader::Reloader;
use crate::frontend::serve_error::ServeError;

/// Options of `career-bot serve-http`; each can also come from the environment or `.env`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeHttpArgs {
    /// The address to serve /interactions, /healthz, /readyz and /metrics on.
    #[arg(long, env = "LISTEN_ADDR", default_value = "0.0.0.0:8080", value_name = "ADDR")]
    pub listen: SocketAddr,

    /// The application's public key, 64 hex characters (Developer Portal → your application →
    /// General Information → Public Key).
    #[arg(long, env = "DISCORD_PUBLIC_KEY", hide_env_values = true, value_name = "HEX")]
    pub public_key: Option<String>,

    /// Per-user rate limit for commands and clicks: COUNT/WINDOW, e.g. 5/10s, 20/1m.
    #[arg(long, env = "CAREER_BOT_COOLDOWN", default_value = "5/10s", value_parser = parse_rate, value_name = "RATE")]
    pub cooldown: Rate,

    /// Discord's REST API (its /api/v10/... paths are added), used to delete a message when its
    /// owner clicks its delete button and to edit a deferred response.
    #[arg(long, env = "DISCORD_API_BASE", default_value = DEFAULT_API_BASE,
          value_parser = discord::parse_api_base, value_name = "URL")]
    pub discord_api_base: String,

    #[command(flatten)]
    pub insights: crate::frontend::recording::InsightsArgs,
}

/// Serves Discord interactions over HTTP until SIGTERM or Ctrl-C. A missing, malformed or weak
/// public key is checked before anything starts ([`ServeError::PublicKey`]); a knowledge base
/// with problems is an error, and nothing is served.
pub fn serve(knowledge: Option<PathBuf>, args: ServeHttpArgs) -> Result<(), ServeError> {
    let verifier = Verifier::from_hex(args.public_key.as_deref())?;
    init_tracing();
    let live =
        Arc::new(LiveBot::load(knowledge.as_deref()).map_err(|err| ServeError::knowledge(knowledge.as_deref(), err))?);
    let discord = discord::webhook_client(&args.discord_api_base);
    let recording = Insights::from_args(&args.insights);
    let state = Arc::new(AppState::new(live, verifier, args.cooldown, discord).with_insights(recording));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(ServeError::Runtime)?;
    let serving = Arc::clone(&state);
    runtime.block_on(async move {
        let reloader =
            Reloader::new(Arc::clone(serving.live()), Arc::clone(serving.metrics()), Arc::clone(serving.readiness()));
        let _watching = reloader.start_logged();
        let listener = TcpListener::bind(args.listen).await.map_err(|source| ServeError::Listen {
            addr: args.listen,
            setting: "LISTEN_ADDR or --listen",
            source,
        })?;
        let addr = listener.local_addr().map_err(ServeError::NoAddress)?;
        tracing::info!(%addr, "serving Discord interactions at /interactions");
        run(listener, serving, shutdown_signal()).await.map_err(ServeError::Server)
    })?;
    // Every request has been answered; what they queued is written before the process exits.
    state.insights().drain();
    tracing::info!("stopped");
    Ok(())
}

/// Serves the app on `listener` until `shutdown` completes, then finishes the requests in
/// flight.
pub async fn run(
    listener: TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app::router(state)).with_graceful_shutdown(shutdown).await
}

/// `CAREER_BOT_COOLDOWN`, with the variable named in the error.
fn parse_rate(text: &str) -> Result<Rate, String> {
    text.parse().map_err(|err| format!("{err} (set by CAREER_BOT_COOLDOWN or --cooldown)"))
}

/// serenity's REST client, whose spans are never logged.
const REST_SPANS: &str = "serenity::http=warn";

/// Logs go to standard error, filtered by `RUST_LOG` (default `info`) but for serenity's REST
/// spans, coloured only on a terminal.
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // serenity's REST spans record the route, which holds the interaction's token, and every
    // event inside them (reqwest's, hyper's) prints it: they are kept out at any level.
    let filter = filter.add_directive(REST_SPANS.parse().unwrap_or_else(|err| unreachable!("{REST_SPANS}: {err}")));
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr()) && std::env::var_os("NO_COLOR").is_none();
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(colour).try_init();
}

/// Completes on SIGTERM (how containers are stopped) or Ctrl-C.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing the requests in flight");
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Harness {
        #[command(flatten)]
        args: ServeHttpArgs,
    }

    #[test]
    fn flags_parse_and_bad_rates_name_the_variable() {
        let parsed =
            Harness::try_parse_from(["x", "--listen", "127.0.0.1:9", "--cooldown", "2/1s", "--public-key", "ab"])
                .expect("valid flags");
        assert_eq!(parsed.args.listen, "127.0.0.1:9".parse().unwrap());
        assert_eq!(parsed.args.cooldown, "2/1s".parse().unwrap());
        let err = Harness::try_parse_from(["x", "--cooldown", "fast"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("CAREER_BOT_COOLDOWN"), "{err}");
        assert!(Harness::try_parse_from(["x", "--discord-api-base", "nope"]).is_err());
    }
}
