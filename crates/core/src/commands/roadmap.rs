//! `/roadmap [topic]`: one step of the learning path with its skills, or the whole path.

use super::sources::{Provenance, cite};
use super::spec::no_options;
use super::{Answer, Args, CommandSpec, Context, OptionKind, OptionSpec, Reach, one_or_all};
use crate::Bot;
use crate::knowledge::{EntryRef, Kind, KnowledgeBase, Topic};
use crate::reply::text::{self, COLOUR_TOPIC};
use crate::reply::{Embed, Field};

/// The option naming a roadmap step.
pub const TOPIC: &str = "topic";

pub const SPEC: CommandSpec = CommandSpec {
    name: "roadmap",
    invoked: super::Invoked::Slash,
    description: "The backend learning roadmap, or the skills of one step",
    options: &[OptionSpec {
        name: TOPIC,
        description: "A roadmap step, e.g. databases, apis, system-design",
        kind: OptionKind::EntryOf(Kind::Topic),
        required: false,
    }],
    examples: &["/roadmap", "/roadmap topic:databases"],
    member_permissions: None,
    reach: Reach::ANYWHERE,
    rated: false,
    run,
    samples: no_options,
};

fn run(bot: &Bot, args: &Args, _: &Context) -> Answer {
    let topic = args.text(TOPIC);
    one_or_all(
        bot,
        Kind::Topic,
        topic,
        "roadmap topic",
        (text::ROADMAP_ALL_TITLE, text::NO_TOPICS, COLOUR_TOPIC),
        overview,
    )
}

/// One step: summary, a field per skill group, and the next step.
pub fn embed(kb: &KnowledgeBase, topic: &Topic) -> Embed {
    let step = kb.topics.iter().position(|t| t.id == topic.id).unwrap_or(0);
    let mut fields: Vec<Field> = topic
        .skills
        .iter()
        .map(|g| {
            Field::inline(g.group.clone(), g.items.iter().map(|i| format!("• {i}")).collect::<Vec<_>>().join("\n"))
        })
        .collect();
    let next = match kb.topics.get(step + 1) {
        Some(next) => format!("{}: {} (`/roadmap topic:{}`)", step + 2, next.title, next.id),
        None => text::ROADMAP_END.to_owned(),
    };
    fields.push(Field::new(text::ROADMAP_NEXT, next));
    let mut embed = Embed {
        title: text::roadmap_step_title(step + 1, kb.topics.len(), &topic.title),
        description: topic.summary.clone(),
        fields,
        colour: COLOUR_TOPIC,
        footer: Some(text::ROADMAP_ALL_FOOTER.to_owned()),
        author: None,
        url: None,
    };
    cite(&mut embed, &Provenance::of(kb, [EntryRef::new(Kind::Topic, &topic.id)]));
    embed
}

/// The whole path in order, each step with its skill groups.
fn overview(kb: &KnowledgeBase) -> Embed {
    let lines: Vec<String> = kb
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let groups: Vec<&str> = t.skills.iter().map(|g| g.group.as_str()).collect();
            format!("**{}. {}** (`{}`): {}", i + 1, t.title, t.id, groups.join(", "))
        })
        .collect();
    let mut embed = Embed {
        title: text::ROADMAP_ALL_TITLE.to_owned(),
        description: lines.join("\n"),
        fields: Vec::new(),
        colour: COLOUR_TOPIC,
        footer: Some(text::ROADMAP_ALL_FOOTER.to_owned()),
        author: None,
        url: None,
    };
    cite(&mut embed, &Provenance::of(kb, kb.topics.iter().map(|t| EntryRef::new(Kind::Topic, &t.id))));
    embed
}
