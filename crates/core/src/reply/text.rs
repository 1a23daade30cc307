//! The bot's own words and colours, in one place. Everything else the bot says comes from the
//! knowledge base.

pub const COLOUR_FAQ: u32 = 0x5865F2;
pub const COLOUR_SALARY: u32 = 0x57F287;
pub const COLOUR_ROLE: u32 = 0xEB459E;
pub const COLOUR_TOPIC: u32 = 0xE67E22;
pub const COLOUR_HELP: u32 = 0x99AAB5;
pub const COLOUR_DECLINE: u32 = 0xED4245;

pub const BOT_NAME: &str = "career-bot";
pub const HELP_TITLE: &str = "career-bot: backend career answers";
pub const HELP_INTRO: &str = "I answer questions about becoming and growing as a backend developer: skills, the learning roadmap, roles and salaries in India. Ask in your own words; typos and short forms like `db`, `sr` or `lpa` are fine.";
pub const HELP_MENTION: &str = "You can also mention me with a question in any channel I can read.";
pub const HELP_FOOTER: &str = "Answers come from the server's knowledge base.";

pub const DID_YOU_MEAN: &str = "Not quite it? Did you mean one of these:";
pub const DECLINE_TITLE: &str = "I don't have an answer for that yet";
pub const DECLINE_CLOSEST: &str = "Closest things I know about";
pub const DECLINE_HINT: &str =
    "I only know about backend development careers. Try rephrasing, or see `/help` for what I can answer.";
pub const EMPTY_QUESTION: &str =
    "Ask me something, for example: `/ask question: how much does a senior backend developer earn?`";

pub const SALARY_ALL_TITLE: &str = "Backend developer salaries in India";
pub const SALARY_ALL_FOOTER: &str =
    "LPA = lakh rupees per annum. Ranges vary with company, city and skills. /salary level:<level> for one level.";
pub const SALARY_FOOTER: &str = "LPA = lakh rupees per annum. Ranges vary with company, city and skills.";
pub const SALARY_RANGE: &str = "Range";
pub const SALARY_ROLE: &str = "Typical role";
pub const SALARY_LADDER: &str = "All levels";
pub const NO_SALARIES: &str = "This knowledge base has no salary levels.";

pub const ROADMAP_ALL_TITLE: &str = "The backend learning roadmap";
pub const ROADMAP_ALL_FOOTER: &str =
    "Learn the steps in this order. /roadmap topic:<topic> for the skills of one step.";
pub const ROADMAP_NEXT: &str = "Next step";
pub const ROADMAP_END: &str = "That is the last step of the roadmap. Keep building projects that use all of it.";
pub const NO_TOPICS: &str = "This knowledge base has no roadmap topics.";

pub const ROLE_ALL_TITLE: &str = "The backend career ladder";
pub const ROLE_ALL_FOOTER: &str = "/role level:<level> for one role, /salary level:<level> for its pay.";
pub const ROLE_FOCUS: &str = "Focus";
pub const ROLE_SALARY: &str = "Salary (India)";
pub const ROLE_NEXT: &str = "Next step";
pub const ROLE_TOP: &str = "This is the top of the ladder.";
pub const NO_ROLES: &str = "This knowledge base has no roles.";

/// The footer of an entry a server's moderators wrote.
pub const FROM_SERVER: &str = "From this server's moderators";
pub const FAQ_FOOTER: &str = "Ask any of these with /ask, or mention me.";
pub const FAQ_PREV: &str = "◀ Previous";
pub const FAQ_NEXT: &str = "Next ▶";
pub const NO_FAQS: &str = "This knowledge base has no FAQs.";
pub const RELATED: &str = "Related";

pub const DELETE_LABEL: &str = "🗑 Delete";
pub const POST_LABEL: &str = "📣 Post in channel";
pub const NOT_YOURS: &str = "Only the person who asked can use this button. Ask your own question with `/ask`.";
pub const STALE_BUTTON: &str = "That button is from an older version of this answer. Ask again with `/ask`.";

