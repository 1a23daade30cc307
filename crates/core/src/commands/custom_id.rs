//! [`CustomId`]: every button the bot sends, as one typed value. The id is the whole state
//! (any replica can answer a click), written by [`Display`] and read back by [`FromStr`]:
//!
//! - `show:<kind>:<id>:<owner>`: "did you mean" → show that entry.
//! - `faq:<page>:<owner>`: turn the FAQ list to a page (owner only).
//! - `del:<owner>`: delete the answer (owner only).
//! - `post:<kind>:<id>:<owner>`: post a private answer showing that entry in the channel,
//!   credited to its owner (owner only). At most 5 + 6 + 60 + 20 + 3 = 94 characters.
//! - `vote:<up|down>:<kind>:<id>`: rate the answer showing that entry (anyone who sees it). At
//!   most `vote:down:` + the longest kind + `:` + a 60-character id = 77 characters, within
//!   Discord's 100.
//! - `solved:<kind>:<id>:<owner>`: "That answers it" on the suggestion in a forum post: a 👍 for
//!   that entry, by the member who opened the post (owner only). At most 7 + 7 + 61 + 20 = 95.
//! - `notit:<kind>:<id>:<owner>`: "Not it" on the same suggestion: a 👎 for that entry, and the
//!   suggestion is deleted (owner only). At most 94 characters.
//!
//! - `kb:add` and `kb:edit:<id>`: the `/knowledge` form, for a new entry or the server's entry
//!   `<id>` (a modal's id: only the member it was shown to can submit it).
//! - `kb:rm:<id>:<owner>`: confirm the removal of the server's entry `<id>` (owner only).
//! - `write:<question>`: "Write an answer" to a question of the gaps report: the form, with the
//!   question filled in (cut to fit the id's 100 characters).
//! - `why:<kind>:<id>`: the optional reason of a 👎 on the answer showing that entry (a modal's id).
//!
//! An owner of 0 means anyone (replies drawn in the terminal have no user).

use std::fmt;
use std::str::FromStr;

use crate::feedback::Vote;
use crate::knowledge::EntryRef;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomId {
    Show { entry: EntryRef, owner: u64 },
    FaqPage { page: usize, owner: u64 },
    Delete { owner: u64 },
    Vote { vote: Vote, entry: EntryRef },
    Post { entry: EntryRef, owner: u64 },
    KnowledgeAdd,
    KnowledgeEdit { id: String },
    KnowledgeRemove { id: String, owner: u64 },
    WriteAnswer { question: String },
    Reason { entry: EntryRef },
    Solved { entry: EntryRef, owner: u64 },
    NotIt { entry: EntryRef, owner: u64 },
}

/// The longest question a "Write an answer" id carries: the id's 100 characters less `write:`.
pub const WRITE_QUESTION: usize = crate::reply::limits::CUSTOM_ID - "write:".len();

impl CustomId {
    /// Who may click it: `None` for anyone.
    pub fn owner(&self) -> Option<u64> {
        match self {
            CustomId::Show { owner, .. }
            | CustomId::FaqPage { owner, .. }
            | CustomId::Delete { owner }
            | CustomId::Post { owner, .. }
            | CustomId::KnowledgeRemove { owner, .. }
            | CustomId::Solved { owner, .. }
            | CustomId::NotIt { owner, .. } => Some(*owner).filter(|&o| o != 0),
            CustomId::Vote { .. }
            | CustomId::KnowledgeAdd
            | CustomId::KnowledgeEdit { .. }
            | CustomId::WriteAnswer { .. }
            | CustomId::Reason { .. } => None,
        }
    }

    /// The button's kind, for logs and metrics (`show`, `faq`, `del`, `vote`, `post`, `solved`,
    /// `notit`).
    pub fn kind(&self) -> &'static str {
        match self {
            CustomId::Show { .. } => "show",
            CustomId::FaqPage { .. } => "faq",
            CustomId::Delete { .. } => "del",
            CustomId::Vote { .. } => "vote",
            CustomId::Post { .. } => "post",
            CustomId::KnowledgeAdd => "kb-add",
            CustomId::KnowledgeEdit { .. } => "kb-edit",
            CustomId::KnowledgeRemove { .. } => "kb-rm",
            CustomId::WriteAnswer { .. } => "write",
            CustomId::Reason { .. } => "why",
            CustomId::Solved { .. } => "solved",
            CustomId::NotIt { .. } => "notit",
        }
    }
}

