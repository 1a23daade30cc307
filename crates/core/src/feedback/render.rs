//! The gaps report as terminal text and as JSON (`career-bot gaps [--json]`). Discord's embed of
//! the same report is drawn by the `/gaps` command.

use serde_json::{Value, json};

use super::report::{Closest, Report};

/// The report as text for a terminal; `now` (unix seconds) gives the "2 h ago" times.
pub fn text(report: &Report, now: i64) -> String {
    let mut out = String::new();
    let scope = match report.guild {
        Some(guild) => format!("in guild {guild}"),
        None => "in every guild".to_owned(),
    };
    let period = report.since.map_or_else(|| "since recording began".to_owned(), |s| format!("since {}", utc(s)));
    out.push_str(&format!(
        "Unanswered and unsure questions {scope}, {period}: {} asked, {} shown\n",
        report.questions,
        report.groups.len()
    ));
    if report.truncated {
        out.push_str(&format!("(only the latest {} questions were read)\n", report.questions));
    }
    if report.groups.is_empty() {
        out.push_str("  None recorded.\n");
    }
    for (i, group) in report.groups.iter().enumerate() {
        out.push_str(&format!("\n{:>3}. {}× {}\n", i + 1, group.count, group.question));
        if let Some(title) = &group.now_answered {
            out.push_str(&format!("     now answered: {title}\n"));
        }
        out.push_str(&format!("     last asked {} ({})\n", ago(now, group.last_seen), utc(group.last_seen)));
        if let Some(closest) = &group.closest {
            out.push_str(&format!("     closest entry: {}\n", closest_text(closest)));
        }
        if !group.alternatives.is_empty() {
            out.push_str(&format!("     also asked as: {}\n", group.alternatives.join(" · ")));
        }
    }
    out.push_str("\nAnswers with the worst 👍/👎 ratio\n");
    if report.worst.is_empty() {
        out.push_str("  No 👎 recorded.\n");
    }
    for rating in &report.worst {
        let title = rating.title.as_deref().unwrap_or("(no longer in the knowledge base)");
        out.push_str(&format!("  👍 {:>3}  👎 {:>3}  {}  {title}\n", rating.up, rating.down, rating.entry));
        for reason in &rating.reasons {
            out.push_str(&format!("             why: “{reason}”\n"));
        }
    }
    out.push_str("\nMost asked answers\n");
    if report.most_asked.is_empty() {
        out.push_str("  No answers counted.\n");
    }
    for asked in &report.most_asked {
        let title = asked.title.as_deref().unwrap_or("(no longer in the knowledge base)");
        out.push_str(&format!("  {:>5}×  {}  {title}\n", asked.count, asked.entry));
    }
    out
}

/// The report as one JSON object. Ids are strings, as Discord writes them.
pub fn json(report: &Report) -> Value {
    json!({
        "since": report.since,
        "guild": report.guild.map(|g| g.to_string()),
        "questions": report.questions,
        "truncated": report.truncated,
        "groups": report.groups.iter().map(|g| json!({
            "question": g.question,
            "alternatives": g.alternatives,
            "count": g.count,
            "last_seen": g.last_seen,
            "last_seen_utc": utc(g.last_seen),
            "closest": g.closest.as_ref().map(|c| json!({
                "kind": c.entry.kind.as_str(),
                "id": c.entry.id,
                "title": c.title,
                "score": (f64::from(c.score) * 1000.0).round() / 1000.0,
            })),
            "now_answered": g.now_answered,
        })).collect::<Vec<_>>(),
        "worst_rated": report.worst.iter().map(|r| json!({
            "kind": r.entry.kind.as_str(),
            "id": r.entry.id,
            "title": r.title,
            "up": r.up,
            "down": r.down,
            "reasons": r.reasons,
        })).collect::<Vec<_>>(),
        "most_asked": report.most_asked.iter().map(|a| json!({
            "kind": a.entry.kind.as_str(),
            "id": a.entry.id,
            "title": a.title,
            "count": a.count,
        })).collect::<Vec<_>>(),
    })
}

/// `faq:x “Title” (38%)`.
pub fn closest_text(closest: &Closest) -> String {
    let title =
        closest.title.as_deref().map_or_else(|| " (no longer in the knowledge base)".to_owned(), |t| format!(" “{t}”"));
    format!("{}{title} ({:.0}%)", closest.entry, closest.score * 100.0)
}

/// How long before `now` `then` was: `just now`, `5 min ago`, `3 h ago`, `2 days ago`.
pub fn ago(now: i64, then: i64) -> String {
    let seconds = now.saturating_sub(then).max(0);
    match seconds {
        0..60 => "just now".to_owned(),
        60..3600 => format!("{} min ago", seconds / 60),
        3600..86_400 => format!("{} h ago", seconds / 3600),
        86_400..172_800 => "1 day ago".to_owned(),
        _ => format!("{} days ago", seconds / 86_400),
    }
}

/// A unix time as `2026-04-14 09:30 UTC`.
pub fn utc(unix: i64) -> String {
    let (days, rest) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", rest / 3600, rest % 3600 / 60)
}

/// Days since 1970-01-01 as (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feedback::report::{Group, Rating};
    use crate::knowledge::{EntryRef, Kind};

    #[test]
    fn answered_gaps_and_reasons_are_in_the_text_and_the_json() {
        let report = Report {
            since: None,
            guild: Some(1),
            questions: 2,
            truncated: false,
            groups: vec![Group {
                question: "where do we post job openings".into(),
                alternatives: vec![],
                count: 2,
                last_seen: 0,
                closest: None,
                now_answered: Some("Where do we post job openings?".into()),
            }],
            worst: vec![Rating {
                entry: EntryRef::new(Kind::Faq, "x"),
                title: Some("X".into()),
                up: 0,
                down: 1,
                reasons: vec!["too vague".into()],
            }],
            most_asked: vec![],
        };
        let text = text(&report, 0);
        assert!(text.contains("now answered: Where do we post job openings?"), "{text}");
        assert!(text.contains("why: “too vague”"), "{text}");
        let json = json(&report);
        assert_eq!(json["groups"][0]["now_answered"], "Where do we post job openings?");
        assert_eq!(json["worst_rated"][0]["reasons"][0], "too vague");
    }

    #[test]
    fn dates_and_ages() {
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc(1_776_159_000), "2026-04-14 09:30 UTC");
        assert_eq!(ago(1000, 990), "just now");
        assert_eq!(ago(10_000, 10_000 - 300), "5 min ago");
        assert_eq!(ago(100_000, 100_000 - 7200), "2 h ago");
        assert_eq!(ago(1_000_000, 1_000_000 - 3 * 86_400), "3 days ago");
    }
}
