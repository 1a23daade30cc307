//! Insights end to end: what the core asks to record, through the queue, into a real database,
//! and back out as the gaps report. Every scenario runs on a temporary SQLite file and on
//! PostgreSQL, in a schema of its own on the server `CAREER_BOT_TEST_DATABASE_URL` names.
//!
//! The PostgreSQL runs are `#[ignore]`d, so that `cargo test` on a machine without a server
//! counts them as ignored rather than passed. To run them:
//!
//! ```sh
//! eval "$(bash .ci/postgres start)"   # a throw-away server; sets CAREER_BOT_TEST_DATABASE_URL
//! cargo test -- --ignored
//! ```
//!
//! `.ci/run` does so after `cargo test`. Asked for without a server, they fail.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use career_bot::Bot;
use career_bot::commands::{Command, Outcome, Request, registry};
use career_bot::feedback::Filter;
use career_bot::feedback::record::MAX_QUESTION;
use career_bot::feedback::{Miss, Record, Tally, Vote, export};
use career_bot::frontend::discord::incoming;
use career_bot::frontend::editing;
use career_bot::frontend::interaction;
use career_bot::frontend::live::LiveBot;
use career_bot::frontend::servers::ServerBots;
use career_bot::insights::Row;
use career_bot::insights::server::{self as server_entries, Editor, Refused};
use career_bot::insights::store::{Access, Change, ChangeAction, ChangeRow, Query, Store};
use career_bot::insights::voter::Salt;
use career_bot::insights::{Config, InsightsError, Pushed, RecordQueue};
use career_bot::knowledge::KnowledgeBase;
use career_bot::knowledge::server::{self, ServerEntry};
use career_bot::knowledge::{EntryRef, Kind, Source};
use career_bot::reply::{Response, limits, text};
use serde_json::json;

/// Ids no stored value may contain, whatever its column.
const ALICE: u64 = 731_946_205_118_404_611;
const BOB: u64 = 862_057_316_229_515_722;
const CAROL: u64 = 973_168_427_330_626_833;
const ALICE_NAME: &str = "alice_the_asker";
const GUILD: u64 = 411_111_111_111_111_111;
const OTHER_GUILD: u64 = 422_222_222_222_222_222;
const NOW: i64 = 1_776_159_000;
const DAY: i64 = 86_400;

const CONFIDENT: &[&str] = &["how much does a senior backend developer earn", "graphql vs rest"];
const UNSURE: &[&str] = &["what is the best pizza topping", "salary negotiation tips"];
const DECLINED: &[&str] = &["how do I bake sourdough bread", "tips to negotiate salary with hr"];

fn bot() -> Bot {
    Bot::builtin().expect("the built-in knowledge loads")
}

/// The first question of `candidates` with the wanted outcome: the scenarios test recording,
/// not the matcher, so they follow its judgement.
fn pick(bot: &Bot, candidates: &[&str], wanted: Outcome) -> String {
    candidates
        .iter()
        .find(|q| career_bot::bot::ask(bot, q).outcome == wanted)
        .unwrap_or_else(|| panic!("none of {candidates:?} is {wanted:?} any more: add one that is"))
        .to_string()
}

// --- the databases ---------------------------------------------------------------------------

/// One database for one scenario, removed afterwards.
struct Db {
    config: Config,
    /// The SQLite file's directory.
    dir: Option<tempfile::TempDir>,
    /// The PostgreSQL schema and the server's URL.
    schema: Option<(String, String)>,
}

impl Db {
    fn sqlite() -> Db {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let config = Config::sqlite(dir.path().join("data").join("career-bot.sqlite3"));
        Db { config, dir: Some(dir), schema: None }
    }

