//! Ed25519's verification equation, for one signature or for many under the same key.
//!
//! A signature `(R, s)` of a message `M` under the key `A` holds when
//! `[8][s]B = [8]R + [8][k]A`, where `k = SHA-512(R ‖ A ‖ M)` and `B` is the base point: the
//! cofactored equation of RFC 8032 §5.1.7. Before it is tried, `s` must be canonical (below the
//! group order) and `R` must be a canonical encoding of a point that is not of small order;
//! the key is checked for the same when it is read.
//!
//! Many signatures are checked at once through a random linear combination: with secret,
//! unpredictable 128-bit `zᵢ`,
//!
//! `[8]([Σ zᵢsᵢ]B − Σ [zᵢ]Rᵢ − [Σ zᵢkᵢ]A) = 0`.
//!
//! Every batch of valid signatures satisfies it; a batch holding any invalid one satisfies it
//! with probability at most 2⁻¹²⁸. Because every signature shares the key, `A` and `B` cost one
//! term each whatever the batch's size, so a signature checked in a batch of eight costs about
//! half as much as one checked alone. Both forms test the same cofactored equation, so a
//! signature gets the same verdict alone or in any batch.

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use sha2::{Digest, Sha512};

/// The most signatures combined into one equation; a larger batch is checked in parts, so that
/// a batch that fails (and is then checked signature by signature) stays small.
pub const MAX_BATCH: usize = 64;

/// A signature ready for the equation: `R` decompressed, `s` read, `k` hashed from the message.
#[derive(Clone, Copy)]
pub struct Signed {
    r: EdwardsPoint,
    r_bytes: [u8; 32],
    s: Scalar,
    k: Scalar,
}

/// One verification key, with the secret that draws the batch coefficients.
#[derive(Clone)]
pub struct Key {
    point: EdwardsPoint,
    bytes: [u8; 32],
    /// Keys the coefficients `zᵢ`, so that whoever sends signatures cannot predict them.
    secret: [u8; 32],
}

impl Key {
    /// The key whose point is `point` and encoding `bytes`; `secret` must be random.
    pub fn new(point: EdwardsPoint, bytes: [u8; 32], secret: [u8; 32]) -> Self {
        Key { point, bytes, secret }
    }

    /// The 64 bytes of a signature of the message `parts` (concatenated), ready for the
    /// equation; `None` when `s` or `R` cannot be part of any valid signature.
    pub fn signed(&self, signature: &[u8; 64], parts: &[&[u8]]) -> Option<Signed> {
        let (r_bytes, s_bytes) = signature.split_at(32);
        let r_bytes: [u8; 32] = r_bytes.try_into().ok()?;
        let s = Option::<Scalar>::from(Scalar::from_canonical_bytes(s_bytes.try_into().ok()?))?;
        if !is_canonical_y(&r_bytes) {
            return None;
        }
        let r = CompressedEdwardsY(r_bytes).decompress().filter(|r| !r.is_small_order())?;
        let mut hash = Sha512::new().chain_update(r_bytes).chain_update(self.bytes);
        for part in parts {
            hash.update(part);
        }
        let k = Scalar::from_bytes_mod_order_wide(&hash.finalize().into());
        Some(Signed { r, r_bytes, s, k })
    }

    /// Whether one signature holds.
    pub fn holds(&self, signed: &Signed) -> bool {
        let sb_minus_ka = EdwardsPoint::vartime_double_scalar_mul_basepoint(&-signed.k, &self.point, &signed.s);
        (sb_minus_ka - signed.r).mul_by_cofactor().is_identity()
    }

    /// Whether every signature of `batch` holds, each `true` or `false` in the order given. A
    /// batch is checked as one equation ([`MAX_BATCH`] signatures at a time), and signature by
    /// signature only when that equation fails.
    pub fn verdicts(&self, batch: &[Signed]) -> Vec<bool> {
        let mut verdicts = Vec::with_capacity(batch.len());
        for part in batch.chunks(MAX_BATCH) {
            if part.len() > 1 && self.all_hold(part) {
                verdicts.extend(std::iter::repeat_n(true, part.len()));
            } else {
                verdicts.extend(part.iter().map(|signed| self.holds(signed)));
            }
        }
        verdicts
    }

