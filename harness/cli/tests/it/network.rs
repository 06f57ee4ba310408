//! Reaching the target: a target where nothing listens stops the run with one message, and
//! proxy variables are honoured except for this machine, shown without their credentials.

use std::time::Duration;

use crate::session::{items, pages};
use crate::support::{exemplar_async, stdout};

#[tokio::test]
async fn a_target_where_nothing_listens_stops_the_run_with_one_message() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 300);
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let target = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let started = std::time::Instant::now();
    let out = exemplar_async(dir.path(), &["run", "docs", "--target", &target], &[]).await;
    let took = started.elapsed();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert_eq!(text.matches("cannot connect").count(), 1, "{text}");
    assert!(
        !text.contains("ERROR"),
        "one message, not one per example: {text}"
    );
    assert!(
        text.contains("error: the target cannot be reached"),
        "{text}"
    );
    // Stopped at the first refusal, not after 300 (a figure, not a timing assertion).
    println!("300 examples against a closed port: stopped in {took:?}");
}

/// Proxy variables: a target on this machine never goes through the proxy; any other goes
/// through it, named in the header line without its credentials.
#[tokio::test]
async fn proxies_are_honoured_except_for_loopback_and_shown_without_credentials() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 1);
    let (server, proxy) = (items(Duration::ZERO).await, items(Duration::ZERO).await);
    let proxy_url = format!(
        "http://user:s3cret-pw@{}",
        proxy.uri().trim_start_matches("http://")
    );
    let env = [("HTTP_PROXY", proxy_url.as_str()), ("NO_PROXY", "")];
    let direct = exemplar_async(
        dir.path(),
        &["run", "docs", "--target", &server.uri()],
        &env,
    )
    .await;
    assert_eq!(direct.status.code(), Some(0), "{}", stdout(&direct));
    assert!(
        !stdout(&direct).contains("through proxy"),
        "{}",
        stdout(&direct)
    );
    assert_eq!(proxy.received_requests().await.map(|r| r.len()), Some(0));
    // A target off this machine (which does not resolve: only the proxy can reach it).
    let remote = exemplar_async(
        dir.path(),
        &[
            "run",
            "docs",
            "--target",
            "http://graph.example.invalid",
            "--retries",
            "0",
        ],
        &env,
    )
    .await;
    let text = stdout(&remote);
    assert_eq!(remote.status.code(), Some(0), "{text}");
    let shown = format!("through proxy {}/", proxy.uri());
    assert!(text.contains(&shown), "{text}");
    assert!(!text.contains("s3cret-pw"), "{text}");
    let seen = proxy.received_requests().await.unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].url.host_str(), Some("graph.example.invalid"));
}
