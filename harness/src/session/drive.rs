//! The orchestrator: options in, events out. Reads and selects the pages on a pool of threads,
//! then replays them on an async runtime (pages concurrently up to `jobs`, each page's examples
//! in order), and tells every step as an [`Event`] as soon as it happens.

use std::collections::HashSet;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Instant;

use reqwest::Url;
use tokio::sync::Semaphore;

use super::event::{End, Event, Started, Summary, Unreferenced};
use super::example::{self, Place, Sent, Shared};
use super::options::RunOptions;
use super::select::{Page, Read, select};
use crate::changed::{self, GitError};
use crate::replay::{ReplayError, Replayer};
use crate::{mock, snapshot};

/// Why a run could not start; nothing was sent.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// `--changed-since` could not ask git what changed.
    #[error("--changed-since {rev}: {error}")]
    ChangedSince {
        /// The revision given.
        rev: String,
        /// What went wrong.
        error: GitError,
    },
    /// The HTTP client could not be set up.
    #[error("cannot set up the HTTP client: {0}")]
    Client(ReplayError),
    /// No port could be opened for the built-in mock.
    #[error("cannot open a port for the built-in mock: {0}")]
    MockPort(std::io::Error),
    /// The runtime or the run's thread could not be started.
    #[error("cannot start the run: {0}")]
    Start(std::io::Error),
}

impl RunError {
    /// The process exit code: 2 for a bad `--changed-since`, 1 for anything the machine refused.
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::ChangedSince { .. } => crate::error::EXIT_INVALID,
            _ => crate::error::EXIT_FAILED,
        }
    }
}

/// Asks a running session to stop: no new request is sent, those in flight end (bounded by the
/// timeout), and the run finishes with its summary. Cheap to clone; safe from a signal handler.
#[derive(Debug, Clone, Default)]
pub struct Stop(Arc<AtomicU8>);

const RUNNING: u8 = 0;
const INTERRUPTED: u8 = 1;
const UNREACHABLE: u8 = 2;

impl Stop {
    /// Stops the run (Ctrl-C).
    pub fn stop(&self) {
        self.set(INTERRUPTED);
    }

    /// Whether the run was asked to stop, by the caller or because the target is not there.
    pub fn is_stopped(&self) -> bool {
        self.0.load(Ordering::SeqCst) != RUNNING
    }

    fn set(&self, why: u8) {
        let _ = self
            .0
            .compare_exchange(RUNNING, why, Ordering::SeqCst, Ordering::SeqCst);
    }
}

