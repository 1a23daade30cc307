//! The core's reply in serenity's builders: the one conversion every Discord path uses. The
//! gateway and the HTTP endpoint send these values, and `career-bot --json` prints their
//! serialisation, so "what the terminal shows is what Discord gets" holds by construction.
//!
//! Mentions are always off, except the one user a reply is pointed at (`/ask for:@user`).

use serde_json::Value;
use serenity::builder::{
    CreateActionRow, CreateAllowedMentions, CreateAutocompleteResponse, CreateButton, CreateEmbed, CreateEmbedAuthor,
    CreateEmbedFooter, CreateInputText, CreateInteractionResponse, CreateInteractionResponseMessage, CreateMessage,
    CreateModal, EditInteractionResponse,
};
use serenity::model::application::ButtonStyle as SerenityStyle;
use serenity::model::application::InputTextStyle;
use serenity::model::application::InteractionResponseFlags;
use serenity::model::channel::MessageReference;
use serenity::model::id::UserId;

use crate::reply::{Button, ButtonStyle, Embed, Modal, Reply, Response};

/// The message flag of a reply only its invoker sees.
pub const EPHEMERAL: u64 = InteractionResponseFlags::EPHEMERAL.bits();

/// The interaction response for `response`. A delete is acknowledged (type 6) before the
/// message is deleted.
pub fn interaction_response(response: &Response) -> CreateInteractionResponse {
    match response {
        Response::Message(reply) => CreateInteractionResponse::Message(message_data(reply)),
        Response::Update(reply) => CreateInteractionResponse::UpdateMessage(message_data(reply)),
        Response::Delete => CreateInteractionResponse::Acknowledge,
        Response::Pong => CreateInteractionResponse::Pong,
        Response::Modal(form) => CreateInteractionResponse::Modal(modal(form)),
        Response::Choices(choices) => CreateInteractionResponse::Autocomplete(
            choices.iter().fold(CreateAutocompleteResponse::new(), |out, choice| {
                out.add_string_choice(&choice.name, &choice.value)
            }),
        ),
    }
}

/// "Thinking…", shown to the invoker alone (type 5, ephemeral): the answer follows as an edit
/// of the original response, for work that may not fit Discord's 3-second window.
pub fn deferred_ephemeral() -> CreateInteractionResponse {
    CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(true))
}

/// The edit that replaces a deferred response with `reply`.
pub fn edit(reply: &Reply) -> EditInteractionResponse {
    let mut edit = EditInteractionResponse::new()
        .embeds(reply.embeds.iter().map(embed).collect())
        .components(rows(reply))
        .allowed_mentions(mentions(reply));
    if let Some(content) = &reply.content {
        edit = edit.content(content);
    }
    edit
}

/// `reply` as a channel message replying to `reference` (the answer to a mention): not
/// ephemeral (a message cannot be), and pinging nobody, not even the author it replies to.
pub fn reply_to(reply: &Reply, reference: MessageReference) -> CreateMessage {
    message(reply).allowed_mentions(mentions(reply).replied_user(false)).reference_message(reference)
}

/// `reply` as a new channel message (the suggestion in a forum post): not ephemeral (a message
/// cannot be), pinging nobody but the one user it is pointed at, if any.
pub fn message(reply: &Reply) -> CreateMessage {
    let mut message = CreateMessage::new()
        .embeds(reply.embeds.iter().map(embed).collect())
        .components(rows(reply))
        .allowed_mentions(mentions(reply));
    if let Some(content) = &reply.content {
        message = message.content(content);
    }
    message
}

/// The JSON Discord receives for `response`.
pub fn json(response: &Response) -> Value {
    to_json(&interaction_response(response))
}

/// The JSON text of any builder value, as the HTTP endpoint answers it.
pub fn bytes(builder: &impl serde::Serialize) -> Vec<u8> {
    serde_json::to_vec(builder).unwrap_or_else(|err| unreachable!("serenity's builders serialise: {err}"))
}

/// The JSON of any builder value: serenity's builders only hold strings, numbers and lists.
pub fn to_json(builder: &impl serde::Serialize) -> Value {
    serde_json::to_value(builder).unwrap_or_else(|err| unreachable!("serenity's builders serialise: {err}"))
}

