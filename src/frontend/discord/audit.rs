//! The one log line per interaction or mention: what was asked (the command, and the question at
//! debug level), how it went, the match score and the latency. Interaction tokens are secrets
//! for 15 minutes, so error texts that may carry one (a request URL) are redacted first.

use std::time::Instant;

use crate::frontend::interaction::Handled;

/// Logs an answer that was sent.
pub fn answered(label: &str, handled: &Handled, started: Instant) {
    let score = handled.findings.as_ref().and_then(|a| a.matched.as_ref()).map(|m| m.score);
    tracing::info!(
        command = %label,
        outcome = %handled.outcome,
        score = score.map(|s| format!("{s:.3}")).unwrap_or_else(|| "-".to_owned()),
        latency_us = started.elapsed().as_micros() as u64,
        "answered",
    );
}

/// Logs an answer that could not be sent, with the error (the `token` redacted).
pub fn unsent(label: &str, handled: &Handled, started: Instant, error: &dyn std::fmt::Display, token: &str) {
    tracing::error!(
        command = %label,
        outcome = %handled.outcome,
        latency_us = started.elapsed().as_micros() as u64,
        error = redact(error, token),
        "could not send the answer to Discord; check the connection to the API (DISCORD_API_BASE if set)",
    );
}

/// The text of `error` with `token` replaced by `[redacted]`.
pub fn redact(error: &dyn std::fmt::Display, token: &str) -> String {
    let text = error.to_string();
    if token.is_empty() { text } else { text.replace(token, "[redacted]") }
}

/// The text of a caught panic.
pub fn panic_text(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_the_token_wherever_it_appears() {
        let error = "error sending request for url (http://x/api/v10/interactions/1/aW50ZXJhY3Rpb24/callback)";
        assert_eq!(
            redact(&error, "aW50ZXJhY3Rpb24"),
            "error sending request for url (http://x/api/v10/interactions/1/[redacted]/callback)"
        );
        assert_eq!(redact(&"plain", ""), "plain");
    }

    #[test]
    fn reads_panic_messages() {
        let caught = std::panic::catch_unwind(|| panic!("boom {}", 1)).unwrap_err();
        assert_eq!(panic_text(caught.as_ref()), "boom 1");
    }
}
