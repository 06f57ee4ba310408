//! `resource` blocks as types, read the way API Doctor reads them (DESIGN §8), and held against
//! the CSDL when both exist (API Doctor's check-metadata).
//!
//! The block's `@odata.type` names the type; each property's type comes from its example value:
//! `"string"` → a string, `"url"` → an absolute URL, `"timestamp"`/`"datetime"` →
//! DateTimeOffset, an integer → Int64, a fraction → Double, booleans, `"a | b | c"` → an enum of
//! those members, `{ "@odata.type": "x" }` → x, `[ item ]` → a collection. `optionalProperties`,
//! `keyProperty`, `baseType` and `openType` of the annotation are honoured. Every property is
//! nullable, as OData has it unless declared otherwise: a block cannot declare otherwise (Graph
//! does not write `nullableProperties`, and its CSDL says `Nullable="false"` where it means it).

use serde_json::Value;

use super::edm;
use super::types::{Enumeration, Model, Property, Structured, TypeDef, TypeRef};
use crate::model::{Annotation, Code, Severity};

/// What anything may hold: a value a resource block gives no type for.
const ANY: &str = "Edm.Untyped";

/// Adds the type a `resource` block documents to `model` (which knows the `graph` alias);
/// `origin` is the block's `file:line`. Returns the type's name, or `None` when the block names
/// no type or is not an object.
pub fn learn(
    model: &mut Model,
    annotation: &Annotation,
    body: &Value,
    origin: String,
) -> Option<String> {
    let name = model.qualify(annotation.odata_type.as_deref()?);
    let map = body.as_object()?;
    let list = |key: &str| -> Vec<String> {
        let found = annotation
            .raw
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key));
        match found.map(|(_, v)| v) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            Some(Value::String(one)) => vec![one.clone()],
            _ => Vec::new(),
        }
    };
    let (mut optional, key) = (list("optionalProperties"), list("keyProperty"));
    let open = (annotation.raw.iter())
        .find(|(k, _)| k.eq_ignore_ascii_case("openType"))
        .is_some_and(|(_, v)| v == &Value::Bool(true) || v.as_str() == Some("true"));
    optional.retain(|p| !key.contains(p));
    let mut properties = Vec::new();
    for (property, example) in map.iter().filter(|(k, _)| !k.contains('@')) {
        let ty = infer(model, &name, property, example);
        properties.push(Property {
            name: property.clone(),
            ty,
            nullable: true,
            navigation: false,
            contained: false,
        });
    }
    // A key the block does not show (`keyProperty: id`, no `id`) comes from a base type the
    // block does not name: what that base holds cannot be known, so the chain ends unknown.
    let inherits = key.iter().any(|k| !map.contains_key(k));
    let base = (list("baseType").pop().map(|b| model.qualify(&b)))
        .or_else(|| inherits.then(|| format!("{name}(undocumented base)")));
    let ty = Structured {
        name: name.clone(),
        entity: !key.is_empty(),
        base,
        properties,
        optional,
        documented: true,
        open,
        origin: Some(origin),
        ..Structured::default()
    };
    model.types.insert(name.clone(), TypeDef::Structured(ty));
    Some(name)
}

/// The type an example value stands for.
fn infer(model: &mut Model, owner: &str, property: &str, example: &Value) -> TypeRef {
    match example {
        Value::String(text) => TypeRef::single(&string_type(model, owner, property, text)),
        Value::Number(n) if n.is_f64() => TypeRef::single("Edm.Double"),
        Value::Number(_) => TypeRef::single("Edm.Int64"),
        Value::Bool(_) => TypeRef::single("Edm.Boolean"),
        Value::Object(map) => match map.get("@odata.type").and_then(Value::as_str) {
            Some(named) => TypeRef::single(&model.qualify(named)),
            None => TypeRef::single(ANY),
        },
        Value::Array(items) => {
            let item = items.first().map_or_else(
                || TypeRef::single(ANY),
                |i| infer(model, owner, property, i),
            );
            TypeRef {
                name: item.name,
                collection: true,
            }
        }
        Value::Null => TypeRef::single(ANY),
    }
}

fn string_type(model: &mut Model, owner: &str, property: &str, text: &str) -> String {
    if let Some(named) = type_word(text) {
        return named.to_owned();
    }
    if !text.contains('|') {
        return "Edm.String".to_owned();
    }
    let name = format!("{owner}/{property}");
    let members = text
        .split('|')
        .map(|m| m.trim().to_owned())
        .filter(|m| !m.is_empty())
        .collect();
    let e = Enumeration {
        name: name.clone(),
        flags: false,
        members,
        problem: None,
    };
    model.types.insert(name.clone(), TypeDef::Enum(e));
    name
}

