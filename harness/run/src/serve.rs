//! `serve`: the docs' mock server on an address until Ctrl-C. Reads every page first (the mock
//! needs them all); what a person is told (pages it cannot serve, the banner) goes to a
//! callback, the request log to the mock's logger.

use std::io;
use std::net::{IpAddr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::PathBuf;

use exemplar_core::{DocFile, ReadError};
use exemplar_mock as mock;

/// What `serve` is asked.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Doc files, or folders searched for `*.md` (sorted).
    pub paths: Vec<PathBuf>,
    /// Threads reading pages.
    pub jobs: usize,
    /// The address to listen on: an IP address or `localhost`.
    pub host: String,
    /// The port (0 picks a free one).
    pub port: u16,
    /// Remember what POSTs create.
    pub stateful: bool,
    /// What one client may cost the server (`--max-body`, `--max-state`, timeouts, the cap).
    pub limits: mock::Limits,
}

/// Why the mock could not serve.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A page could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// `--host` is not an IP address.
    #[error("--host `{host}` is not an IP address")]
    Host {
        /// As given.
        host: String,
        /// Why.
        #[source]
        error: std::net::AddrParseError,
    },
    /// The address could not be listened on.
    #[error("cannot listen on {address}")]
    Listen {
        /// The address.
        address: SocketAddr,
        /// Why.
        #[source]
        error: io::Error,
    },
    /// The runtime, Ctrl-C's handler or the callback failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl ServeError {
    /// Whether the caller asked for something that cannot be (exit 2), rather than a failure.
    pub fn is_usage(&self) -> bool {
        matches!(self, ServeError::Host { .. } | ServeError::Listen { .. })
    }
}

/// Serves the docs until Ctrl-C; `tell` gets each line for the person who started it (pages it
/// cannot serve, then the banner once listening, then `stopped`).
pub fn serve(
    options: &ServeOptions,
    log: mock::Logger,
    mut tell: impl FnMut(&str) -> io::Result<()>,
) -> Result<(), ServeError> {
    let docs = read_all(&options.paths, options.jobs)?;
    let (routes, unservable) = mock::routes(&docs);
    let overview = mock::overview(&docs, &routes);
    for u in &unservable {
        tell(&overview.note(u))?;
    }
    let host: IpAddr = match options.host.as_str() {
        "localhost" => {
            (Ipv6Addr::LOCALHOST.to_ipv4_mapped()).map_or(IpAddr::from([127, 0, 0, 1]), IpAddr::V4)
        }
        host => host.parse().map_err(|error| ServeError::Host {
            host: host.to_owned(),
            error,
        })?,
    };
    let address = SocketAddr::new(host, options.port);
    let listener =
        TcpListener::bind(address).map_err(|error| ServeError::Listen { address, error })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let limits = options.limits;
        let server = mock::start_with(routes, listener, Some(log), options.stateful, limits).await;
        // Listening for Ctrl-C before the banner says it stops the server: a Ctrl-C as soon
        // as the banner is read is never the default (killing) one.
        let interrupted = interrupt()?;
        for line in overview.banner(&server.uri()) {
            tell(&line)?;
        }
        tell(&limits.banner(options.stateful))?;
        interrupted.await;
        drop(server);
        tell("stopped")?;
        Ok(())
    })
}

/// Reads every doc; the first page that cannot be read stops it.
fn read_all(paths: &[PathBuf], jobs: usize) -> Result<Vec<DocFile>, ReadError> {
    let mut docs = Vec::new();
    let mut failed = None;
    exemplar_core::read_examples(paths, jobs, |page| match page {
        Ok(doc) => docs.push(doc),
        Err(err) => failed = failed.take().or(Some(err)),
    });
    match failed {
        Some(err) => Err(err),
        None => Ok(docs),
    }
}

/// Ctrl-C, listened for from now on (within a runtime); the future ends when it comes.
fn interrupt() -> io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        Ok(async move {
            interrupt.recv().await;
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
