//! Discord's documents as the gateway delivers them: users, guild members, interactions (slash
//! command, autocomplete, button click), messages, threads (forum posts) and READY. They carry every field Discord
//! documents, because serenity silently drops a dispatch that lacks one it requires.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

use super::{APP_ID, BOT_ID, CHANNEL_ID, GUILD_ID};

/// When everything in the fake happens.
pub const TIMESTAMP: &str = "2024-05-01T12:00:00.000000+00:00";
/// What the bot may do in the channel (Discord sends it as a string).
const PERMISSIONS: &str = "2248473465835073";

static NEXT_ID: AtomicU64 = AtomicU64::new(1_300_000_000_000_000_000);

/// A fresh snowflake.
pub fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::SeqCst)
}

/// The token Discord gives interaction `id`.
pub fn interaction_token(id: u64) -> String {
    format!("interaction-token-{id}")
}

/// A user object.
pub fn user(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "username": format!("user{}", id % 10_000),
        "discriminator": "0",
        "global_name": format!("User {}", id % 10_000),
        "avatar": null,
        "bot": false,
        "public_flags": 0,
    })
}

/// The bot's own user.
pub fn bot_user() -> Value {
    json!({
        "id": BOT_ID.to_string(),
        "username": "career-bot",
        "discriminator": "0",
        "global_name": null,
        "avatar": null,
        "bot": true,
        "public_flags": 0,
    })
}

/// A guild member object (with its user), as interactions carry it.
pub fn member(id: u64) -> Value {
    let mut member = partial_member();
    member["user"] = user(id);
    member["permissions"] = json!(PERMISSIONS);
    member
}

/// A member without `user` (and `permissions`), as messages and resolved data carry it.
fn partial_member() -> Value {
    json!({
        "nick": null,
        "avatar": null,
        "roles": [],
        "joined_at": TIMESTAMP,
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
    })
}

/// Who an interaction comes from.
#[derive(Debug, Clone, Copy)]
pub enum Who {
    /// A member of the test guild, in its channel.
    Member(u64),
    /// A user in a direct message with the bot.
    Direct(u64),
}

impl Who {
    pub fn user(self) -> u64 {
        match self {
            Who::Member(id) | Who::Direct(id) => id,
        }
    }
}

/// An interaction of `kind` (2 command, 3 component, 4 autocomplete, 5 form) with its id.
fn interaction(kind: u8, from: Who, data: Value) -> (u64, Value) {
    let id = next_id();
    let mut value = json!({
        "id": id.to_string(),
        "application_id": APP_ID.to_string(),
        "type": kind,
        "data": data,
        "channel_id": CHANNEL_ID.to_string(),
        "token": interaction_token(id),
        "version": 1,
        "app_permissions": PERMISSIONS,
        "locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": 10_485_760,
    });
    match from {
        Who::Member(user) => {
            value["guild_id"] = json!(GUILD_ID.to_string());
            value["guild_locale"] = json!("en-US");
            value["member"] = member(user);
            value["channel"] = json!({
                "id": CHANNEL_ID.to_string(), "type": 0, "name": "general", "guild_id": GUILD_ID.to_string(),
                "permissions": PERMISSIONS, "nsfw": false, "parent_id": null,
            });
            value["authorizing_integration_owners"] = json!({"0": GUILD_ID.to_string()});
            value["context"] = json!(0);
        }
        Who::Direct(user) => {
            value["user"] = self::user(user);
            value["channel"] = json!({"id": CHANNEL_ID.to_string(), "type": 1, "recipients": [self::user(user)]});
            value["authorizing_integration_owners"] = json!({"0": "0"});
            value["context"] = json!(1);
        }
    }
    (id, value)
}

/// A string option.
pub fn string(name: &str, value: &str) -> Value {
    json!({"name": name, "type": 3, "value": value})
}

/// The string option being typed into (autocomplete).
pub fn focused(name: &str, value: &str) -> Value {
    json!({"name": name, "type": 3, "value": value, "focused": true})
}

/// A boolean option.
pub fn boolean(name: &str, value: bool) -> Value {
    json!({"name": name, "type": 5, "value": value})
}

/// An integer option.
pub fn integer(name: &str, value: i64) -> Value {
    json!({"name": name, "type": 4, "value": value})
}

/// A user option.
pub fn user_option(name: &str, id: u64) -> Value {
    json!({"name": name, "type": 6, "value": id.to_string()})
}

/// The id Discord gave command `name` at registration.
fn command_id(name: &str) -> String {
    let index = ["ask", "salary", "roadmap", "role", "faq", "help"].iter().position(|n| *n == name).unwrap_or(99);
    (APP_ID + 100 + index as u64).to_string()
}

/// `data` of a command or autocomplete, with the users its options name resolved.
fn command_data(name: &str, options: Vec<Value>) -> Value {
    let mut resolved_users = serde_json::Map::new();
    let mut resolved_members = serde_json::Map::new();
    for option in options.iter().filter(|o| o["type"] == 6) {
        let id: u64 = option["value"].as_str().and_then(|v| v.parse().ok()).expect("a user option has an id");
        resolved_users.insert(id.to_string(), user(id));
        let mut member = partial_member();
        member["permissions"] = json!(PERMISSIONS);
        resolved_members.insert(id.to_string(), member);
    }
    let mut data = json!({"id": command_id(name), "name": name, "type": 1, "options": options});
    if !resolved_users.is_empty() {
        data["resolved"] = json!({"users": resolved_users, "members": resolved_members});
    }
    data
}

