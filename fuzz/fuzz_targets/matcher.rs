//! Arbitrary questions against the built-in knowledge: matching, autocomplete and whole
//! answers never panic, and every reply fits Discord's limits.

#![no_main]

use std::sync::OnceLock;

use career_bot::Bot;
use career_bot::commands::{Command, Request};
use career_bot::knowledge::Kind;
use career_bot::reply::limits;
use libfuzzer_sys::fuzz_target;

fn bot() -> &'static Bot {
    static BOT: OnceLock<Bot> = OnceLock::new();
    BOT.get_or_init(|| Bot::builtin().expect("the built-in knowledge loads"))
}

fn check(request: Request) {
    let answer = bot().answer(&request);
    if let Some(reply) = answer.response.reply() {
        let problems = limits::violations(reply);
        assert!(problems.is_empty(), "{request:?}: {problems:?}");
    }
}

fuzz_target!(|query: &str| {
    let bot = bot();
    let matcher = bot.matcher();
    let _ = matcher.ask(query);
    let _ = matcher.autocomplete(query, limits::CHOICES);
    for kind in [Kind::Faq, Kind::Salary, Kind::Role, Kind::Topic] {
        let _ = matcher.find_in(kind, query);
    }
    check(Request::by(Command::ask(&query).with("for", career_bot::commands::Value::User(1)), 2));
    check(Request::new(Command::new(&career_bot::commands::salary::SPEC).with("level", query)));
    check(Request::new(Command::new(&career_bot::commands::roadmap::SPEC).with("topic", query)));
    check(Request::new(Command::new(&career_bot::commands::role::SPEC).with("level", query)));
    check(Request::new_click(query, 2));
    for (command, option) in [("ask", "question"), ("salary", "level"), ("roadmap", "topic"), ("role", "level")] {
        let choices = bot.autocomplete(command, option, query);
        assert!(limits::choice_violations(&choices).is_empty(), "{command} {option}: {choices:?}");
    }
});
