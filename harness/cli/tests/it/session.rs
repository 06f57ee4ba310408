//! A run as a library session (`exemplar_run::run`): events as things happen, pages that cannot
//! be read, errors apart, unused ignore rules, unreferenced snapshots, two sessions at once. The
//! promises the binary keeps on top of it are in `network`, `report_files`, `run_paths` and
//! `secrets`, which share this file's fixtures.

use std::path::Path;
use std::time::Duration;

use exemplar_run::{End, Outcome};
use serde_json::json;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, page};

/// Writes `text` to `file` under `dir`, making its folders.
pub(crate) fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `pages` pages `docs/pNNN.md`, each with one GET of `/items/NNN` documented as `{"n": NNN}`.
pub(crate) fn pages(dir: &Path, pages: usize) {
    for n in 0..pages {
        let body = format!("HTTP/1.1 200 OK\nContent-type: application/json\n\n{{\"n\": {n}}}");
        write(
            dir,
            &format!("docs/p{n:03}.md"),
            &page(&format!("GET /items/{n}"), "", &body),
        );
    }
}

/// Answers `GET /items/N` with `{"n": N}` after `delay`.
pub(crate) async fn items(delay: Duration) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/items/\d+$"))
        .respond_with(move |request: &wiremock::Request| {
            let n: u64 = request.url.path()[7..].parse().unwrap_or(0);
            ResponseTemplate::new(200)
                .set_body_json(json!({ "n": n }))
                .set_delay(delay)
        })
        .mount(&server)
        .await;
    server
}

/// Run options for the docs under `dir/docs` against `target`, no retries, `layer` on top.
pub(crate) fn options(
    dir: &Path,
    target: &str,
    layer: exemplar_run::config::Layer,
) -> exemplar_run::RunOptions {
    let layer = exemplar_run::config::Layer {
        target: Some(target.to_owned()),
        retries: Some(0),
        ..layer
    };
    let settings = exemplar_run::config::Settings::resolve(&[layer], &Default::default()).unwrap();
    let mut options = exemplar_run::RunOptions::new(vec![dir.join("docs")], settings);
    options.root = dir.to_owned();
    options
}

#[tokio::test]
async fn a_run_tells_its_start_each_example_and_its_end_as_events() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 5);
    write(
        dir.path(),
        "docs/p001.md",
        &page("GET /items/1", "", "HTTP/1.1 200 OK\n\n{\"n\": 99}"),
    );
    let server = items(Duration::ZERO).await;
    let report = support::session(options(dir.path(), &server.uri(), Default::default())).await;
    assert_eq!(report.kinds.first(), Some(&"started"));
    assert_eq!(report.kinds.last(), Some(&"finished"));
    assert_eq!(report.kinds.iter().filter(|k| **k == "example").count(), 5);
    let started = report.started.as_ref().unwrap();
    assert_eq!(
        (started.examples, started.pages, started.mock),
        (5, 5, false)
    );
    let summary = &report.summary;
    assert_eq!(
        (
            summary.selected,
            summary.passed,
            summary.failed,
            summary.errors
        ),
        (5, 4, 1, 0)
    );
    assert_eq!(summary.end, End::Completed);
    assert_eq!(summary.exit_code(), exemplar_run::error::EXIT_FAILED);
    let failed = &report.examples[1];
    assert_eq!(
        (failed.file.as_str(), failed.outcome),
        ("p001.md", Outcome::Failed)
    );
    assert_eq!(failed.mismatches[0].pointer, "/body/n");
    assert_eq!(report.reason(1).as_deref(), Some("1 mismatch"));
}

/// A caller with a runtime of its own lends it: the run and the caller's server share it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_can_share_the_callers_runtime() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 3);
    let server = items(Duration::ZERO).await;
    let mut options = options(dir.path(), &server.uri(), Default::default());
    options.runtime = Some(tokio::runtime::Handle::current());
    let report = support::session(options).await;
    assert_eq!((report.summary.passed, report.summary.selected), (3, 3));
}

#[tokio::test]
async fn a_page_that_cannot_be_read_is_an_event_and_the_others_still_run() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 2);
    std::fs::create_dir_all(dir.path().join("docs/folder.md")).unwrap();
    std::fs::write(dir.path().join("docs/binary.md"), b"a\0b").unwrap();
    let server = items(Duration::ZERO).await;
    let mut options = options(dir.path(), &server.uri(), Default::default());
    options.paths.push(dir.path().join("no/such/page.md"));
    let report = support::session(options).await;
    assert_eq!(report.summary.passed, 2);
    assert_eq!(report.summary.pages_failed, 2, "{:?}", report.pages_failed);
    assert!(
        report.pages_failed[0].contains("binary.md")
            && report.pages_failed[0].contains("[binary-file]")
    );
    assert!(report.pages_failed[1].contains("no/such/page.md: No such file or directory"));
    assert_eq!(report.summary.exit_code(), exemplar_run::error::EXIT_FAILED);
}

#[tokio::test]
async fn answers_that_cannot_be_judged_are_counted_as_errors_apart() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 3);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/items/1$"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(|request: &wiremock::Request| {
            let n: u64 = request.url.path()[7..].parse().unwrap_or(0);
            ResponseTemplate::new(200).set_body_json(json!({ "n": n }))
        })
        .mount(&server)
        .await;
    let layer = exemplar_run::config::Layer {
        timeout: Some(0.3),
        ..Default::default()
    };
    let report = support::session(options(dir.path(), &server.uri(), layer)).await;
    let summary = &report.summary;
    assert_eq!((summary.passed, summary.failed, summary.errors), (2, 0, 1));
    assert!(support::render(&report).ends_with("2 passed, 0 failed, 0 skipped, 1 errors\n"));
}

