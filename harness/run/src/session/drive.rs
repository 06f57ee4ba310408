//! The session itself: reads the pages on the blocking pool and replays them as they come on
//! the async runtime (pages concurrently up to `jobs`, each page's examples in order), telling
//! every step to the sink as it happens.

use std::collections::{HashMap, HashSet};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use exemplar_mock::MockServer;
use reqwest::Url;
use tokio::sync::mpsc::Receiver;
use tokio::task::JoinHandle;

use super::context::{INTERRUPTED, Page, Shared};
use super::dispatch::{dispatch, join};
use super::event::{End, Event, Started, Summary, Unreferenced};
use super::options::RunOptions;
use super::scenario;
use super::select::{Read, select};
use super::sink::{Flusher, Sink};
use crate::auth::Signer;
use crate::replay::Replayer;
use crate::snapshot;
use exemplar_mock as mock;

pub(crate) struct Session {
    pub options: RunOptions,
    pub changed: Option<HashSet<PathBuf>>,
    pub replayer: Replayer,
    pub sink: Arc<Sink>,
    /// The pages already read (to check `[[scenario]]`), read again by no one.
    pub preread: std::sync::Mutex<Option<Vec<exemplar_core::scan::Scanned>>>,
}

/// Pages read but not yet replayed: a few, so memory stays flat however large the doc set.
const PAGES_AHEAD: usize = 64;

/// Where the requests go: the target, or the built-in mock of every page read.
struct Target {
    url: Url,
    /// The built-in mock, when there is no target; it serves until the run ends.
    mock: Option<MockServer>,
    read: Reading,
    /// Examples the built-in mock cannot answer as documented, by (file, line), with why.
    unservable: HashMap<(String, u32), String>,
}

/// What reading found, or the reader still at it (against a target, requests start at once).
type Reading = Result<Read, JoinHandle<Read>>;

impl Session {
    pub(crate) fn drive(self, runtime: &tokio::runtime::Handle, listener: Option<TcpListener>) {
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
        summary.throttled = self.replayer.throttled();
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
        let target = match &self.options.settings.target {
            Some(url) => Target {
                url: url.clone(),
                mock: None,
                read: Err(reader),
                unservable: HashMap::new(),
            },
            None => match self.start_mock(&mut incoming, reader, listener).await {
                Ok(target) => target,
                Err(read) => {
                    let what = "the built-in mock".to_owned();
                    self.sink.start(started(&read, what, true, None));
                    return read.scope;
                }
            },
        };
        let Target {
            url,
            mock,
            read,
            unservable,
        } = target;
        let shared = self.shared(url, mock.is_some(), unservable).await;
        let (units, read) = self
            .units(&mut incoming, &shared, mock.is_some(), read)
            .await;
        let tasks = dispatch(&mut incoming, &shared, &self.sink, units).await;
        join(tasks).await;
        self.sink.totals().unused_ignores = shared.unused_rules();
        let read = match read {
            Ok(read) => read,
            Err(reader) => reader.await.unwrap_or_default(),
        };
        drop(mock);
        read.scope
    }

    /// What every example shares, signed in first when the run signs in: never to the
    /// built-in mock (`mocked`), so no token is sent to it.
    async fn shared(
        &self,
        target: Url,
        mocked: bool,
        unservable: HashMap<(String, u32), String>,
    ) -> Arc<Shared> {
        let redactor = self.options.redactor();
        let settings = &self.options.settings;
        let signer = (settings.auth.clone()).filter(|_| !mocked).map(|auth| {
            let client = self.replayer.client().clone();
            Signer::new(auth, &target, client, redactor.clone())
        });
        let mut granted = settings.scopes.clone();
        if let Some(signer) = &signer {
            match signer.token().await {
                Ok(token) => granted = granted.or_else(|| crate::auth::granted(&token.value)),
                Err(error) => self.sink.sign_in_failed(error),
            }
        }
        Arc::new(Shared {
            signer,
            granted,
            target,
            sample_values: mocked,
            replayer: self.replayer.clone(),
            redactor,
            settings: settings.clone(),
            rule_hits: (settings.rules.rules.iter())
                .map(|_| AtomicBool::new(false))
                .collect(),
            proxy: self.options.proxy.clone().filter(|_| !mocked),
            unservable,
            record_exchanges: self.options.record_exchanges,
        })
    }

    /// The scenarios' units and what reading found; with scenarios, the start is told here,
    /// once they have set the counts right (every page is read by then: they needed them all).
    async fn units(
        &self,
        incoming: &mut Receiver<Page>,
        shared: &Shared,
        mocked: bool,
        read: Reading,
    ) -> (Vec<scenario::Unit>, Reading) {
        let Some((units, counted)) = self.scenarios(incoming).await else {
            return (Vec::new(), read);
        };
        let mut read = match read {
            Ok(read) => read,
            Err(reader) => reader.await.unwrap_or_default(),
        };
        read.examples = read.examples.saturating_add_signed(counted.selected);
        read.elsewhere = read.elsewhere.saturating_add_signed(counted.elsewhere);
        self.sink.totals().elsewhere = read.elsewhere;
        let proxy = shared.proxy.as_ref().map(crate::proxy::shown);
        let shown = shown(&shared.target);
        self.sink.start(started(&read, shown, mocked, proxy));
        (units, Ok(read))
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
        let preread = (self.preread.lock().ok()).and_then(|mut p| p.take());
        let reader = tokio::task::spawn_blocking(move || {
            // Scenario steps (setup, teardown) are not examples under test: not counted.
            let mut steps = scenario::step_names(&options.settings.scenarios);
            let mut stepping = 0;
            let mut each = |page: Page| {
                stepping += scenario::count_steps(&page, &mut steps);
                // A dispatcher that stopped taking pages only needs the count.
                let _ = pages.blocking_send(page);
            };
            let mut read = select(
                &options,
                changed.as_ref(),
                preread,
                &mut each,
                &mut |error| {
                    sink.totals().pages_failed += 1;
                    sink.send(Event::PageFailed(error));
                },
            );
            read.examples -= stepping.min(read.examples);
            sink.totals().elsewhere = read.elsewhere;
            if let Some(target) = target {
                sink.start(started(&read, target, false, proxy));
            }
            read
        });
        (reader, incoming)
    }

    /// Takes every page, starts the mock of them on `listener`, tells the start (without
    /// scenarios), and queues the pages again for replay. `Err` when the mock could not start.
    async fn start_mock(
        &self,
        incoming: &mut Receiver<Page>,
        reader: JoinHandle<Read>,
        listener: Option<TcpListener>,
    ) -> Result<Target, Read> {
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
        Ok(Target {
            url,
            mock: Some(server),
            read: Ok(read),
            unservable,
        })
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
        let limits = mock::Limits::default();
        let server = mock::start_with(routes, listener?, None, true, limits).await;
        let url = Url::parse(&server.uri()).ok()?;
        let refused = refused.into_iter().map(|u| ((u.place(), u.line), u.reason));
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
