//! The snapshot store: the only module that reads and writes `.snap` files.
//!
//! A new or changed answer is written beside its snapshot as `.snap.new` for review. Every
//! write is atomic (a temporary file renamed into place), so two runs at once never leave a
//! torn file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::content::{Status, UpdateMode, file_text, split_header};
use exemplar_core::model::Example;

/// The outcome of checking one example's answer against its snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was found or done.
    pub status: Status,
    /// The example fails because of its snapshot: pending review, or changed in CI.
    pub failure: Option<Failure>,
    /// The stored content and the new content, when they differ.
    pub change: Option<(String, String)>,
}

/// Why an answer fails its snapshot check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// A new or changed answer was written as `.snap.new`, to be reviewed.
    Pending,
    /// No snapshot is stored, and none was written.
    New {
        /// In CI, where nothing is written.
        ci: bool,
    },
    /// The answer differs from the stored snapshot, and nothing was written.
    Changed {
        /// In CI, where nothing is written.
        ci: bool,
    },
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (why, ci) = match self {
            Failure::Pending => ("snapshot pending review", false),
            Failure::New { ci } => ("no snapshot stored", *ci),
            Failure::Changed { ci } => ("snapshot changed", *ci),
        };
        f.write_str(why)?;
        if ci {
            f.write_str(" (CI: nothing written)")?;
        }
        Ok(())
    }
}

/// A snapshot directory with an update mode.
#[derive(Debug, Clone)]
pub struct Store {
    /// Where the snapshots live.
    pub dir: PathBuf,
    /// When to write.
    pub mode: UpdateMode,
    /// Running in CI: nothing is ever written.
    pub ci: bool,
}

/// The content of an insta snapshot file (what follows its header).
pub fn read_content(path: &Path) -> std::io::Result<String> {
    let text = std::fs::read_to_string(path)?;
    Ok(split_header(&text).1.trim_end_matches('\n').to_owned())
}

impl Store {
    /// Checks `content` against the stored snapshot at `path` of `example` (of the page `key`),
    /// writing as the mode says.
    pub fn check(
        &self,
        path: &Path,
        key: &str,
        example: &Example,
        content: &str,
    ) -> std::io::Result<Check> {
        let stored = match read_content(path) {
            Ok(stored) => Some(stored),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let mode = match self.mode {
            _ if self.ci => UpdateMode::No,
            UpdateMode::Auto => UpdateMode::New,
            mode => mode,
        };
        let seen = if stored.is_some() {
            Status::Changed
        } else {
            Status::New
        };
        let check = |status, failure| Check {
            status,
            failure,
            change: Some((stored.clone().unwrap_or_default(), content.to_owned())),
        };
        Ok(match (&stored, mode) {
            (Some(old), _) if old == content => {
                if !self.ci {
                    remove_if_there(&pending_path(path))?;
                }
                Check {
                    status: Status::Matched,
                    failure: None,
                    change: None,
                }
            }
            (_, UpdateMode::Always) | (None, UpdateMode::Unseen) => {
                write_atomic(path, &file_text(key, example, content))?;
                check(Status::Written, None)
            }
            (_, UpdateMode::No) => {
                let failure = match stored {
                    Some(_) => Failure::Changed { ci: self.ci },
                    None => Failure::New { ci: self.ci },
                };
                check(seen, Some(failure))
            }
            _ => {
                write_atomic(&pending_path(path), &file_text(key, example, content))?;
                check(seen, Some(Failure::Pending))
            }
        })
    }
}

/// Removes `path`; a file already gone (another run removed it first) is not an error.
fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// `x.snap` → `x.snap.new`.
pub fn pending_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".new");
    PathBuf::from(name)
}

/// Writes `text` to `path` through a temporary file in the same directory and a rename.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(
        ".{name}.{}-{:08x}.tmp",
        std::process::id(),
        fastrand::u32(..)
    ));
    std::fs::write(&temp, text)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })?;
    clean_stale_temporaries(dir, &name);
    Ok(())
}

/// A temporary file older than this was left by a run that was killed mid-write (a live write
/// renames its own within milliseconds).
const STALE: std::time::Duration = std::time::Duration::from_secs(60);

/// Removes the temporary files of `name` that killed runs left behind; best effort.
fn clean_stale_temporaries(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > STALE));
        if file.starts_with(&prefix) && file.ends_with(".tmp") && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Every file under `dir` whose name ends with `suffix`, sorted.
pub(crate) fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(suffix) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Pending (`.snap.new`) snapshots under `dir` that match `filters` (all when none): a filter
/// is a doc path prefix under `dir` (`.md` optional) or an example name.
pub fn pending(dir: &Path, filters: &[String]) -> Vec<PathBuf> {
    files(dir, ".snap.new")
        .into_iter()
        .filter(|p| selected(dir, p, filters))
        .collect()
}

fn selected(dir: &Path, path: &Path, filters: &[String]) -> bool {
    if filters.is_empty() {
        return true;
    }
    let relative = path
        .strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let name = relative
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".new")
        .trim_end_matches(".snap")
        .to_owned();
    filters.iter().any(|f| {
        let f = f.trim_end_matches(".md").trim_end_matches('/');
        name == f || relative == f || relative.starts_with(&format!("{f}/"))
    })
}

/// Accepts a pending snapshot: `x.snap.new` becomes `x.snap`.
pub fn accept(pending: &Path) -> std::io::Result<PathBuf> {
    let target = PathBuf::from(pending.to_string_lossy().trim_end_matches(".new"));
    std::fs::rename(pending, &target)?;
    Ok(target)
}

/// Rejects a pending snapshot: `x.snap.new` is removed.
pub fn reject(pending: &Path) -> std::io::Result<()> {
    std::fs::remove_file(pending)
}

/// What a run may call unreferenced: the snapshots of the pages it read, and those of pages
/// gone from under the folders it was given. Snapshots of pages outside the run are never in it.
#[derive(Debug, Default)]
pub struct PruneScope {
    /// The snapshot file of every example of every page read.
    pub referenced: HashSet<PathBuf>,
    /// The snapshot folder of each page read: its `.snap` files belong to that page alone.
    pub pages: Vec<PathBuf>,
    /// Snapshot folders of the folder arguments, with the doc folder each stands for: a
    /// snapshot folder under one whose page no longer exists belongs to a deleted page.
    pub folders: Vec<(PathBuf, PathBuf)>,
}

/// Stored snapshots in `scope` that no example refers to any more, sorted.
pub fn unreferenced(scope: &PruneScope) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = scope
        .pages
        .iter()
        .flat_map(|folder| snap_files(folder))
        .filter(|p| !scope.referenced.contains(p))
        .collect();
    for (snapshots, docs) in &scope.folders {
        for file in files(snapshots, ".snap") {
            let Some(folder) = file.parent() else {
                continue;
            };
            let Ok(key) = folder.strip_prefix(snapshots) else {
                continue;
            };
            let page = |ext: &str| {
                let mut page = docs.join(key).into_os_string();
                page.push(ext);
                PathBuf::from(page)
            };
            let read = scope.pages.iter().any(|p| p == folder);
            if !read && !page(".md").exists() && !page(".MD").exists() {
                found.push(file);
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The `.snap` files directly in `folder` (not in its sub-folders, which are other pages').
fn snap_files(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "snap"))
        .collect()
}

/// Removes a stored snapshot and its pending one; a file already gone is not an error.
pub fn remove(path: &Path) -> std::io::Result<()> {
    remove_if_there(path)?;
    remove_if_there(&pending_path(path))
}

#[cfg(test)]
mod tests;
