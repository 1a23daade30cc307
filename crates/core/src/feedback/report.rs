//! The gaps report: the questions the bot missed most often, near-duplicates grouped, each with
//! how often and how recently it was asked and the closest entry the knowledge base has; and
//! the entries whose answers got the worst 👍/👎 ratio, with the latest reasons given for a 👎.
//! A group the bot now answers confidently (an entry was added since) is marked answered.
//!
//! Questions are grouped by the matcher's own understanding of them ([`Matcher::key`]: typos
//! corrected, synonyms rewritten, stopwords dropped, stems sorted), then groups whose terms
//! mostly agree are merged, so "how do I negotiate salary" and "salary negotiation tips" end up
//! together while "learn rust" and "learn go" stay apart.
//!
//! [`Matcher::key`]: crate::search::Matcher::key

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use super::record::{QuestionRow, ReasonRow};
use crate::Bot;
use crate::knowledge::EntryRef;
use crate::reply::neutralise;
use crate::search::Confidence;

/// Groups and entries shown when no limit is given.
pub const DEFAULT_LIMIT: usize = 10;
/// Most questions read for one report: the most recent ones.
pub const MAX_QUESTIONS_READ: usize = 50_000;
/// Two groups are one question when at least this share of their terms match.
const SAME_QUESTION: f32 = 0.6;
/// Other wordings listed with a group at most.
const MAX_ALTERNATIVES: usize = 5;
/// Reasons shown with one worst-rated entry at most, the latest first.
pub const MAX_REASONS: usize = 3;
/// Question words (as typed and as stems): they tell questions apart for the matcher, but
/// "what is kubernetes" and "kubernetes?" are one gap.
const QUESTION_WORDS: &[&str] =
    &["what", "how", "which", "why", "when", "where", "who", "whom", "do", "does", "doe", "did"];

/// Whether a word or stem only makes a question a question ("how", "what", "does").
pub fn is_question_word(word: &str) -> bool {
    QUESTION_WORDS.contains(&word)
}

/// What to report on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    /// Only what happened this long ago or later.
    pub since: Option<Duration>,
    /// Only this guild.
    pub guild: Option<u64>,
    /// Groups (and worst-rated entries) shown at most.
    pub limit: usize,
}

impl Default for Filter {
    fn default() -> Self {
        Filter { since: None, guild: None, limit: DEFAULT_LIMIT }
    }
}

/// Longest part of a refused period echoed back in the error.
const SHOWN_PERIOD: usize = 40;

/// Parses a period such as `30m`, `12h`, `7d` or `2w`.
pub fn parse_since(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = text.split_at(digits);
    let seconds = match unit.trim() {
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => 0,
    };
    match number.parse::<u64>() {
        Ok(n) if n > 0 && seconds > 0 => Ok(Duration::from_secs(n.saturating_mul(seconds))),
        _ => {
            // The text is echoed into a Discord reply: cut and defused, whatever its size.
            let shown = neutralise::neutralise(&neutralise::one_line(text), SHOWN_PERIOD);
            Err(format!("“{shown}” is not a period: write a number and a unit, e.g. 30m, 12h, 7d or 2w"))
        }
    }
}

/// The votes on one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub entry: EntryRef,
    pub up: u64,
    pub down: u64,
}

/// The report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The unix time the report starts at, if limited.
    pub since: Option<i64>,
    pub guild: Option<u64>,
    /// Missed questions read.
    pub questions: usize,
    /// Whether older questions were left out ([`MAX_QUESTIONS_READ`]).
    pub truncated: bool,
    /// The most asked groups, most asked first.
    pub groups: Vec<Group>,
    /// Entries with a 👎, worst ratio first.
    pub worst: Vec<Rating>,
    /// The entries questions were most often answered with, most first.
    pub most_asked: Vec<Asked>,
}

/// How often questions were answered with one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub entry: EntryRef,
    /// `None` when the entry is no longer in the knowledge base.
    pub title: Option<String>,
    pub count: u64,
}

