//! [`InsightsError`]: everything that can go wrong with the insights database, each saying
//! what happened, to which database, and what to do about it. Causes are kept as text in the
//! message (PostgreSQL's own errors say little without their whole chain), so one line tells
//! all; no secret is ever part of them (PostgreSQL URLs are shown without their password).

use std::path::PathBuf;

/// An insights database that cannot be opened, migrated, written or read.
#[derive(Debug, thiserror::Error)]
pub enum InsightsError {
    /// A setting (environment variable) that cannot be used.
    #[error("{what}; {fix}")]
    Config { what: String, fix: String },

    #[error(
        "cannot create the data directory {}: {detail}; create it with write access for the bot, or set DATA_DIR to \
         a writable directory",
        dir.display()
    )]
    DataDir { dir: PathBuf, detail: String },

    #[error(
        "the insights database {} is read-only; give the bot's user write access to it and to its directory, or \
         set DATA_DIR to a writable directory",
        path.display()
    )]
    ReadOnly { path: PathBuf },

    #[error(
        "the insights database {} is not a usable SQLite database ({detail}); stop the bot, move the file (and any \
         -wal and -shm files beside it) away or restore it from a backup, and start again to begin a new one",
        path.display()
    )]
    Corrupt { path: PathBuf, detail: String },

    #[error(
        "there is no insights database at {} yet: nothing has been recorded; `career-bot serve` or `serve-http` \
         creates it, or set DATA_DIR (or DATABASE_URL) to where the bot keeps it",
        path.display()
    )]
    Missing { path: PathBuf },

    #[error("the insights database {}: {doing} failed: {detail}", path.display())]
    Sqlite { path: PathBuf, doing: &'static str, detail: String },

    #[error(
        "cannot connect to the PostgreSQL insights database {server}: {detail}; check DATABASE_URL and that the \
         server accepts connections from this host"
    )]
    Connect { server: String, detail: String },

    #[error("the PostgreSQL insights database {server}: {doing} failed: {detail}")]
    Postgres { server: String, doing: &'static str, detail: String },

    #[error(
        "the insights database {place} has schema version {found}, newer than the {known} this career-bot knows; \
         run the newer career-bot, or point DATA_DIR/DATABASE_URL elsewhere"
    )]
    SchemaTooNew { place: String, found: i64, known: i64 },

    #[error("the insights database {place} has no career-bot tables yet: nothing has been recorded")]
    NoTables { place: String },

    #[error(
        "server {guild} has no entry `{id}`; list its entries with `/knowledge history` or `career-bot knowledge export`"
    )]
    NoSuchEntry { guild: u64, id: String },

    #[error("the insights writer has stopped; restart the bot to record again")]
    WriterStopped,
}
