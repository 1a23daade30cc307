//! `/ask question:<text> [for:<user>] [private:<bool>]`, and questions put to the bot by
//! mention or in the terminal: the best entry of any kind, in its kind's own layout, with
//! buttons to the likely neighbours when sure; "did you mean" buttons when unsure; a polite
//! decline with the closest entries when it does not know.

use super::sources::{Provenance, cite};
use super::spec::no_samples;
use super::{
    Answer, Args, CommandSpec, Context, CustomId, Match, OptionKind, OptionSpec, Reach, entry_embed, matched, note,
};
use crate::Bot;
use crate::feedback::record::{Miss, Record, question_text};
use crate::reply::neutralise::{neutralise, one_line};
use crate::reply::text::{self, COLOUR_DECLINE, COLOUR_HELP};
use crate::reply::{Button, ButtonStyle, Embed, Field, Reply, Response, limits};
use crate::search::{Confidence, MAX_QUERY};

/// The option holding the question.
pub const QUESTION: &str = "question";
/// The option naming the user the answer is for.
pub const FOR: &str = "for";
/// The option that shows the answer to the invoker alone.
pub const PRIVATE: &str = "private";

pub const SPEC: CommandSpec = CommandSpec {
    name: "ask",
    invoked: super::Invoked::Slash,
    description: "Ask any backend career question in your own words",
    options: &[
        OptionSpec {
            name: QUESTION,
            description: "Your question, e.g. how much does a senior backend developer earn?",
            kind: OptionKind::Text { max_length: MAX_QUERY as u16, autocomplete: true },
            required: true,
        },
        OptionSpec {
            name: FOR,
            description: "Point the answer at someone (they get a mention)",
            kind: OptionKind::User,
            required: false,
        },
        OptionSpec { name: PRIVATE, description: "Only you see the answer", kind: OptionKind::Flag, required: false },
    ],
    examples: &["/ask question:what does a junior backend dev do", "/ask question:sql or nosql?"],
    member_permissions: None,
    reach: Reach::ANYWHERE,
    rated: true,
    run,
    samples: no_samples,
};

/// Longest echo of the question in a decline.
const ECHO: usize = 120;

fn run(bot: &Bot, args: &Args, context: &Context) -> Answer {
    answer(bot, args.text(QUESTION).unwrap_or_default(), args.user(FOR), context.invoker)
}

/// Answers `question`, pointed at `target` when given, for `invoker`'s buttons.
pub fn answer(bot: &Bot, question: &str, target: Option<u64>, invoker: Option<u64>) -> Answer {
    if question.trim().is_empty() {
        return Answer::refusal(note(text::EMPTY_QUESTION, "", COLOUR_HELP));
    }
    let outcome = bot.matcher().ask(question);
    let who = invoker.unwrap_or(0);
    let suggestions: Vec<Match> = outcome.offered().map(|h| matched(bot, &h.entry, h.score)).collect();
    let best = outcome.best.as_ref().map(|h| matched(bot, &h.entry, h.score));
    let mut reply = Reply::default();
    match (&best, outcome.confidence) {
        (Some(best), Confidence::Sure | Confidence::Unsure) => {
            let mut embed = entry_embed(bot, &best.entry).expect("matches name existing entries");
            let from =
                if bot.knowledge().is_from_server(&best.entry) { text::FROM_SERVER } else { best.entry.kind.as_str() };
            embed.footer = Some(text::match_footer(from, best.score));
            cite(&mut embed, &Provenance::of(bot.knowledge(), [best.entry.clone()]));
            reply.embeds.push(embed);
            if !suggestions.is_empty() {
                if outcome.confidence == Confidence::Unsure {
                    reply.content = Some(text::DID_YOU_MEAN.to_owned());
                }
                reply.rows.push(buttons(&suggestions, who));
            }
        }
        _ => {
            let closest: Vec<Match> =
                best.iter().cloned().chain(suggestions.iter().cloned()).take(limits::BUTTONS_PER_ROW - 1).collect();
            let mut embed = Embed {
                title: text::DECLINE_TITLE.to_owned(),
                description: text::decline(&neutralise(&one_line(question), ECHO)),
                colour: COLOUR_DECLINE,
                ..Embed::default()
            };
            if !closest.is_empty() {
                embed.fields.push(Field::new(
                    text::DECLINE_CLOSEST,
                    closest.iter().map(|m| format!("• {}", m.title)).collect::<Vec<_>>().join("\n"),
                ));
                reply.rows.push(buttons(&closest, who));
            }
            reply.embeds.push(embed);
        }
    }
    if let Some(user) = target {
        let line = text::for_user(user);
        reply.content = Some(match reply.content.take() {
            Some(existing) => format!("{line}\n{existing}"),
            None => line,
        });
        reply.mention = Some(user);
    }
    // Declined and unsure questions are what the knowledge base lacks: worth recording.
    let miss = match outcome.confidence {
        Confidence::Sure => None,
        Confidence::Unsure => Some(Miss::Unsure),
        Confidence::Unknown => Some(Miss::Declined),
    };
    // A confident answer is only counted, for the report's most asked answers.
    let record = match (miss, &best) {
        (Some(miss), _) => Some(Record::Question {
            text: question_text(question),
            best: best.as_ref().map(|b| b.entry.clone()),
            score: best.as_ref().map_or(0.0, |b| b.score),
            miss,
        }),
        (None, Some(best)) => Some(Record::Answered { entry: best.entry.clone() }),
        (None, None) => None,
    };
    let (matched_entry, suggestions) = match outcome.confidence {
        Confidence::Unknown => (None, best.into_iter().chain(suggestions).collect()),
        _ => (best, suggestions),
    };
    Answer {
        response: Response::Message(reply),
        matched: matched_entry,
        suggestions,
        outcome: outcome.confidence.into(),
        record,
        report: None,
        edit: None,
    }
}

/// "Did you mean" buttons, one per entry (at most a row).
fn buttons(entries: &[Match], invoker: u64) -> Vec<Button> {
    entries
        .iter()
        .take(limits::BUTTONS_PER_ROW - 1)
        .map(|m| Button {
            label: truncate(&m.title, limits::BUTTON_LABEL),
            custom_id: CustomId::Show { entry: m.entry.clone(), owner: invoker }.to_string(),
            style: ButtonStyle::Secondary,
            disabled: false,
        })
        .collect()
}

/// At most `max` characters, an ellipsis marking a cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}