/// The most asked answers from stored counts (most first, as the store returns them).
pub fn most_asked(bot: &Bot, counts: &[(EntryRef, u64)], limit: usize) -> Vec<Asked> {
    counts
        .iter()
        .take(limit)
        .map(|(entry, count)| Asked {
            title: bot.knowledge().title(entry).map(str::to_owned),
            entry: entry.clone(),
            count: *count,
        })
        .collect()
}

/// Near-duplicate questions taken as one.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The most asked wording.
    pub question: String,
    /// Other wordings, most asked first.
    pub alternatives: Vec<String>,
    pub count: usize,
    /// Unix time of the latest.
    pub last_seen: i64,
    pub closest: Option<Closest>,
    /// The title of the entry that answers the most asked wording confidently now, if one does
    /// (added since the questions were missed): the gap is closed.
    pub now_answered: Option<String>,
}

/// The existing entry that came closest to a group's questions.
#[derive(Debug, Clone, PartialEq)]
pub struct Closest {
    pub entry: EntryRef,
    /// `None` when the entry is no longer in the knowledge base.
    pub title: Option<String>,
    pub score: f32,
}

/// The votes on one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    pub entry: EntryRef,
    /// `None` when the entry is no longer in the knowledge base.
    pub title: Option<String>,
    pub up: u64,
    pub down: u64,
    /// Reasons given with a 👎, the latest first, at most [`MAX_REASONS`].
    pub reasons: Vec<String>,
}

/// Builds the report from rows already read.
pub fn build(bot: &Bot, questions: &[QuestionRow], tallies: &[Tally], limit: usize) -> Report {
    let title = |entry: &EntryRef| bot.knowledge().title(entry).map(str::to_owned);
    let mut groups: Vec<Cluster> = clusters(bot, questions);
    groups.truncate(limit);
    let groups = groups
        .into_iter()
        .map(|c| {
            let mut texts: Vec<(String, (usize, i64))> = c.texts.into_iter().collect();
            texts.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(b.1.1.cmp(&a.1.1)).then(a.0.cmp(&b.0)));
            let mut texts = texts.into_iter().map(|(text, _)| text);
            let closest = c
                .best
                .into_iter()
                .max_by(|a, b| a.1.0.cmp(&b.1.0).then(a.1.1.total_cmp(&b.1.1)).then(b.0.cmp(&a.0)))
                .map(|(entry, (_, score))| Closest { title: title(&entry), entry, score });
            let question = texts.next().unwrap_or_default();
            Group {
                now_answered: answered_now(bot, &question),
                question,
                alternatives: texts.take(MAX_ALTERNATIVES).collect(),
                count: c.count,
                last_seen: c.last_seen,
                closest,
            }
        })
        .collect();
    let mut worst: Vec<&Tally> = tallies.iter().filter(|t| t.down > 0).collect();
    // Laplace-smoothed share of 👍: one 👎 alone is not worse than 3 👍 against 7 👎.
    let share = |t: &Tally| (t.up as f64 + 1.0) / ((t.up + t.down) as f64 + 2.0);
    worst.sort_by(|a, b| share(a).total_cmp(&share(b)).then(b.down.cmp(&a.down)).then(a.entry.cmp(&b.entry)));
    let worst = worst
        .into_iter()
        .take(limit)
        .map(|t| Rating { entry: t.entry.clone(), title: title(&t.entry), up: t.up, down: t.down, reasons: vec![] })
        .collect();
    Report { since: None, guild: None, questions: questions.len(), truncated: false, groups, worst, most_asked: vec![] }
}

/// The title of the entry `bot` answers `question` with, if it is sure of it.
fn answered_now(bot: &Bot, question: &str) -> Option<String> {
    let outcome = bot.matcher().ask(question);
    let best = outcome.best.filter(|_| outcome.confidence == Confidence::Sure)?;
    bot.knowledge().title(&best.entry).map(str::to_owned)
}

/// Gives each worst-rated entry of `report` its latest reasons from `reasons` (read the latest
/// first), at most [`MAX_REASONS`] each.
pub fn add_reasons(report: &mut Report, reasons: &[ReasonRow]) {
    for rating in &mut report.worst {
        rating.reasons =
            reasons.iter().filter(|r| r.entry == rating.entry).take(MAX_REASONS).map(|r| r.text.clone()).collect();
    }
}

