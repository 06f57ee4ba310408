//! The mock server built from the docs: routes, fresh values, 404s, shutdown, and the docs
//! checking themselves against it.

use std::io::{BufRead, BufReader};
use std::process::{ChildStderr, Command, Stdio};

use exemplar_core::compare::generated::is_guid;
use exemplar_mock as mock;
use serde_json::Value;

use crate::support;

async fn serve(pages: &[(&str, &str)]) -> mock::MockServer {
    let docs: Vec<_> = pages
        .iter()
        .map(|(file, text)| exemplar_core::extract(file, text))
        .collect();
    let (routes, _) = mock::routes(&docs);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    mock::start(routes, listener, None).await
}

fn seed() -> String {
    std::fs::read_to_string(support::fixture("docs/seed-create-assignment.md")).unwrap()
}

const SEED_PATH: &str =
    "/localtest/deviceManagement/windowsAutopilotDeviceIdentities/42/deploymentProfile/assignments";

#[tokio::test]
async fn created_resources_get_fresh_ids_and_the_body_is_accepted() {
    let server = serve(&[("seed.md", &seed())]).await;
    let client = exemplar_run::client_builder().build().unwrap();
    let post = || {
        client
            .post(format!("{}{SEED_PATH}", server.uri()))
            .json(&serde_json::json!({"source": "direct"}))
            .send()
    };
    let (first, second) = (post().await.unwrap(), post().await.unwrap());
    assert_eq!(first.status(), 201);
    assert_eq!(first.headers()["content-type"], "application/json");
    let length: usize = first.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let (a, b): (Value, Value) = (
        serde_json::from_slice(&first.bytes().await.unwrap()[..length]).unwrap(),
        second.json().await.unwrap(),
    );
    let id = a["id"].as_str().unwrap();
    assert!(
        is_guid(id) && id != "cc38598c-598c-cc38-8c59-38cc8c5938cc",
        "{id}"
    );
    assert_ne!(a["id"], b["id"]);
    assert_eq!(a["sourceId"], "Source Id value");
}

#[tokio::test]
async fn content_length_is_the_served_body_not_the_documented_header() {
    let server = serve(&[("seed.md", &seed())]).await;
    let response = exemplar_run::client_builder()
        .build()
        .unwrap()
        .post(format!("{}{SEED_PATH}", server.uri()))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    let length: usize = response.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_ne!(length, 289, "the documented Content-Length was copied");
    assert_eq!(response.bytes().await.unwrap().len(), length);
}

#[tokio::test]
async fn placeholders_and_guids_match_any_segment_and_literals_win() {
    let get = |path: &str, body: &str| {
        support::page(
            &format!("GET {path}"),
            "",
            &format!("HTTP/1.1 200 OK\nContent-type: application/json\n\n{body}"),
        )
    };
    let (by_id, delta, guid) = (
        get("/v1.0/users/{id}", "{\"n\": \"by id\"}"),
        get("/v1.0/users/delta", "{\"n\": \"delta\"}"),
        get(
            "/v1.0/groups/02bd9fd6-8f93-4758-87c3-1fb73740a315/owners",
            "{\"n\": \"owners\"}",
        ),
    );
    let server = serve(&[("a.md", &by_id), ("b.md", &delta), ("c.md", &guid)]).await;
    let name = |path: &'static str| {
        let uri = server.uri();
        async move {
            exemplar_run::client_builder()
                .build()
                .unwrap()
                .get(format!("{uri}{path}"))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()["n"]
                .clone()
        }
    };
    assert_eq!(name("/v1.0/users/42").await, "by id");
    assert_eq!(name("/v1.0/users/delta").await, "delta");
    assert_eq!(name("/v1.0/Users/Delta/").await, "delta");
    assert_eq!(name("/v1.0/groups/anything-at-all/owners").await, "owners");
}

#[tokio::test]
async fn examples_that_differ_only_by_query_are_told_apart() {
    let list = |query: &str, body: &str| {
        support::page(
            &format!("GET /v1.0/me/messages{query}"),
            "",
            &format!("HTTP/1.1 200 OK\nContent-type: application/json\n\n{body}"),
        )
    };
    let server = serve(&[
        ("a.md", &list("?$select=subject", "{\"n\": \"select\"}")),
        (
            "b.md",
            &list("?$filter=importance eq 'high'", "{\"n\": \"filter\"}"),
        ),
    ])
    .await;
    let get = |query: &'static str| {
        let uri = server.uri();
        async move {
            exemplar_run::client_builder()
                .build()
                .unwrap()
                .get(format!("{uri}/v1.0/me/messages{query}"))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()["n"]
                .clone()
        }
    };
    assert_eq!(get("?$filter=importance%20eq%20%27high%27").await, "filter");
    assert_eq!(get("?$select=subject").await, "select");
    // Neither query: the first example answers.
    assert_eq!(get("?$top=1").await, "select");
}

