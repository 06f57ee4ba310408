//! Starting a run and handling it: [`run`] checks what must hold before anything is sent, then
//! drives the session on its own thread; [`Run`] yields its events, [`Stop`] ends it early.

use std::collections::HashSet;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use super::context::Stop;
use super::drive::Session;
use super::event::Event;
use super::options::RunOptions;
use super::sink::Sink;
use crate::changed::{self, GitError};
use crate::replay::{ReplayError, Replayer};
use exemplar_core::scan::Scanned;

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
    /// The `--ca-cert` file cannot be read or holds no certificate.
    #[error("--ca-cert {path}: {message}")]
    CaCert {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// No port could be opened for the built-in mock.
    #[error("cannot open a port for the built-in mock: {0}")]
    MockPort(std::io::Error),
    /// A `[[scenario]]` names no example, captures what no step uses, or has a cycle.
    #[error(transparent)]
    Scenario(crate::config::ConfigError),
    /// The runtime or the run's thread could not be started.
    #[error("cannot start the run: {0}")]
    Start(std::io::Error),
}

impl RunError {
    /// The process exit code: 2 for a bad `--changed-since`, 1 for anything the machine refused.
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::ChangedSince { .. } | RunError::Scenario(_) | RunError::CaCert { .. } => {
                crate::error::EXIT_INVALID
            }
            _ => crate::error::EXIT_FAILED,
        }
    }
}

/// A run in progress: iterate it for its events, which end with [`Event::Finished`].
#[derive(Debug)]
pub struct Run {
    events: mpsc::Receiver<Vec<Event>>,
    /// Events received and not yet handed out.
    ready: std::collections::VecDeque<Event>,
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
        loop {
            if let Some(event) = self.ready.pop_front() {
                return Some(event);
            }
            self.ready.extend(self.events.recv().ok()?);
        }
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
    let changed = changed_since(&options)?;
    let preread = check_scenarios(&options)?;
    let replayer = replayer(&options)?;
    let listener = match options.settings.target {
        Some(_) => None,
        None => Some(TcpListener::bind("127.0.0.1:0").map_err(RunError::MockPort)?),
    };
    let (own, handle) = runtime(&options)?;
    let (sender, events) = mpsc::channel();
    let stop = Stop::default();
    let session = Session {
        options,
        changed,
        replayer,
        sink: Arc::new(Sink::new(sender, stop.clone())),
        preread: std::sync::Mutex::new(preread),
    };
    let thread = std::thread::Builder::new()
        .name("exemplar-run".into())
        .spawn(move || {
            session.drive(&handle, listener);
            drop(own);
        })
        .map_err(RunError::Start)?;
    Ok(Run {
        events,
        ready: Default::default(),
        stop,
        thread: Some(thread),
    })
}

/// The canonical paths changed since `--changed-since`, when it is given.
fn changed_since(options: &RunOptions) -> Result<Option<HashSet<PathBuf>>, RunError> {
    let Some(rev) = &options.changed_since else {
        return Ok(None);
    };
    let changed = changed::since(Path::new("."), rev).map_err(|error| RunError::ChangedSince {
        rev: rev.clone(),
        error,
    })?;
    Ok(Some(changed))
}

/// Checks the names the `[[scenario]]` tables hold against every example; the pages read for
/// it are kept for the session, so that each page is read once.
fn check_scenarios(options: &RunOptions) -> Result<Option<Vec<Scanned>>, RunError> {
    let scenarios = &options.settings.scenarios;
    if scenarios.is_empty() {
        return Ok(None);
    }
    let mut pages = Vec::new();
    let walk = exemplar_core::discover::walk(&options.paths);
    exemplar_core::scan::scan(
        walk,
        options.read_jobs,
        exemplar_core::scan::Reading::Examples,
        |found| pages.push(found),
    );
    let examples: Vec<_> = (pages.iter().flatten())
        .flat_map(|page| page.doc.examples.iter().cloned())
        .collect();
    super::scenario::check(scenarios, &examples).map_err(RunError::Scenario)?;
    Ok(Some(pages))
}

/// The run's HTTP client, trusting the `--ca-cert` file's certificates too.
fn replayer(options: &RunOptions) -> Result<Replayer, RunError> {
    let settings = &options.settings;
    // The built-in mock is on this machine: never through a proxy.
    let proxy = options.proxy.as_ref().filter(|_| settings.target.is_some());
    let pem = match &settings.ca_cert {
        Some(path) => std::fs::read(path).map_err(|e| RunError::CaCert {
            path: path.display().to_string(),
            message: e.to_string(),
        })?,
        None => Vec::new(),
    };
    Replayer::trusting(
        settings.timeout,
        settings.retries,
        settings.max_body,
        proxy,
        &pem,
    )
    .map(|replayer| replayer.paced(settings.rate, settings.max_retry_after))
    .map_err(|error| match (&settings.ca_cert, error) {
        (Some(path), ReplayError::CaCerts(message)) => RunError::CaCert {
            path: path.display().to_string(),
            message: format!("CA certificates: {message}"),
        },
        (_, error) => RunError::Client(error),
    })
}

/// A runtime of the run's own (kept alive by the first), unless the caller lends one (its
/// server and the run then share it).
fn runtime(
    options: &RunOptions,
) -> Result<(Option<tokio::runtime::Runtime>, tokio::runtime::Handle), RunError> {
    if let Some(handle) = &options.runtime {
        return Ok((None, handle.clone()));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(RunError::Start)?;
    let handle = runtime.handle().clone();
    Ok((Some(runtime), handle))
}
