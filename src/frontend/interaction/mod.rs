//! Discord interaction payloads (the JSON both the HTTP endpoint receives and the gateway
//! dispatches) turned into core requests. Parsing in one place is what makes both Discord
//! front ends give the same answer to the same interaction.

mod fields;

use std::time::Instant;

use serde_json::Value;

use fields::{Data, Fields};

use crate::Bot;
use crate::commands::{
    self, Action, Answer, Args, Command, CommandSpec, Context, Match, OptionKind, Outcome, Request, Value as ArgValue,
    note,
};
use crate::feedback::{Filter, Record};
use crate::frontend::cooldown::Cooldown;
use crate::reply::text::{self, COLOUR_HELP};
use crate::reply::{Response, neutralise};

/// Interaction types (Discord "Interaction Type").
const PING: u64 = 1;
const APPLICATION_COMMAND: u64 = 2;
const MESSAGE_COMPONENT: u64 = 3;
const AUTOCOMPLETE: u64 = 4;

/// Discord's longest command name, so the longest an unknown one is echoed.
const MAX_COMMAND_NAME: usize = 32;

/// What an interaction asks of the bot.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// Discord checking the endpoint is alive.
    Ping,
    /// A command or a button click.
    Request(Request),
    /// The user is typing into an autocomplete option.
    Autocomplete { command: String, option: String, partial: String },
    /// A command this bot does not have (an old registration): answered with a note.
    UnknownCommand(String),
}

/// A parsed interaction with who sent it and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    pub id: u64,
    pub token: String,
    pub application_id: u64,
    pub incoming: Incoming,
    pub user: Option<u64>,
    pub guild: Option<u64>,
    /// The command name, custom id or "ping", for logs and metrics.
    pub label: String,
}

/// A payload that is not an interaction this bot understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed interaction: {0}")]
pub struct MalformedInteraction(pub String);

/// Parses an interaction object.
pub fn parse(value: &Value) -> Result<Interaction, MalformedInteraction> {
    interpret(Fields::from_value(value))
}

/// Parses the JSON text of an interaction (an HTTP request's body) as [`parse`] would parse it
/// as a [`Value`], without building one: the fields the bot does not read are skipped.
pub fn parse_slice(json: &[u8]) -> Result<Interaction, MalformedInteraction> {
    let fields = Fields::from_slice(json).map_err(|err| MalformedInteraction(format!("not JSON: {err}")))?;
    interpret(fields)
}

fn interpret(fields: Fields) -> Result<Interaction, MalformedInteraction> {
    let kind = fields.kind.ok_or_else(|| bad("missing `type`"))?;
    let id = fields.id.unwrap_or(0);
    let application_id = fields.application_id.unwrap_or(0);
    let token = fields.token.unwrap_or_default();
    let user = fields.member.user.or(fields.user);
    let guild = fields.guild_id;
    let data = fields.data;
    let (incoming, label) = match kind {
        PING => (Incoming::Ping, "ping".to_owned()),
        APPLICATION_COMMAND => {
            let data = data.ok_or_else(|| bad("a command without `data`"))?;
            let name = data.name.ok_or_else(|| bad("a command without `data.name`"))?;
            let options = data.options.unwrap_or_default();
            match commands::find(&name) {
                Some(spec) => {
                    let given =
                        |n: &str| options.iter().find(|o| o.name.as_deref() == Some(n)).and_then(|o| o.value.as_ref());
                    let args = read_args(spec, given);
                    let context = Context {
                        invoker: user,
                        guild,
                        // Discord sends the invoker's resolved permissions as a decimal string.
                        permissions: fields.member.permissions,
                    };
                    let request = Request { action: Action::Run(Command { spec, args }), context, private: false };
                    (Incoming::Request(request), name)
                }
                None => (Incoming::UnknownCommand(name.clone()), name),
            }
        }
        MESSAGE_COMPONENT => {
            let custom_id =
                data.and_then(|d| d.custom_id).ok_or_else(|| bad("a component without `data.custom_id`"))?;
            let label = custom_id.split(':').next().unwrap_or_default().to_owned();
            let context = Context { invoker: user, guild, permissions: fields.member.permissions };
            (
                Incoming::Request(Request { action: Action::Click(custom_id), context, private: false }),
                format!("button:{label}"),
            )
        }
        AUTOCOMPLETE => {
            let data = data.ok_or_else(|| bad("an autocomplete without `data`"))?;
            let command = data.name.clone().unwrap_or_default();
            let focused = focused(data).ok_or_else(|| bad("an autocomplete without a focused option"))?;
            (
                Incoming::Autocomplete { command: command.clone(), option: focused.0, partial: focused.1 },
                format!("autocomplete:{command}"),
            )
        }
        other => return Err(bad(&format!("unsupported interaction type {other}"))),
    };
    Ok(Interaction { id, token, application_id, incoming, user, guild, label })
}

