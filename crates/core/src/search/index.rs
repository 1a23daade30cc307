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

use std::cell::RefCell;

use rustc_hash::FxHashMap as HashMap;

use super::normalise::{self, Token, each_word, is_salary_unit, is_stopword, stem, tokens};
use super::synonyms::Synonyms;
use crate::knowledge::{EntryRef, Kind, KnowledgeBase};

/// How much a term found only in body text counts next to one in a label.
const BODY_WEIGHT: f32 = 0.45;
/// The command names: every entry of a kind is also known by its command's name, so that
/// "salary senior" finds the tier and "senior role" the role.
const SALARY: &str = "salary";
const ROLE: &str = "role";
const ROADMAP: &str = "roadmap";
/// In the best-phrase view, how much covering the query counts against covering the phrase:
/// above one half, a short phrase that explains only part of a long question scores low.
const QUERY_SHARE_EXPONENT: f32 = 0.7;
/// Share of the score that comes from coverage; the rest from the best phrase.
const COVERAGE_SHARE: f32 = 0.6;
/// Slack on the bounds that spare ranking most powers, far above float rounding and far below
/// any difference between scores that matters.
const BOUND_MARGIN: f32 = 1e-5;
/// Weight of a number the knowledge base never uses: numbers are rarely what a question is about.
const UNKNOWN_NUMBER_WEIGHT: f32 = 0.3;
/// Typo correction: similarity factor per edit.
const EDIT_PENALTY: [f32; 3] = [1.0, 0.85, 0.7];
/// How many completions a partial last word may expand to (autocomplete).
const MAX_COMPLETIONS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug)]
struct Phrase {
    entry: u32,
    kind: PhraseKind,
    /// Sum of the IDF of the phrase's distinct terms.
    total_idf: f32,
}

#[derive(Debug, Default)]
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
    /// (term id, similarity 0..1).
    alternatives: Vec<(u32, f32)>,
    /// What the slot weighs when nothing matches it (its information content).
    weight: f32,
}

/// A scored entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entry: EntryRef,
    pub score: f32,
}

#[derive(Debug)]
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
}

