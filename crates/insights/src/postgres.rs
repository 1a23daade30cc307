//! The PostgreSQL [`Store`], for replicas of `serve-http` that must all record to one place.
//! Same tables as SQLite; migrations are serialised across replicas with an advisory lock, and
//! a connection lost between writes is opened again.
//!
//! The synchronous `postgres` client is used: it reuses the tokio the bot already builds and
//! needs no macros, so it adds little to build times, and it fits the writer thread. It runs a
//! small runtime of its own, so its calls must not be made from async code.

use ::postgres::{Client, NoTls, error::SqlState};

use crate::config::PostgresUrl;
use crate::error::InsightsError;
use career_bot_core::feedback::{Miss, QuestionRow, ReasonRow, Tally};

use crate::row::Row;
use crate::store::{
    Access, Change, ChangeAction, ChangeRow, ChangeWhat, DAY, MIGRATIONS, Query, SALT_KEY, SCHEMA_TABLE, Store,
    check_version, entry, from_sql_id, from_sql_list, to_sql_id, to_sql_list,
};
use crate::voter::Salt;
use career_bot_core::knowledge::EntryRef;
use career_bot_core::knowledge::server::ServerEntry;

/// The advisory lock key taken while migrating ("cbot" in ASCII).
const MIGRATION_LOCK: i64 = 0x6362_6f74;

/// A PostgreSQL insights database.
pub struct PostgresStore {
    client: Client,
    url: PostgresUrl,
}

impl PostgresStore {
    /// Connects; for [`Access::Write`] creates or migrates the tables.
    pub fn open(url: &PostgresUrl, access: Access) -> Result<Self, InsightsError> {
        let client = connect(url)?;
        let mut store = PostgresStore { client, url: url.clone() };
        match access {
            Access::Write => store.migrate()?,
            Access::Read => {
                let version = store.version()?.ok_or_else(|| InsightsError::NoTables { place: url.to_string() })?;
                check_version(&url.to_string(), version)?;
            }
        }
        Ok(store)
    }

    fn fail(&self, doing: &'static str) -> impl Fn(::postgres::Error) -> InsightsError + use<> {
        let server = self.url.to_string();
        move |e| InsightsError::Postgres { server: server.clone(), doing, detail: detail(&e) }
    }

    fn migrate(&mut self) -> Result<(), InsightsError> {
        let fail = self.fail("migrating the schema");
        let place = self.url.to_string();
        let mut tx = self.client.transaction().map_err(&fail)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).map_err(&fail)?;
        tx.batch_execute(&format!("CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (version BIGINT NOT NULL)"))
            .map_err(&fail)?;
        let found: i64 = tx
            .query_one(&format!("SELECT COALESCE(MAX(version), 0)::BIGINT FROM {SCHEMA_TABLE}"), &[])
            .map_err(&fail)?
            .get(0);
        check_version(&place, found)?;
        for (done, step) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.batch_execute(step).map_err(&fail)?;
            tx.execute(&format!("INSERT INTO {SCHEMA_TABLE} (version) VALUES ($1)"), &[&(done as i64 + 1)])
                .map_err(&fail)?;
        }
        tx.commit().map_err(&fail)
    }

    fn version(&mut self) -> Result<Option<i64>, InsightsError> {
        let fail = self.fail("reading the schema version");
        let exists: bool =
            self.client.query_one("SELECT to_regclass($1) IS NOT NULL", &[&SCHEMA_TABLE]).map_err(&fail)?.get(0);
        if !exists {
            return Ok(None);
        }
        let row = self
            .client
            .query_one(&format!("SELECT COALESCE(MAX(version), 0)::BIGINT FROM {SCHEMA_TABLE}"), &[])
            .map_err(&fail)?;
        Ok(Some(row.get(0)))
    }

    /// Opens the connection again if the server closed it (a restart, an idle timeout).
    fn reconnect_if_closed(&mut self) -> Result<(), InsightsError> {
        if self.client.is_closed() {
            self.client = connect(&self.url)?;
        }
        Ok(())
    }
}

impl Store for PostgresStore {
    fn describe(&self) -> String {
        self.url.to_string()
    }

    fn salt(&mut self) -> Result<Salt, InsightsError> {
        let fail = self.fail("reading the voter salt");
        let fresh = Salt::generate()?;
        self.client
            .execute(
                "INSERT INTO career_bot_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
                &[&SALT_KEY, &fresh],
            )
            .map_err(&fail)?;
        let kept: String = self
            .client
            .query_one("SELECT value FROM career_bot_settings WHERE key = $1", &[&SALT_KEY])
            .map_err(&fail)?
            .get(0);
        Salt::from_secret(&kept)
    }

