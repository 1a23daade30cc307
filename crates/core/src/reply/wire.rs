//! The Discord interaction-response JSON of a [`Response`]: what the HTTP endpoint returns, what
//! the gateway front end posts, and what `career-bot --json` prints. One serialisation for all.
//!
//! The shape is a set of borrowed `Serialize` types declared with their keys in sorted order,
//! so that [`to_vec`] (the endpoint's hot path, no intermediate tree) writes exactly the bytes
//! that serialising the [`response`] value would; a test holds the two together.

use serde::Serialize;
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

/// Component types, from Discord's "Message Components" (button styles are in `WireButton::of`).
const ACTION_ROW: u8 = 1;
const BUTTON: u8 = 2;

/// "Thinking…", shown to the invoker alone (type 5, ephemeral): the answer follows as an edit
/// of the original response, for work that may not fit Discord's 3-second window.
pub fn deferred_ephemeral() -> Value {
    json!({"type": DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, "data": {"flags": EPHEMERAL}})
}

/// The full interaction response object.
pub fn response(response: &Response) -> Value {
    tree(&WireResponse::of(response))
}

/// The full interaction response object as JSON bytes, written straight from the reply.
pub fn to_vec(response: &Response) -> Vec<u8> {
    // Room for a typical answer with its buttons, so that writing it seldom grows the buffer.
    let mut out = Vec::with_capacity(TYPICAL_RESPONSE);
    serde_json::to_writer(&mut out, &WireResponse::of(response))
        .unwrap_or_else(|err| unreachable!("the wire types always serialise: {err}"));
    out
}

/// The size of a typical answer's response, in bytes.
const TYPICAL_RESPONSE: usize = 2048;

/// The message body (`data`) of a reply: also what a plain channel message would send.
pub fn message(reply: &Reply) -> Value {
    tree(&Message::of(reply))
}

/// The wire types hold only strings, numbers, booleans and sequences, which always serialise.
fn tree(wire: &impl Serialize) -> Value {
    serde_json::to_value(wire).unwrap_or_else(|err| unreachable!("the wire types always serialise: {err}"))
}

// The types below mirror Discord's objects. Keys are declared in sorted order (`type` sorts
// among the others by its wire name), matching the order of a serialised `Value`.

#[derive(Serialize)]
struct WireResponse<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<Data<'a>>,
    #[serde(rename = "type")]
    kind: u8,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Data<'a> {
    Message(Message<'a>),
    Choices { choices: Vec<WireChoice<'a>> },
}

#[derive(Serialize)]
struct Message<'a> {
    allowed_mentions: Mentions,
    components: Vec<Row<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<&'a str>,
    embeds: Vec<WireEmbed<'a>>,
    flags: u64,
}

/// Nobody is pinged, except the one user a reply is pointed at.
#[derive(Serialize)]
struct Mentions {
    parse: [&'static str; 0],
    #[serde(skip_serializing_if = "Option::is_none")]
    users: Option<[String; 1]>,
}

#[derive(Serialize)]
struct Row<'a> {
    components: Vec<WireButton<'a>>,
    #[serde(rename = "type")]
    kind: u8,
}

#[derive(Serialize)]
struct WireButton<'a> {
    custom_id: &'a str,
    disabled: bool,
    label: &'a str,
    style: u8,
    #[serde(rename = "type")]
    kind: u8,
}

#[derive(Serialize)]
struct WireEmbed<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Name<'a>>,
    color: u32,
    description: &'a str,
    fields: Vec<WireField<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    footer: Option<Text<'a>>,
    title: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct WireField<'a> {
    inline: bool,
    name: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
struct Name<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct WireChoice<'a> {
    name: &'a str,
    value: &'a str,
}

impl<'a> WireResponse<'a> {
    fn of(response: &'a Response) -> Self {
        let (kind, data) = match response {
            Response::Message(reply) => (CHANNEL_MESSAGE_WITH_SOURCE, Some(Data::Message(Message::of(reply)))),
            Response::Update(reply) => (UPDATE_MESSAGE, Some(Data::Message(Message::of(reply)))),
            Response::Delete => (DEFERRED_UPDATE_MESSAGE, None),
            Response::Pong => (PONG, None),
            Response::Choices(choices) => {
                (AUTOCOMPLETE_RESULT, Some(Data::Choices { choices: choices.iter().map(WireChoice::of).collect() }))
            }
        };
        WireResponse { data, kind }
    }
}

impl<'a> Message<'a> {
    fn of(reply: &'a Reply) -> Self {
        Message {
            allowed_mentions: Mentions::of(reply),
            components: reply
                .rows
                .iter()
                .map(|row| Row { components: row.iter().map(WireButton::of).collect(), kind: ACTION_ROW })
                .collect(),
            content: reply.content.as_deref(),
            embeds: reply.embeds.iter().map(WireEmbed::of).collect(),
            flags: if reply.ephemeral { EPHEMERAL } else { 0 },
        }
    }
}

