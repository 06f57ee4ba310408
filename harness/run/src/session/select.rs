//! The selection: pages read (on a pool of threads, before any request), each with its key under
//! the project root, the examples `--changed-since` keeps, and the snapshots the pages own.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::context::{Page, relative_to};
use super::event::PageError;
use super::options::RunOptions;
use crate::snapshot::{self, PruneScope};
use exemplar_core::scan::{ReadPage, Reading, Scanned, scan};

/// What reading found besides the pages: the selection's size and the snapshots it owns.
#[derive(Debug, Default)]
pub(crate) struct Read {
    /// Examples selected to run.
    pub examples: usize,
    /// Pages with an example selected.
    pub pages: usize,
    /// The snapshots of the pages read, for `--prune`.
    pub scope: PruneScope,
    /// Examples the other shards of `--partition` run.
    pub elsewhere: usize,
}

/// Reads every page under the options' paths in path order and hands each to `each` (with or
/// without examples); `failed` hears of each page that cannot be read. `changed` holds the
/// canonical paths changed since `--changed-since`, when it was given.
pub(crate) fn select(
    options: &RunOptions,
    changed: Option<&HashSet<PathBuf>>,
    preread: Option<Vec<Scanned>>,
    each: &mut dyn FnMut(Page),
    failed: &mut dyn FnMut(PageError),
) -> Read {
    let dir = options.settings.snapshots.as_ref().map(|s| s.dir.as_path());
    let root = options
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.root.clone());
    let mut read = Read::default();
    let args = Args::new(&options.paths, &root);
    // Scenario steps are not examples under test: a shard's note does not count them.
    let steps = super::scenario::step_names(&options.settings.scenarios);
    let take = |found: Scanned| match found {
        Ok(found) => {
            let rejected = found.doc.diagnostics.iter().filter(|d| d.rejects_file());
            rejected.for_each(|d| failed(PageError::Rejected(d.clone())));
            let mut page = page(found, &args, dir, changed);
            let examples = &page.doc.examples;
            (page.selected).retain(|&i| options.filters.keeps(&examples[i]));
            read.elsewhere += super::partition::keep(options.partition, &mut page, &steps);
            if let (Some(dir), Some(paths)) = (dir, &page.snapshots) {
                read.scope.pages.push(dir.join(&page.key));
                read.scope.referenced.extend(paths.iter().cloned());
            }
            read.examples += page.selected.len();
            read.pages += usize::from(!page.selected.is_empty());
            each(page);
        }
        Err(error) => failed(PageError::Unreadable(error)),
    };
    // Pages read before (to check `[[scenario]]`) are not read again.
    match preread {
        Some(pages) => pages.into_iter().for_each(take),
        None => scan(
            exemplar_core::discover::walk(&options.paths),
            options.read_jobs,
            Reading::Examples,
            take,
        ),
    }
    if let Some(dir) = dir {
        read.scope.folders = folders(&options.paths, &root, dir);
    }
    read
}

/// The PATHS arguments, each with its place under the project root, found once (one
/// `canonicalize` per argument, not one per page: that is a `readlink` per path component).
struct Args<'a> {
    root: &'a Path,
    /// Each argument as given, and its path from the root (`None`: outside the root).
    args: Vec<(&'a Path, Option<String>)>,
}

impl<'a> Args<'a> {
    fn new(paths: &'a [PathBuf], root: &'a Path) -> Args<'a> {
        let args = (paths.iter())
            .map(|p| (p.as_path(), super::context::relative_to(root, p)))
            .collect();
        Args { root, args }
    }

    /// The page's key: its argument's place under the root, then its path under the argument.
    fn key(&self, source: &exemplar_core::discover::DocPath) -> String {
        let found = (self.args.iter()).find(|(arg, _)| source.path.starts_with(arg));
        let relative = match found {
            Some((arg, Some(place))) if *arg == source.path => Some(place.clone()),
            Some((_, Some(place))) if place.is_empty() => Some(source.display.clone()),
            Some((_, Some(place))) => Some(format!("{place}/{}", source.display)),
            // An argument outside the root: its pages are named as shown, as they were.
            Some((_, None)) => Some(source.display.clone()),
            None => None,
        };
        match relative {
            Some(relative) => crate::snapshot::page_key(&relative),
            None => super::partition::page_key_under(self.root, &source.path, &source.display),
        }
    }
}

fn page(
    read: ReadPage,
    args: &Args<'_>,
    dir: Option<&Path>,
    changed: Option<&HashSet<PathBuf>>,
) -> Page {
    let ReadPage { source, doc, .. } = read;
    let key = args.key(&source);
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
