//! Salary figures inside knowledge texts. A text states a tier's figures through placeholders
//! that loading fills from the tier's own numbers, so that an answer's prose and its Range
//! field cannot disagree:
//!
//! - `{range:ID}`: the tier's range as the Range field shows it, e.g. `₹18–35+ LPA`;
//! - `{min:ID}`, `{max:ID}`: one end of it, e.g. `18`, `35`.
//!
//! A range written out in LPA (`₹18–35+ LPA`, `18-35 lpa`, `8 to 18 lakh`) is refused instead:
//! it would go stale the day the tier's numbers change.

use rustc_hash::FxHashMap;

use super::model::{SalaryTier, trim_number};

/// The placeholders there are, by the name before the colon.
const NAMES: [&str; 3] = ["range", "min", "max"];

/// Words that make a figure a salary in lakh rupees per annum.
const UNITS: [&str; 6] = ["lpa", "lakh", "lakhs", "lac", "lacs", "l"];

/// One tier's figures, as texts show them.
#[derive(Debug, Clone)]
struct Tier {
    id: String,
    min: f64,
    max: f64,
    range: String,
}

/// The salary tiers' figures, which fill the placeholders of every text.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    tiers: Vec<Tier>,
    by_id: FxHashMap<String, usize>,
}

/// Something wrong with the figures of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The text at fault as written (a placeholder or a range), to point at it.
    pub written: String,
    pub message: String,
    pub hint: String,
}

impl Figures {
    /// The figures of these tiers; of tiers sharing an id, the first counts (as it does for
    /// every lookup).
    pub fn new<'a>(tiers: impl IntoIterator<Item = &'a SalaryTier>) -> Self {
        let mut figures = Figures::default();
        for tier in tiers {
            if figures.by_id.contains_key(&tier.id) {
                continue;
            }
            figures.by_id.insert(tier.id.clone(), figures.tiers.len());
            figures.tiers.push(Tier {
                id: tier.id.clone(),
                min: tier.min_lpa,
                max: tier.max_lpa,
                range: tier.range_label(),
            });
        }
        figures
    }

    /// `text` with every placeholder filled in, or everything wrong with its figures: a
    /// malformed placeholder, one naming no tier, a range written out.
    pub fn fill(&self, text: &str) -> Result<String, Vec<Fault>> {
        let mut faults: Vec<Fault> = literal_ranges(text).into_iter().map(|range| self.written_out(range)).collect();
        let mut filled = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            filled.push_str(&rest[..open]);
            let after = &rest[open..];
            match placeholder(after) {
                None => {
                    filled.push('{');
                    rest = &after[1..];
                }
                Some(found) => {
                    match self.value(&found) {
                        Ok(value) => filled.push_str(&value),
                        Err(fault) => faults.push(fault),
                    }
                    rest = &after[found.written.len()..];
                }
            }
        }
        filled.push_str(rest);
        if faults.is_empty() { Ok(filled) } else { Err(faults) }
    }

    /// What a placeholder stands for.
    fn value(&self, found: &Placeholder<'_>) -> Result<String, Fault> {
        let fault = |message: String, hint: String| Fault { written: found.written.to_owned(), message, hint };
        let written = found.written;
        let Some(id) = found.id else {
            return Err(fault(
                format!("the placeholder `{written}` is not closed"),
                format!("end it with `}}`, as in `{{{}:{}}}`", found.name, self.example()),
            ));
        };
        if !NAMES.contains(&found.name) {
            return Err(fault(
                format!("`{written}` is not a placeholder"),
                format!(
                    "use `{{range:ID}}`, `{{min:ID}}` or `{{max:ID}}` with a salary tier's id, e.g. `{{range:{}}}`; \
                     for a brace that is no placeholder, put a space after it",
                    self.example()
                ),
            ));
        }
        let Some(tier) = self.by_id.get(id).map(|&i| &self.tiers[i]) else {
            let wanted = id.trim();
            let hint = if wanted != id && self.by_id.contains_key(wanted) {
                format!("write it without spaces: `{{{}:{wanted}}}`", found.name)
            } else {
                format!("name one of the salary tiers: {}", self.ids())
            };
            let message = if id.is_empty() {
                format!("the placeholder `{written}` names no salary tier")
            } else {
                format!("the placeholder `{written}` names no salary tier: there is no tier `{id}`")
            };
            return Err(fault(message, hint));
        };
        Ok(match found.name {
            "range" => tier.range.clone(),
            "min" => trim_number(tier.min),
            _ => trim_number(tier.max),
        })
    }

    /// The fault of a range written out: which placeholder says it, if it is a tier's.
    fn written_out(&self, range: Range<'_>) -> Fault {
        let written = range.written.to_owned();
        match self.tiers.iter().find(|t| t.min == range.min && t.max == range.max) {
            Some(tier) => Fault {
                message: format!("`{written}` writes out the range of `salary:{}`", tier.id),
                hint: format!(
                    "write `{{range:{}}}` instead (or `{{min:{0}}}` and `{{max:{0}}}`), so that the text follows the \
                     tier's numbers",
                    tier.id
                ),
                written,
            },
            None => Fault {
                message: format!("`{written}` is the range of no salary tier ({})", self.ranges()),
                hint: "write the tier's range as `{range:ID}` (or its ends as `{min:ID}` and `{max:ID}`), so that the \
                       text follows the tier's numbers"
                    .to_owned(),
                written,
            },
        }
    }

    fn example(&self) -> &str {
        self.tiers.first().map_or("senior", |t| t.id.as_str())
    }

    fn ids(&self) -> String {
        if self.tiers.is_empty() {
            return "there are none, so add `salary_tiers:` first".to_owned();
        }
        self.tiers.iter().map(|t| format!("`{}`", t.id)).collect::<Vec<_>>().join(", ")
    }

    fn ranges(&self) -> String {
        if self.tiers.is_empty() {
            return "there are no tiers".to_owned();
        }
        self.tiers.iter().map(|t| format!("{} {}", t.id, t.range)).collect::<Vec<_>>().join(", ")
    }
}

