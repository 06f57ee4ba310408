//! Where the binary writes its reports: standard output, pipes in place, files named on the
//! command line; a page that cannot be read is in each of them, and Ctrl-C still writes them.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::session::{items, pages};
use crate::support::{self, exemplar_async, stdout};

#[tokio::test]
async fn reports_go_to_standard_output_and_into_pipes_in_place() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 2);
    let server = items(Duration::ZERO).await;
    let uri = server.uri();
    // `-`: the JSON report alone on stdout, the human report on stderr.
    let out = exemplar_async(
        dir.path(),
        &["run", "docs", "--target", &uri, "--report-json", "-"],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Two examples, then the run's line.
    assert_eq!(lines.len(), 3);
    assert!(lines[2]["run"].is_object());
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 passed, 0 failed, 0 skipped"));
    // A named pipe is written in place, never replaced by a file.
    junit_into_a_named_pipe(dir.path(), &uri).await;
    // A report that cannot be written fails before any request.
    let bad = exemplar_async(
        dir.path(),
        &[
            "run",
            "docs",
            "--target",
            &uri,
            "--report-json",
            "no/such/folder/r.json",
        ],
        &[],
    )
    .await;
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--report-json no/such/folder/r.json"));
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(4));
}

/// Runs `docs` in `dir` against `uri` with the JUnit report going to a named pipe, and checks
/// that the pipe was written, not replaced by a file.
async fn junit_into_a_named_pipe(dir: &Path, uri: &str) {
    let fifo = dir.join("report.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = exemplar_async(
        dir,
        &[
            "run",
            "docs",
            "--target",
            uri,
            "--report-junit",
            "report.fifo",
        ],
        &[],
    )
    .await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xml = reader.join().unwrap();
    assert!(
        xml.contains("<testsuites") && xml.contains("p001.md"),
        "{xml}"
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo_like()
    );
}

trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}

impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        std::os::unix::fs::FileTypeExt::is_fifo(self)
    }
}

/// Ctrl-C mid-run against a slow server: the examples finished so far, the summary and the
/// JSON report are all there, and the exit code is 130.
#[tokio::test]
async fn ctrl_c_mid_run_keeps_what_finished_and_writes_the_reports() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 40);
    let server = items(Duration::from_millis(300)).await;
    let uri = server.uri();
    let dir_path = dir.path().to_owned();
    let (code, out, report) = tokio::task::spawn_blocking(move || {
        let args = [
            "run",
            "docs",
            "--target",
            &uri,
            "--jobs",
            "2",
            "--report-json",
            "r.jsonl",
        ];
        // Wait for two examples to finish, then interrupt.
        let (code, seen) =
            support::interrupt_when(&dir_path, &args, |seen| seen.matches("PASS").count() >= 2);
        let report = std::fs::read_to_string(dir_path.join("r.jsonl")).unwrap_or_default();
        (code, seen, report)
    })
    .await
    .unwrap();
    assert_eq!(code, Some(130), "{out}");
    let passed = out.matches("PASS").count();
    assert!((2..40).contains(&passed), "{out}");
    assert!(
        out.contains(&format!(
            "interrupted: {} of 40 examples not run",
            40 - passed
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("{passed} passed, 0 failed, 0 skipped")),
        "{out}"
    );
    // The examples that finished, then the run's line (interrupted).
    assert_eq!(report.lines().count(), passed + 1, "{report}");
    assert!(
        report
            .lines()
            .last()
            .unwrap()
            .contains("\"interrupted\":true"),
        "{report}"
    );
}

/// A page that cannot be read is in every report: stderr, the JSON report, the JUnit report.
#[tokio::test]
async fn a_page_that_cannot_be_read_is_in_every_report() {
    let dir = tempfile::tempdir().unwrap();
    pages(dir.path(), 1);
    std::fs::write(dir.path().join("docs/latin1.md"), b"caf\xe9\n").unwrap();
    let server = items(Duration::ZERO).await;
    let args = [
        "run",
        "docs",
        "--target",
        &server.uri(),
        "--report-json",
        "r.jsonl",
        "--report-junit",
        "r.xml",
    ];
    let out = exemplar_async(dir.path(), &args, &[]).await;
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let json = std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    let first: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(
        (first["file"].as_str(), first["outcome"].as_str()),
        (Some("latin1.md"), Some("error"))
    );
    assert!(
        first["reason"].as_str().unwrap().contains("[not-utf8]"),
        "{first}"
    );
    // The page, the example, the run's line.
    assert_eq!(json.lines().count(), 3, "{json}");
    let xml = std::fs::read_to_string(dir.path().join("r.xml")).unwrap();
    assert!(
        xml.contains(r#"<testsuite name="latin1.md""#) && xml.contains("errors=\"1\""),
        "{xml}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("latin1.md").count(), 1, "{stderr}");
}
