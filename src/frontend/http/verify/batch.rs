//! Signatures that arrive together are checked together. Under load many requests wait for
//! their check at once, and one equation for all of them costs about half as much per
//! signature as checking each (see [`super::equation`]); a request that arrives alone is
//! checked alone, with one extra turn of the scheduler.
//!
//! The first request to queue leads: it lets every other ready task run once (twice when
//! nothing joined it the first time), so that what has arrived meanwhile joins the queue, then
//! checks the queue and hands each waiting request its verdict, [`MAX_BATCH`] at a time with a
//! turn of the scheduler between parts. Requests that queue after its last part wait for the
//! next leader, the first of them. Nothing blocks: the leader does the work on its own task,
//! and a leader whose request is dropped (its client went away) still checks what it leads.

use std::fmt;
use std::mem;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::oneshot;

use super::equation::{Key, MAX_BATCH, Signed};
use crate::frontend::metrics::Metrics;

/// Checks the signatures of concurrent requests in batches.
pub struct Batcher {
    key: Key,
    queue: Mutex<Queue>,
    metrics: Arc<Metrics>,
}

impl fmt::Debug for Batcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Batcher { .. }")
    }
}

#[derive(Default)]
struct Queue {
    waiting: Vec<(Signed, oneshot::Sender<bool>)>,
    /// Whether a leader is about to take `waiting`.
    led: bool,
}

impl Batcher {
    /// A batcher for `key` that counts its checks and batches in `metrics`.
    pub fn new(key: Key, metrics: Arc<Metrics>) -> Self {
        Batcher { key, queue: Mutex::new(Queue::default()), metrics }
    }

    /// Whether `signed` holds, checked with whatever other signatures are waiting.
    pub async fn holds(&self, signed: Signed) -> bool {
        let (sender, verdict) = oneshot::channel();
        let leads = {
            let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
            queue.waiting.push((signed, sender));
            !mem::replace(&mut queue.led, true)
        };
        if leads {
            let mut lead = Lead { batcher: self, leading: true };
            tokio::task::yield_now().await;
            // Alone, it would pay for a whole check: one more turn often brings company.
            if self.waiting() == 1 {
                tokio::task::yield_now().await;
            }
            // A crowd is checked a part at a time, giving way between parts, so that it never
            // holds this thread for long.
            while self.settle_part() {
                tokio::task::yield_now().await;
            }
            lead.leading = false;
        }
        // A sender is only dropped unsent if checking panicked: refuse.
        verdict.await.unwrap_or(false)
    }

    /// How many requests wait in the queue.
    fn waiting(&self) -> usize {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner).waiting.len()
    }

    /// Checks the first [`MAX_BATCH`] requests waiting and hands out their verdicts; whether
    /// more are left (for the same leader).
    fn settle_part(&self) -> bool {
        let (part, more) = {
            let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
            let take = queue.waiting.len().min(MAX_BATCH);
            let part: Vec<_> = queue.waiting.drain(..take).collect();
            let more = !queue.waiting.is_empty();
            queue.led = more;
            (part, more)
        };
        if part.is_empty() {
            return false;
        }
        let (batch, senders): (Vec<Signed>, Vec<_>) = part.into_iter().unzip();
        let verdicts = self.key.verdicts(&batch);
        self.metrics.signatures_checked(batch.len());
        for (sender, verdict) in senders.into_iter().zip(verdicts) {
            // A receiver is gone when its request was dropped; nobody waits for that verdict.
            let _ = sender.send(verdict);
        }
        more
    }
}

/// The leading request's duty while it waits for its turns: if the request is dropped then
/// (its client went away), everything it leads is checked at once, on the spot.
struct Lead<'a> {
    batcher: &'a Batcher,
    /// Until the last part is checked: after that the queue may have a new leader.
    leading: bool,
}

