//! The bot's commands: one module per command, each declaring itself once in a
//! [`CommandSpec`], and [`COMMANDS`], the one list that every front end registers, dispatches
//! and draws its terminal subcommands from. A [`Request`] goes in, an [`Answer`] comes out;
//! nothing here knows which front end asked.
//!
//! Adding a command: a new file with its `SPEC` (name, description, options, how it runs) and
//! one entry in [`COMMANDS`].

pub mod answer;
pub mod args;
pub mod ask;
pub mod button;
pub mod custom_id;
pub mod faq;
pub mod forum;
pub mod gaps;
pub mod help;
pub mod knowledge;
pub mod reason;
pub mod registry;
pub mod roadmap;
pub mod role;
pub mod salary;
pub mod sources;
pub mod spec;
pub mod submit;

use crate::Bot;
use crate::feedback::{Filter, Record};
use crate::knowledge::{EntryRef, Kind};
use crate::reply::{Embed, Response};
use crate::search::Confidence;

pub use args::{Args, Value};
pub use custom_id::CustomId;
pub use spec::{CommandSpec, Install, Invoked, OptionKind, OptionSpec, Place, Reach};

/// Every command of the bot, in the order `/help` lists them.
pub const COMMANDS: &[&CommandSpec] = &[
    &ask::SPEC,
    &salary::SPEC,
    &roadmap::SPEC,
    &role::SPEC,
    &faq::SPEC,
    &help::SPEC,
    &gaps::SPEC,
    &knowledge::SPEC,
    &answer::SPEC,
];

/// The command named `name` (its terminal name, or the name Discord sends for it).
pub fn find(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().copied().find(|c| c.name == name || c.discord_name() == name)
}

/// The command that shows one entry of `kind`, named by one of its options (`/salary level:`),
/// if any. The matcher knows every entry of the kind by that command's name as well ("senior
/// salary", "databases roadmap"), so a new command that shows a kind needs no edit there.
pub fn showing(kind: Kind) -> Option<&'static CommandSpec> {
    COMMANDS.iter().copied().find(|c| c.options.iter().any(|o| o.kind == OptionKind::EntryOf(kind)))
}

/// One invocation of a command: which, and its option values.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    pub spec: &'static CommandSpec,
    pub args: Args,
}

impl Command {
    /// `spec` with no options given.
    pub fn new(spec: &'static CommandSpec) -> Self {
        Command { spec, args: Args::default() }
    }

    /// A free question, as `/ask question:<text>` asks it.
    pub fn ask(question: &str) -> Self {
        Command::new(&ask::SPEC).with(ask::QUESTION, question)
    }

    /// `self` with the option `name` set. The option must be one the command declares.
    pub fn with(mut self, name: &str, value: impl Into<Value>) -> Self {
        debug_assert!(self.spec.option(name).is_some(), "/{} declares no option `{name}`", self.spec.name);
        self.args.set(name, value.into());
        self
    }
}

/// What a user did: run a command, or click one of the bot's buttons.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Run(Command),
    /// A click on the button with this custom id (as sent: it may be stale or forged).
    Click(String),
    /// A form (a modal) submitted: its custom id and each input's id with what was typed.
    Submit {
        custom_id: String,
        fields: Vec<(String, String)>,
    },
}

/// Who asked and where, beyond the options: what a command may need to decide.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context {
    /// The Discord user id of who asked or clicked (none in the terminal).
    pub invoker: Option<u64>,
    /// The server it happened in (none in DMs and the terminal).
    pub guild: Option<u64>,
    /// The member's resolved permission bits, where Discord sends them.
    pub permissions: Option<u64>,
}

/// An action with who asked and how the answer should be shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub action: Action,
    pub context: Context,
    /// Show the answer to the invoker only (also when a command's `private` option is true).
    pub private: bool,
}

impl Request {
    pub fn new(command: Command) -> Self {
        Request { action: Action::Run(command), context: Context::default(), private: false }
    }

    /// `command` run by `user`.
    pub fn by(command: Command, user: u64) -> Self {
        Request { context: Context { invoker: Some(user), ..Context::default() }, ..Request::new(command) }
    }

    /// A click on the button with `custom_id` by `user`.
    pub fn new_click(custom_id: &str, user: u64) -> Self {
        Request {
            action: Action::Click(custom_id.to_owned()),
            context: Context { invoker: Some(user), ..Context::default() },
            private: false,
        }
    }