/// The first thing in `text` that reads as a placeholder (`{name:`...), for the texts that are
/// not filled in.
pub fn placeholder_in(text: &str) -> Option<&str> {
    text.match_indices('{').find_map(|(at, _)| placeholder(&text[at..]).map(|p| p.written))
}

/// A placeholder as written: `{name:id}`, or `{name:...` without its `}` (`id` is `None`).
struct Placeholder<'a> {
    written: &'a str,
    name: &'a str,
    id: Option<&'a str>,
}

/// Reads a placeholder at the start of `text` (which starts with `{`): a `{` followed by a
/// word and a colon is one, well formed or not; any other `{` is plain text.
fn placeholder(text: &str) -> Option<Placeholder<'_>> {
    let inner = text.strip_prefix('{')?;
    let name_len = inner.find(|c: char| !(c.is_ascii_alphabetic() || c == '_')).unwrap_or(inner.len());
    if name_len == 0 || !inner[name_len..].starts_with(':') {
        return None;
    }
    let name = &inner[..name_len];
    let body = &inner[name_len + 1..];
    match body.find(['}', '{', '\n']) {
        Some(close) if body[close..].starts_with('}') => {
            let written = &text[..1 + name_len + 1 + close + 1];
            Some(Placeholder { written, name, id: Some(&body[..close]) })
        }
        stop => {
            let end = stop.unwrap_or(body.len());
            let written = text[..1 + name_len + 1 + end].trim_end();
            Some(Placeholder { written, name, id: None })
        }
    }
}

/// A salary range written out in a text.
#[derive(Debug, PartialEq)]
struct Range<'a> {
    written: &'a str,
    min: f64,
    max: f64,
}

/// Every range of two figures in a text that reads as a salary: with `₹` before it or a unit
/// of lakhs after either figure (`₹4–8`, `4-8 LPA`, `₹18–35+ LPA`, `4 lakh to 8 lakh`).
fn literal_ranges(text: &str) -> Vec<Range<'_>> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        match range_at(text, at) {
            Some((range, end)) => {
                found.push(range);
                at = end;
            }
            None => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// A salary range starting at byte `start` of `text`, and where it ends.