/// A run in progress: iterate it for its events, which end with [`Event::Finished`].
#[derive(Debug)]
pub struct Run {
    events: mpsc::Receiver<Event>,
    stop: Stop,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Run {
    /// A handle that stops this run.
    pub fn stopper(&self) -> Stop {
        self.stop.clone()
    }
}

impl Iterator for Run {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        self.events.recv().ok()
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        self.stop.stop();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts a run: reads and selects the docs, replays the examples, and yields what happens.
///
/// What cannot start (a bad `--changed-since`, no port for the built-in mock) is an error now;
/// everything after is an event, a page that cannot be read included.
pub fn run(options: RunOptions) -> Result<Run, RunError> {
    let changed =
        match &options.changed_since {
            Some(rev) => Some(changed::since(Path::new("."), rev).map_err(|error| {
                RunError::ChangedSince {
                    rev: rev.clone(),
                    error,
                }
            })?),
            None => None,
        };
    let settings = &options.settings;
    let replayer = Replayer::new(settings.timeout, settings.retries, settings.max_body)
        .map_err(RunError::Client)?;
    let listener = match settings.target {
        Some(_) => None,
        None => Some(TcpListener::bind("127.0.0.1:0").map_err(RunError::MockPort)?),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(RunError::Start)?;
    let (sender, events) = mpsc::channel();
    let stop = Stop::default();
    let session = Session {
        options,
        changed,
        replayer,
        sink: Arc::new(Sink::new(sender, stop.clone())),
    };
    let thread = std::thread::Builder::new()
        .name("exemplar-run".into())
        .spawn(move || session.drive(&runtime, listener))
        .map_err(RunError::Start)?;
    Ok(Run {
        events,
        stop,
        thread: Some(thread),
    })
}

struct Session {
    options: RunOptions,
    changed: Option<HashSet<PathBuf>>,
    replayer: Replayer,
    sink: Arc<Sink>,
}

/// Pages read but not yet replayed: a few, so memory stays flat however large the doc set.
const PAGES_AHEAD: usize = 64;

impl Session {
    fn drive(self, runtime: &tokio::runtime::Runtime, listener: Option<TcpListener>) {
        let started = Instant::now();
        let sink = Arc::clone(&self.sink);
        *sink.lock() = Summary::new(0, self.options.changed_since.is_some());
        let scope = runtime.block_on(self.replay(listener));
        let mut summary = sink.lock().clone();
        summary.end = match (sink.stop.0.load(Ordering::SeqCst), sink.unreachable()) {
            (_, Some(error)) => End::Unreachable(error),
            (INTERRUPTED, None) => End::Interrupted,
            _ => End::Completed,
        };
        if summary.end == End::Completed {
            self.unreferenced(&scope);
        }
        summary.duration = started.elapsed();
        sink.send(Event::Finished(summary));
    }

    /// Reads the pages and replays them as they come, against the target, or against the
    /// built-in mock once every page is read (it answers for all of them). The start is told
    /// when reading ends and the selection's size is known; what finished before waits for it.
    /// The prune scope comes back for after.
    async fn replay(&self, listener: Option<TcpListener>) -> snapshot::PruneScope {
        let (pages, mut incoming) = tokio::sync::mpsc::channel(PAGES_AHEAD);
        let (options, changed, sink) = (
            self.options.clone(),
            self.changed.clone(),
            Arc::clone(&self.sink),
        );
        // Against a target, the start is told as soon as reading ends; the mock's address is
        // known only once it has every page.
        let target = self.options.settings.target.as_ref().map(shown);
        let reader = tokio::task::spawn_blocking(move || {
            let mut each = |page: Page| {
                // A dispatcher that stopped taking pages only needs the count.
                let _ = pages.blocking_send(page);
            };
            let read = select(&options, changed.as_ref(), &mut each, &mut |error| {
                sink.lock().pages_failed += 1;
                sink.send(Event::PageFailed(error));
            });
            if let Some(target) = target {
                sink.start(started(&read, target, false));
            }
            read
        });
        let (target, server) = match (&self.options.settings.target, listener) {
            (Some(target), _) => (target.clone(), None),
            (None, listener) => {
                let mut read = Vec::new();
                while let Some(page) = incoming.recv().await {
                    read.push(page);
                }
                let (target, server) = match listener {
                    Some(listener) => self.mock(&read, listener).await,
                    None => (None, None),
                };
                let (again, rest) = tokio::sync::mpsc::channel(read.len().max(1));
                read.into_iter().for_each(|page| {
                    let _ = again.try_send(page);
                });
                incoming = rest;
                match target {
                    Some(target) => (target, server),
                    None => {
                        let read = reader.await.unwrap_or_default();
                        let what = "the built-in mock".to_owned();
                        self.sink.start(started(&read, what, true));
                        return read.scope;
                    }
                }
            }
        };
        let shared = Arc::new(Shared {
            target,
            sample_values: server.is_some(),
            replayer: self.replayer.clone(),
            redactor: self.options.redactor(),
            settings: self.options.settings.clone(),
        });
        // Read already (the mock needed every page), or still reading.
        let read = if server.is_some() {
            let read = reader.await.unwrap_or_default();
            self.sink.start(started(&read, shown(&shared.target), true));
            Ok(read)
        } else {
            Err(reader)
        };
        let tasks = dispatch(&mut incoming, &shared, &self.sink).await;
        join(tasks).await;
        let read = match read {
            Ok(read) => read,
            Err(reader) => reader.await.unwrap_or_default(),
        };
        drop(server);
        read.scope
    }

    /// The built-in mock of every page read, on `listener`.
    async fn mock(
        &self,
        pages: &[Page],
        listener: TcpListener,
    ) -> (Option<Url>, Option<wiremock::MockServer>) {
        let docs: Vec<_> = pages.iter().map(|p| p.doc.clone()).collect();
        let (routes, _) = mock::routes(&docs);
        let server = mock::start(routes, listener, None).await;
        match Url::parse(&server.uri()) {
            Ok(url) => (Some(url), Some(server)),
            Err(_) => (None, None),
        }
    }

    fn unreferenced(&self, scope: &snapshot::PruneScope) {
        let Some(store) = &self.options.settings.snapshots else {
            return;
        };
        for path in snapshot::unreferenced(scope) {
            let removed = self.options.prune && !store.ci && snapshot::remove(&path).is_ok();
            self.sink.send(Event::Unreferenced(Unreferenced {
                path,
                removed,
                ci: store.ci,
            }));
        }
    }
}

/// Starts each page that comes, up to `jobs` at once, each page's examples in document order;
/// once the run is stopped no page starts (the rest are only drained, so reading can finish).
async fn dispatch(
    incoming: &mut tokio::sync::mpsc::Receiver<Page>,
    shared: &Arc<Shared>,
    sink: &Arc<Sink>,
) -> tokio::task::JoinSet<()> {
    let permits = Arc::new(Semaphore::new(shared.settings.jobs));
    let mut tasks = tokio::task::JoinSet::new();
    let mut index = 0;
    while let Some(page) = incoming.recv().await {
        index += 1;
        if page.selected.is_empty() || sink.stop.is_stopped() {
            continue;
        }
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            continue;
        };
        if sink.stop.is_stopped() {
            continue;
        }
        let (shared, sink) = (Arc::clone(shared), Arc::clone(sink));
        let order = index - 1;
        tasks.spawn(async move {
            let _permit = permit;
            replay_page(order, page, &shared, &sink).await;
        });
        // Collect what has finished so far, so the join set stays small.
        while tasks.try_join_next().is_some() {}
    }
    tasks
}

async fn join(mut tasks: tokio::task::JoinSet<()>) {
    while tasks.join_next().await.is_some() {}
}

async fn replay_page(index: usize, page: Page, shared: &Shared, sink: &Sink) {
    let key: Arc<str> = page.key.into();
    let mut examples: Vec<Option<_>> = page.doc.examples.into_iter().map(Some).collect();
    for i in page.selected {
        if sink.stop.is_stopped() {
            return;
        }
        let Some(example) = examples.get_mut(i).and_then(Option::take) else {
            continue;
        };
        let order = (index, i);
        let result = match example::send(&example, shared, order).await {
            Sent::Skipped(result) => result,
            Sent::Replayed(_, Err(error)) if error.is_connect() && !sink.answered() => {
                // Nothing has ever answered: the target is not there. One message, not one
                // error per example.
                sink.unreachable_at(error);
                return;
            }
            Sent::Replayed(result, answer) => {
                if answer.is_ok() {
                    sink.answered.store(true, Ordering::SeqCst);
                }
                let place = Place {
                    key: Arc::clone(&key),
                    snapshot: page.snapshots.as_ref().and_then(|s| s.get(i).cloned()),
                };
                example::finish(Arc::new(example), shared, place, result, answer).await
            }
        };
        sink.lock().count(result.outcome);
        sink.send(Event::Example(Box::new(result)));
    }
}

/// Where events go, with the running totals and what the run learnt of its target. Until the
/// start is told, events wait in `held`, so a reporter always hears the start first.
struct Sink {
    sender: mpsc::Sender<Event>,
    held: Mutex<Option<Vec<Event>>>,
    summary: Mutex<Summary>,
    stop: Stop,
    answered: AtomicBool,
    unreachable: Mutex<Option<ReplayError>>,
}

impl Sink {
    fn new(sender: mpsc::Sender<Event>, stop: Stop) -> Sink {
        Sink {
            sender,
            held: Mutex::new(Some(Vec::new())),
            summary: Mutex::new(Summary::new(0, false)),
            stop,
            answered: AtomicBool::new(false),
            unreachable: Mutex::new(None),
        }
    }

    fn send(&self, event: Event) {
        let mut held = self
            .held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match held.as_mut() {
            Some(waiting) => waiting.push(event),
            // A caller that stopped listening has what it wanted.
            None => drop(self.sender.send(event)),
        }
    }

    /// Tells the start, then what waited for it.
    fn start(&self, started: Started) {
        self.lock().selected = started.examples;
        let mut held = self
            .held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let waiting = held.take().unwrap_or_default();
        for event in std::iter::once(Event::Started(started)).chain(waiting) {
            let _ = self.sender.send(event);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Summary> {
        self.summary
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn answered(&self) -> bool {
        self.answered.load(Ordering::SeqCst)
    }

    fn unreachable_at(&self, error: ReplayError) {
        let mut first = self
            .unreachable
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        first.get_or_insert(error);
        self.stop.set(UNREACHABLE);
    }

    fn unreachable(&self) -> Option<ReplayError> {
        self.unreachable
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

fn started(read: &Read, target: String, mock: bool) -> Started {
    Started {
        target,
        mock,
        examples: read.examples,
        pages: read.pages,
    }
}

/// The target as printed: no user, password or query, which may hold credentials.
fn shown(target: &Url) -> String {
    let mut shown = target.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.to_string()
}
