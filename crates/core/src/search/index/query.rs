//! A question becomes slots: words split, typos corrected, synonyms rewritten, stopwords and
//! repeats dropped, and salary figures turned into the tiers that hold them.

use super::build::cue_term;
use super::{Index, Slot, SlotKind, Understood};
use crate::knowledge::{EntryRef, Kind};
use crate::search::cues::Reading;
use crate::search::normalise::{Token, asking_words, is_salary_unit, is_stopword, tokens};

/// Weight of a number the knowledge base never uses: numbers are rarely what a question is about.
const UNKNOWN_NUMBER_WEIGHT: f32 = 0.3;
/// Weight of a span that belongs to another profession or field, in unknown words: it counts
/// against every entry, more than a word the knowledge never uses.
const FIELD_WEIGHT: f32 = 2.0;
/// Weight of the hidden slot of an intent at a level, next to its term's IDF.
const CUE_WEIGHT: f32 = 3.0;
/// Weight of a word the knowledge never uses, in the information of a word no entry holds:
/// most such words in a question are chat around it (`honestly`, `confused`, `cousin`), so
/// they count against every entry, but less than a rare word of the knowledge counts for one.
const UNKNOWN_SHARE: f32 = 0.75;
/// Weight of the hidden slot of a roadmap step named in a question that asks what to learn,
/// next to its term's IDF: a nudge towards the step, lighter than a level's cue, since an FAQ
/// about one skill of the step may still be the better answer.
const STEP_WEIGHT: f32 = 1.5;
/// A word that most entries use (`developer`, `backend`) names no step, even when a step
/// lists it among its names.
const STEP_NAME_IDF: f32 = 0.5;
/// Similarity of a related word to the term it points at (`outage` to downtime).
const RELATED_SIMILARITY: f32 = 0.75;
/// Typo correction: similarity factor per edit.
const EDIT_PENALTY: [f32; 3] = [1.0, 0.85, 0.7];
/// Shortest word after a level word that is read as another job's title (`hu`, `ko` and other
/// short particles are not).
const FOREIGN_TITLE_MIN: usize = 4;
/// How the title of a job ends (`youtuber`, `guitarist`, `officer`, `attendant`, `physician`):
/// other words after a level word (`senior banne`, `first job monday`) are no title.
const TITLE_ENDINGS: [&str; 5] = ["er", "ist", "or", "ant", "ian"];

impl Index {
    /// Turns a query into slots. With `partial`, the last word may be unfinished and also
    /// stands for every known term it begins.
    pub fn slots(&self, query: &str, partial: bool) -> Vec<Slot> {
        self.understand(query, partial, None).slots
    }

