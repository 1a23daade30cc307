//! Discord's message limits, and the check every reply must pass before it is sent.
//! Numbers from Discord's "Embed Limits" and "Message" documentation; lengths are in characters.

use super::{Choice, Modal, Reply};

pub const EMBED_TITLE: usize = 256;
pub const EMBED_DESCRIPTION: usize = 4096;
pub const EMBED_FIELDS: usize = 25;
pub const FIELD_NAME: usize = 256;
pub const FIELD_VALUE: usize = 1024;
pub const FOOTER: usize = 2048;
pub const AUTHOR: usize = 256;
/// All embeds of one message together.
pub const EMBEDS_TOTAL: usize = 6000;
pub const EMBEDS_PER_MESSAGE: usize = 10;
pub const CONTENT: usize = 2000;
pub const BUTTON_LABEL: usize = 80;
pub const CUSTOM_ID: usize = 100;
pub const BUTTONS_PER_ROW: usize = 5;
pub const ROWS: usize = 5;
pub const CHOICES: usize = 25;
pub const CHOICE_NAME: usize = 100;
pub const CHOICE_VALUE: usize = 100;
pub const MODAL_TITLE: usize = 45;
pub const INPUT_LABEL: usize = 45;
pub const INPUTS_PER_MODAL: usize = 5;
/// The longest text an input takes or is filled with.
pub const INPUT_VALUE: usize = 4000;
pub const INPUT_PLACEHOLDER: usize = 100;

fn len(text: &str) -> usize {
    text.chars().count()
}

/// Every way a reply breaks Discord's limits, as readable sentences; empty when it fits.
pub fn violations(reply: &Reply) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |what: String, size: usize, max: usize| {
        if size > max {
            out.push(format!("{what} is {size}, over Discord's limit of {max}"));
        }
    };
    if let Some(content) = &reply.content {
        check("the message content".into(), len(content), CONTENT);
    }
    check("the number of embeds".into(), reply.embeds.len(), EMBEDS_PER_MESSAGE);
    let mut total = 0;
    for (i, embed) in reply.embeds.iter().enumerate() {
        let n = i + 1;
        check(format!("embed {n}'s title"), len(&embed.title), EMBED_TITLE);
        check(format!("embed {n}'s description"), len(&embed.description), EMBED_DESCRIPTION);
        check(format!("embed {n}'s field count"), embed.fields.len(), EMBED_FIELDS);
        total += len(&embed.title) + len(&embed.description);
        for (j, field) in embed.fields.iter().enumerate() {
            check(format!("embed {n} field {}'s name", j + 1), len(&field.name), FIELD_NAME);
            check(format!("embed {n} field {}'s value", j + 1), len(&field.value), FIELD_VALUE);
            if field.name.trim().is_empty() || field.value.trim().is_empty() {
                check(format!("embed {n} field {} being empty (Discord rejects it)", j + 1), 1, 0);
            }
            total += len(&field.name) + len(&field.value);
        }
        if let Some(footer) = &embed.footer {
            check(format!("embed {n}'s footer"), len(footer), FOOTER);
            total += len(footer);
        }
        if let Some(author) = &embed.author {
            check(format!("embed {n}'s author"), len(author), AUTHOR);
            total += len(author);
        }
    }
    check("the embeds' total text".into(), total, EMBEDS_TOTAL);
    check("the number of button rows".into(), reply.rows.len(), ROWS);
    for row in &reply.rows {
        check("a row's button count".into(), row.len(), BUTTONS_PER_ROW);
        for button in row {
            check(format!("button `{}`'s label", button.label), len(&button.label), BUTTON_LABEL);
            check(format!("button `{}`'s custom id", button.label), len(&button.custom_id), CUSTOM_ID);
        }
    }
    out
}

/// Every way a modal breaks Discord's limits.
pub fn modal_violations(modal: &Modal) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |what: String, size: usize, max: usize| {
        if size > max {
            out.push(format!("{what} is {size}, over Discord's limit of {max}"));
        }
    };
    check("the modal's title".into(), len(&modal.title), MODAL_TITLE);
    check("the modal's custom id".into(), len(&modal.custom_id), CUSTOM_ID);
    check("the number of inputs".into(), modal.inputs.len(), INPUTS_PER_MODAL);
    for input in &modal.inputs {
        check(format!("input `{}`'s label", input.id), len(&input.label), INPUT_LABEL);
        check(format!("input `{}`'s maximum length", input.id), usize::from(input.max_length), INPUT_VALUE);
        if let Some(value) = &input.value {
            check(format!("input `{}`'s value", input.id), len(value), usize::from(input.max_length));
        }
        if let Some(placeholder) = &input.placeholder {
            check(format!("input `{}`'s placeholder", input.id), len(placeholder), INPUT_PLACEHOLDER);
        }
    }
    out
}

/// Every way a list of autocomplete choices breaks Discord's limits.
pub fn choice_violations(choices: &[Choice]) -> Vec<String> {
    let mut out = Vec::new();
    if choices.len() > CHOICES {
        out.push(format!("{} choices, over Discord's limit of {CHOICES}", choices.len()));
    }
    for choice in choices {
        if len(&choice.name) > CHOICE_NAME || len(&choice.name) == 0 {
            out.push(format!("choice name `{}` is not 1..={CHOICE_NAME} characters", choice.name));
        }
        if len(&choice.value) > CHOICE_VALUE || len(&choice.value) == 0 {
            out.push(format!("choice value `{}` is not 1..={CHOICE_VALUE} characters", choice.value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{Embed, Field};

    #[test]
    fn a_small_reply_fits() {
        let reply = Reply {
            embeds: vec![Embed { title: "t".into(), description: "d".into(), ..Embed::default() }],
            ..Reply::default()
        };
        assert!(violations(&reply).is_empty());
    }

    #[test]
    fn every_limit_is_enforced() {
        let long = |n| "x".repeat(n);
        let embed = Embed {
            title: long(257),
            description: long(4097),
            fields: vec![Field::new(long(257), long(1025)); 26],
            footer: Some(long(2049)),
            author: Some(long(257)),
            ..Embed::default()
        };
        let reply = Reply { content: Some(long(2001)), embeds: vec![embed; 11], ..Reply::default() };
        let found = violations(&reply).join("\n");
        for what in [
            "content",
            "number of embeds",
            "title",
            "description",
            "field count",
            "name",
            "value",
            "footer",
            "author",
            "total",
        ] {
            assert!(found.contains(what), "missing {what} in {found}");
        }
    }

    #[test]
    fn totals_count_across_embeds() {
        let embed = Embed { description: "x".repeat(3001), ..Embed::default() };
        let reply = Reply { embeds: vec![embed.clone(), embed], ..Reply::default() };
        assert_eq!(violations(&reply).len(), 1);
    }
}