impl Mentions {
    fn of(reply: &Reply) -> Self {
        Mentions { parse: [], users: reply.mention.map(|user| [user.to_string()]) }
    }
}

impl<'a> WireButton<'a> {
    fn of(button: &'a super::Button) -> Self {
        let style = match button.style {
            ButtonStyle::Primary => 1,
            ButtonStyle::Secondary => 2,
            ButtonStyle::Danger => 4,
        };
        WireButton {
            custom_id: &button.custom_id,
            disabled: button.disabled,
            label: &button.label,
            style,
            kind: BUTTON,
        }
    }
}

impl<'a> WireEmbed<'a> {
    fn of(embed: &'a Embed) -> Self {
        WireEmbed {
            author: embed.author.as_deref().map(|name| Name { name }),
            color: embed.colour,
            description: &embed.description,
            fields: embed
                .fields
                .iter()
                .map(|f| WireField { inline: f.inline, name: &f.name, value: &f.value })
                .collect(),
            footer: embed.footer.as_deref().map(|text| Text { text }),
            title: &embed.title,
            kind: "rich",
            url: embed.url.as_deref(),
        }
    }
}

impl<'a> WireChoice<'a> {
    fn of(choice: &'a Choice) -> Self {
        WireChoice { name: &choice.name, value: &choice.value }
    }
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
                url: None,
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
        assert!(v["data"]["embeds"][0].get("url").is_none());
    }

    #[test]
    fn a_pointed_reply_allows_exactly_that_user() {
        let reply = Reply { mention: Some(42), content: Some("<@42>".into()), ..Reply::default() };
        let v = message(&reply);
        assert_eq!(v["allowed_mentions"], json!({"parse": [], "users": ["42"]}));
    }

    /// A reply with every optional part present: content, a mention, author and footer, and a
    /// button of each style.
    fn full_reply() -> Reply {
        let button = |style| Button { label: "L\"".into(), custom_id: "c:1".into(), style, disabled: true };
        Reply {
            content: Some("<@42> \u{2764}".into()),
            embeds: vec![
                Embed {
                    title: "T".into(),
                    description: "D\nline".into(),
                    fields: vec![Field::inline("a", "b"), Field::new("c", "d")],
                    colour: 0x00ff_00ff,
                    footer: Some("f".into()),
                    author: Some("a".into()),
                    url: Some("https://example.com/guide".into()),
                },
                Embed::default(),
            ],
            rows: vec![
                vec![button(ButtonStyle::Primary), button(ButtonStyle::Secondary)],
                vec![button(ButtonStyle::Danger)],
            ],
            ephemeral: false,
            mention: Some(42),
        }
    }

    #[test]
    fn the_bytes_are_those_of_the_value_for_every_response_type() {
        let choices =
            vec![Choice { name: "n".into(), value: "v".into() }, Choice { name: "é".into(), value: "".into() }];
        let responses = [
            Response::Message(full_reply()),
            Response::Message(Reply { ephemeral: true, ..Reply::default() }),
            Response::Update(full_reply()),
            Response::Update(Reply::default()),
            Response::Delete,
            Response::Pong,
            Response::Choices(choices),
            Response::Choices(Vec::new()),
        ];
        for r in &responses {
            let bytes = to_vec(r);
            assert_eq!(String::from_utf8_lossy(&bytes), serde_json::to_string(&response(r)).unwrap(), "{r:?}");
        }
        let v = response(&responses[0]);
        assert_eq!(v["data"]["embeds"][0]["author"], json!({"name": "a"}));
        assert_eq!(v["data"]["embeds"][0]["type"], "rich");
        assert_eq!(v["data"]["embeds"][0]["url"], "https://example.com/guide");
        assert!(v["data"]["embeds"][1].get("url").is_none(), "no link, no `url`");
        assert_eq!(v["data"]["components"][0]["type"], 1);
        assert_eq!(v["data"]["components"][0]["components"][1]["style"], 2);
        assert_eq!(v["data"]["components"][0]["components"][0]["type"], 2);
        assert_eq!(v["data"]["content"], "<@42> \u{2764}");
        assert_eq!(v["data"]["flags"], 0);
        assert_eq!(response(&responses[3])["type"], 7);
        assert_eq!(response(&responses[7]), json!({"type": 8, "data": {"choices": []}}));
    }

    #[test]
    fn other_response_types() {
        assert_eq!(response(&Response::Delete), json!({"type": 6}));
        let v = response(&Response::Choices(vec![Choice { name: "n".into(), value: "v".into() }]));
        assert_eq!(v, json!({"type": 8, "data": {"choices": [{"name": "n", "value": "v"}]}}));
    }
}
