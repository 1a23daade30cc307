//! Building the index: every entry's phrases and bag of terms, IDF weights, the shapes typo
//! correction searches, and the salary tiers' ranges.

use rustc_hash::FxHashMap as HashMap;

use super::spelling::Letters;
use super::{Index, Phrase, PhraseKind, Term};
use crate::commands;
use crate::knowledge::{Kind, KnowledgeBase};
use crate::search::cues::Cues;
use crate::search::normalise::{self, Token, each_word, is_stopword, stem, tokens};
use crate::search::synonyms::Synonyms;

/// How much a term found only in body text counts next to one in a label.
const BODY_WEIGHT: f32 = 0.45;
/// How much a term of a concept (a problem an entry solves) counts in the entry's bag.
const CONCEPT_WEIGHT: f32 = 0.9;
/// A term that at most this many entries hold names what they are about wherever it stands
/// (`Liskov` in the answer on SOLID, `429` in the one on rate limiting): in their bags it counts
/// at least [`RARE_TERM_WEIGHT`], even when it is only in body text.
const RARE_TERM_ENTRIES: f32 = 2.0;
/// What a rare term counts in the bags of the entries that hold it (a tag counts 0.8).
const RARE_TERM_WEIGHT: f32 = 0.8;
/// A word of everyday English (`friend`, `stop`, `point`) is weighed as if at least this many
/// entries held it: that one entry's concept happens to use it says little, since questions
/// use such words for anything. Words of the trade (`liskov`, `redis`) keep their full weight.
const EVERYDAY_MIN_ENTRIES: f32 = 3.0;
/// The two counts above are at most this share of the entries: in a knowledge base of a dozen
/// entries, two or three of them are no few.
const FEW_SHARE: f32 = 0.05;

