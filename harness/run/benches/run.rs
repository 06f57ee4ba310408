//! `exemplar run` against a local in-process server, and exemplar's own work per example,
//! against the bare cost of the same HTTP requests made with reqwest, in the same run.
//!
//! 3,000 examples (300 pages of 10) are answered by a wiremock server on 127.0.0.1 with the
//! documented JSON. Figures, each the best of 5 rounds:
//! - bare: the same GETs with one reqwest client (same settings), 4 files at once, each file's
//!   requests in order, bodies read;
//! - exemplar run, end to end: plan + replay + compare + human and JSON reports;
//! - exemplar's own work: plan + compare + report for every example, without the network (the
//!   server's answer captured once), which is what the harness adds to each request; on one
//!   thread, and on two like the requests, whose figure is set against the bare requests.
//!
//! Memory: peak heap of whole runs over 1,000 and 4,000 examples, docs read from disk by the library session as the CLI
//! does; the growth per example is set against the size of one example's report.
//!
//! Run: `cargo bench --locked --bench run`

#![expect(clippy::print_stdout, reason = "a bench binary prints its figures")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use exemplar_core::model::DocFile;
use exemplar_core::{Observed, Redactor};
use exemplar_run::config::{Layer, Settings};
use exemplar_run::report::{Human, JsonLines, Reporter, Style};
use exemplar_run::{Event, ExampleResult, Outcome, Summary};
use serde_json::json;
use tokio::sync::Semaphore;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;

#[global_allocator]
static ALLOCATOR: common::Counting = common::Counting;

const EXAMPLES: usize = 3000;
const PER_PAGE: usize = 10;
const JOBS: usize = 4;
const ROUNDS: usize = 5;

fn body() -> serde_json::Value {
    json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
        "id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
        "displayName": "Adele Vance",
        "givenName": "Adele",
        "surname": "Vance",
        "mail": "AdeleV@contoso.onmicrosoft.com",
        "jobTitle": "Retail Manager",
        "officeLocation": "18/2111",
        "preferredLanguage": "en-US",
        "accountEnabled": true,
        "createdDateTime": "2019-02-04T14:57:30Z",
        "businessPhones": ["+1 425 555 0109"],
        "assignedLicenses": [{"skuId": "c7df2760-2c81-4ef7-b578-5b5392b571df", "disabledPlans": []}]
    })
}

/// Page `p`: ten GETs, each documented with the answer the server gives.
fn page(p: usize) -> DocFile {
    exemplar_core::extract(&page_file(p), &page_text(p))
}

fn page_file(p: usize) -> String {
    format!("users-{p:04}.md")
}

fn page_text(p: usize) -> String {
    let response = serde_json::to_string_pretty(&body()).unwrap_or_default();
    let mut text = String::from("# Users\n\n");
    for e in 0..PER_PAGE {
        text.push_str(&format!(
            "<!-- {{ \"blockType\": \"request\", \"name\": \"get_{p}_{e}\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0/users/{{id}}/items/{e}\n```\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.user\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{response}\n```\n\n"
        ));
    }
    text
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(bench());
}

async fn bench() {
    let server = MockServer::builder()
        .disable_request_recording()
        .start()
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body()))
        .mount(&server)
        .await;
    let settings = settings(&server.uri());
    let docs: Vec<DocFile> = (0..EXAMPLES / PER_PAGE).map(page).collect();
    let times = speed(&docs, &server.uri(), &settings).await;
    print_speed(&times, docs.len());
    memory(&server.uri(), &settings).await;
}

/// The best time of each figure over the rounds.
struct Times {
    bare: Duration,
    full: Duration,
    own: Duration,
    own2: Duration,
    read: Duration,
}

/// Times the bare requests, whole runs, reading the pages and exemplar's own work, each the
/// best of the rounds.
async fn speed(docs: &[DocFile], uri: &str, settings: &Settings) -> Times {
    let observed = answer(&docs[0], settings).await;
    let tree = pages_on_disk(EXAMPLES);
    let mut t = Times {
        bare: Duration::MAX,
        full: Duration::MAX,
        own: Duration::MAX,
        own2: Duration::MAX,
        read: Duration::MAX,
    };
    for _ in 0..=ROUNDS {
        t.bare = t.bare.min(bare_requests(docs, uri).await);
        t.full = t.full.min(exemplar_run(tree.path(), settings).await.0);
        t.read = t.read.min(read_pages(tree.path()));
        t.own = t.own.min(harness_work(docs, &observed, settings, 1));
        t.own2 = t.own2.min(harness_work(docs, &observed, settings, 2));
    }
    t
}

