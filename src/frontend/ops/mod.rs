//! The operational endpoints every deployment needs: `GET /healthz` (the process is up),
//! `GET /readyz` (it can answer: the knowledge is loaded and, for the gateway, connected) and
//! `GET /metrics` (Prometheus). They belong to neither Discord mode: `serve-http` serves this
//! router beside `/interactions`, and the gateway front end serves it on an address of its own
//! (`METRICS_ADDR`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Json};
use axum::routing::get;
use axum::{Router, response::Response};
use serde_json::{Map, Value, json};

use crate::frontend::metrics::{self, Metrics};
use crate::knowledge::{Kind, KnowledgeBase};

/// What `/readyz` reports: whether the process can answer, and why not.
#[derive(Debug, Default)]
pub struct Readiness {
    knowledge: Mutex<Option<Vec<(Kind, usize)>>>,
    /// Tracked only by front ends with a connection to keep (the gateway).
    connected: Option<AtomicBool>,
    /// Whether insights are recorded, shown but not required: a bot that cannot record still
    /// answers.
    recording: Mutex<Option<Value>>,
    /// The problems of the last refused reload, until a reload is served again.
    refused_reload: Mutex<Option<usize>>,
}

impl Readiness {
    /// Ready once the knowledge is loaded.
    pub fn new() -> Self {
        Readiness::default()
    }

    /// Ready once the knowledge is loaded and the connection is up.
    pub fn with_connection() -> Self {
        Readiness { connected: Some(AtomicBool::new(false)), ..Readiness::default() }
    }

    /// Notes the knowledge base now being answered from.
    pub fn knowledge_loaded(&self, knowledge: &KnowledgeBase) {
        *self.knowledge.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(knowledge.counts().to_vec());
        *self.refused_reload.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }

    /// Notes a reload refused for `problems` problems: still ready (the last good knowledge is
    /// served), but `/readyz` says the files on disk are not what is served.
    pub fn reload_refused(&self, problems: usize) {
        *self.refused_reload.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(problems);
    }

    /// Notes the connection going up or down (ignored unless made [`Readiness::with_connection`]).
    pub fn set_connected(&self, connected: bool) {
        if let Some(flag) = &self.connected {
            flag.store(connected, Ordering::Relaxed);
        }
    }

    /// Notes whether insights are recorded (and why not), shown under `recording`.
    pub fn recording(&self, detail: Option<Value>) {
        *self.recording.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = detail;
    }

    /// Whether the process can answer, with the detail `/readyz` shows.
    pub fn report(&self) -> (bool, Value) {
        let knowledge = self.knowledge.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
        let connected = self.connected.as_ref().map(|flag| flag.load(Ordering::Relaxed));
        let ready = knowledge.is_some() && connected != Some(false);
        let mut detail = json!({
            "ready": ready,
            "knowledge": knowledge.map(|counts| {
                counts.into_iter().map(|(kind, n)| (kind.as_str().to_owned(), json!(n))).collect::<Map<_, _>>()
            }),
        });
        if let Some(connected) = connected {
            detail["gateway"] = json!(if connected { "connected" } else { "disconnected" });
        }
        if let Some(problems) = *self.refused_reload.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) {
            detail["reload"] = json!({
                "refused": true,
                "problems": problems,
                "serving": "the last good knowledge; the log names each problem",
            });
        }
        if let Some(recording) = self.recording.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone() {
            detail["recording"] = recording;
        }
        (ready, detail)
    }
}

/// What the operational routes read.
#[derive(Debug, Clone)]
struct Ops {
    metrics: Arc<Metrics>,
    readiness: Arc<Readiness>,
}

/// `/healthz`, `/readyz` and `/metrics` over the given registry and readiness.
pub fn router(metrics: Arc<Metrics>, readiness: Arc<Readiness>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(render_metrics))
        .with_state(Ops { metrics, readiness })
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(ops): State<Ops>) -> Response {
    let (ready, detail) = ops.readiness.report();
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(detail)).into_response()
}

async fn render_metrics(State(ops): State<Ops>) -> Response {
    ([(header::CONTENT_TYPE, metrics::CONTENT_TYPE)], ops.metrics.render()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_once_loaded_and_connected() {
        let faqs = "faqs:\n  - id: a\n    question: What is a backend?\n    answer: The server side.\n";
        let knowledge = KnowledgeBase::from_sources(vec![crate::knowledge::Source::new("faqs.yaml", faqs)])
            .expect("the fixture is valid");
        let readiness = Readiness::new();
        assert_eq!(readiness.report(), (false, json!({"ready": false, "knowledge": null})));
        readiness.knowledge_loaded(&knowledge);
        let (ready, detail) = readiness.report();
        assert!(ready);
        assert_eq!(detail["knowledge"], json!({"faq": 1, "salary": 0, "role": 0, "topic": 0}));

        let gateway = Readiness::with_connection();
        gateway.knowledge_loaded(&knowledge);
        assert!(!gateway.report().0);
        assert_eq!(gateway.report().1["gateway"], "disconnected");
        gateway.set_connected(true);
        assert!(gateway.report().0);

        // A database that cannot be written is reported, and the bot stays ready to answer.
        gateway.recording(Some(json!({"enabled": false, "error": "read-only"})));
        let (ready, detail) = gateway.report();
        assert!(ready);
        assert_eq!(detail["recording"]["enabled"], false);

        // A refused reload leaves the bot ready on its last good knowledge, and says so.
        gateway.reload_refused(2);
        let (ready, detail) = gateway.report();
        assert!(ready);
        assert_eq!(detail["reload"]["problems"], 2);
        gateway.knowledge_loaded(&knowledge);
        assert!(gateway.report().1.get("reload").is_none());
    }
}
