//! The voter key: a salted SHA-256 of (guild, entry, user), so that one person's second click
//! on the same entry replaces their first instead of counting twice. The user id goes into the
//! hash and nowhere else. Because the entry is hashed too, one person's votes on different
//! entries cannot be linked to each other; because of the salt, nobody without it can test
//! a known user id against the stored keys.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::error::InsightsError;
use career_bot_core::knowledge::EntryRef;

/// Shortest accepted `CAREER_BOT_SALT`, in bytes.
pub const MIN_SALT: usize = 16;
/// Length of a generated salt, in bytes.
const GENERATED: usize = 32;
/// Separates this hash from any other use of the same salt.
const DOMAIN: &[u8] = b"career-bot vote v1";

/// The secret mixed into every voter key. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Salt(Vec<u8>);

impl Salt {
    /// A salt given by an operator (`CAREER_BOT_SALT`).
    pub fn from_secret(secret: &str) -> Result<Self, InsightsError> {
        if secret.len() < MIN_SALT {
            return Err(InsightsError::Config {
                what: format!("CAREER_BOT_SALT is {} bytes long, shorter than {MIN_SALT}", secret.len()),
                fix: "set it to a long random string, e.g. the output of `openssl rand -hex 32`, or unset it to \
                      keep a generated salt in the database"
                    .to_owned(),
            });
        }
        Ok(Salt(secret.as_bytes().to_vec()))
    }

    /// A fresh random salt from the operating system, as the hex text stored in the database.
    pub fn generate() -> Result<String, InsightsError> {
        let mut bytes = [0u8; GENERATED];
        getrandom::fill(&mut bytes).map_err(|e| InsightsError::Config {
            what: format!("the operating system gave no random bytes for the voter salt: {e}"),
            fix: "set CAREER_BOT_SALT to a long random string instead".to_owned(),
        })?;
        Ok(hex::encode(bytes))
    }
}

impl fmt::Debug for Salt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Salt(<redacted>)")
    }
}

/// The hash standing for one voter on one entry in one guild.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct VoterKey([u8; 32]);

impl VoterKey {
    pub fn new(salt: &Salt, guild: Option<u64>, entry: &EntryRef, user: u64) -> Self {
        let entry = entry.to_string();
        let mut hash = Sha256::new();
        // Every part has a fixed length or a length prefix, so no two inputs run together.
        for part in [DOMAIN, &salt.0, entry.as_bytes()] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part);
        }
        hash.update([u8::from(guild.is_some())]);
        hash.update(guild.unwrap_or(0).to_le_bytes());
        hash.update(user.to_le_bytes());
        VoterKey(hash.finalize().into())
    }

    /// The key as stored: 64 hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Debug for VoterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VoterKey({})", &self.to_hex()[..12])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use career_bot_core::knowledge::Kind;

    fn salt(text: &str) -> Salt {
        Salt::from_secret(text).unwrap()
    }

    #[test]
    fn one_key_per_voter_entry_and_guild() {
        let (s, faq, topic) =
            (salt("0123456789abcdef"), EntryRef::new(Kind::Faq, "a"), EntryRef::new(Kind::Topic, "a"));
        let key = VoterKey::new(&s, Some(1), &faq, 7);
        assert_eq!(key, VoterKey::new(&s, Some(1), &faq, 7));
        assert_ne!(key, VoterKey::new(&s, Some(1), &faq, 8), "another user");
        assert_ne!(key, VoterKey::new(&s, Some(1), &topic, 7), "another entry");
        assert_ne!(key, VoterKey::new(&s, Some(2), &faq, 7), "another guild");
        assert_ne!(key, VoterKey::new(&s, None, &faq, 7), "a direct message");
        assert_ne!(key, VoterKey::new(&salt("fedcba9876543210"), Some(1), &faq, 7), "another salt");
        assert_eq!(key.to_hex().len(), 64);
    }

    #[test]
    fn short_salts_are_refused_and_salts_never_print() {
        let err = Salt::from_secret("short").unwrap_err().to_string();
        assert!(err.contains("CAREER_BOT_SALT") && err.contains("openssl rand"), "{err}");
        assert_eq!(format!("{:?}", salt("a secret salt value")), "Salt(<redacted>)");
        let generated = Salt::generate().unwrap();
        assert_eq!(generated.len(), 64);
        assert_ne!(generated, Salt::generate().unwrap());
    }
}
