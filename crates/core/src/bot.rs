//! [`Bot`]: a validated knowledge base with its search index, the one value every front end
//! holds and asks. Building one from text is the whole check: load, validate, index, and render
//! every reply any entry can produce to prove it fits Discord's limits.
//!
//! That check is the slow part of a start. A bot that passed it can be written out with
//! [`Bot::to_bytes`] and read back with [`Bot::from_bytes`], which checks nothing again: the
//! binary does so with the built-in knowledge, checked once when it is built.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::commands::{self, Action, Answer, Command, Request};
use crate::knowledge::server::{self, ServerEntry};
use crate::knowledge::{EntryRef, KnowledgeBase, KnowledgeError, Problem, Source, source};
use crate::reply::{Choice, limits};
use crate::search::Matcher;
use crate::search::cues::{self, WordList};

/// Autocomplete: how many suggestions at most (Discord's limit).
pub const MAX_SUGGESTIONS: usize = limits::CHOICES;

#[derive(Debug, Serialize, Deserialize)]
pub struct Bot {
    knowledge: KnowledgeBase,
    matcher: Matcher,
}

impl Bot {
    /// The knowledge base compiled into the binary.
    pub fn builtin() -> Result<Self, KnowledgeError> {
        Self::from_sources(source::builtin())
    }

    /// Every `*.yaml` file of a directory.
    pub fn from_dir(dir: &Path) -> Result<Self, KnowledgeError> {
        Self::from_sources(source::read_dir(dir)?)
    }

    /// `dir` when given, else the built-in knowledge.
    pub fn load(dir: Option<&Path>) -> Result<Self, KnowledgeError> {
        match dir {
            Some(dir) => Self::from_dir(dir),
            None => Self::builtin(),
        }
    }

    /// Knowledge texts in, a bot out, or every problem found.
    pub fn from_sources(sources: Vec<Source>) -> Result<Self, KnowledgeError> {
        Self::from_knowledge(KnowledgeBase::from_sources(sources)?)
    }

    /// This bot with a server's own entries added: what members of that server are answered
    /// from. The entries are checked first ([`server::check`]), every problem reported.
    pub fn with_server(&self, guild: u64, entries: &[ServerEntry], max: usize) -> Result<Self, KnowledgeError> {
        let own = server::check(&self.knowledge, guild, entries, max)?;
        Self::from_knowledge(self.knowledge.with_server(own))
    }

    /// A validated knowledge base indexed, with its field words and every reply it can
    /// produce checked.
    fn from_knowledge(knowledge: KnowledgeBase) -> Result<Self, KnowledgeError> {
        let mut problems = list_word_problems(&knowledge);
        let matcher = Matcher::new(&knowledge);
        let bot = Bot { knowledge, matcher };
        problems.extend(bot.reply_problems());
        if problems.is_empty() { Ok(bot) } else { Err(KnowledgeError { problems }) }
    }

