//! The API version of a page comes from the page (DESIGN §10), whatever folder was named:
//! `list`, `run` and the mock give a page the same version for `v1.0 beta` as for their
//! parent, and name another page with its version folder when its path does not say it.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support::{exemplar, stdout};

/// A `v1.0/` and a `beta/` page at the same path below them, documenting `GET /me` (no
/// version in the URL) with different answers.
fn two_versions(dir: &Path) {
    for version in ["v1.0", "beta"] {
        let page = format!(
            "# Get me\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"get_me\" }} -->\n```http\nGET /me\n```\n\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{{ \"id\": \"1\", \"from\": \"{version}\" }}\n```\n"
        );
        let path = dir.join(version).join("api/me-get.md");
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, page).expect("page");
    }
}

fn json_lines(text: &str) -> Vec<Value> {
    (text.lines())
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// See: issue 23, item 3.
#[test]
fn list_gives_each_page_its_own_version_whatever_folder_was_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    two_versions(dir.path());
    let versions = |args: &[&str]| -> Vec<(String, String)> {
        let out = exemplar(dir.path(), &[&["list", "--format", "json"], args].concat());
        (json_lines(&stdout(&out)).iter())
            .map(|l| {
                (
                    l["version"].to_string(),
                    l["response"]["body"]["from"].to_string(),
                )
            })
            .collect()
    };
    let mut named = versions(&["v1.0", "beta"]);
    let mut parent = versions(&["."]);
    named.sort();
    parent.sort();
    assert_eq!(named, parent);
    assert!(
        named.iter().all(|(version, from)| version == from),
        "{named:?}"
    );
    // `--api-version` selects by the page's version, so the same page either way.
    for paths in [&["v1.0", "beta"][..], &["."]] {
        let args = [
            &["list", "--format", "json", "--api-version", "beta"],
            paths,
        ]
        .concat();
        let out = exemplar(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{paths:?}");
        let listed = json_lines(&stdout(&out));
        assert_eq!(listed.len(), 1, "{paths:?}");
        assert_eq!(listed[0]["response"]["body"]["from"], "beta");
    }
}

/// See: issue 23, item 3.
#[test]
fn run_against_the_mock_tells_pages_of_two_versions_apart() {
    let dir = tempfile::tempdir().expect("temp dir");
    two_versions(dir.path());
    let out = exemplar(dir.path(), &["run", "v1.0", "beta", "--report-json", "-"]);
    let lines = json_lines(&stdout(&out));
    let outcomes: Vec<_> = (lines.iter().filter(|l| l.get("run").is_none()))
        .map(|l| (l["outcome"].to_string(), l["reason"].to_string()))
        .collect();
    // Both pages are `api/me-get.md:4` as shown; only the beta one asks what another asks.
    assert!(
        outcomes.contains(&("\"passed\"".into(), "null".into())),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&(
            "\"skipped\"".into(),
            "\"not servable by the mock: the same request as api/me-get.md:4 (v1.0) is answered by that example\"".into()
        )),
        "{outcomes:?}"
    );
}

/// What `serve PATHS` prints before it serves, up to its `serving` line.
fn banner(dir: &Path, paths: &[&str]) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_exemplar"))
        .args([&["serve"], paths, &["--port", "0"]].concat())
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut shown = String::new();
    while !shown.contains("serving") {
        assert_ne!(stderr.read_line(&mut shown).expect("read"), 0, "{shown}");
    }
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    child.wait().expect("wait");
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).expect("read");
    shown
}

/// See: issue 23, item 3.
#[test]
fn the_mock_names_the_other_page_with_its_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    two_versions(dir.path());
    let named = banner(dir.path(), &["v1.0", "beta"]);
    assert!(
        named.starts_with("not served: api/me-get.md:4 (beta): the same request as api/me-get.md:4 (v1.0) is answered by that example\nserving 1 of 2 examples"),
        "{named}"
    );
    let parent = banner(dir.path(), &["."]);
    assert!(
        parent.starts_with("not served: v1.0/api/me-get.md:4: the same request as beta/api/me-get.md:4 is answered by that example\nserving 1 of 2 examples"),
        "{parent}"
    );
}
