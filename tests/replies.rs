//! Every reply the built-in knowledge can produce keeps Discord's limits, and the commands
//! behave as a Discord user expects: levels by what people type, buttons only for their owner,
//! echoed text neutralised, mentions limited to the `for:` user.

use career_bot::Bot;
use career_bot::commands::{Command, Outcome, Request};
use career_bot::frontend::discord::outgoing;
use career_bot::knowledge::{EntryRef, Kind};
use career_bot::reply::{Response, limits, text};
use serde_json::json;

fn bot() -> Bot {
    Bot::builtin().unwrap_or_else(|e| panic!("{e}"))
}

fn ask(bot: &Bot, question: &str, invoker: Option<u64>) -> career_bot::commands::Answer {
    bot.answer(&Request {
        context: career_bot::commands::Context { invoker, ..Default::default() },
        ..Request::new(Command::ask(question))
    })
}

fn message(response: &Response) -> &career_bot::reply::Reply {
    match response {
        Response::Message(r) => r,
        other => panic!("expected a message, got {other:?}"),
    }
}

/// Allowed mentions that let nobody be pinged: no kind parsed from the text, no user or role
/// listed.
fn pings_nobody(allowed: &serde_json::Value) {
    assert_eq!(allowed["parse"], json!([]), "{allowed}");
    for listed in ["users", "roles"] {
        assert!(allowed.get(listed).is_none_or(|l| l == &json!([])), "{allowed}");
    }
}

#[test]
fn every_reply_of_every_entry_and_command_fits_discord() {
    let bot = bot();
    let requests = bot.all_requests();
    assert!(requests.len() > bot.knowledge().entries().len(), "entries and commands are all covered");
    for (entry, request) in requests {
        let answer = bot.answer(&request);
        let reply = answer.response.reply().unwrap_or_else(|| panic!("{request:?} gives a reply"));
        assert!(!reply.embeds.is_empty(), "{request:?}");
        let problems = limits::violations(reply);
        assert!(problems.is_empty(), "{entry:?} {request:?}: {problems:?}");
        pings_nobody(&outgoing::json(&answer.response)["data"]["allowed_mentions"]);
        let sent = outgoing::bytes(&outgoing::interaction_response(&answer.response));
        let tree = serde_json::from_slice::<serde_json::Value>(&sent).unwrap();
        assert_eq!(tree, outgoing::json(&answer.response), "{request:?}: the endpoint's bytes are the gateway's");
    }
}

#[test]
fn levels_and_topics_are_found_from_what_people_type() {
    let bot = bot();
    let cases = [
        (Command::new(&career_bot::commands::salary::SPEC).with("level", "sr"), EntryRef::new(Kind::Salary, "senior")),
        (
            Command::new(&career_bot::commands::salary::SPEC).with("level", "entry level"),
            EntryRef::new(Kind::Salary, "fresher"),
        ),
        (
            Command::new(&career_bot::commands::salary::SPEC).with("level", "Senior"),
            EntryRef::new(Kind::Salary, "senior"),
        ),
        (
            Command::new(&career_bot::commands::roadmap::SPEC).with("topic", "databse"),
            EntryRef::new(Kind::Topic, "databases"),
        ),
        (
            Command::new(&career_bot::commands::roadmap::SPEC).with("topic", "system design"),
            EntryRef::new(Kind::Topic, "system-design"),
        ),
        (Command::new(&career_bot::commands::role::SPEC).with("level", "jr"), EntryRef::new(Kind::Role, "junior")),
    ];
    for (command, expected) in cases {
        let answer = bot.answer(&Request::new(command.clone()));
        assert_eq!(answer.matched.map(|m| m.entry), Some(expected), "{command:?}");
    }
}

#[test]
fn an_unknown_level_lists_the_valid_ones() {
    let bot = bot();
    let answer =
        bot.answer(&Request::new(Command::new(&career_bot::commands::salary::SPEC).with("level", "astronaut")));
    assert_eq!(answer.outcome, Outcome::Refused);
    let reply = message(&answer.response);
    assert!(reply.ephemeral);
    let text = format!("{}{}", reply.embeds[0].title, reply.embeds[0].description);
    for id in ["fresher", "mid", "senior", "architect"] {
        assert!(text.contains(id), "{text}");
    }
}

#[test]
fn salary_overview_has_a_bar_chart_of_every_tier() {
    let bot = bot();
    let answer = bot.answer(&Request::new(Command::new(&career_bot::commands::salary::SPEC)));
    let description = &message(&answer.response).embeds[0].description;
    assert!(description.starts_with("```"), "{description}");
    let lines: Vec<&str> = description.lines().skip(1).collect();
    for (tier, line) in bot.knowledge().tiers.iter().zip(&lines) {
        assert!(line.starts_with(&tier.name), "a line per tier, in order: {description}");
        assert!(line.contains('█'), "{} has a bar: {description}", tier.name);
    }
    assert!(description.matches('█').count() > 4, "{description}");
}

