//! `career-bot knowledge export|import`: a server's own entries (written by its moderators with
//! `/knowledge`) out of the insights database as a knowledge file, and such a file back in, so a
//! server can move its content to a `KNOWLEDGE_DIR` and back.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};

use crate::Bot;
use crate::insights::server::{self, Editor, Refused};
use crate::insights::{self, Access};
use crate::knowledge::server::from_yaml;

/// Options of `career-bot knowledge`.
#[derive(Debug, Args)]
pub struct KnowledgeArgs {
    #[command(subcommand)]
    pub action: Action,
    #[command(flatten)]
    pub insights: crate::frontend::recording::InsightsArgs,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Print a server's entries as a knowledge file (it passes `career-bot check`).
    Export {
        /// The server (guild id).
        #[arg(long, value_name = "ID")]
        guild: u64,
    },
    /// Replace a server's entries with those of a knowledge file, after checking every one.
    Import {
        /// The server (guild id).
        #[arg(long, value_name = "ID")]
        guild: u64,
        /// A file such as `export` prints: `faqs:` with id, question, phrasings, answer, tags.
        file: PathBuf,
    },
}

/// Runs `knowledge export` or `knowledge import` against the insights database.
pub fn run(base: &Bot, args: &KnowledgeArgs) -> Result<ExitCode> {
    let config = args.insights.config().context("reading the insights settings")?;
    let mut store = insights::open(&config, Access::Write)?;
    match &args.action {
        Action::Export { guild } => {
            let text = server::export(store.as_mut(), *guild)?;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
        Action::Import { guild, file } => {
            let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
            let entries = from_yaml(&file.display().to_string(), &text)
                .with_context(|| format!("{} was not imported", file.display()))?;
            let count = entries.len();
            let editor = Editor {
                base,
                guild: *guild,
                moderator: None,
                now: insights::queue::unix_now(),
                max_entries: config.max_entries,
            };
            match editor.import(store.as_mut(), entries) {
                Ok(_) => eprintln!("imported {count} entries into server {guild}; {}", config.describe()),
                Err(Refused::Invalid(problems)) => {
                    return Err(anyhow::Error::new(problems).context(format!("{} was not imported", file.display())));
                }
                Err(other) => return Err(other.into()),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
