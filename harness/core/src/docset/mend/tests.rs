use super::*;
use crate::docset::{Found, facts};
use crate::fix::apply;
use crate::model::Severity;

/// Files `/d/api/a.md` and `/d/resources/robot.md` (whose headings are `properties` and
/// `json-representation`).
struct Fake;

impl Site for Fake {
    fn find(&self, path: &str) -> Found {
        match path {
            "/d/resources/robot.md" | "/d/api/a.md" => Found::File,
            p if p.eq_ignore_ascii_case("/d/resources/robot.md") => {
                Found::OtherCase("/d/resources/robot.md".into())
            }
            _ => Found::Missing,
        }
    }
    fn anchors(&self, path: &str) -> Option<&[String]> {
        static ANCHORS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        let anchors =
            ANCHORS.get_or_init(|| vec!["properties".into(), "json-representation".into()]);
        (path == "/d/resources/robot.md").then_some(anchors.as_slice())
    }
    fn names(&self, _: &str) -> Vec<String> {
        Vec::new()
    }
}

fn finding(line: u32, column: u32, code: Code) -> Diagnostic {
    Diagnostic {
        file: "a.md".into(),
        line,
        column,
        severity: Severity::Warning,
        code,
        message: String::new(),
        source_line: None,
    }
}

/// `text` as page `/d/api/a.md` with `findings` fixed.
fn fixed(text: &str, findings: &[Diagnostic]) -> String {
    let doc = crate::extract("a.md", text);
    let facts = facts(text);
    let page = Page {
        shown: "a.md",
        path: "/d/api/a.md",
        root: "/d",
        doc: &doc,
        facts: &facts,
    };
    let config = DocSetConfig::default();
    let found = mends(&page, text, findings, &config, &Fake, None);
    apply(text, &found.into_iter().map(|m| m.edit).collect::<Vec<_>>())
}

#[test]
fn a_reference_links_definition_is_fixed_where_it_is_written() {
    let text = "# A\n\nSee [the robot][r].\n\n[r]: ../resources/Robot.md#Properties\n";
    let found = fixed(text, &[finding(3, 5, Code::LinkCase)]);
    assert_eq!(
        found,
        text.replace("Robot.md#Properties", "robot.md#Properties")
    );
    // The anchor's case is the next finding once the file's name is right.
    let again = fixed(&found, &[finding(3, 5, Code::LinkCase)]);
    assert_eq!(
        again,
        text.replace("Robot.md#Properties", "robot.md#properties")
    );
}

#[test]
fn an_anchor_is_renamed_only_to_a_near_heading() {
    let text = "# A\n\n[p](../resources/robot.md#propertys) [q](../resources/robot.md#colour)\n";
    let found = fixed(
        text,
        &[
            finding(3, 1, Code::LinkMissingAnchor),
            finding(3, 38, Code::LinkMissingAnchor),
        ],
    );
    assert_eq!(found, text.replace("#propertys", "#properties"));
}

#[test]
fn links_written_with_escapes_and_other_findings_are_left_alone() {
    let text = "# A\n\n[p](../resources/Rob%6Ft.md) [q](../resources/Robot.md)\n";
    let found = fixed(
        text,
        &[
            finding(3, 1, Code::LinkCase),
            finding(3, 30, Code::LinkMissingFile),
        ],
    );
    assert_eq!(found, text);
}

#[test]
fn types_cross_between_the_table_and_the_block() {
    use serde_json::json;
    assert_eq!(
        tables::table_type(&json!(["String"])).as_deref(),
        Some("String collection")
    );
    assert_eq!(
        tables::table_type(&json!("String (timestamp)")).as_deref(),
        Some("DateTimeOffset")
    );
    let object = json!({"@odata.type": "#microsoft.graph.identitySet"});
    assert_eq!(tables::table_type(&object).as_deref(), Some("identitySet"));
    let value = tables::block_value(
        "[identitySet](identityset.md) collection",
        Some("contoso.x.robot"),
    );
    assert_eq!(
        value,
        Some(json!([{"@odata.type": "contoso.x.identitySet"}]))
    );
    assert_eq!(tables::block_value("Boolean", None), Some(json!("Boolean")));
}

#[test]
fn a_new_row_follows_the_row_of_the_member_before_it_in_the_blocks_own_order() {
    let text = "# thing\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The id. |\n| alpha | Int32 | First. |\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"x.thing\" } -->\n```json\n{\n  \"id\": \"String\",\n  \"beta\": [\"Boolean\"],\n  \"alpha\": \"Int32\"\n}\n```\n";
    let mut missing = finding(16, 1, Code::TableMissingProperty);
    missing.message =
        "property `beta` is in the resource block but not in the Properties table".into();
    let found = fixed(text, &[missing]);
    let row = "| beta | Boolean collection | TODO: describe this property. |\n";
    assert_eq!(
        found,
        text.replace(
            "| id | String | The id. |\n",
            &format!("| id | String | The id. |\n{row}")
        )
    );
}
