//! Front ends: thin adapters that turn their input into a [`crate::commands::Request`] and the
//! core's [`crate::commands::Answer`] into their output.
//!
//! - [`cli`]: the terminal (`career-bot ask "..."`).
//! - [`gateway`]: the Discord bot on the gateway, with serenity (`career-bot serve`).
//! - [`http`]: the HTTP interactions endpoint, with axum (`career-bot serve-http`).
//! - [`discord`]: serenity's types in and out: interactions read, replies built, REST calls.
//! - [`interaction`]: what an interaction asks and how the bot answers it, shared by the Discord
//!   front ends.
//! - [`live`]: the bot the servers answer from, reloaded when the knowledge directory changes.
//! - [`servers`]: each server's bot, with the entries its moderators wrote, kept current.
//! - [`reloader`]: reloads on file changes and SIGHUP, logged, counted and shown in `/readyz`.
//! - [`cooldown`]: the per-user rate limit of the Discord front ends.
//! - [`metrics`]: Prometheus counters and histograms shared by both servers.
//! - [`ops`]: `/healthz`, `/readyz` and `/metrics`, served by both servers.
//! - [`recording`]: the insights database and queue both Discord front ends record into.
//! - [`blocking`]: database work off the async threads, answered in time or deferred.
//! - [`editing`]: `/knowledge` changes checked, stored and served.
//! - [`secret`]: a token that cannot be printed by accident.
//! - [`serve_error`]: why a server did not start or stopped, typed for `main`'s exit code.

pub mod blocking;
pub mod cli;
pub mod cooldown;
pub mod discord;
pub mod editing;
pub mod gateway;
pub mod http;
pub mod interaction;
pub mod live;
pub mod metrics;
pub mod ops;
pub mod recording;
pub mod reloader;
pub mod secret;
pub mod serve_error;
pub mod servers;
