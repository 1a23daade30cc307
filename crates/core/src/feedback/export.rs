//! `career-bot gaps --export-yaml`: the report's question groups as draft FAQ entries in the
//! knowledge files' own format, ready to paste into `knowledge/` once answered. The answer is
//! left empty on purpose: the knowledge loader refuses empty answers, so a draft cannot go live
//! unanswered.

use super::render::{closest_text, utc};
use super::report::{Report, is_question_word};
use crate::knowledge::validate::MAX_ID;
use crate::search::normalise::{is_stopword, words};

/// The header every export starts with.
const HEADER: &str = "\
# DRAFT FAQ entries from the questions career-bot could not answer (career-bot gaps --export-yaml).
# For each entry worth keeping: write its answer, check its id, question and phrasings, add tags and
# related entries, then move it into a file under knowledge/ and run `career-bot check knowledge`.
# career-bot refuses to load an entry whose answer is empty, so a draft cannot go live by accident.
";

/// The drafts as YAML.
pub fn yaml(report: &Report) -> String {
    let mut out = String::from(HEADER);
    if report.groups.is_empty() {
        out.push_str("faqs: []\n");
        return out;
    }
    out.push_str("faqs:\n");
    let mut used: Vec<String> = Vec::new();
    for (n, group) in report.groups.iter().enumerate() {
        let id = unique(draft_id(&group.question, n + 1), &used);
        used.push(id.clone());
        let asked = if group.count == 1 { "once".to_owned() } else { format!("{} times", group.count) };
        out.push_str(&format!("\n  # Asked {asked}, last {}.", utc(group.last_seen)));
        if let Some(closest) = &group.closest {
            out.push_str(&format!(" Closest existing entry: {}.", closest_text(closest)));
        }
        out.push('\n');
        out.push_str(&format!("  - id: {id}\n"));
        out.push_str(&format!("    question: {}\n", quoted(&as_question(&group.question))));
        if !group.alternatives.is_empty() {
            out.push_str("    phrasings:\n");
            for phrasing in &group.alternatives {
                out.push_str(&format!("      - {}\n", quoted(phrasing)));
            }
        }
        out.push_str("    answer: \"\"  # DRAFT: write the answer before moving this entry into knowledge/\n");
    }
    out
}

/// A valid entry id from the meaningful words of a question (lower-case letters, digits and
/// dashes, at most [`MAX_ID`] characters), or `draft-N` when it has none.
fn draft_id(question: &str, n: usize) -> String {
    let mut id = String::new();
    for word in words(question).into_iter().filter(|w| !is_stopword(w) && !is_question_word(w)) {
        let term: String = word.chars().filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit()).collect();
        if term.is_empty() || id.len() + term.len() + 1 > MAX_ID - 4 {
            continue;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&term);
    }
    if id.is_empty() { format!("draft-{n}") } else { id }
}

/// `id`, or `id-2`, `id-3`… when taken.
fn unique(id: String, used: &[String]) -> String {
    if !used.contains(&id) {
        return id;
    }
    (2..).map(|n| format!("{id}-{n}")).find(|candidate| !used.contains(candidate)).unwrap_or(id)
}

/// `how do i learn go` → `How do i learn go?`.
fn as_question(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    if !out.ends_with('?') {
        out.push('?');
    }
    out
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_valid_and_unique() {
        assert_eq!(draft_id("how do i negotiate my salary with हिंदी", 1), "negotiate-salary");
        assert_eq!(draft_id("नमस्ते", 3), "draft-3");
        let long: String = (0..30).map(|i| format!("word{i} ")).collect();
        assert!(draft_id(&long, 1).len() <= MAX_ID);
        assert_eq!(unique("a".into(), &["a".into(), "a-2".into()]), "a-3");
    }

    #[test]
    fn questions_read_as_questions() {
        assert_eq!(as_question("how do i learn go"), "How do i learn go?");
        assert_eq!(as_question(""), "?");
    }
}