    /// A fresh schema on the test server. Without one the test fails: it was asked for (the
    /// PostgreSQL runs are ignored unless they are), and passing without running would hide it.
    fn postgres(scenario: &str) -> Db {
        let Some(url) = std::env::var("CAREER_BOT_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) else {
            let ci =
                if std::env::var("CI").as_deref() == Ok("true") { " (CI=true: .ci/run must start it)" } else { "" };
            panic!(
                "{scenario} on PostgreSQL: CAREER_BOT_TEST_DATABASE_URL is not set{ci}; \
                 `eval \"$(bash .ci/postgres start)\"` starts a server and sets it"
            );
        };
        // PostgreSQL names are at most 63 bytes: a prefix of the scenario, made unique by a hash.
        let hash = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            scenario.hash(&mut hasher);
            hasher.finish() & 0xffff_ffff
        };
        let prefix: String = scenario.replace(|c: char| !c.is_ascii_alphanumeric(), "_").chars().take(32).collect();
        let schema = format!("t_{prefix}_{hash:08x}_{}", std::process::id());
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).expect("the test PostgreSQL server answers");
        admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")).unwrap();
        let separator = if url.contains('?') { '&' } else { '?' };
        let scoped = format!("{url}{separator}options=-c%20search_path%3D{schema}");
        let config = Config::postgres(&scoped).expect("a valid test URL");
        Db { config, dir: None, schema: Some((schema, url)) }
    }

    fn queue(&self) -> RecordQueue {
        RecordQueue::start(&self.config).expect("the database opens")
    }

    fn open(&self) -> Box<dyn Store> {
        career_bot::insights::open(&self.config, Access::Write).expect("the database opens")
    }

    /// Every value of every column of every career-bot table, as text.
    fn every_value(&self) -> Vec<(String, String)> {
        match &self.schema {
            None => {
                let conn = rusqlite::Connection::open(self.sqlite_path()).unwrap();
                let tables: Vec<String> = conn
                    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
                    .unwrap()
                    .query_map([], |r| r.get(0))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                let mut out = Vec::new();
                for table in tables {
                    let mut statement = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
                    let columns: Vec<String> = statement.column_names().iter().map(|c| c.to_string()).collect();
                    let mut rows = statement.query([]).unwrap();
                    while let Some(row) = rows.next().unwrap() {
                        for (i, column) in columns.iter().enumerate() {
                            let value = match row.get_ref(i).unwrap() {
                                rusqlite::types::ValueRef::Null => String::new(),
                                rusqlite::types::ValueRef::Integer(n) => format!("{n} {}", n as u64),
                                rusqlite::types::ValueRef::Real(x) => x.to_string(),
                                rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                                    String::from_utf8_lossy(t).into_owned()
                                }
                            };
                            out.push((format!("{table}.{column}"), value));
                        }
                    }
                }
                out
            }
            Some((schema, url)) => {
                let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
                let columns = client
                    .query(
                        "SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns
                         WHERE table_schema = $1 ORDER BY table_name, ordinal_position",
                        &[schema],
                    )
                    .unwrap();
                let mut out = Vec::new();
                for column in columns {
                    let (table, name): (String, String) = (column.get(0), column.get(1));
                    let values = client
                        .query(&format!("SELECT COALESCE(\"{name}\"::TEXT, '') FROM {schema}.{table}"), &[])
                        .unwrap();
                    for value in values {
                        let text: String = value.get(0);
                        let number = text.parse::<i64>().map(|n| format!(" {}", n as u64)).unwrap_or_default();
                        out.push((format!("{table}.{name}"), format!("{text}{number}")));
                    }
                }
                out
            }
        }
    }

    fn sqlite_path(&self) -> std::path::PathBuf {
        self.dir.as_ref().expect("a SQLite database").path().join("data").join("career-bot.sqlite3")
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some((schema, url)) = &self.schema {
            if let Ok(mut admin) = postgres::Client::connect(url, postgres::NoTls) {
                let _ = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
    }
}

/// Runs a scenario on SQLite and (when the ignored tests are run) on PostgreSQL.
macro_rules! on_both_databases {
    ($($scenario:ident),* $(,)?) => {
        $(
            mod $scenario {
                #[test]
                fn sqlite() {
                    super::$scenario(&super::Db::sqlite());
                }

                #[test]
                #[ignore = "needs PostgreSQL: eval \"$(bash .ci/postgres start)\", then cargo test -- --ignored"]
                fn postgres() {
                    super::$scenario(&super::Db::postgres(stringify!($scenario)));
                }
            }
        )*
    };
}

on_both_databases!(
    declined_and_unsure_questions_are_recorded_confident_ones_not,
    nothing_stored_names_a_user,
    a_second_vote_of_the_same_person_replaces_the_first,
    the_report_groups_near_duplicates_and_ranks_the_worst_answers,
    draining_a_full_queue_loses_nothing_acknowledged,
    a_database_from_a_newer_version_is_refused,
    a_servers_entry_is_answered_in_that_server_only,
    an_edit_changes_the_answer_and_a_removal_ends_it,
    a_refused_entry_names_each_field_and_stores_nothing,
    a_server_holds_at_most_its_limit,
    an_export_passes_check_and_imports_back,
    every_change_is_audited_with_its_moderator,
    a_second_replica_sees_a_change_by_its_version,
    confident_answers_are_counted_per_entry_for_the_most_asked,
    a_gap_written_from_the_report_is_answered_and_marked_answered,
    a_thumbs_down_reason_is_stored_without_its_author_and_shown_with_the_worst,
    a_database_of_the_previous_schema_is_migrated_with_its_rows_kept,
);

// --- the scenarios ---------------------------------------------------------------------------

/// What a Discord front end does with an answer: push its record with the guild and the user.
fn ask_and_record(bot: &Bot, recorder: &RecordQueue, question: &str, guild: Option<u64>, user: u64) -> Pushed {
    let answer = bot.answer(&Request::by(Command::ask(question), user));
    match answer.record {
        Some(record) => recorder.push(record, guild, Some(user)),
        None => Pushed::Skipped,
    }
}

fn declined_and_unsure_questions_are_recorded_confident_ones_not(db: &Db) {
    let bot = bot();
    let (confident, unsure, declined) = (
        pick(&bot, CONFIDENT, Outcome::Answered),
        pick(&bot, UNSURE, Outcome::Suggested),
        pick(&bot, DECLINED, Outcome::Declined),
    );
    let recorder = db.queue();
    // A confident answer is only counted for its entry (the most asked answers): its
    // question is not kept.
    assert_eq!(ask_and_record(&bot, &recorder, &confident, Some(GUILD), ALICE), Pushed::Queued, "{confident}");
    assert_eq!(ask_and_record(&bot, &recorder, &unsure, Some(GUILD), ALICE), Pushed::Queued);
    assert_eq!(ask_and_record(&bot, &recorder, &declined, None, BOB), Pushed::Queued);
    let stats = recorder.drain_and_close();
    assert_eq!((stats.accepted, stats.written, stats.dropped, stats.failed), (3, 3, 0, 0), "{stats:?}");
    let kept = db.every_value();
    assert!(kept.iter().all(|(_, v)| !v.contains(&confident.to_lowercase())), "a confident question's text: {kept:?}");

    let mut questions = db.open().questions(&Query { max_questions: 100, ..Query::default() }).unwrap();
    questions.sort_by_key(|q| q.miss.as_str());
    assert_eq!(questions.len(), 2, "{questions:?}");
    let (declined_row, unsure_row) = (&questions[0], &questions[1]);
    assert_eq!(declined_row.miss, Miss::Declined);
    assert_eq!(declined_row.text, declined.to_lowercase());
    assert_eq!(declined_row.guild, None, "asked in a direct message");
    assert_eq!(unsure_row.miss, Miss::Unsure);
    assert_eq!(unsure_row.text, unsure.to_lowercase());
    assert_eq!(unsure_row.guild, Some(GUILD));
    let closest = career_bot::bot::ask(&bot, &unsure).matched.expect("an unsure answer shows an entry");
    assert_eq!(unsure_row.best.as_ref(), Some(&closest.entry));
    assert!((unsure_row.score - closest.score).abs() < 1e-4);
    assert!(questions.iter().all(|q| (q.at - career_bot::insights::queue::unix_now()).abs() < 60));
}

fn nothing_stored_names_a_user(db: &Db) {
    let bot = bot();
    let recorder = db.queue();
    // As a Discord front end sees it: the member's id and name, a mention inside the question.
    let question = format!("<@{BOB}> {} my number is 9876543210", pick(&bot, DECLINED, Outcome::Declined));
    let payload = json!({
        "type": 2, "id": "5", "application_id": "6", "token": "t", "version": 1, "guild_id": GUILD.to_string(),
        "channel_id": "7", "locale": "en-US", "guild_locale": "en-US", "entitlements": [], "app_permissions": "0",
        "authorizing_integration_owners": {"0": GUILD.to_string()}, "context": 0, "attachment_size_limit": 10485760,
        "member": {"user": {"id": ALICE.to_string(), "username": ALICE_NAME, "discriminator": "0", "global_name": "Alice",
                            "avatar": null},
                   "roles": [], "joined_at": "2024-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false, "flags": 0},
        "data": {"id": "8", "name": "ask", "type": 1, "options": [{"name": "question", "type": 3, "value": question}]}
    });
    let received = serde_json::from_value(payload).unwrap();
    let parsed = incoming::read(&received).unwrap();
    let interaction::Incoming::Request(request) = &parsed.incoming else { panic!("a request") };
    let answer = bot.answer(request);
    assert_eq!(recorder.push(answer.record.expect("a declined question"), parsed.guild, parsed.user), Pushed::Queued);
    // Votes by three people, one of them twice.
    let entry = EntryRef::new(Kind::Salary, "senior");
    for (user, vote) in [(ALICE, Vote::Up), (BOB, Vote::Down), (CAROL, Vote::Up), (ALICE, Vote::Down)] {
        let click = bot.answer(&Request::new_click(
            &career_bot::commands::CustomId::Vote { vote, entry: entry.clone() }.to_string(),
            user,
        ));
        assert_eq!(recorder.push(click.record.expect("a vote"), Some(GUILD), Some(user)), Pushed::Queued);
    }
    assert_eq!(recorder.drain_and_close().written, 5);

    let values = db.every_value();
    assert!(values.iter().any(|(column, _)| column.ends_with("votes.voter")), "the scan reads the tables");
    let forbidden: Vec<String> = [ALICE, BOB, CAROL]
        .iter()
        .flat_map(|id| [id.to_string(), format!("{id:x}"), (*id as i64).to_string()])
        .chain([ALICE_NAME.to_owned(), "9876543210".to_owned()])
        .collect();
    for (column, value) in &values {
        for needle in &forbidden {
            assert!(!value.contains(needle.as_str()), "{column} holds a user's id, name or number");
        }
    }
    // The file itself too, byte for byte (SQLite keeps integers in big-endian form).
    if db.schema.is_none() {
        let dir = db.sqlite_path().parent().unwrap().to_owned();
        for file in std::fs::read_dir(dir).unwrap() {
            let bytes = std::fs::read(file.unwrap().path()).unwrap();
            for id in [ALICE, BOB, CAROL] {
                for needle in [id.to_string().into_bytes(), id.to_be_bytes().to_vec(), id.to_le_bytes().to_vec()] {
                    assert!(!bytes.windows(needle.len()).any(|w| w == needle), "a database file holds a user id");
                }
            }
        }
    }
}

fn a_second_vote_of_the_same_person_replaces_the_first(db: &Db) {
    let bot = bot();
    let recorder = db.queue();
    let (senior, apis) = (EntryRef::new(Kind::Salary, "senior"), EntryRef::new(Kind::Topic, "apis"));
    let clicks = [
        (GUILD, &senior, ALICE, Vote::Up),
        (GUILD, &senior, ALICE, Vote::Up),
        (GUILD, &senior, ALICE, Vote::Down),
        (GUILD, &senior, BOB, Vote::Up),
        (GUILD, &senior, CAROL, Vote::Down),
        (GUILD, &apis, ALICE, Vote::Up),
        (OTHER_GUILD, &senior, ALICE, Vote::Up),
    ];
    for (n, (guild, entry, user, vote)) in clicks.iter().enumerate() {
        let answer = bot.answer(&Request::new_click(
            &career_bot::commands::CustomId::Vote { vote: *vote, entry: (*entry).clone() }.to_string(),
            *user,
        ));
        let record = answer.record.expect("a vote is recorded");
        assert_eq!(recorder.push_at(record, Some(*guild), Some(*user), NOW + n as i64), Pushed::Queued);
    }
    assert_eq!(recorder.drain_and_close().written, clicks.len() as u64);

    let mut store = db.open();
    let mut tally = |guild| {
        let mut t = store_tallies(&mut *store, guild);
        t.sort_by(|a, b| a.entry.cmp(&b.entry));
        t
    };
    assert_eq!(
        tally(Some(GUILD)),
        [Tally { entry: senior.clone(), up: 1, down: 2 }, Tally { entry: apis.clone(), up: 1, down: 0 }],
        "Alice's three clicks on one answer count once, as her last"
    );
    assert_eq!(tally(Some(OTHER_GUILD)), [Tally { entry: senior.clone(), up: 1, down: 0 }]);
    let votes = db.every_value().iter().filter(|(column, _)| column.ends_with("votes.voter")).count();
    assert_eq!(votes, 5, "one row per person, entry and server");
}

fn store_tallies(store: &mut dyn Store, guild: Option<u64>) -> Vec<Tally> {
    store.tallies(&Query { guild, max_questions: 0, since: None }).unwrap()
}

/// A missed question `days` ago.
fn missed(recorder: &RecordQueue, text: &str, guild: u64, days: i64) {
    let record = Record::Question { text: text.to_owned(), best: None, score: 0.1, miss: Miss::Declined };
    assert_eq!(recorder.push_at(record, Some(guild), None, NOW - days * DAY), Pushed::Queued);
}

fn the_report_groups_near_duplicates_and_ranks_the_worst_answers(db: &Db) {
    let bot = bot();
    let recorder = db.queue();
    let sourdough = ["how do i bake sourdough bread", "sourdough bread baking", "how to bake sourdough bread?"];
    for (i, text) in sourdough.iter().enumerate() {
        missed(&recorder, text, GUILD, i as i64);
    }
    missed(&recorder, "how do i bake sourdough bread", GUILD, 3);
    missed(&recorder, "Sourdugh bread: how to bake it", GUILD, 10);
    missed(&recorder, "how do I care for a cactus", GUILD, 1);
    missed(&recorder, "cactus care tips", GUILD, 2);
    missed(&recorder, "best pizza topping", GUILD, 0);
    missed(&recorder, "how do i bake sourdough bread", OTHER_GUILD, 0);
    let closest = EntryRef::new(Kind::Topic, "apis");
    let record = Record::Question {
        text: "bake sourdough bread".into(),
        best: Some(closest.clone()),
        score: 0.3,
        miss: Miss::Unsure,
    };
    recorder.push_at(record, Some(GUILD), None, NOW - 4 * DAY);
    let senior = EntryRef::new(Kind::Salary, "senior");
    let votes = [
        (&senior, ALICE, Vote::Down),
        (&senior, BOB, Vote::Down),
        (&senior, CAROL, Vote::Up),
        (&closest, ALICE, Vote::Down),
    ];
    for (entry, user, vote) in votes {
        recorder.push_at(Record::Vote { entry: entry.clone(), vote }, Some(GUILD), Some(user), NOW - DAY);
    }
    recorder.drain_and_close();

    let mut store = db.open();
    let filter = Filter { guild: Some(GUILD), ..Filter::default() };
    let full = career_bot::insights::read(store.as_mut(), &bot, &filter, NOW).unwrap();
    assert_eq!(full.questions, 9, "{full:#?}");
    let top = &full.groups[0];
    assert_eq!(top.count, 6, "the sourdough wordings, the typo and the one near an entry are one group: {full:#?}");
    assert_eq!(top.question, "how do i bake sourdough bread", "the most asked wording leads");
    assert_eq!(top.last_seen, NOW);
    assert!(top.alternatives.contains(&"sourdough bread baking".to_owned()), "{top:?}");
    assert_eq!(top.closest.as_ref().map(|c| &c.entry), Some(&closest));
    assert_eq!(full.groups[1].count, 2, "the cactus questions: {full:#?}");
    assert_eq!(full.groups.len(), 3, "{full:#?}");
    assert_eq!(full.worst[0].entry, closest, "one 👎 and nothing else is the worst share");
    assert_eq!((full.worst[1].entry.clone(), full.worst[1].up, full.worst[1].down), (senior.clone(), 1, 2));
    assert_eq!(full.worst[1].title.as_deref(), bot.knowledge().title(&senior));

    let recent = career_bot::insights::read(
        store.as_mut(),
        &bot,
        &Filter { since: Some(Duration::from_secs(5 * 86_400)), limit: 1, ..filter },
        NOW,
    )
    .unwrap();
    assert_eq!((recent.questions, recent.groups.len(), recent.groups[0].count), (8, 1, 5), "{recent:#?}");
    assert_eq!(recent.since, Some(NOW - 5 * DAY));
    let everywhere = career_bot::insights::read(store.as_mut(), &bot, &Filter::default(), NOW).unwrap();
    assert_eq!(everywhere.groups[0].count, 7, "another server's question joins without --guild");

    // The drafts are valid knowledge in shape, and refused for their empty answers.
    let yaml = export::yaml(&full);
    let drafts: career_bot::knowledge::model::KnowledgeFile = serde_yaml::from_str(&yaml).expect("valid YAML");
    assert_eq!(drafts.faqs.len(), 3);
    assert_eq!(drafts.faqs[0].question, "How do i bake sourdough bread?");
    assert!(drafts.faqs[0].phrasings.contains(&"sourdough bread baking".to_owned()));
    assert!(yaml.contains("DRAFT"));
    let refused = Bot::from_sources(vec![Source::new("drafts.yaml", yaml)]).unwrap_err().to_string();
    assert!(refused.contains("answer"), "{refused}");

    // /gaps draws the same report within Discord's limits.
    let Response::Message(reply) = career_bot::commands::gaps::reply(&full) else { panic!("a message") };
    assert!(reply.ephemeral);
    assert!(limits::violations(&reply).is_empty());
    assert!(reply.embeds[0].fields[0].name.starts_with("#1 · 6× how do i bake sourdough bread"), "{reply:?}");
}

/// A store whose first write waits for a signal, so that the queue fills up behind it.
struct Gated {
    inner: Box<dyn Store>,
    gate: Option<mpsc::Receiver<()>>,
}

impl Store for Gated {
    fn describe(&self) -> String {
        self.inner.describe()
    }
    fn salt(&mut self) -> Result<Salt, InsightsError> {
        self.inner.salt()
    }
    fn write(&mut self, rows: &[Row]) -> Result<(), InsightsError> {
        if let Some(gate) = self.gate.take() {
            gate.recv().expect("the test opens the gate");
        }
        self.inner.write(rows)
    }
    fn questions(&mut self, query: &Query) -> Result<Vec<career_bot::feedback::QuestionRow>, InsightsError> {
        self.inner.questions(query)
    }
    fn tallies(&mut self, query: &Query) -> Result<Vec<Tally>, InsightsError> {
        self.inner.tallies(query)
    }
    fn answered(&mut self, query: &Query, limit: usize) -> Result<Vec<(EntryRef, u64)>, InsightsError> {
        self.inner.answered(query, limit)
    }
    fn reasons(
        &mut self,
        query: &Query,
        per_entry: usize,
    ) -> Result<Vec<career_bot::feedback::ReasonRow>, InsightsError> {
        self.inner.reasons(query, per_entry)
    }
    fn server_entries(&mut self, guild: u64) -> Result<Vec<ServerEntry>, InsightsError> {
        self.inner.server_entries(guild)
    }
    fn change(&mut self, change: &Change) -> Result<(), InsightsError> {
        self.inner.change(change)
    }
    fn history(&mut self, guild: u64, limit: usize) -> Result<Vec<ChangeRow>, InsightsError> {
        self.inner.history(guild, limit)
    }
    fn versions(&mut self) -> Result<Vec<(u64, i64)>, InsightsError> {
        self.inner.versions()
    }
}

fn draining_a_full_queue_loses_nothing_acknowledged(db: &Db) {
    let (open, gate) = mpsc::channel();
    let mut inner = db.open();
    let salt = inner.salt().unwrap();
    let recorder = RecordQueue::with_store(Box::new(Gated { inner, gate: Some(gate) }), salt, 16).unwrap();
    let mut queued = 0;
    for n in 0..1000 {
        let record =
            Record::Question { text: format!("question number {n}"), best: None, score: 0.0, miss: Miss::Declined };
        match recorder.push_at(record, Some(GUILD), None, NOW) {
            Pushed::Queued => queued += 1,
            Pushed::Dropped => {}
            other => panic!("{other:?}"),
        }
    }
    let stats = recorder.stats();
    assert!(stats.dropped > 0 && queued < 1000, "the queue filled up: {stats:?}");
    assert_eq!((stats.accepted, stats.dropped), (queued, 1000 - queued));
    // Shut down while the writer is still stuck: drain_and_close waits for it.
    let opener = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        open.send(()).unwrap();
    });
    let done = recorder.drain_and_close();
    opener.join().unwrap();
    assert_eq!((done.written, done.failed, done.pending()), (queued, 0, 0), "{done:?}");
    let stored = db.open().questions(&Query { max_questions: 10_000, ..Query::default() }).unwrap();
    assert_eq!(stored.len() as u64, queued, "every acknowledged record is in the database");
    let late = Record::Question { text: "too late".into(), best: None, score: 0.0, miss: Miss::Declined };
    assert_eq!(recorder.push(late, None, None), Pushed::Closed);
    assert_eq!(recorder.stats().dropped, 1000 - queued + 1);
}

