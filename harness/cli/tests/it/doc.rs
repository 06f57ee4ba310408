//! Extraction and lint over the fixtures: valid docs snapshot their examples, invalid docs
//! snapshot their diagnostics.

use std::path::Path;

use exemplar_core::{Linter, Severity};
use exemplar_run::report::{diagnostics, list};

use crate::support;

fn read(path: &Path) -> exemplar_core::DocFile {
    let display = path.file_name().unwrap().to_string_lossy().into_owned();
    exemplar_core::read_doc(path, &display).expect("fixture readable")
}

#[test]
fn valid_docs_list_every_example_without_errors() {
    support::settings().bind(|| {
        insta::glob!("../../../../fixtures/docs", "*.md", |path| {
            let doc = read(path);
            let errors: Vec<_> = doc
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", doc.file);
            assert!(!doc.examples.is_empty(), "{}: no examples", doc.file);
            assert!(
                doc.examples.iter().all(|e| e.response.is_some()),
                "{}: unpaired example",
                doc.file
            );
            let mut out = Vec::new();
            for example in &doc.examples {
                list::write_json(&mut out, example).unwrap();
            }
            let lines: Vec<serde_json::Value> = String::from_utf8(out)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            insta::assert_json_snapshot!(lines);
        });
    });
}

#[test]
fn invalid_docs_report_the_finding_they_are_named_for() {
    support::settings().bind(|| {
        insta::glob!("../../../../fixtures/invalid", "*.md", |path| {
            let doc = read(path);
            let stem = path.file_stem().unwrap().to_string_lossy();
            let code = stem.strip_suffix("-before-next").unwrap_or(&stem);
            let found = Linter::default().check(&doc);
            assert!(
                found.iter().any(|d| d.code == code),
                "{stem}: no `{code}` in {found:#?}"
            );
            let mut out = Vec::new();
            for d in &found {
                diagnostics::write_human(&mut out, d, false).unwrap();
            }
            insta::assert_snapshot!(String::from_utf8(out).unwrap());
        });
    });
}

#[test]
fn duplicate_names_across_pages_are_reported_but_not_across_api_versions() {
    let page = |file: &str| {
        let source = "<!-- { \"blockType\": \"request\", \"name\": \"get_me\" } -->\n```http\nGET /me\n```\n";
        exemplar_core::extract(file, source)
    };
    let mut linter = Linter::default();
    assert!(
        linter
            .check(&page("v1.0/api/user-get.md"))
            .iter()
            .all(|d| d.code != "duplicate-name")
    );
    assert!(
        linter
            .check(&page("beta/api/user-get.md"))
            .iter()
            .all(|d| d.code != "duplicate-name")
    );
    let found = linter.check(&page("v1.0/api/me-get.md"));
    let dup = found
        .iter()
        .find(|d| d.code == "duplicate-name")
        .expect("duplicate reported");
    assert!(
        dup.message.contains("v1.0/api/user-get.md:2"),
        "{}",
        dup.message
    );
}

#[test]
fn oversized_files_are_a_diagnostic_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.md");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(exemplar_core::MAX_DOC_BYTES + 1).unwrap();
    let doc = read(&path);
    assert_eq!(doc.diagnostics[0].code, "file-too-large");
    assert!(doc.examples.is_empty());
}

#[test]
fn runaway_fence_is_cut_and_the_next_example_still_pairs() {
    let doc = read(&support::fixture("invalid/unclosed-fence-before-next.md"));
    let [example] = doc.examples.as_slice() else {
        panic!("{:#?}", doc.examples)
    };
    assert_eq!(
        example.request.url,
        "https://graph.microsoft.com/beta/accessPackages/{id}/incompatibleAccessPackages"
    );
    assert_eq!(
        example.response.as_ref().map(|r| (r.line, r.status)),
        Some((9, 200))
    );
}

#[test]
fn locations_inside_containers_point_at_the_page() {
    let doc = read(&support::fixture("docs/containers.md"));
    let lines: Vec<_> = doc
        .examples
        .iter()
        .map(|e| (e.request.line, e.response.as_ref().map(|r| r.line)))
        .collect();
    assert_eq!(lines, [(6, Some(13)), (24, Some(29))]);
    let source = "> <!-- { \"blockType\": \"request\", \"name\": \"q\" } -->\n> ```http\n> POST /me\n> Content-length: 99\n>\n> {\"a\": 1,}\n> ```\n";
    let doc = exemplar_core::extract("q.md", source);
    let at: Vec<_> = doc
        .diagnostics
        .iter()
        .map(|d| (d.code, d.line, d.column))
        .collect();
    assert!(
        at.contains(&(exemplar_core::Code::LenientBody, 6, 10)),
        "{at:?}"
    );
    assert!(
        at.contains(&(exemplar_core::Code::ContentLengthMismatch, 4, 3)),
        "{at:?}"
    );
}

/// A response whose `name` is an array answers every request it names (DESIGN §1).
#[test]
fn a_name_array_pairs_one_response_with_every_request_it_names() {
    let doc = read(&support::fixture("pairing/shared-response.md"));
    let statuses: Vec<_> = doc
        .examples
        .iter()
        .map(|e| {
            (
                e.name().unwrap(),
                e.response.as_ref().map(|r| (r.line, r.status)),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("group-list-drives", Some((22, 200))),
            ("user-list-drives", Some((22, 200))),
            ("my-drives", Some((22, 200)))
        ]
    );
    let found = Linter::default().check(&doc);
    assert!(found.is_empty(), "{found:#?}");
}
