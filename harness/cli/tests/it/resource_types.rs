//! `resource` blocks as types the way API Doctor and the CSDL mean them: `openType`, `baseType`
//! chains across pages, OData's nullability, and silence where the docs cannot know.
//! See: issue 23, item 1.

use std::path::Path;

use crate::support::{exemplar, stdout};

fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).unwrap();
}

fn resource(ty: &str, extra: &str, body: &str) -> String {
    format!(
        "# {ty}\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{ty}\"{extra} }} -->\n```json\n{body}\n```\n"
    )
}

fn example(ty: &str, body: &str) -> String {
    format!(
        "# Get\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"get_{ty}\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0/things/1\n```\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.{ty}\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{body}\n```\n"
    )
}

#[test]
fn open_types_inherited_properties_and_nulls_are_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    let base = ", \"baseType\": \"microsoft.graph.changeTrackedEntity\"";
    let tracked = r#"{ "id": "string", "createdDateTime": "String (timestamp)" }"#;
    write(
        dir.path(),
        "a.md",
        &resource("changeTrackedEntity", "", tracked),
    );
    let open = format!("{base}, \"openType\": true");
    write(
        dir.path(),
        "b.md",
        &resource("bag", &open, r#"{ "name": "string" }"#),
    );
    let orphan = ", \"baseType\": \"microsoft.graph.directoryObject\"";
    write(
        dir.path(),
        "c.md",
        &resource("member", orphan, r#"{ "mail": "string" }"#),
    );
    let bag =
        r#"{ "id": "1", "name": null, "createdDateTime": "2024-01-01T00:00:00Z", "anything": 3 }"#;
    write(dir.path(), "d.md", &example("bag", bag));
    // An entity whose key the block does not show inherits it from a base it does not name.
    let keyed = ", \"keyProperty\": \"id\"";
    write(
        dir.path(),
        "f.md",
        &resource("outcome", keyed, r#"{ "points": 1 }"#),
    );
    let outcome = r#"{ "id": "1", "points": 2, "lastModifiedBy": null }"#;
    write(dir.path(), "g.md", &example("outcome", outcome));
    let member = r#"{ "mail": "a@b.c", "deletedDateTime": null }"#;
    write(dir.path(), "e.md", &example("member", member));
    let out = exemplar(dir.path(), &["lint", "."]);
    let text = stdout(&out);
    assert!(!text.contains("schema-"), "{text}");
    assert_eq!(out.status.code(), Some(0), "{text}");
}

#[test]
fn a_finding_from_a_resource_block_names_the_block() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        &resource("bag", "", r#"{ "size": 1024 }"#),
    );
    write(dir.path(), "d.md", &example("bag", r#"{ "size": "big" }"#));
    let text = stdout(&exemplar(dir.path(), &["lint", "."]));
    assert!(text.contains("schema-wrong-type"), "{text}");
    assert!(text.contains("resource block at a.md:4"), "{text}");
}

/// A page is held against the resource blocks of its own API version only: a beta block does
/// not type a v1.0 answer.
#[test]
fn a_block_of_another_version_is_not_the_type() {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["beta/resources", "v1.0/api", "beta/api"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
    }
    let bag = resource("bag", "", r#"{ "size": 1024 }"#);
    write(dir.path(), "beta/resources/bag.md", &bag);
    let big = example("bag", r#"{ "size": "big" }"#);
    write(dir.path(), "v1.0/api/get.md", &big);
    write(
        dir.path(),
        "beta/api/get.md",
        &big.replace("/v1.0/", "/beta/"),
    );
    let text = stdout(&exemplar(dir.path(), &["lint", "."]));
    assert!(text.contains("beta/api/get.md"), "{text}");
    assert!(!text.contains("v1.0/api/get.md"), "{text}");
}
