//! Cues: what a question's words say besides the terms they match. The knowledge declares them
//! (`intents:`, `levels:`, `fields:`, `switches:`, `colleagues:` and `chat:`, see
//! `knowledge/intents.yaml`): which words ask about pay, the work or what to learn, which name a
//! level of the ladder, which belong to another profession, which say the asker is moving into
//! this work, which name a colleague by a level word ("my senior"), and which of the knowledge's
//! own words questions use only as chat around what they ask. This module
//! compiles those lists into one phrase table and reads a question with it: its intent, the one
//! level it names (by a word, else by years of experience) and the spans that belong to another
//! field.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};

use super::normalise::{Token, stem, tokens};
use super::synonyms::Synonyms;
use crate::knowledge::{Kind, KnowledgeBase, Years};

/// Longest cue phrase, in words.
const MAX_PHRASE: usize = 6;
/// What a figure of experience is counted in, after synonyms and stemming (`yoe` is a variant
/// of `experience`, `yrs` of `years`).
const YEAR_UNITS: [&str; 2] = ["year", "experienc"];
const MONTH_UNITS: [&str; 1] = ["month"];

/// What one cue phrase means. A phrase may mean several things (a level and an intent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Meaning {
    Intent(usize),
    Level(usize),
    Field,
    Switch,
    Colleague,
}

/// The knowledge's cue lists, compiled.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cues {
    /// Stems of a phrase joined by spaces → what it means.
    table: HashMap<String, Vec<Meaning>>,
    /// Every proper word-prefix of a phrase, so that a phrase is only extended while it can
    /// still become one.
    prefixes: HashSet<String>,
    longest: usize,
    /// (id, kind answering it), in the knowledge's order (earlier wins a tie).
    intents: Vec<(String, Kind)>,
    /// (id, years), in the knowledge's order.
    levels: Vec<(String, Years)>,
    /// Every single cue word as typed in the knowledge, for typo correction towards them.
    words: Vec<String>,
    /// The stem of each one-word field word → the words as listed. Stems are shared by unrelated
    /// words (`cooking` and `cooked`, `mechanic` and `mechanical`, `waiter` and `wait`), so such a
    /// field is read only where the question has one of its words, or its plural.
    field_words: HashMap<String, Vec<String>>,
    /// Stems of the chat words, after synonyms.
    chat: HashSet<String>,
}

/// What the cues say about one question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// The intent with the most words in the question (the one listed first on a tie). The
    /// matcher reads the sentence that asks on its own too, and prefers its intent.
    pub intent: Option<usize>,
    /// The one level the question names: by its words when they name exactly one, else by its
    /// years of experience. `None` when it names none, or several (a comparison).
    pub level: Option<usize>,
    /// Spans (first token, token count) of words that belong to another profession or field.
    pub fields: Vec<(usize, usize)>,
    /// Spans of the words that name a level (`senior`, `tech lead`) or a colleague by one (`my
    /// senior`): a job title after them is another job's.
    pub level_words: Vec<(usize, usize)>,
    /// Whether the question says the asker is moving into this work ("switching from teaching
    /// to backend"), so that the fields it names are where the asker comes from.
    pub switching: bool,
    /// Spans of the phrases that name a colleague by a level word (`my senior`, `our tech
    /// lead`): a person in the asker's story, not what is asked about.
    pub colleagues: Vec<(usize, usize)>,
}

