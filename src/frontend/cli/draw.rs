//! Draws a reply readably in a terminal: a box per embed, fields aligned, buttons below, with
//! colour on a TTY and plain text when piped or `NO_COLOR` is set.

use crate::reply::{Embed, Reply, Response};

/// Widest box, in characters.
const WIDTH: usize = 78;

/// How to draw.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub colour: bool,
}

impl Style {
    /// Colour when stdout is a terminal and `NO_COLOR` is not set.
    pub fn detect() -> Self {
        use std::io::IsTerminal;
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style { colour: std::io::stdout().is_terminal() && !no_colour }
    }

    fn paint(&self, text: &str, code: &str) -> String {
        if self.colour { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }
}

/// The whole response as terminal text.
pub fn response(response: &Response, style: Style) -> String {
    match response {
        Response::Message(reply) | Response::Update(reply) => reply_text(reply, style),
        Response::Delete => "(the message is deleted)\n".to_owned(),
        Response::Pong => "(pong)\n".to_owned(),
        Response::Choices(choices) => choices.iter().map(|c| format!("  {}\n", c.name)).collect(),
        Response::Modal(form) => {
            let mut out = format!("(a form opens: {})\n", form.title);
            for input in &form.inputs {
                let filled = input.value.as_deref().map(|v| format!(": {v}")).unwrap_or_default();
                out.push_str(&format!("  {}{filled}\n", input.label));
            }
            out
        }
    }
}

fn reply_text(reply: &Reply, style: Style) -> String {
    let mut out = String::new();
    if let Some(content) = &reply.content {
        out.push_str(&markdown(content, style));
        out.push('\n');
    }
    for embed in &reply.embeds {
        out.push_str(&embed_box(embed, style));
    }
    for row in &reply.rows {
        let buttons: Vec<String> = row.iter().filter(|b| !b.disabled).map(|b| format!("[ {} ]", b.label)).collect();
        if !buttons.is_empty() {
            out.push_str(&style.paint(&format!("  {}", buttons.join(" ")), "2"));
            out.push('\n');
        }
    }
    out
}

fn embed_box(embed: &Embed, style: Style) -> String {
    let inner = WIDTH - 4;
    let mut lines: Vec<(String, Option<&str>)> = Vec::new();
    // Code blocks keep their layout (cut, not wrapped); the fences are Discord markup.
    let mut in_code = false;
    for line in embed.description.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            lines.push((line.chars().take(inner).collect(), Some("0")));
        } else {
            lines.extend(wrap(line, inner).into_iter().map(|l| (l, None)));
        }
    }
    if !embed.fields.is_empty() {
        if !lines.is_empty() {
            lines.push((String::new(), None));
        }
        let name_width = embed.fields.iter().map(|f| len(&strip(&f.name))).max().unwrap_or(0).min(inner / 3);
        for field in &embed.fields {
            let name = strip(&field.name);
            let value_width = inner.saturating_sub(name_width + 2).max(10);
            let mut first = true;
            let name_lines = wrap(&name, name_width);
            let value_lines = wrap(&field.value, value_width);
            let rows = name_lines.len().max(value_lines.len());
            for i in 0..rows {
                let n = name_lines.get(i).cloned().unwrap_or_default();
                let v = value_lines.get(i).cloned().unwrap_or_default();
                let padded = format!("{n:<name_width$}  {v}");
                lines.push((padded, if first { Some("1") } else { None }));
                first = false;
            }
        }
    }
    if let Some(footer) = &embed.footer {
        lines.push((String::new(), None));
        for line in wrap(footer, inner) {
            lines.push((line, Some("2")));
        }
    }
    // Discord links the title; a terminal shows the address under the footer.
    if let Some(url) = &embed.url {
        lines.extend(wrap(url, inner).into_iter().map(|l| (l, Some("2"))));
    }
    let title = strip(&embed.title);
    let title = if len(&title) > inner - 2 { title.chars().take(inner - 3).collect::<String>() + "…" } else { title };
    let colour = format!("38;2;{};{};{}", embed.colour >> 16 & 0xff, embed.colour >> 8 & 0xff, embed.colour & 0xff);
    let mut out = String::new();
    let bar = |s: &str| style.paint(s, &colour);
    out.push_str(&format!(
        "{}{}{}\n",
        bar("╭─ "),
        style.paint(&title, "1"),
        bar(&format!(" {}╮", "─".repeat(inner.saturating_sub(len(&title) + 1))))
    ));
    for (line, paint) in lines {
        let pad = inner.saturating_sub(len(&line));
        let body = match paint {
            Some("2") => style.paint(&line, "2"),
            Some("0") => line.clone(),
            _ => markdown(&line, style),
        };
        out.push_str(&format!("{} {body}{} {}\n", bar("│"), " ".repeat(pad), bar("│")));
    }
    out.push_str(&bar(&format!("╰{}╯\n", "─".repeat(inner + 2))));
    out
}

