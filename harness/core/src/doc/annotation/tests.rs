use super::*;

fn annotation(text: &str) -> (Option<Annotation>, Vec<Finding>) {
    let mut findings = Vec::new();
    match read(text, 1, &mut findings) {
        Comment::Annotation(a) => (Some(a), findings),
        Comment::Other => (None, findings),
    }
}

#[test]
fn strict_request_annotation_reads_without_findings() {
    let (a, f) = annotation(r#" { "blockType": "request", "name": ["get_user", "alt"] } "#);
    let a = a.expect("annotation");
    assert_eq!(
        (a.block_type, a.names.as_slice()),
        (
            BlockType::Request,
            ["get_user".to_owned(), "alt".to_owned()].as_slice()
        )
    );
    assert!(f.is_empty());
}

#[test]
fn response_keys_and_collection_types() {
    let (a, f) = annotation(
        r#"{"blockType": "response", "truncated": true, "@odata.type": "Collection(microsoft.graph.user)"}"#,
    );
    let a = a.expect("annotation");
    assert!(a.truncated && a.is_collection);
    assert_eq!(a.odata_type.as_deref(), Some("microsoft.graph.user"));
    assert!(f.is_empty());
}

/// A key spelled as asked wins over one in another case, wherever it stands in the map; a
/// key only in another case is read, with a warning naming it.
#[test]
fn a_key_spelled_as_asked_wins_over_another_case() {
    let (a, f) = annotation(
        r#"{"BlockType": "request", "blockType": "response", "TRUNCATED": true, "truncated": false, "IsEmpty": true}"#,
    );
    let a = a.expect("annotation");
    assert_eq!(a.block_type, BlockType::Response);
    assert!(!a.truncated && a.is_empty);
    let messages: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        ["key `IsEmpty` read as `isEmpty`: write it `isEmpty`"]
    );
}

#[test]
fn every_leniency_is_a_warning() {
    let (a, f) = annotation("{ blocktype: 'Response', \"isCollection\": \"true\", }");
    let a = a.expect("annotation");
    assert!(a.is_collection);
    assert_eq!(f.len(), 6, "{f:?}");
    assert!(f.iter().all(|f| f.code == "lenient-metadata"));
}

#[test]
fn comments_that_are_not_annotations() {
    assert!(annotation(" uuid: 1234 2019-02-04 ").0.is_none());
    assert!(
        annotation(r##"{"type": "#page.annotation", "blockType": "x"}"##)
            .0
            .is_none()
    );
    assert!(annotation(r#"{"id": "commented-out sample"}"#).0.is_none());
    assert!(annotation(" markdownlint-disable MD024 ").0.is_none());
}

#[test]
fn unknown_block_type_is_an_error() {
    let (a, f) = annotation(r#"{"blockType": "reqest"}"#);
    assert!(a.is_none());
    assert_eq!(f[0].code, "unknown-block-type");
}

#[test]
fn broken_json_still_yields_the_block_type() {
    let (a, f) = annotation(r#"{"blockType": "request", "name": "x", "sampleKeys": [{id}}]"#);
    assert_eq!(a.expect("recovered").names, ["x"]);
    assert_eq!(f[0].code, "invalid-metadata");
}
