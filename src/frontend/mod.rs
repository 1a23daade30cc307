//! Front ends: thin adapters that turn their input into a [`crate::commands::Request`] and the
//! core's [`crate::commands::Answer`] into their output.
//!
//! - [`cli`]: the terminal (`career-bot ask "..."`).

pub mod cli;
