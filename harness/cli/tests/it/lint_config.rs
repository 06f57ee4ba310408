//! `lint` reads `exemplar.toml` in the working directory: `[lint]` gives pages in no doc set
//! (no `config/` folder) the doc-set checks API Doctor's files would, and a wrong key is a
//! located error.

use crate::support::{self, exemplar, stdout};

#[test]
fn a_project_without_config_folder_is_checked_as_its_lint_table_says() {
    let project = support::fixture("lint-project");
    let out = exemplar(&project, &["lint", "docs"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    support::settings().bind(|| insta::assert_snapshot!("lint_config_project", stdout(&out)));
}

#[test]
fn without_exemplar_toml_the_same_pages_get_no_doc_set_checks() {
    let out = exemplar(
        &support::root(),
        &["lint", "--format", "json", "fixtures/lint-project/docs"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    for family in ["\"link-", "\"front-matter-", "\"request-"] {
        assert!(!text.contains(family), "{family} in {text}");
    }
}

#[test]
fn a_wrong_key_in_the_lint_table_is_a_located_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("exemplar.toml"),
        "[lint]\nrequired_keys = [\"title\"]\nbase_url = [\"https://x\"]\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("page.md"), "# Page\n").expect("write");
    let out = exemplar(dir.path(), &["lint", "page.md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("exemplar.toml:3"), "{err}");
    assert!(err.contains("lint.base_urls"), "{err}");
}
