//! What is worth recording. The core says *what* happened ([`Record`]); a front end adds
//! *where* (the guild) and, for a vote, *who*, and the insights stores turn that into the
//! stored form, in which the voter is only a salted hash. No type here has a field that could
//! hold a user id, a user name or a message id.

use crate::knowledge::EntryRef;
use crate::search::normalise;

/// Longest question text stored, in characters (the `/ask` option's own limit).
pub const MAX_QUESTION: usize = crate::search::MAX_QUERY;
/// Longest reason for a 👎 stored, in characters (the reason form's own limit).
pub const MAX_REASON: usize = 200;
/// A run of this many digits or more is dropped from a stored question: Discord ids typed or
/// mentioned (`<@123…>`) and phone numbers, which could point at a person. Salary figures are
/// far shorter.
const LONGEST_NUMBER_KEPT: usize = 9;

/// What the core saw that maintainers should learn from, before anyone says where or who.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A question the bot declined or was unsure about. `text` is already [`question_text`].
    Question { text: String, best: Option<EntryRef>, score: f32, miss: Miss },
    /// A 👍 or 👎 on an answer showing `entry`.
    Vote { entry: EntryRef, vote: Vote },
    /// A question answered with `entry`: only counted (the question itself is not kept), for
    /// the report's most asked answers.
    Answered { entry: EntryRef },
    /// What was wrong or missing, as a member wrote it after a 👎 on `entry`. `text` is already
    /// [`reason_text`] and never empty; who wrote it is not kept.
    Reason { entry: EntryRef, text: String },
}

/// How a question was missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    /// The bot had no answer.
    Declined,
    /// The bot answered but was unsure ("did you mean").
    Unsure,
}

impl Miss {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Miss::Declined => "declined",
            Miss::Unsure => "unsure",
        }
    }

    /// The inverse of [`Miss::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        [Miss::Declined, Miss::Unsure].into_iter().find(|m| m.as_str() == text)
    }
}

/// A thumbs-up or a thumbs-down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vote {
    Up,
    Down,
}

impl Vote {
    /// The word used in custom ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Vote::Up => "up",
            Vote::Down => "down",
        }
    }

    /// The inverse of [`Vote::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        [Vote::Up, Vote::Down].into_iter().find(|v| v.as_str() == text)
    }

    /// The value stored in the database: 1 or -1.
    pub fn value(self) -> i16 {
        match self {
            Vote::Up => 1,
            Vote::Down => -1,
        }
    }
}

/// A missed question as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionRow {
    /// [`question_text`]: normalised, capped, without long numbers.
    pub text: String,
    pub guild: Option<u64>,
    /// The closest entry the matcher found, if any.
    pub best: Option<EntryRef>,
    pub score: f32,
    pub miss: Miss,
    /// Unix time, seconds.
    pub at: i64,
}

/// A reason for a 👎 as stored, the latest first when read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonRow {
    pub entry: EntryRef,
    /// [`reason_text`]: cleaned as questions are, at most [`MAX_REASON`] characters.
    pub text: String,
    pub guild: Option<u64>,
    /// Unix time, seconds.
    pub at: i64,
}

/// A reason as stored: cleaned exactly as a question is ([`question_text`]), at most
/// [`MAX_REASON`] characters; empty when nothing worth keeping was written.
pub fn reason_text(reason: &str) -> String {
    clean(reason, MAX_REASON)
}

/// A question as stored: the matcher's words (lower case, no punctuation, so no markdown or
/// mentions), runs of 10 or more digits dropped, at most [`MAX_QUESTION`] characters.
pub fn question_text(question: &str) -> String {
    clean(question, MAX_QUESTION)
}

/// The matcher's words of `text`, long digit runs dropped, at most `max` characters.
fn clean(text: &str, max: usize) -> String {
    let mut out = String::new();
    for word in normalise::words(text) {
        if word.chars().filter(char::is_ascii_digit).count() > LONGEST_NUMBER_KEPT {
            continue;
        }
        let needed = word.chars().count() + usize::from(!out.is_empty());
        if out.chars().count() + needed > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_lose_punctuation_mentions_and_long_numbers() {
        assert_eq!(
            question_text("Hey <@123456789012345678>, is **Rust** worth 12 LPA? call 9876543210"),
            "hey is rust worth 12 lpa call"
        );
    }

    #[test]
    fn questions_are_capped_on_a_word_boundary() {
        let long = "word ".repeat(100);
        let text = question_text(&long);
        assert!(text.chars().count() <= MAX_QUESTION);
        assert!(text.ends_with("word"));
    }

    #[test]
    fn reasons_are_cleaned_as_questions_are() {
        assert_eq!(
            reason_text("**Outdated**: @everyone call <@123456789012345678> 2 years"),
            "outdated everyone call 2 years"
        );
        assert_eq!(reason_text("  ***  "), "");
        assert!(reason_text(&"word ".repeat(100)).chars().count() <= MAX_REASON);
    }

    #[test]
    fn names_round_trip() {
        for miss in [Miss::Declined, Miss::Unsure] {
            assert_eq!(Miss::parse(miss.as_str()), Some(miss));
        }
        for vote in [Vote::Up, Vote::Down] {
            assert_eq!(Vote::parse(vote.as_str()), Some(vote));
        }
    }
}
