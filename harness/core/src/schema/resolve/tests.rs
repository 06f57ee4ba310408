use serde_json::json;

use super::*;
use crate::schema::csdl;

/// A small CSDL in the Graph style, written for these tests.
const CSDL: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EntityType Name="entity" Abstract="true"><Property Name="id" Type="Edm.String" Nullable="false" /></EntityType>
  <EntityType Name="directoryObject" BaseType="graph.entity">
    <NavigationProperty Name="memberOf" Type="Collection(graph.directoryObject)" />
  </EntityType>
  <EntityType Name="user" BaseType="graph.directoryObject">
    <Property Name="displayName" Type="Edm.String" />
    <NavigationProperty Name="messages" Type="Collection(graph.message)" ContainsTarget="true" />
    <NavigationProperty Name="drive" Type="graph.drive" ContainsTarget="true" />
  </EntityType>
  <EntityType Name="group" BaseType="graph.directoryObject" />
  <EntityType Name="message" BaseType="graph.entity"><Property Name="subject" Type="Edm.String" /></EntityType>
  <EntityType Name="drive" BaseType="graph.entity"><NavigationProperty Name="root" Type="graph.driveItem" /></EntityType>
  <EntityType Name="driveItem" BaseType="graph.entity" />
  <Action Name="deleteByExternalId" IsBound="true"><Parameter Name="bindingParameter" Type="Collection(graph.user)" /></Action>
  <EntityContainer Name="GraphService">
    <EntitySet Name="users" EntityType="microsoft.graph.user" />
    <EntitySet Name="directoryObjects" EntityType="microsoft.graph.directoryObject" />
    <Singleton Name="me" Type="microsoft.graph.user" />
  </EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>"#;

fn model() -> Model {
    csdl::read("test.xml", CSDL).unwrap()
}

/// The type and selection a context resolves to, as `Collection(x)` or `x` (and ` selected`).
fn context(context: &str) -> Option<String> {
    let body = json!({ "@odata.context": format!("https://graph.microsoft.com/v1.0/$metadata#{context}") });
    let found = resolve(&model(), &body, Hints::default())?;
    assert_eq!(found.from, "@odata.context");
    Some(format!(
        "{}{}",
        found.ty,
        if found.selected { " selected" } else { "" }
    ))
}

#[test]
fn each_context_form_resolves_through_sets_singletons_and_navigation() {
    let cases = [
        ("users/$entity", "microsoft.graph.user"),
        ("users", "Collection(microsoft.graph.user)"),
        (
            "users('48d31887-5fad')/messages",
            "Collection(microsoft.graph.message)",
        ),
        (
            "users('48d31887-5fad')/messages/$entity",
            "microsoft.graph.message",
        ),
        ("me/memberOf", "Collection(microsoft.graph.directoryObject)"),
        (
            "users('a%2Fb')/drive/root/$entity",
            "microsoft.graph.driveItem",
        ),
        (
            "Collection(microsoft.graph.user)",
            "Collection(microsoft.graph.user)",
        ),
        (
            "Collection(graph.group)",
            "Collection(microsoft.graph.group)",
        ),
        ("microsoft.graph.message", "microsoft.graph.message"),
        (
            "users(id,displayName)",
            "Collection(microsoft.graph.user) selected",
        ),
        (
            "users(displayName)/$entity",
            "microsoft.graph.user selected",
        ),
        ("users/$delta", "Collection(microsoft.graph.user)"),
        (
            "directoryObjects/microsoft.graph.user",
            "Collection(microsoft.graph.user)",
        ),
        ("Collection(Edm.String)", "Collection(Edm.String)"),
    ];
    for (form, expected) in cases {
        assert_eq!(context(form).as_deref(), Some(expected), "{form}");
    }
    for unknown in [
        "things",
        "users('a')/nothing",
        "users/$ref",
        "me/microsoft.graph.unknown/x",
    ] {
        assert_eq!(context(unknown), None, "{unknown}");
    }
}

#[test]
fn the_body_type_wins_over_the_annotation_which_wins_over_the_context() {
    let model = model();
    let hints = Hints {
        annotation: Some("graph.message"),
        collection: true,
        ..Hints::default()
    };
    let body = json!({"@odata.type": "#microsoft.graph.group", "@odata.context": "$metadata#users/$entity"});
    assert_eq!(
        resolve(&model, &body, hints).unwrap().ty.to_string(),
        "microsoft.graph.group"
    );
    let body = json!({"@odata.context": "$metadata#users/$entity"});
    let found = resolve(&model, &body, hints).unwrap();
    assert_eq!(
        (found.ty.to_string().as_str(), found.from),
        ("Collection(microsoft.graph.message)", "annotation")
    );
    let unknown = Hints {
        annotation: Some("microsoft.graph.nothing"),
        ..hints
    };
    assert_eq!(
        resolve(&model, &body, unknown).unwrap().from,
        "@odata.context"
    );
}

#[test]
fn a_url_resolves_when_nothing_else_does() {
    let model = model();
    let at = |path, query| {
        let hints = Hints {
            path: Some(path),
            query,
            ..Hints::default()
        };
        resolve(&model, &json!({}), hints)
            .map(|r| format!("{}{}", r.ty, if r.selected { " selected" } else { "" }))
    };
    assert_eq!(
        at("/v1.0/users", None).as_deref(),
        Some("Collection(microsoft.graph.user)")
    );
    assert_eq!(
        at("/v1.0/users/{id}", None).as_deref(),
        Some("microsoft.graph.user")
    );
    assert_eq!(
        at("/beta/users/adele@contoso.com/messages", None).as_deref(),
        Some("Collection(microsoft.graph.message)")
    );
    assert_eq!(
        at("/v1.0/me/drive", Some("$select=id")).as_deref(),
        Some("microsoft.graph.drive selected")
    );
    assert_eq!(at("/v1.0/me/sendMail", None), None);
    assert_eq!(at("/v1.0/users/delta()", None), None);
    assert_eq!(at("/v1.0/users/deleteByExternalId", None), None);
    // Docs write operations in another case (`GetNotebookFromWebUrl`): still no key.
    assert_eq!(at("/v1.0/users/DeleteByExternalID", None), None);
    assert_eq!(
        at("/v1.0/users/adele/messages", None).as_deref(),
        Some("Collection(microsoft.graph.message)")
    );
}