impl Index {
    pub fn new(kb: &KnowledgeBase) -> Self {
        let synonyms = Synonyms::new(&kb.synonyms);
        let cues = Cues::new(kb, &synonyms);
        let mut builder = Builder {
            synonyms: &synonyms,
            phrases: Vec::new(),
            bags: Vec::new(),
            vocab: HashMap::default(),
            stems: Vec::new(),
            words: HashMap::default(),
        };
        // Every entry of a kind is also known by the name of the command that shows it (from
        // the command list), so that "salary senior" finds the tier and "senior role" the role.
        let command_word = Kind::ALL.map(|kind| commands::showing(kind).map(|c| c.name));
        let mut entries = Vec::new();
        let mut titles = Vec::new();
        let mut ranges = Vec::new();
        let mut step_names: Vec<(u32, String)> = Vec::new();
        for entry in kb.entries() {
            let e = entries.len() as u32;
            builder.bags.push(HashMap::with_capacity_and_hasher(64, Default::default()));
            let title = kb.title(&entry).unwrap_or_default().to_owned();
            let named = |text: &str| match command_word[entry.kind as usize] {
                Some(word) => format!("{text} {word}"),
                None => text.to_owned(),
            };
            match entry.kind {
                Kind::Faq => {
                    let faq = kb.faq(&entry.id).expect("entries() lists existing entries");
                    builder.add(e, PhraseKind::Suggestable, &faq.question, 1.0);
                    faq.phrasings.iter().for_each(|p| builder.add(e, PhraseKind::Suggestable, p, 1.0));
                    faq.concepts.iter().for_each(|c| builder.add(e, PhraseKind::Label, c, CONCEPT_WEIGHT));
                    faq.tags.iter().for_each(|t| builder.add(e, PhraseKind::Label, t, 0.8));
                    builder.add(e, PhraseKind::Body, &faq.answer, BODY_WEIGHT);
                }
                Kind::Salary => {
                    let tier = kb.tier(&entry.id).expect("entries() lists existing entries");
                    builder.add(e, PhraseKind::Label, &named(&tier.name), 1.0);
                    tier.aliases.iter().for_each(|a| builder.add(e, PhraseKind::Label, &named(a), 1.0));
                    builder.add_term(e, &range_term(&tier.id), 1.0);
                    ranges.push((tier.id.clone(), tier.min_lpa, tier.max_lpa, tier.open_ended));
                    tier.phrasings.iter().for_each(|p| builder.add(e, PhraseKind::Suggestable, p, 1.0));
                    builder.add(e, PhraseKind::Body, &tier.summary, BODY_WEIGHT);
                    builder.add(e, PhraseKind::Body, &tier.region, BODY_WEIGHT);
                    builder.add_cue_terms(e, &cues, Kind::Salary, tier.level.as_deref());
                }
                Kind::Role => {
                    let role = kb.role(&entry.id).expect("entries() lists existing entries");
                    builder.add(e, PhraseKind::Suggestable, &role.title, 1.0);
                    builder.add(e, PhraseKind::Label, &named(&role.title), 1.0);
                    role.aliases.iter().for_each(|a| builder.add(e, PhraseKind::Label, &named(a), 1.0));
                    role.focus.iter().for_each(|f| builder.add(e, PhraseKind::Label, f, 0.8));
                    role.phrasings.iter().for_each(|p| builder.add(e, PhraseKind::Suggestable, p, 1.0));
                    role.concepts.iter().for_each(|c| builder.add(e, PhraseKind::Label, c, CONCEPT_WEIGHT));
                    builder.add(e, PhraseKind::Body, &role.description, BODY_WEIGHT);
                    builder.add_cue_terms(e, &cues, Kind::Role, role.level.as_deref());
                }
                Kind::Topic => {
                    let topic = kb.topic(&entry.id).expect("entries() lists existing entries");
                    builder.add(e, PhraseKind::Suggestable, &topic.title, 1.0);
                    builder.add(e, PhraseKind::Label, &named(&topic.title), 1.0);
                    topic.aliases.iter().for_each(|a| builder.add(e, PhraseKind::Label, &named(a), 1.0));
                    let step = step_term(&topic.id);
                    builder.add_term(e, &step, 1.0);
                    // The words of its title name the step; its aliases also name single skills
                    // (`aws`, `redis`) that FAQs answer better.
                    for term in builder.term_ids(&topic.title) {
                        step_names.push((term, step.clone()));
                    }
                    // A skill is one item among many of the step: it fills the step's bag but is no
                    // phrase of it, so that a question naming one skill (`acid`) finds the FAQ that
                    // asks about it rather than the step that lists it.
                    for group in &topic.skills {
                        builder.add(e, PhraseKind::Label, &group.group, 0.8);
                        group.items.iter().for_each(|i| builder.add(e, PhraseKind::Body, i, 0.8));
                    }
                    topic.phrasings.iter().for_each(|p| builder.add(e, PhraseKind::Suggestable, p, 1.0));
                    topic.concepts.iter().for_each(|c| builder.add(e, PhraseKind::Label, c, CONCEPT_WEIGHT));
                    builder.add(e, PhraseKind::Body, &topic.summary, BODY_WEIGHT);
                }
            }
            entries.push(entry);
            titles.push(title);
        }
        let Builder { phrases, bags, vocab, stems, .. } = builder;
        // A name shared by two steps names neither.
        let mut steps: HashMap<u32, u32> = HashMap::default();
        let mut shared = Vec::new();
        for (name, step) in &step_names {
            let step = vocab[step];
            if steps.insert(*name, step).is_some_and(|other| other != step) {
                shared.push(*name);
            }
        }
        shared.iter().for_each(|name| {
            steps.remove(name);
        });
        let mut terms: Vec<Term> = (0..stems.len()).map(|_| Term::default()).collect();
        for (e, bag) in bags.iter().enumerate() {
            for (&t, &w) in bag {
                terms[t as usize].entries.push((e as u32, w));
            }
        }
        let n = entries.len().max(1) as f32;
        let (rare, everyday) = (RARE_TERM_ENTRIES.min(FEW_SHARE * n), EVERYDAY_MIN_ENTRIES.min(FEW_SHARE * n));
        for (term, stem) in terms.iter_mut().zip(&stems) {
            term.entries.sort_by_key(|&(e, _)| e);
            let mut df = term.entries.len() as f32;
            if df <= rare {
                term.entries.iter_mut().for_each(|(_, w)| *w = w.max(RARE_TERM_WEIGHT));
            }
            // The English list is searched only for the terms the floor would lift.
            if df < everyday && normalise::is_english_word(stem) {
                df = everyday;
            }
            term.idf = idf(n, df);
        }
        let unknown_weight = idf(n, 0.0);
        let mut first_offer = vec![None; entries.len()];
        let mut phrase_list = Vec::with_capacity(phrases.len());
        let mut phrase_texts = Vec::with_capacity(phrases.len());
        for (p, (phrase, text, ids)) in phrases.into_iter().enumerate() {
            let mut total = 0.0;
            if phrase.kind != PhraseKind::Body {
                for &t in &ids {
                    terms[t as usize].phrases.push(p as u32);
                    total += terms[t as usize].idf;
                }
            }
            if phrase.kind == PhraseKind::Suggestable && first_offer[phrase.entry as usize].is_none() {
                first_offer[phrase.entry as usize] = Some(p as u32);
            }
            phrase_list.push(Phrase { total_idf: total, ..phrase });
            phrase_texts.push(text);
        }
        let mut by_shape: HashMap<(char, usize), Vec<(u32, Letters)>> = HashMap::default();
        for (id, stem) in stems.iter().enumerate() {
            if let Some(first) = stem.chars().next() {
                by_shape.entry((first, stem.chars().count())).or_default().push((id as u32, Letters::of(stem)));
            }
        }
        let mut words_by_shape: HashMap<(char, usize), Vec<(String, Letters)>> = HashMap::default();
        let stopwords = normalise::stopwords().filter(|w| w.len() >= 4);
        let mut words: Vec<String> = synonyms
            .single_word_variants()
            .map(str::to_owned)
            .chain(stopwords.map(str::to_owned))
            .chain(cues.words().map(stem).filter(|w| !vocab.contains_key(w)))
            .collect();
        // Sorted once, so that each shape's list is sorted too.
        words.sort();
        words.dedup();
        for word in words {
            if let Some(first) = word.chars().next() {
                let letters = Letters::of(&word);
                words_by_shape.entry((first, word.chars().count())).or_default().push((word, letters));
            }
        }
        let ranges = ranges
            .into_iter()
            .filter_map(|(id, min, max, open)| vocab.get(&range_term(&id)).map(|&t| (t, min, max, open)))
            .collect();
        Index {
            entries,
            titles,
            phrases: phrase_list,
            phrase_texts,
            first_offer,
            terms,
            stems,
            vocab,
            by_shape,
            synonyms,
            words_by_shape,
            unknown_weight,
            ranges,
            cues,
            steps,
        }
    }
}

