//! Discord's request signatures: every interaction is signed with the application's Ed25519
//! key over `X-Signature-Timestamp` followed by the raw body. A request is checked before
//! anything in it is parsed; Discord sends bad signatures on purpose and drops an endpoint
//! that accepts them. Timestamps far from now are refused too, so a captured request cannot
//! be replayed later.
//!
//! - this module: the key, the headers and the timestamp, read into a [`Signed`];
//! - [`equation`]: whether signatures hold, one at a time or many at once;
//! - [`batch`]: the signatures of concurrent requests, checked together.
//!
//! A weak (small-order) key is refused once, when the key is read; a signature whose `R` is of
//! small order or not canonically encoded, or whose `s` is not below the group order, is
//! refused before the equation.

pub mod batch;
pub mod equation;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ed25519_dalek::VerifyingKey;

use self::batch::Batcher;
use self::equation::{Key, Signed};
use crate::frontend::metrics::Metrics;

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
    #[error("DISCORD_PUBLIC_KEY is a weak Ed25519 key (a small-order point) that any signature could match; {WHERE}")]
    Weak,
    #[error(
        "the operating system's random number generator failed ({0}), and checking signatures in batches needs \
         a secret drawn from it; check that /dev/urandom (or the getrandom system call) is available"
    )]
    NoRandomness(getrandom::Error),
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
    key: Key,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Verifier { .. }")
    }
}

impl Verifier {
    /// A verifier for `key`, unless the key is weak.
    pub fn new(key: VerifyingKey) -> Result<Self, KeyError> {
        if key.is_weak() {
            return Err(KeyError::Weak);
        }
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(KeyError::NoRandomness)?;
        Ok(Verifier { key: Key::new(key.to_edwards(), key.to_bytes(), secret) })
    }

    /// The key as the Developer Portal shows it: 64 hexadecimal characters.
    pub fn from_hex(hex: Option<&str>) -> Result<Self, KeyError> {
        let text = hex.map(str::trim).filter(|t| !t.is_empty()).ok_or(KeyError::Missing)?;
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| KeyError::NotHex(text.chars().count()))?;
        VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError::NotAKey).and_then(Verifier::new)
    }

    /// Accepts a request whose headers sign `timestamp + body` with this key, at a timestamp
    /// within [`MAX_SKEW`] of `now`: [`Verifier::read`] and the equation for it alone.
    pub fn check(
        &self,
        signature: Option<&[u8]>,
        timestamp: Option<&[u8]>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), Rejection> {
        let signed = self.read(signature, timestamp, body, now)?;
        if self.key.holds(&signed) { Ok(()) } else { Err(Rejection::Mismatch) }
    }

    /// A request's signature, ready for the equation, if its headers are well formed, its
    /// timestamp within [`MAX_SKEW`] of `now` and its signature's `R` and `s` usable.
    pub fn read(
        &self,
        signature: Option<&[u8]>,
        timestamp: Option<&[u8]>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Signed, Rejection> {
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
        // The signed message is the timestamp followed by the body.
        self.key.signed(&raw, &[timestamp, body]).ok_or(Rejection::Mismatch)
    }

    /// Checks the signatures of concurrent requests together, counting in `metrics`.
    pub fn batcher(&self, metrics: Arc<Metrics>) -> Batcher {
        Batcher::new(self.key.clone(), metrics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::constants::EIGHT_TORSION;
    use ed25519_dalek::{Signature, Signer, SigningKey};

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
        for point in EIGHT_TORSION {
            let weak = hex::encode(point.compress().to_bytes());
            assert_eq!(Verifier::from_hex(Some(&weak)).unwrap_err(), KeyError::Weak, "{weak}");
        }
        assert!(KeyError::Weak.to_string().contains("Developer Portal"));
    }

    /// A forgery plain Ed25519 verification accepts: a key with a small-order component
    /// (`A = [a]B + T`, which is not itself weak) and a signature whose `R` is a small-order
    /// point, with `s = k·a`, satisfy `[s]B - [k]A = R` whenever `-[k]T = R`. Strict
    /// verification refuses it, and so does the endpoint.
    #[test]
    fn refuses_a_small_order_r_that_plain_verification_accepts() {
        use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
        use curve25519_dalek::scalar::Scalar;
        use ed25519_dalek::Verifier as _;
        use sha2::{Digest, Sha512};

        let a = Scalar::from(0x1234_5678_u64);
        let public = (ED25519_BASEPOINT_POINT * a + EIGHT_TORSION[1]).compress().to_bytes();
        let key = VerifyingKey::from_bytes(&public).unwrap();
        let verifier = Verifier::from_hex(Some(&hex::encode(public))).expect("a mixed-order key is not weak");
        let r = EIGHT_TORSION[3];
        let ts = NOW.to_string();
        let mut forged = 0;
        for n in 0..64 {
            let body = format!("{{\"type\":1,\"n\":{n}}}");
            let message = format!("{ts}{body}");
            let digest =
                Sha512::new().chain_update(r.compress().as_bytes()).chain_update(public).chain_update(&message);
            let k = Scalar::from_bytes_mod_order_wide(&digest.finalize().into());
            if -(EIGHT_TORSION[1] * k) != r {
                continue;
            }
            let mut raw = [0u8; 64];
            raw[..32].copy_from_slice(r.compress().as_bytes());
            raw[32..].copy_from_slice((k * a).as_bytes());
            let signature = Signature::from_bytes(&raw);
            assert!(key.verify(message.as_bytes(), &signature).is_ok(), "the forgery passes plain verification");
            assert!(key.verify_strict(message.as_bytes(), &signature).is_err());
            let sig = hex::encode(raw);
            assert_eq!(
                verifier.check(Some(sig.as_bytes()), Some(ts.as_bytes()), body.as_bytes(), at(NOW)),
                Err(Rejection::Mismatch)
            );
            forged += 1;
        }
        assert!(forged > 0, "one in eight bodies gives a forgery");
    }

    /// On valid, tampered and random signatures alike, the check agrees with `verify_strict`.
    #[test]
    fn agrees_with_verify_strict() {
        let (key, verifier) = keys();
        let ts = NOW.to_string();
        let message = format!("{ts}{{\"type\":1}}");
        let good = key.sign(message.as_bytes()).to_bytes();
        let mut candidates = vec![good];
        for byte in [0, 31, 32, 63] {
            for bit in [0, 7] {
                let mut flipped = good;
                flipped[byte] ^= 1 << bit;
                candidates.push(flipped);
            }
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..64 {
            let mut random = [0u8; 64];
            for b in &mut random {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                *b = seed as u8;
            }
            candidates.push(random);
        }
        for raw in candidates {
            let strict = key.verifying_key().verify_strict(message.as_bytes(), &Signature::from_bytes(&raw)).is_ok();
            let sig = hex::encode(raw);
            let ours = verifier.check(Some(sig.as_bytes()), Some(ts.as_bytes()), b"{\"type\":1}", at(NOW)).is_ok();
            assert_eq!(ours, strict, "{sig}");
        }
        assert!(
            verifier.check(Some(hex::encode(good).as_bytes()), Some(ts.as_bytes()), b"{\"type\":1}", at(NOW)).is_ok()
        );
    }
}
