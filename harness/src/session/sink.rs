//! Where a session's events go: held until the start is told, then sent on; with the running
//! totals and what the run learnt of its target.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, mpsc};

use super::event::{Event, Started, Summary};
use super::run::{Stop, UNREACHABLE};
use crate::replay::ReplayError;

/// Where events go, with the running totals and what the run learnt of its target. Until the
/// start is told, events wait in `held`, so a reporter always hears the start first.
pub(crate) struct Sink {
    sender: mpsc::Sender<Event>,
    held: Mutex<Option<Vec<Event>>>,
    summary: Mutex<Summary>,
    pub stop: Stop,
    pub answered: AtomicBool,
    unreachable: Mutex<Option<ReplayError>>,
}

impl Sink {
    pub(crate) fn new(sender: mpsc::Sender<Event>, stop: Stop) -> Sink {
        Sink {
            sender,
            held: Mutex::new(Some(Vec::new())),
            summary: Mutex::new(Summary::new(0, false)),
            stop,
            answered: AtomicBool::new(false),
            unreachable: Mutex::new(None),
        }
    }

    pub(crate) fn send(&self, event: Event) {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        match held.as_mut() {
            Some(waiting) => waiting.push(event),
            // A caller that stopped listening has what it wanted.
            None => drop(self.sender.send(event)),
        }
    }

    /// Tells the start, then what waited for it.
    pub(crate) fn start(&self, started: Started) {
        self.lock().selected = started.examples;
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        let waiting = held.take().unwrap_or_default();
        for event in std::iter::once(Event::Started(started)).chain(waiting) {
            let _ = self.sender.send(event);
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Summary> {
        self.summary.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn answered(&self) -> bool {
        self.answered.load(Ordering::SeqCst)
    }

    pub(crate) fn unreachable_at(&self, error: ReplayError) {
        let mut first = self
            .unreachable
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        first.get_or_insert(error);
        self.stop.set(UNREACHABLE);
    }

    pub(crate) fn unreachable(&self) -> Option<ReplayError> {
        self.unreachable
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}
