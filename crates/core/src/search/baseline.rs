//! The naive matcher the evaluation compares against: strsim's normalised Levenshtein of the
//! whole query against every phrase of every entry, best phrase wins.

use crate::knowledge::{EntryRef, KnowledgeBase};

/// Every entry's phrases, lower-cased once.
pub struct Baseline {
    phrases: Vec<(EntryRef, String)>,
}

impl Baseline {
    pub fn new(kb: &KnowledgeBase) -> Self {
        let mut phrases = Vec::new();
        for (entry, texts) in crate::knowledge::phrases::all(kb) {
            for text in texts {
                phrases.push((entry.clone(), text.to_lowercase()));
            }
        }
        Baseline { phrases }
    }

    /// The best entry and its similarity (0..1).
    pub fn best(&self, query: &str) -> Option<(EntryRef, f64)> {
        let query = query.to_lowercase();
        let mut best: Option<(&EntryRef, f64)> = None;
        for (entry, text) in &self.phrases {
            let sim = strsim::normalized_levenshtein(&query, text);
            if best.is_none_or(|(_, b)| sim > b) {
                best = Some((entry, sim));
            }
        }
        best.map(|(e, s)| (e.clone(), s))
    }
}
