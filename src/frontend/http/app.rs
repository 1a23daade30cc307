//! The HTTP application: `POST /interactions` beside the operational routes, as a function of
//! shared [`AppState`], so that the binary, the tests and the benchmark serve the same router
//! on a listener of their own.
//!
//! A request goes: body (at most [`MAX_BODY`]) → signature and timestamp → serenity's
//! [`Interaction`](serenity::model::application::Interaction) → the shared
//! [`pipeline`] → the serialisation of the serenity builder it answers with, the one the
//! gateway sends. Answering is in-memory work of well under a millisecond, so it runs on the
//! request's task; what follows the response (a delete, a deferred `/gaps` edit) is called on
//! a task of its own once the response is on its way.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serenity::http::Http;
use serenity::model::application::Interaction as Received;

use super::signature::Verifier;
use crate::frontend::cooldown::Rate;
use crate::frontend::discord::outgoing;
use crate::frontend::discord::pipeline::{self, Shared};
use crate::frontend::interaction::Served;
use crate::frontend::live::LiveBot;
use crate::frontend::metrics::Metrics;
use crate::frontend::ops::{self, Readiness};
use crate::frontend::recording::Insights;

/// The largest request body accepted (Discord's interactions are a few KiB).
pub const MAX_BODY: usize = 64 * 1024;

/// Everything the handlers share: the state both Discord modes share, the key requests are
/// checked against, and serenity's client for Discord's API (see
/// [`crate::frontend::discord::webhook_client`]).
#[derive(Debug)]
pub struct AppState {
    shared: Shared,
    verifier: Verifier,
    discord: Arc<Http>,
}

impl AppState {
    /// State around a live bot; the metrics and readiness note its knowledge as loaded now.
    pub fn new(live: Arc<LiveBot>, verifier: Verifier, rate: Rate, discord: Http) -> Self {
        AppState { shared: Shared::new(live, rate, Readiness::new()), verifier, discord: Arc::new(discord) }
    }

    /// Records insights into `recording`, shown in `/metrics` and `/readyz`.
    pub fn with_insights(mut self, recording: Insights) -> Self {
        self.shared = self.shared.with_insights(Arc::new(recording));
        self
    }

    pub fn metrics(&self) -> &Arc<Metrics> {
        self.shared.metrics()
    }

    pub fn readiness(&self) -> &Arc<Readiness> {
        self.shared.readiness()
    }

    pub fn live(&self) -> &Arc<LiveBot> {
        self.shared.live()
    }

    pub fn insights(&self) -> &Arc<Insights> {
        self.shared.insights()
    }
}

/// `POST /interactions`, `GET /healthz`, `GET /readyz` and `GET /metrics`.
pub fn router(state: Arc<AppState>) -> Router {
    let ops = ops::router(Arc::clone(state.metrics()), Arc::clone(state.readiness()));
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
    let metrics = state.metrics();
    let checked = state
        .verifier
        .read(signature.map(HeaderValue::as_bytes), timestamp.map(HeaderValue::as_bytes), &body, SystemTime::now())
        .and_then(|signed| {
            metrics.signature_checked();
            state.verifier.verify(&signed)
        });
    if let Err(rejection) = checked {
        metrics.invalid_signature();
        tracing::debug!(%rejection, "refused an unverified request");
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let answered = match serde_json::from_slice::<Received>(&body) {
        Ok(received) => pipeline::dispatch(&state.shared, &received).await.map_err(|err| err.to_string()),
        Err(err) => Err(format!("not an interaction: {err}")),
    };
    let mut dispatch = match answered {
        Ok(dispatch) => dispatch,
        Err(why) => {
            metrics.record("malformed", Served::Failed, started.elapsed(), None);
            tracing::warn!(%why, "refused a signed request that is not an interaction");
            return StatusCode::BAD_REQUEST.into_response();
        }
    };
    let body = outgoing::bytes(&dispatch.response);
    dispatch.sent(&state.shared, started);
    if let Some(what) = dispatch.then.as_ref().map(pipeline::FollowUp::what) {
        let discord = Arc::clone(&state.discord);
        tokio::spawn(async move {
            match dispatch.follow_up(&discord).await {
                Ok(()) => tracing::debug!("did {what}"),
                Err(err) => tracing::warn!(%err, "could not {what}"),
            }
        });
    }
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}
