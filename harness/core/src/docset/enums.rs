//! `table-enum-*`: enum tables (`table-header-config.json`'s `EnumerationValues`: a table
//! titled `Members`, `{x} values`… under an `{x} enum type` heading) have their members column
//! and a member in each row; with the CSDL, their members are the `EnumType`'s: a member the
//! CSDL declares and the table lacks is an error, one the CSDL does not declare a warning. An
//! enum whose name the headings do not give, or that the CSDL does not declare, is not held
//! against it.

use super::closest::closest;
use super::facts::Table;
use super::{DocSetConfig, Page, finding, suggest};
use crate::model::{Code, Diagnostic};
use crate::schema::types::{Model, TypeDef};

/// How enum tables are found and read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EnumTables {
    /// Titles of the headings enum tables sit under, `{x}` standing for the enum's name.
    pub titles: Vec<String>,
    /// Headings above such a title that name the enum (`{x} enum type`).
    pub parents: Vec<String>,
    /// Header cells naming the members column, the first found wins (`Member`, `Name`).
    pub columns: Vec<String>,
}

/// What API Doctor's Graph configuration says, for doc sets that do not.
const TITLES: [&str; 4] = ["Members", "Enumerated values", "{x} values", "{x} members"];
const PARENTS: [&str; 1] = ["{x} enum type"];
const COLUMNS: [&str; 3] = ["Member", "Name", "Value"];

/// Checks each enum table of the page into `out`, against `csdl` when there is one.
pub(super) fn check<'c>(
    page: &Page<'_>,
    config: &'c DocSetConfig,
    csdl: Option<&Model>,
    out: &mut Vec<Diagnostic>,
) {
    if page.facts.tables.is_empty() {
        return;
    }
    let set = &config.enums;
    // The doc set's own lists, else the defaults: borrowed, as a page with tables asks each.
    let or = |given: &'c [String], default: &[&'static str]| -> Vec<&'c str> {
        match given.is_empty() {
            true => default.to_vec(),
            false => given.iter().map(String::as_str).collect(),
        }
    };
    let (titles, parents) = (or(&set.titles, &TITLES), or(&set.parents, &PARENTS));
    let columns = or(&set.columns, &COLUMNS);
    for table in &page.facts.tables {
        let Some((heading, name)) = enum_table(page, table, &titles, &parents) else {
            continue;
        };
        let Some(members) = members(page, table, heading, &columns, out) else {
            continue;
        };
        let enumeration = csdl.zip(name).and_then(|(model, name)| {
            let qualified = format!("{}.{name}", namespace(page, config));
            match model.get(&qualified)? {
                TypeDef::Enum(e) => Some(e),
                TypeDef::Structured(_) => None,
            }
        });
        if let Some(e) = enumeration {
            against(page, table, &members, &e.name, &e.members, out);
        }
    }
}

/// Whether `table` is an enum table: the heading it sits under, and the enum's name when a
/// title or a parent heading gives it as one word.
fn enum_table<'a>(
    page: &'a Page<'_>,
    table: &Table,
    titles: &[&str],
    parents: &[&str],
) -> Option<(&'a str, Option<&'a str>)> {
    let headings = &page.facts.headings;
    let at = table.section?;
    let heading = &headings[at];
    let (title, name) = titles
        .iter()
        .find_map(|t| pattern(t, &heading.text).map(|n| (t, n)))?;
    let name = match has_x(title) {
        true => name,
        false => headings[..at]
            .iter()
            .rev()
            .filter(|h| h.level < heading.level)
            .find_map(|h| parents.iter().find_map(|p| pattern(p, &h.text)).flatten()),
    };
    let one_word = name.filter(|n| !n.is_empty() && !n.contains(char::is_whitespace));
    Some((heading.text.as_str(), one_word))
}

/// Whether `text` matches `pattern` (any case; `{x}` stands for any words): `Some` with the
/// words `{x}` stood for (none when the pattern has no `{x}`).
fn pattern<'t>(pattern: &str, text: &'t str) -> Option<Option<&'t str>> {
    let text = text.trim();
    if pattern.is_ascii() && text.is_ascii() {
        return ascii_pattern(pattern, text);
    }
    let lower = text.to_lowercase();
    let pattern = pattern.to_lowercase();
    let Some((before, after)) = pattern.split_once("{x}") else {
        return (lower == pattern).then_some(None);
    };
    let fits = lower.len() > before.len() + after.len()
        && lower.starts_with(before)
        && lower.ends_with(after);
    // A text whose lower case is not as long as it (not ASCII) gives no name.
    let words = text.get(before.len()..text.len().saturating_sub(after.len()));
    fits.then(|| words.map(str::trim))
}

