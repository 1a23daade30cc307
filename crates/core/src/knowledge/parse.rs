//! Text in, typed files out: YAML syntax, unknown and missing fields, wrong types. Each file is
//! parsed on its own so that one broken file does not hide the problems of the others.

use super::error::Problem;
use super::model::KnowledgeFile;
use super::source::Source;

/// Parses one knowledge file, or says exactly where and why it could not be read.
pub fn parse(source: &Source) -> Result<KnowledgeFile, Box<Problem>> {
    if source.text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---"
    }) {
        return Err(Box::new(Problem::new(
            &source.name,
            "the file holds no entries",
            "add a list such as `faqs:`, `topics:`, `roles:`, `salary_tiers:` or `synonyms:`, or delete the file",
        )));
    }
    serde_yaml::from_str(&source.text).map_err(|err| {
        let location = err.location().map(|at| (at.line(), at.column()));
        let message = err.to_string();
        // serde_yaml appends " at line L column C"; the location is shown in front already.
        let message = match message.find(" at line ") {
            Some(cut) if location.is_some() => message[..cut].to_owned(),
            _ => message,
        };
        let (field, hint) = explain(&message);
        let mut problem = Problem::new(&source.name, message, hint).at(location);
        if let Some(field) = field {
            problem = problem.field(field);
        }
        Box::new(problem)
    })
}

/// Picks the field a serde message is about and what the user should do about it.
fn explain(message: &str) -> (Option<String>, String) {
    let quoted = || message.split('`').nth(1).map(str::to_owned);
    if message.contains("unknown field") {
        (quoted(), "remove or rename the field; the README lists the fields of each kind".into())
    } else if message.contains("missing field") {
        (quoted(), "add the field to the entry".into())
    } else if message.contains("invalid type") {
        (None, "give the value the type the README shows for this field".into())
    } else {
        (None, "fix the YAML syntax at this position (indentation, quotes, a `: ` inside an unquoted text)".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Problem {
        *parse(&Source::new("t.yaml", text)).expect_err("should not parse")
    }

    #[test]
    fn unknown_field_is_named_with_its_line() {
        let p = problem("faqs:\n  - id: a\n    question: Q\n    answer: A\n    colour: red\n");
        assert_eq!(p.field.as_deref(), Some("colour"));
        assert_eq!(p.line, Some(5));
    }

    #[test]
    fn missing_field_is_named() {
        let p = problem("faqs:\n  - id: a\n    question: Q\n");
        assert_eq!(p.field.as_deref(), Some("answer"));
        assert!(p.line.is_some());
    }

    #[test]
    fn syntax_error_has_a_position() {
        let p = problem("faqs:\n  - id: a\n   question: [unclosed\n");
        assert!(p.line.is_some(), "{p}");
    }

    #[test]
    fn a_file_of_comments_only_is_refused() {
        let p = problem("# nothing here\n");
        assert!(p.message.contains("no entries"));
    }
}
