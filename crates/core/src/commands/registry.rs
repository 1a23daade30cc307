//! The application-command definitions Discord registers, built from [`COMMANDS`] and the
//! knowledge base (level and topic choices come from its entries). Where each command can be
//! installed and used comes from its declared [`super::Reach`].

use serde_json::{Value, json};

use super::{COMMANDS, CommandSpec, OptionKind, OptionSpec};
use crate::knowledge::{Kind, KnowledgeBase};

/// Discord option types (Application Command Option Type).
const SUB_COMMAND: u8 = 1;
const STRING: u8 = 3;
const INTEGER: u8 = 4;
const BOOLEAN: u8 = 5;
const USER: u8 = 6;
/// Discord allows at most 25 fixed choices; beyond that an option uses autocomplete.
const MAX_CHOICES: usize = 25;

/// The body of a bulk overwrite of the application's commands.
pub fn application_commands(kb: &KnowledgeBase) -> Value {
    Value::Array(COMMANDS.iter().map(|c| command(kb, c)).collect())
}

fn command(kb: &KnowledgeBase, spec: &CommandSpec) -> Value {
    let options: Vec<Value> = spec.options.iter().map(|o| option(kb, o)).collect();
    let installs: Vec<u8> = spec.reach.installs.iter().map(|&i| i as u8).collect();
    let places: Vec<u8> = spec.reach.places.iter().map(|&p| p as u8).collect();
    let mut command = match spec.invoked {
        super::Invoked::Slash => json!({
            "name": spec.name,
            "type": 1,
            "description": spec.description,
            "options": options,
            "integration_types": installs,
            "contexts": places,
        }),
        // A message command has no description or options of its own: it acts on a message.
        super::Invoked::Message { label } => json!({
            "name": label,
            "type": 3,
            "description": "",
            "integration_types": installs,
            "contexts": places,
        }),
    };
    if let Some(permissions) = spec.member_permissions {
        command["default_member_permissions"] = json!(permissions);
    }
    command
}

fn option(kb: &KnowledgeBase, o: &OptionSpec) -> Value {
    let mut option = json!({"name": o.name, "description": o.description});
    match o.kind {
        OptionKind::Text { max_length, autocomplete } => {
            option["type"] = json!(STRING);
            option["max_length"] = json!(max_length);
            option["autocomplete"] = json!(autocomplete);
        }
        OptionKind::EntryOf(kind) => {
            option["type"] = json!(STRING);
            let choices = choices(kb, kind);
            if choices.len() <= MAX_CHOICES {
                option["choices"] = Value::Array(choices);
            } else {
                option["autocomplete"] = json!(true);
            }
        }
        OptionKind::ServerEntry => {
            // Each server has entries of its own: offered as the moderator types.
            option["type"] = json!(STRING);
            option["max_length"] = json!(crate::reply::limits::CHOICE_VALUE);
            option["autocomplete"] = json!(true);
        }
        OptionKind::User => option["type"] = json!(USER),
        OptionKind::Flag => option["type"] = json!(BOOLEAN),
        OptionKind::Integer { min } => {
            option["type"] = json!(INTEGER);
            option["min_value"] = json!(min);
        }
        OptionKind::Subcommand(options) => {
            // A subcommand is never "required": Discord makes the member pick one.
            option["type"] = json!(SUB_COMMAND);
            option["options"] = Value::Array(options.iter().map(|o| self::option(kb, o)).collect());
            return option;
        }
    }
    option["required"] = json!(o.required);
    option
}

/// `{name, value}` choices for every entry of a kind: display name, id as value.
fn choices(kb: &KnowledgeBase, kind: Kind) -> Vec<Value> {
    kb.entries()
        .into_iter()
        .filter(|e| e.kind == kind)
        .map(|e| json!({"name": crate::commands::ask::truncate(kb.title(&e).unwrap_or(&e.id), 100), "value": e.id}))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Bot;
    use crate::commands::Reach;

    #[test]
    fn every_command_registers_with_every_declared_option() {
        let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
        let payload = application_commands(bot.knowledge());
        let registered = payload.as_array().expect("a list");
        assert_eq!(registered.len(), COMMANDS.len());
        for spec in COMMANDS {
            let command = registered.iter().find(|c| c["name"] == spec.discord_name()).expect("registered");
            if let crate::commands::Invoked::Message { .. } = spec.invoked {
                // A message command reads its options from the message it is used on.
                assert_eq!((&command["type"], &command["description"]), (&json!(3), &json!("")), "{command}");
                assert!(command.get("options").is_none(), "{command}");
                continue;
            }
            assert_eq!(command["type"], 1, "{command}");
            assert_eq!(command["description"], spec.description);
            let names: Vec<&str> =
                command["options"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
            let declared: Vec<&str> = spec.options.iter().map(|o| o.name).collect();
            assert_eq!(names, declared, "/{}", spec.name);
        }
    }

    #[test]
    fn every_command_registers_where_it_can_be_installed_and_used() {
        let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
        let payload = application_commands(bot.knowledge());
        for command in payload.as_array().expect("a list") {
            let spec = crate::commands::find(command["name"].as_str().unwrap()).expect("a declared command");
            if spec.member_permissions.is_some() {
                // Guild install, guild context: member permissions exist only in a server.
                assert_eq!(
                    (&command["integration_types"], &command["contexts"]),
                    (&json!([0]), &json!([0])),
                    "{command}"
                );
                assert_eq!(spec.reach, Reach::SERVERS, "/{}", spec.name);
            } else {
                // Guild and user install; the server, the bot's DMs and other private channels.
                assert_eq!(
                    (&command["integration_types"], &command["contexts"]),
                    (&json!([0, 1]), &json!([0, 1, 2])),
                    "{command}"
                );
                assert!(command.get("default_member_permissions").is_none(), "{command}");
            }
        }
        let gaps = payload.as_array().unwrap().iter().find(|c| c["name"] == "gaps").expect("/gaps registers");
        assert_eq!(gaps["default_member_permissions"], "32");
    }

    #[test]
    fn moderator_commands_reach_servers_only_and_every_other_command_reaches_anywhere() {
        for spec in COMMANDS {
            let expected = if spec.member_permissions.is_some() { Reach::SERVERS } else { Reach::ANYWHERE };
            assert_eq!(spec.reach, expected, "/{}", spec.name);
        }
    }

    #[test]
    fn command_names_and_options_are_unique() {
        let mut names: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len(), "two commands share a name");
        for spec in COMMANDS {
            let mut options: Vec<&str> = spec.options.iter().map(|o| o.name).collect();
            options.sort_unstable();
            options.dedup();
            assert_eq!(options.len(), spec.options.len(), "/{} declares an option twice", spec.name);
        }
    }
}
