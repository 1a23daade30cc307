//! Property tests over arbitrary input: no panic, every reply within Discord's limits, no
//! unescaped mention, whatever people (or attackers) type.

use std::sync::OnceLock;

use career_bot::Bot;
use career_bot::commands::{Command, Request};
use career_bot::frontend::discord::outgoing;
use career_bot::reply::{Response, limits};
use proptest::prelude::*;

fn bot() -> &'static Bot {
    static BOT: OnceLock<Bot> = OnceLock::new();
    BOT.get_or_init(|| Bot::builtin().unwrap_or_else(|e| panic!("{e}")))
}

/// Hostile fragments mixed into generated input.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        Just("@everyone".to_owned()),
        Just("@here".to_owned()),
        Just("<@123456789012345678>".to_owned()),
        Just("<@&42>".to_owned()),
        Just("**bold** __u__ ~~s~~ `code` ||spoiler|| > quote".to_owned()),
        Just("\u{202E}\u{05D0}\u{05D1}\u{0627}".to_owned()),
        Just("😀👩‍💻🔥".to_owned()),
        Just("\u{0000}\u{001b}[31m\r\n\t".to_owned()),
        Just("salary senior".to_owned()),
        Just("   ".to_owned()),
        "[a-z ]{0,40}",
    ]
}

fn input() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(fragment(), 0..8).prop_map(|parts| parts.join(" ")),
        Just("x".repeat(10_000)),
        Just("é".repeat(10_000)),
        Just(String::new()),
    ]
}

fn check(request: Request) -> Result<(), TestCaseError> {
    let answer = bot().answer(&request);
    if let Some(reply) = answer.response.reply() {
        let problems = limits::violations(reply);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let data = outgoing::json(&Response::Message(reply.clone()))["data"].clone();
        let allowed = &data["allowed_mentions"];
        prop_assert_eq!(&allowed["parse"], &serde_json::json!([]));
        prop_assert!(allowed.get("roles").is_none_or(|r| r == &serde_json::json!([])), "{}", allowed);
        let text = data.to_string();
        for mention in ["@everyone", "@here", "<@&"] {
            prop_assert!(!text.contains(mention), "{} in {}", mention, text);
        }
        // A user mention may appear only for the `for:` target.
        let allowed_users = allowed["users"].as_array().map(|u| u.len()).unwrap_or(0);
        prop_assert!(text.matches("<@").count() <= allowed_users, "{}", text);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_question_gets_a_safe_reply(q in input()) {
        check(Request::by(Command::ask(&q), 1))?;
    }

    #[test]
    fn any_option_value_gets_a_safe_reply(v in input()) {
        check(Request::new(Command::new(&career_bot::commands::salary::SPEC).with("level", v.clone())))?;
        check(Request::new(Command::new(&career_bot::commands::roadmap::SPEC).with("topic", v.clone())))?;
        check(Request::new(Command::new(&career_bot::commands::role::SPEC).with("level", v)))?;
    }

    #[test]
    fn any_button_id_gets_a_safe_reply(id in input(), user in any::<u64>()) {
        check(Request::new_click(&id, user))?;
    }

    #[test]
    fn any_autocomplete_input_keeps_limits(partial in input()) {
        let choices = bot().autocomplete("ask", "question", &partial);
        prop_assert!(limits::choice_violations(&choices).is_empty());
        for choice in &choices {
            prop_assert!(!choice.name.contains("@everyone"));
        }
    }

    #[test]
    fn matching_is_deterministic(q in input()) {
        prop_assert_eq!(bot().matcher().ask(&q), bot().matcher().ask(&q));
    }
}
