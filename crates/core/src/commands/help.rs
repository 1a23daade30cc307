//! `/help`: every command with an example.

use super::spec::no_options;
use super::{Answer, Args, COMMANDS, CommandSpec, Context, Reach};
use crate::Bot;
use crate::reply::text::{self, COLOUR_HELP};
use crate::reply::{Embed, Field, Reply, Response};

pub const SPEC: CommandSpec = CommandSpec {
    name: "help",
    invoked: super::Invoked::Slash,
    description: "What I can answer, with examples",
    options: &[],
    examples: &["/help"],
    member_permissions: None,
    reach: Reach::ANYWHERE,
    rated: false,
    run,
    samples: no_options,
};

fn run(_: &Bot, _: &Args, _: &Context) -> Answer {
    // Commands for moderators only are hidden from everyone else, so /help leaves them out too.
    let fields = COMMANDS
        .iter()
        .filter(|c| c.member_permissions.is_none())
        .map(|c| {
            if let super::Invoked::Message { label } = c.invoked {
                return Field::new(text::on_a_message(label), c.description);
            }
            let usage = std::iter::once(format!("/{}", c.name))
                .chain(
                    c.options
                        .iter()
                        .map(|o| if o.required { format!("{}:<…>", o.name) } else { format!("[{}]", o.name) }),
                )
                .collect::<Vec<_>>()
                .join(" ");
            let examples = c.examples.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(" · ");
            Field::new(usage, format!("{}\n{examples}", c.description))
        })
        .collect();
    let embed = Embed {
        title: text::HELP_TITLE.to_owned(),
        description: format!("{}\n\n{}", text::HELP_INTRO, text::HELP_MENTION),
        fields,
        colour: COLOUR_HELP,
        footer: Some(text::HELP_FOOTER.to_owned()),
        author: None,
        url: None,
    };
    Answer::plain(Response::Message(Reply { embeds: vec![embed], ..Reply::default() }))
}
