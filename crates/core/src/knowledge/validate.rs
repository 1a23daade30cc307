//! Checks the parsed files as one knowledge base: ids, empty and over-long texts, references,
//! synonyms, salary figures in texts, and text that could ping people or link anywhere but
//! https. Every problem is collected; nothing is served unless there are none.
//!
//! The salary placeholders of the texts the bot shows are filled in here, before any other
//! check, so that length limits (and the reply limits checked after loading) measure the text
//! as it is sent.

use std::collections::{HashMap, HashSet};

use super::error::Problem;
use super::figures::{self, Figures};
use super::locate;
use super::model::{Citation, EntryRef, Kind, KnowledgeFile, Years};
use super::source::Source;
use super::{KnowledgeBase, Origin};

/// Longest id: keeps every button custom id (`show:faq:<id>:<user id>`) within Discord's 100.
pub const MAX_ID: usize = 60;
/// Longest title-like text (names, titles, questions, group names): fits an embed title.
pub const MAX_TITLE: usize = 200;
/// Longest answer: leaves room in the embed description (4096) and the message total (6000).
pub const MAX_ANSWER: usize = 3000;
/// Longest summary or description.
pub const MAX_SUMMARY: usize = 1000;
/// Longest list item (alias, phrasing, concept, tag, skill, focus area).
pub const MAX_ITEM: usize = 200;
/// Longest word or phrase of an intent, a level or another field.
pub const MAX_WORDS: usize = 60;
/// Most sources of one entry: their titles share one embed footer with the rest of it.
pub const MAX_SOURCES: usize = 5;
/// Longest source link.
pub const MAX_URL: usize = 500;

/// The fields whose texts the bot shows, where salary placeholders are filled in. The others
/// (aliases, phrasings and tags: what people type; ids and references) take none.
pub const FILLED: &[&str] =
    &["name", "title", "question", "summary", "description", "answer", "focus", "skills.group", "skills.items"];

/// One text of an entry, with the field it sits in and its length cap.
struct Text<'a> {
    field: &'static str,
    value: &'a str,
    max: usize,
}

fn text<'a>(field: &'static str, value: &'a str, max: usize) -> Text<'a> {
    Text { field, value, max }
}

fn items<'a>(field: &'static str, values: &'a [String], max: usize) -> impl Iterator<Item = Text<'a>> {
    values.iter().map(move |v| text(field, v, max))
}

/// Validates parsed files into a knowledge base, or returns every problem found.
pub fn validate(files: Vec<(Source, KnowledgeFile)>) -> Result<KnowledgeBase, Vec<Problem>> {
    let mut checker =
        Checker { figures: Figures::new(files.iter().flat_map(|(_, file)| &file.salary_tiers)), ..Checker::default() };
    let mut kb = KnowledgeBase::default();
    for (source, mut file) in files {
        checker.file(&source, &mut file, &mut kb);
        kb.tiers.extend(file.salary_tiers);
        kb.roles.extend(file.roles);
        kb.topics.extend(file.topics);
        kb.faqs.extend(file.faqs);
        kb.synonyms.extend(file.synonyms);
        kb.intents.extend(file.intents);
        kb.levels.extend(file.levels);
        kb.fields.extend(file.fields);
        kb.switches.extend(file.switches);
        kb.colleagues.extend(file.colleagues);
        kb.chat.extend(file.chat);
    }
    kb.reindex();
    checker.references(&kb);
    checker.synonyms(&kb);
    checker.vocabularies(&kb);
    kb.vocabulary = std::mem::take(&mut checker.vocabulary_ids).into_iter().collect();
    if checker.problems.is_empty() { Ok(kb) } else { Err(checker.problems) }
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
    /// Where each entry id was first defined, to report duplicates.
    seen: HashMap<EntryRef, Origin>,
    /// How many entries with the same id a file had so far (to tell duplicates apart in it).
    per_file: HashMap<(String, String), usize>,
    /// The current file's `id:` lines (id → line and column of each entry with it).
    id_lines: rustc_hash::FxHashMap<String, Vec<(usize, usize)>>,
    /// Every file's text, for locating problems found across files.
    sources: Vec<(String, String)>,
    /// The salary tiers of every file, whose numbers fill the placeholders of the texts.
    figures: Figures,
    /// Where each intent, level and field (`level:senior`) was first defined.
    vocabulary_ids: HashMap<String, Origin>,
}

