//! Scenarios (`[[scenario]]`): captures from body and header, setup failures, teardown after a
//! failure and after Ctrl-C, config errors, the reports; against wiremock, and the lifecycle
//! fixture against the built-in mock.

use std::path::Path;
use std::time::Duration;

use exemplar_run::Outcome;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, exemplar_async, stdout};

fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A page of one example `name`: `request` answered as `response`.
fn example(name: &str, request: &str, response: &str) -> String {
    format!(
        "# {name}\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"{name}\" }} -->\n```http\n{request}\n```\n\n<!-- {{ \"blockType\": \"response\", \"truncated\": true }} -->\n```http\n{response}\n```\n"
    )
}

const USER: &str =
    "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"displayName\": \"Adele\"}";

/// Four pages of a user's life in `dir/docs`, and `config` as `dir/exemplar.toml`.
fn user_pages(dir: &Path, config: &str) {
    write(
        dir,
        "docs/create.md",
        &example(
            "create_user",
            "POST /v1.0/users\nContent-type: application/json\n\n{\"displayName\": \"Adele\"}",
            "HTTP/1.1 201 Created\nContent-type: application/json\n\n{\"id\": \"1\"}",
        ),
    );
    write(
        dir,
        "docs/get.md",
        &example(
            "get_user",
            "GET /v1.0/users/{user-id}\nX-Created-At: {where}",
            USER,
        ),
    );
    write(
        dir,
        "docs/update.md",
        &example(
            "update_user",
            "PATCH /v1.0/users/{user-id}\nContent-type: application/json\n\n{\"displayName\": \"Adele V\"}",
            "HTTP/1.1 204 No Content",
        ),
    );
    write(
        dir,
        "docs/delete.md",
        &example(
            "delete_user",
            "DELETE /v1.0/users/{user-id}",
            "HTTP/1.1 204 No Content",
        ),
    );
    write(
        dir,
        "docs/other.md",
        &example("other_page", "GET /v1.0/me", USER),
    );
    write(dir, "exemplar.toml", config);
}

const LIFE: &str = r#"
[params]
user-id = "from-params"

[[scenario]]
name = "life"
setup = [{ example = "create_user", capture = { user-id = "/id", where = "header:Location" } }]
run = ["get_user", "update_user"]
teardown = [{ example = "delete_user" }]
"#;

