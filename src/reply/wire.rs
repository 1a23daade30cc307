//! The Discord interaction-response JSON of a [`Response`]: what the HTTP endpoint returns, what
//! the gateway front end posts, and what `career-bot --json` prints. One serialisation for all.

use serde_json::{Value, json};

use super::{ButtonStyle, Choice, Embed, Reply, Response};

/// Interaction callback types, from Discord's "Interaction Response Object".
pub const PONG: u8 = 1;
pub const CHANNEL_MESSAGE_WITH_SOURCE: u8 = 4;
pub const DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: u8 = 5;
pub const DEFERRED_UPDATE_MESSAGE: u8 = 6;
pub const UPDATE_MESSAGE: u8 = 7;
pub const AUTOCOMPLETE_RESULT: u8 = 8;
/// Message flag: only the invoker sees it.
pub const EPHEMERAL: u64 = 1 << 6;

/// "Thinking…", shown to the invoker alone (type 5, ephemeral): the answer follows as an edit
/// of the original response, for work that may not fit Discord's 3-second window.
pub fn deferred_ephemeral() -> Value {
    json!({"type": DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, "data": {"flags": EPHEMERAL}})
}

/// The full interaction response object.
pub fn response(response: &Response) -> Value {
    match response {
        Response::Message(reply) => json!({"type": CHANNEL_MESSAGE_WITH_SOURCE, "data": message(reply)}),
        Response::Update(reply) => json!({"type": UPDATE_MESSAGE, "data": message(reply)}),
        Response::Delete => json!({"type": DEFERRED_UPDATE_MESSAGE}),
        Response::Pong => json!({"type": PONG}),
        Response::Choices(choices) => {
            json!({"type": AUTOCOMPLETE_RESULT, "data": {"choices": choices.iter().map(choice).collect::<Vec<_>>()}})
        }
    }
}

/// The message body (`data`) of a reply: also what a plain channel message would send.
pub fn message(reply: &Reply) -> Value {
    let mut data = json!({
        "embeds": reply.embeds.iter().map(embed).collect::<Vec<_>>(),
        "components": reply.rows.iter().map(|row| json!({
            "type": 1,
            "components": row.iter().map(|b| json!({
                "type": 2,
                "style": match b.style { ButtonStyle::Primary => 1, ButtonStyle::Secondary => 2, ButtonStyle::Danger => 4 },
                "label": b.label,
                "custom_id": b.custom_id,
                "disabled": b.disabled,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "flags": if reply.ephemeral { EPHEMERAL } else { 0 },
        "allowed_mentions": allowed_mentions(reply),
    });
    if let Some(content) = &reply.content {
        data["content"] = json!(content);
    }
    data
}

/// Nobody is pinged, except the one user a reply is pointed at.
pub fn allowed_mentions(reply: &Reply) -> Value {
    match reply.mention {
        Some(user) => json!({"parse": [], "users": [user.to_string()]}),
        None => json!({"parse": []}),
    }
}

fn embed(embed: &Embed) -> Value {
    let mut value = json!({
        "type": "rich",
        "title": embed.title,
        "description": embed.description,
        "color": embed.colour,
        "fields": embed.fields.iter().map(|f| json!({"name": f.name, "value": f.value, "inline": f.inline})).collect::<Vec<_>>(),
    });
    if let Some(footer) = &embed.footer {
        value["footer"] = json!({"text": footer});
    }
    if let Some(author) = &embed.author {
        value["author"] = json!({"name": author});
    }
    value
}

fn choice(choice: &Choice) -> Value {
    json!({"name": choice.name, "value": choice.value})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{Button, Field};

    #[test]
    fn a_message_has_mentions_disabled_and_its_parts() {
        let reply = Reply {
            embeds: vec![Embed {
                title: "T".into(),
                description: "D".into(),
                fields: vec![Field::inline("a", "b")],
                colour: 7,
                footer: Some("f".into()),
                author: None,
            }],
            rows: vec![vec![Button {
                label: "L".into(),
                custom_id: "c".into(),
                style: ButtonStyle::Danger,
                disabled: false,
            }]],
            ephemeral: true,
            ..Reply::default()
        };
        let v = response(&Response::Message(reply));
        assert_eq!(v["type"], 4);
        assert_eq!(v["data"]["allowed_mentions"], json!({"parse": []}));
        assert_eq!(v["data"]["flags"], 64);
        assert_eq!(v["data"]["embeds"][0]["fields"][0]["inline"], true);
        assert_eq!(v["data"]["embeds"][0]["footer"]["text"], "f");
        assert_eq!(v["data"]["components"][0]["components"][0]["style"], 4);
        assert!(v["data"].get("content").is_none());
    }

    #[test]
    fn a_pointed_reply_allows_exactly_that_user() {
        let reply = Reply { mention: Some(42), content: Some("<@42>".into()), ..Reply::default() };
        let v = message(&reply);
        assert_eq!(v["allowed_mentions"], json!({"parse": [], "users": ["42"]}));
    }

    #[test]
    fn other_response_types() {
        assert_eq!(response(&Response::Delete), json!({"type": 6}));
        let v = response(&Response::Choices(vec![Choice { name: "n".into(), value: "v".into() }]));
        assert_eq!(v, json!({"type": 8, "data": {"choices": [{"name": "n", "value": "v"}]}}));
    }
}
