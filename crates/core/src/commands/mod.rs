//! The bot's commands: one module per command, and [`COMMANDS`], the one list that every front
//! end registers and dispatches from. A [`Request`] goes in, an [`Answer`] comes out; nothing
//! here knows which front end asked.

pub mod ask;
pub mod button;
pub mod faq;
pub mod gaps;
pub mod help;
pub mod registry;
pub mod roadmap;
pub mod role;
pub mod salary;

use crate::Bot;
use crate::feedback::{Filter, Record};
use crate::knowledge::{EntryRef, Kind};
use crate::reply::{Embed, Response};
use crate::search::Confidence;

/// What a user asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// A free question; `target` is the user the answer is pointed at (`for:`).
    Ask {
        question: String,
        target: Option<u64>,
    },
    Salary {
        level: Option<String>,
    },
    Roadmap {
        topic: Option<String>,
    },
    Role {
        level: Option<String>,
    },
    /// A page of the FAQ list (1-based).
    Faq {
        page: Option<usize>,
    },
    Help,
    /// The gaps report, for a server's moderators. `guild` and `permissions` (the member's
    /// permission bits) come from the interaction; the command itself decides who may see it.
    Gaps {
        since: Option<String>,
        limit: Option<i64>,
        guild: Option<u64>,
        permissions: Option<u64>,
    },
    /// A click on one of the bot's buttons.
    Button {
        custom_id: String,
    },
}

/// A command with who asked and how the answer should be shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub command: Command,
    /// The Discord user id of who asked or clicked (none in the terminal).
    pub invoker: Option<u64>,
    /// Show the answer to the invoker only.
    pub private: bool,
}

impl Request {
    pub fn new(command: Command) -> Self {
        Request { command, invoker: None, private: false }
    }

    /// A click on the button with `custom_id` by `user`.
    pub fn new_click(custom_id: &str, user: u64) -> Self {
        Request { command: Command::Button { custom_id: custom_id.to_owned() }, invoker: Some(user), private: false }
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
        }
    }
}

/// The kind of a command option, as Discord registers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// Free text, with a length limit and optionally autocomplete.
    Text {
        max_length: u16,
        autocomplete: bool,
    },
    /// One of the ids of a kind of entry (choices come from the knowledge base).
    EntryOf(Kind),
    User,
    Flag,
    Integer {
        min: i64,
    },
}

/// One option of a command.
#[derive(Debug, Clone, Copy)]
pub struct OptionSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub kind: OptionKind,
    pub required: bool,
}

/// One command, as every front end registers it.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub options: &'static [OptionSpec],
    /// Example invocations for `/help`.
    pub examples: &'static [&'static str],
    /// Discord's `default_member_permissions` (a permission bit set, as a decimal string): the
    /// command is hidden from members without them, and `/help` leaves it out. `None`: everyone.
    pub member_permissions: Option<&'static str>,
}

/// Every command of the bot, in the order `/help` lists them.
pub const COMMANDS: &[CommandSpec] =
    &[ask::SPEC, salary::SPEC, roadmap::SPEC, role::SPEC, faq::SPEC, help::SPEC, gaps::SPEC];

/// Answers a request.
pub fn handle(bot: &Bot, request: &Request) -> Answer {
    let mut answer = match &request.command {
        Command::Ask { question, target } => ask::run(bot, question, *target, request.invoker),
        Command::Salary { level } => salary::run(bot, level.as_deref()),
        Command::Roadmap { topic } => roadmap::run(bot, topic.as_deref()),
        Command::Role { level } => role::run(bot, level.as_deref()),
        Command::Faq { page } => faq::run(bot, page.unwrap_or(1), request.invoker),
        Command::Help => help::run(bot),
        Command::Gaps { since, limit, guild, permissions } => gaps::run(since.as_deref(), *limit, *guild, *permissions),
        Command::Button { custom_id } => return button::run(bot, custom_id, request.invoker),
    };
    if let Response::Message(reply) = &mut answer.response {
        if request.private {
            reply.ephemeral = true;
        }
        if !reply.ephemeral {
            // A shown answer to a question can be rated; lists and declines have nothing to rate.
            let rated = matches!(answer.outcome, Outcome::Answered | Outcome::Suggested);
            if let (Command::Ask { .. }, Some(shown), true) = (&request.command, &answer.matched, rated) {
                button::add_votes(reply, &shown.entry);
            }
            if let Some(invoker) = request.invoker {
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
/// `databse`, `system design`). Failing that, the refusal lists the valid values.
pub fn resolve_option(bot: &Bot, kind: Kind, given: &str, what: &str) -> Result<Match, Box<Answer>> {
    let kb = bot.knowledge();
    let wanted = given.trim().to_lowercase();
    let exact = kb.entries().into_iter().find(|e| e.kind == kind && e.id == wanted);
    if let Some(entry) = exact {
        return Ok(matched(bot, &entry, 1.0));
    }
    if let Some(hit) = bot.matcher().find_in(kind, given) {
        return Ok(matched(bot, &hit.entry, hit.score));
    }
    let valid: Vec<String> =
        kb.entries().into_iter().filter(|e| e.kind == kind).map(|e| format!("`{}`", e.id)).collect();
    let shown = crate::reply::neutralise::neutralise(&crate::reply::neutralise::one_line(given), 60);
    let (title, description) = crate::reply::text::unknown_option(what, &shown, &valid.join(", "));
    Err(Box::new(Answer::refusal(note(&title, &description, crate::reply::text::COLOUR_DECLINE))))
}
