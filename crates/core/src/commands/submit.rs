//! What the bot's forms (modals) do when submitted. Like a button's, a form's custom id is a
//! [`CustomId`]: everything the submission needs besides what was typed.

use super::{Answer, Context, CustomId, button, knowledge, reason};
use crate::Bot;

/// Answers the submission of the form `custom_id` with what was typed in each input.
pub fn run(bot: &Bot, custom_id: &str, fields: &[(String, String)], context: &Context) -> Answer {
    match custom_id.parse::<CustomId>() {
        Ok(id @ (CustomId::KnowledgeAdd | CustomId::KnowledgeEdit { .. })) => {
            knowledge::form::submitted(bot, &id, fields, context)
        }
        Ok(CustomId::Reason { entry }) => reason::submitted(bot, &entry, fields),
        // Buttons, not forms, and ids this bot never sent.
        _ => button::stale(),
    }
}
