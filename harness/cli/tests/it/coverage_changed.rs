//! `exemplar coverage --changed-since REF` in a git repository of its own: the operations whose
//! last example the change removed (an example deleted from a page, a page deleted), and not
//! those that keep another example.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{exemplar, root, stdout};

/// Runs git in `dir` as a user of its own, and fails loudly when git does.
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Copies the coverage fixture (pages and CSDL) into `dir`.
fn copy_fixture(dir: &Path) {
    let from = root().join("fixtures/coverage");
    std::fs::copy(from.join("graph.csdl.xml"), dir.join("graph.csdl.xml")).expect("csdl");
    let pages = from.join("docs/v1.0/api");
    let to = dir.join("docs/v1.0/api");
    std::fs::create_dir_all(&to).expect("mkdir");
    for entry in std::fs::read_dir(&pages).expect("pages").flatten() {
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("page");
    }
}

/// Cuts the annotated example named `name` (its request block and the response after it) out
/// of `page`, leaving the rest of the page.
fn cut_example(page: &Path, name: &str) {
    let text = std::fs::read_to_string(page).expect("page");
    let start = text
        .find(&format!("\"name\": \"{name}\""))
        .and_then(|at| text[..at].rfind("<!--"))
        .expect("the example");
    let response = text[start..].find("\"response\"").expect("its response") + start;
    let end = (text[response..].match_indices("```").nth(1))
        .map(|(at, _)| response + at + 3)
        .expect("the response's closing fence");
    std::fs::write(page, format!("{}{}", &text[..start], &text[end..])).expect("write");
}

fn lost(out: &std::process::Output) -> Vec<String> {
    (stdout(out).lines())
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line"))
        .filter_map(|l| l.get("lost").cloned())
        .map(|l| format!("{} {} {}", l["method"], l["template"], l["since"]))
        .collect()
}

/// See: issue 21, item 3 (DESIGN §11).
#[test]
fn changed_since_names_the_operations_left_without_an_example() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path();
    copy_fixture(repo);
    git(repo, &["init", "-q"]);
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "docs"]);
    let api = repo.join("docs/v1.0/api");
    // get_user's only example cut; the assignLicense page deleted; memberOf keeps one of two.
    cut_example(&api.join("user-get.md"), "get_user");
    std::fs::remove_file(api.join("user-assignlicense.md")).expect("delete");
    cut_example(&api.join("user-list-memberof.md"), "user_count_memberof");
    let args = [
        "coverage",
        "docs",
        "--metadata",
        "graph.csdl.xml",
        "--format",
        "json",
    ];
    let out = exemplar(repo, &[&args[..], &["--changed-since", "HEAD"]].concat());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        lost(&out),
        [
            r#""GET" "/users/{id}" "HEAD""#,
            r#""POST" "/users/{id}/assignLicense" "HEAD""#,
        ]
    );
    // The same coverage without the flag names nothing lost; nothing changed, nothing lost.
    assert_eq!(lost(&exemplar(repo, &args)), Vec::<String>::new());
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-qm", "cut"]);
    let again = exemplar(repo, &[&args[..], &["--changed-since", "HEAD"]].concat());
    assert_eq!(lost(&again), Vec::<String>::new());
    // A revision git does not know is the caller's to fix.
    let bad = exemplar(
        repo,
        &[&args[..], &["--changed-since", "nosuchrev"]].concat(),
    );
    assert_eq!(bad.status.code(), Some(2));
}
