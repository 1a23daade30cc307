//! `/gaps [since:<period>] [limit:<n>]`: for a server's moderators, the questions the bot could
//! not answer there (each open one with a button to write its answer, those answered since
//! marked so) and the answers rated worst with the reasons given, shown to them alone.
//!
//! Reading the report needs the insights database, which the core does not touch: [`run`]
//! decides who may see it and with which [`Filter`], and a front end that records reads the
//! report and sends [`reply`] (or [`unavailable`]) in place of the answer's response.

use super::custom_id::WRITE_QUESTION;
use super::spec::no_samples;
use super::{Answer, CommandSpec, CustomId, OptionKind, OptionSpec, Reach, note};
use crate::feedback::report::{Filter, Report, parse_since};
use crate::reply::neutralise::{neutralise, one_line};
use crate::reply::text::{self, COLOUR_DECLINE, COLOUR_HELP};
use crate::reply::{Button, ButtonStyle, Embed, Field, Reply, Response, limits};

/// Discord's Manage Server permission bit (`MANAGE_GUILD`).
pub const MANAGE_GUILD: u64 = 1 << 5;
/// Discord's Administrator permission bit, which implies every other.
pub const ADMINISTRATOR: u64 = 1 << 3;
/// Whether the member's permission bits, as Discord resolved them, let them manage the server:
/// what every moderator command (`/gaps`, `/knowledge`) checks again on each use. No bits sent
/// (a DM, a stale client) is no.
pub fn manages_the_server(permissions: Option<u64>) -> bool {
    permissions.is_some_and(|p| p & (MANAGE_GUILD | ADMINISTRATOR) != 0)
}

/// Groups shown when no limit is given.
pub const DEFAULT_SHOWN: usize = 5;
/// Groups shown at most: an embed holds only so much.
pub const MAX_SHOWN: usize = 10;
/// Longest "also asked as" list of one group, in characters.
const ALTERNATIVES: usize = 200;
/// Longest reason for a 👎 shown, in characters.
const SHOWN_REASON: usize = 80;
/// Longest list of worst-rated entries and their reasons, in characters.
const WORST: usize = 1500;

/// The option limiting the report to recent questions.
pub const SINCE: &str = "since";
/// The option limiting how many groups are shown.
pub const LIMIT: &str = "limit";

/// How Discord registers `/gaps`: hidden from members without Manage Server, servers only.
pub const SPEC: CommandSpec = CommandSpec {
    name: "gaps",
    invoked: super::Invoked::Slash,
    description: "What people asked that I could not answer here (Manage Server only)",
    options: &[
        OptionSpec {
            name: SINCE,
            description: "Only this recent, e.g. 24h, 7d or 2w",
            kind: OptionKind::Text { max_length: 10, autocomplete: false },
            required: false,
        },
        OptionSpec {
            name: LIMIT,
            description: "How many questions to show (at most 10)",
            kind: OptionKind::Integer { min: 1 },
            required: false,
        },
    ],
    examples: &["/gaps since:7d"],
    // MANAGE_GUILD as Discord wants it: a decimal string.
    member_permissions: Some("32"),
    reach: Reach::SERVERS,
    rated: false,
    run: |_, args, context| check(args.text(SINCE), args.integer(LIMIT), context.guild, context.permissions),
    // The report needs the insights database, which no knowledge base supplies.
    samples: no_samples,
};

/// Checks who asks and what for. `permissions` are the member's permission bits from the
/// interaction (Discord hides the command from others, but a stale client may still send it).
pub fn check(since: Option<&str>, limit: Option<i64>, guild: Option<u64>, permissions: Option<u64>) -> Answer {
    let Some(guild) = guild else { return Answer::refusal(note(text::GAPS_GUILD_ONLY, "", COLOUR_HELP)) };
    if !manages_the_server(permissions) {
        return Answer::refusal(note(text::GAPS_NOT_ALLOWED, "", COLOUR_DECLINE));
    }
    let since = match since.filter(|s| !s.trim().is_empty()).map(parse_since).transpose() {
        Ok(since) => since,
        Err(why) => return Answer::refusal(note(text::GAPS_BAD_SINCE, &why, COLOUR_DECLINE)),
    };
    let limit = limit.map_or(DEFAULT_SHOWN, |l| l.clamp(1, MAX_SHOWN as i64) as usize);
    Answer {
        report: Some(Filter { since, guild: Some(guild), limit }),
        ..Answer::plain(note(text::GAPS_TITLE, text::GAPS_OFF, COLOUR_HELP))
    }
}