    /// The random linear combination of `batch`'s equations.
    fn all_hold(&self, batch: &[Signed]) -> bool {
        let zs = self.coefficients(batch);
        let (mut s_sum, mut k_sum) = (Scalar::ZERO, Scalar::ZERO);
        for (z, signed) in zs.iter().zip(batch) {
            s_sum += z * signed.s;
            k_sum += z * signed.k;
        }
        // The `zᵢ` stay 128-bit (half the additions of a full scalar) by negating `Rᵢ` instead.
        let scalars = [s_sum, -k_sum].into_iter().chain(zs);
        let points = [ED25519_BASEPOINT_POINT, self.point].into_iter().chain(batch.iter().map(|signed| -signed.r));
        EdwardsPoint::vartime_multiscalar_mul(scalars, points).mul_by_cofactor().is_identity()
    }

    /// 128-bit coefficients, one per signature, drawn from the secret and everything the batch
    /// holds: unpredictable to whoever sends the signatures.
    fn coefficients(&self, batch: &[Signed]) -> Vec<Scalar> {
        let mut transcript = Sha512::new().chain_update(self.secret).chain_update((batch.len() as u64).to_le_bytes());
        for signed in batch {
            transcript.update(signed.r_bytes);
            transcript.update(signed.s.as_bytes());
            transcript.update(signed.k.as_bytes());
        }
        let seed: [u8; 64] = transcript.finalize().into();
        let mut zs = Vec::with_capacity(batch.len());
        for block in 0..batch.len().div_ceil(4) as u64 {
            let bytes: [u8; 64] = Sha512::new().chain_update(seed).chain_update(block.to_le_bytes()).finalize().into();
            for quarter in bytes.chunks_exact(16) {
                let mut wide = [0u8; 32];
                wide[..16].copy_from_slice(quarter);
                zs.push(Scalar::from_bytes_mod_order(wide));
            }
        }
        zs.truncate(batch.len());
        zs
    }
}

