//! What the bot's buttons do: adding them to replies, and answering a click. Their custom ids
//! are [`CustomId`] values, so everything a click needs is in the id and any replica can
//! answer it.

use super::{Answer, Context, CustomId, entry_embed, faq, forum, knowledge, matched, note, reason};
use crate::Bot;
use crate::feedback::{Record, Vote};
use crate::knowledge::EntryRef;
use crate::reply::text::{self, COLOUR_DECLINE, COLOUR_HELP};
use crate::reply::{Button, ButtonStyle, Reply, Response};

/// Adds 👍 and 👎 for `entry` in a row of their own (the delete button joins them).
pub fn add_votes(reply: &mut Reply, entry: &EntryRef) {
    let button = |vote, label: &str| Button {
        label: label.to_owned(),
        custom_id: CustomId::Vote { vote, entry: entry.clone() }.to_string(),
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
        custom_id: CustomId::Delete { owner: invoker }.to_string(),
        style: ButtonStyle::Danger,
        disabled: false,
    };
    match reply.rows.last_mut() {
        Some(row) if row.len() < crate::reply::limits::BUTTONS_PER_ROW => row.push(button),
        _ => reply.rows.push(vec![button]),
    }
}

/// Adds "Post in channel" for `entry` to a private answer of `owner`'s question, in the last
/// row if it has room.
pub fn add_post(reply: &mut Reply, entry: &EntryRef, owner: u64) {
    let button = Button {
        label: text::POST_LABEL.into(),
        custom_id: CustomId::Post { entry: entry.clone(), owner }.to_string(),
        style: ButtonStyle::Primary,
        disabled: false,
    };
    let rows = reply.rows.len();
    match reply.rows.last_mut() {
        Some(row) if row.len() < crate::reply::limits::BUTTONS_PER_ROW => row.push(button),
        _ if rows < crate::reply::limits::ROWS => reply.rows.push(vec![button]),
        _ => {}
    }
}

/// Answers a click on one of the bot's buttons by the invoker of `context`.
pub fn run(bot: &Bot, custom_id: &str, context: &Context) -> Answer {
    let Ok(id) = custom_id.parse::<CustomId>() else { return stale() };
    let clicker = context.invoker;
    let is_owner = id.owner().is_none_or(|owner| Some(owner) == clicker);
    match id {
        CustomId::Show { entry, .. } => {
            let Some(embed) = entry_embed(bot, &entry) else { return stale() };
            let mut reply = Reply { embeds: vec![embed], ..Reply::default() };
            let response = if is_owner {
                if let Some(invoker) = clicker {
                    add_delete(&mut reply, invoker);
                }
                Response::Update(reply)
            } else {
                reply.ephemeral = true;
                if let Some(clicker) = clicker {
                    add_post(&mut reply, &entry, clicker);
                }
                Response::Message(reply)
            };
            Answer { matched: Some(matched(bot, &entry, 1.0)), ..Answer::plain(response) }
        }
        CustomId::FaqPage { page, owner } if is_owner => {
            let mut reply = faq::page_reply(bot.knowledge(), page, Some(owner).filter(|&o| o != 0));
            if let Some(invoker) = clicker {
                add_delete(&mut reply, invoker);
            }
            Answer::plain(Response::Update(reply))
        }
        CustomId::Delete { .. } if is_owner => Answer::plain(Response::Delete),
        CustomId::Post { entry, owner } if is_owner => {
            // The same answer, in the channel, credited to the member who asked; the mention in
            // the text pings nobody (the reply allows no mentions).
            let Some(embed) = entry_embed(bot, &entry) else { return stale() };
            let mut reply = Reply { content: Some(text::shared_by(owner)), embeds: vec![embed], ..Reply::default() };
            add_votes(&mut reply, &entry);
            if let Some(invoker) = clicker {
                add_delete(&mut reply, invoker);
            }
            Answer { matched: Some(matched(bot, &entry, 1.0)), ..Answer::plain(Response::Message(reply)) }
        }
        CustomId::Vote { vote, entry } => {
            if !bot.knowledge().contains(&entry) {
                return stale();
            }
            // A 👎 is counted now; the form asks, optionally, what was wrong.
            let response = match vote {
                Vote::Up => note(text::VOTE_THANKS, text::VOTE_THANKS_DETAIL, COLOUR_HELP),
                Vote::Down => Response::Modal(reason::modal(&entry)),
            };
            Answer {
                record: Some(Record::Vote { entry: entry.clone(), vote }),
                matched: Some(matched(bot, &entry, 1.0)),
                ..Answer::plain(response)
            }
        }
        CustomId::KnowledgeRemove { id, .. } if is_owner => knowledge::removal_confirmed(bot, &id, context),
        CustomId::WriteAnswer { question } => match knowledge::moderator(context) {
            Ok(_) => Answer::plain(Response::Modal(knowledge::form::modal(None, Some(&question)))),
            Err(refusal) => *refusal,
        },
        // Forms, not buttons: a click never carries these ids.
        CustomId::KnowledgeAdd | CustomId::KnowledgeEdit { .. } | CustomId::Reason { .. } => stale(),
        CustomId::Solved { entry, .. } if is_owner => {
            // The poster's word: a 👍, and the suggestion stays without its buttons.
            let Some(reply) = forum::solved(bot, &entry) else { return stale() };
            Answer {
                record: Some(Record::Vote { entry: entry.clone(), vote: Vote::Up }),
                matched: Some(matched(bot, &entry, 1.0)),
                ..Answer::plain(Response::Update(reply))
            }
        }
        CustomId::NotIt { entry, .. } if is_owner => {
            // A 👎, and the suggestion goes; one whose entry is gone since is still dismissed.
            let known = bot.knowledge().contains(&entry);
            Answer {
                record: known.then(|| Record::Vote { entry: entry.clone(), vote: Vote::Down }),
                matched: known.then(|| matched(bot, &entry, 1.0)),
                ..Answer::plain(Response::Delete)
            }
        }
        CustomId::Solved { .. } | CustomId::NotIt { .. } => {
            Answer::refusal(note(text::FORUM_NOT_YOURS, "", COLOUR_HELP))
        }
        CustomId::FaqPage { .. }
        | CustomId::Delete { .. }
        | CustomId::Post { .. }
        | CustomId::KnowledgeRemove { .. } => Answer::refusal(note(text::NOT_YOURS, "", COLOUR_HELP)),
    }
}

pub(super) fn stale() -> Answer {
    Answer::refusal(note(text::STALE_BUTTON, "", COLOUR_DECLINE))
}
