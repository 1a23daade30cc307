//! The core of career-bot: it answers backend-developer career questions from a YAML knowledge
//! base, and knows nothing of Discord's transports, async runtimes, HTTP or databases (its
//! manifest allows none of them).
//!
//! # Layout
//!
//! Data flows one way: front end → [`commands`] → ([`search`] → [`knowledge`]) → [`reply`] →
//! front end. Nothing here knows which front end asked.
//!
//! - [`knowledge`]: the entry model, loading YAML (text in, typed out) and validation.
//! - [`search`]: normalisation, synonyms, typo tolerance, scoring, autocomplete.
//! - [`reply`]: the one reply model, Discord's limits, neutralising echoed text.
//! - [`commands`]: one module per command and the one list of commands.
//! - [`feedback`]: what to record of missed questions and votes, and the gaps report built
//!   from stored rows.
//! - [`eval`]: measuring the matcher on a set of questions with known answers.
//! - [`bot`]: [`Bot`], the loaded knowledge with its index; what every front end holds.

pub mod bot;
pub mod commands;
pub mod eval;
pub mod feedback;
pub mod knowledge;
pub mod reply;
pub mod search;

pub use bot::Bot;