impl fmt::Display for CustomId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CustomId::Show { entry, owner } => write!(f, "show:{}:{}:{owner}", entry.kind, entry.id),
            CustomId::FaqPage { page, owner } => write!(f, "faq:{page}:{owner}"),
            CustomId::Delete { owner } => write!(f, "del:{owner}"),
            CustomId::Vote { vote, entry } => write!(f, "vote:{}:{}:{}", vote.as_str(), entry.kind, entry.id),
            CustomId::Post { entry, owner } => write!(f, "post:{}:{}:{owner}", entry.kind, entry.id),
            CustomId::KnowledgeAdd => write!(f, "kb:add"),
            CustomId::KnowledgeEdit { id } => write!(f, "kb:edit:{id}"),
            CustomId::KnowledgeRemove { id, owner } => write!(f, "kb:rm:{id}:{owner}"),
            CustomId::WriteAnswer { question } => write!(f, "write:{question}"),
            CustomId::Reason { entry } => write!(f, "why:{}:{}", entry.kind, entry.id),
            CustomId::Solved { entry, owner } => write!(f, "solved:{}:{}:{owner}", entry.kind, entry.id),
            CustomId::NotIt { entry, owner } => write!(f, "notit:{}:{}:{owner}", entry.kind, entry.id),
        }
    }
}

/// A custom id this bot never sent (an old or forged button).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a button of this bot")]
pub struct UnknownButton;

