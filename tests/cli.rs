//! The terminal front end, run as a user would: every subcommand, the `--json` shape, the
//! stdin batch mode, `check` and `entries`, and clear failures for bad knowledge.

mod common;

use common::{fixture_with, run, stderr, stdout};
use serde_json::Value;

fn json_lines(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn ask_draws_an_answer_box() {
    let out = run(&["ask", "how", "much", "does", "a", "senior", "backend", "developer", "earn"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("╭─") && text.contains("╰"), "{text}");
    assert!(text.contains("18–35+"), "{text}");
    assert!(!text.contains('\x1b'), "NO_COLOR output is plain");
}

#[test]
fn ask_json_has_the_documented_shape() {
    let out = run(&["--json", "ask", "salary senior"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["match", "outcome", "query", "response", "suggestions"], "the documented keys, no others");
    assert_eq!(v["outcome"], "answered");
    assert_eq!(v["query"], "salary senior");
    assert_eq!(v["match"]["kind"], "salary");
    assert_eq!(v["match"]["id"], "senior");
    assert!(v["match"]["title"].is_string());
    let score = v["match"]["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score));
    assert!(v["suggestions"].is_array());
    assert_eq!(v["response"]["type"], 4);
    let allowed = &v["response"]["data"]["allowed_mentions"];
    assert_eq!(allowed["parse"], serde_json::json!([]), "{allowed}");
    for listed in ["users", "roles"] {
        assert!(allowed.get(listed).is_none_or(|l| l == &serde_json::json!([])), "nobody is pinged: {allowed}");
    }
    assert!(v["response"]["data"]["embeds"][0]["title"].as_str().unwrap().contains("Senior"));
}

#[test]
fn a_declined_question_has_no_match_but_suggestions() {
    let out = run(&["ask", "--json", "best biryani spot near koramangala"], None);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(v["match"].is_null(), "{v}");
    assert_eq!(v["outcome"], "declined");
    let suggestions = v["suggestions"].as_array().expect("a list of suggestions");
    assert!(!suggestions.is_empty(), "{v}");
    for s in suggestions {
        assert!(s["kind"].is_string() && s["id"].is_string() && s["title"].is_string(), "{s}");
        assert!(s["score"].as_f64().is_some_and(|score| (0.0..=1.0).contains(&score)), "{s}");
    }
}

#[test]
fn every_command_answers_in_both_forms() {
    let commands: [&[&str]; 9] = [
        &["salary"],
        &["salary", "sr"],
        &["roadmap"],
        &["roadmap", "databases"],
        &["role"],
        &["role", "architect"],
        &["faq"],
        &["faq", "--page", "2"],
        &["help"],
    ];
    for args in commands {
        let out = run(args, None);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).contains("╭─"), "{args:?}");
        let mut with_json = vec!["--json"];
        with_json.extend_from_slice(args);
        let out = run(&with_json, None);
        let v: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert_eq!(v["response"]["type"], 4, "{args:?}");
        assert!(!v["response"]["data"]["embeds"].as_array().unwrap().is_empty(), "{args:?}");
    }
}

#[test]
fn faq_page_two_differs_from_page_one() {
    let one = stdout(&run(&["--json", "faq"], None));
    let two = stdout(&run(&["--json", "faq", "--page", "2"], None));
    let title = |s: &str| serde_json::from_str::<Value>(s).unwrap()["response"]["data"]["embeds"][0]["title"].clone();
    assert_ne!(title(&one), title(&two));
}

#[test]
fn batch_mode_answers_each_line_as_json_lines() {
    let out = run(&["ask", "--json"], Some("salary fresher\n\nroadmap databases\nweather in bangalore tmrw\n"));
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 3, "blank lines are skipped");
    assert_eq!(lines[0]["match"]["id"], "fresher");
    assert_eq!(lines[1]["match"]["id"], "databases");
    assert!(lines[2]["match"].is_null());
}

#[test]
fn batch_mode_draws_without_json() {
    let out = run(&["ask"], Some("salary fresher\nroadmap apis\n"));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("> salary fresher") && text.contains("> roadmap apis"), "{text}");
    assert_eq!(text.matches("╭─").count(), 2, "a box per question: {text}");
    assert!(text.lines().all(|line| serde_json::from_str::<Value>(line).is_err()), "drawn, not JSON: {text}");
}

#[test]
fn check_summarises_the_builtin_knowledge() {
    let out = run(&["check"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("OK"), "{text}");
    let bot = career_bot::Bot::builtin().unwrap();
    for (kind, count) in bot.knowledge().counts() {
        assert!(text.contains(&format!("{count} {kind}")), "{count} {kind}: {text}");
    }
}

#[test]
fn check_reports_every_problem_and_fails() {
    let dir = fixture_with(
        "faqs.yaml",
        "faqs:\n  - id: a\n    question: Q?\n    answer: A.\n    related: [topic:nowhere]\n    colour: red\n",
    );
    std::fs::write(dir.path().join("more.yaml"), "roles:\n  - id: x\n    title: \"\"\n").unwrap();
    let out = run(&["check", dir.path().to_str().unwrap()], None);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("has 2 problems"), "one for each broken file: {err}");
    assert!(err.contains("faqs.yaml:6") && err.contains("colour"), "{err}");
    assert!(err.contains("more.yaml"), "{err}");
}

