//! The knowledge base: what the bot knows, loaded from YAML and validated once at start-up.
//!
//! - [`model`]: the entry types, straight from YAML.
//! - [`source`]: the built-in copy and reading a directory.
//! - [`parse`]: text to typed files, with YAML positions in errors.
//! - [`validate`]: the cross-entry checks (ids, references, texts).
//! - [`figures`]: salary placeholders in texts, filled from the tiers' numbers.
//! - [`locate`]: line numbers for problems found after parsing.
//! - [`server`]: a server's own entries, written from Discord.
//! - [`error`]: problems, reported all together.

pub mod error;
pub mod figures;
pub mod locate;
pub mod model;
pub mod parse;
pub mod phrases;
pub mod server;
pub mod source;
pub mod validate;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

pub use error::{KnowledgeError, Problem};
pub use model::{
    Chat, Citation, Colleagues, EntryRef, Faq, Field, Intent, Kind, Level, Role, SalaryTier, SkillGroup, Switch,
    Synonym, Topic, Years,
};
pub use source::Source;

/// Where an entry was defined, for error messages.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Origin {
    pub file: String,
    pub line: Option<usize>,
    /// Which of the entries with this id in the file it is (0 unless ids repeat).
    pub nth: usize,
    pub id: String,
    /// `kind:id`.
    pub entry: String,
}

/// A validated knowledge base. Lists keep file order (files sorted by name), which is the
/// roadmap's learning order and the order of levels on the career ladder.
///
/// Serialisable so that the built-in knowledge, validated once when the binary is built, is
/// read back at start-up without checking it again (see [`crate::Bot::to_bytes`]); its maps
/// hash deterministically, so that the same knowledge always writes the same bytes.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct KnowledgeBase {
    pub tiers: Vec<SalaryTier>,
    pub roles: Vec<Role>,
    pub topics: Vec<Topic>,
    pub faqs: Vec<Faq>,
    pub synonyms: Vec<Synonym>,
    /// What questions ask for, by their words (the matcher reads these, nobody answers them).
    pub intents: Vec<Intent>,
    /// The career ladder's levels, by their words and years of experience.
    pub levels: Vec<Level>,
    /// Other professions and fields, whose words count against every entry.
    pub fields: Vec<Field>,
    /// Phrases of moving into this work from another field, which lift the fields' count.
    pub switches: Vec<Switch>,
    /// Phrases that name a colleague by a level word ("my senior"), which name no level.
    pub colleagues: Vec<Colleagues>,
    /// Words the knowledge uses that questions use as chat, read as words it never uses.
    pub chat: Vec<Chat>,
    origins: FxHashMap<EntryRef, Origin>,
    /// Where each intent, level, field, switch, colleagues and chat list was defined, by `list:id` (`field:medicine`).
    vocabulary: BTreeMap<String, Origin>,
    /// Position of each id in its list, per kind (lookups stay O(1) for large bases).
    positions: [FxHashMap<String, usize>; 4],
}

impl KnowledgeBase {
    /// Parses and validates knowledge files, reporting every problem found in any of them.
    pub fn from_sources(sources: Vec<Source>) -> Result<Self, KnowledgeError> {
        if sources.is_empty() {
            return Err(KnowledgeError::single(Problem::new(
                "(knowledge)",
                "there are no knowledge files",
                "add *.yaml files to the knowledge directory",
            )));
        }
        let mut problems = Vec::new();
        let mut files = Vec::new();
        for source in sources {
            match parse::parse(&source) {
                Ok(file) => files.push((source, file)),
                Err(problem) => problems.push(*problem),
            }
        }
        match validate::validate(files) {
            Ok(kb) if problems.is_empty() => Ok(kb),
            Ok(_) => Err(KnowledgeError { problems }),
            Err(more) => {
                problems.extend(more);
                Err(KnowledgeError { problems })
            }
        }
    }

    /// This knowledge with a server's own entries (checked by [`server::check`]) added after
    /// its FAQs, marked as the server's.
    pub fn with_server(&self, server: KnowledgeBase) -> KnowledgeBase {
        let mut kb = KnowledgeBase {
            tiers: self.tiers.clone(),
            roles: self.roles.clone(),
            topics: self.topics.clone(),
            faqs: self.faqs.clone(),
            synonyms: self.synonyms.clone(),
            intents: self.intents.clone(),
            levels: self.levels.clone(),
            fields: self.fields.clone(),
            switches: self.switches.clone(),
            colleagues: self.colleagues.clone(),
            chat: self.chat.clone(),
            origins: self.origins.clone(),
            vocabulary: self.vocabulary.clone(),
            positions: Default::default(),
        };
        kb.origins.extend(server.origins);
        kb.faqs.extend(server.faqs.into_iter().map(|faq| Faq { from_server: true, ..faq }));
        kb.reindex();
        kb
    }

