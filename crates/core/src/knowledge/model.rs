//! The typed knowledge model: what one YAML file holds and what every entry is made of.
//!
//! These types are deserialised straight from the YAML files (`deny_unknown_fields`, so a typo
//! in a field name is an error) and, once [`super::validate`] has accepted them, they are the
//! knowledge base that everything downstream reads without checking again.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One knowledge file. Each file says what it holds through the lists it names.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeFile {
    #[serde(default)]
    pub salary_tiers: Vec<SalaryTier>,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub topics: Vec<Topic>,
    #[serde(default)]
    pub faqs: Vec<Faq>,
    #[serde(default)]
    pub synonyms: Vec<Synonym>,
    #[serde(default)]
    pub intents: Vec<Intent>,
    #[serde(default)]
    pub levels: Vec<Level>,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub switches: Vec<Switch>,
    #[serde(default)]
    pub colleagues: Vec<Colleagues>,
    #[serde(default)]
    pub chat: Vec<Chat>,
}

/// A salary band for one experience level.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SalaryTier {
    pub id: String,
    pub name: String,
    /// Lower end of the range, in lakh rupees per annum.
    pub min_lpa: f64,
    /// Upper end of the range, in lakh rupees per annum.
    pub max_lpa: f64,
    /// The seed's `+`: people at this level can earn beyond `max_lpa`.
    pub open_ended: bool,
    pub currency: String,
    pub region: String,
    /// Id of the role this tier goes with.
    pub role: String,
    /// Id of the career level this tier pays (see [`Level`]).
    #[serde(default)]
    pub level: Option<String>,
    pub summary: String,
    pub aliases: Vec<String>,
    #[serde(default)]
    pub phrasings: Vec<String>,
    /// Where the entry's facts come from, shown under its answer.
    #[serde(default)]
    pub sources: Vec<Citation>,
    /// When the facts were last checked against their sources: `2026`, `2026-01` or `2026-01-15`.
    #[serde(default)]
    pub as_of: Option<String>,
}

/// A job role on the backend career ladder.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub title: String,
    /// Id of the salary tier this role is paid in.
    pub salary: String,
    /// Id of the career level this role is (see [`Level`]).
    #[serde(default)]
    pub level: Option<String>,
    pub focus: Vec<String>,
    pub description: String,
    pub aliases: Vec<String>,
    #[serde(default)]
    pub phrasings: Vec<String>,
    /// Problems this role's work is about, in the words of someone who has them.
    #[serde(default)]
    pub concepts: Vec<String>,
    /// Where the entry's facts come from, shown under its answer.
    #[serde(default)]
    pub sources: Vec<Citation>,
    /// When the facts were last checked against their sources: `2026`, `2026-01` or `2026-01-15`.
    #[serde(default)]
    pub as_of: Option<String>,
}

/// One step of the learning roadmap. Topics are kept in the order the files list them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub skills: Vec<SkillGroup>,
    pub aliases: Vec<String>,
    #[serde(default)]
    pub phrasings: Vec<String>,
    /// Problems this step teaches to solve, described as someone who has them would.
    #[serde(default)]
    pub concepts: Vec<String>,
    /// Where the entry's facts come from, shown under its answer.
    #[serde(default)]
    pub sources: Vec<Citation>,
    /// When the facts were last checked against their sources: `2026`, `2026-01` or `2026-01-15`.
    #[serde(default)]
    pub as_of: Option<String>,
}

/// A named group of skills inside a topic, e.g. "Relational (SQL)".
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillGroup {
    pub group: String,
    pub items: Vec<String>,
}

/// A frequently asked question with its answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    pub id: String,
    pub question: String,
    #[serde(default)]
    pub phrasings: Vec<String>,
    /// Problems the answer solves, described as someone who has them would, without naming
    /// the answer ("a transfer took money out of one account and never put it in the other").
    #[serde(default)]
    pub concepts: Vec<String>,
    pub answer: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub related: Vec<EntryRef>,
    /// Where the entry's facts come from, shown under its answer.
    #[serde(default)]
    pub sources: Vec<Citation>,
    /// When the facts were last checked against their sources: `2026`, `2026-01` or `2026-01-15`.
    #[serde(default)]
    pub as_of: Option<String>,
    /// Written by a server's moderators ([`super::server`]), never read from a file.
    #[serde(skip)]
    pub from_server: bool,
}

/// One source of an entry's facts: a guide, an article, a survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The source's own title, as the answer names it.
    pub title: String,
    /// Where to read it (https only). Optional: a source may be a document with no address.
    #[serde(default)]
    pub url: Option<String>,
}

/// A word or phrase that users type in place of a canonical term.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synonym {
    pub term: String,
    pub variants: Vec<String>,
    /// Words that point at the term without meaning it (`outage` at downtime, `queue` at
    /// async): the matcher reads them as the term at a lower similarity, besides themselves,
    /// and never rewrites them.
    #[serde(default)]
    pub related: Vec<String>,
}