#[test]
fn a_knowledge_directory_replaces_the_builtin_one() {
    let dir = fixture_with(
        "extra.yaml",
        "faqs:\n  - id: only-here\n    question: What is the secret handshake?\n    answer: Two taps and a nod.\n",
    );
    let out = run(&["--json", "--knowledge", dir.path().to_str().unwrap(), "ask", "secret handshake"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["match"]["id"], "only-here");
    // Nothing of the built-in knowledge is left: only the directory's entries answer.
    let out = run(&["--knowledge", dir.path().to_str().unwrap(), "entries", "--json"], None);
    let listed: Vec<String> = json_lines(&stdout(&out))
        .iter()
        .map(|l| format!("{}:{}", l["kind"].as_str().unwrap(), l["id"].as_str().unwrap()))
        .collect();
    let fixture = career_bot::Bot::from_dir(dir.path()).unwrap();
    let expected: Vec<String> = fixture.knowledge().entries().iter().map(ToString::to_string).collect();
    assert_eq!(listed, expected);
    assert!(!listed.contains(&"faq:salary-expectations-india".to_owned()), "{listed:?}");
}

#[test]
fn knowledge_dir_from_the_environment_and_bad_knowledge_stops_start() {
    let dir = fixture_with("faqs.yaml", "faqs: [\n");
    let mut cmd = common::bin();
    let out = cmd.env("KNOWLEDGE_DIR", dir.path()).args(["ask", "anything"]).output().unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("faqs.yaml") && err.contains("nothing was served"), "{err}");
    assert!(stdout(&out).is_empty(), "no partial answer");
}

#[test]
fn a_missing_directory_is_a_clear_error() {
    let out = run(&["--knowledge", "/no/such/dir", "salary"], None);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("/no/such/dir"), "{}", stderr(&out));
}

#[test]
fn entries_lists_every_answerable_entry() {
    let out = run(&["entries", "--json"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    let listed: Vec<(String, String)> =
        lines.iter().map(|l| (l["kind"].as_str().unwrap().to_owned(), l["id"].as_str().unwrap().to_owned())).collect();
    let builtin = career_bot::Bot::builtin().unwrap();
    let every: Vec<(String, String)> =
        builtin.knowledge().entries().iter().map(|e| (e.kind.to_string(), e.id.clone())).collect();
    assert_eq!(listed, every, "each entry once, in knowledge order");
    let kinds: std::collections::BTreeSet<&str> = lines.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), ["faq", "role", "salary", "topic"]);
    for line in &lines {
        assert!(line["id"].is_string() && line["title"].is_string(), "{line}");
        assert!(!line["phrases"].as_array().unwrap().is_empty(), "{line}");
    }
}

#[test]
fn works_from_any_directory_with_nothing_beside_it() {
    let empty = tempfile::tempdir().unwrap();
    let out = common::bin().current_dir(empty.path()).args(["salary", "mid"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("8–18"));
}

/// The built-in knowledge as a directory of its own, with `(file, from, to)` edits.
fn builtin_dir(edits: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let files = common::builtin_edited(edits);
    common::knowledge_dir(&files.iter().map(|(name, text)| (name.as_str(), text.as_str())).collect::<Vec<_>>())
}

#[test]
fn a_tier_figure_edited_in_a_knowledge_directory_is_shown_everywhere() {
    let dir = builtin_dir(&[("salary.yaml", "max_lpa: 35", "max_lpa: 36")]);
    let knowledge = dir.path().to_str().unwrap();
    let out = run(&["--json", "--knowledge", knowledge, "salary", "senior"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let salary: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let embed = &salary["response"]["data"]["embeds"][0];
    assert_eq!(embed["title"], "Senior: ₹18–36+ LPA");
    assert_eq!(embed["fields"][0]["value"], "₹18–36+ LPA (India, INR)", "the Range field");
    let description = embed["description"].as_str().unwrap();
    assert!(description.contains("command ₹18–36+ LPA;") && description.contains("go past 36."), "{description}");

    let out =
        run(&["--json", "--knowledge", knowledge, "ask", "What salary can backend developers expect in India?"], None);
    let faq: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(faq["match"]["id"], "salary-expectations-india", "{faq}");
    let answer = faq["response"]["data"]["embeds"][0]["description"].as_str().unwrap();
    assert!(answer.contains("- **Senior**: ₹18–36+ LPA\n"), "{answer}");
    for printed in [salary.to_string(), faq.to_string()] {
        assert!(!printed.contains("18–35") && !printed.contains("past 35"), "{printed}");
    }
}

#[test]
fn a_knowledge_directory_whose_text_contradicts_a_tier_is_refused_with_file_line_and_field() {
    let written = "command ₹18–35+ LPA";
    let dir = builtin_dir(&[
        ("salary.yaml", "max_lpa: 35", "max_lpa: 36"),
        ("salary.yaml", "command {range:senior}", written),
    ]);
    let file = dir.path().join("salary.yaml");
    let line = common::line_of(&std::fs::read_to_string(&file).unwrap(), written);
    let knowledge = dir.path().to_str().unwrap();
    for args in [vec!["--knowledge", knowledge, "salary", "senior"], vec!["check", knowledge]] {
        let out = run(&args, None);
        assert!(!out.status.success(), "{args:?}");
        assert!(stdout(&out).is_empty(), "{args:?}: nothing is printed from refused knowledge");
        let err = stderr(&out);
        assert!(err.contains("has 1 problem;"), "{args:?}: {err}");
        let place = format!("{}:{line}:", file.display());
        assert!(err.contains(&place) && err.contains("entry `salary:senior`, field `summary`"), "{args:?}: {err}");
        assert!(err.contains("`₹18–35+ LPA` is the range of no salary tier"), "{args:?}: {err}");
    }
}
