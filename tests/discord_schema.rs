//! What the bot sends, held against Discord's own OpenAPI description of its API: the request
//! bodies it sends and the schemas they refer to, copied from discord/discord-api-spec into
//! `tests/discord-api/responses.json`. Every interaction response of every entry and command, the
//! autocomplete, PONG, acknowledgement and deferral, the edit of a deferred response and the
//! reply to a mention must be values of the request body the endpoint declares: the types,
//! enums, lengths and required properties it gives, and no property it does not declare
//! (a null one aside, which Discord reads as absent).

use std::sync::OnceLock;

use career_bot::Bot;
use career_bot::commands::knowledge;
use career_bot::frontend::discord::outgoing;
use career_bot::frontend::gateway::mention::{self, Origin};
use career_bot::reply::{Choice, Reply, Response};
use serde_json::Value;

/// The part of Discord's OpenAPI description that the bot's requests are held against.
const SPEC: &str = include_str!("discord-api/responses.json");

fn spec() -> &'static Value {
    static PARSED: OnceLock<Value> = OnceLock::new();
    PARSED.get_or_init(|| serde_json::from_str(SPEC).expect("the OpenAPI description is JSON"))
}

/// The JSON request body of `method` on `path`.
fn body(spec: &Value, path: &str, method: &str) -> Value {
    spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"].clone()
}

/// Where `value` departs from `schema` (empty when it is a value of it).
fn problems(spec: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.strip_prefix("#/components/schemas/").expect("a local schema");
        return problems(spec, &spec["components"]["schemas"][name], value, at);
    }
    let mut found = Vec::new();
    for union in ["oneOf", "anyOf"] {
        if let Some(choices) = schema[union].as_array() {
            let each: Vec<Vec<String>> = choices.iter().map(|c| problems(spec, c, value, at)).collect();
            if !each.iter().any(Vec::is_empty) {
                let closest = each.into_iter().min_by_key(Vec::len).unwrap_or_default();
                found.push(format!("{at}: none of the {union} fits; the closest: {closest:?}"));
            }
        }
    }
    for part in schema["allOf"].as_array().into_iter().flatten() {
        found.extend(problems(spec, part, value, at));
    }
    if let Some(kinds) = types(&schema["type"]) {
        if !kinds.iter().any(|kind| is(kind, value)) {
            found.push(format!("{at}: {value} is not {kinds:?}"));
            return found;
        }
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            found.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    let limit = |name: &str| schema[name].as_u64().map(|n| n as usize);
    if let (Some(text), Some(max)) = (value.as_str(), limit("maxLength")) {
        if text.chars().count() > max {
            found.push(format!("{at}: longer than {max}"));
        }
    }
    if let Some(items) = value.as_array() {
        if limit("maxItems").is_some_and(|max| items.len() > max) || limit("minItems").is_some_and(|m| items.len() < m)
        {
            found.push(format!("{at}: {} items", items.len()));
        }
        if !schema["items"].is_null() {
            for (i, item) in items.iter().enumerate() {
                found.extend(problems(spec, &schema["items"], item, &format!("{at}[{i}]")));
            }
        }
    }
    if let (Some(fields), Some(declared)) = (value.as_object(), schema["properties"].as_object()) {
        for (key, field) in fields {
            match declared.get(key) {
                Some(property) => found.extend(problems(spec, property, field, &format!("{at}.{key}"))),
                None if field.is_null() => {}
                None => found.push(format!("{at}.{key}: not a property of the request")),
            }
        }
        for required in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !fields.contains_key(required) {
                found.push(format!("{at}.{required}: required, missing"));
            }
        }
    }
    found
}

