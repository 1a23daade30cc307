//! The bot's buttons: their custom ids (stateless: everything needed is in the id, so any
//! replica can answer a click) and what a click does.
//!
//! - `show:<kind>:<id>:<invoker>`: "did you mean" → show that entry.
//! - `faq:<page>:<invoker>`: turn the FAQ list to a page (invoker only).
//! - `del:<invoker>`: delete the answer (invoker only).
//! - `vote:<up|down>:<kind>:<id>`: rate the answer showing that entry (anyone who sees it; a
//!   second vote of the same person on the same entry replaces the first). At most
//!   `vote:down:` + the longest kind + `:` + a 60-character id = 77 characters, within Discord's 100.

use super::{Answer, entry_embed, faq, matched, note};
use crate::Bot;
use crate::feedback::{Record, Vote};
use crate::knowledge::EntryRef;
use crate::reply::text::{self, COLOUR_DECLINE, COLOUR_HELP};
use crate::reply::{Button, ButtonStyle, Reply, Response};

pub fn show_id(entry: &EntryRef, invoker: u64) -> String {
    format!("show:{}:{}:{invoker}", entry.kind, entry.id)
}

pub fn faq_page_id(page: usize, invoker: u64) -> String {
    format!("faq:{page}:{invoker}")
}

pub fn delete_id(invoker: u64) -> String {
    format!("del:{invoker}")
}

/// The custom id of a 👍 or 👎 on an answer showing `entry`.
pub fn vote_id(entry: &EntryRef, vote: Vote) -> String {
    format!("vote:{}:{}:{}", vote.as_str(), entry.kind, entry.id)
}

/// Adds 👍 and 👎 for `entry` in a row of their own (the delete button joins them).
pub fn add_votes(reply: &mut Reply, entry: &EntryRef) {
    let button = |vote, label: &str| Button {
        label: label.to_owned(),
        custom_id: vote_id(entry, vote),
        style: ButtonStyle::Secondary,
        disabled: false,
    };
    if reply.rows.len() < crate::reply::limits::ROWS {
        reply.rows.push(vec![button(Vote::Up, text::VOTE_UP), button(Vote::Down, text::VOTE_DOWN)]);
    }
}

/// Adds the delete button (usable by `invoker` only) to a public reply, in the last row if
/// it has room.
pub fn add_delete(reply: &mut Reply, invoker: u64) {
    let button = Button {
        label: text::DELETE_LABEL.into(),
        custom_id: delete_id(invoker),
        style: ButtonStyle::Danger,
        disabled: false,
    };
    match reply.rows.last_mut() {
        Some(row) if row.len() < crate::reply::limits::BUTTONS_PER_ROW => row.push(button),
        _ => reply.rows.push(vec![button]),
    }
}

/// Answers a click on one of the bot's buttons by `clicker`.
pub fn run(bot: &Bot, custom_id: &str, clicker: Option<u64>) -> Answer {
    let parts: Vec<&str> = custom_id.split(':').collect();
    let owner = parts.last().and_then(|p| p.parse::<u64>().ok());
    let is_owner = owner.is_some_and(|o| o == 0 || Some(o) == clicker);
    match parts.as_slice() {
        ["show", kind, id, _] => {
            let Ok(entry) = format!("{kind}:{id}").parse::<EntryRef>() else { return stale() };
            let Some(embed) = entry_embed(bot, &entry) else { return stale() };
            let mut reply = Reply { embeds: vec![embed], ..Reply::default() };
            let response = if is_owner {
                if let Some(invoker) = clicker {
                    add_delete(&mut reply, invoker);
                }
                Response::Update(reply)
            } else {
                reply.ephemeral = true;
                Response::Message(reply)
            };
            Answer { matched: Some(matched(bot, &entry, 1.0)), ..Answer::plain(response) }
        }
        ["faq", page, _] if is_owner => {
            let Ok(page) = page.parse::<usize>() else { return stale() };
            let mut reply = faq::page_reply(bot.knowledge(), page, owner.filter(|&o| o != 0));
            if let Some(invoker) = clicker {
                add_delete(&mut reply, invoker);
            }
            Answer::plain(Response::Update(reply))
        }
        ["del", _] if is_owner => Answer::plain(Response::Delete),
        ["vote", vote, kind, id] => {
            let (Some(vote), Ok(entry)) = (Vote::parse(vote), format!("{kind}:{id}").parse::<EntryRef>()) else {
                return stale();
            };
            if !bot.knowledge().contains(&entry) {
                return stale();
            }
            Answer {
                record: Some(Record::Vote { entry: entry.clone(), vote }),
                matched: Some(matched(bot, &entry, 1.0)),
                ..Answer::plain(note(text::VOTE_THANKS, text::VOTE_THANKS_DETAIL, COLOUR_HELP))
            }
        }
        ["faq", _, _] | ["del", _] => Answer::refusal(note(text::NOT_YOURS, "", COLOUR_HELP)),
        _ => stale(),
    }
}

fn stale() -> Answer {
    Answer::refusal(note(text::STALE_BUTTON, "", COLOUR_DECLINE))
}