/// The report as an ephemeral reply: the groups, numbered, each still open with a "Write #n"
/// button (moderators only: it opens the `/knowledge add` form with the question), then the
/// worst-rated entries with their latest reasons, then the most asked answers. Groups are left
/// out from the end until the reply keeps Discord's limits.
pub fn reply(report: &Report) -> Response {
    let mut groups = Embed {
        title: text::GAPS_TITLE.to_owned(),
        description: if report.groups.is_empty() {
            text::GAPS_NONE.to_owned()
        } else {
            text::gaps_summary(report.questions, report.since)
        },
        colour: COLOUR_HELP,
        ..Embed::default()
    };
    for (i, group) in report.groups.iter().enumerate() {
        let alternatives = super::ask::truncate(&group.alternatives.join(" · "), ALTERNATIVES);
        let closest = group.closest.as_ref().and_then(|c| c.title.as_deref().map(|t| (t, c.score)));
        let mut value = text::gaps_group(group.last_seen, closest, &alternatives);
        if let Some(title) = &group.now_answered {
            value = format!("{}\n{value}", text::gaps_now_answered(title));
        }
        groups.fields.push(Field::new(
            super::ask::truncate(&text::gaps_group_name(i + 1, group.count, &group.question), limits::FIELD_NAME),
            super::ask::truncate(&value, limits::FIELD_VALUE),
        ));
    }
    let lines: Vec<String> = report
        .worst
        .iter()
        .map(|r| {
            let reasons: Vec<String> =
                r.reasons.iter().map(|reason| neutralise(&one_line(reason), SHOWN_REASON)).collect();
            text::gaps_rating(r.title.as_deref().unwrap_or("?"), &r.entry.to_string(), r.up, r.down, &reasons)
        })
        .collect();
    let worst = Embed {
        title: text::GAPS_WORST_TITLE.to_owned(),
        description: if lines.is_empty() {
            text::GAPS_NO_VOTES.to_owned()
        } else {
            super::ask::truncate(&lines.join("\n"), WORST)
        },
        colour: COLOUR_DECLINE,
        ..Embed::default()
    };
    let asked: Vec<String> = report
        .most_asked
        .iter()
        .map(|a| text::gaps_asked(a.title.as_deref().unwrap_or("?"), &a.entry.to_string(), a.count))
        .collect();
    let most_asked = Embed {
        title: text::GAPS_ASKED_TITLE.to_owned(),
        description: if asked.is_empty() {
            text::GAPS_NONE_ASKED.to_owned()
        } else {
            super::ask::truncate(&asked.join("\n"), 1000)
        },
        colour: COLOUR_HELP,
        ..Embed::default()
    };
    let mut reply = Reply { embeds: vec![groups, worst, most_asked], ephemeral: true, ..Reply::default() };
    while !limits::violations(&reply).is_empty() {
        if reply.embeds[0].fields.pop().is_none() {
            reply.embeds[1].description = super::ask::truncate(&reply.embeds[1].description, 1000);
            break;
        }
    }
    // Only the groups still shown get a button, numbered as their fields are.
    let shown = reply.embeds[0].fields.len();
    let buttons: Vec<Button> = report
        .groups
        .iter()
        .enumerate()
        .take(shown)
        .filter(|(_, group)| group.now_answered.is_none())
        .filter_map(|(i, group)| write_button(i + 1, &group.question))
        .take(limits::BUTTONS_PER_ROW * limits::ROWS)
        .collect();
    reply.rows = buttons.chunks(limits::BUTTONS_PER_ROW).map(<[Button]>::to_vec).collect();
    Response::Message(reply)
}

/// "Write #n" for a group's question, cut to fit the custom id; `None` if nothing is left.
fn write_button(number: usize, question: &str) -> Option<Button> {
    let cut: String = question.chars().take(WRITE_QUESTION).collect();
    let question = cut.trim();
    if question.is_empty() {
        return None;
    }
    Some(Button {
        label: text::gaps_write_label(number),
        custom_id: CustomId::WriteAnswer { question: question.to_owned() }.to_string(),
        style: ButtonStyle::Primary,
        disabled: false,
    })
}

