//! Loading and validating knowledge: broken files are refused with the file, line and field
//! named, every problem is reported at once, and a good directory loads.

mod common;

use career_bot::Bot;
use career_bot::commands::{Command, Request};
use career_bot::frontend::discord::outgoing;
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
fn a_field_word_the_synonyms_rewrite_is_refused_with_file_line_and_field() {
    // Fields are read after the synonyms: `imps` (stem `imp`, a variant of `important`) would
    // make every "important" a banking word and turn in-domain questions away.
    let mut sources = sources_with("more-synonyms.yaml", "synonyms:\n  - term: important\n    variants: [imp]\n");
    sources.push(Source::new("banking.yaml", "fields:\n  - id: banking\n    words: [neft, imps, imps transfer]\n"));
    let Err(err) = Bot::from_sources(sources) else { panic!("`imps` should have been refused") };
    let [p] = &err.problems[..] else { panic!("one problem, for `imps` only: {err}") };
    assert_eq!((p.file.as_str(), p.line), ("banking.yaml", Some(2)), "{p}");
    assert_eq!(p.entry.as_deref(), Some("field:banking"), "{p}");
    assert_eq!(p.field.as_deref(), Some("words"), "{p}");
    assert!(p.message.contains("`imps` is read as `important`"), "{p}");
    assert!(p.hint.contains("remove the word"), "{p}");
}

#[test]
fn a_chat_word_the_synonyms_rewrite_is_refused_with_file_line_and_field() {
    // Chat words are read after the synonyms too: `imp` would make every "important" chat.
    let mut sources = sources_with("more-synonyms.yaml", "synonyms:\n  - term: important\n    variants: [imp]\n");
    sources.push(Source::new("chat.yaml", "chat:\n  - id: around\n    words: [hype, imp]\n"));
    let Err(err) = Bot::from_sources(sources) else { panic!("`imp` should have been refused") };
    let [p] = &err.problems[..] else { panic!("one problem, for `imp` only: {err}") };
    assert_eq!((p.file.as_str(), p.line), ("chat.yaml", Some(2)), "{p}");
    assert_eq!((p.entry.as_deref(), p.field.as_deref()), (Some("chat:around"), Some("words")), "{p}");
    assert!(p.message.contains("`imp` is read as `important`") && p.message.contains("chat"), "{p}");
    assert!(p.hint.contains("remove the word from the chat list"), "{p}");
}

#[test]
fn a_switch_phrase_that_is_also_a_field_word_is_refused_with_its_line() {
    let text = "fields:\n  - id: teaching\n    words: [teacher, to teaching]\n\
                switches:\n  - id: into-backend\n    words: [to backend, to teaching]\n";
    let p = only("moves.yaml", text);
    let at = (p.file.as_str(), p.entry.as_deref(), p.field.as_deref(), p.line);
    assert_eq!(at, ("moves.yaml", Some("field:teaching"), Some("words"), Some(3)), "{p}");
    assert!(p.message.contains("`to teaching` is also a word of `switch:into-backend`"), "{p}");
}

