//! serenity's [`Interaction`] read as a core request: both Discord modes hold one (the gateway
//! receives it, the HTTP endpoint deserialises its body into it), and this is the one place
//! that reads it. A command's options are read by the kinds its declaration gives them.

use serenity::model::application::ActionRowComponent;
use serenity::model::application::{
    CommandDataOption, CommandDataOptionValue, CommandInteraction, ComponentInteraction, Interaction as Received,
    ResolvedTarget,
};

use crate::commands::{self, Action, Args, Command, CommandSpec, Context, Invoked, OptionKind, Request, Value, answer};
use crate::frontend::interaction::{Incoming, Interaction};
use crate::frontend::secret::Secret;

/// An interaction this bot does not take: a modal it never opened, an autocomplete with no
/// option being typed into.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported interaction: {0}")]
pub struct Unsupported(pub String);

/// What `received` asks of the bot, with who sent it and where.
pub fn read(received: &Received) -> Result<Interaction, Unsupported> {
    let meta = |incoming: Incoming, user: Option<u64>, guild: Option<u64>, label: String| Interaction {
        id: received.id().get(),
        token: Secret::new(received.token()),
        application_id: received.application_id().get(),
        incoming,
        user,
        guild,
        label,
    };
    Ok(match received {
        Received::Ping(_) => meta(Incoming::Ping, None, None, "ping".to_owned()),
        Received::Command(command) => {
            let (context, label) = (context(command), command.data.name.clone());
            let incoming = match commands::find(&command.data.name) {
                Some(spec) => {
                    let args = match spec.invoked {
                        Invoked::Slash => args(spec, &command.data.options),
                        Invoked::Message { .. } => target_message(command),
                    };
                    let run = Command { spec, args };
                    Incoming::Request(Request { action: Action::Run(run), context, private: false })
                }
                None => Incoming::UnknownCommand(command.data.name.clone()),
            };
            meta(incoming, context.invoker, context.guild, label)
        }
        Received::Autocomplete(command) => {
            let (option, partial) = focused(&command.data.options)
                .ok_or_else(|| Unsupported("an autocomplete without a focused option".to_owned()))?;
            let name = command.data.name.clone();
            let label = format!("autocomplete:{name}");
            let context = context(command);
            meta(Incoming::Autocomplete { command: name, option, partial }, context.invoker, context.guild, label)
        }
        Received::Component(click) => {
            let context = click_context(click);
            let custom_id = click.data.custom_id.clone();
            let label = format!("button:{}", custom_id.split(':').next().unwrap_or_default());
            let request = Request { action: Action::Click(custom_id), context, private: false };
            meta(Incoming::Request(request), context.invoker, context.guild, label)
        }
        Received::Modal(form) => {
            let context = Context {
                invoker: Some(form.user.id.get()),
                guild: form.guild_id.map(|g| g.get()),
                permissions: form.member.as_ref().and_then(|m| m.permissions).map(|p| p.bits()),
            };
            let custom_id = form.data.custom_id.clone();
            let label = format!("form:{}", custom_id.split(':').next().unwrap_or_default());
            let fields = form
                .data
                .components
                .iter()
                .flat_map(|row| &row.components)
                .filter_map(|component| match component {
                    ActionRowComponent::InputText(input) => {
                        Some((input.custom_id.clone(), input.value.clone().unwrap_or_default()))
                    }
                    _ => None,
                })
                .collect();
            let request = Request { action: Action::Submit { custom_id, fields }, context, private: false };
            meta(Incoming::Request(request), context.invoker, context.guild, label)
        }
        _ => return Err(Unsupported(format!("{:?}", received.kind()))),
    })
}

fn context(command: &CommandInteraction) -> Context {
    Context {
        invoker: Some(command.user.id.get()),
        guild: command.guild_id.map(|g| g.get()),
        permissions: command.member.as_ref().and_then(|m| m.permissions).map(|p| p.bits()),
    }
}