fn types(kind: &Value) -> Option<Vec<&str>> {
    match kind {
        Value::String(one) => Some(vec![one.as_str()]),
        Value::Array(many) => Some(many.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

fn is(kind: &str, value: &Value) -> bool {
    match kind {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

fn assert_fits(spec: &Value, schema: &Value, value: &Value, what: &str) {
    let found = problems(spec, schema, value, "$");
    assert!(found.is_empty(), "{what}: {found:#?}\n{value:#}");
}

fn bot() -> Bot {
    Bot::builtin().unwrap_or_else(|e| panic!("{e}"))
}

/// Every reply `/knowledge` can give once its change is applied, at their largest.
fn knowledge_replies() -> Vec<Reply> {
    use career_bot::knowledge::Problem;
    use career_bot::knowledge::server::{ChangeAction, ChangeRow, ServerEntry};
    let entry = ServerEntry {
        id: "where-do-we-post-job-openings".into(),
        question: "q".repeat(200),
        phrasings: vec!["p".repeat(199); 5],
        answer: "a".repeat(3000),
        tags: vec!["t".repeat(60); 3],
    };
    let problems = vec![Problem::new("server-1.yaml", "x".repeat(300), "y".repeat(100)).field("answer"); 12];
    let rows =
        vec![
            ChangeRow { entry: "e".repeat(60), action: ChangeAction::Import, moderator: Some(u64::MAX), at: i64::MAX };
            10
        ];
    vec![
        knowledge::outcome::saved(&entry, true),
        knowledge::outcome::removed(&entry.id),
        knowledge::outcome::refused(&problems, Some(&entry)),
        knowledge::outcome::unknown(&entry.id),
        knowledge::outcome::history(&rows),
        knowledge::outcome::history(&[]),
        knowledge::outcome::unavailable(),
    ]
}

#[test]
fn every_interaction_response_is_a_callback_discord_declares() {
    let spec = spec();
    let callback = body(spec, "/interactions/{interaction_id}/{interaction_token}/callback", "post");
    let bot = bot();
    for (entry, request) in bot.all_requests() {
        let response = bot.answer(&request).response;
        assert_fits(spec, &callback, &outgoing::json(&response), &format!("{entry:?} {request:?}"));
    }
    let choices = bot.autocomplete("ask", "question", "sal");
    assert!(!choices.is_empty());
    let long = vec![Choice { name: "n".repeat(100), value: "v".repeat(100) }; 25];
    let forms = [knowledge::form::modal(None, None), knowledge::form::modal(None, Some("where do we post jobs?"))];
    for response in [Response::Choices(choices), Response::Choices(long), Response::Pong, Response::Delete]
        .into_iter()
        .chain(forms.into_iter().map(Response::Modal))
        .chain(knowledge_replies().into_iter().map(Response::Message))
    {
        assert_fits(spec, &callback, &outgoing::json(&response), &format!("{response:?}"));
    }
    assert_fits(spec, &callback, &outgoing::to_json(&outgoing::deferred_ephemeral()), "the deferral");
}

#[test]
fn the_edit_of_a_deferred_response_and_the_reply_to_a_mention_are_requests_discord_declares() {
    let spec = spec();
    let edit = body(spec, "/webhooks/{webhook_id}/{webhook_token}/messages/@original", "patch");
    let message = body(spec, "/channels/{channel_id}/messages", "post");
    let bot = bot();
    for reply in knowledge_replies() {
        assert!(career_bot::reply::limits::violations(&reply).is_empty(), "{reply:?}");
        assert_fits(spec, &edit, &outgoing::to_json(&outgoing::edit(&reply)), "a deferred /knowledge reply");
    }
    for (entry, request) in bot.all_requests() {
        let answer = bot.answer(&request);
        let reply: &Reply = answer.response.reply().expect("a reply");
        assert_fits(spec, &edit, &outgoing::to_json(&outgoing::edit(reply)), &format!("edit {entry:?}"));
        let origin = Origin { message: 1, channel: 2, guild: Some(3) };
        assert_fits(spec, &message, &outgoing::to_json(&mention::body(reply, origin)), &format!("reply {entry:?}"));
    }
}

#[test]
fn the_check_finds_what_discord_would_refuse() {
    let spec = spec();
    let callback = body(spec, "/interactions/{interaction_id}/{interaction_token}/callback", "post");
    let mut sent = outgoing::json(
        &bot()
            .answer(&career_bot::commands::Request::new(career_bot::commands::Command::new(
                &career_bot::commands::salary::SPEC,
            )))
            .response,
    );
    assert_fits(spec, &callback, &sent, "as sent");
    sent["data"]["embeds"][0]["color"] = serde_json::json!("green");
    assert!(!problems(spec, &callback, &sent, "$").is_empty(), "a colour that is not a number");
    sent["data"]["embeds"][0]["color"] = serde_json::json!(1);
    sent["data"]["no_such_field"] = serde_json::json!(true);
    assert!(!problems(spec, &callback, &sent, "$").is_empty(), "an undeclared property");
    let type_99 = serde_json::json!({"type": 99});
    assert!(!problems(spec, &callback, &type_99, "$").is_empty(), "an unknown callback type");
}

#[test]
fn the_forum_suggestion_and_its_buttons_answers_are_requests_discord_declares() {
    let spec = spec();
    let callback = body(spec, "/interactions/{interaction_id}/{interaction_token}/callback", "post");
    let message = body(spec, "/channels/{channel_id}/messages", "post");
    let bot = bot();
    let mut suggested = 0;
    for entry in bot.knowledge().entries() {
        let title = bot.knowledge().title(&entry).unwrap_or_default().to_owned();
        if let Some(answer) = career_bot::commands::forum::suggestion(&bot, &title, u64::MAX) {
            suggested += 1;
            let reply = answer.response.reply().expect("a reply");
            assert_fits(spec, &message, &outgoing::to_json(&outgoing::message(reply)), &format!("suggestion {entry}"));
        }
        for button in [
            career_bot::commands::CustomId::Solved { entry: entry.clone(), owner: u64::MAX },
            career_bot::commands::CustomId::NotIt { entry: entry.clone(), owner: u64::MAX },
        ] {
            for clicker in [u64::MAX, 1] {
                let response = career_bot::commands::button::run(
                    &bot,
                    &button.to_string(),
                    &career_bot::commands::Context { invoker: Some(clicker), ..Default::default() },
                )
                .response;
                assert_fits(spec, &callback, &outgoing::json(&response), &format!("{button} by {clicker}"));
            }
        }
    }
    assert!(suggested > 0, "no entry's own title is suggested for");
}

/// A `/gaps` report at its largest: every group open but one, long texts, reasons on each of the
/// worst-rated answers.
fn full_report() -> career_bot::feedback::Report {
    use career_bot::feedback::report::{Asked, Closest, Group, Rating};
    use career_bot::knowledge::{EntryRef, Kind};
    let shown = career_bot::commands::gaps::MAX_SHOWN;
    let entry = |i: usize| EntryRef::new(Kind::Faq, format!("entry-{i}"));
    career_bot::feedback::Report {
        since: Some(1_690_000_000),
        guild: Some(1),
        questions: 50_000,
        truncated: true,
        groups: (0..shown)
            .map(|n| Group {
                question: format!("question {n} ").repeat(20),
                alternatives: (0..5).map(|i| format!("another wording {i} ").repeat(10)).collect(),
                count: 1000 - n,
                last_seen: 1_700_000_000,
                closest: Some(Closest { entry: entry(n), title: Some("A title".repeat(30)), score: 0.4 }),
                now_answered: (n == 1).then(|| "Answered since".repeat(20)),
            })
            .collect(),
        worst: (0..shown)
            .map(|i| Rating {
                entry: entry(i),
                title: Some("T".repeat(200)),
                up: 1,
                down: 9,
                reasons: vec!["r".repeat(200); 3],
            })
            .collect(),
        most_asked: (0..shown).map(|i| Asked { entry: entry(i), title: Some("T".repeat(200)), count: 9 }).collect(),
    }
}

#[test]
fn the_reason_form_and_the_gaps_report_with_its_buttons_are_requests_discord_declares() {
    let spec = spec();
    let callback = body(spec, "/interactions/{interaction_id}/{interaction_token}/callback", "post");
    let edit = body(spec, "/webhooks/{webhook_id}/{webhook_token}/messages/@original", "patch");
    let bot = bot();
    let mut forms = 0;
    for entry in bot.knowledge().entries() {
        let down =
            career_bot::commands::CustomId::Vote { vote: career_bot::feedback::Vote::Down, entry: entry.clone() };
        let response = bot.answer(&career_bot::commands::Request::new_click(&down.to_string(), 1)).response;
        let Response::Modal(form) = &response else { panic!("{entry}: the reason form, not {response:?}") };
        assert!(career_bot::reply::limits::modal_violations(form).is_empty(), "{form:?}");
        assert_fits(spec, &callback, &outgoing::json(&response), &format!("the reason form of {entry}"));
        forms += 1;
        let why = career_bot::commands::CustomId::Reason { entry }.to_string();
        let fields = vec![(career_bot::commands::reason::REASON.to_owned(), "r".repeat(200))];
        let sent = career_bot::commands::submit::run(&bot, &why, &fields, &Default::default()).response;
        assert_fits(spec, &callback, &outgoing::json(&sent), &format!("the thanks for {why}"));
    }
    assert!(forms > 0);
    let report = career_bot::commands::gaps::reply(&full_report());
    let reply = report.reply().expect("a message");
    assert!(
        career_bot::reply::limits::violations(reply).is_empty(),
        "{:?}",
        career_bot::reply::limits::violations(reply)
    );
    assert!(!reply.rows.is_empty(), "Write buttons");
    assert_fits(spec, &callback, &outgoing::json(&report), "the gaps report");
    assert_fits(spec, &edit, &outgoing::to_json(&outgoing::edit(reply)), "the deferred gaps report");
}