/// The reply when the report could not be read (the error is logged by the front end).
pub fn unavailable() -> Response {
    note(text::GAPS_TITLE, text::GAPS_UNAVAILABLE, COLOUR_DECLINE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::Outcome;
    use crate::feedback::report::{Asked, Closest, Group, Rating};
    use crate::knowledge::{EntryRef, Kind};

    #[test]
    fn only_moderators_in_a_server_get_a_report() {
        assert_eq!(check(None, None, None, Some(MANAGE_GUILD)).outcome, Outcome::Refused, "a direct message");
        assert_eq!(check(None, None, Some(1), None).outcome, Outcome::Refused, "no permissions sent");
        assert_eq!(check(None, None, Some(1), Some(1 << 11)).outcome, Outcome::Refused, "send messages only");
        for allowed in [MANAGE_GUILD, ADMINISTRATOR, MANAGE_GUILD | 1 << 11] {
            let answer = check(Some("7d"), Some(50), Some(9), Some(allowed));
            let filter = answer.report.expect("a report to read");
            assert_eq!(filter.guild, Some(9), "the report is of the asking server only");
            assert_eq!(filter.limit, MAX_SHOWN);
            assert_eq!(filter.since, Some(std::time::Duration::from_secs(7 * 86_400)));
            assert!(answer.response.reply().unwrap().ephemeral);
        }
        let bad = check(Some("soon"), None, Some(1), Some(MANAGE_GUILD));
        assert_eq!(bad.outcome, Outcome::Refused);
        assert!(bad.report.is_none());
    }

    #[test]
    fn a_full_report_keeps_discord_limits() {
        let group = |n: usize| Group {
            question: format!("question {n} ").repeat(20),
            alternatives: (0..5).map(|i| format!("another wording {i} ").repeat(10)).collect(),
            count: 100 - n,
            last_seen: 1_700_000_000,
            closest: Some(Closest { entry: EntryRef::new(Kind::Faq, "x"), title: Some("A title".into()), score: 0.4 }),
            now_answered: (n == 3).then(|| "Answered since".repeat(20)),
        };
        let report = Report {
            since: Some(1_690_000_000),
            guild: Some(1),
            questions: 1000,
            truncated: false,
            groups: (0..MAX_SHOWN).map(group).collect(),
            worst: (0..MAX_SHOWN)
                .map(|i| Rating {
                    entry: EntryRef::new(Kind::Faq, format!("entry-{i}")),
                    title: Some("T".repeat(200)),
                    up: 1,
                    down: 9,
                    reasons: (0..3).map(|r| format!("reason {r} @everyone ").repeat(20)).collect(),
                })
                .collect(),
            most_asked: (0..MAX_SHOWN as u64)
                .map(|i| Asked {
                    entry: EntryRef::new(Kind::Faq, format!("entry-{i}")),
                    title: Some("T".repeat(200)),
                    count: 1000 - i,
                })
                .collect(),
        };
        let response = reply(&report);
        let reply = response.reply().unwrap();
        assert!(limits::violations(reply).is_empty(), "{:?}", limits::violations(reply));
        assert!(reply.ephemeral);
        assert!(!reply.embeds[0].fields.is_empty());
        assert_eq!(reply.embeds[2].title, text::GAPS_ASKED_TITLE);
        assert!(reply.embeds[2].description.starts_with("1000× TTT"), "{}", reply.embeds[2].description);
        assert!(reply.embeds[1].description.contains("why: “reason 0"), "{}", reply.embeds[1].description);
        assert!(!reply.embeds[1].description.contains("@everyone"), "reasons are neutralised");
        let shown = reply.embeds[0].fields.len();
        let buttons: Vec<&Button> = reply.rows.iter().flatten().collect();
        assert_eq!(buttons.len(), (0..shown).filter(|&n| n != 3).count(), "a button per open group shown");
        assert!(reply.rows.iter().all(|row| row.len() <= limits::BUTTONS_PER_ROW));
    }

    fn open_group(question: &str, count: usize) -> Group {
        Group {
            question: question.to_owned(),
            alternatives: vec![],
            count,
            last_seen: 1_700_000_000,
            closest: None,
            now_answered: None,
        }
    }

    fn empty_report(groups: Vec<Group>) -> Report {
        Report {
            since: None,
            guild: Some(1),
            questions: 9,
            truncated: false,
            groups,
            worst: vec![],
            most_asked: vec![],
        }
    }

    #[test]
    fn each_open_group_gets_a_numbered_write_button_with_its_question() {
        let long = "é".repeat(WRITE_QUESTION) + "tail";
        let mut answered = open_group("where is the jobs channel", 5);
        answered.now_answered = Some("Where do we post job openings?".to_owned());
        let groups = vec![
            open_group("how do i get the contributor role", 7),
            answered,
            open_group(&long, 3),
            open_group("   ", 2),
            open_group("what is the meetup schedule", 1),
        ];
        let response = reply(&empty_report(groups));
        let reply = response.reply().unwrap();
        assert!(limits::violations(reply).is_empty(), "{:?}", limits::violations(reply));
        let names: Vec<&str> = reply.embeds[0].fields.iter().map(|f| f.name.as_str()).collect();
        assert!(names[0].starts_with("#1 · 7× how do i get"), "{names:?}");
        assert!(names[1].starts_with("#2 · 5×"), "{names:?}");
        assert!(reply.embeds[0].fields[1].value.starts_with("✅ now answered: Where do we post job openings?"));
        let buttons: Vec<(&str, CustomId)> =
            reply.rows.iter().flatten().map(|b| (b.label.as_str(), b.custom_id.parse().unwrap())).collect();
        let question = |q: &str| CustomId::WriteAnswer { question: q.to_owned() };
        assert_eq!(
            buttons,
            vec![
                ("Write #1", question("how do i get the contributor role")),
                ("Write #3", question(&"é".repeat(WRITE_QUESTION))),
                ("Write #5", question("what is the meetup schedule")),
            ],
            "no button for the answered group nor for an empty question"
        );
    }

    #[test]
    fn ten_groups_make_two_rows_of_five_buttons() {
        let groups = (0..MAX_SHOWN).map(|n| open_group(&format!("question number {n}"), 20 - n)).collect();
        let response = reply(&empty_report(groups));
        let reply = response.reply().unwrap();
        assert!(limits::violations(reply).is_empty(), "{:?}", limits::violations(reply));
        assert_eq!(reply.rows.iter().map(Vec::len).collect::<Vec<_>>(), vec![5, 5]);
        assert_eq!(reply.rows[1][4].label, "Write #10");
    }
}
