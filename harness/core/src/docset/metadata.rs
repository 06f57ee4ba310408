//! `table-csdl-*`: the Properties table against the CSDL type the page's resource block names
//! (its `@odata.type`), when `--metadata` gives one (a type documented on several pages is
//! only checked for what its rows say). A property of the type (or of a base type
//! up to the first whose page the page links to) missing from the table is an error (unless the
//! resource block has it: that is `table-missing-property`); a row the type and
//! its bases do not declare (the type not open) a warning; a collection against a single value
//! an error; another primitive or named type a warning. A table type that names neither a
//! primitive nor a type of the CSDL is not compared: what it means cannot be told.

use super::closest::closest;
use super::tables::{property_tables, rows, section_tables};
use super::{DocSetConfig, Page, finding, suggest};
use crate::model::{Code, Diagnostic};
use crate::schema::types::{Model, Structured, TypeRef};

/// Checks the Properties table against the CSDL type of the page's first typed resource block.
pub(super) fn check(
    page: &Page<'_>,
    config: &DocSetConfig,
    against: super::Against<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let csdl = against.model;
    let Some(named) = super::resource_type(page.doc) else {
        return;
    };
    let Some(ty) = csdl.structured(&csdl.qualify(named)) else {
        return;
    };
    let tables = property_tables(page, config);
    let Some(first) = tables.first() else {
        return;
    };
    let found: Vec<_> = tables.iter().copied().flat_map(rows).collect();
    let related: Vec<&str> = (section_tables(page, &["Relationships"]).flat_map(rows))
        .map(|r| r.0)
        .collect();
    let chain: Vec<&Structured> = csdl.chain(ty).collect();
    if !against.split {
        let mut listed = found.iter().map(|r| r.0).collect::<Vec<_>>();
        listed.extend(related.iter().copied());
        // A property of the resource block is `table-missing-property`'s to report, once.
        if let Some((_, block, _)) = super::tables::resource(page) {
            listed.extend(block.keys().map(String::as_str));
        }
        missing(page, &chain, &listed, first.line, out);
    }
    for (name, kind, line) in &found {
        match csdl.property(ty, name) {
            Some(declared) => types(page, csdl, name, kind, &declared.ty, *line, out),
            None if csdl.is_open(ty) => {}
            None => {
                let names = chain.iter().flat_map(|t| t.properties.iter());
                let near = closest(name, names.map(|p| p.name.as_str()));
                let message = format!(
                    "property `{name}` is in the Properties table but `{}` in the CSDL does not declare it{}",
                    ty.name,
                    suggest(near)
                );
                let code = Code::TableCsdlExtraProperty;
                out.push(finding(page, *line, 1, code, message));
            }
        }
    }
}

/// Each property of the type (`chain[0]`) and of its bases up to the first whose page the page
/// links to (it documents itself and its own bases there) that no row `listed` names (in any
/// case: a row in another case is the one `table-csdl-extra-property` names).
fn missing(
    page: &Page<'_>,
    chain: &[&Structured],
    listed: &[&str],
    line: u32,
    out: &mut Vec<Diagnostic>,
) {
    for (depth, t) in chain.iter().enumerate() {
        if depth > 0 && links_to(page, &t.name) {
            break;
        }
        let absent = |p: &&crate::schema::types::Property| {
            !p.navigation && !listed.iter().any(|l| l.eq_ignore_ascii_case(&p.name))
        };
        for p in t.properties.iter().filter(absent) {
            let whose = match depth {
                0 => String::new(),
                _ => format!(" (inherited from `{}`)", t.name),
            };
            let message = format!(
                "property `{}` of `{}` in the CSDL{whose} is not in the Properties table: add a row for it",
                p.name, chain[0].name
            );
            out.push(finding(
                page,
                line,
                1,
                Code::TableCsdlMissingProperty,
                message,
            ));
        }
    }
}

/// Whether the CSDL says the page's resource type inherits `property` from a base type whose
/// page the page links to: that page documents it (the resource block may show it all the same).
pub(super) fn inherited_from_linked(page: &Page<'_>, csdl: &Model, property: &str) -> bool {
    let Some(ty) = super::resource_type(page.doc).and_then(|n| csdl.structured(&csdl.qualify(n)))
    else {
        return false;
    };
    let chain: Vec<&Structured> = csdl.chain(ty).collect();
    let linked = (1..chain.len()).find(|&i| links_to(page, &chain[i].name));
    linked.is_some_and(|at| {
        (chain[at..].iter()).any(|t| t.properties.iter().any(|p| p.name == property))
    })
}

/// Whether the page links to the page of type `name` (`…/directoryobject.md`): what that type
/// holds is documented there.
fn links_to(page: &Page<'_>, name: &str) -> bool {
    let local = name.rsplit('.').next().unwrap_or(name).to_lowercase();
    page.facts.links.iter().any(|l| {
        let path = l.dest.split(['#', '?']).next().unwrap_or("");
        let file = path.rsplit(['/', '\\']).next().unwrap_or("").to_lowercase();
        file.strip_suffix(".md") == Some(local.as_str())
    })
}

/// The row's type (`kind`) against the CSDL's `declared` one.
fn types(
    page: &Page<'_>,
    csdl: &Model,
    name: &str,
    kind: &str,
    declared: &TypeRef,
    line: u32,
    out: &mut Vec<Diagnostic>,
) {
    let collection = kind.to_lowercase().contains("collection");
    if collection != declared.collection {
        let table = ["a single value", "a collection"][usize::from(collection)];
        let message = format!(
            "property `{name}` is {table} in the table (`{kind}`) but `{declared}` in the CSDL"
        );
        let code = Code::TableCsdlCollectionMismatch;
        out.push(finding(page, line, 1, code, message));
        return;
    }
    // The first word that is not `Collection`: `String collection`, `Collection(Edm.String)`.
    let word = kind
        .split(|c: char| c.is_whitespace() || c == ')' || c == '(')
        .find(|w| !w.is_empty() && !w.eq_ignore_ascii_case("collection"))
        .unwrap_or("");
    let written = word.rsplit('.').next().unwrap_or(word);
    let local = written.to_lowercase();
    let local = local.as_str();
    let theirs = (declared.name.rsplit('.').next()).map(str::to_lowercase);
    if local.is_empty() || theirs.as_deref() == Some(local) {
        return;
    }
    let primitive = super::PRIMITIVES.contains(&local);
    let named = (!primitive)
        .then(|| {
            let namespace = declared.name.rsplit_once('.').map_or("", |(n, _)| n);
            find_type(csdl, namespace, written)
        })
        .flatten();
    let related = named
        .as_deref()
        .is_some_and(|n| csdl.derives(n, &declared.name) || csdl.derives(&declared.name, n));
    if (primitive || named.is_some()) && !related {
        let message =
            format!("property `{name}` is `{kind}` in the table but `{declared}` in the CSDL");
        out.push(finding(page, line, 1, Code::TableCsdlTypeDrift, message));
    }
}

/// The qualified name of the CSDL type a table names by its local name (any case), looked for
/// in `namespace` (the declared type's) and `microsoft.graph`, as written.
fn find_type(csdl: &Model, namespace: &str, local: &str) -> Option<String> {
    [namespace, "microsoft.graph"].iter().find_map(|ns| {
        let name = format!("{ns}.{local}");
        csdl.get(&name).map(|t| match t {
            crate::schema::types::TypeDef::Structured(s) => s.name.clone(),
            crate::schema::types::TypeDef::Enum(e) => e.name.clone(),
        })
    })
}
