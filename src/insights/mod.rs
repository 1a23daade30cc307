//! Learning from misses: the questions the bot declined or was unsure about and the 👍/👎 on
//! its answers, stored anonymously, and the gaps report maintainers read them through.
//!
//! The core only *describes* what to record ([`Record`], carried by
//! [`crate::commands::Answer::record`]); a front end pushes it into the [`Recorder`] with the
//! guild and, for a vote, the user, whose id only feeds a salted hash and is never stored. The
//! pure parts ([`record`], [`report`], [`render`], [`export`]) know no database; the stores are
//! the one place that does I/O.
//!
//! - [`record`]: what is recorded and what is stored of it.
//! - [`voter`]: the salt and the salted voter key.
//! - [`config`]: `DATA_DIR`, `DATABASE_URL`, `CAREER_BOT_SALT`.
//! - [`store`]: the [`Store`] interface and the shared schema; [`sqlite`] and [`postgres`]
//!   implement it.
//! - [`queue`]: the bounded queue and its writer thread.
//! - [`report`]: grouping missed questions and rating entries; [`render`] prints it as text or
//!   JSON, [`export`] as draft FAQ entries.
//! - [`error`]: what can go wrong, said so that the reader knows what to do.

pub mod config;
pub mod error;
pub mod export;
pub mod postgres;
pub mod queue;
pub mod record;
pub mod render;
pub mod report;
pub mod sqlite;
pub mod store;
pub mod voter;

pub use config::Config;
pub use error::InsightsError;
pub use queue::{Pushed, Recorder, Stats};
pub use record::{Miss, Record, Vote};
pub use report::{Filter, Report};
pub use store::{Access, Store};

/// Opens the database `config` names for reading and builds the report `filter` asks for.
/// Blocks (PostgreSQL's client runs its own runtime): from async code, call it in a blocking
/// task.
pub fn read_report(config: &Config, bot: &crate::Bot, filter: &Filter) -> Result<Report, InsightsError> {
    let mut store = store::open(config, Access::Read)?;
    report::read(store.as_mut(), bot, filter, queue::unix_now())
}
