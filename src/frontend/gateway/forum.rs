//! New posts in the forums of `CAREER_BOT_FORUM_CHANNELS`: when a member opens one, its title
//! is matched, and only when the core is sure ([`forum::suggestion`]) the bot posts one reply
//! in the post with "That answers it" and "Not it" for the member who opened it. The reply
//! pings nobody and spends no cooldown (it is one per post, and nobody asked for it).
//!
//! A post is a thread whose parent is the forum; Discord announces it with THREAD_CREATE, which
//! needs the GUILDS intent (asked for only when forums are watched). THREAD_CREATE also arrives
//! when the bot is added to an existing thread, and Discord may deliver an event twice (a
//! resumed session): a thread is suggested for at most once, remembered among the last
//! [`REMEMBERED`] threads seen. The title is the question. Only when it is not clear, and the
//! operator turned on `CAREER_BOT_MESSAGE_CONTENT` (the privileged Message Content intent), the
//! post's first message is read too: the title with it, else the message alone, is matched.

use std::collections::{HashSet, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::time::Instant;

use serenity::http::Http;
use serenity::model::channel::GuildChannel;
use serenity::model::id::{ChannelId, MessageId, UserId};

use super::handler::Handler;
use crate::commands::forum;
use crate::frontend::discord::{audit, outgoing};
use crate::frontend::interaction::{Handled, Served};

/// The label of forum suggestions in the logs and metrics.
const LABEL: &str = "forum";

/// How many threads are remembered as seen. A duplicate THREAD_CREATE follows the first within
/// seconds, so this only needs to outlast a burst of new posts; it bounds the memory whatever
/// the servers do.
pub const REMEMBERED: usize = 10_000;

/// A new thread as THREAD_CREATE delivers it, reduced to what deciding needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub thread: u64,
    /// The forum it was opened in (the thread's parent channel).
    pub forum: Option<u64>,
    pub guild: u64,
    /// The member who opened it.
    pub owner: Option<u64>,
    pub title: String,
    /// Whether the event is for an existing thread the bot was added to, not a new one. Discord
    /// marks a new thread with `newly_created`, which serenity 0.12 does not keep; an event
    /// about an existing thread is the one that carries the bot's own thread member instead.
    pub existing: bool,
}

impl Post {
    /// The post `thread` stands for.
    pub fn of(thread: &GuildChannel) -> Self {
        Post {
            thread: thread.id.get(),
            forum: thread.parent_id.map(ChannelId::get),
            guild: thread.guild_id.get(),
            owner: thread.owner_id.map(UserId::get),
            title: thread.name.clone(),
            existing: thread.member.is_some(),
        }
    }
}

/// The forums watched, and the threads already seen.
#[derive(Debug, Default)]
pub struct Forums {
    channels: HashSet<u64>,
    seen: Mutex<Seen>,
    /// Whether a post whose title is not clear has its first message read too.
    first_messages: bool,
}

impl Forums {
    /// Watches `channels` (none: nothing is ever suggested).
    pub fn new(channels: impl IntoIterator<Item = ChannelId>) -> Self {
        Forums {
            channels: channels.into_iter().map(ChannelId::get).collect(),
            seen: Mutex::default(),
            first_messages: false,
        }
    }

    /// Reads the first message of a post whose title is not clear (needs the Message Content
    /// intent; without it Discord sends the message without its text).
    pub fn reading_first_messages(mut self, read: bool) -> Self {
        self.first_messages = read;
        self
    }

    /// Whether `post` is a new post in a watched forum, not opened by `me`, seen for the first
    /// time: then, and only once per thread, it may get a suggestion.
    pub fn first_sight(&self, post: &Post, me: Option<u64>) -> bool {
        let watched = post.forum.is_some_and(|forum| self.channels.contains(&forum));
        if !watched || post.existing || (post.owner.is_some() && post.owner == me) {
            return false;
        }
        self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).first_time(post.thread)
    }
}

/// The last [`REMEMBERED`] thread ids seen.
#[derive(Debug, Default)]
struct Seen {
    ids: HashSet<u64>,
    order: VecDeque<u64>,
}

impl Seen {
    /// Notes `id`; whether it was not among those remembered.
    fn first_time(&mut self, id: u64) -> bool {
        if !self.ids.insert(id) {
            return false;
        }
        self.order.push_back(id);
        if self.order.len() > REMEMBERED {
            if let Some(oldest) = self.order.pop_front() {
                self.ids.remove(&oldest);
            }
        }
        true
    }
}

