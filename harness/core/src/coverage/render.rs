//! Coverage as text: the human table and JSON Lines (DESIGN §11), written to any `impl Write`.

use std::io::{self, Write};

use serde_json::json;

use super::join::{Coverage, Total, percent};

/// The human table: totals per version and namespace, each version's total, the documented
/// URLs that match no operation, and a closing line.
pub fn human(coverage: &Coverage, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "{:<8} {:<32} {:>10}  {:<16} {:<16} {:<16}",
        "VERSION", "NAMESPACE", "OPERATIONS", "DOCUMENTED", "EXEMPLIFIED", "PROVEN"
    )?;
    let mut versions: Vec<Option<&str>> = Vec::new();
    for total in &coverage.totals {
        if !versions.contains(&total.version.as_deref()) {
            versions.push(total.version.as_deref());
        }
    }
    for version in versions {
        let rows = (coverage.totals.iter()).filter(|t| t.version.as_deref() == version);
        let mut all = Total::default();
        for total in rows {
            row(out, total, total.namespace.as_deref().unwrap_or("-"))?;
            all.operations += total.operations;
            all.documented += total.documented;
            all.exemplified += total.exemplified;
            all.proven += total.proven;
        }
        all.version = version.map(str::to_owned);
        row(out, &all, "(all)")?;
    }
    if !coverage.unmatched.is_empty() {
        let n = coverage.unmatched.len();
        writeln!(out, "\n{n} documented URL(s) match no operation:")?;
        for u in &coverage.unmatched {
            writeln!(
                out,
                "  {}:{}  {} {}  {}",
                u.file, u.line, u.method, u.url, u.reason
            )?;
        }
    }
    let s = &coverage.summary;
    writeln!(
        out,
        "\n{} operations: {} documented ({:.1}%), {} exemplified ({:.1}%), {} proven ({:.1}%); {} URL(s) unmatched",
        s.operations,
        s.documented,
        percent(s.documented, s.operations),
        s.exemplified,
        percent(s.exemplified, s.operations),
        s.proven,
        percent(s.proven, s.operations),
        coverage.unmatched.len()
    )
}

fn row(out: &mut impl Write, total: &Total, namespace: &str) -> io::Result<()> {
    let share = |n: usize| format!("{n} ({:.1}%)", percent(n, total.operations));
    writeln!(
        out,
        "{:<8} {:<32} {:>10}  {:<16} {:<16} {:<16}",
        total.version.as_deref().unwrap_or("-"),
        namespace,
        total.operations,
        share(total.documented),
        share(total.exemplified),
        share(total.proven)
    )
}

/// JSON Lines: one object per operation, one `{"unmatched": …}` per documented URL that
/// matches none, then `{"summary": …}`. Keys are sorted.
pub fn json(coverage: &Coverage, out: &mut impl Write) -> io::Result<()> {
    let line = |out: &mut dyn Write, value: serde_json::Value| writeln!(out, "{value}");
    for record in &coverage.records {
        line(out, serde_json::to_value(record).map_err(io::Error::other)?)?;
    }
    for unmatched in &coverage.unmatched {
        let value = serde_json::to_value(unmatched).map_err(io::Error::other)?;
        line(out, json!({ "unmatched": value }))?;
    }
    let s = &coverage.summary;
    let totals = serde_json::to_value(&coverage.totals).map_err(io::Error::other)?;
    line(
        out,
        json!({ "summary": {
            "operations": s.operations,
            "documented": s.documented,
            "exemplified": s.exemplified,
            "proven": s.proven,
            "unmatched": coverage.unmatched.len(),
            "exemplified_percent": (s.exemplified_percent() * 10.0).round() / 10.0,
            "totals": totals,
        }}),
    )
}

/// With `--changed-since REV`: the operations (indexes in `coverage.records`) that had an
/// example at REV and have none now, as lines for people or `{"lost": …}` JSON Lines.
pub fn lost(
    coverage: &Coverage,
    lost: &[usize],
    rev: &str,
    json: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    let records = lost.iter().filter_map(|&i| coverage.records.get(i));
    if !json {
        writeln!(
            out,
            "\n{} operation(s) lost their last example since {rev}:",
            lost.len()
        )?;
    }
    for record in records {
        let op = &record.operation;
        if json {
            let value = json!({"lost": {"version": op.version, "method": op.method,
                "template": op.template, "since": rev}});
            writeln!(out, "{value}")?;
        } else {
            let version = op.version.as_deref().unwrap_or("-");
            writeln!(out, "  {version} {} {}", op.method, op.template)?;
        }
    }
    Ok(())
}
