//! Which type a JSON body has (DESIGN §8): its own `@odata.type`, the annotation's
//! (`Collection(x)`), its `@odata.context` (`$metadata#users/$entity`, `#users('id')/messages`,
//! `#Collection(microsoft.graph.x)`, `#users(id,displayName)`, `/$delta`, casts), and last the
//! request's URL (`/v1.0/users/{id}/messages`), walked through entity sets, singletons and
//! (inherited) navigation properties.

use serde_json::Value;

use super::types::{Model, TypeDef, TypeRef};

/// A body's type and how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The type of the body (a collection: of the items under the collection property).
    pub ty: TypeRef,
    /// A selection (`#users(id,displayName)`, `$select`): properties may be left out.
    pub selected: bool,
    /// Where the type came from: `@odata.type`, `annotation`, `@odata.context`, `url`.
    pub from: &'static str,
}

/// What is known of a body besides itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints<'a> {
    /// The annotation's `@odata.type`, without `Collection(…)`.
    pub annotation: Option<&'a str>,
    /// The annotation says the body is a collection.
    pub collection: bool,
    /// The request's path (`/v1.0/users/{id}`) when it says the body's type: a POST, PUT or
    /// PATCH body, or a GET's answer.
    pub path: Option<&'a str>,
    /// The request's query, for `$select`.
    pub query: Option<&'a str>,
}

/// The type of `body`, if any of the ways finds one the model knows.
pub fn resolve(model: &Model, body: &Value, hints: Hints) -> Option<Resolved> {
    let own = body.get("@odata.type").and_then(Value::as_str);
    if let Some(name) = own.filter(|n| known(model, n)) {
        return Some(found(
            TypeRef::single(&model.qualify(name)),
            false,
            "@odata.type",
        ));
    }
    if let Some(name) = hints.annotation.filter(|n| known(model, n)) {
        let ty = TypeRef {
            name: model.qualify(name),
            collection: hints.collection,
        };
        return Some(found(ty, false, "annotation"));
    }
    let context = body.get("@odata.context").and_then(Value::as_str);
    if let Some((ty, selected)) = context
        .and_then(|c| c.split_once('#'))
        .and_then(|(_, c)| walk(model, c, false))
    {
        return Some(found(ty, selected, "@odata.context"));
    }
    let (ty, _) = walk(model, strip_version(hints.path?), true)?;
    // A stream's body is its content (`PUT …/content`), never a JSON form of it.
    if ty.name == "Edm.Stream" {
        return None;
    }
    let selected = hints
        .query
        .is_some_and(|q| q.contains("$select") || q.contains("%24select"));
    Some(found(ty, selected, "url"))
}

fn found(ty: TypeRef, selected: bool, from: &'static str) -> Resolved {
    Resolved { ty, selected, from }
}

/// Whether `name` is a type of the model or an Edm primitive.
fn known(model: &Model, name: &str) -> bool {
    name.starts_with("Edm.") || model.get(name).is_some()
}

/// `/v1.0/users` → `users`.
fn strip_version(path: &str) -> &str {
    let path = path.trim_start_matches('/');
    match path.split_once('/') {
        Some((first, rest)) if first == "v1.0" || first == "beta" => rest,
        _ if path == "v1.0" || path == "beta" => "",
        _ => path,
    }
}

/// Walks a context (`users('id')/messages/$entity`) or a URL path (`users/{id}/messages`):
/// the type it ends at, and whether the last set was a selection.
fn walk(model: &Model, path: &str, url: bool) -> Option<(TypeRef, bool)> {
    let segments = split(path);
    let (first, rest) = segments.split_first()?;
    let (name, parens) = first;
    let mut selected = false;
    let mut ty = if name.starts_with("Collection(") || (name.contains('.') && parens.is_none()) {
        let ty = TypeRef::parse(&first_whole(name, parens));
        TypeRef {
            name: model.qualify(&ty.name),
            collection: ty.collection,
        }
    } else if let Some(set) = model.entity_sets.get(name) {
        TypeRef {
            name: set.clone(),
            collection: true,
        }
    } else {
        TypeRef::single(model.singletons.get(name)?)
    };
    apply_parens(&mut ty, parens.as_deref(), &mut selected);
    for (name, parens) in rest {
        match name.as_str() {
            "$entity" => ty.collection = false,
            "$delta" => {}
            _ if name.starts_with('$') => return None,
            _ if url && ty.collection && is_key(name) => ty.collection = false,
            _ if name.contains('.') && parens.is_none() && model.structured(name).is_some() => {
                ty.name = model.qualify(name);
            }
            _ => {
                let here = model.structured(&ty.name)?;
                match model.property(here, name) {
                    Some(property) => {
                        ty = property.ty.clone();
                        selected = false;
                    }
                    // `/users/adele@contoso.com`, `/mailFolders/inbox`: a key written plainly,
                    // unless it names an action or function in any case (`/tiIndicators/deleteByExternalId`).
                    None if url
                        && ty.collection
                        && parens.is_none()
                        && !model.operations.contains(&name.to_ascii_lowercase()) =>
                    {
                        ty.collection = false;
                    }
                    None => return None,
                }
            }
        }
        apply_parens(&mut ty, parens.as_deref(), &mut selected);
    }
    matches!(
        model.get(&ty.name),
        Some(TypeDef::Structured(_) | TypeDef::Enum(_))
    )
    .then_some(())
    .or_else(|| ty.name.starts_with("Edm.").then_some(()))?;
    Some((ty, selected))
}

fn first_whole(name: &str, parens: &Option<String>) -> String {
    match parens {
        Some(p) => format!("{name}({p})"),
        None => name.to_owned(),
    }
}

/// `('id')` makes a collection one item; `(id,displayName)` is a selection.
fn apply_parens(ty: &mut TypeRef, parens: Option<&str>, selected: &mut bool) {
    let Some(inside) = parens else { return };
    if is_key(inside) {
        ty.collection = false;
    } else {
        *selected = true;
    }
}

/// A key: quoted, a number, a GUID, a `{placeholder}`, `k=v`.
fn is_key(text: &str) -> bool {
    text.starts_with(['\'', '{', '<', '"'])
        || text.contains('=')
        || text.bytes().all(|b| b.is_ascii_digit())
        || super::edm::is_guid(text)
}

/// `users('a/b')/messages` → `[("users", Some("'a/b'")), ("messages", None)]`.
fn split(path: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0usize, false, 0);
    let bytes = path.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\'' => quoted = !quoted,
            b'(' if !quoted => depth += 1,
            b')' if !quoted => depth = depth.saturating_sub(1),
            b'/' if !quoted && depth == 0 => {
                out.push(segment(&path[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(segment(&path[start..]));
    out.retain(|(name, _)| !name.is_empty());
    out
}

fn segment(text: &str) -> (String, Option<String>) {
    let text = text.trim();
    match text.split_once('(') {
        Some((name, rest)) if rest.ends_with(')') && !name.starts_with("Collection") => {
            (name.to_owned(), Some(rest[..rest.len() - 1].to_owned()))
        }
        _ => (text.to_owned(), None),
    }
}

#[cfg(test)]
mod tests;
