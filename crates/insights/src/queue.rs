//! [`RecordQueue`]: the bounded queue between the front ends and the database. Answering never
//! waits for a write: a record goes into the queue (or, when the queue is full, is dropped and
//! counted) and one writer thread stores records in batches. [`RecordQueue::drain_and_close`]
//! writes everything the queue accepted before it returns, which is what a shutdown needs.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::config::Config;
use crate::error::InsightsError;
use career_bot_core::feedback::Record;

use crate::row::Row;
use crate::store::{self, Access, Store};
use crate::voter::Salt;

/// Most rows written in one transaction.
const MAX_BATCH: usize = 256;
/// Pauses before writing a failed batch again (a database restarting, a lock held long).
const RETRY_DELAYS: [Duration; 2] = [Duration::from_millis(100), Duration::from_secs(1)];

/// What became of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushed {
    /// In the queue: it will be written, even if the bot is shutting down.
    Queued,
    /// The queue was full: dropped and counted.
    Dropped,
    /// The recorder is closed (shutting down, or its writer stopped): dropped and counted.
    Closed,
    /// Nothing to store: a vote from nobody in particular (the terminal).
    Skipped,
}

/// Counts since start, for `/metrics` and logs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Records the queue accepted.
    pub accepted: u64,
    /// Records written to the database.
    pub written: u64,
    /// Records dropped because the queue was full or closed.
    pub dropped: u64,
    /// Accepted records that could not be written (database errors, after retries).
    pub failed: u64,
    /// The last write error, if any.
    pub last_error: Option<String>,
}

impl Stats {
    /// Records accepted and not yet written or failed.
    pub fn pending(&self) -> u64 {
        self.accepted.saturating_sub(self.written + self.failed)
    }
}

#[derive(Debug, Default)]
struct Counters {
    accepted: AtomicU64,
    written: AtomicU64,
    dropped: AtomicU64,
    failed: AtomicU64,
    last_error: Mutex<Option<String>>,
}

impl Counters {
    fn fail(&self, error: String) {
        *self.last_error.lock().unwrap_or_else(PoisonError::into_inner) = Some(error);
    }
}

/// The queue and its writer thread. Shared by every front-end task (`Arc<RecordQueue>`).
#[derive(Debug)]
pub struct RecordQueue {
    sender: RwLock<Option<SyncSender<Row>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    salt: Salt,
    counters: Arc<Counters>,
    place: String,
}

impl RecordQueue {
    /// Opens (creating and migrating) the database `config` names in a new writer thread and
    /// returns once it is ready, or with the reason it cannot be used. Safe to call from async
    /// code at start-up: the database is opened on the writer thread.
    pub fn start(config: &Config) -> Result<Self, InsightsError> {
        let config = config.clone();
        Self::spawn(config.capacity, move || {
            let mut store = crate::open(&config, Access::Write)?;
            let salt = store::salt(&config, store.as_mut())?;
            Ok((store, salt))
        })
    }

    /// Records into a store that is already open, hashing voters with `salt`.
    pub fn with_store(store: Box<dyn Store>, salt: Salt, capacity: usize) -> Result<Self, InsightsError> {
        Self::spawn(capacity, move || Ok((store, salt)))
    }

