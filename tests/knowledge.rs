//! Loading and validating knowledge: broken files are refused with the file, line and field
//! named, every problem is reported at once, and a good directory loads.

mod common;

use career_bot::Bot;
use career_bot::knowledge::{KnowledgeError, Problem, Source};

/// The small fixture knowledge base with `name` replaced by `text`.
fn sources_with(name: &str, text: &str) -> Vec<Source> {
    common::fixture_files(name, text).into_iter().map(|(n, t)| Source::new(n, t)).collect()
}

fn problems(name: &str, text: &str) -> Vec<Problem> {
    match Bot::from_sources(sources_with(name, text)) {
        Ok(_) => panic!("the knowledge should have been refused"),
        Err(KnowledgeError { problems }) => problems,
    }
}

fn only(name: &str, text: &str) -> Problem {
    let mut found = problems(name, text);
    assert_eq!(found.len(), 1, "{found:#?}");
    found.remove(0)
}

#[test]
fn the_fixture_itself_is_valid() {
    let bot = Bot::from_sources(sources_with("extra.yaml", "faqs:\n  - id: extra\n    question: Q?\n    answer: A.\n"))
        .unwrap();
    assert_eq!(bot.knowledge().faqs.len(), 3);
}

#[test]
fn bad_yaml_syntax_names_file_and_position() {
    let p = only("faqs.yaml", "faqs:\n  - id: a\n    question: \"unclosed\n    answer: x\n");
    assert_eq!(p.file, "faqs.yaml");
    assert!(p.line.is_some() && p.column.is_some(), "{p}");
    assert!(p.to_string().contains("faqs.yaml:"), "{p}");
}

#[test]
fn a_missing_field_is_named_with_its_line() {
    let p = only("faqs.yaml", "faqs:\n  - id: a\n    question: Q?\n    tags: [x]\n");
    assert_eq!(p.field.as_deref(), Some("answer"));
    assert_eq!(p.line, Some(2), "{p}");
    assert!(p.hint.contains("add"), "{p}");
}

#[test]
fn an_unknown_field_is_named_with_its_line() {
    let p = only("faqs.yaml", "faqs:\n  - id: a\n    question: Q?\n    answer: A.\n    anwser: typo\n");
    assert_eq!(p.field.as_deref(), Some("anwser"));
    assert_eq!(p.line, Some(5), "{p}");
}

#[test]
fn a_duplicate_id_points_at_both_places() {
    let text = "faqs:\n  - id: a\n    question: Q?\n    answer: A.\n  - id: a\n    question: Q2?\n    answer: B.\n";
    let p = only("faqs.yaml", text);
    assert_eq!(p.entry.as_deref(), Some("faq:a"));
    assert_eq!(p.field.as_deref(), Some("id"));
    assert_eq!(p.line, Some(5), "{p}");
    assert!(p.message.contains("faqs.yaml:2"), "{p}");
}

#[test]
fn a_duplicate_id_across_files_is_found() {
    let p = only("more.yaml", "faqs:\n  - id: what-is-backend\n    question: Again?\n    answer: A.\n");
    assert_eq!(p.file, "more.yaml");
    assert_eq!(p.entry.as_deref(), Some("faq:what-is-backend"));
}

#[test]
fn a_dangling_reference_names_entry_field_and_line() {
    let text = "faqs:\n  - id: a\n    question: Q?\n    answer: A.\n    related: [topic:nowhere]\n";
    let p = only("faqs.yaml", text);
    assert_eq!(p.entry.as_deref(), Some("faq:a"));
    assert_eq!(p.field.as_deref(), Some("related"));
    assert_eq!(p.line, Some(5), "{p}");
    assert!(p.message.contains("topic:nowhere"), "{p}");
}

#[test]
fn a_malformed_reference_is_a_parse_error_with_position() {
    let p = only("faqs.yaml", "faqs:\n  - id: a\n    question: Q?\n    answer: A.\n    related: [planet:mars]\n");
    assert!(p.line.is_some(), "{p}");
    assert!(p.message.contains("unknown kind"), "{p}");
}

#[test]
fn an_over_long_text_names_its_field() {
    let text = format!("faqs:\n  - id: a\n    question: Q?\n    answer: {}\n", "word ".repeat(1000));
    let p = only("faqs.yaml", &text);
    assert_eq!(p.field.as_deref(), Some("answer"));
    assert_eq!(p.line, Some(4), "{p}");
    assert!(p.message.contains("over the limit"), "{p}");
}

#[test]
fn an_empty_text_is_refused() {
    let p = only("faqs.yaml", "faqs:\n  - id: a\n    question: \"  \"\n    answer: A.\n");
    assert_eq!(p.field.as_deref(), Some("question"));
    assert_eq!(p.line, Some(3), "{p}");
}

#[test]
fn mentions_and_unsafe_links_are_refused() {
    for bad in ["Ping @everyone now", "Ask <@123>", "See http://example.com", "Run javascript://x"] {
        let text = format!("faqs:\n  - id: a\n    question: Q?\n    answer: \"{bad}\"\n");
        let p = only("faqs.yaml", &text);
        assert_eq!(p.field.as_deref(), Some("answer"), "{bad}: {p}");
    }
    let ok = "faqs:\n  - id: a\n    question: Q?\n    answer: See https://example.com\n";
    assert!(Bot::from_sources(sources_with("faqs.yaml", ok)).is_ok());
}

