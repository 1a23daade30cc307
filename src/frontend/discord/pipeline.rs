//! The one interaction pipeline both Discord modes run: serenity's [`Received`] interaction in,
//! the response to send now and what follows it out. The gateway sends the response with its
//! REST client and the HTTP endpoint writes it as its body; neither decides anything else.
//!
//! On the way: the interaction is read ([`incoming::read`]) and answered ([`respond`]) from one
//! knowledge base, whatever reloads meanwhile; a panic in the core becomes an apology; what the
//! core asks to record goes to the insights queue without waiting; `/gaps` reads its report on
//! a blocking thread and, when that would not fit Discord's 3 seconds, the response is deferred
//! (type 5) and the report follows as an edit. A delete click is acknowledged (type 6), then
//! the message it is on is deleted.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use serenity::builder::CreateInteractionResponse;
use serenity::http::Http;
use serenity::model::application::{Interaction as Received, InteractionType};

use super::incoming::{self, Unsupported};
use super::{audit, outgoing};
use crate::commands::Action;
use crate::commands::{Answer, note};
use crate::frontend::blocking::{Late, Pending};
use crate::frontend::cooldown::{Cooldown, Rate};
use crate::frontend::editing;
use crate::frontend::interaction::{Handled, Incoming, Interaction, Served, respond};
use crate::frontend::live::LiveBot;
use crate::frontend::metrics::Metrics;
use crate::frontend::ops::Readiness;
use crate::frontend::recording::{Insights, REPORT_WITHIN};
use crate::frontend::secret::Secret;
use crate::frontend::servers::{self, ServerBots};
use crate::reply::Response;
use crate::reply::text::{COLOUR_DECLINE, SOMETHING_WENT_WRONG};

/// How long a follow-up call to Discord may take before it is given up.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// What both Discord modes share: the live bot, the per-user cooldown, the metrics, the
/// readiness `/readyz` shows and the insights recording.
#[derive(Debug)]
pub struct Shared {
    live: Arc<LiveBot>,
    /// Each server's bot with its own entries, kept current from the insights database.
    servers: Arc<ServerBots>,
    cooldown: Cooldown,
    metrics: Arc<Metrics>,
    readiness: Arc<Readiness>,
    recording: Arc<Insights>,
}

impl Shared {
    /// State around `live`, limiting each user to `rate`; the metrics and `readiness` note its
    /// knowledge as loaded now. Nothing is recorded until [`Shared::with_insights`].
    pub fn new(live: Arc<LiveBot>, rate: Rate, readiness: Readiness) -> Self {
        let metrics = Arc::new(Metrics::new());
        let readiness = Arc::new(readiness);
        {
            let bot = live.current();
            metrics.knowledge_loaded(bot.knowledge(), SystemTime::now());
            readiness.knowledge_loaded(bot.knowledge());
        }
        let servers = Arc::new(ServerBots::new(Arc::clone(&live)));
        Shared {
            live,
            servers,
            cooldown: Cooldown::new(rate),
            metrics,
            readiness,
            recording: Arc::new(Insights::none()),
        }
    }

    /// Records insights into `recording`, shown in `/metrics` and `/readyz`, and answers each
    /// server with its own entries from the same database, kept current by a poller thread
    /// (changes made through other replicas show within 2 s).
    pub fn with_insights(mut self, recording: Arc<Insights>) -> Self {
        self.readiness.recording(recording.detail());
        if let (Some(config), Some(_)) = (recording.config(), recording.queue()) {
            let config = config.clone();
            let open = move || crate::insights::open(&config, crate::insights::Access::Write);
            drop(self.servers.poll(open, servers::POLL));
        }
        if let Some(recorder) = recording.queue() {
            self.metrics.watch_queue(Arc::clone(recorder));
        }
        self.recording = recording;
        self
    }

    /// The bot to answer with: take [`LiveBot::current`] once per interaction.
    pub fn live(&self) -> &Arc<LiveBot> {
        &self.live
    }

