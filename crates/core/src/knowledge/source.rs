//! Where knowledge text comes from: the copy compiled into the binary, or a directory of
//! `*.yaml` files. Loading takes text (so tests need no files); this module only reads it.

use std::path::Path;

use super::error::{KnowledgeError, Problem};

/// One knowledge file's name (as shown in errors) and its text.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source { name: name.into(), text: text.into() }
    }
}

/// The default knowledge base, compiled in from `knowledge/*.yaml` (sorted by file name).
pub fn builtin() -> Vec<Source> {
    include!(concat!(env!("OUT_DIR"), "/builtin_knowledge.rs"))
        .iter()
        .map(|(name, text)| Source::new(format!("knowledge/{name}"), *text))
        .collect()
}

/// Every `*.yaml` file of a directory, sorted by file name so that list order (the roadmap's
/// learning order) is the same on every machine.
pub fn read_dir(dir: &Path) -> Result<Vec<Source>, KnowledgeError> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|err| {
        KnowledgeError::single(Problem::new(
            &shown,
            format!("cannot read the knowledge directory: {err}"),
            "check the path given by --knowledge or KNOWLEDGE_DIR",
        ))
    })?;
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                if path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml") && path.is_file() {
                    paths.push(path);
                }
            }
            Err(err) => problems.push(Problem::new(
                &shown,
                format!("cannot list the directory: {err}"),
                "check its permissions",
            )),
        }
    }
    paths.sort();
    if paths.is_empty() && problems.is_empty() {
        problems.push(Problem::new(
            &shown,
            "the directory holds no *.yaml knowledge files",
            "point --knowledge at a directory with knowledge files, or leave it unset to use the built-in knowledge",
        ));
    }
    let mut sources = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => sources.push(Source::new(name, text)),
                Err(err) => problems.push(Problem::new(
                    &name,
                    format!("the file is not UTF-8 text (bad byte at offset {})", err.utf8_error().valid_up_to()),
                    "save the file as UTF-8",
                )),
            },
            Err(err) => {
                problems.push(Problem::new(&name, format!("cannot read the file: {err}"), "check its permissions"))
            }
        }
    }
    if problems.is_empty() { Ok(sources) } else { Err(KnowledgeError { problems }) }
}
