//! The SQLite [`Store`]: one file in `DATA_DIR`, in WAL mode so that `career-bot gaps` can read
//! while the bot writes. Created and migrated on first open; a file that is not a database, or
//! that cannot be written, is reported as such before anything else happens.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};

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

/// How long a write waits for another connection's lock (the `gaps` reader, a second process).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A SQLite insights database.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

impl SqliteStore {
    /// Opens the file at `path`: for [`Access::Write`] creating its directory, the file and the
    /// tables as needed; for [`Access::Read`] only an existing database, read-only.
    pub fn open(path: &Path, access: Access) -> Result<Self, InsightsError> {
        let flags = match access {
            Access::Write => {
                prepare_to_write(path)?;
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
            }
            Access::Read => {
                if !path.exists() {
                    return Err(InsightsError::Missing { path: path.to_owned() });
                }
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
            }
        };
        let fail = |doing| move |e| classify(path, doing, e);
        let conn = Connection::open_with_flags(path, flags).map_err(fail("opening"))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail("setting the lock timeout"))?;
        let mut store = SqliteStore { conn, path: path.to_owned() };
        match access {
            Access::Write => {
                // The first statement reads the file's header: a file that is not a database
                // fails here, before anything is written.
                store
                    .conn
                    .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
                    .map_err(fail("switching to WAL mode"))?;
                if store.conn.is_readonly(rusqlite::MAIN_DB).map_err(fail("checking write access"))? {
                    return Err(InsightsError::ReadOnly { path: path.to_owned() });
                }
                store.conn.pragma_update(None, "synchronous", "NORMAL").map_err(fail("setting synchronous mode"))?;
                store.migrate()?;
            }
            Access::Read => {
                let version = store.version()?.ok_or_else(|| InsightsError::NoTables { place: store.describe() })?;
                check_version(&store.describe(), version)?;
            }
        }
        Ok(store)
    }

    /// Turns a SQLite error met while `doing` something into the error to report.
    fn fail(&self, doing: &'static str) -> impl Fn(rusqlite::Error) -> InsightsError + use<> {
        let path = self.path.clone();
        move |e| classify(&path, doing, e)
    }

    /// Applies the migrations this database has not had yet, in one transaction.
    fn migrate(&mut self) -> Result<(), InsightsError> {
        let fail = self.fail("migrating the schema");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&fail)?;
        tx.execute_batch(&format!("CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (version BIGINT NOT NULL)"))
            .map_err(&fail)?;
        let found: i64 = tx
            .query_row(&format!("SELECT COALESCE(MAX(version), 0) FROM {SCHEMA_TABLE}"), [], |r| r.get(0))
            .map_err(&fail)?;
        check_version(&self.path.display().to_string(), found)?;
        for (done, step) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.execute_batch(step).map_err(&fail)?;
            tx.execute(&format!("INSERT INTO {SCHEMA_TABLE} (version) VALUES (?1)"), [done as i64 + 1])
                .map_err(&fail)?;
        }
        tx.commit().map_err(&fail)
    }

    /// The schema version, or `None` when the database has no career-bot tables.
    fn version(&self) -> Result<Option<i64>, InsightsError> {
        let exists: Option<String> = self
            .conn
            .query_row("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?1", [SCHEMA_TABLE], |r| {
                r.get(0)
            })
            .optional()
            .map_err(self.fail("reading the tables"))?;
        if exists.is_none() {
            return Ok(None);
        }
        self.conn
            .query_row(&format!("SELECT COALESCE(MAX(version), 0) FROM {SCHEMA_TABLE}"), [], |r| r.get(0))
            .map(Some)
            .map_err(self.fail("reading the schema version"))
    }
}

impl Store for SqliteStore {
    fn describe(&self) -> String {
        self.path.display().to_string()
    }

    fn salt(&mut self) -> Result<Salt, InsightsError> {
        let fresh = Salt::generate()?;
        self.conn
            .execute(
                "INSERT INTO career_bot_settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
                [SALT_KEY, &fresh],
            )
            .map_err(self.fail("storing the voter salt"))?;
        let kept: String = self
            .conn
            .query_row("SELECT value FROM career_bot_settings WHERE key = ?1", [SALT_KEY], |r| r.get(0))
            .map_err(self.fail("reading the voter salt"))?;
        Salt::from_secret(&kept)
    }

