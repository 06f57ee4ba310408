//! Which files changed since a git revision, for `run --changed-since REV`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Why git could not say what changed.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The revision looks like a flag, which git would take as one.
    #[error("takes a git revision, not `{0}`")]
    NotARevision(String),
    /// git could not be run.
    #[error("cannot run git: {0}")]
    Spawn(std::io::Error),
    /// git ran and refused.
    #[error("git {command}: {message}")]
    Failed {
        /// The arguments given to git.
        command: String,
        /// What git said on stderr.
        message: String,
    },
}

/// Files added, modified or renamed since `rev` (committed or not) and new untracked files, as
/// canonical paths; run in `dir`.
pub(crate) fn since(dir: &Path, rev: &str) -> Result<HashSet<PathBuf>, GitError> {
    if rev.starts_with('-') {
        return Err(GitError::NotARevision(rev.to_owned()));
    }
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?.trim());
    let changed = git(
        dir,
        &["diff", "--name-only", "--diff-filter=AMR", "-M", rev, "--"],
    )?;
    let untracked = git(
        dir,
        &["ls-files", "--others", "--exclude-standard", "--full-name"],
    )?;
    Ok(changed
        .lines()
        .chain(untracked.lines())
        .filter_map(|line| top.join(line).canonicalize().ok())
        .collect())
}

/// The pages under `paths` that the change since `rev` modified or deleted, as they were at
/// `rev` (named as the pages of `paths` are), for `coverage --changed-since`.
pub(crate) fn pages_before(
    paths: &[PathBuf],
    rev: &str,
) -> Result<Vec<exemplar_core::coverage::Page>, GitError> {
    if rev.starts_with('-') {
        return Err(GitError::NotARevision(rev.to_owned()));
    }
    let mut pages = Vec::new();
    for path in paths {
        let (dir, only) = match path.is_dir() {
            true => (path.as_path(), None),
            false => (
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new(".")),
                path.file_name().and_then(|n| n.to_str()),
            ),
        };
        let args = [
            "diff",
            "--name-only",
            "--relative",
            "--no-renames",
            "--diff-filter=DM",
            rev,
            "--",
            ".",
        ];
        for name in git(dir, &args)?.lines().filter(|n| n.ends_with(".md")) {
            if only.is_some_and(|only| only != name) {
                continue;
            }
            let text = git(dir, &["show", &format!("{rev}:./{name}")])?;
            let mut doc = exemplar_core::extract(name, &text);
            doc.source = Some(std::sync::Arc::new(text));
            pages.push(exemplar_core::coverage::page(&doc, &dir.join(name)));
        }
    }
    Ok(pages)
}

/// The output of `git ARGS` run in `dir`; a failure names the command and git's message.
fn git(dir: &Path, args: &[&str]) -> Result<String, GitError> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(GitError::Spawn)?;
    if !out.status.success() {
        return Err(GitError::Failed {
            command: args.join(" "),
            message: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
