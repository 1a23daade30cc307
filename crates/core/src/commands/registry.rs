//! The application-command definitions Discord registers, built from [`COMMANDS`] and the
//! knowledge base (level and topic choices come from its entries).

use serde_json::{Value, json};

use super::{COMMANDS, CommandSpec, OptionKind};
use crate::knowledge::{Kind, KnowledgeBase};

/// Discord option types (Application Command Option Type).
const STRING: u8 = 3;
const INTEGER: u8 = 4;
const BOOLEAN: u8 = 5;
const USER: u8 = 6;
/// Interaction context type: inside a server.
const GUILD_CONTEXT: u8 = 0;
/// Discord allows at most 25 fixed choices; beyond that an option uses autocomplete.
const MAX_CHOICES: usize = 25;

/// The body of a bulk overwrite of the application's commands.
pub fn application_commands(kb: &KnowledgeBase) -> Value {
    Value::Array(COMMANDS.iter().map(|c| command(kb, c)).collect())
}

fn command(kb: &KnowledgeBase, spec: &CommandSpec) -> Value {
    let options: Vec<Value> = spec
        .options
        .iter()
        .map(|o| {
            let mut option = json!({"name": o.name, "description": o.description, "required": o.required});
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
                OptionKind::User => option["type"] = json!(USER),
                OptionKind::Flag => option["type"] = json!(BOOLEAN),
                OptionKind::Integer { min } => {
                    option["type"] = json!(INTEGER);
                    option["min_value"] = json!(min);
                }
            }
            option
        })
        .collect();
    let mut command = json!({"name": spec.name, "type": 1, "description": spec.description, "options": options});
    if let Some(permissions) = spec.member_permissions {
        command["default_member_permissions"] = json!(permissions);
        // Member permissions exist only in a server: such a command is offered nowhere else.
        command["contexts"] = json!([GUILD_CONTEXT]);
    }
    command
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

    #[test]
    fn every_command_registers_with_every_declared_option() {
        let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
        let payload = application_commands(bot.knowledge());
        let registered = payload.as_array().expect("a list");
        assert_eq!(registered.len(), COMMANDS.len());
        for spec in COMMANDS {
            let command = registered.iter().find(|c| c["name"] == spec.name).expect("registered");
            assert_eq!(command["description"], spec.description);
            let names: Vec<&str> =
                command["options"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
            let declared: Vec<&str> = spec.options.iter().map(|o| o.name).collect();
            assert_eq!(names, declared, "/{}", spec.name);
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