impl Drop for Lead<'_> {
    fn drop(&mut self) {
        while self.leading && self.batcher.settle_part() {}
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll, Waker};

    use ed25519_dalek::{Signer, SigningKey};

    use super::*;

    fn batcher() -> (Batcher, Arc<Metrics>) {
        let public = SigningKey::from_bytes(&[1; 32]).verifying_key();
        let metrics = Arc::new(Metrics::new());
        (Batcher::new(Key::new(public.to_edwards(), public.to_bytes(), [3; 32]), Arc::clone(&metrics)), metrics)
    }

    /// The `i`th message's signature, valid or made with another key.
    fn signed(batcher: &Batcher, i: usize, valid: bool) -> Signed {
        let message = format!("message {i}");
        let signer = SigningKey::from_bytes(&[if valid { 1 } else { 2 }; 32]);
        batcher.key.signed(&signer.sign(message.as_bytes()).to_bytes(), &[message.as_bytes()]).unwrap()
    }

    fn counts(metrics: &Metrics) -> (u64, u64) {
        let text = metrics.render();
        let count = |name: &str| text.lines().find_map(|l| l.strip_prefix(name)?.trim().parse().ok()).unwrap();
        (count("career_bot_signatures_checked_total "), count("career_bot_signature_batches_total "))
    }

    /// Checks `count` signatures from as many concurrent tasks, every `bad`th one invalid, and
    /// asserts each verdict.
    async fn check_concurrently(batcher: Batcher, count: usize, bad: usize) {
        let batcher = Arc::new(batcher);
        let tasks: Vec<_> = (0..count)
            .map(|i| {
                let (batcher, valid) = (Arc::clone(&batcher), i % bad != 2);
                let signed = signed(&batcher, i, valid);
                tokio::spawn(async move { (valid, batcher.holds(signed).await) })
            })
            .collect();
        for task in tasks {
            let (valid, verdict) = task.await.unwrap();
            assert_eq!(verdict, valid);
        }
    }

    #[tokio::test]
    async fn concurrent_checks_share_batches_and_keep_their_own_verdicts() {
        let (batcher, metrics) = batcher();
        check_concurrently(batcher, 30, 7).await;
        let (checked, batches) = counts(&metrics);
        assert_eq!(checked, 30);
        assert!(batches < 30, "30 concurrent checks took {batches} batches");
    }

    #[tokio::test]
    async fn a_lone_check_is_a_batch_of_one() {
        let (batcher, metrics) = batcher();
        assert!(batcher.holds(signed(&batcher, 0, true)).await);
        assert!(!batcher.holds(signed(&batcher, 1, false)).await);
        assert_eq!(counts(&metrics), (2, 2));
    }

    /// More than a batch queued at once is checked a batch at a time by the same leader.
    #[tokio::test]
    async fn a_crowd_is_checked_a_batch_at_a_time() {
        let (batcher, metrics) = batcher();
        let count = 2 * MAX_BATCH + 22;
        check_concurrently(batcher, count, 11).await;
        assert_eq!(counts(&metrics), (count as u64, 3));
    }

    /// A leader dropped while it waits for its turn (its client went away) still checks the
    /// queue: the requests behind it get their verdicts, and one dropped itself is skipped.
    #[test]
    fn a_dropped_leader_still_checks_what_it_leads() {
        let (batcher, metrics) = batcher();
        let mut cx = Context::from_waker(Waker::noop());
        let mut leader: Pin<Box<dyn Future<Output = bool>>> = Box::pin(batcher.holds(signed(&batcher, 0, true)));
        assert!(leader.as_mut().poll(&mut cx).is_pending(), "the leader yields first");
        let mut good = Box::pin(batcher.holds(signed(&batcher, 1, true)));
        let mut bad = Box::pin(batcher.holds(signed(&batcher, 2, false)));
        let mut gone = Box::pin(batcher.holds(signed(&batcher, 3, true)));
        for waiting in [good.as_mut(), bad.as_mut(), gone.as_mut()] {
            assert!(waiting.poll(&mut cx).is_pending());
        }
        drop(gone);
        drop(leader);
        assert_eq!(good.as_mut().poll(&mut cx), Poll::Ready(true));
        assert_eq!(bad.as_mut().poll(&mut cx), Poll::Ready(false));
        assert_eq!(counts(&metrics), (4, 1));
        // The queue is free again: the next check leads, alone, and gives way twice.
        let mut next = Box::pin(batcher.holds(signed(&batcher, 4, true)));
        assert!(next.as_mut().poll(&mut cx).is_pending());
        assert!(next.as_mut().poll(&mut cx).is_pending());
        assert_eq!(next.as_mut().poll(&mut cx), Poll::Ready(true));
        assert_eq!(counts(&metrics), (5, 2));
    }
}
