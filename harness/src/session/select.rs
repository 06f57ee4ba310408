//! The selection: pages read (on a pool of threads, before any request), each with its key under
//! the project root, the examples `--changed-since` keeps, and the snapshots the pages own.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::event::PageError;
use super::options::{RunOptions, relative_to};
use crate::model::DocFile;
use crate::scan::{ReadPage, scan};
use crate::snapshot::{self, PruneScope};

/// A page read whole, with what of it runs.
#[derive(Debug)]
pub(crate) struct Page {
    /// Every example and diagnostic of the page.
    pub doc: DocFile,
    /// The page's path relative to the project root, without `.md`.
    pub key: String,
    /// The indices of the examples to run.
    pub selected: Vec<usize>,
    /// The snapshot file of each example, when snapshots are on.
    pub snapshots: Option<Vec<PathBuf>>,
}

/// What a run will work on.
#[derive(Debug, Default)]
pub(crate) struct Selection {
    /// Pages read, in path order (with or without examples).
    pub pages: Vec<Page>,
    /// The snapshots the pages read own, for `--prune`.
    pub scope: PruneScope,
}

impl Selection {
    /// Examples selected to run.
    pub fn examples(&self) -> usize {
        self.pages.iter().map(|p| p.selected.len()).sum()
    }
}

/// Reads every page under the options' paths; `failed` hears of each page that cannot be read.
/// `changed` holds the canonical paths changed since `--changed-since`, when it was given.
pub(crate) fn select(
    options: &RunOptions,
    changed: Option<&HashSet<PathBuf>>,
    failed: &mut dyn FnMut(PageError),
) -> Selection {
    let dir = options.settings.snapshots.as_ref().map(|s| s.dir.as_path());
    let mut selection = Selection::default();
    scan(
        crate::discover::walk(&options.paths),
        options.read_jobs,
        |read| match read {
            Ok(read) => {
                let rejected = read.doc.diagnostics.iter().filter(|d| d.rejects_file());
                rejected.for_each(|d| failed(PageError::Rejected(d.clone())));
                let page = page(read, &options.root, dir, changed);
                if let (Some(dir), Some(paths)) = (dir, &page.snapshots) {
                    selection.scope.pages.push(dir.join(&page.key));
                    selection.scope.referenced.extend(paths.iter().cloned());
                }
                selection.pages.push(page);
            }
            Err(error) => failed(PageError::Unreadable(error)),
        },
    );
    if let Some(dir) = dir {
        selection.scope.folders = folders(&options.paths, &options.root, dir);
    }
    selection
}

fn page(
    read: ReadPage,
    root: &Path,
    dir: Option<&Path>,
    changed: Option<&HashSet<PathBuf>>,
) -> Page {
    let ReadPage { source, doc } = read;
    let relative = relative_to(root, &source.path).unwrap_or_else(|| source.display.clone());
    let key = snapshot::page_key(&relative);
    let snapshots = dir.map(|dir| snapshot::paths(dir, &key, &doc.examples));
    let selected = match changed {
        None => (0..doc.examples.len()).collect(),
        Some(changed) => {
            let is_changed = |path: &Path| path.canonicalize().is_ok_and(|p| changed.contains(&p));
            let page_changed = is_changed(&source.path);
            (0..doc.examples.len())
                .filter(|&i| {
                    page_changed
                        || snapshots
                            .as_ref()
                            .is_some_and(|paths| is_changed(&paths[i]))
                })
                .collect()
        }
    };
    Page {
        doc,
        key,
        selected,
        snapshots,
    }
}

/// The snapshot folder of each folder argument under the root, with that folder.
fn folders(paths: &[PathBuf], root: &Path, dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    paths
        .iter()
        .filter(|path| path.is_dir())
        .filter_map(|path| {
            let relative = relative_to(root, path)?;
            Some((dir.join(relative), path.clone()))
        })
        .collect()
}