fn click_context(click: &ComponentInteraction) -> Context {
    Context {
        invoker: Some(click.user.id.get()),
        guild: click.guild_id.map(|g| g.get()),
        permissions: click.member.as_ref().and_then(|m| m.permissions).map(|p| p.bits()),
    }
}

/// The options of `spec` as Discord sent them, each read by its declared kind; a value of
/// another type, and an option the command does not declare, are left out.
fn args(spec: &CommandSpec, given: &[CommandDataOption]) -> Args {
    options(spec.options, given)
}

fn options(declared: &[commands::OptionSpec], given: &[CommandDataOption]) -> Args {
    let mut args = Args::default();
    for option in declared {
        let Some(sent) = given.iter().find(|o| o.name == option.name) else { continue };
        let value = match (option.kind, &sent.value) {
            (
                OptionKind::Text { .. } | OptionKind::EntryOf(_) | OptionKind::ServerEntry,
                CommandDataOptionValue::String(text),
            ) => Value::Text(text.clone()),
            (OptionKind::Integer { .. }, CommandDataOptionValue::Integer(n)) => Value::Integer(*n),
            (OptionKind::Flag, CommandDataOptionValue::Boolean(flag)) => Value::Flag(*flag),
            (OptionKind::User, CommandDataOptionValue::User(user)) => Value::User(user.get()),
            (OptionKind::Subcommand(inner), CommandDataOptionValue::SubCommand(sent)) => {
                Value::Sub(options(inner, sent))
            }
            _ => continue,
        };
        args.set(option.name, value);
    }
    args
}

/// The message a message command was used on, as the options of [`commands::answer`]: its
/// text (empty for an image or an embed), its author and a link to it.
fn target_message(command: &CommandInteraction) -> Args {
    let mut args = Args::default();
    if let Some(ResolvedTarget::Message(message)) = command.data.target() {
        args.set(answer::TEXT, Value::Text(message.content.clone()));
        args.set(answer::AUTHOR, Value::User(message.author.id.get()));
        let place = command.guild_id.map_or_else(|| "@me".to_owned(), |g| g.get().to_string());
        let link = format!("https://discord.com/channels/{place}/{}/{}", message.channel_id.get(), message.id.get());
        args.set(answer::LINK, Value::Text(link));
    }
    args
}

