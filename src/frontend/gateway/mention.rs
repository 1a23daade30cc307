//! Messages that mention the bot: the rest of the message is answered like `/ask`, as a reply to
//! it. Discord delivers the content of a message that mentions the bot without the privileged
//! message-content intent. The per-user cooldown applies as for commands; a message cannot be
//! ephemeral, so the answer (or the "slow down" note) is a normal reply that pings nobody.
//! A declined or unsure question is recorded as a `/ask` one is, and every mention is counted
//! in the metrics under `mention`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use serenity::builder::CreateMessage;
use serenity::http::Http;
use serenity::model::application::InteractionType;
use serenity::model::channel::{Message, MessageReference, MessageReferenceKind};
use serenity::model::id::{ChannelId, GuildId, MessageId, UserId};

use super::handler::Handler;
use crate::commands::{Command, Request};
use crate::frontend::discord::{audit, outgoing, pipeline};
use crate::frontend::interaction::{Incoming, Interaction, Served, respond};
use crate::frontend::secret::Secret;
use crate::reply::Reply;

/// The label of mentions in the logs.
const LABEL: &str = "mention";

/// The question in a message that mentions `me` (`<@id>` or `<@!id>`): the text around the
/// mentions, spaces collapsed. `None` when the message does not mention `me`.
pub fn question(content: &str, me: u64) -> Option<String> {
    let plain = format!("<@{me}>");
    let nick = format!("<@!{me}>");
    if !content.contains(&plain) && !content.contains(&nick) {
        return None;
    }
    let rest = content.replace(&nick, " ").replace(&plain, " ");
    Some(rest.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Where a reply goes: the message it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The message that mentioned the bot.
    pub message: u64,
    pub channel: u64,
    /// `None` in a direct message.
    pub guild: Option<u64>,
}

/// The reply message: the reply not ephemeral (a message cannot be), referring to `origin`
/// (sent even if that message is gone meanwhile), and pinging nobody, not even the author it
/// replies to.
pub fn body(reply: &Reply, origin: Origin) -> CreateMessage {
    let mut reference = MessageReference::new(MessageReferenceKind::Default, ChannelId::new(origin.channel.max(1)));
    reference.message_id = Some(MessageId::new(origin.message.max(1)));
    reference.guild_id = origin.guild.filter(|&g| g > 0).map(GuildId::new);
    reference.fail_if_not_exists = Some(false);
    outgoing::reply_to(reply, reference)
}

/// Answers `message` if it mentions `me` and is not from a bot.
pub async fn answer(http: &Http, handler: &Handler, me: UserId, message: &Message) {
    if message.author.bot {
        return;
    }
    let Some(question) = question(&message.content, me.get()) else { return };
    let started = Instant::now();
    let author = message.author.id.get();
    let mut request = Request::by(Command::ask(&question), author);
    request.context.guild = message.guild_id.map(|g| g.get());
    let asked = Interaction {
        id: message.id.get(),
        token: Secret::new(""),
        application_id: 0,
        incoming: Incoming::Request(request),
        user: Some(author),
        guild: message.guild_id.map(|g| g.get()),
        label: LABEL.to_owned(),
    };
    let shared = handler.shared();
    let bot = shared.bot_for(asked.guild);
    let responded = catch_unwind(AssertUnwindSafe(|| respond(&bot, shared.cooldown(), &asked, Instant::now())));
    let handled = match responded {
        Ok(handled) => handled,
        Err(panic) => {
            let problem = audit::panic_text(panic.as_ref());
            tracing::error!(message = %message.id, problem, "cannot answer this mention; the user was told something went wrong");
            pipeline::apology(InteractionType::Command)
        }
    };
    if let Some(answer) = &handled.findings {
        shared.insights().push(answer, asked.guild, asked.user);
    }
    if handled.outcome == Served::RateLimited {
        // A new public message to say "slow down" would be the very noise the cooldown
        // prevents: the member's own message gets a reaction instead.
        let waiting = serenity::model::channel::ReactionType::Unicode(SLOW_DOWN.to_owned());
        match http.create_reaction(message.channel_id, message.id, &waiting).await {
            Ok(()) => shared.metrics().record(LABEL, Served::RateLimited, started.elapsed(), None),
            Err(err) => {
                shared.metrics().record(LABEL, Served::Failed, started.elapsed(), None);
                tracing::warn!(message = %message.id, error = %err, "could not react to a rate-limited mention");
            }
        }
        return;
    }
    let Some(reply) = handled.response.reply() else {
        shared.metrics().record(LABEL, Served::Failed, started.elapsed(), None);
        tracing::error!(message = %message.id, response = ?handled.response, "a question got no message to send");
        return;
    };
    let origin = Origin { message: message.id.get(), channel: message.channel_id.get(), guild: asked.guild };
    match http.send_message(message.channel_id, Vec::new(), &body(reply, origin)).await {
        Ok(_) => {
            shared.metrics().record(LABEL, handled.outcome, started.elapsed(), handled.score());
            audit::answered(LABEL, &handled, started);
        }
        Err(err) => {
            shared.metrics().record(LABEL, Served::Failed, started.elapsed(), None);
            audit::unsent(LABEL, &handled, started, &err, "");
        }
    }
}

/// The reaction a rate-limited mention gets instead of a reply.
pub const SLOW_DOWN: &str = "⏳";

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::reply::Embed;

    fn sent(reply: &Reply, origin: Origin) -> Value {
        outgoing::to_json(&body(reply, origin))
    }

    #[test]
    fn finds_the_question_around_either_mention_form() {
        assert_eq!(question("<@42> what is sql?", 42).as_deref(), Some("what is sql?"));
        assert_eq!(question("hey <@!42>   senior   salary", 42).as_deref(), Some("hey senior salary"));
        assert_eq!(question("<@42>", 42).as_deref(), Some(""));
        assert_eq!(question("<@43> what is sql?", 42), None);
        assert_eq!(question("what is sql?", 42), None);
    }

    #[test]
    fn the_reply_refers_to_the_message_and_pings_nobody() {
        let reply = Reply { embeds: vec![Embed::default()], ephemeral: true, ..Reply::default() };
        let body = sent(&reply, Origin { message: 1, channel: 2, guild: Some(3) });
        assert!(body.get("flags").is_none(), "{body}");
        assert_eq!(body["allowed_mentions"]["parse"], json!([]));
        assert_eq!(body["allowed_mentions"]["replied_user"], json!(false));
        for pinged in ["users", "roles"] {
            assert!(body["allowed_mentions"].get(pinged).is_none_or(|u| u == &json!([])), "{body}");
        }
        assert_eq!(
            body["message_reference"],
            json!({"type": 0, "message_id": "1", "channel_id": "2", "guild_id": "3", "fail_if_not_exists": false})
        );
    }

    #[test]
    fn a_direct_message_reply_has_no_guild() {
        let body = sent(&Reply::default(), Origin { message: 1, channel: 2, guild: None });
        assert!(body["message_reference"].get("guild_id").is_none_or(Value::is_null), "{body}");
    }
}