/// What a question asks for (pay, the work, what to learn), told by its words, and the kind of
/// entry that answers it. Not an answerable entry: the matcher reads it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intent {
    pub id: String,
    /// The kind of entry that answers a question with this intent.
    pub kind: Kind,
    /// Words and short phrases that show the intent (compared after synonyms, by stems).
    pub words: Vec<String>,
}

/// A rung of the career ladder, told by its words or by years of experience. Salary tiers and
/// roles name the level they belong to.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub id: String,
    /// Words and short phrases that name the level.
    pub words: Vec<String>,
    /// The years of experience that mean this level.
    pub years: Years,
}

/// Years of experience from `from` up to, not including, `to` (no end if absent).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Years {
    pub from: f64,
    #[serde(default)]
    pub to: Option<f64>,
}

impl Years {
    pub fn holds(&self, years: f64) -> bool {
        years >= self.from && self.to.is_none_or(|to| years < to)
    }
}

/// Another profession or field of study (medicine, law, civil engineering...): its words in a
/// question are evidence against every entry, so that "dentist salary" is declined rather than
/// answered with the backend salary table.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: String,
    pub words: Vec<String>,
}

/// Phrases that say the asker is moving into the knowledge's own work from elsewhere ("switching
/// from teaching to backend"): in a question with one, another field's words tell where the
/// asker comes from, so they no longer count against the entries.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Switch {
    pub id: String,
    pub words: Vec<String>,
}

/// Phrases that name someone the asker works with by a level word (`my senior`, `our tech lead`):
/// "my senior keeps saying add an index" asks about indexes, not the senior role.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colleagues {
    pub id: String,
    pub words: Vec<String>,
}

/// Words the knowledge uses that questions use as chat around what they ask (`give`, `week`,
/// `say`): in a question they are read as words the knowledge never uses, so that they match no
/// entry and count against every one as chat does.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chat {
    pub id: String,
    pub words: Vec<String>,
}

/// The four kinds of answerable entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Faq = 0,
    Salary = 1,
    Role = 2,
    Topic = 3,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Faq, Kind::Salary, Kind::Role, Kind::Topic];

    /// The name used in references (`topic:databases`), custom ids and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Faq => "faq",
            Kind::Salary => "salary",
            Kind::Role => "role",
            Kind::Topic => "topic",
        }
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown kind `{s}`: use one of faq, salary, role, topic"))
    }
}

/// A reference to an entry by kind and id, written `kind:id` in YAML.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryRef {
    pub kind: Kind,
    pub id: String,
}

impl EntryRef {
    pub fn new(kind: Kind, id: impl Into<String>) -> Self {
        EntryRef { kind, id: id.into() }
    }
}

impl fmt::Display for EntryRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind, self.id)
    }
}

impl FromStr for EntryRef {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (kind, id) = s
            .split_once(':')
            .ok_or_else(|| format!("`{s}` is not a reference: write it as kind:id, e.g. topic:databases"))?;
        let kind = kind.trim().parse()?;
        let id = id.trim();
        if id.is_empty() {
            return Err(format!("`{s}` names no id after the colon"));
        }
        Ok(EntryRef::new(kind, id))
    }
}

impl Serialize for EntryRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EntryRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl SalaryTier {
    /// The range as people write it: `₹18–35+ LPA`.
    pub fn range_label(&self) -> String {
        format!(
            "₹{}–{}{} LPA",
            trim_number(self.min_lpa),
            trim_number(self.max_lpa),
            if self.open_ended { "+" } else { "" }
        )
    }

    /// A tier with the given range and placeholder texts, for tests of what reads tiers.
    #[cfg(test)]
    pub(crate) fn fixture(id: &str, min_lpa: f64, max_lpa: f64, open_ended: bool) -> SalaryTier {
        SalaryTier {
            id: id.into(),
            name: id.into(),
            min_lpa,
            max_lpa,
            open_ended,
            currency: "INR".into(),
            region: "India".into(),
            role: "r".into(),
            level: None,
            summary: "s".into(),
            aliases: vec![],
            phrasings: vec![],
            sources: vec![],
            as_of: None,
        }
    }
}

/// `4.0` → `4`, `4.5` → `4.5`.
pub fn trim_number(value: f64) -> String {
    if value.fract() != 0.0 {
        format!("{value}")
    } else if value.is_sign_positive() && value < 1e15 {
        // Printed as an integer: the same text, without the slow exact float formatting.
        (value as u64).to_string()
    } else {
        format!("{value:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::trim_number;

    #[test]
    fn numbers_read_as_people_write_them() {
        for (value, shown) in [(0.0, "0"), (4.0, "4"), (4.5, "4.5"), (18.0, "18"), (35.0, "35"), (0.25, "0.25")] {
            assert_eq!(trim_number(value), shown);
        }
        // Whatever the path taken, a whole number reads as the float's own formatting would.
        for value in [-0.0, 1.0, 99.0, 12_345.0, 999_999_999_999_999.0, 1e15, 1e300, f64::MAX] {
            assert_eq!(trim_number(value), format!("{value:.0}"), "{value}");
        }
    }
}
