//! The terminal front end: `career-bot <command>`, drawing the same replies the Discord front
//! ends send (or printing them as JSON), plus the maintainer commands `check` and `entries`.

pub mod declared;
pub mod draw;
pub mod gaps;
pub mod json;
pub mod knowledge;

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::Bot;
use crate::commands::{self, Answer, Command, Request};
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

    /// A maintainer command; `None` for a declared command (see [`declared`]).
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

impl Cli {
    /// The whole command line: the maintainer subcommands and every declared command.
    pub fn command_line() -> clap::Command {
        Cli::command().subcommands(declared::subcommands(Cmd::has_subcommand)).subcommand_required(true)
    }

    /// Parses the process's arguments (exits with clap's message on a usage error).
    pub fn parse_args() -> (Cli, ArgMatches) {
        let matches = Cli::command_line().get_matches();
        match Cli::from_arg_matches(&matches) {
            Ok(cli) => (cli, matches),
            Err(err) => err.exit(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
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
    /// A server's own entries (written with /knowledge): export them as a knowledge file, or
    /// import one (from the insights database: DATABASE_URL, else DATA_DIR).
    Knowledge(knowledge::KnowledgeArgs),
    /// Run the bot on Discord's gateway (options from flags, the environment or .env).
    Serve(crate::frontend::gateway::ServeArgs),
    /// Serve Discord interactions over HTTP (configuration from the environment and .env).
    ServeHttp(crate::frontend::http::ServeHttpArgs),
}

/// Runs the terminal front end with parsed arguments (`matches` holds a declared command's).
pub fn run(cli: Cli, matches: &ArgMatches) -> Result<ExitCode> {
    let Some(command) = cli.command else { return run_declared(cli.knowledge.as_deref(), cli.json, matches) };
    match command {
        Cmd::Check { dir } => Ok(check(dir.or(cli.knowledge))),
        Cmd::Entries => {
            let bot = load(cli.knowledge.as_deref())?;
            entries(bot.knowledge(), cli.json).map(|_| ExitCode::SUCCESS)
        }
        Cmd::Complete { partial } => {
            let bot = load(cli.knowledge.as_deref())?;
            let question = commands::ask::QUESTION;
            let answer = Answer::plain(crate::reply::Response::Choices(bot.autocomplete(
                commands::ask::SPEC.name,
                question,
                &partial,
            )));
            print(&mut std::io::stdout().lock(), &partial, &answer, cli.json)?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Eval { file } => {
            let bot = load(cli.knowledge.as_deref())?;
            let cases = crate::eval::read(&file).map_err(anyhow::Error::msg)?;
            print!("{}", crate::eval::render(&crate::eval::run(&bot, &cases)));
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Gaps(args) => gaps::run(&load(cli.knowledge.as_deref())?, &args, cli.json),
        Cmd::Knowledge(args) => knowledge::run(&load(cli.knowledge.as_deref())?, &args),
        Cmd::Serve(args) => {
            crate::frontend::gateway::serve(cli.knowledge, args).map(|()| ExitCode::SUCCESS).map_err(Into::into)
        }
        Cmd::ServeHttp(args) => {
            crate::frontend::http::serve(cli.knowledge, args).map(|()| ExitCode::SUCCESS).map_err(Into::into)
        }
    }
}

/// A declared command: its options read from the command line, answered like Discord would.
fn run_declared(knowledge: Option<&std::path::Path>, as_json: bool, matches: &ArgMatches) -> Result<ExitCode> {
    let (name, sub) = matches.subcommand().context("a command is required")?;
    let spec = commands::find(name).with_context(|| format!("no command `{name}`"))?;
    let args = declared::args(spec, sub);
    // Never freed: the process ends after the answer, and freeing every text of the knowledge
    // one by one would take a fifth of a cold `career-bot ask`.
    let bot = std::mem::ManuallyDrop::new(load(knowledge)?);
    if let Some(option) = declared::line_option(spec, &args) {
        return batch(&bot, Command { spec, args }, option, as_json);
    }
    let query = declared::query(spec, &args);
    let answer = bot.answer(&Request::new(Command { spec, args }));
    print(&mut std::io::stdout().lock(), &query, &answer, as_json)?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the knowledge base, with every problem in the error.
fn load(dir: Option<&std::path::Path>) -> Result<Bot> {
    Ok(crate::builtin::load(dir)?)
}

fn print(out: &mut impl Write, query: &str, answer: &Answer, as_json: bool) -> Result<()> {
    if as_json {
        writeln!(out, "{}", json::answer(query, answer))?;
    } else {
        write!(out, "{}", draw::response(&answer.response, draw::Style::detect()))?;
    }
    Ok(())
}

/// Answers each line of standard input as the value of `option`, loading the knowledge once.
fn batch(bot: &Bot, command: Command, option: &str, as_json: bool) -> Result<ExitCode> {
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let line = line.context("reading questions from standard input")?;
        let question = line.trim();
        if question.is_empty() {
            continue;
        }
        let answer = bot.answer(&Request::new(command.clone().with(option, question)));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_terminal_form() {
        let line = Cli::command_line();
        for spec in commands::COMMANDS {
            assert!(
                line.get_subcommands().any(|s| s.get_name() == spec.name),
                "/{} has no `career-bot {}` subcommand",
                spec.name,
                spec.name
            );
        }
        line.debug_assert();
    }

    #[test]
    fn a_declared_command_is_parsed_from_the_command_line() {
        let matches = Cli::command_line().try_get_matches_from(["career-bot", "--json", "salary", "sr"]).unwrap();
        let cli = Cli::from_arg_matches(&matches).unwrap();
        assert!(cli.command.is_none() && cli.json);
        let (name, sub) = matches.subcommand().unwrap();
        let spec = commands::find(name).unwrap();
        assert_eq!(declared::args(spec, sub).text("level"), Some("sr"));
        let maintainer = Cli::command_line().try_get_matches_from(["career-bot", "check"]).unwrap();
        assert!(matches!(Cli::from_arg_matches(&maintainer).unwrap().command, Some(Cmd::Check { dir: None })));
    }
}