/// Questions with the same or nearly the same key.
#[derive(Debug)]
struct Cluster {
    /// The keys of its questions, the most asked first.
    keys: Vec<Vec<String>>,
    count: usize,
    last_seen: i64,
    /// Wording → (times asked, last asked).
    texts: BTreeMap<String, (usize, i64)>,
    /// Closest entry → (times, best score).
    best: BTreeMap<EntryRef, (usize, f32)>,
}

impl Cluster {
    fn absorb(&mut self, other: Cluster) {
        self.keys.extend(other.keys);
        self.count += other.count;
        self.last_seen = self.last_seen.max(other.last_seen);
        for (text, (n, at)) in other.texts {
            let slot = self.texts.entry(text).or_insert((0, at));
            *slot = (slot.0 + n, slot.1.max(at));
        }
        for (entry, (n, score)) in other.best {
            let slot = self.best.entry(entry).or_insert((0, score));
            *slot = (slot.0 + n, slot.1.max(score));
        }
    }
}

/// Every question in a cluster, most asked first.
fn clusters(bot: &Bot, questions: &[QuestionRow]) -> Vec<Cluster> {
    let mut exact: HashMap<Vec<String>, Cluster> = HashMap::new();
    for q in questions {
        let mut key = bot.matcher().key(&q.text);
        if key.is_empty() {
            key = vec![q.text.clone()];
        }
        let cluster = exact.entry(key.clone()).or_insert_with(|| Cluster {
            keys: vec![key],
            count: 0,
            last_seen: q.at,
            texts: BTreeMap::new(),
            best: BTreeMap::new(),
        });
        cluster.absorb(Cluster {
            keys: Vec::new(),
            count: 1,
            last_seen: q.at,
            texts: BTreeMap::from([(q.text.clone(), (1, q.at))]),
            best: q.best.iter().map(|e| (e.clone(), (1, q.score))).collect(),
        });
    }
    let mut exact: Vec<Cluster> = exact.into_values().collect();
    sort(&mut exact);
    let mut merged: Vec<Cluster> = Vec::new();
    // A group joins the first (most asked) cluster holding a key close to its own.
    for cluster in exact {
        let close = |m: &&mut Cluster| m.keys.iter().any(|k| similarity(k, &cluster.keys[0]) >= SAME_QUESTION);
        match merged.iter_mut().find(close) {
            Some(into) => into.absorb(cluster),
            None => merged.push(cluster),
        }
    }
    sort(&mut merged);
    merged
}

fn sort(clusters: &mut [Cluster]) {
    clusters.sort_by(|a, b| b.count.cmp(&a.count).then(b.last_seen.cmp(&a.last_seen)).then(a.keys.cmp(&b.keys)));
}

/// The share of two keys' terms that match (Jaccard, with terms a typo or a suffix apart
/// counting as one), question words left out unless a key has nothing else.
fn similarity(a: &[String], b: &[String]) -> f32 {
    let content = |key: &[String]| -> Vec<String> {
        let kept: Vec<String> = key.iter().filter(|t| !is_question_word(t)).cloned().collect();
        if kept.is_empty() { key.to_vec() } else { kept }
    };
    let (a, b) = (content(a), content(b));
    let mut unused: Vec<&String> = b.iter().collect();
    let mut matched = 0;
    for term in &a {
        if let Some(i) = unused.iter().position(|other| same_term(term, other)) {
            unused.swap_remove(i);
            matched += 1;
        }
    }
    let union = a.len() + b.len() - matched;
    if union == 0 { 0.0 } else { matched as f32 / union as f32 }
}

