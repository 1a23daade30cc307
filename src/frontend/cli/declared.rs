//! The terminal form of every declared command, drawn from [`COMMANDS`] with clap's builder:
//! text and entry options are positional (a required text option takes every word given),
//! integers, flags and users are `--name` options. Nothing here names a command.
//!
//! A command whose required text option is left out reads it from each line of standard
//! input instead (`career-bot ask` answers a file of questions, loading the knowledge once).

use clap::{Arg, ArgAction, ArgMatches, value_parser};

use crate::commands::{Args, COMMANDS, CommandSpec, OptionKind, OptionSpec, Value};

/// The subcommands of every declared command whose name no maintainer subcommand takes.
pub fn subcommands(taken: impl Fn(&str) -> bool) -> Vec<clap::Command> {
    COMMANDS.iter().filter(|spec| !taken(spec.name)).map(|spec| subcommand(spec)).collect()
}

fn subcommand(spec: &'static CommandSpec) -> clap::Command {
    with_options(clap::Command::new(spec.name).about(spec.description), spec, spec.options)
}

/// `command` taking `options`: a subcommand option is a subcommand of its own.
fn with_options(
    mut command: clap::Command,
    spec: &'static CommandSpec,
    options: &'static [OptionSpec],
) -> clap::Command {
    for option in options {
        command = match option.kind {
            OptionKind::Subcommand(inner) => {
                command.subcommand(with_options(clap::Command::new(option.name).about(option.description), spec, inner))
            }
            _ => command.arg(arg(spec, option)),
        };
    }
    command
}

/// Whether an optional text is given as `--name VALUE`: when the command's required text takes
/// every word after it (`career-bot answer TEXT... --link URL`).
pub fn is_long_text(spec: &CommandSpec, option: &OptionSpec) -> bool {
    matches!(option.kind, OptionKind::Text { .. })
        && !option.required
        && spec.options.iter().any(|o| o.required && matches!(o.kind, OptionKind::Text { .. }))
}

fn arg(spec: &CommandSpec, option: &'static OptionSpec) -> Arg {
    let arg = Arg::new(option.name).help(option.description).value_name(option.name.to_uppercase());
    match option.kind {
        OptionKind::Text { .. } if option.required => arg.num_args(0..).action(ArgAction::Append),
        OptionKind::Text { .. } if is_long_text(spec, option) => arg.long(option.name),
        OptionKind::Text { .. } | OptionKind::EntryOf(_) | OptionKind::ServerEntry => arg,
        OptionKind::Subcommand(_) => unreachable!("a subcommand option is a subcommand, not an argument"),
        OptionKind::Integer { min } => arg.long(option.name).value_parser(value_parser!(i64).range(min..)),
        OptionKind::Flag => arg.long(option.name).action(ArgAction::SetTrue),
        OptionKind::User => arg.long(option.name).value_parser(value_parser!(u64)),
    }
}

/// The declared options as typed on the command line.
pub fn args(spec: &CommandSpec, matches: &ArgMatches) -> Args {
    options(spec.options, matches)
}

fn options(declared: &[OptionSpec], matches: &ArgMatches) -> Args {
    let mut args = Args::default();
    for option in declared {
        let value = match option.kind {
            OptionKind::Text { .. } if option.required => matches
                .get_many::<String>(option.name)
                .map(|words| words.map(String::as_str).collect::<Vec<_>>().join(" "))
                .filter(|text| !text.is_empty())
                .map(Value::Text),
            OptionKind::Text { .. } | OptionKind::EntryOf(_) | OptionKind::ServerEntry => {
                matches.get_one::<String>(option.name).cloned().map(Value::Text)
            }
            OptionKind::Subcommand(inner) => match matches.subcommand() {
                Some((name, sub)) if name == option.name => Some(Value::Sub(options(inner, sub))),
                _ => None,
            },
            OptionKind::Integer { .. } => matches.get_one::<i64>(option.name).copied().map(Value::Integer),
            OptionKind::Flag => matches.get_flag(option.name).then_some(Value::Flag(true)),
            OptionKind::User => matches.get_one::<u64>(option.name).copied().map(Value::User),
        };
        if let Some(value) = value {
            args.set(option.name, value);
        }
    }
    args
}

/// The required text option a command reads from standard input when it is not given.
pub fn line_option(spec: &CommandSpec, args: &Args) -> Option<&'static str> {
    spec.options
        .iter()
        .find(|o| o.required && matches!(o.kind, OptionKind::Text { .. }) && args.get(o.name).is_none())
        .map(|o| o.name)
}

