//! What stops a server (`serve`, `serve-http`) before or while it serves, typed, each with its
//! cause kept as the error's source. The servers only return these; `main` alone turns them
//! into an exit code ([`ServeError::is_setting`]: 2 for a setting to fix, else 1) and prints
//! the whole chain. No message holds the token or the public key.

use std::io;
use std::net::SocketAddr;

use crate::frontend::gateway::config::ConfigError;
use crate::frontend::http::signature::KeyError;
use crate::knowledge::KnowledgeError;

/// Why a server did not start, or stopped on its own.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A variable of `serve` is missing or malformed.
    #[error(transparent)]
    Settings(#[from] ConfigError),
    /// `serve-http`'s public key is missing, malformed or weak.
    #[error(transparent)]
    PublicKey(#[from] KeyError),
    /// The knowledge base has problems; nothing was served.
    #[error("cannot serve {shown}")]
    Knowledge {
        /// The directory, or "the built-in knowledge base".
        shown: String,
        #[source]
        source: KnowledgeError,
    },
    #[error("cannot start the async runtime")]
    Runtime(#[source] io::Error),
    #[error("cannot listen for SIGTERM and Ctrl-C")]
    Signals(#[source] io::Error),
    /// The address of `setting` cannot be listened on.
    #[error("cannot listen on {addr} ({setting}): is it in use, or not an address of this machine?")]
    Listen {
        addr: SocketAddr,
        setting: &'static str,
        #[source]
        source: io::Error,
    },
    #[error("the listening socket has no address")]
    NoAddress(#[source] io::Error),
    /// Discord refused `DISCORD_TOKEN`.
    #[error(
        "Discord rejected DISCORD_TOKEN: reset the token in the Developer Portal (Applications → your app → Bot → \
         Reset Token) and update the environment or .env"
    )]
    TokenRejected(#[source] Box<serenity::Error>),
    #[error("the Discord gateway connection failed")]
    Gateway(#[source] Box<serenity::Error>),
    #[error("the gateway connection ended without a signal; see the log above for why")]
    GatewayEnded,
    #[error("the HTTP server stopped with an error")]
    Server(#[source] io::Error),
}

impl ServeError {
    /// Whether a setting must be fixed (exit code 2), rather than something failing (1).
    pub fn is_setting(&self) -> bool {
        matches!(self, ServeError::Settings(_) | ServeError::PublicKey(_))
    }

    /// The knowledge base in `dir` (or the built-in one) could not be served.
    pub fn knowledge(dir: Option<&std::path::Path>, source: KnowledgeError) -> Self {
        let shown = dir.map_or_else(|| "the built-in knowledge base".to_owned(), |d| d.display().to_string());
        ServeError::Knowledge { shown, source }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn settings_are_exit_2_and_the_cause_is_kept() {
        assert!(ServeError::from(ConfigError::MissingToken).is_setting());
        assert!(ServeError::from(KeyError::Weak).is_setting());
        let listen = ServeError::Listen {
            addr: "127.0.0.1:9".parse().unwrap(),
            setting: "LISTEN_ADDR",
            source: io::Error::from(io::ErrorKind::AddrInUse),
        };
        assert!(!listen.is_setting());
        assert!(listen.to_string().contains("LISTEN_ADDR"), "{listen}");
        assert_eq!(
            listen.source().map(ToString::to_string),
            Some(io::Error::from(io::ErrorKind::AddrInUse).to_string())
        );
    }
}