/// The suggestion in a new forum post, and its two buttons (for the member who opened it).
pub const FORUM_SUGGESTION: &str =
    "This may answer your post. If it does, press “That answers it”; if not, “Not it” removes this reply.";
pub const FORUM_SOLVED_LABEL: &str = "✅ That answers it";
pub const FORUM_NOT_IT_LABEL: &str = "Not it";
/// What the suggestion says once the member who opened the post said it answers it.
pub const FORUM_SOLVED: &str = "✅ The member who opened this post said this answers it.";
pub const FORUM_NOT_YOURS: &str =
    "Only the member who opened this post can use this button. Ask your own question with `/ask`.";

pub const VOTE_UP: &str = "👍";
pub const VOTE_DOWN: &str = "👎";
pub const VOTE_THANKS: &str = "Thanks for the feedback!";
pub const VOTE_THANKS_DETAIL: &str = "It shows the maintainers which answers need work. Clicking again changes your vote; it is stored without your name.";
/// The optional reason form a 👎 opens, and the note once it is sent.
pub const REASON_FORM_TITLE: &str = "What was wrong with this answer?";
pub const REASON_LABEL: &str = "What was wrong or missing?";
pub const REASON_HINT: &str = "Optional: outdated, too vague, not what I asked…";
pub const REASON_THANKS: &str = "Thanks, that helps!";
pub const REASON_THANKS_DETAIL: &str =
    "Your 👎 is counted, and the reason goes to this server's moderators without your name.";

pub const GAPS_TITLE: &str = "Questions I could not answer";
pub const GAPS_WORST_TITLE: &str = "Answers rated worst";
pub const GAPS_NONE: &str = "Nothing missed in this period.";
pub const GAPS_NO_VOTES: &str = "No 👎 in this period.";
pub const GAPS_ASKED_TITLE: &str = "Most asked answers";
pub const GAPS_NONE_ASKED: &str = "No question was answered in this period.";
pub const GAPS_GUILD_ONLY: &str = "`/gaps` reports on a server: use it in one.";
pub const GAPS_NOT_ALLOWED: &str = "Only members with the Manage Server permission can see `/gaps`.";
pub const GAPS_OFF: &str = "This bot is not recording questions, so there is nothing to report. Its operator can turn \
     recording on: it needs a writable DATA_DIR or a DATABASE_URL (see the README).";
pub const GAPS_UNAVAILABLE: &str =
    "The report could not be read just now. It has been logged; please try again in a moment.";
pub const GAPS_BAD_SINCE: &str = "That period is not one I understand";

pub const KNOWLEDGE_TITLE: &str = "This server's answers";
pub const KNOWLEDGE_GUILD_ONLY: &str = "`/knowledge` teaches answers to a server: use it in one.";
pub const KNOWLEDGE_NOT_ALLOWED: &str =
    "Only members with the Manage Server permission can change this server's answers.";
pub const KNOWLEDGE_PICK: &str = "Pick what to do: `/knowledge add`, `edit`, `remove` or `history`.";
pub const KNOWLEDGE_OFF: &str = "This bot keeps no database, so it cannot store answers of this server. Its operator \
     can give it one: a writable DATA_DIR or a DATABASE_URL (see the README).";
pub const KNOWLEDGE_UNAVAILABLE: &str =
    "The database could not be reached, so nothing was changed. It has been logged; please try again in a moment.";
