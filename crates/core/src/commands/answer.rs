//! "Answer with career-bot", on a message's menu (Apps): answers that message's text as `/ask`
//! would, in the channel, addressed to the message's author (mentioning only them) with a
//! link to their message. Members use it to answer a newcomer without retyping the question.
//! In the terminal: `career-bot answer TEXT [--author ID] [--link URL]`.

use super::spec::no_samples;
use super::{Answer, Args, CommandSpec, Context, Invoked, OptionKind, OptionSpec, Reach, ask, note};
use crate::Bot;
use crate::reply::Response;
use crate::reply::text::{self, COLOUR_HELP};

/// The message's text.
pub const TEXT: &str = "text";
/// Who wrote the message: the answer is addressed to them.
pub const AUTHOR: &str = "author";
/// Where the message is (`https://discord.com/channels/...`).
pub const LINK: &str = "link";

/// Discord's longest message.
const MAX_MESSAGE: u16 = 4000;

pub const SPEC: CommandSpec = CommandSpec {
    name: "answer",
    invoked: Invoked::Message { label: "Answer with career-bot" },
    description: "Answers the message's question as /ask would, addressed to its author",
    options: &[
        OptionSpec {
            name: TEXT,
            description: "The message's text",
            kind: OptionKind::Text { max_length: MAX_MESSAGE, autocomplete: false },
            required: true,
        },
        OptionSpec { name: AUTHOR, description: "Who wrote it", kind: OptionKind::User, required: false },
        OptionSpec {
            name: LINK,
            description: "Where it is",
            kind: OptionKind::Text { max_length: 200, autocomplete: false },
            required: false,
        },
    ],
    examples: &[],
    member_permissions: None,
    reach: Reach::ANYWHERE,
    rated: true,
    run,
    samples: no_samples,
};

fn run(bot: &Bot, args: &Args, context: &Context) -> Answer {
    let question = args.text(TEXT).unwrap_or_default();
    if question.trim().is_empty() {
        return Answer::refusal(note(text::NO_MESSAGE_TEXT, text::NO_MESSAGE_TEXT_DETAIL, COLOUR_HELP));
    }
    let mut answer = ask::answer(bot, question, args.user(AUTHOR), context.invoker);
    // Only Discord's own message links are echoed (the link is built by the front end).
    let link =
        args.text(LINK).filter(|l| l.starts_with("https://discord.com/channels/") && !l.contains(char::is_whitespace));
    if let (Response::Message(reply), Some(link)) = (&mut answer.response, link) {
        reply.content = Some(match reply.content.take() {
            Some(line) => format!("{line} {link}"),
            None => link.to_owned(),
        });
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::{Command, Outcome, Request};

    fn answered(text: &str, author: Option<u64>) -> crate::commands::Answer {
        let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
        let mut command = Command::new(&SPEC).with(TEXT, text).with(LINK, "https://discord.com/channels/1/2/3");
        if let Some(author) = author {
            command = command.with(AUTHOR, crate::commands::Value::User(author));
        }
        bot.answer(&Request::by(command, 9))
    }

    #[test]
    fn a_message_is_answered_publicly_for_its_author_with_a_link_to_it() {
        let answer = answered("hey, how much does a senior backend developer earn in india?", Some(77));
        assert_eq!(answer.outcome, Outcome::Answered, "{answer:?}");
        let Response::Message(reply) = &answer.response else { panic!("a message") };
        assert!(!reply.ephemeral, "in the channel");
        assert_eq!(reply.mention, Some(77), "only the author is mentioned");
        let content = reply.content.as_deref().unwrap_or_default();
        assert!(content.starts_with(&text::for_user(77)), "{content}");
        assert!(content.ends_with("https://discord.com/channels/1/2/3"), "{content}");
    }

    #[test]
    fn a_message_without_text_is_answered_privately_with_why() {
        for empty in ["", "   "] {
            let answer = answered(empty, Some(77));
            let Response::Message(reply) = &answer.response else { panic!("a message") };
            assert!(reply.ephemeral);
            assert_eq!(reply.embeds[0].title, text::NO_MESSAGE_TEXT);
            assert_eq!(reply.mention, None);
        }
    }
}
