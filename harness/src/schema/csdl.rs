//! Reading a CSDL document ($metadata, OData 4) into a [`Model`], on roxmltree.
//!
//! Reads namespaces and aliases, `EntityType`, `ComplexType` and `EnumType` with their
//! properties, and the `EntityContainer`'s entity sets and singletons. Everything else
//! (actions, functions, annotations) is left out. A broken document is an error naming its line.

use roxmltree::{Document, Node};

use super::types::{Enumeration, Model, Property, Structured, TypeDef, TypeRef};

/// Why a CSDL document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct CsdlError {
    /// The file or URL as given.
    pub file: String,
    /// 1-based line of the problem.
    pub line: u32,
    /// What is wrong, lowercase.
    pub message: String,
}

/// Reads the CSDL text of `file` (the name errors show).
pub fn read(file: &str, text: &str) -> Result<Model, CsdlError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| CsdlError {
        file: file.to_owned(),
        line: e.pos().row,
        message: format!("not well-formed XML: {e}"),
    })?;
    let reader = Reader { file, doc: &doc };
    let mut model = Model::default();
    let schemas: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name_local("Schema"))
        .collect();
    if schemas.is_empty() {
        return Err(reader.error(
            doc.root_element(),
            "no `Schema` element: is this a CSDL ($metadata) document?",
        ));
    }
    for schema in &schemas {
        let namespace = reader.attribute(*schema, "Namespace")?;
        if let Some(alias) = schema.attribute("Alias") {
            model.aliases.insert(alias.to_owned(), namespace.to_owned());
        }
    }
    for schema in schemas {
        let namespace = reader.attribute(schema, "Namespace")?;
        for node in schema.children().filter(Node::is_element) {
            match node.tag_name().name() {
                "EntityType" | "ComplexType" => {
                    let ty = reader.structured(node, namespace, &model)?;
                    model.types.insert(ty.name.clone(), TypeDef::Structured(ty));
                }
                "EnumType" => {
                    let ty = reader.enumeration(node, namespace)?;
                    model.types.insert(ty.name.clone(), TypeDef::Enum(ty));
                }
                "EntityContainer" => reader.container(node, &mut model)?,
                "Action" | "Function" => {
                    let name = reader.attribute(node, "Name")?;
                    model.operations.insert(name.to_owned());
                }
                _ => {}
            }
        }
    }
    Ok(model)
}

/// Node helpers that name the file and line of what they refuse.
struct Reader<'a, 'input> {
    file: &'a str,
    doc: &'a Document<'input>,
}

trait LocalName {
    fn has_tag_name_local(&self, name: &str) -> bool;
}

impl LocalName for Node<'_, '_> {
    fn has_tag_name_local(&self, name: &str) -> bool {
        self.is_element() && self.tag_name().name() == name
    }
}

impl<'a, 'input> Reader<'a, 'input> {
    fn error(&self, node: Node, message: &str) -> CsdlError {
        CsdlError {
            file: self.file.to_owned(),
            line: self.doc.text_pos_at(node.range().start).row,
            message: message.to_owned(),
        }
    }

    fn attribute<'n>(&self, node: Node<'n, 'input>, name: &str) -> Result<&'n str, CsdlError> {
        node.attribute(name).ok_or_else(|| {
            self.error(
                node,
                &format!("`{}` has no `{name}` attribute", node.tag_name().name()),
            )
        })
    }

    fn flag(node: Node, name: &str) -> bool {
        node.attribute(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    fn structured(
        &self,
        node: Node,
        namespace: &str,
        model: &Model,
    ) -> Result<Structured, CsdlError> {
        let name = self.attribute(node, "Name")?;
        let mut properties = Vec::new();
        for child in node.children().filter(Node::is_element) {
            let navigation = match child.tag_name().name() {
                "Property" => false,
                "NavigationProperty" => true,
                _ => continue,
            };
            let ty = TypeRef::parse(self.attribute(child, "Type")?);
            properties.push(Property {
                name: self.attribute(child, "Name")?.to_owned(),
                ty: TypeRef {
                    name: model.qualify(&ty.name),
                    collection: ty.collection,
                },
                nullable: !child
                    .attribute("Nullable")
                    .is_some_and(|v| v.eq_ignore_ascii_case("false")),
                navigation,
            });
        }
        Ok(Structured {
            name: format!("{namespace}.{name}"),
            entity: node.tag_name().name() == "EntityType",
            base: node.attribute("BaseType").map(|b| model.qualify(b)),
            is_abstract: Self::flag(node, "Abstract"),
            open: Self::flag(node, "OpenType"),
            has_stream: Self::flag(node, "HasStream"),
            properties,
            optional: Vec::new(),
            documented: false,
        })
    }

    fn enumeration(&self, node: Node, namespace: &str) -> Result<Enumeration, CsdlError> {
        let name = self.attribute(node, "Name")?;
        let members = node
            .children()
            .filter(|c| c.has_tag_name_local("Member"))
            .map(|m| self.attribute(m, "Name").map(str::to_owned))
            .collect::<Result<_, _>>()?;
        Ok(Enumeration {
            name: format!("{namespace}.{name}"),
            flags: Self::flag(node, "IsFlags"),
            members,
        })
    }

    fn container(&self, node: Node, model: &mut Model) -> Result<(), CsdlError> {
        for child in node.children().filter(Node::is_element) {
            let table = match child.tag_name().name() {
                "EntitySet" => "EntityType",
                "Singleton" => "Type",
                _ => continue,
            };
            let name = self.attribute(child, "Name")?.to_owned();
            let ty = model.qualify(self.attribute(child, table)?);
            if table == "Type" {
                model.singletons.insert(name, ty);
            } else {
                model.entity_sets.insert(name, ty);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
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
}