    /// The invoker's user id.
    pub fn invoker(&self) -> Option<u64> {
        self.context.invoker
    }

    /// For logs and metrics: the command's name, or `button:<kind>`.
    pub fn label(&self) -> String {
        match &self.action {
            Action::Run(command) => command.spec.name.to_owned(),
            Action::Click(id) => format!("button:{}", id.parse::<CustomId>().map_or("unknown", |c| c.kind())),
            Action::Submit { custom_id, .. } => {
                format!("form:{}", custom_id.parse::<CustomId>().map_or("unknown", |c| c.kind()))
            }
        }
    }
}

/// An entry a reply is about, with how well it matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub entry: EntryRef,
    pub title: String,
    pub score: f32,
}

/// The core's answer: the response to send, and what it matched (for logs, metrics, `--json`).
/// The core does no I/O: what needs a database is asked of the front end here.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub response: Response,
    pub matched: Option<Match>,
    pub suggestions: Vec<Match>,
    pub outcome: Outcome,
    /// Something to record for the maintainers (a missed question, a vote): a front end that
    /// records pushes it to its recorder (the insights crate) with the guild and user.
    pub record: Option<Record>,
    /// A gaps report to read: a front end with an insights database reads it with this filter
    /// and sends [`gaps::reply`] instead of `response` (which says that nothing is recorded).
    pub report: Option<Filter>,
    /// A change to the asking server's own entries to store: a front end with an insights
    /// database applies it and sends what [`knowledge::outcome`] says instead of `response`
    /// (which says that nothing can be stored).
    pub edit: Option<knowledge::Edit>,
}

/// How a request went, for logs and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Answered,
    Suggested,
    Declined,
    /// A refusal: a button that is not the clicker's, an unknown option value.
    Refused,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::Suggested => "suggested",
            Outcome::Declined => "declined",
            Outcome::Refused => "refused",
        }
    }
}

impl From<Confidence> for Outcome {
    fn from(c: Confidence) -> Self {
        match c {
            Confidence::Sure => Outcome::Answered,
            Confidence::Unsure => Outcome::Suggested,
            Confidence::Unknown => Outcome::Declined,
        }
    }
}

impl Answer {
    /// A plain answer that matched nothing in particular (lists, help).
    pub fn plain(response: Response) -> Self {
        Answer {
            response,
            matched: None,
            suggestions: Vec::new(),
            outcome: Outcome::Answered,
            record: None,
            report: None,
            edit: None,
        }
    }

    /// A refusal shown to the invoker only.
    pub fn refusal(response: Response) -> Self {
        Answer {
            response,
            matched: None,
            suggestions: Vec::new(),
            outcome: Outcome::Refused,
            record: None,
            report: None,
            edit: None,
        }
    }
}

/// Answers a request.
pub fn handle(bot: &Bot, request: &Request) -> Answer {
    let (mut answer, command) = match &request.action {
        Action::Run(command) => ((command.spec.run)(bot, &command.args, &request.context), Some(command)),
        Action::Click(custom_id) => return button::run(bot, custom_id, &request.context),
        Action::Submit { custom_id, fields } => return submit::run(bot, custom_id, fields, &request.context),
    };
    let private = request.private || command.and_then(|c| c.args.flag(ask::PRIVATE)) == Some(true);
    if let Response::Message(reply) = &mut answer.response {
        if private {
            reply.ephemeral = true;
        }
        // A shown answer to a question can be rated, or shared from a private answer; lists and
        // declines have nothing to rate.
        let rated = matches!(answer.outcome, Outcome::Answered | Outcome::Suggested);
        let shown = answer.matched.as_ref().filter(|_| rated && command.is_some_and(|c| c.spec.rated));
        if reply.ephemeral {
            if let (Some(shown), Some(invoker)) = (shown, request.context.invoker) {
                button::add_post(reply, &shown.entry, invoker);
            }
        } else {
            if let Some(shown) = shown {
                button::add_votes(reply, &shown.entry);
            }
            if let Some(invoker) = request.context.invoker {
                button::add_delete(reply, invoker);
            }
        }
    }
    answer
}

