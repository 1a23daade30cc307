//! Measures the matcher on an evaluation set (`career-bot eval FILE`): top-1 accuracy on
//! in-domain questions, the decline rate on out-of-domain ones, per section and overall, the
//! misses, and the same figures for a naive baseline so that the gain is visible. For the
//! matcher it also reports what a public channel sees: how often an answer given without
//! alternatives is wrong, how often the right entry is anywhere in the reply (the answer or its
//! buttons), and a reliability table (score band → share of right best entries).

pub mod cases;
pub mod chat;
pub mod fit;

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::Bot;
use crate::commands::entry_embed;
use crate::knowledge::EntryRef;
use crate::search::baseline::Baseline;
use crate::search::{Confidence, Found};
pub use cases::{Case, Target, parse, read};

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
    /// Questions answered without alternatives (the answered band) with a wrong entry, out of
    /// every question: in-domain ones with the wrong entry, out-of-domain ones answered at all.
    pub confidently_wrong: Tally,
    /// In-domain questions whose reply shows a right entry anywhere: as the answer, or on one
    /// of its "did you mean" or "closest entries" buttons.
    pub in_reply: Tally,
    /// In-domain questions whose best entry is right, whatever its band.
    pub best_right: Tally,
    /// Per score band (tenths, [`BANDS`] of them): questions whose best entry is right, of all
    /// questions whose best score falls in the band.
    pub reliability: [Tally; BANDS],
    /// Per confidence band (answered, suggested, declined): the same.
    pub by_confidence: [Tally; 3],
    /// (question, what came back and what the matcher understood) for every miss.
    pub misses: Vec<(String, String)>,
}

/// How many score bands the reliability table has (tenths of 0..1).
pub const BANDS: usize = 10;

/// The band of a score: tenths, 1.0 in the top one.
fn band(score: f32) -> usize {
    ((score.max(0.0) * BANDS as f32) as usize).min(BANDS - 1)
}

fn confidence_row(confidence: Confidence) -> usize {
    match confidence {
        Confidence::Sure => 0,
        Confidence::Unsure => 1,
        Confidence::Unknown => 2,
    }
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
        public(bot, &mut matcher_score, case, &outcome);
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

/// The entries a reply to the outcome shows, as `commands::ask` lays it out: the answer and its
/// related buttons in the answered band; the answer and up to [`SHOWN_BUTTONS`] "did you mean"
/// buttons in the suggested band; up to that many "closest entries" buttons, best first, in a
/// decline.
pub fn shown(outcome: &Found) -> Vec<&EntryRef> {
    let offered = outcome.offered().take(SHOWN_BUTTONS);
    let all = outcome.best.iter().chain(offered).map(|h| &h.entry);
    match outcome.confidence {
        Confidence::Unknown => all.take(SHOWN_BUTTONS).collect(),
        Confidence::Sure | Confidence::Unsure => all.collect(),
    }
}

/// Buttons a reply offers besides its answer: a row, less the one the delete button takes.
pub const SHOWN_BUTTONS: usize = crate::reply::limits::BUTTONS_PER_ROW - 1;

/// The figures of what a channel sees: confidently wrong answers, the right entry in the reply,
/// and how often each score band's best entry is right.
fn public(bot: &Bot, score: &mut Score, case: &Case, outcome: &Found) {
    let right = |entry: &EntryRef| case.targets.iter().any(|t| hits(bot, t, entry));
    let best_right = outcome.best.as_ref().is_some_and(|b| right(&b.entry));
    score.confidently_wrong.add(outcome.confidence == Confidence::Sure && !best_right);
    if case.in_domain() {
        score.in_reply.add(shown(outcome).into_iter().any(right));
        score.best_right.add(best_right);
    }
    let best = outcome.best.as_ref().map_or(0.0, |b| b.score);
    score.reliability[band(best)].add(best_right);
    score.by_confidence[confidence_row(outcome.confidence)].add(best_right);
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
    let m = &report.matcher;
    let _ = writeln!(out, "\n{:<28} {:>18}", "what a channel sees", "matcher");
    let _ = writeln!(out, "{:<28} {:>18}", "confidently wrong", pct(&m.confidently_wrong));
    let _ = writeln!(out, "{:<28} {:>18}", "right entry in reply", pct(&m.in_reply));
    let _ = writeln!(out, "{:<28} {:>18}", "best entry right, any band", pct(&m.best_right));
    let _ = writeln!(out, "\nreliability: best entry right, by band");
    for (label, tally) in ["answered", "suggested", "declined"].iter().zip(&m.by_confidence) {
        let _ = writeln!(out, "{:<28} {:>18}", format!("band {label}"), pct(tally));
    }
    for (i, tally) in m.reliability.iter().enumerate().filter(|(_, t)| t.total > 0) {
        let (low, high) = (i as f64 / BANDS as f64, (i + 1) as f64 / BANDS as f64);
        let _ = writeln!(out, "{:<28} {:>18}", format!("score {low:.1}-{high:.1}"), pct(tally));
    }
    let _ = writeln!(out, "\nmatcher misses ({}):", report.matcher.misses.len());
    for (q, got) in &report.matcher.misses {
        let _ = writeln!(out, "  {q:<60} -> {got}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Hit;

    fn hit(id: &str, score: f32) -> Hit {
        Hit { entry: EntryRef::new(crate::knowledge::Kind::Faq, id), score }
    }

    #[test]
    fn bands_are_tenths_with_one_in_the_top() {
        assert_eq!(band(0.0), 0);
        assert_eq!(band(0.55), 5);
        assert_eq!(band(1.0), BANDS - 1);
        assert_eq!(band(-1.0), 0);
    }

    #[test]
    fn a_reply_shows_what_its_band_lays_out() {
        use crate::search::{MAX_RELATED, RELATED_FLOOR};
        // Likely (at the related floor) and unlikely alternatives, mixed.
        let likely = [true, false, true, true, false, false];
        let alternatives: Vec<Hit> = (0..6)
            .map(|i| hit(&format!("alt-{i}"), if likely[i] { RELATED_FLOOR } else { RELATED_FLOOR / 2.0 }))
            .collect();
        let outcome =
            |confidence| Found { best: Some(hit("best", 0.5)), alternatives: alternatives.clone(), confidence };
        let ids = |o: &Found| shown(o).into_iter().map(|e| e.id.clone()).collect::<Vec<_>>();
        assert_eq!(MAX_RELATED, 2, "the answered band below lists two related entries");
        assert_eq!(ids(&outcome(Confidence::Sure)), ["best", "alt-0", "alt-2"], "only the likely ones, at most two");
        assert_eq!(ids(&outcome(Confidence::Unsure)).len(), 1 + SHOWN_BUTTONS);
        let declined = ids(&outcome(Confidence::Unknown));
        assert_eq!((declined.len(), declined[0].as_str()), (SHOWN_BUTTONS, "best"));
    }
}
