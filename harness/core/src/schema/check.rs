//! Holding a JSON value against a type of the [`Model`]: each problem at its JSON pointer.
//!
//! Wrong JSON forms, unknown enum members, an `@odata.type` that is unknown or not derived from
//! the declared type, and a type whose properties the CSDL does not let be read whole, are
//! errors; `null` where the type says `Nullable="false"`, a property the type does not declare
//! (open types aside), a navigation property inline without `$expand`, and a property a
//! `resource` block documents as always there but the body leaves out, warnings.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::CsdlError;
use super::edm;
use super::types::{Enumeration, Model, Structured, TypeDef, TypeRef};
use crate::compare::json::escape;
use crate::model::{Code, Severity};

/// One problem of a value against its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// JSON pointer into the checked value (`""` for the value itself).
    pub pointer: String,
    /// Error or warning.
    pub severity: Severity,
    /// `schema-wrong-type`, …
    pub code: Code,
    /// What is wrong, in plain words.
    pub message: String,
}

/// How a value is held against its type.
#[derive(Debug, Clone, Copy)]
pub struct Check<'a> {
    /// The types.
    pub model: &'a Model,
    /// Navigation properties may be inline: the URL has `$expand`, or the body is a request's.
    pub expanded: bool,
    /// Properties may be left out (`truncated`, a selection, a request body).
    pub partial: bool,
    /// The model is the service's whole schema (a CSDL). Types learnt from the docs' `resource`
    /// blocks are only those the docs describe: a type they lack, or an inheritance they do not
    /// name, is then no finding.
    pub complete: bool,
    /// The value is documented, read leniently: an enum member in another case is a tolerance
    /// (a `lenient-body` warning, DESIGN §1), not an unknown member as it is in an answer.
    pub documented: bool,
}

