//! A run as a library session (`exemplar_run::run`), and the promises the binary keeps on top of it:
//! events as things happen, Ctrl-C, snapshot identity, selection, exit codes, report files.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use exemplar_run::{End, Outcome};
use serde_json::json;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, exemplar_async, page, stdout};

fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `pages` pages `docs/pNNN.md`, each with one GET of `/items/NNN` documented as `{"n": NNN}`.
fn pages(dir: &Path, pages: usize) {
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
async fn items(delay: Duration) -> MockServer {
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

fn options(
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

#[tokio::test]
async fn an_empty_selection_exits_four_naming_what_was_asked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docs/notes.md", "# No examples here\n");
    let out = exemplar_async(dir.path(), &["run", "docs"], &[]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("error: no examples selected in docs: check the paths and filters"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test]
async fn the_same_page_alone_or_in_its_folder_reads_and_writes_one_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 2);
    let server = items(Duration::ZERO).await;
    let uri = server.uri();
    let run = |paths: &'static [&'static str], env: &'static [(&'static str, &'static str)]| {
        let mut args = vec!["run"];
        args.extend_from_slice(paths);
        args.extend(["--target", uri.as_str(), "--snapshot-dir", "snaps"]);
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let dir = dir.path().to_owned();
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            exemplar_async(&dir, &args, env).await
        }
    };
    let folder = run(&["docs", "--update-snapshots"], &[]).await;
    assert_eq!(folder.status.code(), Some(0), "{}", stdout(&folder));
    let snap = dir.path().join("snaps/docs/p001/example.snap");
    assert!(snap.exists());
    let one = run(&["docs/p001.md"], &[("CI", "true")]).await;
    assert_eq!(one.status.code(), Some(0), "{}", stdout(&one));
    assert!(!stdout(&one).contains("unreferenced"), "{}", stdout(&one));
    let via_dots = run(&["./docs/../docs/p001.md"], &[("CI", "true")]).await;
    assert_eq!(via_dots.status.code(), Some(0), "{}", stdout(&via_dots));
    let pruned = run(&["docs/p001.md", "--prune"], &[]).await;
    assert_eq!(pruned.status.code(), Some(0), "{}", stdout(&pruned));
    assert!(
        dir.path().join("snaps/docs/p000/example.snap").exists(),
        "another page's snapshot was pruned"
    );
    assert!(snap.exists());
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
async fn changed_since_with_file_arguments_runs_only_the_changed_file() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 2);
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["-c", "user.name=t", "-c", "user.email=t@t", "add", "."]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-qm",
        "docs",
    ]);
    let changed = page("GET /items/1", "", "HTTP/1.1 200 OK\n\n{\"n\": 1}");
    write(dir.path(), "docs/p001.md", &changed);
    let server = items(Duration::ZERO).await;
    let args = [
        "run",
        "docs/p000.md",
        "docs/p001.md",
        "--target",
        &server.uri(),
        "--changed-since",
        "HEAD",
        "--report-json",
        "-",
    ];
    let out = exemplar_async(dir.path(), &args, &[]).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Vec<String> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|record| record.get("run").is_none())
        .map(|record| record["file"].to_string())
        .collect();
    assert_eq!(files, ["\"p001.md\""]);
    // Nothing changed at all: a note, and exit 0.
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-qam",
        "more",
    ]);
    let nothing = exemplar_async(dir.path(), &args, &[]).await;
    assert_eq!(nothing.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&nothing.stderr)
            .contains("note: nothing changed in docs/p000.md, docs/p001.md"),
        "{}",
        String::from_utf8_lossy(&nothing.stderr)
    );
}