#[tokio::test]
async fn the_session_tells_unreferenced_snapshots_and_prunes_only_the_read_pages() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 2);
    for stale in [
        "snaps/docs/p000/gone.snap",
        "snaps/docs/p001/gone.snap",
        "snaps/docs/deleted/x.snap",
    ] {
        write(dir.path(), stale, "---\n---\n{}\n");
    }
    let server = items(Duration::ZERO).await;
    let layer = exemplar_run::config::Layer {
        snapshot_dir: Some(dir.path().join("snaps").display().to_string()),
        update_snapshots: Some("always".into()),
        ..Default::default()
    };
    let mut options = options(dir.path(), &server.uri(), layer);
    options.paths = vec![dir.path().join("docs/p000.md")];
    options.prune = true;
    let report = support::session(options).await;
    let told: Vec<_> = report
        .unreferenced
        .iter()
        .map(|u| {
            (
                u.path.strip_prefix(dir.path()).unwrap().to_owned(),
                u.removed,
            )
        })
        .collect();
    assert_eq!(
        told,
        [(Path::new("snaps/docs/p000/gone.snap").to_owned(), true)]
    );
    assert!(dir.path().join("snaps/docs/p001/gone.snap").exists());
    assert!(
        dir.path().join("snaps/docs/deleted/x.snap").exists(),
        "not under the run's paths"
    );
}

#[tokio::test]
async fn an_ignore_rule_that_matched_nothing_is_named_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 2);
    let server = items(Duration::ZERO).await;
    let layer = exemplar_run::config::Layer {
        ignore: vec![".body.n".into(), ".n".into(), ".value[].id=guid".into()],
        ..Default::default()
    };
    let report = support::session(options(dir.path(), &server.uri(), layer)).await;
    assert_eq!(report.summary.passed, 2);
    assert_eq!(report.summary.unused_ignores, [".body.n", ".value[].id"]);
    let text = support::render(&report);
    assert!(
        text.contains(
            "warning: ignore rule `.body.n` matched no value in any example: selectors start at the body, so write `.n`\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("warning: ignore rule `.value[].id` matched no value in any example\n"),
        "{text}"
    );
}

/// Two runs at once on one snapshot folder: no example is in error, whichever run writes,
/// removes or reads a snapshot first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_sessions_at_once_share_one_snapshot_store() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 30);
    let server = items(Duration::ZERO).await;
    let snaps = dir.path().join("snaps").display().to_string();
    let layer = |mode: &str| exemplar_run::config::Layer {
        snapshot_dir: Some(snaps.clone()),
        update_snapshots: Some(mode.into()),
        ..Default::default()
    };
    // Half the pages have snapshots, some with pending ones beside them.
    let mut first = options(dir.path(), &server.uri(), layer("always"));
    first.paths = (0..15)
        .map(|n| dir.path().join(format!("docs/p{n:03}.md")))
        .collect();
    support::session(first).await;
    for n in 0..5 {
        let pending = dir
            .path()
            .join(format!("snaps/docs/p{n:03}/example.snap.new"));
        std::fs::write(pending, "---\n---\n{}\n").unwrap();
    }
    for round in 0..3 {
        let (one, two) = tokio::join!(
            support::session(options(dir.path(), &server.uri(), layer("new"))),
            support::session(options(dir.path(), &server.uri(), layer("always"))),
        );
        for report in [&one, &two] {
            let errors: Vec<_> = report
                .examples
                .iter()
                .filter(|e| e.outcome == Outcome::Error)
                .map(|e| format!("{}: {:?}", e.file, e.reason))
                .collect();
            assert!(errors.is_empty(), "round {round}: {errors:?}");
        }
    }
}

/// Pages that cannot be read are each that page's error, with the OS reason once, and the run
/// goes on: a dangling link, a link loop; a folder named like a page is walked, not read.
#[tokio::test]
async fn pages_behind_broken_links_are_their_own_errors_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 2);
    let docs = dir.path().join("docs");
    std::os::unix::fs::symlink(docs.join("nowhere.md"), docs.join("dangling.md")).unwrap();
    std::os::unix::fs::symlink(docs.join("loop-b.md"), docs.join("loop-a.md")).unwrap();
    std::os::unix::fs::symlink(docs.join("loop-a.md"), docs.join("loop-b.md")).unwrap();
    std::fs::create_dir_all(docs.join("folder.md")).unwrap();
    write(
        dir.path(),
        "docs/folder.md/inside.md",
        &page("GET /items/7", "", "HTTP/1.1 200 OK\n\n{\"n\": 7}"),
    );
    let server = items(Duration::ZERO).await;
    let report = support::session(options(dir.path(), &server.uri(), Default::default())).await;
    assert_eq!(report.summary.passed, 3, "{:?}", report.pages_failed);
    assert_eq!(report.pages_failed.len(), 3, "{:?}", report.pages_failed);
    for (failure, name) in report
        .pages_failed
        .iter()
        .zip(["dangling.md", "loop-a.md", "loop-b.md"])
    {
        assert!(failure.contains(name), "{failure}");
        assert_eq!(failure.matches("os error").count(), 1, "{failure}");
    }
    assert_eq!(report.summary.exit_code(), exemplar_run::error::EXIT_FAILED);
}
