//! serenity's received [`Interaction`] turned back into the interaction JSON Discord sent, so
//! the gateway hands [`crate::frontend::interaction::parse`] the same document the HTTP endpoint
//! receives. serenity serialises every field it read except the interaction `type` (it is the
//! enum's variant), which is put back here.

use serde_json::Value;
use serenity::model::application::Interaction;

/// The Discord JSON of an interaction serenity received.
pub fn interaction_json(interaction: &Interaction) -> Result<Value, serde_json::Error> {
    let mut value = serde_json::to_value(interaction)?;
    if let Value::Object(fields) = &mut value {
        fields.insert("type".to_owned(), Value::from(u8::from(interaction.kind())));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::commands::{Action, Command, Context, Request, Value as ArgValue};
    use crate::frontend::interaction::{Incoming, parse};

    fn member(user: &str) -> Value {
        json!({
            "user": {"id": user, "username": "someone", "discriminator": "0", "global_name": null, "avatar": null},
            "roles": [], "joined_at": "2024-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false, "flags": 0,
        })
    }

    fn interaction(kind: u8, data: Value, extra: Value) -> Value {
        let mut value = json!({
            "id": "1100", "application_id": "1200", "type": kind, "token": "interaction-token", "version": 1,
            "locale": "en-US", "guild_locale": "en-US", "entitlements": [], "attachment_size_limit": 8388608,
            "guild_id": "1300", "channel_id": "1400", "app_permissions": "0", "member": member("1500"),
            "data": data,
        });
        for (k, v) in extra.as_object().unwrap() {
            value[k] = v.clone();
        }
        value
    }

    /// Received by serenity, turned back into JSON, parsed by the core: the same as parsing what
    /// Discord sent.
    fn round_trip(sent: Value) -> Value {
        let received: Interaction = serde_json::from_value(sent.clone()).expect("serenity reads the payload");
        let json = interaction_json(&received).unwrap();
        assert_eq!(parse(&json).unwrap(), parse(&sent).unwrap(), "{json:#}");
        json
    }

    #[test]
    fn a_command_keeps_its_type_options_and_member() {
        let json = round_trip(interaction(
            2,
            json!({"id": "1600", "name": "ask", "type": 1, "options": [
                {"name": "question", "type": 3, "value": "sql or nosql"},
                {"name": "for", "type": 6, "value": "1700"},
                {"name": "private", "type": 5, "value": true},
            ]}),
            json!({}),
        ));
        assert_eq!(json["type"], 2);
        let parsed = parse(&json).unwrap();
        assert_eq!(
            parsed.incoming,
            Incoming::Request(Request {
                action: Action::Run(
                    Command::ask("sql or nosql").with("for", ArgValue::User(1700)).with("private", true)
                ),
                context: Context { invoker: Some(1500), guild: Some(1300), permissions: None },
                private: false,
            })
        );
        assert_eq!((parsed.id, parsed.token.as_str(), parsed.guild), (1100, "interaction-token", Some(1300)));
    }

    #[test]
    fn an_autocomplete_keeps_its_type_and_focused_option() {
        let json = round_trip(interaction(
            4,
            json!({"id": "1600", "name": "ask", "type": 1, "options": [
                {"name": "question", "type": 3, "value": "sal", "focused": true},
            ]}),
            json!({}),
        ));
        assert_eq!(json["type"], 4);
    }

    #[test]
    fn a_button_click_keeps_its_custom_id() {
        let message = json!({
            "id": "1800", "channel_id": "1400", "author": {"id": "1200", "username": "career-bot", "discriminator": "0",
            "global_name": null, "avatar": null, "bot": true}, "content": "", "timestamp": "2024-01-01T00:00:00.000000+00:00",
            "edited_timestamp": null, "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": false, "type": 0, "flags": 0,
            "components": [{"type": 1, "components": [{"type": 2, "style": 4, "label": "Delete", "custom_id": "del:1500"}]}],
        });
        let json = round_trip(interaction(
            3,
            json!({"custom_id": "del:1500", "component_type": 2}),
            json!({"message": message}),
        ));
        assert_eq!(json["type"], 3);
    }
}