/// [`pattern`] for ASCII `pattern` and `text` (most headings), comparing without lowering.
fn ascii_pattern<'t>(pattern: &str, text: &'t str) -> Option<Option<&'t str>> {
    let x = (pattern.as_bytes().windows(3)).position(|w| w.eq_ignore_ascii_case(b"{x}"));
    let Some((before, after)) = x.map(|at| (&pattern[..at], &pattern[at + 3..])) else {
        return text.eq_ignore_ascii_case(pattern).then_some(None);
    };
    let fits = text.len() > before.len() + after.len()
        && text[..before.len()].eq_ignore_ascii_case(before)
        && text[text.len() - after.len()..].eq_ignore_ascii_case(after);
    fits.then(|| Some(text[before.len()..text.len() - after.len()].trim()))
}

/// Whether a title pattern has `{x}` (any case) in it.
fn has_x(pattern: &str) -> bool {
    (pattern.as_bytes().windows(3)).any(|w| w.eq_ignore_ascii_case(b"{x}"))
}

/// The table's members with their lines; a table without a members column, or a row without a
/// member, is a finding (`None` when there is no column).
fn members(
    page: &Page<'_>,
    table: &Table,
    heading: &str,
    columns: &[&str],
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<(String, u32)>> {
    let column = (columns.iter()).find_map(|c| {
        table
            .header()
            .iter()
            .position(|h| h.eq_ignore_ascii_case(c))
    });
    let Some(column) = column else {
        let message = format!(
            "the enum table under `{heading}` has no members column (one of {})",
            columns
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        out.push(finding(
            page,
            table.line,
            1,
            Code::TableEnumNoMembers,
            message,
        ));
        return None;
    };
    let mut members = Vec::new();
    for (line, cells) in table.rows() {
        let cell = cells
            .get(column)
            .map_or("", |c| c.trim_matches(['*', '`', ' ']));
        match cell.split_whitespace().next() {
            Some(member) => members.push((member.to_owned(), line)),
            None => {
                let message = format!(
                    "a row of the enum table under `{heading}` has no member in its `{}` column",
                    table.header().get(column).unwrap_or("")
                );
                out.push(finding(page, line, 1, Code::TableEnumNoMembers, message));
            }
        }
    }
    if table.has_no_rows() {
        let message = format!("the enum table under `{heading}` lists no members");
        out.push(finding(
            page,
            table.line,
            1,
            Code::TableEnumNoMembers,
            message,
        ));
    }
    Some(members)
}

/// The table's members against the CSDL's `declared` members of `name`.
fn against(
    page: &Page<'_>,
    table: &Table,
    members: &[(String, u32)],
    name: &str,
    declared: &[String],
    out: &mut Vec<Diagnostic>,
) {
    for member in declared {
        if !members.iter().any(|(m, _)| m.eq_ignore_ascii_case(member)) {
            let message = format!(
                "member `{member}` of `{name}` in the CSDL is not in the table: add a row for it"
            );
            out.push(finding(
                page,
                table.line,
                1,
                Code::TableEnumMissingMember,
                message,
            ));
        }
    }
    for (member, line) in members {
        if declared.iter().any(|d| d == member) {
            continue;
        }
        let message = match declared.iter().find(|d| d.eq_ignore_ascii_case(member)) {
            Some(other) => format!(
                "member `{member}` is written `{other}` in the CSDL: a value is matched with its case"
            ),
            None => format!(
                "member `{member}` is in the table but `{name}` in the CSDL does not declare it{}",
                suggest(closest(member, declared.iter().map(String::as_str)))
            ),
        };
        out.push(finding(page, *line, 1, Code::TableEnumExtraMember, message));
    }
}

/// The namespace of the page's types: its `Namespace: x` line, else the doc set's default,
/// else `microsoft.graph`.
pub(super) fn namespace(page: &Page<'_>, config: &DocSetConfig) -> String {
    let source = page.doc.text().unwrap_or("");
    let said = source.lines().take(40).find_map(|l| {
        let rest = l.trim().strip_prefix("Namespace:")?;
        Some(rest.trim().trim_matches('`').to_owned())
    });
    (said.filter(|s| !s.is_empty()))
        .or_else(|| config.default_namespace.clone())
        .unwrap_or_else(|| "microsoft.graph".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_pattern_gives_the_words_it_stands_for() {
        assert_eq!(
            pattern("{x} values", "cloudPcStatus values"),
            Some(Some("cloudPcStatus"))
        );
        assert_eq!(pattern("Members", "members"), Some(None));
        assert_eq!(pattern("{x} values", "values"), None);
        assert_eq!(pattern("{x} enum type", "Properties"), None);
        assert_eq!(
            pattern("{X} Values", " Status VALUES "),
            Some(Some("Status"))
        );
        assert_eq!(
            pattern("{x} values", "état values"),
            Some(Some("état")),
            "a heading that is not ASCII is lowered"
        );
    }
}
