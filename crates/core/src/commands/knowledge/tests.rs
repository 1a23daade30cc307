use super::form::{ANSWER, PHRASINGS, QUESTION, TAGS};
use super::*;
use crate::commands::{Action, Command, Outcome, Request, Value};
use crate::knowledge::Problem;
use crate::reply::limits;

const GUILD: u64 = 42;
const MODERATOR: u64 = 7;

fn base() -> Bot {
    Bot::builtin().unwrap_or_else(|e| panic!("{e}"))
}

fn with_jobs() -> Bot {
    let jobs = ServerEntry::from_form(
        "where-do-we-post-job-openings",
        "Where do we post job openings?",
        "hiring channel\njob posts",
        "In #jobs, with the salary range.",
        "jobs, hiring",
    );
    base().with_server(GUILD, &[jobs], 10).unwrap_or_else(|e| panic!("{e}"))
}

fn moderator() -> Context {
    Context { invoker: Some(MODERATOR), guild: Some(GUILD), permissions: Some(gaps::MANAGE_GUILD) }
}

fn member() -> Context {
    Context { permissions: Some(1 << 11), ..moderator() }
}

fn run(bot: &Bot, subcommand: &str, options: Args, context: Context) -> Answer {
    let command = Command { spec: &SPEC, args: Args::default().with(subcommand, Value::Sub(options)) };
    bot.answer(&Request { action: Action::Run(command), context, private: false })
}

fn submit(bot: &Bot, custom_id: &str, fields: &[(&str, &str)], context: Context) -> Answer {
    let fields = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    bot.answer(&Request { action: Action::Submit { custom_id: custom_id.to_owned(), fields }, context, private: false })
}

fn click(bot: &Bot, custom_id: &str, context: Context) -> Answer {
    bot.answer(&Request { action: Action::Click(custom_id.to_owned()), context, private: false })
}

fn modal(answer: &Answer) -> &crate::reply::Modal {
    match &answer.response {
        Response::Modal(modal) => modal,
        other => panic!("a form, not {other:?}"),
    }
}

#[test]
fn add_opens_an_empty_form_with_question_phrasings_answer_and_tags_in_that_order() {
    let answer = run(&base(), ADD, Args::default(), moderator());
    let form = modal(&answer);
    assert_eq!(form.custom_id, "kb:add");
    let ids: Vec<&str> = form.inputs.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, [QUESTION, PHRASINGS, ANSWER, TAGS]);
    let required: Vec<bool> = form.inputs.iter().map(|i| i.required).collect();
    assert_eq!(required, [true, false, true, false], "tags and other phrasings are optional");
    assert!(form.inputs.iter().all(|i| i.value.is_none()), "an empty form");
    assert!(limits::modal_violations(form).is_empty(), "{:?}", limits::modal_violations(form));
    assert!(answer.edit.is_none(), "nothing to store before the form is submitted");
}

#[test]
fn members_without_manage_server_and_direct_messages_get_no_form() {
    let dm = Context { guild: None, ..moderator() };
    let no_permissions = Context { permissions: None, ..moderator() };
    for context in [member(), dm, no_permissions] {
        for subcommand in [ADD, HISTORY] {
            let answer = run(&with_jobs(), subcommand, Args::default(), context);
            assert_eq!(answer.outcome, Outcome::Refused, "{subcommand} {context:?}");
            assert!(!matches!(answer.response, Response::Modal(_)), "{subcommand} {context:?}");
            assert!(answer.edit.is_none());
        }
        let submitted = submit(&with_jobs(), "kb:add", &[(QUESTION, "q?"), (ANSWER, "a")], context);
        assert_eq!((submitted.outcome, submitted.edit), (Outcome::Refused, None), "checked again on submit");
        let removal = click(&with_jobs(), &format!("kb:rm:where-do-we-post-job-openings:{MODERATOR}"), context);
        assert_eq!((removal.outcome, removal.edit), (Outcome::Refused, None), "checked again on confirm");
    }
    let administrator = Context { permissions: Some(gaps::ADMINISTRATOR), ..moderator() };
    assert!(matches!(run(&base(), ADD, Args::default(), administrator).response, Response::Modal(_)));
}

