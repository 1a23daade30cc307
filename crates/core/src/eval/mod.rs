//! Measures the matcher on an evaluation set (`career-bot eval FILE`): top-1 accuracy on
//! in-domain questions, the decline rate on out-of-domain ones, per section and overall, the
//! misses, and the same figures for a naive baseline so that the gain is visible.

pub mod cases;

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::Bot;
use crate::commands::entry_embed;
use crate::knowledge::EntryRef;
use crate::search::Confidence;
use crate::search::baseline::Baseline;
pub use cases::{Case, Target, parse};

/// The baseline answers when its best similarity reaches this (it has no other notion of
/// confidence).
pub const BASELINE_ANSWERS_AT: f64 = 0.5;

/// Right and total per section.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub right: usize,
    pub total: usize,
}

impl Tally {
    pub fn rate(&self) -> f64 {
        if self.total == 0 { 1.0 } else { self.right as f64 / self.total as f64 }
    }

    fn add(&mut self, right: bool) {
        self.total += 1;
        self.right += usize::from(right);
    }
}

/// What a matcher did on the set.
#[derive(Debug, Default, Clone)]
pub struct Score {
    /// In-domain top-1 (answered, and right) per section.
    pub sections: BTreeMap<&'static str, Tally>,
    pub in_domain: Tally,
    /// Out-of-domain questions declined (below the answer threshold).
    pub declined: Tally,
    /// Out-of-domain questions not answered confidently (declined or only suggested).
    pub not_confident: Tally,
    /// (question, what came back and what the matcher understood) for every miss.
    pub misses: Vec<(String, String)>,
}

/// The matcher's and the baseline's scores.
#[derive(Debug, Clone)]
pub struct Report {
    pub matcher: Score,
    pub baseline: Score,
}

/// Runs every case through the matcher and the baseline.
pub fn run(bot: &Bot, cases: &[Case]) -> Report {
    let baseline = Baseline::new(bot.knowledge());
    let mut matcher_score = Score::default();
    let mut baseline_score = Score::default();
    for case in cases {
        let outcome = bot.matcher().ask(&case.question);
        let best = outcome.best.as_ref().map(|h| (h.entry.clone(), h.score));
        let answered = outcome.confidence != Confidence::Unknown;
        let described = format!(
            "{}\n{:>66}understood: {}",
            describe(best.as_ref().map(|(e, s)| (e, f64::from(*s))), outcome.confidence.as_str()),
            "",
            bot.matcher().explain(&case.question)
        );
        tally(
            bot,
            &mut matcher_score,
            case,
            best.map(|(e, _)| e),
            answered,
            outcome.confidence == Confidence::Sure,
            described,
        );

        let base = baseline.best(&case.question);
        let answered = base.as_ref().is_some_and(|(_, s)| *s >= BASELINE_ANSWERS_AT);
        let described = describe(base.as_ref().map(|(e, s)| (e, *s)), if answered { "answered" } else { "declined" });
        tally(bot, &mut baseline_score, case, base.map(|(e, _)| e), answered, answered, described);
    }
    Report { matcher: matcher_score, baseline: baseline_score }
}

fn describe(best: Option<(&EntryRef, f64)>, verdict: &str) -> String {
    match best {
        Some((entry, score)) => format!("{entry} ({score:.2}, {verdict})"),
        None => format!("nothing ({verdict})"),
    }
}

fn tally(
    bot: &Bot,
    score: &mut Score,
    case: &Case,
    best: Option<EntryRef>,
    answered: bool,
    confident: bool,
    got: String,
) {
    if case.in_domain() {
        let right = answered && best.as_ref().is_some_and(|b| case.targets.iter().any(|t| hits(bot, t, b)));
        score.in_domain.add(right);
        score.sections.entry(case.section()).or_default().add(right);
        if !right {
            score.misses.push((case.question.clone(), got));
        }
    } else {
        score.declined.add(!answered);
        score.not_confident.add(!confident);
        score.sections.entry("none").or_default().add(!answered);
        if answered {
            score.misses.push((case.question.clone(), got));
        }
    }
}

/// Whether showing `entry` satisfies `target`.
pub fn hits(bot: &Bot, target: &Target, entry: &EntryRef) -> bool {
    match target {
        Target::Entry(wanted) => wanted == entry,
        Target::Contains { phrases } => {
            let Some(embed) = entry_embed(bot, entry) else { return false };
            let mut text = format!("{}\n{}\n", embed.title, embed.description);
            for field in &embed.fields {
                let _ = writeln!(text, "{}\n{}", field.name, field.value);
            }
            let text = text.to_lowercase();
            phrases.iter().all(|p| text.contains(&p.to_lowercase()))
        }
    }
}

/// Picks one overall figure of a score.
type Pick = fn(&Score) -> &Tally;

/// The report as text.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let pct = |t: &Tally| format!("{:5.1}% ({}/{})", t.rate() * 100.0, t.right, t.total);
    let _ = writeln!(out, "{:<28} {:>18} {:>18}", "", "matcher", "baseline");
    for (section, tally) in &report.matcher.sections {
        let base = report.baseline.sections.get(section).copied().unwrap_or_default();
        let label = if *section == "none" { "out of domain: declined".to_owned() } else { format!("{section}: top-1") };
        let _ = writeln!(out, "{label:<28} {:>18} {:>18}", pct(tally), pct(&base));
    }
    let totals: [(&str, Pick); 3] = [
        ("in-domain top-1", |s| &s.in_domain),
        ("out-of-domain declined", |s| &s.declined),
        ("out-of-domain not confident", |s| &s.not_confident),
    ];
    for (label, tally) in totals {
        let _ = writeln!(out, "{label:<28} {:>18} {:>18}", pct(tally(&report.matcher)), pct(tally(&report.baseline)));
    }
    let _ = writeln!(out, "\nmatcher misses ({}):", report.matcher.misses.len());
    for (q, got) in &report.matcher.misses {
        let _ = writeln!(out, "  {q:<60} -> {got}");
    }
    out
}
