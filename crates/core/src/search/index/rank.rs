//! Ranking: each entry's coverage of the query and its best phrase, with bounds that spare
//! scoring the entries that cannot place, over accumulators kept between queries.

use std::cell::RefCell;

use super::{Hit, Index, Slot};
use crate::knowledge::EntryRef;

/// In the best-phrase view, how much covering the query counts against covering the phrase:
/// above one half, a short phrase that explains only part of a long question scores low.
const QUERY_SHARE_EXPONENT: f32 = 0.7;
/// Share of the score that comes from coverage; the rest from the best phrase.
pub(super) const COVERAGE_SHARE: f32 = 0.55;
/// Slack on the bounds that spare ranking most powers, far above float rounding and far below
/// any difference between scores that matters.
const BOUND_MARGIN: f32 = 1e-5;

impl Index {
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
    pub(super) fn rank(
        &self,
        slots: &[Slot],
        limit: usize,
        keep: impl Fn(&EntryRef) -> bool,
    ) -> Vec<(u32, f32, Option<u32>)> {
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

#[cfg(test)]
mod tests {
    use super::super::tests::builtin;
    use super::*;
    use crate::knowledge::KnowledgeBase;
    use proptest::prelude::*;

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
}