#[test]
fn a_submitted_form_becomes_the_entry_to_store() {
    let fields = [
        (QUESTION, " How do I get the contributor role? "),
        (PHRASINGS, "contributor role\n\nhow to become a contributor"),
        (ANSWER, "Open a pull request that gets merged."),
        (TAGS, "roles, contributing"),
    ];
    let answer = submit(&base(), "kb:add", &fields, moderator());
    let Some(Edit::Add(entry)) = answer.edit else { panic!("an entry to add, not {:?}", answer.edit) };
    assert_eq!(entry.question, "How do I get the contributor role?");
    assert_eq!(entry.phrasings, ["contributor role", "how to become a contributor"]);
    assert_eq!(entry.answer, "Open a pull request that gets merged.");
    assert_eq!(entry.tags, ["roles", "contributing"]);
    assert!(answer.response.reply().is_some_and(|r| r.ephemeral), "without a database: a private note");
}

#[test]
fn edit_opens_the_form_filled_with_the_servers_entry_and_submits_a_replacement() {
    let bot = with_jobs();
    let answer = run(&bot, EDIT, Args::default().with(ENTRY, "where-do-we-post-job-openings"), moderator());
    let form = modal(&answer);
    assert_eq!(form.custom_id, "kb:edit:where-do-we-post-job-openings");
    let values: Vec<Option<&str>> = form.inputs.iter().map(|i| i.value.as_deref()).collect();
    assert_eq!(
        values,
        [
            Some("Where do we post job openings?"),
            Some("hiring channel\njob posts"),
            Some("In #jobs, with the salary range."),
            Some("jobs, hiring")
        ]
    );
    let fields = [(QUESTION, "Where do we post job openings?"), (ANSWER, "In #hiring now.")];
    let submitted = submit(&bot, &form.custom_id, &fields, moderator());
    let Some(Edit::Replace(entry)) = submitted.edit else { panic!("a replacement, not {:?}", submitted.edit) };
    assert_eq!((entry.id.as_str(), entry.answer.as_str()), ("where-do-we-post-job-openings", "In #hiring now."));
}

#[test]
fn only_the_servers_own_entries_can_be_edited_or_removed() {
    let bot = with_jobs();
    let builtin = bot.knowledge().faqs.iter().find(|f| !f.from_server).expect("built-in FAQs").id.clone();
    for subcommand in [EDIT, REMOVE] {
        for given in [builtin.as_str(), "no-such-entry", ""] {
            let answer = run(&bot, subcommand, Args::default().with(ENTRY, given), moderator());
            assert_eq!(answer.outcome, Outcome::Refused, "{subcommand} {given}");
            assert!(answer.edit.is_none());
        }
    }
    let stale = submit(&bot, &format!("kb:edit:{builtin}"), &[(QUESTION, "q?"), (ANSWER, "a")], moderator());
    assert_eq!((stale.outcome, stale.edit), (Outcome::Refused, None));
}

#[test]
fn remove_asks_for_confirmation_and_only_its_owner_confirms() {
    let bot = with_jobs();
    let answer = run(&bot, REMOVE, Args::default().with(ENTRY, "where-do-we-post-job-openings"), moderator());
    assert!(answer.edit.is_none(), "nothing is removed before the confirmation");
    let reply = answer.response.reply().expect("a confirmation");
    assert!(reply.ephemeral);
    let ids: Vec<String> = reply.rows.concat().into_iter().map(|b| b.custom_id).collect();
    assert_eq!(ids, [format!("kb:rm:where-do-we-post-job-openings:{MODERATOR}"), format!("del:{MODERATOR}")]);
    let confirmed = click(&bot, &ids[0], moderator());
    assert_eq!(confirmed.edit, Some(Edit::Remove("where-do-we-post-job-openings".to_owned())));
    let other = Context { invoker: Some(MODERATOR + 1), ..moderator() };
    let refused = click(&bot, &ids[0], other);
    assert_eq!((refused.outcome, refused.edit), (Outcome::Refused, None), "another moderator's confirmation");
}