    fn write(&mut self, rows: &[Row]) -> Result<(), InsightsError> {
        self.reconnect_if_closed()?;
        let fail = self.fail("writing records");
        let mut tx = self.client.transaction().map_err(&fail)?;
        let question = tx
            .prepare(
                "INSERT INTO career_bot_questions (text, guild, best, score, miss, at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .map_err(&fail)?;
        let vote = tx
            .prepare(
                "INSERT INTO career_bot_votes (voter, entry, vote, guild, at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (voter) DO UPDATE SET vote = excluded.vote, at = excluded.at",
            )
            .map_err(&fail)?;
        let answered = tx
            .prepare(
                "INSERT INTO career_bot_answers (guild, entry, day, count) VALUES ($1, $2, $3, 1)
                 ON CONFLICT (guild, entry, day) DO UPDATE SET count = career_bot_answers.count + 1",
            )
            .map_err(&fail)?;
        let reason = tx
            .prepare("INSERT INTO career_bot_vote_reasons (guild, entry, reason, at) VALUES ($1, $2, $3, $4)")
            .map_err(&fail)?;
        for row in rows {
            match row {
                Row::Question(q) => tx.execute(
                    &question,
                    &[
                        &q.text,
                        &q.guild.map(to_sql_id),
                        &q.best.as_ref().map(ToString::to_string),
                        &f64::from(q.score),
                        &q.miss.as_str(),
                        &q.at,
                    ],
                ),
                Row::Vote(v) => tx.execute(
                    &vote,
                    &[&v.voter.to_hex(), &v.entry.to_string(), &v.vote.value(), &v.guild.map(to_sql_id), &v.at],
                ),
                Row::Answered { entry, guild, at } => {
                    tx.execute(&answered, &[&guild.map_or(0, to_sql_id), &entry.to_string(), &at.div_euclid(DAY)])
                }
                Row::Reason(r) => tx.execute(&reason, &[&r.guild.map(to_sql_id), &r.entry.to_string(), &r.text, &r.at]),
            }
            .map_err(&fail)?;
        }
        tx.commit().map_err(&fail)
    }

    fn questions(&mut self, query: &Query) -> Result<Vec<QuestionRow>, InsightsError> {
        self.reconnect_if_closed()?;
        let fail = self.fail("reading questions");
        let rows = self
            .client
            .query(
                "SELECT text, guild, best, score, miss, at FROM career_bot_questions
                 WHERE ($1::BIGINT IS NULL OR at >= $1) AND ($2::BIGINT IS NULL OR guild = $2)
                 ORDER BY at DESC LIMIT $3",
                &[&query.since, &query.guild.map(to_sql_id), &(query.max_questions as i64)],
            )
            .map_err(&fail)?;
        Ok(rows
            .iter()
            .map(|r| QuestionRow {
                text: r.get(0),
                guild: r.get::<_, Option<i64>>(1).map(from_sql_id),
                best: r.get::<_, Option<String>>(2).as_deref().and_then(entry),
                score: r.get::<_, f64>(3) as f32,
                miss: Miss::parse(r.get(4)).unwrap_or(Miss::Declined),
                at: r.get(5),
            })
            .collect())
    }

    fn tallies(&mut self, query: &Query) -> Result<Vec<Tally>, InsightsError> {
        self.reconnect_if_closed()?;
        let fail = self.fail("reading votes");
        let rows = self
            .client
            .query(
                "SELECT entry, SUM(CASE WHEN vote > 0 THEN 1 ELSE 0 END)::BIGINT,
                        SUM(CASE WHEN vote < 0 THEN 1 ELSE 0 END)::BIGINT
                 FROM career_bot_votes
                 WHERE ($1::BIGINT IS NULL OR at >= $1) AND ($2::BIGINT IS NULL OR guild = $2)
                 GROUP BY entry ORDER BY entry",
                &[&query.since, &query.guild.map(to_sql_id)],
            )
            .map_err(&fail)?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let entry = entry(r.get(0))?;
                let (up, down): (i64, i64) = (r.get(1), r.get(2));
                Some(Tally { entry, up: up.max(0) as u64, down: down.max(0) as u64 })
            })
            .collect())
    }

    fn answered(&mut self, query: &Query, limit: usize) -> Result<Vec<(EntryRef, u64)>, InsightsError> {
        self.reconnect_if_closed()?;
        let fail = self.fail("reading answer counts");
        let rows = self
            .client
            .query(
                "SELECT entry, SUM(count)::BIGINT AS asked FROM career_bot_answers
                 WHERE ($1::BIGINT IS NULL OR day >= $1) AND ($2::BIGINT IS NULL OR guild = $2)
                 GROUP BY entry ORDER BY asked DESC, entry LIMIT $3",
                &[&query.since.map(|s| s.div_euclid(DAY)), &query.guild.map(to_sql_id), &(limit as i64)],
            )
            .map_err(&fail)?;
        Ok(rows.iter().filter_map(|r| Some((entry(r.get(0))?, r.get::<_, i64>(1).max(0) as u64))).collect())
    }

    fn reasons(&mut self, query: &Query, per_entry: usize) -> Result<Vec<ReasonRow>, InsightsError> {
        self.reconnect_if_closed()?;
        let fail = self.fail("reading the reasons of 👎");
        let rows = self
            .client
            .query(
                "SELECT entry, reason, guild, at FROM (
                     SELECT entry, reason, guild, at, ctid AS written,
                            ROW_NUMBER() OVER (PARTITION BY entry ORDER BY at DESC, ctid DESC) AS n
                     FROM career_bot_vote_reasons
                     WHERE ($1::BIGINT IS NULL OR at >= $1) AND ($2::BIGINT IS NULL OR guild = $2)
                 ) AS latest WHERE n <= $3 ORDER BY at DESC, written DESC",
                &[&query.since, &query.guild.map(to_sql_id), &(per_entry as i64)],
            )
            .map_err(&fail)?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                Some(ReasonRow {
                    entry: entry(r.get(0))?,
                    text: r.get(1),
                    guild: r.get::<_, Option<i64>>(2).map(from_sql_id),
                    at: r.get(3),
                })
            })
            .collect())
    }

    fn server_entries(&mut self, guild: u64) -> Result<Vec<ServerEntry>, InsightsError> {
        self.reconnect_if_closed()?;
        let fail = self.fail("reading server entries");
        let rows = self
            .client
            .query(
                "SELECT id, question, phrasings, answer, tags FROM career_bot_server_entries
                 WHERE guild = $1 ORDER BY position",
                &[&to_sql_id(guild)],
            )
            .map_err(&fail)?;
        Ok(rows
            .iter()
            .map(|r| ServerEntry {
                id: r.get(0),
                question: r.get(1),
                phrasings: from_sql_list(r.get(2)),
                answer: r.get(3),
                tags: from_sql_list(r.get(4)),
            })
            .collect())
    }

    fn change(&mut self, change: &Change) -> Result<(), InsightsError> {
        self.reconnect_if_closed()?;
        let fail = self.fail("changing server entries");
        let guild = to_sql_id(change.guild);
        let missing = |id: &str| InsightsError::NoSuchEntry { guild: change.guild, id: id.to_owned() };
        let mut tx = self.client.transaction().map_err(&fail)?;
        // Raising the version first locks the server's row: replicas changing the same server
        // take turns, so positions and checks see each other's changes.
        tx.execute(
            "INSERT INTO career_bot_knowledge_versions (guild, version) VALUES ($1, 1)
             ON CONFLICT (guild) DO UPDATE SET version = career_bot_knowledge_versions.version + 1",
            &[&guild],
        )
        .map_err(&fail)?;
        let insert = |tx: &mut ::postgres::Transaction, entry: &ServerEntry, position: i64| {
            tx.execute(
                "INSERT INTO career_bot_server_entries (guild, id, position, question, phrasings, answer, tags, at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &guild,
                    &entry.id,
                    &position,
                    &entry.question,
                    &to_sql_list(&entry.phrasings),
                    &entry.answer,
                    &to_sql_list(&entry.tags),
                    &change.at,
                ],
            )
        };
        match &change.what {
            ChangeWhat::Add(entry) => {
                let last: i64 = tx
                    .query_one(
                        "SELECT COALESCE(MAX(position), 0)::BIGINT FROM career_bot_server_entries WHERE guild = $1",
                        &[&guild],
                    )
                    .map_err(&fail)?
                    .get(0);
                insert(&mut tx, entry, last + 1).map_err(&fail)?;
            }
            ChangeWhat::Edit(entry) => {
                let changed = tx
                    .execute(
                        "UPDATE career_bot_server_entries SET question = $3, phrasings = $4, answer = $5, tags = $6,
                         at = $7 WHERE guild = $1 AND id = $2",
                        &[
                            &guild,
                            &entry.id,
                            &entry.question,
                            &to_sql_list(&entry.phrasings),
                            &entry.answer,
                            &to_sql_list(&entry.tags),
                            &change.at,
                        ],
                    )
                    .map_err(&fail)?;
                if changed == 0 {
                    return Err(missing(&entry.id));
                }
            }
            ChangeWhat::Remove(id) => {
                let changed = tx
                    .execute("DELETE FROM career_bot_server_entries WHERE guild = $1 AND id = $2", &[&guild, id])
                    .map_err(&fail)?;
                if changed == 0 {
                    return Err(missing(id));
                }
            }
            ChangeWhat::Import(entries) => {
                tx.execute("DELETE FROM career_bot_server_entries WHERE guild = $1", &[&guild]).map_err(&fail)?;
                for (n, entry) in entries.iter().enumerate() {
                    insert(&mut tx, entry, n as i64 + 1).map_err(&fail)?;
                }
            }
        }
        for id in change.entries() {
            tx.execute(
                "INSERT INTO career_bot_knowledge_changes (guild, entry, action, moderator, at)
                 VALUES ($1, $2, $3, $4, $5)",
                &[&guild, &id, &change.action().as_str(), &change.moderator.map(to_sql_id), &change.at],
            )
            .map_err(&fail)?;
        }
        tx.commit().map_err(&fail)
    }

    fn history(&mut self, guild: u64, limit: usize) -> Result<Vec<ChangeRow>, InsightsError> {
        self.reconnect_if_closed()?;
        let fail = self.fail("reading the changes to server entries");
        let rows = self
            .client
            .query(
                "SELECT entry, action, moderator, at FROM career_bot_knowledge_changes
                 WHERE guild = $1 ORDER BY at DESC, ctid DESC LIMIT $2",
                &[&to_sql_id(guild), &(limit as i64)],
            )
            .map_err(&fail)?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                Some(ChangeRow {
                    entry: r.get(0),
                    action: ChangeAction::parse(r.get(1))?,
                    moderator: r.get::<_, Option<i64>>(2).map(from_sql_id),
                    at: r.get(3),
                })
            })
            .collect())
    }

    fn versions(&mut self) -> Result<Vec<(u64, i64)>, InsightsError> {
        self.reconnect_if_closed()?;
        let fail = self.fail("reading the versions of server entries");
        let rows = self.client.query("SELECT guild, version FROM career_bot_knowledge_versions", &[]).map_err(&fail)?;
        Ok(rows.iter().map(|r| (from_sql_id(r.get(0)), r.get(1))).collect())
    }
}

