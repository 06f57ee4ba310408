//! The fault suite: one case of each class of fault the binary must survive, each run through
//! the binary as a user runs it. Hostile pages (a 10,000-character name, huge and deeply nested
//! JSON, invalid UTF-8, a binary file named `.md`, a folder that links to itself), network
//! faults (a body cut short, a reset, headers that never come, an answer that is not HTTP), a
//! Ctrl-C while a request hangs, and two runs at once writing the same snapshots and reports.
//! None may panic; each says what happened, located, and exits as DESIGN §6 says.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use serde_json::Value;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{exemplar_async, page};

const OK: &str = "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"id\": \"1\"}";

/// A folder `docs/` in a fresh temporary folder with `pages` written into it.
fn docs(pages: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in pages {
        let path = dir.path().join("docs").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// No panic, no backtrace: whatever went wrong was said.
fn no_panic(output: &Output) {
    let all = text(output);
    assert!(!all.contains("panicked"), "{all}");
    assert_ne!(output.status.code(), Some(101), "{all}");
    assert!(output.status.code().is_some(), "killed by a signal: {all}");
}

/// The records of a JSON report, each checked to be a JSON object.
fn records(report: &str) -> Vec<Value> {
    report
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

async fn answering_id() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "1"})))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_ten_thousand_character_name_runs_and_snapshots_under_a_short_file_name() {
    let server = answering_id().await;
    let name = "n".repeat(10_000);
    let long = page("GET https://graph.microsoft.com/v1.0/me", "", OK)
        .replace("\"name\": \"example\"", &format!("\"name\": \"{name}\""));
    let dir = docs(&[("long.md", long.as_bytes())]);
    let args = [
        "run",
        "docs",
        "--target",
        &server.uri(),
        "--snapshot-dir",
        "snaps",
        "--update-snapshots",
        "--report-json",
        "r.json",
    ];
    let out = exemplar_async(dir.path(), &args, &[]).await;
    no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let report = std::fs::read_to_string(dir.path().join("r.json")).unwrap();
    assert_eq!(records(&report)[0]["name"], name.as_str());
    let written: Vec<_> = walk(&dir.path().join("snaps"));
    assert_eq!(written.len(), 1, "{written:?}");
    let file = written[0].file_name().unwrap().len();
    assert!(file <= 255, "a snapshot file name of {file} bytes");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        match entry.file_type().unwrap().is_dir() {
            true => found.extend(walk(&entry.path())),
            false => found.push(entry.path()),
        }
    }
    found
}

#[tokio::test]
async fn huge_and_deep_json_bodies_are_findings_not_crashes() {
    let server = answering_id().await;
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let items: Vec<String> = (0..200_000).map(|i| format!("{{\"n\": {i}}}")).collect();
    let huge = format!("{{\"value\": [{}]}}", items.join(","));
    let answer = |body: &str| format!("HTTP/1.1 200 OK\nContent-type: application/json\n\n{body}");
    let get = "GET https://graph.microsoft.com/v1.0/me";
    let deep_page = page(get, "", &answer(&deep));
    let huge_page = page(get, "", &answer(&huge));
    let dir = docs(&[
        ("deep.md", deep_page.as_bytes()),
        ("huge.md", huge_page.as_bytes()),
    ]);
    for command in [&["lint", "docs"][..], &["list", "docs", "--format", "json"]] {
        let out = exemplar_async(dir.path(), command, &[]).await;
        no_panic(&out);
    }
    let out = exemplar_async(dir.path(), &["run", "docs", "--target", &server.uri()], &[]).await;
    no_panic(&out);
    // Neither documented body is what the server answers: both fail, located.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let all = text(&out);
    assert!(
        all.contains("deep.md:4") && all.contains("huge.md:4"),
        "{all}"
    );
}

