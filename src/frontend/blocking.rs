//! Database work for an interaction, run off the async threads: answered at once when it is
//! done within Discord's window, else deferred and sent when it completes. `/gaps` reports and
//! `/knowledge` changes both go this way.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::reply::Response;

/// Work started for an interaction.
#[derive(Debug)]
pub enum Pending {
    /// Done in time: the response to send.
    Ready(Response),
    /// Still running: defer the interaction and send [`Late::response`] when it completes.
    Late(Late),
}

/// Work that did not finish in time.
#[derive(Debug)]
pub struct Late {
    task: JoinHandle<Response>,
    failed: fn() -> Response,
}

impl Late {
    /// What the work answers, once it is done (`failed` if it could not finish).
    pub async fn response(self) -> Response {
        self.task.await.unwrap_or_else(|_| (self.failed)())
    }
}

/// Runs `work` on a blocking thread and waits up to `limit` for it. A panic in it answers
/// `failed` (the reply saying the work could not be done) instead of the work's response.
pub async fn within(
    limit: Duration,
    failed: fn() -> Response,
    work: impl FnOnce() -> Response + Send + 'static,
) -> Pending {
    let mut task =
        tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|_| failed()));
    match tokio::time::timeout(limit, &mut task).await {
        Ok(done) => Pending::Ready(done.unwrap_or_else(|_| failed())),
        Err(_) => Pending::Late(Late { task, failed }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::Choice;

    fn failed() -> Response {
        Response::Choices(Vec::new())
    }

    fn done() -> Response {
        Response::Choices(vec![Choice { name: "done".into(), value: "done".into() }])
    }

    #[tokio::test]
    async fn quick_work_is_ready_slow_work_late_and_a_panic_answers_failed() {
        assert!(matches!(within(Duration::from_secs(5), failed, done).await, Pending::Ready(r) if r == done()));
        let slow = within(Duration::from_millis(10), failed, || {
            std::thread::sleep(Duration::from_millis(200));
            done()
        });
        let Pending::Late(late) = slow.await else { panic!("the work outlasts its limit") };
        assert_eq!(late.response().await, done());
        let panicked = within(Duration::from_secs(5), failed, || panic!("the database went away"));
        assert!(matches!(panicked.await, Pending::Ready(r) if r == failed()));
    }
}
