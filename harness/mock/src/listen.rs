//! The mock's connections: accepted while fewer than `--max-connections` are open (past it
//! the next waits in the listener's backlog), each served on its own task by hyper's HTTP/1
//! with a header-read timeout, and closed once no byte has moved for `--idle-timeout`.
//!
//! A slow client holds only its own connection: a normal request on another is answered at
//! once. What is closed or waited for is counted in the `Tally`, not logged line by line.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::limits::seconds;
use super::server::Served;
use super::tally::Kind;

/// Accepts connections until dropped; a connection that fails is that connection's end only.
pub(crate) async fn accept(listener: std::net::TcpListener, served: Arc<Served>) {
    let listener = match listener
        .set_nonblocking(true)
        .and_then(|()| tokio::net::TcpListener::from_std(listener))
    {
        Ok(listener) => listener,
        Err(_) => return,
    };
    let cap = served.limits.max_connections.max(1);
    let slots = Arc::new(Semaphore::new(cap));
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let permit = match Arc::clone(&slots).try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                served.tally.count(Kind::Capped, 1, || {
                    format!("waiting: {cap} connections are open (--max-connections), new ones wait to be accepted; later waits are counted, not logged")
                });
                let Ok(permit) = Arc::clone(&slots).acquire_owned().await else {
                    return;
                };
                permit
            }
        };
        let Ok((stream, peer)) = listener.accept().await else {
            continue;
        };
        connections.spawn(serve(stream, peer, Arc::clone(&served), permit));
        while connections.try_join_next().is_some() {}
    }
}

/// Serves one connection until it ends, times out, or moves no byte for the idle timeout.
async fn serve(
    stream: TcpStream,
    peer: std::net::SocketAddr,
    served: Arc<Served>,
    _permit: OwnedSemaphorePermit,
) {
    let limits = served.limits;
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched {
        stream,
        activity: Arc::clone(&activity),
    });
    let answering = Arc::clone(&served);
    let service = hyper::service::service_fn(move |request| {
        let served = Arc::clone(&answering);
        async move { Ok::<_, Infallible>(served.serve(request).await) }
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .serve_connection(io, service);
    tokio::pin!(connection);
    loop {
        let quiet_until = activity.last() + limits.idle_timeout;
        tokio::select! {
            ended = connection.as_mut() => {
                // A keep-alive connection that asked nothing more is closed by the same timer:
                // an ordinary end, not a slow client.
                if ended.is_err_and(|e| e.is_timeout()) && !activity.between_requests() {
                    served.tally.count(Kind::HeaderTimeout, 1, || format!(
                        "closed: {peer} sent no whole request head within {} s (--header-timeout); later ones are counted, not logged",
                        seconds(limits.header_timeout)
                    ));
                }
                return;
            }
            () = tokio::time::sleep_until(quiet_until.into()) => {
                if activity.last() + limits.idle_timeout <= Instant::now() {
                    served.tally.count(Kind::Idle, 1, || format!(
                        "closed: {peer} moved no byte for {} s (--idle-timeout); later ones are counted, not logged",
                        seconds(limits.idle_timeout)
                    ));
                    return;
                }
            }
        }
    }
}

/// When a connection last read and wrote, in milliseconds since it opened plus one (0: never).
struct Activity {
    opened: Instant,
    read: AtomicU64,
    written: AtomicU64,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            opened: Instant::now(),
            read: AtomicU64::new(0),
            written: AtomicU64::new(0),
        }
    }

    fn touch(&self, which: &AtomicU64) {
        let now = u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        which.store(now.saturating_add(1), Ordering::Relaxed);
    }

    /// The last time a byte moved either way (the opening when none has).
    fn last(&self) -> Instant {
        let last = self
            .read
            .load(Ordering::Relaxed)
            .max(self.written.load(Ordering::Relaxed));
        self.opened + Duration::from_millis(last.saturating_sub(1))
    }

    /// Whether it has answered and read nothing since: waiting for a next request.
    fn between_requests(&self) -> bool {
        let written = self.written.load(Ordering::Relaxed);
        written > 0 && self.read.load(Ordering::Relaxed) <= written
    }
}

/// A stream that notes in its `Activity` each time bytes move.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.stream).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.activity.touch(&this.activity.read);
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.touch(&this.activity.written);
        }
        polled
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.touch(&this.activity.written);
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}
