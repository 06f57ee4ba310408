//! `exemplar serve` under load: the built-in mock of a large doc set, driven by concurrent clients.
//!
//! Builds the routes of a large doc set (the Graph corpus copied over several times under
//! distinct version prefixes, or the fixtures when the corpus is not there), starts the mock on
//! 127.0.0.1 in this process (wiremock serves on a thread of its own) and drives it with
//! reqwest, 16 requests in flight on one client thread: documented GETs, with one request in
//! twenty a misspelt path (a 404 with suggestions). Figures:
//! - live heap (a counting allocator, from when the mock has answered its first requests)
//!   after 1,000 and after 50,000 requests: flat memory means the two are about the same;
//! - then requests/s over 20,000 requests, the best of 3 rounds.
//!
//! The matching approach before the route index (one wiremock `Mock` per route) is measured by
//! running this same bench on that commit; its figures are written to
//! `$CARGO_TARGET_DIR/serve-bench.txt`, and a run given `SERVE_BASELINE=<that file>` prints
//! its own figures against them.
//!
//! Run: `cargo bench --locked --bench serve` (with `SERVE_BASELINE=…` for the ratios)

#![expect(clippy::print_stdout, reason = "a bench binary prints its figures")]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use exemplar_core::model::DocFile;

mod common;

#[global_allocator]
static ALLOCATOR: common::Counting = common::Counting;

const ROUTES: usize = 4_300;
const IN_FLIGHT: usize = 16;
const TIMED: usize = 20_000;
const ROUNDS: usize = 3;
const FIRST: usize = 1_000;
const LAST: usize = 50_000;
/// One request in this many is a misspelt path.
const MISSPELT_EVERY: usize = 20;

/// What one run measured.
struct Figures {
    per_second: f64,
    after_first: f64,
    after_last: f64,
    peak: f64,
}

fn main() {
    let (docs, copies, source) = large_doc_set();
    let (routes, _) = exemplar_mock::routes(&docs);
    let targets = targets(&routes);
    println!(
        "doc set: {} pages ({copies} copies of {}), {} routes, {} documented GETs asked",
        docs.len(),
        source.display(),
        routes.len(),
        targets.iter().filter(|t| !t.1).count()
    );
    drop(docs);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let figures = runtime.block_on(measure(routes, &targets));
    println!(
        "{IN_FLIGHT} in flight, 1 in {MISSPELT_EVERY} misspelt: {:>7.0} requests/s (best of {ROUNDS} x {TIMED})",
        figures.per_second
    );
    println!(
        "live heap after {FIRST} requests: {:>7.2} MiB, after {LAST}: {:>7.2} MiB (peak {:.2} MiB)",
        figures.after_first, figures.after_last, figures.peak
    );
    against_baseline(&figures);
}

async fn measure(routes: Vec<exemplar_mock::Route>, targets: &[(String, bool)]) -> Figures {
    let client = exemplar_run::client_builder()
        .pool_max_idle_per_host(IN_FLIGHT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let server = exemplar_mock::start(routes, listener, None).await;
    // The first requests open the connections; count from when the mock has answered them.
    drive(&client, &server.uri(), targets, 0, IN_FLIGHT).await;
    common::start();
    drive(&client, &server.uri(), targets, IN_FLIGHT, FIRST).await;
    let after_first = common::current();
    drive(
        &client,
        &server.uri(),
        targets,
        IN_FLIGHT + FIRST,
        LAST - FIRST,
    )
    .await;
    let after_last = common::current();
    let peak = common::stop();
    let mut best = Duration::MAX;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        drive(&client, &server.uri(), targets, 0, TIMED).await;
        best = best.min(start.elapsed());
    }
    // Frees of blocks from before counting began make the live count negative at first.
    let mib = |bytes: isize| bytes as f64 / (1024.0 * 1024.0);
    Figures {
        per_second: TIMED as f64 / best.as_secs_f64(),
        after_first: mib(after_first),
        after_last: mib(after_last),
        peak: common::mib(peak),
    }
}

/// Sends `count` requests, `IN_FLIGHT` at a time, from `targets[from..]` round and round;
/// every answer is read to its end, and must be a documented one or a 404.
async fn drive(
    client: &reqwest::Client,
    base: &str,
    targets: &[(String, bool)],
    from: usize,
    count: usize,
) {
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..IN_FLIGHT {
        let (client, next, base) = (client.clone(), Arc::clone(&next), base.to_owned());
        let targets: Vec<(String, bool)> = targets.to_vec();
        workers.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    break;
                }
                let (target, misspelt) = &targets[(from + i) % targets.len()];
                let response = client
                    .get(format!("{base}{target}"))
                    .send()
                    .await
                    .expect("the mock answers");
                let status = response.status().as_u16();
                assert!(
                    *misspelt || status != 404,
                    "{target} is documented, got {status}"
                );
                std::hint::black_box(response.bytes().await.expect("a body"));
            }
        });
    }
    while let Some(done) = workers.join_next().await {
        done.expect("a worker");
    }
}