/// What the bot does with an interaction: the response, and what the core made of the request
/// behind it (for logs, metrics and insights), if there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Handled {
    pub response: Response,
    pub answer: Option<Answered>,
    /// `answered`, `suggested`, `declined`, `refused`, `rate-limited`, `autocomplete`, `pong`.
    pub outcome: &'static str,
}

impl Handled {
    /// The response to a request the core answered, and the rest of its answer, moved apart.
    pub fn answered(answer: Answer, outcome: &'static str) -> Self {
        let Answer { response, matched, suggestions, outcome: _, record, report } = answer;
        Handled { response, answer: Some(Answered { matched, suggestions, record, report }), outcome }
    }

    /// The match score of the answer, for the metrics: the entry answered with, else the best
    /// suggestion.
    pub fn score(&self) -> Option<f32> {
        let answer = self.answer.as_ref()?;
        answer.matched.as_ref().or(answer.suggestions.first()).map(|m| m.score)
    }
}

/// An [`Answer`] without its response, which is [`Handled::response`].
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    pub matched: Option<Match>,
    pub suggestions: Vec<Match>,
    pub record: Option<Record>,
    pub report: Option<Filter>,
}

/// Answers an interaction. Both Discord front ends call this, which is why they answer alike.
/// Commands and clicks count against the user's cooldown; autocomplete and pings do not.
pub fn respond(bot: &Bot, cooldown: &Cooldown, interaction: &Interaction, now: Instant) -> Handled {
    match &interaction.incoming {
        Incoming::Ping => Handled { response: Response::Pong, answer: None, outcome: "pong" },
        Incoming::Autocomplete { command, option, partial } => Handled {
            response: Response::Choices(bot.autocomplete(command, option, partial)),
            answer: None,
            outcome: "autocomplete",
        },
        Incoming::UnknownCommand(name) => {
            // The name comes from the payload: cut to Discord's 32 characters and defused.
            let name = neutralise::neutralise(&neutralise::one_line(name), MAX_COMMAND_NAME);
            let answer = Answer::refusal(note(&text::unknown_command(&name), text::HELP_MENTION, COLOUR_HELP));
            Handled::answered(answer, Outcome::Refused.as_str())
        }
        Incoming::Request(request) => {
            if let Some(user) = request.context.invoker {
                if let Err(wait) = cooldown.check(user, now) {
                    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                    return Handled {
                        response: note(&text::slow_down(seconds), "", COLOUR_HELP),
                        answer: None,
                        outcome: "rate-limited",
                    };
                }
            }
            let answer = bot.answer(request);
            let outcome = answer.outcome.as_str();
            Handled::answered(answer, outcome)
        }
    }
}

/// The options of `spec` as the payload gives them, each read by its declared kind; values of
/// another type, and options the command does not declare, are left out.
fn read_args<'a>(spec: &CommandSpec, given: impl Fn(&str) -> Option<&'a Value>) -> Args {
    let mut args = Args::default();
    for option in spec.options {
        let Some(value) = given(option.name) else { continue };
        let read = match option.kind {
            OptionKind::Text { .. } | OptionKind::EntryOf(_) => value.as_str().map(|t| ArgValue::Text(t.to_owned())),
            OptionKind::Integer { .. } => value.as_i64().map(ArgValue::Integer),
            OptionKind::Flag => value.as_bool().map(ArgValue::Flag),
            OptionKind::User => snowflake(Some(value)).map(ArgValue::User),
        };
        if let Some(read) = read {
            args.set(option.name, read);
        }
    }
    args
}

fn bad(what: &str) -> MalformedInteraction {
    MalformedInteraction(what.to_owned())
}

