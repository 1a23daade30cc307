//! What members' questions and votes tell maintainers, without any I/O: what is worth recording
//! ([`Record`], carried by [`crate::commands::Answer::record`]), and the gaps report built from
//! stored rows ([`report`]), printed as text or JSON ([`render`]) or as draft FAQ entries
//! ([`export`]). The stores themselves live in the insights crate.

pub mod export;
pub mod record;
pub mod render;
pub mod report;

pub use record::{Miss, QuestionRow, ReasonRow, Record, Vote, question_text, reason_text};
pub use report::{Filter, Report, Tally};
