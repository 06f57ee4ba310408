//! `serve` under abuse: bodies over `--max-body` refused from their Content-Length or while
//! they stream, the stateful store's budget and its evictions, half-open and stalled
//! connections closed by the timeouts while others are served, the connection cap, and a log
//! that says each kind once and then counts.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use exemplar_mock::{Limits, MockServer};
use serde_json::{Value, json};

use crate::support;

/// A mock of `fixtures/lifecycle` (POST, GET, PATCH, DELETE of users) within `limits`, and
/// the lines it logs.
async fn mock(limits: Limits) -> (MockServer, Arc<Mutex<Vec<String>>>) {
    let mut docs = Vec::new();
    exemplar_core::read_docs(&[support::fixture("lifecycle")], 1, |doc| {
        docs.push(doc.unwrap());
    });
    let (routes, _) = exemplar_mock::routes(&docs);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&lines);
    let log: exemplar_mock::Logger = Arc::new(move |line| kept.lock().unwrap().push(line));
    let server = exemplar_mock::start_with(routes, listener, Some(log), true, limits).await;
    (server, lines)
}

/// The logged lines that contain `part`.
fn logged(lines: &Mutex<Vec<String>>, part: &str) -> Vec<String> {
    let lines = lines.lock().unwrap();
    lines.iter().filter(|l| l.contains(part)).cloned().collect()
}

/// A connection that has sent `bytes`, reading with a timeout.
fn connect(address: SocketAddr, bytes: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(bytes).unwrap();
    stream
}

/// The status and body of the answer read from `stream` (the body up to its Content-Length).
fn answer(stream: &mut TcpStream) -> (u16, Value) {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status = line.split(' ').nth(1).unwrap().parse().unwrap();
    let mut length = 0;
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap();
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// Whether the server closed `stream` (end of file or reset) within its read timeout.
fn closed(stream: &mut TcpStream) -> bool {
    let mut byte = [0; 1];
    match stream.read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
    }
}

