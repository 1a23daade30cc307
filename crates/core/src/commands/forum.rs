//! Forum posts: the one suggestion the bot posts in a new post of a forum it watches, only when
//! it is sure what the post asks, and the form that suggestion takes once the member who opened
//! the post says it answers it. The suggestion's buttons ([`CustomId::Solved`] and
//! [`CustomId::NotIt`], usable by that member only) are answered in [`super::button`]; which
//! forums are watched, and when a post is new, is the gateway's business.

use super::sources::{Provenance, cite};
use super::{Answer, CustomId, Outcome, ask, entry_embed};
use crate::Bot;
use crate::knowledge::EntryRef;
use crate::reply::text;
use crate::reply::{Button, ButtonStyle, Reply, Response};

/// The suggestion for a post titled `title`, opened by `owner`: the answer `/ask` would give,
/// with "That answers it" and "Not it" for `owner`, pinging nobody. `None` unless the matcher
/// is sure (an unsure or declined post gets nothing: a wrong guess in someone's post is noise).
pub fn suggestion(bot: &Bot, title: &str, owner: u64) -> Option<Answer> {
    let mut answer = ask::answer(bot, title, None, Some(owner));
    if answer.outcome != Outcome::Answered {
        return None;
    }
    let entry = answer.matched.as_ref()?.entry.clone();
    let Response::Message(reply) = &mut answer.response else { return None };
    reply.content = Some(text::FORUM_SUGGESTION.to_owned());
    reply.rows = vec![buttons(&entry, owner)];
    reply.ephemeral = false;
    reply.mention = None;
    Some(answer)
}

/// "That answers it" and "Not it" for `entry`, for `owner`.
pub fn buttons(entry: &EntryRef, owner: u64) -> Vec<Button> {
    vec![
        Button {
            label: text::FORUM_SOLVED_LABEL.to_owned(),
            custom_id: CustomId::Solved { entry: entry.clone(), owner }.to_string(),
            style: ButtonStyle::Success,
            disabled: false,
        },
        Button {
            label: text::FORUM_NOT_IT_LABEL.to_owned(),
            custom_id: CustomId::NotIt { entry: entry.clone(), owner }.to_string(),
            style: ButtonStyle::Secondary,
            disabled: false,
        },
    ]
}