impl Checker {
    fn file(&mut self, source: &Source, file: &mut KnowledgeFile, kb: &mut KnowledgeBase) {
        self.id_lines = locate::id_index(&source.text).into_iter().map(|(id, at)| (id.to_owned(), at)).collect();
        let holds = file.salary_tiers.len()
            + file.roles.len()
            + file.topics.len()
            + file.faqs.len()
            + file.synonyms.len()
            + file.intents.len()
            + file.levels.len()
            + file.fields.len()
            + file.switches.len()
            + file.colleagues.len()
            + file.chat.len();
        if holds == 0 {
            self.problems.push(Problem::new(
                &source.name,
                "the file holds no entries",
                "add entries under `faqs:`, `topics:`, `roles:`, `salary_tiers:`, `synonyms:`, `intents:`, `levels:`, \
                 `fields:`, `switches:`, `colleagues:` or `chat:`, or delete the file",
            ));
        }
        for tier in &mut file.salary_tiers {
            let mut fill = self.filler(source, Kind::Salary, &tier.id);
            fill.text("name", &mut tier.name);
            fill.text("summary", &mut tier.summary);
            let mut texts = vec![
                text("name", &tier.name, MAX_TITLE),
                text("currency", &tier.currency, 10),
                text("region", &tier.region, 60),
                text("role", &tier.role, MAX_ID),
                text("summary", &tier.summary, MAX_SUMMARY),
            ];
            texts.extend(tier.level.iter().map(|l| text("level", l, MAX_ID)));
            texts.extend(items("aliases", &tier.aliases, MAX_ITEM));
            texts.extend(items("phrasings", &tier.phrasings, MAX_ITEM));
            texts.extend(titles(&tier.sources));
            let at = self.entry(source, Kind::Salary, &tier.id, &texts, kb);
            self.provenance(source, &at, &tier.sources, tier.as_of.as_deref());
            if !(tier.min_lpa.is_finite()
                && tier.max_lpa.is_finite()
                && tier.min_lpa >= 0.0
                && tier.min_lpa <= tier.max_lpa)
            {
                self.push(
                    source,
                    &at,
                    "max_lpa",
                    format!("the range {}–{} is not a range", tier.min_lpa, tier.max_lpa),
                    "give min_lpa ≤ max_lpa, both 0 or more",
                );
            }
            if tier.aliases.is_empty() {
                self.push(
                    source,
                    &at,
                    "aliases",
                    "the list is empty",
                    "add what people type for this level (e.g. `sr`, `senior`)",
                );
            }
        }
        for role in &mut file.roles {
            let mut fill = self.filler(source, Kind::Role, &role.id);
            fill.text("title", &mut role.title);
            fill.text("description", &mut role.description);
            fill.items("focus", &mut role.focus);
            let mut texts = vec![
                text("title", &role.title, MAX_TITLE),
                text("salary", &role.salary, MAX_ID),
                text("description", &role.description, MAX_SUMMARY),
            ];
            texts.extend(role.level.iter().map(|l| text("level", l, MAX_ID)));
            texts.extend(items("focus", &role.focus, MAX_ITEM));
            texts.extend(items("aliases", &role.aliases, MAX_ITEM));
            texts.extend(items("phrasings", &role.phrasings, MAX_ITEM));
            texts.extend(items("concepts", &role.concepts, MAX_ITEM));
            texts.extend(titles(&role.sources));
            let at = self.entry(source, Kind::Role, &role.id, &texts, kb);
            self.provenance(source, &at, &role.sources, role.as_of.as_deref());
            if role.focus.is_empty() {
                self.push(source, &at, "focus", "the list is empty", "name the role's focus areas");
            }
        }
        for topic in &mut file.topics {
            let mut fill = self.filler(source, Kind::Topic, &topic.id);
            fill.text("title", &mut topic.title);
            fill.text("summary", &mut topic.summary);
            for group in &mut topic.skills {
                fill.text("skills.group", &mut group.group);
                fill.items("skills.items", &mut group.items);
            }
            let mut texts = vec![text("title", &topic.title, MAX_TITLE), text("summary", &topic.summary, MAX_SUMMARY)];
            for group in &topic.skills {
                texts.push(text("skills.group", &group.group, MAX_ITEM));
                texts.extend(items("skills.items", &group.items, 100));
            }
            texts.extend(items("aliases", &topic.aliases, MAX_ITEM));
            texts.extend(items("phrasings", &topic.phrasings, MAX_ITEM));
            texts.extend(items("concepts", &topic.concepts, MAX_ITEM));
            texts.extend(titles(&topic.sources));
            let at = self.entry(source, Kind::Topic, &topic.id, &texts, kb);
            self.provenance(source, &at, &topic.sources, topic.as_of.as_deref());
            if topic.skills.is_empty() || topic.skills.iter().any(|g| g.items.is_empty()) {
                self.push(
                    source,
                    &at,
                    "skills",
                    "a topic needs skill groups, each with items",
                    "list the skills as `- group: NAME` with `items: [...]`",
                );
            }
            if topic.skills.len() > 20 {
                self.push(
                    source,
                    &at,
                    "skills",
                    format!("{} groups do not fit one embed", topic.skills.len()),
                    "keep to 20 groups or split the topic",
                );
            }
        }
        for faq in &mut file.faqs {
            let mut fill = self.filler(source, Kind::Faq, &faq.id);
            fill.text("question", &mut faq.question);
            fill.text("answer", &mut faq.answer);
            let mut texts = vec![text("question", &faq.question, MAX_TITLE), text("answer", &faq.answer, MAX_ANSWER)];
            texts.extend(items("phrasings", &faq.phrasings, MAX_ITEM));
            texts.extend(items("concepts", &faq.concepts, MAX_ITEM));
            texts.extend(items("tags", &faq.tags, 40));
            texts.extend(titles(&faq.sources));
            let at = self.entry(source, Kind::Faq, &faq.id, &texts, kb);
            self.provenance(source, &at, &faq.sources, faq.as_of.as_deref());
        }
        for synonym in &file.synonyms {
            let at = locate::entry_by_key(&source.text, "term", &synonym.term);
            for (field, value) in std::iter::once(("term", &synonym.term))
                .chain(synonym.variants.iter().map(|v| ("variants", v)))
                .chain(synonym.related.iter().map(|r| ("related", r)))
            {
                let normal = value.trim().to_lowercase();
                if normal.is_empty() {
                    self.problems.push(
                        Problem::new(&source.name, "the text is empty", "write the word or remove the empty item")
                            .at(at)
                            .entry(format!("synonym:{}", synonym.term))
                            .field(field),
                    );
                } else if *value != normal {
                    self.problems.push(
                        Problem::new(
                            &source.name,
                            format!("`{value}` is not lower case"),
                            format!("write it as `{normal}`"),
                        )
                        .at(at)
                        .entry(format!("synonym:{}", synonym.term))
                        .field(field),
                    );
                }
            }
            if synonym.variants.is_empty() {
                self.problems.push(
                    Problem::new(
                        &source.name,
                        "the synonym has no variants",
                        "list what people type instead of the term",
                    )
                    .at(at)
                    .entry(format!("synonym:{}", synonym.term))
                    .field("variants"),
                );
            }
        }
        for intent in &file.intents {
            self.vocabulary(source, "intent", &intent.id, &intent.words);
        }
        for level in &file.levels {
            let at = self.vocabulary(source, "level", &level.id, &level.words);
            let Years { from, to } = level.years;
            if !(from.is_finite() && from >= 0.0 && to.is_none_or(|to| to.is_finite() && to > from)) {
                let shown = to.map_or(format!("{from} and up"), |to| format!("{from} to {to}"));
                self.push(
                    source,
                    &at,
                    "years",
                    format!("{shown} years is not a range"),
                    "give `from` (0 or more) and, if the level has an end, `to` above it",
                );
            }
        }
        for field in &file.fields {
            self.vocabulary(source, "field", &field.id, &field.words);
        }
        for switch in &file.switches {
            self.vocabulary(source, "switch", &switch.id, &switch.words);
        }
        for colleagues in &file.colleagues {
            self.vocabulary(source, "colleagues", &colleagues.id, &colleagues.words);
        }
        for chat in &file.chat {
            let origin = self.vocabulary(source, "chat", &chat.id, &chat.words);
            // A question's words are read one by one as chat, so a phrase would never be.
            for phrase in chat.words.iter().filter(|w| w.trim().contains(char::is_whitespace)) {
                let message = format!("`{phrase}` is more than one word");
                self.push(source, &origin, "words", message, "list each word of it on its own, or leave it out");
            }
        }
        self.sources.push((source.name.clone(), source.text.clone()));
    }