/// Character count, ignoring the markdown markers drawn as styles.
fn len(text: &str) -> usize {
    strip(text).chars().count()
}

/// Removes `**` bold markers.
fn strip(text: &str) -> String {
    text.replace("**", "")
}

/// `**bold**` as terminal bold (or plain), other markdown left as written.
fn markdown(text: &str, style: Style) -> String {
    let mut out = String::new();
    for (i, part) in text.split("**").enumerate() {
        if i % 2 == 1 { out.push_str(&style.paint(part, "1")) } else { out.push_str(part) }
    }
    out
}

/// Wraps text to `width` characters, keeping its own line breaks; a word longer than the
/// width is split. Bold markers do not count towards the width.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let mut word = word.to_owned();
            while len(&word) > width {
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                let head: String = word.chars().take(width).collect();
                word = word.chars().skip(width).collect();
                out.push(head);
            }
            if !line.is_empty() && len(&line) + 1 + len(&word) > width {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        out.push(line);
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::Field;

    #[test]
    fn wrap_keeps_within_width() {
        for line in wrap("a quick brown fox jumps over the lazy dog again and again", 10) {
            assert!(line.chars().count() <= 10, "{line}");
        }
        assert_eq!(wrap("x".repeat(25).as_str(), 10).len(), 3);
    }

    #[test]
    fn plain_output_has_no_escape_codes_and_aligned_fields() {
        let embed = Embed {
            title: "**Title**".into(),
            description: "Some text".into(),
            fields: vec![Field::new("Short", "one"), Field::new("Longer name", "two")],
            ..Embed::default()
        };
        let text =
            response(&Response::Message(Reply { embeds: vec![embed], ..Reply::default() }), Style { colour: false });
        assert!(!text.contains('\x1b'));
        let one = text.lines().find(|l| l.contains("one")).unwrap();
        let two = text.lines().find(|l| l.contains("two")).unwrap();
        assert_eq!(one.find("one"), two.find("two"), "{text}");
        let widths: Vec<usize> = text.lines().map(|l| l.chars().count()).collect();
        assert!(widths.iter().all(|&w| w == widths[0]), "{text}");
    }

    #[test]
    fn a_linked_title_shows_its_address_under_the_footer() {
        let embed = Embed {
            title: "T".into(),
            footer: Some("Source: Notes".into()),
            url: Some("https://example.com/notes".into()),
            ..Embed::default()
        };
        let text =
            response(&Response::Message(Reply { embeds: vec![embed], ..Reply::default() }), Style { colour: false });
        let lines: Vec<&str> = text.lines().collect();
        let footer = lines.iter().position(|l| l.contains("Source: Notes")).expect("the footer");
        assert!(lines[footer + 1].contains("https://example.com/notes"), "{text}");
    }

    #[test]
    fn colour_output_paints() {
        let embed = Embed { title: "T".into(), ..Embed::default() };
        let text =
            response(&Response::Message(Reply { embeds: vec![embed], ..Reply::default() }), Style { colour: true });
        assert!(text.contains("\x1b[1m"));
    }
}
