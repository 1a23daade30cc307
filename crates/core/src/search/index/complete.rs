//! Autocomplete: a partly typed last word stands for the known terms it begins, and the best
//! question-like phrase of each matching entry is offered.

use super::{EntryRef, Index, PhraseKind, Slot};

/// How many completions a partial last word may expand to (autocomplete).
const MAX_COMPLETIONS: usize = 12;

impl Index {
    /// Like [`Index::score`], but ranks the offerable phrases themselves (autocomplete): the
    /// best question-like phrase of each matching entry.
    pub fn suggest(&self, slots: &[Slot], limit: usize) -> Vec<(EntryRef, String, f32)> {
        self.rank(slots, limit, |_| true)
            .into_iter()
            .map(|(e, score, phrase)| {
                let offer = phrase
                    .filter(|&p| self.phrases[p as usize].kind == PhraseKind::Suggestable)
                    .or(self.first_offer[e as usize]);
                let text =
                    offer.map_or_else(|| self.titles[e as usize].clone(), |p| self.phrase_texts[p as usize].clone());
                (self.entries[e as usize].clone(), text, score)
            })
            .collect()
    }

    /// Known terms that begin with `prefix` (most widespread first), or typo-close ones.
    pub(super) fn completions(&self, prefix: &str) -> Vec<(u32, f32)> {
        if prefix.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<u32> = self
            .stems
            .iter()
            .enumerate()
            .filter(|(_, s)| s.starts_with(prefix) && s.len() > prefix.len())
            .map(|(t, _)| t as u32)
            .collect();
        found.sort_by(|a, b| {
            let (ta, tb) = (&self.terms[*a as usize], &self.terms[*b as usize]);
            tb.entries.len().cmp(&ta.entries.len()).then(a.cmp(b))
        });
        found.truncate(MAX_COMPLETIONS);
        found.into_iter().map(|t| (t, 0.9)).collect()
    }
}