    /// Fills the salary placeholders of the entry about to be checked (its id's next
    /// occurrence in the file), reporting what is wrong with its figures.
    fn filler<'a>(&'a mut self, source: &'a Source, kind: Kind, id: &str) -> Filler<'a> {
        let nth = self.per_file.get(&(source.name.clone(), id.to_owned())).copied().unwrap_or(0);
        Filler { checker: self, source, entry: EntryRef::new(kind, id), nth }
    }

    /// Checks one word list the matcher reads (an intent, a level, another field, a switch,
    /// colleagues, chat): its id, and
    /// words that are lower case and not empty. Returns where it is.
    fn vocabulary(&mut self, source: &Source, list: &str, id: &str, words: &[String]) -> Origin {
        let nth = self.per_file.entry((source.name.clone(), id.to_owned())).or_insert(0);
        let at = self.id_lines.get(id).and_then(|lines| lines.get(*nth)).copied();
        let name = format!("{list}:{id}");
        let origin = Origin {
            file: source.name.clone(),
            line: at.map(|(l, _)| l),
            nth: *nth,
            id: id.to_owned(),
            entry: name.clone(),
        };
        *nth += 1;
        if !valid_id(id) {
            self.problems.push(
                Problem::new(
                    &source.name,
                    format!("`{id}` is not a valid id"),
                    format!("use lower-case letters, digits and dashes, at most {MAX_ID} characters"),
                )
                .at(at)
                .entry(name.clone())
                .field("id"),
            );
        }
        if let Some(first) = self.vocabulary_ids.get(&name) {
            let place = first.line.map_or(first.file.clone(), |line| format!("{}:{line}", first.file));
            let message = format!("the id is already used by the {list} at {place}");
            self.push(source, &origin, "id", message, "give each one its own id");
        } else {
            self.vocabulary_ids.insert(name, origin.clone());
        }
        if words.is_empty() {
            self.push(source, &origin, "words", "the list is empty", "list the words that people type for it");
        }
        for word in words {
            let normal = word.trim().to_lowercase();
            let problem = if normal.is_empty() {
                Some(("the text is empty".to_owned(), "write the word or remove the empty item".to_owned()))
            } else if *word != normal {
                Some((format!("`{word}` is not lower case"), format!("write it as `{normal}`")))
            } else if word.chars().count() > MAX_WORDS {
                Some((
                    format!("`{word}` is over {MAX_WORDS} characters"),
                    "keep to a word or a short phrase".to_owned(),
                ))
            } else {
                None
            };
            if let Some((message, hint)) = problem {
                self.push(source, &origin, "words", message, &hint);
            }
        }
        origin
    }

