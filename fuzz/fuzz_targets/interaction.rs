//! Arbitrary bytes as the body of an interaction request: reading them into serenity's
//! `Interaction` as the HTTP endpoint does, reading that as a request (`incoming::read`),
//! answering and building serenity's response never panic, every reply fits Discord's limits,
//! and the endpoint's bytes (`outgoing::bytes`) are the JSON the gateway sends
//! (`outgoing::json`).

#![no_main]

use std::sync::OnceLock;
use std::time::Instant;

use career_bot::Bot;
use career_bot::frontend::cooldown::{Cooldown, Rate};
use career_bot::frontend::discord::{incoming, outgoing};
use career_bot::frontend::interaction;
use career_bot::reply::limits;
use libfuzzer_sys::fuzz_target;
use serenity::model::application::Interaction;

fn bot() -> &'static Bot {
    static BOT: OnceLock<Bot> = OnceLock::new();
    BOT.get_or_init(|| Bot::builtin().expect("the built-in knowledge loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(received) = serde_json::from_slice::<Interaction>(data) else { return };
    let Ok(parsed) = incoming::read(&received) else { return };
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
    let sent = outgoing::bytes(&outgoing::interaction_response(&handled.response));
    let tree = serde_json::from_slice::<serde_json::Value>(&sent).expect("the endpoint sends JSON");
    assert_eq!(tree, outgoing::json(&handled.response));
});