/// The type an example string names, as the docs write them (`"timestamp"`, `"url"`, and the
/// type names API Doctor reads too: `"Boolean"`, `"Int32"`, `"String (timestamp)"`, `"Guid"`);
/// `None` for other strings.
fn type_word(text: &str) -> Option<&'static str> {
    let lower = text.trim().to_ascii_lowercase();
    let lower = lower.strip_prefix("edm.").unwrap_or(&lower);
    // `String (timestamp)`: the word in parentheses says more than `String`.
    let word = match lower.split_once('(') {
        Some((outer, inner)) => match inner.trim_end_matches(')').trim() {
            "timestamp" | "datetime" | "url" | "uri" => inner.trim_end_matches(')').trim(),
            _ => outer.trim(),
        },
        None => lower,
    };
    Some(match word {
        "string" => "Edm.String",
        "url" | "uri" => edm::URL,
        "timestamp" | "datetime" | "datetimeoffset" => "Edm.DateTimeOffset",
        "boolean" | "bool" => "Edm.Boolean",
        "int16" | "int32" | "int64" | "int" | "integer" | "long" | "byte" | "sbyte" => "Edm.Int64",
        "double" | "single" | "float" | "decimal" | "number" => "Edm.Double",
        "date" => "Edm.Date",
        "timeofday" => "Edm.TimeOfDay",
        "duration" => "Edm.Duration",
        "guid" => "Edm.Guid",
        "binary" => "Edm.Binary",
        "stream" => "Edm.Stream",
        _ => return None,
    })
}

/// A disagreement between a resource block and the CSDL: the JSON pointer of the property in
/// the block (`""` for the block), and the finding.
pub type Disagreement = (String, Severity, Code, String);

/// Where the resource type `name` of `documented` disagrees with the same type in `csdl`.
pub fn compare(documented: &Model, csdl: &Model, name: &str) -> Vec<Disagreement> {
    let mut out = Vec::new();
    let Some(ours) = documented.structured(name) else {
        return out;
    };
    let Some(theirs) = csdl.structured(name) else {
        let message = format!("the resource `{name}` is not a type of the metadata");
        out.push((
            String::new(),
            Severity::Warning,
            Code::ResourceNotInMetadata,
            message,
        ));
        return out;
    };
    if let Some(problem) = &theirs.problem {
        let message = format!("`{name}` cannot be read whole from the CSDL: {problem}");
        out.push((
            String::new(),
            Severity::Error,
            Code::SchemaUnreadableType,
            message,
        ));
    }
    for p in &ours.properties {
        let at = format!("/{}", crate::compare::json::escape(&p.name));
        let Some(declared) = csdl.property(theirs, &p.name) else {
            if !csdl.is_open(theirs) {
                let message = format!(
                    "`{}` declares no property `{}` in the metadata",
                    theirs.name, p.name
                );
                out.push((at, Severity::Warning, Code::ResourceNotInMetadata, message));
            }
            continue;
        };
        if !agrees(documented, csdl, &p.ty, &declared.ty) {
            let shown = shown(documented, &p.ty);
            let message = format!(
                "`{}` is `{shown}` here but `{}` in the metadata",
                p.name, declared.ty
            );
            out.push((at, Severity::Error, Code::ResourceTypeDiffers, message));
        }
    }
    out
}

/// How a resource block's type reads in a message.
fn shown(documented: &Model, ty: &TypeRef) -> String {
    match documented.get(&ty.name) {
        Some(TypeDef::Enum(e)) => format!(
            "{}{}{}",
            if ty.collection { "Collection(" } else { "" },
            e.members.join(" | "),
            if ty.collection { ")" } else { "" }
        ),
        _ if ty.name == edm::URL => "url".to_owned(),
        _ => ty.to_string(),
    }
}

/// Whether an inferred type fits the declared one: `"string"` stands for every type written as
/// a string, an integer for every integer type, a fraction for every floating type.
fn agrees(documented: &Model, csdl: &Model, ours: &TypeRef, theirs: &TypeRef) -> bool {
    if ours.name == ANY {
        return true;
    }
    if ours.collection != theirs.collection {
        return false;
    }
    let declared = theirs.name.as_str();
    let family = |model: &Model, name: &str| match name {
        "Edm.Boolean" => Some("boolean"),
        "Edm.Int64" | "Edm.Int32" | "Edm.Int16" | "Edm.Byte" | "Edm.SByte" => Some("integer"),
        "Edm.Double" | "Edm.Single" | "Edm.Decimal" => Some("number"),
        _ if STRINGS.contains(&name) || name == edm::URL => Some("string"),
        _ if model.is_enum(name) => Some("string"),
        _ => None,
    };
    match (family(documented, &ours.name), family(csdl, declared)) {
        (Some(a), Some(b)) => {
            a == b
            // Integers are valid floating values, and Int64 and Decimal may be strings.
            || (a == "integer" && b == "number")
            || (a == "string" && matches!(declared, "Edm.Int64" | "Edm.Decimal"))
        }
        (None, None) => csdl.derives(&ours.name, declared) || csdl.derives(declared, &ours.name),
        _ => false,
    }
}

/// Primitive types whose JSON form is a string.
const STRINGS: [&str; 8] = [
    "Edm.String",
    "Edm.Guid",
    "Edm.Date",
    "Edm.DateTimeOffset",
    "Edm.TimeOfDay",
    "Edm.Duration",
    "Edm.Binary",
    "Edm.Stream",
];
