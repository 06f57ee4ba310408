//! What the paths on the command line select: nothing (exit 4, naming them), one page alone or
//! in its folder (one snapshot either way), and with `--changed-since` only the changed files.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use crate::session::{items, pages, write};
use crate::support::{exemplar_async, page, stdout};

#[tokio::test]
async fn an_empty_selection_exits_four_naming_what_was_asked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docs/notes.md", "# No examples here\n");
    let out = exemplar_async(dir.path(), &["run", "docs"], &[]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("error: no examples selected in docs: check the paths and filters"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test]
async fn the_same_page_alone_or_in_its_folder_reads_and_writes_one_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 2);
    let server = items(Duration::ZERO).await;
    let uri = server.uri();
    let run = |paths: &'static [&'static str], env: &'static [(&'static str, &'static str)]| {
        let mut args = vec!["run"];
        args.extend_from_slice(paths);
        args.extend(["--target", uri.as_str(), "--snapshot-dir", "snaps"]);
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let dir = dir.path().to_owned();
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            exemplar_async(&dir, &args, env).await
        }
    };
    let folder = run(&["docs", "--update-snapshots"], &[]).await;
    assert_eq!(folder.status.code(), Some(0), "{}", stdout(&folder));
    let snap = dir.path().join("snaps/docs/p001/example.snap");
    assert!(snap.exists());
    let one = run(&["docs/p001.md"], &[("CI", "true")]).await;
    assert_eq!(one.status.code(), Some(0), "{}", stdout(&one));
    assert!(!stdout(&one).contains("unreferenced"), "{}", stdout(&one));
    let via_dots = run(&["./docs/../docs/p001.md"], &[("CI", "true")]).await;
    assert_eq!(via_dots.status.code(), Some(0), "{}", stdout(&via_dots));
    let pruned = run(&["docs/p001.md", "--prune"], &[]).await;
    assert_eq!(pruned.status.code(), Some(0), "{}", stdout(&pruned));
    assert!(
        dir.path().join("snaps/docs/p000/example.snap").exists(),
        "another page's snapshot was pruned"
    );
    assert!(snap.exists());
}

#[tokio::test]
async fn changed_since_with_file_arguments_runs_only_the_changed_file() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 2);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "docs"]);
    let changed = page("GET /items/1", "", "HTTP/1.1 200 OK\n\n{\"n\": 1}");
    write(dir.path(), "docs/p001.md", &changed);
    let server = items(Duration::ZERO).await;
    let args = [
        "run",
        "docs/p000.md",
        "docs/p001.md",
        "--target",
        &server.uri(),
        "--changed-since",
        "HEAD",
        "--report-json",
        "-",
    ];
    let out = exemplar_async(dir.path(), &args, &[]).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files(&out), ["\"p001.md\""]);
    // Nothing changed at all: a note, and exit 0.
    git(dir.path(), &["commit", "-qam", "more"]);
    let nothing = exemplar_async(dir.path(), &args, &[]).await;
    assert_eq!(nothing.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&nothing.stderr)
            .contains("note: nothing changed in docs/p000.md, docs/p001.md"),
        "{}",
        String::from_utf8_lossy(&nothing.stderr)
    );
}

/// Runs git in `dir` as a user of its own, and fails loudly when git does.
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The files of the examples in a JSON report printed on standard output, as JSON strings.
fn files(out: &Output) -> Vec<String> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|record| record.get("run").is_none())
        .map(|record| record["file"].to_string())
        .collect()
}
