//! Where an answer's facts come from: the entries' `sources` and `as_of`, shown as the last
//! line of the embed's footer (below what the footer already says) and as the link of its
//! title. Every answer that shows entries goes through [`cite`], so the wording and the fit to
//! Discord's footer limit are decided here once.

use crate::knowledge::{EntryRef, KnowledgeBase};
use crate::reply::{Embed, limits, text};

/// The sources and date of one or more entries, merged: each source once, in the order the
/// entries name them, and the oldest date (an overview is only as fresh as its stalest entry).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Provenance<'a> {
    pub titles: Vec<&'a str>,
    /// The first source's address, where one has an address.
    pub url: Option<&'a str>,
    pub as_of: Option<&'a str>,
}

impl<'a> Provenance<'a> {
    /// What `entries` say about their sources.
    pub fn of(kb: &'a KnowledgeBase, entries: impl IntoIterator<Item = EntryRef>) -> Self {
        let mut merged = Provenance::default();
        for entry in entries {
            let (sources, as_of) = kb.provenance(&entry);
            for source in sources {
                if !merged.titles.contains(&source.title.as_str()) {
                    merged.titles.push(&source.title);
                }
                merged.url = merged.url.or(source.url.as_deref());
            }
            // Dates are YYYY, YYYY-MM or YYYY-MM-DD (validated), so text order is date order.
            merged.as_of = match (merged.as_of, as_of) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        merged
    }

    /// The footer line, if the entries name a source or a date.
    pub fn line(&self) -> Option<String> {
        text::provenance(&self.titles, self.as_of)
    }
}

/// Adds `provenance` to `embed`: its line below the footer's own text (cut to keep the footer
/// within Discord's limit; the footer's own text comes first and is kept whole), and the first
/// source's address as the title's link.
pub fn cite(embed: &mut Embed, provenance: &Provenance<'_>) {
    if let Some(line) = provenance.line() {
        let footer = match embed.footer.take() {
            Some(own) => {
                let room = limits::FOOTER.saturating_sub(own.chars().count() + 1);
                if room == 0 { own } else { format!("{own}\n{}", super::ask::truncate(&line, room)) }
            }
            None => super::ask::truncate(&line, limits::FOOTER),
        };
        embed.footer = Some(footer);
    }
    if let Some(url) = provenance.url {
        embed.url = Some(url.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provenance<'a>(titles: &[&'a str], as_of: Option<&'a str>) -> Provenance<'a> {
        Provenance { titles: titles.to_vec(), url: None, as_of }
    }

    #[test]
    fn the_line_names_the_sources_and_the_date() {
        assert_eq!(provenance(&["Guide"], Some("2026-01")).line().as_deref(), Some("Source: Guide · as of 2026-01"));
        assert_eq!(provenance(&["A", "B"], None).line().as_deref(), Some("Sources: A; B"));
        assert_eq!(provenance(&[], Some("2026")).line().as_deref(), Some("As of 2026"));
        assert_eq!(provenance(&[], None).line(), None);
    }

    #[test]
    fn the_footer_keeps_its_own_text_first_and_fits_the_limit() {
        let mut embed = Embed { footer: Some("LPA = lakh rupees per annum.".into()), ..Embed::default() };
        cite(&mut embed, &provenance(&["Guide"], Some("2026-01")));
        assert_eq!(embed.footer.as_deref(), Some("LPA = lakh rupees per annum.\nSource: Guide · as of 2026-01"));
        assert_eq!(embed.url, None);

        let long = "x".repeat(limits::FOOTER);
        let mut embed = Embed { footer: Some("own".into()), ..Embed::default() };
        cite(&mut embed, &provenance(&[&long], None));
        let footer = embed.footer.unwrap();
        assert_eq!(footer.chars().count(), limits::FOOTER);
        assert!(footer.starts_with("own\nSource: x") && footer.ends_with('…'), "{footer}");
    }

    #[test]
    fn an_embed_without_provenance_is_left_as_it_is() {
        let mut embed = Embed { footer: Some("own".into()), ..Embed::default() };
        cite(&mut embed, &Provenance::default());
        assert_eq!(embed, Embed { footer: Some("own".into()), ..Embed::default() });
    }
}
