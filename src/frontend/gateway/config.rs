//! The configuration of `career-bot serve`: [`ServeArgs`], its one definition, read by clap from
//! the command line or the environment (and `.env`, which `main` has loaded by then), checked
//! once at start-up into typed values ([`Config`]). Empty values count as unset, so a `.env`
//! copied from `.env.example` works as it is; each malformed value is named by its variable.

use std::net::SocketAddr;

use serenity::model::id::{ChannelId, GuildId};

use super::shards::{ShardPlan, ShardsError};
use crate::frontend::cooldown::Rate;
use crate::frontend::secret::Secret;

/// Options of `career-bot serve`; each also comes from the environment or `.env`. They are read
/// as text and checked by [`Config::from_args`], whose errors name the variable and the fix.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ServeArgs {
    /// The bot token (Developer Portal → your application → Bot). Prefer the environment or .env:
    /// a flag shows in the process list.
    #[arg(long, env = "DISCORD_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Register the commands on this server only (instant updates while developing) instead of
    /// globally; user installs need the global commands.
    #[arg(long, env = "DISCORD_GUILD_ID", value_name = "ID")]
    pub guild: Option<String>,
    /// Discord's REST API (its /api/v10/... paths are added): a rate-limit proxy, or a fake in tests.
    #[arg(long, env = "DISCORD_API_BASE", value_name = "URL")]
    pub discord_api_base: Option<String>,
    /// The shards this process runs: FIRST-LAST/TOTAL, e.g. 0-3/8 (default: Discord's recommendation).
    #[arg(long, env = "DISCORD_SHARDS", value_name = "RANGE")]
    pub shards: Option<String>,
    /// Per-user rate limit of new public answers: COUNT/WINDOW, e.g. 5/10s, 20/1m.
    #[arg(long, env = "CAREER_BOT_COOLDOWN", value_name = "RATE")]
    pub cooldown: Option<String>,
    /// Where /healthz, /readyz and /metrics are served (IP:PORT); off when unset.
    #[arg(long, env = "METRICS_ADDR", value_name = "ADDR")]
    pub metrics_addr: Option<String>,
    /// Forum channels whose new posts get one suggestion, ids separated by commas.
    #[arg(long, env = "CAREER_BOT_FORUM_CHANNELS", value_name = "IDS")]
    pub forum_channels: Option<String>,
    /// Read a new forum post's first message too, when its title alone is not clear: `true` asks
    /// for the privileged Message Content intent, which must be turned on in the Developer Portal.
    #[arg(long, env = "CAREER_BOT_MESSAGE_CONTENT", value_name = "BOOL")]
    pub message_content: Option<String>,
    #[command(flatten)]
    pub insights: crate::frontend::recording::InsightsArgs,
}

/// Everything `career-bot serve` needs besides the knowledge base.
#[derive(Debug, Clone)]
pub struct Config {
    /// `DISCORD_TOKEN`: the bot token.
    pub token: Secret,
    /// `DISCORD_GUILD_ID`: register the commands on this guild only (instant updates while
    /// developing) instead of globally.
    pub guild: Option<GuildId>,
    /// `DISCORD_API_BASE`: where REST requests go instead of `https://discord.com` (a shared
    /// rate-limit proxy, or a fake Discord in tests).
    pub api_base: Option<String>,
    /// `DISCORD_SHARDS`: which shards this process runs.
    pub shards: ShardPlan,
    /// `CAREER_BOT_COOLDOWN`: requests per user per window.
    pub cooldown: Rate,
    /// `METRICS_ADDR`: where `/healthz`, `/readyz` and `/metrics` are served; off when unset.
    pub metrics_addr: Option<SocketAddr>,
    /// `CAREER_BOT_FORUM_CHANNELS`: the forum channels whose new posts get a suggestion; none
    /// when unset (and then the GUILDS intent is not asked for).
    pub forum_channels: Vec<ChannelId>,
    /// `CAREER_BOT_MESSAGE_CONTENT`: read the first message of a forum post whose title is not
    /// clear (with the Message Content intent); off when unset.
    pub message_content: bool,
}

