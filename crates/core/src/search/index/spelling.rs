//! Typo correction: a word the knowledge base does not know becomes the closest known term,
//! synonym variant or stopword, within an allowance of edits that grows with the word's length.

use super::Index;
use crate::search::normalise::{Token, is_english_word, is_stopword};

impl Index {
    /// Fixes a typo: a word the knowledge base does not know becomes the closest known term or
    /// synonym variant with the same first letter, within 1 edit (4–5 letters) or 2 (6+).
    pub(super) fn correct(&self, token: Token) -> Token {
        if self.vocab.contains_key(&token.stem)
            || self.synonyms.term_of(&token.raw).is_some()
            || is_stopword(&token.raw)
            || self.cues.is_word(&token.stem)
            || !self.synonyms.related(&token.stem).is_empty()
        {
            return token;
        }
        let Some(first) = token.raw.chars().next() else { return token };
        let (raw_len, stem_len) = (token.raw.chars().count(), token.stem.chars().count());
        let (raw_max, stem_max) = (allowed_edits(raw_len), allowed_edits(stem_len));
        if raw_max == 0 && stem_max == 0 {
            return token;
        }
        // The typed word, or its stem, within its own allowance of the candidate.
        let raw = Spelling { text: &token.raw, len: raw_len, letters: Letters::of(&token.raw), max: raw_max };
        let stem = Spelling { text: &token.stem, len: stem_len, letters: Letters::of(&token.stem), max: stem_max };
        let same = token.raw == token.stem;
        let distance = |candidate: &str, letters: &Letters, len: usize| {
            let raw = raw.edits_to(candidate, letters, len);
            let stem = if same { None } else { stem.edits_to(candidate, letters, len) };
            raw.into_iter().chain(stem).min()
        };
        let widest = raw_len.max(stem_len) + raw_max.max(stem_max);
        let mut best: Option<(usize, usize, &str)> = None;
        for l in stem_len.min(raw_len).saturating_sub(raw_max.max(stem_max))..=widest {
            let terms = self.by_shape.get(&(first, l)).into_iter().flatten();
            let terms = terms.map(|(t, letters)| (self.stems[*t as usize].as_str(), letters));
            let words =
                self.words_by_shape.get(&(first, l)).into_iter().flatten().map(|(w, letters)| (w.as_str(), letters));
            for (candidate, letters) in terms.chain(words) {
                if let Some(d) = distance(candidate, letters, l) {
                    // On a tie, the candidate closest in length to the word as typed: a typo
                    // drops or swaps a letter more often than it adds two.
                    let gap = l.abs_diff(raw_len);
                    if best.is_none_or(|(bd, bg, bs)| (d, gap, candidate) < (bd, bg, bs)) {
                        best = Some((d, gap, candidate));
                    }
                }
            }
        }
        // A common English word is no typo: it is only read as another form of a word the
        // knowledge holds (`splitting` as `split`, the stemmer missing it) or as a stopword. A
        // word whose stem is English is English too (`recruiters`, whose stem is `recruit`).
        let english = is_english_word(&token.raw) || (token.stem != token.raw && is_english_word(&token.stem));
        let best = best.filter(|(_, _, word)| !english || is_stopword(word) || token.raw.starts_with(*word));
        match best {
            Some((edits, _, word)) => Token { raw: word.to_owned(), stem: word.to_owned(), edits: edits as u8 },
            None => token,
        }
    }
}

/// Letter counts of a word (a–z, then one count for every other character): a cheap lower
/// bound on the edits between two words, so that the exact distance is computed only for the
/// few candidates that can be close. The index counts its words' letters once, when built.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Letters([u8; 32]);

impl Letters {
    pub(super) fn of(word: &str) -> Self {
        let mut counts = [0u8; 32];
        for c in word.chars() {
            let slot = if c.is_ascii_lowercase() { (c as u8 - b'a') as usize } else { 26 };
            counts[slot] = counts[slot].saturating_add(1);
        }
        Letters(counts)
    }

    /// At least this many edits turn a word of `len` characters with these letters into one of
    /// `other_len` with `other`'s: every letter of the longer word that the other lacks needs one.
    fn min_edits(&self, len: usize, other: &Letters, other_len: usize) -> usize {
        let shared: usize = self.0.iter().zip(&other.0).map(|(&a, &b)| usize::from(a.min(b))).sum();
        len.max(other_len).saturating_sub(shared)
    }
}

