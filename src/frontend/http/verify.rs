//! Discord's request signatures: every interaction is signed with the application's Ed25519
//! key over `X-Signature-Timestamp` followed by the raw body. A request is checked before
//! anything in it is parsed; Discord sends bad signatures on purpose and drops an endpoint
//! that accepts them. Timestamps far from now are refused too, so a captured request cannot
//! be replayed later.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signature, VerifyingKey};

/// How far a request's timestamp may be from the clock, either way.
pub const MAX_SKEW: Duration = Duration::from_secs(5 * 60);

/// Where the key is found, for every error about it.
const WHERE: &str = "copy it from the Discord Developer Portal (your application → General Information → Public Key) \
                     into DISCORD_PUBLIC_KEY (environment or .env)";

/// A public key that cannot be used. The messages never include the value given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("DISCORD_PUBLIC_KEY is not set: {WHERE}")]
    Missing,
    #[error("DISCORD_PUBLIC_KEY is not a public key: expected 64 hexadecimal characters, got {0} characters; {WHERE}")]
    NotHex(usize),
    #[error("DISCORD_PUBLIC_KEY is not a valid Ed25519 public key (64 hex characters, but not a curve point); {WHERE}")]
    NotAKey,
}

/// Why a request was refused (logged, never sent: the response is a bare 401).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("no X-Signature-Ed25519 header")]
    NoSignature,
    #[error("no X-Signature-Timestamp header")]
    NoTimestamp,
    #[error("X-Signature-Ed25519 is not 64 hex-encoded bytes")]
    MalformedSignature,
    #[error("X-Signature-Timestamp is not a number of unix seconds")]
    MalformedTimestamp,
    #[error("X-Signature-Timestamp is {0} s away from the clock (at most 300 s allowed)")]
    Stale(u64),
    #[error("the signature does not match the body and timestamp")]
    Mismatch,
}

/// Checks requests against one application's public key.
#[derive(Clone)]
pub struct Verifier {
    key: VerifyingKey,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Verifier { .. }")
    }
}

impl Verifier {
    pub fn new(key: VerifyingKey) -> Self {
        Verifier { key }
    }

    /// The key as the Developer Portal shows it: 64 hexadecimal characters.
    pub fn from_hex(hex: Option<&str>) -> Result<Self, KeyError> {
        let text = hex.map(str::trim).filter(|t| !t.is_empty()).ok_or(KeyError::Missing)?;
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| KeyError::NotHex(text.chars().count()))?;
        VerifyingKey::from_bytes(&bytes).map(Verifier::new).map_err(|_| KeyError::NotAKey)
    }

    /// Accepts a request whose headers sign `timestamp + body` with this key, at a timestamp
    /// within [`MAX_SKEW`] of `now`.
    pub fn check(
        &self,
        signature: Option<&[u8]>,
        timestamp: Option<&[u8]>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), Rejection> {
        let signature = signature.ok_or(Rejection::NoSignature)?;
        let timestamp = timestamp.ok_or(Rejection::NoTimestamp)?;
        let mut raw = [0u8; 64];
        hex::decode_to_slice(signature, &mut raw).map_err(|_| Rejection::MalformedSignature)?;
        let sent: i64 =
            std::str::from_utf8(timestamp).ok().and_then(|t| t.parse().ok()).ok_or(Rejection::MalformedTimestamp)?;
        let clock = match now.duration_since(UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
            Err(_) => 0,
        };
        let skew = sent.abs_diff(clock);
        if skew > MAX_SKEW.as_secs() {
            return Err(Rejection::Stale(skew));
        }
        let mut message = Vec::with_capacity(timestamp.len() + body.len());
        message.extend_from_slice(timestamp);
        message.extend_from_slice(body);
        self.key.verify_strict(&message, &Signature::from_bytes(&raw)).map_err(|_| Rejection::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    const NOW: u64 = 1_700_000_000;

    fn keys() -> (SigningKey, Verifier) {
        let signing = SigningKey::from_bytes(&[7; 32]);
        let verifier = Verifier::from_hex(Some(&hex::encode(signing.verifying_key().as_bytes()))).unwrap();
        (signing, verifier)
    }

    fn sign(key: &SigningKey, timestamp: &str, body: &[u8]) -> String {
        let mut message = timestamp.as_bytes().to_vec();
        message.extend_from_slice(body);
        hex::encode(key.sign(&message).to_bytes())
    }

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn accepts_a_signed_request_within_the_window() {
        let (key, verifier) = keys();
        for sent in [NOW, NOW - 300, NOW + 300] {
            let ts = sent.to_string();
            let sig = sign(&key, &ts, b"{}");
            assert_eq!(verifier.check(Some(sig.as_bytes()), Some(ts.as_bytes()), b"{}", at(NOW)), Ok(()), "{sent}");
        }
    }

    #[test]
    fn refuses_everything_else() {
        let (key, verifier) = keys();
        let ts = NOW.to_string();
        let sig = sign(&key, &ts, b"{}");
        let check = |s: Option<&str>, t: Option<&str>, body: &[u8]| {
            verifier.check(s.map(str::as_bytes), t.map(str::as_bytes), body, at(NOW))
        };
        assert_eq!(check(None, Some(&ts), b"{}"), Err(Rejection::NoSignature));
        assert_eq!(check(Some(&sig), None, b"{}"), Err(Rejection::NoTimestamp));
        assert_eq!(check(Some("zz"), Some(&ts), b"{}"), Err(Rejection::MalformedSignature));
        assert_eq!(check(Some(&sig[2..]), Some(&ts), b"{}"), Err(Rejection::MalformedSignature));
        assert_eq!(check(Some(&sig), Some("soon"), b"{}"), Err(Rejection::MalformedTimestamp));
        assert_eq!(check(Some(&sig), Some(&ts), b"{ }"), Err(Rejection::Mismatch));
        assert_eq!(check(Some(&sig), Some(&(NOW + 1).to_string()), b"{}"), Err(Rejection::Mismatch));
        let other = SigningKey::from_bytes(&[8; 32]);
        assert_eq!(check(Some(&sign(&other, &ts, b"{}")), Some(&ts), b"{}"), Err(Rejection::Mismatch));
        for stale in [NOW - 301, NOW + 301] {
            let ts = stale.to_string();
            assert_eq!(check(Some(&sign(&key, &ts, b"{}")), Some(&ts), b"{}"), Err(Rejection::Stale(301)));
        }
    }

    #[test]
    fn key_errors_say_where_to_find_the_key_and_never_echo_it() {
        assert_eq!(Verifier::from_hex(None).unwrap_err(), KeyError::Missing);
        assert_eq!(Verifier::from_hex(Some("  ")).unwrap_err(), KeyError::Missing);
        let given = "not-a-key-at-all";
        let err = Verifier::from_hex(Some(given)).unwrap_err();
        assert_eq!(err, KeyError::NotHex(16));
        assert_eq!(Verifier::from_hex(Some(&"ab".repeat(31))).unwrap_err(), KeyError::NotHex(62));
        let message = err.to_string();
        assert!(message.contains("Developer Portal") && message.contains("Public Key"), "{message}");
        assert!(!message.contains(given));
        let not_a_point = format!("02{}", "00".repeat(31));
        assert_eq!(Verifier::from_hex(Some(&not_a_point)).unwrap_err(), KeyError::NotAKey);
        assert!(format!("{:?}", keys().1) == "Verifier { .. }");
    }
}
