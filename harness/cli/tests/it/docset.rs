//! The doc-set checks (DESIGN §10) through the binary: each fixture page of `fixtures/docset/`
//! (a doc set with its own `config/` in API Doctor's format) has its findings snapshotted, the
//! faulty pages and the clean ones alike.

use crate::support::{self, exemplar, stdout};

/// Every page of the fixture doc set, as paths under it, sorted.
fn pages() -> Vec<String> {
    let root = support::fixture("docset");
    let mut pages = Vec::new();
    for folder in ["api", "resources", "includes"] {
        for entry in std::fs::read_dir(root.join(folder)).expect("fixture folder") {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            if name.ends_with(".md") {
                pages.push(format!("{folder}/{name}"));
            }
        }
    }
    pages.sort();
    pages
}

#[test]
fn each_fixture_page_has_its_findings_snapshotted() {
    let dir = support::fixture("docset");
    let pages = pages();
    assert!(pages.len() >= 15, "{pages:?}");
    for page in pages {
        let out = exemplar(&dir, &["lint", "--list-suppressions", &page]);
        let name = format!("docset_{}", page.replace(['/', '.'], "_"));
        let text = format!("exit {}\n{}", out.status.code().unwrap_or(-1), stdout(&out));
        support::settings().bind(|| insta::assert_snapshot!(name, text));
    }
}

#[test]
fn clean_pages_have_no_findings_and_faulty_ones_fail() {
    let dir = support::fixture("docset");
    let clean = [
        "api/widget-get.md",
        "resources/widget.md",
        "resources/part.md",
        "resources/shade.md",
    ];
    for page in clean {
        let out = exemplar(&dir, &["lint", page]);
        assert_eq!(out.status.code(), Some(0), "{page}: {}", stdout(&out));
        assert!(
            stdout(&out)
                .lines()
                .any(|l| l.starts_with("0 errors, 0 warnings")),
            "{page}: {}",
            stdout(&out)
        );
    }
    let out = exemplar(&dir, &["lint", "api/widget-links.md"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_intune_page_only_warns_and_a_suppression_silences_its_finding() {
    let dir = support::fixture("docset");
    let intune = exemplar(
        &dir,
        &["lint", "--format", "json", "api/intune-widget-get.md"],
    );
    assert_eq!(intune.status.code(), Some(0), "{}", stdout(&intune));
    let line = stdout(&intune);
    assert!(
        line.contains(r#""severity":"warning","code":"link-missing-file""#),
        "{line}"
    );
    let suppressed = exemplar(
        &dir,
        &["lint", "--format", "json", "api/widget-suppressed.md"],
    );
    assert_eq!(suppressed.status.code(), Some(0), "{}", stdout(&suppressed));
    assert_eq!(
        stdout(&suppressed),
        "",
        "the suppression silences the broken link"
    );
}

#[test]
fn a_config_file_that_is_not_json_is_one_located_error_and_the_other_checks_go_on() {
    let dir = support::fixture("docset-bad-config");
    let out = exemplar(&dir, &["lint", "--format", "json", "."]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let config: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("config-invalid"))
        .collect();
    assert_eq!(config.len(), 1, "{text}");
    assert!(config[0].contains(r#""line":4,"column":3"#), "{text}");
    assert!(
        text.contains("front-matter-missing-key") && text.contains("link-missing-file"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn pages_outside_any_doc_set_get_no_doc_set_checks() {
    let out = exemplar(
        &support::root(),
        &["lint", "--format", "json", "fixtures/docs"],
    );
    let text = stdout(&out);
    for family in ["\"link-", "\"front-matter-", "\"tabs-", "\"table-"] {
        assert!(!text.contains(family), "{family} in {text}");
    }
}

#[test]
fn help_codes_lists_every_code_with_api_doctors_name() {
    let out = exemplar(&support::root(), &["help", "codes"]);
    let text = stdout(&out);
    for code in exemplar_core::Code::ALL {
        assert!(
            text.contains(code.as_str()),
            "{code} missing from help codes"
        );
    }
    let anchor = text
        .lines()
        .find(|l| l.starts_with("link-missing-anchor"))
        .expect("listed");
    assert!(
        anchor.contains("LinkDestinationNotFound") && anchor.contains("error"),
        "{anchor}"
    );
    let codes = stdout(&exemplar(&support::root(), &["codes"]));
    assert!(codes.lines().any(|l| l == anchor), "{codes}");
}

#[test]
fn changed_since_checks_changed_pages_and_the_pages_linking_into_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let set = dir.path();
    let write = |path: &str, text: &str| {
        let path = set.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("write");
    };
    write(
        "config/link-validation-config.json",
        r#"{"pathsToIgnore": []}"#,
    );
    write("a.md", "# A\n\nSee [b's details](b.md#details).\n");
    write("b.md", "# B\n\n## Details\n");
    write(
        "c.md",
        "# C\n\nA [broken link](gone.md), not touched by the change.\n",
    );
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(set)
            .output()
            .expect("git");
        assert!(
            ok.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-qm",
        "docs",
    ]);
    write("b.md", "# B\n\n## More details\n");
    let out = exemplar(
        set,
        &["lint", "--format", "json", "--changed-since", "HEAD", "."],
    );
    let text = stdout(&out);
    assert!(
        text.contains(r#""file":"a.md""#) && text.contains("link-missing-anchor"),
        "{text}"
    );
    assert!(!text.contains("c.md"), "{text}");
    let all = stdout(&exemplar(set, &["lint", "--format", "json", "."]));
    assert!(all.contains("c.md"), "{all}");
}
