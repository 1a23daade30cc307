//! A server's own entries: questions that a server's moderators answer from Discord. They are
//! FAQs kept per guild by the insights store. They are checked by exactly the loader's rules (the
//! entries are written out as a knowledge file, which the loader then reads), and they are
//! answered only in their own server, next to the base knowledge.
//!
//! The same file format is what `career-bot knowledge export` prints and `import` reads, so
//! a server can move its entries to a knowledge directory and back.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{KnowledgeBase, KnowledgeError, Problem, Source};

/// How many entries a server may hold unless configured otherwise (`CAREER_BOT_SERVER_ENTRIES`).
pub const DEFAULT_MAX_ENTRIES: usize = 500;

/// One entry a server's moderators wrote: the fields of the `/knowledge add` form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerEntry {
    pub id: String,
    pub question: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrasings: Vec<String>,
    pub answer: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// A server's entries as a knowledge file: FAQs and nothing else.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerFile {
    faqs: Vec<ServerEntry>,
}

/// The name a server's entries go by in errors and exports: `server-<guild>.yaml`.
pub fn file_name(guild: u64) -> String {
    format!("server-{guild}.yaml")
}

impl ServerEntry {
    /// An entry from what a moderator typed: other phrasings one per line, tags separated by
    /// commas or lines. Blank items are dropped; the texts themselves are checked by [`check`].
    pub fn from_form(id: &str, question: &str, phrasings: &str, answer: &str, tags: &str) -> ServerEntry {
        let items = |text: &str, split: &[char]| -> Vec<String> {
            text.split(split).map(str::trim).filter(|item| !item.is_empty()).map(str::to_owned).collect()
        };
        ServerEntry {
            id: id.to_owned(),
            question: question.trim().to_owned(),
            phrasings: items(phrasings, &['\n']),
            answer: answer.trim().to_owned(),
            tags: items(tags, &[',', '\n']),
        }
    }
}

/// An id for a new entry, made from its question (`where-do-we-post-job-openings`), with a
/// number added when `taken` says the id is in use.
pub fn id_for(question: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut slug = String::new();
    for c in question.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug: String = slug.trim_end_matches('-').chars().take(48).collect();
    slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        slug = "entry".to_owned();
    }
    if !taken(&slug) {
        return slug;
    }
    (2..).map(|n| format!("{slug}-{n}")).find(|id| !taken(id)).expect("some number is free")
}

/// The entries as a knowledge file, loadable with `career-bot check` and by [`from_yaml`].
pub fn to_yaml(guild: u64, entries: &[ServerEntry]) -> String {
    let body = serde_yaml::to_string(&ServerFile { faqs: entries.to_vec() })
        .expect("entries of strings always serialise to YAML");
    format!("# The entries of server {guild}, written by its moderators with /knowledge.\n{body}")
}

/// Reads a server's entries from a knowledge file holding FAQs with the fields a server entry
/// has (id, question, phrasings, answer, tags). Every problem is reported with the file's
/// line and field; call [`check`] before storing them.
pub fn from_yaml(name: &str, text: &str) -> Result<Vec<ServerEntry>, KnowledgeError> {
    KnowledgeBase::from_sources(vec![Source::new(name, text)])?;
    let file: ServerFile = serde_yaml::from_str(text).map_err(|err| {
        let at = err.location().map(|l| (l.line(), l.column()));
        KnowledgeError::single(
            Problem::new(
                name,
                format!("this is not a file of server entries: {err}"),
                "a server's file holds only `faqs:`, each with id, question, phrasings, answer and tags",
            )
            .at(at),
        )
    })?;
    Ok(file.faqs)
}

/// Checks a server's entries as a whole: the loader's rules (ids, empty texts, mentions,
/// links, Discord's limits), ids not taken by the base knowledge, no question asked twice,
/// and at most `max` entries. Returns them as a knowledge base of their own.
pub fn check(
    base: &KnowledgeBase,
    guild: u64,
    entries: &[ServerEntry],
    max: usize,
) -> Result<KnowledgeBase, KnowledgeError> {
    let name = file_name(guild);
    let mut problems = Vec::new();
    if entries.len() > max {
        problems.push(Problem::new(
            &name,
            format!("the server has {} entries, more than the {max} it may hold", entries.len()),
            "remove entries that are no longer needed with /knowledge remove",
        ));
    }
    let mut questions: HashMap<String, &str> = HashMap::new();
    for entry in entries {
        let problem = |field: &str, message: String, hint: &str| {
            Problem::new(&name, message, hint).entry(format!("faq:{}", entry.id)).field(field)
        };
        if base.faq(&entry.id).is_some() {
            problems.push(problem(
                "id",
                format!("`{}` is already an entry of the bot's own knowledge", entry.id),
                "give the entry another id",
            ));
        }
        let asked = entry.question.trim().to_lowercase();
        if let Some(first) = questions.get(&asked) {
            problems.push(problem(
                "question",
                format!("the entry `{first}` already asks this question"),
                "edit that entry instead, or ask the question another way",
            ));
        } else {
            questions.insert(asked, &entry.id);
        }
    }
    if entries.is_empty() {
        // No entries is a valid state (the last one removed), not an empty knowledge file.
        return Ok(KnowledgeBase::default());
    }
    let loaded = KnowledgeBase::from_sources(vec![Source::new(&name, to_yaml(guild, entries))]);
    match loaded {
        Ok(kb) if problems.is_empty() => Ok(kb),
        Ok(_) => Err(KnowledgeError { problems }),
        Err(more) => {
            problems.extend(more.problems);
            Err(KnowledgeError { problems })
        }
    }
}

