//! What an interaction asks of the bot ([`Incoming`], read from serenity's interaction by
//! [`crate::frontend::discord::incoming`], or from a mention) and how the bot answers it
//! ([`respond`]). Answering in one place is what makes both Discord front ends give the same
//! answer to the same interaction.

use std::time::Instant;

use crate::Bot;
use crate::commands::knowledge::Edit;
use crate::commands::{Answer, Match, Outcome, Request, note};
use crate::feedback::{Filter, Record};
use crate::frontend::cooldown::Cooldown;
use crate::frontend::secret::Secret;
use crate::reply::text::{self, COLOUR_HELP};
use crate::reply::{Response, neutralise};

/// How the bot served an interaction: the core's [`Outcome`] of a request, or what happened
/// around the core. It is the `outcome` of the logs and of the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Served {
    Answered,
    Suggested,
    Declined,
    Refused,
    /// Refused by the per-user cooldown.
    RateLimited,
    /// Autocomplete choices.
    Autocomplete,
    /// Discord's PING answered.
    Pong,
    /// Not answered, or its answer not sent: an apology, a failed call to Discord.
    Failed,
}

impl Served {
    /// Every value, for the metrics' closed label set.
    pub const ALL: [Served; 8] = [
        Served::Answered,
        Served::Suggested,
        Served::Declined,
        Served::Refused,
        Served::RateLimited,
        Served::Autocomplete,
        Served::Pong,
        Served::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Served::Answered => "answered",
            Served::Suggested => "suggested",
            Served::Declined => "declined",
            Served::Refused => "refused",
            Served::RateLimited => "rate-limited",
            Served::Autocomplete => "autocomplete",
            Served::Pong => "pong",
            Served::Failed => "error",
        }
    }
}

impl std::fmt::Display for Served {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Outcome> for Served {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Answered => Served::Answered,
            Outcome::Suggested => Served::Suggested,
            Outcome::Declined => Served::Declined,
            Outcome::Refused => Served::Refused,
        }
    }
}

/// Discord's longest command name, so the longest an unknown one is echoed.
const MAX_COMMAND_NAME: usize = 32;

/// What an interaction asks of the bot.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// Discord checking the endpoint is alive.
    Ping,
    /// A command or a button click.
    Request(Request),
    /// The user is typing into an autocomplete option.
    Autocomplete { command: String, option: String, partial: String },
    /// A command this bot does not have (an old registration): answered with a note.
    UnknownCommand(String),
}

/// An interaction read, with who sent it and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    pub id: u64,
    /// Valid for 15 minutes to answer the interaction: a secret, never printed.
    pub token: Secret,
    pub application_id: u64,
    pub incoming: Incoming,
    pub user: Option<u64>,
    pub guild: Option<u64>,
    /// The command name, custom id or "ping", for logs and metrics.
    pub label: String,
}

/// What the bot does with an interaction: the response, and what the core made of the request
/// behind it (for logs, metrics and insights), if there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Handled {
    pub response: Response,
    pub findings: Option<Findings>,
    pub outcome: Served,
}

impl Handled {
    /// The response to a request the core answered, and the rest of its answer, moved apart.
    pub fn answered(answer: Answer, outcome: Served) -> Self {
        let Answer { response, matched, suggestions, outcome: _, record, report, edit } = answer;
        Handled { response, findings: Some(Findings { matched, suggestions, record, report, edit }), outcome }
    }

    /// The match score of the answer, for the metrics: the entry answered with, else the best
    /// suggestion.
    pub fn score(&self) -> Option<f32> {
        let findings = self.findings.as_ref()?;
        findings.matched.as_ref().or(findings.suggestions.first()).map(|m| m.score)
    }
}

/// What the core made of a request besides the response (which is [`Handled::response`]):
/// an [`Answer`] taken apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Findings {
    pub matched: Option<Match>,
    pub suggestions: Vec<Match>,
    pub record: Option<Record>,
    pub report: Option<Filter>,
    pub edit: Option<Edit>,
}

