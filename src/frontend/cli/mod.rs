//! The terminal front end: `career-bot <command>`, drawing the same replies the Discord front
//! ends send (or printing them as JSON), plus the maintainer commands `check` and `entries`.

pub mod draw;
pub mod gaps;
pub mod json;

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use crate::Bot;
use crate::commands::{Answer, Command, Request};
use crate::knowledge::{KnowledgeBase, phrases, source};

/// Answers backend-developer career questions (skills, roadmap, roles, salaries in India).
#[derive(Debug, Parser)]
#[command(name = "career-bot", version, disable_help_subcommand = true)]
pub struct Cli {
    /// Load the knowledge base from this directory (every *.yaml file) instead of the built-in one.
    #[arg(long, global = true, env = "KNOWLEDGE_DIR", value_name = "DIR")]
    pub knowledge: Option<PathBuf>,

    /// Print each answer as one JSON object (the Discord interaction response under "response").
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Answer a question; with no question, answer each line of standard input.
    Ask {
        /// The question (several words need no quotes).
        question: Vec<String>,
    },
    /// Salary ranges in India, for one level or all.
    Salary {
        /// fresher, mid, senior, architect (or what people type: sr, jr, entry level...).
        level: Option<String>,
    },
    /// The learning roadmap, or one topic's skills.
    Roadmap {
        /// e.g. databases, apis, system-design.
        topic: Option<String>,
    },
    /// Job roles, or the career ladder.
    Role {
        /// junior, backend, senior, architect.
        level: Option<String>,
    },
    /// The list of frequently asked questions.
    Faq {
        /// Page number (1-based).
        #[arg(long, default_value_t = 1)]
        page: usize,
    },
    /// Every command with an example.
    Help,
    /// Validate a knowledge directory (default: --knowledge, else the built-in one) and summarise it.
    Check {
        /// The directory to check.
        dir: Option<PathBuf>,
    },
    /// List every answerable entry with its phrases (JSON Lines with --json).
    Entries,
    /// Show the autocomplete suggestions Discord would offer for a partly typed /ask question.
    Complete {
        /// What has been typed so far (may be empty).
        #[arg(default_value = "")]
        partial: String,
    },
    /// Measure the matcher on an evaluation file (accuracy, declines, misses, baseline).
    Eval {
        /// A YAML list of questions with expected answers (see tests/eval/questions.yaml).
        file: PathBuf,
    },
    /// What people asked that the bot could not answer, and the answers rated worst (from the
    /// insights database: DATABASE_URL, else DATA_DIR).
    Gaps(gaps::GapsArgs),
    /// Run the bot on Discord's gateway (configuration from the environment and .env).
    Serve(crate::frontend::gateway::ServeArgs),
    /// Serve Discord interactions over HTTP (configuration from the environment and .env).
    ServeHttp(crate::frontend::http::ServeHttpArgs),
}

