use super::*;

const CSDL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EnumType Name="season" IsFlags="true"><Member Name="spring" Value="1" /></EnumType>
  <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id" /></Key>
    <Property Name="id" Type="Edm.String" Nullable="false" /></EntityType>
  <EntityType Name="user" BaseType="graph.entity" OpenType="true" HasStream="true">
    <Property Name="tags" Type="Collection(graph.season)" />
    <NavigationProperty Name="manager" Type="graph.user" />
  </EntityType>
  <EntityContainer Name="GraphService">
    <EntitySet Name="users" EntityType="microsoft.graph.user" />
    <Singleton Name="me" Type="graph.user" />
  </EntityContainer>
</Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

#[test]
fn types_sets_and_aliases_are_read_with_their_flags() {
    let model = read("t.xml", CSDL).unwrap();
    let user = model.structured("graph.user").unwrap();
    assert_eq!(user.base.as_deref(), Some("microsoft.graph.entity"));
    assert!(user.open && user.has_stream && user.entity && !user.is_abstract);
    let tags = model.property(user, "tags").unwrap();
    assert_eq!(tags.ty.to_string(), "Collection(microsoft.graph.season)");
    assert!(model.property(user, "manager").unwrap().navigation);
    assert!(!model.property(user, "id").unwrap().nullable);
    assert!(
        model
            .structured("microsoft.graph.entity")
            .unwrap()
            .is_abstract
    );
    let TypeDef::Enum(season) = model.get("#microsoft.graph.season").unwrap() else {
        panic!("an enum")
    };
    assert!(season.flags);
    assert_eq!(model.entity_sets["users"], "microsoft.graph.user");
    assert_eq!(model.singletons["me"], "microsoft.graph.user");
    assert!(model.derives("graph.user", "microsoft.graph.entity"));
}

#[test]
fn a_broken_document_names_its_line() {
    let err = read(
        "v1.xml",
        "<Schema Namespace=\"a\">\n<EntityType Name=\"x\">\n</Schema>",
    )
    .unwrap_err();
    assert_eq!((err.file.as_str(), err.line), ("v1.xml", 3), "{err}");
    let err = read(
        "v1.xml",
        "<Schema Namespace=\"a\">\n\n<EntityType />\n</Schema>",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "v1.xml:3: `EntityType` has no `Name` attribute"
    );
}

#[test]
fn a_document_that_stops_inside_an_element_names_its_end() {
    let err = read(
        "v1.xml",
        "<Edmx>\n<Schema Namespace=\"a\">\n<EntityType Name=\"x\">\n",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "v1.xml:4: not well-formed XML: `<EntityType>` is never closed"
    );
    let err = read("v1.xml", "<Edmx>\n<Schema Namespace=\"a\" />\n").unwrap_err();
    assert_eq!(err.message, "not well-formed XML: `<Edmx>` is never closed");
    let err = read("v1.xml", "<!DOCTYPE x>\n<Schema Namespace=\"a\" />").unwrap_err();
    assert_eq!(
        (err.line, err.message.as_str()),
        (1, "not well-formed XML: a DTD is not allowed")
    );
}

/// The first pass reads each type's tag, not its properties or members: one that cannot be read
/// is found when the type is first used; the type keeps the others, and the problem names the
/// line in the document.
#[test]
fn a_member_that_cannot_be_read_is_left_out_and_its_problem_kept_with_its_line() {
    let type_of = |inner: &str| {
        let text = format!(
            "<Schema Namespace=\"a\">\n<EnumType Name=\"e\">\n<Member Name=\"ok\" />\n{inner}\n</EnumType>\n<EntityType Name=\"x\">\n<Property Name=\"p\" Type=\"Edm.String\" />\n<Property Name=\"q\" />\n</EntityType>\n</Schema>"
        );
        read("v1.xml", text).expect("the document reads")
    };
    let model = type_of("<Member Name=\"a&bad;\" />");
    let Some(TypeDef::Enum(e)) = model.get("a.e") else {
        panic!("an enum")
    };
    assert_eq!(e.members, ["ok"]);
    let problem = model.problem("a.e").expect("a problem").to_string();
    assert!(
        problem.starts_with("v1.xml:4: not well-formed XML"),
        "{problem}"
    );
    let model = type_of("<Member />");
    assert_eq!(
        model.problem("a.e").unwrap().to_string(),
        "v1.xml:4: `Member` has no `Name` attribute"
    );
    let x = model.structured("a.x").unwrap();
    assert_eq!(model.property(x, "p").unwrap().ty.name, "Edm.String");
    assert!(model.property(x, "q").is_none());
    assert_eq!(
        model.problem("a.x").unwrap().to_string(),
        "v1.xml:8: `Property` has no `Type` attribute"
    );
    let model = type_of("<Member Name=\"one&amp;two\" />");
    let Some(TypeDef::Enum(e)) = model.get("a.e") else {
        panic!("an enum")
    };
    assert_eq!(e.members, ["ok", "one&two"]);
    assert!(model.problem("a.e").is_none());
    // A tab in a value reads as a space, as XML's attribute-value normalization says.
    let model = type_of("<Member Name=\"one\ttwo\" />");
    let Some(TypeDef::Enum(e)) = model.get("a.e") else {
        panic!("an enum")
    };
    assert_eq!(e.members, ["ok", "one two"]);
}