fn a_database_from_a_newer_version_is_refused(db: &Db) {
    drop(db.open());
    let bump = "INSERT INTO career_bot_schema (version) VALUES (99)";
    match &db.schema {
        None => {
            rusqlite::Connection::open(db.sqlite_path()).unwrap().execute(bump, []).unwrap();
        }
        Some((schema, url)) => {
            let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
            client.batch_execute(&format!("SET search_path = {schema}; {bump}")).unwrap();
        }
    }
    for err in [
        RecordQueue::start(&db.config).unwrap_err(),
        career_bot::insights::open(&db.config, Access::Read).err().unwrap(),
    ] {
        let message = err.to_string();
        assert!(matches!(err, InsightsError::SchemaTooNew { found: 99, .. }), "{message}");
        assert!(message.contains(&db.config.describe()) && message.contains("newer career-bot"), "{message}");
    }
}

// --- SQLite files that cannot be used --------------------------------------------------------

#[test]
fn a_corrupt_database_file_is_refused_with_what_to_do() {
    let db = Db::sqlite();
    let path = db.sqlite_path();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "these bytes are not a SQLite database, whatever the name says\n".repeat(100)).unwrap();
    let err = RecordQueue::start(&db.config).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, InsightsError::Corrupt { .. }), "{message}");
    assert!(message.contains(&path.display().to_string()), "says which file: {message}");
    assert!(message.contains("move the file") && message.contains("backup"), "says what to do: {message}");
    let err = career_bot::insights::open(&db.config, Access::Read).err().unwrap();
    assert!(matches!(err, InsightsError::Corrupt { .. }), "{err}");

    let output = gaps_cli(&db, &[]);
    assert!(!output.status.success());
    let stderr = common::stderr(&output);
    assert!(
        stderr.contains(&path.display().to_string()) && stderr.contains("not a usable SQLite database"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_read_only_database_file_is_refused_for_writing_and_still_read() {
    use std::os::unix::fs::PermissionsExt;
    let db = Db::sqlite();
    let recorder = db.queue();
    missed(&recorder, "how do i bake sourdough bread", GUILD, 0);
    drop(recorder);
    let path = db.sqlite_path();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let err = RecordQueue::start(&db.config).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, InsightsError::ReadOnly { .. }), "{message}");
    assert!(message.contains(&path.display().to_string()) && message.contains("write access"), "{message}");
    let report = career_bot::insights::read_report(&db.config, &bot(), &Filter::default()).unwrap();
    assert_eq!(report.questions, 1, "the report still reads a read-only file");

    // A read-only directory cannot take a new database (nor its -wal file).
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let err = RecordQueue::start(&Config::sqlite(dir.path().join("career-bot.sqlite3"))).unwrap_err();
    assert!(matches!(err, InsightsError::ReadOnly { .. }), "{err}");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn an_unreachable_postgres_server_is_a_clear_error_without_its_password() {
    let config = Config::postgres("postgres://bot:do-not-print-me@127.0.0.1:1/insights").unwrap();
    let err = RecordQueue::start(&config).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, InsightsError::Connect { .. }), "{message}");
    assert!(message.contains("postgres://bot@127.0.0.1:1/insights") && message.contains("DATABASE_URL"), "{message}");
    assert!(!message.contains("do-not-print-me"), "{message}");
}

