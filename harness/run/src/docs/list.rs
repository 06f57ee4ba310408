//! `list`: the examples of the pages that the filters (and the shard) keep, handed out in
//! order; when filters select nothing, why.

use std::io;
use std::path::PathBuf;

use exemplar_core::Example;

use crate::error::{EXIT_FAILED, EXIT_NOTHING_SELECTED, EXIT_OK};
use crate::{Filters, PageError, Partition};

/// What `list` is asked.
#[derive(Debug, Clone)]
pub struct ListOptions {
    /// Doc files, or folders searched for `*.md` (sorted).
    pub paths: Vec<PathBuf>,
    /// Threads reading pages.
    pub jobs: usize,
    /// The selection.
    pub filters: Filters,
    /// The shard shown, with the (canonical) project root its keys are relative to.
    pub shard: Option<(Partition, PathBuf)>,
}

/// What `list` found beside the examples it handed out.
#[derive(Debug)]
pub struct Listed {
    /// Examples the filters kept, counted before the shard (an empty shard is not a selection
    /// of nothing).
    pub selected: usize,
    /// Whether a page could not be read.
    pub unreadable: bool,
    /// Filters that selected nothing in readable pages, named.
    pub nothing_selected: Option<NothingSelected>,
}

/// Filters selected no example: a wrong path or filter must not pass silently.
#[derive(Debug, thiserror::Error)]
#[error("no examples selected in {paths} ({filters}): check the paths and filters")]
pub struct NothingSelected {
    /// The paths as given.
    pub paths: String,
    /// The filters, described.
    pub filters: String,
}

impl Listed {
    /// The exit code: nothing selected (4), a page unreadable (1), else 0.
    pub fn exit_code(&self) -> u8 {
        match (&self.nothing_selected, self.unreadable) {
            (Some(_), _) => EXIT_NOTHING_SELECTED,
            (None, true) => EXIT_FAILED,
            (None, false) => EXIT_OK,
        }
    }
}

/// Reads the pages and hands each example kept to `show`, in order; `unreadable` gets each
/// page that cannot be read as it is met. The first error of `show` stops the showing (the
/// pages are still counted) and is returned.
pub fn list(
    options: &ListOptions,
    mut unreadable: impl FnMut(&PageError),
    mut show: impl FnMut(&Example) -> io::Result<()>,
) -> io::Result<Listed> {
    let mut selected = 0;
    let mut shown = Ok(());
    let filters = &options.filters;
    let any_unreadable = super::pages::read(
        &options.paths,
        options.jobs,
        true,
        &mut unreadable,
        |path, doc| {
            let kept: Vec<_> = doc.examples.iter().filter(|e| filters.keeps(e)).collect();
            selected += kept.len();
            if let Some((partition, root)) = &options.shard {
                if !partition.includes(&crate::page_key_under(root, path, &doc.file)) {
                    return;
                }
            }
            if shown.is_ok() {
                shown = kept.into_iter().try_for_each(&mut show);
            }
        },
    );
    shown?;
    let nothing = selected == 0 && !filters.is_empty() && !any_unreadable;
    let paths: Vec<_> = options
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    Ok(Listed {
        selected,
        unreadable: any_unreadable,
        nothing_selected: nothing.then(|| NothingSelected {
            paths: paths.join(", "),
            filters: filters.describe(),
        }),
    })
}
