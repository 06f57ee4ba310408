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
    let git = |args: &[&str]| -> Result<String, GitError> {
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
    };
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?.trim());
    let changed = git(&["diff", "--name-only", "--diff-filter=AMR", "-M", rev, "--"])?;
    let untracked = git(&["ls-files", "--others", "--exclude-standard", "--full-name"])?;
    Ok(changed
        .lines()
        .chain(untracked.lines())
        .filter_map(|line| top.join(line).canonicalize().ok())
        .collect())
}