fn range_at(text: &str, start: usize) -> Option<(Range<'_>, usize)> {
    let before = text[..start].chars().next_back();
    let rupee = text[start..].starts_with('₹');
    if before.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '₹') {
        return None;
    }
    let mut at = start;
    if rupee {
        at = skip_spaces(text, at + '₹'.len_utf8());
    }
    let (min, after_min) = number(text, at)?;
    let (first_unit, after_unit) = unit(text, after_min);
    at = skip_spaces(text, after_unit);
    let rest = &text[at..];
    at += if let Some(dash) = rest.chars().next().filter(|c| matches!(c, '-' | '–' | '—')) {
        dash.len_utf8()
    } else if rest.get(..2).is_some_and(|word| word.eq_ignore_ascii_case("to")) && rest[2..].starts_with(' ') {
        2
    } else {
        return None;
    };
    at = skip_spaces(text, at);
    if text[at..].starts_with('₹') {
        at = skip_spaces(text, at + '₹'.len_utf8());
    }
    let (max, mut end) = number(text, at)?;
    if text[end..].starts_with('+') {
        end += 1;
    }
    let (last_unit, after) = unit(text, end);
    if !(rupee || first_unit || last_unit) {
        return None;
    }
    let end = if last_unit { after } else { end };
    Some((Range { written: &text[start..end], min, max }, end))
}

/// A figure (`18`, `4.5`) at byte `at`, and where it ends.
fn number(text: &str, at: usize) -> Option<(f64, usize)> {
    let digits = |from: usize| text[from..].find(|c: char| !c.is_ascii_digit()).map_or(text.len(), |n| from + n);
    let mut end = digits(at);
    if end == at {
        return None;
    }
    if text[end..].starts_with('.') && text[end + 1..].starts_with(|c: char| c.is_ascii_digit()) {
        end = digits(end + 1);
    }
    text[at..end].parse().ok().map(|value| (value, end))
}

/// Whether a unit of lakhs follows byte `at` (after optional spaces), and where it ends.
fn unit(text: &str, at: usize) -> (bool, usize) {
    let from = skip_spaces(text, at);
    let len = text[from..].find(|c: char| !c.is_alphabetic()).unwrap_or(text.len() - from);
    let word = text[from..from + len].to_ascii_lowercase();
    if UNITS.contains(&word.as_str()) { (true, from + len) } else { (false, at) }
}

