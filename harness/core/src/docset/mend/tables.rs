//! Table fixes: a Properties row for a property the resource block has, a block member for a
//! row the block lacks; the type from the CSDL when there is one, else from the other side.

use serde_json::{Map, Value, json};

use super::super::facts::Table;
use super::super::tables::{property_tables, rows};
use super::super::{DocSetConfig, Page};
use super::named;
use crate::doc::source::LineIndex;
use crate::fix::Edit;
use crate::model::{Body, Diagnostic};
use crate::schema::Model;

/// The description a fix writes into a new row; `table-placeholder-description` reports it
/// until the writer replaces it.
pub const PLACEHOLDER: &str = "TODO: describe this property.";

/// The row of the Properties table for the block's property named by `d`.
pub(super) fn row(
    page: &Page<'_>,
    text: &str,
    d: &Diagnostic,
    config: &DocSetConfig,
    model: Option<&Model>,
) -> Option<Edit> {
    let name = named(&d.message)?;
    let (odata_type, block, _) = resource(page)?;
    if csdl_lacks(model, odata_type, name) {
        return None;
    }
    let tables = property_tables(page, config);
    let table = tables.first()?;
    let listed = |k: &String| row_line(&tables, k);
    if row_line(&tables, name).is_some() {
        return None;
    }
    let ty = match model.and_then(|m| csdl_type(m, odata_type?, name)) {
        Some((ty, _)) => ty,
        None => table_type(block.get(name)?)?,
    };
    let keys = in_text_order(page, block);
    let at = keys.iter().position(|k| k == name)?;
    let index = LineIndex::new(text);
    let last = table.rows().next_back().map_or(table.line + 1, |r| r.0);
    let (row_line, after) = match keys[..at].iter().rev().find_map(&listed) {
        Some(line) => (line, true),
        None => match keys[at + 1..].iter().find_map(&listed) {
            Some(line) => (line, false),
            None => (last, true),
        },
    };
    let neighbour = index.line_text(text, row_line);
    let cells = row_cells(table, name, &ty);
    let open = neighbour.trim_start().starts_with('|');
    let close = neighbour.trim_end().ends_with('|');
    // Cells padded with a space, or written tight (`|name|String|`), as the neighbour is.
    let pad = match open {
        true => neighbour.trim_start().starts_with("| "),
        false => neighbour.contains(" |"),
    };
    let bar = if pad { " | " } else { "|" };
    let row = format!(
        "{}{}{}",
        if open { bar.trim_start() } else { "" },
        cells.join(bar),
        if close { bar.trim_end() } else { "" }
    );
    let eol = crate::fix::line_ending(text);
    let at = match after {
        true => index.line_start(row_line + 1),
        false => index.line_start(row_line),
    };
    match after && !text[..at].ends_with('\n') {
        true => Some(Edit::new(at..at, format!("{eol}{row}"))),
        false => Some(Edit::new(at..at, format!("{row}{eol}"))),
    }
}

/// The member of the resource block for the table's row named by `d`, after the member of the
/// row before it.
pub(super) fn member(
    page: &Page<'_>,
    text: &str,
    d: &Diagnostic,
    config: &DocSetConfig,
    model: Option<&Model>,
) -> Option<Edit> {
    let name = named(&d.message)?;
    let (odata_type, block, line) = resource(page)?;
    if block.contains_key(name) || csdl_lacks(model, odata_type, name) {
        return None;
    }
    let tables = property_tables(page, config);
    let rows: Vec<(&str, &str)> = (tables.iter().flat_map(|t| rows(t)))
        .map(|(name, kind, _)| (name, kind))
        .collect();
    let at = rows.iter().position(|(n, _)| *n == name)?;
    let value = match model.and_then(|m| csdl_type(m, odata_type?, name)) {
        Some((_, value)) => value,
        None => block_value(rows[at].1, odata_type)?,
    };
    // The answer's order, as far as it matters: the member of the row before, then the new
    // one (or the new one, then the member of the row after).
    let documented_row = |(n, _): &&(&str, &str)| block.contains_key(*n);
    let mut order = vec![name];
    match rows[..at].iter().rev().find(documented_row) {
        Some((before, _)) => order.insert(0, before),
        None => order.extend(rows[at + 1..].iter().find(documented_row).map(|r| r.0)),
    }
    // Written by hand: a map would sort the keys.
    let order: Vec<String> = order
        .iter()
        .map(|k| format!("{}: 0", Value::from(*k)))
        .collect();
    let order = format!("{{{}}}", order.join(", "));
    let mut actual = block.clone();
    actual.insert(name.to_owned(), value);
    let range = crate::fix::fenced(text, line)?;
    let documented = Value::Object(block.clone());
    let edits = crate::fix::added_member(
        &text[range.clone()],
        &documented,
        &Value::Object(actual),
        &order,
    )
    .ok()?;
    let edit = edits.into_iter().next()?;
    Some(Edit::new(
        edit.range.start + range.start..edit.range.end + range.start,
        edit.text,
    ))
}

/// The block's members in the order its text writes them (the parsed map sorts them).
fn in_text_order(page: &Page<'_>, block: &Map<String, Value>) -> Vec<String> {
    let text = page.doc.resources.iter().find_map(|r| match &r.body {
        Body::Json {
            value: Value::Object(map),
            text,
        } if std::ptr::eq(map, block) => Some(text.as_str()),
        _ => None,
    });
    let spans = text.and_then(|t| crate::doc::lenient::layout(t).ok());
    let top = spans.iter().flatten().filter_map(|s| {
        let key = s.pointer.strip_prefix('/')?;
        (!key.contains('/')).then(|| key.replace("~1", "/").replace("~0", "~"))
    });
    let keys: Vec<String> = top.filter(|k| block.contains_key(k)).collect();
    match keys.len() == block.len() {
        true => keys,
        false => block.keys().cloned().collect(),
    }
}

