//! Learning from misses, the storage side: the questions the bot declined or was unsure about,
//! the 👍/👎 on its answers and the reasons given for a 👎, stored anonymously in SQLite or
//! PostgreSQL.
//!
//! The core describes what to record ([`career_bot_core::feedback::Record`], carried by
//! [`career_bot_core::commands::Answer::record`]) and builds the report from rows; this crate is
//! the one place that does I/O. A front end pushes records into the [`RecordQueue`] with the guild
//! and, for a vote, the user, whose id only feeds a salted hash and is never stored.
//!
//! - [`row`]: a record in its stored form.
//! - [`voter`]: the salt and the salted voter key.
//! - [`config`]: `DATA_DIR`, `DATABASE_URL`, `CAREER_BOT_SALT`.
//! - [`store`]: the [`Store`] interface and the shared schema; [`sqlite`] and [`postgres`]
//!   implement it, and [`open`] picks the one the configuration names.
//! - [`entries`]: changes to a server's own entries, as stored and audited.
//! - [`server`]: a server's own entries: checked, stored with their audit trail, answered.
//! - [`queue`]: the bounded queue and its writer thread.
//! - [`error`]: what can go wrong, said so that the reader knows what to do.

pub mod config;
pub mod entries;
pub mod error;
pub mod postgres;
pub mod queue;
pub mod row;
pub mod server;
pub mod sqlite;
pub mod store;
pub mod voter;

use career_bot_core::Bot;
use career_bot_core::feedback::report::{self, Filter, MAX_QUESTIONS_READ, Report};

pub use config::{Config, Location};
pub use error::InsightsError;
pub use queue::{Pushed, RecordQueue, Stats};
pub use row::Row;
pub use store::{Access, Query, Store};

/// Opens (for [`Access::Write`]: creates and migrates) the database `config` names.
///
/// PostgreSQL's client runs its own small runtime: call this from a plain thread or a blocking
/// task, not from async code.
pub fn open(config: &Config, access: Access) -> Result<Box<dyn Store>, InsightsError> {
    Ok(match &config.location {
        Location::Sqlite(path) => Box::new(sqlite::SqliteStore::open(path, access)?),
        Location::Postgres(url) => Box::new(postgres::PostgresStore::open(url, access)?),
    })
}

/// Opens the database `config` names for reading and builds the report `filter` asks for.
/// Blocks (PostgreSQL's client runs its own runtime): from async code, call it in a blocking
/// task.
pub fn read_report(config: &Config, bot: &Bot, filter: &Filter) -> Result<Report, InsightsError> {
    let mut store = open(config, Access::Read)?;
    read(store.as_mut(), bot, filter, queue::unix_now())
}

/// Reads what `filter` asks for from `store` and builds the report, `now` being unix seconds.
pub fn read(store: &mut dyn Store, bot: &Bot, filter: &Filter, now: i64) -> Result<Report, InsightsError> {
    let since = filter.since.map(|d| now.saturating_sub(d.as_secs() as i64));
    let query = Query { since, guild: filter.guild, max_questions: MAX_QUESTIONS_READ };
    let questions = store.questions(&query)?;
    let tallies = store.tallies(&query)?;
    let answered = store.answered(&query, filter.limit)?;
    let reasons = store.reasons(&query, report::MAX_REASONS)?;
    let mut report = report::build(bot, &questions, &tallies, filter.limit);
    report::add_reasons(&mut report, &reasons);
    report.most_asked = report::most_asked(bot, &answered, filter.limit);
    report.since = since;
    report.guild = filter.guild;
    report.truncated = questions.len() >= MAX_QUESTIONS_READ;
    Ok(report)
}
