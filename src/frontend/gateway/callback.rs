//! Answers one interaction received on the gateway: the shared [`pipeline`] decides the answer,
//! and this sends it as the interaction callback, then does what follows it (deleting the
//! message of a delete click, editing in a deferred `/gaps` report). Whatever fails on the
//! way is logged and counted; an interaction the bot cannot read gets an ephemeral "something
//! went wrong".

use std::time::Instant;

use serenity::http::Http;
use serenity::model::application::Interaction;

use super::handler::Handler;
use crate::frontend::discord::pipeline;

/// Answers `interaction`, then counts and logs how it went.
pub async fn answer(http: &Http, handler: &Handler, interaction: &Interaction) {
    let started = Instant::now();
    let shared = handler.shared();
    let mut dispatch = match pipeline::dispatch(shared, interaction).await {
        Ok(dispatch) => dispatch,
        Err(unsupported) => pipeline::unreadable(interaction, &unsupported.to_string()),
    };
    let token = interaction.token();
    if let Err(err) = http.create_interaction_response(interaction.id(), token, &dispatch.response, Vec::new()).await {
        return dispatch.unsent(shared, started, &err);
    }
    if let Err(err) = dispatch.follow_up(http).await {
        return dispatch.unsent(shared, started, &err);
    }
    dispatch.sent(shared, started);
}
