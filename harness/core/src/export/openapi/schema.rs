//! The OpenAPI description's component schemas: a type's from the CSDL (its properties, base
//! types and the types they use), or, without one, read from the documented bodies.

use serde_json::{Map, Value, json};

use crate::compare::generated::{is_date_time, is_guid};
use crate::model::Annotation;
use crate::schema::Schemas;
use crate::schema::types::{Model, TypeDef, TypeRef};

/// The component schemas found so far.
pub(super) struct Components<'a> {
    schemas: &'a Schemas,
    found: Map<String, Value>,
}

impl<'a> Components<'a> {
    pub(super) fn new(schemas: &'a Schemas) -> Components<'a> {
        Components {
            schemas,
            found: Map::new(),
        }
    }

    /// The schema of a documented body: a reference to its type's component (added from the
    /// CSDL, else from this body) when the annotation names one, else read from the body.
    pub(super) fn for_body(
        &mut self,
        annotation: &Annotation,
        body: &Value,
        version: Option<&str>,
    ) -> Option<Value> {
        let Some(name) = annotation.odata_type.as_deref() else {
            return Some(infer(body));
        };
        let name = name.trim_start_matches('#').to_owned();
        let items = if annotation.is_collection {
            body.get(&annotation.collection_property)
                .and_then(|v| v.as_array()?.first())
        } else {
            Some(body)
        };
        let model = self.schemas.for_version(version);
        match model {
            Some(model) if model.structured(&name).is_some() => self.add_from_csdl(model, &name),
            _ if !self.found.contains_key(&name) => {
                let inferred = items.map_or_else(|| json!({"type": "object"}), infer);
                self.found.insert(name.clone(), inferred);
            }
            _ => {}
        }
        let reference = json!({"$ref": format!("#/components/schemas/{name}")});
        Some(if annotation.is_collection {
            let property = annotation.collection_property.clone();
            json!({"type": "object", "properties": {property: {"type": "array", "items": reference}}})
        } else {
            reference
        })
    }

    pub(super) fn finish(self) -> Map<String, Value> {
        self.found
    }

    /// Adds the structured or enum type `name` and every type it uses, from the CSDL.
    fn add_from_csdl(&mut self, model: &Model, name: &str) {
        if self.found.contains_key(name) {
            return;
        }
        match model.get(name) {
            Some(TypeDef::Enum(e)) if !e.flags => {
                self.found.insert(
                    name.to_owned(),
                    json!({"type": "string", "enum": e.members}),
                );
            }
            Some(TypeDef::Structured(ty)) => {
                // Held first, so a type that refers to itself stops here.
                self.found.insert(name.to_owned(), json!({}));
                let mut properties = Map::new();
                for p in ty.properties.iter().filter(|p| !p.navigation) {
                    properties.insert(p.name.clone(), self.property(model, &p.ty));
                }
                let own = json!({"type": "object", "properties": properties});
                let schema = match ty.base.clone() {
                    Some(base) => {
                        self.add_from_csdl(model, &base);
                        json!({"allOf": [{"$ref": format!("#/components/schemas/{base}")}, own]})
                    }
                    None => own,
                };
                self.found.insert(name.to_owned(), schema);
            }
            _ => {
                self.found
                    .insert(name.to_owned(), json!({"type": "string"}));
            }
        }
    }

    /// A property's schema: an Edm type's JSON form, or a reference to the type's component.
    fn property(&mut self, model: &Model, ty: &TypeRef) -> Value {
        let item = match edm(&ty.name) {
            Some(schema) => schema,
            None => {
                let name = model.qualify(&ty.name);
                self.add_from_csdl(model, &name);
                json!({"$ref": format!("#/components/schemas/{name}")})
            }
        };
        if ty.collection {
            json!({"type": "array", "items": item})
        } else {
            item
        }
    }
}

/// An Edm type's JSON form (OData JSON: Int64 and Decimal may be strings, Double `"NaN"`).
fn edm(name: &str) -> Option<Value> {
    let edm = name.strip_prefix("Edm.")?;
    Some(match edm {
        "Boolean" => json!({"type": "boolean"}),
        "Byte" | "SByte" | "Int16" | "Int32" => json!({"type": "integer"}),
        "Int64" | "Decimal" => json!({"type": ["integer", "number", "string"]}),
        "Single" | "Double" => json!({"type": ["number", "string"]}),
        "DateTimeOffset" => json!({"type": "string", "format": "date-time"}),
        "Date" => json!({"type": "string", "format": "date"}),
        "Guid" => json!({"type": "string", "format": "uuid"}),
        "Duration" => json!({"type": "string", "format": "duration"}),
        _ => json!({"type": "string"}),
    })
}

/// A schema read from a documented value: its JSON types, each object's properties, the
/// first item of each array.
pub(super) fn infer(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let properties: Map<String, Value> =
                map.iter().map(|(k, v)| (k.clone(), infer(v))).collect();
            json!({"type": "object", "properties": properties})
        }
        Value::Array(items) => {
            json!({"type": "array", "items": items.first().map_or_else(|| json!({}), infer)})
        }
        Value::String(s) if is_date_time(s) => json!({"type": "string", "format": "date-time"}),
        Value::String(s) if is_guid(s) => json!({"type": "string", "format": "uuid"}),
        Value::String(_) => json!({"type": "string"}),
        Value::Number(n) if n.is_i64() || n.is_u64() => json!({"type": "integer"}),
        Value::Number(_) => json!({"type": "number"}),
        Value::Bool(_) => json!({"type": "boolean"}),
        Value::Null => json!({}),
    }
}
