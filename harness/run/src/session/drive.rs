//! The session itself: reads the pages on the blocking pool and replays them as they come on
//! the async runtime (pages concurrently up to `jobs`, each page's examples in order), telling
//! every step to the sink as it happens.

use std::collections::{HashMap, HashSet};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use exemplar_mock::MockServer;
use reqwest::Url;
use tokio::sync::Semaphore;
use tokio::sync::mpsc::Receiver;
use tokio::task::JoinHandle;

use super::context::{INTERRUPTED, Page, Place, Shared};
use super::event::{End, Event, Started, Summary, Unreferenced};
use super::example::{self, Sent};
use super::options::RunOptions;
use super::scenario;
use super::select::{Read, select};
use super::sink::{FLUSH_EVERY, Sink};
use crate::auth::Signer;
use crate::replay::Replayer;
use crate::snapshot;
use exemplar_mock as mock;

pub(crate) struct Session {
    pub options: RunOptions,
    pub changed: Option<HashSet<PathBuf>>,
    pub replayer: Replayer,
    pub sink: Arc<Sink>,
}

/// Pages read but not yet replayed: a few, so memory stays flat however large the doc set.
const PAGES_AHEAD: usize = 64;

impl Session {
    pub fn drive(self, runtime: &tokio::runtime::Handle, listener: Option<TcpListener>) {
        let started = Instant::now();
        let sink = Arc::clone(&self.sink);
        *sink.totals() = Summary::new(0, self.options.changed_since.is_some());
        sink.totals().partition = self.options.partition;
        let scope = runtime.block_on(self.replay(listener));
        let mut summary = sink.totals().clone();
        summary.end = match (sink.stop.why(), sink.unreachable(), sink.sign_in()) {
            (_, _, Some(error)) => End::SignIn(error),
            (_, Some(error), None) => End::Unreachable(error),
            (INTERRUPTED, None, None) => End::Interrupted,
            _ => End::Completed,
        };
        if summary.end == End::Completed {
            self.unreferenced(&scope);
        }
        summary.duration = started.elapsed();
        sink.ensure_started(Started {
            target: String::new(),
            mock: self.options.settings.target.is_none(),
            examples: summary.selected,
            pages: 0,
            proxy: None,
        });
        sink.send(Event::Finished(summary));
    }

    /// Reads the pages and replays them as they come, against the target, or against the
    /// built-in mock once every page is read (it answers for all of them). The start is told
    /// when reading ends and the selection's size is known; what finished before waits for it.
    /// The prune scope comes back for after.
    async fn replay(&self, listener: Option<TcpListener>) -> snapshot::PruneScope {
        let _flusher = Flusher::start(Arc::clone(&self.sink));
        let (reader, mut incoming) = self.read();
        // Against the mock, reading is over before the first request: `Ok(read)`.
        let mut unservable = HashMap::new();
        let (target, server, read) = match (&self.options.settings.target, listener) {
            (Some(target), _) => (target.clone(), None, Err(reader)),
            (None, listener) => match self.start_mock(&mut incoming, reader, listener).await {
                Ok((url, server, read, refused)) => {
                    unservable = refused;
                    (url, Some(server), Ok(read))
                }
                Err(read) => {
                    let what = "the built-in mock".to_owned();
                    self.sink.start(started(&read, what, true, None));
                    return read.scope;
                }
            },
        };
        let redactor = self.options.redactor();
        let settings = &self.options.settings;
        // Never signed in to the built-in mock: no token is sent to it.
        let signer = (settings.auth.clone())
            .filter(|_| server.is_none())
            .map(|auth| {
                Signer::new(
                    auth,
                    &target,
                    self.replayer.client().clone(),
                    redactor.clone(),
                )
            });
        let mut granted = settings.scopes.clone();
        if let Some(signer) = &signer {
            match signer.token().await {
                Ok(token) => granted = granted.or_else(|| crate::auth::granted(&token.value)),
                Err(error) => self.sink.sign_in_failed(error),
            }
        }
        let shared = Arc::new(Shared {
            signer,
            granted,
            target,
            sample_values: server.is_some(),
            replayer: self.replayer.clone(),
            redactor,
            settings: self.options.settings.clone(),
            rule_hits: (self.options.settings.rules.rules.iter())
                .map(|_| AtomicBool::new(false))
                .collect(),
            proxy: self.options.proxy.clone().filter(|_| server.is_none()),
            unservable,
        });
        let (units, read) = match self.scenarios(&mut incoming).await {
            Some((units, counted)) => {
                let mut read = match read {
                    Ok(read) => read,
                    // Every page is read by now: the scenarios needed them all.
                    Err(reader) => reader.await.unwrap_or_default(),
                };
                read.examples = read.examples.saturating_add_signed(counted.selected);
                read.elsewhere = read.elsewhere.saturating_add_signed(counted.elsewhere);
                self.sink.totals().elsewhere = read.elsewhere;
                let proxy = shared.proxy.as_ref().map(crate::proxy::shown);
                let shown = shown(&shared.target);
                self.sink
                    .start(started(&read, shown, server.is_some(), proxy));
                (units, Ok(read))
            }
            None => (Vec::new(), read),
        };
        let tasks = dispatch(&mut incoming, &shared, &self.sink, units).await;
        join(tasks).await;
        self.sink.totals().unused_ignores = shared.unused_rules();
        let read = match read {
            Ok(read) => read,
            Err(reader) => reader.await.unwrap_or_default(),
        };
        drop(server);
        read.scope
    }