#[test]
fn mentions_and_unsafe_links_are_refused_in_every_field_and_case() {
    let cases = [
        ("topics.yaml", common::TOPICS.replace("aliases: [api, rest]", "aliases: [api, \"@here\"]"), "aliases"),
        ("topics.yaml", common::TOPICS.replace("items: [HTTP methods,", "items: [\"<@&123456>\","), "skills.items"),
        (
            "topics.yaml",
            common::TOPICS.replace("Designing REST", "See http://example.com about designing REST"),
            "summary",
        ),
        ("faqs.yaml", common::FAQS.replace("Someone who builds", "Hey @EVERYONE, someone who builds"), "answer"),
        ("roles.yaml", common::ROLES.replace("focus: [APIs,", "focus: [\"<#42>\","), "focus"),
        ("salary.yaml", common::TIERS.replace("Starting pay", "HTTP://x Starting pay"), "summary"),
        ("salary.yaml", common::TIERS.replace("aliases: [senior, sr]", "aliases: [senior, \"<@!99>\"]"), "aliases"),
        ("faqs.yaml", common::FAQS.replace("phrasings: [", "phrasings: [\"ftp://files\", "), "phrasings"),
    ];
    for (file, text, field) in cases {
        let p = only(file, &text);
        assert_eq!(p.field.as_deref(), Some(field), "{p}");
        assert!(p.line.is_some(), "{p}");
        assert!(p.hint.contains("ping") && p.hint.contains("https"), "{p}");
    }
}

#[test]
fn a_bad_range_and_a_bad_id_are_refused() {
    let text = common::TIERS.replace("min_lpa: 18", "min_lpa: 40").replace("id: fresher", "id: Fresher_1");
    let found = problems("salary.yaml", &text);
    let fields: Vec<_> = found.iter().filter_map(|p| p.field.as_deref()).collect();
    assert!(fields.contains(&"max_lpa"), "{found:#?}");
    assert!(fields.contains(&"id"), "{found:#?}");
}

#[test]
fn synonym_clashes_are_refused() {
    let text = "synonyms:\n  - term: database\n    variants: [db]\n  - term: debug\n    variants: [db]\n";
    let p = only("synonyms.yaml", text);
    assert_eq!(p.field.as_deref(), Some("variants"));
    assert_eq!(p.line, Some(4), "{p}");
}

#[test]
fn several_problems_are_reported_together() {
    let bad_faqs = "faqs:\n  - id: a\n    question: Q?\n    answer: A.\n    related: [role:ghost]\n  - id: a\n    question: Q?\n    answer: B.\n";
    let mut sources = sources_with("faqs.yaml", bad_faqs);
    sources.push(Source::new("broken.yaml", "topics: [\n"));
    let Err(err) = Bot::from_sources(sources) else { panic!("should fail") };
    assert!(err.problems.len() >= 3, "{err}");
    let text = err.to_string();
    assert!(text.contains("broken.yaml") && text.contains("faqs.yaml"), "{text}");
}

#[test]
fn a_file_holding_nothing_is_refused() {
    let p = only("empty.yaml", "# just a comment\n");
    assert_eq!(p.file, "empty.yaml");
    let p = only("empty.yaml", "faqs: []\n");
    assert!(p.message.contains("no entries"), "{p}");
}

#[test]
fn the_builtin_knowledge_is_valid_and_complete() {
    let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
    let kb = bot.knowledge();
    for id in ["fresher", "mid", "senior", "architect"] {
        assert!(kb.tier(id).is_some(), "tier {id}");
    }
    for id in ["junior", "backend", "senior", "architect"] {
        assert!(kb.role(id).is_some(), "role {id}");
    }
    let order: Vec<&str> = kb.topics.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        order,
        [
            "languages",
            "frameworks",
            "databases",
            "apis",
            "security",
            "performance",
            "system-design",
            "devops",
            "testing"
        ]
    );
    assert!(kb.faqs.len() >= 5 + 11 + 1 + 20, "{} FAQs", kb.faqs.len());
    let abbreviations: Vec<&str> = kb.synonyms.iter().flat_map(|s| s.variants.iter().map(String::as_str)).collect();
    for short in ["db", "authn", "k8s", "lpa", "ctc", "pg"] {
        assert!(abbreviations.contains(&short), "synonym {short}");
    }
}

#[test]
fn seed_figures_carry_over() {
    let bot = Bot::builtin().unwrap();
    let kb = bot.knowledge();
    let ranges: Vec<(&str, f64, f64, bool)> =
        kb.tiers.iter().map(|t| (t.id.as_str(), t.min_lpa, t.max_lpa, t.open_ended)).collect();
    assert_eq!(
        ranges,
        [
            ("fresher", 4.0, 8.0, false),
            ("mid", 8.0, 18.0, false),
            ("senior", 18.0, 35.0, true),
            ("architect", 35.0, 70.0, true)
        ]
    );
    assert!(kb.tiers.iter().all(|t| t.currency == "INR" && t.region == "India"));
}