/// The targets asked, in a fixed shuffled order: every documented GET path (placeholders filled
/// in), and one in `MISSPELT_EVERY` of them misspelt. `true` marks a misspelt one.
fn targets(routes: &[exemplar_mock::Route]) -> Vec<(String, bool)> {
    let mut documented: Vec<String> = routes
        .iter()
        .filter_map(|r| r.shown.strip_prefix("GET "))
        .filter(|t| t.starts_with('/'))
        .map(fill_placeholders)
        .collect();
    documented.sort();
    documented.dedup();
    let mut rng = fastrand::Rng::with_seed(9);
    rng.shuffle(&mut documented);
    documented
        .into_iter()
        .enumerate()
        .map(|(i, target)| {
            if i % MISSPELT_EVERY == 0 {
                let path = target.split('?').next().unwrap_or(&target);
                (format!("{path}zz"), true)
            } else {
                (target, false)
            }
        })
        .collect()
}

/// `/users/{id}/photo` → `/users/42/photo`.
fn fill_placeholders(target: &str) -> String {
    let mut filled = String::new();
    let mut rest = target;
    while let Some(open) = rest.find(['{', '<']) {
        let close = if rest.as_bytes()[open] == b'{' {
            '}'
        } else {
            '>'
        };
        let Some(len) = rest[open..].find(close) else {
            break;
        };
        filled.push_str(&rest[..open]);
        filled.push_str("42");
        rest = &rest[open + len + 1..];
    }
    filled.push_str(rest);
    filled.replace(' ', "%20")
}

/// The Graph corpus (or the fixtures) copied over under distinct version prefixes until the
/// copies hold at least `ROUTES` routes, read back as docs.
fn large_doc_set() -> (Vec<DocFile>, usize, PathBuf) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = root.join("../shared/corpus/graph-docs");
    let source = if corpus.is_dir() {
        corpus
    } else {
        root.join("fixtures/docs")
    };
    let pages = common::markdown_files(&source);
    let tree = tempfile::tempdir().expect("temp dir");
    let one = {
        fill(tree.path(), &pages, 0);
        exemplar_mock::routes(&read(tree.path())).0.len().max(1)
    };
    let copies = ROUTES.div_ceil(one);
    for copy in 1..copies {
        fill(tree.path(), &pages, copy);
    }
    (read(tree.path()), copies, source)
}

/// Copies `pages` into the folder of copy `copy`, each API version renamed for the copy
/// (`/v1.0/` becomes `/v1.3/`, `/beta/` becomes `/v0.3/`, both still read as versions) so that
/// every copy has its own routes.
fn fill(dir: &Path, pages: &[PathBuf], copy: usize) {
    let sub = dir.join(format!("copy{copy:03}"));
    std::fs::create_dir_all(&sub).expect("mkdir");
    for (i, page) in pages.iter().enumerate() {
        let text = std::fs::read_to_string(page).expect("read page");
        let text = if copy == 0 {
            text
        } else {
            text.replace("/v1.0/", &format!("/v1.{copy}/"))
                .replace("/beta/", &format!("/v0.{copy}/"))
        };
        std::fs::write(sub.join(format!("{i:04}.md")), text).expect("write page");
    }
}

fn read(dir: &Path) -> Vec<DocFile> {
    let mut docs = Vec::new();
    exemplar_core::read_docs(&[dir.to_owned()], 2, |doc| {
        docs.push(doc.expect("readable"));
    });
    docs.sort_by(|a, b| a.file.cmp(&b.file));
    docs
}

/// Writes this run's figures beside the build, and sets them against a baseline run's, if given.
fn against_baseline(figures: &Figures) {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    let line = format!(
        "{} {} {}\n",
        figures.per_second, figures.after_first, figures.after_last
    );
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(target.join("serve-bench.txt"), line);
    let Some(path) = std::env::var_os("SERVE_BASELINE") else {
        return;
    };
    let text = std::fs::read_to_string(&path).expect("the baseline's figures");
    let base: Vec<f64> = text
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let [per_second, after_first, after_last] = base[..] else {
        panic!("{} holds no figures", PathBuf::from(path).display());
    };
    println!(
        "baseline (one Mock per route): {per_second:>7.0} requests/s, live heap after {FIRST}: {after_first:.2} MiB, after {LAST}: {after_last:.2} MiB"
    );
    println!(
        "{:.1}x the baseline's requests/s; live heap after {LAST} requests {:.2}x the baseline's",
        figures.per_second / per_second,
        figures.after_last / after_last
    );
}