impl Cues {
    pub fn new(kb: &KnowledgeBase, synonyms: &Synonyms) -> Self {
        let mut cues = Cues {
            intents: kb.intents.iter().map(|i| (i.id.clone(), i.kind)).collect(),
            levels: kb.levels.iter().map(|l| (l.id.clone(), l.years)).collect(),
            chat: kb
                .chat
                .iter()
                .flat_map(|c| c.words.iter())
                .filter_map(|w| match synonyms.rewrite(tokens(w)).as_slice() {
                    [one] => Some(one.stem.clone()),
                    _ => None,
                })
                .collect(),
            longest: 1,
            ..Cues::default()
        };
        let lists = kb
            .intents
            .iter()
            .enumerate()
            .flat_map(|(i, intent)| intent.words.iter().map(move |w| (w, Meaning::Intent(i))))
            .chain(kb.levels.iter().enumerate().flat_map(|(i, l)| l.words.iter().map(move |w| (w, Meaning::Level(i)))))
            .chain(kb.fields.iter().flat_map(|f| f.words.iter().map(|w| (w, Meaning::Field))))
            .chain(kb.switches.iter().flat_map(|s| s.words.iter().map(|w| (w, Meaning::Switch))))
            .chain(kb.colleagues.iter().flat_map(|c| c.words.iter().map(|w| (w, Meaning::Colleague))));
        for (word, meaning) in lists {
            let key: Vec<String> = synonyms.rewrite(tokens(word)).into_iter().map(|t| t.stem).collect();
            if key.is_empty() || key.len() > MAX_PHRASE {
                continue;
            }
            if key.len() == 1 && !word.contains(' ') {
                cues.words.push(word.clone());
                if meaning == Meaning::Field {
                    cues.field_words.entry(key[0].clone()).or_default().push(word.clone());
                }
            }
            cues.longest = cues.longest.max(key.len());
            for end in 1..key.len() {
                cues.prefixes.insert(key[..end].join(" "));
            }
            let meanings = cues.table.entry(key.join(" ")).or_default();
            if !meanings.contains(&meaning) {
                meanings.push(meaning);
            }
        }
        cues
    }

    /// Whether a one-token match of a field's stem is one of the field's words: as listed, in
    /// the plural, a typo corrected to it, or a phrase that the synonyms made one token.
    fn is_field_word(&self, token: &Token) -> bool {
        self.field_words.get(&token.stem).is_none_or(|words| {
            let singular = token.raw.strip_suffix('s').unwrap_or(&token.raw);
            token.edits > 0 || words.iter().any(|w| *w == token.raw || w == singular)
        })
    }

    /// Every single-word cue, as the knowledge spells it.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }

    /// Whether a word (its stem, after synonyms) is one the knowledge uses that questions use
    /// only as chat.
    pub fn is_chat(&self, stem: &str) -> bool {
        self.chat.contains(stem)
    }

    /// Whether a word is a cue word as typed (typo correction leaves it alone).
    pub fn is_word(&self, stem: &str) -> bool {
        self.table.contains_key(stem)
    }

    /// The id and answering kind of the `i`-th intent, if there is one.
    pub fn intent_at(&self, i: usize) -> Option<(&str, Kind)> {
        self.intents.get(i).map(|(id, kind)| (id.as_str(), *kind))
    }

    /// The id of a level.
    pub fn level(&self, i: usize) -> &str {
        &self.levels[i].0
    }