// --- the terminal ------------------------------------------------------------------------------

/// `career-bot <command> <args>` on the database of `db`.
fn insights_cli(db: &Db, command: &str, args: &[&str]) -> std::process::Output {
    let data_dir = db.sqlite_path().parent().unwrap().to_owned();
    common::bin()
        .arg(command)
        .args(args)
        .env("DATA_DIR", data_dir)
        .env_remove("DATABASE_URL")
        .env_remove("CAREER_BOT_SALT")
        .env_remove("CAREER_BOT_SERVER_ENTRIES")
        .output()
        .expect("the binary runs")
}

fn gaps_cli(db: &Db, args: &[&str]) -> std::process::Output {
    insights_cli(db, "gaps", args)
}

#[test]
fn career_bot_gaps_prints_the_report_as_text_json_and_drafts() {
    let db = Db::sqlite();
    let output = gaps_cli(&db, &[]);
    assert!(!output.status.success());
    assert!(common::stderr(&output).contains("no insights database"), "{}", common::stderr(&output));

    let recorder = db.queue();
    let now = career_bot::insights::queue::unix_now();
    for (text, guild, days) in [
        ("how do i bake sourdough bread", GUILD, 0),
        ("sourdough bread baking", GUILD, 1),
        ("cactus care", OTHER_GUILD, 9),
    ] {
        let record = Record::Question { text: text.into(), best: None, score: 0.0, miss: Miss::Declined };
        recorder.push_at(record, Some(guild), None, now - days * DAY);
    }
    drop(recorder);

    let text = common::stdout(&gaps_cli(&db, &[]));
    assert!(text.contains("2× how do i bake sourdough bread") && text.contains("1× cactus care"), "{text}");
    assert!(text.contains("also asked as: sourdough bread baking"), "{text}");

    let json: serde_json::Value =
        serde_json::from_slice(&gaps_cli(&db, &["--json", "--since", "7d", "--guild", &GUILD.to_string()]).stdout)
            .unwrap();
    assert_eq!(json["guild"], GUILD.to_string());
    assert_eq!(json["questions"], 2);
    assert_eq!(json["groups"][0]["count"], 2);
    assert_eq!(json["groups"].as_array().unwrap().len(), 1, "{json}");

    let limited: serde_json::Value =
        serde_json::from_slice(&gaps_cli(&db, &["--json", "--limit", "1"]).stdout).unwrap();
    assert_eq!(limited["groups"].as_array().unwrap().len(), 1);

    let yaml = common::stdout(&gaps_cli(&db, &["--export-yaml"]));
    assert!(yaml.starts_with("# DRAFT"), "{yaml}");
    assert!(yaml.contains("question: \"How do i bake sourdough bread?\""), "{yaml}");

    let bad = gaps_cli(&db, &["--since", "soon"]);
    assert!(!bad.status.success());
    assert!(common::stderr(&bad).contains("7d"), "{}", common::stderr(&bad));
}

// --- the core's part -------------------------------------------------------------------------

#[test]
fn public_answers_to_questions_carry_votes_beside_the_delete_button() {
    let bot = bot();
    for (question, wanted) in [
        (pick(&bot, CONFIDENT, Outcome::Answered), Outcome::Answered),
        (pick(&bot, UNSURE, Outcome::Suggested), Outcome::Suggested),
    ] {
        let answer = bot.answer(&Request::by(Command::ask(&question.clone()), ALICE));
        assert_eq!(answer.outcome, wanted);
        let reply = answer.response.reply().unwrap();
        let entry = &answer.matched.as_ref().unwrap().entry;
        let last: Vec<&str> = reply.rows.last().unwrap().iter().map(|b| b.custom_id.as_str()).collect();
        assert_eq!(
            last,
            [
                career_bot::commands::CustomId::Vote { vote: Vote::Up, entry: entry.clone() }.to_string(),
                career_bot::commands::CustomId::Vote { vote: Vote::Down, entry: entry.clone() }.to_string(),
                career_bot::commands::CustomId::Delete { owner: ALICE }.to_string()
            ],
            "{question}"
        );
        assert!(limits::violations(reply).is_empty());
        // Private answers, declines and other commands have nothing to rate.
        let private = bot.answer(&Request { private: true, ..Request::by(Command::ask(&question), ALICE) });
        assert!(private.response.reply().unwrap().rows.iter().flatten().all(|b| !b.custom_id.starts_with("vote:")));
    }
    let declined = bot.answer(&Request::new(Command::ask(&pick(&bot, DECLINED, Outcome::Declined))));
    assert!(declined.response.reply().unwrap().rows.iter().flatten().all(|b| !b.custom_id.starts_with("vote:")));
    let salary =
        bot.answer(&Request::by(Command::new(&career_bot::commands::salary::SPEC).with("level", "senior"), ALICE));
    assert!(salary.response.reply().unwrap().rows.iter().flatten().all(|b| !b.custom_id.starts_with("vote:")));
}

#[test]
fn a_vote_click_thanks_the_voter_privately_and_asks_to_record_it() {
    let bot = bot();
    let entry = EntryRef::new(Kind::Topic, "apis");
    let answer = bot.answer(&Request::new_click(
        &career_bot::commands::CustomId::Vote { vote: Vote::Up, entry: entry.clone() }.to_string(),
        BOB,
    ));
    assert_eq!(answer.record, Some(Record::Vote { entry: entry.clone(), vote: Vote::Up }));
    let reply = answer.response.reply().unwrap();
    assert!(reply.ephemeral);
    assert_eq!(reply.embeds[0].title, text::VOTE_THANKS);
    // A 👎 is recorded just the same, and asks what was wrong instead of thanking.
    let down = bot.answer(&Request::new_click(
        &career_bot::commands::CustomId::Vote { vote: Vote::Down, entry: entry.clone() }.to_string(),
        BOB,
    ));
    assert_eq!(down.record, Some(Record::Vote { entry: entry.clone(), vote: Vote::Down }));
    let Response::Modal(form) = down.response else { panic!("the reason form") };
    assert_eq!(form.custom_id, format!("why:{entry}"));
    for forged in ["vote:up:faq:no-such-entry", "vote:sideways:topic:apis", "vote:up:planet:x", "vote:up"] {
        let refused = bot.answer(&Request::new_click(forged, BOB));
        assert_eq!((refused.outcome, refused.record), (Outcome::Refused, None), "{forged}");
    }
}

