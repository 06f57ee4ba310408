//! The real Graph docs corpus beside the checkout (`../shared/corpus/graph-docs`): everything
//! reads without a panic, every finding is located, and the totals stay what was verified.
//! Without the corpus the tests print a note and pass, so the repository tests on its own.

use std::collections::BTreeMap;

use exemplar::lint::Linter;
use exemplar::{DocFile, Severity};

use crate::support;

#[expect(
    clippy::print_stderr,
    reason = "says why the corpus checks did nothing"
)]
fn read_corpus() -> Option<Vec<DocFile>> {
    let Some(root) = support::corpus() else {
        eprintln!("note: ../shared/corpus/graph-docs is not there; corpus checks skipped");
        return None;
    };
    let docs = exemplar::discover::walk(&[root]).unwrap();
    let mut pages = Vec::new();
    exemplar::scan::scan(docs, 2, |page| {
        pages.push(page.expect("corpus page readable"))
    });
    Some(pages)
}

#[test]
fn corpus_totals_are_pinned() {
    let Some(pages) = read_corpus() else { return };
    let examples: Vec<_> = pages.iter().flat_map(|p| &p.examples).collect();
    let paired = examples.iter().filter(|e| e.response.is_some()).count();
    assert_eq!(pages.len(), 602, "600 pages plus LICENSE.md and SOURCE.md");
    // 361 request annotations: 3 are separated from their fence by a heading and, as in API
    // Doctor, attach to nothing (reported as `annotation-without-fence`).
    assert_eq!(examples.len(), 358);
    assert_eq!(paired, 351);
    let mut by_code = BTreeMap::new();
    let mut linter = Linter::default();
    for page in &pages {
        for d in linter.check(page) {
            *by_code.entry(d.code).or_insert(0) += 1;
        }
    }
    assert_eq!(by_code.get("annotation-without-fence"), Some(&9));
    assert_eq!(by_code.get("unclosed-fence"), Some(&3));
    assert_eq!(by_code.get("request-without-response"), Some(&7));
    assert_eq!(linter.tally.errors, 8, "{by_code:#?}");
}

#[test]
fn every_corpus_finding_is_on_a_real_line() {
    let Some(root) = support::corpus() else {
        return;
    };
    let Some(pages) = read_corpus() else { return };
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
fn sampled_corpus_pages_read_as_their_authors_meant() {
    let Some(pages) = read_corpus() else { return };
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
