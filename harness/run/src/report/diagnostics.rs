//! Lint diagnostics, as JSON Lines or rendered like rustc and Hurl: title, location, the source
//! line and a caret.

use std::io::{self, Write};

use exemplar_core::lint::Tally;
use exemplar_core::model::{Diagnostic, Severity};

/// Writes one diagnostic as a JSON line with `file, line, column, severity, code, message`.
pub fn write_json(out: &mut (impl Write + ?Sized), diagnostic: &Diagnostic) -> io::Result<()> {
    serde_json::to_writer(&mut *out, diagnostic)?;
    out.write_all(b"\n")
}

/// Writes one diagnostic for people; `color` adds ANSI colours.
pub fn write_human(out: &mut (impl Write + ?Sized), d: &Diagnostic, color: bool) -> io::Result<()> {
    let label = d.severity.as_str();
    let paint = match d.severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
    };
    let (paint, blue, bold, reset) = if color {
        (paint, "\x1b[1;34m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    writeln!(
        out,
        "{paint}{label}[{}]{reset}{bold}: {}{reset}",
        d.code, d.message
    )?;
    let gutter = d.line.to_string().len();
    writeln!(
        out,
        "{:gutter$}{blue}-->{reset} {}:{}:{}",
        "", d.file, d.line, d.column
    )?;
    if let Some(source) = &d.source_line {
        let source = source.replace('\t', "    ");
        let before: String = d
            .source_line
            .iter()
            .flat_map(|l| l.chars())
            .take(d.column as usize - 1)
            .collect();
        let pad = before.replace('\t', "    ").chars().count();
        writeln!(out, "{:gutter$} {blue}|{reset}", "")?;
        writeln!(out, "{blue}{}{reset} {blue}|{reset} {source}", d.line)?;
        writeln!(
            out,
            "{:gutter$} {blue}|{reset} {:pad$}{paint}^{reset}",
            "", ""
        )?;
    }
    writeln!(out)
}

/// Writes the closing lines of `lint`: what the schema checks covered (when there were types to
/// check against), then the count.
pub fn write_totals(
    out: &mut impl Write,
    schema: Option<&exemplar_core::schema::Tally>,
    tally: &Tally,
) -> io::Result<()> {
    if let Some(schema) = schema {
        write_schema_summary(out, schema)?;
    }
    write_summary(out, tally)
}

/// Writes the closing count.
pub fn write_summary(out: &mut impl Write, tally: &Tally) -> io::Result<()> {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    writeln!(
        out,
        "{}, {} in {}",
        plural(tally.errors, "error"),
        plural(tally.warnings, "warning"),
        plural(tally.files, "file")
    )
}

/// Writes what the schema checks covered: bodies checked, bodies without a resolvable type, and
/// the findings per code.
pub fn write_schema_summary(
    out: &mut impl Write,
    tally: &exemplar_core::schema::Tally,
) -> io::Result<()> {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    write!(
        out,
        "schema: {} checked, {} without a resolvable type",
        plural(tally.bodies, "body").replace("bodys", "bodies"),
        tally.unresolved
    )?;
    let codes: Vec<String> = (tally.by_code.iter())
        .map(|(code, n)| format!("{code} {n}"))
        .collect();
    if !codes.is_empty() {
        write!(out, "; {}", codes.join(", "))?;
    }
    writeln!(out)
}

/// Findings counted by code: the code, its severity, how many; most frequent first (then by
/// code).
pub fn by_code(
    counts: &std::collections::BTreeMap<exemplar_core::model::Code, (Severity, usize)>,
) -> Vec<(exemplar_core::model::Code, Severity, usize)> {
    let mut rows: Vec<_> = counts.iter().map(|(c, (s, n))| (*c, *s, *n)).collect();
    rows.sort_by(|(a, _, m), (b, _, n)| n.cmp(m).then(a.as_str().cmp(b.as_str())));
    rows
}

/// `--summary`: one line per code with its count, as [`by_code`] orders them.
pub fn write_by_code(
    out: &mut impl Write,
    rows: &[(exemplar_core::model::Code, Severity, usize)],
) -> io::Result<()> {
    for (code, severity, n) in rows {
        writeln!(out, "{n:>7}  {code} ({})", severity.as_str())?;
    }
    Ok(())
}

/// The markdown job summary of `lint --format github`: the totals, then the count per code.
pub fn job_summary(
    tally: &Tally,
    rows: &[(exemplar_core::model::Code, Severity, usize)],
) -> String {
    let icon = if tally.errors == 0 { "✅" } else { "❌" };
    let mut text = format!(
        "## {icon} exemplar lint: {} errors, {} warnings in {} files\n\n",
        tally.errors, tally.warnings, tally.files
    );
    if !rows.is_empty() {
        text.push_str("| count | code | severity |\n|---:|---|---|\n");
        for (code, severity, n) in rows {
            text.push_str(&format!("| {n} | `{code}` | {} |\n", severity.as_str()));
        }
        text.push('\n');
    }
    text
}