#[test]
fn vote_ids_fit_discord_for_every_entry_and_the_longest_possible_id() {
    let bot = bot();
    let longest = EntryRef::new(Kind::Salary, "x".repeat(career_bot::knowledge::validate::MAX_ID));
    for entry in bot.knowledge().entries().into_iter().chain([longest]) {
        assert!(
            career_bot::commands::CustomId::Vote { vote: Vote::Down, entry: entry.clone() }.to_string().chars().count()
                <= limits::CUSTOM_ID,
            "{entry}"
        );
    }
}

#[test]
fn questions_are_stored_short_and_without_markup() {
    let bot = bot();
    let long = format!("**bold** `code` <@{ALICE}> {}", "sourdough ".repeat(100));
    let answer = career_bot::bot::ask(&bot, &long);
    let Some(Record::Question { text, .. }) = answer.record else {
        panic!("a declined question: {:?}", answer.outcome)
    };
    assert!(text.starts_with("bold code sourdough"), "{text}");
    assert!(text.chars().count() <= MAX_QUESTION);
    assert!(!text.contains(&ALICE.to_string()));
}

#[test]
fn gaps_is_registered_for_server_managers_only_and_left_out_of_help() {
    let bot = bot();
    let commands = registry::application_commands(bot.knowledge());
    let gaps = commands.as_array().unwrap().iter().find(|c| c["name"] == "gaps").expect("/gaps is registered");
    assert_eq!(gaps["default_member_permissions"], "32");
    assert_eq!(gaps["contexts"], json!([0]));
    let ask = commands.as_array().unwrap().iter().find(|c| c["name"] == "ask").unwrap();
    assert!(ask.get("default_member_permissions").is_none());
    let help = bot.answer(&Request::new(Command::new(&career_bot::commands::help::SPEC)));
    assert!(help.response.reply().unwrap().embeds[0].fields.iter().all(|f| !f.name.contains("/gaps")));

    let refused = bot.answer(&Request {
        context: career_bot::commands::Context { invoker: None, guild: Some(GUILD), permissions: Some(0) },
        ..Request::new(Command::new(&career_bot::commands::gaps::SPEC))
    });
    assert_eq!(refused.outcome, Outcome::Refused);
    assert!(refused.report.is_none());
    let allowed = bot.answer(&Request {
        context: career_bot::commands::Context {
            invoker: None,
            guild: Some(GUILD),
            permissions: Some(career_bot::commands::gaps::MANAGE_GUILD),
        },
        ..Request::new(Command::new(&career_bot::commands::gaps::SPEC).with("since", "7d"))
    });
    assert_eq!(allowed.report.map(|f| f.guild), Some(Some(GUILD)));
    let Some(reply) = allowed.response.reply() else { panic!("a reply") };
    assert!(reply.ephemeral && reply.rows.is_empty(), "no delete button on a private report");
}

// --- a server's own entries ------------------------------------------------------------------

const MODERATOR: u64 = 333_333_333_333_333_333;

fn jobs() -> ServerEntry {
    ServerEntry::from_form(
        "",
        "Where do we post job openings?",
        "where can I share a job post\nhiring channel",
        "Job openings go in the #jobs channel, with the salary range and the location.",
        "jobs",
    )
}

fn editor(base: &Bot, guild: u64) -> Editor<'_> {
    Editor { base, guild, moderator: Some(MODERATOR), now: NOW, max_entries: server::DEFAULT_MAX_ENTRIES }
}

/// The entry `question` is answered with, by the bot of `guild` (the base bot when the server
/// has no entries).
fn answered(store: &mut dyn Store, base: &Bot, guild: u64, question: &str) -> Option<String> {
    let own = server_entries::bot_for(store, base, guild).expect("the stored entries load");
    let answer = career_bot::bot::ask(own.as_ref().unwrap_or(base), question);
    (answer.outcome == Outcome::Answered).then(|| answer.matched.map(|m| m.entry.id)).flatten()
}

fn a_servers_entry_is_answered_in_that_server_only(db: &Db) {
    let base = bot();
    let mut store = db.open();
    let question = "where do we post job openings";
    assert_ne!(answered(store.as_mut(), &base, GUILD, question).as_deref(), Some("where-do-we-post-job-openings"));
    let (entry, own) = editor(&base, GUILD).add(store.as_mut(), jobs()).expect("the entry is valid");
    assert_eq!(entry.id, "where-do-we-post-job-openings");
    assert_eq!(career_bot::bot::ask(&own, question).matched.map(|m| m.entry.id), Some(entry.id.clone()));
    assert_eq!(answered(store.as_mut(), &base, GUILD, question), Some(entry.id.clone()));
    assert_eq!(answered(store.as_mut(), &base, OTHER_GUILD, "where do we post job openings"), None);
    assert!(server_entries::bot_for(store.as_mut(), &base, OTHER_GUILD).unwrap().is_none());
    assert!(base.knowledge().faq(&entry.id).is_none(), "a DM or another server is answered from the base bot");
}

fn an_edit_changes_the_answer_and_a_removal_ends_it(db: &Db) {
    let base = bot();
    let mut store = db.open();
    let editor = editor(&base, GUILD);
    let (entry, _) = editor.add(store.as_mut(), jobs()).unwrap();
    let changed = ServerEntry { answer: "Job openings now go in the #careers forum.".to_owned(), ..entry.clone() };
    let own = editor.edit(store.as_mut(), changed.clone()).expect("the edit is valid");
    assert_eq!(own.knowledge().faq(&entry.id).map(|f| f.answer.as_str()), Some(changed.answer.as_str()));
    assert_eq!(store.server_entries(GUILD).unwrap(), vec![changed]);
    editor.remove(store.as_mut(), &entry.id).expect("the entry exists");
    assert!(store.server_entries(GUILD).unwrap().is_empty());
    assert_eq!(
        answered(store.as_mut(), &base, GUILD, "where do we post job openings").as_deref().filter(|id| *id == entry.id),
        None
    );
    assert!(matches!(editor.remove(store.as_mut(), &entry.id), Err(Refused::Unknown(id)) if id == entry.id));
    assert!(matches!(editor.edit(store.as_mut(), jobs()), Err(Refused::Unknown(_))));
}

fn a_refused_entry_names_each_field_and_stores_nothing(db: &Db) {
    let base = bot();
    let mut store = db.open();
    let bad = ServerEntry::from_form("", "Where are jobs, see http://jobs.example?", "", "Ask @everyone.", "");
    let Err(Refused::Invalid(err)) = editor(&base, GUILD).add(store.as_mut(), bad) else { panic!("refused") };
    let fields: Vec<_> = err.problems.iter().filter_map(|p| p.field.as_deref()).collect();
    assert_eq!(fields, ["question", "answer"], "{err}");
    let empty = ServerEntry::from_form("", "Where?", "", "   ", "");
    let Err(Refused::Invalid(err)) = editor(&base, GUILD).add(store.as_mut(), empty) else { panic!("refused") };
    assert!(err.problems.iter().any(|p| p.field.as_deref() == Some("answer")), "{err}");
    assert!(store.server_entries(GUILD).unwrap().is_empty());
    assert!(store.history(GUILD, 10).unwrap().is_empty());
    assert!(store.versions().unwrap().is_empty());
}

fn a_server_holds_at_most_its_limit(db: &Db) {
    let base = bot();
    let mut store = db.open();
    let editor = Editor { max_entries: 2, ..editor(&base, GUILD) };
    for n in 0..2 {
        let entry =
            ServerEntry::from_form("", &format!("How do I get the level {n} role?"), "", "Ask a moderator.", "");
        editor.add(store.as_mut(), entry).expect("within the limit");
    }
    let third = ServerEntry::from_form("", "How do I get the level 9 role?", "", "Ask a moderator.", "");
    let Err(Refused::Invalid(err)) = editor.add(store.as_mut(), third) else { panic!("over the limit") };
    assert!(err.to_string().contains("more than the 2"), "{err}");
    assert_eq!(store.server_entries(GUILD).unwrap().len(), 2);
    let other = Editor { max_entries: 2, ..self::editor(&base, OTHER_GUILD) };
    other.add(store.as_mut(), jobs()).expect("each server has its own limit");
}

