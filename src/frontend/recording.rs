//! The insights wiring both Discord front ends share: opening the database at start (a database
//! that cannot be used disables recording, never the bot), pushing what the core asks to record
//! into the [`RecordQueue`]'s queue, reading the `/gaps` report off the async threads, and draining
//! the queue on shutdown.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::Bot;
use crate::commands::gaps;
use crate::feedback::Filter;
use crate::frontend::blocking::{self, Pending};
use crate::frontend::interaction::Findings;
use crate::insights::{self, Config, InsightsError, RecordQueue, Stats};

/// The insights database's settings, as every command that uses it takes them: a flag, or its
/// variable (or `.env`). Read by [`InsightsArgs::config`], whose errors name the variable.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct InsightsArgs {
    /// The directory of the SQLite file of recorded misses, votes and servers' own entries
    /// (default ./data).
    #[arg(long, env = "DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<String>,
    /// PostgreSQL instead of SQLite: postgres://USER:PASSWORD@HOST:PORT/DATABASE, with
    /// ?sslmode=require for TLS. Prefer the environment or .env: a flag shows in the process list.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// With sslmode=require: the PEM CA file to trust instead of the system's roots.
    #[arg(long, env = "DATABASE_CA_FILE", value_name = "FILE")]
    pub database_ca_file: Option<String>,
    /// The salt of voter keys (at least 16 characters); default: one generated and kept in the
    /// database.
    #[arg(long, env = "CAREER_BOT_SALT", hide_env_values = true, value_name = "SECRET")]
    pub salt: Option<String>,
    /// Most entries one server may hold with /knowledge (default 500).
    #[arg(long, env = "CAREER_BOT_SERVER_ENTRIES", value_name = "N")]
    pub server_entries: Option<String>,
}

impl InsightsArgs {
    /// The settings, checked; empty values count as unset.
    pub fn config(&self) -> Result<Config, InsightsError> {
        Config::from_lookup(|name| match name {
            "DATA_DIR" => self.data_dir.clone(),
            "DATABASE_URL" => self.database_url.clone(),
            "DATABASE_CA_FILE" => self.database_ca_file.clone(),
            "CAREER_BOT_SALT" => self.salt.clone(),
            "CAREER_BOT_SERVER_ENTRIES" => self.server_entries.clone(),
            _ => None,
        })
    }
}

/// How long a `/gaps` reply may wait for its report before the interaction is deferred: well
/// inside Discord's 3 seconds, leaving room for the callback itself.
pub const REPORT_WITHIN: Duration = Duration::from_millis(2000);

/// Where insights go, and whether they do.
#[derive(Debug, Default)]
pub struct Insights {
    /// The database's settings, kept for reading the report even when writing failed (a
    /// read-only file still reads).
    config: Option<Config>,
    recorder: Option<Arc<RecordQueue>>,
    /// Why nothing is recorded, when it is not.
    problem: Option<String>,
}

impl Insights {
    /// Nothing configured: nothing recorded, nothing reported (tests, benchmarks).
    pub fn none() -> Self {
        Insights::default()
    }

    /// Opens the database `args` name. Blocks while it opens (start-up).
    pub fn from_args(args: &InsightsArgs) -> Self {
        Self::start(args.config())
    }

    /// Opens the database `config` names and starts the writer. Any failure is logged and
    /// leaves recording disabled: the bot answers either way.
    pub fn start(config: Result<Config, InsightsError>) -> Self {
        let config = match config {
            Ok(config) => config,
            Err(err) => return Self::disabled(None, &err),
        };
        match RecordQueue::start(&config) {
            Ok(recorder) => {
                tracing::info!(database = recorder.place(), "recording missed questions and votes");
                Insights { config: Some(config), recorder: Some(Arc::new(recorder)), problem: None }
            }
            Err(err) => Self::disabled(Some(config), &err),
        }
    }