    /// Reads the pages on the blocking pool, handing them on a few at a time. Against a target
    /// the start is told as soon as reading ends (the mock's address is known only later).
    fn read(&self) -> (JoinHandle<Read>, Receiver<Page>) {
        let (pages, incoming) = tokio::sync::mpsc::channel(PAGES_AHEAD);
        let (options, changed, sink) = (
            self.options.clone(),
            self.changed.clone(),
            Arc::clone(&self.sink),
        );
        // With scenarios, the start is told once they are settled (they change the count).
        let target = (self.options.settings.target.as_ref())
            .filter(|_| self.options.settings.scenarios.is_empty())
            .map(shown);
        let proxy = self.options.proxy.as_ref().map(crate::proxy::shown);
        let reader = tokio::task::spawn_blocking(move || {
            // Scenario steps (setup, teardown) are not examples under test: not counted.
            let mut steps = scenario::step_names(&options.settings.scenarios);
            let mut stepping = 0;
            let mut each = |page: Page| {
                stepping += scenario::count_steps(&page, &mut steps);
                // A dispatcher that stopped taking pages only needs the count.
                let _ = pages.blocking_send(page);
            };
            let mut read = select(&options, changed.as_ref(), &mut each, &mut |error| {
                sink.totals().pages_failed += 1;
                sink.send(Event::PageFailed(error));
            });
            read.examples -= stepping.min(read.examples);
            sink.totals().elsewhere = read.elsewhere;
            if let Some(target) = target {
                sink.start(started(&read, target, false, proxy));
            }
            read
        });
        (reader, incoming)
    }

    /// Takes every page, starts the mock of them on `listener`, tells the start, and queues the
    /// pages again for replay. `Err` when the mock could not start.
    async fn start_mock(
        &self,
        incoming: &mut Receiver<Page>,
        reader: JoinHandle<Read>,
        listener: Option<TcpListener>,
    ) -> Result<(Url, MockServer, Read, HashMap<(String, u32), String>), Read> {
        let mut pages = Vec::new();
        while let Some(page) = incoming.recv().await {
            pages.push(page);
        }
        let read = reader.await.unwrap_or_default();
        let Some((url, server, unservable)) = self.mock(&pages, listener).await else {
            return Err(read);
        };
        let (again, queued) = tokio::sync::mpsc::channel(pages.len().max(1));
        for page in pages {
            let _ = again.try_send(page);
        }
        *incoming = queued;
        if self.options.settings.scenarios.is_empty() {
            self.sink.start(started(&read, shown(&url), true, None));
        }
        Ok((url, server, read, unservable))
    }

    /// The scenarios' units, their examples taken out of the pages (all read first, then
    /// queued again), and how they change the pages' counts; `None` without `[[scenario]]`.
    async fn scenarios(
        &self,
        incoming: &mut Receiver<Page>,
    ) -> Option<(Vec<scenario::Unit>, scenario::Recount)> {
        let scenarios = &self.options.settings.scenarios;
        if scenarios.is_empty() {
            return None;
        }
        let mut pages = Vec::new();
        while let Some(page) = incoming.recv().await {
            pages.push(page);
        }
        let count = pages.len();
        let units = scenario::units(scenarios, &mut pages, count);
        let kept = scenario::keep_units(&self.options.filters, self.options.partition, units);
        let (again, queued) = tokio::sync::mpsc::channel(pages.len().max(1));
        for page in pages {
            let _ = again.try_send(page);
        }
        *incoming = queued;
        Some(kept)
    }

    /// The built-in mock of every page read, on `listener`, with the examples it cannot
    /// answer as documented (by file and line, with why).
    async fn mock(
        &self,
        pages: &[Page],
        listener: Option<TcpListener>,
    ) -> Option<(Url, MockServer, HashMap<(String, u32), String>)> {
        let (routes, refused) = mock::routes(pages.iter().map(|p| &p.doc));
        // Stateful, as DESIGN §9 has it for a run without a target: a page's create → read works.
        let server = mock::start_with(routes, listener?, None, true).await;
        let url = Url::parse(&server.uri()).ok()?;
        let refused = refused.into_iter().map(|u| ((u.file, u.line), u.reason));
        Some((url, server, refused.collect()))
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

/// Sends waiting events on every few milliseconds while the run goes, so each result is seen
/// soon after it happens however slowly the next one comes.
struct Flusher(tokio::task::JoinHandle<()>);

impl Flusher {
    fn start(sink: Arc<Sink>) -> Flusher {
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

/// Starts each scenario, then each page that comes, up to `jobs` at once, each page's examples
/// in document order; once the run is stopped nothing starts (the rest of the pages are only
/// drained, so reading can finish).
async fn dispatch(
    incoming: &mut Receiver<Page>,
    shared: &Arc<Shared>,
    sink: &Arc<Sink>,
    units: Vec<scenario::Unit>,
) -> tokio::task::JoinSet<()> {
    let permits = Arc::new(Semaphore::new(shared.settings.jobs));
    let mut tasks = tokio::task::JoinSet::new();
    for unit in units {
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            continue;
        };
        if sink.stop.is_stopped() {
            break;
        }
        let (shared, sink) = (Arc::clone(shared), Arc::clone(sink));
        tasks.spawn(async move {
            let _permit = permit;
            scenario::replay(unit, &shared, &sink).await;
        });
    }
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
        let result = match example::send(&example, shared, order, None).await {
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
        sink.totals().count(result.outcome);
        sink.send(Event::Example(Box::new(result)));
    }
}

fn started(read: &Read, target: String, mock: bool, proxy: Option<String>) -> Started {
    Started {
        target,
        mock,
        examples: read.examples,
        pages: read.pages,
        proxy,
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
