//! `/knowledge add|edit|remove|history`: a server's moderators teach the bot answers of
//! their own. Hidden from members without Manage Server, and checked again on every use
//! (the command, the form's submission, the removal's confirmation).
//!
//! - [`form`]: the form (a modal) an entry is written in, and reading its submission.
//! - [`outcome`]: the replies once the front end has stored the change, or could not.
//!
//! Storing needs the insights database, which the core does not touch: like `/gaps`, the
//! answer carries an [`Edit`] for the front end to apply (with [`Answer::edit`]); its response
//! is what to show when there is no database to apply it to.

pub mod form;
pub mod outcome;

use super::spec::no_samples;
use super::{Answer, Args, CommandSpec, Context, CustomId, Invoked, OptionKind, OptionSpec, Reach, gaps, note};
use crate::Bot;
use crate::knowledge::Faq;
use crate::knowledge::server::ServerEntry;
use crate::reply::neutralise::{neutralise, one_line};
use crate::reply::text::{self, COLOUR_DECLINE, COLOUR_HELP};
use crate::reply::{Button, ButtonStyle, Embed, Reply, Response};

/// The subcommands.
pub const ADD: &str = "add";
pub const EDIT: &str = "edit";
pub const REMOVE: &str = "remove";
pub const HISTORY: &str = "history";
/// The option naming one of the server's entries.
pub const ENTRY: &str = "entry";
/// How many changes `history` shows.
pub const HISTORY_SHOWN: usize = 10;

const ENTRY_OPTION: OptionSpec = OptionSpec {
    name: ENTRY,
    description: "One of this server's own answers",
    kind: OptionKind::ServerEntry,
    required: true,
};

pub const SPEC: CommandSpec = CommandSpec {
    name: "knowledge",
    invoked: Invoked::Slash,
    description: "Teach me this server's own answers (Manage Server only)",
    options: &[
        OptionSpec {
            name: ADD,
            description: "Write a new answer for this server",
            kind: OptionKind::Subcommand(&[]),
            required: false,
        },
        OptionSpec {
            name: EDIT,
            description: "Change one of this server's answers",
            kind: OptionKind::Subcommand(&[ENTRY_OPTION]),
            required: false,
        },
        OptionSpec {
            name: REMOVE,
            description: "Remove one of this server's answers",
            kind: OptionKind::Subcommand(&[ENTRY_OPTION]),
            required: false,
        },
        OptionSpec {
            name: HISTORY,
            description: "The last changes to this server's answers, and who made them",
            kind: OptionKind::Subcommand(&[]),
            required: false,
        },
    ],
    examples: &["/knowledge add", "/knowledge edit entry:where-do-we-post-job-openings", "/knowledge history"],
    member_permissions: Some("32"),
    reach: Reach::SERVERS,
    rated: false,
    run,
    samples: no_samples,
};

/// A change to a server's entries (or a read of their history) for the front end to apply to
/// the insights database, in the server the request came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// A new entry (its id is made from its question when stored).
    Add(ServerEntry),
    /// The entry with the same id, replaced.
    Replace(ServerEntry),
    /// The entry with this id, removed.
    Remove(String),
    /// The last [`HISTORY_SHOWN`] changes, to show.
    History,
}

/// The guild a moderator of it asked in, or the refusal to show anyone else.
pub fn moderator(context: &Context) -> Result<u64, Box<Answer>> {
    let Some(guild) = context.guild else {
        return Err(Box::new(Answer::refusal(note(text::KNOWLEDGE_GUILD_ONLY, "", COLOUR_HELP))));
    };
    if gaps::manages_the_server(context.permissions) {
        Ok(guild)
    } else {
        Err(Box::new(Answer::refusal(note(text::KNOWLEDGE_NOT_ALLOWED, "", COLOUR_DECLINE))))
    }
}

/// An answer asking the front end to apply `edit`; shown as it is where nothing is stored.
pub fn apply(edit: Edit) -> Answer {
    Answer { edit: Some(edit), ..Answer::plain(note(text::KNOWLEDGE_TITLE, text::KNOWLEDGE_OFF, COLOUR_DECLINE)) }
}

fn run(bot: &Bot, args: &Args, context: &Context) -> Answer {
    if let Err(refusal) = moderator(context) {
        return *refusal;
    }
    let Some((subcommand, options)) = args.subcommand() else {
        return Answer::refusal(note(text::KNOWLEDGE_TITLE, text::KNOWLEDGE_PICK, COLOUR_HELP));
    };
    match subcommand {
        ADD => Answer::plain(Response::Modal(form::modal(None, None))),
        EDIT => match own_entry(bot, options.text(ENTRY)) {
            Ok(faq) => Answer::plain(Response::Modal(form::modal(Some(faq), None))),
            Err(refusal) => *refusal,
        },
        REMOVE => match own_entry(bot, options.text(ENTRY)) {
            Ok(faq) => Answer::plain(confirm_removal(faq, context.invoker.unwrap_or(0))),
            Err(refusal) => *refusal,
        },
        HISTORY => apply(Edit::History),
        _ => Answer::refusal(note(text::KNOWLEDGE_TITLE, text::KNOWLEDGE_PICK, COLOUR_HELP)),
    }
}

/// The server's own entry an option names, by id (as autocomplete offers them) or by its
/// question; anything else is refused with a pointer to the autocomplete.
pub fn own_entry<'b>(bot: &'b Bot, given: Option<&str>) -> Result<&'b Faq, Box<Answer>> {
    let given = given.unwrap_or_default().trim();
    let kb = bot.knowledge();
    let found =
        kb.faqs.iter().filter(|f| f.from_server).find(|f| f.id == given || f.question.eq_ignore_ascii_case(given));
    found.ok_or_else(|| {
        let shown = neutralise(&one_line(given), 60);
        Box::new(Answer::refusal(note(&text::knowledge_unknown(&shown), text::KNOWLEDGE_UNKNOWN_HINT, COLOUR_DECLINE)))
    })
}

/// "Remove this entry?", with the button that does it and one that keeps it.
fn confirm_removal(faq: &Faq, owner: u64) -> Response {
    let question = neutralise(&faq.question, 200);
    let embed = Embed {
        title: text::KNOWLEDGE_REMOVE_TITLE.to_owned(),
        description: text::knowledge_remove_confirm(&question, &faq.id),
        colour: COLOUR_DECLINE,
        ..Embed::default()
    };
    let remove = Button {
        label: text::KNOWLEDGE_REMOVE_LABEL.to_owned(),
        custom_id: CustomId::KnowledgeRemove { id: faq.id.clone(), owner }.to_string(),
        style: ButtonStyle::Danger,
        disabled: false,
    };
    let keep = Button {
        label: text::KNOWLEDGE_KEEP_LABEL.to_owned(),
        custom_id: CustomId::Delete { owner }.to_string(),
        style: ButtonStyle::Secondary,
        disabled: false,
    };
    Response::Message(Reply {
        embeds: vec![embed],
        rows: vec![vec![remove, keep]],
        ephemeral: true,
        ..Reply::default()
    })
}

/// A click on "Remove" under the confirmation: checked again, then the removal to apply.
pub fn removal_confirmed(bot: &Bot, id: &str, context: &Context) -> Answer {
    if let Err(refusal) = moderator(context) {
        return *refusal;
    }
    match own_entry(bot, Some(id)) {
        Ok(faq) => apply(Edit::Remove(faq.id.clone())),
        Err(refusal) => *refusal,
    }
}

#[cfg(test)]
mod tests;
