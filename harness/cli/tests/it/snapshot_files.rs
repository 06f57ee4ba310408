//! Snapshot files themselves: written whole even by two writers at once, in insta's format, and
//! accepted by `cargo insta accept` when pending.

use std::process::Command;

use crate::session::write;
use crate::support::page;

#[test]
fn two_writers_at_once_never_leave_a_torn_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a/b.snap");
    let (one, two) = ("1".repeat(200_000), "2".repeat(200_000));
    std::thread::scope(|scope| {
        for text in [&one, &two] {
            let file = &file;
            scope.spawn(move || {
                (0..50).for_each(|_| exemplar_run::snapshot::write_atomic(file, text).unwrap())
            });
        }
        scope.spawn(|| {
            for _ in 0..200 {
                if let Ok(read) = std::fs::read_to_string(&file) {
                    assert!(
                        read == one || read == two,
                        "torn read of {} bytes",
                        read.len()
                    );
                }
            }
        });
    });
    let left: Vec<_> = std::fs::read_dir(dir.path().join("a"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["b.snap"], "temporary files left behind");
}

#[test]
fn insta_reads_the_snapshots_exemplar_writes() {
    let dir = tempfile::tempdir().unwrap();
    let page = page(
        "GET https://graph.microsoft.com/v1.0/me",
        "",
        "HTTP/1.1 204 No Content",
    );
    let example = exemplar_core::extract("v1.0/api/me.md", &page)
        .examples
        .remove(0);
    let store = exemplar_run::snapshot::Store {
        dir: dir.path().to_owned(),
        mode: exemplar_run::snapshot::UpdateMode::Always,
        ci: false,
    };
    let content = "{\n  \"status\": 204\n}";
    let file =
        exemplar_run::snapshot::paths(dir.path(), "v1.0/api/me", std::slice::from_ref(&example))
            .remove(0);
    store
        .check(&file, "v1.0/api/me", &example, content)
        .unwrap();
    let snapshot = insta::Snapshot::from_file(&file).expect("insta reads it");
    assert_eq!(snapshot.metadata().source(), Some("v1.0/api/me.md:4"));
    assert_eq!(
        snapshot.metadata().expression(),
        Some("GET https://graph.microsoft.com/v1.0/me")
    );
    let text = snapshot.contents().as_text().expect("a text snapshot");
    assert_eq!(text.to_string(), content);
}

/// `cargo insta accept` takes a pending snapshot exemplar wrote (when cargo-insta is installed;
/// `insta_reads_the_snapshots_exemplar_writes` covers the format everywhere).
#[test]
fn cargo_insta_accepts_a_pending_snapshot_exemplar_wrote() {
    let installed = Command::new("cargo")
        .args(["insta", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        eprintln!("note: cargo-insta is not installed; `cargo insta accept` check skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Cargo.toml",
        "[package]\nname = \"docs\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[workspace]\n",
    );
    write(dir.path(), "src/lib.rs", "");
    let page = page(
        "GET https://graph.microsoft.com/v1.0/me",
        "",
        "HTTP/1.1 204 No Content",
    );
    let example = exemplar_core::extract("me.md", &page).examples.remove(0);
    let store = exemplar_run::snapshot::Store {
        dir: dir.path().join("snaps"),
        mode: exemplar_run::snapshot::UpdateMode::New,
        ci: false,
    };
    let file = exemplar_run::snapshot::paths(
        &dir.path().join("snaps"),
        "me",
        std::slice::from_ref(&example),
    )
    .remove(0);
    let check = store
        .check(&file, "me", &example, "{\n  \"status\": 204\n}")
        .unwrap();
    assert_eq!(
        check.failure,
        Some(exemplar_run::snapshot::Failure::Pending)
    );
    let accepted = Command::new("cargo")
        .args(["insta", "accept"])
        .current_dir(dir.path())
        .env_remove("CI")
        .output()
        .unwrap();
    assert!(
        accepted.status.success(),
        "{}",
        String::from_utf8_lossy(&accepted.stderr)
    );
    let file = exemplar_run::snapshot::paths(&dir.path().join("snaps"), "me", &[example]).remove(0);
    assert_eq!(
        exemplar_run::snapshot::read_content(&file).unwrap(),
        "{\n  \"status\": 204\n}"
    );
    assert!(!exemplar_run::snapshot::pending_path(&file).exists());
}

/// A 10,000-character example name (or one of slashes and dots) still gives a file the file
/// system takes, the same one on every run, and two long names that start alike differ.
/// See: issue 23, item 9.
#[test]
fn long_and_unsafe_names_give_short_stable_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let named = |name: &str| {
        let text = page("GET /me", "", "HTTP/1.1 204 No Content")
            .replace("\"name\": \"example\"", &format!("\"name\": \"{name}\""));
        exemplar_core::extract("me.md", &text).examples.remove(0)
    };
    let long = |last: char| format!("{}{last}", "é".repeat(5_000));
    let examples = [named(&long('a')), named(&long('b')), named("..")];
    let files = exemplar_run::snapshot::paths(dir.path(), "me", &examples);
    let again = exemplar_run::snapshot::paths(dir.path(), "me", &examples);
    assert_eq!(files, again);
    assert_ne!(files[0], files[1]);
    let store = exemplar_run::snapshot::Store {
        dir: dir.path().to_owned(),
        mode: exemplar_run::snapshot::UpdateMode::New,
        ci: false,
    };
    for (file, example) in files.iter().zip(&examples) {
        let name = file.file_name().unwrap().to_string_lossy();
        assert!(name.len() <= 160 && name.ends_with(".snap"), "{name}");
        assert!(!name.starts_with('.'), "{name}");
        let check = store.check(file, "me", example, "{\n  \"status\": 204\n}");
        assert!(check.is_ok(), "{name}: {check:?}");
        assert!(exemplar_run::snapshot::pending_path(file).exists());
    }
}
