//! The serenity event handler: what the gateway front end does with each event. On READY it
//! learns its own user id and registers the commands (once per process); interactions go to
//! [`callback`], messages to [`mention`].

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use serenity::async_trait;
use serenity::client::{Context, EventHandler};
use serenity::model::application::Interaction;
use serenity::model::channel::Message;
use serenity::model::event::ResumedEvent;
use serenity::model::gateway::Ready;
use serenity::model::id::{GuildId, UserId};

use super::{callback, mention, register};
use crate::Bot;
use crate::frontend::cooldown::{Cooldown, Rate};

/// The bot as serenity sees it: the core and the state the gateway front end keeps.
pub struct Handler {
    bot: Bot,
    cooldown: Cooldown,
    guild: Option<GuildId>,
    /// The bot's own user, from the first READY (mentions are of it).
    me: OnceLock<UserId>,
    /// Commands are registered by the first shard that becomes ready, not by every shard.
    registered: AtomicBool,
}

impl Handler {
    /// A handler answering with `bot`, limiting each user to `rate`, registering the commands
    /// on `guild` (or globally).
    pub fn new(bot: Bot, rate: Rate, guild: Option<GuildId>) -> Self {
        Handler { bot, cooldown: Cooldown::new(rate), guild, me: OnceLock::new(), registered: AtomicBool::new(false) }
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let _ = self.me.set(ready.user.id);
        let shard = ready.shard.map(|s| format!("{}/{}", s.id, s.total)).unwrap_or_else(|| "0/1".to_owned());
        tracing::info!(shard, user = %ready.user.name, guilds = ready.guilds.len(), "connected to Discord");
        if self.registered.swap(true, Ordering::SeqCst) {
            return;
        }
        let scope = self.guild.map_or_else(|| "global".to_owned(), |g| format!("guild {g}"));
        match register::commands(&ctx.http, &self.bot, self.guild).await {
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

    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        tracing::info!("resumed the gateway session");
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        callback::answer(&ctx.http, &self.bot, &self.cooldown, &interaction).await;
    }

    async fn message(&self, ctx: Context, message: Message) {
        let Some(&me) = self.me.get() else { return };
        mention::answer(&ctx.http, &self.bot, &self.cooldown, me, &message).await;
    }
}
