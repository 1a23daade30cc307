//! [`Row`]: a record in the form it is stored, in which a voter is only a salted hash.

use career_bot_core::feedback::{QuestionRow, ReasonRow, Record, Vote, question_text, reason_text};
use career_bot_core::knowledge::EntryRef;

use crate::voter::{Salt, VoterKey};

/// A vote as stored: the voter is a salted hash, good only for counting one vote per person.
#[derive(Debug, Clone, PartialEq)]
pub struct VoteRow {
    pub entry: EntryRef,
    pub vote: Vote,
    pub guild: Option<u64>,
    pub voter: VoterKey,
    /// Unix time, seconds.
    pub at: i64,
}

/// One stored record.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Question(QuestionRow),
    Vote(VoteRow),
    /// A question answered with `entry`: counted per server and day, nothing else kept.
    Answered {
        entry: EntryRef,
        guild: Option<u64>,
        at: i64,
    },
    /// What was wrong with an answer, after a 👎: kept without who wrote it.
    Reason(ReasonRow),
}

impl Row {
    /// The stored form of `record`, seen in `guild` by `user` at `at` (unix seconds). The user
    /// id only feeds the voter hash and is not kept. A vote without a user (the terminal) cannot
    /// be counted once per person and gives `None`, as does a reason with nothing left once
    /// cleaned.
    pub fn new(record: Record, guild: Option<u64>, user: Option<u64>, at: i64, salt: &Salt) -> Option<Row> {
        match record {
            Record::Question { text, best, score, miss } => {
                Some(Row::Question(QuestionRow { text: question_text(&text), guild, best, score, miss, at }))
            }
            Record::Vote { entry, vote } => {
                let voter = VoterKey::new(salt, guild, &entry, user?);
                Some(Row::Vote(VoteRow { entry, vote, guild, voter, at }))
            }
            Record::Answered { entry } => Some(Row::Answered { entry, guild, at }),
            Record::Reason { entry, text } => {
                let text = reason_text(&text);
                (!text.is_empty()).then_some(Row::Reason(ReasonRow { entry, text, guild, at }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use career_bot_core::knowledge::Kind;

    #[test]
    fn a_vote_needs_a_user_and_keeps_only_a_hash() {
        let salt = Salt::from_secret("a salt for the tests only").unwrap();
        let vote = Record::Vote { entry: EntryRef::new(Kind::Faq, "x"), vote: Vote::Up };
        assert_eq!(Row::new(vote.clone(), Some(1), None, 0, &salt), None);
        let Some(Row::Vote(row)) = Row::new(vote, Some(1), Some(424242), 0, &salt) else { panic!("a vote row") };
        assert!(!format!("{row:?}").contains("424242"));
    }

    #[test]
    fn a_reason_keeps_no_user_and_an_empty_one_is_not_stored() {
        let salt = Salt::from_secret("a salt for the tests only").unwrap();
        let entry = EntryRef::new(Kind::Faq, "x");
        let reason = Record::Reason { entry: entry.clone(), text: "Too **vague**, <@424242424242>".to_owned() };
        let Some(Row::Reason(row)) = Row::new(reason, Some(1), Some(424242), 5, &salt) else { panic!("a reason row") };
        assert_eq!(row, ReasonRow { entry: entry.clone(), text: "too vague".to_owned(), guild: Some(1), at: 5 });
        assert_eq!(Row::new(Record::Reason { entry, text: " ** ".to_owned() }, Some(1), Some(7), 5, &salt), None);
    }
}
