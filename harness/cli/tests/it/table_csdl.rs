//! Enum tables and Properties tables against the CSDL (DESIGN §10 `table-*`), through the
//! binary over `fixtures/docset-csdl/`: a doc set whose `widgets.csdl.xml` declares the types
//! its pages describe. Each page's findings are snapshotted with `--metadata`; the clean pages
//! have none, each faulty one the codes it was written for.

use crate::support::{self, exemplar, stdout};

const PAGES: [&str; 9] = [
    "cog.md",
    "color.md",
    "enum-columns.md",
    "gadget.md",
    "gizmo-names.md",
    "gizmo-sizes.md",
    "item.md",
    "sprocket.md",
    "tone.md",
];

/// `lint --format json` of one page, with the fixture CSDL or without: its exit code and codes.
fn codes(page: &str, metadata: bool) -> (Option<i32>, Vec<String>) {
    let dir = support::fixture("docset-csdl");
    let path = format!("resources/{page}");
    let mut args = vec!["lint", "--format", "json", &path];
    if metadata {
        args.extend(["--metadata", "widgets.csdl.xml"]);
    }
    let out = exemplar(&dir, &args);
    let codes = stdout(&out)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["code"].as_str().map(str::to_owned))
        .collect();
    (out.status.code(), codes)
}

#[test]
fn each_page_has_its_findings_against_the_csdl_snapshotted() {
    let dir = support::fixture("docset-csdl");
    for page in PAGES {
        let path = format!("resources/{page}");
        let out = exemplar(&dir, &["lint", "--metadata", "widgets.csdl.xml", &path]);
        let name = format!("table_csdl_{}", page.replace('.', "_"));
        let text = format!("exit {}\n{}", out.status.code().unwrap_or(-1), stdout(&out));
        support::settings().bind(|| insta::assert_snapshot!(name, text));
    }
}

#[test]
fn pages_that_agree_with_the_csdl_have_no_findings() {
    for page in ["color.md", "gadget.md", "item.md"] {
        assert_eq!(codes(page, true), (Some(0), Vec::new()), "{page}");
    }
}

#[test]
fn an_enum_table_needs_its_members_column_and_a_member_in_each_row_csdl_or_not() {
    for metadata in [false, true] {
        let (exit, codes) = codes("enum-columns.md", metadata);
        assert_eq!(exit, Some(1));
        assert_eq!(codes, ["table-enum-no-members", "table-enum-no-members"]);
    }
}

#[test]
fn enum_members_are_held_against_the_csdl_only_when_it_is_given() {
    assert_eq!(codes("tone.md", false), (Some(0), Vec::new()));
    let (exit, codes) = codes("tone.md", true);
    assert_eq!(
        exit,
        Some(1),
        "a member the CSDL declares and the table lacks is an error"
    );
    assert_eq!(
        codes,
        [
            "table-enum-missing-member",
            "table-enum-extra-member",
            "table-enum-extra-member"
        ]
    );
}

#[test]
fn a_properties_table_is_held_against_the_csdl_type_and_its_bases() {
    let (exit, found) = codes("sprocket.md", true);
    assert_eq!(exit, Some(1));
    for code in [
        "table-csdl-missing-property",
        "table-csdl-extra-property",
        "table-csdl-collection-mismatch",
        "table-csdl-type-drift",
    ] {
        assert_eq!(
            found.iter().filter(|c| *c == code).count(),
            1,
            "{code}: {found:?}"
        );
    }
    let (_, plain) = codes("sprocket.md", false);
    assert!(
        plain.iter().all(|c| !c.starts_with("table-csdl")),
        "{plain:?}"
    );
}

#[test]
fn properties_inherited_through_the_csdl_are_known_to_the_table_and_block_checks() {
    // `gadget` lists `id` (from `entity`) and `deletedDateTime` (from `item`), whose pages it does
    // not link to: the CSDL's base types make them the gadget's own, neither extra nor missing,
    // in the table and in the resource block alike.
    let (exit, found) = codes("gadget.md", true);
    assert_eq!((exit, found), (Some(0), Vec::new()));
    let dir = support::fixture("docset-csdl");
    let trimmed = std::fs::read_to_string(dir.join("resources/gadget.md"))
        .expect("fixture")
        .replace(
            "| deletedDateTime | DateTimeOffset | When it was deleted. |\n",
            "",
        );
    let temp = tempfile::tempdir().expect("temp dir");
    copy(&dir, temp.path());
    std::fs::write(temp.path().join("resources/gadget.md"), trimmed).expect("write");
    let out = exemplar(
        temp.path(),
        &[
            "lint",
            "--metadata",
            "widgets.csdl.xml",
            "resources/gadget.md",
        ],
    );
    // The resource block has the property, so the missing row is reported once, by the block
    // check; the CSDL check does not say it again.
    let text = stdout(&out);
    assert!(
        text.contains(
            "property `deletedDateTime` is in the resource block but not in the Properties table"
        ),
        "{text}"
    );
    assert!(!text.contains("table-csdl-missing-property"), "{text}");
    // Without it in the block either, only the CSDL knows it: the CSDL check names its base.
    let page = temp.path().join("resources/gadget.md");
    let both = std::fs::read_to_string(&page).expect("page");
    let both = both.replace("  \"deletedDateTime\": \"String (timestamp)\",\n", "");
    std::fs::write(&page, both).expect("write");
    let out = exemplar(
        temp.path(),
        &[
            "lint",
            "--metadata",
            "widgets.csdl.xml",
            "resources/gadget.md",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.contains("property `deletedDateTime` of `contoso.widgets.gadget` in the CSDL (inherited from `contoso.widgets.item`) is not in the Properties table"),
        "{text}"
    );
    assert!(!text.contains("table-missing-property"), "{text}");
}

#[test]
fn block_properties_a_linked_base_page_documents_are_known_through_the_csdl() {
    // Without the CSDL the docs cannot tell where `id` and `deletedDateTime` come from. The
    // table of values under Properties is not read as properties (no `12` or `48` row).
    let (exit, plain) = codes("cog.md", false);
    assert_eq!(exit, Some(1));
    assert_eq!(plain, ["table-missing-property", "table-missing-property"]);
    assert_eq!(codes("cog.md", true), (Some(0), Vec::new()));
}

#[test]
fn a_type_documented_on_several_pages_is_not_asked_for_its_other_properties() {
    let dir = support::fixture("docset-csdl");
    let both = ["resources/gizmo-names.md", "resources/gizmo-sizes.md"];
    let metadata = ["--metadata", "widgets.csdl.xml", "--format", "json"];
    let together = exemplar(&dir, &[&["lint"][..], &metadata, &both].concat());
    assert_eq!(together.status.code(), Some(0), "{}", stdout(&together));
    assert_eq!(stdout(&together), "", "each page holds a slice of `gizmo`");
    // Alone, a slice page is all the docs say of the type: what it lacks is missing.
    let (exit, alone) = codes("gizmo-names.md", true);
    assert_eq!(
        (exit, alone),
        (Some(1), vec!["table-csdl-missing-property".to_owned()])
    );
}

/// Copies the folder `from` into `to`, recursively.
fn copy(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        match entry.file_type().expect("type").is_dir() {
            true => copy(&entry.path(), &target),
            false => _ = std::fs::copy(entry.path(), target).expect("copy"),
        }
    }
}