/// The embed of one entry in its kind's own layout.
pub fn entry_embed(bot: &Bot, entry: &EntryRef) -> Option<Embed> {
    let kb = bot.knowledge();
    match entry.kind {
        Kind::Faq => kb.faq(&entry.id).map(|f| faq::embed(kb, f)),
        Kind::Salary => kb.tier(&entry.id).map(|t| salary::embed(kb, t)),
        Kind::Role => kb.role(&entry.id).map(|r| role::embed(kb, r)),
        Kind::Topic => kb.topic(&entry.id).map(|t| roadmap::embed(kb, t)),
    }
}

/// A [`Match`] for an entry with a score.
pub fn matched(bot: &Bot, entry: &EntryRef, score: f32) -> Match {
    Match { entry: entry.clone(), title: bot.knowledge().title(entry).unwrap_or_default().to_owned(), score }
}

/// An ephemeral one-embed reply, for refusals and notes.
pub fn note(title: &str, description: &str, colour: u32) -> Response {
    Response::Message(crate::reply::Reply {
        embeds: vec![Embed {
            title: title.to_owned(),
            description: description.to_owned(),
            colour,
            ..Embed::default()
        }],
        ephemeral: true,
        ..crate::reply::Reply::default()
    })
}

/// The shape `/salary`, `/roadmap` and `/role` share: the entry an option names, in its kind's
/// layout; without the option, the overview of the whole kind; with an option that names
/// nothing, a refusal listing the valid values.
pub fn one_or_all(
    bot: &Bot,
    kind: Kind,
    given: Option<&str>,
    what: &str,
    empty: (&str, &str, u32),
    overview: impl FnOnce(&crate::knowledge::KnowledgeBase) -> Embed,
) -> Answer {
    let kb = bot.knowledge();
    let message =
        |embed| Response::Message(crate::reply::Reply { embeds: vec![embed], ..crate::reply::Reply::default() });
    match given.filter(|g| !g.trim().is_empty()) {
        None if kb.counts()[kind as usize].1 == 0 => Answer::plain(note(empty.0, empty.1, empty.2)),
        None => Answer::plain(message(overview(kb))),
        Some(given) => match resolve_option(bot, kind, given, what) {
            Ok(found) => {
                let embed = entry_embed(bot, &found.entry).expect("resolve_option returns existing entries");
                Answer { matched: Some(found), ..Answer::plain(message(embed)) }
            }
            Err(refusal) => *refusal,
        },
    }
}

/// Finds the entry of `kind` an option value names: its id, or a fuzzy match (`sr`,
/// `databse`, `system design`). Failing that, the refusal lists the valid values. A value longer
/// than any autocomplete choice can be (Discord's 100 characters) names no entry and is refused.
pub fn resolve_option(bot: &Bot, kind: Kind, given: &str, what: &str) -> Result<Match, Box<Answer>> {
    let kb = bot.knowledge();
    if given.chars().count() <= crate::reply::limits::CHOICE_VALUE {
        let wanted = given.trim().to_lowercase();
        let exact = kb.entries().into_iter().find(|e| e.kind == kind && e.id == wanted);
        if let Some(entry) = exact {
            return Ok(matched(bot, &entry, 1.0));
        }
        if let Some(hit) = bot.matcher().find_in(kind, given) {
            return Ok(matched(bot, &hit.entry, hit.score));
        }
    }
    let valid: Vec<String> =
        kb.entries().into_iter().filter(|e| e.kind == kind).map(|e| format!("`{}`", e.id)).collect();
    let shown = crate::reply::neutralise::neutralise(&crate::reply::neutralise::one_line(given), 60);
    let (title, description) = crate::reply::text::unknown_option(what, &shown, &valid.join(", "));
    Err(Box::new(Answer::refusal(note(&title, &description, crate::reply::text::COLOUR_DECLINE))))
}

impl From<Command> for Action {
    fn from(command: Command) -> Self {
        Action::Run(command)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_shown_by_the_command_whose_option_names_its_entries() {
        let shown: Vec<(Kind, Option<&str>)> = Kind::ALL.into_iter().map(|k| (k, showing(k).map(|c| c.name))).collect();
        assert_eq!(
            shown,
            [
                (Kind::Faq, None),
                (Kind::Salary, Some("salary")),
                (Kind::Role, Some("role")),
                (Kind::Topic, Some("roadmap"))
            ]
        );
    }
}
