//! Unit tests of the module beside this folder.

use super::*;

fn example() -> Example {
    let page = "<!-- {\"blockType\": \"request\", \"name\": \"get me\"} -->\n```http\nGET /me\n```\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 200 OK\n```\n";
    exemplar_core::extract("me.md", page).examples.remove(0)
}

#[test]
fn modes_write_what_insta_would() {
    let dir = tempfile::tempdir().unwrap();
    let store = |mode, ci| Store {
        dir: dir.path().to_owned(),
        mode,
        ci,
    };
    let file = dir.path().join("me/get_me.snap");
    let check = |mode, ci, content| store(mode, ci).check(&file, "me", &example(), content);
    let found = check(UpdateMode::No, false, "one").unwrap();
    assert_eq!(
        (found.status, found.failure),
        (Status::New, Some(Failure::New { ci: false }))
    );
    assert!(!file.exists());
    let found = check(UpdateMode::Auto, false, "one").unwrap();
    assert_eq!(
        (found.status, found.failure),
        (Status::New, Some(Failure::Pending))
    );
    assert!(pending_path(&file).exists() && !file.exists());
    accept(&pending_path(&file)).unwrap();
    assert_eq!(read_content(&file).unwrap(), "one");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("source: \"me.md:2\"")
    );
    assert_eq!(
        check(UpdateMode::Auto, true, "one").unwrap().status,
        Status::Matched
    );
    let ci = check(UpdateMode::Always, true, "two").unwrap();
    assert_eq!((ci.status, ci.failure.is_some()), (Status::Changed, true));
    assert!(!pending_path(&file).exists(), "CI wrote a file");
    assert_eq!(
        check(UpdateMode::Always, false, "two").unwrap().status,
        Status::Written
    );
    assert_eq!(read_content(&file).unwrap(), "two");
}

#[test]
fn a_killed_runs_temporary_files_are_cleaned_by_the_next_write_and_never_counted() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join(".a.snap.4242-0000beef.tmp");
    let live = dir.path().join(".a.snap.4243-0000cafe.tmp");
    for temp in [&stale, &live] {
        std::fs::write(temp, "half").unwrap();
    }
    let old = std::time::SystemTime::now() - STALE * 2;
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert!(
        files(dir.path(), ".snap").is_empty(),
        "a temporary file counted as a snapshot"
    );
    write_atomic(&dir.path().join("a.snap"), "whole").unwrap();
    assert!(!stale.exists(), "a killed run's temporary file was left");
    assert!(live.exists(), "a live write's temporary file was removed");
}

#[test]
fn filters_pick_by_doc_path_or_name() {
    let dir = Path::new("s");
    let file = Path::new("s/v1.0/api/me/get_me.snap.new");
    assert!(selected(dir, file, &[]));
    assert!(selected(dir, file, &["v1.0/api/me.md".into()]));
    assert!(selected(dir, file, &["v1.0".into()]));
    assert!(selected(dir, file, &["get_me".into()]));
    assert!(!selected(dir, file, &["v1.0/api/m".into()]));
    assert!(!selected(dir, file, &["beta".into()]));
}

#[test]
fn unreferenced_are_the_read_pages_leftovers_and_deleted_pages_only() {
    let dir = tempfile::tempdir().unwrap();
    let (snaps, docs) = (dir.path().join("snaps"), dir.path().join("docs"));
    for file in [
        "a/kept.snap",
        "a/gone.snap",
        "a/b/other.snap",
        "c/x.snap",
        "d/y.snap",
    ] {
        write_atomic(&snaps.join(file), "x").unwrap();
    }
    for page in ["a.md", "a/b.md", "c.md"] {
        std::fs::create_dir_all(docs.join(page).parent().unwrap()).unwrap();
        std::fs::write(docs.join(page), "").unwrap();
    }
    let one_page = PruneScope {
        referenced: [snaps.join("a/kept.snap")].into(),
        pages: vec![snaps.join("a")],
        folders: Vec::new(),
    };
    assert_eq!(unreferenced(&one_page), [snaps.join("a/gone.snap")]);
    let whole = PruneScope {
        folders: vec![(snaps.clone(), docs.clone())],
        ..one_page
    };
    assert_eq!(
        unreferenced(&whole),
        [snaps.join("a/gone.snap"), snaps.join("d/y.snap")]
    );
}