    /// Reads a question: `tokens` after typo correction and synonyms, stopwords kept; `text`
    /// as typed (for figures of experience such as `2.5 yoe`). Each of its `pay_figures` (`22
    /// lpa`) counts as one word of the intent that salary tiers answer.
    pub fn read(&self, tokens: &[Token], text: &str, synonyms: &Synonyms, pay_figures: usize) -> Reading {
        let mut reading = Reading::default();
        let mut intent_hits = vec![0usize; self.intents.len()];
        if let Some(pay) = self.intents.iter().position(|(_, kind)| *kind == Kind::Salary) {
            intent_hits[pay] += pay_figures;
        }
        let mut named: Vec<usize> = Vec::new();
        let mut key = String::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut found: Option<(usize, &Vec<Meaning>)> = None;
            key.clear();
            for (len, token) in tokens[i..].iter().take(self.longest).enumerate() {
                if len > 0 {
                    key.push(' ');
                }
                key.push_str(&token.stem);
                if let Some(meanings) = self.table.get(key.as_str()) {
                    found = Some((len + 1, meanings));
                }
                if !self.prefixes.contains(key.as_str()) {
                    break;
                }
            }
            let Some((len, meanings)) = found else {
                i += 1;
                continue;
            };
            if meanings.iter().any(|m| matches!(m, Meaning::Level(_) | Meaning::Colleague)) {
                reading.level_words.push((i, len));
            }
            for meaning in meanings {
                match *meaning {
                    Meaning::Intent(n) => intent_hits[n] += 1,
                    Meaning::Level(n) if !named.contains(&n) => named.push(n),
                    Meaning::Level(_) => {}
                    Meaning::Field if len == 1 && !self.is_field_word(&tokens[i]) => {}
                    Meaning::Field => reading.fields.push((i, len)),
                    Meaning::Switch => reading.switching = true,
                    // A person, whose level word is read with it: it names no level.
                    Meaning::Colleague => reading.colleagues.push((i, len)),
                }
            }
            i += len;
        }
        let most = intent_hits.iter().copied().max().unwrap_or(0);
        reading.intent = (most > 0).then(|| intent_hits.iter().position(|&h| h == most)).flatten();
        reading.level = match named.as_slice() {
            [one] => Some(*one),
            [] => experience(text, synonyms).and_then(|years| self.levels.iter().position(|(_, y)| y.holds(years))),
            _ => None,
        };
        reading
    }
}

/// The lists whose words are read after the synonyms, one word at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordList {
    Field,
    Chat,
}

impl WordList {
    /// The list's name in a `list:id` reference (`field:banking`, `chat:around`).
    pub fn name(self) -> &'static str {
        match self {
            WordList::Field => "field",
            WordList::Chat => "chat",
        }
    }
}

/// A word of another field, or a chat word, that the synonyms rewrite before it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewrittenWord {
    /// The list it is in.
    pub list: WordList,
    /// The id of the field or chat list.
    pub id: String,
    /// The word as the knowledge lists it.
    pub word: String,
    /// What the synonyms make of it.
    pub read_as: String,
}

/// The one-word words of other fields, and the chat words, that the synonyms read as something
/// else. Both are read after the synonyms, so such a word stands for the term it is rewritten
/// to, and for every variant of it: `imps`, whose stem `imp` is a variant of `important`, would
/// make every "important" a banking word, and a chat word `package` every "salary" chat. A
/// phrase stays specific when one of its words is rewritten (`income tax return` is read as
/// `salary tax return`, and so is the question), so phrases are not reported.
pub fn rewritten_list_words(kb: &KnowledgeBase) -> Vec<RewrittenWord> {
    let synonyms = Synonyms::new(&kb.synonyms);
    let stems = |t: &[Token]| t.iter().map(|t| t.stem.as_str()).collect::<Vec<_>>().join(" ");
    let lists = kb
        .fields
        .iter()
        .map(|f| (WordList::Field, &f.id, &f.words))
        .chain(kb.chat.iter().map(|c| (WordList::Chat, &c.id, &c.words)));
    let mut found = Vec::new();
    for (list, id, words) in lists {
        for word in words.iter().filter(|w| !w.contains(' ')) {
            let (own, read) = (tokens(word), synonyms.rewrite(tokens(word)));
            if stems(&read) != stems(&own) {
                let read_as = read.iter().map(|t| t.raw.as_str()).collect::<Vec<_>>().join(" ");
                found.push(RewrittenWord { list, id: id.clone(), word: word.clone(), read_as });
            }
        }
    }
    found
}