/// Whether the 255-bit `y` of a compressed point is below the field's prime `2²⁵⁵ − 19`.
fn is_canonical_y(bytes: &[u8; 32]) -> bool {
    let top = bytes[31] & 0x7f;
    !(top == 0x7f && bytes[1..31].iter().all(|&b| b == 0xff) && bytes[0] >= 0xed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::constants::EIGHT_TORSION;
    use ed25519_dalek::{Signer, SigningKey};
    use proptest::prelude::*;

    fn signing(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn key(signing: &SigningKey, secret: u8) -> Key {
        let public = signing.verifying_key();
        Key::new(public.to_edwards(), public.to_bytes(), [secret; 32])
    }

    fn sign(signing: &SigningKey, message: &[u8]) -> [u8; 64] {
        signing.sign(message).to_bytes()
    }

    fn with_s(signature: [u8; 64], s: Scalar) -> [u8; 64] {
        let mut changed = signature;
        changed[32..].copy_from_slice(s.as_bytes());
        changed
    }

    fn s_of(signature: &[u8; 64]) -> Scalar {
        Scalar::from_canonical_bytes(signature[32..].try_into().unwrap()).unwrap()
    }

    /// How a signature in a generated batch is made.
    #[derive(Debug, Clone, Copy)]
    enum Made {
        Valid,
        /// `s` plus one.
        ShiftedS,
        /// A signature of another message.
        OtherMessage,
        /// Signed with another key.
        OtherKey,
        /// `R` taken from another valid signature.
        OtherR,
    }

    fn made() -> impl Strategy<Value = Made> {
        prop_oneof![
            4 => Just(Made::Valid),
            1 => Just(Made::ShiftedS),
            1 => Just(Made::OtherMessage),
            1 => Just(Made::OtherKey),
            1 => Just(Made::OtherR),
        ]
    }

    fn message(i: usize) -> Vec<u8> {
        format!("1700000000{{\"type\":2,\"id\":\"{i}\"}}").into_bytes()
    }

    fn make(how: Made, i: usize) -> [u8; 64] {
        let (ours, message) = (signing(1), message(i));
        let valid = sign(&ours, &message);
        match how {
            Made::Valid => valid,
            Made::ShiftedS => with_s(valid, s_of(&valid) + Scalar::ONE),
            Made::OtherMessage => sign(&ours, b"something else"),
            Made::OtherKey => sign(&signing(2), &message),
            Made::OtherR => {
                let mut changed = valid;
                changed[..32].copy_from_slice(&sign(&ours, b"another")[..32]);
                changed
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// In any mix, a batch gives each signature the verdict it gets alone, which is whether
        /// it was made valid.
        #[test]
        fn a_batch_gives_each_signature_its_own_verdict(hows in prop::collection::vec(made(), 1..24)) {
            let key = key(&signing(1), 5);
            let batch: Vec<Signed> = hows
                .iter()
                .enumerate()
                .map(|(i, &how)| key.signed(&make(how, i), &[&message(i)]).expect("R and s are well formed"))
                .collect();
            let expected: Vec<bool> = hows.iter().map(|how| matches!(how, Made::Valid)).collect();
            let alone: Vec<bool> = batch.iter().map(|signed| key.holds(signed)).collect();
            prop_assert_eq!(&alone, &expected);
            prop_assert_eq!(key.verdicts(&batch), expected);
        }
    }

    /// Two bad signatures whose errors cancel in a plain sum (`s` one up in the first, one down
    /// in the second) fail: each equation is weighted by its own secret coefficient.
    #[test]
    fn errors_that_cancel_in_a_sum_do_not_pass() {
        let (ours, key) = (signing(1), key(&signing(1), 5));
        let (first, second) = (sign(&ours, &message(0)), sign(&ours, &message(1)));
        let first = with_s(first, s_of(&first) + Scalar::ONE);
        let second = with_s(second, s_of(&second) - Scalar::ONE);
        let batch = [key.signed(&first, &[&message(0)]).unwrap(), key.signed(&second, &[&message(1)]).unwrap()];
        assert!(!key.all_hold(&batch));
        assert_eq!(key.verdicts(&batch), [false, false]);
    }

    /// Coefficients are 128-bit, differ within a batch and come from the secret.
    #[test]
    fn coefficients_are_short_distinct_and_secret() {
        let ours = signing(1);
        let batch: Vec<Signed> =
            (0..9).map(|i| key(&ours, 5).signed(&sign(&ours, &message(i)), &[&message(i)]).unwrap()).collect();
        let zs = key(&ours, 5).coefficients(&batch);
        assert_eq!(zs.len(), batch.len());
        for (i, z) in zs.iter().enumerate() {
            assert!(z.as_bytes()[16..].iter().all(|&b| b == 0), "z{i} fits in 128 bits");
            assert!(z.as_bytes()[..16].iter().any(|&b| b != 0), "z{i} is not zero");
            assert!(zs[..i].iter().all(|other| other != z), "z{i} is unique");
        }
        assert_eq!(key(&ours, 5).coefficients(&batch), zs, "the same secret and batch give the same coefficients");
        assert_ne!(key(&ours, 6).coefficients(&batch), zs, "another secret gives others");
    }

    /// More than [`MAX_BATCH`] signatures are checked in parts; a bad one fails alone.
    #[test]
    fn large_batches_are_checked_in_parts() {
        let (ours, key) = (signing(1), key(&signing(1), 5));
        let count = 2 * MAX_BATCH + 3;
        let bad = MAX_BATCH + 7;
        let batch: Vec<Signed> = (0..count)
            .map(|i| {
                let signature = sign(&ours, &message(i));
                let signature = if i == bad { with_s(signature, s_of(&signature) + Scalar::ONE) } else { signature };
                key.signed(&signature, &[&message(i)]).unwrap()
            })
            .collect();
        let verdicts = key.verdicts(&batch);
        assert_eq!(verdicts.len(), count);
        assert!(verdicts.iter().enumerate().all(|(i, &ok)| ok == (i != bad)), "{verdicts:?}");
    }

    /// The message is the concatenation of its parts, however it is split.
    #[test]
    fn the_message_is_its_parts_joined() {
        let (ours, key) = (signing(1), key(&signing(1), 5));
        let signature = sign(&ours, b"1700000000{\"type\":1}");
        for parts in [
            &[&b"1700000000"[..], b"{\"type\":1}"][..],
            &[b"1700000000{\"type\":1}"],
            &[b"17", b"00000000{", b"\"type\":1}"],
        ] {
            assert!(key.holds(&key.signed(&signature, parts).unwrap()));
        }
        assert!(!key.holds(&key.signed(&signature, &[b"1700000000", b"{\"type\":2}"]).unwrap()));
    }

    /// A signature only the key's holder can make, `R` carrying a small-order component, holds
    /// under the cofactored equation alone and in a batch alike; a verdict never depends on
    /// the company a signature keeps.
    #[test]
    fn a_torsioned_r_gets_the_same_verdict_alone_and_batched() {
        let ours = signing(1);
        let (a, public) = (ours.to_scalar(), ours.verifying_key().to_bytes());
        let message = message(0);
        // EIGHT_TORSION[1] has order 8: a batch coefficient would cancel it one time in eight.
        let r = EdwardsPoint::mul_base(&Scalar::from(77u64)) + EIGHT_TORSION[1];
        let r_bytes = r.compress().to_bytes();
        let k = Scalar::from_bytes_mod_order_wide(
            &Sha512::new().chain_update(r_bytes).chain_update(public).chain_update(&message).finalize().into(),
        );
        let mut signature = [0u8; 64];
        signature[..32].copy_from_slice(&r_bytes);
        signature[32..].copy_from_slice((Scalar::from(77u64) + k * a).as_bytes());
        for secret in 0..8 {
            let key = key(&ours, secret);
            let torsioned = key.signed(&signature, &[&message]).expect("R is not itself of small order");
            assert!(key.holds(&torsioned));
            let others = (1..6).map(|i| key.signed(&sign(&ours, &self::message(i)), &[&self::message(i)]).unwrap());
            let batch: Vec<Signed> = others.chain([torsioned]).collect();
            assert_eq!(key.verdicts(&batch), [true; 6], "secret {secret}");
            assert!(key.all_hold(&batch), "secret {secret}");
        }
    }

    /// `s` at or above the group order, `R` encoded with `y` at or above the field's prime, and
    /// `R` of small order in any encoding are refused before the equation.
    #[test]
    fn non_canonical_and_small_order_encodings_are_refused() {
        let (ours, key) = (signing(1), key(&signing(1), 5));
        let message = message(0);
        let valid = sign(&ours, &message);
        assert!(key.signed(&valid, &[&message]).is_some());

        // s + L: the same scalar, not canonically encoded.
        let order_plus_s = {
            let (mut sum, mut carry) = ([0u8; 32], 0u16);
            let order = Scalar::ZERO - Scalar::ONE; // L - 1
            for (i, byte) in sum.iter_mut().enumerate() {
                let total = u16::from(valid[32 + i]) + u16::from(order.as_bytes()[i]) + carry + u16::from(i == 0);
                *byte = total as u8;
                carry = total >> 8;
            }
            sum
        };
        let mut high_s = valid;
        high_s[32..].copy_from_slice(&order_plus_s);
        assert!(key.signed(&high_s, &[&message]).is_none(), "s + L");

        let with_r = |r: [u8; 32]| {
            let mut changed = valid;
            changed[..32].copy_from_slice(&r);
            key.signed(&changed, &[&message]).is_none()
        };
        for torsion in EIGHT_TORSION {
            let canonical = torsion.compress().to_bytes();
            assert!(with_r(canonical), "{canonical:?}");
            let mut signed_zero = canonical;
            signed_zero[31] |= 0x80;
            assert!(with_r(signed_zero), "small order with the sign bit flipped: {signed_zero:?}");
        }
        // y = 1 + p: the identity again, encoded above the prime.
        let mut one_plus_p = [0xff; 32];
        one_plus_p[0] = 0xee;
        one_plus_p[31] = 0x7f;
        assert!(with_r(one_plus_p));
        // y + p for every small y of a point that is not of small order (y + p < 2²⁵⁵ when y < 19).
        let mut tried = 0;
        for y in 2..19u8 {
            let mut canonical = [0u8; 32];
            canonical[0] = y;
            if CompressedEdwardsY(canonical).decompress().is_none_or(|point| point.is_small_order()) {
                continue;
            }
            let mut above = [0xff; 32];
            above[0] = 0xed + y;
            above[31] = 0x7f;
            assert!(with_r(above), "y = {y} + p");
            tried += 1;
        }
        assert!(tried > 0, "some small y is on the curve");
    }

    #[test]
    fn canonical_y_is_below_the_prime() {
        let prime_plus = |add: u8| {
            let mut bytes = [0xff; 32];
            bytes[0] = 0xed + add;
            bytes[31] = 0x7f;
            bytes
        };
        let mut below = prime_plus(0);
        below[0] = 0xec;
        assert!(is_canonical_y(&below), "p - 1");
        for add in 0..=0x12 {
            assert!(!is_canonical_y(&prime_plus(add)), "p + {add}");
            let mut signed = prime_plus(add);
            signed[31] |= 0x80;
            assert!(!is_canonical_y(&signed), "p + {add} with the sign bit");
        }
        let mut middle = prime_plus(0);
        middle[15] = 0xfe;
        assert!(is_canonical_y(&middle));
        assert!(is_canonical_y(&[0; 32]));
    }
}
