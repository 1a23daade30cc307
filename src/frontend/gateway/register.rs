//! Registers the bot's slash commands with one bulk overwrite (idempotent, so every start may
//! do it): on one guild when `DISCORD_GUILD_ID` is set (updates show at once), else globally.
//! A reload that changes the commands' choices (a salary tier, role or topic added, removed or
//! renamed) registers them again, so that Discord offers what the bot now knows.

use std::sync::Arc;
use std::time::Duration;

use serenity::http::Http;
use serenity::model::id::GuildId;

use crate::Bot;
use crate::commands::registry::application_commands;
use crate::frontend::reloader::Reloader;

/// Waits before each retry of a registration after a reload that failed.
const RETRY_AFTER: [Duration; 3] = [Duration::from_secs(1), Duration::from_secs(5), Duration::from_secs(30)];

/// Overwrites the application's commands with [`application_commands`]; returns how many
/// Discord now has.
pub async fn commands(http: &Http, bot: &Bot, guild: Option<GuildId>) -> serenity::Result<usize> {
    let body = application_commands(bot.knowledge());
    let registered = match guild {
        Some(guild) => http.create_guild_commands(guild, &body).await?,
        None => http.create_global_commands(&body).await?,
    };
    Ok(registered.len())
}

/// Registers the commands again each time a reload changes them, for as long as the process
/// runs. A failed registration is retried a few times, then left to the next change or restart.
pub async fn again_on_change(reloader: Arc<Reloader>, http: Arc<Http>, guild: Option<GuildId>) {
    let scope = guild.map_or_else(|| "global".to_owned(), |g| format!("guild {g}"));
    loop {
        reloader.commands_changed().await;
        let mut retries = RETRY_AFTER.iter();
        loop {
            // The bot current at each attempt: a later reload's commands win.
            match commands(&http, &reloader.live().current(), guild).await {
                Ok(count) => {
                    tracing::info!(count, scope, "registered the slash commands again: their choices changed");
                    break;
                }
                Err(err) => match retries.next() {
                    Some(&wait) => {
                        tracing::warn!(scope, error = %err, ?wait, "could not register the changed slash commands; retrying");
                        tokio::time::sleep(wait).await;
                    }
                    None => {
                        tracing::error!(
                            scope,
                            error = %err,
                            "could not register the changed slash commands; Discord offers the old choices until \
                             the next change or restart",
                        );
                        break;
                    }
                },
            }
        }
    }
}