    /// Checks an entry's id and texts, records where it is, and returns that origin.
    fn entry(&mut self, source: &Source, kind: Kind, id: &str, texts: &[Text<'_>], kb: &mut KnowledgeBase) -> Origin {
        let nth = self.per_file.entry((source.name.clone(), id.to_owned())).or_insert(0);
        let at = self.id_lines.get(id).and_then(|lines| lines.get(*nth)).copied();
        let key = EntryRef::new(kind, id);
        let origin = Origin {
            file: source.name.clone(),
            line: at.map(|(l, _)| l),
            nth: *nth,
            id: id.to_owned(),
            entry: key.to_string(),
        };
        *nth += 1;
        if !valid_id(id) {
            self.problems.push(
                Problem::new(
                    &source.name,
                    format!("`{id}` is not a valid id"),
                    format!("use lower-case letters, digits and dashes, at most {MAX_ID} characters"),
                )
                .at(at)
                .entry(key.to_string())
                .field("id"),
            );
        }
        if let Some(first) = self.seen.get(&key) {
            let place = match first.line {
                Some(line) => format!("{}:{line}", first.file),
                None => first.file.clone(),
            };
            self.problems.push(
                Problem::new(
                    &source.name,
                    format!("the id is already used by the {kind} at {place}"),
                    "give each entry of a kind its own id",
                )
                .at(at)
                .entry(key.to_string())
                .field("id"),
            );
        } else {
            self.seen.insert(key.clone(), origin.clone());
            kb.origins.insert(key.clone(), origin.clone());
        }
        for t in texts {
            let problem = if t.value.trim().is_empty() {
                Some((String::from("the text is empty"), String::from("write the text, or remove the field or item")))
            } else if t.value.chars().count() > t.max {
                Some((
                    format!("the text is {} characters, over the limit of {}", t.value.chars().count(), t.max),
                    String::from("shorten it"),
                ))
            } else if let Some(written) = figures::placeholder_in(t.value).filter(|_| !FILLED.contains(&t.field)) {
                Some((
                    format!("`{written}` is not filled in here: placeholders work in the texts the bot shows"),
                    format!(
                        "write the figure as people would type it, or move it to a field that is filled ({})",
                        FILLED.join(", ")
                    ),
                ))
            } else {
                unsafe_text(t.value).map(|why| {
                    (why, String::from("remove it: replies must not ping anyone or link anywhere but https"))
                })
            };
            if let Some((message, hint)) = problem {
                self.problems.push(
                    Problem::new(&source.name, message, hint)
                        .at(locate::field(&source.text, id, origin.nth, t.field.split('.').next().unwrap_or(t.field)))
                        .entry(key.to_string())
                        .field(t.field),
                );
            }
        }
        origin
    }

    /// Checks where an entry's facts come from: few enough sources, links that are https
    /// addresses, and a date that exists. (Source titles are checked with the other texts.)
    fn provenance(&mut self, source: &Source, origin: &Origin, sources: &[Citation], as_of: Option<&str>) {
        if sources.len() > MAX_SOURCES {
            let message = format!("{} sources do not fit the answer's footer", sources.len());
            let hint = format!("keep to the {MAX_SOURCES} sources the entry relies on most");
            self.push(source, origin, "sources", message, &hint);
        }
        for url in sources.iter().filter_map(|s| s.url.as_deref()) {
            if let Some(message) = url_problem(url) {
                self.problems.push(
                    Problem::new(
                        &source.name,
                        message,
                        "give the source's address as https://host/path, or leave `url` out",
                    )
                    .at(locate::text_in_field(&source.text, &origin.id, origin.nth, "sources", url))
                    .entry(origin.entry.clone())
                    .field("sources.url"),
                );
            }
        }
        if let Some(message) = as_of.and_then(date_problem) {
            self.push(source, origin, "as_of", message, "write the date as YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2026-01");
        }
    }

    fn push(&mut self, source: &Source, origin: &Origin, field: &str, message: impl Into<String>, hint: &str) {
        self.problems.push(
            Problem::new(&source.name, message, hint)
                .at(locate::field(&source.text, &origin.id, origin.nth, field))
                .entry(origin.entry.clone())
                .field(field),
        );
    }

    /// Every reference must point at an entry that exists.
    fn references(&mut self, kb: &KnowledgeBase) {
        let mut dangling = Vec::new();
        for tier in &kb.tiers {
            if kb.role(&tier.role).is_none() {
                dangling.push((EntryRef::new(Kind::Salary, &tier.id), "role", EntryRef::new(Kind::Role, &tier.role)));
            }
        }
        for role in &kb.roles {
            if kb.tier(&role.salary).is_none() {
                dangling.push((
                    EntryRef::new(Kind::Role, &role.id),
                    "salary",
                    EntryRef::new(Kind::Salary, &role.salary),
                ));
            }
        }
        for faq in &kb.faqs {
            for target in &faq.related {
                if !kb.contains(target) {
                    dangling.push((EntryRef::new(Kind::Faq, &faq.id), "related", target.clone()));
                }
            }
        }
        for (entry, field, target) in dangling {
            let origin = kb.origins.get(&entry).cloned().unwrap_or_default();
            let at = source_text(&self.sources, &origin.file)
                .and_then(|text| locate::field(text, &entry.id, origin.nth, field));
            let file = origin.file;
            self.problems.push(
                Problem::new(
                    &file,
                    format!("`{target}` points at no entry"),
                    format!("use the id of an existing {}, or remove the reference", target.kind),
                )
                .at(at)
                .entry(entry.to_string())
                .field(field),
            );
        }
    }

    /// Across files: the levels that tiers and roles name exist, no word stands for two levels,
    /// two intents or two fields (or a field and a level or intent), and no two levels claim
    /// the same years of experience.
    fn vocabularies(&mut self, kb: &KnowledgeBase) {
        let known: HashSet<&str> = kb.levels.iter().map(|l| l.id.as_str()).collect();
        let named = kb
            .tiers
            .iter()
            .map(|t| (EntryRef::new(Kind::Salary, &t.id), &t.level))
            .chain(kb.roles.iter().map(|r| (EntryRef::new(Kind::Role, &r.id), &r.level)));
        let mut dangling = Vec::new();
        for (entry, level) in named {
            if let Some(level) = level.as_deref().filter(|l| !known.contains(l)) {
                dangling.push((entry, level.to_owned()));
            }
        }
        for (entry, level) in dangling {
            let origin = kb.origins.get(&entry).cloned().unwrap_or_default();
            let at = source_text(&self.sources, &origin.file)
                .and_then(|text| locate::field(text, &entry.id, origin.nth, "level"));
            self.problems.push(
                Problem::new(
                    &origin.file,
                    format!("`{level}` is no level"),
                    "use the id of a level listed under `levels:`, or remove the field",
                )
                .at(at)
                .entry(entry.to_string())
                .field("level"),
            );
        }
        // Within levels, intents, switches, colleagues, chat and fields, a word belongs to one
        // entry; a field's word is no level's, intent's, switch's, colleague or chat word either.
        let lists = [
            ("level", kb.levels.iter().map(|l| (l.id.as_str(), &l.words)).collect::<Vec<_>>()),
            ("intent", kb.intents.iter().map(|i| (i.id.as_str(), &i.words)).collect()),
            ("switch", kb.switches.iter().map(|s| (s.id.as_str(), &s.words)).collect()),
            ("colleagues", kb.colleagues.iter().map(|c| (c.id.as_str(), &c.words)).collect()),
            ("chat", kb.chat.iter().map(|c| (c.id.as_str(), &c.words)).collect()),
            ("field", kb.fields.iter().map(|f| (f.id.as_str(), &f.words)).collect()),
        ];
        let mut clashes: Vec<(String, &str, String)> = Vec::new();
        let mut outside_fields: HashMap<&str, String> = HashMap::new();
        for (list, entries) in &lists {
            let mut owner: HashMap<&str, String> = HashMap::new();
            for (id, words) in entries {
                let name = format!("{list}:{id}");
                for word in words.iter() {
                    match owner.get(word.as_str()) {
                        Some(first) if *first != name => {
                            clashes.push((name.clone(), "words", format!("`{word}` is already a word of `{first}`")));
                        }
                        _ => {
                            owner.insert(word, name.clone());
                        }
                    }
                    if *list == "field" {
                        if let Some(other) = outside_fields.get(word.as_str()) {
                            clashes.push((name.clone(), "words", format!("`{word}` is also a word of `{other}`")));
                        }
                    } else {
                        outside_fields.entry(word).or_insert_with(|| name.clone());
                    }
                }
            }
        }
        // A chat word means nothing, so it is no word of a list that means something (a field's
        // word is reported above).
        for chat in &kb.chat {
            for word in &chat.words {
                let other =
                    lists.iter().filter(|(list, _)| !matches!(*list, "chat" | "field")).find_map(|(list, entries)| {
                        entries.iter().find(|(_, words)| words.contains(word)).map(|(id, _)| format!("{list}:{id}"))
                    });
                if let Some(other) = other {
                    clashes.push((
                        format!("chat:{}", chat.id),
                        "words",
                        format!("`{word}` is also a word of `{other}`"),
                    ));
                }
            }
        }
        // A colleague is named by a level word with more, so a level word alone is none.
        for colleagues in &kb.colleagues {
            for word in &colleagues.words {
                if let Some(level) = kb.levels.iter().find(|l| l.words.contains(word)) {
                    let message = format!("`{word}` is also a word of `level:{}`", level.id);
                    clashes.push((format!("colleagues:{}", colleagues.id), "words", message));
                }
            }
        }
        let mut levels: Vec<(&str, Years)> = kb.levels.iter().map(|l| (l.id.as_str(), l.years)).collect();
        levels.sort_by(|a, b| a.1.from.total_cmp(&b.1.from));
        for pair in levels.windows(2) {
            let ((first, a), (second, b)) = (pair[0], pair[1]);
            if a.to.is_none_or(|to| to > b.from) {
                clashes.push((
                    format!("level:{second}"),
                    "years",
                    format!("its years overlap those of `level:{first}`"),
                ));
            }
        }
        for (name, field, message) in clashes {
            let origin = self.vocabulary_ids.get(&name).cloned().unwrap_or_default();
            let at = source_text(&self.sources, &origin.file)
                .and_then(|text| locate::field(text, &origin.id, origin.nth, field));
            let hint = if field == "years" {
                "give each level its own years: one level's `to` at most the next one's `from`"
            } else {
                "let each word stand for one level, one intent, one switch, one colleagues list, one chat list or one field"
            };
            self.problems.push(Problem::new(&origin.file, message, hint).at(at).entry(name).field(field));
        }
    }

    /// A variant stands for one term only, and is not itself a term.
    fn synonyms(&mut self, kb: &KnowledgeBase) {
        let terms: HashSet<&str> = kb.synonyms.iter().map(|s| s.term.as_str()).collect();
        let mut owner: HashMap<&str, &str> = HashMap::new();
        for synonym in &kb.synonyms {
            for variant in &synonym.variants {
                let clash = if variant == &synonym.term || terms.contains(variant.as_str()) {
                    Some(format!("the variant `{variant}` is also a term"))
                } else {
                    owner
                        .insert(variant, &synonym.term)
                        .filter(|o| *o != synonym.term)
                        .map(|other| format!("the variant `{variant}` already stands for `{other}`"))
                };
                if let Some(message) = clash {
                    let (file, at) = self
                        .sources
                        .iter()
                        .find_map(|(name, text)| {
                            locate::entry_by_key(text, "term", &synonym.term).map(|at| (name.clone(), Some(at)))
                        })
                        .unwrap_or_default();
                    self.problems.push(
                        Problem::new(
                            &file,
                            message,
                            "let each variant stand for one term, and keep terms out of the variants",
                        )
                        .at(at)
                        .entry(format!("synonym:{}", synonym.term))
                        .field("variants"),
                    );
                }
            }
        }
    }
}

/// Fills the salary placeholders of one entry's texts in place.
struct Filler<'a> {
    checker: &'a mut Checker,
    source: &'a Source,
    entry: EntryRef,
    nth: usize,
}