fn message_data(reply: &Reply) -> CreateInteractionResponseMessage {
    let mut data = CreateInteractionResponseMessage::new()
        .embeds(reply.embeds.iter().map(embed).collect())
        .components(rows(reply))
        .allowed_mentions(mentions(reply))
        .ephemeral(reply.ephemeral);
    if let Some(content) = &reply.content {
        data = data.content(content);
    }
    data
}

/// Nobody is pinged, except the one user a reply is pointed at.
fn mentions(reply: &Reply) -> CreateAllowedMentions {
    let none = CreateAllowedMentions::new().all_users(false).all_roles(false).everyone(false);
    match reply.mention {
        Some(user) => none.users([UserId::new(user.max(1))]),
        None => none,
    }
}

/// A form: each text input in a row of its own, as Discord requires.
fn modal(form: &Modal) -> CreateModal {
    let rows = form
        .inputs
        .iter()
        .map(|input| {
            let style = if input.long { InputTextStyle::Paragraph } else { InputTextStyle::Short };
            let mut text = CreateInputText::new(style, &input.label, &input.id)
                .required(input.required)
                .max_length(input.max_length);
            if let Some(placeholder) = &input.placeholder {
                text = text.placeholder(placeholder);
            }
            if let Some(value) = &input.value {
                text = text.value(value);
            }
            CreateActionRow::InputText(text)
        })
        .collect();
    CreateModal::new(&form.custom_id, &form.title).components(rows)
}

fn rows(reply: &Reply) -> Vec<CreateActionRow> {
    reply.rows.iter().map(|row| CreateActionRow::Buttons(row.iter().map(button).collect())).collect()
}

fn button(button: &Button) -> CreateButton {
    let style = match button.style {
        ButtonStyle::Primary => SerenityStyle::Primary,
        ButtonStyle::Secondary => SerenityStyle::Secondary,
        ButtonStyle::Success => SerenityStyle::Success,
        ButtonStyle::Danger => SerenityStyle::Danger,
    };
    CreateButton::new(&button.custom_id).label(&button.label).style(style).disabled(button.disabled)
}