#[tokio::test]
async fn reports_go_to_standard_output_and_into_pipes_in_place() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 2);
    let server = items(Duration::ZERO).await;
    let uri = server.uri();
    // `-`: the JSON report alone on stdout, the human report on stderr.
    let out = exemplar_async(
        dir.path(),
        &["run", "docs", "--target", &uri, "--report-json", "-"],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Two examples, then the run's line.
    assert_eq!(lines.len(), 3);
    assert!(lines[2]["run"].is_object());
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 passed, 0 failed, 0 skipped"));
    // A named pipe is written in place, never replaced by a file.
    let fifo = dir.path().join("report.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = exemplar_async(
        dir.path(),
        &[
            "run",
            "docs",
            "--target",
            &uri,
            "--report-junit",
            "report.fifo",
        ],
        &[],
    )
    .await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xml = reader.join().unwrap();
    assert!(
        xml.contains("<testsuites") && xml.contains("p001.md"),
        "{xml}"
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo_like()
    );
    // A report that cannot be written fails before any request.
    let bad = exemplar_async(
        dir.path(),
        &[
            "run",
            "docs",
            "--target",
            &uri,
            "--report-json",
            "no/such/folder/r.json",
        ],
        &[],
    )
    .await;
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--report-json no/such/folder/r.json"));
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(4));
}

trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}

impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        std::os::unix::fs::FileTypeExt::is_fifo(self)
    }
}

