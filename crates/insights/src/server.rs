//! A server's own entries, end to end on the storage side: each change is checked against the
//! bot the server is answered from (by the knowledge loader's rules, see
//! [`career_bot_core::knowledge::server`]), stored with its audit row, and answered with the
//! server's new bot. Nothing is stored when a check fails.

use career_bot_core::Bot;
use career_bot_core::knowledge::KnowledgeError;
use career_bot_core::knowledge::server::{self, ServerEntry};

use crate::error::InsightsError;
use crate::store::{Change, ChangeWhat, Store};

/// Why a change to a server's entries was not made.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// What the moderator wrote breaks a rule of the knowledge base: every problem, by field.
    #[error("{0}")]
    Invalid(#[from] KnowledgeError),
    /// An edit or removal of an entry the server does not have.
    #[error("this server has no entry `{0}`")]
    Unknown(String),
    /// The database failed; nothing was changed.
    #[error(transparent)]
    Store(#[from] InsightsError),
}

/// Who changes a server's entries, where, when, and within which limit.
#[derive(Debug, Clone, Copy)]
pub struct Editor<'a> {
    /// The bot without any server's entries (built-in or `KNOWLEDGE_DIR`).
    pub base: &'a Bot,
    pub guild: u64,
    /// The moderator's user id; `None` for the operator at the terminal.
    pub moderator: Option<u64>,
    /// Unix seconds.
    pub now: i64,
    /// Most entries the server may hold (`CAREER_BOT_SERVER_ENTRIES`).
    pub max_entries: usize,
}

impl Editor<'_> {
    /// Adds an entry whose id is made from its question (its `id` is ignored); returns the
    /// stored entry and the server's new bot.
    pub fn add(&self, store: &mut dyn Store, entry: ServerEntry) -> Result<(ServerEntry, Bot), Refused> {
        let mut entries = store.server_entries(self.guild)?;
        let taken = |id: &str| entries.iter().any(|e| e.id == id) || self.base.knowledge().faq(id).is_some();
        let entry = ServerEntry { id: server::id_for(&entry.question, taken), ..entry };
        entries.push(entry.clone());
        let bot = self.apply(store, &entries, ChangeWhat::Add(entry.clone()))?;
        Ok((entry, bot))
    }

    /// Replaces the entry with the same id, keeping its place.
    pub fn edit(&self, store: &mut dyn Store, entry: ServerEntry) -> Result<Bot, Refused> {
        let mut entries = store.server_entries(self.guild)?;
        let slot = entries.iter_mut().find(|e| e.id == entry.id).ok_or_else(|| Refused::Unknown(entry.id.clone()))?;
        *slot = entry.clone();
        self.apply(store, &entries, ChangeWhat::Edit(entry))
    }

    /// Removes the entry with this id.
    pub fn remove(&self, store: &mut dyn Store, id: &str) -> Result<Bot, Refused> {
        let mut entries = store.server_entries(self.guild)?;
        let before = entries.len();
        entries.retain(|e| e.id != id);
        if entries.len() == before {
            return Err(Refused::Unknown(id.to_owned()));
        }
        self.apply(store, &entries, ChangeWhat::Remove(id.to_owned()))
    }

    /// Replaces every entry of the server with those of a file (see [`server::from_yaml`]).
    pub fn import(&self, store: &mut dyn Store, entries: Vec<ServerEntry>) -> Result<Bot, Refused> {
        self.apply(store, &entries, ChangeWhat::Import(entries.clone()))
    }

    /// Checks the server's entries as they would be after the change, then stores the change.
    fn apply(&self, store: &mut dyn Store, after: &[ServerEntry], what: ChangeWhat) -> Result<Bot, Refused> {
        let bot = self.base.with_server(self.guild, after, self.max_entries)?;
        store.change(&Change { guild: self.guild, moderator: self.moderator, at: self.now, what })?;
        Ok(bot)
    }
}

/// The bot a server is answered from: `base` with the server's stored entries, or `base`
/// itself (`None`) when it has none. Entries that no longer pass (the base knowledge changed
/// under them) are reported, and the caller answers the server from `base` until they are
/// fixed. The entry limit applies to adding, not to entries already stored.
pub fn bot_for(store: &mut dyn Store, base: &Bot, guild: u64) -> Result<Option<Bot>, Refused> {
    let entries = store.server_entries(guild)?;
    if entries.is_empty() {
        return Ok(None);
    }
    Ok(Some(base.with_server(guild, &entries, usize::MAX)?))
}

/// A server's entries as a knowledge file (`career-bot knowledge export`).
pub fn export(store: &mut dyn Store, guild: u64) -> Result<String, InsightsError> {
    Ok(server::to_yaml(guild, &store.server_entries(guild)?))
}