struct Builder<'a> {
    synonyms: &'a Synonyms,
    phrases: Vec<(Phrase, String, Vec<u32>)>,
    bags: Vec<HashMap<u32, f32>>,
    vocab: HashMap<String, u32>,
    stems: Vec<String>,
    /// What each word seen so far becomes (its terms after synonyms, none for a stopword), or
    /// `None` for a word that may begin a multi-word variant and needs its neighbours.
    words: HashMap<String, Option<Vec<u32>>>,
}

/// The information of a term that `holders` of `entries` entries hold (BM25's IDF): that of a
/// word no entry holds for `holders` 0.
fn idf(entries: f32, holders: f32) -> f32 {
    (1.0 + (entries - holders + 0.5) / (holders + 0.5)).ln()
}

/// The hidden term of an intent at a level (`pay` at `senior`), held by the entry of the
/// intent's kind that declares the level; no typed word can produce it.
pub(super) fn cue_term(intent: &str, level: &str) -> String {
    format!("\u{1}{intent}:{level}")
}

/// The hidden term of a roadmap step, held by that step alone; no typed word can produce it.
fn step_term(topic: &str) -> String {
    format!("\u{1}step:{topic}")
}

/// The hidden term a salary tier's range is indexed under; no typed word can produce it.
fn range_term(tier: &str) -> String {
    format!("\u{1}range:{tier}")
}

