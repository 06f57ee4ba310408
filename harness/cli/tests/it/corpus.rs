//! The real Graph docs corpus beside the checkout (`../shared/corpus/graph-docs`): everything
//! reads without a panic, every finding is located, and the totals stay what was verified.
//! Without the corpus the tests are ignored (and say so); under `CI=true` they run and fail.

use std::collections::BTreeMap;

use exemplar_core::{DocFile, Linter, Severity};

use crate::support;

fn read_corpus() -> Vec<DocFile> {
    let mut pages = Vec::new();
    exemplar_core::read_docs(&[support::corpus()], 2, |page| {
        pages.push(page.expect("corpus page readable"))
    });
    pages
}

#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared/corpus beside the checkout")]
fn corpus_totals_are_pinned() {
    let pages = read_corpus();
    let examples: Vec<_> = pages.iter().flat_map(|p| &p.examples).collect();
    let paired = examples.iter().filter(|e| e.response.is_some()).count();
    assert_eq!(pages.len(), 602, "600 pages plus LICENSE.md and SOURCE.md");
    // 361 request annotations: 3 are separated from their fence by a heading and, as in API
    // Doctor, attach to nothing (reported as `annotation-without-fence`).
    assert_eq!(examples.len(), 358);
    // Every request pairs: the 7 that share one response through a `name` array included
    // (v1.0/api/drive-list.md, driveitem-list-children.md).
    assert_eq!(paired, 358);
    let mut by_code = BTreeMap::new();
    let mut linter = Linter::default();
    for page in &pages {
        for d in linter.check(page) {
            *by_code.entry(d.code).or_insert(0) += 1;
        }
    }
    assert_eq!(
        by_code.get(&exemplar_core::Code::AnnotationWithoutFence),
        Some(&9)
    );
    assert_eq!(by_code.get(&exemplar_core::Code::UnclosedFence), Some(&3));
    assert_eq!(
        by_code.get(&exemplar_core::Code::RequestWithoutResponse),
        None
    );
    assert_eq!(
        by_code.get(&exemplar_core::Code::BodyOnNoContent),
        Some(&3),
        "{by_code:#?}"
    );
    assert_eq!(
        // Not the named locations that differ only in their GUIDs (issue 23, item 2).
        by_code.get(&exemplar_core::Code::ConflictingExamples),
        Some(&3),
        "{by_code:#?}"
    );
    assert_eq!(linter.tally.errors, 8, "{by_code:#?}");
}

#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared/corpus beside the checkout")]
fn every_corpus_finding_is_on_a_real_line() {
    let root = support::corpus();
    let pages = read_corpus();
    for page in &pages {
        let text = std::fs::read_to_string(root.join(&page.file)).unwrap();
        let lines = text.lines().count() as u32;
        for d in &page.diagnostics {
            assert!(
                d.line >= 1 && d.line <= lines,
                "{}:{} beyond {lines} lines",
                d.file,
                d.line
            );
            let source = d.source_line.as_deref().unwrap_or_default();
            assert_eq!(
                source,
                text.lines()
                    .nth(d.line as usize - 1)
                    .unwrap()
                    .trim_end_matches('\r')
            );
        }
    }
}

#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared/corpus beside the checkout")]
fn sampled_corpus_pages_read_as_their_authors_meant() {
    let pages = read_corpus();
    let page = |file: &str| {
        pages
            .iter()
            .find(|p| p.file == file)
            .unwrap_or_else(|| panic!("{file} missing"))
    };
    let summary = |file: &str| {
        page(file)
            .examples
            .iter()
            .map(|e| {
                (
                    e.request.line,
                    e.request.method.clone(),
                    e.response.as_ref().map(|r| (r.line, r.status)),
                )
            })
            .collect::<Vec<_>>()
    };
    // The request fence is never closed; the response after the stray `### Response` still pairs.
    assert_eq!(
        summary("beta/api/accesspackage-list-incompatibleaccesspackages.md"),
        [(65, "GET".to_owned(), Some((80, 200)))]
    );
    // A stray "```http" line inside the request: the body after it stays the request's.
    let agent = &page("beta/api/publishedresource-post-agentgroups.md").examples[0];
    assert!(
        agent.request.body.to_json()["@odata.id"].is_string(),
        "{:?}",
        agent.request.body
    );
    // Seven named examples; the last response's metadata has a trailing comma: read, paired by
    // name, warned about at the comma.
    let teams = page("beta/api/team-post.md");
    let statuses: Vec<_> = teams
        .examples
        .iter()
        .map(|e| e.response.as_ref().map(|r| r.status))
        .collect();
    assert_eq!(statuses, [Some(202); 7]);
    assert_eq!(
        teams.examples[6].name(),
        Some("convert_team_from_non_standard2")
    );
    let comma = teams
        .diagnostics
        .iter()
        .find(|d| d.code == "lenient-metadata")
        .expect("warned");
    assert_eq!(
        (comma.line, comma.column, comma.severity),
        (573, 44, Severity::Warning)
    );
}

/// Reading for the examples alone (`list`, `run`) skips the pages that document no request,
/// and finds exactly the examples a whole reading finds.
#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared/corpus beside the checkout")]
fn reading_for_examples_finds_every_example_a_whole_reading_finds() {
    let whole: Vec<_> = read_corpus()
        .into_iter()
        .flat_map(|page| page.examples)
        .collect();
    let mut examples = Vec::new();
    let mut skipped = 0;
    exemplar_core::read_examples(&[support::corpus()], 2, |page| {
        let page = page.expect("corpus page readable");
        skipped += usize::from(page.examples.is_empty() && page.diagnostics.is_empty());
        examples.extend(page.examples);
    });
    assert_eq!(examples, whole);
    assert!(skipped > 200, "only {skipped} pages skipped");
}
