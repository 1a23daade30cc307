//! The HTTP application: `POST /interactions` beside the operational routes, as a function of
//! shared [`AppState`], so that the binary, the tests and the benchmark serve the same router
//! on a listener of their own.
//!
//! A request goes: body (at most [`MAX_BODY`]) → signature and timestamp → serenity's
//! [`Interaction`](serenity::model::application::Interaction) → the core's answer → the
//! serialisation of the same serenity builder the gateway sends. Answering is in-memory work of
//! well under a millisecond, so it runs on the request's task; nothing here waits on Discord.
//! What the core asks to record goes to the insights queue without waiting. `/gaps` reads its
//! report on a blocking thread; a read that would not fit Discord's 3 seconds is deferred
//! (type 5) and the report follows as an edit of the original response.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use serenity::http::Http;
use serenity::model::application::Interaction as Received;
use serenity::model::id::ApplicationId;

use super::ops::{self, Readiness};
use super::signature::Verifier;
use crate::frontend::cooldown::{Cooldown, Rate};
use crate::frontend::discord::{incoming, outgoing};
use crate::frontend::interaction::{self, Interaction};
use crate::frontend::live::LiveBot;
use crate::frontend::metrics::Metrics;
use crate::frontend::recording::{self, REPORT_WITHIN, Recording};
use crate::frontend::secret::Secret;
use crate::reply;

/// The largest request body accepted (Discord's interactions are a few KiB).
pub const MAX_BODY: usize = 64 * 1024;

/// How long a call to Discord may take before it is given up.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// Everything the handlers share: the live bot (reloaded as its knowledge changes), the per-user
/// cooldown, the key requests are checked against, serenity's client for Discord's API (see
/// [`crate::frontend::discord::webhook_client`]), the metrics, the readiness and the insights
/// recording.
#[derive(Debug)]
pub struct AppState {
    live: Arc<LiveBot>,
    cooldown: Cooldown,
    verifier: Verifier,
    discord: Arc<Http>,
    metrics: Arc<Metrics>,
    readiness: Arc<Readiness>,
    recording: Arc<Recording>,
}

impl AppState {
    /// State around a live bot; the metrics and readiness note its knowledge as loaded now.
    pub fn new(live: Arc<LiveBot>, verifier: Verifier, rate: Rate, discord: Http) -> Self {
        let metrics = Arc::new(Metrics::new());
        let readiness = Arc::new(Readiness::new());
        {
            let bot = live.current();
            metrics.knowledge_loaded(bot.knowledge(), SystemTime::now());
            readiness.knowledge_loaded(bot.knowledge());
        }
        AppState {
            live,
            cooldown: Cooldown::new(rate),
            verifier,
            discord: Arc::new(discord),
            metrics,
            readiness,
            recording: Arc::new(Recording::none()),
        }
    }

    /// Records insights into `recording`, shown in `/metrics` and `/readyz`.
    pub fn with_recording(mut self, recording: Recording) -> Self {
        self.readiness.recording(recording.detail());
        if let Some(recorder) = recording.recorder() {
            self.metrics.watch_recorder(Arc::clone(recorder));
        }
        self.recording = Arc::new(recording);
        self
    }

    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    pub fn readiness(&self) -> &Arc<Readiness> {
        &self.readiness
    }

    pub fn live(&self) -> &Arc<LiveBot> {
        &self.live
    }

    pub fn recording(&self) -> &Arc<Recording> {
        &self.recording
    }
}

/// `POST /interactions`, `GET /healthz`, `GET /readyz` and `GET /metrics`.
pub fn router(state: Arc<AppState>) -> Router {
    let ops = ops::router(state.metrics.clone(), state.readiness.clone());
    Router::new()
        .route("/interactions", post(interactions))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
        .merge(ops)
}

/// The signature headers of a request, taken without copying the others.
struct SignatureHeaders {
    signature: Option<HeaderValue>,
    timestamp: Option<HeaderValue>,
}

impl<S: Sync> FromRequestParts<S> for SignatureHeaders {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        let header = |name: &str| parts.headers.get(name).cloned();
        Ok(SignatureHeaders { signature: header("x-signature-ed25519"), timestamp: header("x-signature-timestamp") })
    }
}

