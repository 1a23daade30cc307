//! career-bot answers backend-developer career questions on Discord from a YAML knowledge base.
//!
//! # Layout
//!
//! The workspace's crates keep the layers apart, because their manifests allow nothing else:
//!
//! - `career-bot-core` (`crates/core`): knowledge, search, the reply model, commands, the gaps
//!   report's logic. No serenity, tokio, HTTP or database crate.
//! - `career-bot-insights` (`crates/insights`): the SQLite and PostgreSQL stores of missed
//!   questions and votes, behind one [`insights::open`].
//! - this crate: the [`frontend`]s (terminal, Discord gateway, HTTP interactions endpoint) as
//!   thin adapters, [`builtin`] (the built-in knowledge, checked when the binary is built, as
//!   they start from it) and the `career-bot` binary.
//!
//! Data flows one way: front end → [`commands`] → ([`search`] → [`knowledge`]) → [`reply`] →
//! front end. The core's modules are re-exported here under their own names.

pub mod builtin;
pub mod frontend;

pub use career_bot_core::{Bot, bot, commands, eval, feedback, knowledge, reply, search};
pub use career_bot_insights as insights;