/// A typed word (or its stem) being corrected, and the edits it may be from the word meant.
struct Spelling<'a> {
    text: &'a str,
    /// Length in characters.
    len: usize,
    letters: Letters,
    max: usize,
}

impl Spelling<'_> {
    /// The edits (optimal string alignment: insertions, deletions, substitutions, swaps of
    /// neighbours) to `candidate`, of `len` characters and with `letters`, if at most the
    /// allowance.
    fn edits_to(&self, candidate: &str, letters: &Letters, len: usize) -> Option<usize> {
        if self.max == 0 || self.letters.min_edits(self.len, letters, len) > self.max {
            return None;
        }
        let vowel_cost = if self.len <= SHORT_WORD { 2 } else { 1 };
        Some(typo_cost(self.text, candidate, vowel_cost)).filter(|&d| d <= self.max)
    }
}

/// Words up to this length correct no changed letter, vowel or not: in a short word, one
/// letter changed is most often another English word (`went` and `want`, `lost` and `last`,
/// `stock` and `stack`) rather than a typo, while dropped, added and swapped letters stay typos.
const SHORT_WORD: usize = 5;

/// The cost of turning `a` into `b` by the typos people make: a letter dropped, added or
/// swapped with its neighbour costs 1, one vowel for another `vowel_cost` (1 in long words:
/// `selery`, `sinior`; see [`SHORT_WORD`]), any other letter for another 2. Real typos rarely change a consonant, while English words the
/// knowledge does not use often differ from one of its words by one (`meal` is no `mean`,
/// `prep` no `pref`). Optimal string alignment, so never below the plain edit count.
fn typo_cost(a: &str, b: &str, vowel_cost: usize) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let substitution = match (a[i - 1], b[j - 1]) {
                (x, y) if x == y => 0,
                (x, y) if vowel(x) && vowel(y) => vowel_cost,
                _ => 2,
            };
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + substitution);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// How many edits a typo of a word of `len` letters may be from the word meant: none for short
/// words (too many of them are a letter apart), one up to five letters, two beyond.
fn allowed_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The letter-count bound never exceeds the true distance, so the filter in front of
        /// the exact distance drops no correction.
        #[test]
        fn letter_counts_bound_the_edits_from_below(a in "[a-zé0-9]{0,12}", b in "[a-zé0-9]{0,12}") {
            let (la, lb) = (a.chars().count(), b.chars().count());
            let bound = Letters::of(&a).min_edits(la, &Letters::of(&b), lb);
            prop_assert!(bound <= strsim::osa_distance(&a, &b), "{bound} > osa({a:?}, {b:?})");
            prop_assert!(strsim::osa_distance(&a, &b) <= typo_cost(&a, &b, 1), "typos cost at least an edit each");
        }
    }

    #[test]
    fn consonant_changes_cost_more_than_vowel_changes() {
        assert_eq!(typo_cost("selery", "salary", 1), 2, "two vowels");
        assert_eq!(typo_cost("meal", "mean", 1), 2, "a consonant");
        assert_eq!(typo_cost("frehser", "fresher", 1), 1, "a swap");
        assert_eq!(typo_cost("bakend", "backend", 1), 1, "a dropped letter");
    }

    #[test]
    fn regression_short_english_words_are_not_corrected_by_a_vowel() {
        assert_eq!(typo_cost("went", "want", 2), 2);
        assert_eq!(typo_cost("stock", "stack", 2), 2);
        assert_eq!(typo_cost("redsi", "redis", 2), 1, "a swap is still a typo");
    }

    #[test]
    fn letter_counts_see_missing_and_extra_letters() {
        let bound = |a: &str, b: &str| Letters::of(a).min_edits(a.chars().count(), &Letters::of(b), b.chars().count());
        assert_eq!(bound("salary", "salary"), 0);
        assert_eq!(bound("sallary", "salary"), 1);
        assert_eq!(bound("frehser", "fresher"), 0, "a swap keeps the letters");
        assert_eq!(bound("python", "rust"), 5, "only the t is shared");
    }
}