/// What was asked, as `--json` reports it: a question's own text, else the slash command as
/// it would be typed in Discord (`/salary level:senior`).
pub fn query(spec: &CommandSpec, args: &Args) -> String {
    let question = spec.options.first().filter(|o| o.required && matches!(o.kind, OptionKind::Text { .. }));
    if let Some(text) = question.and_then(|o| args.text(o.name)) {
        return text.to_owned();
    }
    format!("/{}{}", spec.name, typed(args))
}

/// Options as typed after a slash command: ` name:value`, a subcommand by its name.
fn typed(args: &Args) -> String {
    let mut out = String::new();
    for (name, value) in args.iter() {
        let shown = match value {
            Value::Text(text) => text.clone(),
            Value::Integer(n) => n.to_string(),
            Value::Flag(flag) => flag.to_string(),
            Value::User(id) => id.to_string(),
            Value::Sub(inner) => {
                out.push_str(&format!(" {name}{}", typed(inner)));
                continue;
            }
        };
        out.push_str(&format!(" {name}:{shown}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &[&str]) -> (&'static CommandSpec, Args) {
        let root = clap::Command::new("career-bot").disable_help_subcommand(true).subcommands(subcommands(|_| false));
        let matches = root.try_get_matches_from(std::iter::once("career-bot").chain(line.iter().copied())).unwrap();
        let (name, sub) = matches.subcommand().unwrap();
        let spec = crate::commands::find(name).unwrap();
        (spec, args(spec, sub))
    }

    #[test]
    fn every_declared_option_is_read_from_the_command_line() {
        for spec in COMMANDS {
            for option in spec.options {
                let mut line = vec![spec.name.to_owned()];
                match option.kind {
                    OptionKind::Text { .. } if is_long_text(spec, option) => {
                        line.extend([format!("--{}", option.name), "some-value".to_owned()])
                    }
                    OptionKind::Text { .. } | OptionKind::EntryOf(_) | OptionKind::ServerEntry => {
                        line.push("some-value".to_owned())
                    }
                    OptionKind::Integer { min } => line.extend([format!("--{}", option.name), (min + 1).to_string()]),
                    OptionKind::Flag => line.push(format!("--{}", option.name)),
                    OptionKind::User => line.extend([format!("--{}", option.name), "42".to_owned()]),
                    OptionKind::Subcommand(inner) => {
                        line.push(option.name.to_owned());
                        // Every option of the subcommand, each an entry named positionally.
                        assert!(
                            inner.iter().all(|o| o.kind == OptionKind::ServerEntry),
                            "/{} {}",
                            spec.name,
                            option.name
                        );
                        line.extend(inner.iter().map(|_| "some-value".to_owned()));
                    }
                }
                let words: Vec<&str> = line.iter().map(String::as_str).collect();
                let (_, args) = parse(&words);
                assert!(args.get(option.name).is_some(), "/{} {} was not read from {line:?}", spec.name, option.name);
            }
        }
    }

    #[test]
    fn a_question_takes_the_rest_of_the_line() {
        let (spec, args) = parse(&["ask", "sql", "or", "nosql?", "--private"]);
        assert_eq!((args.text("question"), args.flag("private")), (Some("sql or nosql?"), Some(true)));
        assert_eq!(query(spec, &args), "sql or nosql?");
        let (spec, args) = parse(&["ask", "--private", "sql", "or", "nosql?"]);
        assert_eq!((args.text("question"), args.flag("private")), (Some("sql or nosql?"), Some(true)));
        assert_eq!(line_option(spec, &args), None);
        let (spec, args) = parse(&["ask"]);
        assert_eq!(line_option(spec, &args), Some("question"));
    }

    #[test]
    fn queries_read_like_the_slash_command() {
        let (spec, args) = parse(&["salary", "sr"]);
        assert_eq!(query(spec, &args), "/salary level:sr");
        let (spec, args) = parse(&["faq", "--page", "2"]);
        assert_eq!(query(spec, &args), "/faq page:2");
        let (spec, args) = parse(&["help"]);
        assert_eq!(query(spec, &args), "/help");
        let (spec, args) = parse(&["knowledge", "edit", "jobs"]);
        assert_eq!(query(spec, &args), "/knowledge edit entry:jobs");
        assert_eq!(args.subcommand().and_then(|(_, o)| o.text("entry")), Some("jobs"));
    }

    #[test]
    fn an_integer_below_its_minimum_is_refused() {
        let root = clap::Command::new("career-bot").disable_help_subcommand(true).subcommands(subcommands(|_| false));
        assert!(root.try_get_matches_from(["career-bot", "faq", "--page", "0"]).is_err());
    }
}
