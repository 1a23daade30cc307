//! [`Store`]: the one interface both databases implement, and the schema they share.

use career_bot_core::feedback::{QuestionRow, ReasonRow, Tally};
use career_bot_core::knowledge::EntryRef;

use career_bot_core::knowledge::server::ServerEntry;

use crate::config::Config;
pub use crate::entries::{Change, ChangeAction, ChangeRow, ChangeWhat};
use crate::error::InsightsError;
use crate::row::Row;
use crate::voter::Salt;

/// The schema, one step per version, in SQL both SQLite and PostgreSQL accept. A database at
/// version N has had the first N steps applied; a step is never edited once released, only
/// followed by a new one.
///
/// - questions: missed questions; no column can hold a user, a name or a message.
/// - votes: one row per voter key (a salted hash), the latest vote of that voter.
/// - settings: the generated voter salt.
/// - server_entries: each server's own entries (step 2); phrasings and tags as JSON lists.
/// - knowledge_changes: who changed which server entry, how and when (step 2): the one table
///   that holds a user id, the moderator's, for accountability.
/// - knowledge_versions: a counter per server, raised by every change, that replicas poll.
/// - answers: how many questions each entry answered, per server (0: none) and day (step 3).
/// - vote_reasons: what members said was wrong with an answer after a 👎 (step 4); no column
///   can hold who said it.
pub const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE career_bot_questions (
        text TEXT NOT NULL,
        guild BIGINT,
        best TEXT,
        score DOUBLE PRECISION NOT NULL,
        miss TEXT NOT NULL,
        at BIGINT NOT NULL
    );
    CREATE INDEX career_bot_questions_by_time ON career_bot_questions (at);
    CREATE INDEX career_bot_questions_by_guild ON career_bot_questions (guild, at);
    CREATE TABLE career_bot_votes (
        voter TEXT PRIMARY KEY,
        entry TEXT NOT NULL,
        vote SMALLINT NOT NULL CHECK (vote IN (-1, 1)),
        guild BIGINT,
        at BIGINT NOT NULL
    );
    CREATE TABLE career_bot_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
",
    "
    CREATE TABLE career_bot_server_entries (
        guild BIGINT NOT NULL,
        id TEXT NOT NULL,
        position BIGINT NOT NULL,
        question TEXT NOT NULL,
        phrasings TEXT NOT NULL,
        answer TEXT NOT NULL,
        tags TEXT NOT NULL,
        at BIGINT NOT NULL,
        PRIMARY KEY (guild, id)
    );
    CREATE TABLE career_bot_knowledge_changes (
        guild BIGINT NOT NULL,
        entry TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('add', 'edit', 'remove', 'import')),
        moderator BIGINT,
        at BIGINT NOT NULL
    );
    CREATE INDEX career_bot_knowledge_changes_by_guild ON career_bot_knowledge_changes (guild, at);
    CREATE TABLE career_bot_knowledge_versions (
        guild BIGINT PRIMARY KEY,
        version BIGINT NOT NULL
    );
",
    "
    CREATE TABLE career_bot_answers (
        guild BIGINT NOT NULL,
        entry TEXT NOT NULL,
        day BIGINT NOT NULL,
        count BIGINT NOT NULL,
        PRIMARY KEY (guild, entry, day)
    );
",
    "
    CREATE TABLE career_bot_vote_reasons (
        guild BIGINT,
        entry TEXT NOT NULL,
        reason TEXT NOT NULL,
        at BIGINT NOT NULL
    );
    CREATE INDEX career_bot_vote_reasons_by_guild ON career_bot_vote_reasons (guild, entry, at);
",
];

/// Seconds in a day: answers are counted per day.
pub const DAY: i64 = 86_400;

/// The table holding the schema version.
pub const SCHEMA_TABLE: &str = "career_bot_schema";
/// The settings key of the generated voter salt.
pub const SALT_KEY: &str = "voter_salt";