/// The option being typed into and what has been typed, also within a subcommand.
fn focused(options: &[CommandDataOption]) -> Option<(String, String)> {
    options.iter().find_map(|o| match &o.value {
        CommandDataOptionValue::Autocomplete { value, .. } => Some((o.name.clone(), value.clone())),
        CommandDataOptionValue::SubCommand(inner) => focused(inner),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value as Json, json};

    use super::*;
    use crate::commands::{Value as ArgValue, gaps};

    fn member(user: &str, permissions: Option<&str>) -> Json {
        let mut member = json!({
            "user": {"id": user, "username": "someone", "discriminator": "0", "global_name": null, "avatar": null},
            "roles": [], "joined_at": "2024-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false, "flags": 0,
        });
        if let Some(permissions) = permissions {
            member["permissions"] = json!(permissions);
        }
        member
    }

    /// An interaction as Discord sends it in a guild (type `kind`, `data`), `extra` on top.
    fn interaction(kind: u8, data: Json, extra: Json) -> Json {
        let mut value = json!({
            "id": "1100", "application_id": "1200", "type": kind, "token": "interaction-token", "version": 1,
            "locale": "en-US", "guild_locale": "en-US", "entitlements": [], "attachment_size_limit": 8388608,
            "authorizing_integration_owners": {"0": "1300"}, "context": 0,
            "guild_id": "1300", "channel_id": "1400", "app_permissions": "0", "member": member("1500", None),
            "data": data,
        });
        for (k, v) in extra.as_object().unwrap() {
            value[k] = v.clone();
        }
        value
    }

    fn command(name: &str, options: Json) -> Json {
        interaction(2, json!({"id": "1600", "name": name, "type": 1, "options": options}), json!({}))
    }

    fn bot_message() -> Json {
        json!({
            "id": "1800", "channel_id": "1400", "author": {"id": "1200", "username": "career-bot", "discriminator": "0",
            "global_name": null, "avatar": null, "bot": true}, "content": "", "timestamp": "2024-01-01T00:00:00.000000+00:00",
            "edited_timestamp": null, "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": false, "type": 0, "flags": 0,
            "components": [{"type": 1, "components": [{"type": 2, "style": 4, "label": "Delete", "custom_id": "del:1500"}]}],
        })
    }

    /// What serenity makes of `sent`, read by [`read`].
    fn received(sent: Json) -> Result<Interaction, Unsupported> {
        let received: Received = serde_json::from_value(sent.clone()).unwrap_or_else(|e| panic!("{e}: {sent:#}"));
        read(&received)
    }

    #[test]
    fn ping() {
        let ping = json!({"type": 1, "id": "1", "application_id": "2", "token": "t", "version": 1});
        let i = received(ping).unwrap();
        assert_eq!((i.incoming, i.id, i.application_id, i.token.expose()), (Incoming::Ping, 1, 2, "t"));
        assert_eq!(i.label, "ping");
    }

    #[test]
    fn a_command_keeps_its_options_and_member() {
        let i = received(command(
            "ask",
            json!([
                {"name": "question", "type": 3, "value": "sql or nosql"},
                {"name": "for", "type": 6, "value": "1700"},
                {"name": "private", "type": 5, "value": true},
            ]),
        ))
        .unwrap();
        assert_eq!((i.id, i.token.expose(), i.application_id), (1100, "interaction-token", 1200));
        assert_eq!((i.user, i.guild, i.label.as_str()), (Some(1500), Some(1300), "ask"));
        assert_eq!(
            i.incoming,
            Incoming::Request(Request {
                action: Action::Run(
                    Command::ask("sql or nosql").with("for", ArgValue::User(1700)).with("private", true)
                ),
                context: Context { invoker: Some(1500), guild: Some(1300), permissions: None },
                private: false
            })
        );
    }

    #[test]
    fn a_command_in_a_direct_message_is_by_its_user() {
        let mut dm = command("help", json!([]));
        let fields = dm.as_object_mut().unwrap();
        for key in ["guild_id", "member", "guild_locale"] {
            fields.remove(key);
        }
        dm["user"] = member("1500", None)["user"].clone();
        dm["context"] = json!(1);
        let i = received(dm).unwrap();
        assert_eq!((i.user, i.guild), (Some(1500), None));
    }

    #[test]
    fn a_button_click_keeps_its_custom_id_and_an_autocomplete_its_focused_option() {
        let click =
            interaction(3, json!({"custom_id": "del:1500", "component_type": 2}), json!({"message": bot_message()}));
        let click = received(click).unwrap();
        let mut expected = Request::new_click("del:1500", 1500);
        expected.context.guild = Some(1300);
        assert_eq!(click.incoming, Incoming::Request(expected));
        assert_eq!(click.label, "button:del");
        let typing = interaction(
            4,
            json!({"id": "1600", "name": "ask", "type": 1, "options": [
                {"name": "question", "type": 3, "value": "sal", "focused": true},
            ]}),
            json!({}),
        );
        let auto = received(typing).unwrap();
        assert_eq!(
            auto.incoming,
            Incoming::Autocomplete { command: "ask".into(), option: "question".into(), partial: "sal".into() }
        );
        assert_eq!(auto.label, "autocomplete:ask");
    }

    #[test]
    fn gaps_carries_guild_and_member_permissions() {
        let mut sent = command(
            "gaps",
            json!([{"name": "since", "type": 3, "value": "7d"}, {"name": "limit", "type": 4, "value": 5}]),
        );
        sent["member"] = member("1500", Some("32"));
        let Incoming::Request(request) = received(sent).unwrap().incoming else { panic!("a request") };
        assert_eq!(request.action, Action::Run(Command::new(&gaps::SPEC).with("since", "7d").with("limit", 5)));
        assert_eq!(request.context, Context { invoker: Some(1500), guild: Some(1300), permissions: Some(32) });
    }

    /// A message command used on a message by `author` saying `content`.
    fn on_message(label: &str, content: &str, author: &str) -> Json {
        let message = json!({
            "id": "1700", "channel_id": "1400", "type": 0, "content": content, "tts": false, "pinned": false,
            "author": {"id": author, "username": "newcomer", "discriminator": "0", "global_name": null, "avatar": null},
            "timestamp": "2024-01-01T00:00:00.000000+00:00", "edited_timestamp": null, "mention_everyone": false,
            "mentions": [], "mention_roles": [], "attachments": [], "embeds": [], "flags": 0, "components": [],
        });
        let data = json!({
            "id": "1600", "name": label, "type": 3, "target_id": "1700",
            "resolved": {"messages": {"1700": message}},
        });
        interaction(2, data, json!({}))
    }

    #[test]
    fn a_message_command_reads_the_message_its_author_and_a_link_to_it() {
        let Invoked::Message { label } = answer::SPEC.invoked else { panic!("a message command") };
        let sent = on_message(label, "how much does a senior dev earn?", "1800");
        let Incoming::Request(request) = received(sent).unwrap().incoming else { panic!("a request") };
        let Action::Run(command) = request.action else { panic!("a command") };
        assert_eq!(command.spec, &answer::SPEC);
        assert_eq!(command.args.text(answer::TEXT), Some("how much does a senior dev earn?"));
        assert_eq!(command.args.user(answer::AUTHOR), Some(1800));
        assert_eq!(command.args.text(answer::LINK), Some("https://discord.com/channels/1300/1400/1700"));
        assert_eq!(request.context.invoker, Some(1500), "the member who used it");
        let image = on_message(label, "", "1800");
        let Incoming::Request(request) = received(image).unwrap().incoming else { panic!("a request") };
        let Action::Run(command) = request.action else { panic!("a command") };
        assert_eq!(command.args.text(answer::TEXT), Some(""), "an image's message has no text");
    }

    #[test]
    fn every_declared_option_is_read_from_an_interaction() {
        for spec in commands::COMMANDS {
            if let Invoked::Message { label } = spec.invoked {
                // Its options are read from the message it was used on.
                let sent = on_message(label, "some text", "42");
                let Incoming::Request(request) = received(sent).unwrap().incoming else { panic!("a request") };
                let Action::Run(command) = request.action else { panic!("a command") };
                for option in spec.options {
                    assert!(command.args.get(option.name).is_some(), "{label} {} was not read", option.name);
                }
                continue;
            }
            fn sent(option: &commands::OptionSpec) -> Json {
                let (kind, value) = match option.kind {
                    OptionKind::Text { .. } | OptionKind::EntryOf(_) | OptionKind::ServerEntry => {
                        (3, json!("some text"))
                    }
                    OptionKind::Integer { min } => (4, json!(min + 1)),
                    OptionKind::Flag => (5, json!(true)),
                    OptionKind::User => (6, json!("42")),
                    OptionKind::Subcommand(inner) => {
                        let options: Vec<Json> = inner.iter().map(sent).collect();
                        return json!({"name": option.name, "type": 1, "options": options});
                    }
                };
                json!({"name": option.name, "type": kind, "value": value})
            }
            for option in spec.options {
                let sent = command(spec.name, json!([sent(option)]));
                let Incoming::Request(request) = received(sent).unwrap().incoming else { panic!("a request") };
                let Action::Run(command) = request.action else { panic!("a command") };
                assert!(command.args.get(option.name).is_some(), "/{} {} was not read", spec.name, option.name);
                if let OptionKind::Subcommand(inner) = option.kind {
                    let (_, options) = command.args.subcommand().expect("the subcommand");
                    for nested in inner {
                        assert!(
                            options.get(nested.name).is_some(),
                            "/{} {} {} was not read",
                            spec.name,
                            option.name,
                            nested.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn an_option_of_another_type_or_not_declared_is_left_out() {
        let sent = command(
            "faq",
            json!([{"name": "page", "type": 3, "value": "two"}, {"name": "extra", "type": 4, "value": 3}]),
        );
        let Incoming::Request(request) = received(sent).unwrap().incoming else { panic!("a request") };
        let Action::Run(command) = request.action else { panic!("a command") };
        assert_eq!(command.args, Args::default());
    }

    #[test]
    fn an_unknown_command_is_named() {
        let i = received(command("gone", json!([]))).unwrap();
        assert_eq!(i.incoming, Incoming::UnknownCommand("gone".into()));
        assert_eq!(i.label, "gone");
    }

    #[test]
    fn a_submitted_form_keeps_its_custom_id_each_typed_value_and_the_members_permissions() {
        let input =
            |id: &str, value: &str| json!({"type": 1, "components": [{"type": 4, "custom_id": id, "value": value}]});
        let mut sent = interaction(
            5,
            json!({"custom_id": "kb:add", "components": [input("question", "Where are jobs?"), input("answer", "In #jobs.")]}),
            json!({}),
        );
        sent["member"] = member("1500", Some("32"));
        let form = received(sent).unwrap();
        assert_eq!(form.label, "form:kb");
        let Incoming::Request(request) = form.incoming else { panic!("a request") };
        let fields =
            vec![("question".to_owned(), "Where are jobs?".to_owned()), ("answer".to_owned(), "In #jobs.".to_owned())];
        assert_eq!(request.action, Action::Submit { custom_id: "kb:add".to_owned(), fields });
        assert_eq!(request.context, Context { invoker: Some(1500), guild: Some(1300), permissions: Some(32) });
    }

    #[test]
    fn an_autocomplete_inside_a_subcommand_is_of_its_focused_option() {
        let typing = interaction(
            4,
            json!({"id": "1600", "name": "knowledge", "type": 1, "options": [
                {"name": "edit", "type": 1, "options": [{"name": "entry", "type": 3, "value": "job", "focused": true}]},
            ]}),
            json!({}),
        );
        let auto = received(typing).unwrap();
        assert_eq!(
            auto.incoming,
            Incoming::Autocomplete { command: "knowledge".into(), option: "entry".into(), partial: "job".into() }
        );
    }

    #[test]
    fn an_autocomplete_typing_nowhere_is_unsupported() {
        let nowhere = interaction(
            4,
            json!({"id": "1600", "name": "ask", "type": 1, "options": [{"name": "question", "type": 3, "value": "x"}]}),
            json!({}),
        );
        assert!(received(nowhere).is_err());
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
            assert!(serde_json::from_value::<Received>(bad.clone()).is_err(), "{bad}");
        }
    }

    fn any_json() -> BoxedStrategy<Json> {
        let leaf = prop_oneof![
            Just(Json::Null),
            any::<bool>().prop_map(Json::from),
            any::<i64>().prop_map(Json::from),
            "[a-z0-9]{0,6}".prop_map(Json::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Json::from),
                prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                    .prop_map(|m| Json::Object(m.into_iter().collect())),
            ]
        })
        .boxed()
    }

    proptest! {
        /// Whatever a signed request carries, reading it is an answer or an error, never a panic.
        #[test]
        fn any_payload_is_read_or_refused_without_panicking(
            kind in 0u8..7,
            data in any_json(),
            member in any_json(),
        ) {
            let sent = interaction(kind, data, json!({"member": member}));
            if let Ok(received) = serde_json::from_value::<Received>(sent) {
                let _ = read(&received);
            }
        }
    }
}
