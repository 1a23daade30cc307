//! `career-bot serve` end to end: the real binary against a fake Discord on 127.0.0.1 (see
//! `fake_discord`). Expected answers come from the core (`Bot::answer`, `outgoing::json`) for
//! the request the interaction stands for, so these tests check the whole way from a gateway
//! dispatch to the REST call, not the wording of the knowledge base.

mod common;
mod fake_discord;

use std::io::Read;
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use career_bot::Bot;
use career_bot::commands::registry::application_commands;
use career_bot::commands::{Command, Outcome, Request};
use career_bot::feedback::question_text;
use career_bot::frontend::discord::outgoing;
use career_bot::frontend::gateway::mention;
use career_bot::reply::{Response, text};
use serde_json::{Value, json};

use fake_discord::payloads::{self as p, Who};
use fake_discord::{APP_ID, BOT_ID, CHANNEL_ID, FakeDiscord, GUILD_ID, RestCall, WAIT, op};

/// Looks like a bot token; must never appear in the bot's output.
const TOKEN: &str = "MTEwMDAwMDAwMDAwMDAwMDAy.fake-for-tests.c2VjcmV0LXRva2VuLXZhbHVl";
const ALICE: u64 = 1_400_000_000_000_000_001;
const BOB: u64 = 1_400_000_000_000_000_002;
const CAROL: u64 = 1_400_000_000_000_000_003;

/// Questions for each outcome of `/ask`. The matcher is tuned over time, so each test asks the
/// core which candidate currently has the outcome it needs.
const CONFIDENT: &[&str] = &[
    "what does a backend developer do",
    "what is a backend developer",
    "db",
    "what does a backend dev do",
    "what is the difference between authentication and authorization",
];
const AMBIGUOUS: &[&str] = &[
    "authorization for apis",
    "what is authentication in apis",
    "developer salary",
    "what does a junior backend developer earn",
    "how much does a senior backend developer earn",
];
/// A question put by mention, which the core answers in its confident band (whatever it answers
/// is the expected reply).
const MENTIONED: &str = "what does a backend dev do";
const UNKNOWN: &[&str] = &["what is the weather in paris", "best pizza in town", "how do i bake bread"];

/// The first candidate the core answers with `outcome` (and, when `with_buttons`, "did you
/// mean" buttons).
fn pick(bot: &Bot, candidates: &[&str], outcome: Outcome, with_buttons: bool) -> String {
    let fits = |q: &&str| {
        let answer = bot.answer(&Request::by(ask(q), ALICE));
        let shows =
            answer.response.reply().is_some_and(|r| r.rows.iter().flatten().any(|b| b.custom_id.starts_with("show:")));
        answer.outcome == outcome && (!with_buttons || shows)
    };
    let found = candidates.iter().copied().find(fits);
    let found =
        found.unwrap_or_else(|| panic!("none of {candidates:?} is {outcome:?} to the matcher now; add one that is"));
    found.to_owned()
}

/// The small shared knowledge base, with enough FAQs for two pages.
fn knowledge() -> tempfile::TempDir {
    let mut faqs = common::FAQS.to_owned();
    for i in 1..=10 {
        faqs.push_str(&format!(
            "  - id: interview-{i}\n    question: What comes up in interview round {i}?\n    answer: Round {i} covers \
             one part of the backend stack.\n    tags: [interviews]\n"
        ));
    }
    common::knowledge_dir(&[
        ("faqs.yaml", &faqs),
        ("roles.yaml", common::ROLES),
        ("salary.yaml", common::TIERS),
        ("synonyms.yaml", common::SYNONYMS),
        ("topics.yaml", common::TOPICS),
    ])
}

/// The running `career-bot serve`, its output collected; killed when dropped.
struct Running {
    child: Child,
    output: Arc<Mutex<Vec<u8>>>,
    _cwd: tempfile::TempDir,
}

