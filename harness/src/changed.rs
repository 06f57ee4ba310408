//! Which files changed since a git revision, for `run --changed-since REV`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Files added, modified or renamed since `rev` (committed or not) and new untracked files, as
/// canonical paths; run in `dir`.
pub fn since(dir: &Path, rev: &str) -> Result<HashSet<PathBuf>, String> {
    let git = |args: &[&str]| -> Result<String, String> {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
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