fn an_export_passes_check_and_imports_back(db: &Db) {
    let base = bot();
    let mut store = db.open();
    let editor = editor(&base, GUILD);
    editor.add(store.as_mut(), jobs()).unwrap();
    let roles = ServerEntry::from_form(
        "",
        "How do I get the contributor role?",
        "contributor role",
        "Open a pull request: \"merged\" earns it.",
        "roles, github",
    );
    editor.add(store.as_mut(), roles).unwrap();
    let text = server_entries::export(store.as_mut(), GUILD).unwrap();
    KnowledgeBase::from_sources(vec![Source::new("server.yaml", text.clone())]).expect("the export passes check");
    let entries = server::from_yaml("server.yaml", &text).expect("the export reads back");
    let importer = Editor { moderator: None, ..self::editor(&base, OTHER_GUILD) };
    importer.import(store.as_mut(), entries).expect("the import is valid");
    assert_eq!(store.server_entries(OTHER_GUILD).unwrap(), store.server_entries(GUILD).unwrap());
    assert_eq!(
        server_entries::export(store.as_mut(), OTHER_GUILD).unwrap().lines().skip(1).collect::<Vec<_>>(),
        text.lines().skip(1).collect::<Vec<_>>()
    );
    assert!(
        store
            .history(OTHER_GUILD, 10)
            .unwrap()
            .iter()
            .all(|c| c.action == ChangeAction::Import && c.moderator.is_none())
    );
}

fn every_change_is_audited_with_its_moderator(db: &Db) {
    let base = bot();
    let mut store = db.open();
    let first = Editor { now: NOW, ..editor(&base, GUILD) };
    let (entry, _) = first.add(store.as_mut(), jobs()).unwrap();
    let later = Editor { now: NOW + 60, moderator: Some(MODERATOR + 1), ..first };
    later.edit(store.as_mut(), ServerEntry { answer: "In #careers.".into(), ..entry.clone() }).unwrap();
    let last = Editor { now: NOW + 120, ..first };
    last.remove(store.as_mut(), &entry.id).unwrap();
    let history = store.history(GUILD, 10).unwrap();
    let expected = [
        (ChangeAction::Remove, MODERATOR, NOW + 120),
        (ChangeAction::Edit, MODERATOR + 1, NOW + 60),
        (ChangeAction::Add, MODERATOR, NOW),
    ];
    assert_eq!(history.len(), 3, "{history:?}");
    for (row, (action, moderator, at)) in history.iter().zip(expected) {
        assert_eq!(
            (row.entry.as_str(), row.action, row.moderator, row.at),
            (entry.id.as_str(), action, Some(moderator), at)
        );
    }
    assert_eq!(store.history(GUILD, 1).unwrap().len(), 1);
    assert!(store.history(OTHER_GUILD, 10).unwrap().is_empty());
}

fn a_second_replica_sees_a_change_by_its_version(db: &Db) {
    let base = bot();
    let mut one = db.open();
    let mut two = db.open();
    assert!(two.versions().unwrap().is_empty());
    editor(&base, GUILD).add(one.as_mut(), jobs()).unwrap();
    let seen = two.versions().unwrap();
    assert_eq!(seen, vec![(GUILD, 1)]);
    assert_eq!(
        answered(two.as_mut(), &base, GUILD, "where do we post job openings").as_deref(),
        Some("where-do-we-post-job-openings")
    );
    editor(&base, GUILD)
        .add(
            one.as_mut(),
            ServerEntry::from_form("", "How do I get the contributor role?", "", "Open a pull request.", ""),
        )
        .unwrap();
    assert_eq!(two.versions().unwrap(), vec![(GUILD, 2)]);
}

fn knowledge_cli(db: &Db, args: &[&str]) -> std::process::Output {
    insights_cli(db, "knowledge", args)
}

#[test]
fn career_bot_knowledge_exports_a_file_that_passes_check_and_imports_it_back() {
    let db = Db::sqlite();
    let base = bot();
    let mut store = db.open();
    editor(&base, GUILD).add(store.as_mut(), jobs()).unwrap();
    drop(store);

    let exported = knowledge_cli(&db, &["export", "--guild", &GUILD.to_string()]);
    assert!(exported.status.success(), "{}", common::stderr(&exported));
    let text = common::stdout(&exported);
    let dir = common::knowledge_dir(&[("server.yaml", &text)]);
    let checked = common::run(&["check", dir.path().to_str().unwrap()], None);
    assert!(checked.status.success(), "the export passes check: {}", common::stderr(&checked));

    let file = dir.path().join("server.yaml");
    let imported = knowledge_cli(&db, &["import", "--guild", &OTHER_GUILD.to_string(), file.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", common::stderr(&imported));
    assert!(common::stderr(&imported).contains("imported 1 entries"), "{}", common::stderr(&imported));
    let again = common::stdout(&knowledge_cli(&db, &["export", "--guild", &OTHER_GUILD.to_string()]));
    assert_eq!(again.lines().skip(1).collect::<Vec<_>>(), text.lines().skip(1).collect::<Vec<_>>());

    std::fs::write(&file, text.replace("Job openings go", "Ping @everyone: job openings go")).unwrap();
    let refused = knowledge_cli(&db, &["import", "--guild", &OTHER_GUILD.to_string(), file.to_str().unwrap()]);
    assert!(!refused.status.success());
    let message = common::stderr(&refused);
    assert!(
        message.contains("was not imported") && message.contains("answer") && message.contains("@everyone"),
        "{message}"
    );
    let kept = common::stdout(&knowledge_cli(&db, &["export", "--guild", &OTHER_GUILD.to_string()]));
    assert_eq!(kept, again, "a refused import changes nothing");
}

// --- PostgreSQL over TLS ---------------------------------------------------------------------

/// The test server's URL asking for TLS, and the CA file `.ci/postgres` made for it.
fn tls_server() -> (String, String) {
    let need = |name: &str| {
        std::env::var(name).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| {
            panic!("{name} is not set; `eval \"$(bash .ci/postgres start)\"` starts a server with TLS and sets it")
        })
    };
    let url = need("CAREER_BOT_TEST_DATABASE_URL");
    let separator = if url.contains('?') { '&' } else { '?' };
    (format!("{url}{separator}sslmode=require"), need("CAREER_BOT_TEST_DATABASE_CA"))
}

#[test]
#[ignore = "needs PostgreSQL: eval \"$(bash .ci/postgres start)\", then cargo test -- --ignored"]
fn postgres_over_tls_trusts_the_ca_file_given_and_refuses_an_unknown_certificate() {
    let (url, ca) = tls_server();
    let trusting = Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(url.clone()),
        "DATABASE_CA_FILE" => Some(ca.clone()),
        _ => None,
    })
    .unwrap();
    let mut store = career_bot::insights::open(&trusting, Access::Write).expect("TLS with the server's CA connects");
    store.salt().expect("the connection works");
    // The server's view of the store's open connection: encrypted.
    let plain = std::env::var("CAREER_BOT_TEST_DATABASE_URL").unwrap();
    let mut admin = postgres::Client::connect(&plain, postgres::NoTls).unwrap();
    let encrypted: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
             WHERE s.ssl AND a.datname = current_database() AND s.pid <> pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0);
    let tls_in_use = encrypted >= 1;
    assert!(tls_in_use, "the session is encrypted");

    let system_roots = Config::from_lookup(|name| (name == "DATABASE_URL").then(|| url.clone())).unwrap();
    let err = career_bot::insights::open(&system_roots, Access::Write).err().expect("the test CA is not a system root");
    let message = err.to_string();
    assert!(matches!(err, InsightsError::Connect { .. }), "{message}");
    assert!(message.to_lowercase().contains("certificate"), "{message}");

    let missing = Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(url.clone()),
        "DATABASE_CA_FILE" => Some("/nonexistent/ca.pem".to_owned()),
        _ => None,
    })
    .unwrap();
    let message = career_bot::insights::open(&missing, Access::Write).err().unwrap().to_string();
    assert!(message.contains("DATABASE_CA_FILE /nonexistent/ca.pem cannot be used"), "{message}");
}

// --- the most asked answers ------------------------------------------------------------------

