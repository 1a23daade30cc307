//! Discord's request signatures: every interaction is signed with the application's Ed25519
//! key over `X-Signature-Timestamp` followed by the raw body. A request is checked before
//! anything in it is parsed; Discord sends bad signatures on purpose and drops an endpoint
//! that accepts them. Timestamps far from now are refused too, so that a captured request
//! cannot be replayed later.
//!
//! The equation is ed25519-dalek's [`VerifyingKey::verify_strict`]: it refuses a `s` that is
//! not below the group order, an `R` that is of small order or not canonically encoded, and a
//! weak key. A weak (small-order) key is refused once more when it is read, so that a
//! misconfigured endpoint does not start at all.

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
    #[error("DISCORD_PUBLIC_KEY is a weak Ed25519 key (a small-order point) that any signature could match; {WHERE}")]
    Weak,
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

/// A request whose headers are well formed and whose timestamp is recent: what remains is
/// whether its signature holds ([`Verifier::verify`]).
pub struct Signed {
    signature: Signature,
    /// The timestamp followed by the body.
    message: Vec<u8>,
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
    /// A verifier for `key`, unless the key is weak.
    pub fn new(key: VerifyingKey) -> Result<Self, KeyError> {
        if key.is_weak() { Err(KeyError::Weak) } else { Ok(Verifier { key }) }
    }

