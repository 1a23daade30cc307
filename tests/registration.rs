//! The commands the bot registers, held against Discord's own description of a registration:
//! the schemas of `tests/discord-api/application-commands.json`, copied from Discord's OpenAPI
//! document. Each command of the bulk overwrite must be a valid `ApplicationCommandUpdateRequest`
//! (what `PUT /applications/{id}/commands` takes) and `ApplicationCommandCreateRequest`, with
//! every field one Discord knows (a misspelt `context` would be ignored by Discord, so it is an
//! error here), and the install types and contexts each command declares.

use career_bot::Bot;
use career_bot::commands::registry::application_commands;
use career_bot::commands::{COMMANDS, Reach};
use serde_json::Value;

const SCHEMAS: &str = include_str!("discord-api/application-commands.json");

/// A checker for the JSON Schema keywords those schemas use.
struct Schemas(Value);

impl Schemas {
    fn load() -> Self {
        Schemas(serde_json::from_str(SCHEMAS).expect("the schemas are JSON"))
    }

    fn named(&self, name: &str) -> &Value {
        let schema = &self.0["components"]["schemas"][name];
        assert!(schema.is_object(), "no schema `{name}`");
        schema
    }

    /// Every way `value` breaks `schema`, each with its path.
    fn errors(&self, schema: &Value, value: &Value, path: &str) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(schema, value, path, &mut errors);
        errors
    }

    fn check(&self, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
        let Some(keywords) = schema.as_object() else { return };
        for (keyword, rule) in keywords {
            match keyword.as_str() {
                "$ref" => {
                    let name = rule.as_str().unwrap().strip_prefix("#/components/schemas/").expect("a local ref");
                    self.check(self.named(name), value, path, errors);
                }
                "allOf" => rule.as_array().unwrap().iter().for_each(|s| self.check(s, value, path, errors)),
                "oneOf" => {
                    let passing = rule.as_array().unwrap().iter().filter(|s| self.errors(s, value, path).is_empty());
                    let count = passing.count();
                    if count != 1 {
                        errors.push(format!("{path}: matches {count} of the oneOf schemas, not exactly one: {value}"));
                    }
                }
                "type" => {
                    let allowed: Vec<&str> = match rule {
                        Value::String(one) => vec![one.as_str()],
                        many => many.as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect(),
                    };
                    if !allowed.iter().any(|t| is_type(value, t)) {
                        errors.push(format!("{path}: {value} is not of type {allowed:?}"));
                    }
                }
                "const" if value != rule => errors.push(format!("{path}: {value} is not {rule}")),
                "enum" if !rule.as_array().unwrap().contains(value) => {
                    errors.push(format!("{path}: {value} is not one of {rule}"))
                }
                "minLength" | "maxLength" => {
                    if let Some(text) = value.as_str() {
                        let (length, limit) = (text.chars().count() as u64, rule.as_u64().unwrap());
                        if (keyword == "minLength" && length < limit) || (keyword == "maxLength" && length > limit) {
                            errors.push(format!("{path}: {length} characters breaks {keyword} {limit}"));
                        }
                    }
                }
                "pattern" => {
                    // The one pattern these schemas use: a snowflake's decimal digits.
                    assert_eq!(rule, "^(0|[1-9][0-9]*)$", "a pattern this checker does not know");
                    if let Some(text) = value.as_str() {
                        let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
                        if !digits || (text.len() > 1 && text.starts_with('0')) {
                            errors.push(format!("{path}: `{text}` is not a snowflake"));
                        }
                    }
                }
                "minimum" | "maximum" => {
                    if let (Some(number), Some(limit)) = (value.as_f64(), rule.as_f64()) {
                        if (keyword == "minimum" && number < limit) || (keyword == "maximum" && number > limit) {
                            errors.push(format!("{path}: {number} breaks {keyword} {limit}"));
                        }
                    }
                }
                "items" => {
                    for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                        self.check(rule, item, &format!("{path}[{i}]"), errors);
                    }
                }
                "minItems" | "maxItems" => {
                    if let Some(items) = value.as_array() {
                        let (count, limit) = (items.len() as u64, rule.as_u64().unwrap());
                        if (keyword == "minItems" && count < limit) || (keyword == "maxItems" && count > limit) {
                            errors.push(format!("{path}: {count} items break {keyword} {limit}"));
                        }
                    }
                }
                "uniqueItems" if rule == true => {
                    if let Some(items) = value.as_array() {
                        if items.iter().enumerate().any(|(i, item)| items[..i].contains(item)) {
                            errors.push(format!("{path}: an item repeats in {value}"));
                        }
                    }
                }
                "maxProperties" => {
                    if let Some(object) = value.as_object().filter(|o| o.len() as u64 > rule.as_u64().unwrap()) {
                        errors.push(format!("{path}: {} properties break maxProperties {rule}", object.len()));
                    }
                }
                "required" => {
                    for name in rule.as_array().unwrap().iter().map(|n| n.as_str().unwrap()) {
                        if value.as_object().is_some_and(|o| !o.contains_key(name)) {
                            errors.push(format!("{path}: `{name}` is required"));
                        }
                    }
                }
                "properties" | "additionalProperties" => {
                    let Some(object) = value.as_object() else { continue };
                    if keyword == "additionalProperties" && keywords.contains_key("properties") {
                        continue; // checked with the properties
                    }
                    let known = keywords.get("properties").and_then(Value::as_object);
                    let extra = keywords.get("additionalProperties");
                    for (name, field) in object {
                        let at = format!("{path}.{name}");
                        match (known.and_then(|k| k.get(name)), extra) {
                            (Some(field_schema), _) => self.check(field_schema, field, &at, errors),
                            (None, Some(extra)) if extra.is_object() => self.check(extra, field, &at, errors),
                            // Neither a property nor allowed as an extra one: a field Discord does
                            // not know (JSON Schema would let it pass; Discord would ignore it).
                            (None, _) => errors.push(format!("{at}: not a field Discord knows")),
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn is_type(value: &Value, name: &str) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        other => panic!("a type this checker does not know: {other}"),
    }
}

/// The registration body, with `default_member_permissions` as the integer its string holds:
/// Discord's documentation gives permissions as a decimal string (as the bot sends them), the
/// OpenAPI document types the field as an integer.
fn registration() -> Vec<Value> {
    let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
    let mut commands = application_commands(bot.knowledge()).as_array().expect("a list").clone();
    for command in &mut commands {
        if let Some(bits) = command.get("default_member_permissions").and_then(Value::as_str) {
            command["default_member_permissions"] = bits.parse::<u64>().expect("a decimal bit set").into();
        }
    }
    commands
}

#[test]
fn every_registered_command_is_valid_by_discords_schemas() {
    let schemas = Schemas::load();
    let commands = registration();
    assert_eq!(commands.len(), COMMANDS.len());
    for schema in ["ApplicationCommandUpdateRequest", "ApplicationCommandCreateRequest"] {
        for command in &commands {
            let errors = schemas.errors(schemas.named(schema), command, &format!("/{}", command["name"]));
            assert!(errors.is_empty(), "{schema}:\n{}", errors.join("\n"));
        }
    }
}

#[test]
fn the_checker_refuses_what_discord_would_not_take() {
    let schemas = Schemas::load();
    let schema = schemas.named("ApplicationCommandUpdateRequest");
    let valid = registration().remove(0);
    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut command = valid.clone();
        edit(&mut command);
        schemas.errors(schema, &command, "/ask")
    };
    assert!(broken(&|_| {}).is_empty());
    assert!(!broken(&|c| c["integration_types"] = serde_json::json!([0, 2])).is_empty(), "no install type 2");
    assert!(!broken(&|c| c["contexts"] = serde_json::json!([0, 0])).is_empty(), "contexts repeat");
    assert!(!broken(&|c| c["contexts"] = serde_json::json!([])).is_empty(), "no context at all");
    assert!(!broken(&|c| c["context"] = serde_json::json!([0])).is_empty(), "a misspelt field");
    assert!(!broken(&|c| c["description"] = "x".repeat(101).into()).is_empty(), "too long a description");
    assert!(!broken(&|c| c["options"][0]["type"] = 99.into()).is_empty(), "no option type 99");
}

#[test]
fn commands_reach_the_installs_and_contexts_they_declare() {
    let schemas = Schemas::load();
    let constants = |name: &str| -> Vec<(String, u64)> {
        schemas.named(name)["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["title"].as_str().unwrap().to_owned(), c["const"].as_u64().unwrap()))
            .collect()
    };
    let installs = constants("ApplicationIntegrationType");
    let places = constants("InteractionContextType");
    let value = |list: &[(String, u64)], title: &str| list.iter().find(|(t, _)| t == title).expect(title).1;
    let everywhere = (
        vec![value(&installs, "GUILD_INSTALL"), value(&installs, "USER_INSTALL")],
        vec![value(&places, "GUILD"), value(&places, "BOT_DM"), value(&places, "PRIVATE_CHANNEL")],
    );
    let servers = (vec![value(&installs, "GUILD_INSTALL")], vec![value(&places, "GUILD")]);
    for (spec, command) in COMMANDS.iter().zip(registration()) {
        let numbers = |field: &str| -> Vec<u64> {
            command[field]
                .as_array()
                .unwrap_or_else(|| panic!("/{} {field}", spec.name))
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect()
        };
        let registered = (numbers("integration_types"), numbers("contexts"));
        let declared = (
            spec.reach.installs.iter().map(|&i| i as u64).collect::<Vec<_>>(),
            spec.reach.places.iter().map(|&p| p as u64).collect::<Vec<_>>(),
        );
        assert_eq!(registered, declared, "/{}", spec.name);
        if spec.member_permissions.is_some() {
            assert_eq!((spec.reach, &registered), (Reach::SERVERS, &servers), "/{}: a moderator command", spec.name);
        } else {
            assert_eq!((spec.reach, &registered), (Reach::ANYWHERE, &everywhere), "/{}", spec.name);
        }
    }
}
