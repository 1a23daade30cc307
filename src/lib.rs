//! career-bot answers backend-developer career questions on Discord from a YAML knowledge base.
//!
//! # Layout
//!
//! Data flows one way: front end → [`commands`] → ([`search`] → [`knowledge`]) → [`reply`] →
//! front end. Nothing outside [`frontend`] knows which front end asked, and nothing outside it
//! imports serenity, tokio or an HTTP crate.
//!
//! - [`knowledge`]: the entry model, loading YAML (text in, typed out) and validation.
//! - [`search`]: normalisation, synonyms, typo tolerance, scoring, autocomplete.
//! - [`reply`]: the one reply model, Discord's limits, neutralising echoed text, the wire JSON.
//! - [`commands`]: one module per command and the one list of commands.
//! - [`eval`]: measuring the matcher on a set of questions with known answers.
//! - [`insights`]: missed questions and 👍/👎 votes, recorded anonymously through a bounded
//!   queue into SQLite or PostgreSQL, and the gaps report built from them. The core only
//!   describes what to record ([`commands::Answer::record`]); the stores are I/O at the edge.
//! - [`bot`]: [`Bot`], the loaded knowledge with its index; what every front end holds.
//! - [`frontend`]: the terminal (and the Discord front ends) as thin adapters.

pub mod bot;
pub mod commands;
pub mod eval;
pub mod frontend;
pub mod insights;
pub mod knowledge;
pub mod reply;
pub mod search;

pub use bot::Bot;