/// Terms that are the same word: equal, one a prefix of the other (`negotiat`,
/// `negotiation`; `bak`, `bake`), or a typo apart (`kubernet`, `kubernets`).
fn same_term(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let shortest = short.chars().count();
    // Stems of one word often differ in their ending only (`bak` from baking, `bake`).
    if long.starts_with(short) && (shortest >= 5 || (shortest >= 3 && long.chars().count() == shortest + 1)) {
        return true;
    }
    let allowed = match shortest {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    };
    allowed > 0 && a.chars().next() == b.chars().next() && strsim::damerau_levenshtein(a, b) <= allowed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(words: &str) -> Vec<String> {
        words.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn periods() {
        assert_eq!(parse_since("7d"), Ok(Duration::from_secs(7 * 86_400)));
        assert_eq!(parse_since(" 12h "), Ok(Duration::from_secs(12 * 3600)));
        assert_eq!(parse_since("2w"), Ok(Duration::from_secs(14 * 86_400)));
        assert_eq!(parse_since("30m"), Ok(Duration::from_secs(1800)));
        for bad in ["", "7", "d", "0d", "7y", "-1d", "seven days"] {
            let err = parse_since(bad).unwrap_err();
            assert!(err.contains("7d"), "{bad}: {err}");
        }
    }

    #[test]
    fn regression_a_long_bad_period_was_echoed_whole() {
        // A 10,000-character `since:` made the refusal's embed overflow Discord's limits.
        let err = parse_since(&"9".repeat(10_000)).unwrap_err();
        assert!(err.chars().count() < 200, "{} characters", err.chars().count());
        let err = parse_since("@everyone").unwrap_err();
        assert!(!err.contains("@everyone"), "{err}");
    }

    #[test]
    fn a_gap_the_servers_new_entry_answers_is_marked_answered() {
        use crate::feedback::Miss;
        use crate::knowledge::server::ServerEntry;
        let base = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
        let asked = |text: &str| QuestionRow {
            text: text.to_owned(),
            guild: Some(42),
            best: None,
            score: 0.1,
            miss: Miss::Declined,
            at: 1_700_000_000,
        };
        let questions = [asked("where do we post job openings"), asked("where do we post job openings")];
        let before = build(&base, &questions, &[], DEFAULT_LIMIT);
        assert_eq!(before.groups.len(), 1);
        assert_eq!(before.groups[0].now_answered, None, "{before:?}");
        let entry = ServerEntry::from_form(
            "job-openings",
            "Where do we post job openings?",
            "hiring channel",
            "Job openings go in the #jobs channel, with the salary range and the location.",
            "jobs",
        );
        let own = base.with_server(42, &[entry], 10).expect("the entry is valid");
        let after = build(&own, &questions, &[], DEFAULT_LIMIT);
        assert_eq!(after.groups[0].now_answered.as_deref(), Some("Where do we post job openings?"));
        assert_eq!(after.groups[0].count, 2, "the gap is still reported, marked answered");
    }

    #[test]
    fn the_worst_rated_get_their_latest_three_reasons() {
        let entry = EntryRef::new(crate::knowledge::Kind::Faq, "x");
        let other = EntryRef::new(crate::knowledge::Kind::Faq, "y");
        let bot = Bot::builtin().unwrap_or_else(|e| panic!("{e}"));
        let mut report = build(&bot, &[], &[Tally { entry: entry.clone(), up: 0, down: 5 }], DEFAULT_LIMIT);
        let reason = |entry: &EntryRef, text: &str| ReasonRow {
            entry: entry.clone(),
            text: text.to_owned(),
            guild: Some(1),
            at: 0,
        };
        let reasons = [
            reason(&entry, "newest"),
            reason(&other, "not this entry"),
            reason(&entry, "second"),
            reason(&entry, "third"),
            reason(&entry, "fourth"),
        ];
        add_reasons(&mut report, &reasons);
        assert_eq!(report.worst[0].reasons, ["newest", "second", "third"]);
    }

    #[test]
    fn near_duplicate_keys_are_similar_and_different_topics_are_not() {
        assert!(similarity(&key("negotiat salary"), &key("negotiation salary tip")) >= SAME_QUESTION);
        assert!(similarity(&key("kubernet what"), &key("kubernet")) >= SAME_QUESTION);
        assert!(similarity(&key("kubernets learn"), &key("kubernet learn")) >= SAME_QUESTION);
        assert!(similarity(&key("bak bread sourdough"), &key("bake bread how sourdough")) >= SAME_QUESTION);
        assert!(similarity(&key("learn rust"), &key("go learn")) < SAME_QUESTION);
        assert!(similarity(&key("how salary"), &key("docker how learn")) < SAME_QUESTION);
    }
}
