//! Matcher quality as numbers: the floors the evaluation set must keep, and the CLI report.

mod common;

use career_bot::Bot;
use career_bot::eval;

const QUESTIONS: &str = include_str!("eval/questions.yaml");

#[test]
fn the_matcher_keeps_its_accuracy_floors() {
    let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
    let cases = eval::parse(QUESTIONS).unwrap();
    assert!(cases.len() >= 100, "the whole set is used");
    let report = eval::run(&bot, &cases);
    let text = eval::render(&report);
    assert!(report.matcher.in_domain.rate() >= 0.90, "in-domain top-1 under 90%:\n{text}");
    assert!(report.matcher.declined.rate() >= 0.90, "out-of-domain declines under 90%:\n{text}");
    assert!(report.matcher.not_confident.rate() >= 0.95, "confident answers to out-of-domain questions:\n{text}");
    assert!(
        report.matcher.in_domain.rate() > report.baseline.in_domain.rate() + 0.3,
        "no clear gain over the baseline:\n{text}"
    );
}

#[test]
fn eval_command_prints_every_figure() {
    let out = common::run(&["eval", "tests/eval/questions.yaml"], None);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    for line in [
        "in-domain top-1",
        "out-of-domain declined",
        "baseline",
        "salary: top-1",
        "topic: top-1",
        "misses",
        "confidently wrong",
        "right entry in reply",
        "band answered",
        "score 0.9-1.0",
    ] {
        assert!(text.contains(line), "{line} missing from:\n{text}");
    }
}

#[test]
fn eval_command_rejects_a_malformed_file() {
    let dir = common::knowledge_dir(&[("bad.yaml", "- q: only a question\n")]);
    let out = common::run(&["eval", dir.path().join("bad.yaml").to_str().unwrap()], None);
    assert!(!out.status.success());
    assert!(common::stderr(&out).contains("item 1"), "{}", common::stderr(&out));
}

#[test]
fn eval_command_names_a_file_it_cannot_read() {
    let dir = common::knowledge_dir(&[("other.yaml", "- q: a\n  expect: none\n")]);
    let missing = dir.path().join("missing.yaml");
    let out = common::run(&["eval", missing.to_str().unwrap()], None);
    assert!(!out.status.success());
    let stderr = common::stderr(&out);
    assert!(stderr.contains("cannot read") && stderr.contains("missing.yaml"), "{stderr}");
}

#[test]
fn held_out_questions_stay_close_to_the_tuned_figures() {
    let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
    let cases = eval::parse(include_str!("eval/held-out.yaml")).unwrap();
    let report = eval::run(&bot, &cases);
    let text = eval::render(&report);
    assert!(report.matcher.in_domain.rate() >= 0.85, "held-out in-domain top-1 under 85%:\n{text}");
    assert!(report.matcher.declined.rate() >= 0.90, "held-out out-of-domain declines under 90%:\n{text}");
}

/// Held-out set 2 (437 questions), never read nor tuned on. The goals were in-domain
/// right 95%, confidently wrong 1%, out-of-domain declined 97% and the right entry in the reply
/// 99%, with 97% right in the answered band; these floors are what the matcher honestly reaches
/// (88.4%, 0.5%, 97.6%, 98.0% and 98.5% when they were last set), so that a regression fails and
/// no goal is claimed that is not met. The decline floor rose from 96% to 97% (the goal)
/// when coffee, snakes, gardens and family talk became other fields. The in-domain floor was
/// 88.5% before the confidence model was refitted on every tuning set with a stricter answered
/// band: that traded four in-domain answers here for a third of the wrong answers given without
/// alternatives; it was 87.5% until the round of colleague words and pay figures gained three
/// answers.
#[test]
fn held_out_2_keeps_its_measured_floors() {
    let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
    let cases = eval::parse(include_str!("eval/held-out-2.yaml")).unwrap();
    assert!(cases.len() >= 400, "the whole set is used");
    let report = eval::run(&bot, &cases);
    let m = &report.matcher;
    let answered = &m.by_confidence[0];
    let summary = format!(
        "in-domain right {:.3}, confidently wrong {:.3}, declined {:.3}, in reply {:.3}, answered band right {:.3}",
        m.in_domain.rate(),
        m.confidently_wrong.rate(),
        m.declined.rate(),
        m.in_reply.rate(),
        answered.rate()
    );
    assert!(m.in_domain.rate() >= 0.88, "held-out-2 in-domain right under 88%: {summary}");
    assert!(m.confidently_wrong.rate() <= 0.01, "held-out-2 confidently wrong over 1%: {summary}");
    assert!(m.declined.rate() >= 0.97, "held-out-2 out-of-domain declines under 97%: {summary}");
    assert!(m.in_reply.rate() >= 0.98, "held-out-2 right entry in reply under 98%: {summary}");
    assert!(answered.rate() >= 0.97, "held-out-2 answered band right under 97%: {summary}");
}

/// An expectation that no entry meets would count as a miss forever, whatever the matcher does:
/// every in-domain question of every set names something the built-in knowledge holds. Only
/// the item's number is reported, so that a held-out question is never printed.
#[test]
fn every_evaluation_question_expects_an_entry_that_exists() {
    let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
    let entries = bot.knowledge().entries();
    let mut files: Vec<_> = std::fs::read_dir("tests/eval").unwrap().map(|f| f.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    files.sort();
    assert!(files.len() >= 10, "the sets are found: {files:?}");
    for file in &files {
        let cases = eval::parse(&std::fs::read_to_string(file).unwrap()).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        for (i, case) in cases.iter().enumerate().filter(|(_, c)| c.in_domain()) {
            let met = entries.iter().any(|e| case.targets.iter().any(|t| eval::hits(&bot, t, e)));
            assert!(met, "{}: item {} expects an entry the knowledge does not hold", file.display(), i + 1);
        }
    }
}