#[test]
fn a_colleague_word_that_is_also_a_level_word_is_refused_with_its_line() {
    let text = "levels:\n  - id: senior\n    words: [senior, lead]\n    years: {from: 5}\n\
                colleagues:\n  - id: team\n    words: [your senior, senior]\n";
    let p = only("people.yaml", text);
    let at = (p.file.as_str(), p.entry.as_deref(), p.field.as_deref(), p.line);
    assert_eq!(at, ("people.yaml", Some("colleagues:team"), Some("words"), Some(7)), "{p}");
    assert!(p.message.contains("`senior` is also a word of `level:senior`"), "{p}");
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
    assert!(p.message.contains("no entries"), "{p}");
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

// --- Salary figures in texts -------------------------------------------------------------------

/// The senior tier's upper figure as the built-in knowledge has it, and an edit of it.
const SENIOR_MAX: &str = "max_lpa: 35";
const SENIOR_MAX_EDITED: &str = "max_lpa: 36";

fn builtin_sources(edits: &[(&str, &str, &str)]) -> Vec<Source> {
    common::builtin_edited(edits)
        .into_iter()
        .map(|(name, text)| Source::new(format!("knowledge/{name}"), text))
        .collect()
}

/// Every reply the knowledge can produce, as the JSON the bot sends.
fn every_reply(bot: &Bot) -> Vec<String> {
    bot.all_requests()
        .into_iter()
        .map(|(_, request)| outgoing::json(&bot.answer(&request).response).to_string())
        .collect()
}

#[test]
fn the_builtin_texts_state_the_tiers_figures_through_placeholders() {
    let files = common::builtin_edited(&[]);
    let salary = &files.iter().find(|(name, _)| name == "salary.yaml").unwrap().1;
    assert!(salary.contains("command {range:senior}") && salary.contains("go past {max:senior}"), "{salary}");
    let bot = Bot::builtin().unwrap();
    let senior = bot.knowledge().tier("senior").unwrap();
    assert!(senior.summary.contains("command ₹18–35+ LPA;") && senior.summary.contains("go past 35."), "filled in");
    let faq = bot.knowledge().faq("salary-expectations-india").unwrap();
    assert!(faq.answer.contains("- **Senior**: ₹18–35+ LPA\n"), "{}", faq.answer);
    assert!(every_reply(&bot).iter().all(|reply| !reply.contains("{range:") && !reply.contains("{max:")));
}

#[test]
fn editing_a_tiers_figure_changes_every_text_that_states_it() {
    let bot = Bot::from_sources(builtin_sources(&[("salary.yaml", SENIOR_MAX, SENIOR_MAX_EDITED)]))
        .unwrap_or_else(|e| panic!("the edit stays consistent: {e}"));
    let answer = bot.answer(&Request::new(Command::new(&career_bot::commands::salary::SPEC).with("level", "senior")));
    let embed = &answer.response.reply().unwrap().embeds[0];
    assert_eq!(embed.title, "Senior: ₹18–36+ LPA");
    assert!(embed.fields[0].value.starts_with("₹18–36+ LPA"), "the Range field: {:?}", embed.fields[0]);
    assert!(embed.description.contains("command ₹18–36+ LPA;"), "{}", embed.description);
    assert!(embed.description.contains("go past 36."), "{}", embed.description);
    let faq = bot.knowledge().faq("salary-expectations-india").unwrap();
    assert!(faq.answer.contains("- **Senior**: ₹18–36+ LPA\n"), "{}", faq.answer);
    let replies = every_reply(&bot);
    for stale in ["18–35", "past 35"] {
        assert!(replies.iter().all(|reply| !reply.contains(stale)), "a reply still says {stale}");
    }
    assert!(replies.iter().filter(|reply| reply.contains("₹18–36+ LPA")).count() > 5, "every level's answer shows it");
}

#[test]
fn a_range_written_out_against_the_tiers_figures_is_refused_with_file_line_and_field() {
    for (file, from, to, entry, field) in [
        ("salary.yaml", "command {range:senior}", "command ₹18–35+ LPA", "salary:senior", "summary"),
        (
            "faqs-seed.yaml",
            "**Senior**: {range:senior}",
            "**Senior**: ₹18–35+ LPA",
            "faq:salary-expectations-india",
            "answer",
        ),
    ] {
        let sources = builtin_sources(&[("salary.yaml", SENIOR_MAX, SENIOR_MAX_EDITED), (file, from, to)]);
        let line = common::line_of(&sources.iter().find(|s| s.name.ends_with(file)).unwrap().text, to);
        let Err(KnowledgeError { problems }) = Bot::from_sources(sources) else {
            panic!("{file}: the contradiction loads")
        };
        let [p] = problems.as_slice() else { panic!("{problems:#?}") };
        assert_eq!(p.file, format!("knowledge/{file}"));
        assert_eq!((p.line, p.entry.as_deref(), p.field.as_deref()), (Some(line), Some(entry), Some(field)), "{p}");
        assert!(p.message.contains("`₹18–35+ LPA` is the range of no salary tier"), "{p}");
        assert!(p.message.contains("senior ₹18–36+ LPA"), "the tiers' ranges are shown: {p}");
        assert!(p.hint.contains("{range:ID}"), "{p}");
        assert!(p.to_string().starts_with(&format!("knowledge/{file}:{line}:")), "{p}");
    }
}

#[test]
fn a_range_written_out_as_the_tier_has_it_is_refused_too() {
    // Written out, it would contradict the tier on the day its figures change.
    let sources = builtin_sources(&[("salary.yaml", "command {range:senior}", "command ₹18–35+ LPA")]);
    let Err(KnowledgeError { problems }) = Bot::from_sources(sources) else { panic!("the written-out range loads") };
    let [p] = problems.as_slice() else { panic!("{problems:#?}") };
    assert_eq!((p.entry.as_deref(), p.field.as_deref()), (Some("salary:senior"), Some("summary")), "{p}");
    assert!(p.message.contains("writes out the range of `salary:senior`"), "{p}");
    assert!(p.hint.contains("`{range:senior}`"), "{p}");
}

#[test]
fn placeholders_fill_roles_topics_and_faqs_too() {
    let roles = common::ROLES.replace("Leads designs,", "Paid {range:senior}, from {min:senior} up. Leads designs,");
    let topics = common::TOPICS.replace("items: [HTTP methods,", "items: [\"Worth {max:fresher} LPA\", HTTP methods,");
    let faqs = common::FAQS.replace("Someone who builds", "At {range:fresher} to start, someone who builds");
    let mut sources = sources_with("roles.yaml", &roles);
    for (name, text) in [("topics.yaml", &topics), ("faqs.yaml", &faqs)] {
        sources.retain(|s| s.name != name);
        sources.push(Source::new(name, text.as_str()));
    }
    let bot = Bot::from_sources(sources).unwrap_or_else(|e| panic!("{e}"));
    let kb = bot.knowledge();
    assert!(kb.role("senior").unwrap().description.starts_with("Paid ₹18–35+ LPA, from 18 up."));
    assert_eq!(kb.topic("apis").unwrap().skills[0].items[0], "Worth 8 LPA");
    assert!(kb.faq("what-is-backend").unwrap().answer.starts_with("At ₹4–8 LPA to start"));
}

#[test]
fn a_placeholder_naming_no_tier_or_malformed_is_refused_with_its_line() {
    for (placeholder, says, hint) in [
        ("{range:senoir}", "there is no tier `senoir`", "`fresher`, `senior`"),
        ("{range:}", "names no salary tier", "`fresher`, `senior`"),
        ("{max:senior", "is not closed", "end it with `}`"),
        ("{rnage:senior}", "is not a placeholder", "{range:ID}"),
    ] {
        let faqs = common::FAQS.replace("Someone who builds", &format!("Paid {placeholder}. Someone who builds"));
        let p = only("faqs.yaml", &faqs);
        assert_eq!((p.entry.as_deref(), p.field.as_deref()), (Some("faq:what-is-backend"), Some("answer")), "{p}");
        assert_eq!(p.line, Some(common::line_of(&faqs, placeholder)), "{p}");
        assert!(p.message.contains(placeholder) && p.message.contains(says), "{p}");
        assert!(p.hint.contains(hint), "{p}");
    }
}

#[test]
fn a_placeholder_where_people_type_is_refused() {
    let faqs = common::FAQS.replace("phrasings: [", "phrasings: [\"is {range:senior} good\", ");
    let p = only("faqs.yaml", &faqs);
    assert_eq!(p.field.as_deref(), Some("phrasings"), "{p}");
    assert!(p.message.contains("`{range:senior}` is not filled in here"), "{p}");
}

#[test]
fn length_limits_measure_the_filled_text() {
    // Written, the answer is within its 3,000 characters; filled, each placeholder of 14
    // characters becomes a range of 31 (`₹18.123456789–35.123456789+ LPA`) and it is not.
    let tiers =
        common::TIERS.replace("min_lpa: 18", "min_lpa: 18.123456789").replace("max_lpa: 35", "max_lpa: 35.123456789");
    let written = format!("Pay {}", "{range:senior} ".repeat(150));
    assert!(written.chars().count() < 3000);
    let faqs = common::FAQS.replace("Someone who builds", &written);
    let mut sources = sources_with("salary.yaml", &tiers);
    sources.retain(|s| s.name != "faqs.yaml");
    sources.push(Source::new("faqs.yaml", faqs));
    let Err(KnowledgeError { problems }) = Bot::from_sources(sources) else { panic!("the filled answer is too long") };
    let [p] = problems.as_slice() else { panic!("{problems:#?}") };
    assert_eq!(p.field.as_deref(), Some("answer"), "{p}");
    assert!(p.message.contains("over the limit of 3000"), "{p}");
}

// --- Sources and freshness -------------------------------------------------------------------

/// The fixture's topics with `lines` added to the `apis` step, after its title.
fn topics_citing(lines: &str) -> String {
    common::TOPICS.replace("    title: APIs\n", &format!("    title: APIs\n{lines}"))
}

#[test]
fn sources_and_a_date_load_with_or_without_a_link() {
    let text = topics_citing(
        "    sources:\n      - title: API Design Notes\n        url: https://example.com/api-notes\n      - title: A printed guide\n    as_of: 2026-01\n",
    );
    let bot = Bot::from_sources(sources_with("topics.yaml", &text)).unwrap_or_else(|e| panic!("{e}"));
    let apis = bot.knowledge().topic("apis").unwrap();
    let links: Vec<(&str, Option<&str>)> = apis.sources.iter().map(|s| (s.title.as_str(), s.url.as_deref())).collect();
    assert_eq!(links, [("API Design Notes", Some("https://example.com/api-notes")), ("A printed guide", None)]);
    assert_eq!(apis.as_of.as_deref(), Some("2026-01"));
    // A year alone, unquoted, and a whole day are dates too.
    for date in ["2026", "2026-01-15", "\"2024-02-29\""] {
        let text = topics_citing(&format!("    as_of: {date}\n"));
        Bot::from_sources(sources_with("topics.yaml", &text)).unwrap_or_else(|e| panic!("{date}: {e}"));
    }
}

#[test]
fn a_source_link_other_than_https_is_refused_with_file_line_and_field() {
    for url in
        ["http://example.com/guide", "example.com/guide", "https://", "https://exa mple.com", "HTTPS://example.com"]
    {
        let text = topics_citing(&format!("    sources:\n      - title: Guide\n        url: \"{url}\"\n"));
        let p = only("topics.yaml", &text);
        let line = common::line_of(&text, "url:");
        assert_eq!(
            (p.file.as_str(), p.line, p.entry.as_deref(), p.field.as_deref()),
            ("topics.yaml", Some(line), Some("topic:apis"), Some("sources.url")),
            "{url}: {p}"
        );
        assert!(p.to_string().starts_with(&format!("topics.yaml:{line}:")), "{p}");
        assert!(p.hint.contains("https://"), "{p}");
    }
}

#[test]
fn a_malformed_or_impossible_date_is_refused_with_file_line_and_field() {
    for date in ["2026-13", "2026-02-30", "2025-02-29", "Jan 2026", "2026/01", "26-01", "2026-1", "''"] {
        let text = topics_citing(&format!("    sources: [{{title: Guide}}]\n    as_of: {date}\n"));
        let p = only("topics.yaml", &text);
        let line = common::line_of(&text, "as_of:");
        assert_eq!(
            (p.line, p.entry.as_deref(), p.field.as_deref()),
            (Some(line), Some("topic:apis"), Some("as_of")),
            "{date}: {p}"
        );
        assert!(p.hint.contains("YYYY-MM-DD"), "{p}");
    }
}

#[test]
fn a_source_needs_a_title_and_names_nobody() {
    // A file that does not parse is left out whole, so the FAQ that relates to its topic dangles.
    let parse_problem = |lines: &str| {
        let text = topics_citing(lines);
        let found = problems("topics.yaml", &text);
        found.into_iter().find(|p| p.file == "topics.yaml").expect("a problem in topics.yaml")
    };
    let p = parse_problem("    sources:\n      - url: https://example.com\n");
    assert_eq!(p.field.as_deref(), Some("title"), "{p}");
    assert!(p.line.is_some(), "{p}");
    let p = parse_problem("    sources: [{title: Guide, link: https://example.com}]\n");
    assert_eq!(p.field.as_deref(), Some("link"), "{p}");
    let p = only("topics.yaml", &topics_citing("    sources: [{title: ask @everyone}]\n"));
    assert_eq!((p.entry.as_deref(), p.field.as_deref()), (Some("topic:apis"), Some("sources.title")), "{p}");
}

#[test]
fn the_builtin_tiers_roles_and_roadmap_cite_the_career_guide() {
    let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
    let kb = bot.knowledge();
    let cited = kb
        .tiers
        .iter()
        .map(|t| (format!("salary:{}", t.id), &t.sources, &t.as_of))
        .chain(kb.roles.iter().map(|r| (format!("role:{}", r.id), &r.sources, &r.as_of)))
        .chain(kb.topics.iter().map(|t| (format!("topic:{}", t.id), &t.sources, &t.as_of)));
    let mut count = 0;
    for (entry, sources, as_of) in cited {
        let titles: Vec<&str> = sources.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Backend Developer Skills & Career Path (2026)"], "{entry}");
        // The guide is a document with no address of its own: the source carries no link.
        assert!(sources.iter().all(|s| s.url.is_none()), "{entry}");
        assert_eq!(as_of.as_deref(), Some("2026"), "{entry}");
        count += 1;
    }
    assert_eq!(count, 4 + 4 + 9);
}

#[test]
fn the_apis_step_covers_documentation() {
    let bot = Bot::builtin().unwrap();
    let apis = bot.knowledge().topic("apis").unwrap();
    let skills: Vec<&str> = apis.skills.iter().flat_map(|g| g.items.iter().map(String::as_str)).collect();
    assert!(skills.iter().any(|s| s.to_lowercase().contains("documentation")), "{skills:?}");
    assert!(apis.summary.contains("document"), "{}", apis.summary);
}