    fn disabled(config: Option<Config>, err: &InsightsError) -> Self {
        tracing::error!(
            error = %err,
            "recording of missed questions and votes is DISABLED; the bot answers as usual. Fix the insights \
             database and restart to record again",
        );
        Insights { config, recorder: None, problem: Some(err.to_string()) }
    }

    /// The queue, when recording.
    pub fn queue(&self) -> Option<&Arc<RecordQueue>> {
        self.recorder.as_ref()
    }

    /// The database's settings, when one is configured.
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    /// Whether a `/gaps` report can be read.
    pub fn has_database(&self) -> bool {
        self.config.is_some()
    }

    /// What `/readyz` shows under `recording`; `None` when nothing is configured.
    pub fn detail(&self) -> Option<Value> {
        match (&self.recorder, &self.problem) {
            (Some(recorder), _) => Some(json!({"enabled": true, "database": recorder.place()})),
            (None, Some(problem)) => Some(json!({"enabled": false, "error": problem})),
            (None, None) => None,
        }
    }

    /// Queues what `answer` asks to record, seen in `guild` by `user` (whose id only feeds the
    /// voter hash). Never blocks: a full queue drops the record and counts it.
    pub fn push(&self, answer: &Findings, guild: Option<u64>, user: Option<u64>) {
        if let (Some(recorder), Some(record)) = (&self.recorder, &answer.record) {
            recorder.push(record.clone(), guild, user);
        }
    }

    /// Starts reading the report `filter` asks for on a blocking thread and waits up to
    /// `within` for it. `None` when there is no database (the core's own reply says so).
    pub async fn report(&self, bot: Arc<Bot>, filter: Filter, within: Duration) -> Option<Pending> {
        let config = self.config.clone()?;
        let reading =
            blocking::within(within, gaps::unavailable, move || match insights::read_report(&config, &bot, &filter) {
                Ok(report) => gaps::reply(&report),
                Err(err) => {
                    tracing::error!(error = %err, "cannot read the gaps report; the moderator was told");
                    gaps::unavailable()
                }
            });
        Some(reading.await)
    }

    /// Closes the queue and writes everything it accepted (blocks; from async code, in a
    /// blocking task). `None` when nothing was recording.
    pub fn drain(&self) -> Option<Stats> {
        let stats = self.recorder.as_ref()?.drain_and_close();
        tracing::info!(
            written = stats.written,
            dropped = stats.dropped,
            failed = stats.failed,
            "insights queue drained"
        );
        Some(stats)
    }
}

#[cfg(test)]
mod tests {
    use clap::{Args, Command, FromArgMatches};

    use super::*;
    use crate::insights::Location;

    fn parsed(line: &[&str]) -> InsightsArgs {
        let matches = InsightsArgs::augment_args(Command::new("serve")).try_get_matches_from(line).unwrap();
        InsightsArgs::from_arg_matches(&matches).unwrap()
    }

    #[test]
    fn the_flags_name_the_database_and_its_limits() {
        let config =
            parsed(&["serve", "--data-dir", "/var/lib/career-bot", "--server-entries", "20"]).config().unwrap();
        let Location::Sqlite(path) = &config.location else { panic!("SQLite, not {:?}", config.location) };
        assert_eq!(path, &std::path::Path::new("/var/lib/career-bot").join("career-bot.sqlite3"));
        assert_eq!(config.max_entries, 20);
        let postgres =
            parsed(&["serve", "--database-url", "postgres://bot:pw@127.0.0.1:5432/insights"]).config().unwrap();
        assert!(matches!(postgres.location, Location::Postgres(_)));
        assert!(!format!("{postgres:?}").contains("pw"), "no password in what is printed");
        let err = parsed(&["serve", "--server-entries", "lots"]).config().unwrap_err().to_string();
        assert!(err.contains("CAREER_BOT_SERVER_ENTRIES") && err.contains("lots"), "{err}");
    }
}
