//! What ranking saw of each candidate entry, in shares of the question that the confidence
//! model reads: how much of the question the entry's bag covers (with and without the words the
//! knowledge never uses), how well its best phrase matches, and whether it agrees with the
//! question's intent and level.

use super::{Index, SlotKind, Understood};
use crate::knowledge::{EntryRef, Kind};

/// A ranked entry with what ranking saw of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub entry: EntryRef,
    /// The lexical score (0..1).
    pub score: f32,
    pub evidence: Evidence,
}

/// Shares of the question's weight, each 0..1 unless said otherwise.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Evidence {
    /// Covered by the entry's bag of terms.
    pub coverage: f32,
    /// Covered by the entry's bag, out of the words the knowledge uses (unknown words and other
    /// fields left out): near 1 when the entry explains everything it could.
    pub known_coverage: f32,
    /// How well the entry's best phrase and the question cover each other.
    pub phrase: f32,
    /// The share of the question that the entry's best phrase covers.
    pub phrase_query: f32,
    /// The share of the best phrase that the question covers.
    pub phrase_own: f32,
    /// The information the entry's bag covers, in IDF (not a share): one common word carries
    /// little, a few rare ones a lot.
    pub information: f32,
    /// How many of the question's slots the entry's bag covers (a count, not a share).
    pub matched: f32,
    /// Words the knowledge never uses.
    pub unknown: f32,
    /// Words of another profession or field that the entry does not use.
    pub field: f32,
    /// Words understood only after a typo correction.
    pub corrected: f32,
    /// 1 when the question names an intent at a level and this entry answers it, -1 when it
    /// names one and this entry, of a kind that has levels, does not; 0 otherwise.
    pub cue: f32,
    /// 1 when the question shows an intent and the entry is of the kind that answers it, -1
    /// when the entry is a salary tier or role of another kind; 0 otherwise.
    pub intent: f32,
}

impl Index {
    /// The `limit` best entries for an understood question, with their evidence.
    pub fn candidates(&self, understood: &Understood, limit: usize) -> Vec<Candidate> {
        let slots = &understood.slots;
        let total: f32 = slots.iter().map(|s| s.weight).sum();
        if total <= 0.0 {
            return Vec::new();
        }
        let share = |kind: SlotKind| slots.iter().filter(|s| s.kind == kind).map(|s| s.weight).sum::<f32>() / total;
        let (unknown, foreign, corrected) =
            (share(SlotKind::Unknown), share(SlotKind::Field), share(SlotKind::Corrected));
        let known = (1.0 - unknown - foreign).max(f32::EPSILON);
        let cue_term = slots.iter().find(|s| s.kind == SlotKind::Cue).and_then(|s| s.alternatives.first()).map(|a| a.0);
        let intent = understood.reading.intent.and_then(|i| self.cues.intent_at(i)).map(|(_, kind)| kind);
        self.rank(slots, limit, |_| true)
            .into_iter()
            .map(|(e, score, best)| {
                let (covered, matched) = self.bag_cover(slots, e);
                let coverage = (covered / total).min(1.0);
                let (phrase_query, phrase_own) = best.map_or((0.0, 0.0), |p| self.phrase_shares(slots, p, total));
                let phrase = ((score - super::rank::COVERAGE_SHARE * coverage) / (1.0 - super::rank::COVERAGE_SHARE))
                    .clamp(0.0, 1.0);
                // Field words count against the entries that do not use them.
                let field = slots
                    .iter()
                    .filter(|s| s.kind == SlotKind::Field && !s.alternatives.iter().any(|&(t, _)| self.holds(t, e)))
                    .map(|s| s.weight)
                    .sum::<f32>()
                    / total;
                let entry = self.entries[e as usize].clone();
                let leveled = matches!(entry.kind, Kind::Salary | Kind::Role);
                let cue = match cue_term {
                    Some(t) if self.holds(t, e) => 1.0,
                    Some(_) if leveled => -1.0,
                    _ => 0.0,
                };
                let intent = match intent {
                    Some(kind) if kind == entry.kind => 1.0,
                    Some(_) if leveled => -1.0,
                    _ => 0.0,
                };
                let evidence = Evidence {
                    coverage,
                    known_coverage: (coverage / known).min(1.0),
                    phrase,
                    phrase_query,
                    phrase_own,
                    information: covered,
                    matched: matched as f32,
                    unknown,
                    field,
                    corrected,
                    cue,
                    intent,
                };
                Candidate { entry, score, evidence }
            })
            .collect()
    }

    /// The coverage numerator of one entry, as ranking counts it (per slot, the first
    /// alternative the entry's bag holds), and how many slots it covers.
    fn bag_cover(&self, slots: &[super::Slot], e: u32) -> (f32, usize) {
        let covered = slots.iter().filter_map(|slot| {
            slot.alternatives.iter().find_map(|&(t, sim)| {
                let term = &self.terms[t as usize];
                let at = term.entries.binary_search_by_key(&e, |&(entry, _)| entry).ok()?;
                Some(term.idf * sim * term.entries[at].1)
            })
        });
        covered.fold((0.0, 0), |(sum, n), w| (sum + w, n + 1))
    }

    /// The shares of the question and of phrase `p` that they have in common, as ranking
    /// counts them.
    fn phrase_shares(&self, slots: &[super::Slot], p: u32, total: f32) -> (f32, f32) {
        let (mut covered, mut own) = (0.0, 0.0);
        for slot in slots {
            let held =
                slot.alternatives.iter().find(|&&(t, _)| self.terms[t as usize].phrases.binary_search(&p).is_ok());
            if let Some(&(t, sim)) = held {
                covered += self.terms[t as usize].idf * sim;
                own += self.terms[t as usize].idf;
            }
        }
        (covered / total, (own / self.phrases[p as usize].total_idf.max(f32::EPSILON)).min(1.0))
    }

    /// Whether an entry's bag holds a term.
    fn holds(&self, term: u32, e: u32) -> bool {
        self.terms[term as usize].entries.binary_search_by_key(&e, |&(entry, _)| entry).is_ok()
    }
}