/// Ctrl-C mid-run against a slow server: the examples finished so far, the summary and the
/// JSON report are all there, and the exit code is 130.
#[tokio::test]
async fn ctrl_c_mid_run_keeps_what_finished_and_writes_the_reports() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 40);
    let server = items(Duration::from_millis(300)).await;
    let uri = server.uri();
    let dir_path = dir.path().to_owned();
    let (code, out, report) = tokio::task::spawn_blocking(move || {
        let args = [
            "run",
            "docs",
            "--target",
            &uri,
            "--jobs",
            "2",
            "--report-json",
            "r.jsonl",
        ];
        // Wait for two examples to finish, then interrupt.
        let (code, seen) =
            support::interrupt_when(&dir_path, &args, |seen| seen.matches("PASS").count() >= 2);
        let report = std::fs::read_to_string(dir_path.join("r.jsonl")).unwrap_or_default();
        (code, seen, report)
    })
    .await
    .unwrap();
    assert_eq!(code, Some(130), "{out}");
    let passed = out.matches("PASS").count();
    assert!((2..40).contains(&passed), "{out}");
    assert!(
        out.contains(&format!(
            "interrupted: {} of 40 examples not run",
            40 - passed
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("{passed} passed, 0 failed, 0 skipped")),
        "{out}"
    );
    // The examples that finished, then the run's line (interrupted).
    assert_eq!(report.lines().count(), passed + 1, "{report}");
    assert!(
        report
            .lines()
            .last()
            .unwrap()
            .contains("\"interrupted\":true"),
        "{report}"
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

/// A page that cannot be read is in every report: stderr, the JSON report, the JUnit report.
#[tokio::test]
async fn a_page_that_cannot_be_read_is_in_every_report() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 1);
    std::fs::write(dir.path().join("docs/latin1.md"), b"caf\xe9\n").unwrap();
    let server = items(Duration::ZERO).await;
    let args = [
        "run",
        "docs",
        "--target",
        &server.uri(),
        "--report-json",
        "r.jsonl",
        "--report-junit",
        "r.xml",
    ];
    let out = exemplar_async(dir.path(), &args, &[]).await;
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let json = std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    let first: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(
        (first["file"].as_str(), first["outcome"].as_str()),
        (Some("latin1.md"), Some("error"))
    );
    assert!(
        first["reason"].as_str().unwrap().contains("[not-utf8]"),
        "{first}"
    );
    // The page, the example, the run's line.
    assert_eq!(json.lines().count(), 3, "{json}");
    let xml = std::fs::read_to_string(dir.path().join("r.xml")).unwrap();
    assert!(
        xml.contains(r#"<testsuite name="latin1.md""#) && xml.contains("errors=\"1\""),
        "{xml}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("latin1.md").count(), 1, "{stderr}");
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

/// Every form of `secret` an output could carry it in.
fn secret_forms(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let json = serde_json::to_string(secret).unwrap();
    let json = json[1..json.len() - 1].to_owned();
    let mut forms = vec![secret.to_owned(), json.clone()];
    for text in [secret.to_owned(), json] {
        let xml = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        forms.push(xml.replace('"', "&quot;").replace('\'', "&apos;"));
        forms.push(xml.replace('"', "&#34;").replace('\'', "&#39;"));
    }
    forms.push(
        percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
    );
    forms.push(base64::engine::general_purpose::STANDARD.encode(secret));
    forms
}

/// Runs one page whose server echoes the secret header back in a header and in the body, and
/// returns every output: the human report, the JSON and JUnit reports, and the snapshots.
fn outputs_of_an_echoing_run(secret: &str) -> Vec<(String, String)> {
    use exemplar_run::report::Reporter;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(|request: &wiremock::Request| {
                let echo = request
                    .headers
                    .get("x-api-key")
                    .map_or("", |v| v.to_str().unwrap_or(""));
                ResponseTemplate::new(200)
                    .insert_header("x-echo", echo)
                    .set_body_json(json!({ "echo": echo, "n": 0 }))
            })
            .mount(&server)
            .await;
        server
    });
    let dir = tempfile::tempdir().unwrap();
    let answer = "HTTP/1.1 200 OK\nX-Echo: documented\n\n{\"echo\": \"documented\", \"n\": 0}";
    write(dir.path(), "docs/p.md", &page("GET /items/0", "", answer));
    let env = [("SECRET".to_owned(), secret.to_owned())].into();
    let layer = exemplar_run::config::Layer {
        target: Some(server.uri()),
        retries: Some(0),
        headers: [("X-Api-Key".to_owned(), "${SECRET}".to_owned())].into(),
        snapshot_dir: Some(dir.path().join("snaps").display().to_string()),
        ..Default::default()
    };
    let settings = exemplar_run::config::Settings::resolve(&[layer], &env).unwrap();
    let mut options = exemplar_run::RunOptions::new(vec![dir.path().join("docs")], settings);
    options.root = dir.path().to_owned();
    let redactor = options.redactor();
    let (mut human, mut err) = (Vec::new(), Vec::new());
    let mut json = exemplar_run::report::JsonLines::new(Vec::new(), redactor.clone());
    let mut junit = exemplar_run::report::Junit::new(Vec::new(), redactor.clone());
    {
        let style = exemplar_run::report::Style::default();
        let mut people =
            exemplar_run::report::Human::new(&mut human, &mut err, style, redactor, String::new());
        for event in exemplar_run::run(options).unwrap() {
            people.event(&event).unwrap();
            json.event(&event).unwrap();
            junit.event(&event).unwrap();
        }
    }
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    let mut outputs = vec![
        ("human".to_owned(), text(human)),
        ("stderr".to_owned(), text(err)),
        ("json".to_owned(), text(json.into_inner())),
        ("junit".to_owned(), text(junit.into_inner())),
    ];
    let snaps = dir.path().join("snaps/docs/p");
    for file in std::fs::read_dir(&snaps).unwrap().flatten() {
        let name = file.file_name().to_string_lossy().into_owned();
        outputs.push((name, std::fs::read_to_string(file.path()).unwrap()));
    }
    assert!(
        outputs.iter().any(|(n, _)| n.ends_with(".snap.new")),
        "{outputs:?}"
    );
    drop(server);
    outputs
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 16, ..Default::default() })]

    /// Secrets drawn from all printable ASCII (quotes, `\`, `<`, `>`, `&`), echoed by the server
    /// in a header and in the body, reach no output in any form.
    #[test]
    fn no_secret_reaches_any_output_in_any_form(secret in "[!-~][ -~]{10,30}[!-~]") {
        let outputs = outputs_of_an_echoing_run(&secret);
        // The echo came back and was caught: the mismatch shows where it stood.
        let json = &outputs.iter().find(|(n, _)| n == "json").unwrap().1;
        proptest::prop_assert!(json.contains("/body/echo") && json.contains("[redacted]"), "{json}");
        for (output, text) in outputs {
            for form in secret_forms(&secret) {
                proptest::prop_assert!(
                    !text.contains(&form),
                    "{form:?} in {output}:\n{text}"
                );
            }
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
