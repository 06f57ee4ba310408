//! `table-*`: the Properties table against the page's resource block. A property in the block
//! but not in the table is an error, in the table but not in the block a warning; a collection
//! in one and a single value in the other an error; another primitive type a warning. With
//! `--metadata`, the CSDL's base types say which block properties a linked base page documents.

use serde_json::{Map, Value};

use super::closest::closest;
use super::facts::Table;
use super::{DocSetConfig, Page, finding, suggest};
use crate::model::{Code, Diagnostic};
use crate::schema::Model;

/// Checks the Properties table against the first resource block into `out`. With the CSDL, a
/// block property the type inherits from a base whose page the page links to is documented
/// there, not missing from this table.
pub(super) fn check(
    page: &Page<'_>,
    config: &DocSetConfig,
    csdl: Option<&Model>,
    out: &mut Vec<Diagnostic>,
) {
    let Some((line, block, text)) = resource(page) else {
        return;
    };
    let found: Vec<_> = (property_tables(page, config).into_iter())
        .flat_map(rows)
        .collect();
    if found.is_empty() {
        return;
    }
    let ignorable =
        |k: &str| k.starts_with('@') || config.ignorable_properties.iter().any(|i| i == k);
    let others: Vec<&str> = (section_tables(page, &["Relationships"]).flat_map(rows))
        .map(|r| r.0)
        .collect();
    for key in block.keys().filter(|k| !ignorable(k)) {
        if found.iter().any(|r| r.0 == *key)
            || others.contains(&key.as_str())
            || csdl.is_some_and(|m| super::metadata::inherited_from_linked(page, m, key))
        {
            continue;
        }
        let near = closest(key, found.iter().map(|r| r.0));
        let message = format!(
            "property `{key}` is in the resource block but not in the Properties table{}",
            suggest(near)
        );
        out.push(finding(
            page,
            line + key_line(text, key),
            1,
            Code::TableMissingProperty,
            message,
        ));
    }
    for (name, kind, row_line) in &found {
        let Some(value) = block.get(*name) else {
            let message = format!(
                "property `{name}` is in the Properties table but not in the resource block: add it to the block or remove the row"
            );
            out.push(finding(
                page,
                *row_line,
                1,
                Code::TableExtraProperty,
                message,
            ));
            continue;
        };
        types(page, name, kind, value, *row_line, out);
    }
}

fn types(
    page: &Page<'_>,
    name: &str,
    kind: &str,
    value: &Value,
    line: u32,
    out: &mut Vec<Diagnostic>,
) {
    // Compared in place: no letter but the Kelvin sign lowers to ASCII, and neither
    // `collection` nor a primitive's name holds a `k`.
    let collection = (kind.split_whitespace()).any(|w| w.eq_ignore_ascii_case("collection"));
    if !value.is_null() && value.is_array() != collection {
        let (table, block) = match collection {
            true => ("a collection", "a single value"),
            false => ("a single value", "a collection"),
        };
        let message = format!(
            "property `{name}` is {table} in the table (`{kind}`) but {block} in the resource block"
        );
        out.push(finding(
            page,
            line,
            1,
            Code::TableCollectionMismatch,
            message,
        ));
        return;
    }
    let primitive = |t: &str| {
        let word = t.split_whitespace().next().unwrap_or("");
        let word = word.trim_start_matches("Edm.");
        (super::PRIMITIVES.iter()).position(|p| p.eq_ignore_ascii_case(word))
    };
    // A block's `String (timestamp)` names a format, not a primitive to compare.
    let block = (value.as_str())
        .filter(|v| !v.contains('('))
        .and_then(primitive);
    let table = primitive(kind);
    if table.is_some() && block.is_some() && table != block {
        let message = format!(
            "property `{name}` is `{kind}` in the table but `{}` in the resource block",
            value.as_str().unwrap_or("")
        );
        out.push(finding(page, line, 1, Code::TableTypeDrift, message));
    }
}

/// The first resource block holding a JSON object: its line, members and text.
pub(super) fn resource<'a>(page: &'a Page<'_>) -> Option<(u32, &'a Map<String, Value>, &'a str)> {
    page.doc.resources.iter().find_map(|r| match &r.body {
        crate::model::Body::Json {
            value: Value::Object(map),
            text,
        } => Some((r.line + 1, map, text.as_str())),
        _ => None,
    })
}

/// The header cells that name a property in a table's first column (API Doctor's
/// `ParameterDefinition` name columns in the Graph configuration).
const NAME_COLUMNS: [&str; 7] = [
    "Property",
    "Property name",
    "Name",
    "Parameter",
    "Parameter name",
    "Relationship",
    "Relationship name",
];

/// The tables under a heading titled one of `titles` (any case) whose first column names
/// properties; a section may hold several (its own properties, then those inherited), and
/// other tables (the values of one property) are not read as properties.
pub(super) fn section_tables<'a: 't, 't>(
    page: &'a Page<'_>,
    titles: &'t [&str],
) -> impl Iterator<Item = &'a Table> + 't {
    let headings = &page.facts.headings;
    page.facts.tables.iter().filter(move |t| {
        let named = (t.header().first()).is_some_and(|h| {
            NAME_COLUMNS
                .iter()
                .any(|n| n.eq_ignore_ascii_case(h.trim()))
        });
        named
            && t.section.is_some_and(|s| {
                titles
                    .iter()
                    .any(|title| title.eq_ignore_ascii_case(&headings[s].text))
            })
    })
}

/// The page's Properties tables: those under a heading `property_tables` names (`Properties`
/// when the configuration names none) whose first column names properties.
pub(super) fn property_tables<'a>(page: &'a Page<'_>, config: &DocSetConfig) -> Vec<&'a Table> {
    let titles: Vec<&str> = match config.property_tables.is_empty() {
        true => vec!["Properties"],
        false => config.property_tables.iter().map(String::as_str).collect(),
    };
    section_tables(page, &titles).collect()
}

/// Each row's property name (first word of the first column), type (the `Type` column) and line.
pub(super) fn rows(table: &Table) -> Vec<(&str, &str, u32)> {
    let kind = (table.header().iter())
        .position(|h| h.eq_ignore_ascii_case("type"))
        .unwrap_or(1);
    let rows = table.rows().filter_map(|(line, cells)| {
        let name = cells
            .first()?
            .split_whitespace()
            .next()?
            .trim_matches(['*', '`']);
        Some((name, cells.get(kind).unwrap_or(""), line))
    });
    rows.collect()
}

/// The 0-based line of `"key"` in the block's text.
fn key_line(text: &str, key: &str) -> u32 {
    let quoted = format!("\"{key}\"");
    text.lines().position(|l| l.contains(&quoted)).unwrap_or(0) as u32
}