/// Prints the time figures of `pages` pages.
fn print_speed(t: &Times, pages: usize) {
    let n = EXAMPLES as f64;
    let us = |d: Duration| d.as_secs_f64() * 1e6 / n;
    println!(
        "examples: {EXAMPLES} ({pages} pages), {JOBS} files at once, wiremock on 127.0.0.1, 2 cores shared"
    );
    println!(
        "bare reqwest requests:  {:>7.1} ms  {:>6.0} requests/s  {:>5.1} µs per request",
        common::ms(t.bare),
        n / t.bare.as_secs_f64(),
        us(t.bare)
    );
    println!(
        "exemplar run (e2e):     {:>7.1} ms  {:>6.0} examples/s  ratio {:.2}x the bare requests",
        common::ms(t.full),
        n / t.full.as_secs_f64(),
        common::ratio(t.full, t.bare)
    );
    println!(
        "  of which reading and extracting the {pages} pages: {:>5.1} ms of CPU (measured apart); e2e less that: {:.2}x the bare requests",
        common::ms(t.read),
        common::ratio(t.full.saturating_sub(t.read), t.bare)
    );
    println!(
        "exemplar's own work, 1 thread:  {:>7.1} ms  {:>5.1} µs per example (plan + compare + report)",
        common::ms(t.own),
        us(t.own)
    );
    println!(
        "exemplar's own work, 2 threads: {:>7.1} ms  {:>5.1} µs per example = {:.0}% of the bare requests (both on the same 2 cores)",
        common::ms(t.own2),
        us(t.own2),
        100.0 * t.own2.as_secs_f64() / t.bare.as_secs_f64()
    );
}

/// Measures the peak heap of whole runs of two sizes, against the bare requests', and prints it
/// with the size of one example's report.
async fn memory(uri: &str, settings: &Settings) {
    // The in-process server's own memory grows with the requests it has served, so the bare
    // requests are measured too and exemplar's growth is what it adds on top.
    let (small, large) = (1000, 4000);
    let bare_peak = |n: usize| {
        let docs: Vec<DocFile> = (0..n / PER_PAGE).map(page).collect();
        let uri = uri.to_owned();
        async move { peak(async { (bare_requests(&docs, &uri).await, 0) }).await }
    };
    let (bare_small, bare_large) = (bare_peak(small).await, bare_peak(large).await);
    let (small_tree, large_tree) = (pages_on_disk(small), pages_on_disk(large));
    let (run_small, run_large) = (
        peak(exemplar_run(small_tree.path(), settings)).await,
        peak(exemplar_run(large_tree.path(), settings)).await,
    );
    let growth = |a: usize, b: usize| (b as f64 - a as f64) / (large - small) as f64;
    println!(
        "peak heap, bare requests: {small} examples {:.1} MiB, {large} examples {:.1} MiB ({:.0} bytes per request: the in-process server)",
        common::mib(bare_small),
        common::mib(bare_large),
        growth(bare_small, bare_large)
    );
    println!(
        "peak heap, exemplar run:  {small} examples {:.1} MiB, {large} examples {:.1} MiB ({:.0} bytes per example more than bare)",
        common::mib(run_small),
        common::mib(run_large),
        growth(run_small, run_large) - growth(bare_small, bare_large)
    );
    let one = exemplar_run(pages_on_disk(PER_PAGE).path(), settings)
        .await
        .1
        / PER_PAGE;
    println!(
        "  the report itself: {} bytes of ExampleResult + strings per example, {one} bytes of JSON report line, plus the human report",
        std::mem::size_of::<ExampleResult>()
    );
}

fn settings(target: &str) -> Settings {
    let layer = Layer {
        target: Some(target.to_owned()),
        jobs: Some(JOBS),
        params: [("id".to_owned(), "42".to_owned())].into(),
        ..Layer::default()
    };
    Settings::resolve(&[layer], &Default::default()).expect("settings")
}

fn context<'a>(settings: &'a Settings, target: &'a reqwest::Url) -> exemplar_core::PlanContext<'a> {
    exemplar_core::PlanContext {
        target,
        params: &settings.params,
        headers: &settings.headers,
        allow_mutations: false,
        remote_proxy: false,
        sample_values: false,
        vars: None,
    }
}

/// The server's answer to the first example, captured once.
async fn answer(doc: &DocFile, settings: &Settings) -> Observed {
    let target = settings.target.clone().expect("target");
    let planned = exemplar_core::plan(&doc.examples[0], &context(settings, &target)).expect("plan");
    let replayer =
        exemplar_run::Replayer::new(settings.timeout, 0, settings.max_body, None).expect("client");
    replayer.send(&planned).await.expect("answer")
}