fn connect(url: &PostgresUrl) -> Result<Client, InsightsError> {
    let connected = if url.tls() { url.config().connect(tls(url)?) } else { url.config().connect(NoTls) };
    connected.map_err(|e| InsightsError::Connect { server: url.to_string(), detail: detail(&e) })
}

/// The TLS connector for `sslmode=require`: rustls trusting the CA file given
/// (`DATABASE_CA_FILE`), else the system's roots.
fn tls(url: &PostgresUrl) -> Result<tokio_postgres_rustls::MakeRustlsConnect, InsightsError> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;

    let mut roots = rustls::RootCertStore::empty();
    match &url.ca_file {
        Some(file) => {
            let refused = |detail: String| InsightsError::Config {
                what: format!("DATABASE_CA_FILE {} cannot be used: {detail}", file.display()),
                fix: "point it at the PEM file of the certificate authority that signed the database server's \
                      certificate, or unset it to trust the system's roots"
                    .to_owned(),
            };
            let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(file)
                .map_err(|e| refused(e.to_string()))?
                .collect::<Result<_, _>>()
                .map_err(|e| refused(e.to_string()))?;
            if certificates.is_empty() {
                return Err(refused("it holds no certificate".to_owned()));
            }
            for certificate in certificates {
                roots.add(certificate).map_err(|e| refused(e.to_string()))?;
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            roots.add_parsable_certificates(found.certs);
            if roots.is_empty() {
                return Err(InsightsError::Config {
                    what: "DATABASE_URL asks for TLS, but this system has no trusted root certificates".to_owned(),
                    fix: "install the system's CA certificates (e.g. the ca-certificates package), or set \
                          DATABASE_CA_FILE to the database's CA file"
                        .to_owned(),
                });
            }
        }
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| InsightsError::Config {
            what: format!("TLS cannot be set up: {e}"),
            fix: "this build's TLS provider offers neither TLS 1.2 nor 1.3; report it".to_owned(),
        })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// The error with its whole chain: the client's own message ("db error") says little alone.
fn detail(error: &::postgres::Error) -> String {
    if let Some(db) = error.as_db_error() {
        let hint =
            if db.code() == &SqlState::INSUFFICIENT_PRIVILEGE || db.code() == &SqlState::READ_ONLY_SQL_TRANSACTION {
                " (the database user may not write here: grant it CREATE and INSERT, or use another database)"
            } else {
                ""
            };
        return format!("{} [{}]{hint}", db.message(), db.code().code());
    }
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