    /// The bot to answer a request from `guild` with (`None`: a DM): the live bot with that
    /// server's own entries.
    pub fn bot_for(&self, guild: Option<u64>) -> Arc<crate::Bot> {
        self.servers.for_guild(guild)
    }

    /// Each server's bot.
    pub fn servers(&self) -> &Arc<ServerBots> {
        &self.servers
    }

    /// The per-user limit of commands and clicks (mentions count against it too).
    pub fn cooldown(&self) -> &Cooldown {
        &self.cooldown
    }

    /// What `/metrics` shows.
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    /// What `/readyz` shows.
    pub fn readiness(&self) -> &Arc<Readiness> {
        &self.readiness
    }

    /// Where missed questions and votes are recorded.
    pub fn insights(&self) -> &Arc<Insights> {
        &self.recording
    }
}

/// What to do with one interaction: the response to send now, and what follows once it is sent.
#[derive(Debug)]
pub struct Dispatch {
    /// The command, custom id or kind of the interaction, for the logs and metrics.
    pub label: String,
    /// Where follow-ups go: the interaction's application and its token (a secret for 15
    /// minutes, so never printed).
    application_id: u64,
    token: Secret,
    /// What the core made of it.
    pub handled: Handled,
    /// The interaction response to send.
    pub response: CreateInteractionResponse,
    /// What follows the response, if anything.
    pub then: Option<FollowUp>,
}

/// What is left to do once the response is sent.
#[derive(Debug)]
pub enum FollowUp {
    /// Delete the message the clicked button is on (the interaction's original response after
    /// a type 6, deleted through the interaction's token: no channel permission needed).
    Delete,
    /// Replace the deferred response with what is being read or stored (a gaps report, a
    /// change to the server's entries).
    Edit(Late),
}

/// Reads `received` and answers it; an interaction the bot does not take is an error.
pub async fn dispatch(shared: &Shared, received: &Received) -> Result<Dispatch, Unsupported> {
    let asked = incoming::read(received)?;
    // One knowledge base for the whole interaction, whatever reloads meanwhile: the live one
    // with the asking server's own entries.
    let bot = shared.bot_for(asked.guild);
    let responded = catch_unwind(AssertUnwindSafe(|| respond(&bot, &shared.cooldown, &asked, Instant::now())));
    let mut handled = match responded {
        Ok(handled) => handled,
        Err(panic) => {
            let problem = audit::panic_text(panic.as_ref()).to_owned();
            return Ok(unreadable(received, &problem));
        }
    };
    let mut then = (handled.response == Response::Delete).then_some(FollowUp::Delete);
    let clicked = matches!(&asked.incoming, Incoming::Request(r) if matches!(r.action, Action::Click(_)));
    if let Some(answer) = &handled.findings {
        shared.recording.push(answer, asked.guild, asked.user);
        if let (Some(edit), Some(config), Some(guild)) = (&answer.edit, shared.recording.config(), asked.guild) {
            let asker = editing::Asker { guild, moderator: asked.user, clicked };
            match editing::apply(config, &shared.servers, edit.clone(), asker, REPORT_WITHIN).await {
                Pending::Ready(response) => handled.response = response,
                Pending::Late(applying) => then = Some(FollowUp::Edit(applying)),
            }
        }
        if let Some(filter) = answer.report {
            match shared.recording.report(Arc::clone(&bot), filter, REPORT_WITHIN).await {
                Some(Pending::Ready(response)) => handled.response = response,
                Some(Pending::Late(reading)) => then = Some(FollowUp::Edit(reading)),
                None => {}
            }
        }
    }
    let response = match then {
        // A click's reply replaces the message clicked on: acknowledged (type 6), then edited.
        Some(FollowUp::Edit(_)) if clicked => CreateInteractionResponse::Acknowledge,
        Some(FollowUp::Edit(_)) => outgoing::deferred_ephemeral(),
        _ => outgoing::interaction_response(&handled.response),
    };
    let Interaction { label, application_id, token, .. } = asked;
    Ok(Dispatch { label, application_id, token, handled, response, then })
}