pub const KNOWLEDGE_UNKNOWN_HINT: &str = "Pick one of this server's answers from the list that opens as you type.";
pub const KNOWLEDGE_FORM_ADD: &str = "A new answer for this server";
pub const KNOWLEDGE_FORM_EDIT: &str = "Edit this server's answer";
pub const KNOWLEDGE_QUESTION_LABEL: &str = "Question";
pub const KNOWLEDGE_QUESTION_HINT: &str = "Where do we post job openings?";
pub const KNOWLEDGE_PHRASINGS_LABEL: &str = "Other ways to ask it (one per line)";
pub const KNOWLEDGE_PHRASINGS_HINT: &str = "job posts channel\nwhere can I share a job";
pub const KNOWLEDGE_ANSWER_LABEL: &str = "Answer";
pub const KNOWLEDGE_ANSWER_HINT: &str = "What members should be told. Links must be https.";
pub const KNOWLEDGE_TAGS_LABEL: &str = "Tags (optional, comma separated)";
pub const KNOWLEDGE_TAGS_HINT: &str = "jobs, hiring";
pub const KNOWLEDGE_REMOVE_TITLE: &str = "Remove this answer?";
pub const KNOWLEDGE_REMOVE_LABEL: &str = "Remove";
pub const KNOWLEDGE_KEEP_LABEL: &str = "Keep it";
pub const KNOWLEDGE_REMOVED: &str = "Removed";
pub const KNOWLEDGE_REFUSED: &str = "Not saved: the answer breaks a rule";
pub const KNOWLEDGE_REFUSED_DETAIL: &str =
    "Nothing was stored. Fix what is named below and submit again; what you wrote is underneath, to copy back.";
pub const KNOWLEDGE_WHOLE: &str = "This server's answers";
pub const KNOWLEDGE_TYPED: &str = "What you wrote";
pub const KNOWLEDGE_HISTORY: &str = "Last changes to this server's answers";
pub const KNOWLEDGE_NO_HISTORY: &str = "No answer of this server has been changed yet.";
pub const KNOWLEDGE_BY_OPERATOR: &str = "by the operator (import)";

/// "No answer “x” in this server".
pub fn knowledge_unknown(given: &str) -> String {
    format!("This server has no answer “{given}”")
}

/// Under a refusal whose problems do not all fit.
pub fn knowledge_more_problems(count: usize) -> String {
    let s = if count == 1 { "" } else { "s" };
    format!("\n{count} more problem{s} not shown: fix these and submit again to see the rest.")
}

/// The confirmation of a removal.
pub fn knowledge_remove_confirm(question: &str, id: &str) -> String {
    format!(
        "**{question}** (`{id}`)\n\nMembers will no longer be answered with it. `/knowledge history` keeps a record of the removal."
    )
}

/// The title once an entry is stored.
pub fn knowledge_saved(added: bool, question: &str) -> String {
    format!("{}: {question}", if added { "Added" } else { "Saved" })
}

pub fn knowledge_saved_footer(id: &str) -> String {
    format!("{id} · members of this server are answered with it from now on")
}

pub fn knowledge_removed(id: &str) -> String {
    format!("`{id}` is no longer answered in this server.")
}

pub const SOMETHING_WENT_WRONG: &str =
    "Something went wrong while answering. It has been logged; please try again in a moment.";

/// "Unknown level “x”" replies.
pub fn unknown_option(what: &str, given: &str, valid: &str) -> (String, String) {
    (format!("I don't know the {what} “{given}”"), format!("Try one of: {valid}."))
}

/// Content line of a reply pointed at someone (`/ask for:`).
/// How `/help` names a command on a message's menu.
pub fn on_a_message(label: &str) -> String {
    format!("On a message: Apps → {label}")
}

/// The answer to a message command on a message without text.
pub const NO_MESSAGE_TEXT: &str = "That message has no text I can answer";
pub const NO_MESSAGE_TEXT_DETAIL: &str = "It may be an image, a file or an embed. Ask the question with /ask instead.";

/// The line above a private answer that its owner posted in the channel (it pings nobody).
pub fn shared_by(user: u64) -> String {
    format!("Shared by <@{user}>:")
}

pub fn for_user(user: u64) -> String {
    format!("<@{user}>, this answer is for you:")
}

