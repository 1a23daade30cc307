//! The calls the HTTP endpoint makes to Discord, through the interaction's webhook: deleting the
//! message a delete button is on after the click has been acknowledged, and editing a deferred
//! response (a `/gaps` report that took long to read). Every other answer travels back in the
//! HTTP response and needs no call.

use std::time::Duration;

use reqwest::{Client, Url};

use crate::frontend::secret::Secret;

/// Discord's REST API, unless `DISCORD_API_BASE` says otherwise.
pub const DEFAULT_API_BASE: &str = "https://discord.com/api/v10";

/// The API version's path, added to a base URL given without one.
const API_PATH: &str = "/api/v10";

/// How long a call to Discord may take before it is given up.
const TIMEOUT: Duration = Duration::from_secs(10);

/// A call to Discord that did not succeed. It names neither the URL nor the token.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("cannot set up an HTTP client: {0}")]
    Client(reqwest::Error),
    #[error("Discord could not be reached: {0}")]
    Unreachable(reqwest::Error),
    #[error("Discord answered {0}")]
    Status(reqwest::StatusCode),
    #[error("the Discord API base URL cannot take a path; set DISCORD_API_BASE like {DEFAULT_API_BASE}")]
    BadBase,
}

/// A client for Discord's REST API at a base URL (a loopback fake in tests).
#[derive(Debug, Clone)]
pub struct Discord {
    client: Client,
    base: Url,
}

impl Discord {
    /// A client for the API at `base`; fails only if no TLS backend can be set up.
    pub fn new(base: Url) -> Result<Self, CallError> {
        let client = Client::builder()
            .timeout(TIMEOUT)
            .user_agent(concat!("DiscordBot (career-bot, ", env!("CARGO_PKG_VERSION"), ")"))
            .build()
            .map_err(CallError::Client)?;
        Ok(Discord { client, base })
    }

    /// Deletes the message an interaction's component is on:
    /// `DELETE /webhooks/{application}/{token}/messages/@original`.
    pub async fn delete_original(&self, application: u64, token: &Secret) -> Result<(), CallError> {
        let url = self.original(application, token)?;
        let response = self.client.delete(url).send().await.map_err(|err| CallError::Unreachable(err.without_url()))?;
        match response.status() {
            status if status.is_success() => Ok(()),
            status => Err(CallError::Status(status)),
        }
    }

    /// Replaces a deferred response with `message` (Discord's message JSON):
    /// `PATCH /webhooks/{application}/{token}/messages/@original`.
    pub async fn edit_original(
        &self,
        application: u64,
        token: &Secret,
        message: &serde_json::Value,
    ) -> Result<(), CallError> {
        let url = self.original(application, token)?;
        let response = self
            .client
            .patch(url)
            .json(message)
            .send()
            .await
            .map_err(|err| CallError::Unreachable(err.without_url()))?;
        match response.status() {
            status if status.is_success() => Ok(()),
            status => Err(CallError::Status(status)),
        }
    }

    /// The URL of an interaction's original response.
    fn original(&self, application: u64, token: &Secret) -> Result<Url, CallError> {
        let mut url = self.base.clone();
        url.path_segments_mut().map_err(|()| CallError::BadBase)?.pop_if_empty().extend([
            "webhooks",
            &application.to_string(),
            token.expose(),
            "messages",
            "@original",
        ]);
        Ok(url)
    }
}

/// `DISCORD_API_BASE`: an absolute http(s) URL. One without a path (`http://127.0.0.1:3000`,
/// a rate-limit proxy or a fake, as the gateway mode takes it) gets Discord's `/api/v10`.
pub fn parse_base(text: &str) -> Result<Url, String> {
    let hint =
        || format!("`{text}` is not an http(s) base URL: write it like {DEFAULT_API_BASE} or http://127.0.0.1:3000");
    let mut url = Url::parse(text.trim()).map_err(|_| hint())?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(hint());
    }
    if url.path() == "/" {
        url.set_path(API_PATH);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(parse_base(DEFAULT_API_BASE).unwrap().as_str(), DEFAULT_API_BASE);
        assert_eq!(parse_base("http://127.0.0.1:9").unwrap().as_str(), "http://127.0.0.1:9/api/v10");
        assert_eq!(parse_base("http://127.0.0.1:9/").unwrap().as_str(), "http://127.0.0.1:9/api/v10");
        assert_eq!(parse_base("http://127.0.0.1:9/x/").unwrap().as_str(), "http://127.0.0.1:9/x/");
        for bad in ["", "discord.com/api", "mailto:x@y", "ftp://x/"] {
            assert!(parse_base(bad).is_err(), "{bad}");
        }
    }
}