    /// The bot in a compact binary form (knowledge and index), for [`Bot::from_bytes`]. The
    /// same knowledge always gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("a bot serialises: every part is plain data")
    }

    /// Reads back what [`Bot::to_bytes`] wrote, with the same build of this crate, without
    /// validating again: only for bytes written from a bot that was loaded from text, such as
    /// the built-in knowledge compiled into the binary.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, UnreadableBot> {
        postcard::from_bytes(bytes).map_err(|err| UnreadableBot(err.to_string()))
    }

    pub fn knowledge(&self) -> &KnowledgeBase {
        &self.knowledge
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Answers one request.
    pub fn answer(&self, request: &Request) -> Answer {
        commands::handle(self, request)
    }

    /// Suggestions for a partly typed `/ask` question, or a level/topic option.
    pub fn autocomplete(&self, command: &str, option: &str, partial: &str) -> Vec<Choice> {
        let kind = commands::find(command).and_then(|c| c.option(option)).map(|o| o.kind);
        let suggestions: Vec<(String, String)> = match kind {
            Some(commands::OptionKind::EntryOf(kind)) => {
                let all = self.knowledge.entries().into_iter().filter(|e| e.kind == kind);
                let wanted = partial.trim().to_lowercase();
                let mut ranked: Vec<(EntryRef, f32)> = all
                    .map(|e| {
                        let title = self.knowledge.title(&e).unwrap_or_default().to_lowercase();
                        let score = if wanted.is_empty() || e.id.starts_with(&wanted) || title.starts_with(&wanted) {
                            1.0
                        } else {
                            self.matcher.find_in(kind, partial).filter(|h| h.entry == e).map_or(0.0, |h| h.score)
                        };
                        (e, score)
                    })
                    .filter(|(_, s)| *s > 0.0)
                    .collect();
                ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
                ranked.into_iter().map(|(e, _)| (self.knowledge.title(&e).unwrap_or(&e.id).to_owned(), e.id)).collect()
            }
            Some(commands::OptionKind::ServerEntry) => {
                // The server's own entries whose id or question holds what was typed.
                let wanted = partial.trim().to_lowercase();
                self.knowledge
                    .faqs
                    .iter()
                    .filter(|f| f.from_server)
                    .filter(|f| f.id.contains(&wanted) || f.question.to_lowercase().contains(&wanted))
                    .map(|f| (f.question.clone(), f.id.clone()))
                    .collect()
            }
            _ if partial.trim().is_empty() => self.starters().into_iter().map(|q| (q.clone(), q)).collect(),
            _ => self
                .matcher
                .autocomplete(partial, MAX_SUGGESTIONS)
                .into_iter()
                .map(|(_, text)| (text.clone(), text))
                .collect(),
        };
        let mut seen = std::collections::HashSet::new();
        suggestions
            .into_iter()
            .filter(|(name, _)| seen.insert(name.clone()))
            .take(MAX_SUGGESTIONS)
            .map(|(name, value)| Choice {
                name: commands::ask::truncate(&name, limits::CHOICE_NAME),
                value: commands::ask::truncate(&value, limits::CHOICE_VALUE),
            })
            .collect()
    }

    /// The questions offered before anything is typed: the FAQs in knowledge order.
    pub fn starters(&self) -> Vec<String> {
        self.knowledge.faqs.iter().take(MAX_SUGGESTIONS).map(|f| f.question.clone()).collect()
    }

    /// Every request whose reply depends only on the knowledge base: each entry shown on its
    /// own, and each command's own samples (commands without options, each FAQ page).
    pub fn all_requests(&self) -> Vec<(Option<EntryRef>, Request)> {
        let mut out: Vec<(Option<EntryRef>, Request)> = self
            .knowledge
            .entries()
            .into_iter()
            .map(|e| {
                let id = commands::CustomId::Show { entry: e.clone(), owner: u64::MAX }.to_string();
                (Some(e), Request::new_click(&id, u64::MAX))
            })
            .collect();
        for spec in commands::COMMANDS {
            for args in (spec.samples)(&self.knowledge) {
                out.push((None, Request::by(Command { spec, args }, u64::MAX)));
            }
        }
        out
    }

    /// Renders every reply the knowledge can produce and reports those over Discord's limits.
    fn reply_problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (entry, request) in self.all_requests() {
            let answer = self.answer(&request);
            let Some(reply) = answer.response.reply() else { continue };
            for violation in limits::violations(reply) {
                let (file, line, name) = match entry.as_ref().and_then(|e| self.knowledge.origin(e).map(|o| (e, o))) {
                    Some((e, origin)) => (origin.file.clone(), origin.line, Some(e.to_string())),
                    None => ("(knowledge base)".to_owned(), None, None),
                };
                let what = match &request.action {
                    Action::Click(_) | Action::Submit { .. } => "its answer".to_owned(),
                    Action::Run(command) => format!("the reply to /{} {:?}", command.spec.name, command.args),
                };
                let mut problem = Problem::new(
                    &file,
                    format!("{what}: {violation}"),
                    "shorten the entry's texts, or split it into several entries",
                )
                .at(line.map(|l| (l, 1)));
                if let Some(name) = name {
                    problem = problem.entry(name);
                }
                problems.push(problem);
            }
        }
        problems
    }
}

/// Words of other fields, and chat words, that the synonyms would read as a term of the
/// knowledge (see [`cues::rewritten_list_words`]): each would turn every question with that
/// term away, or make the term chat.
fn list_word_problems(knowledge: &KnowledgeBase) -> Vec<Problem> {
    cues::rewritten_list_words(knowledge)
        .into_iter()
        .map(|found| {
            let name = format!("{}:{}", found.list.name(), found.id);
            let origin = knowledge.vocabulary_origin(&name);
            let file = origin.map_or("(knowledge base)", |o| o.file.as_str());
            let (word, read_as) = (&found.word, &found.read_as);
            let (message, hint) = match found.list {
                WordList::Chat => (
                    format!(
                        "`{word}` is read as `{read_as}` through the synonyms, so `{read_as}` would be chat in \
                         every question and match no entry"
                    ),
                    "remove the word from the chat list",
                ),
                WordList::Field => (
                    format!(
                        "`{word}` is read as `{read_as}` through the synonyms, so every question with `{read_as}` \
                         would count as this field and be declined"
                    ),
                    "remove the word, or list it in a phrase people type with it, such as `imps transfer`",
                ),
            };
            Problem::new(file, message, hint).at(origin.and_then(|o| o.line).map(|l| (l, 1))).entry(name).field("words")
        })
        .collect()
}

