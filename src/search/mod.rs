//! Finding the entry a question is about: normalisation, synonyms, typo tolerance, IDF-weighted
//! scoring, confidence bands and autocomplete. Deterministic: the same knowledge and the same
//! query give the same result.
//!
//! - [`normalise`]: words and stems.
//! - [`synonyms`]: the knowledge base's synonym data as a rewrite table.
//! - [`index`]: the inverted index and the scoring.
//! - [`confidence`]: what a score means (the thresholds).
//! - [`baseline`]: the naive whole-string matcher the evaluation compares against.

pub mod baseline;
pub mod confidence;
pub mod index;
pub mod normalise;
pub mod synonyms;

pub use confidence::Confidence;
pub use index::Hit;

use crate::knowledge::{EntryRef, Kind, KnowledgeBase};
use index::Index;

/// Longest query matched, in characters (the `/ask` option's own limit); the rest is cut.
pub const MAX_QUERY: usize = 200;
/// How many alternatives a "did you mean" offers at most.
pub const MAX_ALTERNATIVES: usize = 4;

/// The result of matching one question.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The best entry, whatever its score.
    pub best: Option<Hit>,
    /// The next best distinct entries (for "did you mean" and declines).
    pub alternatives: Vec<Hit>,
    pub confidence: Confidence,
}

/// The matcher over one knowledge base.
#[derive(Debug)]
pub struct Matcher {
    index: Index,
}

impl Matcher {
    pub fn new(kb: &KnowledgeBase) -> Self {
        Matcher { index: Index::new(kb) }
    }

    /// Matches a free question against every entry of every kind.
    pub fn ask(&self, question: &str) -> Outcome {
        let question = cut(question);
        let hits = self.index.score(&self.index.slots(question, false));
        let mut hits = hits.into_iter();
        let best = hits.next();
        let confidence = best.as_ref().map_or(Confidence::Unknown, |b| Confidence::of(b.score));
        let floor = best.as_ref().map_or(0.0, |b| b.score * 0.6);
        let alternatives = hits.take(MAX_ALTERNATIVES).filter(|h| h.score >= floor && h.score > 0.05).collect();
        Outcome { best, alternatives, confidence }
    }

    /// The entry of one kind that an option value names (`sr`, `databse`, `system design`), if
    /// any comes close enough.
    pub fn find_in(&self, kind: Kind, text: &str) -> Option<Hit> {
        let text = cut(text);
        let hits = self.index.score(&self.index.slots(text, false));
        hits.into_iter().find(|h| h.entry.kind == kind).filter(|h| h.score >= confidence::POSSIBLE)
    }

    /// Up to `limit` question suggestions for a partly typed question, best first. An empty
    /// input gives `starters`, the questions newcomers ask most.
    pub fn autocomplete(&self, partial: &str, limit: usize) -> Vec<(EntryRef, String)> {
        let partial = cut(partial);
        if partial.trim().is_empty() {
            return Vec::new();
        }
        let slots = self.index.slots(partial, true);
        self.index.suggest(&slots, limit).into_iter().map(|(entry, text, _)| (entry, text)).collect()
    }

    /// What the matcher understood of a question (words, corrections, weights).
    pub fn explain(&self, question: &str) -> String {
        self.index.describe(&self.index.slots(cut(question), false))
    }

    /// Number of entries indexed.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

/// The first [`MAX_QUERY`] characters.
fn cut(text: &str) -> &str {
    match text.char_indices().nth(MAX_QUERY) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}