impl Check<'_> {
    /// Every problem of `value` against `ty`, pointers starting at `pointer`.
    pub fn value(&self, value: &Value, ty: &TypeRef, nullable: bool, pointer: &str) -> Vec<Issue> {
        let mut out = Vec::new();
        self.walk(value, ty, nullable, &mut pointer.to_owned(), &mut out);
        out
    }

    /// Checks `value` at the pointer `at`, which it extends for each member and item it goes
    /// into and gives back as it was.
    fn walk(
        &self,
        value: &Value,
        ty: &TypeRef,
        nullable: bool,
        at: &mut String,
        out: &mut Vec<Issue>,
    ) {
        if value.is_null() {
            if !nullable {
                out.push(self.not_nullable(ty, at));
            }
            return;
        }
        // Graph's `Json` is any JSON value (workbook ranges, values, formats).
        if ty.name == "microsoft.graph.Json" {
            return;
        }
        if ty.collection {
            let Some(items) = value.as_array() else {
                return out.push(wrong(at, ty, value, "an array"));
            };
            let item = ty.item();
            let len = at.len();
            for (i, v) in items.iter().enumerate() {
                write!(at, "/{i}").ok();
                self.walk(v, &item, true, at, out);
                at.truncate(len);
            }
            return;
        }
        if value.is_array() {
            return out.push(wrong(at, ty, value, "a single value, not an array"));
        }
        if ty.name.starts_with("Edm.") {
            if let Some(form) = edm::check(&ty.name, value) {
                out.push(wrong(at, ty, value, form));
            }
            return;
        }
        match self.model.get(&ty.name) {
            Some(TypeDef::Enum(e)) => member(e, ty, value, (at, self.documented), out),
            Some(TypeDef::Structured(declared)) => match value.as_object() {
                Some(map) => self.object(map, declared, at, out),
                None => out.push(wrong(at, ty, value, "an object")),
            },
            None => {}
        }
    }

    /// The warning for a `null` where `ty` does not allow one.
    fn not_nullable(&self, ty: &TypeRef, at: &str) -> Issue {
        let message = match self.complete {
            true => format!("null, but `{ty}` is declared `Nullable=\"false\"`"),
            false => "null, but the `resource` block of its type does not name it in \
                      `nullableProperties`"
                .to_owned(),
        };
        issue(at, Severity::Warning, Code::SchemaNotNullable, message)
    }

    fn object(
        &self,
        map: &Map<String, Value>,
        declared: &Structured,
        at: &mut String,
        out: &mut Vec<Issue>,
    ) {
        let ty = self.actual(map, declared, at, out).unwrap_or(declared);
        let model = self.model;
        // The type and its bases, looked up once for all the members.
        let chain: Vec<&Structured> = model.chain(ty).collect();
        for t in &chain {
            unreadable(&t.name, t.problem.as_ref(), at, out);
        }
        let len = at.len();
        for (key, value) in map {
            if key.contains('@') {
                continue; // instance annotations: `@odata.etag`, `members@odata.bind`
            }
            at.push('/');
            at.push_str(&escape(key));
            let declared = (chain.iter())
                .find_map(|t| Some((*t, t.properties.iter().find(|p| p.name == *key)?)));
            let before = out.len();
            match declared {
                Some((owner, p)) => {
                    // `threads@odata.context` beside it: the service expanded it on its own.
                    let context = || format!("{key}@odata.context");
                    if p.navigation && !self.expanded && !map.contains_key(&context()) {
                        out.push(issue(at, Severity::Warning, Code::SchemaNotExpanded, format!("navigation property `{key}` is inline, but the request has no `$expand`")));
                    }
                    self.walk(value, &p.ty, p.nullable, at, out);
                    name_block(&mut out[before..], owner);
                }
                None if chain.iter().any(|t| t.open) || unknown_base(model, &chain) => {}
                // Maybe a derived type's, which only `@odata.type` would tell.
                None if !map.contains_key("@odata.type")
                    && model.derived_declares(&ty.name, key) => {}
                None => {
                    let message = format!("`{}` declares no property `{key}`", ty.name);
                    out.push(issue(
                        at,
                        Severity::Warning,
                        Code::SchemaUnknownProperty,
                        message,
                    ));
                    name_block(&mut out[before..], ty);
                }
            }
            at.truncate(len);
        }
        if self.partial {
            return;
        }
        missing(map, &chain, at, out);
    }

    /// The type an object's own `@odata.type` names, when it is known and derives from
    /// `declared`; a problem otherwise.
    fn actual<'m>(
        &'m self,
        map: &Map<String, Value>,
        declared: &Structured,
        at: &str,
        out: &mut Vec<Issue>,
    ) -> Option<&'m Structured> {
        let named = map.get("@odata.type")?.as_str()?;
        let here = format!("{at}/@odata.type");
        let Some(actual) = self.model.structured(named) else {
            if !self.complete {
                return None;
            }
            let message =
                format!("`@odata.type` names `{named}`, which the schema does not define");
            out.push(issue(
                &here,
                Severity::Error,
                Code::SchemaUnknownType,
                message,
            ));
            return None;
        };
        if self.complete && !self.model.derives(&actual.name, &declared.name) {
            let message = format!(
                "`@odata.type` `{named}` is not `{}` nor derived from it",
                declared.name
            );
            out.push(issue(
                &here,
                Severity::Error,
                Code::SchemaNotDerived,
                message,
            ));
            return None;
        }
        Some(actual)
    }
}