/// The floor: the same GETs with the same client settings and concurrency, nothing else.
async fn bare_requests(docs: &[DocFile], target: &str) -> Duration {
    let client = exemplar_run::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let permits = Arc::new(Semaphore::new(JOBS));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for doc in docs {
        let urls: Vec<String> = doc
            .examples
            .iter()
            .map(|e| {
                format!(
                    "{target}{}",
                    e.request
                        .url
                        .replace("https://graph.microsoft.com", "")
                        .replace("{id}", "42")
                )
            })
            .collect();
        let (client, permit) = (
            client.clone(),
            Arc::clone(&permits).acquire_owned().await.expect("permit"),
        );
        tasks.spawn(async move {
            let _permit = permit;
            for url in urls {
                let response = client.get(url).send().await.expect("bare request");
                std::hint::black_box(response.bytes().await.expect("bare body"));
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    started.elapsed()
}

/// What exemplar adds to each request, without the network: plan, compare, report.
fn harness_work(
    docs: &[DocFile],
    observed: &Observed,
    settings: &Settings,
    threads: usize,
) -> Duration {
    let started = Instant::now();
    let per_thread = docs.len().div_ceil(threads);
    std::thread::scope(|scope| {
        for part in docs.chunks(per_thread) {
            scope.spawn(move || work(part, observed, settings));
        }
    });
    started.elapsed()
}

/// Plans, judges and reports every example of `docs` against the captured answer.
fn work(docs: &[DocFile], observed: &Observed, settings: &Settings) {
    let target = settings.target.clone().expect("target");
    let mut events = Vec::new();
    let mut summary = Summary::default();
    for (page, doc) in docs.iter().enumerate() {
        for (index, example) in doc.examples.iter().enumerate() {
            let planned = exemplar_core::plan(example, &context(settings, &target)).expect("plan");
            let verdict =
                exemplar_core::judge(example, observed, &settings.rules, settings.match_mode);
            let outcome = if verdict.mismatches.is_empty() {
                Outcome::Passed
            } else {
                Outcome::Failed
            };
            std::hint::black_box(&planned);
            summary.passed += usize::from(outcome == Outcome::Passed);
            events.push(Event::Example(Box::new(ExampleResult {
                file: example.file.clone(),
                line: example.line(),
                name: example.name().map(str::to_owned),
                outcome,
                reason: None,
                mismatches: verdict.mismatches,
                request: None,
                bodies: verdict.bodies,
                snapshot: exemplar_run::snapshot::Status::Off,
                snapshot_change: None,
                operation: None,
                duration: Duration::ZERO,
                order: (page, index),
                scenario: None,
                fix: None,
                fixable: false,
                exchange: None,
            })));
        }
    }
    assert_eq!(summary.passed, events.len(), "every example passes");
    events.push(Event::Finished(summary));
    render(events, |_| {});
}

/// Renders events through the human and the JSON reporters as they come (showing each to
/// `seen` too); the JSON report's size.
fn render(events: impl IntoIterator<Item = Event>, mut seen: impl FnMut(&Event)) -> usize {
    let mut human = Human::new(
        std::io::sink(),
        std::io::sink(),
        Style::default(),
        Redactor::default(),
        String::new(),
    );
    let mut json = JsonLines::new(Vec::new(), Redactor::default());
    for event in events {
        seen(&event);
        human.event(&event).expect("human");
        json.event(&event).expect("json");
    }
    json.into_inner().len()
}

/// Reads and extracts the pages under `dir` as a run does, on one thread: its wall time is the
/// CPU time reading takes from the run (where it shares the two cores with the requests).
fn read_pages(dir: &std::path::Path) -> Duration {
    let started = Instant::now();
    let mut examples = 0;
    exemplar_core::read_docs(&[dir.to_owned()], 1, |doc| {
        examples += doc.expect("page").examples.len();
    });
    assert_eq!(examples, EXAMPLES);
    started.elapsed()
}

/// `examples` examples in pages of ten, written to a temporary folder.
fn pages_on_disk(examples: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for p in 0..examples / PER_PAGE {
        std::fs::write(dir.path().join(page_file(p)), page_text(p)).expect("page");
    }
    dir
}

/// The whole harness on the pages under `dir`, through the library session: the time, and the
/// size of the JSON report.
async fn exemplar_run(dir: &std::path::Path, settings: &Settings) -> (Duration, usize) {
    let mut options = exemplar_run::RunOptions::new(vec![dir.to_owned()], settings.clone());
    options.root = dir.to_owned();
    // On the bench's runtime, with the server, as the bare requests are.
    options.runtime = Some(tokio::runtime::Handle::current());
    tokio::task::spawn_blocking(move || {
        // As the binary does: each event to the reporters as it comes.
        let started = Instant::now();
        let (mut examples, mut passed) = (0, 0);
        let json = render(exemplar_run::run(options).expect("run"), |event| {
            if let Event::Example(result) = event {
                examples += 1;
                passed += usize::from(result.outcome == Outcome::Passed);
            }
        });
        assert_eq!(passed, examples, "every example passes");
        (started.elapsed(), json)
    })
    .await
    .expect("join")
}

async fn peak<F: std::future::Future<Output = (Duration, usize)>>(run: F) -> usize {
    common::start();
    std::hint::black_box(run.await);
    common::stop()
}