/// A slash command.
pub fn command(from: Who, name: &str, options: Vec<Value>) -> (u64, Value) {
    interaction(2, from, command_data(name, options))
}

/// An autocomplete request while typing into a command's option.
pub fn autocomplete(from: Who, name: &str, options: Vec<Value>) -> (u64, Value) {
    interaction(4, from, command_data(name, options))
}

/// A subcommand option (`/knowledge add`) with options of its own.
pub fn subcommand(name: &str, options: Vec<Value>) -> Value {
    json!({"name": name, "type": 1, "options": options})
}

/// A form (modal) `custom_id` submitted, each text input with what was typed.
pub fn submit(from: Who, custom_id: &str, fields: &[(&str, &str)]) -> (u64, Value) {
    let rows: Vec<Value> = fields
        .iter()
        .map(|(id, value)| json!({"type": 1, "components": [{"type": 4, "custom_id": id, "value": value}]}))
        .collect();
    interaction(5, from, json!({"custom_id": custom_id, "components": rows}))
}

/// A click on the button `custom_id` of `message`.
pub fn click(from: Who, custom_id: &str, message: &Value) -> (u64, Value) {
    let (id, mut value) = interaction(3, from, json!({"custom_id": custom_id, "component_type": 2}));
    value["message"] = message.clone();
    (id, value)
}

/// A message object in `channel` by `author` with the parts of a message body (content,
/// embeds, components, flags).
pub fn message(id: u64, channel: u64, author: &Value, body: &Value) -> Value {
    json!({
        "id": id.to_string(),
        "channel_id": channel.to_string(),
        "author": author,
        "content": body.get("content").cloned().unwrap_or(json!("")),
        "timestamp": TIMESTAMP,
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": body.get("embeds").cloned().unwrap_or(json!([])),
        "components": body.get("components").cloned().unwrap_or(json!([])),
        "pinned": false,
        "type": 0,
        "flags": body.get("flags").cloned().unwrap_or(json!(0)),
    })
}

/// The message an interaction callback (type 4) created in the guild channel: what a later
/// click on one of its buttons carries.
pub fn answer_message(callback: &Value, interaction: u64, invoker: u64) -> Value {
    let mut message = message(next_id(), CHANNEL_ID, &bot_user(), &callback["data"]);
    message["type"] = json!(20);
    message["application_id"] = json!(APP_ID.to_string());
    message["webhook_id"] = json!(APP_ID.to_string());
    message["guild_id"] = json!(GUILD_ID.to_string());
    message["interaction_metadata"] = json!({
        "id": interaction.to_string(),
        "type": 2,
        "name": "ask",
        "user": user(invoker),
        "authorizing_integration_owners": {"0": GUILD_ID.to_string()},
    });
    message
}

/// A MESSAGE_CREATE in the guild channel by `author` (a user object) mentioning `mentions`.
pub fn message_create(author: &Value, content: &str, mentions: &[Value]) -> (u64, Value) {
    let id = next_id();
    let mut message = message(id, CHANNEL_ID, author, &json!({"content": content}));
    message["guild_id"] = json!(GUILD_ID.to_string());
    message["member"] = partial_member();
    message["nonce"] = json!(id.to_string());
    message["mentions"] = mentions
        .iter()
        .map(|user| {
            let mut user = user.clone();
            user["member"] = partial_member();
            user
        })
        .collect();
    (id, message)
}

/// A forum post as THREAD_CREATE delivers it: a public thread of `forum` named `title`, opened
/// by `owner`. A new one carries `newly_created`; an existing thread the bot was added to carries
/// the bot's thread member instead (Discord "Thread Create").
pub fn thread_create(thread: u64, forum: u64, owner: u64, title: &str, new: bool) -> Value {
    let mut value = json!({
        "id": thread.to_string(),
        "type": 11,
        "guild_id": GUILD_ID.to_string(),
        "parent_id": forum.to_string(),
        "owner_id": owner.to_string(),
        "name": title,
        "last_message_id": thread.to_string(),
        "message_count": 0,
        "member_count": 1,
        "rate_limit_per_user": 0,
        "flags": 0,
        "total_message_sent": 0,
        "applied_tags": [],
        "thread_metadata": {
            "archived": false,
            "auto_archive_duration": 4320,
            "archive_timestamp": TIMESTAMP,
            "locked": false,
            "create_timestamp": TIMESTAMP,
        },
    });
    if new {
        value["newly_created"] = json!(true);
    } else {
        value["member"] = json!({
            "id": thread.to_string(), "user_id": BOT_ID.to_string(), "join_timestamp": TIMESTAMP, "flags": 0,
        });
    }
    value
}

/// The message the bot posted in a thread (`body` as it sent it, `id` as the fake answered):
/// what a later click on one of its buttons carries.
pub fn thread_message(id: u64, thread: u64, body: &Value) -> Value {
    let mut message = message(id, thread, &bot_user(), body);
    message["guild_id"] = json!(GUILD_ID.to_string());
    message
}

/// READY for the shard the bot identified as.
pub fn ready(shard: &Value, session: u64, ws_url: &str) -> Value {
    json!({
        "v": 10,
        "user": {
            "id": BOT_ID.to_string(), "username": "career-bot", "discriminator": "0", "global_name": null,
            "avatar": null, "bot": true, "verified": true, "mfa_enabled": false, "flags": 0, "email": null,
        },
        "guilds": [{"id": GUILD_ID.to_string(), "unavailable": true}],
        "session_id": format!("session-{session}"),
        "resume_gateway_url": ws_url,
        "shard": shard,
        "application": {"id": APP_ID.to_string(), "flags": 0},
    })
}
