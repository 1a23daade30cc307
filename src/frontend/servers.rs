//! Each server's own bot: the live knowledge plus the entries its moderators wrote (stored in
//! the insights database), kept current off the request path. Requests take their server's bot
//! without waiting; a server without entries, a DM and an unknown server get the live bot.
//!
//! Changes reach every replica on one database through the per-server versions the store
//! keeps: [`ServerBots::refresh`] (run every [`POLL`] by [`ServerBots::poll`]) compares them
//! with the ones it built from and rebuilds only the servers that changed, or every server when
//! the live knowledge was reloaded under them. An edit made through this replica is swapped in
//! at once with [`ServerBots::set`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arc_swap::ArcSwap;

use crate::Bot;
use crate::frontend::live::LiveBot;
use crate::insights::server::{self, Refused};
use crate::insights::{InsightsError, Store};

/// How often a replica looks for changes made through others (an edit shows within 2 s).
pub const POLL: Duration = Duration::from_secs(1);

/// One server's bot and what it was built from.
#[derive(Debug)]
struct Built {
    bot: Arc<Bot>,
    /// The live bot it extends: when the live knowledge is reloaded, it is rebuilt.
    base: Arc<Bot>,
}

/// The bots of the servers that have entries of their own.
#[derive(Debug)]
pub struct ServerBots {
    live: Arc<LiveBot>,
    bots: ArcSwap<HashMap<u64, Arc<Built>>>,
    /// The store version each server's bot was built at; one refresh at a time.
    seen: Mutex<HashMap<u64, i64>>,
}

impl ServerBots {
    /// No server's entries yet: every server is answered by `live` until [`Self::refresh`].
    pub fn new(live: Arc<LiveBot>) -> Self {
        ServerBots { live, bots: ArcSwap::from_pointee(HashMap::new()), seen: Mutex::new(HashMap::new()) }
    }

    /// The bot to answer a request from `guild` with (`None`: a DM). Never waits.
    pub fn for_guild(&self, guild: Option<u64>) -> Arc<Bot> {
        guild
            .and_then(|g| self.bots.load().get(&g).map(|built| Arc::clone(&built.bot)))
            .unwrap_or_else(|| self.live.current())
    }

    /// The live bot, without any server's entries: what server entries are checked against.
    pub fn base(&self) -> Arc<Bot> {
        self.live.current()
    }

    /// Serves `bot` for `guild` from now on: the bot an edit through this replica built on
    /// `base` (a later refresh rebuilds it if the live knowledge moved on meanwhile); `None`
    /// when the server's last entry was removed.
    pub fn set(&self, guild: u64, base: Arc<Bot>, bot: Option<Bot>) {
        let built = bot.map(|bot| Arc::new(Built { bot: Arc::new(bot), base }));
        self.bots.rcu(|bots| {
            let mut bots = HashMap::clone(bots);
            match &built {
                Some(built) => bots.insert(guild, Arc::clone(built)),
                None => bots.remove(&guild),
            };
            bots
        });
    }

    /// Rebuilds the bots of the servers whose entries changed since the last refresh (through
    /// any replica), and every server's bot when the live knowledge changed. Returns the
    /// servers rebuilt. A server whose entries no longer pass is answered by the live bot and
    /// reported; the others are rebuilt all the same.
    pub fn refresh(&self, store: &mut dyn Store) -> Result<Vec<u64>, InsightsError> {
        let mut seen = self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let base = self.live.current();
        let current = self.bots.load_full();
        let versions = store.versions()?;
        let mut rebuilt = Vec::new();
        let mut next = HashMap::clone(&current);
        for (guild, version) in versions {
            let stale_base = current.get(&guild).is_some_and(|built| !Arc::ptr_eq(&built.base, &base));
            if seen.get(&guild) == Some(&version) && !stale_base {
                continue;
            }
            match server::bot_for(store, &base, guild) {
                Ok(Some(bot)) => {
                    next.insert(guild, Arc::new(Built { bot: Arc::new(bot), base: Arc::clone(&base) }));
                }
                Ok(None) => {
                    next.remove(&guild);
                }
                Err(Refused::Store(err)) => return Err(err),
                Err(err) => {
                    tracing::error!(guild, error = %err, "a server's own entries no longer pass; it is answered without them until they are fixed");
                    next.remove(&guild);
                }
            }
            seen.insert(guild, version);
            rebuilt.push(guild);
        }
        self.bots.store(Arc::new(next));
        Ok(rebuilt)
    }

