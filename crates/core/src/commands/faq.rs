//! `/faq [page]`: the list of frequently asked questions, a page at a time; and the layout of
//! one FAQ answer.

use super::{Answer, CommandSpec, OptionKind, OptionSpec, button};
use crate::Bot;
use crate::knowledge::{Faq, KnowledgeBase};
use crate::reply::text::{self, COLOUR_FAQ};
use crate::reply::{Button, ButtonStyle, Embed, Field, Reply, Response};

pub const SPEC: CommandSpec = CommandSpec {
    name: "faq",
    description: "Browse the frequently asked questions",
    options: &[OptionSpec {
        name: "page",
        description: "Page number to open",
        kind: OptionKind::Integer { min: 1 },
        required: false,
    }],
    examples: &["/faq", "/faq page:2"],
    member_permissions: None,
};

/// Questions per page.
pub const PER_PAGE: usize = 10;

pub fn run(bot: &Bot, page: usize, invoker: Option<u64>) -> Answer {
    Answer::plain(Response::Message(page_reply(bot.knowledge(), page, invoker)))
}

/// Number of pages (at least 1).
pub fn pages(kb: &KnowledgeBase) -> usize {
    kb.faqs.len().div_ceil(PER_PAGE).max(1)
}

/// One page of questions with previous/next buttons; pages out of range are clamped.
pub fn page_reply(kb: &KnowledgeBase, page: usize, invoker: Option<u64>) -> Reply {
    let pages = pages(kb);
    let page = page.clamp(1, pages);
    if kb.faqs.is_empty() {
        return Reply {
            embeds: vec![Embed {
                title: text::faq_page_title(1, 1),
                description: text::NO_FAQS.into(),
                colour: COLOUR_FAQ,
                ..Embed::default()
            }],
            ..Reply::default()
        };
    }
    let first = (page - 1) * PER_PAGE;
    let lines: Vec<String> = kb
        .faqs
        .iter()
        .enumerate()
        .skip(first)
        .take(PER_PAGE)
        .map(|(i, f)| format!("**{}.** {}", i + 1, f.question))
        .collect();
    let embed = Embed {
        title: text::faq_page_title(page, pages),
        description: lines.join("\n"),
        colour: COLOUR_FAQ,
        footer: Some(text::FAQ_FOOTER.to_owned()),
        ..Embed::default()
    };
    let mut rows = Vec::new();
    if pages > 1 {
        let who = invoker.unwrap_or(0);
        let nav = |label: &str, to: usize, disabled: bool| Button {
            label: label.to_owned(),
            custom_id: button::faq_page_id(to, who),
            style: ButtonStyle::Secondary,
            disabled,
        };
        rows.push(vec![
            nav(text::FAQ_PREV, page.saturating_sub(1).max(1), page == 1),
            nav(text::FAQ_NEXT, (page + 1).min(pages), page == pages),
        ]);
    }
    Reply { embeds: vec![embed], rows, ..Reply::default() }
}

/// One FAQ: the question as title, the answer, and what it relates to.
pub fn embed(kb: &KnowledgeBase, faq: &Faq) -> Embed {
    let mut fields = Vec::new();
    let related: Vec<String> = faq.related.iter().filter_map(|r| kb.title(r).map(|t| format!("• {t}"))).collect();
    if !related.is_empty() {
        fields.push(Field::new(text::RELATED, related.join("\n")));
    }
    Embed {
        title: faq.question.clone(),
        description: faq.answer.trim().to_owned(),
        fields,
        colour: COLOUR_FAQ,
        footer: (!faq.tags.is_empty()).then(|| format!("FAQ · {}", faq.tags.join(", "))),
        author: None,
    }
}