/// Answers an interaction. Both Discord front ends call this, which is why they answer alike.
/// Only answers that post a new public message count against the user's cooldown: private
/// answers, page turns, votes, deletes, autocomplete and pings do not.
pub fn respond(bot: &Bot, cooldown: &Cooldown, interaction: &Interaction, now: Instant) -> Handled {
    match &interaction.incoming {
        Incoming::Ping => Handled { response: Response::Pong, findings: None, outcome: Served::Pong },
        Incoming::Autocomplete { command, option, partial } => Handled {
            response: Response::Choices(bot.autocomplete(command, option, partial)),
            findings: None,
            outcome: Served::Autocomplete,
        },
        Incoming::UnknownCommand(name) => {
            // The name comes from the payload: cut to Discord's 32 characters and defused.
            let name = neutralise::neutralise(&neutralise::one_line(name), MAX_COMMAND_NAME);
            let answer = Answer::refusal(note(&text::unknown_command(&name), text::HELP_MENTION, COLOUR_HELP));
            Handled::answered(answer, Served::Refused)
        }
        Incoming::Request(request) => {
            let answer = bot.answer(request);
            // Only what posts a new public message spends the cooldown: page turns, votes,
            // deletes and private answers do not.
            let public = matches!(&answer.response, Response::Message(reply) if !reply.ephemeral);
            if let (true, Some(user)) = (public, request.context.invoker) {
                if let Err(wait) = cooldown.check(user, now) {
                    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                    return Handled {
                        response: note(&text::slow_down(seconds), "", COLOUR_HELP),
                        findings: None,
                        outcome: Served::RateLimited,
                    };
                }
            }
            let outcome = answer.outcome.into();
            Handled::answered(answer, outcome)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::{Action, Context, Request};

    #[test]
    fn regression_a_long_unknown_command_name_overflowed_the_title() {
        // A 10,000-character command name was echoed whole into the refusal's embed title.
        let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
        let cooldown = Cooldown::new(crate::frontend::cooldown::Rate::default());
        for name in ["x".repeat(10_000), "@everyone".to_owned()] {
            let i = Interaction {
                id: 1,
                token: Secret::new(""),
                application_id: 2,
                incoming: Incoming::UnknownCommand(name),
                user: None,
                guild: None,
                label: "unknown".to_owned(),
            };
            let handled = respond(&bot, &cooldown, &i, Instant::now());
            let reply = handled.response.reply().expect("a refusal");
            assert!(
                crate::reply::limits::violations(reply).is_empty(),
                "{:?}",
                crate::reply::limits::violations(reply)
            );
            assert!(!reply.embeds[0].title.contains("@everyone"), "{}", reply.embeds[0].title);
        }
    }

    #[test]
    fn commands_and_clicks_count_against_the_cooldown_autocomplete_does_not() {
        let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
        let cooldown = Cooldown::new("1/1m".parse().unwrap());
        let asked = |incoming| Interaction {
            id: 1,
            token: Secret::new(""),
            application_id: 2,
            incoming,
            user: Some(7),
            guild: None,
            label: String::new(),
        };
        let help = Request {
            action: Action::Run(crate::commands::Command::new(&crate::commands::help::SPEC)),
            context: Context { invoker: Some(7), guild: None, permissions: None },
            private: false,
        };
        let now = Instant::now();
        assert_eq!(respond(&bot, &cooldown, &asked(Incoming::Request(help.clone())), now).outcome, Served::Answered);
        let typing = Incoming::Autocomplete { command: "ask".into(), option: "question".into(), partial: "sal".into() };
        assert_eq!(respond(&bot, &cooldown, &asked(typing), now).outcome, Served::Autocomplete);
        assert_eq!(respond(&bot, &cooldown, &asked(Incoming::Request(help)), now).outcome, Served::RateLimited);
    }

    #[test]
    fn only_new_public_messages_spend_the_cooldown() {
        let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
        let cooldown = Cooldown::new("5/1m".parse().unwrap());
        let now = Instant::now();
        let asked = |request: Request| Interaction {
            id: 1,
            token: Secret::new(""),
            application_id: 2,
            incoming: Incoming::Request(request),
            user: Some(7),
            guild: Some(9),
            label: String::new(),
        };
        let context = Context { invoker: Some(7), guild: Some(9), permissions: None };
        let faq = crate::commands::Command::new(&crate::commands::faq::SPEC);
        let page = Request {
            action: Action::Click(crate::commands::CustomId::FaqPage { page: 2, owner: 7 }.to_string()),
            context,
            private: false,
        };
        let private = Request {
            action: Action::Run(crate::commands::Command::ask("how much does a senior backend developer earn")),
            context,
            private: true,
        };
        for _ in 0..6 {
            let turned = respond(&bot, &cooldown, &asked(page.clone()), now);
            assert_eq!(turned.outcome, Served::Answered, "a page turn is never rate-limited");
            assert!(matches!(turned.response, Response::Update(_)), "{:?}", turned.response);
            let alone = respond(&bot, &cooldown, &asked(private.clone()), now);
            assert_ne!(alone.outcome, Served::RateLimited, "a private answer is never rate-limited");
        }
        let public = Request { action: Action::Run(faq), context, private: false };
        let outcomes: Vec<_> = (0..6).map(|_| respond(&bot, &cooldown, &asked(public.clone()), now).outcome).collect();
        assert_eq!(
            outcomes,
            [
                Served::Answered,
                Served::Answered,
                Served::Answered,
                Served::Answered,
                Served::Answered,
                Served::RateLimited
            ]
        );
    }
}
