//! The serenity event handler: what the gateway front end does with each event. On READY it
//! learns its own user id and registers the commands (once per process); interactions go to
//! [`callback`], messages to [`mention`], new threads to [`forum`]. It also keeps `/readyz`
//! honest: ready while every shard this process runs is connected (READY or RESUMED), not ready
//! while one reconnects.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use serenity::async_trait;
use serenity::client::{Context, EventHandler};
use serenity::gateway::{ConnectionStage, ShardStageUpdateEvent};
use serenity::model::application::Interaction;
use serenity::model::channel::{GuildChannel, Message};
use serenity::model::event::ResumedEvent;
use serenity::model::gateway::Ready;
use serenity::model::id::{GuildId, UserId};

use super::forum::{self, Forums};
use super::{callback, mention, register};
use crate::frontend::cooldown::Rate;
use crate::frontend::discord::pipeline::Shared;
use crate::frontend::live::LiveBot;
use crate::frontend::metrics::Metrics;
use crate::frontend::ops::Readiness;
use crate::frontend::recording::Insights;

/// The bot as serenity sees it: the state both Discord modes share, and what the gateway front
/// end keeps besides.
pub struct Handler {
    shared: Shared,
    guild: Option<GuildId>,
    /// The bot's own user, from the first READY (mentions are of it).
    me: OnceLock<UserId>,
    /// Commands are registered by the first shard that becomes ready, not by every shard.
    registered: AtomicBool,
    /// Each shard seen so far, and whether it is connected now.
    shards: Mutex<HashMap<u32, bool>>,
    /// The forums whose new posts get a suggestion.
    forums: Forums,
}

impl Handler {
    /// A handler answering with `live`'s current bot, limiting each user to `rate`,
    /// registering the commands on `guild` (or globally). It records nothing until
    /// [`Handler::with_insights`].
    pub fn new(live: Arc<LiveBot>, rate: Rate, guild: Option<GuildId>) -> Self {
        Handler {
            shared: Shared::new(live, rate, Readiness::with_connection()),
            guild,
            me: OnceLock::new(),
            registered: AtomicBool::new(false),
            shards: Mutex::new(HashMap::new()),
            forums: Forums::default(),
        }
    }

    /// Suggests answers in new posts of `forums`.
    pub fn with_forums(mut self, forums: Forums) -> Self {
        self.forums = forums;
        self
    }

    /// The forums watched.
    pub fn forums(&self) -> &Forums {
        &self.forums
    }

    /// Records insights into `recording`, shown in `/metrics` and `/readyz`.
    pub fn with_insights(mut self, recording: Arc<Insights>) -> Self {
        self.shared = self.shared.with_insights(recording);
        self
    }

    /// What the interactions and mentions are answered with.
    pub fn shared(&self) -> &Shared {
        &self.shared
    }

    /// What `/metrics` shows.
    pub fn metrics(&self) -> &Arc<Metrics> {
        self.shared.metrics()
    }

    /// What `/readyz` shows.
    pub fn readiness(&self) -> &Arc<Readiness> {
        self.shared.readiness()
    }

    /// Notes shard `shard` going up or down; ready while every shard seen is up.
    fn shard_connected(&self, shard: u32, up: bool) {
        let mut shards = self.shards.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        shards.insert(shard, up);
        self.shared.readiness().set_connected(shards.values().all(|&up| up));
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let _ = self.me.set(ready.user.id);
        self.shard_connected(ctx.shard_id.0, true);
        let shard = ready.shard.map(|s| format!("{}/{}", s.id, s.total)).unwrap_or_else(|| "0/1".to_owned());
        tracing::info!(shard, user = %ready.user.name, guilds = ready.guilds.len(), "connected to Discord");
        if self.registered.swap(true, Ordering::SeqCst) {
            return;
        }
        let scope = self.guild.map_or_else(|| "global".to_owned(), |g| format!("guild {g}"));
        match register::commands(&ctx.http, &self.shared.live().current(), self.guild).await {
            Ok(count) => tracing::info!(count, scope, "registered the slash commands"),
            Err(err) => {
                // The next READY (another shard, or a reconnect) tries again.
                self.registered.store(false, Ordering::SeqCst);
                tracing::error!(
                    scope,
                    error = %err,
                    "could not register the slash commands; check that the bot was invited with the \
                     applications.commands scope (and DISCORD_GUILD_ID, if set, names a server it is in)",
                );
            }
        }
    }

    async fn resume(&self, ctx: Context, _event: ResumedEvent) {
        self.shard_connected(ctx.shard_id.0, true);
        tracing::info!("resumed the gateway session");
    }

    async fn shard_stage_update(&self, _ctx: Context, event: ShardStageUpdateEvent) {
        // serenity moves a shard to `Connected` on READY or RESUMED; any other stage means it
        // is (re)connecting and cannot receive interactions.
        self.shard_connected(event.shard_id.0, event.new == ConnectionStage::Connected);
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        callback::answer(&ctx.http, self, &interaction).await;
    }

    async fn message(&self, ctx: Context, message: Message) {
        let Some(&me) = self.me.get() else { return };
        mention::answer(&ctx.http, self, me, &message).await;
    }

    async fn thread_create(&self, ctx: Context, thread: GuildChannel) {
        forum::suggest(&ctx.http, self, self.me.get().copied(), &thread).await;
    }
}