#[test]
fn history_asks_the_front_end_for_the_last_changes() {
    assert_eq!(run(&base(), HISTORY, Args::default(), moderator()).edit, Some(Edit::History));
}

#[test]
fn write_an_answer_opens_the_form_with_the_question_asked() {
    let id = CustomId::WriteAnswer { question: "how do i get the contributor role".into() }.to_string();
    let answer = click(&base(), &id, moderator());
    let form = modal(&answer);
    assert_eq!(form.custom_id, "kb:add");
    assert_eq!(form.inputs[0].value.as_deref(), Some("how do i get the contributor role"));
    assert!(form.inputs[1..].iter().all(|i| i.value.is_none()));
    assert_eq!(click(&base(), &id, member()).outcome, Outcome::Refused);
}

#[test]
fn the_entry_option_offers_the_servers_own_entries_only() {
    let bot = with_jobs();
    let offered = bot.autocomplete(SPEC.name, ENTRY, "job");
    assert_eq!(offered.len(), 1, "{offered:?}");
    assert_eq!(
        (offered[0].name.as_str(), offered[0].value.as_str()),
        ("Where do we post job openings?", "where-do-we-post-job-openings")
    );
    assert_eq!(bot.autocomplete(SPEC.name, ENTRY, "").len(), 1);
    assert!(base().autocomplete(SPEC.name, ENTRY, "").is_empty(), "a server without entries");
}

#[test]
fn a_refusal_names_every_field_and_gives_back_everything_typed_within_discords_limits() {
    let entry = ServerEntry {
        id: String::new(),
        question: "q".repeat(200),
        phrasings: vec!["p".repeat(199); 5],
        answer: "a".repeat(3000),
        tags: vec!["t".repeat(60); 3],
    };
    let problems: Vec<Problem> = ["question", "answer", "phrasings", "tags"]
        .iter()
        .map(|field| Problem::new("server-42.yaml", "x".repeat(400), "y".repeat(200)).field(*field))
        .collect();
    let reply = outcome::refused(&problems, Some(&entry));
    assert!(limits::violations(&reply).is_empty(), "{:?}", limits::violations(&reply));
    let names: Vec<&str> = reply.embeds[0].fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["Question", "Answer", "Other ways to ask it (one per line)", "Tags (optional, comma separated)"]
    );
    let given_back: String = reply.embeds[1..].iter().map(|e| e.description.as_str()).collect();
    for typed in [&entry.question, &entry.answer, &entry.phrasings.join("\n"), &entry.tags.join(", ")] {
        assert!(given_back.contains(typed.as_str()), "{typed} was not given back");
    }
    assert!(reply.ephemeral);
}

#[test]
fn the_history_names_each_change_and_its_moderator() {
    use crate::knowledge::server::{ChangeAction, ChangeRow};
    let rows = [
        ChangeRow { entry: "jobs".into(), action: ChangeAction::Remove, moderator: Some(9), at: 1_700_000_100 },
        ChangeRow { entry: "jobs".into(), action: ChangeAction::Add, moderator: None, at: 1_700_000_000 },
    ];
    let reply = outcome::history(&rows);
    let text = &reply.embeds[0].description;
    assert!(text.starts_with("<t:1700000100:R> **remove** `jobs` · <@9>"), "{text}");
    assert!(text.contains("**add** `jobs` · by the operator"), "{text}");
    assert!(reply.mention.is_none(), "nobody is pinged");
    assert_eq!(outcome::history(&[]).embeds[0].description, text::KNOWLEDGE_NO_HISTORY);
}
