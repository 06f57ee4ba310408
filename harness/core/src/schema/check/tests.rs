use super::*;
use crate::schema::csdl;

fn day() -> Enumeration {
    Enumeration {
        name: "microsoft.graph.dayOfWeek".into(),
        flags: false,
        members: vec!["monday".into(), "friday".into()],
        problem: None,
    }
}

fn found(value: &str, documented: bool) -> Vec<(Severity, Code)> {
    let (e, ty) = (day(), TypeRef::single("microsoft.graph.dayOfWeek"));
    let mut out = Vec::new();
    member(&e, &ty, &Value::from(value), ("/day", documented), &mut out);
    out.into_iter().map(|i| (i.severity, i.code)).collect()
}

#[test]
fn a_documented_member_in_another_case_is_a_tolerance_and_an_answers_is_an_error() {
    assert_eq!(
        found("Friday", true),
        [(Severity::Warning, Code::LenientBody)]
    );
    assert_eq!(
        found("Friday", false),
        [(Severity::Error, Code::SchemaUnknownMember)]
    );
    assert_eq!(
        found("someday", true),
        [(Severity::Error, Code::SchemaUnknownMember)]
    );
    assert_eq!(found("friday", true), []);
}

/// A small CSDL written for this test: a base type and a type derived from it.
const CSDL: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EntityType Name="identityProvider"><Property Name="name" Type="Edm.String" /></EntityType>
  <EntityType Name="openIdConnectProvider" BaseType="graph.identityProvider">
    <Property Name="responseType" Type="Edm.String" />
  </EntityType>
</Schema></edmx:DataServices></edmx:Edmx>"#;

/// The codes found for `body` held against `identityProvider`.
fn unknown(body: serde_json::Value) -> Vec<Code> {
    let model = csdl::read("test.xml", CSDL).expect("the test CSDL");
    let check = Check {
        model: &model,
        expanded: true,
        partial: true,
        complete: true,
        documented: true,
    };
    let ty = TypeRef::single("microsoft.graph.identityProvider");
    let found = check.value(&body, &ty, true, "");
    found.into_iter().map(|i| i.code).collect()
}

#[test]
fn a_property_of_a_derived_type_is_no_finding_unless_the_body_names_its_type() {
    use serde_json::json;
    assert!(unknown(json!({ "responseType": "code" })).is_empty());
    let named =
        json!({ "@odata.type": "#microsoft.graph.identityProvider", "responseType": "code" });
    assert_eq!(unknown(named), [Code::SchemaUnknownProperty]);
    assert_eq!(
        unknown(json!({ "colour": "red" })),
        [Code::SchemaUnknownProperty]
    );
}