impl FromStr for CustomId {
    type Err = UnknownButton;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some(question) = text.strip_prefix("write:") {
            // The question is the rest of the id, colons and all.
            let fits = !question.trim().is_empty() && question.chars().count() <= WRITE_QUESTION;
            return if fits { Ok(CustomId::WriteAnswer { question: question.to_owned() }) } else { Err(UnknownButton) };
        }
        let parts: Vec<&str> = text.split(':').collect();
        let entry = |kind: &str, id: &str| format!("{kind}:{id}").parse::<EntryRef>().map_err(|_| UnknownButton);
        let number = |n: &str| n.parse::<u64>().map_err(|_| UnknownButton);
        // A server's entry id, as `server::id_for` makes them.
        let own = |id: &str| {
            let made = !id.is_empty()
                && id.len() <= crate::knowledge::validate::MAX_ID
                && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if made { Ok(id.to_owned()) } else { Err(UnknownButton) }
        };
        Ok(match parts.as_slice() {
            ["show", kind, id, owner] => CustomId::Show { entry: entry(kind, id)?, owner: number(owner)? },
            ["faq", page, owner] => {
                CustomId::FaqPage { page: page.parse().map_err(|_| UnknownButton)?, owner: number(owner)? }
            }
            ["del", owner] => CustomId::Delete { owner: number(owner)? },
            ["post", kind, id, owner] => CustomId::Post { entry: entry(kind, id)?, owner: number(owner)? },
            ["kb", "add"] => CustomId::KnowledgeAdd,
            ["kb", "edit", id] => CustomId::KnowledgeEdit { id: own(id)? },
            ["kb", "rm", id, owner] => CustomId::KnowledgeRemove { id: own(id)?, owner: number(owner)? },
            ["why", kind, id] => CustomId::Reason { entry: entry(kind, id)? },
            ["solved", kind, id, owner] => CustomId::Solved { entry: entry(kind, id)?, owner: number(owner)? },
            ["notit", kind, id, owner] => CustomId::NotIt { entry: entry(kind, id)?, owner: number(owner)? },
            ["vote", vote, kind, id] => {
                CustomId::Vote { vote: Vote::parse(vote).ok_or(UnknownButton)?, entry: entry(kind, id)? }
            }
            _ => return Err(UnknownButton),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Kind;
    use proptest::prelude::*;

    fn entry() -> impl Strategy<Value = EntryRef> {
        (
            prop_oneof![Just(Kind::Faq), Just(Kind::Salary), Just(Kind::Role), Just(Kind::Topic)],
            "[a-z0-9]([a-z0-9-]{0,58}[a-z0-9])?",
        )
            .prop_map(|(kind, id)| EntryRef::new(kind, id))
    }

    fn custom_id() -> impl Strategy<Value = CustomId> {
        prop_oneof![
            (entry(), any::<u64>()).prop_map(|(entry, owner)| CustomId::Show { entry, owner }),
            (any::<usize>(), any::<u64>()).prop_map(|(page, owner)| CustomId::FaqPage { page, owner }),
            any::<u64>().prop_map(|owner| CustomId::Delete { owner }),
            (prop_oneof![Just(Vote::Up), Just(Vote::Down)], entry())
                .prop_map(|(vote, entry)| CustomId::Vote { vote, entry }),
            (entry(), any::<u64>()).prop_map(|(entry, owner)| CustomId::Post { entry, owner }),
            Just(CustomId::KnowledgeAdd),
            entry().prop_map(|e| CustomId::KnowledgeEdit { id: e.id }),
            (entry(), any::<u64>()).prop_map(|(e, owner)| CustomId::KnowledgeRemove { id: e.id, owner }),
            "[ -~]{0,93}[a-z?]".prop_map(|question| CustomId::WriteAnswer { question }),
            entry().prop_map(|entry| CustomId::Reason { entry }),
            (entry(), any::<u64>()).prop_map(|(entry, owner)| CustomId::Solved { entry, owner }),
            (entry(), any::<u64>()).prop_map(|(entry, owner)| CustomId::NotIt { entry, owner }),
        ]
    }

    proptest! {
        #[test]
        fn every_custom_id_round_trips(id in custom_id()) {
            let text = id.to_string();
            prop_assert!(text.len() <= 100, "{text} is over Discord's 100 characters");
            prop_assert_eq!(text.parse::<CustomId>(), Ok(id));
        }
    }

    #[test]
    fn the_wire_forms_are_those_sent_before() {
        let faq = EntryRef::new(Kind::Faq, "sql-vs-nosql");
        assert_eq!(CustomId::Show { entry: faq.clone(), owner: 7 }.to_string(), "show:faq:sql-vs-nosql:7");
        assert_eq!(CustomId::FaqPage { page: 2, owner: 7 }.to_string(), "faq:2:7");
        assert_eq!(CustomId::Delete { owner: 7 }.to_string(), "del:7");
        assert_eq!(CustomId::Vote { vote: Vote::Down, entry: faq.clone() }.to_string(), "vote:down:faq:sql-vs-nosql");
        assert_eq!(CustomId::Solved { entry: faq.clone(), owner: 7 }.to_string(), "solved:faq:sql-vs-nosql:7");
        assert_eq!(CustomId::NotIt { entry: faq, owner: 7 }.to_string(), "notit:faq:sql-vs-nosql:7");
    }

    #[test]
    fn the_longest_forum_buttons_fit_discords_100_characters() {
        let id = "a".repeat(60);
        for kind in [Kind::Faq, Kind::Salary, Kind::Role, Kind::Topic] {
            let entry = EntryRef::new(kind, id.clone());
            for button in
                [CustomId::Solved { entry: entry.clone(), owner: u64::MAX }, CustomId::NotIt { entry, owner: u64::MAX }]
            {
                assert!(button.to_string().len() <= 100, "{button}");
            }
        }
    }

    #[test]
    fn ids_the_bot_never_sent_are_unknown() {
        for text in [
            "",
            "show",
            "show:faq:x",
            "show:planet:x:1",
            "faq:x:1",
            "faq:1:-1",
            "del:me",
            "vote:sideways:faq:x",
            "del:1:2",
            "post:faq:x",
            "post:faq:x:me",
            "kb",
            "kb:add:1",
            "kb:edit",
            "kb:edit:Not An Id",
            "kb:rm:jobs",
            "kb:rm:jobs:me",
            "write:",
            "write:   ",
            "why:faq",
            "why:planet:x",
            "solved:faq:x",
            "solved:planet:x:1",
            "solved:faq:x:me",
            "solved:faq:x:1:2",
            "notit:faq:x",
            "notit:faq::1",
            "notit:faq:x:-1",
            "notit",
        ] {
            assert_eq!(text.parse::<CustomId>(), Err(UnknownButton), "{text}");
        }
    }

    #[test]
    fn a_question_too_long_for_the_id_is_not_a_button_of_this_bot() {
        let longest = "q".repeat(WRITE_QUESTION);
        let id = CustomId::WriteAnswer { question: longest.clone() };
        assert_eq!(id.to_string().len(), crate::reply::limits::CUSTOM_ID);
        assert_eq!(format!("write:{longest}").parse::<CustomId>(), Ok(id));
        assert_eq!(format!("write:{longest}q").parse::<CustomId>(), Err(UnknownButton));
    }

    #[test]
    fn an_owner_of_zero_is_anyone() {
        assert_eq!(CustomId::Delete { owner: 0 }.owner(), None);
        assert_eq!(CustomId::Delete { owner: 5 }.owner(), Some(5));
        let entry = EntryRef::new(Kind::Faq, "x");
        assert_eq!(CustomId::Solved { entry: entry.clone(), owner: 5 }.owner(), Some(5));
        assert_eq!(CustomId::NotIt { entry, owner: 0 }.owner(), None);
    }
}
