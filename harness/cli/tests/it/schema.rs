//! The schema checks (DESIGN §8): `lint --metadata` over fixtures with a small CSDL, `resource`
//! blocks as types, `run --match schema` against wiremock, and the corpus with the real CSDLs.

use std::path::Path;

use exemplar_core::schema::{self, SchemaLint, Spec};
use exemplar_run::report::diagnostics;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support;

fn csdl() -> String {
    support::fixture("schema/graph.csdl.xml")
        .display()
        .to_string()
}

fn schemas(specs: &[String]) -> schema::Schemas {
    let specs: Vec<Spec> = specs.iter().map(|s| s.parse().unwrap()).collect();
    schema::load(&specs, &schema::no_fetching).unwrap()
}

fn read(path: &Path) -> exemplar_core::DocFile {
    let display = path.file_name().unwrap().to_string_lossy().into_owned();
    exemplar_core::read_doc(path, &display).expect("fixture readable")
}

/// The schema findings of one page, rendered, and the lint that found them.
fn lint(path: &Path, schemas: schema::Schemas) -> (Vec<exemplar_core::Diagnostic>, SchemaLint) {
    let doc = read(path);
    let mut lint = SchemaLint::new(schemas);
    lint.learn(&doc);
    let found = lint.check(&doc);
    (found, lint)
}