/// A variable that is missing or malformed. Each message names the variable and says how to fix
/// it; none contains the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// `DISCORD_TOKEN` is missing or empty.
    #[error(
        "DISCORD_TOKEN is not set. Get a bot token in Discord's Developer Portal (Applications → your app → Bot \
         → Reset Token) and put DISCORD_TOKEN=<token> in the environment or in a .env file in the working directory."
    )]
    MissingToken,
    /// `DISCORD_GUILD_ID` is not a server id.
    #[error(
        "DISCORD_GUILD_ID `{0}` is not a Discord server id: copy the id (User Settings → Advanced → Developer \
         Mode, then right-click the server → Copy Server ID), or unset it to register the commands globally."
    )]
    Guild(String),
    /// `DISCORD_API_BASE` is not an http(s) URL.
    #[error(
        "DISCORD_API_BASE `{0}` is not an http(s) base URL: write it like http://127.0.0.1:8080 (the API's \
         /api/v10/... paths are added to it), or unset it to talk to Discord directly."
    )]
    ApiBase(String),
    /// `DISCORD_SHARDS` is not a shard range.
    #[error("DISCORD_SHARDS: {0}")]
    Shards(#[from] ShardsError),
    /// `CAREER_BOT_COOLDOWN` is not a rate.
    #[error("CAREER_BOT_COOLDOWN: {0}")]
    Cooldown(String),
    /// `METRICS_ADDR` is not an address to listen on.
    #[error(
        "METRICS_ADDR `{0}` is not an address to listen on: write IP:PORT, e.g. 0.0.0.0:9090 (or 127.0.0.1:9090 \
         to keep it on this machine), or unset it to serve no /healthz, /readyz and /metrics"
    )]
    MetricsAddr(String),
    /// `CAREER_BOT_FORUM_CHANNELS` holds something that is not a channel id.
    #[error(
        "CAREER_BOT_FORUM_CHANNELS `{0}` is not a Discord channel id: list forum channel ids separated by commas \
         (User Settings → Advanced → Developer Mode, then right-click the forum → Copy Channel ID), e.g. \
         CAREER_BOT_FORUM_CHANNELS=123456789012345678,234567890123456789, or unset it to suggest nothing in forums"
    )]
    ForumChannel(String),
    /// `CAREER_BOT_MESSAGE_CONTENT` is not a yes or a no.
    #[error(
        "CAREER_BOT_MESSAGE_CONTENT `{0}` is not true or false: set it to true to read a forum post's first message \
         (turn on the Message Content intent in the Developer Portal → Bot first), or unset it"
    )]
    MessageContent(String),
}

impl Config {
    /// Checks what clap read (from the command line or the environment).
    pub fn from_args(args: &ServeArgs) -> Result<Self, ConfigError> {
        let get = |value: &Option<String>| value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let token = get(&args.token).map(Secret::new).ok_or(ConfigError::MissingToken)?;
        let guild = get(&args.guild)
            .map(|id| match id.parse::<u64>() {
                Ok(n) if n > 0 => Ok(GuildId::new(n)),
                _ => Err(ConfigError::Guild(id)),
            })
            .transpose()?;
        let api_base = get(&args.discord_api_base).map(api_base).transpose()?;
        let shards = get(&args.shards).map(|s| s.parse()).transpose()?.unwrap_or_default();
        let cooldown = get(&args.cooldown).map(|s| s.parse()).transpose().map_err(ConfigError::Cooldown)?;
        let metrics_addr = get(&args.metrics_addr)
            .map(|addr| addr.parse::<SocketAddr>().map_err(|_| ConfigError::MetricsAddr(addr)))
            .transpose()?;
        let forum_channels = get(&args.forum_channels).map(|ids| forum_channels(&ids)).transpose()?;
        let message_content = match get(&args.message_content).map(|v| v.to_lowercase()).as_deref() {
            None | Some("false" | "0" | "no" | "off") => false,
            Some("true" | "1" | "yes" | "on") => true,
            Some(_) => return Err(ConfigError::MessageContent(get(&args.message_content).unwrap_or_default())),
        };
        Ok(Config {
            token,
            guild,
            api_base,
            shards,
            cooldown: cooldown.unwrap_or_default(),
            metrics_addr,
            forum_channels: forum_channels.unwrap_or_default(),
            message_content,
        })
    }

    /// Reads variables through `lookup` as clap reads them from the environment (tests pass a
    /// map).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        Self::from_args(&ServeArgs {
            token: lookup("DISCORD_TOKEN"),
            guild: lookup("DISCORD_GUILD_ID"),
            discord_api_base: lookup("DISCORD_API_BASE"),
            shards: lookup("DISCORD_SHARDS"),
            cooldown: lookup("CAREER_BOT_COOLDOWN"),
            metrics_addr: lookup("METRICS_ADDR"),
            forum_channels: lookup("CAREER_BOT_FORUM_CHANNELS"),
            message_content: lookup("CAREER_BOT_MESSAGE_CONTENT"),
            insights: Default::default(),
        })
    }
}