    /// [`Index::slots`], with what the question's cues say: its intent and level add the hidden
    /// slot of the entry that answers them, and words of another field count against all. With
    /// `kind`, the question is known to want an entry of that kind (a command's option), which
    /// stands for the intent that kind answers.
    pub fn understand(&self, query: &str, partial: bool, kind: Option<Kind>) -> Understood {
        let raw = tokens(query);
        let last = raw.len().checked_sub(1);
        let figures = self.salary_figures(&raw);
        let asking = asking_words(query).map(|words| (self.salary_figures(&raw[words.clone()]).len(), words));
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
        // In a question of several sentences, the one that asks says what is asked: "i have an
        // offer in hand. what will i be doing as a junior?" asks about the work, whatever words
        // of pay the story before it holds. Its intent, if it names one, is the question's.
        let asking_intent = asking.and_then(|(figures, words)| {
            let sentence = corrected.get(words.start..words.end.min(corrected.len()))?.to_vec();
            self.cues.read(&self.synonyms.rewrite(sentence), "", &self.synonyms, figures).intent
        });
        let rewritten = self.synonyms.rewrite(corrected);
        let mut reading = self.cues.read(&rewritten, query, &self.synonyms, figures.len());
        reading.intent = asking_intent.or(reading.intent);
        if let Some(kind) = kind {
            reading.intent = (0..).map_while(|i| self.cues.intent_at(i)).position(|(_, k)| k == kind);
        }
        self.foreign_titles(&rewritten, &mut reading);
        let mut slots: Vec<Slot> = Vec::with_capacity(rewritten.len() + 2);
        let mut seen: Vec<&str> = Vec::new();
        let mut fields = reading.fields.iter().peekable();
        let mut i = 0;
        while i < rewritten.len() {
            if let Some(&&(start, len)) = fields.peek().filter(|(start, _)| *start == i) {
                fields.next();
                i = start + len;
                if reading.switching {
                    // Where the asker comes from ("switching from teaching to backend"): no
                    // evidence for or against any entry.
                    continue;
                }
                let weight = self.unknown_weight * FIELD_WEIGHT;
                // A one-word field the knowledge itself uses (`css` in a server's own entry on
                // its frontend team) is no evidence against the entries that use it.
                let alternatives = match &rewritten[start..start + len] {
                    [one] => self.vocab.get(&one.stem).map(|&t| vec![(t, 1.0)]).unwrap_or_default(),
                    _ => Vec::new(),
                };
                slots.push(Slot { alternatives, weight, kind: SlotKind::Field });
                continue;
            }
            // A colleague ("my tech lead keeps saying ...") is someone in the story: their words
            // are no evidence for the entries that hold them (the senior role), nor against any.
            if let Some(&(start, len)) = reading.colleagues.iter().find(|&&(start, _)| start == i) {
                i = start + len;
                continue;
            }
            let token = &rewritten[i];
            i += 1;
            if is_stopword(&token.raw) || seen.contains(&token.stem.as_str()) {
                continue;
            }
            seen.push(&token.stem);
            slots.push(self.slot(token));
        }
        slots.extend(figures);
        // A question about another profession gets no cue: "dentist salary" names no tier.
        let other_field = !reading.fields.is_empty() && !reading.switching;
        if let (Some(intent), Some(level), false) = (reading.intent, reading.level, other_field) {
            let (intent, _) = self.cues.intent_at(intent).expect("a reading names existing intents");
            if let Some(&t) = self.vocab.get(&cue_term(intent, self.cues.level(level))) {
                // The similarity carries the weight, so that the entry holding the term covers it all.
                let weight = CUE_WEIGHT;
                let cue = self.terms[t as usize].idf * weight;
                slots.push(Slot { alternatives: vec![(t, weight)], weight: cue, kind: SlotKind::Cue });
            }
        }
        if !slots.iter().any(|s| s.kind == SlotKind::Cue)
            && reading.intent.and_then(|i| self.cues.intent_at(i)).is_some_and(|(_, k)| k == Kind::Topic)
        {
            let mut named = slots
                .iter()
                .filter(|s| matches!(s.kind, SlotKind::Word | SlotKind::Corrected))
                .filter_map(|s| s.alternatives.first())
                .filter(|a| self.terms[a.0 as usize].idf >= STEP_NAME_IDF)
                .filter_map(|a| self.steps.get(&a.0).copied());
            if let Some(step) = named.next().filter(|&first| named.all(|other| other == first)) {
                let weight = self.terms[step as usize].idf * STEP_WEIGHT;
                slots.push(Slot { alternatives: vec![(step, STEP_WEIGHT)], weight, kind: SlotKind::Cue });
            }
        }
        if let Some(alternatives) = completion {
            let weight = alternatives.iter().map(|&(t, s)| self.terms[t as usize].idf * s).fold(0.0, f32::max);
            slots.push(Slot { alternatives, weight, kind: SlotKind::Completion });
        }
        Understood { slots, reading }
    }

    /// A job title the knowledge does not know right after a level word (`senior youtuber`,
    /// `lead guitarist`, `senior police officer`) is another job's: it joins the question's
    /// other fields, unless the question says the asker is moving into this work.
    fn foreign_titles(&self, tokens: &[Token], reading: &mut Reading) {
        if reading.switching {
            return;
        }
        let unknown = |token: &Token| {
            token.edits == 0
                && token.raw.chars().all(char::is_alphabetic)
                && !self.vocab.contains_key(&token.stem)
                && !is_stopword(&token.raw)
                && !self.cues.is_word(&token.stem)
                && self.synonyms.related(&token.stem).is_empty()
        };
        let title = |token: &Token| {
            unknown(token)
                && token.raw.chars().count() >= FOREIGN_TITLE_MIN
                && TITLE_ENDINGS.iter().any(|e| token.raw.trim_end_matches('s').ends_with(e))
        };
        for &(start, len) in &reading.level_words {
            let at = start + len;
            let span = match (tokens.get(at), tokens.get(at + 1)) {
                (Some(first), _) if title(first) => (at, 1),
                (Some(first), Some(second)) if unknown(first) && title(second) => (at, 2),
                _ => continue,
            };
            if !reading.fields.iter().any(|&(s, l)| s < span.0 + span.1 && span.0 < s + l) {
                reading.fields.push(span);
            }
        }
        reading.fields.sort_unstable();
    }

