//! `/faq [page]`: the list of frequently asked questions, a page at a time; and the layout of
//! one FAQ answer.

use super::sources::{Provenance, cite};
use super::{Answer, Args, CommandSpec, Context, CustomId, OptionKind, OptionSpec, Reach};
use crate::Bot;
use crate::knowledge::{EntryRef, Faq, Kind, KnowledgeBase};
use crate::reply::text::{self, COLOUR_FAQ};
use crate::reply::{Button, ButtonStyle, Embed, Field, Reply, Response};

/// The option naming a page.
pub const PAGE: &str = "page";

pub const SPEC: CommandSpec = CommandSpec {
    name: "faq",
    invoked: super::Invoked::Slash,
    description: "Browse the frequently asked questions",
    options: &[OptionSpec {
        name: PAGE,
        description: "Page number to open",
        kind: OptionKind::Integer { min: 1 },
        required: false,
    }],
    examples: &["/faq", "/faq page:2"],
    member_permissions: None,
    reach: Reach::ANYWHERE,
    rated: false,
    run,
    // Every page of the list.
    samples: |kb| (1..=pages(kb)).map(|page| Args::default().with(PAGE, page as i64)).collect(),
};

/// Questions per page.
pub const PER_PAGE: usize = 10;

fn run(bot: &Bot, args: &Args, context: &Context) -> Answer {
    let page = args.integer(PAGE).map_or(1, |p| usize::try_from(p).unwrap_or(0));
    Answer::plain(Response::Message(page_reply(bot.knowledge(), page, context.invoker)))
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
            custom_id: CustomId::FaqPage { page: to, owner: who }.to_string(),
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
    let mut embed = Embed {
        title: faq.question.clone(),
        description: faq.answer.trim().to_owned(),
        fields,
        colour: COLOUR_FAQ,
        footer: match (faq.from_server, faq.tags.is_empty()) {
            (true, true) => Some(text::FROM_SERVER.to_owned()),
            (true, false) => Some(format!("{} · {}", text::FROM_SERVER, faq.tags.join(", "))),
            (false, true) => None,
            (false, false) => Some(format!("FAQ · {}", faq.tags.join(", "))),
        },
        author: None,
        url: None,
    };
    cite(&mut embed, &Provenance::of(kb, [EntryRef::new(Kind::Faq, &faq.id)]));
    embed
}