/// Bytes that are not a bot written by [`Bot::to_bytes`] of this build.
#[derive(Debug, thiserror::Error)]
#[error("the compiled knowledge cannot be read ({0}); it was written by another build")]
pub struct UnreadableBot(String);

/// Plain questions in, answers out: what the terminal and the batch mode use.
pub fn ask(bot: &Bot, question: &str) -> Answer {
    bot.answer(&Request::new(Command::ask(question)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::Outcome;

    #[test]
    fn a_servers_entries_are_answered_by_its_bot_only_and_shown_as_its_own() {
        let base = Bot::builtin().expect("the built-in knowledge loads");
        let entry = ServerEntry::from_form(
            "job-openings",
            "Where do we post job openings?",
            "where can I share a job post\nhiring channel",
            "Job openings go in the #jobs channel, with the salary range and the location.",
            "jobs",
        );
        let own = base.with_server(42, std::slice::from_ref(&entry), 10).expect("the entry is valid");
        let answer = ask(&own, "where do we post job openings");
        assert_eq!(answer.outcome, Outcome::Answered, "{answer:?}");
        assert_eq!(answer.matched.as_ref().map(|m| m.entry.id.as_str()), Some("job-openings"));
        let footer = match &answer.response {
            crate::reply::Response::Message(reply) => reply.embeds[0].footer.clone(),
            other => panic!("a message, not {other:?}"),
        };
        assert!(
            footer.as_deref().is_some_and(|f| f.starts_with("From this server's moderators · match")),
            "{footer:?}"
        );
        let embed = crate::commands::faq::embed(own.knowledge(), own.knowledge().faq("job-openings").unwrap());
        assert_eq!(embed.footer.as_deref(), Some("From this server's moderators · jobs"));
        let elsewhere = ask(&base, "where do we post job openings");
        assert_ne!(elsewhere.matched.map(|m| m.entry.id), Some("job-openings".to_owned()));
        assert!(base.knowledge().faq("job-openings").is_none(), "the base bot is unchanged");
    }

    #[test]
    fn a_refused_server_entry_leaves_no_bot() {
        let base = Bot::builtin().expect("the built-in knowledge loads");
        let entry = ServerEntry::from_form("x", "Where?", "", "", "");
        let err = base.with_server(42, &[entry], 10).expect_err("an empty answer");
        assert!(err.problems.iter().any(|p| p.field.as_deref() == Some("answer")), "{err}");
    }

    use crate::knowledge::phrases;

    fn builtin() -> Bot {
        Bot::builtin().unwrap_or_else(|e| panic!("{e}"))
    }

    /// What the binary starts from must answer exactly as the bot it was written from.
    #[test]
    fn a_bot_read_back_from_its_bytes_answers_like_the_bot_it_was_written_from() {
        let bot = builtin();
        let read = Bot::from_bytes(&bot.to_bytes()).unwrap_or_else(|e| panic!("{e}"));
        for (_, request) in bot.all_requests() {
            assert_eq!(read.answer(&request), bot.answer(&request), "{request:?}");
        }
        let mut questions: Vec<String> = phrases::all(bot.knowledge()).into_iter().flat_map(|(_, p)| p).collect();
        questions
            .extend(["sr ctc", "wat is teh sallary of frehser", "pg vs mongo", "dentist salary", ""].map(String::from));
        for question in &questions {
            assert_eq!(read.matcher().weigh(question), bot.matcher().weigh(question), "{question}");
            assert_eq!(ask(&read, question), ask(&bot, question), "{question}");
            let partial: String = question.chars().take(question.chars().count() / 2).collect();
            assert_eq!(read.autocomplete("ask", "question", &partial), bot.autocomplete("ask", "question", &partial));
            assert_eq!(read.matcher().key(question), bot.matcher().key(question));
        }
        for entry in bot.knowledge().entries() {
            assert_eq!(read.knowledge().origin(&entry).map(|o| o.line), bot.knowledge().origin(&entry).map(|o| o.line));
        }
    }

    /// The binary embeds the bytes of the built-in bot and a test compares them with a fresh
    /// load: that needs every map of a bot to serialise in the same order on every run.
    #[test]
    fn the_same_knowledge_always_writes_the_same_bytes() {
        assert!(builtin().to_bytes() == builtin().to_bytes(), "a part of Bot serialises in a random order");
    }

    #[test]
    fn bytes_of_something_else_are_refused() {
        assert!(Bot::from_bytes(b"").is_err());
        assert!(Bot::from_bytes(&builtin().to_bytes()[..100]).is_err());
    }
}