/// Whether a store will be written to (and so created and migrated) or only read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Create the database if needed, migrate it, write to it.
    Write,
    /// Read an existing database as it is (the `gaps` report).
    Read,
}

/// Which questions and votes to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Query {
    /// Only those at or after this unix time.
    pub since: Option<i64>,
    /// Only those of this guild.
    pub guild: Option<u64>,
    /// At most this many questions, the most recent first.
    pub max_questions: usize,
}

/// A database of insights. Implementations open their connection on creation and run each
/// call on it; they are moved to the writer thread, hence `Send`.
pub trait Store: Send {
    /// Where, for logs and errors (no password).
    fn describe(&self) -> String;

    /// The salt generated for this database, created on the first call ever. Shared by every
    /// replica writing to the same database.
    fn salt(&mut self) -> Result<Salt, InsightsError>;

    /// Writes rows in one transaction: all or none. A vote replaces the earlier vote of the
    /// same voter key.
    fn write(&mut self, rows: &[Row]) -> Result<(), InsightsError>;

    /// Missed questions, the most recent first.
    fn questions(&mut self, query: &Query) -> Result<Vec<QuestionRow>, InsightsError>;

    /// Votes per entry.
    fn tallies(&mut self, query: &Query) -> Result<Vec<Tally>, InsightsError>;

    /// The entries questions were answered with, most first, at most `limit`.
    fn answered(&mut self, query: &Query, limit: usize) -> Result<Vec<(EntryRef, u64)>, InsightsError>;

    /// Reasons given with a 👎: for each entry its latest `per_entry`, all of them the latest
    /// first.
    fn reasons(&mut self, query: &Query, per_entry: usize) -> Result<Vec<ReasonRow>, InsightsError>;

    /// A server's own entries, in the order they were first added.
    fn server_entries(&mut self, guild: u64) -> Result<Vec<ServerEntry>, InsightsError>;

    /// Applies one change to a server's entries, records it in the audit trail and raises the
    /// server's version, in one transaction: all or none.
    fn change(&mut self, change: &Change) -> Result<(), InsightsError>;

    /// The last `limit` changes to a server's entries, the most recent first.
    fn history(&mut self, guild: u64, limit: usize) -> Result<Vec<ChangeRow>, InsightsError>;

    /// Every server's version: it rises with each change, so a replica that sees a new one
    /// reloads that server's entries.
    fn versions(&mut self) -> Result<Vec<(u64, i64)>, InsightsError>;
}

/// The salt records are hashed with: the operator's, else the database's own.
pub fn salt(config: &Config, store: &mut dyn Store) -> Result<Salt, InsightsError> {
    match &config.salt {
        Some(salt) => Ok(salt.clone()),
        None => store.salt(),
    }
}

/// Parses a stored `kind:id` entry; `None` for anything else.
pub(super) fn entry(text: &str) -> Option<EntryRef> {
    text.parse().ok()
}

/// The version `found` in the database may be used by this binary.
pub(super) fn check_version(place: &str, found: i64) -> Result<(), InsightsError> {
    let known = MIGRATIONS.len() as i64;
    if found > known { Err(InsightsError::SchemaTooNew { place: place.to_owned(), found, known }) } else { Ok(()) }
}

/// Discord ids are stored as the signed 64-bit integers both databases have: a bit-for-bit
/// cast, undone by [`from_sql_id`], so even ids beyond `i64::MAX` round-trip.
pub(super) fn to_sql_id(id: u64) -> i64 {
    id as i64
}

/// The inverse of [`to_sql_id`].
pub(super) fn from_sql_id(id: i64) -> u64 {
    id as u64
}

/// A list of texts as stored: a JSON array, the same in both databases.
pub(super) fn to_sql_list(items: &[String]) -> String {
    serde_json::to_string(items).expect("a list of strings always serialises")
}

/// The inverse of [`to_sql_list`]; a damaged value reads as no items.
pub(super) fn from_sql_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}
