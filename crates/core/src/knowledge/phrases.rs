//! The phrases that name each entry: its question or title, alternative phrasings and aliases.
//! Used by `career-bot entries` and by the evaluation's baseline matcher.

use super::{EntryRef, Kind, KnowledgeBase};

/// Every answerable entry with its naming phrases, in [`KnowledgeBase::entries`] order.
pub fn all(kb: &KnowledgeBase) -> Vec<(EntryRef, Vec<String>)> {
    kb.entries()
        .into_iter()
        .map(|entry| {
            let phrases = of(kb, &entry);
            (entry, phrases)
        })
        .collect()
}

/// The naming phrases of one entry (empty if it does not exist).
pub fn of(kb: &KnowledgeBase, entry: &EntryRef) -> Vec<String> {
    let mut out = Vec::new();
    match entry.kind {
        Kind::Faq => {
            if let Some(f) = kb.faq(&entry.id) {
                out.push(f.question.clone());
                out.extend(f.phrasings.iter().cloned());
            }
        }
        Kind::Salary => {
            if let Some(t) = kb.tier(&entry.id) {
                out.push(t.name.clone());
                out.extend(t.phrasings.iter().cloned());
                out.extend(t.aliases.iter().cloned());
            }
        }
        Kind::Role => {
            if let Some(r) = kb.role(&entry.id) {
                out.push(r.title.clone());
                out.extend(r.phrasings.iter().cloned());
                out.extend(r.aliases.iter().cloned());
            }
        }
        Kind::Topic => {
            if let Some(t) = kb.topic(&entry.id) {
                out.push(t.title.clone());
                out.extend(t.phrasings.iter().cloned());
                out.extend(t.aliases.iter().cloned());
            }
        }
    }
    out
}
