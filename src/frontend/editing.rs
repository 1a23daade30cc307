//! `/knowledge` changes applied, for both Discord front ends: the core asks for an
//! [`Edit`], and here it is checked and stored in the insights database (off the async
//! threads), the server's new bot is swapped in at once on this replica (others see it within
//! their next poll), and the moderator is shown what happened.

use std::sync::Arc;
use std::time::Duration;

use crate::commands::knowledge::{Edit, HISTORY_SHOWN, outcome};
use crate::frontend::blocking::{self, Pending};
use crate::frontend::servers::ServerBots;
use crate::insights::server::{Editor, Refused};
use crate::insights::{self, Access, Config};
use crate::reply::{Reply, Response};

/// Who asks for a change, and where.
#[derive(Debug, Clone, Copy)]
pub struct Asker {
    pub guild: u64,
    pub moderator: Option<u64>,
    /// The request was a click: the reply replaces the message clicked on.
    pub clicked: bool,
}

/// Applies `edit` on a blocking thread and waits up to `within` for it.
pub async fn apply(config: &Config, servers: &Arc<ServerBots>, edit: Edit, asker: Asker, limit: Duration) -> Pending {
    let (config, servers) = (config.clone(), Arc::clone(servers));
    let failed = if asker.clicked {
        || Response::Update(outcome::unavailable())
    } else {
        || Response::Message(outcome::unavailable())
    };
    blocking::within(limit, failed, move || {
        let reply = apply_now(&config, &servers, edit, asker);
        if asker.clicked { Response::Update(reply) } else { Response::Message(reply) }
    })
    .await
}

/// Applies `edit` to the server's entries in the database `config` names and serves the
/// server's new bot; the reply says what happened. Blocks.
pub fn apply_now(config: &Config, servers: &ServerBots, edit: Edit, asker: Asker) -> Reply {
    let mut store = match insights::open(config, Access::Write) {
        Ok(store) => store,
        Err(err) => {
            tracing::error!(error = %err, guild = asker.guild, "cannot open the database to change a server's entries; the moderator was told");
            return outcome::unavailable();
        }
    };
    let base = servers.base();
    let editor = Editor {
        base: &base,
        guild: asker.guild,
        moderator: asker.moderator,
        now: insights::queue::unix_now(),
        max_entries: config.max_entries,
    };
    let store = store.as_mut();
    let (done, typed) = match edit {
        Edit::Add(entry) => {
            (editor.add(store, entry.clone()).map(|(saved, bot)| (outcome::saved(&saved, true), bot)), Some(entry))
        }
        Edit::Replace(entry) => {
            (editor.edit(store, entry.clone()).map(|bot| (outcome::saved(&entry, false), bot)), Some(entry))
        }
        Edit::Remove(id) => (editor.remove(store, &id).map(|bot| (outcome::removed(&id), bot)), None),
        Edit::History => {
            return match store.history(asker.guild, HISTORY_SHOWN) {
                Ok(rows) => outcome::history(&rows),
                Err(err) => {
                    tracing::error!(error = %err, guild = asker.guild, "cannot read a server's history of changes");
                    outcome::unavailable()
                }
            };
        }
    };
    match done {
        Ok((reply, bot)) => {
            tracing::info!(guild = asker.guild, "a server's entries changed; its bot is swapped in");
            servers.set(asker.guild, base, Some(bot));
            reply
        }
        Err(Refused::Invalid(err)) => outcome::refused(&err.problems, typed.as_ref()),
        Err(Refused::Unknown(id)) => outcome::unknown(&id),
        Err(Refused::Store(err)) => {
            tracing::error!(error = %err, guild = asker.guild, "cannot store a change to a server's entries; nothing was changed");
            outcome::unavailable()
        }
    }
}