/// The suggestion once its post's owner said it answers the post: the entry, a line saying
/// so, and no buttons left to click. `None` when the entry is gone (a reload removed it).
pub fn solved(bot: &Bot, entry: &EntryRef) -> Option<Reply> {
    let mut embed = entry_embed(bot, entry)?;
    cite(&mut embed, &Provenance::of(bot.knowledge(), [entry.clone()]));
    Some(Reply { content: Some(text::FORUM_SOLVED.to_owned()), embeds: vec![embed], ..Reply::default() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::{Context, Request, button};
    use crate::feedback::{Record, Vote};

    fn bot() -> Bot {
        Bot::builtin().unwrap_or_else(|e| panic!("{e}"))
    }

    /// A title the built-in knowledge is sure about.
    const SURE: &str = "how much does a senior backend developer earn in india?";

    #[test]
    fn a_post_the_matcher_is_sure_about_gets_the_answer_with_the_two_buttons_for_its_owner() {
        let bot = bot();
        let answer = suggestion(&bot, SURE, 77).expect("a suggestion");
        assert_eq!(answer.outcome, Outcome::Answered);
        let entry = answer.matched.clone().expect("an entry").entry;
        let Response::Message(reply) = &answer.response else { panic!("a message") };
        assert!(!reply.ephemeral);
        assert_eq!(reply.mention, None, "pings nobody");
        assert_eq!(reply.content.as_deref(), Some(text::FORUM_SUGGESTION));
        assert!(crate::reply::limits::violations(reply).is_empty(), "{:?}", crate::reply::limits::violations(reply));
        let ids: Vec<&str> = reply.rows.iter().flatten().map(|b| b.custom_id.as_str()).collect();
        let solved = CustomId::Solved { entry: entry.clone(), owner: 77 }.to_string();
        let not_it = CustomId::NotIt { entry: entry.clone(), owner: 77 }.to_string();
        assert_eq!(ids, [solved.as_str(), not_it.as_str()]);
        let asked = bot.answer(&Request::by(crate::commands::Command::ask(SURE), 77));
        let Response::Message(asked) = asked.response else { panic!("a message") };
        assert_eq!(reply.embeds, asked.embeds, "the same answer /ask gives");
    }

    #[test]
    fn a_post_the_matcher_is_unsure_about_or_declines_gets_nothing() {
        let bot = bot();
        for title in ["what is the weather in paris", "developer salary", "", "   "] {
            let asked = ask::answer(&bot, title, None, None);
            assert_ne!(asked.outcome, Outcome::Answered, "{title} is no longer a test of this");
            assert!(suggestion(&bot, title, 77).is_none(), "{title}");
        }
    }

    #[test]
    fn that_answers_it_is_a_thumbs_up_by_the_owner_and_leaves_no_buttons() {
        let bot = bot();
        let suggested = suggestion(&bot, SURE, 77).expect("a suggestion");
        let entry = suggested.matched.clone().expect("an entry").entry;
        let clicked = button::run(
            &bot,
            &CustomId::Solved { entry: entry.clone(), owner: 77 }.to_string(),
            &Context { invoker: Some(77), ..Context::default() },
        );
        assert_eq!(clicked.record, Some(Record::Vote { entry: entry.clone(), vote: Vote::Up }));
        let Response::Update(reply) = &clicked.response else { panic!("an update: {:?}", clicked.response) };
        assert!(reply.rows.is_empty(), "nothing left to click");
        assert_eq!(reply.content.as_deref(), Some(text::FORUM_SOLVED));
        let shown = suggested.response.reply().expect("a message");
        assert_eq!(reply.embeds[0].title, shown.embeds[0].title, "the same entry");
    }

    #[test]
    fn not_it_is_a_thumbs_down_by_the_owner_and_deletes_the_suggestion() {
        let bot = bot();
        let entry = suggestion(&bot, SURE, 77).and_then(|a| a.matched).expect("a suggestion").entry;
        let clicked = button::run(
            &bot,
            &CustomId::NotIt { entry: entry.clone(), owner: 77 }.to_string(),
            &Context { invoker: Some(77), ..Context::default() },
        );
        assert_eq!(clicked.record, Some(Record::Vote { entry, vote: Vote::Down }));
        assert_eq!(clicked.response, Response::Delete);
    }

    #[test]
    fn only_the_member_who_opened_the_post_can_click_either_button() {
        let bot = bot();
        let entry = suggestion(&bot, SURE, 77).and_then(|a| a.matched).expect("a suggestion").entry;
        for id in
            [CustomId::Solved { entry: entry.clone(), owner: 77 }, CustomId::NotIt { entry: entry.clone(), owner: 77 }]
        {
            let clicked = button::run(&bot, &id.to_string(), &Context { invoker: Some(78), ..Context::default() });
            assert_eq!(clicked.outcome, Outcome::Refused, "{id}");
            assert_eq!(clicked.record, None, "{id}: no vote");
            let Response::Message(reply) = &clicked.response else { panic!("a note") };
            assert!(reply.ephemeral);
            assert_eq!(reply.embeds[0].title, text::FORUM_NOT_YOURS);
        }
    }

    #[test]
    fn a_suggestion_of_an_entry_removed_since_is_still_dismissed_without_a_vote() {
        let bot = bot();
        let gone = EntryRef::new(crate::knowledge::Kind::Faq, "removed-since");
        let clicked = button::run(
            &bot,
            &CustomId::NotIt { entry: gone.clone(), owner: 77 }.to_string(),
            &Context { invoker: Some(77), ..Context::default() },
        );
        assert_eq!((clicked.response, clicked.record), (Response::Delete, None));
        let clicked = button::run(
            &bot,
            &CustomId::Solved { entry: gone, owner: 77 }.to_string(),
            &Context { invoker: Some(77), ..Context::default() },
        );
        assert_eq!(clicked.record, None);
        assert_eq!(clicked.response.reply().map(|r| r.embeds[0].title.as_str()), Some(text::STALE_BUTTON));
    }
}
