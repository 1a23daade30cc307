//! The form a server's entry is written in: question, other phrasings (one per line), answer,
//! tags, in that order. `/knowledge add` opens it empty, `edit` filled with the entry, and the
//! gaps report's "Write an answer" with the question a member asked. Its submission is checked
//! again for the permission and becomes an [`Edit`] to apply.

use super::{Edit, apply, moderator, own_entry};
use crate::Bot;
use crate::commands::{Answer, Context, CustomId};
use crate::knowledge::Faq;
use crate::knowledge::server::ServerEntry;
use crate::knowledge::validate::{MAX_ANSWER, MAX_TITLE};
use crate::reply::text;
use crate::reply::{Modal, TextInput};

/// The inputs' ids, as the submission names them.
pub const QUESTION: &str = "question";
pub const PHRASINGS: &str = "phrasings";
pub const ANSWER: &str = "answer";
pub const TAGS: &str = "tags";

/// The longest list of other phrasings: enough for a handful, and short enough that a refused
/// form can be shown back whole in one reply.
pub const MAX_PHRASINGS: u16 = 1000;
const MAX_TAGS: u16 = 200;

/// The form: for a new entry (prefilled with `question`, if given), or filled with `faq`.
pub fn modal(faq: Option<&Faq>, question: Option<&str>) -> Modal {
    let (custom_id, title) = match faq {
        Some(faq) => (CustomId::KnowledgeEdit { id: faq.id.clone() }, text::KNOWLEDGE_FORM_EDIT),
        None => (CustomId::KnowledgeAdd, text::KNOWLEDGE_FORM_ADD),
    };
    let filled = |value: Option<String>, max: u16| {
        value.filter(|v| !v.trim().is_empty()).map(|v| v.chars().take(usize::from(max)).collect::<String>())
    };
    let input = |id: &str, label: &str, long: bool, required: bool, max: u16, placeholder: &str, value| TextInput {
        id: id.to_owned(),
        label: label.to_owned(),
        long,
        required,
        max_length: max,
        placeholder: Some(placeholder.to_owned()),
        value: filled(value, max),
    };
    let max_title = MAX_TITLE as u16;
    let max_answer = MAX_ANSWER as u16;
    Modal {
        custom_id: custom_id.to_string(),
        title: title.to_owned(),
        inputs: vec![
            input(
                QUESTION,
                text::KNOWLEDGE_QUESTION_LABEL,
                false,
                true,
                max_title,
                text::KNOWLEDGE_QUESTION_HINT,
                faq.map(|f| f.question.clone()).or(question.map(str::to_owned)),
            ),
            input(
                PHRASINGS,
                text::KNOWLEDGE_PHRASINGS_LABEL,
                true,
                false,
                MAX_PHRASINGS,
                text::KNOWLEDGE_PHRASINGS_HINT,
                faq.map(|f| f.phrasings.join("\n")),
            ),
            input(
                ANSWER,
                text::KNOWLEDGE_ANSWER_LABEL,
                true,
                true,
                max_answer,
                text::KNOWLEDGE_ANSWER_HINT,
                faq.map(|f| f.answer.clone()),
            ),
            input(
                TAGS,
                text::KNOWLEDGE_TAGS_LABEL,
                false,
                false,
                MAX_TAGS,
                text::KNOWLEDGE_TAGS_HINT,
                faq.map(|f| f.tags.join(", ")),
            ),
        ],
    }
}

/// The entry a submission describes: what was typed, blank items dropped.
pub fn entry(id: &str, fields: &[(String, String)]) -> ServerEntry {
    let field = |name: &str| fields.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str());
    ServerEntry::from_form(id, field(QUESTION), field(PHRASINGS), field(ANSWER), field(TAGS))
}

/// A submitted form (`kb:add` or `kb:edit:<id>`): checked again, then the change to apply.
pub fn submitted(bot: &Bot, id: &CustomId, fields: &[(String, String)], context: &Context) -> Answer {
    if let Err(refusal) = moderator(context) {
        return *refusal;
    }
    match id {
        CustomId::KnowledgeEdit { id } => match own_entry(bot, Some(id)) {
            Ok(faq) => apply(Edit::Replace(entry(&faq.id, fields))),
            Err(refusal) => *refusal,
        },
        _ => apply(Edit::Add(entry("", fields))),
    }
}