/// A service that creates user `u-42` (Location `/v1.0/users/u-42`) and answers for it.
async fn service(create_status: u16, get_status: u16, delete_status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1.0/users"))
        .respond_with(
            ResponseTemplate::new(create_status)
                .insert_header("Location", "/v1.0/users/u-42")
                .set_body_json(json!({"id": "u-42", "displayName": "Adele"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/users/u-42"))
        .respond_with(
            ResponseTemplate::new(get_status).set_body_json(json!({"displayName": "Adele"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"displayName": "Adele"})))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/v1.0/users/u-42"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1.0/users/u-42"))
        .respond_with(ResponseTemplate::new(delete_status))
        .mount(&server)
        .await;
    server
}

async fn run(dir: &Path, server: &MockServer, extra: &[&str]) -> std::process::Output {
    let uri = server.uri();
    let mut args = vec!["run", "docs", "--target", &uri, "--retries", "0"];
    args.extend(extra);
    exemplar_async(dir, &args, &[]).await
}

fn sent(requests: &[wiremock::Request]) -> Vec<String> {
    requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect()
}

#[tokio::test]
async fn captures_from_body_and_header_fill_later_steps_over_params_and_teardown_runs() {
    let dir = tempfile::tempdir().unwrap();
    user_pages(dir.path(), LIFE);
    let server = service(201, 200, 204).await;
    let output = run(dir.path(), &server, &[]).await;
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(
        out.contains("PASS  scenario life: get.md:4 get_user"),
        "{out}"
    );
    assert!(
        out.contains("PASS  scenario life: update.md:4 update_user"),
        "{out}"
    );
    assert!(out.contains("3 passed, 0 failed, 0 skipped"), "{out}");
    let requests = server.received_requests().await.unwrap();
    let mut scenario: Vec<String> = sent(&requests);
    scenario.retain(|r| r != "GET /v1.0/me");
    // The scenario's examples ran there, in order, once: not again with their pages.
    assert_eq!(
        scenario,
        [
            "POST /v1.0/users",
            "GET /v1.0/users/u-42",
            "PATCH /v1.0/users/u-42",
            "DELETE /v1.0/users/u-42"
        ]
    );
    let get = requests
        .iter()
        .find(|r| r.url.path() == "/v1.0/users/u-42")
        .unwrap();
    assert_eq!(get.headers["x-created-at"], "/v1.0/users/u-42");
}

#[tokio::test]
async fn teardown_runs_after_a_failing_step_and_a_failed_teardown_is_reported_apart() {
    let dir = tempfile::tempdir().unwrap();
    user_pages(dir.path(), LIFE);
    let server = service(201, 500, 500).await;
    let output = run(
        dir.path(),
        &server,
        &["--report-json", "r.jsonl", "--report-junit", "r.xml"],
    )
    .await;
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains("FAIL  scenario life: get.md:4 get_user"),
        "{out}"
    );
    assert!(
        out.contains(
            "FAIL  teardown of scenario life: delete.md:4 delete_user: answered 500, expected 2xx"
        ),
        "{out}"
    );
    // The teardown's failure is its own: the examples' counts are theirs alone.
    assert!(
        out.contains("2 passed, 1 failed, 0 skipped, 1 teardown step failed"),
        "{out}"
    );
    let requests = sent(&server.received_requests().await.unwrap());
    assert_eq!(
        requests.last().unwrap(),
        "DELETE /v1.0/users/u-42",
        "{requests:?}"
    );
    the_json_report_tells_the_teardown_apart(dir.path());
    let xml = std::fs::read_to_string(dir.path().join("r.xml")).unwrap();
    assert!(
        xml.contains("<testsuite name=\"scenario:life\" tests=\"3\""),
        "{xml}"
    );
    assert!(xml.contains("name=\"teardown: delete_user\""), "{xml}");
    assert!(xml.contains("<testsuite name=\"other.md\""), "{xml}");
}

/// The JSON report in `dir/r.jsonl`: the failed example in its scenario, and the failed teardown
/// step as a record of its own.
fn the_json_report_tells_the_teardown_apart(dir: &Path) {
    let json = std::fs::read_to_string(dir.join("r.jsonl")).unwrap();
    let records: Vec<Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let get = records.iter().find(|r| r["name"] == "get_user").unwrap();
    assert_eq!(
        (&get["scenario"], &get["outcome"]),
        (&json!("life"), &json!("failed"))
    );
    let teardown = records.iter().find(|r| r["step"] == "teardown").unwrap();
    assert_eq!(teardown["name"], "delete_user");
    assert_eq!(teardown["reason"], "answered 500, expected 2xx");
    assert_eq!(
        (
            &teardown["scenario"],
            &teardown["outcome"],
            &teardown["line"]
        ),
        (&json!("life"), &json!("failed"), &json!(4))
    );
    assert_eq!(teardown["mismatches"], json!([]));
}

#[tokio::test]
async fn a_failed_setup_skips_the_examples_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    user_pages(dir.path(), LIFE);
    let server = service(500, 200, 204).await;
    let output = run(dir.path(), &server, &[]).await;
    let out = stdout(&output);
    assert!(
        out.contains("SKIP  scenario life: get.md:4 get_user: setup step create_user failed: answered 500, expected 2xx"),
        "{out}"
    );
    assert!(out.contains("1 passed, 0 failed, 2 skipped"), "{out}");
    // Setup captured no id, so teardown has nothing to delete: nothing is sent for it.
    let requests = sent(&server.received_requests().await.unwrap());
    assert!(
        !requests.iter().any(|r| r.starts_with("DELETE")),
        "{requests:?}"
    );
}

#[tokio::test]
async fn a_capture_missing_from_the_answer_fails_the_setup() {
    let dir = tempfile::tempdir().unwrap();
    user_pages(dir.path(), &LIFE.replace("\"/id\"", "\"/userId\""));
    let server = service(201, 200, 204).await;
    let output = run(dir.path(), &server, &[]).await;
    let out = stdout(&output);
    assert!(
        out.contains("setup step create_user failed: capture `user-id`: the answer has no /userId"),
        "{out}"
    );
}

#[test]
fn config_errors_name_the_line_and_the_closest_example() {
    let dir = tempfile::tempdir().unwrap();
    user_pages(
        dir.path(),
        &LIFE.replace("\"update_user\"", "\"update_usr\""),
    );
    let output = support::exemplar(
        dir.path(),
        &["run", "docs", "--target", "http://127.0.0.1:9"],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("exemplar.toml:8: scenario `life` run[1]: no example is named `update_usr`: did you mean `update_user`?"),
        "{err}"
    );
}