    fn write(&mut self, rows: &[Row]) -> Result<(), InsightsError> {
        let fail = self.fail("writing records");
        let tx = self.conn.transaction().map_err(&fail)?;
        {
            let mut question = tx
                .prepare_cached(
                    "INSERT INTO career_bot_questions (text, guild, best, score, miss, at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(&fail)?;
            let mut vote = tx
                .prepare_cached(
                    "INSERT INTO career_bot_votes (voter, entry, vote, guild, at) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (voter) DO UPDATE SET vote = excluded.vote, at = excluded.at",
                )
                .map_err(&fail)?;
            let mut answered = tx
                .prepare_cached(
                    "INSERT INTO career_bot_answers (guild, entry, day, count) VALUES (?1, ?2, ?3, 1)
                     ON CONFLICT (guild, entry, day) DO UPDATE SET count = career_bot_answers.count + 1",
                )
                .map_err(&fail)?;
            let mut reason = tx
                .prepare_cached(
                    "INSERT INTO career_bot_vote_reasons (guild, entry, reason, at) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(&fail)?;
            for row in rows {
                match row {
                    Row::Question(q) => question.execute(params![
                        q.text,
                        q.guild.map(to_sql_id),
                        q.best.as_ref().map(ToString::to_string),
                        f64::from(q.score),
                        q.miss.as_str(),
                        q.at
                    ]),
                    Row::Vote(v) => vote.execute(params![
                        v.voter.to_hex(),
                        v.entry.to_string(),
                        v.vote.value(),
                        v.guild.map(to_sql_id),
                        v.at
                    ]),
                    Row::Answered { entry, guild, at } => {
                        answered.execute(params![guild.map_or(0, to_sql_id), entry.to_string(), at.div_euclid(DAY)])
                    }
                    Row::Reason(r) => {
                        reason.execute(params![r.guild.map(to_sql_id), r.entry.to_string(), r.text, r.at])
                    }
                }
                .map_err(&fail)?;
            }
        }
        tx.commit().map_err(&fail)
    }

    fn questions(&mut self, query: &Query) -> Result<Vec<QuestionRow>, InsightsError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT text, guild, best, score, miss, at FROM career_bot_questions
                 WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR guild = ?2)
                 ORDER BY at DESC LIMIT ?3",
            )
            .map_err(self.fail("preparing a read"))?;
        let rows = statement
            .query_map(params![query.since, query.guild.map(to_sql_id), query.max_questions as i64], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, f64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })
            .map_err(self.fail("reading questions"))?;
        let mut out = Vec::new();
        for row in rows {
            let (text, guild, best, score, miss, at) = row.map_err(self.fail("reading questions"))?;
            out.push(QuestionRow {
                text,
                guild: guild.map(from_sql_id),
                best: best.as_deref().and_then(entry),
                score: score as f32,
                miss: Miss::parse(&miss).unwrap_or(Miss::Declined),
                at,
            });
        }
        Ok(out)
    }

    fn tallies(&mut self, query: &Query) -> Result<Vec<Tally>, InsightsError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT entry, SUM(CASE WHEN vote > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN vote < 0 THEN 1 ELSE 0 END)
                 FROM career_bot_votes
                 WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR guild = ?2)
                 GROUP BY entry ORDER BY entry",
            )
            .map_err(self.fail("preparing a read"))?;
        let rows = statement
            .query_map(params![query.since, query.guild.map(to_sql_id)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
            })
            .map_err(self.fail("reading votes"))?;
        let mut out = Vec::new();
        for row in rows {
            let (text, up, down) = row.map_err(self.fail("reading votes"))?;
            if let Some(entry) = entry(&text) {
                out.push(Tally { entry, up: up.max(0) as u64, down: down.max(0) as u64 });
            }
        }
        Ok(out)
    }

    fn answered(&mut self, query: &Query, limit: usize) -> Result<Vec<(EntryRef, u64)>, InsightsError> {
        let fail = self.fail("reading answer counts");
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT entry, SUM(count) AS asked FROM career_bot_answers
                 WHERE (?1 IS NULL OR day >= ?1) AND (?2 IS NULL OR guild = ?2)
                 GROUP BY entry ORDER BY asked DESC, entry LIMIT ?3",
            )
            .map_err(&fail)?;
        let since = query.since.map(|s| s.div_euclid(DAY));
        let rows = statement
            .query_map(params![since, query.guild.map(to_sql_id), limit as i64], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })
            .map_err(&fail)?;
        let mut out = Vec::new();
        for row in rows {
            let (text, count) = row.map_err(&fail)?;
            if let Some(entry) = entry(&text) {
                out.push((entry, count.max(0) as u64));
            }
        }
        Ok(out)
    }

    fn reasons(&mut self, query: &Query, per_entry: usize) -> Result<Vec<ReasonRow>, InsightsError> {
        let fail = self.fail("reading the reasons of 👎");
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT entry, reason, guild, at FROM (
                     SELECT entry, reason, guild, at, rowid AS written,
                            ROW_NUMBER() OVER (PARTITION BY entry ORDER BY at DESC, rowid DESC) AS n
                     FROM career_bot_vote_reasons
                     WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR guild = ?2)
                 ) WHERE n <= ?3 ORDER BY at DESC, written DESC",
            )
            .map_err(&fail)?;
        let rows = statement
            .query_map(params![query.since, query.guild.map(to_sql_id), per_entry as i64], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<i64>>(2)?, r.get::<_, i64>(3)?))
            })
            .map_err(&fail)?;
        let mut out = Vec::new();
        for row in rows {
            let (text, reason, guild, at) = row.map_err(&fail)?;
            if let Some(entry) = entry(&text) {
                out.push(ReasonRow { entry, text: reason, guild: guild.map(from_sql_id), at });
            }
        }
        Ok(out)
    }

    fn server_entries(&mut self, guild: u64) -> Result<Vec<ServerEntry>, InsightsError> {
        let fail = self.fail("reading server entries");
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT id, question, phrasings, answer, tags FROM career_bot_server_entries
                 WHERE guild = ?1 ORDER BY position",
            )
            .map_err(&fail)?;
        let rows = statement
            .query_map([to_sql_id(guild)], |r| {
                Ok(ServerEntry {
                    id: r.get(0)?,
                    question: r.get(1)?,
                    phrasings: from_sql_list(&r.get::<_, String>(2)?),
                    answer: r.get(3)?,
                    tags: from_sql_list(&r.get::<_, String>(4)?),
                })
            })
            .map_err(&fail)?;
        rows.collect::<Result<_, _>>().map_err(&fail)
    }

    fn change(&mut self, change: &Change) -> Result<(), InsightsError> {
        let fail = self.fail("changing server entries");
        let guild = to_sql_id(change.guild);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&fail)?;
        let insert = |tx: &rusqlite::Transaction, entry: &ServerEntry, position: i64| {
            tx.execute(
                "INSERT INTO career_bot_server_entries (guild, id, position, question, phrasings, answer, tags, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    guild,
                    entry.id,
                    position,
                    entry.question,
                    to_sql_list(&entry.phrasings),
                    entry.answer,
                    to_sql_list(&entry.tags),
                    change.at
                ],
            )
        };
        let missing = |id: &str| InsightsError::NoSuchEntry { guild: change.guild, id: id.to_owned() };
        match &change.what {
            ChangeWhat::Add(entry) => {
                let last: i64 = tx
                    .query_row(
                        "SELECT COALESCE(MAX(position), 0) FROM career_bot_server_entries WHERE guild = ?1",
                        [guild],
                        |r| r.get(0),
                    )
                    .map_err(&fail)?;
                insert(&tx, entry, last + 1).map_err(&fail)?;
            }
            ChangeWhat::Edit(entry) => {
                let changed = tx
                    .execute(
                        "UPDATE career_bot_server_entries SET question = ?3, phrasings = ?4, answer = ?5, tags = ?6,
                         at = ?7 WHERE guild = ?1 AND id = ?2",
                        params![
                            guild,
                            entry.id,
                            entry.question,
                            to_sql_list(&entry.phrasings),
                            entry.answer,
                            to_sql_list(&entry.tags),
                            change.at
                        ],
                    )
                    .map_err(&fail)?;
                if changed == 0 {
                    return Err(missing(&entry.id));
                }
            }
            ChangeWhat::Remove(id) => {
                let changed = tx
                    .execute("DELETE FROM career_bot_server_entries WHERE guild = ?1 AND id = ?2", params![guild, id])
                    .map_err(&fail)?;
                if changed == 0 {
                    return Err(missing(id));
                }
            }
            ChangeWhat::Import(entries) => {
                tx.execute("DELETE FROM career_bot_server_entries WHERE guild = ?1", [guild]).map_err(&fail)?;
                for (n, entry) in entries.iter().enumerate() {
                    insert(&tx, entry, n as i64 + 1).map_err(&fail)?;
                }
            }
        }
        for id in change.entries() {
            tx.execute(
                "INSERT INTO career_bot_knowledge_changes (guild, entry, action, moderator, at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![guild, id, change.action().as_str(), change.moderator.map(to_sql_id), change.at],
            )
            .map_err(&fail)?;
        }
        tx.execute(
            "INSERT INTO career_bot_knowledge_versions (guild, version) VALUES (?1, 1)
             ON CONFLICT (guild) DO UPDATE SET version = career_bot_knowledge_versions.version + 1",
            [guild],
        )
        .map_err(&fail)?;
        tx.commit().map_err(&fail)
    }

    fn history(&mut self, guild: u64, limit: usize) -> Result<Vec<ChangeRow>, InsightsError> {
        let fail = self.fail("reading the changes to server entries");
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT entry, action, moderator, at FROM career_bot_knowledge_changes
                 WHERE guild = ?1 ORDER BY at DESC, rowid DESC LIMIT ?2",
            )
            .map_err(&fail)?;
        let rows = statement
            .query_map(params![to_sql_id(guild), limit as i64], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<i64>>(2)?, r.get::<_, i64>(3)?))
            })
            .map_err(&fail)?;
        let mut out = Vec::new();
        for row in rows {
            let (entry, action, moderator, at) = row.map_err(&fail)?;
            if let Some(action) = ChangeAction::parse(&action) {
                out.push(ChangeRow { entry, action, moderator: moderator.map(from_sql_id), at });
            }
        }
        Ok(out)
    }

    fn versions(&mut self) -> Result<Vec<(u64, i64)>, InsightsError> {
        let fail = self.fail("reading the versions of server entries");
        let mut statement =
            self.conn.prepare_cached("SELECT guild, version FROM career_bot_knowledge_versions").map_err(&fail)?;
        let rows = statement.query_map([], |r| Ok((from_sql_id(r.get(0)?), r.get(1)?))).map_err(&fail)?;
        rows.collect::<Result<_, _>>().map_err(&fail)
    }
}

/// Before opening for writing: the directory exists, and neither it nor the file is marked
/// read-only (checked by mode, so that it holds for every user, root included).
fn prepare_to_write(path: &Path) -> Result<(), InsightsError> {
    let read_only = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.permissions().readonly());
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| InsightsError::DataDir { dir: dir.to_owned(), detail: e.to_string() })?;
        if read_only(dir) {
            return Err(InsightsError::ReadOnly { path: path.to_owned() });
        }
    }
    if read_only(path) {
        return Err(InsightsError::ReadOnly { path: path.to_owned() });
    }
    Ok(())
}

/// A SQLite error as the error that says what to do: not a database, read-only, or other.
fn classify(path: &Path, doing: &'static str, error: rusqlite::Error) -> InsightsError {
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            InsightsError::Corrupt { path: path.to_owned(), detail: error.to_string() }
        }
        Some(ErrorCode::ReadOnly) => InsightsError::ReadOnly { path: path.to_owned() },
        _ => InsightsError::Sqlite { path: path.to_owned(), doing, detail: error.to_string() },
    }
}
