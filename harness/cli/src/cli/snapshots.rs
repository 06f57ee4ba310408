//! Settling pending snapshots: `exemplar review`, `accept` and `reject`.

use std::io::{self, Write};
use std::path::PathBuf;

use super::{SnapshotArgs, color, usage};
use anyhow::Context;
use exemplar_run::config::Env;
use exemplar_run::error::EXIT_OK;
use exemplar_run::options::{config_path, file_and_env};

/// The snapshot directory for review/accept/reject: the flag, else the configuration.
fn snapshot_dir(args: &SnapshotArgs) -> anyhow::Result<PathBuf> {
    if let Some(dir) = &args.snapshot_dir {
        return Ok(dir.into());
    }
    // Only the snapshot directory is needed: header values (and the variables they name) are not.
    let env: Env = std::env::vars().collect();
    let layers = file_and_env(config_path(None, false).as_deref(), &env);
    let layers = layers.map_err(|err| usage(err.into()))?;
    let dir = layers.iter().rev().find_map(|l| l.snapshot_dir.clone());
    dir.map(PathBuf::from)
        .context(
            "no snapshot directory: give --snapshot-dir DIR or set `snapshot_dir` in exemplar.toml",
        )
        .map_err(usage)
}

/// The pending snapshots the filters pick; a folder that is not there is the caller's mistake.
fn pending(args: &SnapshotArgs) -> anyhow::Result<(PathBuf, Vec<PathBuf>)> {
    let dir = snapshot_dir(args)?;
    if !dir.is_dir() {
        return Err(usage(anyhow::anyhow!(
            "snapshot folder {} does not exist: give the --snapshot-dir a run wrote to",
            dir.display()
        )));
    }
    let pending = exemplar_run::snapshot::pending(&dir, &args.filters);
    Ok((dir, pending))
}

/// A filter that picked nothing is named, so a typo does not pass for "nothing to do".
#[expect(clippy::print_stderr, reason = "says why the command did nothing")]
fn nothing_picked(args: &SnapshotArgs, dir: &std::path::Path) -> Option<u8> {
    if args.filters.is_empty() {
        return None;
    }
    let filters: Vec<String> = args.filters.iter().map(|f| format!("`{f}`")).collect();
    eprintln!(
        "error: no pending snapshot in {} matches {}: give a doc path under it (`v1.0/api/user-get.md`, a folder) or an example name",
        dir.display(),
        filters.join(", ")
    );
    Some(exemplar_run::error::EXIT_FAILED)
}

pub(super) fn settle(args: &SnapshotArgs, accept: bool) -> anyhow::Result<u8> {
    let (dir, pending) = pending(args)?;
    if pending.is_empty() {
        if let Some(code) = nothing_picked(args, &dir) {
            return Ok(code);
        }
    }
    let mut out = io::stdout().lock();
    for path in &pending {
        if accept {
            let kept = exemplar_run::snapshot::accept(path)
                .with_context(|| format!("cannot accept {}", path.display()))?;
            writeln!(out, "accepted {}", kept.display())?;
        } else {
            exemplar_run::snapshot::reject(path)
                .with_context(|| format!("cannot reject {}", path.display()))?;
            writeln!(out, "rejected {}", path.display())?;
        }
    }
    writeln!(
        out,
        "{} snapshot{} {}",
        pending.len(),
        if pending.len() == 1 { "" } else { "s" },
        if accept { "accepted" } else { "rejected" }
    )?;
    Ok(EXIT_OK)
}

pub(super) fn review(args: &SnapshotArgs) -> anyhow::Result<u8> {
    let (dir, pending) = pending(args)?;
    if pending.is_empty() {
        if let Some(code) = nothing_picked(args, &dir) {
            return Ok(code);
        }
    }
    let color = color();
    let mut out = io::stdout().lock();
    let mut input = io::stdin().lock();
    let (mut accepted, mut rejected, mut skipped) = (0, 0, 0);
    for (i, path) in pending.iter().enumerate() {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let (header, new) = exemplar_run::snapshot::split_header(&text);
        let stored = PathBuf::from(path.to_string_lossy().trim_end_matches(".new"));
        let old = exemplar_run::snapshot::read_content(&stored)
            .map(|c| c + "\n")
            .unwrap_or_default();
        writeln!(
            out,
            "\nsnapshot {} of {}: {}",
            i + 1,
            pending.len(),
            stored.display()
        )?;
        for line in header.lines() {
            writeln!(out, "  {line}")?;
        }
        let title = if old.is_empty() { "(new)" } else { "stored" };
        write!(
            out,
            "{}",
            exemplar_run::report::diff(title, &old, "new", new, color)
        )?;
        let choice = ask(&mut out, &mut input)?;
        match choice {
            'a' => {
                exemplar_run::snapshot::accept(path)?;
                accepted += 1;
            }
            'r' => {
                exemplar_run::snapshot::reject(path)?;
                rejected += 1;
            }
            _ => skipped += 1,
        }
    }
    writeln!(
        out,
        "\n{accepted} accepted, {rejected} rejected, {skipped} skipped"
    )?;
    Ok(EXIT_OK)
}

/// Asks accept, reject or skip until the answer is one of them; the end of input skips.
fn ask(out: &mut impl Write, input: &mut impl io::BufRead) -> anyhow::Result<char> {
    loop {
        write!(out, "\naccept (a), reject (r) or skip (s)? ")?;
        out.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Ok('s');
        }
        match line.trim() {
            "a" | "accept" => return Ok('a'),
            "r" | "reject" => return Ok('r'),
            "s" | "skip" | "" => return Ok('s'),
            _ => writeln!(out, "type a, r or s")?,
        }
    }
}
