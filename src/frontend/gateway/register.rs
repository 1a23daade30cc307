//! Registers the bot's slash commands with one bulk overwrite (idempotent, so every start may
//! do it): on one guild when `DISCORD_GUILD_ID` is set (updates show at once), else globally.

use serenity::http::Http;
use serenity::model::id::GuildId;

use crate::Bot;
use crate::commands::registry::application_commands;

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