#[tokio::test]
async fn unmatched_requests_get_a_404_naming_the_closest_routes() {
    let server = serve(&[
        ("seed.md", &seed()),
        (
            "me.md",
            &support::page("GET /v1.0/me", "", "HTTP/1.1 200 OK"),
        ),
    ])
    .await;
    let response = exemplar_run::client_builder()
        .build()
        .unwrap()
        .get(format!(
            "{}/localtest/deviceManagement/windowsAutopilotDeviceIdentities/42/deploymentProfile",
            server.uri()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "NoDocumentedRoute");
    let closest = &body["error"]["closest"][0];
    assert_eq!(
        closest["route"],
        "POST /localtest/deviceManagement/windowsAutopilotDeviceIdentities/{windowsAutopilotDeviceIdentityId}/deploymentProfile/assignments"
    );
    assert_eq!(closest["documented_at"], "seed.md:66");
}

/// A mock of the fixture page for `serve` (`fixtures/serve/users-and-me.md`).
async fn serve_fixture() -> mock::MockServer {
    let text = std::fs::read_to_string(support::fixture("serve/users-and-me.md")).unwrap();
    serve(&[("users-and-me.md", &text)]).await
}

/// Each request and its answer as text: method and path, status, `Allow`, the error body.
async fn answers(uri: &str, requests: &[(&str, &str, Option<&str>)]) -> String {
    let client = exemplar_run::client_builder().build().unwrap();
    let mut shown = String::new();
    for (method, path, body) in requests {
        let mut request = client.request(method.parse().unwrap(), format!("{uri}{path}"));
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        let response = request.send().await.unwrap();
        let allow = response
            .headers()
            .get("allow")
            .map(|v| format!("\nallow: {}", v.to_str().unwrap()))
            .unwrap_or_default();
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        let body = serde_json::to_string_pretty(&body).unwrap();
        shown.push_str(&format!("{method} {path}\n-> {status}{allow}\n{body}\n\n"));
    }
    shown
}

#[tokio::test]
async fn misspelt_paths_get_the_closest_documented_routes() {
    let server = serve_fixture().await;
    let shown = answers(
        &server.uri(),
        &[
            ("GET", "/v1.0/user", None),
            ("GET", "/v1.0/userz/42", None),
            ("GET", "/v1.0/groupz", None),
            ("GET", "/v1.0/me/manager", None),
            ("GET", "/v1.0/applications", None),
        ],
    )
    .await;
    support::settings().bind(|| insta::assert_snapshot!(shown));
}

#[tokio::test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared/corpus beside the checkout")]
async fn misspelt_graph_paths_get_the_closest_documented_routes() {
    let mut pages = Vec::new();
    exemplar_core::read_docs(&[support::corpus()], 2, |page| pages.push(page.unwrap()));
    let (routes, _) = mock::routes(&pages);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let server = mock::start(routes, listener, None).await;
    let shown = answers(
        &server.uri(),
        &[
            ("GET", "/v1.0/user", None),
            ("GET", "/v1.0/userz/42", None),
            ("GET", "/beta/groupz", None),
            ("GET", "/v1.0/me/mesages", None),
            ("PUT", "/beta/groups", None),
        ],
    )
    .await;
    support::settings().bind(|| insta::assert_snapshot!(shown));
}

#[tokio::test]
async fn a_documented_path_asked_with_another_method_is_405_with_allow() {
    let server = serve_fixture().await;
    let response = exemplar_run::client_builder()
        .build()
        .unwrap()
        .put(format!("{}/v1.0/me", server.uri()))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET, PATCH");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "MethodNotAllowed");
    assert_eq!(
        body["error"]["message"],
        "no documented example answers PUT /v1.0/me; the path is documented for GET /v1.0/me (users-and-me.md:85), PATCH /v1.0/me (users-and-me.md:102)"
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_where_the_docs_show_json_is_400_naming_the_offset() {
    let server = serve_fixture().await;
    let shown = answers(
        &server.uri(),
        &[
            ("POST", "/v1.0/users", Some("not json")),
            (
                "PATCH",
                "/v1.0/me",
                Some("{\n  \"officeLocation\": 18/2111\n}"),
            ),
            ("PATCH", "/v1.0/me", None),
        ],
    )
    .await;
    support::settings().bind(|| insta::assert_snapshot!(shown));
    let created = exemplar_run::client_builder()
        .build()
        .unwrap()
        .post(format!("{}/v1.0/users", server.uri()))
        .body("{\"displayName\": \"Alex Wilber\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        created.status(),
        201,
        "JSON is accepted without a content type"
    );
}

#[test]
fn the_banner_counts_examples_routes_and_files_and_says_why_they_differ() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_exemplar"))
        .args(["serve", "serve", "--port", "0"])
        .current_dir(support::fixture(""))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut shown = String::new();
    while !shown.contains("\nserving") && !shown.starts_with("serving") {
        assert_ne!(
            stderr.read_line(&mut shown).unwrap(),
            0,
            "serve ended: {shown}"
        );
    }
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    std::io::Read::read_to_string(&mut stderr, &mut shown).unwrap();
    let mut settings = support::settings();
    settings.add_filter(r"127\.0\.0\.1:\d+", "127.0.0.1:[port]");
    settings.bind(|| insta::assert_snapshot!(shown));
}

#[test]
fn serve_answers_the_seed_page_then_stops_cleanly_on_ctrl_c() {
    let seed_dir = support::root().join("../shared/seed");
    let docs = if seed_dir.is_dir() {
        seed_dir
    } else {
        support::fixture("docs/seed-create-assignment.md")
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_exemplar"))
        .args(["serve", docs.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let uri = served_at(&mut stderr);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let body: Value = runtime.block_on(async {
        let response = exemplar_run::client_builder()
            .build()
            .unwrap()
            .post(format!("{uri}{SEED_PATH}"))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    });
    let id = body["id"].as_str().unwrap();
    assert!(
        is_guid(id) && id != "cc38598c-598c-cc38-8c59-38cc8c5938cc",
        "{id}"
    );
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(rest.contains("stopped"), "{rest}");
    let mut log = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut log).unwrap();
    assert!(
        log.starts_with("POST /localtest/deviceManagement/") && log.contains("-> 201"),
        "{log}"
    );
}

/// Reads what `serve` prints until its `serving … at URI` line, and returns the URI without
/// its trailing slash.
fn served_at(stderr: &mut BufReader<ChildStderr>) -> String {
    let mut line = String::new();
    while !line.starts_with("serving") {
        line.clear();
        assert_ne!(
            stderr.read_line(&mut line).unwrap(),
            0,
            "serve ended before serving"
        );
    }
    line.split(" at ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_owned()
}

#[tokio::test]
async fn the_fixtures_pass_against_their_own_mock() {
    let report = self_check(support::fixture("docs")).await;
    assert_eq!(
        report.count(exemplar_run::Outcome::Passed),
        report.examples.len(),
        "{}",
        support::render(&report)
    );
}

/// Runs the docs under `root` with no target: against the built-in mock of the same docs.
async fn self_check(root: std::path::PathBuf) -> support::Report {
    let settings = exemplar_run::config::Settings::resolve(&[], &Default::default()).unwrap();
    let mut options = exemplar_run::RunOptions::new(vec![root.clone()], settings);
    options.root = root;
    support::session(options).await
}

/// The corpus checked against its own mock: every example passes but those the mock cannot
/// answer as documented, which are skipped with the mock's reason, never reported as mismatches.
#[tokio::test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared/corpus beside the checkout")]
async fn the_corpus_passes_against_its_own_mock() {
    let root = support::corpus();
    let mut pages = Vec::new();
    exemplar_core::read_docs(std::slice::from_ref(&root), 2, |page| {
        pages.push(page.unwrap())
    });
    let (_, unservable) = mock::routes(&pages);
    let report = self_check(root).await;
    assert_eq!(
        (
            report.count(exemplar_run::Outcome::Passed),
            report.count(exemplar_run::Outcome::Failed),
            report.count(exemplar_run::Outcome::Skipped),
            report.count(exemplar_run::Outcome::Error)
        ),
        // Errors: documented bodies that are not the JSON they promise (lint's invalid-body).
        (350, 0, 6, 2),
        "{}",
        support::render(&report)
    );
    for (i, example) in report.examples.iter().enumerate() {
        if example.outcome == exemplar_run::Outcome::Error {
            let reason = report.reason(i).unwrap_or_default();
            assert!(reason.contains("invalid-body"), "{reason}");
        }
        if example.outcome != exemplar_run::Outcome::Skipped {
            continue;
        }
        let listed = unservable
            .iter()
            .find(|u| u.file == example.file && u.line == example.line)
            .unwrap_or_else(|| panic!("{}:{} skipped but not listed", example.file, example.line));
        assert_eq!(
            report.reason(i),
            Some(format!("not servable by the mock: {}", listed.reason))
        );
    }
}
