//! The `--json` shape of an answer: the query, what matched, the suggestions, and the exact
//! Discord interaction response the bot would send: the serialisation of the very builder value
//! the Discord front ends send.

use serde_json::{Value, json};

use crate::commands::{Answer, Match};
use crate::frontend::discord::outgoing;

pub fn answer(query: &str, answer: &Answer) -> Value {
    json!({
        "query": query,
        "match": answer.matched.as_ref().map(matched),
        "suggestions": answer.suggestions.iter().map(matched).collect::<Vec<_>>(),
        "outcome": answer.outcome.as_str(),
        "response": outgoing::json(&answer.response),
    })
}

fn matched(m: &Match) -> Value {
    json!({"kind": m.entry.kind.as_str(), "id": m.entry.id, "title": m.title, "score": round(m.score)})
}

/// Scores to 3 decimals, so that output is stable and readable.
fn round(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}
