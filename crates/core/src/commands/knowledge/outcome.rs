//! The replies to `/knowledge` once the front end applied the [`super::Edit`]: saved, removed,
//! refused with every problem by field and the typed text given back, the history, or the
//! database unavailable. All are shown to the moderator alone.

use crate::commands::ask::truncate;
use crate::knowledge::Problem;
use crate::knowledge::server::{ChangeRow, ServerEntry};
use crate::reply::neutralise::{neutralise, one_line};
use crate::reply::text::{self, COLOUR_DECLINE, COLOUR_FAQ, COLOUR_HELP};
use crate::reply::{Embed, Field, Reply, limits};

/// Saved: members of the server are answered with `entry` from now on.
pub fn saved(entry: &ServerEntry, added: bool) -> Reply {
    let embed = Embed {
        title: truncate(&text::knowledge_saved(added, &one_line(&entry.question)), limits::EMBED_TITLE),
        description: truncate(&entry.answer, 1000),
        footer: Some(text::knowledge_saved_footer(&entry.id)),
        colour: COLOUR_FAQ,
        ..Embed::default()
    };
    private(vec![embed])
}

/// Removed: nobody is answered with the entry any more.
pub fn removed(id: &str) -> Reply {
    private(vec![Embed {
        title: text::KNOWLEDGE_REMOVED.to_owned(),
        description: text::knowledge_removed(id),
        colour: COLOUR_HELP,
        ..Embed::default()
    }])
}

/// Not saved: each problem under the field it is in, then what was typed, whole, so that it
/// can be copied back into the form. What was typed always fits (the form's limits see to it);
/// the problems share what is left of Discord's 6,000 characters.
pub fn refused(problems: &[Problem], typed: Option<&ServerEntry>) -> Reply {
    let mut embeds = vec![Embed {
        title: text::KNOWLEDGE_REFUSED.to_owned(),
        description: text::KNOWLEDGE_REFUSED_DETAIL.to_owned(),
        colour: COLOUR_DECLINE,
        ..Embed::default()
    }];
    if let Some(entry) = typed {
        let block = |text: &str| format!("```\n{}\n```", text.replace("```", "'''"));
        let mut parts = vec![format!("**{}**\n{}", label("question"), block(&entry.question))];
        if !entry.phrasings.is_empty() {
            parts.push(format!("**{}**\n{}", label("phrasings"), block(&entry.phrasings.join("\n"))));
        }
        if !entry.tags.is_empty() {
            parts.push(format!("**{}**\n{}", label("tags"), block(&entry.tags.join(", "))));
        }
        embeds.push(Embed {
            title: text::KNOWLEDGE_TYPED.to_owned(),
            description: parts.join("\n"),
            colour: COLOUR_HELP,
            ..Embed::default()
        });
        if !entry.answer.is_empty() {
            embeds.push(Embed {
                title: label("answer"),
                description: block(&entry.answer),
                colour: COLOUR_HELP,
                ..Embed::default()
            });
        }
    }
    let used: usize = embeds.iter().map(|e| e.title.chars().count() + e.description.chars().count()).sum();
    let shown = problems.len().clamp(1, limits::EMBED_FIELDS);
    let each = (limits::EMBEDS_TOTAL.saturating_sub(used + 200) / shown).clamp(80, limits::FIELD_VALUE);
    for problem in problems.iter().take(shown) {
        let field = problem.field.as_deref().map_or_else(|| text::KNOWLEDGE_WHOLE.to_owned(), label);
        let value = format!("{} ({})", problem.message, problem.hint);
        embeds[0].fields.push(Field::new(truncate(&field, 40), truncate(&value, each - 40)));
    }
    let mut reply = private(embeds);
    let mut left_out = problems.len() - reply.embeds[0].fields.len();
    while !limits::violations(&reply).is_empty() && reply.embeds[0].fields.len() > 1 {
        reply.embeds[0].fields.pop();
        left_out += 1;
    }
    if left_out > 0 {
        reply.embeds[0].description.push_str(&text::knowledge_more_problems(left_out));
    }
    reply
}

/// The entry an edit or removal named is not one of the server's (another moderator removed
/// it meanwhile).
pub fn unknown(id: &str) -> Reply {
    private(vec![Embed {
        title: text::knowledge_unknown(&neutralise(id, 60)),
        description: text::KNOWLEDGE_UNKNOWN_HINT.to_owned(),
        colour: COLOUR_DECLINE,
        ..Embed::default()
    }])
}

/// The last changes, the most recent first, with who made them (mentions in embeds ping
/// nobody).
pub fn history(rows: &[ChangeRow]) -> Reply {
    let lines: Vec<String> = rows
        .iter()
        .map(|row| {
            let by = row.moderator.map_or_else(|| text::KNOWLEDGE_BY_OPERATOR.to_owned(), |id| format!("<@{id}>"));
            format!("<t:{}:R> **{}** `{}` · {by}", row.at, row.action.as_str(), row.entry)
        })
        .collect();
    let description = if lines.is_empty() { text::KNOWLEDGE_NO_HISTORY.to_owned() } else { lines.join("\n") };
    private(vec![Embed {
        title: text::KNOWLEDGE_HISTORY.to_owned(),
        description: truncate(&description, limits::EMBED_DESCRIPTION),
        colour: COLOUR_HELP,
        ..Embed::default()
    }])
}

/// The database could not be used: nothing was changed.
pub fn unavailable() -> Reply {
    private(vec![Embed {
        title: text::KNOWLEDGE_TITLE.to_owned(),
        description: text::KNOWLEDGE_UNAVAILABLE.to_owned(),
        colour: COLOUR_DECLINE,
        ..Embed::default()
    }])
}

/// The form's name of a field of an entry.
fn label(field: &str) -> String {
    match field {
        "question" => text::KNOWLEDGE_QUESTION_LABEL,
        "phrasings" => text::KNOWLEDGE_PHRASINGS_LABEL,
        "answer" => text::KNOWLEDGE_ANSWER_LABEL,
        "tags" => text::KNOWLEDGE_TAGS_LABEL,
        "id" => "Id",
        other => other,
    }
    .to_owned()
}

fn private(embeds: Vec<Embed>) -> Reply {
    Reply { embeds, ephemeral: true, ..Reply::default() }
}