#[tokio::test]
async fn invalid_utf8_a_binary_page_and_a_folder_linking_to_itself_leave_the_rest_running() {
    let server = answering_id().await;
    let good = page("GET https://graph.microsoft.com/v1.0/me", "", OK);
    let mut latin1 = good.clone().into_bytes();
    latin1.extend_from_slice(b"\nCaf\xe9 \xff\xfe\n");
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 256) as u8).collect();
    let dir = docs(&[
        ("a-good.md", good.as_bytes()),
        ("b-latin1.md", &latin1),
        ("c-binary.md", &binary),
    ]);
    std::os::unix::fs::symlink(dir.path().join("docs"), dir.path().join("docs/loop")).unwrap();
    let args = [
        "run",
        "docs",
        "--target",
        &server.uri(),
        "--report-json",
        "r.json",
    ];
    let started = Instant::now();
    let out = exemplar_async(dir.path(), &args, &[]).await;
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the walk ended"
    );
    no_panic(&out);
    let all = text(&out);
    assert!(
        all.contains("b-latin1.md") && all.contains("c-binary.md"),
        "{all}"
    );
    // The good page ran and passed; the two unreadable ones are errors of their pages.
    assert_eq!(out.status.code(), Some(1), "{all}");
    let report = std::fs::read_to_string(dir.path().join("r.json")).unwrap();
    let records = records(&report);
    let outcome = |file: &str| {
        records
            .iter()
            .find(|r| r["file"].as_str().is_some_and(|f| f.ends_with(file)))
            .map(|r| r["outcome"].clone())
    };
    assert_eq!(outcome("a-good.md"), Some("passed".into()), "{report}");
    assert_eq!(outcome("b-latin1.md"), Some("error".into()), "{report}");
    assert_eq!(outcome("c-binary.md"), Some("error".into()), "{report}");
}

/// How a raw server treats a connection.
type Answer = fn(TcpStream);

/// A server on 127.0.0.1 that treats every connection with `answer`, on a thread of its own.
fn raw_server(answer: Answer) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    format!("http://{address}")
}

/// Reads a request head off `stream`.
fn read_head(stream: &mut TcpStream) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
        head.push(byte[0]);
    }
}

fn cut_mid_body(mut stream: TcpStream) {
    read_head(&mut stream);
    let _ = stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"id\": \"1\", \"pad",
    );
}

fn reset(stream: TcpStream) {
    // Closed with the request unread in its buffer: the kernel sends RST, not FIN.
    std::thread::sleep(Duration::from_millis(200));
    drop(stream);
}

fn slow_headers(mut stream: TcpStream) {
    read_head(&mut stream);
    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\n");
    std::thread::sleep(Duration::from_secs(20));
}

fn garbage(mut stream: TcpStream) {
    read_head(&mut stream);
    let _ = stream.write_all(b"\x00\x01SSH-2.0-OpenSSH_9.6 hello\r\n\r\nnot http at all\r\n");
}

#[tokio::test]
async fn network_faults_are_errors_of_the_example_with_the_cause_named() {
    let cases: [(Answer, &str); 4] = [
        (cut_mid_body, "cut short after 16 bytes"),
        (reset, "reset"),
        (slow_headers, "--timeout"),
        (garbage, "invalid"),
    ];
    let good = page("GET https://graph.microsoft.com/v1.0/me", "", OK);
    for (answer, cause) in cases {
        let target = raw_server(answer);
        let dir = docs(&[("me.md", good.as_bytes())]);
        let args = [
            "run",
            "docs",
            "--target",
            &target,
            "--timeout",
            "1",
            "--retries",
            "0",
            "--report-json",
            "r.json",
        ];
        let started = Instant::now();
        let out = exemplar_async(dir.path(), &args, &[]).await;
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "{cause}: timed out"
        );
        no_panic(&out);
        let all = text(&out);
        // An error of the example (1), or a target that cannot be reached at all (3).
        assert!(
            matches!(out.status.code(), Some(1) | Some(3)),
            "{cause}: {:?} {all}",
            out.status
        );
        assert!(
            all.to_lowercase().contains(cause),
            "{cause} not named in: {all}"
        );
        let report = std::fs::read_to_string(dir.path().join("r.json")).unwrap();
        let last = records(&report).pop().unwrap();
        assert_eq!(
            last["run"]["exit_code"],
            out.status.code().unwrap(),
            "{report}"
        );
    }
}

static CONNECTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn hang(mut stream: TcpStream) {
    read_head(&mut stream);
    CONNECTED.store(true, std::sync::atomic::Ordering::SeqCst);
    std::thread::sleep(Duration::from_secs(60));
}

#[tokio::test]
async fn ctrl_c_while_a_request_hangs_ends_within_the_timeout_with_whole_reports() {
    let target = raw_server(hang);
    let good = page("GET https://graph.microsoft.com/v1.0/me", "", OK);
    let dir = docs(&[("me.md", good.as_bytes())]);
    let path = dir.path().to_owned();
    let (code, waited, out) = tokio::task::spawn_blocking(move || {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_exemplar"))
            .args(["run", "docs", "--target", &target, "--timeout", "3"])
            .args(["--report-json", "r.json", "--report-junit", "r.xml"])
            .current_dir(&path)
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        while !CONNECTED.load(std::sync::atomic::Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let pid = child.id().to_string();
        let killed = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status();
        assert!(killed.unwrap().success());
        let sent = Instant::now();
        let out = child.wait_with_output().unwrap();
        (out.status.code(), sent.elapsed(), out)
    })
    .await
    .unwrap();
    let all = text(&out);
    // The request in flight ends (bounded by --timeout, as Stop says), then the run stops.
    assert!(
        waited < Duration::from_secs(8),
        "took {waited:?} after Ctrl-C: {all}"
    );
    assert_eq!(code, Some(130), "{all}");
    assert!(all.contains("0 passed, 0 failed, 0 skipped"), "{all}");
    let report = std::fs::read_to_string(dir.path().join("r.json")).unwrap();
    let last = records(&report).pop().unwrap();
    assert_eq!(last["run"]["interrupted"], true, "{report}");
    assert_eq!(last["run"]["exit_code"], 130, "{report}");
    let junit = std::fs::read_to_string(dir.path().join("r.xml")).unwrap();
    let mut reader = quick_xml::Reader::from_str(&junit);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("JUnit report is not XML: {e}: {junit}"),
        }
    }
}

#[tokio::test]
async fn two_runs_at_once_write_whole_snapshots_and_whole_reports() {
    let server = answering_id().await;
    let pages: Vec<(String, Vec<u8>)> = (0..20)
        .map(|i| {
            let text = page(
                &format!("GET https://graph.microsoft.com/v1.0/me/{i}"),
                "",
                OK,
            );
            (format!("p{i:02}.md"), text.into_bytes())
        })
        .collect();
    let named: Vec<(&str, &[u8])> = pages.iter().map(|(n, t)| (n.as_str(), &t[..])).collect();
    let dir = docs(&named);
    let args = [
        "run",
        "docs",
        "--target",
        &server.uri(),
        "--snapshot-dir",
        "snaps",
        "--update-snapshots",
        "--report-json",
        "r.json",
        "--report-junit",
        "r.xml",
        "--jobs",
        "8",
    ];
    let (one, two) = tokio::join!(
        exemplar_async(dir.path(), &args, &[]),
        exemplar_async(dir.path(), &args, &[])
    );
    for out in [&one, &two] {
        no_panic(out);
        assert_eq!(out.status.code(), Some(0), "{}", text(out));
    }
    // One run's report, whole: 20 examples and the run line, not two runs' interleaved.
    let report = std::fs::read_to_string(dir.path().join("r.json")).unwrap();
    let records = records(&report);
    assert_eq!(records.len(), 21, "{report}");
    assert_eq!(records[20]["run"]["passed"], 20, "{report}");
    let junit = std::fs::read_to_string(dir.path().join("r.xml")).unwrap();
    assert_eq!(junit.matches("<testcase").count(), 20, "{junit}");
    let snapshots = walk(&dir.path().join("snaps"));
    assert_eq!(snapshots.len(), 20, "{snapshots:?}");
    for snapshot in snapshots {
        let text = std::fs::read_to_string(&snapshot).unwrap();
        assert!(
            snapshot.extension().is_some_and(|e| e == "snap"),
            "{snapshot:?}"
        );
        assert!(
            text.starts_with("---\n") && text.contains("\"id\""),
            "{text}"
        );
    }
}
