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
    fixed_with(text, findings, None)
}

/// The same, with the types of a CSDL.
fn fixed_with(text: &str, findings: &[Diagnostic], model: Option<&Model>) -> String {
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
    let found = mends(&page, text, findings, &config, &Fake, model);
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

/// A page of `x.thing` whose block has `beta` and whose table has `gamma`, written `tight`
/// (`|id|String|The id.|`) or padded.
fn thing(tight: bool) -> String {
    let rows =
        "| id | String | The id. |\n| alpha | Int32 | First. |\n| gamma | Int32 | Stale. |\n";
    let rows = if tight {
        rows.replace(" | ", "|")
            .replace("| ", "|")
            .replace(" |", "|")
    } else {
        rows.into()
    };
    format!(
        "# thing\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n## JSON representation\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"x.thing\" }} -->\n```json\n{{\n  \"id\": \"String\",\n  \"alpha\": \"Int32\",\n  \"beta\": \"Boolean\"\n}}\n```\n"
    )
}

fn named_finding(line: u32, code: Code, message: &str) -> Diagnostic {
    let mut d = finding(line, 1, code);
    d.message = message.into();
    d
}

#[test]
fn with_a_csdl_a_property_it_does_not_declare_is_not_copied_to_the_other_side() {
    let csdl = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="x" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EntityType Name="thing"><Property Name="id" Type="Edm.String" /><Property Name="alpha" Type="Edm.Int32" /></EntityType>
</Schema></edmx:DataServices></edmx:Edmx>"#;
    let model = crate::schema::csdl::read("x.xml", csdl).expect("the test CSDL");
    let text = thing(false);
    let missing = named_finding(
        20,
        Code::TableMissingProperty,
        "property `beta` is in the resource block but not in the Properties table",
    );
    let extra = named_finding(
        9,
        Code::TableExtraProperty,
        "property `gamma` is in the Properties table but not in the resource block",
    );
    let findings = [missing, extra];
    // Without the CSDL each side takes the other's property; with it, neither stale one moves.
    assert_ne!(fixed(&text, &findings), text);
    assert_eq!(fixed_with(&text, &findings, Some(&model)), text);
}

#[test]
fn a_new_row_is_written_tight_or_padded_as_its_neighbour() {
    let missing = named_finding(
        20,
        Code::TableMissingProperty,
        "property `beta` is in the resource block but not in the Properties table",
    );
    let padded = fixed(&thing(false), std::slice::from_ref(&missing));
    assert!(
        padded.contains(
            "| alpha | Int32 | First. |\n| beta | Boolean | TODO: describe this property. |\n"
        ),
        "{padded}"
    );
    let tight = fixed(&thing(true), &[missing]);
    assert!(
        tight.contains("|alpha|Int32|First.|\n|beta|Boolean|TODO: describe this property.|\n"),
        "{tight}"
    );
}
