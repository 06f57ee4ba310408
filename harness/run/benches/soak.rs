//! `exemplar serve --stateful` soaked by unkind clients for a bounded time: resident memory
//! before and after should be flat.
//!
//! Starts the stateful mock of `fixtures/lifecycle` in this process, within small limits
//! (1 MiB bodies, 4 MiB of state, 2 s header timeout, 5 s idle, 256 connections), warms it up
//! with normal traffic alone (4 s, filling the state budget), then for `SOAK_SECONDS` (default 20) mixes:
//! - normal clients (8 in flight on reqwest): create a user of about 1 KB, read it back, read a
//!   documented one and the first it created (evicted once the budget is passed: a 404);
//! - large bodies (2 threads): an 8 MB JSON body sent with its Content-Length, then 8 MB more
//!   chunked, again and again;
//! - slow clients (1 thread): 20 connections every 200 ms that send a request line and one
//!   header, then nothing (at most 400 held).
//!
//! Figures: VmRSS of this process (server and clients) at start, after the warm-up (the
//! baseline), its highest while soaking, and after; the ratio after/baseline (flat: about 1);
//! requests answered by kind; and the mock's own log lines (each kind once, then counts).
//! `SOAK_LIMITS=none` runs the same soak with limits so large they are off (the mock before
//! them; the large bodies are then read and kept whole, so memory grows: run it with care).
//!
//! Run: `cargo bench --locked -p exemplar-run --bench soak` (`SOAK_SECONDS=5` for a short one)

#![expect(clippy::print_stdout, reason = "a bench binary prints its figures")]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use exemplar_mock::Limits;

const NORMAL_IN_FLIGHT: usize = 8;
const LARGE: usize = 8 << 20;
const SLOW_HELD: usize = 400;
/// Normal traffic alone before the baseline: long enough to fill the 4 MiB of state.
const WARM_UP: Duration = Duration::from_secs(4);

/// Answers seen by the clients, by kind.
#[derive(Default)]
struct Seen {
    ok: AtomicU64,
    evicted: AtomicU64,
    too_large: AtomicU64,
    large_sent: AtomicU64,
    slow_opened: AtomicU64,
    failed: AtomicU64,
}

fn main() {
    let seconds: u64 = env("SOAK_SECONDS")
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let unbounded = env("SOAK_LIMITS").as_deref() == Some("none");
    let limits = limits(unbounded);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let at_start = rss_kib();
    let server = runtime.block_on(start(limits));
    let (address, uri) = (server.address(), server.uri());
    let seen = Arc::new(Seen::default());
    let requests = Arc::new(large_requests());
    runtime.block_on(normal(&uri, &seen, Instant::now() + WARM_UP));
    let baseline = rss_kib();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let abusers: Vec<_> = (0..3)
        .map(|i| {
            let (seen, requests) = (Arc::clone(&seen), Arc::clone(&requests));
            std::thread::spawn(move || match i {
                0 => slow(address, &seen, deadline),
                _ => large(address, &seen, deadline, &requests),
            })
        })
        .collect();
    let (highest, halfway) = sample(baseline, seconds, deadline);
    runtime.block_on(normal(&uri, &seen, deadline));
    for abuser in abusers {
        let _ = abuser.join();
    }
    let after = rss_kib();
    drop(server);
    report(
        &seen,
        seconds,
        unbounded,
        [
            at_start,
            baseline,
            highest.load(Ordering::Relaxed),
            halfway.load(Ordering::Relaxed),
            after,
        ],
    );
}

