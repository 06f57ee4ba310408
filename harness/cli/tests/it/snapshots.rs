//! Snapshots through `run`: record, match, drift, CI mode, review workflow, prune,
//! `--changed-since`. The files themselves (atomic writes, insta's format) are in
//! `snapshot_files`.

use std::path::Path;
use std::process::Command;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::session::write;
use crate::support::{exemplar_async, page, stdout};

/// `docs/users.md` documents `GET /users/42` (truncated, so extra data is fine for the contract).
fn docs(dir: &Path) {
    write(
        dir,
        "docs/users.md",
        &page(
            "GET /users/42",
            ", \"truncated\": true",
            "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"displayName\": \"Adele\"}",
        ),
    );
}

async fn server(job: &str) -> MockServer {
    let server = MockServer::start().await;
    let body = json!({"displayName": "Adele", "id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd", "jobTitle": job});
    Mock::given(method("GET"))
        .and(path("/users/42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// Snapshots are kept under the page's path relative to the project root (here the working
/// directory: no config file, no git tree), however the docs are named on the command line.
const SNAP: &str = "snaps/docs/users/example.snap";

async fn run(
    dir: &Path,
    server: &MockServer,
    extra: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    let uri = server.uri();
    let mut args = vec![
        "run",
        "docs",
        "--target",
        uri.as_str(),
        "--snapshot-dir",
        "snaps",
    ];
    args.extend_from_slice(extra);
    exemplar_async(dir, &args, env).await
}

#[tokio::test]
async fn record_once_then_every_rerun_matches() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    let server = server("CEO").await;
    let first = run(
        dir.path(),
        &server,
        &["--update-snapshots", "--report-json", "r.jsonl"],
        &[],
    )
    .await;
    assert_eq!(first.status.code(), Some(0), "{}", stdout(&first));
    assert!(
        std::fs::read_to_string(dir.path().join("r.jsonl"))
            .unwrap()
            .contains(r#""snapshot":"written""#)
    );
    let stored = std::fs::read_to_string(dir.path().join(SNAP)).unwrap();
    assert!(
        stored
            .starts_with("---\nsource: \"docs/users.md:4\"\nexpression: \"GET /users/42\"\n---\n"),
        "{stored}"
    );
    assert!(
        stored.contains("\"id\": \"[guid]\"") && stored.contains("\"jobTitle\": \"CEO\""),
        "{stored}"
    );
    let again = run(
        dir.path(),
        &server,
        &["--report-json", "r.jsonl"],
        &[("CI", "true")],
    )
    .await;
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
    assert!(
        std::fs::read_to_string(dir.path().join("r.jsonl"))
            .unwrap()
            .contains(r#""snapshot":"matched""#)
    );
}

#[tokio::test]
async fn drift_fails_in_ci_with_a_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    run(
        dir.path(),
        &server("CEO").await,
        &["--update-snapshots"],
        &[],
    )
    .await;
    let before = std::fs::read_to_string(dir.path().join(SNAP)).unwrap();
    let drifted = run(dir.path(), &server("CFO").await, &[], &[("CI", "true")]).await;
    assert_eq!(drifted.status.code(), Some(1));
    let text = stdout(&drifted);
    assert!(
        text.contains("snapshot changed (CI: nothing written)"),
        "{text}"
    );
    assert!(
        text.contains("-    \"jobTitle\": \"CEO\"") && text.contains("+    \"jobTitle\": \"CFO\""),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(SNAP)).unwrap(),
        before
    );
    assert!(!dir.path().join(format!("{SNAP}.new")).exists());
    // Even asked to update, CI writes nothing; a missing snapshot fails too.
    std::fs::remove_file(dir.path().join(SNAP)).unwrap();
    let missing = run(
        dir.path(),
        &server("CEO").await,
        &["--update-snapshots"],
        &[("CI", "true")],
    )
    .await;
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        !dir.path()
            .join("snaps/docs/users")
            .read_dir()
            .unwrap()
            .any(|_| true),
        "CI wrote a snapshot"
    );
}

#[tokio::test]
async fn pending_snapshots_are_reviewed_accepted_or_rejected() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    let server = server("CEO").await;
    let pending = run(dir.path(), &server, &[], &[]).await;
    assert_eq!(pending.status.code(), Some(1));
    assert!(
        stdout(&pending).contains("snapshot pending review"),
        "{}",
        stdout(&pending)
    );
    assert!(dir.path().join(format!("{SNAP}.new")).exists() && !dir.path().join(SNAP).exists());

    let rejected = exemplar_async(
        dir.path(),
        &["reject", "--snapshot-dir", "snaps", "docs/users.md"],
        &[],
    )
    .await;
    assert_eq!(
        stdout(&rejected).lines().last(),
        Some("1 snapshot rejected")
    );
    assert!(!dir.path().join(format!("{SNAP}.new")).exists());

    run(dir.path(), &server, &[], &[]).await;
    nothing_to_review_is_an_error(dir.path()).await;
    let accepted = exemplar_async(
        dir.path(),
        &["accept", "--snapshot-dir", "snaps", "example"],
        &[],
    )
    .await;
    assert_eq!(
        stdout(&accepted).lines().last(),
        Some("1 snapshot accepted")
    );
    assert!(dir.path().join(SNAP).exists());
    assert_eq!(
        run(dir.path(), &server, &[], &[("CI", "true")])
            .await
            .status
            .code(),
        Some(0)
    );
}