impl Index {
    pub fn new(kb: &KnowledgeBase) -> Self {
        let synonyms = Synonyms::new(&kb.synonyms);
        let mut builder = Builder {
            synonyms: &synonyms,
            phrases: Vec::new(),
            bags: Vec::new(),
            vocab: HashMap::default(),
            stems: Vec::new(),
            words: HashMap::default(),
        };
        let mut entries = Vec::new();
        let mut titles = Vec::new();
        let mut ranges = Vec::new();
        for entry in kb.entries() {
            let e = entries.len() as u32;
            builder.bags.push(HashMap::with_capacity_and_hasher(64, Default::default()));
            let title = kb.title(&entry).unwrap_or_default().to_owned();
            match entry.kind {
                Kind::Faq => {
                    let faq = kb.faq(&entry.id).expect("entries() lists existing entries");
                    builder.add(e, PhraseKind::Suggestable, &faq.question, 1.0);
                    faq.phrasings.iter().for_each(|p| builder.add(e, PhraseKind::Suggestable, p, 1.0));
                    faq.tags.iter().for_each(|t| builder.add(e, PhraseKind::Label, t, 0.8));
                    builder.add(e, PhraseKind::Body, &faq.answer, BODY_WEIGHT);
                }
                Kind::Salary => {
                    let tier = kb.tier(&entry.id).expect("entries() lists existing entries");
                    builder.add(e, PhraseKind::Label, &format!("{} {SALARY}", tier.name), 1.0);
                    tier.aliases.iter().for_each(|a| builder.add(e, PhraseKind::Label, &format!("{a} {SALARY}"), 1.0));
                    builder.add_term(e, &range_term(&tier.id), 1.0);
                    ranges.push((tier.id.clone(), tier.min_lpa, tier.max_lpa, tier.open_ended));
                    tier.phrasings.iter().for_each(|p| builder.add(e, PhraseKind::Suggestable, p, 1.0));
                    builder.add(e, PhraseKind::Body, &tier.summary, BODY_WEIGHT);
                    builder.add(e, PhraseKind::Body, &tier.region, BODY_WEIGHT);
                }
                Kind::Role => {
                    let role = kb.role(&entry.id).expect("entries() lists existing entries");
                    builder.add(e, PhraseKind::Suggestable, &role.title, 1.0);
                    builder.add(e, PhraseKind::Label, &format!("{} {ROLE}", role.title), 1.0);
                    role.aliases.iter().for_each(|a| builder.add(e, PhraseKind::Label, &format!("{a} {ROLE}"), 1.0));
                    role.focus.iter().for_each(|f| builder.add(e, PhraseKind::Label, f, 0.8));
                    role.phrasings.iter().for_each(|p| builder.add(e, PhraseKind::Suggestable, p, 1.0));
                    builder.add(e, PhraseKind::Body, &role.description, BODY_WEIGHT);
                }
                Kind::Topic => {
                    let topic = kb.topic(&entry.id).expect("entries() lists existing entries");
                    builder.add(e, PhraseKind::Suggestable, &topic.title, 1.0);
                    builder.add(e, PhraseKind::Label, &format!("{} {ROADMAP}", topic.title), 1.0);
                    topic
                        .aliases
                        .iter()
                        .for_each(|a| builder.add(e, PhraseKind::Label, &format!("{a} {ROADMAP}"), 1.0));
                    for group in &topic.skills {
                        builder.add(e, PhraseKind::Label, &group.group, 0.8);
                        group.items.iter().for_each(|i| builder.add(e, PhraseKind::Label, i, 0.8));
                    }
                    topic.phrasings.iter().for_each(|p| builder.add(e, PhraseKind::Suggestable, p, 1.0));
                    builder.add(e, PhraseKind::Body, &topic.summary, BODY_WEIGHT);
                }
            }
            entries.push(entry);
            titles.push(title);
        }
        let Builder { phrases, bags, vocab, stems, .. } = builder;
        let mut terms: Vec<Term> = (0..stems.len()).map(|_| Term::default()).collect();
        for (e, bag) in bags.iter().enumerate() {
            for (&t, &w) in bag {
                terms[t as usize].entries.push((e as u32, w));
            }
        }
        let n = entries.len().max(1) as f32;
        for term in &mut terms {
            term.entries.sort_by_key(|&(e, _)| e);
            let df = term.entries.len() as f32;
            term.idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        }
        let unknown_weight = (1.0 + (n + 0.5) / 0.5).ln();
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
        let mut words: Vec<String> =
            synonyms.single_word_variants().map(str::to_owned).chain(stopwords.map(str::to_owned)).collect();
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
        }
    }

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

    /// Turns a query into slots. With `partial`, the last word may be unfinished and also
    /// stands for every known term it begins.
    pub fn slots(&self, query: &str, partial: bool) -> Vec<Slot> {
        let raw = tokens(query);
        let last = raw.len().checked_sub(1);
        let figures = self.salary_figures(&raw);
        let mut corrected = Vec::with_capacity(raw.len());
        let mut completion: Option<Vec<(u32, f32)>> = None;
        for (i, token) in raw.into_iter().enumerate() {
            if partial && Some(i) == last && !query.ends_with(char::is_whitespace) {
                let completions = self.completions(&token.stem);
                if !completions.is_empty() && !self.vocab.contains_key(&token.stem) {
                    completion = Some(completions);
                    continue;
                }
            }
            corrected.push(self.correct(token));
        }
        let rewritten = self.synonyms.rewrite(corrected);
        let mut slots: Vec<Slot> = Vec::with_capacity(rewritten.len() + 1);
        let mut seen: Vec<&str> = Vec::new();
        for token in &rewritten {
            if is_stopword(&token.raw) || seen.contains(&token.stem.as_str()) {
                continue;
            }
            seen.push(&token.stem);
            slots.push(self.slot(token));
        }
        slots.extend(figures);
        if let Some(alternatives) = completion {
            let weight = alternatives.iter().map(|&(t, s)| self.terms[t as usize].idf * s).fold(0.0, f32::max);
            slots.push(Slot { alternatives, weight });
        }
        slots
    }

    /// The stems a query's meaningful words come to after typo correction and synonyms, sorted
    /// and deduplicated.
    pub fn key(&self, query: &str) -> Vec<String> {
        let corrected = tokens(query).into_iter().map(|t| self.correct(t)).collect();
        let mut key: Vec<String> =
            self.synonyms.rewrite(corrected).into_iter().filter(|t| !is_stopword(&t.raw)).map(|t| t.stem).collect();
        key.sort();
        key.dedup();
        key
    }

    /// The slots as `word(weight)`, `?` marking words the knowledge base never uses: what the
    /// matcher understood of a query, for maintainers tuning phrasings and synonyms.
    pub fn describe(&self, slots: &[Slot]) -> String {
        slots
            .iter()
            .map(|slot| {
                let words: Vec<&str> =
                    slot.alternatives.iter().map(|&(t, _)| self.stems[t as usize].as_str()).collect();
                let words = if words.is_empty() { "?".to_owned() } else { words.join("|").replace('\u{1}', "") };
                format!("{words}({:.1})", slot.weight)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The `limit` best entries that `keep` accepts and that share a term with the query; best
    /// first, ties in entry order.
    pub fn score(&self, slots: &[Slot], limit: usize, keep: impl Fn(&EntryRef) -> bool) -> Vec<Hit> {
        self.rank(slots, limit, keep)
            .into_iter()
            .map(|(e, score, _)| Hit { entry: self.entries[e as usize].clone(), score })
            .collect()
    }

    /// The `limit` best (entry, score, best label phrase) among the entries `keep` accepts, best
    /// first; ties go to the entry listed first.
    fn rank(&self, slots: &[Slot], limit: usize, keep: impl Fn(&EntryRef) -> bool) -> Vec<(u32, f32, Option<u32>)> {
        let total: f32 = slots.iter().map(|s| s.weight).sum();
        if total <= 0.0 || limit == 0 {
            return Vec::new();
        }
        SCRATCH.with_borrow_mut(|scratch| {
            scratch.prepare(self.entries.len(), self.phrases.len());
            self.rank_in(scratch, slots, total, limit, keep)
        })
    }

    /// [`Index::rank`] with accumulators that hold nothing yet.
    fn rank_in(
        &self,
        scratch: &mut Scratch,
        slots: &[Slot],
        total: f32,
        limit: usize,
        keep: impl Fn(&EntryRef) -> bool,
    ) -> Vec<(u32, f32, Option<u32>)> {
        let Scratch { bag, phrase_acc, best_phrase, touched_entries, touched_phrases, bounded, lows, hits } = scratch;
        for (s, slot) in slots.iter().enumerate() {
            let stamp = s as u32 + 1;
            for &(t, sim) in &slot.alternatives {
                let term = &self.terms[t as usize];
                let weight = term.idf * sim;
                for &(e, fw) in &term.entries {
                    let acc = &mut bag[e as usize];
                    if acc.1 == 0 {
                        touched_entries.push(e);
                    }
                    if acc.1 != stamp {
                        acc.0 += weight * fw;
                        acc.1 = stamp;
                    }
                }
                for &p in &term.phrases {
                    let acc = &mut phrase_acc[p as usize];
                    if acc.2 == 0 {
                        touched_phrases.push(p);
                    }
                    if acc.2 != stamp {
                        acc.0 += weight;
                        acc.1 += term.idf;
                        acc.2 = stamp;
                    }
                }
            }
        }
        // The shares of the query and of the phrase that a phrase covers.
        let shares = |p: u32| {
            let (covered, phrase_idf, _) = phrase_acc[p as usize];
            (covered / total, (phrase_idf / self.phrases[p as usize].total_idf.max(f32::EPSILON)).min(1.0))
        };
        // The score q^0.7 · s^0.3 orders phrases as q^7 · s^3 does, which needs no power
        // function: only each entry's best phrase is scored.
        for &p in touched_phrases.iter() {
            let (query_share, phrase_share) = shares(p);
            let key = f64::from(query_share).powi(7) * f64::from(phrase_share).powi(3);
            let entry = self.phrases[p as usize].entry as usize;
            debug_assert!(bag[entry].1 != 0, "a phrase's terms are in its entry's bag, so the entry was touched");
            let slot = &mut best_phrase[entry];
            if slot.1 == u32::MAX || key > slot.0 || (key == slot.0 && p < slot.1) {
                *slot = (key, p);
            }
        }
        // An entry's score needs its best phrase's q^0.7 · s^0.3, two powers. Weighted AM-GM
        // bounds it: min(q, s) <= q^0.7 · s^0.3 <= 0.7·q + 0.3·s. An entry whose upper bound is
        // below the limit-th best lower bound cannot place, and is never scored.
        let coverage = |e: u32| COVERAGE_SHARE * (bag[e as usize].0 / total).min(1.0);
        let phrase_of = |e: u32| Some(best_phrase[e as usize].1).filter(|&p| p != u32::MAX);
        bounded.clear();
        bounded.extend(touched_entries.iter().filter(|&&e| keep(&self.entries[e as usize])).map(|&e| {
            let (low, high) = phrase_of(e).map_or((0.0, 0.0), |p| {
                let (q, s) = shares(p);
                (q.min(s), QUERY_SHARE_EXPONENT * q + (1.0 - QUERY_SHARE_EXPONENT) * s)
            });
            let base = coverage(e);
            (e, base + (1.0 - COVERAGE_SHARE) * low - BOUND_MARGIN, base + (1.0 - COVERAGE_SHARE) * high + BOUND_MARGIN)
        }));
        let floor = if bounded.len() <= limit {
            f32::NEG_INFINITY
        } else {
            lows.clear();
            lows.extend(bounded.iter().map(|&(_, low, _)| low));
            *lows.select_nth_unstable_by(limit - 1, |a, b| b.total_cmp(a)).1
        };
        hits.clear();
        hits.extend(bounded.iter().copied().filter(|&(_, _, high)| high >= floor).map(|(e, ..)| {
            let phrase = phrase_of(e);
            let phrase_score = phrase.map_or(0.0, |p| {
                let (query_share, phrase_share) = shares(p);
                query_share.powf(QUERY_SHARE_EXPONENT) * phrase_share.powf(1.0 - QUERY_SHARE_EXPONENT)
            });
            let score = coverage(e) + (1.0 - COVERAGE_SHARE) * phrase_score;
            (e, score.clamp(0.0, 1.0), phrase)
        }));
        let order = |a: &(u32, f32, Option<u32>), b: &(u32, f32, Option<u32>)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if hits.len() > limit && limit > 0 {
            hits.select_nth_unstable_by(limit - 1, order);
            hits.truncate(limit);
        }
        hits.sort_by(order);
        hits.truncate(limit);
        hits.clone()
    }

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

    /// A figure followed by a salary unit (`5 lpa`, `50L`) stands for the tiers whose range
    /// holds it.
    fn salary_figures(&self, raw: &[Token]) -> Vec<Slot> {
        let mut out = Vec::new();
        for pair in raw.windows(2) {
            let (Ok(value), true) = (pair[0].raw.parse::<f64>(), is_salary_unit(&pair[1].raw)) else { continue };
            let alternatives: Vec<(u32, f32)> = self
                .ranges
                .iter()
                .filter(|&&(_, min, max, open)| value >= min && (value <= max || open))
                .map(|&(t, ..)| (t, 1.0))
                .collect();
            if let Some(weight) = alternatives.iter().map(|&(t, _)| self.terms[t as usize].idf).reduce(f32::max) {
                out.push(Slot { alternatives, weight });
            }
        }
        out
    }

    fn slot(&self, token: &Token) -> Slot {
        match self.vocab.get(&token.stem) {
            Some(&t) => {
                let sim = EDIT_PENALTY.get(token.edits as usize).copied().unwrap_or(0.5);
                Slot { alternatives: vec![(t, sim)], weight: self.terms[t as usize].idf * sim }
            }
            None if token.raw.chars().all(|c| c.is_ascii_digit()) => {
                Slot { alternatives: Vec::new(), weight: UNKNOWN_NUMBER_WEIGHT }
            }
            None => Slot { alternatives: Vec::new(), weight: self.unknown_weight },
        }
    }

    /// Fixes a typo: a word the knowledge base does not know becomes the closest known term or
    /// synonym variant with the same first letter, within 1 edit (4–5 letters) or 2 (6+).
    fn correct(&self, token: Token) -> Token {
        if self.vocab.contains_key(&token.stem)
            || self.synonyms.term_of(&token.raw).is_some()
            || is_stopword(&token.raw)
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
        let mut best: Option<(usize, &str)> = None;
        for l in stem_len.min(raw_len).saturating_sub(raw_max.max(stem_max))..=widest {
            let terms = self.by_shape.get(&(first, l)).into_iter().flatten();
            let terms = terms.map(|(t, letters)| (self.stems[*t as usize].as_str(), letters));
            let words =
                self.words_by_shape.get(&(first, l)).into_iter().flatten().map(|(w, letters)| (w.as_str(), letters));
            for (candidate, letters) in terms.chain(words) {
                if let Some(d) = distance(candidate, letters, l) {
                    if best.is_none_or(|(bd, bs)| d < bd || (d == bd && candidate < bs)) {
                        best = Some((d, candidate));
                    }
                }
            }
        }
        match best {
            Some((edits, word)) => Token { raw: word.to_owned(), stem: word.to_owned(), edits: edits as u8 },
            None => token,
        }
    }

    /// Known terms that begin with `prefix` (most widespread first), or typo-close ones.
    fn completions(&self, prefix: &str) -> Vec<(u32, f32)> {
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

thread_local! {
    /// Ranking's accumulators, kept by each thread between queries.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Dense accumulators for ranking, with the lists of what a query touched: cheaper than hashing
/// postings. Kept between queries, and cleared where the last query touched them, so that a
/// query pays for what it reads rather than for the size of the index.
#[derive(Debug, Default)]
struct Scratch {
    /// entry -> (coverage numerator, last slot counted; 0 for none).
    bag: Vec<(f32, u32)>,
    /// phrase -> (query weight covered, phrase idf covered, last slot counted; 0 for none).
    phrase_acc: Vec<(f32, f32, u32)>,
    /// entry -> (best phrase's rank key, that phrase; u32::MAX for none).
    best_phrase: Vec<(f64, u32)>,
    touched_entries: Vec<u32>,
    touched_phrases: Vec<u32>,
    /// Working lists of one query, kept for their room: each touched entry with its score's
    /// bounds, the lower bounds alone, and the entries scored.
    bounded: Vec<(u32, f32, f32)>,
    lows: Vec<f32>,
    hits: Vec<(u32, f32, Option<u32>)>,
}

impl Scratch {
    const NO_ENTRY: (f32, u32) = (0.0, 0);
    const NO_PHRASE: (f32, f32, u32) = (0.0, 0.0, 0);
    const NO_BEST: (f64, u32) = (0.0, u32::MAX);

    /// Empty accumulators for an index of `entries` entries and `phrases` phrases. Clearing
    /// here rather than after a query leaves nothing stale even if a query stopped half-way.
    fn prepare(&mut self, entries: usize, phrases: usize) {
        for &e in &self.touched_entries {
            self.bag[e as usize] = Self::NO_ENTRY;
            self.best_phrase[e as usize] = Self::NO_BEST;
        }
        for &p in &self.touched_phrases {
            self.phrase_acc[p as usize] = Self::NO_PHRASE;
        }
        self.touched_entries.clear();
        self.touched_phrases.clear();
        if self.bag.len() < entries {
            self.bag.resize(entries, Self::NO_ENTRY);
            self.best_phrase.resize(entries, Self::NO_BEST);
        }
        if self.phrase_acc.len() < phrases {
            self.phrase_acc.resize(phrases, Self::NO_PHRASE);
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

/// Letter counts of a word (a–z, then one count for every other character): a cheap lower
/// bound on the edits between two words, so that the exact distance is computed only for the
/// few candidates that can be close. The index counts its words' letters once, when built.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Letters([u8; 32]);

impl Letters {
    fn of(word: &str) -> Self {
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
        Some(strsim::osa_distance(self.text, candidate)).filter(|&d| d <= self.max)
    }
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
        }
    }

    fn builtin() -> &'static Index {
        static INDEX: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
        INDEX.get_or_init(|| {
            let kb = KnowledgeBase::from_sources(crate::knowledge::source::builtin()).expect("the built-in knowledge");
            Index::new(&kb)
        })
    }

    const WORDS: [&str; 16] = [
        "senior",
        "salary",
        "backend",
        "developer",
        "sql",
        "nosql",
        "roadmap",
        "learn",
        "first",
        "system",
        "design",
        "databse",
        "rest",
        "graphql",
        "frehser",
        "kubernetes",
    ];

    proptest! {
        /// Entries whose bound rules them out are never scored; the best `limit` are still
        /// exactly those a full ranking puts first.
        #[test]
        fn ranking_a_few_equals_the_head_of_ranking_all(
            picks in proptest::collection::vec(0..WORDS.len(), 1..6),
            limit in 1usize..8,
        ) {
            let index = builtin();
            let query: Vec<&str> = picks.iter().map(|&i| WORDS[i]).collect();
            let slots = index.slots(&query.join(" "), false);
            let all = index.score(&slots, usize::MAX, |_| true);
            let few = index.score(&slots, limit, |_| true);
            prop_assert_eq!(&few[..], &all[..limit.min(all.len())]);
        }
    }

    #[test]
    fn ranking_on_one_index_leaves_nothing_behind_for_another() {
        let yaml = r#"
faqs:
  - {id: caching, question: How do I add caching with Redis?, answer: Use Redis as a cache., tags: [performance]}
  - {id: sql, question: Should I learn SQL or NoSQL first?, answer: SQL first., tags: [databases]}
"#;
        let kb = KnowledgeBase::from_sources(vec![crate::knowledge::Source::new("kb.yaml", yaml)]).unwrap();
        let (small, big) = (Index::new(&kb), builtin());
        let rank = |index: &Index, query: &str| index.score(&index.slots(query, false), 5, |_| true);
        let questions = ["sql or nosql", "how much does a senior backend developer earn", "redis caching"];
        let first: Vec<_> = questions.iter().map(|q| (rank(&small, q), rank(big, q))).collect();
        assert!(first.iter().all(|(_, b)| !b.is_empty()) && !first[0].0.is_empty());
        for _ in 0..3 {
            for (q, expected) in questions.iter().zip(&first) {
                // The other order: each index now ranks right after the other one.
                let big_hits = rank(big, q);
                let small_hits = rank(&small, q);
                assert_eq!(&(small_hits, big_hits), expected, "{q}");
            }
        }
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