/// Posts the suggestion for `thread` if it is a new post in a watched forum and the core is
/// sure what it asks; counts and logs what was posted.
pub async fn suggest(http: &Http, handler: &Handler, me: Option<UserId>, thread: &GuildChannel) {
    let post = Post::of(thread);
    if !handler.forums().first_sight(&post, me.map(UserId::get)) {
        return;
    }
    let started = Instant::now();
    let shared = handler.shared();
    let bot = shared.bot_for(Some(post.guild));
    let owner = post.owner.unwrap_or(0);
    let mut suggested = catch_unwind(AssertUnwindSafe(|| forum::suggestion(&bot, &post.title, owner)));
    if matches!(suggested, Ok(None)) && handler.forums().first_messages {
        if let Some(text) = first_message(http, thread.id).await {
            // The title with the message, else the message alone (a title like "help please"
            // only adds noise): the first the core is sure about.
            let asked = [format!("{}\n{text}", post.title), text];
            suggested = catch_unwind(AssertUnwindSafe(|| {
                asked.iter().find_map(|question| forum::suggestion(&bot, question, owner))
            }));
        }
    }
    let suggested = match suggested {
        Ok(Some(answer)) => answer,
        // Unsure or declined: the post is left to the members.
        Ok(None) => return,
        Err(panic) => {
            let problem = audit::panic_text(panic.as_ref());
            tracing::error!(thread = %thread.id, problem, "cannot match this forum post; it gets no suggestion");
            shared.metrics().record(LABEL, Served::Failed, started.elapsed(), None);
            return;
        }
    };
    let handled = Handled::answered(suggested, Served::Answered);
    let Some(reply) = handled.response.reply() else { return };
    match http.send_message(thread.id, Vec::new(), &outgoing::message(reply)).await {
        Ok(_) => {
            if let Some(answer) = &handled.findings {
                shared.insights().push(answer, Some(post.guild), post.owner);
            }
            shared.metrics().record(LABEL, handled.outcome, started.elapsed(), handled.score());
            audit::answered(LABEL, &handled, started);
        }
        Err(err) => {
            shared.metrics().record(LABEL, Served::Failed, started.elapsed(), None);
            audit::unsent(LABEL, &handled, started, &err, "");
        }
    }
}

/// How long reading a post's first message may take before the post is left without it.
const READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// The text of the first message of the post `thread` (a forum post's first message has the
/// thread's id), cut to what a question may hold; `None` when it cannot be read or has none.
async fn first_message(http: &Http, thread: ChannelId) -> Option<String> {
    let read = tokio::time::timeout(READ_TIMEOUT, http.get_message(thread, MessageId::new(thread.get()))).await;
    match read {
        Ok(Ok(message)) => {
            let text: String = message.content.trim().chars().take(crate::search::MAX_QUERY).collect();
            (!text.is_empty()).then_some(text)
        }
        Ok(Err(err)) => {
            tracing::warn!(%thread, error = %err, "cannot read a forum post's first message; its title alone was matched");
            None
        }
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(thread: u64, forum: u64) -> Post {
        Post {
            thread,
            forum: Some(forum),
            guild: 1,
            owner: Some(7),
            title: "how much does a senior earn".to_owned(),
            existing: false,
        }
    }

    #[test]
    fn a_new_post_in_a_watched_forum_is_taken_once() {
        let forums = Forums::new([ChannelId::new(10)]);
        assert!(forums.first_sight(&post(100, 10), Some(2)));
        assert!(!forums.first_sight(&post(100, 10), Some(2)), "the same thread again");
        assert!(forums.first_sight(&post(101, 10), Some(2)), "another post");
    }

    #[test]
    fn posts_elsewhere_existing_threads_and_the_bots_own_are_not_taken() {
        let forums = Forums::new([ChannelId::new(10)]);
        assert!(!forums.first_sight(&post(100, 11), Some(2)), "an unwatched forum");
        assert!(!forums.first_sight(&Post { forum: None, ..post(101, 10) }, Some(2)), "no parent");
        assert!(!forums.first_sight(&Post { existing: true, ..post(102, 10) }, Some(2)), "added to an old thread");
        assert!(!forums.first_sight(&post(103, 10), Some(7)), "opened by the bot itself");
        assert!(forums.first_sight(&post(102, 10), Some(2)), "an old thread skipped is not remembered as seen");
        let none = Forums::new([]);
        assert!(!none.first_sight(&post(104, 10), Some(2)));
    }

    #[test]
    fn the_threads_remembered_are_bounded_the_oldest_forgotten_first() {
        let mut seen = Seen::default();
        for id in 0..(REMEMBERED as u64 + 5) {
            assert!(seen.first_time(id));
        }
        assert_eq!((seen.ids.len(), seen.order.len()), (REMEMBERED, REMEMBERED));
        assert!(!seen.first_time(REMEMBERED as u64 + 4), "a recent one is remembered");
        assert!(seen.first_time(0), "the oldest was forgotten");
    }

    #[test]
    fn reads_a_thread_create_as_discord_sends_it() {
        let thread: GuildChannel = serde_json::from_value(serde_json::json!({
            "id": "100", "type": 11, "guild_id": "1", "parent_id": "10", "owner_id": "7", "name": "sql or nosql?",
            "newly_created": true, "thread_metadata": {"archived": false, "auto_archive_duration": 1440,
            "archive_timestamp": "2026-01-01T00:00:00+00:00", "locked": false},
        }))
        .expect("a thread");
        let expected = Post {
            thread: 100,
            forum: Some(10),
            guild: 1,
            owner: Some(7),
            title: "sql or nosql?".into(),
            existing: false,
        };
        assert_eq!(Post::of(&thread), expected);
        let added: GuildChannel = serde_json::from_value(serde_json::json!({
            "id": "100", "type": 12, "guild_id": "1", "parent_id": "10", "owner_id": "7", "name": "old",
            "member": {"id": "100", "user_id": "2", "join_timestamp": "2026-01-01T00:00:00+00:00", "flags": 0},
        }))
        .expect("a thread");
        assert!(Post::of(&added).existing);
    }
}