fn confident_answers_are_counted_per_entry_for_the_most_asked(db: &Db) {
    let bot = bot();
    let recorder = db.queue();
    let confident = pick(&bot, CONFIDENT, Outcome::Answered);
    let entry = career_bot::bot::ask(&bot, &confident).matched.expect("an answer").entry;
    let record = career_bot::bot::ask(&bot, &confident).record.expect("a confident answer is counted");
    assert_eq!(record, Record::Answered { entry: entry.clone() }, "only the entry, not the question");
    for (guild, days) in [(GUILD, 0), (GUILD, 0), (GUILD, 3), (OTHER_GUILD, 0)] {
        recorder.push_at(record.clone(), Some(guild), Some(7), NOW - days * DAY);
    }
    let other = EntryRef::new(Kind::Faq, "no-longer-here");
    recorder.push_at(Record::Answered { entry: other.clone() }, Some(GUILD), None, NOW);
    drop(recorder);

    let mut store = db.open();
    let all = Query { guild: Some(GUILD), ..Query::default() };
    assert_eq!(store.answered(&all, 10).unwrap(), vec![(entry.clone(), 3), (other.clone(), 1)]);
    let recent = Query { guild: Some(GUILD), since: Some(NOW - DAY), ..Query::default() };
    assert_eq!(store.answered(&recent, 10).unwrap(), vec![(entry.clone(), 2), (other, 1)]);
    assert_eq!(store.answered(&Query::default(), 1).unwrap(), vec![(entry.clone(), 4)], "every server, the limit kept");

    let filter = Filter { since: None, guild: Some(GUILD), limit: 10 };
    let report = career_bot::insights::read(store.as_mut(), &bot, &filter, NOW).unwrap();
    assert_eq!(report.most_asked[0].entry, entry);
    assert_eq!(report.most_asked[0].count, 3);
    assert!(report.most_asked[0].title.is_some());
    assert_eq!(report.most_asked[1].title, None, "an entry no longer in the knowledge base");
    let Response::Message(reply) = career_bot::commands::gaps::reply(&report) else { panic!("a message") };
    assert!(reply.embeds[2].description.starts_with("3× "), "{:?}", reply.embeds[2]);
    assert!(db.every_value().iter().all(|(_, v)| !v.contains(&confident)), "the question text is not kept");
}

// --- /knowledge end to end: the command, its form, the front end applying the change -----------

/// A member of `GUILD` with Manage Server.
fn moderator_context() -> career_bot::commands::Context {
    career_bot::commands::Context {
        invoker: Some(ALICE),
        guild: Some(GUILD),
        permissions: Some(career_bot::commands::gaps::MANAGE_GUILD),
    }
}

/// `/knowledge <subcommand> [entry:<id>]` as a moderator.
fn knowledge_command(bot: &Bot, subcommand: &str, entry: Option<&str>) -> career_bot::commands::Answer {
    use career_bot::commands::{Action, Args, Value, knowledge};
    let options = entry.map_or_else(Args::default, |id| Args::default().with(knowledge::ENTRY, id));
    let command = Command { spec: &knowledge::SPEC, args: Args::default().with(subcommand, Value::Sub(options)) };
    bot.answer(&Request { action: Action::Run(command), context: moderator_context(), private: false })
}

/// The form `answer` opens, submitted with `fields` as typed.
fn submit_form(
    bot: &Bot,
    answer: &career_bot::commands::Answer,
    fields: &[(&str, &str)],
) -> career_bot::commands::Answer {
    let Response::Modal(form) = &answer.response else { panic!("a form, not {:?}", answer.response) };
    let fields = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let action = career_bot::commands::Action::Submit { custom_id: form.custom_id.clone(), fields };
    bot.answer(&Request { action, context: moderator_context(), private: false })
}

/// What a Discord front end does with the answer's edit.
fn applied(
    db: &Db,
    servers: &ServerBots,
    answer: &career_bot::commands::Answer,
    clicked: bool,
) -> career_bot::reply::Reply {
    let edit = answer.edit.clone().unwrap_or_else(|| panic!("a change to apply: {:?}", answer.response));
    editing::apply_now(&db.config, servers, edit, editing::Asker { guild: GUILD, moderator: Some(ALICE), clicked })
}

fn the_knowledge_command_teaches_its_server_and_no_other(db: &Db) {
    use career_bot::commands::knowledge::form::{ANSWER, PHRASINGS, QUESTION, TAGS};
    let live = std::sync::Arc::new(LiveBot::new(bot(), None));
    let servers = ServerBots::new(live);
    let question = "where do we post job openings";
    let from_server = |guild: Option<u64>| {
        let answer = career_bot::bot::ask(&servers.for_guild(guild), question);
        let footer = answer.response.reply().and_then(|r| r.embeds.first()).and_then(|e| e.footer.clone());
        (answer.outcome == Outcome::Answered && footer.is_some_and(|f| f.starts_with(text::FROM_SERVER)))
            .then(|| answer.response.reply().unwrap().embeds[0].description.clone())
    };
    assert_eq!(from_server(Some(GUILD)), None);

    // add: the form, submitted; answered at once in this server, never elsewhere.
    let form = knowledge_command(&servers.for_guild(Some(GUILD)), "add", None);
    let submitted = submit_form(
        &servers.for_guild(Some(GUILD)),
        &form,
        &[
            (QUESTION, "Where do we post job openings?"),
            (PHRASINGS, "hiring channel\njob posts"),
            (ANSWER, "In the #jobs channel, with the salary range."),
            (TAGS, "jobs"),
        ],
    );
    let saved = applied(db, &servers, &submitted, false);
    assert!(saved.ephemeral && saved.embeds[0].title.starts_with("Added: "), "{saved:?}");
    assert_eq!(from_server(Some(GUILD)).as_deref(), Some("In the #jobs channel, with the salary range."));
    assert_eq!(from_server(Some(OTHER_GUILD)), None, "another server never sees it");
    assert_eq!(from_server(None), None, "a DM never sees it");

    // edit: the form comes filled; the new answer is answered.
    let bot = servers.for_guild(Some(GUILD));
    let form = knowledge_command(&bot, "edit", Some("where-do-we-post-job-openings"));
    let Response::Modal(filled) = &form.response else { panic!("a form") };
    assert_eq!(filled.inputs[2].value.as_deref(), Some("In the #jobs channel, with the salary range."));
    let edited =
        submit_form(&bot, &form, &[(QUESTION, "Where do we post job openings?"), (ANSWER, "In the #careers forum.")]);
    applied(db, &servers, &edited, false);
    assert_eq!(from_server(Some(GUILD)).as_deref(), Some("In the #careers forum."));

    // A refused submission names each field, gives the text back and changes nothing.
    let bot = servers.for_guild(Some(GUILD));
    let bad = submit_form(
        &bot,
        &knowledge_command(&bot, "add", None),
        &[(QUESTION, "Where are jobs, see http://jobs.example?"), (ANSWER, "Ask @everyone.")],
    );
    let refused = applied(db, &servers, &bad, false);
    let fields: Vec<&str> = refused.embeds[0].fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(fields, [text::KNOWLEDGE_QUESTION_LABEL, text::KNOWLEDGE_ANSWER_LABEL], "{refused:?}");
    let given_back: String = refused.embeds[1..].iter().map(|e| e.description.clone()).collect();
    assert!(given_back.contains("http://jobs.example") && given_back.contains("Ask @everyone."), "{refused:?}");
    assert_eq!(db.open().server_entries(GUILD).unwrap().len(), 1, "nothing stored");

    // history: each change with its moderator, the most recent first.
    let history = applied(db, &servers, &knowledge_command(&bot, "history", None), false);
    let lines = &history.embeds[0].description;
    assert!(
        lines.lines().next().is_some_and(|l| l.contains("**edit**") && l.contains(&format!("<@{ALICE}>"))),
        "{lines}"
    );
    assert_eq!(lines.lines().count(), 2, "{lines}");

    // remove: a confirmation, then its button; the entry is no longer answered.
    let confirm = knowledge_command(&bot, "remove", Some("where-do-we-post-job-openings"));
    assert!(confirm.edit.is_none(), "nothing is removed before the confirmation");
    let remove = confirm.response.reply().unwrap().rows[0][0].custom_id.clone();
    let click = career_bot::commands::Action::Click(remove);
    let confirmed = bot.answer(&Request { action: click, context: moderator_context(), private: false });
    let removed = applied(db, &servers, &confirmed, true);
    assert_eq!(removed.embeds[0].title, text::KNOWLEDGE_REMOVED);
    assert_eq!(from_server(Some(GUILD)), None);
    assert!(db.open().server_entries(GUILD).unwrap().is_empty());
}

on_both_databases!(the_knowledge_command_teaches_its_server_and_no_other);
// --- from the gaps report to an answer, and the reasons of a 👎 --------------------------------