async fn interactions(State(state): State<Arc<AppState>>, signed: SignatureHeaders, body: Bytes) -> Response {
    let started = Instant::now();
    let (signature, timestamp) = (signed.signature.as_ref(), signed.timestamp.as_ref());
    let checked = state
        .verifier
        .read(signature.map(HeaderValue::as_bytes), timestamp.map(HeaderValue::as_bytes), &body, SystemTime::now())
        .and_then(|signed| {
            state.metrics.signature_checked();
            state.verifier.verify(&signed)
        });
    if let Err(rejection) = checked {
        state.metrics.invalid_signature();
        tracing::debug!(%rejection, "refused an unverified request");
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let read = serde_json::from_slice::<Received>(&body)
        .map_err(|err| format!("not an interaction: {err}"))
        .and_then(|received| incoming::read(&received).map_err(|err| err.to_string()));
    let interaction = match read {
        Ok(interaction) => interaction,
        Err(why) => {
            state.metrics.record("malformed", "error", started.elapsed(), None);
            tracing::warn!(%why, "refused a signed request that is not an interaction");
            return StatusCode::BAD_REQUEST.into_response();
        }
    };
    // One knowledge base for the whole request, whatever reloads meanwhile.
    let bot = state.live.current();
    let mut handled = interaction::respond(&bot, &state.cooldown, &interaction, Instant::now());
    if handled.response == reply::Response::Delete {
        delete_later(&state, &interaction);
    }
    let mut deferred = false;
    if let Some(answer) = &handled.answer {
        state.recording.push(answer, interaction.guild, interaction.user);
        if let Some(filter) = answer.report {
            match state.recording.report(Arc::clone(&bot), filter, REPORT_WITHIN).await {
                Some(recording::Report::Ready(response)) => handled.response = response,
                Some(recording::Report::Late(reading)) => {
                    edit_later(&state, &interaction, reading);
                    deferred = true;
                }
                None => {}
            }
        }
    }
    let body = if deferred {
        outgoing::bytes(&outgoing::deferred_ephemeral())
    } else {
        outgoing::bytes(&outgoing::interaction_response(&handled.response))
    };
    let latency = started.elapsed();
    let score = handled.score();
    state.metrics.record(&interaction.label, handled.outcome, latency, score);
    tracing::info!(
        command = %interaction.label,
        outcome = %handled.outcome,
        score,
        latency_us = latency.as_micros() as u64,
        "interaction"
    );
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

/// A deferred `/gaps`: once its report is read, it replaces the "thinking" response through
/// Discord's API.
fn edit_later(state: &AppState, interaction: &Interaction, reading: tokio::task::JoinHandle<reply::Response>) {
    let Some(discord) = webhook(state, interaction) else { return };
    let token = Secret::new(interaction.token.clone());
    tokio::spawn(async move {
        let response = recording::late(reading).await;
        let Some(reply) = response.reply() else { return };
        let edit = outgoing::edit(reply);
        match called(&token, discord.edit_original_interaction_response(token.expose(), &edit, Vec::new())).await {
            Ok(_) => tracing::debug!("sent a deferred gaps report"),
            Err(err) => tracing::warn!(%err, "could not send a deferred gaps report"),
        }
    });
}

/// The click was acknowledged in the response (type 6); the message itself goes through
/// Discord's API once the response is on its way.
fn delete_later(state: &AppState, interaction: &Interaction) {
    let Some(discord) = webhook(state, interaction) else { return };
    let token = Secret::new(interaction.token.clone());
    tokio::spawn(async move {
        match called(&token, discord.delete_original_interaction_response(token.expose())).await {
            Ok(()) => tracing::debug!("deleted a message on its owner's request"),
            Err(err) => tracing::warn!(%err, "could not delete a message on its owner's request"),
        }
    });
}

/// serenity's client, addressed to `interaction`'s application: the webhook routes of an
/// interaction's response take the application id from the client. An endpoint serves one
/// application, so every interaction sets the same id.
fn webhook(state: &AppState, interaction: &Interaction) -> Option<Arc<Http>> {
    if interaction.application_id == 0 || interaction.token.is_empty() {
        tracing::warn!("an interaction without an application id or token; nothing to call Discord with");
        return None;
    }
    state.discord.set_application_id(ApplicationId::new(interaction.application_id));
    Some(Arc::clone(&state.discord))
}

/// A call to Discord that did not succeed. Its text names neither the URL nor the token.
#[derive(Debug, thiserror::Error)]
enum CallError {
    #[error("Discord did not answer within {} s", CALL_TIMEOUT.as_secs())]
    Timeout,
    #[error("Discord answered {0}")]
    Status(serenity::http::StatusCode),
    #[error("Discord could not be reached or its answer was not understood: {0}")]
    Failed(String),
}

/// `call`, given up after [`CALL_TIMEOUT`], its error told without `token` (which the URL holds).
async fn called<T>(token: &Secret, call: impl Future<Output = serenity::Result<T>>) -> Result<T, CallError> {
    match tokio::time::timeout(CALL_TIMEOUT, call).await {
        Err(_) => Err(CallError::Timeout),
        Ok(Ok(done)) => Ok(done),
        Ok(Err(serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(response)))) => {
            Err(CallError::Status(response.status_code))
        }
        Ok(Err(err)) => Err(CallError::Failed(err.to_string().replace(token.expose(), "<token>"))),
    }
}