/// The first figure of experience in a text (`4 yoe`, `2.5 years`, `15+ yrs`, `6 months`), in
/// years.
fn experience(text: &str, synonyms: &Synonyms) -> Option<f64> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit() || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            i += 1;
        }
        let figure: String = chars[start..i].iter().collect();
        let mut j = i;
        while j < chars.len() && matches!(chars[j], ' ' | '+' | '-') {
            j += 1;
        }
        let word_start = j;
        while j < chars.len() && chars[j].is_alphabetic() {
            j += 1;
        }
        let word: String = chars[word_start..j].iter().collect::<String>().to_lowercase();
        let unit = synonyms.term_of(&word).and_then(|t| t.first()).map_or_else(|| stem(&word), |t| t.stem.clone());
        if let Ok(value) = figure.parse::<f64>() {
            if YEAR_UNITS.contains(&unit.as_str()) {
                return Some(value);
            }
            if MONTH_UNITS.contains(&unit.as_str()) {
                return Some(value / 12.0);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Source;

    const KB: &str = r#"
faqs:
  - {id: a, question: Q?, answer: A.}
synonyms:
  - {term: salary, variants: [ctc, package]}
  - {term: experience, variants: [yoe, exp]}
  - {term: years, variants: [yrs, saal]}
  - {term: senior, variants: [sr]}
intents:
  - {id: pay, kind: salary, words: [salary, how much]}
  - {id: work, kind: role, words: [does, day to day, not the pay]}
levels:
  - {id: junior, words: [fresher, junior], years: {from: 0, to: 2}}
  - {id: mid, words: [mid], years: {from: 2, to: 5}}
  - {id: senior, words: [senior, tech lead], years: {from: 5}}
fields:
  - {id: medicine, words: [doctor, dentist]}
  - {id: data, words: [data scientist]}
switches:
  - {id: into-backend, words: [to backend, become a developer]}
colleagues:
  - {id: people, words: [my senior, our senior, mera tech lead]}
"#;

    fn reading(question: &str) -> Reading {
        static CUES: std::sync::OnceLock<(Cues, Synonyms)> = std::sync::OnceLock::new();
        let (cues, synonyms) = CUES.get_or_init(|| {
            let kb = KnowledgeBase::from_sources(vec![Source::new("kb.yaml", KB)]).unwrap_or_else(|e| panic!("{e}"));
            let synonyms = Synonyms::new(&kb.synonyms);
            (Cues::new(&kb, &synonyms), synonyms)
        });
        let tokens = synonyms.rewrite(tokens(question));
        // The index finds salary figures (a number and its unit); here `lpa` stands for one.
        let figures = question.split_whitespace().filter(|w| *w == "lpa").count();
        cues.read(&tokens, question, synonyms, figures)
    }

    fn read(question: &str) -> (Option<&'static str>, Option<&'static str>, usize) {
        let reading = reading(question);
        let intent = reading.intent.map(|i| ["pay", "work"][i]);
        let level = reading.level.map(|l| ["junior", "mid", "senior"][l]);
        (intent, level, reading.fields.len())
    }

    #[test]
    fn pay_and_work_words_tell_the_intent() {
        assert_eq!(read("sr ctc"), (Some("pay"), Some("senior"), 0));
        assert_eq!(read("what does a tech lead do day to day"), (Some("work"), Some("senior"), 0));
        assert_eq!(read("what a senior does, not the pay"), (Some("work"), Some("senior"), 0), "a phrase wins");
        assert_eq!(read("how much does a senior make"), (Some("pay"), Some("senior"), 0), "pay wins a tie");
    }

    #[test]
    fn a_salary_figure_counts_as_a_pay_word() {
        // Two work words against one pay word, and the figure evens it: pay wins the tie.
        assert_eq!(read("senior does day to day stuff, salary 30 lpa fair?").0, Some("pay"));
        assert_eq!(read("senior does day to day stuff, salary fair?").0, Some("work"));
    }

    #[test]
    fn years_of_experience_name_a_level() {
        assert_eq!(read("4 yoe package").1, Some("mid"));
        assert_eq!(read("2.5 yrs exp").1, Some("mid"));
        assert_eq!(read("15+ years").1, Some("senior"));
        assert_eq!(read("6 months in, salary?").1, Some("junior"));
        assert_eq!(read("3 saal exp").1, Some("mid"));
        assert_eq!(read("got 6 lpa").1, None, "a salary figure is no experience");
        assert_eq!(read("4 yoe as a fresher").1, Some("junior"), "a level's word wins over years");
    }

    #[test]
    fn two_levels_name_none() {
        assert_eq!(read("how to go from junior to senior").1, None);
    }

    /// A one-word field that the synonyms rewrite (`imps`, whose stem `imp` is a variant of
    /// `important`) would make every question with the term count against all entries. (In a
    /// phrase a rewritten word is harmless: `site engineer` stays a phrase of its own.)
    #[test]
    fn no_field_or_chat_word_of_the_built_in_knowledge_is_rewritten_by_the_synonyms() {
        let kb = KnowledgeBase::from_sources(crate::knowledge::source::builtin()).expect("built-in knowledge");
        assert!(!kb.chat.is_empty() && !kb.fields.is_empty(), "the built-in knowledge lists both");
        let rewritten = rewritten_list_words(&kb);
        assert!(rewritten.is_empty(), "field or chat words read as another word through the synonyms: {rewritten:?}");
    }

    #[test]
    fn a_field_or_chat_word_that_a_synonym_rewrites_is_found_with_what_it_is_read_as() {
        let text = "synonyms:\n  - {term: important, variants: [imp, key]}\n  - {term: salary, variants: [package]}\n\
                    fields:\n  - {id: banking, words: [imps, neft, key card]}\n\
                    chat:\n  - {id: everyday, words: [week, package]}\n";
        let kb = KnowledgeBase::from_sources(vec![Source::new("kb.yaml", text)]).unwrap_or_else(|e| panic!("{e}"));
        let found = rewritten_list_words(&kb);
        let words: Vec<(WordList, &str, &str, &str)> =
            found.iter().map(|f| (f.list, f.id.as_str(), f.word.as_str(), f.read_as.as_str())).collect();
        assert_eq!(
            words,
            [(WordList::Field, "banking", "imps", "important"), (WordList::Chat, "everyday", "package", "salary")],
            "a phrase (`key card`) stays specific"
        );
    }

    #[test]
    fn a_switch_phrase_says_the_asker_is_leaving_the_field_it_names() {
        let leaving = reading("dentist for 5 years, switching to backend now");
        assert_eq!((leaving.fields.len(), leaving.switching), (1, true), "{leaving:?}");
        let another = reading("dentist thinking of switching clinics");
        assert_eq!((another.fields.len(), another.switching), (1, false), "a switch names where to: {another:?}");
        assert!(reading("can a doctor become a developer").switching);
    }

    #[test]
    fn level_words_are_found_with_their_spans() {
        assert_eq!(reading("is a tech lead paid more").level_words, [(2, 2)]);
        assert_eq!(reading("senior or junior").level_words, [(0, 1), (2, 1)]);
    }

    #[test]
    fn a_colleague_named_by_a_level_word_is_a_person_not_the_level_asked_about() {
        assert_eq!(read("my senior says add an index"), (None, None, 0));
        assert_eq!(read("mera tech lead bolta hai"), (None, None, 0));
        // The words stay level words: a job title after them is still another job's.
        assert_eq!(reading("our senior does code reviews").level_words, [(0, 2)]);
        assert_eq!(reading("our senior does code reviews").colleagues, [(0, 2)]);
        assert_eq!(reading("the senior does code reviews").colleagues, []);
        // Elsewhere in the question the level still counts, and so do the other cues.
        assert_eq!(read("my senior says a senior does day to day reviews"), (Some("work"), Some("senior"), 0));
        assert_eq!(read("my salary as a senior"), (Some("pay"), Some("senior"), 0));
        // A level word after a possessive that names no person is still the level.
        assert_eq!(read("my junior salary"), (Some("pay"), Some("junior"), 0));
    }

    #[test]
    fn other_fields_are_found_as_whole_phrases() {
        assert_eq!(read("dentist salary").2, 1);
        assert_eq!(read("data scientist package").2, 1);
        assert_eq!(read("data storage salary").2, 0);
    }
}
