//! Finds where an entry or one of its fields sits in a YAML text, so that problems found after
//! parsing (duplicate ids, dangling references, over-long texts) still name a line and column.
//!
//! serde_yaml gives positions only for errors it raises itself; for the checks that run on the
//! typed model we look the entry up by its `id:` line, which every entry has.

/// Line and column (1-based) of the `id: <id>` line of the `nth` entry with that id.
pub fn entry(text: &str, id: &str, nth: usize) -> Option<(usize, usize)> {
    id_lines(text, id).nth(nth).map(|(line, column, _)| (line, column))
}

/// Every `id:` line of a text in one pass: id → (line, column) of each entry with that id, in
/// order. Validation looks entries up here, so a large file is scanned once, not once per entry.
pub fn id_index(text: &str) -> rustc_hash::FxHashMap<&str, Vec<(usize, usize)>> {
    let mut index: rustc_hash::FxHashMap<&str, Vec<(usize, usize)>> = rustc_hash::FxHashMap::default();
    for (number, line) in text.lines().enumerate() {
        if let Some((indent, value)) = key_value(line, "id") {
            index.entry(value).or_default().push((number + 1, indent + 1));
        }
    }
    index
}

/// The indentation of an entry's keys and the value, if `line` reads `key: value` (optionally
/// after `- `, with quotes and a trailing comment).
fn key_value<'a>(line: &'a str, key: &str) -> Option<(usize, &'a str)> {
    let content = line.trim_start();
    let mut indent = line.len() - content.len();
    let content = match content.strip_prefix("- ") {
        Some(rest) => {
            indent += 2 + (rest.len() - rest.trim_start().len());
            rest.trim_start()
        }
        None => content,
    };
    let value = content.strip_prefix(key)?.strip_prefix(':')?;
    Some((indent, value.split(" #").next().unwrap_or("").trim().trim_matches(['"', '\''])))
}

/// Line and column (1-based) of `field:` inside the `nth` entry with that id: the first line at
/// the entry's indentation that starts with the field's key, before the next entry begins.
pub fn field(text: &str, id: &str, nth: usize, field: &str) -> Option<(usize, usize)> {
    let (id_line, _, indent) = id_lines(text, id).nth(nth)?;
    let key = format!("{field}:");
    for (offset, line) in text.lines().enumerate().skip(id_line) {
        let content = line.trim_start();
        let here = line.len() - content.len();
        let item_start = content.starts_with("- ");
        if here < indent || (here == indent.saturating_sub(2) && item_start) {
            break;
        }
        if here == indent && content.starts_with(&key) {
            return Some((offset + 1, here + 1));
        }
    }
    // Not written out (a missing optional field): point at the entry itself.
    Some((id_line, indent + 1))
}

/// Line and column (1-based) of `needle` inside `field:` of the `nth` entry with that id: on
/// the field's own line or the lines of its value below it (a block text, a list). When the
/// text is not found as written there (a folded text breaks lines anew, quotes escape), the
/// field's own line.
pub fn text_in_field(text: &str, id: &str, nth: usize, field: &str, needle: &str) -> Option<(usize, usize)> {
    let (line, column) = self::field(text, id, nth, field)?;
    let first = needle.lines().next().unwrap_or(needle);
    let indent = column - 1;
    for (offset, content) in text.lines().enumerate().skip(line - 1) {
        let here = content.len() - content.trim_start().len();
        let below = offset + 1 > line && !content.trim().is_empty();
        if below && (here < indent || (here == indent && !content.trim_start().starts_with("- "))) {
            break;
        }
        if let Some(at) = content.find(first).filter(|_| !first.is_empty()) {
            return Some((offset + 1, content[..at].chars().count() + 1));
        }
    }
    Some((line, column))
}

/// Line and column of the first list item whose `key:` has this value (for entries without an
/// `id`, such as synonyms, found by their `term`).
pub fn entry_by_key(text: &str, key: &str, value: &str) -> Option<(usize, usize)> {
    key_lines(text, key, value).next().map(|(line, column, _)| (line, column))
}

/// Every line that reads `id: <id>` (optionally after `- ` and with quotes), with its 1-based
/// number, 1-based column of the key and the indentation of the entry's keys.
fn id_lines<'a>(text: &'a str, id: &'a str) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
    key_lines(text, "id", id)
}

fn key_lines<'a>(text: &'a str, key: &'a str, id: &'a str) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
    text.lines().enumerate().filter_map(move |(index, line)| {
        let (indent, value) = key_value(line, key)?;
        (value == id).then_some((index + 1, indent + 1, indent))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "faqs:\n  - id: one\n    question: Q\n    answer: A\n  - id: \"two\"\n    question: Q2\n    answer: A2\n";

    #[test]
    fn finds_the_id_line_of_each_entry() {
        assert_eq!(entry(TEXT, "one", 0), Some((2, 5)));
        assert_eq!(entry(TEXT, "two", 0), Some((5, 5)));
        assert_eq!(entry(TEXT, "three", 0), None);
    }

    #[test]
    fn finds_a_field_inside_its_own_entry_only() {
        assert_eq!(field(TEXT, "one", 0, "answer"), Some((4, 5)));
        assert_eq!(field(TEXT, "two", 0, "answer"), Some((7, 5)));
    }

    #[test]
    fn a_missing_field_falls_back_to_the_entry() {
        assert_eq!(field(TEXT, "one", 0, "tags"), Some((2, 5)));
    }

    #[test]
    fn a_text_is_found_on_its_own_line_of_the_field() {
        let text = "faqs:\n  - id: one\n    answer: |\n      First line.\n      Pay is ₹4–8 LPA.\n    tags: [pay]\n  - id: two\n    answer: Pay is ₹4–8 LPA.\n";
        assert_eq!(text_in_field(text, "one", 0, "answer", "₹4–8 LPA"), Some((5, 14)));
        assert_eq!(text_in_field(text, "two", 0, "answer", "₹4–8 LPA"), Some((8, 20)));
        // Not in this entry's field: the field's line.
        assert_eq!(text_in_field(text, "one", 0, "answer", "nowhere"), Some((3, 5)));
    }

    #[test]
    fn duplicates_are_told_apart_by_position() {
        let text = "roles:\n  - id: a\n    title: X\n  - id: a\n    title: Y\n";
        assert_eq!(field(text, "a", 1, "title"), Some((5, 5)));
    }
}
