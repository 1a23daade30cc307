//! Front ends: thin adapters that turn their input into a [`crate::commands::Request`] and the
//! core's [`crate::commands::Answer`] into their output.
//!
//! - [`cli`]: the terminal (`career-bot ask "..."`).
//! - [`interaction`]: Discord interaction payloads → requests, shared by the Discord front ends.
//! - [`cooldown`]: the per-user rate limit of the Discord front ends.

pub mod cli;
pub mod cooldown;
pub mod interaction;
