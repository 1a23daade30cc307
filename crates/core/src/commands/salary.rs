//! `/salary [level]`: one salary tier, or every tier with a bar chart of the ranges.

use super::sources::{Provenance, cite};
use super::spec::no_options;
use super::{Answer, Args, CommandSpec, Context, OptionKind, OptionSpec, Reach, one_or_all};
use crate::Bot;
use crate::knowledge::{EntryRef, Kind, KnowledgeBase, SalaryTier, model::trim_number};
use crate::reply::text::{self, COLOUR_SALARY};
use crate::reply::{Embed, Field};

/// The option naming a tier.
pub const LEVEL: &str = "level";

pub const SPEC: CommandSpec = CommandSpec {
    name: "salary",
    invoked: super::Invoked::Slash,
    description: "Backend developer salary ranges in India, by level",
    options: &[OptionSpec {
        name: LEVEL,
        description: "Experience level, e.g. fresher, mid, senior, architect",
        kind: OptionKind::EntryOf(Kind::Salary),
        required: false,
    }],
    examples: &["/salary", "/salary level:senior"],
    member_permissions: None,
    reach: Reach::ANYWHERE,
    rated: false,
    run,
    samples: no_options,
};

/// Width of the bar chart, in characters.
const CHART_WIDTH: usize = 24;

fn run(bot: &Bot, args: &Args, _: &Context) -> Answer {
    one_or_all(
        bot,
        Kind::Salary,
        args.text(LEVEL),
        "level",
        (text::SALARY_ALL_TITLE, text::NO_SALARIES, COLOUR_SALARY),
        overview,
    )
}

/// One tier: its range, what the level means, its role, and where it sits among the others.
pub fn embed(kb: &KnowledgeBase, tier: &SalaryTier) -> Embed {
    let mut fields =
        vec![Field::inline(text::SALARY_RANGE, format!("{} ({}, {})", tier.range_label(), tier.region, tier.currency))];
    if let Some(role) = kb.role(&tier.role) {
        fields.push(Field::inline(text::SALARY_ROLE, role.title.clone()));
    }
    let ladder: Vec<String> = kb
        .tiers
        .iter()
        .map(|t| {
            let line = format!("{} {}", t.name, t.range_label());
            if t.id == tier.id { format!("**{line}**") } else { line }
        })
        .collect();
    fields.push(Field::new(text::SALARY_LADDER, ladder.join(" · ")));
    let mut embed = Embed {
        title: format!("{}: {}", tier.name, tier.range_label()),
        description: tier.summary.clone(),
        fields,
        colour: COLOUR_SALARY,
        footer: Some(text::SALARY_FOOTER.to_owned()),
        author: None,
        url: None,
    };
    cite(&mut embed, &Provenance::of(kb, [EntryRef::new(Kind::Salary, &tier.id)]));
    embed
}

/// Every tier, with a text bar chart so the spread is visible at a glance.
fn overview(kb: &KnowledgeBase) -> Embed {
    let fields = kb
        .tiers
        .iter()
        .map(|t| {
            let role = kb.role(&t.role).map(|r| r.title.as_str()).unwrap_or_default();
            Field::new(format!("{}: {}", t.name, t.range_label()), format!("{role}. `/salary level:{}`", t.id))
        })
        .collect();
    let mut embed = Embed {
        title: text::SALARY_ALL_TITLE.to_owned(),
        description: format!("```\n{}```", chart(&kb.tiers)),
        fields,
        colour: COLOUR_SALARY,
        footer: Some(text::SALARY_ALL_FOOTER.to_owned()),
        author: None,
        url: None,
    };
    cite(&mut embed, &Provenance::of(kb, kb.tiers.iter().map(|t| EntryRef::new(Kind::Salary, &t.id))));
    embed
}

/// A bar per tier on one shared scale from 0 to the highest top; `+` marks an open top.
pub fn chart(tiers: &[SalaryTier]) -> String {
    let top = tiers.iter().map(|t| t.max_lpa).fold(0.0_f64, f64::max).max(1.0);
    let name_width = tiers.iter().map(|t| t.name.chars().count()).max().unwrap_or(0);
    let labels: Vec<String> = tiers
        .iter()
        .map(|t| {
            format!("{}–{}{}", trim_number(t.min_lpa), trim_number(t.max_lpa), if t.open_ended { "+" } else { "" })
        })
        .collect();
    let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (tier, label) in tiers.iter().zip(&labels) {
        let start = ((tier.min_lpa / top) * CHART_WIDTH as f64).round() as usize;
        let end = (((tier.max_lpa / top) * CHART_WIDTH as f64).round() as usize).max(start + 1).min(CHART_WIDTH);
        let bar: String = (0..CHART_WIDTH).map(|i| if i >= start && i < end { '█' } else { '·' }).collect();
        let name = format!("{:<name_width$}", tier.name);
        let label = format!("{label:>label_width$}");
        out.push_str(&format!("{name} {label} {bar}{}\n", if tier.open_ended { "+" } else { "" }));
    }
    // The scale under the bars: 0 where they start, the top figure where they end.
    let top_label = format!("{} LPA", trim_number(top));
    out.push_str(&format!("{:w$}0{top_label:>r$}\n", "", w = name_width + label_width + 2, r = CHART_WIDTH - 1 + 4));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(id: &str, min: f64, max: f64, open_ended: bool) -> SalaryTier {
        SalaryTier::fixture(id, min, max, open_ended)
    }

    #[test]
    fn bars_sit_on_one_scale() {
        let chart = chart(&[tier("low", 0.0, 10.0, false), tier("high", 10.0, 20.0, true)]);
        let lines: Vec<&str> = chart.lines().collect();
        let low = lines[0].find('█').unwrap();
        let high = lines[1].find('█').unwrap();
        assert!(high > low, "{chart}");
        assert!(lines[1].ends_with('+'));
        assert!(!lines[0].ends_with('+'));
        assert_eq!(lines[0].matches('█').count(), 12, "{chart}");
    }
}