/// What a moderator (or the operator, importing a file) did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeAction {
    Add,
    Edit,
    Remove,
    Import,
}

impl ChangeAction {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeAction::Add => "add",
            ChangeAction::Edit => "edit",
            ChangeAction::Remove => "remove",
            ChangeAction::Import => "import",
        }
    }

    /// The action a stored word names.
    pub fn parse(text: &str) -> Option<Self> {
        [ChangeAction::Add, ChangeAction::Edit, ChangeAction::Remove, ChangeAction::Import]
            .into_iter()
            .find(|action| action.as_str() == text)
    }
}

/// One row of a server's audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    pub entry: String,
    pub action: ChangeAction,
    pub moderator: Option<u64>,
    pub at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, question: &str) -> ServerEntry {
        ServerEntry::from_form(id, question, "", "Post them in #jobs, with the salary range.", "jobs")
    }

    fn base() -> KnowledgeBase {
        KnowledgeBase::from_sources(vec![Source::new(
            "faqs.yaml",
            "faqs:\n  - id: what-is-backend\n    question: What is backend development?\n    answer: The server side.\n",
        )])
        .expect("the base loads")
    }

    #[test]
    fn a_form_becomes_an_entry_with_one_phrasing_per_line_and_comma_separated_tags() {
        let entry = ServerEntry::from_form(
            "jobs",
            "  Where do we post job openings? ",
            "job posts\n\n  hiring channel \n",
            " In #jobs. ",
            "jobs, hiring,\nchannels",
        );
        assert_eq!(entry.question, "Where do we post job openings?");
        assert_eq!(entry.phrasings, ["job posts", "hiring channel"]);
        assert_eq!(entry.answer, "In #jobs.");
        assert_eq!(entry.tags, ["jobs", "hiring", "channels"]);
    }

    #[test]
    fn ids_come_from_the_question_and_get_a_number_when_taken() {
        assert_eq!(id_for("Where do we post job openings?", |_| false), "where-do-we-post-job-openings");
        assert_eq!(
            id_for("Where do we post job openings?", |id| id == "where-do-we-post-job-openings"),
            "where-do-we-post-job-openings-2"
        );
        assert_eq!(id_for("???", |_| false), "entry");
        assert!(id_for(&"long words ".repeat(20), |_| false).len() <= 48);
    }

    #[test]
    fn export_then_import_gives_the_same_entries() {
        let entries = vec![
            entry("jobs", "Where do we post job openings?"),
            ServerEntry::from_form(
                "roles",
                "How do I get the contributor role?",
                "contributor role\nrole: contributor",
                "Ask a moderator: \"please\".",
                "",
            ),
        ];
        let text = to_yaml(42, &entries);
        assert_eq!(from_yaml("server-42.yaml", &text).expect("the export loads"), entries);
        assert!(check(&base(), 42, &entries, 10).is_ok());
    }

    #[test]
    fn the_loaders_rules_refuse_a_bad_entry_by_field() {
        let mut bad = entry("jobs", "Where do we post job openings?");
        bad.question = "Where are jobs, see http://example.com?".to_owned();
        bad.answer = "Ping @everyone.".to_owned();
        let err = check(&base(), 42, &[bad], 10).expect_err("a mention and a plain http link are refused");
        let fields: Vec<_> = err.problems.iter().filter_map(|p| p.field.as_deref()).collect();
        assert_eq!(fields, ["question", "answer"], "each problem named by its field: {err}");
        let empty = ServerEntry::from_form("jobs", "   ", "", "", "");
        let err = check(&base(), 42, &[empty], 10).expect_err("empty texts are refused");
        let fields: Vec<_> = err.problems.iter().filter_map(|p| p.field.as_deref()).collect();
        assert!(fields.contains(&"question") && fields.contains(&"answer"), "{err}");
    }

    #[test]
    fn a_question_asked_twice_a_base_id_and_too_many_entries_are_refused() {
        let twice = [entry("jobs", "Where do we post jobs?"), entry("jobs-2", "where do we post JOBS? ")];
        let err = check(&base(), 42, &twice, 10).expect_err("the same question twice");
        assert!(
            err.problems.iter().any(|p| p.field.as_deref() == Some("question") && p.message.contains("`jobs`")),
            "{err}"
        );
        let err = check(&base(), 42, &[entry("what-is-backend", "Our backend?")], 10).expect_err("a base id");
        assert!(err.problems.iter().any(|p| p.field.as_deref() == Some("id")), "{err}");
        let many: Vec<_> = (0..3).map(|n| entry(&format!("e{n}"), &format!("Question {n}?"))).collect();
        let err = check(&base(), 42, &many, 2).expect_err("over the limit");
        assert!(err.to_string().contains("more than the 2"), "{err}");
        assert!(check(&base(), 42, &many, 3).is_ok());
        assert!(check(&base(), 42, &[], 3).is_ok_and(|kb| kb.faqs.is_empty()), "no entries at all is valid");
    }

    #[test]
    fn an_imported_file_with_other_lists_or_fields_is_refused_with_its_line() {
        let topics = "faqs:\n  - id: a\n    question: A?\n    answer: B.\n    related: [faq:a]\n";
        let err = from_yaml("import.yaml", topics).expect_err("related is not a server entry's field");
        assert!(err.problems.iter().any(|p| p.line.is_some()), "{err}");
    }
}