fn skip_spaces(text: &str, at: usize) -> usize {
    text[at..].find(|c: char| c != ' ').map_or(text.len(), |n| at + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(id: &str, min: f64, max: f64, open_ended: bool) -> SalaryTier {
        SalaryTier::fixture(id, min, max, open_ended)
    }

    fn figures() -> Figures {
        Figures::new(&[tier("fresher", 4.0, 8.0, false), tier("senior", 18.0, 35.0, true)])
    }

    fn faults(text: &str) -> Vec<Fault> {
        figures().fill(text).expect_err("the text should be refused")
    }

    #[test]
    fn placeholders_are_filled_from_the_tier() {
        let text = "Seniors command {range:senior}; strong ones go past {max:senior}, from {min:senior}.";
        assert_eq!(figures().fill(text).unwrap(), "Seniors command ₹18–35+ LPA; strong ones go past 35, from 18.");
        assert_eq!(figures().fill("{range:fresher}").unwrap(), "₹4–8 LPA");
    }

    #[test]
    fn a_changed_tier_changes_every_filled_text() {
        let changed = Figures::new(&[tier("senior", 18.0, 36.5, true)]);
        assert_eq!(changed.fill("{range:senior}, past {max:senior}").unwrap(), "₹18–36.5+ LPA, past 36.5");
    }

    #[test]
    fn braces_that_are_no_placeholder_are_plain_text() {
        for text in ["JSON looks like {\"id\": 1}", "a { b } c", "{ range: senior }", "{", "}{", "{:x}", "é{é"] {
            assert_eq!(figures().fill(text).unwrap(), text);
        }
    }

    #[test]
    fn an_unknown_tier_is_named_with_the_ones_there_are() {
        let [fault] = faults("Pay: {range:senoir}.").try_into().unwrap();
        assert_eq!(fault.written, "{range:senoir}");
        assert!(fault.message.contains("no tier `senoir`"), "{fault:?}");
        assert!(fault.hint.contains("`fresher`, `senior`"), "{fault:?}");
    }

    #[test]
    fn malformed_placeholders_are_refused() {
        for (text, written, says) in [
            ("{rnage:senior} a year", "{rnage:senior}", "is not a placeholder"),
            ("{range:senior a year", "{range:senior a year", "is not closed"),
            ("up to {max:senior", "{max:senior", "is not closed"),
            ("{range:}", "{range:}", "names no salary tier"),
            ("{range: senior}", "{range: senior}", "names no salary tier"),
            ("{range:senior{max:senior}}", "{range:senior", "is not closed"),
        ] {
            let found = faults(text);
            assert!(found.iter().any(|f| f.written == written && f.message.contains(says)), "{text}: {found:?}");
        }
        assert!(faults("{range: senior}")[0].hint.contains("without spaces"));
    }

    #[test]
    fn a_range_written_out_is_refused_whether_or_not_it_is_a_tier() {
        let [same] = faults("Seniors command ₹18–35+ LPA.").try_into().unwrap();
        assert_eq!(same.written, "₹18–35+ LPA");
        assert!(same.message.contains("`salary:senior`") && same.hint.contains("{range:senior}"), "{same:?}");
        let [stale] = faults("Seniors command ₹18–36+ LPA.").try_into().unwrap();
        assert!(stale.message.contains("no salary tier") && stale.message.contains("senior ₹18–35+ LPA"), "{stale:?}");
    }

    #[test]
    fn ranges_are_recognised_in_the_ways_people_write_them() {
        for (text, written) in [
            ("₹4–8 LPA", "₹4–8 LPA"),
            ("₹4-8", "₹4-8"),
            ("₹ 4 – 8", "₹ 4 – 8"),
            ("4-8 lpa", "4-8 lpa"),
            ("4 - 8 LPA.", "4 - 8 LPA"),
            ("4—8L a year", "4—8L"),
            ("from 4 to 8 lakhs", "4 to 8 lakhs"),
            ("₹4 LPA to ₹8 LPA", "₹4 LPA to ₹8 LPA"),
            ("4.5-8 lacs", "4.5-8 lacs"),
            ("(18–35+ LPA)", "18–35+ LPA"),
        ] {
            let found = literal_ranges(text);
            assert_eq!(found.iter().map(|r| r.written).collect::<Vec<_>>(), [written], "{text}");
        }
        let found = literal_ranges("₹18–35+ LPA and ₹35–70+ LPA");
        assert_eq!(found.iter().map(|r| (r.min, r.max)).collect::<Vec<_>>(), [(18.0, 35.0), (35.0, 70.0)]);
    }

    #[test]
    fn other_figures_are_left_alone() {
        for text in [
            "0-1 yoe",
            "6-10 years",
            "SDE-2 engineers",
            "Is 6 LPA a decent CTC?",
            "go past 35",
            "HTTP/1.1 and 2-3 lines",
            "a 4-8 lane road",
            "v1.2-3 lpa",
            "x4-8 lpa",
            "10 to 12 people",
        ] {
            assert_eq!(literal_ranges(text), [], "{text}");
            assert_eq!(figures().fill(text).unwrap(), text);
        }
    }

    #[test]
    fn only_well_formed_words_read_as_placeholders_in_texts_that_are_not_filled() {
        assert_eq!(placeholder_in("What is {range:senior}?"), Some("{range:senior}"));
        assert_eq!(placeholder_in("up to {max:senior"), Some("{max:senior"));
        assert_eq!(placeholder_in("{\"a\": 1} and { x: 1 }"), None);
    }

    #[test]
    fn odd_text_never_panics() {
        for text in
            ["{", "{a:", "{a:\u{00e9}", "₹", "₹₹4-", "4-", "4 to", "4 to ", "₹4.", "4.-8 lpa", "{a:}{", "\u{1F600}{x:y"]
        {
            let _ = figures().fill(text);
            let _ = placeholder_in(text);
        }
    }
}
