//! Helpers shared by the integration tests: running the real binary, knowledge fixtures.
#![allow(dead_code, reason = "each test crate uses a different subset of the helpers")]

pub mod process;

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The built `career-bot` binary with a clean, predictable environment.
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_career-bot"));
    for var in ["KNOWLEDGE_DIR", "DISCORD_TOKEN", "DISCORD_PUBLIC_KEY", "DISCORD_API_BASE", "RUST_LOG"] {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Runs the binary with arguments and optional standard input.
pub fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = bin();
    cmd.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the binary starts");
    if let Some(input) = stdin {
        child.stdin.take().expect("stdin is piped").write_all(input.as_bytes()).expect("stdin takes the input");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("the binary finishes")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Writes knowledge files into a fresh temporary directory.
pub fn knowledge_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("the fixture is written");
    }
    dir
}

/// The built-in knowledge's files (name, text) with the first `from` of `file` replaced by
/// `to`, for each edit in turn (which must each find its text).
pub fn builtin_edited(edits: &[(&str, &str, &str)]) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = career_bot::knowledge::source::builtin()
        .into_iter()
        .map(|s| (s.name.trim_start_matches("knowledge/").to_owned(), s.text))
        .collect();
    for (file, from, to) in edits {
        let (_, text) = files.iter_mut().find(|(name, _)| name == file).expect("a built-in knowledge file");
        assert!(text.contains(from), "{file} has no `{from}` to edit");
        *text = text.replacen(from, to, 1);
    }
    files
}

/// The 1-based number of the first line of `text` that contains `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|line| line.contains(needle)).expect("the text is there") + 1
}

/// A small valid knowledge base: two tiers, two roles, two topics, two FAQs, a synonym.
pub const TIERS: &str = "salary_tiers:
  - id: fresher
    name: Fresher
    min_lpa: 4
    max_lpa: 8
    open_ended: false
    currency: INR
    region: India
    role: junior
    summary: Starting pay for a first backend job.
    aliases: [fresher, entry level, jr]
  - id: senior
    name: Senior
    min_lpa: 18
    max_lpa: 35
    open_ended: true
    currency: INR
    region: India
    role: senior
    summary: Pay for engineers who lead designs and mentor others.
    aliases: [senior, sr]
";

pub const ROLES: &str = "roles:
  - id: junior
    title: Junior Backend Developer
    salary: fresher
    focus: [APIs, CRUD, Bug fixes]
    description: Builds endpoints and fixes bugs under guidance.
    aliases: [junior, jr]
  - id: senior
    title: Senior Backend Developer
    salary: senior
    focus: [Architecture, Scalability, Mentoring]
    description: Leads designs, keeps systems scaling and mentors the team.
    aliases: [senior, sr]
";

pub const TOPICS: &str = "topics:
  - id: databases
    title: Databases
    summary: Storing data in relational and document databases.
    skills:
      - group: Relational (SQL)
        items: [PostgreSQL, Indexing, Joins]
    aliases: [db, sql]
  - id: apis
    title: APIs
    summary: Designing REST and GraphQL interfaces.
    skills:
      - group: REST
        items: [HTTP methods, Status codes]
    aliases: [api, rest]
";

pub const FAQS: &str = "faqs:
  - id: what-is-backend
    question: What is a backend developer?
    phrasings: [what does a backend dev do]
    answer: Someone who builds the server side of an application.
    tags: [basics]
    related: [topic:apis]
  - id: auth-vs-authz
    question: What is the difference between authentication and authorization?
    answer: Authentication checks who you are; authorization checks what you may do.
    tags: [security]
";

pub const SYNONYMS: &str = "synonyms:
  - term: database
    variants: [db, dbs]
";

/// The small knowledge base's files (name, text), with one file replaced or added.
pub fn fixture_files<'a>(name: &'a str, text: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut files = vec![
        ("faqs.yaml", FAQS),
        ("roles.yaml", ROLES),
        ("salary.yaml", TIERS),
        ("synonyms.yaml", SYNONYMS),
        ("topics.yaml", TOPICS),
    ];
    files.retain(|(n, _)| *n != name);
    files.push((name, text));
    files
}

/// The small knowledge base as a directory, with one file replaced or added.
pub fn fixture_with(name: &str, text: &str) -> tempfile::TempDir {
    knowledge_dir(&fixture_files(name, text))
}