impl Filler<'_> {
    /// Fills one text, or reports each fault of its figures (leaving it as written).
    fn text(&mut self, field: &'static str, value: &mut String) {
        match self.checker.figures.fill(value) {
            Ok(filled) => *value = filled,
            Err(faults) => {
                let key = field.split('.').next().unwrap_or(field);
                for fault in faults {
                    let at = locate::text_in_field(&self.source.text, &self.entry.id, self.nth, key, &fault.written);
                    self.checker.problems.push(
                        Problem::new(&self.source.name, fault.message, fault.hint)
                            .at(at)
                            .entry(self.entry.to_string())
                            .field(field),
                    );
                }
            }
        }
    }

    fn items(&mut self, field: &'static str, values: &mut [String]) {
        for value in values {
            self.text(field, value);
        }
    }
}

/// The titles of an entry's sources, checked like its other texts.
fn titles(sources: &[Citation]) -> impl Iterator<Item = Text<'_>> {
    sources.iter().map(|s| text("sources.title", &s.title, MAX_TITLE))
}

/// Says why `url` is no link a source may give: it must be a whole https address.
pub fn url_problem(url: &str) -> Option<String> {
    let Some(rest) = url.strip_prefix("https://") else {
        return Some(match url.split_once("://") {
            Some((scheme, _)) if scheme.eq_ignore_ascii_case("https") => {
                format!("`{url}` does not start with `https://` in lower case")
            }
            Some((scheme, _)) => format!("`{url}` links with `{scheme}://`; only https links are allowed"),
            None => format!("`{url}` is not a link"),
        });
    };
    if url.chars().count() > MAX_URL {
        return Some(format!("the link is {} characters, over the limit of {MAX_URL}", url.chars().count()));
    }
    if let Some(bad) = url.chars().find(|c| c.is_whitespace() || c.is_control() || "<>\"`{}|\\^".contains(*c)) {
        return Some(format!("`{url}` contains {bad:?}, which a link cannot hold"));
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let name = host.rsplit_once(':').map_or(host, |(name, port)| {
        if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) { name } else { host }
    });
    let labels_ok = name.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    if !(name.contains('.') && labels_ok) {
        return Some(format!("`{url}` names no host (such as `example.com`) after `https://`"));
    }
    None
}