/// Channel ids separated by commas (spaces and a trailing comma allowed), each once.
fn forum_channels(given: &str) -> Result<Vec<ChannelId>, ConfigError> {
    let mut ids = Vec::new();
    for id in given.split(',').map(str::trim).filter(|id| !id.is_empty()) {
        match id.parse::<u64>() {
            Ok(n) if n > 0 => {
                if !ids.contains(&ChannelId::new(n)) {
                    ids.push(ChannelId::new(n));
                }
            }
            _ => return Err(ConfigError::ForumChannel(id.to_owned())),
        }
    }
    Ok(ids)
}

/// A base URL serenity can put in front of `/api/v10/...`, read as `serve-http` reads it
/// ([`crate::frontend::discord::parse_api_base`]).
fn api_base(given: String) -> Result<String, ConfigError> {
    crate::frontend::discord::parse_api_base(&given).map_err(|_| ConfigError::ApiBase(given))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::time::Duration;

    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn an_api_base_written_with_the_api_path_means_the_same_as_serve_http() {
        for given in ["http://127.0.0.1:3000/api/v10", "http://127.0.0.1:3000/api/v10/", "http://127.0.0.1:3000"] {
            let config = config(&[("DISCORD_TOKEN", "t"), ("DISCORD_API_BASE", given)]).unwrap();
            assert_eq!(config.api_base.as_deref(), Some("http://127.0.0.1:3000"), "{given}");
        }
    }

    #[test]
    fn only_the_token_is_required() {
        let config = config(&[("DISCORD_TOKEN", " abc.def ")]).unwrap();
        assert_eq!(config.token.expose(), "abc.def");
        assert_eq!(config.guild, None);
        assert_eq!(config.api_base, None);
        assert_eq!(config.shards, ShardPlan::Recommended);
        assert_eq!(config.cooldown, Rate::default());
        assert_eq!(config.metrics_addr, None);
        assert!(config.forum_channels.is_empty());
        assert!(!config.message_content);
    }

    #[test]
    fn reading_first_messages_is_a_yes_or_a_no() {
        for (given, read) in [("true", true), ("YES", true), ("1", true), ("false", false), ("0", false), (" ", false)]
        {
            let config = config(&[("DISCORD_TOKEN", "t"), ("CAREER_BOT_MESSAGE_CONTENT", given)]).unwrap();
            assert_eq!(config.message_content, read, "{given}");
        }
    }

    #[test]
    fn a_missing_or_empty_token_says_where_to_get_one() {
        for vars in [&[][..], &[("DISCORD_TOKEN", "  ")][..]] {
            let err = config(vars).unwrap_err();
            assert_eq!(err, ConfigError::MissingToken);
            let text = err.to_string();
            assert!(text.contains("Developer Portal") && text.contains(".env"), "{text}");
        }
    }

    #[test]
    fn reads_every_variable() {
        let config = config(&[
            ("DISCORD_TOKEN", "t"),
            ("DISCORD_GUILD_ID", "123456789012345678"),
            ("DISCORD_API_BASE", "http://127.0.0.1:3000/"),
            ("DISCORD_SHARDS", "0-3/8"),
            ("CAREER_BOT_COOLDOWN", "3/1m"),
            ("METRICS_ADDR", "0.0.0.0:9090"),
            ("CAREER_BOT_FORUM_CHANNELS", "123456789012345679, 223456789012345679,"),
        ])
        .unwrap();
        assert_eq!(config.guild, Some(GuildId::new(123456789012345678)));
        assert_eq!(config.api_base.as_deref(), Some("http://127.0.0.1:3000"));
        assert_eq!(config.shards, ShardPlan::Range { first: 0, last: 3, total: 8 });
        assert_eq!(config.cooldown, Rate { count: 3, window: Duration::from_secs(60) });
        assert_eq!(config.metrics_addr, Some("0.0.0.0:9090".parse().unwrap()));
        assert_eq!(config.forum_channels, [ChannelId::new(123456789012345679), ChannelId::new(223456789012345679)]);
    }

    #[test]
    fn a_forum_channel_given_twice_is_watched_once() {
        let config = config(&[("DISCORD_TOKEN", "t"), ("CAREER_BOT_FORUM_CHANNELS", "5,5, 6")]).unwrap();
        assert_eq!(config.forum_channels, [ChannelId::new(5), ChannelId::new(6)]);
    }

    #[test]
    fn empty_optional_variables_are_unset() {
        let config = config(&[
            ("DISCORD_TOKEN", "t"),
            ("DISCORD_GUILD_ID", ""),
            ("DISCORD_SHARDS", " "),
            ("CAREER_BOT_FORUM_CHANNELS", " "),
        ])
        .unwrap();
        assert_eq!(config.guild, None);
        assert!(config.forum_channels.is_empty());
        assert_eq!(config.shards, ShardPlan::Recommended);
    }

    #[test]
    fn malformed_variables_name_themselves() {
        let cases = [
            ("DISCORD_GUILD_ID", "my-server", "DISCORD_GUILD_ID `my-server`"),
            ("DISCORD_GUILD_ID", "0", "DISCORD_GUILD_ID `0`"),
            ("DISCORD_API_BASE", "127.0.0.1:3000", "DISCORD_API_BASE"),
            ("DISCORD_API_BASE", "http://", "DISCORD_API_BASE"),
            ("DISCORD_SHARDS", "all", "DISCORD_SHARDS"),
            ("CAREER_BOT_COOLDOWN", "fast", "CAREER_BOT_COOLDOWN"),
            ("METRICS_ADDR", "9090", "METRICS_ADDR `9090`"),
            ("CAREER_BOT_FORUM_CHANNELS", "12,general", "CAREER_BOT_FORUM_CHANNELS `general`"),
            ("CAREER_BOT_FORUM_CHANNELS", "#help", "CAREER_BOT_FORUM_CHANNELS `#help`"),
            ("CAREER_BOT_FORUM_CHANNELS", "0", "CAREER_BOT_FORUM_CHANNELS `0`"),
            ("CAREER_BOT_FORUM_CHANNELS", "12;13", "CAREER_BOT_FORUM_CHANNELS `12;13`"),
            ("CAREER_BOT_MESSAGE_CONTENT", "sometimes", "CAREER_BOT_MESSAGE_CONTENT `sometimes`"),
        ];
        for (name, value, expected) in cases {
            let err = config(&[("DISCORD_TOKEN", "secret-token"), (name, value)]).unwrap_err().to_string();
            assert!(err.starts_with(expected), "{name}={value}: {err}");
            assert!(!err.contains("secret-token"), "{err}");
        }
    }

    /// Every setting of `serve` is read by clap, from its flag or its variable: its own, and the
    /// insights database's.
    #[test]
    fn every_option_is_read_from_its_variable_and_its_flag() {
        use clap::{Args, Command};
        let command = ServeArgs::augment_args(Command::new("serve"));
        let mut variables: Vec<String> =
            command.get_arguments().filter_map(|a| a.get_env()).map(|v| v.to_string_lossy().into_owned()).collect();
        variables.sort();
        assert_eq!(
            variables,
            [
                "CAREER_BOT_COOLDOWN",
                "CAREER_BOT_FORUM_CHANNELS",
                "CAREER_BOT_MESSAGE_CONTENT",
                "CAREER_BOT_SALT",
                "CAREER_BOT_SERVER_ENTRIES",
                "DATABASE_CA_FILE",
                "DATABASE_URL",
                "DATA_DIR",
                "DISCORD_API_BASE",
                "DISCORD_GUILD_ID",
                "DISCORD_SHARDS",
                "DISCORD_TOKEN",
                "METRICS_ADDR"
            ]
        );
        let matches = command
            .try_get_matches_from(["serve", "--token", "t", "--guild", "42", "--shards", "0-1/2", "--cooldown", "2/1m"])
            .unwrap();
        let args = <ServeArgs as clap::FromArgMatches>::from_arg_matches(&matches).unwrap();
        let config = Config::from_args(&args).unwrap();
        assert_eq!(
            (config.guild, config.shards),
            (Some(GuildId::new(42)), ShardPlan::Range { first: 0, last: 1, total: 2 })
        );
        assert_eq!(config.cooldown, Rate { count: 2, window: Duration::from_secs(60) });
    }

    #[test]
    fn the_token_is_never_printed() {
        let config = config(&[("DISCORD_TOKEN", "secret-token")]).unwrap();
        assert!(!format!("{config:?}").contains("secret-token"));
    }
}