/// The `write:` custom ids of a `/gaps` reply, in order.
fn write_buttons(report: &career_bot::feedback::Report) -> Vec<career_bot::commands::CustomId> {
    let Response::Message(reply) = career_bot::commands::gaps::reply(report) else { panic!("a message") };
    assert!(limits::violations(&reply).is_empty(), "{:?}", limits::violations(&reply));
    reply.rows.iter().flatten().map(|b| b.custom_id.parse().expect("a button of this bot")).collect()
}

fn a_gap_written_from_the_report_is_answered_and_marked_answered(db: &Db) {
    let base = bot();
    let question = "where do we post job openings";
    assert_ne!(career_bot::bot::ask(&base, question).outcome, Outcome::Answered, "a gap of the built-in knowledge");
    let recorder = db.queue();
    for _ in 0..2 {
        assert_eq!(ask_and_record(&base, &recorder, question, Some(GUILD), ALICE), Pushed::Queued);
    }
    drop(recorder);

    let mut store = db.open();
    let filter = Filter { guild: Some(GUILD), ..Filter::default() };
    let before = career_bot::insights::read(store.as_mut(), &base, &filter, NOW).unwrap();
    assert_eq!((before.groups[0].question.as_str(), before.groups[0].count), (question, 2), "{before:#?}");
    assert_eq!(before.groups[0].now_answered, None);
    let write = career_bot::commands::CustomId::WriteAnswer { question: question.to_owned() };
    assert_eq!(write_buttons(&before), std::slice::from_ref(&write));
    // The button opens the add form with the question, for a moderator.
    let mut click = Request::new_click(&write.to_string(), MODERATOR);
    click.context.guild = Some(GUILD);
    click.context.permissions = Some(career_bot::commands::gaps::MANAGE_GUILD);
    let Response::Modal(form) = base.answer(&click).response else { panic!("the add form") };
    assert_eq!(form.inputs[0].value.as_deref(), Some(question));

    editor(&base, GUILD).add(store.as_mut(), jobs()).expect("the entry is valid");
    let own = server_entries::bot_for(store.as_mut(), &base, GUILD).unwrap().expect("the server has entries");
    let after = career_bot::insights::read(store.as_mut(), &own, &filter, NOW).unwrap();
    assert_eq!(after.groups[0].now_answered.as_deref(), Some("Where do we post job openings?"), "{after:#?}");
    assert!(write_buttons(&after).is_empty(), "an answered gap has no Write button");
    let Response::Message(reply) = career_bot::commands::gaps::reply(&after) else { panic!("a message") };
    assert!(reply.embeds[0].fields[0].value.starts_with("✅ now answered: Where do we post job openings?"));
    assert_eq!(answered(store.as_mut(), &base, GUILD, question).as_deref(), Some("where-do-we-post-job-openings"));
    assert_eq!(answered(store.as_mut(), &base, OTHER_GUILD, question), None, "only in that server");
}

fn a_thumbs_down_reason_is_stored_without_its_author_and_shown_with_the_worst(db: &Db) {
    let bot = bot();
    let entry = EntryRef::new(Kind::Topic, "apis");
    let recorder = db.queue();
    let push = |answer: career_bot::commands::Answer, user: u64, at: i64| match answer.record {
        Some(record) => recorder.push_at(record, Some(GUILD), Some(user), at),
        None => Pushed::Skipped,
    };
    let down = career_bot::commands::CustomId::Vote { vote: Vote::Down, entry: entry.clone() }.to_string();
    let why = career_bot::commands::CustomId::Reason { entry: entry.clone() }.to_string();
    let submit = |text: &str, user: u64| {
        let fields = vec![(career_bot::commands::reason::REASON.to_owned(), text.to_owned())];
        let action = career_bot::commands::Action::Submit { custom_id: why.clone(), fields };
        let mut request = Request::new_click(&why, user);
        request.action = action;
        request.context.guild = Some(GUILD);
        bot.answer(&request)
    };
    let reasons = [
        (ALICE, "The link to the **docs** is dead, ask <@731946205118404611>"),
        (BOB, "too vague"),
        (CAROL, "   "),
        (CAROL, "nothing about graphql"),
        (ALICE, "it is outdated"),
    ];
    for (n, (user, text)) in reasons.iter().enumerate() {
        let at = NOW - DAY + n as i64;
        let clicked = bot.answer(&Request::new_click(&down, *user));
        assert!(matches!(clicked.response, Response::Modal(_)), "a 👎 opens the reason form");
        assert_eq!(push(clicked, *user, at), Pushed::Queued, "the vote is recorded on the click");
        let sent = submit(text, *user);
        assert!(sent.response.reply().is_some_and(|r| r.ephemeral), "thanked privately");
        let expected = if text.trim().is_empty() { Pushed::Skipped } else { Pushed::Queued };
        assert_eq!(push(sent, *user, at), expected, "{text:?}");
    }
    drop(recorder);

    let mut store = db.open();
    let all = Query { guild: Some(GUILD), ..Query::default() };
    let stored = store.reasons(&all, 10).unwrap();
    assert_eq!(stored.len(), 4, "the empty reason is not stored: {stored:?}");
    assert_eq!(stored[0].text, "it is outdated", "the latest first");
    assert_eq!(stored[3].text, "the link to the docs is dead ask", "cleaned as questions are");
    assert!(store.reasons(&Query { guild: Some(OTHER_GUILD), ..Query::default() }, 10).unwrap().is_empty());
    let report =
        career_bot::insights::read(store.as_mut(), &bot, &Filter { guild: Some(GUILD), ..Filter::default() }, NOW)
            .unwrap();
    assert_eq!((report.worst[0].entry.clone(), report.worst[0].down), (entry, 3), "one vote per person: {report:#?}");
    assert_eq!(report.worst[0].reasons, ["it is outdated", "nothing about graphql", "too vague"], "the latest three");
    let Response::Message(reply) = career_bot::commands::gaps::reply(&report) else { panic!("a message") };
    assert!(limits::violations(&reply).is_empty());
    assert!(reply.embeds[1].description.contains("why: “it is outdated” · “nothing about graphql”"), "{reply:?}");
    let values = db.every_value();
    assert!(values.iter().any(|(column, _)| column.starts_with("career_bot_vote_reasons.")), "{values:?}");
    for id in [ALICE, BOB, CAROL] {
        assert!(values.iter().all(|(_, v)| !v.contains(&id.to_string())), "{id} is stored somewhere");
    }
}

/// The schema of the release before the reasons of a 👎 (three steps).
const PREVIOUS_VERSION: usize = 3;

fn a_database_of_the_previous_schema_is_migrated_with_its_rows_kept(db: &Db) {
    use career_bot::insights::store::MIGRATIONS;
    let mut previous = String::from("CREATE TABLE career_bot_schema (version BIGINT NOT NULL);");
    for (n, step) in MIGRATIONS.iter().take(PREVIOUS_VERSION).enumerate() {
        previous.push_str(step);
        previous.push_str(&format!("INSERT INTO career_bot_schema (version) VALUES ({});", n + 1));
    }
    previous.push_str(&format!(
        "INSERT INTO career_bot_questions (text, guild, best, score, miss, at)
         VALUES ('how do i bake sourdough bread', {GUILD}, NULL, 0.1, 'declined', {NOW});
         INSERT INTO career_bot_votes (voter, entry, vote, guild, at) VALUES ('k', 'topic:apis', -1, {GUILD}, {NOW});"
    ));
    match &db.schema {
        None => {
            let path = db.sqlite_path();
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            rusqlite::Connection::open(&path).unwrap().execute_batch(&previous).unwrap();
        }
        Some((schema, url)) => {
            let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
            client.batch_execute(&format!("SET search_path = {schema}; {previous}")).unwrap();
        }
    }
    let entry = EntryRef::new(Kind::Topic, "apis");
    let recorder = db.queue();
    let reason = Record::Reason { entry: entry.clone(), text: "too vague".to_owned() };
    assert_eq!(recorder.push_at(reason, Some(GUILD), Some(ALICE), NOW), Pushed::Queued);
    let stats = recorder.drain_and_close();
    assert_eq!((stats.written, stats.failed), (1, 0), "{stats:?}");

    let mut store = db.open();
    let report =
        career_bot::insights::read(store.as_mut(), &bot(), &Filter { guild: Some(GUILD), ..Filter::default() }, NOW)
            .unwrap();
    assert_eq!(report.groups[0].question, "how do i bake sourdough bread", "the old questions are kept");
    assert_eq!((report.worst[0].entry.clone(), report.worst[0].down), (entry, 1), "the old votes are kept");
    assert_eq!(report.worst[0].reasons, ["too vague"]);
    let versions: Vec<String> =
        db.every_value().into_iter().filter(|(c, _)| c == "career_bot_schema.version").map(|(_, v)| v).collect();
    assert_eq!(versions.len(), MIGRATIONS.len(), "one row per step: {versions:?}");
}
