//! Reading the pages a command names, in sorted order, each handed on with its path on disk;
//! a page that cannot be read is handed to the caller to report.

use std::path::{Path, PathBuf};

use exemplar_core::{DocFile, ReadError};

use crate::PageError;

/// Reads every page under `paths` in order and hands each to `each` with its path on disk.
/// When `listing`, only the examples are read, and pages that are not docs (binary, not UTF-8,
/// too large) go to `unreadable` like pages that cannot be read (lint shows them as findings).
/// Says whether any page went to `unreadable`.
pub(super) fn read(
    paths: &[PathBuf],
    jobs: usize,
    listing: bool,
    unreadable: &mut impl FnMut(&PageError),
    mut each: impl FnMut(&Path, DocFile),
) -> bool {
    let mut any = false;
    let page = |read: Result<(PathBuf, DocFile), ReadError>| match read {
        Ok((path, doc)) => {
            let rejected = doc.diagnostics.iter().filter(|d| d.rejects_file());
            for rejected in rejected.filter(|_| listing) {
                any = true;
                unreadable(&PageError::Rejected(rejected.clone()));
            }
            each(&path, doc);
        }
        Err(err) => {
            any = true;
            unreadable(&err.into());
        }
    };
    exemplar_core::read_pages(paths, jobs, listing, page);
    any
}
