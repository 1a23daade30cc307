//! Answers one interaction received on the gateway: read by [`incoming::read`], answered by the
//! same [`respond`] the HTTP endpoint uses, and sent as the interaction callback built by
//! [`outgoing`], the builders the HTTP endpoint serialises. A click on "delete" is acknowledged (type 6), then the message it is on is
//! deleted. What the core asks to record goes to the insights queue without waiting; `/gaps`
//! reads its report on a blocking thread and, when that would not fit Discord's 3 seconds,
//! defers (type 5) and edits the original response. Whatever fails on the way, the user gets
//! an ephemeral "something went wrong". Every interaction is counted in the metrics.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::Instant;

use serenity::http::Http;
use serenity::model::application::{Interaction, InteractionType};

use super::audit;
use super::handler::Handler;
use crate::Bot;
use crate::commands::{Answer, note};
use crate::frontend::cooldown::Cooldown;
use crate::frontend::discord::{incoming, outgoing};
use crate::frontend::interaction::{Handled, respond};
use crate::frontend::recording::{self, REPORT_WITHIN, Report};
use crate::reply::Response;
use crate::reply::text::{COLOUR_DECLINE, SOMETHING_WENT_WRONG};

/// Where an interaction came from: its label for the logs and metrics, its guild and user.
struct Asked {
    label: String,
    guild: Option<u64>,
    user: Option<u64>,
}

/// Answers `interaction`, records what it asks to, counts and logs how it went.
pub async fn answer(http: &Http, handler: &Handler, interaction: &Interaction) {
    let started = Instant::now();
    let token = interaction.token();
    // One knowledge base for the whole interaction, whatever reloads meanwhile.
    let bot = handler.live.current();
    let (asked, mut handled) = handle(&bot, &handler.cooldown, interaction);
    let label = asked.label.as_str();
    let mut late = None;
    if let Some(answer) = &handled.answer {
        handler.recording.push(answer, asked.guild, asked.user);
        if let Some(filter) = answer.report {
            match handler.recording.report(Arc::clone(&bot), filter, REPORT_WITHIN).await {
                Some(Report::Ready(response)) => handled.response = response,
                Some(Report::Late(reading)) => late = Some(reading),
                None => {}
            }
        }
    }
    let body =
        if late.is_some() { outgoing::deferred_ephemeral() } else { outgoing::interaction_response(&handled.response) };
    let unsent = |handled: &Handled, err: &dyn std::fmt::Display| {
        handler.metrics.record(label, "error", started.elapsed(), None);
        audit::unsent(label, handled, started, err, token);
    };
    if let Err(err) = http.create_interaction_response(interaction.id(), token, &body, Vec::new()).await {
        return unsent(&handled, &err);
    }
    if let Some(reading) = late {
        handled.response = recording::late(reading).await;
        if let Some(reply) = handled.response.reply() {
            if let Err(err) = http.edit_original_interaction_response(token, &outgoing::edit(reply), Vec::new()).await {
                return unsent(&handled, &err);
            }
        }
    }
    if handled.response == Response::Delete {
        // After a type 6 on a click, the interaction's "original response" is the message the
        // button is on; deleting it through the interaction token needs no channel permission.
        if let Err(err) = http.delete_original_interaction_response(token).await {
            return unsent(&handled, &err);
        }
    }
    // The HTTP endpoint counts a payload it cannot read as an error; so does the gateway.
    let outcome = if handled.outcome == FAILED { "error" } else { handled.outcome };
    handler.metrics.record(label, outcome, started.elapsed(), handled.score());
    audit::answered(label, &handled, started);
}

/// The outcome of an interaction that could not be answered.
const FAILED: &str = "failed";

/// The core's answer to an interaction with where it came from, or an apology when the
/// payload cannot be read or the core fails.
fn handle(bot: &Bot, cooldown: &Cooldown, interaction: &Interaction) -> (Asked, Handled) {
    let attempt = catch_unwind(AssertUnwindSafe(|| {
        let parsed = incoming::read(interaction).map_err(|e| e.to_string())?;
        let asked = Asked { label: parsed.label.clone(), guild: parsed.guild, user: parsed.user };
        Ok::<_, String>((asked, respond(bot, cooldown, &parsed, Instant::now())))
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
    (Asked { label: "unreadable".to_owned(), guild: None, user: None }, apology(interaction.kind()))
}

/// "Something went wrong", in the form an interaction of `kind` accepts.
pub(super) fn apology(kind: InteractionType) -> Handled {
    if kind == InteractionType::Autocomplete {
        return Handled { response: Response::Choices(Vec::new()), answer: None, outcome: FAILED };
    }
    Handled::answered(Answer::refusal(note(SOMETHING_WENT_WRONG, "", COLOUR_DECLINE)), FAILED)
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