#[test]
fn roadmap_topic_shows_skill_groups_and_the_next_step() {
    let bot = bot();
    let answer =
        bot.answer(&Request::new(Command::new(&career_bot::commands::roadmap::SPEC).with("topic", "databases")));
    let embed = &message(&answer.response).embeds[0];
    let topic = bot.knowledge().topic("databases").unwrap();
    for group in &topic.skills {
        assert!(embed.fields.iter().any(|f| f.name == group.group), "{group:?}");
    }
    let next = embed.fields.last().unwrap();
    assert!(next.value.contains("apis"), "{next:?}");
}

#[test]
fn role_ladder_lists_every_step_with_its_tier() {
    let bot = bot();
    let answer = bot.answer(&Request::new(Command::new(&career_bot::commands::role::SPEC)));
    let embed = &message(&answer.response).embeds[0];
    let kb = bot.knowledge();
    assert_eq!(embed.fields.len(), kb.roles.len());
    assert!(embed.fields[0].value.contains("₹4–8 LPA"), "{:?}", embed.fields[0]);
    for (field, role) in embed.fields.iter().zip(&kb.roles) {
        assert!(field.name.contains(&role.title), "{field:?}");
        let tier = kb.tier(&role.salary).unwrap();
        assert!(field.value.contains(&format!("{}: {}", tier.name, tier.range_label())), "{field:?}");
    }
    assert!(embed.description.contains("→"));
}

#[test]
fn hostile_echoed_text_is_neutralised() {
    let bot = bot();
    let hostile = "@everyone <@123> <@&456> **bold** [link](https://evil) zxqv";
    let answer = ask(&bot, hostile, Some(1));
    let value = outgoing::json(&answer.response).to_string();
    for raw in ["@everyone", "<@123>", "<@&456>", "**bold**", "[link](https"] {
        assert!(!value.contains(raw), "{raw} leaked: {value}");
    }
    pings_nobody(&outgoing::json(&answer.response)["data"]["allowed_mentions"]);
}

#[test]
fn for_mentions_exactly_that_user() {
    let bot = bot();
    let answer = bot.answer(&Request::by(
        Command::ask("senior backend salary in india").with("for", career_bot::commands::Value::User(42)),
        1,
    ));
    let data = &outgoing::json(&answer.response)["data"];
    assert_eq!(data["allowed_mentions"]["parse"], json!([]));
    assert_eq!(data["allowed_mentions"]["users"], json!(["42"]));
    assert!(data["allowed_mentions"].get("roles").is_none_or(|r| r == &json!([])), "{data}");
    assert!(data["content"].as_str().unwrap().contains("<@42>"));
}

#[test]
fn private_answers_are_ephemeral_and_have_no_delete_button() {
    let bot = bot();
    let answer =
        bot.answer(&Request { private: true, ..Request::by(Command::new(&career_bot::commands::help::SPEC), 5) });
    let reply = message(&answer.response);
    assert!(reply.ephemeral);
    assert!(reply.rows.iter().flatten().all(|b| !b.custom_id.starts_with("del:")));
}

#[test]
fn public_answers_carry_a_delete_button_for_their_invoker_only() {
    let bot = bot();
    let answer = bot.answer(&Request::by(Command::new(&career_bot::commands::help::SPEC), 5));
    let reply = message(&answer.response);
    let delete = reply.rows.iter().flatten().find(|b| b.custom_id.starts_with("del:")).expect("a delete button");
    let by_stranger = bot.answer(&Request::new_click(&delete.custom_id, 6));
    assert_eq!(by_stranger.outcome, Outcome::Refused);
    assert!(message(&by_stranger.response).ephemeral);
    let by_owner = bot.answer(&Request::new_click(&delete.custom_id, 5));
    assert_eq!(by_owner.response, Response::Delete);
}

#[test]
fn faq_pages_turn_for_their_invoker_only() {
    let bot = bot();
    let answer = bot.answer(&Request::by(Command::new(&career_bot::commands::faq::SPEC), 9));
    let reply = message(&answer.response);
    let next = reply.rows[0].iter().find(|b| !b.disabled && b.custom_id.starts_with("faq:")).expect("a next button");
    let turned = bot.answer(&Request::new_click(&next.custom_id, 9));
    let Response::Update(page) = &turned.response else { panic!("{:?}", turned.response) };
    assert!(page.embeds[0].title.contains("(2/"), "{}", page.embeds[0].title);
    let stranger = bot.answer(&Request::new_click(&next.custom_id, 10));
    assert_eq!(stranger.outcome, Outcome::Refused);
}