    /// Rebuilds the id lookups after the lists changed (validation calls it once).
    pub(crate) fn reindex(&mut self) {
        fn positions<'a>(ids: impl Iterator<Item = &'a String>) -> FxHashMap<String, usize> {
            let mut map = FxHashMap::default();
            for (i, id) in ids.enumerate() {
                map.entry(id.clone()).or_insert(i);
            }
            map
        }
        self.positions = [
            positions(self.faqs.iter().map(|f| &f.id)),
            positions(self.tiers.iter().map(|t| &t.id)),
            positions(self.roles.iter().map(|r| &r.id)),
            positions(self.topics.iter().map(|t| &t.id)),
        ];
    }

    fn position(&self, kind: Kind, id: &str) -> Option<usize> {
        self.positions[kind as usize].get(id).copied()
    }

    /// Where an entry stands in its kind's list (the roadmap step, the ladder rung).
    pub fn position_of(&self, entry: &EntryRef) -> Option<usize> {
        self.position(entry.kind, &entry.id)
    }

    pub fn tier(&self, id: &str) -> Option<&SalaryTier> {
        self.position(Kind::Salary, id).map(|i| &self.tiers[i])
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.position(Kind::Role, id).map(|i| &self.roles[i])
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.position(Kind::Topic, id).map(|i| &self.topics[i])
    }

    pub fn faq(&self, id: &str) -> Option<&Faq> {
        self.position(Kind::Faq, id).map(|i| &self.faqs[i])
    }

    pub fn contains(&self, entry: &EntryRef) -> bool {
        self.title(entry).is_some()
    }

    /// The entry's display title: a question, a role or topic title, a tier name.
    pub fn title(&self, entry: &EntryRef) -> Option<&str> {
        match entry.kind {
            Kind::Faq => self.faq(&entry.id).map(|f| f.question.as_str()),
            Kind::Salary => self.tier(&entry.id).map(|t| t.name.as_str()),
            Kind::Role => self.role(&entry.id).map(|r| r.title.as_str()),
            Kind::Topic => self.topic(&entry.id).map(|t| t.title.as_str()),
        }
    }

    /// Whether a server's moderators wrote the entry (see [`server`]).
    pub fn is_from_server(&self, entry: &EntryRef) -> bool {
        entry.kind == Kind::Faq && self.faq(&entry.id).is_some_and(|faq| faq.from_server)
    }

    /// Where an entry's facts come from and when they were last checked (empty and `None` when
    /// the entry does not say, or does not exist).
    pub fn provenance(&self, entry: &EntryRef) -> (&[Citation], Option<&str>) {
        let found = match entry.kind {
            Kind::Faq => self.faq(&entry.id).map(|f| (&f.sources, &f.as_of)),
            Kind::Salary => self.tier(&entry.id).map(|t| (&t.sources, &t.as_of)),
            Kind::Role => self.role(&entry.id).map(|r| (&r.sources, &r.as_of)),
            Kind::Topic => self.topic(&entry.id).map(|t| (&t.sources, &t.as_of)),
        };
        found.map_or((&[], None), |(sources, as_of)| (sources.as_slice(), as_of.as_deref()))
    }

    /// Where an entry was defined.
    pub fn origin(&self, entry: &EntryRef) -> Option<&Origin> {
        self.origins.get(entry)
    }

    /// Where an intent, level, field, switch, colleagues or chat list was defined, by `list:id` (`field:medicine`).
    pub fn vocabulary_origin(&self, name: &str) -> Option<&Origin> {
        self.vocabulary.get(name)
    }

    /// Every answerable entry: FAQs, then salary tiers, roles and topics, each in file order.
    pub fn entries(&self) -> Vec<EntryRef> {
        let faqs = self.faqs.iter().map(|f| EntryRef::new(Kind::Faq, &f.id));
        let tiers = self.tiers.iter().map(|t| EntryRef::new(Kind::Salary, &t.id));
        let roles = self.roles.iter().map(|r| EntryRef::new(Kind::Role, &r.id));
        let topics = self.topics.iter().map(|t| EntryRef::new(Kind::Topic, &t.id));
        faqs.chain(tiers).chain(roles).chain(topics).collect()
    }

    /// Counts per kind, for summaries and metrics.
    pub fn counts(&self) -> [(Kind, usize); 4] {
        [
            (Kind::Faq, self.faqs.len()),
            (Kind::Salary, self.tiers.len()),
            (Kind::Role, self.roles.len()),
            (Kind::Topic, self.topics.len()),
        ]
    }
}
