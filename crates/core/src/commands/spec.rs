//! [`CommandSpec`]: how a command is declared, once, in its own file. Everything else is
//! derived from [`super::COMMANDS`], the list of these: Discord's registration payload
//! ([`super::registry`]), interaction dispatch (a front end finds the spec by name and reads
//! its options by their declared kinds), the terminal's subcommands, the requests whose
//! replies are checked at load and evaluated, and `/help`.

use super::{Answer, Args, Context};
use crate::Bot;
use crate::knowledge::{Kind, KnowledgeBase};

/// The kind of a command option, as Discord registers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// Free text, with a length limit and optionally autocomplete.
    Text {
        max_length: u16,
        autocomplete: bool,
    },
    /// One of the ids of a kind of entry (choices come from the knowledge base).
    EntryOf(Kind),
    User,
    Flag,
    Integer {
        min: i64,
    },
    /// The id of one of the asking server's own entries, autocompleted from them.
    ServerEntry,
    /// A subcommand (`/knowledge add`) with options of its own: a member picks one.
    Subcommand(&'static [OptionSpec]),
}

/// Where a command can be installed (Discord's application integration types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Install {
    /// Added to a server by someone who manages it.
    Guild = 0,
    /// Added to a user's own account, and then theirs to use wherever Discord lets them.
    User = 1,
}

/// Where a command can be used (Discord's interaction context types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In a server's channels.
    Guild = 0,
    /// In the direct messages between a user and the bot.
    BotDm = 1,
    /// In other direct messages and group DMs (with a user install).
    PrivateChannel = 2,
}

/// Where a command reaches: the installs that offer it and the places it can be used in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    pub installs: &'static [Install],
    pub places: &'static [Place],
}

impl Reach {
    /// Installed to a server or to a user's account, and used in servers, in the bot's DMs and
    /// in other private channels: what every answer to a question can do, as it needs nothing
    /// of a server.
    pub const ANYWHERE: Reach = Reach {
        installs: &[Install::Guild, Install::User],
        places: &[Place::Guild, Place::BotDm, Place::PrivateChannel],
    };

    /// Installed to servers and used in them only: commands for a server's moderators, whose
    /// member permissions exist in a server alone.
    pub const SERVERS: Reach = Reach { installs: &[Install::Guild], places: &[Place::Guild] };
}

/// How a member invokes a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invoked {
    /// Typed as `/name option:value`.
    Slash,
    /// From a message's menu (Apps → `label`), on that message: its options are read from the
    /// message, not typed. Registered as a message command named `label`.
    Message { label: &'static str },
}

/// One option of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub kind: OptionKind,
    pub required: bool,
}

/// One command: what Discord registers, what `/help` shows, and how it runs.
#[derive(Clone, Copy)]
pub struct CommandSpec {
    /// The name typed after `/` and in the terminal.
    pub name: &'static str,
    /// A slash command, or one on a message's menu.
    pub invoked: Invoked,
    pub description: &'static str,
    pub options: &'static [OptionSpec],
    /// Example invocations for `/help`.
    pub examples: &'static [&'static str],
    /// Discord's `default_member_permissions` (a permission bit set, as a decimal string): the
    /// command is hidden from members without them, and `/help` leaves it out. `None`: everyone.
    pub member_permissions: Option<&'static str>,
    /// The installs that offer the command and where it can be used (registered as
    /// `integration_types` and `contexts`). [`Reach::SERVERS`] for commands with
    /// `member_permissions`, which only a server has.
    pub reach: Reach,
    /// Whether a shown answer can be rated 👍/👎 (answers to questions; not lists or help).
    pub rated: bool,
    /// Runs the command with the options a front end read.
    pub run: fn(&Bot, &Args, &Context) -> Answer,
    /// Every set of options whose reply depends only on the knowledge base (checked against
    /// Discord's limits at load); empty for commands that need a question or a database.
    pub samples: fn(&KnowledgeBase) -> Vec<Args>,
}

impl CommandSpec {
    /// The name Discord shows and sends back: the menu label of a message command.
    pub fn discord_name(&self) -> &'static str {
        match self.invoked {
            Invoked::Slash => self.name,
            Invoked::Message { label } => label,
        }
    }

    /// The option named `name`, if the command declares it, itself or in one of its
    /// subcommands (names are unique across a command and its subcommands).
    pub fn option(&self, name: &str) -> Option<&'static OptionSpec> {
        fn find(options: &'static [OptionSpec], name: &str) -> Option<&'static OptionSpec> {
            options.iter().find(|o| o.name == name).or_else(|| {
                options.iter().find_map(|o| match o.kind {
                    OptionKind::Subcommand(inner) => find(inner, name),
                    _ => None,
                })
            })
        }
        find(self.options, name)
    }
}

impl std::fmt::Debug for CommandSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommandSpec").field("name", &self.name).finish_non_exhaustive()
    }
}

impl PartialEq for CommandSpec {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

/// `samples` of a command without options: itself.
pub fn no_options(_: &KnowledgeBase) -> Vec<Args> {
    vec![Args::default()]
}

/// `samples` of a command that needs input no knowledge base supplies.
pub fn no_samples(_: &KnowledgeBase) -> Vec<Args> {
    Vec::new()
}