#[test]
fn did_you_mean_buttons_show_their_entry() {
    let bot = bot();
    let id = career_bot::commands::CustomId::Show { entry: EntryRef::new(Kind::Topic, "apis"), owner: 3 }.to_string();
    let by_owner = bot.answer(&Request::new_click(&id, 3));
    let Response::Update(reply) = &by_owner.response else { panic!("{:?}", by_owner.response) };
    let roadmap = bot.answer(&Request::new(Command::new(&career_bot::commands::roadmap::SPEC).with("topic", "apis")));
    let entry = &roadmap.response.reply().unwrap().embeds;
    assert_eq!(&reply.embeds, entry, "the entry as /roadmap shows it");
    let by_other = bot.answer(&Request::new_click(&id, 4));
    assert!(message(&by_other.response).ephemeral);
    assert_eq!(&message(&by_other.response).embeds, entry, "shown to the other person alone");
}

#[test]
fn a_confident_answer_offers_its_likely_neighbours_and_no_others() {
    use career_bot::search::{Confidence, MAX_RELATED, RELATED_FLOOR};
    let bot = bot();
    let (mut with, mut without) = (0, 0);
    for question in [
        "how do i make my backend faster with caching",
        "sql vs nosql which one should i use for my project",
        "sr ctc",
        "mid level backend salary lpa",
    ] {
        let found = bot.matcher().ask(question);
        assert_eq!(found.confidence, Confidence::Sure, "{question} is no longer a test of this");
        let likely: Vec<String> = found
            .alternatives
            .iter()
            .filter(|h| h.score >= RELATED_FLOOR)
            .take(MAX_RELATED)
            .map(|h| career_bot::commands::CustomId::Show { entry: h.entry.clone(), owner: 8 }.to_string())
            .collect();
        let answer = ask(&bot, question, Some(8));
        let reply = message(&answer.response);
        let shown: Vec<&str> =
            reply.rows.iter().flatten().map(|b| b.custom_id.as_str()).filter(|id| id.starts_with("show:")).collect();
        assert_eq!(shown, likely, "{question}");
        assert_eq!(reply.content, None, "{question}: no \"did you mean\" over a confident answer");
        if likely.is_empty() { without += 1 } else { with += 1 }
    }
    assert!(with > 0 && without > 0, "both cases are tested: {with} with neighbours, {without} without");
}

#[test]
fn stale_or_forged_buttons_are_refused_politely() {
    let bot = bot();
    for id in ["", "show:faq:no-such-entry:1", "show:planet:x:1", "faq:notanumber:1", "whatever", "del"] {
        let answer = bot.answer(&Request::new_click(id, 1));
        assert_eq!(answer.outcome, Outcome::Refused, "{id}");
        let reply = message(&answer.response);
        assert!(reply.ephemeral, "{id}: told to the clicker alone");
        assert_eq!(reply.embeds[0].title, text::STALE_BUTTON, "{id}");
    }
}

#[test]
fn an_empty_question_gets_a_hint() {
    let bot = bot();
    let answer = ask(&bot, "   ", Some(1));
    assert_eq!(answer.outcome, Outcome::Refused);
    let reply = message(&answer.response);
    assert!(reply.ephemeral);
    assert_eq!(reply.embeds[0].title, text::EMPTY_QUESTION);
}

#[test]
fn autocomplete_keeps_discord_limits() {
    let bot = bot();
    for partial in ["", "s", "sal", "wat is teh sallary", "roadmap", "zzzz", &"x".repeat(500)] {
        let choices = bot.autocomplete("ask", "question", partial);
        assert!(limits::choice_violations(&choices).is_empty(), "{partial}: {choices:?}");
    }
    assert!(!bot.autocomplete("ask", "question", "").is_empty(), "starters when nothing is typed");
    let topics = bot.autocomplete("roadmap", "topic", "data");
    assert_eq!(topics.first().map(|c| c.value.as_str()), Some("databases"));
}

/// What the footer of an answer from the built-in knowledge ends with.
const GUIDE_LINE: &str = "Source: Backend Developer Skills & Career Path (2026) · as of 2026";

fn footer(answer: &career_bot::commands::Answer) -> String {
    answer.response.reply().expect("a reply").embeds[0].footer.clone().unwrap_or_default()
}

