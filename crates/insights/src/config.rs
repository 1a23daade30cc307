//! Where insights are stored, from the settings the binary reads (its flags or their variables): `DATABASE_URL=postgres://…` for PostgreSQL,
//! else a SQLite file `career-bot.sqlite3` in `DATA_DIR` (default `./data`); and the voter salt
//! (`CAREER_BOT_SALT`, else one generated once and kept in the database).

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use crate::error::InsightsError;
use crate::voter::Salt;
use career_bot_core::knowledge::server::DEFAULT_MAX_ENTRIES;

/// `DATA_DIR` when unset.
pub const DEFAULT_DATA_DIR: &str = "./data";
/// The SQLite file's name inside `DATA_DIR`.
pub const DATABASE_FILE: &str = "career-bot.sqlite3";
/// Records waiting for the writer at most; beyond that new ones are dropped and counted.
pub const DEFAULT_CAPACITY: usize = 1024;

/// Which database holds the insights.
#[derive(Debug, Clone)]
pub enum Location {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database, shared by every replica.
    Postgres(Box<PostgresUrl>),
}

/// A PostgreSQL URL that prints without its password, with how to check its server's
/// certificate when the URL asks for TLS (`sslmode=require`).
#[derive(Clone)]
pub struct PostgresUrl {
    config: postgres::Config,
    shown: String,
    /// `DATABASE_CA_FILE`: the PEM certificates to trust instead of the system's roots.
    pub ca_file: Option<PathBuf>,
}

impl PostgresUrl {
    /// Parses a `postgres://` or `postgresql://` URL.
    pub fn parse(url: &str) -> Result<Self, InsightsError> {
        let scheme_ok = url.starts_with("postgres://") || url.starts_with("postgresql://");
        let config =
            postgres::Config::from_str(url).ok().filter(|_| scheme_ok).ok_or_else(|| InsightsError::Config {
                what: "DATABASE_URL is not a PostgreSQL URL".to_owned(),
                fix: "write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE, or unset it to use SQLite in DATA_DIR"
                    .to_owned(),
            })?;
        let hosts: Vec<String> = config
            .get_hosts()
            .iter()
            .map(|h| match h {
                postgres::config::Host::Tcp(name) => name.clone(),
                #[cfg(unix)]
                postgres::config::Host::Unix(path) => path.display().to_string(),
            })
            .collect();
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let shown = format!(
            "postgres://{}@{}:{port}/{}",
            config.get_user().unwrap_or("(default user)"),
            if hosts.is_empty() { "localhost".to_owned() } else { hosts.join(",") },
            config.get_dbname().unwrap_or("(default database)"),
        );
        Ok(PostgresUrl { config, shown, ca_file: None })
    }

    /// Whether connections use TLS: only when the URL says `sslmode=require` (the client's
    /// default, `prefer`, connects without it, as `disable` does).
    pub fn tls(&self) -> bool {
        self.config.get_ssl_mode() == postgres::config::SslMode::Require
    }

    /// The connection settings.
    pub fn config(&self) -> &postgres::Config {
        &self.config
    }
}

impl fmt::Display for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

impl fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostgresUrl({})", self.shown)
    }
}

/// Everything needed to open the insights database and record into it.
#[derive(Debug, Clone)]
pub struct Config {
    pub location: Location,
    /// The operator's salt; `None` keeps a generated one in the database.
    pub salt: Option<Salt>,
    /// Queue length before records are dropped.
    pub capacity: usize,
    /// Most entries one server may hold (`CAREER_BOT_SERVER_ENTRIES`).
    pub max_entries: usize,
}

/// The highest `CAREER_BOT_SERVER_ENTRIES` accepted.
pub const MOST_ENTRIES: usize = 100_000;