/// Checks `value`, of the enumeration `e` (the type `ty`), against its members; `at` is the
/// pointer and whether the value is documented (a member in another case is then a warning).
fn member(
    e: &Enumeration,
    ty: &TypeRef,
    value: &Value,
    (at, documented): (&str, bool),
    out: &mut Vec<Issue>,
) {
    unreadable(&e.name, e.problem.as_ref(), at, out);
    let Some(text) = value.as_str() else {
        return out.push(wrong(at, ty, value, "a member name in a string"));
    };
    let words: Vec<&str> = if e.flags {
        text.split(',').map(str::trim).collect()
    } else {
        vec![text]
    };
    for word in words
        .into_iter()
        .filter(|w| !e.members.iter().any(|m| m == w))
    {
        let issue = match e.members.iter().find(|m| m.eq_ignore_ascii_case(word)) {
            Some(member) if documented => issue(
                at,
                Severity::Warning,
                Code::LenientBody,
                format!(
                    "`{word}` is `{member}` in `{}`: a member in another case is read, but write it as the CSDL does",
                    e.name
                ),
            ),
            Some(member) => issue(
                at,
                Severity::Error,
                Code::SchemaUnknownMember,
                format!(
                    "`{word}` is not a member of `{}`: member names are case-sensitive, write `{member}`",
                    e.name
                ),
            ),
            None => issue(
                at,
                Severity::Error,
                Code::SchemaUnknownMember,
                format!(
                    "`{word}` is not a member of `{}` ({})",
                    e.name,
                    e.members.join(", ")
                ),
            ),
        };
        out.push(issue);
    }
}

/// The problem of the type `name` whose properties or members could not all be read from the
/// CSDL, once per body ([`dedup_unreadable`]): the value is checked against what could be read.
fn unreadable(name: &str, problem: Option<&CsdlError>, at: &str, out: &mut Vec<Issue>) {
    if let Some(problem) = problem {
        let message = format!("`{name}` cannot be read whole from the CSDL: {problem}");
        out.push(issue(
            at,
            Severity::Error,
            Code::SchemaUnreadableType,
            message,
        ));
    }
}

/// Keeps the first of the findings of a type that cannot be read whole: a list of a hundred items
/// of it says so once.
pub fn dedup_unreadable(issues: &mut Vec<Issue>) {
    let mut seen = std::collections::HashSet::new();
    issues.retain(|i| i.code != Code::SchemaUnreadableType || seen.insert(i.message.clone()));
}

/// A property a `resource` block documents (and does not call optional) missing from `map`.
fn missing(map: &Map<String, Value>, chain: &[&Structured], at: &str, out: &mut Vec<Issue>) {
    for t in chain.iter().filter(|t| t.documented) {
        for p in t
            .properties
            .iter()
            .filter(|p| !map.contains_key(&p.name) && !t.optional.contains(&p.name))
        {
            out.push(issue(at, Severity::Warning, Code::SchemaMissingProperty, format!("`{}` is missing; the resource `{}` documents it (mark the response `truncated`, or list it in `optionalProperties`)", p.name, t.name)));
            let last = out.len() - 1;
            name_block(&mut out[last..], t);
        }
    }
}

/// Whether the chain of bases ends in a type nobody documents: what it inherits cannot be
/// known, so no property can be called unknown.
fn unknown_base(model: &Model, chain: &[&Structured]) -> bool {
    let last = chain.last().and_then(|t| t.base.as_deref());
    last.is_some_and(|base| model.structured(base).is_none())
}

/// Names the `resource` block of `ty` (its `file:line`) in the findings that relied on it.
fn name_block(found: &mut [Issue], ty: &Structured) {
    let Some(origin) = &ty.origin else {
        return;
    };
    for issue in found
        .iter_mut()
        .filter(|i| !i.message.contains("resource block at"))
    {
        let _ = write!(issue.message, " (resource block at {origin})");
    }
}

fn issue(pointer: &str, severity: Severity, code: Code, message: String) -> Issue {
    Issue {
        pointer: pointer.to_owned(),
        severity,
        code,
        message,
    }
}

fn wrong(at: &str, ty: &TypeRef, value: &Value, form: &str) -> Issue {
    let mut shown = value.to_string();
    if shown.len() > 60 {
        shown = format!("{}…", shown.chars().take(60).collect::<String>());
    }
    // A resource block's `"url"` is a string of an absolute URL, not an Edm type.
    let ty = ty.to_string().replace(edm::URL, "url");
    issue(
        at,
        Severity::Error,
        Code::SchemaWrongType,
        format!("`{ty}` is {form}; got {shown}"),
    )
}

#[cfg(test)]
mod tests;
