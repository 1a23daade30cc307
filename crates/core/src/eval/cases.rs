//! The evaluation file format: a YAML list of questions with what a right answer is.
//!
//! ```yaml
//! - q: "sr backend salary"
//!   expect: {kind: salary, id: senior}        # the single right entry
//! - q: "authn vs authz?"
//!   expect: {kind: faq, contains: [authentication, authorization]}   # reply text holds all
//! - q: "django vs fastapi"
//!   accept: [{kind: topic, id: frameworks}, {kind: faq, contains: [FastAPI]}]
//! - q: "weather tomorrow"
//!   expect: none                              # out of domain: must not answer confidently
//! ```

use serde::Deserialize;

use crate::knowledge::{EntryRef, Kind};

/// One evaluation question.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub question: String,
    /// Right answers; empty for out-of-domain questions.
    pub targets: Vec<Target>,
}

impl Case {
    pub fn in_domain(&self) -> bool {
        !self.targets.is_empty()
    }

    /// The section a case is reported under: its first target's kind, or `none`.
    pub fn section(&self) -> &'static str {
        self.targets.first().map_or("none", |t| match t {
            Target::Entry(e) => e.kind.as_str(),
            Target::Contains { .. } => "faq",
        })
    }
}

/// What counts as a right answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Exactly this entry.
    Entry(EntryRef),
    /// Any entry whose reply text holds every phrase (case-insensitive).
    Contains { phrases: Vec<String> },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    q: String,
    #[serde(default)]
    expect: Option<RawExpect>,
    #[serde(default)]
    accept: Option<Vec<RawTarget>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawExpect {
    Word(String),
    Target(RawTarget),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    kind: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    contains: Option<Vec<String>>,
}

/// Reads and parses an evaluation file; an error names the file and what is wrong with it.
pub fn read(path: &std::path::Path) -> Result<Vec<Case>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Parses an evaluation file, naming the item at fault.
pub fn parse(text: &str) -> Result<Vec<Case>, String> {
    let raw: Vec<RawCase> = serde_yaml::from_str(text).map_err(|e| format!("not an evaluation file: {e}"))?;
    raw.into_iter()
        .enumerate()
        .map(|(i, item)| {
            let at = || format!("item {} (`{}`)", i + 1, item.q);
            let targets = match (item.expect, item.accept) {
                (Some(RawExpect::Word(w)), None) if w == "none" => Vec::new(),
                (Some(RawExpect::Word(w)), None) => {
                    return Err(format!("{}: `expect: {w}` should be `none` or a target", at()));
                }
                (Some(RawExpect::Target(t)), None) => vec![target(t).map_err(|e| format!("{}: {e}", at()))?],
                (None, Some(list)) if !list.is_empty() => {
                    list.into_iter().map(target).collect::<Result<_, _>>().map_err(|e| format!("{}: {e}", at()))?
                }
                _ => return Err(format!("{}: give exactly one of `expect` or a non-empty `accept`", at())),
            };
            Ok(Case { question: item.q, targets })
        })
        .collect()
}

fn target(raw: RawTarget) -> Result<Target, String> {
    let kind: Kind = raw.kind.parse()?;
    match (raw.id, raw.contains) {
        (Some(id), None) => Ok(Target::Entry(EntryRef::new(kind, id))),
        (None, Some(phrases)) if !phrases.is_empty() => Ok(Target::Contains { phrases }),
        _ => Err("a target needs either `id` or a non-empty `contains`".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        let cases = parse(
            "- q: a\n  expect: {kind: salary, id: senior}\n- q: b\n  expect: none\n- q: c\n  accept: [{kind: topic, id: apis}, {kind: faq, contains: [REST]}]\n",
        )
        .unwrap();
        assert_eq!(cases[0].targets, vec![Target::Entry(EntryRef::new(Kind::Salary, "senior"))]);
        assert!(!cases[1].in_domain());
        assert_eq!(cases[2].targets.len(), 2);
        assert_eq!(cases[2].section(), "topic");
    }

    #[test]
    fn rejects_malformed_items() {
        assert!(parse("- q: a\n").is_err());
        assert!(parse("- q: a\n  expect: maybe\n").is_err());
        assert!(parse("- q: a\n  expect: {kind: planet, id: x}\n").is_err());
    }
}