/// The first resource block holding a JSON object: its `@odata.type`, members and fence line.
fn resource<'a>(page: &'a Page<'_>) -> Option<(Option<&'a str>, &'a Map<String, Value>, u32)> {
    page.doc.resources.iter().find_map(|r| match &r.body {
        Body::Json {
            value: Value::Object(map),
            ..
        } => Some((r.annotation.odata_type.as_deref(), map, r.line)),
        _ => None,
    })
}

/// The line of the row naming property `name` in one of `tables`.
fn row_line(tables: &[&Table], name: &str) -> Option<u32> {
    let mut all = tables.iter().flat_map(|t| rows(t));
    all.find(|(n, _, _)| *n == name).map(|(_, _, line)| line)
}

fn column(table: &Table, title: &str) -> Option<usize> {
    (table.header().iter()).position(|h| h.trim().eq_ignore_ascii_case(title))
}

/// A new row's cells: the name, the type in the `Type` column, the placeholder description.
fn row_cells(table: &Table, name: &str, ty: &str) -> Vec<String> {
    let width = table.header().len().max(3);
    let kind = column(table, "type").unwrap_or(1);
    let description = column(table, "description").unwrap_or(width - 1);
    (0..width)
        .map(|i| match i {
            0 => name.to_owned(),
            i if i == kind => ty.to_owned(),
            i if i == description => PLACEHOLDER.to_owned(),
            _ => String::new(),
        })
        .collect()
}

/// The table's type text and the block's value for property `name` of the CSDL type
/// `odata_type`.
/// Whether the CSDL (when given, and when it knows the page's type) does not declare `name`
/// on that open-or-not type: the side that has `name` is then the stale one, and nothing is
/// copied from it.
fn csdl_lacks(model: Option<&Model>, odata_type: Option<&str>, name: &str) -> bool {
    let (Some(model), Some(ty)) = (model, odata_type) else {
        return false;
    };
    (model.structured(&model.qualify(ty)))
        .is_some_and(|t| !model.is_open(t) && model.property(t, name).is_none())
}

fn csdl_type(model: &Model, odata_type: &str, name: &str) -> Option<(String, Value)> {
    let structured = model.structured(odata_type)?;
    let property = model.property(structured, name)?;
    let qualified = property.ty.name.as_str();
    let (short, value) = match qualified.strip_prefix("Edm.") {
        Some(edm) => (edm.to_owned(), primitive(edm)),
        None if model.is_enum(qualified) => (last(qualified), Value::from(qualified)),
        None => (last(qualified), json!({ "@odata.type": qualified })),
    };
    Some(match property.ty.collection {
        true => (format!("{short} collection"), json!([value])),
        false => (short, value),
    })
}

/// The block's sample for an Edm primitive, as Graph's resource blocks write it.
fn primitive(edm: &str) -> Value {
    match edm {
        "DateTimeOffset" => Value::from("String (timestamp)"),
        other => Value::from(other),
    }
}

fn last(qualified: &str) -> String {
    qualified.rsplit('.').next().unwrap_or(qualified).to_owned()
}

/// The table type of a block value: `"String"` → `String`, `[…]` → `… collection`, an object
/// with an `@odata.type` → its type's name.
pub(super) fn table_type(value: &Value) -> Option<String> {
    Some(match value {
        Value::String(s) if s.contains("(timestamp)") => "DateTimeOffset".to_owned(),
        Value::String(s) => s
            .split_whitespace()
            .next()?
            .trim_start_matches("Edm.")
            .to_owned(),
        Value::Bool(_) => "Boolean".to_owned(),
        Value::Number(n) if n.is_f64() => "Double".to_owned(),
        Value::Number(_) => "Int32".to_owned(),
        Value::Array(items) => format!("{} collection", table_type(items.first()?)?),
        Value::Object(map) => last(map.get("@odata.type")?.as_str()?.trim_start_matches('#')),
        Value::Null => return None,
    })
}

/// The block value of a table type: a primitive's name, a structured type's `@odata.type`
/// (in the namespace of the block's own type, `odata_type`), either in an array for a
/// `collection`.
pub(super) fn block_value(kind: &str, odata_type: Option<&str>) -> Option<Value> {
    // `[identitySet](identityset.md) collection` reads as `identitySet collection`.
    let plain: String = kind.replace(['[', ']'], "");
    let plain = match (plain.find('('), plain.find(')')) {
        (Some(open), Some(close)) if open < close => {
            format!("{}{}", &plain[..open], &plain[close + 1..])
        }
        _ => plain,
    };
    let mut words = plain.split_whitespace();
    let base = words.next()?.trim_start_matches("Edm.");
    let collection = words.any(|w| w.eq_ignore_ascii_case("collection"));
    let value = match super::super::PRIMITIVES.contains(&base.to_lowercase().as_str()) {
        true => primitive(base),
        false if base.contains('.') => json!({ "@odata.type": base }),
        false => {
            let namespace = odata_type.and_then(|t| t.rsplit_once('.')).map(|(n, _)| n);
            json!({ "@odata.type": format!("{}.{base}", namespace.unwrap_or("microsoft.graph")) })
        }
    };
    Some(if collection { json!([value]) } else { value })
}