/// Well-formedness is checked over the whole document when it is read, inside types too.
#[test]
fn a_type_that_is_not_well_formed_inside_is_an_error_when_the_document_is_read() {
    let text = "<Schema Namespace=\"a\">\n<EntityType Name=\"x\">\n<Property Name=\"p\" Type=\"Edm.String\">\n</EntityType>\n</Schema>";
    let err = read("v1.xml", text).unwrap_err().to_string();
    assert!(err.starts_with("v1.xml:"), "{err}");
    assert!(err.contains("not well-formed XML"), "{err}");
}

#[test]
fn whether_a_type_is_an_enum_is_told_by_name_alias_or_not_at_all() {
    let text = "<Schema Namespace=\"n.s\" Alias=\"s\">\n<EnumType Name=\"e\"><Member Name=\"m\" /></EnumType>\n<ComplexType Name=\"c\" />\n</Schema>";
    let model = read("v1.xml", text).unwrap();
    assert!(model.is_enum("n.s.e"));
    assert!(model.is_enum("s.e"));
    assert!(!model.is_enum("n.s.c"));
    assert!(!model.is_enum("n.s.missing"));
    assert!(!model.is_enum("Edm.String"));
}

#[test]
fn actions_functions_and_containment_are_read_on_first_use() {
    let text = r#"<Schema Namespace="microsoft.graph" Alias="graph">
  <EntityType Name="user"><NavigationProperty Name="messages" Type="Collection(graph.message)" ContainsTarget="true" />
    <NavigationProperty Name="manager" Type="graph.user" /></EntityType>
  <Action Name="assignLicense" IsBound="true"><Parameter Name="bindingParameter" Type="graph.user" />
    <Parameter Name="addLicenses" Type="Collection(graph.assignedLicense)" Nullable="false" /></Action>
  <Function Name="delta" IsBound="true" IsComposable="true"><Parameter Name="bindingParameter" Type="Collection(graph.user)" />
    <ReturnType Type="Collection(graph.user)" /></Function>
  <Function Name="getReport"><Parameter Name="period" Type="Edm.String" /></Function>
</Schema>"#;
    let model = read("t.xml", text).unwrap();
    let user = model.structured("microsoft.graph.user").unwrap();
    assert!(model.property(user, "messages").unwrap().contained);
    assert!(!model.property(user, "manager").unwrap().contained);
    let callables = model.callables();
    let shown: Vec<_> = callables
        .iter()
        .map(|c| {
            let binding = c.binding.as_ref().map(ToString::to_string);
            let parameters: Vec<_> = c.parameters.iter().map(|p| p.name.as_str()).collect();
            (c.name.as_str(), c.function, binding, parameters)
        })
        .collect();
    assert_eq!(
        shown,
        [
            (
                "assignLicense",
                false,
                Some("microsoft.graph.user".into()),
                vec!["addLicenses"]
            ),
            (
                "delta",
                true,
                Some("Collection(microsoft.graph.user)".into()),
                vec![]
            ),
            ("getReport", true, None, vec!["period"]),
        ]
    );
    let returns: Vec<_> = (callables.iter())
        .map(|c| c.returns.as_ref().map(ToString::to_string))
        .collect();
    assert_eq!(
        returns,
        [None, Some("Collection(microsoft.graph.user)".into()), None]
    );
}