/// `accept` with a filter that picks nothing, and `review` of a folder that does not exist, fail
/// naming what was asked.
async fn nothing_to_review_is_an_error(dir: &Path) {
    let other = exemplar_async(
        dir,
        &["accept", "--snapshot-dir", "snaps", "no-such-example"],
        &[],
    )
    .await;
    // A filter that picks nothing is named, and fails.
    assert_eq!(other.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&other.stderr),
        "error: no pending snapshot in snaps matches `no-such-example`: give a doc path under it (`v1.0/api/user-get.md`, a folder) or an example name\n"
    );
    let nowhere = exemplar_async(dir, &["review", "--snapshot-dir", "snapz"], &[]).await;
    assert_eq!(nowhere.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&nowhere.stderr).contains("snapshot folder snapz does not exist"),
        "{}",
        String::from_utf8_lossy(&nowhere.stderr)
    );
}

#[tokio::test]
async fn review_shows_the_change_and_takes_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    run(
        dir.path(),
        &server("CEO").await,
        &["--update-snapshots"],
        &[],
    )
    .await;
    run(dir.path(), &server("CFO").await, &[], &[]).await;
    let dir_path = dir.path().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_exemplar"))
            .args(["review", "--snapshot-dir", "snaps"])
            .current_dir(&dir_path)
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"a\n").unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("-    \"jobTitle\": \"CEO\"") && text.contains("+    \"jobTitle\": \"CFO\""),
        "{text}"
    );
    assert!(
        text.ends_with("1 accepted, 0 rejected, 0 skipped\n"),
        "{text}"
    );
    assert!(
        std::fs::read_to_string(dir.path().join(SNAP))
            .unwrap()
            .contains("CFO")
    );
}

#[tokio::test]
async fn snapshots_no_example_refers_to_are_listed_and_pruned() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    let server = server("CEO").await;
    run(dir.path(), &server, &["--update-snapshots"], &[]).await;
    write(
        dir.path(),
        "snaps/docs/gone/old.snap",
        "---\nsource: \"gone.md:1\"\n---\n{}\n",
    );
    let listed = run(dir.path(), &server, &[], &[]).await;
    assert!(
        stdout(&listed).contains("unreferenced snapshot snaps/docs/gone/old.snap"),
        "{}",
        stdout(&listed)
    );
    assert!(dir.path().join("snaps/docs/gone/old.snap").exists());
    let pruned = run(dir.path(), &server, &["--prune"], &[]).await;
    assert!(stdout(&pruned).contains("removed unreferenced snapshot snaps/docs/gone/old.snap"));
    assert!(
        !dir.path().join("snaps/docs/gone/old.snap").exists() && dir.path().join(SNAP).exists()
    );
}

#[tokio::test]
async fn changed_since_runs_only_changed_docs_and_changed_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let doc = |name: &str| {
        page(
            &format!("GET /users/{name}"),
            ", \"truncated\": true",
            "HTTP/1.1 200 OK",
        )
    };
    for name in ["a", "b", "c"] {
        write(dir.path(), &format!("docs/{name}.md"), &doc(name));
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    run(dir.path(), &server, &["--update-snapshots"], &[]).await;
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "docs"]);
    // a.md changes, b's snapshot changes, c stays; d.md is new.
    write(
        dir.path(),
        "docs/a.md",
        &format!("{}\nMore prose.\n", doc("a")),
    );
    write(
        dir.path(),
        "snaps/docs/b/example.snap",
        "---\nsource: \"b.md:4\"\n---\n{}\n",
    );
    write(dir.path(), "docs/d.md", &doc("d"));
    let out = run(
        dir.path(),
        &server,
        &["--changed-since", "HEAD", "--report-json", "r.jsonl"],
        &[],
    )
    .await;
    let report = std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    assert_eq!(files(&report), ["a.md", "b.md", "d.md"], "{}", stdout(&out));
    let bad = run(
        dir.path(),
        &server,
        &["--changed-since", "no-such-rev"],
        &[],
    )
    .await;
    assert_eq!(bad.status.code(), Some(2));
}

