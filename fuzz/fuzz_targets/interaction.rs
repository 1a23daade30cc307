//! Arbitrary bytes as the body of an interaction request: JSON parsing, interaction parsing,
//! answering and rendering the wire JSON never panic, every reply fits Discord's limits, the
//! endpoint reads the same interaction from the text (`parse_slice`) as the gateway from its
//! JSON value (`parse`), and the endpoint's bytes (`wire::to_vec`) are those of the gateway's
//! JSON value (`wire::response`).

#![no_main]

use std::sync::OnceLock;
use std::time::Instant;

use career_bot::Bot;
use career_bot::frontend::cooldown::{Cooldown, Rate};
use career_bot::frontend::interaction;
use career_bot::reply::{limits, wire};
use libfuzzer_sys::fuzz_target;

fn bot() -> &'static Bot {
    static BOT: OnceLock<Bot> = OnceLock::new();
    BOT.get_or_init(|| Bot::builtin().expect("the built-in knowledge loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let parsed = interaction::parse(&value);
    // The HTTP endpoint reads the text without building a `Value`: the same interaction.
    assert_eq!(interaction::parse_slice(data), parsed);
    let Ok(parsed) = parsed else { return };
    // A fresh cooldown each run: a shared one would rate-limit every later input of a user.
    let cooldown = Cooldown::new(Rate::default());
    let handled = interaction::respond(bot(), &cooldown, &parsed, Instant::now());
    if let Some(reply) = handled.response.reply() {
        let problems = limits::violations(reply);
        assert!(problems.is_empty(), "{parsed:?}: {problems:?}");
    }
    if let career_bot::reply::Response::Choices(choices) = &handled.response {
        assert!(limits::choice_violations(choices).is_empty(), "{choices:?}");
    }
    let tree = wire::response(&handled.response).to_string();
    assert_eq!(String::from_utf8_lossy(&wire::to_vec(&handled.response)), tree);
});
