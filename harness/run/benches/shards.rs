//! Sharding against a slow service: the wall time of four shards run at once (as the four jobs
//! of a CI matrix run them) against one unsharded run, in the same bench run.
//!
//! The service is a wiremock server on 127.0.0.1 that answers each request after 50 ms. Each
//! run, sharded or not, has the same `--jobs` (4): `--jobs` is what one CI job may send at
//! once (its share of the service's rate limit, its own machine), so four shards send up to
//! four times as much at once, as four CI jobs would. The unit of a shard is the page (a page's
//! examples run in order), and a page's shard is a hash of its path: the shards are only
//! statistically even, so the largest shard's share of the examples is printed beside the
//! ratio (the best a 4-way split of this tree can do).
//!
//! Three doc trees: 40 pages of 5 examples, 200 pages of 5, and 1,000 pages of 2 (more pages,
//! evener shards, as in a real docs set of thousands of examples). Figures are the best of 3
//! rounds.
//!
//! Run: `cargo bench --locked --bench shards`

#![expect(clippy::print_stdout, reason = "a bench binary prints its figures")]

use std::path::Path;
use std::time::{Duration, Instant};

use exemplar_run::config::{Layer, Settings};
use exemplar_run::{Event, Outcome, Partition};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const JOBS: usize = 4;
const SHARDS: u32 = 4;
const ROUNDS: usize = 3;
const DELAY: Duration = Duration::from_millis(50);

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(async {
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"id": 1, "displayName": "Adele"}))
                    .set_delay(DELAY),
            )
            .mount(&server)
            .await;
        server
    });
    println!(
        "slow service: {} ms per answer on 127.0.0.1; --jobs {JOBS} per run; {SHARDS} shards at once; best of {ROUNDS}",
        DELAY.as_millis()
    );
    for (pages, per_page) in [(40, 5), (200, 5), (1000, 2)] {
        measure(pages, per_page, &server.uri());
    }
    drop(server);
}

fn measure(pages: usize, per_page: usize, target: &str) {
    let tree = tree(pages, per_page);
    let settings = settings(target);
    let (mut whole, mut sharded) = (Duration::MAX, Duration::MAX);
    let mut largest = 0;
    for _ in 0..ROUNDS {
        whole = whole.min(run(tree.path(), &settings, None).0);
        let started = Instant::now();
        let shards: Vec<_> = (1..=SHARDS)
            .map(|index| {
                let (path, settings) = (tree.path().to_owned(), settings.clone());
                let partition = Partition {
                    index,
                    total: SHARDS,
                };
                std::thread::spawn(move || run(&path, &settings, Some(partition)).1)
            })
            .collect();
        let sizes: Vec<usize> = shards
            .into_iter()
            .map(|s| s.join().expect("shard"))
            .collect();
        sharded = sharded.min(started.elapsed());
        assert_eq!(
            sizes.iter().sum::<usize>(),
            pages * per_page,
            "shards miss examples"
        );
        largest = sizes.into_iter().max().unwrap_or_default();
    }
    let examples = pages * per_page;
    println!(
        "{pages} pages x {per_page} examples: unsharded {:.2} s, {SHARDS} shards at once {:.2} s: {:.1}% of unsharded (largest shard: {largest} examples, {:.1}% of them)",
        whole.as_secs_f64(),
        sharded.as_secs_f64(),
        100.0 * sharded.as_secs_f64() / whole.as_secs_f64(),
        100.0 * largest as f64 / examples as f64
    );
}

/// One run (a shard, or all) through the library session: its wall time and how many
/// examples it ran, each of which must pass.
fn run(dir: &Path, settings: &Settings, partition: Option<Partition>) -> (Duration, usize) {
    let mut options = exemplar_run::RunOptions::new(vec![dir.to_owned()], settings.clone());
    options.root = dir.to_owned();
    options.partition = partition;
    let started = Instant::now();
    let mut examples = 0;
    for event in exemplar_run::run(options).expect("run") {
        if let Event::Example(result) = event {
            assert_eq!(result.outcome, Outcome::Passed, "{:?}", result.reason);
            examples += 1;
        }
    }
    (started.elapsed(), examples)
}

fn settings(target: &str) -> Settings {
    let layer = Layer {
        target: Some(target.to_owned()),
        jobs: Some(JOBS),
        retries: Some(0),
        ..Layer::default()
    };
    Settings::resolve(&[layer], &Default::default()).expect("settings")
}

/// `pages` pages under `api/`, each with `per_page` GETs documented with the answer the service
/// gives.
fn tree(pages: usize, per_page: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("api")).expect("folder");
    for p in 0..pages {
        let mut text = String::from("# Items\n\n");
        for e in 0..per_page {
            text.push_str(&format!(
                "<!-- {{ \"blockType\": \"request\", \"name\": \"get_{p}_{e}\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0/items/{p}/parts/{e}\n```\n\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{{\"id\": 1, \"displayName\": \"Adele\"}}\n```\n\n"
            ));
        }
        let path = dir.path().join(format!("api/page-{p:03}.md"));
        std::fs::write(path, text).expect("page");
    }
    dir
}