/// Says why `date` is not a date of the forms `as_of` takes: `2026`, `2026-01`, `2026-01-15`.
pub fn date_problem(date: &str) -> Option<String> {
    let number = |part: &str, digits: usize| {
        (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse::<u32>().ok()).flatten()
    };
    let parts: Vec<&str> = date.split('-').collect();
    let fields = match parts.as_slice() {
        [y] => number(y, 4).map(|y| (y, None, None)),
        [y, m] => number(y, 4).zip(number(m, 2)).map(|(y, m)| (y, Some(m), None)),
        [y, m, d] => number(y, 4).zip(number(m, 2)).zip(number(d, 2)).map(|((y, m), d)| (y, Some(m), Some(d))),
        _ => None,
    };
    let Some((year, month, day)) = fields else {
        return Some(format!("`{date}` is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY"));
    };
    if year < 1900 {
        return Some(format!("`{date}` is before 1900"));
    }
    if let Some(month) = month.filter(|m| !(1..=12).contains(m)) {
        return Some(format!("`{date}` has no month {month}"));
    }
    if let (Some(month), Some(day)) = (month, day) {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if !(1..=days).contains(&day) {
            return Some(format!("`{date}` has no day {day}: the month has {days} days"));
        }
    }
    None
}

fn source_text<'a>(sources: &'a [(String, String)], file: &str) -> Option<&'a str> {
    sources.iter().find(|(name, _)| name == file).map(|(_, text)| text.as_str())
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

