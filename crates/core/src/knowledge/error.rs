//! Knowledge errors: every problem found in a knowledge directory, each naming where it is
//! (file, line, column, entry, field) and what to do about it.

use std::fmt;

/// One thing wrong with the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it (e.g. `knowledge/faqs.yaml`).
    pub file: String,
    /// 1-based line, where it is known.
    pub line: Option<usize>,
    /// 1-based column, where it is known.
    pub column: Option<usize>,
    /// `kind:id` of the entry at fault, where there is one.
    pub entry: Option<String>,
    /// The field at fault, where there is one.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl Problem {
    pub fn new(file: &str, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Problem {
            file: file.to_owned(),
            line: None,
            column: None,
            entry: None,
            field: None,
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn at(mut self, location: Option<(usize, usize)>) -> Self {
        if let Some((line, column)) = location {
            self.line = Some(line);
            self.column = Some(column);
        }
        self
    }

    pub fn entry(mut self, entry: impl Into<String>) -> Self {
        self.entry = Some(entry.into());
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        f.write_str(": ")?;
        if let Some(entry) = &self.entry {
            write!(f, "entry `{entry}`, ")?;
        }
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        write!(f, "{} (fix: {})", self.message, self.hint)
    }
}

/// Everything wrong with a knowledge directory, reported together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct KnowledgeError {
    pub problems: Vec<Problem>,
}

impl KnowledgeError {
    pub fn single(problem: Problem) -> Self {
        KnowledgeError { problems: vec![problem] }
    }
}

impl fmt::Display for KnowledgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        write!(f, "the knowledge base has {count} problem{}; nothing was served", if count == 1 { "" } else { "s" })?;
        for problem in &self.problems {
            write!(f, "\n  - {problem}")?;
        }
        Ok(())
    }
}
