//! Changes to a server's own entries as the stores apply and audit them: which server, which
//! entry, what was done, by which moderator and when.

pub use career_bot_core::knowledge::server::{ChangeAction, ChangeRow, ServerEntry};

/// One change to a server's entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub guild: u64,
    /// The moderator's user id; `None` for an import from the terminal.
    pub moderator: Option<u64>,
    /// Unix seconds.
    pub at: i64,
    pub what: ChangeWhat,
}

/// What a [`Change`] does to the entries.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeWhat {
    /// A new entry, after the others.
    Add(ServerEntry),
    /// An entry replaced by the one with the same id, in its place.
    Edit(ServerEntry),
    /// The entry with this id removed.
    Remove(String),
    /// Every entry of the server replaced by these, in this order.
    Import(Vec<ServerEntry>),
}

impl Change {
    pub fn action(&self) -> ChangeAction {
        match self.what {
            ChangeWhat::Add(_) => ChangeAction::Add,
            ChangeWhat::Edit(_) => ChangeAction::Edit,
            ChangeWhat::Remove(_) => ChangeAction::Remove,
            ChangeWhat::Import(_) => ChangeAction::Import,
        }
    }

    /// The ids the audit trail names: one row per entry touched.
    pub fn entries(&self) -> Vec<&str> {
        match &self.what {
            ChangeWhat::Add(entry) | ChangeWhat::Edit(entry) => vec![entry.id.as_str()],
            ChangeWhat::Remove(id) => vec![id.as_str()],
            ChangeWhat::Import(entries) => entries.iter().map(|e| e.id.as_str()).collect(),
        }
    }
}