/// Says why a knowledge text would be unsafe in a reply: a mass or user mention, or a link
/// with a scheme other than https.
pub fn unsafe_text(value: &str) -> Option<String> {
    let lower = value.to_lowercase();
    for mention in ["@everyone", "@here", "<@", "<#"] {
        if lower.contains(mention) {
            return Some(format!("the text contains `{mention}`, which would mention people or channels"));
        }
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("://") {
        let scheme: String = rest[..at]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if scheme != "https" {
            return Some(format!("the text links with `{scheme}://`; only https links are allowed"));
        }
        rest = &rest[at + 3..];
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::knowledge::{KnowledgeBase, Problem, Source};

    const LADDER: &str = "\
salary_tiers:
  - {id: fresher, name: Fresher, min_lpa: 4, max_lpa: 8, open_ended: false, currency: INR, region: India, role: junior, level: junior, summary: First jobs., aliases: [fresher]}
roles:
  - id: junior
    title: Junior Backend Developer
    salary: fresher
    level: junior
    focus: [APIs]
    description: Builds endpoints.
    aliases: [junior]
";

    const VOCABULARY: &str = "\
intents:
  - id: pay
    kind: salary
    words: [salary, how much]
levels:
  - id: junior
    words: [fresher, junior]
    years: {from: 0, to: 2}
  - id: senior
    words: [senior]
    years: {from: 2}
fields:
  - id: medicine
    words: [doctor, nurse]
";

    fn load(files: &[(&str, &str)]) -> Result<KnowledgeBase, Vec<Problem>> {
        KnowledgeBase::from_sources(files.iter().map(|(n, t)| Source::new(*n, *t)).collect()).map_err(|e| e.problems)
    }

    fn only(files: &[(&str, &str)]) -> Problem {
        let mut problems = load(files).expect_err("should be refused");
        assert_eq!(problems.len(), 1, "{problems:#?}");
        problems.remove(0)
    }

    #[test]
    fn intents_levels_and_fields_load_with_the_entries_that_name_them() {
        let kb = load(&[("ladder.yaml", LADDER), ("intents.yaml", VOCABULARY)]).unwrap();
        assert_eq!((kb.intents.len(), kb.levels.len(), kb.fields.len()), (1, 2, 1));
        assert_eq!(kb.tiers[0].level.as_deref(), Some("junior"));
        assert!(kb.levels[1].years.holds(30.0) && !kb.levels[0].years.holds(2.0));
    }

    #[test]
    fn a_level_that_does_not_exist_is_named_with_its_line() {
        let p = only(&[
            ("ladder.yaml", &LADDER.replace("level: junior\n", "level: jnuior\n")),
            ("intents.yaml", VOCABULARY),
        ]);
        assert_eq!((p.entry.as_deref(), p.field.as_deref(), p.line), (Some("role:junior"), Some("level"), Some(7)));
        assert!(p.message.contains("jnuior"), "{p}");
    }

    #[test]
    fn a_word_of_two_levels_is_refused() {
        let p = only(&[("intents.yaml", &VOCABULARY.replace("words: [senior]", "words: [senior, junior]"))]);
        assert_eq!((p.entry.as_deref(), p.field.as_deref(), p.line), (Some("level:senior"), Some("words"), Some(10)));
        assert!(p.message.contains("level:junior"), "{p}");
    }

    #[test]
    fn a_field_word_may_not_be_a_level_word() {
        let p = only(&[("intents.yaml", &VOCABULARY.replace("[doctor, nurse]", "[doctor, fresher]"))]);
        assert_eq!(p.entry.as_deref(), Some("field:medicine"), "{p}");
    }

    #[test]
    fn a_chat_list_loads_and_its_words_are_single_words_that_mean_nothing_else() {
        let chat = format!("{VOCABULARY}chat:\n  - id: around\n    words: [week, give]\n");
        let kb = load(&[("intents.yaml", &chat)]).unwrap();
        assert_eq!(kb.chat[0].words, ["week", "give"]);
        let p = only(&[("intents.yaml", &chat.replace("[week, give]", "[week, give me]"))]);
        assert_eq!((p.entry.as_deref(), p.field.as_deref(), p.line), (Some("chat:around"), Some("words"), Some(17)));
        assert!(p.message.contains("`give me` is more than one word"), "{p}");
        let p = only(&[("intents.yaml", &chat.replace("[week, give]", "[week, senior]"))]);
        assert_eq!((p.entry.as_deref(), p.field.as_deref()), (Some("chat:around"), Some("words")), "{p}");
        assert!(p.message.contains("`senior` is also a word of `level:senior`"), "{p}");
        let p = only(&[("intents.yaml", &chat.replace("[week, give]", "[week, nurse]"))]);
        assert!(p.message.contains("`nurse` is also a word of `chat:around`"), "a field's word, reported once: {p}");
    }

    #[test]
    fn overlapping_years_are_refused() {
        let p = only(&[("intents.yaml", &VOCABULARY.replace("{from: 2}", "{from: 1}"))]);
        assert_eq!((p.entry.as_deref(), p.field.as_deref(), p.line), (Some("level:senior"), Some("years"), Some(11)));
    }

    #[test]
    fn words_are_lower_case_and_years_a_range() {
        let problems = load(&[(
            "intents.yaml",
            &VOCABULARY.replace("[doctor, nurse]", "[Doctor, nurse]").replace("{from: 0, to: 2}", "{from: 3, to: 2}"),
        )])
        .unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| (p.entry.as_deref(), p.field.as_deref())).collect();
        assert!(fields.contains(&(Some("field:medicine"), Some("words"))), "{problems:#?}");
        assert!(fields.contains(&(Some("level:junior"), Some("years"))), "{problems:#?}");
    }

    #[test]
    fn an_intent_names_a_kind_of_entry() {
        let problems = load(&[("intents.yaml", &VOCABULARY.replace("kind: salary", "kind: wages"))]).unwrap_err();
        assert!(problems[0].message.contains("unknown kind `wages`"), "{problems:#?}");
        assert!(problems[0].line.is_some(), "{problems:#?}");
    }

    #[test]
    fn dates_are_years_months_or_days_that_exist() {
        for date in ["2026", "2026-01", "2026-12-31", "2024-02-29", "2000-02-29"] {
            assert_eq!(super::date_problem(date), None, "{date}");
        }
        for date in
            ["1900-02-29", "2026-00", "2026-04-31", "2026-01-00", "26", "2026-01-1", "2026-01-15T10:00", " 2026", ""]
        {
            assert!(super::date_problem(date).is_some(), "{date}");
        }
    }

    #[test]
    fn source_links_are_whole_https_addresses() {
        for url in ["https://example.com", "https://example.com/a?b=c#d", "https://docs.example.co.in:8443/x"] {
            assert_eq!(super::url_problem(url), None, "{url}");
        }
        for url in [
            "http://example.com",
            "ftp://example.com",
            "javascript:alert(1)",
            "//example.com",
            "https://localhost",
            "https://exa_mple.com",
            "https://a..com",
            "https://-a.com/",
            "https://example.com/a b",
            "https://example.com/<x>",
        ] {
            assert!(super::url_problem(url).is_some(), "{url}");
        }
        assert!(super::url_problem(&format!("https://example.com/{}", "a".repeat(super::MAX_URL))).is_some());
    }

    #[test]
    fn concepts_are_checked_like_phrasings() {
        let faq = "faqs:\n  - id: acid\n    question: What is ACID?\n    concepts:\n      - ''\n      - money vanished, ask <@123>\n    answer: Transactions.\n";
        let problems = load(&[("faqs.yaml", faq)]).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems.iter().all(|p| p.field.as_deref() == Some("concepts") && p.line == Some(4)), "{problems:#?}");
    }
}