    /// The key as the Developer Portal shows it: 64 hexadecimal characters.
    pub fn from_hex(hex: Option<&str>) -> Result<Self, KeyError> {
        let text = hex.map(str::trim).filter(|t| !t.is_empty()).ok_or(KeyError::Missing)?;
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| KeyError::NotHex(text.chars().count()))?;
        VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError::NotAKey).and_then(Verifier::new)
    }

    /// Accepts a request whose headers sign `timestamp + body` with this key, at a timestamp
    /// within [`MAX_SKEW`] of `now`: [`Verifier::read`], then [`Verifier::verify`].
    pub fn check(
        &self,
        signature: Option<&[u8]>,
        timestamp: Option<&[u8]>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), Rejection> {
        self.verify(&self.read(signature, timestamp, body, now)?)
    }

    /// A request's signature and signed message, if its headers are well formed and its
    /// timestamp within [`MAX_SKEW`] of `now`.
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
        let mut message = Vec::with_capacity(timestamp.len() + body.len());
        message.extend_from_slice(timestamp);
        message.extend_from_slice(body);
        Ok(Signed { signature: Signature::from_bytes(&raw), message })
    }

    /// Whether the signature of `signed` holds under this key, by the strict equation.
    pub fn verify(&self, signed: &Signed) -> Result<(), Rejection> {
        self.key.verify_strict(&signed.message, &signed.signature).map_err(|_| Rejection::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    const NOW: u64 = 1_700_000_000;

    /// The eight points of small order, compressed (curve25519-dalek's `EIGHT_TORSION`).
    const SMALL_ORDER: [&str; 8] = [
        "0100000000000000000000000000000000000000000000000000000000000000",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    ];

    /// The group order `L`, little-endian.
    const ORDER: &str = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

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

    fn bytes32(text: &str) -> [u8; 32] {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).unwrap();
        bytes
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
        for weak in SMALL_ORDER {
            assert_eq!(Verifier::from_hex(Some(weak)).unwrap_err(), KeyError::Weak, "{weak}");
        }
        assert!(KeyError::Weak.to_string().contains("Developer Portal"));
    }

    /// A forgery plain Ed25519 verification accepts: the key `A = [a]B + T` (`a = 0x12345678`,
    /// `T` a point of order 8; not itself weak) and a signature whose `R` is a small-order point
    /// with `s = k·a`, which satisfy `[s]B - [k]A = R` whenever `-[k]T = R`: true of one body in
    /// eight, such as these two (made with curve25519-dalek). Strict verification refuses it,
    /// and so does the endpoint.
    #[test]
    fn refuses_a_small_order_r_that_plain_verification_accepts() {
        use ed25519_dalek::Verifier as _;

        let public = "1fe73d05e6b23026f3c52a39b4333f5bcdef9d998fec4135cc1aa92abbda8be9";
        let forgeries = [
            (
                r#"{"type":1,"n":10}"#,
                "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05\
                 c698fa18ea7054ffca728ad4032da81c17004369ec4ae2c5c69e6e94c0b4510c",
            ),
            (
                r#"{"type":1,"n":17}"#,
                "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05\
                 d2593ecf75d73bdda4bb87b10c6dc3b4f2c71431a42224a7c598372b2eda3703",
            ),
        ];
        let key = VerifyingKey::from_bytes(&bytes32(public)).unwrap();
        let verifier = Verifier::from_hex(Some(public)).expect("a mixed-order key is not weak");
        let ts = NOW.to_string();
        for (body, sig) in forgeries {
            assert_eq!(&sig[..64], SMALL_ORDER[3], "R is of small order");
            let mut raw = [0u8; 64];
            hex::decode_to_slice(sig, &mut raw).unwrap();
            let (message, signature) = (format!("{ts}{body}"), Signature::from_bytes(&raw));
            assert!(key.verify(message.as_bytes(), &signature).is_ok(), "the forgery passes plain verification");
            assert!(key.verify_strict(message.as_bytes(), &signature).is_err());
            assert_eq!(
                verifier.check(Some(sig.as_bytes()), Some(ts.as_bytes()), body.as_bytes(), at(NOW)),
                Err(Rejection::Mismatch)
            );
        }
    }

    /// `s` at or above the group order, `R` encoded with `y` at or above the field's prime, and
    /// `R` of small order in any encoding are refused.
    #[test]
    fn non_canonical_and_small_order_encodings_are_refused() {
        let (key, verifier) = keys();
        let ts = NOW.to_string();
        let body = b"{\"type\":1}";
        let valid = key.sign(format!("{ts}{{\"type\":1}}").as_bytes()).to_bytes();
        let check = |raw: [u8; 64]| {
            let sig = hex::encode(raw);
            verifier.check(Some(sig.as_bytes()), Some(ts.as_bytes()), body, at(NOW))
        };
        assert_eq!(check(valid), Ok(()));

        // s + L: the same scalar, not canonically encoded.
        let (order, mut carry) = (bytes32(ORDER), 0u16);
        let mut high_s = valid;
        for (i, byte) in high_s[32..].iter_mut().enumerate() {
            let total = u16::from(*byte) + u16::from(order[i]) + carry;
            *byte = total as u8;
            carry = total >> 8;
        }
        assert_eq!(carry, 0, "s + L fits in 256 bits");
        assert_eq!(check(high_s), Err(Rejection::Mismatch), "s + L");

        let with_r = |r: [u8; 32]| {
            let mut changed = valid;
            changed[..32].copy_from_slice(&r);
            check(changed)
        };
        for small in SMALL_ORDER {
            let canonical = bytes32(small);
            assert_eq!(with_r(canonical), Err(Rejection::Mismatch), "{small}");
            let mut signed_zero = canonical;
            signed_zero[31] |= 0x80;
            assert_eq!(with_r(signed_zero), Err(Rejection::Mismatch), "small order with the sign bit flipped");
        }
        // y = 1 + p: the identity again, encoded above the prime.
        let mut one_plus_p = [0xff; 32];
        one_plus_p[0] = 0xee;
        one_plus_p[31] = 0x7f;
        assert_eq!(with_r(one_plus_p), Err(Rejection::Mismatch));
        // y + p for the small y of points that are not of small order (found with
        // curve25519-dalek); y + p < 2²⁵⁵ when y < 19.
        for y in [3u8, 4, 5, 6, 9, 10, 14, 15, 16, 18] {
            let mut above = [0xff; 32];
            above[0] = 0xed + y;
            above[31] = 0x7f;
            assert_eq!(with_r(above), Err(Rejection::Mismatch), "y = {y} + p");
        }
    }

    /// The valid signature holds; every single flipped bit and random signatures do not.
    #[test]
    fn tampered_and_random_signatures_are_refused() {
        let (key, verifier) = keys();
        let ts = NOW.to_string();
        let message = format!("{ts}{{\"type\":1}}");
        let good = key.sign(message.as_bytes()).to_bytes();
        let check = |raw: [u8; 64]| {
            let sig = hex::encode(raw);
            verifier.check(Some(sig.as_bytes()), Some(ts.as_bytes()), b"{\"type\":1}", at(NOW))
        };
        assert_eq!(check(good), Ok(()));
        for byte in [0, 31, 32, 63] {
            for bit in [0, 7] {
                let mut flipped = good;
                flipped[byte] ^= 1 << bit;
                assert_eq!(check(flipped), Err(Rejection::Mismatch), "byte {byte} bit {bit}");
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
            assert_eq!(check(random), Err(Rejection::Mismatch), "{}", hex::encode(random));
        }
    }
}
