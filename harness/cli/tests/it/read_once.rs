//! Each page is read once per run, also with `[[scenario]]` (whose names are checked against
//! every page before anything is sent). The page is a named pipe written once: a second read
//! would wait for a writer that never comes.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PAGE: &str = "# Me\n\n<!-- { \"blockType\": \"request\", \"name\": \"get_me\" } -->\n```http\nGET /v1.0/me\n```\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{ \"id\": \"1\" }\n```\n";

#[test]
fn with_scenarios_each_page_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("me.md");
    let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(made.success());
    let config = "[[scenario]]\nname = \"me\"\nrun = [\"get_me\"]\n";
    std::fs::write(dir.path().join("exemplar.toml"), config).unwrap();
    let writer = std::thread::spawn({
        let pipe = pipe.clone();
        // Opening for writing waits for the first reader; the page is written once.
        move || std::fs::File::create(pipe)?.write_all(PAGE.as_bytes())
    });
    let mut child = Command::new(env!("CARGO_BIN_EXE_exemplar"))
        .args(["run", "me.md"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(20) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if status.is_none() {
        // Our own child, by its id: it waits on a second read of the page.
        let _ = child.kill();
        let _ = child.wait();
        // Unblock the writer if it still waits (a reader that does not wait for one).
        use std::os::unix::fs::OpenOptionsExt;
        let nonblocking = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(0o4000)
            .open(&pipe);
        drop(nonblocking);
    }
    writer.join().unwrap().unwrap();
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(status.is_some(), "the page was read a second time: {text}");
    assert!(text.contains("1 passed, 0 failed, 0 skipped"), "{text}");
}
