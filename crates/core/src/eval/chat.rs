//! Finding chat words on evaluation sets: words the knowledge uses that questions use only
//! around what they ask (`give`, `week`, `say`). A word is one when enough in-domain questions
//! use it and the right entry holds it in hardly any of them; the matcher then reads it as a
//! word the knowledge never uses (`chat:` in `knowledge/intents.yaml`).

use std::collections::BTreeMap;

use super::{Case, hits};
use crate::Bot;
use crate::search::normalise::stem;

/// In-domain questions a word must appear in before it can be called chat: fewer say little.
pub const MIN_QUESTIONS: usize = 6;
/// The largest share of those questions whose right entry may hold the word. Chosen by
/// leave-one-set-out over the tuning sets (0.0, 0.1 and 0.2 were tried, and 4, 6 and 10
/// questions).
pub const MAX_HELD_SHARE: f64 = 0.1;

/// A word found to be chat, with what it was found on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatWord {
    /// The word as questions most often have it (after typo correction and synonyms).
    pub word: String,
    /// In-domain questions with the word.
    pub questions: usize,
    /// Those of them whose right entry holds it.
    pub held: usize,
}

/// The chat words of `cases` by the given limits, most used first (ties by word). Words
/// already listed as chat are found again, so that the list can be made anew.
pub fn chat_words(bot: &Bot, cases: &[Case], min_questions: usize, max_share: f64) -> Vec<ChatWord> {
    // By stem: (questions, held, forms as typed with their counts).
    let mut seen: BTreeMap<String, (usize, usize, BTreeMap<String, usize>)> = BTreeMap::new();
    for case in cases.iter().filter(|c| c.in_domain()) {
        for (word, entries) in bot.matcher().held_words(&case.question) {
            let held = entries.iter().any(|e| case.targets.iter().any(|t| hits(bot, t, e)));
            let (questions, holding, forms) = seen.entry(stem(&word)).or_default();
            *questions += 1;
            *holding += usize::from(held);
            *forms.entry(word).or_default() += 1;
        }
    }
    let mut found: Vec<ChatWord> = seen
        .into_values()
        .filter(|&(questions, held, _)| questions >= min_questions && held as f64 <= max_share * questions as f64)
        .map(|(questions, held, forms)| {
            let most = forms.values().copied().max().unwrap_or(0);
            let word = forms.into_iter().find(|&(_, n)| n == most).map(|(w, _)| w).unwrap_or_default();
            ChatWord { word, questions, held }
        })
        .collect();
    found.sort_by(|a, b| b.questions.cmp(&a.questions).then_with(|| a.word.cmp(&b.word)));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::parse;
    use crate::knowledge::Source;

    const KB: &str = "faqs:\n\
        - {id: cache, question: How does caching work?, answer: A cache keeps answers near. Give it a week.}\n\
        - {id: index, question: What is an index?, answer: An index finds rows fast.}\n";

    #[test]
    fn a_word_whose_questions_the_entries_holding_it_never_answer_is_chat() {
        let bot = Bot::from_sources(vec![Source::new("kb.yaml", KB)]).unwrap_or_else(|e| panic!("{e}"));
        let mut set = String::new();
        for i in 0..3 {
            set.push_str(&format!(
                "- q: \"give me a tip on the index {i}\"\n  expect: {{kind: faq, contains: [finds rows]}}\n"
            ));
            set.push_str(&format!(
                "- q: \"this week the cache broke {i}\"\n  expect: {{kind: faq, contains: [keeps answers]}}\n"
            ));
        }
        set.push_str("- q: \"give caching a go\"\n  expect: none\n");
        let cases = parse(&set).expect("the set parses");
        let found = chat_words(&bot, &cases, 3, 0.1);
        let words: Vec<(&str, usize, usize)> = found.iter().map(|c| (c.word.as_str(), c.questions, c.held)).collect();
        // `give` is in three questions about indexes and only the cache entry holds it; `week`
        // is in three about caches, which the cache entry answers; out-of-domain questions
        // count for nothing.
        assert_eq!(words, [("give", 3, 0)]);
        assert!(chat_words(&bot, &cases, 4, 0.1).is_empty(), "three questions are under a floor of four");
        let loose: Vec<String> = chat_words(&bot, &cases, 3, 1.0).into_iter().map(|c| c.word).collect();
        assert_eq!(
            loose,
            ["cache", "give", "index", "week"],
            "with no limit on the share, every word of three questions"
        );
    }
}
