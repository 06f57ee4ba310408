//! Reading the pages a command names, in sorted order, each handed on with its path on disk;
//! a page that cannot be read is handed to the caller to report.

use std::path::{Path, PathBuf};

use exemplar_core::docset::Facts;
use exemplar_core::scan::{self, ReadPage, Reading};
use exemplar_core::{DocFile, discover};

use super::docset::Held;
use super::early::{Early, Folder, Made};

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
    let reading = match listing {
        true => Reading::Examples,
        false => Reading::Everything,
    };
    read_as(paths, jobs, reading, unreadable, |path, doc, _| {
        each(path, doc)
    })
}

/// Like [`read`] (not listing) for `lint`: each page comes with its doc-set facts, read in the
/// same markdown pass as its examples, and its own doc-set findings when `early` made them on
/// the thread that read it.
pub(super) fn read_with_facts(
    paths: &[PathBuf],
    jobs: usize,
    early: Option<&Early<'_>>,
    unreadable: &mut impl FnMut(&PageError),
    mut each: impl FnMut(PathBuf, DocFile, Held, Option<Made>),
) -> bool {
    let mut any = false;
    let then = |folder: &mut Folder, mut read: ReadPage| {
        lean(&mut read.doc);
        // Freed by the thread that made it (freeing on another thread costs both threads).
        read.source.display = String::new();
        match early {
            Some(early) => {
                let (mut read, made) = early.check(folder, read);
                // Its checks made, only a schema finding needs the page's text again, seldom:
                // holding every page's text to the end made each page read into fresh memory.
                read.doc.source = None;
                (read, made)
            }
            None => (read, None),
        }
    };
    let walk = discover::walk(paths);
    scan::scan_then(walk, jobs, Reading::Lint, then, |read| match read {
        Ok((read, local)) => each(read.source.path, read.doc, read.facts.map(Box::new), local),
        Err(err) => {
            any = true;
            unreadable(&err.into());
        }
    });
    any
}

/// Lets go of what no check of `lint` reads again, while the page is fresh: its examples'
/// annotations as written (the fields read from them stay).
fn lean(doc: &mut DocFile) {
    for example in &mut doc.examples {
        example.annotation.raw = Default::default();
        let simulated = example.simulated.as_deref_mut();
        for answer in example.response.iter_mut().chain(simulated) {
            answer.annotation.raw = Default::default();
        }
    }
}

fn read_as(
    paths: &[PathBuf],
    jobs: usize,
    reading: Reading,
    unreadable: &mut impl FnMut(&PageError),
    mut each: impl FnMut(&Path, DocFile, Option<Facts>),
) -> bool {
    let mut any = false;
    scan::scan(discover::walk(paths), jobs, reading, |read| match read {
        Ok(read) => {
            let rejected = read.doc.diagnostics.iter().filter(|d| d.rejects_file());
            for rejected in rejected.filter(|_| reading == Reading::Examples) {
                any = true;
                unreadable(&PageError::Rejected(rejected.clone()));
            }
            each(&read.source.path, read.doc, read.facts);
        }
        Err(err) => {
            any = true;
            unreadable(&err.into());
        }
    });
    any
}
