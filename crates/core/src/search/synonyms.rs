//! The knowledge base's synonym data as a rewrite table: a variant (one word or a short phrase,
//! compared by stems) becomes its canonical term's stems.

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use super::normalise::{Token, stem, tokens};
use crate::knowledge::Synonym;

/// Longest variant phrase, in words.
const MAX_PHRASE: usize = 4;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Synonyms {
    /// Variant stems joined by spaces → the term's tokens.
    table: HashMap<String, Vec<Token>>,
    /// Every proper word-prefix of a multi-word variant (`ci` of `ci cd`): a phrase is only
    /// extended while it can still become a variant.
    prefixes: rustc_hash::FxHashSet<String>,
    longest: usize,
    /// A related word's stem → the stems of the terms it points at.
    related: HashMap<String, Vec<String>>,
}

impl Synonyms {
    pub fn new(synonyms: &[Synonym]) -> Self {
        let mut table = HashMap::default();
        let mut prefixes = rustc_hash::FxHashSet::default();
        let mut longest = 1;
        let mut related: HashMap<String, Vec<String>> = HashMap::default();
        for synonym in synonyms {
            let term = tokens(&synonym.term);
            for word in &synonym.related {
                let [word] = &tokens(word)[..] else { continue };
                let stems = related.entry(word.stem.clone()).or_default();
                stems.extend(term.iter().map(|t| t.stem.clone()).filter(|s| s != &word.stem));
            }
            for variant in &synonym.variants {
                let key: Vec<String> = tokens(variant).into_iter().map(|t| t.stem).collect();
                if key.is_empty() || key.len() > MAX_PHRASE {
                    continue;
                }
                longest = longest.max(key.len());
                for end in 1..key.len() {
                    prefixes.insert(key[..end].join(" "));
                }
                table.insert(key.join(" "), term.clone());
            }
        }
        Synonyms { table, prefixes, longest, related }
    }

    /// Rewrites every variant in `input` to its term, longest phrase first.
    pub fn rewrite(&self, mut input: Vec<Token>) -> Vec<Token> {
        if self.table.is_empty() {
            return input;
        }
        let mut out = Vec::with_capacity(input.len());
        let mut key = String::new();
        let mut i = 0;
        while i < input.len() {
            // The longest variant starting here, if any.
            let mut found: Option<(usize, &Vec<Token>)> = None;
            key.clear();
            for (len, token) in input[i..].iter().take(self.longest).enumerate() {
                if len > 0 {
                    key.push(' ');
                }
                key.push_str(&token.stem);
                if let Some(term) = self.table.get(key.as_str()) {
                    found = Some((len + 1, term));
                }
                if !self.prefixes.contains(key.as_str()) {
                    break;
                }
            }
            match found {
                Some((len, term)) => {
                    let edits = input[i..i + len].iter().map(|t| t.edits).max().unwrap_or(0);
                    out.extend(term.iter().map(|t| Token { edits, ..t.clone() }));
                    i += len;
                }
                None => {
                    out.push(std::mem::take(&mut input[i]));
                    i += 1;
                }
            }
        }
        out
    }

    /// Whether a word (by its stem) may begin a multi-word variant, so that it must be read
    /// together with the words after it.
    pub fn starts_phrase(&self, stem: &str) -> bool {
        self.prefixes.contains(stem)
    }

    /// The term a single word stands for, if it is a variant.
    pub fn term_of(&self, word: &str) -> Option<&[Token]> {
        self.table.get(&stem(word)).map(Vec::as_slice)
    }

    /// The stems of the terms a word (by its stem) is related to; empty for most words.
    pub fn related(&self, stem: &str) -> &[String] {
        self.related.get(stem).map_or(&[], Vec::as_slice)
    }

    /// Every single-word variant stem, for typo correction towards them.
    pub fn single_word_variants(&self) -> impl Iterator<Item = &str> {
        self.table.keys().filter(|k| !k.contains(' ')).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Synonyms {
        Synonyms::new(&[
            Synonym { term: "database".into(), variants: vec!["db".into(), "dbs".into()], related: vec![] },
            Synonym { term: "cicd".into(), variants: vec!["ci cd".into()], related: vec!["pipeline".into()] },
        ])
    }

    fn stems(tokens: &[Token]) -> Vec<&str> {
        tokens.iter().map(|t| t.stem.as_str()).collect()
    }

    #[test]
    fn single_and_multi_word_variants_are_rewritten() {
        let out = table().rewrite(tokens("which db for ci cd"));
        assert_eq!(stems(&out), ["which", "databas", "for", "cicd"]);
    }

    #[test]
    fn related_words_point_at_their_term_and_stay_themselves() {
        assert_eq!(table().related("pipelin"), ["cicd"]);
        assert!(table().related("databas").is_empty());
        assert_eq!(stems(&table().rewrite(tokens("pipeline"))), ["pipelin"]);
    }

    #[test]
    fn other_words_pass_through() {
        let out = table().rewrite(tokens("plain words"));
        assert_eq!(stems(&out), ["plain", "word"]);
    }
}
