//! Where a session's events go: held until the start is told, then sent on in small batches
//! (a batch every few milliseconds, not a wake-up of the reader per event); with the running
//! totals and what the run learnt of its target.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, mpsc};
use std::time::Duration;

use super::context::{Stop, UNREACHABLE};
use super::event::{Event, Started, Summary};
use crate::replay::ReplayError;

/// How often waiting events are sent on, at the latest.
const FLUSH_EVERY: Duration = Duration::from_millis(10);

/// Events waiting to be sent: this many are sent at once, without waiting for the timer.
const BATCH: usize = 64;

/// Where events go, with the running totals and what the run learnt of its target. Until the
/// start is told, events wait, so a reporter always hears the start first.
pub(crate) struct Sink {
    sender: mpsc::Sender<Vec<Event>>,
    outbox: Mutex<Outbox>,
    summary: Mutex<Summary>,
    pub stop: Stop,
    pub answered: AtomicBool,
    unreachable: Mutex<Option<ReplayError>>,
    sign_in: Mutex<Option<crate::auth::AuthError>>,
}

/// Events not sent yet, and whether the start has been told.
#[derive(Default)]
struct Outbox {
    started: bool,
    waiting: Vec<Event>,
}

impl Sink {
    pub(crate) fn new(sender: mpsc::Sender<Vec<Event>>, stop: Stop) -> Sink {
        Sink {
            sender,
            outbox: Mutex::new(Outbox::default()),
            summary: Mutex::new(Summary::new(0, false)),
            stop,
            answered: AtomicBool::new(false),
            unreachable: Mutex::new(None),
            sign_in: Mutex::new(None),
        }
    }

    /// Sends `event` on: at once when it ends the run or fills a batch, else with the next
    /// batch or flush.
    pub(crate) fn send(&self, event: Event) {
        let mut outbox = locked(&self.outbox);
        let now = matches!(event, Event::Finished(_));
        outbox.waiting.push(event);
        if outbox.started && (now || outbox.waiting.len() >= BATCH) {
            self.deliver(&mut outbox);
        }
    }

    /// Sends on what waits, if the start has been told.
    pub(crate) fn flush(&self) {
        let mut outbox = locked(&self.outbox);
        if outbox.started {
            self.deliver(&mut outbox);
        }
    }

    /// Tells the start, then what waited for it.
    pub(crate) fn start(&self, started: Started) {
        self.totals().selected = started.examples;
        let mut outbox = locked(&self.outbox);
        outbox.started = true;
        outbox.waiting.insert(0, Event::Started(started));
        self.deliver(&mut outbox);
    }

    /// Tells `started` if nothing did (a run that ended before its pages were read).
    pub(crate) fn ensure_started(&self, started: Started) {
        let told = locked(&self.outbox).started;
        if !told {
            self.start(started);
        }
    }

    fn deliver(&self, outbox: &mut Outbox) {
        if !outbox.waiting.is_empty() {
            // A caller that stopped listening has what it wanted.
            let _ = self.sender.send(std::mem::take(&mut outbox.waiting));
        }
    }

    /// The running totals.
    pub(crate) fn totals(&self) -> MutexGuard<'_, Summary> {
        locked(&self.summary)
    }

    pub(crate) fn answered(&self) -> bool {
        self.answered.load(Ordering::SeqCst)
    }

    pub(crate) fn unreachable_at(&self, error: ReplayError) {
        let mut first = locked(&self.unreachable);
        first.get_or_insert(error);
        self.stop.set(UNREACHABLE);
    }

    pub(crate) fn unreachable(&self) -> Option<ReplayError> {
        locked(&self.unreachable).clone()
    }

    /// Signing in failed before any request: the run stops (no page starts).
    pub(crate) fn sign_in_failed(&self, error: crate::auth::AuthError) {
        locked(&self.sign_in).get_or_insert(error);
        self.stop.set(UNREACHABLE);
    }

    pub(crate) fn sign_in(&self) -> Option<crate::auth::AuthError> {
        locked(&self.sign_in).clone()
    }
}

/// Sends waiting events on every few milliseconds while the run goes, so each result is seen
/// soon after it happens however slowly the next one comes.
pub(crate) struct Flusher(tokio::task::JoinHandle<()>);

impl Flusher {
    pub(crate) fn start(sink: Arc<Sink>) -> Flusher {
        Flusher(tokio::spawn(async move {
            let mut tick = tokio::time::interval(FLUSH_EVERY);
            loop {
                tick.tick().await;
                sink.flush();
            }
        }))
    }
}

impl Drop for Flusher {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The value behind `mutex`, even if a thread panicked holding it: the counts stay usable.
fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
