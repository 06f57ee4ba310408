//! Exit codes that keep the verdict (DESIGN §6): a closed standard output, a path that does not
//! exist, a run that judged nothing, a documented body that cannot be read as its JSON.
//! See: issue 23, item 4.

use std::path::Path;
use std::process::{Command, Stdio};

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, exemplar, exemplar_async, page};

/// Runs exemplar in `dir` with its standard output already closed by the reader (`| head -0`):
/// the exit code and stderr.
fn with_stdout_closed(dir: &Path, args: &[String]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_exemplar"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .env_remove("GITHUB_ACTIONS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).unwrap();
}

const OK_JSON: &str =
    "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"displayName\": \"Adele\"}";

#[test]
fn lint_json_into_a_closed_pipe_keeps_exit_one() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"a\": }";
    write(dir.path(), "p.md", &page("GET /me", "", broken));
    let args = ["lint", "p.md", "--format", "json"].map(String::from);
    let (code, err) = with_stdout_closed(dir.path(), &args);
    assert_eq!(code, Some(1), "{err}");
    assert!(!err.contains("error:"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn run_report_json_into_a_closed_pipe_keeps_exit_one() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.md", &page("GET /me", "", OK_JSON));
    let args = [
        "run",
        "p.md",
        "--target",
        &server.uri(),
        "--report-json",
        "-",
    ]
    .map(String::from);
    let path = dir.path().to_owned();
    let (code, err) = tokio::task::spawn_blocking(move || with_stdout_closed(&path, &args))
        .await
        .unwrap();
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("0 passed, 1 failed"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_path_that_does_not_exist_exits_two_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.md", &page("GET /me", "", OK_JSON));
    let run = ["run", "p.md", "v1.O", "--target", &server.uri()];
    let out = exemplar_async(dir.path(), &run, &[]).await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("v1.O: no such file or directory"), "{err}");
    for command in ["lint", "list", "serve"] {
        let out = exemplar(dir.path(), &[command, "v1.O"]);
        assert_eq!(out.status.code(), Some(2), "{command}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_where_every_example_was_skipped_exits_four() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.md", &page("GET /users/{id}", "", OK_JSON));
    let out = exemplar_async(dir.path(), &["run", "p.md", "--target", &server.uri()], &[]).await;
    let text = support::stdout(&out);
    assert_eq!(out.status.code(), Some(4), "{text}");
    assert!(text.contains("0 passed, 0 failed, 1 skipped"), "{text}");
    assert!(text.contains("nothing was judged"), "{text}");
}

#[test]
fn a_documented_body_that_is_not_its_json_is_an_error_naming_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    let not_json = "HTTP/1.1 200 OK\nContent-type: application/json\n\nthe user, as JSON";
    write(dir.path(), "p.md", &page("GET /me", "", not_json));
    let out = exemplar(dir.path(), &["run", "p.md"]);
    let text = support::stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("ERROR p.md:4 example"), "{text}");
    assert!(text.contains("invalid-body"), "{text}");
    let lint = exemplar(dir.path(), &["lint", "p.md"]);
    assert!(support::stdout(&lint).contains("invalid-body"));
}
