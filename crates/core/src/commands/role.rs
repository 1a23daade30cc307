//! `/role [level]`: one job role, or the career ladder from junior to architect.

use super::sources::{Provenance, cite};
use super::spec::no_options;
use super::{Answer, Args, CommandSpec, Context, OptionKind, OptionSpec, Reach, one_or_all};
use crate::Bot;
use crate::knowledge::{EntryRef, Kind, KnowledgeBase, Role};
use crate::reply::text::{self, COLOUR_ROLE};
use crate::reply::{Embed, Field};

/// The option naming a role.
pub const LEVEL: &str = "level";

pub const SPEC: CommandSpec = CommandSpec {
    name: "role",
    invoked: super::Invoked::Slash,
    description: "Backend job roles and what each one focuses on",
    options: &[OptionSpec {
        name: LEVEL,
        description: "A role, e.g. junior, backend, senior, architect",
        kind: OptionKind::EntryOf(Kind::Role),
        required: false,
    }],
    examples: &["/role", "/role level:senior"],
    member_permissions: None,
    reach: Reach::ANYWHERE,
    rated: false,
    run,
    samples: no_options,
};

fn run(bot: &Bot, args: &Args, _: &Context) -> Answer {
    one_or_all(bot, Kind::Role, args.text(LEVEL), "role", (text::ROLE_ALL_TITLE, text::NO_ROLES, COLOUR_ROLE), ladder)
}

/// One role: what it does, its focus, its pay and the next step up.
pub fn embed(kb: &KnowledgeBase, role: &Role) -> Embed {
    let step = kb.roles.iter().position(|r| r.id == role.id).unwrap_or(0);
    let mut fields = vec![Field::inline(
        text::ROLE_FOCUS,
        role.focus.iter().map(|f| format!("• {f}")).collect::<Vec<_>>().join("\n"),
    )];
    if let Some(tier) = kb.tier(&role.salary) {
        fields.push(Field::inline(text::ROLE_SALARY, format!("{}: {}", tier.name, tier.range_label())));
    }
    let next = match kb.roles.get(step + 1) {
        Some(next) => format!("{} (`/role level:{}`)", next.title, next.id),
        None => text::ROLE_TOP.to_owned(),
    };
    fields.push(Field::new(text::ROLE_NEXT, next));
    let mut embed = Embed {
        title: role.title.clone(),
        description: role.description.clone(),
        fields,
        colour: COLOUR_ROLE,
        footer: Some(text::ROLE_ALL_FOOTER.to_owned()),
        author: None,
        url: None,
    };
    cite(&mut embed, &Provenance::of(kb, [EntryRef::new(Kind::Role, &role.id)]));
    embed
}

/// The ladder in order, each step with its focus and salary tier.
fn ladder(kb: &KnowledgeBase) -> Embed {
    let path: Vec<&str> = kb.roles.iter().map(|r| r.title.as_str()).collect();
    let fields = kb
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let pay = kb.tier(&r.salary).map(|t| format!("\n{}: {}", t.name, t.range_label())).unwrap_or_default();
            Field::new(format!("{}. {}", i + 1, r.title), format!("{}{pay}", r.focus.join(", ")))
        })
        .collect();
    let mut embed = Embed {
        title: text::ROLE_ALL_TITLE.to_owned(),
        description: path.join(" → "),
        fields,
        colour: COLOUR_ROLE,
        footer: Some(text::ROLE_ALL_FOOTER.to_owned()),
        author: None,
        url: None,
    };
    cite(&mut embed, &Provenance::of(kb, kb.roles.iter().map(|r| EntryRef::new(Kind::Role, &r.id))));
    embed
}