impl Config {
    /// From the settings by their variable names (`DATABASE_URL`, `DATA_DIR`, `DATABASE_CA_FILE`,
    /// `CAREER_BOT_SALT`, `CAREER_BOT_SERVER_ENTRIES`), as the binary's flags read them or tests
    /// pass them; empty values count as unset.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, InsightsError> {
        let get = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let location = match get("DATABASE_URL") {
            Some(url) => {
                let mut url = PostgresUrl::parse(url.trim())?;
                url.ca_file = get("DATABASE_CA_FILE").map(PathBuf::from);
                Location::Postgres(Box::new(url))
            }
            None => {
                let dir = get("DATA_DIR").unwrap_or_else(|| DEFAULT_DATA_DIR.to_owned());
                Location::Sqlite(PathBuf::from(dir).join(DATABASE_FILE))
            }
        };
        let salt = get("CAREER_BOT_SALT").map(|s| Salt::from_secret(&s)).transpose()?;
        let max_entries = match get("CAREER_BOT_SERVER_ENTRIES") {
            None => DEFAULT_MAX_ENTRIES,
            Some(text) => text.trim().parse().ok().filter(|n| (1..=MOST_ENTRIES).contains(n)).ok_or_else(|| {
                InsightsError::Config {
                    what: format!("CAREER_BOT_SERVER_ENTRIES is `{}`, not a number of entries", text.trim()),
                    fix: format!(
                        "set it to a whole number from 1 to {MOST_ENTRIES}, or unset it for {DEFAULT_MAX_ENTRIES}"
                    ),
                }
            })?,
        };
        Ok(Config { location, salt, capacity: DEFAULT_CAPACITY, max_entries })
    }

    /// A SQLite file.
    pub fn sqlite(path: impl Into<PathBuf>) -> Self {
        Config {
            location: Location::Sqlite(path.into()),
            salt: None,
            capacity: DEFAULT_CAPACITY,
            max_entries: DEFAULT_MAX_ENTRIES,
        }
    }

    /// A PostgreSQL database.
    pub fn postgres(url: &str) -> Result<Self, InsightsError> {
        Ok(Config {
            location: Location::Postgres(Box::new(PostgresUrl::parse(url)?)),
            salt: None,
            capacity: DEFAULT_CAPACITY,
            max_entries: DEFAULT_MAX_ENTRIES,
        })
    }

    /// Where, for logs and errors: a file path, or a URL without its password.
    pub fn describe(&self) -> String {
        match &self.location {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => url.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, InsightsError> {
        Config::from_lookup(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned()))
    }

    #[test]
    fn sqlite_in_the_data_dir_by_default() {
        let c = config(&[]).unwrap();
        assert_eq!(c.describe(), "./data/career-bot.sqlite3");
        let c = config(&[("DATA_DIR", "/var/lib/bot"), ("DATABASE_URL", " ")]).unwrap();
        assert_eq!(c.describe(), "/var/lib/bot/career-bot.sqlite3");
        assert!(c.salt.is_none());
    }

    #[test]
    fn postgres_urls_print_without_their_password() {
        let c = config(&[("DATABASE_URL", "postgres://bot:hunter2secret@db.internal:6543/insights")]).unwrap();
        assert_eq!(c.describe(), "postgres://bot@db.internal:6543/insights");
        assert!(!format!("{c:?}").contains("hunter2secret"));
    }

    #[test]
    fn tls_only_when_the_url_requires_it_with_the_ca_file_given() {
        let plain = config(&[("DATABASE_URL", "postgres://bot@db/insights")]).unwrap();
        let Location::Postgres(url) = plain.location else { panic!("PostgreSQL") };
        assert!(!url.tls() && url.ca_file.is_none());
        let required = config(&[
            ("DATABASE_URL", "postgres://bot@db/insights?sslmode=require"),
            ("DATABASE_CA_FILE", "/etc/ssl/db-ca.pem"),
        ])
        .unwrap();
        let Location::Postgres(url) = required.location else { panic!("PostgreSQL") };
        assert!(url.tls());
        assert_eq!(url.ca_file.as_deref(), Some(std::path::Path::new("/etc/ssl/db-ca.pem")));
    }

    #[test]
    fn other_urls_and_short_salts_are_refused_with_a_fix() {
        for url in ["mysql://x@y/z", "sqlite://data.db", "not a url"] {
            let err = config(&[("DATABASE_URL", url)]).unwrap_err().to_string();
            assert!(err.contains("DATABASE_URL") && err.contains("postgres://"), "{err}");
        }
        let err = config(&[("CAREER_BOT_SALT", "abc")]).unwrap_err().to_string();
        assert!(err.contains("CAREER_BOT_SALT"), "{err}");
    }

    #[test]
    fn the_server_entry_limit_is_a_number_within_bounds() {
        assert_eq!(config(&[]).unwrap().max_entries, DEFAULT_MAX_ENTRIES);
        assert_eq!(config(&[("CAREER_BOT_SERVER_ENTRIES", " 20 ")]).unwrap().max_entries, 20);
        for bad in ["0", "many", "-3", "100001"] {
            let err = config(&[("CAREER_BOT_SERVER_ENTRIES", bad)]).unwrap_err().to_string();
            assert!(err.contains("CAREER_BOT_SERVER_ENTRIES") && err.contains(bad), "{err}");
        }
    }
}
