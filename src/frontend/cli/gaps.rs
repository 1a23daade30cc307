//! `career-bot gaps`: the gaps report from the insights database the bot records to
//! (`DATABASE_URL`, else `DATA_DIR`), as text, JSON (`--json`) or draft FAQ entries
//! (`--export-yaml`).

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use crate::Bot;
use crate::feedback::{Filter, export, render, report};
use crate::insights;

/// Options of `career-bot gaps`.
#[derive(Debug, Args)]
pub struct GapsArgs {
    /// Only questions and votes this recent: 30m, 12h, 7d, 2w.
    #[arg(long, value_name = "PERIOD", value_parser = report::parse_since)]
    pub since: Option<std::time::Duration>,
    /// Only this server (guild id).
    #[arg(long, value_name = "ID")]
    pub guild: Option<u64>,
    /// Question groups and worst-rated entries shown at most.
    #[arg(long, value_name = "N", default_value_t = report::DEFAULT_LIMIT as u16, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub limit: u16,
    /// Print the question groups as draft FAQ entries (YAML) to answer and add to knowledge/
    /// (instead of the report; wins over --json).
    #[arg(long)]
    pub export_yaml: bool,
    #[command(flatten)]
    pub insights: crate::frontend::recording::InsightsArgs,
}

/// Reads the report and prints it.
pub fn run(bot: &Bot, args: &GapsArgs, as_json: bool) -> Result<ExitCode> {
    let config = args.insights.config().context("reading the insights settings")?;
    let filter = Filter { since: args.since, guild: args.guild, limit: usize::from(args.limit) };
    let report = insights::read_report(&config, bot, &filter)?;
    let text = if args.export_yaml {
        export::yaml(&report)
    } else if as_json {
        format!("{}\n", render::json(&report))
    } else {
        render::text(&report, insights::queue::unix_now())
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