#[tokio::test]
async fn ctrl_c_mid_scenario_still_runs_teardown() {
    let dir = tempfile::tempdir().unwrap();
    for n in 0..20 {
        write(
            dir.path(),
            &format!("docs/slow{n:02}.md"),
            &example(&format!("slow_{n:02}"), "GET /v1.0/users/{user-id}", USER),
        );
    }
    let config = LIFE
        .replace("[\"get_user\", \"update_user\"]", "[\"slow_*\"]")
        .replace(", where = \"header:Location\"", "");
    user_pages(dir.path(), &config);
    // The slow examples answer late, so the run is mid-scenario when it is interrupted.
    let server = slow_service().await;
    let (uri, root) = (server.uri(), dir.path().to_owned());
    let (code, out) = tokio::task::spawn_blocking(move || {
        let args = [
            "run",
            "docs",
            "--target",
            &uri,
            "--jobs",
            "1",
            "--retries",
            "0",
        ];
        support::interrupt_when(&root, &args, |seen| seen.contains("PASS  scenario life"))
    })
    .await
    .unwrap();
    assert_eq!(code, Some(130), "{out}");
    assert!(out.matches("PASS  scenario life").count() < 20, "{out}");
    let requests = sent(&server.received_requests().await.unwrap());
    assert_eq!(
        requests.last().unwrap(),
        "DELETE /v1.0/users/u-42",
        "{requests:?}"
    );
    server.verify().await;
}

/// Creates user `u-42`, answers GETs after 300 ms, and expects the user's DELETE once.
async fn slow_service() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "u-42"}))
                .insert_header("Location", "x"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"displayName": "Adele"}))
                .set_delay(Duration::from_millis(300)),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1.0/users/u-42"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_library_tells_scenario_examples_and_teardowns_apart() {
    let dir = tempfile::tempdir().unwrap();
    user_pages(dir.path(), LIFE);
    let server = service(201, 200, 500).await;
    let text = std::fs::read_to_string(dir.path().join("exemplar.toml")).unwrap();
    let file = exemplar_run::config::Layer::from_toml("exemplar.toml", &text).unwrap();
    let flags = exemplar_run::config::Layer {
        target: Some(server.uri()),
        retries: Some(0),
        ..Default::default()
    };
    let settings =
        exemplar_run::config::Settings::resolve(&[file, flags], &Default::default()).unwrap();
    let mut options = exemplar_run::RunOptions::new(vec![dir.path().join("docs")], settings);
    options.root = dir.path().to_owned();
    let report = support::session(options).await;
    let in_scenario: Vec<_> = (report.examples.iter())
        .filter(|e| e.scenario.as_deref() == Some("life"))
        .map(|e| e.name.clone().unwrap())
        .collect();
    assert_eq!(in_scenario, ["get_user", "update_user"]);
    assert_eq!(report.count(Outcome::Passed), 3);
    assert_eq!(report.teardowns.len(), 1);
    assert_eq!(report.summary.teardown_failed, 1);
    assert_eq!(report.summary.exit_code(), 1);
}

#[test]
fn the_lifecycle_fixture_passes_against_the_built_in_mock() {
    let output = support::exemplar(
        &support::root(),
        &[
            "run",
            "fixtures/lifecycle",
            "--config",
            "fixtures/lifecycle/exemplar.toml",
        ],
    );
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(
        out.contains("PASS  scenario user-lifecycle: user-get.md:48 get_deleted_user"),
        "{out}"
    );
    assert!(out.contains("4 passed, 0 failed, 0 skipped"), "{out}");
}

/// The selection flags take a scenario whole or not at all: one of its examples under test
/// matching is enough, and the run's first line counts what will run.
#[test]
fn selection_flags_take_a_scenario_as_one_unit() {
    let run = |extra: &[&str]| {
        let mut args = vec![
            "run",
            "fixtures/lifecycle",
            "fixtures/docs",
            "--config",
            "fixtures/lifecycle/exemplar.toml",
        ];
        args.extend_from_slice(extra);
        let output = support::exemplar(&support::root(), &args);
        (output.status.code(), stdout(&output))
    };
    // `delete_user` matches: the whole scenario runs, beside fixtures/docs' one DELETE.
    let (code, out) = run(&["--method", "DELETE"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("replaying 5 examples from"), "{out}");
    assert!(
        out.contains("scenario user-lifecycle: user-get.md:16 get_user"),
        "{out}"
    );
    assert!(out.contains("order-pairing.md:49 delete_event"), "{out}");
    assert!(out.contains("5 passed, 0 failed, 0 skipped"), "{out}");
    // Only a setup step matches: that is no example under test, so nothing is selected.
    let (code, out) = run(&["--name", "create_user"]);
    assert_eq!(code, Some(4), "{out}");
    assert!(!out.contains("scenario user-lifecycle"), "{out}");
    // A name of another page's example leaves the scenario out entirely.
    let (code, out) = run(&["--name", "get-drive-*"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(!out.contains("scenario user-lifecycle"), "{out}");
    assert!(out.contains("2 passed, 0 failed, 0 skipped"), "{out}");
}