/// Runs git in `dir` as a user of its own, and fails loudly when git does.
fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@t")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@t")
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

/// The files of the examples in the JSON report `report`.
fn files(report: &str) -> Vec<String> {
    report
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|record| record.get("run").is_none())
        .map(|record| record["file"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn snapshots_hold_no_secret_and_no_credential_header() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    let server = MockServer::start().await;
    let echo = ResponseTemplate::new(200)
        .insert_header("set-cookie", "session=c00kie-value")
        .set_body_json(json!({"displayName": "Adele", "token": "echo s3cret-token-value"}));
    Mock::given(method("GET"))
        .respond_with(echo)
        .mount(&server)
        .await;
    let args = [
        "--update-snapshots",
        "--header",
        "Authorization: Bearer ${TOKEN}",
    ];
    let out = run(
        dir.path(),
        &server,
        &args,
        &[("TOKEN", "s3cret-token-value")],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let stored = std::fs::read_to_string(dir.path().join(SNAP)).unwrap();
    assert!(
        !stored.contains("s3cret") && !stored.contains("c00kie"),
        "{stored}"
    );
    assert!(stored.contains("echo [redacted]"), "{stored}");
}

#[tokio::test]
async fn snapshot_settings_come_from_the_environment_too() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    let server = server("CEO").await;
    let uri = server.uri();
    let env = [
        ("EXEMPLAR_SNAPSHOT_DIR", "snaps"),
        ("INSTA_UPDATE", "always"),
    ];
    let out = exemplar_async(dir.path(), &["run", "docs", "--target", &uri], &env).await;
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(dir.path().join(SNAP).exists());
    // accept needs only the snapshot directory, not the variables header values name.
    write(
        dir.path(),
        "exemplar.toml",
        "snapshot_dir = \"snaps\"\n[headers]\nAuthorization = \"Bearer ${UNSET_TOKEN}\"\n",
    );
    let accept = exemplar_async(dir.path(), &["accept"], &[]).await;
    assert_eq!(
        accept.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&accept.stderr)
    );
}

#[tokio::test]
async fn one_name_twice_in_a_page_gets_two_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let one = page("GET /users/42", ", \"truncated\": true", "HTTP/1.1 200 OK");
    write(dir.path(), "docs/users.md", &format!("{one}\n{one}"));
    let server = server("CEO").await;
    let out = run(dir.path(), &server, &["--update-snapshots"], &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let mut names: Vec<_> = std::fs::read_dir(dir.path().join("snaps/docs/users"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["example-line-16.snap", "example.snap"]);
    assert_eq!(
        run(dir.path(), &server, &[], &[("CI", "true")])
            .await
            .status
            .code(),
        Some(0)
    );
}

#[tokio::test]
async fn prune_keeps_snapshots_of_docs_outside_the_run_and_never_deletes_in_ci() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    write(
        dir.path(),
        "docs/other.md",
        &page("GET /users/42", ", \"truncated\": true", "HTTP/1.1 200 OK"),
    );
    let server = server("CEO").await;
    run(dir.path(), &server, &["--update-snapshots"], &[]).await;
    write(
        dir.path(),
        "snaps/docs/users/stale.snap",
        "---\nsource: \"users.md:1\"\n---\n{}\n",
    );
    let uri = server.uri();
    let single = [
        "run",
        "docs/users.md",
        "--target",
        &uri,
        "--snapshot-dir",
        "snaps",
        "--prune",
    ];
    let ci = exemplar_async(dir.path(), &single, &[("CI", "true")]).await;
    assert!(stdout(&ci).contains("unreferenced snapshot snaps/docs/users/stale.snap (no example refers to it; CI: nothing is removed)"), "{}", stdout(&ci));
    assert!(dir.path().join("snaps/docs/users/stale.snap").exists());
    let pruned = exemplar_async(dir.path(), &single, &[]).await;
    assert!(
        stdout(&pruned).contains("removed unreferenced snapshot snaps/docs/users/stale.snap"),
        "{}",
        stdout(&pruned)
    );
    assert!(
        dir.path().join("snaps/docs/other/example.snap").exists(),
        "a doc outside the run lost its snapshot"
    );
    assert!(dir.path().join(SNAP).exists());
}