fn embed(embed: &Embed) -> CreateEmbed {
    let mut out = CreateEmbed::new().title(&embed.title).description(&embed.description).colour(embed.colour);
    for field in &embed.fields {
        out = out.field(&field.name, &field.value, field.inline);
    }
    if let Some(footer) = &embed.footer {
        out = out.footer(CreateEmbedFooter::new(footer));
    }
    if let Some(author) = &embed.author {
        out = out.author(CreateEmbedAuthor::new(author));
    }
    if let Some(url) = &embed.url {
        out = out.url(url);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{Choice, Field};
    use serde_json::json;

    fn reply() -> Reply {
        Reply {
            content: Some("for you".into()),
            embeds: vec![Embed {
                title: "T".into(),
                description: "D".into(),
                fields: vec![Field::inline("a", "b")],
                colour: 7,
                footer: Some("f".into()),
                author: Some("from this server".into()),
                url: None,
            }],
            rows: vec![vec![Button {
                label: "L".into(),
                custom_id: "c".into(),
                style: ButtonStyle::Danger,
                disabled: false,
            }]],
            ephemeral: true,
            mention: Some(42),
        }
    }

    #[test]
    fn a_message_carries_every_part_and_pings_only_its_user() {
        let sent = json(&Response::Message(reply()));
        assert_eq!(sent["type"], 4);
        let data = &sent["data"];
        assert_eq!(data["content"], "for you");
        assert_eq!(data["flags"], 64, "ephemeral");
        assert_eq!(data["allowed_mentions"]["parse"], json!([]));
        assert_eq!(data["allowed_mentions"]["users"], json!(["42"]));
        let embed = &data["embeds"][0];
        assert_eq!((&embed["title"], &embed["description"], &embed["color"]), (&json!("T"), &json!("D"), &json!(7)));
        assert_eq!(embed["fields"][0], json!({"name": "a", "value": "b", "inline": true}));
        assert_eq!(embed["footer"]["text"], "f");
        assert_eq!(embed["author"]["name"], "from this server");
        let button = &data["components"][0]["components"][0];
        assert_eq!(data["components"][0]["type"], 1);
        assert_eq!((&button["type"], &button["style"], &button["custom_id"]), (&json!(2), &json!(4), &json!("c")));
        assert_eq!(button["label"], "L");
        assert!(embed.get("url").is_none(), "no link, no `url`");
    }

    #[test]
    fn an_embed_with_a_source_link_carries_it_as_its_url() {
        let mut linked = reply();
        linked.embeds[0].url = Some("https://example.com/guide".into());
        linked.embeds.push(Embed::default());
        let data = json(&Response::Message(linked))["data"].clone();
        assert_eq!(data["embeds"][0]["url"], "https://example.com/guide");
        assert!(data["embeds"][1].get("url").is_none(), "no link, no `url`");
    }

    #[test]
    fn a_public_reply_pings_nobody() {
        let public = Reply { ephemeral: false, mention: None, ..reply() };
        let data = json(&Response::Update(public))["data"].clone();
        assert_eq!(data["allowed_mentions"]["parse"], json!([]));
        assert!(data["allowed_mentions"].get("users").is_none_or(|u| u == &json!([])), "{data}");
        assert!(data.get("flags").is_none_or(|f| f == 0), "{data}");
    }

    #[test]
    fn a_modal_has_one_text_input_per_row_in_order_with_its_settings() {
        let form = Modal {
            custom_id: "kb:add".into(),
            title: "A form".into(),
            inputs: vec![
                crate::reply::TextInput {
                    id: "question".into(),
                    label: "Question".into(),
                    long: false,
                    required: true,
                    max_length: 200,
                    placeholder: Some("Where?".into()),
                    value: Some("where do we post jobs".into()),
                },
                crate::reply::TextInput {
                    id: "answer".into(),
                    label: "Answer".into(),
                    long: true,
                    required: false,
                    max_length: 3000,
                    placeholder: None,
                    value: None,
                },
            ],
        };
        let sent = json(&Response::Modal(form));
        assert_eq!(sent["type"], 9);
        assert_eq!((&sent["data"]["custom_id"], &sent["data"]["title"]), (&json!("kb:add"), &json!("A form")));
        let rows = sent["data"]["components"].as_array().expect("rows");
        assert_eq!(rows.len(), 2);
        let first = &rows[0]["components"][0];
        assert_eq!(rows[0]["type"], 1);
        assert_eq!((&first["type"], &first["style"], &first["custom_id"]), (&json!(4), &json!(1), &json!("question")));
        assert_eq!((&first["required"], &first["max_length"]), (&json!(true), &json!(200)));
        assert_eq!((&first["value"], &first["placeholder"]), (&json!("where do we post jobs"), &json!("Where?")));
        let second = &rows[1]["components"][0];
        assert_eq!(
            (&second["style"], &second["required"], &second["label"]),
            (&json!(2), &json!(false), &json!("Answer"))
        );
        assert!(second.get("value").is_none_or(|v| v.is_null()), "{second}");
    }

    #[test]
    fn a_channel_message_carries_every_part_and_pings_nobody() {
        let public = Reply { ephemeral: false, mention: None, ..reply() };
        let sent = to_json(&message(&public));
        assert_eq!(sent["content"], "for you");
        assert_eq!(sent["embeds"][0]["title"], "T");
        assert_eq!(sent["components"][0]["components"][0]["custom_id"], "c");
        assert_eq!(sent["allowed_mentions"]["parse"], json!([]));
        assert!(sent["allowed_mentions"].get("users").is_none_or(|u| u == &json!([])), "{sent}");
        assert!(sent.get("message_reference").is_none_or(Value::is_null), "{sent}");
        assert!(sent.get("flags").is_none_or(|f| f == 0), "{sent}");
    }

    #[test]
    fn a_success_button_is_green() {
        let mut green = reply();
        green.rows[0][0].style = ButtonStyle::Success;
        assert_eq!(json(&Response::Message(green))["data"]["components"][0]["components"][0]["style"], 3);
    }

    #[test]
    fn each_response_has_its_callback_type() {
        assert_eq!(json(&Response::Pong), json!({"type": 1, "data": null}));
        assert_eq!(json(&Response::Delete)["type"], 6);
        assert_eq!(json(&Response::Update(Reply::default()))["type"], 7);
        let choices = json(&Response::Choices(vec![Choice { name: "n".into(), value: "v".into() }]));
        assert_eq!(choices["type"], 8);
        assert_eq!(choices["data"]["choices"], json!([{"name": "n", "value": "v"}]));
        let deferred = to_json(&deferred_ephemeral());
        assert_eq!((&deferred["type"], &deferred["data"]["flags"]), (&json!(5), &json!(64)), "{deferred}");
        for nothing_yet in ["content", "embeds", "components"] {
            assert!(deferred["data"].get(nothing_yet).is_none(), "{deferred}");
        }
    }
}