/// Samples VmRSS until `deadline`: the highest, and the first past half time.
fn sample(baseline: u64, seconds: u64, deadline: Instant) -> (Arc<AtomicU64>, Arc<AtomicU64>) {
    let highest = Arc::new(AtomicU64::new(baseline));
    let halfway = Arc::new(AtomicU64::new(0));
    let (sampling, half) = (Arc::clone(&highest), Arc::clone(&halfway));
    let middle = Instant::now() + Duration::from_secs(seconds) / 2;
    std::thread::spawn(move || {
        while Instant::now() < deadline {
            sampling.fetch_max(rss_kib(), Ordering::Relaxed);
            if Instant::now() >= middle && half.load(Ordering::Relaxed) == 0 {
                half.store(rss_kib(), Ordering::Relaxed);
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    });
    (highest, halfway)
}

/// The soak's limits: small, or so large they are off.
fn limits(unbounded: bool) -> Limits {
    if unbounded {
        let day = Duration::from_secs(86_400);
        Limits {
            max_body: u64::MAX,
            max_state: u64::MAX,
            header_timeout: day,
            idle_timeout: day,
            max_connections: 1 << 20,
        }
    } else {
        Limits {
            max_body: 1 << 20,
            max_state: 4 << 20,
            header_timeout: Duration::from_secs(2),
            idle_timeout: Duration::from_secs(5),
            max_connections: 256,
        }
    }
}

/// The stateful mock of `fixtures/lifecycle` within `limits`; it prints all but its
/// per-request lines.
async fn start(limits: Limits) -> exemplar_mock::MockServer {
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lifecycle");
    let mut docs = Vec::new();
    exemplar_core::read_docs(&[fixtures], 1, |doc| docs.extend(doc.ok()));
    let (routes, _) = exemplar_mock::routes(&docs);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let log: exemplar_mock::Logger = Arc::new(|line: String| {
        if !line.contains(" -> 2") && !line.contains(" -> 404") {
            println!("  mock: {line}");
        }
    });
    exemplar_mock::start_with(routes, listener, Some(log), true, limits).await
}

/// Normal clients until `deadline`: create, read back, read a documented user.
async fn normal(uri: &str, seen: &Arc<Seen>, deadline: Instant) {
    let client = exemplar_run::client_builder().build().expect("client");
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..NORMAL_IN_FLIGHT {
        let (client, uri, seen) = (client.clone(), uri.to_owned(), Arc::clone(seen));
        tasks.spawn(async move {
            let (mut i, mut first) = (0_u64, None);
            while Instant::now() < deadline {
                i += 1;
                let user = serde_json::json!({"displayName": format!("user {n}.{i}"), "aboutMe": "x".repeat(1000)});
                let created = client.post(format!("{uri}/v1.0/users")).json(&user).send().await;
                let id = match created {
                    Ok(answer) => answer.json::<serde_json::Value>().await.ok(),
                    Err(_) => None,
                };
                let id = id.and_then(|v| v["id"].as_str().map(str::to_owned));
                let Some(id) = id else {
                    seen.failed.fetch_add(1, Ordering::Relaxed);
                    continue;
                };
                // The task's first user too: once the budget is passed, a 404 saying evicted.
                let first = first.get_or_insert_with(|| id.clone()).clone();
                let paths = [id, first, "42".to_owned()].map(|id| format!("/v1.0/users/{id}"));
                for path in paths {
                    match client.get(format!("{uri}{path}")).send().await.map(|a| a.status().as_u16()) {
                        Ok(200) => seen.ok.fetch_add(1, Ordering::Relaxed),
                        Ok(404) => seen.evicted.fetch_add(1, Ordering::Relaxed),
                        _ => seen.failed.fetch_add(1, Ordering::Relaxed),
                    };
                }
                seen.ok.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
    while tasks.join_next().await.is_some() {}
}

/// The two large requests, built once (before the baseline, so the clients' own buffers
/// are not counted as the server's growth): 8 MB with its Content-Length, and 8 MB chunked.
fn large_requests() -> [Vec<u8>; 2] {
    let body = format!(
        "{{\"displayName\": \"big\", \"aboutMe\": \"{}\"}}",
        "x".repeat(LARGE)
    );
    let head = "POST /v1.0/users HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\n";
    let mut chunked = format!("{head}Transfer-Encoding: chunked\r\n\r\n").into_bytes();
    for piece in body.as_bytes().chunks(1 << 16) {
        chunked.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let whole = format!("{head}Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes();
    [whole, chunked]
}

/// Large bodies until `deadline`, each of `requests` in turn.
fn large(address: SocketAddr, seen: &Seen, deadline: Instant, requests: &[Vec<u8>; 2]) {
    let mut turn = 0;
    while Instant::now() < deadline {
        turn += 1;
        let Ok(mut stream) = TcpStream::connect(address) else {
            continue;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let sent = stream.write_all(&requests[turn % 2]);
        seen.large_sent
            .fetch_add(u64::from(sent.is_ok()), Ordering::Relaxed);
        let mut answer = [0_u8; 12];
        match stream.read_exact(&mut answer) {
            Ok(()) if answer.starts_with(b"HTTP/1.1 413") => {
                seen.too_large.fetch_add(1, Ordering::Relaxed)
            }
            Ok(()) => seen.ok.fetch_add(1, Ordering::Relaxed),
            Err(_) => seen.failed.fetch_add(1, Ordering::Relaxed),
        };
    }
}

/// Half-open connections until `deadline`: 20 every 200 ms, at most `SLOW_HELD` held.
fn slow(address: SocketAddr, seen: &Seen, deadline: Instant) {
    let mut held = std::collections::VecDeque::new();
    while Instant::now() < deadline {
        for _ in 0..20 {
            if let Ok(mut stream) = TcpStream::connect(address) {
                let _ = stream.write_all(b"GET /v1.0/users/42 HTTP/1.1\r\nHost: mock\r\n");
                held.push_back(stream);
                seen.slow_opened.fetch_add(1, Ordering::Relaxed);
            }
        }
        while held.len() > SLOW_HELD {
            held.pop_front();
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn report(seen: &Seen, seconds: u64, unbounded: bool, rss: [u64; 5]) {
    let [start, baseline, highest, halfway, after] = rss;
    let load = |n: &AtomicU64| n.load(Ordering::Relaxed);
    let limits = if unbounded {
        "none (SOAK_LIMITS=none)"
    } else {
        "1 MiB bodies, 4 MiB state, 2 s header timeout, 5 s idle, 256 connections"
    };
    println!("soak: {seconds} s, limits: {limits}");
    println!(
        "  answered: {} ok, {} 404 (evicted), {} large requests written out (into socket buffers), {} refused 413, {} half-open connections opened, {} failed or cut",
        load(&seen.ok),
        load(&seen.evicted),
        load(&seen.large_sent),
        load(&seen.too_large),
        load(&seen.slow_opened),
        load(&seen.failed)
    );
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "  VmRSS: {:.1} MiB at start, {:.1} MiB after warm-up (baseline), {:.1} MiB halfway, {:.1} MiB highest while soaking, {:.1} MiB after",
        mib(start),
        mib(baseline),
        mib(halfway),
        mib(highest),
        mib(after)
    );
    let ratio = |kib: u64, base: u64| kib as f64 / base.max(1) as f64;
    println!(
        "  halfway / baseline: {:.2}, after / baseline: {:.2}, after / halfway: {:.2}",
        ratio(halfway, baseline),
        ratio(after, baseline),
        ratio(after, halfway)
    );
}

/// This process's resident memory in KiB (0 where /proc is not there).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}