const POST_HEAD: &str =
    "POST /v1.0/users HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_limit_is_refused_from_its_content_length_before_it_is_sent() {
    let limits = Limits {
        max_body: 1024,
        ..Limits::default()
    };
    let (server, lines) = mock(limits).await;
    let address = server.address();
    let answers = tokio::task::spawn_blocking(move || {
        // 150 MB announced, not one byte of it sent: only the head decides.
        let head = format!("{POST_HEAD}Content-Length: 157286400\r\n\r\n");
        (0..3)
            .map(|_| answer(&mut connect(address, head.as_bytes())))
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    for (status, body) in &answers {
        assert_eq!(*status, 413);
        assert_eq!(body["error"]["maxBytes"], 1024);
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains("--max-body"), "{message}");
    }
    assert_eq!(
        logged(&lines, "-> 413"),
        [
            "refused: POST /v1.0/users -> 413, body over 1024 bytes (--max-body); later ones are counted, not logged"
        ]
    );
    drop(server);
    assert_eq!(
        logged(&lines, "in all"),
        ["refused or dropped in all: 3 bodies over --max-body (413)"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunked_body_is_refused_while_it_streams_not_after() {
    let limits = Limits {
        max_body: 64 * 1024,
        ..Limits::default()
    };
    let (server, lines) = mock(limits).await;
    let mut stream = connect(
        server.address(),
        format!("{POST_HEAD}Transfer-Encoding: chunked\r\n\r\n").as_bytes(),
    );
    let mut writer = stream.try_clone().unwrap();
    // Up to 256 MB in 16 KiB chunks, until the server hangs up.
    let sending = std::thread::spawn(move || {
        let chunk = format!("4000\r\n{}\r\n", "x".repeat(0x4000));
        let mut sent = 0_usize;
        while sent < 256 << 20 && writer.write_all(chunk.as_bytes()).is_ok() {
            sent += 0x4000;
        }
        sent
    });
    let (status, body) = tokio::task::spawn_blocking(move || answer(&mut stream))
        .await
        .unwrap();
    assert_eq!((status, &body["error"]["maxBytes"]), (413, &json!(65536)));
    let sent = sending.join().unwrap();
    assert!(
        sent < 64 << 20,
        "the server read {sent} bytes of a body it had refused"
    );
    assert_eq!(logged(&lines, "-> 413").len(), 1);
    // The mock still answers, and kept nothing of it.
    let users = exemplar_run::client_builder()
        .build()
        .unwrap()
        .get(format!("{}/v1.0/users/42", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(users.status(), 200);
}

#[tokio::test]
async fn past_the_state_budget_the_oldest_created_are_evicted_and_a_get_says_so() {
    let limits = Limits {
        max_state: 16 * 1024,
        ..Limits::default()
    };
    let (server, lines) = mock(limits).await;
    let client = exemplar_run::client_builder().build().unwrap();
    let mut ids = Vec::new();
    for i in 0..12 {
        // About 2 KB each: the budget holds some, not all twelve.
        let user = json!({"displayName": format!("user {i}"), "aboutMe": "x".repeat(2000)});
        let created = client
            .post(format!("{}/v1.0/users", server.uri()))
            .json(&user)
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
        let created: Value = created.json().await.unwrap();
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    let get = |id: &str| {
        client
            .get(format!("{}/v1.0/users/{id}", server.uri()))
            .send()
    };
    let oldest = get(&ids[0]).await.unwrap();
    assert_eq!(oldest.status(), 404);
    let oldest: Value = oldest.json().await.unwrap();
    let message = oldest["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("was evicted") && message.contains("16384 bytes"),
        "{message}"
    );
    let newest: Value = get(&ids[11]).await.unwrap().json().await.unwrap();
    assert_eq!(newest["displayName"], "user 11");
    let evictions = logged(&lines, "evicting:");
    assert_eq!(evictions.len(), 1, "{evictions:?}");
    assert!(!evictions[0].contains("xxxx"), "a body was logged");
    drop(server);
    let total = logged(&lines, "in all");
    assert!(
        total.len() == 1 && total[0].contains("resources evicted"),
        "{total:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_open_connections_are_closed_by_the_header_timeout_while_another_is_served() {
    let limits = Limits {
        header_timeout: Duration::from_secs(2),
        ..Limits::default()
    };
    let (server, lines) = mock(limits).await;
    let address = server.address();
    // A request line and one header, then nothing: twenty of them.
    let mut slow: Vec<TcpStream> = (0..20)
        .map(|_| connect(address, b"GET /v1.0/users/42 HTTP/1.1\r\nHost: mock\r\n"))
        .collect();
    let served = exemplar_run::client_builder()
        .build()
        .unwrap()
        .get(format!("{}/v1.0/users/42", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    let slow = tokio::task::spawn_blocking(move || {
        // Answered while they are still open; then each is closed by the timeout.
        slow[0].set_nonblocking(true).unwrap();
        let open = !closed(&mut slow[0]);
        slow[0].set_nonblocking(false).unwrap();
        (open, slow.iter_mut().all(closed))
    })
    .await
    .unwrap();
    assert_eq!(
        slow,
        (true, true),
        "(open while another was served, closed)"
    );
    assert_eq!(logged(&lines, "--header-timeout").len(), 1);
    drop(server);
    assert_eq!(
        logged(&lines, "in all"),
        ["refused or dropped in all: 20 connections closed by --header-timeout"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_body_is_closed_by_the_idle_timeout() {
    let limits = Limits {
        idle_timeout: Duration::from_secs(1),
        ..Limits::default()
    };
    let (server, lines) = mock(limits).await;
    let head = format!("{POST_HEAD}Content-Length: 100\r\n\r\n{{\"displayName\":");
    let mut stalled = connect(server.address(), head.as_bytes());
    let closed = tokio::task::spawn_blocking(move || closed(&mut stalled))
        .await
        .unwrap();
    assert!(closed);
    assert_eq!(
        logged(&lines, "moved no byte for 1 s (--idle-timeout)").len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_connection_cap_new_connections_wait_and_the_log_says_so_once() {
    let limits = Limits {
        max_connections: 2,
        header_timeout: Duration::from_secs(2),
        ..Limits::default()
    };
    let (server, lines) = mock(limits).await;
    let slow: Vec<TcpStream> = (0..2)
        .map(|_| connect(server.address(), b"GET /v1.0/users/42 HTTP/1.1\r\n"))
        .collect();
    let get = exemplar_run::client_builder()
        .build()
        .unwrap()
        .get(format!("{}/v1.0/users/42", server.uri()))
        .send();
    tokio::pin!(get);
    let early = tokio::time::timeout(Duration::from_millis(500), get.as_mut()).await;
    assert!(early.is_err(), "answered while both slots were held");
    // Once the timeout frees a slot, the waiting client is served.
    assert_eq!(get.await.unwrap().status(), 200);
    drop(slow);
    let waiting = logged(&lines, "--max-connections");
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert!(waiting[0].starts_with("waiting: 2 connections are open"));
}

#[test]
fn serve_takes_the_limits_as_flags_and_says_them() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_exemplar"))
        .args(["serve", "lifecycle", "--stateful", "--port", "0"])
        .args(["--max-body", "100", "--max-state", "2048"])
        .args(["--header-timeout", "1.5", "--max-connections", "8"])
        .current_dir(support::fixture(""))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut banner = String::new();
    while !banner.contains("limits:") {
        assert_ne!(stderr.read_line(&mut banner).unwrap(), 0, "{banner}");
    }
    let uri = banner
        .split(" at ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    let address: SocketAddr = uri
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    for part in [
        "100 bytes (--max-body)",
        "2048 bytes of created",
        "1.5 s to send",
        "8 connections",
    ] {
        assert!(banner.contains(part), "{part}: {banner}");
    }
    let big = format!("{{\"displayName\": \"{}\"}}", "x".repeat(200));
    let head = format!("{POST_HEAD}Content-Length: {}\r\n\r\n{big}", big.len());
    assert_eq!(answer(&mut connect(address, head.as_bytes())).0, 413);
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let mut log = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(child.wait().unwrap().success());
    assert!(
        log.contains("refused: POST /v1.0/users -> 413, body over 100 bytes"),
        "{log}"
    );
    assert!(
        log.contains("refused or dropped in all: 1 body over --max-body (413)"),
        "{log}"
    );
    assert!(!log.contains("xxxx"), "a body was logged: {log}");
}