/// Discord sends ids as strings; accept numbers too.
fn snowflake(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// The focused option of an autocomplete and its value, as text.
fn focused(data: Data) -> Option<(String, String)> {
    let option = data.options?.into_iter().find(|o| o.focused == Some(true))?;
    let name = option.name?;
    let value = match option.value {
        Some(Value::String(s)) => s,
        Some(other) => other.to_string(),
        None => String::new(),
    };
    Some((name, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ping() {
        let i = parse(&json!({"type": 1, "id": "1", "application_id": "2", "token": "t"})).unwrap();
        assert_eq!(i.incoming, Incoming::Ping);
    }

    #[test]
    fn a_command_with_options_and_a_member() {
        let i = parse(&json!({
            "type": 2, "id": "10", "application_id": "20", "token": "tok", "guild_id": "30",
            "member": {"user": {"id": "40"}},
            "data": {"id": "1", "name": "ask", "type": 1, "options": [
                {"name": "question", "type": 3, "value": "sql or nosql"},
                {"name": "for", "type": 6, "value": "50"},
                {"name": "private", "type": 5, "value": true}
            ]}
        }))
        .unwrap();
        assert_eq!(i.user, Some(40));
        assert_eq!(i.guild, Some(30));
        assert_eq!(
            i.incoming,
            Incoming::Request(Request {
                action: Action::Run(Command::ask("sql or nosql").with("for", ArgValue::User(50)).with("private", true)),
                context: Context { invoker: Some(40), guild: Some(30), permissions: None },
                private: false
            })
        );
    }

    #[test]
    fn a_button_click_and_an_autocomplete() {
        let click =
            parse(&json!({"type": 3, "user": {"id": "7"}, "data": {"custom_id": "del:7", "component_type": 2}}))
                .unwrap();
        assert_eq!(click.incoming, Incoming::Request(Request::new_click("del:7", 7)));
        let auto = parse(&json!({"type": 4, "data": {"name": "ask", "options": [{"name": "question", "type": 3, "value": "sal", "focused": true}]}})).unwrap();
        assert_eq!(
            auto.incoming,
            Incoming::Autocomplete { command: "ask".into(), option: "question".into(), partial: "sal".into() }
        );
    }

    #[test]
    fn malformed_payloads_are_errors_not_panics() {
        for bad in [
            json!({}),
            json!({"type": 2}),
            json!({"type": 3, "data": {}}),
            json!({"type": 99}),
            json!([1, 2]),
            json!("x"),
        ] {
            assert!(parse(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn gaps_carries_guild_and_member_permissions() {
        let i = parse(&json!({
            "type": 2, "guild_id": "30", "member": {"user": {"id": "40"}, "permissions": "32"},
            "data": {"name": "gaps", "options": [{"name": "since", "type": 3, "value": "7d"}, {"name": "limit", "type": 4, "value": 5}]}
        }))
        .unwrap();
        let Incoming::Request(request) = i.incoming else { panic!("a request") };
        assert_eq!(
            request.action,
            Action::Run(Command::new(&commands::gaps::SPEC).with("since", "7d").with("limit", 5))
        );
        assert_eq!(request.context, Context { invoker: Some(40), guild: Some(30), permissions: Some(32) });
    }

    #[test]
    fn regression_a_long_unknown_command_name_overflowed_the_title() {
        // A 10,000-character command name was echoed whole into the refusal's embed title.
        let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
        let cooldown = Cooldown::new(crate::frontend::cooldown::Rate::default());
        for name in ["x".repeat(10_000), "@everyone".to_owned()] {
            let i = parse(&json!({"type": 2, "data": {"name": name}})).unwrap();
            let handled = respond(&bot, &cooldown, &i, Instant::now());
            let reply = handled.response.reply().expect("a refusal");
            assert!(
                crate::reply::limits::violations(reply).is_empty(),
                "{:?}",
                crate::reply::limits::violations(reply)
            );
            assert!(!reply.embeds[0].title.contains("@everyone"), "{}", reply.embeds[0].title);
        }
    }

    #[test]
    fn text_that_is_not_json_is_malformed() {
        for bad in [&b""[..], b"{", b"{\"type\": 1,}", b"\xff", b"{\"type\": 1} x"] {
            assert!(parse_slice(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(
            parse_slice(br#"{"type": 1, "member": [1, {"user": 2}], "data": 7}"#).unwrap().incoming,
            Incoming::Ping
        );
    }

    #[test]
    fn every_declared_option_is_read_from_an_interaction() {
        for spec in commands::COMMANDS {
            for option in spec.options {
                let (kind, value) = match option.kind {
                    OptionKind::Text { .. } | OptionKind::EntryOf(_) => (3, json!("some text")),
                    OptionKind::Integer { min } => (4, json!(min + 1)),
                    OptionKind::Flag => (5, json!(true)),
                    OptionKind::User => (6, json!("42")),
                };
                let payload = json!({"type": 2, "user": {"id": "7"}, "data": {"name": spec.name, "options": [
                    {"name": option.name, "type": kind, "value": value}
                ]}});
                let Incoming::Request(request) = parse(&payload).unwrap().incoming else { panic!("a request") };
                let Action::Run(command) = request.action else { panic!("a command") };
                assert!(command.args.get(option.name).is_some(), "/{} {} was not read", spec.name, option.name);
            }
        }
    }

    #[test]
    fn an_unknown_command_is_named() {
        let i = parse(&json!({"type": 2, "data": {"name": "gone"}})).unwrap();
        assert_eq!(i.incoming, Incoming::UnknownCommand("gone".into()));
    }
}
