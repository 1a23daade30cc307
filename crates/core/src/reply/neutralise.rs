//! Makes user text safe to echo back: Discord markdown escaped, mentions defused, control
//! characters dropped, length capped. Replies also disable mentions on the wire; this is the
//! second lock, so that echoed text reads as typed and pings nobody even if copied.

/// Zero-width space: breaks `@everyone` and `<@id>` without changing what people read.
const BREAK: char = '\u{200B}';

/// Escapes, defuses and caps `text` to at most `max` characters (an ellipsis marks a cut).
pub fn neutralise(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max * 4) + 8);
    let mut count = 0;
    let mut chars = text.chars().peekable();
    let mut cut = false;
    while let Some(c) = chars.next() {
        if count >= max.saturating_sub(1) && chars.peek().is_some() {
            cut = true;
            break;
        }
        match c {
            c if c.is_control() => {
                out.push(' ');
            }
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '#' | '[' | ']' | '(' | ')' | '-' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '@' => {
                out.push('@');
                out.push(BREAK);
            }
            '<' => {
                out.push('<');
                out.push(BREAK);
            }
            c => out.push(c),
        }
        count += 1;
    }
    if cut {
        out.push('…');
    }
    out
}

/// Collapses runs of white space and trims, for echoing a query on one line.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_defused() {
        for hostile in ["@everyone", "@here", "<@123>", "<@!123>", "<@&456>", "<#789>"] {
            let safe = neutralise(hostile, 100);
            assert!(
                !safe.contains("@everyone") && !safe.contains("@here") && !safe.contains("<@") && !safe.contains("<#"),
                "{hostile} -> {safe}"
            );
        }
    }

    #[test]
    fn markdown_is_escaped() {
        assert_eq!(neutralise("**bold** `x`", 100), "\\*\\*bold\\*\\* \\`x\\`");
        assert_eq!(neutralise("[click](https://x)", 100), "\\[click\\]\\(https\\://x\\)");
    }

    #[test]
    fn length_is_capped_with_an_ellipsis() {
        let safe = neutralise(&"a".repeat(500), 10);
        assert_eq!(safe.chars().count(), 10);
        assert!(safe.ends_with('…'));
        assert_eq!(neutralise("short", 10), "short");
    }

    #[test]
    fn control_characters_become_spaces() {
        assert_eq!(neutralise("a\u{0}b\nc", 10), "a b c");
    }
}
