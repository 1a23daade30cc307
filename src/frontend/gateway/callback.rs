//! Answers one interaction received on the gateway: back to Discord's JSON, through the same
//! [`parse`] and [`respond`] the HTTP endpoint uses, and out as the interaction callback with the
//! same wire body. A click on "delete" is acknowledged (type 6), then the message it is on is
//! deleted. Whatever fails on the way, the user gets an ephemeral "something went wrong".

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use serenity::http::Http;
use serenity::model::application::{Interaction, InteractionType};

use super::{audit, payload};
use crate::Bot;
use crate::commands::{Answer, note};
use crate::frontend::cooldown::Cooldown;
use crate::frontend::interaction::{Handled, parse, respond};
use crate::reply::text::{COLOUR_DECLINE, SOMETHING_WENT_WRONG};
use crate::reply::{Response, wire};

/// Answers `interaction` and logs how it went.
pub async fn answer(http: &Http, bot: &Bot, cooldown: &Cooldown, interaction: &Interaction) {
    let started = Instant::now();
    let token = interaction.token();
    let (label, handled) = handle(bot, cooldown, interaction);
    let body = wire::response(&handled.response);
    if let Err(err) = http.create_interaction_response(interaction.id(), token, &body, Vec::new()).await {
        return audit::unsent(&label, &handled, started, &err, token);
    }
    if handled.response == Response::Delete {
        // After a type 6 on a click, the interaction's "original response" is the message the
        // button is on; deleting it through the interaction token needs no channel permission.
        if let Err(err) = http.delete_original_interaction_response(token).await {
            return audit::unsent(&label, &handled, started, &err, token);
        }
    }
    audit::answered(&label, &handled, started);
}

/// The core's answer to an interaction with its label for the logs, or an apology when the
/// payload cannot be read or the core fails.
fn handle(bot: &Bot, cooldown: &Cooldown, interaction: &Interaction) -> (String, Handled) {
    let attempt = catch_unwind(AssertUnwindSafe(|| {
        let json = payload::interaction_json(interaction).map_err(|e| format!("cannot serialise it: {e}"))?;
        let parsed = parse(&json).map_err(|e| e.to_string())?;
        Ok::<_, String>((parsed.label.clone(), respond(bot, cooldown, &parsed, Instant::now())))
    }));
    let problem = match attempt {
        Ok(Ok(done)) => return done,
        Ok(Err(problem)) => problem,
        Err(panic) => format!("the core panicked: {}", audit::panic_text(panic.as_ref())),
    };
    tracing::error!(
        interaction = %interaction.id(),
        kind = ?interaction.kind(),
        problem,
        "cannot answer this interaction; the user was told something went wrong",
    );
    ("unreadable".to_owned(), apology(interaction.kind()))
}

/// "Something went wrong", in the form an interaction of `kind` accepts.
pub(super) fn apology(kind: InteractionType) -> Handled {
    if kind == InteractionType::Autocomplete {
        return Handled { response: Response::Choices(Vec::new()), answer: None, outcome: "failed" };
    }
    let answer = Answer::refusal(note(SOMETHING_WENT_WRONG, "", COLOUR_DECLINE));
    Handled { response: answer.response.clone(), answer: Some(answer), outcome: "failed" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_apology_is_ephemeral_or_an_empty_autocomplete() {
        let command = apology(InteractionType::Command);
        let reply = command.response.reply().expect("a message");
        assert!(reply.ephemeral);
        assert_eq!(reply.embeds[0].title, SOMETHING_WENT_WRONG);
        assert_eq!(apology(InteractionType::Autocomplete).response, Response::Choices(Vec::new()));
    }
}