    /// A query's words typo-corrected and rewritten through the synonyms, stopwords kept.
    fn corrected_words(&self, query: &str) -> Vec<Token> {
        self.synonyms.rewrite(tokens(query).into_iter().map(|t| self.correct(t)).collect())
    }

    /// The stems a query's meaningful words come to after typo correction and synonyms, sorted
    /// and deduplicated.
    pub fn key(&self, query: &str) -> Vec<String> {
        let mut key: Vec<String> =
            self.corrected_words(query).into_iter().filter(|t| !is_stopword(&t.raw)).map(|t| t.stem).collect();
        key.sort();
        key.dedup();
        key
    }

    /// The question's words that the knowledge uses (after typo correction and synonyms, chat
    /// words included, cue words left out since they mean something), each with the entries
    /// that hold it: what finding chat words reads.
    pub fn held_words(&self, query: &str) -> Vec<(String, Vec<EntryRef>)> {
        let mut held: Vec<(u32, String, Vec<EntryRef>)> = Vec::new();
        let words = self.corrected_words(query).into_iter();
        for token in words.filter(|t| !is_stopword(&t.raw) && !self.cues.is_word(&t.stem)) {
            let Some(&t) = self.vocab.get(&token.stem) else { continue };
            if held.iter().all(|(seen, ..)| *seen != t) {
                let entries = self.terms[t as usize].entries.iter().map(|&(e, _)| self.entries[e as usize].clone());
                held.push((t, token.raw, entries.collect()));
            }
        }
        held.into_iter().map(|(_, word, entries)| (word, entries)).collect()
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
                out.push(Slot { alternatives, weight, kind: SlotKind::Figure });
            }
        }
        out
    }

    /// The slot of one word: the term it is, and the terms it is related to at a lower
    /// similarity. A word the knowledge never uses but that points at a term weighs what that
    /// term tells, at that similarity.
    fn slot(&self, token: &Token) -> Slot {
        let mut slot = self.own_slot(token);
        let known = !slot.alternatives.is_empty();
        let sim = RELATED_SIMILARITY * EDIT_PENALTY.get(token.edits as usize).copied().unwrap_or(0.5);
        for &t in self.synonyms.related(&token.stem).iter().filter_map(|s| self.vocab.get(s)) {
            if slot.alternatives.iter().all(|&(a, _)| a != t) {
                slot.alternatives.push((t, sim));
            }
        }
        if !known && !slot.alternatives.is_empty() {
            let weight = slot.alternatives.iter().map(|&(t, sim)| self.terms[t as usize].idf * sim).fold(0.0, f32::max);
            slot = Slot { weight, kind: SlotKind::Word, ..slot };
        }
        slot
    }

    fn own_slot(&self, token: &Token) -> Slot {
        // A chat word (`give`, `week`) is read as if the knowledge never used it.
        match self.vocab.get(&token.stem).filter(|_| !self.cues.is_chat(&token.stem)) {
            Some(&t) => {
                let sim = EDIT_PENALTY.get(token.edits as usize).copied().unwrap_or(0.5);
                let kind = if token.edits == 0 { SlotKind::Word } else { SlotKind::Corrected };
                Slot { alternatives: vec![(t, sim)], weight: self.terms[t as usize].idf * sim, kind }
            }
            None if token.raw.chars().all(|c| c.is_ascii_digit()) => {
                Slot { alternatives: Vec::new(), weight: UNKNOWN_NUMBER_WEIGHT, kind: SlotKind::Unknown }
            }
            None => {
                Slot { alternatives: Vec::new(), weight: self.unknown_weight * UNKNOWN_SHARE, kind: SlotKind::Unknown }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{KnowledgeBase, Source};

    #[test]
    fn a_chat_word_matches_no_entry_and_weighs_as_a_word_the_knowledge_never_uses() {
        let yaml = "faqs:\n\
            - {id: cron, question: How do I run a job every week?, answer: Use a scheduler. Plan 2 runs.}\n\
            - {id: cache, question: How does caching work?, answer: A cache keeps answers near.}\n";
        let plain = Index::new(&KnowledgeBase::from_sources(vec![Source::new("kb.yaml", yaml)]).unwrap());
        let chat = format!("{yaml}chat:\n  - {{id: around, words: [week, plan, \"2\"]}}\n");
        let index = Index::new(&KnowledgeBase::from_sources(vec![Source::new("kb.yaml", &chat)]).unwrap());
        let slot = |index: &Index, question: &str| index.slots(question, false).remove(0);
        for word in ["week", "weeks", "plan"] {
            let known = slot(&plain, word);
            assert!(known.kind == SlotKind::Word && !known.alternatives.is_empty(), "{word} is the knowledge's");
            let read = slot(&index, word);
            assert_eq!(read.kind, SlotKind::Unknown, "{word}");
            assert!(read.alternatives.is_empty(), "{word} matches no entry: {read:?}");
            assert_eq!(read.weight, index.unknown_weight * UNKNOWN_SHARE, "{word}");
        }
        let number = slot(&index, "2");
        assert_eq!((number.kind, number.weight), (SlotKind::Unknown, UNKNOWN_NUMBER_WEIGHT), "a number chats as one");
        // Other words are read as before, and ranking no longer sees the chat word.
        assert_eq!(slot(&index, "scheduler").alternatives, slot(&plain, "scheduler").alternatives);
        assert!(index.score(&index.slots("week", false), 5, |_| true).is_empty());
        assert!(!plain.score(&plain.slots("week", false), 5, |_| true).is_empty());
    }

    const CUED: &str = "faqs:\n\
        - {id: index, question: When do I add an index?, answer: When reads are slow.}\n\
        - {id: seniors, question: What does a senior do?, answer: Leads the design.}\n\
        intents:\n\
        - {id: pay, kind: salary, words: [salary, offer]}\n\
        - {id: work, kind: role, words: [doing, does]}\n\
        levels:\n\
        - {id: senior, words: [senior, lead], years: {from: 5}}\n\
        colleagues:\n\
        - {id: people, words: [my senior, my lead]}\n";

    #[test]
    fn a_colleague_is_no_word_of_the_question_and_the_asking_sentence_gives_the_intent() {
        let index = Index::new(&KnowledgeBase::from_sources(vec![Source::new("kb.yaml", CUED)]).unwrap());
        // `my senior` matches nothing and counts against nothing: the rest is read as before.
        let senior = index.vocab["senior"];
        let holds_senior = |q: &str| index.slots(q, false).iter().any(|s| s.alternatives.iter().any(|a| a.0 == senior));
        let colleague = index.slots("my senior says add an index", false);
        let story = index.slots("says add an index", false);
        assert_eq!(format!("{colleague:?}"), format!("{story:?}"), "no slot for the colleague");
        assert!(!holds_senior("my senior says add an index"));
        assert!(holds_senior("the senior says add an index"), "a senior who is no colleague stays");
        let intent = |q: &str| index.understand(q, false, None).reading.intent.and_then(|i| index.cues.intent_at(i));
        let (pay, work) = (Some(("pay", Kind::Salary)), Some(("work", Kind::Role)));
        // A tie of one pay and one work word goes to the sentence that asks, whichever it names.
        assert_eq!(intent("i got an offer. what is a senior doing"), work);
        assert_eq!(intent("a senior is doing well. what about the offer?"), pay);
        assert_eq!(intent("what is a senior doing? i got an offer"), work, "the sentence with the question mark");
        // Without an intent of its own, the question's intent stands.
        assert_eq!(intent("i got an offer. what now?"), pay);
        assert_eq!(intent("i got an offer and what is a senior doing"), pay, "one sentence: the first listed on a tie");
    }
}