    /// Refreshes at once and then every `every`, on a thread of its own with its own store
    /// connection (opened there by `open`, and again after a failure, since PostgreSQL's client
    /// must not be opened from async code), until the servers are dropped. Errors are logged
    /// and retried.
    pub fn poll<F>(self: &Arc<Self>, mut open: F, every: Duration) -> std::thread::JoinHandle<()>
    where
        F: FnMut() -> Result<Box<dyn Store>, InsightsError> + Send + 'static,
    {
        let servers = Arc::downgrade(self);
        std::thread::Builder::new()
            .name("server-entries".into())
            .spawn(move || {
                let mut store: Option<Box<dyn Store>> = None;
                while let Some(servers) = servers.upgrade() {
                    if store.is_none() {
                        match open() {
                            Ok(opened) => store = Some(opened),
                            Err(err) => tracing::warn!(error = %err, "cannot open the servers' entries; retrying"),
                        }
                    }
                    if let Some(open_store) = store.as_mut() {
                        match servers.refresh(open_store.as_mut()) {
                            Ok(rebuilt) if !rebuilt.is_empty() => {
                                tracing::info!(servers = ?rebuilt, "rebuilt the bots of servers whose entries changed");
                            }
                            Ok(_) => {}
                            Err(err) => {
                                tracing::warn!(error = %err, "could not read the servers' entries; retrying");
                                store = None;
                            }
                        }
                    }
                    drop(servers);
                    std::thread::sleep(every);
                }
            })
            .expect("the operating system starts a thread")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::Outcome;
    use crate::insights::server::Editor;
    use crate::insights::{Access, Config};
    use crate::knowledge::server::ServerEntry;

    const GUILD: u64 = 411_111_111_111_111_111;
    const QUESTION: &str = "where do we post job openings";

    fn jobs() -> ServerEntry {
        ServerEntry::from_form("", "Where do we post job openings?", "", "In the #jobs channel.", "")
    }

    fn answered_from_server(servers: &ServerBots, guild: Option<u64>) -> bool {
        let answer = crate::bot::ask(&servers.for_guild(guild), QUESTION);
        answer.outcome == Outcome::Answered
            && answer.matched.is_some_and(|m| m.entry.id == "where-do-we-post-job-openings")
    }

    fn replica(config: &Config) -> (Arc<ServerBots>, Box<dyn Store>) {
        let live = Arc::new(LiveBot::load(None).expect("the built-in knowledge loads"));
        (Arc::new(ServerBots::new(live)), crate::insights::open(config, Access::Write).expect("the database opens"))
    }

    #[test]
    fn a_change_through_one_replica_is_served_by_another_after_a_refresh() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::sqlite(dir.path().join("career-bot.sqlite3"));
        let (one, mut one_store) = replica(&config);
        let (two, mut two_store) = replica(&config);
        assert!(two.refresh(two_store.as_mut()).unwrap().is_empty());

        let base = one.base();
        let editor = Editor { base: &base, guild: GUILD, moderator: Some(1), now: 0, max_entries: 10 };
        let (entry, bot) = editor.add(one_store.as_mut(), jobs()).unwrap();
        one.set(GUILD, Arc::clone(&base), Some(bot));
        assert!(answered_from_server(&one, Some(GUILD)), "the replica that made the edit serves it at once");
        assert!(!answered_from_server(&two, Some(GUILD)), "the other has not looked yet");

        assert_eq!(two.refresh(two_store.as_mut()).unwrap(), vec![GUILD]);
        assert!(answered_from_server(&two, Some(GUILD)));
        assert!(!answered_from_server(&two, Some(GUILD + 1)), "another server does not see it");
        assert!(!answered_from_server(&two, None), "a DM does not see it");
        assert!(two.refresh(two_store.as_mut()).unwrap().is_empty(), "nothing changed since");

        editor.remove(one_store.as_mut(), &entry.id).unwrap();
        assert_eq!(two.refresh(two_store.as_mut()).unwrap(), vec![GUILD]);
        assert!(!answered_from_server(&two, Some(GUILD)), "a removal reaches the other replica too");
    }

    #[test]
    fn the_poller_brings_another_replicas_edit_within_two_seconds() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::sqlite(dir.path().join("career-bot.sqlite3"));
        let (one, mut one_store) = replica(&config);
        let (two, _) = replica(&config);
        let opened = config.clone();
        let _polling = two.poll(move || crate::insights::open(&opened, Access::Write), Duration::from_millis(100));
        let base = one.base();
        let editor = Editor { base: &base, guild: GUILD, moderator: Some(1), now: 0, max_entries: 10 };
        editor.add(one_store.as_mut(), jobs()).unwrap();
        let start = std::time::Instant::now();
        while !answered_from_server(&two, Some(GUILD)) {
            assert!(start.elapsed() < Duration::from_secs(2), "the edit did not reach the other replica within 2 s");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn a_reload_of_the_live_knowledge_rebuilds_the_servers_bots_on_it() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::sqlite(dir.path().join("career-bot.sqlite3"));
        let (servers, mut store) = replica(&config);
        let base = servers.base();
        Editor { base: &base, guild: GUILD, moderator: Some(1), now: 0, max_entries: 10 }
            .add(store.as_mut(), jobs())
            .unwrap();
        assert_eq!(servers.refresh(store.as_mut()).unwrap(), vec![GUILD]);
        servers.live.reload().expect("the built-in knowledge reloads");
        assert_eq!(servers.refresh(store.as_mut()).unwrap(), vec![GUILD], "built on the old knowledge: rebuilt");
        assert!(answered_from_server(&servers, Some(GUILD)));
        assert!(servers.refresh(store.as_mut()).unwrap().is_empty());
    }
}