/// The decline text with the (already neutralised) question.
pub fn decline(question: &str) -> String {
    format!("I couldn't find an answer to “{question}”.\n\n{DECLINE_HINT}")
}

/// Footer of an answered question.
pub fn match_footer(kind: &str, score: f32) -> String {
    format!("{kind} · match {:.0}% · /help for all commands", score * 100.0)
}

/// The footer line saying where an answer's facts come from and when they were last checked:
/// `Source: Backend Developer Skills & Career Path (2026) · as of 2026`.
pub fn provenance(titles: &[&str], as_of: Option<&str>) -> Option<String> {
    let sources = match titles {
        [] => None,
        [one] => Some(format!("Source: {one}")),
        many => Some(format!("Sources: {}", many.join("; "))),
    };
    match (sources, as_of) {
        (None, None) => None,
        (Some(sources), None) => Some(sources),
        (None, Some(date)) => Some(format!("As of {date}")),
        (Some(sources), Some(date)) => Some(format!("{sources} · as of {date}")),
    }
}

/// Title of one FAQ page.
pub fn faq_page_title(page: usize, pages: usize) -> String {
    format!("Frequently asked questions ({page}/{pages})")
}

/// Title of one roadmap step.
pub fn roadmap_step_title(step: usize, steps: usize, title: &str) -> String {
    format!("Roadmap step {step} of {steps}: {title}")
}

/// "Slow down" note for the per-user cooldown.
pub fn slow_down(seconds: u64) -> String {
    format!("Slow down a little: you can ask again in {seconds} s.")
}

/// Reply to a command this bot no longer has.
pub fn unknown_command(name: &str) -> String {
    format!("I no longer have a `/{name}` command; see `/help`.")
}

/// The first line of the gaps report: how many missed questions, since when (a Discord
/// timestamp, shown in the reader's time zone).
pub fn gaps_summary(questions: usize, since: Option<i64>) -> String {
    let period = since.map_or_else(|| "since recording began".to_owned(), |s| format!("since <t:{s}:R>"));
    format!("{questions} missed or unsure question(s) {period}, most asked first.")
}

/// One group of the gaps report: when last asked, the closest entry, other wordings.
pub fn gaps_group(last_seen: i64, closest: Option<(&str, f32)>, alternatives: &str) -> String {
    let mut out = format!("last asked <t:{last_seen}:R>");
    if let Some((title, score)) = closest {
        out.push_str(&format!("\nclosest: {title} ({:.0}%)", score * 100.0));
    }
    if !alternatives.is_empty() {
        out.push_str(&format!("\nalso: {alternatives}"));
    }
    out
}

/// One worst-rated entry of the gaps report, with the latest reasons given for a 👎 (already
/// made safe to show).
pub fn gaps_rating(title: &str, entry: &str, up: u64, down: u64, reasons: &[String]) -> String {
    let mut out = format!("👎 {down} · 👍 {up}: {title} (`{entry}`)");
    if !reasons.is_empty() {
        let quoted: Vec<String> = reasons.iter().map(|r| format!("“{r}”")).collect();
        out.push_str(&format!("\n  why: {}", quoted.join(" · ")));
    }
    out
}

/// The name of group `number` of the gaps report: its number, how often, the question.
pub fn gaps_group_name(number: usize, count: usize, question: &str) -> String {
    format!("#{number} · {count}× {question}")
}

/// What a group of the gaps report says once an entry answers it.
pub fn gaps_now_answered(title: &str) -> String {
    format!("✅ now answered: {title}")
}

/// The "Write an answer" button of group `number` of the gaps report.
pub fn gaps_write_label(number: usize) -> String {
    format!("Write #{number}")
}

/// One line of the most asked answers.
pub fn gaps_asked(title: &str, entry: &str, count: u64) -> String {
    format!("{count}× {title} (`{entry}`)")
}