#[test]
fn footers_name_the_source_and_date_below_what_they_already_say() {
    let bot = bot();
    let run = |command: Command| bot.answer(&Request::new(command));
    let salary = &career_bot::commands::salary::SPEC;
    let cases = [
        (run(Command::new(salary).with("level", "senior")), text::SALARY_FOOTER.to_owned()),
        (run(Command::new(salary)), text::SALARY_ALL_FOOTER.to_owned()),
        (run(Command::new(&career_bot::commands::role::SPEC).with("level", "architect")), text::ROLE_ALL_FOOTER.into()),
        (run(Command::new(&career_bot::commands::role::SPEC)), text::ROLE_ALL_FOOTER.to_owned()),
        (
            run(Command::new(&career_bot::commands::roadmap::SPEC).with("topic", "apis")),
            text::ROADMAP_ALL_FOOTER.into(),
        ),
        (run(Command::new(&career_bot::commands::roadmap::SPEC)), text::ROADMAP_ALL_FOOTER.to_owned()),
    ];
    for (answer, own) in &cases {
        assert_eq!(footer(answer), format!("{own}\n{GUIDE_LINE}"));
        assert!(footer(answer).chars().count() <= limits::FOOTER);
    }
    // An asked question keeps its match line above the source.
    let asked = ask(&bot, "how much does a senior backend developer earn in india", Some(1));
    assert_eq!(asked.outcome, Outcome::Answered);
    let shown = footer(&asked);
    let (first, second) = shown.split_once('\n').expect("two lines");
    assert!(first.starts_with("salary · match ") && first.ends_with("/help for all commands"), "{shown}");
    assert_eq!(second, GUIDE_LINE);
    // The guide has no address, so no title links anywhere; FAQs name no source and keep their footer.
    assert!(cases.iter().all(|(a, _)| message(&a.response).embeds[0].url.is_none()));
    let faq = bot.knowledge().faqs.iter().find(|f| !f.tags.is_empty()).unwrap();
    let id = career_bot::commands::CustomId::Show { entry: EntryRef::new(Kind::Faq, &faq.id), owner: 1 }.to_string();
    let shown = bot.answer(&Request::new_click(&id, 1));
    assert_eq!(footer(&shown), format!("FAQ · {}", faq.tags.join(", ")));
}

#[test]
fn a_source_with_an_address_links_the_title_and_every_source_is_named() {
    let topics = "topics:
  - id: apis
    title: APIs
    sources:
      - title: API Notes
        url: https://example.com/api-notes
      - title: A printed guide
    as_of: 2026-01-15
    summary: Designing REST interfaces.
    skills:
      - group: REST
        items: [HTTP methods]
    aliases: [api]
  - id: databases
    title: Databases
    sources: [{title: A printed guide}]
    as_of: 2025-06
    summary: Storing data.
    skills:
      - group: SQL
        items: [Joins]
    aliases: [db]
";
    let bot = Bot::from_sources(vec![career_bot::knowledge::Source::new("topics.yaml", topics)])
        .unwrap_or_else(|e| panic!("{e}"));
    let roadmap = &career_bot::commands::roadmap::SPEC;
    let one = bot.answer(&Request::new(Command::new(roadmap).with("topic", "apis")));
    let embed = &message(&one.response).embeds[0];
    assert_eq!(embed.url.as_deref(), Some("https://example.com/api-notes"));
    assert!(embed.footer.as_deref().unwrap().ends_with("\nSources: API Notes; A printed guide · as of 2026-01-15"));
    assert_eq!(outgoing::json(&one.response)["data"]["embeds"][0]["url"], "https://example.com/api-notes");
    // The whole roadmap names each source once, and is as fresh as its oldest step.
    let all = bot.answer(&Request::new(Command::new(roadmap)));
    let footer = footer(&all);
    assert!(footer.ends_with("\nSources: API Notes; A printed guide · as of 2025-06"), "{footer}");
}

#[test]
fn every_command_but_the_moderators_is_answered_in_a_direct_message() {
    let bot = bot();
    let in_dm = career_bot::commands::Context { invoker: Some(7), guild: None, permissions: None };
    for spec in career_bot::commands::COMMANDS {
        let question = "what does a senior backend developer do";
        let command = match spec.name {
            "ask" => Command::ask(question),
            // The message command, on a message asking it.
            "answer" => Command::new(spec).with(career_bot::commands::answer::TEXT, question),
            _ => Command::new(spec),
        };
        let answer = bot.answer(&Request { context: in_dm, ..Request::new(command) });
        let reply = message(&answer.response);
        if spec.member_permissions.is_some() {
            assert_eq!(answer.outcome, Outcome::Refused, "/{}", spec.name);
            let guild_only = if spec.name == "gaps" { text::GAPS_GUILD_ONLY } else { text::KNOWLEDGE_GUILD_ONLY };
            assert_eq!(reply.embeds[0].title, guild_only, "/{}", spec.name);
            assert!(reply.ephemeral);
        } else {
            assert_eq!(answer.outcome, Outcome::Answered, "/{}", spec.name);
            assert!(!reply.embeds.is_empty() && !reply.ephemeral, "/{}", spec.name);
            assert!(limits::violations(reply).is_empty(), "/{}", spec.name);
        }
    }
}