/// "Something went wrong" for an interaction that cannot be answered (`problem` is logged),
/// in the form its kind accepts, under the label `unreadable`.
pub fn unreadable(received: &Received, problem: &str) -> Dispatch {
    tracing::error!(
        interaction = %received.id(),
        kind = ?received.kind(),
        problem,
        "cannot answer this interaction; the user was told something went wrong",
    );
    let handled = apology(received.kind());
    Dispatch {
        label: "unreadable".to_owned(),
        application_id: received.application_id().get(),
        token: Secret::new(received.token()),
        response: outgoing::interaction_response(&handled.response),
        handled,
        then: None,
    }
}

/// "Something went wrong", in the form an interaction of `kind` accepts.
pub fn apology(kind: InteractionType) -> Handled {
    if kind == InteractionType::Autocomplete {
        return Handled { response: Response::Choices(Vec::new()), findings: None, outcome: Served::Failed };
    }
    Handled::answered(Answer::refusal(note(SOMETHING_WENT_WRONG, "", COLOUR_DECLINE)), Served::Failed)
}

impl FollowUp {
    /// What it does, for the logs: "could not {what}".
    pub fn what(&self) -> &'static str {
        match self {
            FollowUp::Delete => "delete a message on its owner's request",
            FollowUp::Edit(_) => "send a deferred reply",
        }
    }
}

impl Dispatch {
    /// Counts and logs an answer that was sent (an apology counts as an error).
    pub fn sent(&self, shared: &Shared, started: Instant) {
        shared.metrics.record(&self.label, self.handled.outcome, started.elapsed(), self.handled.score());
        audit::answered(&self.label, &self.handled, started);
    }

    /// Counts and logs an answer that could not be sent, or whose follow-up failed.
    pub fn unsent(&self, shared: &Shared, started: Instant, error: &dyn std::fmt::Display) {
        shared.metrics.record(&self.label, Served::Failed, started.elapsed(), None);
        audit::unsent(&self.label, &self.handled, started, error, self.token.expose());
    }

    /// Does what follows the response through `http`, addressed to the interaction's
    /// application. The error names neither the URL nor the token.
    pub async fn follow_up(&mut self, http: &Http) -> Result<(), CallError> {
        let Some(then) = self.then.take() else { return Ok(()) };
        if self.application_id == 0 || self.token.expose().is_empty() {
            return Err(CallError::Unaddressed);
        }
        // The webhook routes take the application id from the client. A process serves one
        // application, so every interaction sets the same id.
        http.set_application_id(self.application_id.into());
        let token = &self.token;
        match then {
            FollowUp::Delete => called(token, http.delete_original_interaction_response(token.expose())).await,
            FollowUp::Edit(reading) => {
                self.handled.response = reading.response().await;
                let Some(reply) = self.handled.response.reply() else { return Ok(()) };
                let edit = outgoing::edit(reply);
                called(token, http.edit_original_interaction_response(token.expose(), &edit, Vec::new()))
                    .await
                    .map(drop)
            }
        }
    }
}

/// A call to Discord that did not succeed. Its text names neither the URL nor the token.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("the interaction has no application id or token to call Discord with")]
    Unaddressed,
    #[error("Discord did not answer within {} s", CALL_TIMEOUT.as_secs())]
    Timeout,
    #[error("Discord answered {0}")]
    Status(serenity::http::StatusCode),
    #[error("Discord could not be reached or its answer was not understood: {0}")]
    Failed(String),
}

/// `call`, given up after [`CALL_TIMEOUT`], its error told without `token` (which the URL holds).
async fn called<T>(token: &Secret, call: impl Future<Output = serenity::Result<T>>) -> Result<T, CallError> {
    match tokio::time::timeout(CALL_TIMEOUT, call).await {
        Err(_) => Err(CallError::Timeout),
        Ok(Ok(done)) => Ok(done),
        Ok(Err(serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(response)))) => {
            Err(CallError::Status(response.status_code))
        }
        Ok(Err(err)) => Err(CallError::Failed(audit::redact(&err, token.expose()))),
    }
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
