//! The inverted index over every answerable entry, and the scoring of a query against it.
//!
//! Each entry contributes phrases: labels (its question or title, alternative phrasings,
//! aliases, tags, skills, the name of its command) and body text (answers, summaries) at a
//! lower weight. A query becomes slots, one per meaningful word; a slot may hold several
//! alternative terms (typo corrections, completions of a partial word). The score of an entry
//! in 0..1 mixes two views:
//! - coverage: how much of the query's information (IDF-weighted slots, unknown words
//!   counting in full against) the entry's bag of terms holds;
//! - best phrase: how well one single phrase of the entry and the query cover each other.
//!
//! An exact phrase scores 1; a query made of words the knowledge base never uses scores 0.
//!
//! - [`build`]: knowledge in, index out.
//! - [`query`]: a question to slots (typos, synonyms, salary figures), and what was understood.
//! - [`spelling`]: typo correction towards known words.
//! - [`rank`]: scoring entries against slots.
//! - [`complete`]: autocomplete of a partly typed question.
//! - [`evidence`]: what ranking saw of each candidate, for the confidence.

mod build;
mod complete;
mod evidence;
mod query;
mod rank;
mod spelling;

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use super::cues::{Cues, Reading};
use super::synonyms::Synonyms;
use crate::knowledge::EntryRef;
pub use evidence::{Candidate, Evidence};
use spelling::Letters;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum PhraseKind {
    /// A question-like text worth offering in autocomplete.
    Suggestable,
    /// A short label (alias, tag, skill): matched, not offered.
    Label,
    /// Body text: only adds to the entry's bag, at [`BODY_WEIGHT`].
    Body,
}

/// What ranking reads of a phrase: small, so that the phrases of a query stay in cache. The
/// text is kept apart, in [`Index::phrase_texts`].
#[derive(Debug, Serialize, Deserialize)]
struct Phrase {
    entry: u32,
    kind: PhraseKind,
    /// Sum of the IDF of the phrase's distinct terms.
    total_idf: f32,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Term {
    idf: f32,
    /// (entry, weight of the term in that entry's bag).
    entries: Vec<(u32, f32)>,
    /// Label phrases holding the term.
    phrases: Vec<u32>,
}

/// One meaningful word of a query, with the terms that can stand for it.
#[derive(Debug, Clone)]
pub struct Slot {
    /// (term id, similarity 0..1; a cue's slot carries its weight here, above 1).
    alternatives: Vec<(u32, f32)>,
    /// What the slot weighs when nothing matches it (its information content).
    weight: f32,
    /// What the slot stands for.
    kind: SlotKind,
}

/// Where a slot comes from, which the confidence reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SlotKind {
    /// A word the knowledge uses, as typed.
    Word,
    /// A word the knowledge uses, after a typo correction.
    Corrected,
    /// A word (or number) the knowledge never uses.
    Unknown,
    /// Words of another profession or field.
    Field,
    /// A salary figure, standing for the tiers that hold it.
    Figure,
    /// The hidden slot of an intent at a level.
    Cue,
    /// A partly typed last word (autocomplete).
    Completion,
}

/// A scored entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entry: EntryRef,
    pub score: f32,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Index {
    entries: Vec<EntryRef>,
    /// For each entry, its title (as shown in suggestions).
    titles: Vec<String>,
    phrases: Vec<Phrase>,
    /// The text of each phrase, by the same index.
    phrase_texts: Vec<String>,
    /// For each entry, its first offerable phrase.
    first_offer: Vec<Option<u32>>,
    terms: Vec<Term>,
    stems: Vec<String>,
    vocab: HashMap<String, u32>,
    /// Term ids and their letters by (first char, length in chars), for typo correction.
    by_shape: HashMap<(char, usize), Vec<(u32, Letters)>>,
    synonyms: Synonyms,
    /// Single-word synonym variants and stopwords by shape, so that typos of variants (`lkhs`)
    /// and of stopwords (`exaclty`) are fixed too.
    words_by_shape: HashMap<(char, usize), Vec<(String, Letters)>>,
    unknown_weight: f32,
    /// Salary tiers' ranges in LPA: (range term, min, max, open-ended).
    ranges: Vec<(u32, f64, f64, bool)>,
    /// The knowledge's intents, levels and other fields.
    cues: Cues,
    /// The words of a roadmap step's title (as terms) and the hidden term only that step holds:
    /// a question that asks what to learn and names one step points at it.
    steps: HashMap<u32, u32>,
}

/// A question as the index understands it: its slots and what its cues say.
#[derive(Debug, Clone, Default)]
pub struct Understood {
    pub slots: Vec<Slot>,
    pub reading: Reading,
}

impl Index {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries of the index, in index order.
    pub fn entries(&self) -> &[EntryRef] {
        &self.entries
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::knowledge::KnowledgeBase;

    /// The index of the built-in knowledge, built once for the tests of every part.
    pub fn builtin() -> &'static Index {
        static INDEX: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
        INDEX.get_or_init(|| {
            let kb = KnowledgeBase::from_sources(crate::knowledge::source::builtin()).expect("the built-in knowledge");
            Index::new(&kb)
        })
    }
}