impl Running {
    /// Starts `career-bot --knowledge <dir> serve` against `fake`, with a generous cooldown and
    /// `env` on top. It runs in an empty directory, so no `.env` is read, and its HTTP proxy is
    /// the fake's escape guard, so nothing can reach discord.com.
    fn start(fake: &FakeDiscord, knowledge: &Path, env: &[(&str, &str)]) -> Self {
        let cwd = tempfile::tempdir().expect("a working directory");
        let mut cmd = common::bin();
        cmd.current_dir(cwd.path())
            .arg("--knowledge")
            .arg(knowledge)
            .arg("serve")
            .env("DISCORD_TOKEN", TOKEN)
            .env("DISCORD_API_BASE", &fake.api_base)
            .env("CAREER_BOT_COOLDOWN", "1000/1s")
            .env("RUST_LOG", "info")
            .env_remove("DISCORD_GUILD_ID")
            .env_remove("DISCORD_SHARDS")
            .env_remove("DATABASE_URL")
            .env_remove("DATA_DIR")
            .env_remove("METRICS_ADDR")
            .env("NO_PROXY", "127.0.0.1,localhost")
            .env("no_proxy", "127.0.0.1,localhost");
        for proxy in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"] {
            cmd.env(proxy, &fake.escape_proxy);
        }
        for (name, value) in env {
            cmd.env(name, value);
        }
        let mut child =
            cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the bot starts");
        let output = Arc::new(Mutex::new(Vec::new()));
        for mut pipe in [
            Box::new(child.stdout.take().expect("piped")) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().expect("piped")),
        ] {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                let mut chunk = [0u8; 8192];
                while let Ok(n) = pipe.read(&mut chunk) {
                    if n == 0 {
                        break;
                    }
                    output.lock().unwrap().extend_from_slice(&chunk[..n]);
                }
            });
        }
        Running { child, output, _cwd: cwd }
    }

    /// Everything the bot printed so far (stdout and stderr).
    fn output(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    /// Sends a signal (`TERM`, `INT`) to the bot.
    fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Waits for the bot to exit, failing the test after `within`.
    async fn wait_exit(&mut self, within: Duration) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("the bot can be waited for") {
                return status;
            }
            assert!(started.elapsed() < within, "the bot did not exit within {within:?}; output:\n{}", self.output());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// The last checks of every test: nothing unexpected reached the fake, every message pings
    /// at most the `for:` user given, and the token never appeared in the output.
    fn finish(self, fake: &FakeDiscord, pointed_at: Option<u64>) {
        fake.assert_nothing_unexpected();
        for call in fake.rest_calls() {
            assert_pings_at_most(&call, pointed_at);
        }
        let output = self.output();
        assert!(!output.contains(TOKEN), "the token appeared in the bot's output");
        assert!(!output.contains(&hex::encode(TOKEN)), "the token appeared hex-encoded (a frame dump) in the output");
        assert!(!output.contains("panicked"), "the bot panicked:\n{output}");
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A message the bot sends (a callback of type 4 or 7, or a channel message) disables every
/// mention but the one user it is pointed at.
fn assert_pings_at_most(call: &RestCall, pointed_at: Option<u64>) {
    let data = if call.path.ends_with("/callback") {
        match call.body["type"].as_u64() {
            Some(4 | 7) => &call.body["data"],
            _ => return,
        }
    } else if call.method == "POST" && call.path.ends_with("/messages") {
        &call.body
    } else {
        return;
    };
    let allowed = &data["allowed_mentions"];
    assert_eq!(allowed["parse"], json!([]), "{call:?}");
    assert!(allowed.get("roles").is_none_or(|roles| roles == &json!([])), "{call:?}");
    match allowed.get("users").filter(|users| users != &&json!([])) {
        None => {}
        Some(users) => {
            let pointed = pointed_at.map(|u| u.to_string());
            assert_eq!(users, &json!([pointed.expect("only a `for:` answer lists users")]), "{call:?}");
        }
    }
}

/// The core's response to `command` by `invoker`, as the body the bot must send.
fn expected(bot: &Bot, action: impl Into<career_bot::commands::Action>, invoker: u64) -> Value {
    let context = career_bot::commands::Context { invoker: Some(invoker), ..Default::default() };
    outgoing::json(&bot.answer(&Request { action: action.into(), context, private: false }).response)
}

fn ask(question: &str) -> Command {
    Command::ask(question)
}

/// The custom ids of a message's buttons.
fn buttons(data: &Value) -> Vec<String> {
    data["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["custom_id"].as_str().map(str::to_owned))
        .collect()
}

/// Starts a fake and the bot and waits for the command registration that follows READY.
async fn ready_bot(env: &[(&str, &str)]) -> (FakeDiscord, Running, tempfile::TempDir, Bot) {
    let fake = FakeDiscord::start(TOKEN, 1).await;
    let kb = knowledge();
    let bot = Bot::from_dir(kb.path()).expect("the fixture knowledge loads");
    let running = Running::start(&fake, kb.path(), env);
    fake.wait_registration().await;
    (fake, running, kb, bot)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registers_every_command_globally_and_identifies_without_privileged_intents() {
    let (fake, running, _kb, bot) = ready_bot(&[]).await;
    let registration = fake.wait_registration().await;
    assert_eq!(registration.path, format!("/api/v10/applications/{APP_ID}/commands"));
    assert_eq!(registration.body, application_commands(bot.knowledge()));

    let commands = registration.body.as_array().expect("a list of commands");
    let names: Vec<&str> = commands.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["ask", "salary", "roadmap", "role", "faq", "help", "gaps", "knowledge", "Answer with career-bot"]
    );
    // The last is on a message's menu: a message command, with neither description nor options.
    let (slash, on_a_message) = commands.split_at(commands.len() - 1);
    assert_eq!(on_a_message[0]["type"], 3, "{}", on_a_message[0]);
    assert_eq!(on_a_message[0]["description"], "", "{}", on_a_message[0]);
    assert!(on_a_message[0].get("options").is_none(), "{}", on_a_message[0]);
    for command in slash {
        assert_eq!(command["type"], 1, "{command}");
        assert!(!command["description"].as_str().unwrap().is_empty(), "{command}");
        for option in command["options"].as_array().unwrap() {
            assert!(!option["description"].as_str().unwrap().is_empty(), "{option}");
        }
    }
    let option = |command: usize, name: &str| -> Value {
        commands[command]["options"].as_array().unwrap().iter().find(|o| o["name"] == name).cloned().unwrap()
    };
    let question = option(0, "question");
    assert_eq!(
        (&question["type"], &question["autocomplete"], &question["max_length"], &question["required"]),
        (&json!(3), &json!(true), &json!(200), &json!(true))
    );
    assert_eq!((option(0, "for")["type"].clone(), option(0, "private")["type"].clone()), (json!(6), json!(5)));
    let values = |o: Value| -> Vec<String> {
        o["choices"].as_array().unwrap().iter().map(|c| c["value"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(values(option(1, "level")), ["fresher", "senior"]);
    assert_eq!(values(option(2, "topic")), ["databases", "apis"]);
    assert_eq!(values(option(3, "level")), ["junior", "senior"]);
    assert_eq!((option(4, "page")["type"].clone(), option(4, "page")["min_value"].clone()), (json!(4), json!(1)));
    assert!(commands[5]["options"].as_array().unwrap().is_empty());

    let identify = fake.wait_gateway("IDENTIFY", |sent| sent.iter().find(|s| s.op == op::IDENTIFY).cloned()).await;
    assert_eq!(identify.token_matches, Some(true), "IDENTIFY carries DISCORD_TOKEN");
    assert_eq!(identify.d["shard"], json!([0, 1]));
    let intents = identify.d["intents"].as_u64().unwrap();
    assert_eq!(intents, (1 << 9) | (1 << 12), "GUILD_MESSAGES and DIRECT_MESSAGES only");
    let privileged = (1 << 1) | (1 << 8) | (1 << 15);
    assert_eq!(intents & privileged, 0, "no privileged intent");
    let calls = fake.rest_calls();
    assert!(calls.iter().any(|c| c.method == "GET" && c.path == "/api/v10/gateway/bot"), "recommended shards asked");
    running.finish(&fake, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registers_on_the_guild_given_and_runs_only_the_shards_asked_for() {
    let guild = GUILD_ID.to_string();
    let (fake, running, _kb, bot) = ready_bot(&[("DISCORD_GUILD_ID", &guild), ("DISCORD_SHARDS", "1-1/3")]).await;
    let registration = fake.wait_registration().await;
    assert_eq!(registration.path, format!("/api/v10/applications/{APP_ID}/guilds/{GUILD_ID}/commands"));
    assert_eq!(registration.body, application_commands(bot.knowledge()));
    let identify = fake.wait_gateway("IDENTIFY", |sent| sent.iter().find(|s| s.op == op::IDENTIFY).cloned()).await;
    assert_eq!(identify.d["shard"], json!([1, 3]));
    assert!(
        !fake.rest_calls().iter().any(|c| c.path == "/api/v10/gateway/bot"),
        "a fixed shard range needs no recommendation"
    );
    running.finish(&fake, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_commands_autocomplete_and_buttons_as_the_core_does() {
    // The most verbose logging: the token must stay out of it too.
    let (fake, running, _kb, bot) = ready_bot(&[("RUST_LOG", "trace")]).await;
    let alice = Who::Member(ALICE);

    // /salary level:senior, with the delete button of its invoker.
    let (id, interaction) = p::command(alice, "salary", vec![p::string("level", "senior")]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let salary = fake.wait_callback(id).await;
    assert_eq!(
        salary,
        expected(&bot, Command::new(&career_bot::commands::salary::SPEC).with("level", "senior"), ALICE)
    );
    assert_eq!(salary["type"], 4);
    assert!(salary["data"]["embeds"][0]["title"].as_str().unwrap().contains("Senior"), "{salary}");
    assert_eq!(buttons(&salary["data"]), [format!("del:{ALICE}")]);

    // /roadmap topic:databases
    let (id, interaction) = p::command(alice, "roadmap", vec![p::string("topic", "databases")]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let roadmap = fake.wait_callback(id).await;
    assert_eq!(
        roadmap,
        expected(&bot, Command::new(&career_bot::commands::roadmap::SPEC).with("topic", "databases"), ALICE)
    );
    assert!(roadmap["data"]["embeds"][0]["title"].as_str().unwrap().contains("Databases"), "{roadmap}");

    // /ask: confident, ambiguous (with "did you mean" buttons) and declined.
    let confident = pick(&bot, CONFIDENT, Outcome::Answered, false);
    let ambiguous = pick(&bot, AMBIGUOUS, Outcome::Suggested, true);
    let unknown = pick(&bot, UNKNOWN, Outcome::Declined, false);
    let mut asked = Vec::new();
    for question in [&confident, &ambiguous, &unknown] {
        let (id, interaction) = p::command(alice, "ask", vec![p::string("question", question)]);
        fake.dispatch("INTERACTION_CREATE", interaction).await;
        let body = fake.wait_callback(id).await;
        assert_eq!(body, expected(&bot, ask(question), ALICE), "/ask question:{question}");
        asked.push((id, body));
    }
    let (ambiguous_id, ambiguous) = &asked[1];
    let shows: Vec<String> = buttons(&ambiguous["data"]).into_iter().filter(|b| b.starts_with("show:")).collect();
    assert!(!shows.is_empty(), "an ambiguous answer offers entries: {ambiguous}");
    assert_eq!(asked[2].1["data"]["embeds"][0]["title"], text::DECLINE_TITLE);

    // Autocomplete of the question.
    let (id, interaction) = p::autocomplete(alice, "ask", vec![p::focused("question", "sen")]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let choices = fake.wait_callback(id).await;
    assert_eq!(choices, outgoing::json(&Response::Choices(bot.autocomplete("ask", "question", "sen"))));
    let count = choices["data"]["choices"].as_array().unwrap().len();
    assert!((1..=25).contains(&count), "{choices}");

    // "Did you mean": a click on the first suggestion replaces the answer with that entry.
    let message = p::answer_message(ambiguous, *ambiguous_id, ALICE);
    let (id, interaction) = p::click(alice, &shows[0], &message);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let shown = fake.wait_callback(id).await;
    assert_eq!(shown, expected(&bot, career_bot::commands::Action::Click(shows[0].clone()), ALICE));
    assert_eq!(shown["type"], 7);

    // /faq, then its "next" button.
    let (faq_id, interaction) = p::command(alice, "faq", vec![]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let faq = fake.wait_callback(faq_id).await;
    assert_eq!(faq, expected(&bot, Command::new(&career_bot::commands::faq::SPEC), ALICE));
    let next = format!("faq:2:{ALICE}");
    assert!(buttons(&faq["data"]).contains(&next), "{faq}");
    let (id, interaction) = p::click(alice, &next, &p::answer_message(&faq, faq_id, ALICE));
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let page_two = fake.wait_callback(id).await;
    assert_eq!(page_two, expected(&bot, career_bot::commands::Action::Click(next.clone()), ALICE));
    assert_eq!(page_two["type"], 7);
    assert_eq!(page_two["data"]["embeds"][0]["title"], text::faq_page_title(2, 2));

    // Only the invoker turns the pages; anyone else gets an ephemeral note.
    let (id, interaction) = p::click(Who::Member(BOB), &next, &p::answer_message(&faq, faq_id, ALICE));
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let refused = fake.wait_callback(id).await;
    assert_eq!(refused, expected(&bot, career_bot::commands::Action::Click(next.clone()), BOB));
    assert_eq!((&refused["type"], &refused["data"]["flags"]), (&json!(4), &json!(outgoing::EPHEMERAL)));

    // /ask for:@bob mentions Bob, and only him.
    let (id, interaction) =
        p::command(alice, "ask", vec![p::string("question", &confident), p::user_option("for", BOB)]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let pointed = fake.wait_callback(id).await;
    let command = Command::ask(&confident.clone()).with("for", career_bot::commands::Value::User(BOB));
    assert_eq!(pointed, expected(&bot, command, ALICE));
    assert_eq!(pointed["data"]["allowed_mentions"]["parse"], json!([]));
    assert_eq!(pointed["data"]["allowed_mentions"]["users"], json!([BOB.to_string()]));
    assert!(pointed["data"]["allowed_mentions"].get("roles").is_none_or(|r| r == &json!([])), "{pointed}");
    assert!(pointed["data"]["content"].as_str().unwrap().contains(&format!("<@{BOB}>")), "{pointed}");

    // /ask private:true is ephemeral.
    let (id, interaction) =
        p::command(alice, "ask", vec![p::string("question", &confident), p::boolean("private", true)]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let private = fake.wait_callback(id).await;
    assert_eq!(private["data"]["flags"], outgoing::EPHEMERAL);

    // /help in a direct message (a user, not a member).
    let (id, interaction) = p::command(Who::Direct(CAROL), "help", vec![]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    assert_eq!(fake.wait_callback(id).await, expected(&bot, Command::new(&career_bot::commands::help::SPEC), CAROL));

    fake.wait_gateway("a heartbeat", |sent| sent.iter().find(|s| s.op == op::HEARTBEAT).cloned()).await;
    running.finish(&fake, Some(BOB));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_in_direct_messages_and_through_a_user_install() {
    let (fake, running, _kb, bot) = ready_bot(&[]).await;
    let salary = Command::new(&career_bot::commands::salary::SPEC).with("level", "senior");
    // In the bot's DMs: a user, not a member, and no guild.
    let (id, interaction) = p::command(Who::Direct(CAROL), "salary", vec![p::string("level", "senior")]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let answer = fake.wait_callback(id).await;
    assert_eq!(answer, expected(&bot, salary.clone(), CAROL));
    assert!(buttons(&answer["data"]).contains(&format!("del:{CAROL}")), "{answer}");
    let confident = pick(&bot, CONFIDENT, Outcome::Answered, false);
    let (id, interaction) = p::command(Who::Direct(CAROL), "ask", vec![p::string("question", &confident)]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    assert_eq!(fake.wait_callback(id).await, expected(&bot, ask(&confident), CAROL));

    // In a server that has not added the bot, through the app ALICE installed to her account.
    let (id, mut interaction) = p::command(Who::Member(ALICE), "salary", vec![p::string("level", "senior")]);
    interaction["authorizing_integration_owners"] = json!({"1": ALICE.to_string()});
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    assert_eq!(fake.wait_callback(id).await, expected(&bot, salary, ALICE));

    // The moderators' report needs a server.
    let (id, interaction) = p::command(Who::Direct(CAROL), "gaps", vec![]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let refused = fake.wait_callback(id).await;
    assert_eq!(refused["data"]["flags"], 64, "ephemeral");
    assert_eq!(refused["data"]["embeds"][0]["title"], text::GAPS_GUILD_ONLY);
    running.finish(&fake, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_delete_button_deletes_for_its_owner_and_refuses_anyone_else() {
    let (fake, running, _kb, bot) = ready_bot(&[]).await;
    let (answer_id, interaction) = p::command(Who::Member(ALICE), "salary", vec![p::string("level", "senior")]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let answer = fake.wait_callback(answer_id).await;
    let delete = format!("del:{ALICE}");
    assert!(buttons(&answer["data"]).contains(&delete), "{answer}");
    let message = p::answer_message(&answer, answer_id, ALICE);

    let (id, interaction) = p::click(Who::Member(BOB), &delete, &message);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let refused = fake.wait_callback(id).await;
    assert_eq!(refused, expected(&bot, career_bot::commands::Action::Click(delete.clone()), BOB));
    assert_eq!(refused["data"]["flags"], outgoing::EPHEMERAL);
    assert_eq!(refused["data"]["embeds"][0]["title"], text::NOT_YOURS);

    let (id, interaction) = p::click(Who::Member(ALICE), &delete, &message);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    assert_eq!(fake.wait_callback(id).await, outgoing::json(&Response::Delete));
    assert_eq!(outgoing::json(&Response::Delete)["type"], 6);
    let original = format!("/api/v10/webhooks/{APP_ID}/{}/messages/@original", p::interaction_token(id));
    fake.wait_rest("the delete of the answer", |calls| {
        calls.iter().find(|c| c.method == "DELETE" && c.path == original).cloned()
    })
    .await;
    let deletes = fake.rest_calls().into_iter().filter(|c| c.method == "DELETE").count();
    assert_eq!(deletes, 1, "only the owner's click deletes");
    running.finish(&fake, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_a_mention_with_a_reply_that_pings_nobody() {
    let (fake, running, _kb, bot) = ready_bot(&[]).await;
    let alice = p::user(ALICE);
    let (_, chatter) = p::message_create(&alice, "hello everyone", &[]);
    fake.dispatch("MESSAGE_CREATE", chatter).await;
    let mut other_bot = p::user(CAROL);
    other_bot["bot"] = json!(true);
    let (_, from_a_bot) = p::message_create(&other_bot, &format!("<@{BOT_ID}> {MENTIONED}"), &[p::bot_user()]);
    fake.dispatch("MESSAGE_CREATE", from_a_bot).await;
    let (id, mention) = p::message_create(&alice, &format!("<@{BOT_ID}> {MENTIONED}"), &[p::bot_user()]);
    fake.dispatch("MESSAGE_CREATE", mention).await;

    let path = format!("/api/v10/channels/{CHANNEL_ID}/messages");
    let reply = fake
        .wait_rest("the reply to the mention", |calls| {
            calls.iter().find(|c| c.method == "POST" && c.path == path).map(|c| c.body.clone())
        })
        .await;
    let answer = bot.answer(&Request::by(ask(MENTIONED), ALICE));
    let origin = mention::Origin { message: id, channel: CHANNEL_ID, guild: Some(GUILD_ID) };
    assert_eq!(reply, outgoing::to_json(&mention::body(answer.response.reply().unwrap(), origin)));
    assert_eq!(reply["allowed_mentions"]["parse"], json!([]));
    assert_eq!(reply["allowed_mentions"]["replied_user"], json!(false));
    for pinged in ["users", "roles"] {
        assert!(reply["allowed_mentions"].get(pinged).is_none_or(|p| p == &json!([])), "{reply}");
    }
    assert_eq!(reply["message_reference"]["message_id"], id.to_string());

    // Answered only once: the chatter and the other bot's message got nothing.
    let (help_id, interaction) = p::command(Who::Member(ALICE), "help", vec![]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    fake.wait_callback(help_id).await;
    let posts = fake.rest_calls().into_iter().filter(|c| c.path == path).count();
    assert_eq!(posts, 1);
    running.finish(&fake, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cooldown_slows_down_one_user_for_commands_and_mentions() {
    let (fake, running, _kb, bot) = ready_bot(&[("CAREER_BOT_COOLDOWN", "2/60s")]).await;
    let slow_titles: Vec<String> = (1..=60).map(text::slow_down).collect();
    for _ in 0..2 {
        let (id, interaction) = p::command(Who::Member(ALICE), "help", vec![]);
        fake.dispatch("INTERACTION_CREATE", interaction).await;
        assert_eq!(
            fake.wait_callback(id).await,
            expected(&bot, Command::new(&career_bot::commands::help::SPEC), ALICE)
        );
    }
    let (id, interaction) = p::command(Who::Member(ALICE), "help", vec![]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let slowed = fake.wait_callback(id).await;
    assert_eq!(slowed["type"], 4);
    assert_eq!(slowed["data"]["flags"], outgoing::EPHEMERAL);
    let title = slowed["data"]["embeds"][0]["title"].as_str().unwrap().to_owned();
    assert!(slow_titles.contains(&title), "{slowed}");

    // Someone else is not slowed down, and autocomplete does not count.
    let (id, interaction) = p::command(Who::Member(BOB), "help", vec![]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    assert_eq!(fake.wait_callback(id).await, expected(&bot, Command::new(&career_bot::commands::help::SPEC), BOB));
    let (id, interaction) = p::autocomplete(Who::Member(ALICE), "ask", vec![p::focused("question", "sen")]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    assert_eq!(fake.wait_callback(id).await["type"], 8);

    // A mention counts too; a rate-limited one gets a ⏳ reaction on the member's message and
    // no new message in the channel.
    let (mention_id, mention) =
        p::message_create(&p::user(ALICE), &format!("<@{BOT_ID}> {MENTIONED}"), &[p::bot_user()]);
    fake.dispatch("MESSAGE_CREATE", mention).await;
    let reacted = fake
        .wait_rest("the ⏳ reaction", |calls| {
            calls.iter().find(|c| c.method == "PUT" && c.path.contains("/reactions/")).map(|c| c.path.clone())
        })
        .await;
    assert!(
        reacted.starts_with(&format!("/api/v10/channels/{CHANNEL_ID}/messages/{mention_id}/reactions/")),
        "{reacted}"
    );
    assert!(reacted.ends_with("/@me"), "{reacted}");
    let path = format!("/api/v10/channels/{CHANNEL_ID}/messages");
    assert!(fake.rest_calls().iter().all(|c| c.path != path), "no message was posted: {:?}", fake.rest_calls());
    running.finish(&fake, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnects_after_the_gateway_closes_and_answers_again() {
    let (fake, running, _kb, bot) = ready_bot(&[]).await;
    let (id, interaction) = p::command(Who::Member(ALICE), "help", vec![]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    assert_eq!(fake.wait_callback(id).await, expected(&bot, Command::new(&career_bot::commands::help::SPEC), ALICE));

    fake.close_gateway();
    fake.wait_gateway("a RESUME or a new IDENTIFY", |sent| {
        let sessions = sent.iter().filter(|s| s.op == op::IDENTIFY || s.op == op::RESUME).count();
        (sessions >= 2).then_some(())
    })
    .await;
    for sent in fake.gateway_sends().iter().filter(|s| s.token_matches.is_some()) {
        assert_eq!(sent.token_matches, Some(true), "op {} carries DISCORD_TOKEN", sent.op);
    }

    let (id, interaction) = p::command(Who::Member(ALICE), "help", vec![]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    assert_eq!(fake.wait_callback(id).await, expected(&bot, Command::new(&career_bot::commands::help::SPEC), ALICE));
    let registrations = fake.rest_calls().into_iter().filter(|c| c.method == "PUT").count();
    assert_eq!(registrations, 1, "the commands are registered once per process");
    running.finish(&fake, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_and_ctrl_c_close_the_shards_and_exit_0_within_2_seconds() {
    for signal in ["TERM", "INT"] {
        let (fake, mut running, _kb, _bot) = ready_bot(&[]).await;
        fake.wait_gateway("IDENTIFY", |sent| sent.iter().find(|s| s.op == op::IDENTIFY).cloned()).await;
        let sent = Instant::now();
        running.signal(signal);
        let status = running.wait_exit(Duration::from_secs(2)).await;
        assert!(status.success(), "SIG{signal}: {status:?}\n{}", running.output());
        assert!(sent.elapsed() < Duration::from_secs(2));
        assert!(running.output().contains("shutting down"), "{}", running.output());
        // The shard said goodbye (a normal closure), rather than dropping the connection. The
        // fake may read the frame a moment after the bot has gone.
        let read = Instant::now() + WAIT;
        while fake.closes().is_empty() && Instant::now() < read {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let closes = fake.closes();
        assert_eq!(closes, [Some(1000)], "SIG{signal}: the close frames the shard sent: {closes:?}");
        running.finish(&fake, None);
    }
}

#[test]
fn a_missing_token_exits_2_with_where_to_get_one() {
    let cwd = tempfile::tempdir().unwrap();
    for token in [None, Some(""), Some("   ")] {
        let mut cmd = common::bin();
        cmd.current_dir(cwd.path()).arg("serve").env("DISCORD_API_BASE", "http://127.0.0.1:9");
        if let Some(token) = token {
            cmd.env("DISCORD_TOKEN", token);
        }
        let output = cmd.output().expect("the bot runs");
        assert_eq!(output.status.code(), Some(2), "{token:?}");
        let stderr = common::stderr(&output);
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        for needed in ["DISCORD_TOKEN", "Developer Portal", "Reset Token", ".env"] {
            assert!(stderr.contains(needed), "{needed}: {stderr}");
        }
    }
}

#[test]
fn malformed_settings_exit_2_naming_the_variable() {
    let cwd = tempfile::tempdir().unwrap();
    for (name, value) in [
        ("DISCORD_SHARDS", "0-8/8"),
        ("DISCORD_GUILD_ID", "my-server"),
        ("CAREER_BOT_COOLDOWN", "often"),
        ("METRICS_ADDR", "everywhere"),
        ("CAREER_BOT_FORUM_CHANNELS", "help-forum"),
    ] {
        let output = common::bin()
            .current_dir(cwd.path())
            .arg("serve")
            .env("DISCORD_TOKEN", TOKEN)
            .env("DISCORD_API_BASE", "http://127.0.0.1:9")
            .env(name, value)
            .output()
            .expect("the bot runs");
        assert_eq!(output.status.code(), Some(2), "{name}={value}");
        let stderr = common::stderr(&output);
        assert!(stderr.contains(name) && stderr.contains(value), "{stderr}");
        assert!(!stderr.contains(TOKEN), "the token appeared in the error");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_stops_the_bot_with_what_to_do() {
    let fake = FakeDiscord::start("another-token", 1).await;
    let kb = knowledge();
    let mut running = Running::start(&fake, kb.path(), &[]);
    let status = running.wait_exit(WAIT).await;
    assert_eq!(status.code(), Some(1), "{}", running.output());
    let output = running.output();
    assert!(output.contains("Discord rejected DISCORD_TOKEN") && output.contains("Reset Token"), "{output}");
    assert!(!output.contains(TOKEN), "the token appeared in the bot's output");
    assert!(fake.gateway_sends().is_empty(), "no gateway connection with a rejected token");
    assert!(fake.escaped().is_empty(), "{:?}", fake.escaped());
}

// --- Operational endpoints and insights ---------------------------------------------------------

/// A loopback address with a port free right now.
fn free_addr() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    format!("127.0.0.1:{}", listener.local_addr().unwrap().port())
}

/// GET `http://{addr}{path}`: the status and the body.
async fn get(addr: &str, path: &str) -> (u16, String) {
    let client = reqwest::Client::builder().no_proxy().build().expect("a client");
    match client.get(format!("http://{addr}{path}")).send().await {
        Ok(response) => (response.status().as_u16(), response.text().await.unwrap_or_default()),
        Err(_) => (0, String::new()),
    }
}

/// Polls `check` until it gives something, failing after [`WAIT`] with `what`.
async fn eventually<T>(what: &str, mut check: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(Instant::now() < deadline, "waited {WAIT:?} for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// One series of a Prometheus text.
fn metric(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

/// The rows of a career-bot table in the SQLite file of `data_dir` (0 while there is none).
fn rows(data_dir: &Path, table: &str) -> u64 {
    let path = data_dir.join("career-bot.sqlite3");
    let Ok(conn) = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return 0;
    };
    conn.query_row(&format!("SELECT count(*) FROM career_bot_{table}"), [], |r| r.get::<_, i64>(0))
        .map_or(0, |n| n as u64)
}

/// `/gaps` by a member with these permission bits.
fn gaps_by(user: u64, permissions: &str) -> (u64, Value) {
    let (id, mut interaction) = p::command(Who::Member(user), "gaps", vec![]);
    interaction["member"]["permissions"] = json!(permissions);
    (id, interaction)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_addr_serves_health_readiness_and_metrics_of_what_happened() {
    let addr = free_addr();
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap();
    let (fake, running, _kb, bot) = ready_bot(&[("METRICS_ADDR", &addr), ("DATA_DIR", data_dir)]).await;
    assert_eq!(get(&addr, "/healthz").await, (200, "ok".to_owned()));
    // READY has been received (the commands were registered after it).
    let detail: Value = eventually("/readyz to be 200", async || {
        let (status, body) = get(&addr, "/readyz").await;
        (status == 200).then(|| serde_json::from_str(&body).expect("JSON detail"))
    })
    .await;
    assert_eq!(detail["gateway"], "connected", "{detail}");
    assert_eq!(detail["recording"]["enabled"], true, "{detail}");

    let (id, interaction) = p::command(Who::Member(ALICE), "help", vec![]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    assert_eq!(fake.wait_callback(id).await, expected(&bot, Command::new(&career_bot::commands::help::SPEC), ALICE));
    let unknown = pick(&bot, UNKNOWN, Outcome::Declined, false);
    let (id, interaction) = p::command(Who::Member(ALICE), "ask", vec![p::string("question", &unknown)]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    fake.wait_callback(id).await;
    let mentioned = pick(&bot, &[MENTIONED], Outcome::Answered, false);
    let (_, message) = p::message_create(&p::user(ALICE), &format!("<@{BOT_ID}> {mentioned}"), &[p::bot_user()]);
    fake.dispatch("MESSAGE_CREATE", message).await;
    let path = format!("/api/v10/channels/{CHANNEL_ID}/messages");
    fake.wait_rest("the reply to the mention", |calls| calls.iter().find(|c| c.path == path).cloned()).await;

    let text = eventually("the mention to be counted", async || {
        let (_, text) = get(&addr, "/metrics").await;
        metric(&text, r#"career_bot_interactions_total{command="mention",outcome="answered"}"#).map(|_| text)
    })
    .await;
    let count = |command: &str, outcome: &str| {
        metric(&text, &format!("career_bot_interactions_total{{command=\"{command}\",outcome=\"{outcome}\"}}"))
    };
    assert_eq!(count("help", "answered"), Some(1.0), "{text}");
    assert_eq!(count("ask", "declined"), Some(1.0), "{text}");
    assert_eq!(count("mention", "answered"), Some(1.0), "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("career_bot_interactions_total{")).count(), 3, "{text}");
    assert_eq!(metric(&text, "career_bot_interaction_duration_seconds_count"), Some(3.0));
    assert_eq!(metric(&text, r#"career_bot_knowledge_entries{kind="faq"}"#), Some(12.0), "{text}");
    assert_eq!(metric(&text, "career_bot_insights_recording"), Some(1.0));
    // The declined /ask's question, and the answered mention's count for the most asked answers.
    assert_eq!(metric(&text, r#"career_bot_insights_records_total{state="accepted"}"#), Some(2.0), "{text}");
    eventually("the mention's entry counted", async || (rows(data.path(), "answers") == 1).then_some(())).await;
    running.finish(&fake, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_misses_and_votes_reports_gaps_to_moderators_and_drains_on_sigterm() {
    let addr = free_addr();
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap();
    let (fake, mut running, _kb, bot) = ready_bot(&[("METRICS_ADDR", &addr), ("DATA_DIR", data_dir)]).await;

    // A declined /ask, and a declined mention, are recorded.
    let unknown = pick(&bot, UNKNOWN, Outcome::Declined, false);
    let (id, interaction) = p::command(Who::Member(ALICE), "ask", vec![p::string("question", &unknown)]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    fake.wait_callback(id).await;
    eventually("the declined /ask in the database", async || (rows(data.path(), "questions") == 1).then_some(())).await;
    let (_, message) = p::message_create(&p::user(BOB), &format!("<@{BOT_ID}> {unknown}"), &[p::bot_user()]);
    fake.dispatch("MESSAGE_CREATE", message).await;
    eventually("the declined mention in the database", async || (rows(data.path(), "questions") == 2).then_some(()))
        .await;

    // A confident answer carries 👍/👎; the same person's two clicks are one vote.
    let confident = pick(&bot, CONFIDENT, Outcome::Answered, false);
    let (answer_id, interaction) = p::command(Who::Member(ALICE), "ask", vec![p::string("question", &confident)]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let answer = fake.wait_callback(answer_id).await;
    let up = buttons(&answer["data"]).into_iter().find(|b| b.starts_with("vote:up:")).expect("a 👍 button");
    let message = p::answer_message(&answer, answer_id, ALICE);
    for _ in 0..2 {
        let (id, click) = p::click(Who::Member(BOB), &up, &message);
        fake.dispatch("INTERACTION_CREATE", click).await;
        let thanks = fake.wait_callback(id).await;
        assert_eq!(thanks["data"]["flags"], outgoing::EPHEMERAL, "{thanks}");
        assert_eq!(thanks["data"]["embeds"][0]["title"], text::VOTE_THANKS);
    }
    // Two questions, the confident answer's count and the two clicks.
    eventually("both clicks written", async || {
        let (_, text) = get(&addr, "/metrics").await;
        (metric(&text, r#"career_bot_insights_records_total{state="written"}"#) == Some(5.0)).then_some(())
    })
    .await;
    assert_eq!(rows(data.path(), "votes"), 1, "a second click of the same person replaces the first");

    // /gaps: refused to a member without Manage Server, the report for one with it.
    let (id, interaction) = gaps_by(ALICE, "2048");
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let refused = fake.wait_callback(id).await;
    assert_eq!((&refused["type"], &refused["data"]["flags"]), (&json!(4), &json!(outgoing::EPHEMERAL)));
    assert_eq!(refused["data"]["embeds"][0]["title"], text::GAPS_NOT_ALLOWED);
    let (id, interaction) = gaps_by(CAROL, "32");
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let report = fake.wait_callback(id).await;
    assert_eq!((&report["type"], &report["data"]["flags"]), (&json!(4), &json!(outgoing::EPHEMERAL)), "{report}");
    assert_eq!(report["data"]["embeds"][0]["title"], text::GAPS_TITLE, "{report}");
    assert_eq!(report["data"]["embeds"][1]["title"], text::GAPS_WORST_TITLE, "{report}");
    let first = report["data"]["embeds"][0]["fields"][0]["name"].as_str().unwrap_or_default();
    assert!(first.starts_with("#1 · 2×") && first.contains(&question_text(&unknown)), "{report}");

    // SIGTERM right after more misses: everything answered is in the database after exit.
    for _ in 0..3 {
        let (id, interaction) = p::command(Who::Member(ALICE), "ask", vec![p::string("question", &unknown)]);
        fake.dispatch("INTERACTION_CREATE", interaction).await;
        fake.wait_callback(id).await;
    }
    running.signal("TERM");
    let status = running.wait_exit(Duration::from_secs(2)).await;
    assert!(status.success(), "{status:?}\n{}", running.output());
    assert_eq!(rows(data.path(), "questions"), 5, "{}", running.output());
    assert!(running.output().contains("insights queue drained"), "{}", running.output());
    let output = running.output();
    for id in [ALICE, BOB, CAROL] {
        assert!(!output.contains(&id.to_string()), "a user id was logged:\n{output}");
    }
    running.finish(&fake, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_database_disables_recording_not_the_bot() {
    let addr = free_addr();
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("career-bot.sqlite3");
    std::fs::write(&file, "not a database at all\n".repeat(200)).unwrap();
    let data_dir = data.path().to_str().unwrap();
    let (fake, running, _kb, bot) = ready_bot(&[("METRICS_ADDR", &addr), ("DATA_DIR", data_dir)]).await;
    let unknown = pick(&bot, UNKNOWN, Outcome::Declined, false);
    let (id, interaction) = p::command(Who::Member(ALICE), "ask", vec![p::string("question", &unknown)]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    assert_eq!(fake.wait_callback(id).await, expected(&bot, ask(&unknown), ALICE));

    let (status, body) = get(&addr, "/readyz").await;
    assert_eq!(status, 200, "still ready to answer: {body}");
    let detail: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(detail["recording"]["enabled"], false, "{detail}");
    let error = detail["recording"]["error"].as_str().unwrap_or_default();
    assert!(error.contains("not a usable SQLite database") && error.contains(data_dir), "{detail}");
    assert!(running.output().contains("recording of missed questions and votes is DISABLED"), "{}", running.output());
    let (_, text) = get(&addr, "/metrics").await;
    assert_eq!(metric(&text, "career_bot_insights_recording"), Some(0.0));
    running.finish(&fake, None);
}

#[test]
#[should_panic(expected = "serenity would drop this dispatch silently")]
fn the_fake_refuses_a_dispatch_serenity_would_drop() {
    let (_, mut interaction) = p::command(Who::Member(ALICE), "help", vec![]);
    interaction.as_object_mut().unwrap().remove("locale");
    let frame = json!({"op": op::DISPATCH, "t": "INTERACTION_CREATE", "s": 1, "d": interaction});
    fake_discord::assert_readable_by_serenity(&frame);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn knowledge_edits_are_served_and_changed_choices_registered_again() {
    let (fake, running, kb, _bot) = ready_bot(&[]).await;
    let watching = Instant::now() + WAIT;
    while !running.output().contains("watching") {
        assert!(Instant::now() < watching, "the knowledge directory is not watched:\n{}", running.output());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // An answer edited and a topic added: the answer is served, the topic offered as a choice.
    let faqs = std::fs::read_to_string(kb.path().join("faqs.yaml")).unwrap();
    let edited = faqs.replace("Someone who builds the server side of an application.", "Edited while connected.");
    assert_ne!(faqs, edited, "the fixture has the answer to edit");
    std::fs::write(kb.path().join("faqs.yaml"), &edited).unwrap();
    let topics = format!(
        "{}  - id: testing\n    title: Testing\n    summary: Unit and integration tests.\n    skills:\n      \
         - group: Unit\n        items: [Mocks]\n    aliases: [tests]\n",
        common::TOPICS
    );
    std::fs::write(kb.path().join("topics.yaml"), topics).unwrap();
    let again = fake
        .wait_rest("the commands to be registered again", |calls| {
            calls.iter().filter(|c| c.method == "PUT" && c.path.ends_with("/commands")).nth(1).cloned()
        })
        .await;
    let reloaded = Bot::from_dir(kb.path()).expect("the edited knowledge loads");
    assert_eq!(again.body, application_commands(reloaded.knowledge()));
    assert!(again.body.to_string().contains(r#""value":"testing""#), "{}", again.body);

    let question = "what is a backend developer";
    let (id, interaction) = p::command(Who::Member(ALICE), "ask", vec![p::string("question", question)]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let answer = fake.wait_callback(id).await;
    assert_eq!(answer, expected(&reloaded, ask(question), ALICE));
    assert!(answer.to_string().contains("Edited while connected."), "{answer}");

    // A broken edit picked up by SIGHUP is refused; the last good knowledge is still served.
    std::fs::write(kb.path().join("faqs.yaml"), edited.replace("Edited while connected.", "Ping @here.")).unwrap();
    running.signal("HUP");
    let refused = Instant::now() + WAIT;
    while !(running.output().contains("SIGHUP") && running.output().contains("knowledge reload refused")) {
        assert!(Instant::now() < refused, "the SIGHUP reload was not refused:\n{}", running.output());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (id, interaction) = p::command(Who::Member(ALICE), "ask", vec![p::string("question", question)]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    assert_eq!(fake.wait_callback(id).await, expected(&reloaded, ask(question), ALICE));
    let registrations = fake.rest_calls().iter().filter(|c| c.method == "PUT" && c.path.ends_with("/commands")).count();
    assert_eq!(registrations, 2, "an unchanged or refused reload registers nothing");
    running.finish(&fake, None);
}

// --- Answering someone else's message, sharing a private answer -------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_message_command_answers_the_target_message_and_post_in_channel_shares_privately_asked() {
    let (fake, running, _kb, bot) = ready_bot(&[]).await;
    let confident = pick(&bot, CONFIDENT, Outcome::Answered, false);

    // Right-click on Bob's message → Apps → Answer with career-bot, used by Alice.
    let target = p::message(9_000, CHANNEL_ID, &p::user(BOB), &json!({"content": confident}));
    let label = match career_bot::commands::answer::SPEC.invoked {
        career_bot::commands::Invoked::Message { label } => label,
        career_bot::commands::Invoked::Slash => unreachable!("a message command"),
    };
    let data = json!({"id": "7001", "name": label, "type": 3, "target_id": "9000", "resolved": {"messages": {"9000": target}}});
    let (id, interaction) = p::command(Who::Member(ALICE), label, vec![]);
    let mut interaction = interaction;
    interaction["data"] = data;
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let answered = fake.wait_callback(id).await;
    assert_eq!(answered["type"], 4, "{answered}");
    assert!(answered["data"].get("flags").is_none_or(|f| f == 0), "in the channel: {answered}");
    assert_eq!(answered["data"]["allowed_mentions"]["users"], json!([BOB.to_string()]), "only Bob: {answered}");
    let content = answered["data"]["content"].as_str().unwrap_or_default();
    assert!(content.ends_with(&format!("/{CHANNEL_ID}/9000")), "a link to Bob's message: {content}");

    // Alice asks privately, then posts the answer in the channel.
    let (id, interaction) =
        p::command(Who::Member(ALICE), "ask", vec![p::string("question", &confident), p::boolean("private", true)]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let private = fake.wait_callback(id).await;
    assert_eq!(private["data"]["flags"], outgoing::EPHEMERAL, "{private}");
    let post = buttons(&private["data"]).into_iter().find(|b| b.starts_with("post:")).expect("Post in channel");
    let message = p::answer_message(&private, id, ALICE);
    let (id, click) = p::click(Who::Member(ALICE), &post, &message);
    fake.dispatch("INTERACTION_CREATE", click).await;
    let posted = fake.wait_callback(id).await;
    assert_eq!(posted["type"], 4, "{posted}");
    assert!(posted["data"].get("flags").is_none_or(|f| f == 0), "public: {posted}");
    assert_eq!(posted["data"]["content"], text::shared_by(ALICE));
    assert_eq!(posted["data"]["allowed_mentions"]["parse"], json!([]), "{posted}");
    assert!(posted["data"]["allowed_mentions"]["users"].as_array().is_none_or(Vec::is_empty), "no pings: {posted}");
    // Bob, whose message was answered, is the only one any call could ping.
    running.finish(&fake, Some(BOB));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_turns_do_not_spend_the_cooldown_public_answers_do() {
    let (fake, running, _kb, _bot) = ready_bot(&[("CAREER_BOT_COOLDOWN", "5/60s")]).await;
    let (id, interaction) = p::command(Who::Member(ALICE), "faq", vec![]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let list = fake.wait_callback(id).await;
    let message = p::answer_message(&list, id, ALICE);
    let next = buttons(&list["data"]).into_iter().find(|b| b.starts_with("faq:")).expect("a page button");
    for _ in 0..6 {
        let (id, click) = p::click(Who::Member(ALICE), &next, &message);
        fake.dispatch("INTERACTION_CREATE", click).await;
        let turned = fake.wait_callback(id).await;
        assert_eq!(turned["type"], 7, "a page turn updates the message and is never slowed down: {turned}");
    }
    // One public answer spent so far: four more pass, the sixth is slowed down.
    let slow_titles: Vec<String> = (1..=60).map(text::slow_down).collect();
    for n in 2..=6 {
        let (id, interaction) = p::command(Who::Member(ALICE), "help", vec![]);
        fake.dispatch("INTERACTION_CREATE", interaction).await;
        let reply = fake.wait_callback(id).await;
        let title = reply["data"]["embeds"][0]["title"].as_str().unwrap_or_default().to_owned();
        assert_eq!(slow_titles.contains(&title), n == 6, "public answer {n}: {reply}");
    }
    running.finish(&fake, None);
}

/// The forum `CAREER_BOT_FORUM_CHANNELS` names in the forum tests, and one it does not.
const FORUM: u64 = 1_100_000_000_000_000_005;
const OTHER_FORUM: u64 = 1_100_000_000_000_000_006;

/// The votes in the SQLite file of `data_dir`, as (entry, vote) rows.
fn votes(data_dir: &Path) -> Vec<(String, i64)> {
    let path = data_dir.join("career-bot.sqlite3");
    let Ok(conn) = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return Vec::new();
    };
    let Ok(mut rows) = conn.prepare("SELECT entry, vote FROM career_bot_votes ORDER BY entry") else {
        return Vec::new();
    };
    rows.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map(|rows| rows.filter_map(Result::ok).collect())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_forum_post_gets_one_suggestion_and_nothing_else_does() {
    let forums = format!("{FORUM}, 1100000000000000099");
    let addr = free_addr();
    let (fake, running, _kb, bot) = ready_bot(&[("CAREER_BOT_FORUM_CHANNELS", &forums), ("METRICS_ADDR", &addr)]).await;
    let identify = fake.wait_gateway("IDENTIFY", |sent| sent.iter().find(|s| s.op == op::IDENTIFY).cloned()).await;
    assert_eq!(identify.d["intents"].as_u64(), Some(1 | (1 << 9) | (1 << 12)), "GUILDS besides the messages");

    let confident = pick(&bot, CONFIDENT, Outcome::Answered, false);
    let unsure = pick(&bot, AMBIGUOUS, Outcome::Suggested, false);
    let unknown = pick(&bot, UNKNOWN, Outcome::Declined, false);
    let [unsure_post, unknown_post, elsewhere, existing, post, later] = [(); 6].map(|()| p::next_id());
    // Nothing for a title the bot is unsure about or does not know, in a forum it does not
    // watch, or for an existing thread it was added to.
    fake.dispatch("THREAD_CREATE", p::thread_create(unsure_post, FORUM, ALICE, &unsure, true)).await;
    fake.dispatch("THREAD_CREATE", p::thread_create(unknown_post, FORUM, ALICE, &unknown, true)).await;
    fake.dispatch("THREAD_CREATE", p::thread_create(elsewhere, OTHER_FORUM, ALICE, &confident, true)).await;
    fake.dispatch("THREAD_CREATE", p::thread_create(existing, FORUM, ALICE, &confident, false)).await;
    // One suggestion for a new post the bot is sure about, however often Discord announces it.
    fake.dispatch("THREAD_CREATE", p::thread_create(post, FORUM, ALICE, &confident, true)).await;
    let suggestion = fake.wait_posted_in(post).await;
    for _ in 0..2 {
        fake.dispatch("THREAD_CREATE", p::thread_create(post, FORUM, ALICE, &confident, true)).await;
    }
    // Events are answered in order: once a later post is answered, the ones before it were.
    fake.dispatch("THREAD_CREATE", p::thread_create(later, FORUM, BOB, &confident, true)).await;
    let for_bob = fake.wait_posted_in(later).await;
    let (help_id, interaction) = p::command(Who::Member(ALICE), "help", vec![]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    fake.wait_callback(help_id).await;

    let expected = career_bot::commands::forum::suggestion(&bot, &confident, ALICE).expect("the core is sure");
    let entry = expected.matched.clone().expect("an entry").entry;
    let reply = expected.response.reply().expect("a message");
    assert_eq!(suggestion, outgoing::to_json(&outgoing::message(reply)));
    let asked = bot.answer(&Request::by(ask(&confident), ALICE));
    let title = asked.response.reply().expect("a message").embeds[0].title.clone();
    assert_eq!(suggestion["embeds"][0]["title"], title.as_str(), "the entry /ask answers with");
    assert_eq!(
        buttons(&suggestion),
        [format!("solved:{}:{}:{ALICE}", entry.kind, entry.id), format!("notit:{}:{}:{ALICE}", entry.kind, entry.id)]
    );
    let labels: Vec<&str> = suggestion["components"][0]["components"]
        .as_array()
        .expect("a row of buttons")
        .iter()
        .map(|b| b["label"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(labels, [text::FORUM_SOLVED_LABEL, text::FORUM_NOT_IT_LABEL]);
    assert_eq!(suggestion["allowed_mentions"]["parse"], json!([]), "pings nobody");
    assert!(buttons(&for_bob).iter().all(|b| b.ends_with(&format!(":{BOB}"))), "{for_bob}");

    assert_eq!(fake.posted_in(post).len(), 1, "one suggestion per post");
    for (nothing, why) in
        [(unsure_post, "unsure"), (unknown_post, "declined"), (elsewhere, "unwatched forum"), (existing, "existing")]
    {
        assert_eq!(fake.posted_in(nothing), Vec::<Value>::new(), "{why}");
    }
    let posts = fake.rest_calls().into_iter().filter(|c| c.method == "POST" && c.path.ends_with("/messages")).count();
    assert_eq!(posts, 2, "nothing anywhere else");
    // Counted once each is sent (after Discord answered), so waited for.
    eventually("two suggestions counted", async || {
        let (_, text) = get(&addr, "/metrics").await;
        let series = r#"career_bot_interactions_total{command="forum",outcome="answered"}"#;
        (metric(&text, series) == Some(2.0)).then_some(())
    })
    .await;
    running.finish(&fake, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_suggestions_buttons_are_the_posters_that_answers_it_is_a_thumbs_up_not_it_a_thumbs_down_and_a_delete() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap();
    let forum = FORUM.to_string();
    let (fake, running, _kb, bot) = ready_bot(&[("CAREER_BOT_FORUM_CHANNELS", &forum), ("DATA_DIR", data_dir)]).await;
    let confident = pick(&bot, CONFIDENT, Outcome::Answered, false);
    let post = p::next_id();
    fake.dispatch("THREAD_CREATE", p::thread_create(post, FORUM, ALICE, &confident, true)).await;
    let suggestion = fake.wait_posted_in(post).await;
    let [solved, not_it] = <[String; 2]>::try_from(buttons(&suggestion)).expect("two buttons");
    let message = p::thread_message(p::next_id(), post, &suggestion);
    let entry = solved.split(':').skip(1).take(2).collect::<Vec<_>>().join(":");

    // Someone else in the post: refused privately, and no vote.
    for button in [&solved, &not_it] {
        let (id, click) = p::click(Who::Member(BOB), button, &message);
        fake.dispatch("INTERACTION_CREATE", click).await;
        let refused = fake.wait_callback(id).await;
        assert_eq!(refused, expected(&bot, career_bot::commands::Action::Click(button.clone()), BOB));
        assert_eq!((&refused["type"], &refused["data"]["flags"]), (&json!(4), &json!(outgoing::EPHEMERAL)));
        assert_eq!(refused["data"]["embeds"][0]["title"], text::FORUM_NOT_YOURS);
    }

    // "That answers it": a 👍, and the suggestion stays, its buttons gone.
    let (id, click) = p::click(Who::Member(ALICE), &solved, &message);
    fake.dispatch("INTERACTION_CREATE", click).await;
    let updated = fake.wait_callback(id).await;
    assert_eq!(updated, expected(&bot, career_bot::commands::Action::Click(solved.clone()), ALICE));
    assert_eq!(updated["type"], 7, "the suggestion is updated in place: {updated}");
    assert_eq!(updated["data"]["content"], text::FORUM_SOLVED);
    assert_eq!(updated["data"]["embeds"][0]["title"], suggestion["embeds"][0]["title"]);
    assert!(buttons(&updated["data"]).is_empty(), "{updated}");
    eventually("the 👍 in the database", async || (votes(data.path()) == [(entry.clone(), 1)]).then_some(())).await;

    // "Not it": a 👎 (the same poster's vote, changed), and the suggestion is deleted.
    let (id, click) = p::click(Who::Member(ALICE), &not_it, &message);
    fake.dispatch("INTERACTION_CREATE", click).await;
    assert_eq!(fake.wait_callback(id).await, outgoing::json(&Response::Delete));
    let original = format!("/api/v10/webhooks/{APP_ID}/{}/messages/@original", p::interaction_token(id));
    fake.wait_rest("the delete of the suggestion", |calls| {
        calls.iter().find(|c| c.method == "DELETE" && c.path == original).cloned()
    })
    .await;
    eventually("the 👎 in the database", async || (votes(data.path()) == [(entry.clone(), -1)]).then_some(())).await;
    let deletes = fake.rest_calls().into_iter().filter(|c| c.method == "DELETE").count();
    assert_eq!(deletes, 1, "only the poster's click deletes");
    running.finish(&fake, None);
}

/// `interaction` sent by a member with these permission bits.
fn with_permissions((id, mut interaction): (u64, Value), permissions: &str) -> (u64, Value) {
    interaction["member"]["permissions"] = json!(permissions);
    (id, interaction)
}

/// `/knowledge add` opens its form for a moderator only; the form submitted is stored and the
/// next `/ask` in the server is answered with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_teaches_an_answer_through_the_knowledge_form_and_a_member_gets_no_form() {
    let data = tempfile::tempdir().unwrap();
    let (fake, running, _kb, _bot) = ready_bot(&[("DATA_DIR", data.path().to_str().unwrap())]).await;
    let add = || p::command(Who::Member(ALICE), "knowledge", vec![p::subcommand("add", vec![])]);

    let (id, interaction) = with_permissions(add(), "2048");
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let refused = fake.wait_callback(id).await;
    assert_eq!((&refused["type"], &refused["data"]["flags"]), (&json!(4), &json!(outgoing::EPHEMERAL)), "{refused}");
    assert_eq!(refused["data"]["embeds"][0]["title"], text::KNOWLEDGE_NOT_ALLOWED);

    let (id, interaction) = with_permissions(add(), "32");
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let form = fake.wait_callback(id).await;
    assert_eq!((&form["type"], &form["data"]["custom_id"]), (&json!(9), &json!("kb:add")), "{form}");
    assert_eq!(form["data"]["components"].as_array().map(Vec::len), Some(4), "{form}");

    let typed = [("question", "Where do we post job openings?"), ("answer", "In the #jobs channel.")];
    let (id, interaction) = with_permissions(p::submit(Who::Member(ALICE), "kb:add", &typed), "32");
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let saved = fake.wait_callback(id).await;
    assert_eq!((&saved["type"], &saved["data"]["flags"]), (&json!(4), &json!(outgoing::EPHEMERAL)), "{saved}");
    assert_eq!(saved["data"]["embeds"][0]["title"], "Added: Where do we post job openings?", "{saved}");
    assert_eq!(rows(data.path(), "server_entries"), 1);

    let (id, interaction) =
        p::command(Who::Member(BOB), "ask", vec![p::string("question", "where do we post job openings")]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let answer = fake.wait_callback(id).await;
    assert_eq!(answer["data"]["embeds"][0]["title"], "Where do we post job openings?", "{answer}");
    let footer = answer["data"]["embeds"][0]["footer"]["text"].as_str().unwrap_or_default();
    assert!(footer.starts_with(text::FROM_SERVER), "{answer}");

    // In a direct message the server's entry is never answered.
    let (id, interaction) =
        p::command(Who::Direct(BOB), "ask", vec![p::string("question", "where do we post job openings")]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let elsewhere = fake.wait_callback(id).await;
    assert_ne!(elsewhere["data"]["embeds"][0]["title"], "Where do we post job openings?", "{elsewhere}");
    running.finish(&fake, None);
}

/// With `CAREER_BOT_MESSAGE_CONTENT`, a post whose title is not clear has its first message read
/// (and the privileged intent is asked for); a clear title needs no read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_with_an_unclear_title_is_matched_with_its_first_message_when_message_content_is_on() {
    let forum = FORUM.to_string();
    let (fake, running, _kb, bot) =
        ready_bot(&[("CAREER_BOT_FORUM_CHANNELS", &forum), ("CAREER_BOT_MESSAGE_CONTENT", "true")]).await;
    let identify = fake.wait_gateway("IDENTIFY", |sent| sent.iter().find(|s| s.op == op::IDENTIFY).cloned()).await;
    assert_eq!(identify.d["intents"].as_u64(), Some(1 | (1 << 9) | (1 << 12) | (1 << 15)), "and MESSAGE_CONTENT");

    let confident = pick(&bot, CONFIDENT, Outcome::Answered, false);
    let vague = "need some help here";
    assert_ne!(career_bot::bot::ask(&bot, vague).outcome, Outcome::Answered, "the title alone is not clear");
    let [clear, explained, silent] = [(); 3].map(|()| p::next_id());
    fake.set_first_message(explained, &confident);
    fake.dispatch("THREAD_CREATE", p::thread_create(silent, FORUM, ALICE, vague, true)).await;
    fake.dispatch("THREAD_CREATE", p::thread_create(clear, FORUM, ALICE, &confident, true)).await;
    fake.dispatch("THREAD_CREATE", p::thread_create(explained, FORUM, BOB, vague, true)).await;
    let suggestion = fake.wait_posted_in(explained).await;
    let suggest = |question: &str| career_bot::commands::forum::suggestion(&bot, question, BOB);
    let expected = suggest(&format!("{vague}\n{confident}")).or_else(|| suggest(&confident)).expect("sure");
    assert_eq!(suggestion, outgoing::to_json(&outgoing::message(expected.response.reply().unwrap())));
    fake.wait_posted_in(clear).await;
    let is_read = |c: &&RestCall| c.method == "GET" && c.path.contains("/messages/");
    fake.wait_rest("both unclear posts read", |calls| (calls.iter().filter(is_read).count() >= 2).then_some(())).await;
    let (help_id, interaction) = p::command(Who::Member(ALICE), "help", vec![]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    fake.wait_callback(help_id).await;
    assert!(fake.posted_in(silent).is_empty(), "a first message without text adds nothing");
    let reads: Vec<String> = fake
        .rest_calls()
        .into_iter()
        .filter(|c| c.method == "GET" && c.path.contains("/messages/"))
        .map(|c| c.path)
        .collect();
    let read = |thread: u64| format!("/api/v10/channels/{thread}/messages/{thread}");
    let mut expected = [read(silent), read(explained)];
    expected.sort();
    let mut reads = reads;
    reads.sort();
    assert_eq!(reads, expected, "only unclear titles have their first message read");
    running.finish(&fake, None);
}

/// A 👎 opens the optional reason form; its submission is thanked privately and the reason
/// stored, as over HTTP.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thumbs_down_opens_the_reason_form_and_its_submission_is_stored() {
    let data = tempfile::tempdir().unwrap();
    let (fake, running, _kb, bot) = ready_bot(&[("DATA_DIR", data.path().to_str().unwrap())]).await;
    let confident = pick(&bot, CONFIDENT, Outcome::Answered, false);
    let (answer_id, interaction) = p::command(Who::Member(ALICE), "ask", vec![p::string("question", &confident)]);
    fake.dispatch("INTERACTION_CREATE", interaction).await;
    let answer = fake.wait_callback(answer_id).await;
    let down = buttons(&answer["data"]).into_iter().find(|b| b.starts_with("vote:down:")).expect("a 👎 button");
    let message = p::answer_message(&answer, answer_id, ALICE);
    let (id, click) = p::click(Who::Member(BOB), &down, &message);
    fake.dispatch("INTERACTION_CREATE", click).await;
    let form = fake.wait_callback(id).await;
    assert_eq!(form["type"], 9, "a 👎 opens the reason form: {form}");
    let why = form["data"]["custom_id"].as_str().expect("the form's id").to_owned();
    assert_eq!(why, down.replacen("vote:down:", "why:", 1));
    eventually("the 👎 stored", async || (rows(data.path(), "votes") == 1).then_some(())).await;

    let reason = career_bot::commands::reason::REASON;
    let (id, submitted) = p::submit(Who::Member(BOB), &why, &[(reason, "Too vague")]);
    fake.dispatch("INTERACTION_CREATE", submitted).await;
    let thanks = fake.wait_callback(id).await;
    assert_eq!((&thanks["type"], &thanks["data"]["flags"]), (&json!(4), &json!(outgoing::EPHEMERAL)), "{thanks}");
    assert_eq!(thanks["data"]["embeds"][0]["title"], text::REASON_THANKS);
    eventually("the reason stored", async || (rows(data.path(), "vote_reasons") == 1).then_some(())).await;
    running.finish(&fake, None);
}
