//! `lint --fix` and `lint --diff` (DESIGN §12) on a copy of `fixtures/lintfix/`: a case-only
//! link, renamed anchors, a property missing from the Properties table and one missing from
//! the resource block, on a page with a BOM and CRLF line endings; the placeholder description
//! the fix writes is reported by `table-placeholder-description` until it is replaced.

use std::path::Path;

use crate::support::{self, exemplar, stdout};

/// A copy of the fixture doc set in a temporary folder.
fn doc_set() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy(&support::fixture("lintfix"), dir.path());
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        match entry.file_type().unwrap().is_dir() {
            true => copy(&entry.path(), &target),
            false => drop(std::fs::copy(entry.path(), &target).unwrap()),
        }
    }
}

/// Every file under `dir`, with its bytes, sorted by path.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for folder in ["api", "resources", "config"] {
        for entry in std::fs::read_dir(dir.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn diff_shows_every_mechanical_fix_and_writes_nothing() {
    let dir = doc_set();
    let before = files(dir.path());
    let out = exemplar(dir.path(), &["lint", "--diff", "api", "resources"]);
    let text = stdout(&out);
    assert_eq!(files(dir.path()), before, "--diff wrote a file");
    assert!(
        text.contains("--diff: 6 edits in 2 pages; nothing written\n"),
        "{text}"
    );
    // The diff comes first, then the findings as they are (nothing was fixed).
    let (diff, findings) = text.split_once("--diff:").unwrap();
    assert!(findings.contains("warning[link-case]"), "{findings}");
    support::settings().bind(|| insta::assert_snapshot!("lint_fix_diff", diff));
    // `--fix --diff` is `--diff`.
    let both = exemplar(dir.path(), &["lint", "--fix", "--diff", "api", "resources"]);
    assert_eq!(stdout(&both), text);
    assert_eq!(files(dir.path()), before);
}

#[test]
fn fix_writes_the_edits_keeping_bom_and_crlf_and_a_second_fix_changes_nothing() {
    let dir = doc_set();
    let out = exemplar(dir.path(), &["lint", "--fix", "api", "resources"]);
    let text = stdout(&out);
    assert!(
        text.starts_with("fixed robot-get.md: 4 edits\nfixed robot.md: 2 edits\n"),
        "{text}"
    );
    let page = std::fs::read(dir.path().join("api/robot-get.md")).unwrap();
    assert!(page.starts_with(b"\xef\xbb\xbf"), "the BOM is gone");
    let page = String::from_utf8(page).unwrap();
    assert_eq!(page.matches('\n').count(), page.matches("\r\n").count());
    assert!(
        page.contains("[robot](../resources/robot.md) and its [properties](../resources/robot.md#properties).\r\nSee the [request](#request) and the [answer](#response), or the [missing page](nothing.md)."),
        "{page}"
    );
    // What is left after the fix: what no fix mends, and the placeholder to fill.
    for code in [
        "link-case]",
        "link-missing-anchor]",
        "table-missing-property]",
    ] {
        assert!(!text.contains(code), "{code} left: {text}");
    }
    assert!(
        text.contains("error[link-missing-file]: page `nothing.md`"),
        "{text}"
    );
    assert!(
        text.contains(
            "warning[table-placeholder-description]: property `serialNumber` has no description yet"
        ),
        "{text}"
    );
    let after = files(dir.path());
    let again = exemplar(dir.path(), &["lint", "--fix", "api", "resources"]);
    assert!(!stdout(&again).contains("fixed "), "{}", stdout(&again));
    assert_eq!(files(dir.path()), after, "a second --fix changed a page");
    let diff = exemplar(dir.path(), &["lint", "--diff", "api", "resources"]);
    assert!(!stdout(&diff).contains("--diff:"), "{}", stdout(&diff));
}

#[test]
fn with_metadata_added_properties_take_their_csdl_types() {
    let dir = doc_set();
    let out = exemplar(
        dir.path(),
        &[
            "lint",
            "--diff",
            "--metadata",
            "robot.csdl.xml",
            "resources/robot.md",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.contains("+| serialNumber | Int64 | TODO: describe this property. |\n"),
        "{text}"
    );
    let diff = &text[..text.find("--diff:").unwrap()];
    support::settings().bind(|| insta::assert_snapshot!("lint_fix_diff_metadata", diff));
}

#[test]
fn a_placeholder_description_is_a_warning_and_a_described_row_is_not() {
    let dir = support::fixture("lintfix");
    for page in ["resources/draft.md", "resources/tidy.md"] {
        let out = exemplar(&dir, &["lint", page]);
        let name = format!("lint_fix_{}", page.replace(['/', '.'], "_"));
        let text = format!("exit {}\n{}", out.status.code().unwrap_or(-1), stdout(&out));
        support::settings().bind(|| insta::assert_snapshot!(name, text));
    }
    let tidy = stdout(&exemplar(&dir, &["lint", "resources/tidy.md"]));
    assert!(tidy.contains("0 errors, 0 warnings"), "{tidy}");
}

#[test]
fn fixes_follow_code_and_severity() {
    // `--severity error` keeps no `link-case` warning, so only the errors are fixed.
    let dir = doc_set();
    let out = exemplar(
        dir.path(),
        &["lint", "--diff", "--severity", "error", "api"],
    );
    let text = stdout(&out);
    assert!(text.contains("#properties"), "{text}");
    assert!(
        text.contains("Robot.md") && !text.contains("+Reads a [robot](../resources/robot.md)"),
        "{text}"
    );
}

#[test]
fn with_json_lines_on_stdout_what_the_fix_did_goes_to_stderr() {
    let dir = doc_set();
    let out = exemplar(
        dir.path(),
        &["lint", "--fix", "--format", "json", "resources"],
    );
    let text = stdout(&out);
    for line in text.lines() {
        let read: Result<serde_json::Value, _> = serde_json::from_str(line);
        assert!(read.is_ok(), "not JSON: {line}");
    }
    assert!(
        text.contains("\"code\":\"table-placeholder-description\""),
        "{text}"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err, "fixed robot.md: 2 edits\n");
}