    fn spawn(
        capacity: usize,
        open: impl FnOnce() -> Result<(Box<dyn Store>, Salt), InsightsError> + Send + 'static,
    ) -> Result<Self, InsightsError> {
        let (sender, receiver) = sync_channel(capacity.max(1));
        let (ready, opened) = std::sync::mpsc::channel();
        let counters = Arc::new(Counters::default());
        let shared = Arc::clone(&counters);
        let writer = std::thread::Builder::new()
            .name("insights-writer".to_owned())
            .spawn(move || match open() {
                Ok((store, salt)) => {
                    let place = store.describe();
                    if ready.send(Ok((salt, place))).is_ok() {
                        write_all(store, &receiver, &shared);
                    }
                }
                Err(err) => {
                    let _ = ready.send(Err(err));
                }
            })
            .map_err(|e| InsightsError::Config {
                what: format!("cannot start the insights writer thread: {e}"),
                fix: "the system is out of threads or memory; restart the bot".to_owned(),
            })?;
        match opened.recv() {
            Ok(Ok((salt, place))) => Ok(RecordQueue {
                sender: RwLock::new(Some(sender)),
                writer: Mutex::new(Some(writer)),
                salt,
                counters,
                place,
            }),
            Ok(Err(err)) => {
                let _ = writer.join();
                Err(err)
            }
            Err(_) => Err(InsightsError::WriterStopped),
        }
    }

    /// Where records go, for logs (no password).
    pub fn place(&self) -> &str {
        &self.place
    }

    /// Queues `record`, seen in `guild` from `user`, now. Never blocks.
    pub fn push(&self, record: Record, guild: Option<u64>, user: Option<u64>) -> Pushed {
        self.push_at(record, guild, user, unix_now())
    }

    /// [`RecordQueue::push`] at a given unix time.
    pub fn push_at(&self, record: Record, guild: Option<u64>, user: Option<u64>, at: i64) -> Pushed {
        let Some(row) = Row::new(record, guild, user, at, &self.salt) else { return Pushed::Skipped };
        let sender = self.sender.read().unwrap_or_else(PoisonError::into_inner);
        let pushed = match sender.as_ref().map(|s| s.try_send(row)) {
            Some(Ok(())) => Pushed::Queued,
            Some(Err(TrySendError::Full(_))) => Pushed::Dropped,
            Some(Err(TrySendError::Disconnected(_))) | None => Pushed::Closed,
        };
        let counter = if pushed == Pushed::Queued { &self.counters.accepted } else { &self.counters.dropped };
        counter.fetch_add(1, Ordering::Relaxed);
        pushed
    }

    /// The counts so far.
    pub fn stats(&self) -> Stats {
        let c = &self.counters;
        Stats {
            accepted: c.accepted.load(Ordering::Relaxed),
            written: c.written.load(Ordering::Relaxed),
            dropped: c.dropped.load(Ordering::Relaxed),
            failed: c.failed.load(Ordering::Relaxed),
            last_error: c.last_error.lock().unwrap_or_else(PoisonError::into_inner).clone(),
        }
    }

    /// Closes the queue to new records, waits until the writer has stored every record it
    /// accepted, and returns the final counts. Later pushes are dropped as [`Pushed::Closed`].
    /// Blocks: from async code, call it in a blocking task.
    pub fn drain_and_close(&self) -> Stats {
        drop(self.sender.write().unwrap_or_else(PoisonError::into_inner).take());
        let writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(writer) = writer {
            if writer.join().is_err() {
                self.counters.fail("the insights writer stopped unexpectedly".to_owned());
            }
        }
        self.stats()
    }
}

impl Drop for RecordQueue {
    fn drop(&mut self) {
        self.drain_and_close();
    }
}

/// The writer thread: batches until every sender is gone and the queue is empty.
fn write_all(mut store: Box<dyn Store>, receiver: &Receiver<Row>, counters: &Counters) {
    while let Ok(first) = receiver.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(row) => batch.push(row),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        let count = batch.len() as u64;
        let mut result = store.write(&batch);
        for delay in RETRY_DELAYS {
            if result.is_ok() {
                break;
            }
            std::thread::sleep(delay);
            result = store.write(&batch);
        }
        match result {
            Ok(()) => {
                counters.written.fetch_add(count, Ordering::Relaxed);
            }
            Err(err) => {
                counters.failed.fetch_add(count, Ordering::Relaxed);
                tracing::warn!(records = count, error = %err, "insights: records could not be written and are lost");
                counters.fail(err.to_string());
            }
        }
    }
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}
