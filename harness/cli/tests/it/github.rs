//! Output for CI: `--format github` for `run` and `lint` (the workflow commands and the job
//! summaries are snapshotted), lint's filters and summary, and `run --quiet`.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, page, stdout};

fn exemplar(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_exemplar"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .envs(env.iter().copied())
        .output()
        .expect("run exemplar")
}

/// The workflow commands among the lines of `out`.
fn commands(out: &Output) -> String {
    stdout(out)
        .lines()
        .filter(|l| l.starts_with("::"))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[tokio::test]
async fn failed_examples_become_annotations_and_a_job_summary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    let ok = "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"name\": \"a, b: 100%\"}";
    std::fs::write(dir.path().join("docs/pass.md"), page("GET /pass", "", ok)).unwrap();
    let documented = "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"name\": \"Adele\", \"job\": \"CEO\"}";
    std::fs::write(
        dir.path().join("docs/fail.md"),
        page("GET /fail", "", documented),
    )
    .unwrap();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pass"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "a, b: 100%"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/fail"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "Adele\nVance"})))
        .mount(&server)
        .await;
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let uri = server.uri();
    let summary_path = summary.to_str().unwrap().to_owned();
    let dir_path = dir.path().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        let env = [
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_STEP_SUMMARY", summary_path.as_str()),
        ];
        exemplar(&dir_path, &["run", "docs", "--target", &uri], &env)
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = format!(
        "{}--- $GITHUB_STEP_SUMMARY\n{}",
        commands(&out),
        std::fs::read_to_string(&summary).unwrap()
    );
    support::settings().bind(|| insta::assert_snapshot!("github_run", text));
    // `--format human` turns it off under GitHub Actions.
    let uri = server.uri();
    let dir_path = dir.path().to_owned();
    let human = tokio::task::spawn_blocking(move || {
        let args = ["run", "docs", "--target", &uri, "--format", "human"];
        exemplar(&dir_path, &args, &[("GITHUB_ACTIONS", "true")])
    })
    .await
    .unwrap();
    assert_eq!(commands(&human), "");
}

#[test]
fn lint_findings_become_annotations_and_a_job_summary() {
    let root = support::root();
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let args = [
        "lint",
        "fixtures/invalid",
        "--format",
        "github",
        "--code",
        "unclosed-fence,lenient-http",
    ];
    let out = exemplar(
        &root,
        &args,
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = format!(
        "{}--- $GITHUB_STEP_SUMMARY\n{}",
        commands(&out),
        std::fs::read_to_string(&summary).unwrap()
    );
    support::settings().bind(|| insta::assert_snapshot!("github_lint", text));
}

#[test]
fn lint_filters_by_code_and_severity_and_sums_up_by_code() {
    let root = support::root();
    let summary = exemplar(&root, &["lint", "fixtures/invalid", "--summary"], &[]);
    assert_eq!(summary.status.code(), Some(1));
    support::settings().bind(|| insta::assert_snapshot!("lint_summary", stdout(&summary)));
    // Warnings only: nothing fails.
    let warnings = [
        "lint",
        "fixtures/invalid",
        "--code",
        "lenient-body",
        "--format",
        "json",
    ];
    let out = exemplar(&root, &warnings, &[]);
    assert_eq!(out.status.code(), Some(0));
    let lines = stdout(&out);
    assert!(
        !lines.is_empty()
            && lines
                .lines()
                .all(|l| l.contains("\"code\":\"lenient-body\""))
    );
    // Errors only: every line shown is an error, and they still fail.
    let errors = [
        "lint",
        "fixtures/invalid",
        "--severity",
        "error",
        "--format",
        "json",
    ];
    let out = exemplar(&root, &errors, &[]);
    assert_eq!(out.status.code(), Some(1));
    let lines = stdout(&out);
    assert!(!lines.is_empty() && lines.lines().all(|l| l.contains("\"severity\":\"error\"")));
    // A code that does not exist is a usage error that names the close ones.
    let wrong = exemplar(
        &root,
        &["lint", "fixtures/invalid", "--code", "lenient"],
        &[],
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("did you mean `lenient-metadata`"),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
}

#[tokio::test]
async fn quiet_prints_only_the_failures_and_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    let answer = "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"n\": 1}";
    for name in ["a", "b"] {
        let request = format!("GET /{name}");
        std::fs::write(
            dir.path().join(format!("docs/{name}.md")),
            page(&request, "", answer),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("docs/c.md"),
        page("GET /c/{id}", "", answer),
    )
    .unwrap();
    let server = MockServer::start().await;
    for (name, n) in [("a", 1), ("b", 2)] {
        Mock::given(method("GET"))
            .and(path(format!("/{name}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "n": n })))
            .mount(&server)
            .await;
    }
    let (uri, dir_path) = (server.uri(), dir.path().to_owned());
    let (quiet, loud) = tokio::task::spawn_blocking(move || {
        let quiet = exemplar(
            &dir_path,
            &["run", "docs", "--target", &uri, "--quiet"],
            &[],
        );
        (
            quiet,
            exemplar(&dir_path, &["run", "docs", "--target", &uri], &[]),
        )
    })
    .await
    .unwrap();
    assert_eq!(quiet.status.code(), Some(1));
    let text = stdout(&quiet);
    assert!(!text.contains("PASS") && !text.contains("SKIP"), "{text}");
    assert!(text.contains("FAIL  b.md:4 example"), "{text}");
    assert!(text.contains("/body/n: expected 1, got 2"), "{text}");
    assert!(text.contains("1 passed, 1 failed, 1 skipped"), "{text}");
    let loud = stdout(&loud);
    assert!(
        loud.contains("PASS  a.md:4 example") && loud.contains("SKIP  c.md:4"),
        "{loud}"
    );
}
