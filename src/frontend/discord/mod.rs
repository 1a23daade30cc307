//! Discord's side of both Discord front ends, in serenity's own types: what arrives is a
//! serenity [`Interaction`](serenity::model::application::Interaction), what leaves is one of
//! serenity's builders, and REST calls go through serenity's [`Http`].
//!
//! - [`incoming`]: a received interaction read as a core request.
//! - [`outgoing`]: the core's reply as serenity's builders (and the JSON `--json` prints).
//! - [`pipeline`]: the shared state and the one way from an interaction to its answer and
//!   follow-ups, which both Discord modes run.
//! - [`audit`]: the one log line per answer, tokens redacted.
//!
//! The gateway and the HTTP endpoint only move these values; neither writes Discord JSON nor
//! decides an answer.

pub mod audit;
pub mod incoming;
pub mod outgoing;
pub mod pipeline;

use serenity::http::{Http, HttpBuilder};

/// Discord's REST API, unless `DISCORD_API_BASE` says otherwise.
pub const DEFAULT_API_BASE: &str = "https://discord.com";

/// The API version's path, which serenity adds to every base.
const API_PATH: &str = "/api/v10";

/// `DISCORD_API_BASE` as serenity's proxy takes it: an absolute http(s) URL without a trailing
/// slash, the requests' `/api/v10/...` paths to be added to it. A base written with the API's
/// path (`https://discord.com/api/v10`) is taken without it, so both spellings mean the same.
pub fn parse_api_base(text: &str) -> Result<String, String> {
    let hint = || {
        format!(
            "`{text}` is not an http(s) base URL: write it like {DEFAULT_API_BASE} or http://127.0.0.1:3000 (the \
             API's {API_PATH}/... paths are added to it)"
        )
    };
    let given = text.trim();
    let rest = given.strip_prefix("http://").or_else(|| given.strip_prefix("https://")).ok_or_else(hint)?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || rest.contains(char::is_whitespace) || rest.contains(['?', '#']) {
        return Err(hint());
    }
    let base = given.trim_end_matches('/');
    Ok(base.strip_suffix(API_PATH).unwrap_or(base).to_owned())
}

/// A client for the interaction webhooks (edits and deletes of an interaction's response),
/// which need no bot token, at `base` (Discord, a rate-limit proxy, or a fake in tests).
/// serenity's rate limiter is off: in serenity 0.12 it sends to discord.com whatever the proxy,
/// and these calls are one or two per interaction.
pub fn webhook_client(base: &str) -> Http {
    let builder = HttpBuilder::new("").ratelimiter_disabled(true);
    if base == DEFAULT_API_BASE { builder.build() } else { builder.proxy(base).build() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_bases_with_or_without_the_api_path_mean_the_same() {
        assert_eq!(parse_api_base(DEFAULT_API_BASE).unwrap(), DEFAULT_API_BASE);
        assert_eq!(parse_api_base("https://discord.com/api/v10").unwrap(), DEFAULT_API_BASE);
        assert_eq!(parse_api_base("http://127.0.0.1:9").unwrap(), "http://127.0.0.1:9");
        assert_eq!(parse_api_base("http://127.0.0.1:9/").unwrap(), "http://127.0.0.1:9");
        assert_eq!(parse_api_base("http://127.0.0.1:9/api/v10/").unwrap(), "http://127.0.0.1:9");
        assert_eq!(parse_api_base("http://127.0.0.1:9/x/").unwrap(), "http://127.0.0.1:9/x");
        for bad in ["", "discord.com/api", "mailto:x@y", "ftp://x/", "http://", "http:///x", "http://a b"] {
            assert!(parse_api_base(bad).is_err(), "{bad}");
        }
    }
}