/// Runs the terminal front end with parsed arguments.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Cmd::Check { dir } => return Ok(check(dir.or(cli.knowledge))),
        Cmd::Entries => {
            let bot = load(cli.knowledge.as_deref())?;
            return entries(bot.knowledge(), cli.json).map(|_| ExitCode::SUCCESS);
        }
        Cmd::Complete { partial } => {
            let bot = load(cli.knowledge.as_deref())?;
            let answer = crate::commands::Answer::plain(crate::reply::Response::Choices(
                bot.autocomplete("ask", "question", &partial),
            ));
            print(&mut std::io::stdout().lock(), &partial, &answer, cli.json)?;
            return Ok(ExitCode::SUCCESS);
        }
        Cmd::Eval { file } => {
            let bot = load(cli.knowledge.as_deref())?;
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let cases = crate::eval::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            print!("{}", crate::eval::render(&crate::eval::run(&bot, &cases)));
            return Ok(ExitCode::SUCCESS);
        }
        Cmd::Gaps(args) => return gaps::run(&load(cli.knowledge.as_deref())?, &args, cli.json),
        Cmd::Serve(args) => return crate::frontend::gateway::serve(cli.knowledge, args),
        Cmd::ServeHttp(args) => return crate::frontend::http::serve(cli.knowledge, args),
        _ => {}
    }
    let bot = load(cli.knowledge.as_deref())?;
    let (query, command) = match cli.command {
        Cmd::Ask { question } if question.is_empty() => return batch(&bot, cli.json),
        Cmd::Ask { question } => {
            let question = question.join(" ");
            (question.clone(), Command::Ask { question, target: None })
        }
        Cmd::Salary { level } => (slash("salary", "level", &level), Command::Salary { level }),
        Cmd::Roadmap { topic } => (slash("roadmap", "topic", &topic), Command::Roadmap { topic }),
        Cmd::Role { level } => (slash("role", "level", &level), Command::Role { level }),
        Cmd::Faq { page } => (format!("/faq page:{page}"), Command::Faq { page: Some(page) }),
        Cmd::Help => ("/help".to_owned(), Command::Help),
        Cmd::Check { .. }
        | Cmd::Entries
        | Cmd::Complete { .. }
        | Cmd::Eval { .. }
        | Cmd::Gaps(_)
        | Cmd::Serve(_)
        | Cmd::ServeHttp(_) => {
            unreachable!("handled above")
        }
    };
    let answer = bot.answer(&Request::new(command));
    let mut out = std::io::stdout().lock();
    print(&mut out, &query, &answer, cli.json)?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the knowledge base, with every problem in the error.
fn load(dir: Option<&std::path::Path>) -> Result<Bot> {
    Ok(Bot::load(dir)?)
}

fn slash(command: &str, option: &str, value: &Option<String>) -> String {
    match value {
        Some(v) => format!("/{command} {option}:{v}"),
        None => format!("/{command}"),
    }
}

fn print(out: &mut impl Write, query: &str, answer: &Answer, as_json: bool) -> Result<()> {
    if as_json {
        writeln!(out, "{}", json::answer(query, answer))?;
    } else {
        write!(out, "{}", draw::response(&answer.response, draw::Style::detect()))?;
    }
    Ok(())
}

/// Answers each line of standard input, loading the knowledge once.
fn batch(bot: &Bot, as_json: bool) -> Result<ExitCode> {
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let line = line.context("reading questions from standard input")?;
        let question = line.trim();
        if question.is_empty() {
            continue;
        }
        let answer = crate::bot::ask(bot, question);
        if !as_json {
            writeln!(out, "> {question}")?;
        }
        print(&mut out, question, &answer, as_json)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `career-bot check`: a summary, or every problem and a failing exit code.
fn check(dir: Option<PathBuf>) -> ExitCode {
    let shown = dir.as_ref().map_or_else(|| "the built-in knowledge base".to_owned(), |d| d.display().to_string());
    let files = match &dir {
        Some(d) => source::read_dir(d).map(|s| s.len()).unwrap_or(0),
        None => source::builtin().len(),
    };
    match Bot::load(dir.as_deref()) {
        Ok(bot) => {
            let kb = bot.knowledge();
            let counts: Vec<String> = kb.counts().iter().map(|(kind, n)| format!("{n} {kind}")).collect();
            println!("{shown}: OK, {files} file(s): {}, {} synonym(s)", counts.join(", "), kb.synonyms.len());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{shown}: {err}");
            ExitCode::FAILURE
        }
    }
}

/// `career-bot entries`: every answerable entry and its phrases.
fn entries(kb: &KnowledgeBase, as_json: bool) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (entry, phrases) in phrases::all(kb) {
        let title = kb.title(&entry).unwrap_or_default();
        if as_json {
            let line =
                serde_json::json!({"kind": entry.kind.as_str(), "id": entry.id, "title": title, "phrases": phrases});
            writeln!(out, "{line}")?;
        } else {
            writeln!(out, "{entry}\t{title}")?;
        }
    }
    out.flush()?;
    Ok(())
}