fn rendered(found: &[exemplar_core::Diagnostic]) -> String {
    let mut out = Vec::new();
    for d in found {
        diagnostics::write_human(&mut out, d, false).unwrap();
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn schema_docs_report_the_finding_they_are_named_for() {
    let mut settings = support::settings();
    // A finding in the CSDL names it as given: here, where the checkout is.
    let escaped: String = (csdl().chars())
        .flat_map(|c| match c.is_ascii_alphanumeric() || c == '/' {
            true => vec![c],
            false => vec!['\\', c],
        })
        .collect();
    settings.add_filter(&escaped, "graph.csdl.xml");
    settings.bind(|| {
        insta::glob!("../../../../fixtures/schema", "*.md", |path| {
            let code = path.file_stem().unwrap().to_string_lossy().into_owned();
            let (found, _) = lint(path, schemas(&[csdl()]));
            assert!(
                found.iter().any(|d| d.code == code.as_str()),
                "{code}: not in {found:#?}"
            );
            insta::assert_snapshot!(rendered(&found));
        });
    });
}

#[test]
fn resource_blocks_serve_as_types_without_metadata() {
    support::settings().bind(|| {
        insta::glob!("../../../../fixtures/schema/resources", "*.md", |path| {
            let code = path.file_stem().unwrap().to_string_lossy().into_owned();
            let (found, _) = lint(path, schema::Schemas::default());
            assert!(
                found.iter().any(|d| d.code == code.as_str()),
                "{code}: not in {found:#?}"
            );
            insta::assert_snapshot!(rendered(&found));
        });
    });
}

/// Resource blocks describe only what the docs document: without `--metadata`, a type they lack
/// or an inheritance they do not name is no finding (with a CSDL, both are errors).
#[test]
fn resource_blocks_do_not_know_every_type_so_an_unknown_one_is_no_finding() {
    // A `null` neither: OData's properties are nullable unless declared otherwise, which a
    // block cannot do (issue 23, item 1).
    for page in ["resources-partial.md", "resources-null-is-allowed.md"] {
        let path = support::fixture(&format!("schema/valid/{page}"));
        let (found, _) = lint(&path, schema::Schemas::default());
        assert!(found.is_empty(), "{page}: {found:#?}");
    }
}

#[test]
fn every_edm_form_and_way_of_naming_a_type_conforms() {
    let (found, lint) = lint(
        &support::fixture("schema/valid/conforming.md"),
        schemas(&[csdl()]),
    );
    assert!(found.is_empty(), "{found:#?}");
    // Six bodies resolve (by annotation, context, URL, `$delta`); the sendMail request does not.
    assert_eq!((lint.tally.bodies, lint.tally.unresolved), (6, 1));
}

#[test]
fn a_version_given_for_one_api_does_not_serve_another() {
    let (found, lint) = lint(
        &support::fixture("schema/schema-wrong-type.md"),
        schemas(&[format!("beta={}", csdl())]),
    );
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!((lint.tally.bodies, lint.tally.unresolved), (0, 1));
}

#[test]
fn lint_with_metadata_prints_findings_at_their_place_and_a_summary() {
    let dir = support::root();
    let metadata = format!("v1.0={}", csdl());
    let out = support::exemplar(
        &dir,
        &[
            "lint",
            "--metadata",
            &metadata,
            "fixtures/schema/schema-wrong-type.md",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = support::stdout(&out);
    assert!(text.contains("--> schema-wrong-type.md:15:3"), "{text}");
    assert!(
        text.contains("schema: 1 body checked, 0 without a resolvable type; schema-wrong-type 6"),
        "{text}"
    );
    let json = support::exemplar(
        &dir,
        &[
            "lint",
            "--format",
            "json",
            "--metadata",
            &metadata,
            "fixtures/schema/schema-wrong-type.md",
        ],
    );
    let first = support::stdout(&json)
        .lines()
        .find(|l| l.contains("schema-wrong-type"))
        .map(str::to_owned);
    let first: serde_json::Value = serde_json::from_str(&first.expect("a finding")).unwrap();
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(15), Some(3))
    );
}

#[test]
fn a_broken_csdl_is_a_usage_error_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.xml"),
        "<Schema Namespace=\"a\">\n<EntityType Name=\"x\">\n</Schema>\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("page.md"), "# empty\n").unwrap();
    let out = support::exemplar(
        dir.path(),
        &["lint", "--metadata", "v1.0=broken.xml", "page.md"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.xml:3: not well-formed XML"), "{err}");
    assert_eq!(
        err.matches("not well-formed").count(),
        1,
        "said once: {err}"
    );
    let out = support::exemplar(
        dir.path(),
        &["lint", "--metadata", "v1.0=missing.xml", "page.md"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read metadata missing.xml"));
}

const USER_PAGE: &str = "# Get a user\n\n<!-- { \"blockType\": \"request\", \"name\": \"get_user\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/users/{id}\n```\n\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.user\" } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\n  \"id\": \"1\",\n  \"displayName\": \"Adele Vance\",\n  \"age\": 42,\n  \"favouriteSeason\": \"summer\"\n}\n```\n";

/// Runs `USER_PAGE` with `--match schema` against a server answering `answer`; the metadata
/// is served by the same server and must be fetched exactly once.
async fn run_schema(answer: serde_json::Value) -> (Option<i32>, Vec<serde_json::Value>) {
    let (code, mismatches, _) = run_signed(answer, "", &[]).await;
    (code, mismatches)
}

/// The same with `config` as exemplar.toml and `env`, the metadata served only with the token
/// `env` names as `GRAPH_TOKEN` when there is one; also returns what the run printed.
async fn run_signed(
    answer: serde_json::Value,
    config: &str,
    env: &[(&str, &str)],
) -> (Option<i32>, Vec<serde_json::Value>, String) {
    let server = MockServer::start().await;
    let csdl = std::fs::read_to_string(csdl()).unwrap();
    let mut metadata_mock = Mock::given(method("GET")).and(path("/v1.0/$metadata"));
    if let Some((_, token)) = env.iter().find(|(k, _)| *k == "GRAPH_TOKEN") {
        let bearer = format!("Bearer {token}");
        metadata_mock =
            metadata_mock.and(wiremock::matchers::header("authorization", bearer.as_str()));
    }
    metadata_mock
        .respond_with(ResponseTemplate::new(200).set_body_string(csdl))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/users/42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("user.md"), USER_PAGE).unwrap();
    std::fs::write(dir.path().join("exemplar.toml"), config).unwrap();
    let metadata = format!("{}/v1.0/$metadata", server.uri());
    let args = [
        "run",
        "user.md",
        "--target",
        &server.uri(),
        "--match",
        "schema",
        "--metadata",
        &metadata,
        "--param",
        "id=42",
        "--report-json",
        "-",
    ];
    let out = support::exemplar_async(dir.path(), &args, env).await;
    let printed = format!(
        "{}{}",
        support::stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    let mismatches = support::stdout(&out)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .flat_map(|r| r["mismatches"].as_array().cloned().unwrap_or_default())
        .collect();
    (out.status.code(), mismatches, printed)
}

#[tokio::test]
async fn run_match_schema_fetches_the_metadata_once_with_the_runs_sign_in() {
    let answer = serde_json::json!({ "id": "77", "displayName": "Megan Bowen" });
    let config = "[auth]\nkind = \"bearer\"\ntoken = \"${GRAPH_TOKEN}\"\n";
    let token = "t0ken-of-the-run-5531";
    let (code, mismatches, printed) = run_signed(answer, config, &[("GRAPH_TOKEN", token)]).await;
    assert_eq!((code, mismatches.len()), (Some(0), 0), "{printed}");
    assert!(!printed.contains(token));
}

/// A type the CSDL does not let be read whole (a property without `Type`) fails the answer that
/// uses it, naming the CSDL's line; what could be read is still checked.
#[tokio::test]
async fn run_match_schema_fails_an_answer_of_a_type_the_csdl_cannot_give_whole() {
    let answer = serde_json::json!({
        "id": "77", "office": { "capacity": 12, "location": "Building 1" }
    });
    let (code, mismatches) = run_schema(answer).await;
    assert_eq!(code, Some(1));
    let unreadable = (mismatches.iter())
        .find(|m| m["pointer"] == "/body/office")
        .expect("a mismatch at /body/office");
    let expected = unreadable["expected"].as_str().unwrap();
    assert!(
        expected.starts_with("schema-unreadable-type: `microsoft.graph.room` cannot be read whole")
            && expected.ends_with(":73: `Property` has no `Type` attribute"),
        "{expected}"
    );
}

#[tokio::test]
async fn run_match_schema_passes_a_conforming_answer_with_other_values() {
    let answer = serde_json::json!({
        "@odata.context": "http://127.0.0.1/v1.0/$metadata#users/$entity",
        "id": "77", "displayName": "Megan Bowen", "age": 31, "favouriteSeason": "winter",
        "businessPhones": [], "homeAddress": { "city": "Oslo" }
    });
    let (code, mismatches) = run_schema(answer).await;
    assert_eq!((code, mismatches.len()), (Some(0), 0), "{mismatches:#?}");
}

#[tokio::test]
async fn run_match_schema_fails_wrong_types_members_and_undeclared_properties_at_their_pointers() {
    let answer = serde_json::json!({
        "id": "77", "displayName": "Megan Bowen", "age": "thirty-one", "favouriteSeason": "jupiter",
        "shoeColour": "red"
    });
    let (code, mismatches) = run_schema(answer).await;
    assert_eq!(code, Some(1));
    let found: Vec<(&str, &str)> = mismatches
        .iter()
        .map(|m| {
            (
                m["pointer"].as_str().unwrap(),
                m["expected"].as_str().unwrap().split(':').next().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("/body/age", "schema-wrong-type"),
            ("/body/favouriteSeason", "schema-unknown-member"),
            ("/body/shoeColour", "schema-unknown-property"),
        ]
    );
    assert!(mismatches.iter().all(|m| m["problem"] == "schema"));
    assert_eq!(mismatches[0]["actual"], "thirty-one");
}

#[test]
fn run_match_schema_without_metadata_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("user.md"), USER_PAGE).unwrap();
    let out = support::exemplar(dir.path(), &["run", "user.md", "--match", "schema"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--metadata"),
        "{out:?}"
    );
}

#[test]
#[cfg_attr(
    not(has_shared),
    ignore = "needs ../shared/corpus and ../shared/schema beside the checkout"
)]
fn corpus_schema_totals_are_pinned() {
    let _settings = support::settings().bind_to_scope();
    let shared = support::root().join("../shared/schema");
    let specs = [
        format!("v1.0={}", shared.join("v1.0.csdl.xml").display()),
        format!("beta={}", shared.join("beta.csdl.xml").display()),
    ];
    let mut lint = SchemaLint::new(schemas(&specs));
    let mut pages = Vec::new();
    exemplar_core::read_docs(&[support::corpus()], 2, |page| {
        pages.push(page.expect("readable"))
    });
    pages.iter().for_each(|p| lint.learn(p));
    let found: Vec<_> = pages.iter().flat_map(|p| lint.check(p)).collect();
    let tally = &lint.tally;
    // Every finding points inside its page.
    assert!(found.iter().all(|d| d.line > 0 && d.source_line.is_some()));
    // Checked by hand when pinned: of 400 JSON bodies, the 56 without a type are nearly all
    // action parameters (`sendMail`, `getMemberGroups`, `GetNotebookFromWebUrl` in the docs'
    // own case), which have no entity type.
    assert_eq!((tally.bodies, tally.unresolved), (344, 56), "{tally:?}");
    let by_code: Vec<(String, usize)> = (tally.by_code.iter())
        .map(|(code, n)| (code.to_string(), *n))
        .collect();
    insta::assert_debug_snapshot!(by_code);
}

/// Checking pages on several threads finds what one thread finds, page by page, in page order,
/// and counts the same.
#[test]
fn pages_checked_on_several_threads_find_and_count_what_one_thread_does() {
    let docs = schema_fixture_pages();
    let checked = |threads: usize| {
        let mut lint = SchemaLint::new(schemas(&[csdl()]));
        docs.iter().for_each(|doc| lint.learn(doc));
        let found = lint.check_all(&docs, threads);
        (found, lint.tally)
    };
    let (one, one_tally) = checked(1);
    assert_eq!(one.len(), docs.len());
    assert!(one.iter().filter(|found| !found.is_empty()).count() >= 9 * 6);
    for threads in [2, 3, 8] {
        let (many, tally) = checked(threads);
        assert_eq!(many, one, "{threads} threads");
        assert_eq!(tally, one_tally, "{threads} threads");
    }
}

/// Checking beside the reading (pages checked as they are handed over once the CSDL is in, the
/// rest at the end) finds and counts what checking every page at the end does, page by page,
/// whether the CSDL is in before the first page or only after the last; and `alongside` sees
/// every page in order.
#[test]
fn pages_checked_beside_the_reading_find_and_count_what_checking_at_the_end_does() {
    let docs = schema_fixture_pages();
    let mut lint = SchemaLint::new(schemas(&[csdl()]));
    docs.iter().for_each(|doc| lint.learn(doc));
    let expected = lint.check_all(&docs, 2);
    assert!(expected.iter().any(|found| !found.is_empty()));
    for csdl_first in [true, false] {
        let (in_tx, in_rx) = std::sync::mpsc::channel::<()>();
        let loaded = schemas(&[csdl()]);
        let beside = schema::Beside::start(move || {
            if !csdl_first {
                in_rx.recv().ok();
            }
            Ok::<_, std::convert::Infallible>(SchemaLint::new(loaded))
        });
        // With the CSDL first, pages come slowly enough to be checked one by one as they come.
        let pause = std::time::Duration::from_millis(if csdl_first { 2 } else { 0 });
        for doc in &docs {
            std::thread::sleep(pause);
            beside.page(doc.clone());
        }
        in_tx.send(()).ok();
        let checked = beside
            .finish(2, |seen| {
                seen.iter().map(|d| d.file.clone()).collect::<Vec<_>>()
            })
            .unwrap();
        let files: Vec<_> = docs.iter().map(|d| d.file.clone()).collect();
        assert_eq!(checked.alongside, files, "csdl first: {csdl_first}");
        assert_eq!(checked.found, expected, "csdl first: {csdl_first}");
        assert_eq!(checked.schema.tally, lint.tally, "csdl first: {csdl_first}");
    }
}

/// The types failing to load is what `finish` gives back, whatever pages were handed over.
#[test]
fn types_that_fail_to_load_are_the_answer_of_finish() {
    let beside = schema::Beside::start(|| Err::<SchemaLint, _>("no CSDL"));
    schema_fixture_pages()
        .into_iter()
        .for_each(|doc| beside.page(doc));
    let err = beside.finish(2, |_| ()).unwrap_err();
    assert_eq!(err, "no CSDL");
}

/// The schema fixtures' pages, in name order, six times over: enough for several batches.
fn schema_fixture_pages() -> Vec<exemplar_core::DocFile> {
    let mut docs: Vec<exemplar_core::DocFile> = std::fs::read_dir(support::fixture("schema"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| read(&path))
        .collect();
    docs.sort_by(|a, b| a.file.cmp(&b.file));
    (0..6).flat_map(|_| docs.clone()).collect()
}

/// Without `--metadata`, `lint` checks each page as it reads it and lets its text go; a schema
/// finding, made at the end against every page's `resource` blocks, is still placed on its
/// property's line (read again), where the checks place it with the pages' text at hand.
#[test]
fn lint_places_findings_against_resource_blocks_at_their_property() {
    let pages = [
        "schema-missing-property.md",
        "schema-unknown-member.md",
        "schema-wrong-type.md",
    ];
    let docs: Vec<_> = (pages.iter())
        .map(|page| read(&support::fixture(&format!("schema/resources/{page}"))))
        .collect();
    let mut checks = SchemaLint::new(schema::Schemas::default());
    docs.iter().for_each(|doc| checks.learn(doc));
    let found: Vec<_> = docs.iter().flat_map(|doc| checks.check(doc)).collect();
    assert!(found.len() >= 5, "{found:#?}");
    assert!(found.iter().any(|d| d.column > 1), "{found:#?}");
    let out = support::exemplar(&support::root(), &["lint", "fixtures/schema/resources"]);
    let text = support::stdout(&out);
    for d in found {
        let place = format!("--> {}:{}:{}", d.file, d.line, d.column);
        assert!(text.contains(&place), "{place} ({}) not in {text}", d.code);
    }
}
