//! The optional reason of a 👎: the one-line form the 👎 button opens ([`modal`]), and what its
//! submission records ([`submitted`]). The vote itself is recorded by the click, so a form
//! closed without sending still counts the 👎; the reason is kept without who wrote it.

use super::{Answer, CustomId, matched, note};
use crate::Bot;
use crate::feedback::record::{MAX_REASON, Record, reason_text};
use crate::knowledge::EntryRef;
use crate::reply::text::{self, COLOUR_HELP};
use crate::reply::{Modal, TextInput};

/// The input's id, as the submission names it.
pub const REASON: &str = "reason";

/// The form asking what was wrong with the answer showing `entry`.
pub fn modal(entry: &EntryRef) -> Modal {
    Modal {
        custom_id: CustomId::Reason { entry: entry.clone() }.to_string(),
        title: text::REASON_FORM_TITLE.to_owned(),
        inputs: vec![TextInput {
            id: REASON.to_owned(),
            label: text::REASON_LABEL.to_owned(),
            long: false,
            required: false,
            max_length: MAX_REASON as u16,
            placeholder: Some(text::REASON_HINT.to_owned()),
            value: None,
        }],
    }
}

/// A sent reason form: thanks, and the reason to record when something worth keeping was
/// written about an entry the bot still has.
pub fn submitted(bot: &Bot, entry: &EntryRef, fields: &[(String, String)]) -> Answer {
    let typed = fields.iter().find(|(name, _)| name == REASON).map_or("", |(_, value)| value.as_str());
    let reason = reason_text(typed);
    let known = bot.knowledge().contains(entry);
    Answer {
        record: (known && !reason.is_empty()).then(|| Record::Reason { entry: entry.clone(), text: reason }),
        matched: known.then(|| matched(bot, entry, 1.0)),
        ..Answer::plain(note(text::REASON_THANKS, text::REASON_THANKS_DETAIL, COLOUR_HELP))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::{Context, Request, Response};
    use crate::feedback::Vote;
    use crate::knowledge::Kind;
    use crate::reply::limits;

    fn bot() -> Bot {
        Bot::builtin().unwrap_or_else(|e| panic!("{e}"))
    }

    fn some_entry(bot: &Bot) -> EntryRef {
        bot.knowledge().entries().into_iter().find(|e| e.kind == Kind::Faq).expect("the built-in knowledge has FAQs")
    }

    fn submit(bot: &Bot, custom_id: &str, reason: &str) -> Answer {
        let fields = vec![(REASON.to_owned(), reason.to_owned())];
        crate::commands::submit::run(bot, custom_id, &fields, &Context { invoker: Some(7), ..Context::default() })
    }

    #[test]
    fn a_thumbs_down_records_the_vote_and_opens_the_reason_form() {
        let bot = bot();
        let entry = some_entry(&bot);
        let id = CustomId::Vote { vote: Vote::Down, entry: entry.clone() }.to_string();
        let answer = bot.answer(&Request::new_click(&id, 7));
        assert_eq!(answer.record, Some(Record::Vote { entry: entry.clone(), vote: Vote::Down }));
        let Response::Modal(form) = &answer.response else { panic!("a form, not {:?}", answer.response) };
        assert_eq!(form.custom_id, format!("why:{entry}"));
        assert!(limits::modal_violations(form).is_empty(), "{:?}", limits::modal_violations(form));
        assert_eq!(form.inputs.len(), 1);
        assert!(!form.inputs[0].required && !form.inputs[0].long);
        assert_eq!(form.inputs[0].label, text::REASON_LABEL);
    }

    #[test]
    fn a_thumbs_up_is_thanked_as_before() {
        let bot = bot();
        let entry = some_entry(&bot);
        let id = CustomId::Vote { vote: Vote::Up, entry: entry.clone() }.to_string();
        let answer = bot.answer(&Request::new_click(&id, 7));
        assert_eq!(answer.record, Some(Record::Vote { entry, vote: Vote::Up }));
        let reply = answer.response.reply().expect("a message");
        assert!(reply.ephemeral);
        assert_eq!(reply.embeds[0].title, text::VOTE_THANKS);
    }

    #[test]
    fn a_sent_reason_is_recorded_cleaned_and_thanked() {
        let bot = bot();
        let entry = some_entry(&bot);
        let answer = submit(&bot, &format!("why:{entry}"), "  The **link** is dead, ask @everyone 123456789012  ");
        assert_eq!(answer.record, Some(Record::Reason { entry, text: "the link is dead ask everyone".to_owned() }));
        let reply = answer.response.reply().expect("a message");
        assert!(reply.ephemeral);
        assert_eq!(reply.embeds[0].title, text::REASON_THANKS);
    }

    #[test]
    fn an_empty_reason_records_nothing() {
        let bot = bot();
        let entry = some_entry(&bot);
        for empty in ["", "   ", "*** !!"] {
            let answer = submit(&bot, &format!("why:{entry}"), empty);
            assert_eq!(answer.record, None, "{empty:?}");
            assert!(answer.response.reply().is_some_and(|r| r.ephemeral));
        }
        let none = crate::commands::submit::run(&bot, &format!("why:{entry}"), &[], &Context::default());
        assert_eq!(none.record, None);
    }

    #[test]
    fn a_reason_about_an_entry_gone_since_records_nothing() {
        let answer = submit(&bot(), "why:faq:no-such-entry", "it was wrong");
        assert_eq!(answer.record, None);
    }
}