impl Builder<'_> {
    /// Adds a term to the entry's bag only (no phrase).
    fn add_term(&mut self, entry: u32, term: &str, weight: f32) {
        let next = self.stems.len() as u32;
        let id = *self.vocab.entry(term.to_owned()).or_insert_with(|| {
            self.stems.push(term.to_owned());
            next
        });
        let bag = &mut self.bags[entry as usize];
        let w = bag.entry(id).or_insert(0.0);
        *w = w.max(weight);
    }

    /// Gives an entry of `kind` that declares `level` the hidden term of every intent answered
    /// by its kind at that level.
    fn add_cue_terms(&mut self, entry: u32, cues: &Cues, kind: Kind, level: Option<&str>) {
        let Some(level) = level else { return };
        for (intent, _) in (0..).map_while(|i| cues.intent_at(i)).filter(|&(_, k)| k == kind) {
            self.add_term(entry, &cue_term(intent, level), 1.0);
        }
    }

    /// The term id of a stem, added to the vocabulary if new.
    fn intern(&mut self, stem: String) -> u32 {
        match self.vocab.get(stem.as_str()) {
            Some(&id) => id,
            None => {
                let id = self.stems.len() as u32;
                self.vocab.insert(stem.clone(), id);
                self.stems.push(stem);
                id
            }
        }
    }

    /// The term ids of a text: word by word through the cache when no word can begin a
    /// multi-word variant (most texts, and the same result), else the whole token stream.
    fn term_ids(&mut self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let mut needs_context = false;
        each_word(text, |word| {
            if needs_context {
                return;
            }
            if !self.words.contains_key(word) {
                let info = self.word_terms(word);
                self.words.insert(word.to_owned(), info);
            }
            match &self.words[word] {
                Some(ids) => out.extend_from_slice(ids),
                None => needs_context = true,
            }
        });
        if needs_context {
            let tokens = self.synonyms.rewrite(tokens(text));
            let kept: Vec<Token> = tokens.into_iter().filter(|t| !is_stopword(&t.raw)).collect();
            return kept.into_iter().map(|t| self.intern(t.stem)).collect();
        }
        out
    }

    /// What one word becomes on its own, or `None` if it may begin a multi-word variant.
    fn word_terms(&mut self, word: &str) -> Option<Vec<u32>> {
        let stem = stem(word);
        if self.synonyms.starts_phrase(&stem) {
            return None;
        }
        let rewritten = self.synonyms.rewrite(vec![Token { raw: word.to_owned(), stem, edits: 0 }]);
        let kept: Vec<Token> = rewritten.into_iter().filter(|t| !is_stopword(&t.raw)).collect();
        Some(kept.into_iter().map(|t| self.intern(t.stem)).collect())
    }

    fn add(&mut self, entry: u32, kind: PhraseKind, text: &str, weight: f32) {
        let mut ids = Vec::new();
        for id in self.term_ids(text) {
            // Body text only fills the bag; phrases are what a query is compared with.
            if kind != PhraseKind::Body && !ids.contains(&id) {
                ids.push(id);
            }
            let bag = self.bags.last_mut().expect("a bag per entry is pushed first");
            let w = bag.entry(id).or_insert(0.0);
            *w = w.max(weight);
        }
        if !ids.is_empty() {
            self.phrases.push((Phrase { entry, kind, total_idf: 0.0 }, text.to_owned(), ids));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Index;
    use super::super::tests::builtin;
    use super::{BODY_WEIGHT, EVERYDAY_MIN_ENTRIES, FEW_SHARE, RARE_TERM_WEIGHT, idf};
    use crate::commands;
    use crate::knowledge::{Kind, KnowledgeBase, Source};

    /// The IDF and the bag weights of a term of an index.
    fn term(index: &Index, word: &str) -> (f32, Vec<f32>) {
        let t = &index.terms[index.vocab[word] as usize];
        (t.idf, t.entries.iter().map(|&(_, w)| w).collect())
    }

    #[test]
    fn a_rare_term_counts_in_the_bags_of_its_one_or_two_entries_as_a_label_does() {
        // `liskov` is only in the body of the answer on SOLID, `429` in two answers' bodies.
        for word in ["liskov", "429"] {
            let (_, weights) = term(builtin(), word);
            assert!(weights.len() <= 2, "{word}: {weights:?}");
            assert!(weights.iter().all(|&w| w >= RARE_TERM_WEIGHT), "{word}: {weights:?}");
        }
    }

    #[test]
    fn an_everyday_english_word_weighs_no_more_than_one_that_three_entries_hold() {
        let index = builtin();
        let n = index.entries.len() as f32;
        assert!(EVERYDAY_MIN_ENTRIES <= FEW_SHARE * n, "the built-in knowledge has {n} entries");
        let cap = idf(n, EVERYDAY_MIN_ENTRIES);
        let (friend, holders) = term(index, "friend");
        assert!(holders.len() < EVERYDAY_MIN_ENTRIES as usize, "`friend` is no longer rare: {holders:?}");
        assert!((friend - cap).abs() < 1e-6, "friend {friend}, cap {cap}");
        // A word of the trade keeps the weight of its rarity.
        let (liskov, _) = term(index, "liskov");
        assert!(liskov > cap, "liskov {liskov}, cap {cap}");
    }

    #[test]
    fn in_a_knowledge_base_of_a_few_entries_no_term_is_rare_or_everyday() {
        let kb = "faqs:
  - {id: one, question: How do I deploy?, answer: Ask a friend about Liskov., tags: [deploy]}
  - {id: two, question: How do I test?, answer: Write tests first., tags: [test]}
";
        let kb = KnowledgeBase::from_sources(vec![Source::new("kb.yaml", kb)]).unwrap_or_else(|e| panic!("{e}"));
        let index = Index::new(&kb);
        for word in ["liskov", "friend"] {
            let (idf_of_word, weights) = term(&index, word);
            assert_eq!(weights, [BODY_WEIGHT], "{word}");
            assert!((idf_of_word - idf(2.0, 1.0)).abs() < 1e-6, "{word}: {idf_of_word}");
        }
    }

    #[test]
    fn every_entry_is_known_by_the_name_of_the_command_that_shows_its_kind() {
        let index = builtin();
        for kind in Kind::ALL {
            let Some(spec) = commands::showing(kind) else { continue };
            for term in index.key(spec.name) {
                let holders = &index.terms[index.vocab[&term] as usize].entries;
                for (e, entry) in index.entries.iter().enumerate().filter(|(_, entry)| entry.kind == kind) {
                    assert!(holders.iter().any(|&(h, _)| h as usize == e), "{entry} is not known by `{}`", spec.name);
                }
            }
        }
    }
}
