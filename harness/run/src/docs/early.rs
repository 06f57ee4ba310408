//! The doc-set checks a page needs alone, made on the thread that read it while the page is
//! fresh: its doc set is found, its facts read when the reading did not, and every check is
//! made but those of the `#fragments` naming other pages, whose anchors are not all known yet.
//! Only what those need of its facts is kept for the pass over all pages
//! ([`super::docset::check`]): the rest (tables, headings, front matter) is freed where it was
//! made, instead of held for every page of the docs at once.
//!
//! Not done when the tables are held against a CSDL (`--metadata`: the CSDL is still being
//! read, and a type documented on several pages is only known once all are read) or when the
//! unused suppressions are listed (they need the checks made twice).

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use exemplar_core::Diagnostic;
use exemplar_core::docset::{self, Page};
use exemplar_core::scan::ReadPage;

use super::disk::{self, Listing, Looking};
use super::docset::{DocSetOptions, Set, Sets, facts_of, folder_in};

/// What a reading thread knows of the folder of the page it read last: pages come in order, and
/// one after another mostly share a folder, which is then looked up once, not with each page.
#[derive(Default)]
pub(crate) struct Folder {
    dir: Option<PathBuf>,
    /// The folder as the checks take it (absolute, `/`-separated).
    absolute: String,
    /// The doc set of its pages, if one checks them, and its index among those met.
    set: Option<Arc<Set>>,
    home: Option<usize>,
    /// The folders its links looked into last, listed (the latest first).
    listed: Vec<(String, Arc<disk::Folder>)>,
    /// What its pages' link destinations came to (it forgets them itself in another folder).
    memo: docset::LinkMemo,
}

/// What was made of a page as it was read: its own findings (the links' first), the links left
/// for the pass over all pages (by index, with the page each names), and every link's target
/// when they are kept (`--changed-since`); its path as the checks take it, its doc set, and
/// whether that checks it (when not, nothing else was made).
#[derive(Default)]
pub(crate) struct Made {
    pub(crate) local: Vec<Diagnostic>,
    pub(crate) later: Vec<(usize, String)>,
    pub(crate) targets: Vec<String>,
    pub(crate) path: String,
    pub(crate) home: Option<usize>,
    pub(crate) checked: bool,
}

impl Made {
    /// A page at `path` that its doc set (`home`, if any) does not check.
    fn unchecked(path: String, home: Option<usize>) -> Made {
        Made {
            path,
            home,
            ..Made::default()
        }
    }
}

/// What the reader threads share: the doc sets met so far, each folder's absolute path, and the
/// folders links point into, listed.
pub(crate) struct Early<'a> {
    sets: Mutex<Sets>,
    folders: Mutex<HashMap<PathBuf, String>>,
    listing: Listing,
    options: &'a DocSetOptions,
    /// Whether each page's link targets are kept (`--changed-since`).
    targets: bool,
}

impl<'a> Early<'a> {
    /// The early checks for a lint with `options` (and CSDLs to read, `with_metadata`; each
    /// page's link `targets` kept when asked); none when they must wait for every page.
    pub(crate) fn new(
        options: &'a DocSetOptions,
        with_metadata: bool,
        targets: bool,
    ) -> Option<Early<'a>> {
        Early::applies(options, with_metadata).then(|| Early {
            sets: Mutex::new(Sets::default()),
            folders: Mutex::new(HashMap::new()),
            listing: Listing::default(),
            options,
            targets,
        })
    }

    /// Whether a lint with `options` (and CSDLs to read, `with_metadata`) checks pages as they
    /// are read: then the pass over all pages needs no page's examples or `resource` blocks.
    pub(crate) fn applies(options: &DocSetOptions, with_metadata: bool) -> bool {
        !with_metadata && options.metadata.is_empty() && !options.list_suppressions
    }

    /// The doc sets met and the folders listed, for the pass over all pages.
    pub(crate) fn into_parts(self) -> (Sets, Listing) {
        (self.sets.into_inner().unwrap_or_default(), self.listing)
    }

    /// What was made of the page: its checks when its doc set checks it (its facts then keep
    /// only what the pass needs), else only where it is; none when it is not a file in a
    /// folder, or when it was gone before its facts were read.
    pub(crate) fn check(
        &self,
        folder: &mut Folder,
        mut read: ReadPage,
    ) -> (ReadPage, Option<Made>) {
        let Some((dir, name)) = folder_and_name(&read.source.path) else {
            return (read, None);
        };
        if folder.dir.as_deref() != Some(dir) {
            let listed = std::mem::take(&mut folder.listed);
            let memo = std::mem::take(&mut folder.memo);
            *folder = Folder {
                listed,
                memo,
                ..self.folder(dir)
            };
        }
        let name = name.to_string_lossy();
        let mut path = String::with_capacity(folder.absolute.len() + 1 + name.len());
        path.push_str(&folder.absolute);
        path.push('/');
        path.push_str(&name);
        let home = folder.home;
        let Some(set) = folder.set.as_ref().filter(|set| !set.skips(&path)) else {
            read.facts = None; // No check reads them.
            return (read, Some(Made::unchecked(path, home)));
        };
        let Some(facts) = facts(&mut read) else {
            return (read, None);
        };
        let page = Page {
            shown: &read.doc.file,
            path: &path,
            root: &set.root,
            doc: &read.doc,
            facts: &facts,
        };
        let looking = Looking {
            listing: &self.listing,
            last: RefCell::new(std::mem::take(&mut folder.listed)),
        };
        let memo = &mut folder.memo;
        let links = docset::check_links_early(&page, &set.config, &looking, memo, self.targets);
        folder.listed = looking.last.into_inner();
        let mut local = links.found;
        local.extend(docset::check_local(&page, &set.config, None));
        let (facts, later) = only_later(facts, links.later);
        read.facts = Some(facts);
        let made = Made {
            local,
            later,
            targets: links.targets.unwrap_or_default(),
            path,
            home,
            checked: true,
        };
        (read, Some(made))
    }

    /// The folder `dir` as the checks take it, and the doc set of its pages.
    fn folder(&self, dir: &Path) -> Folder {
        let absolute = match self.folders.lock() {
            Ok(mut folders) => folder_in(dir, &mut folders).to_owned(),
            Err(_) => folder_in(dir, &mut HashMap::new()).to_owned(),
        };
        let home = (self.sets.lock().ok()).and_then(|mut sets| {
            let home = sets.home_of(Some(&absolute), self.options)?;
            Some((home, Arc::clone(&sets.list[home])))
        });
        Folder {
            dir: Some(dir.to_owned()),
            absolute,
            home: home.as_ref().map(|(at, _)| *at),
            set: home.map(|(_, set)| set),
            listed: Vec::new(),
            memo: docset::LinkMemo::default(),
        }
    }
}

/// The folder and the name of the file at `path`: read off its text when it is a plain UTF-8
/// path with `/` between folders (a walk's are), else as [`Path`] reads them.
fn folder_and_name(path: &Path) -> Option<(&Path, &std::ffi::OsStr)> {
    let plain = path.to_str().filter(|_| !cfg!(windows)).and_then(|text| {
        let (dir, name) = text.rsplit_once('/')?;
        let plain = !(dir.is_empty() || dir.ends_with('/') || matches!(name, "" | "." | ".."));
        plain.then(|| (Path::new(dir), std::ffi::OsStr::new(name)))
    });
    plain.or_else(|| Some((path.parent()?, path.file_name()?)))
}

/// What the pass over all pages needs of a page's facts once its checks are made as it was read:
/// its anchors and suppressions, and of its links only those `later` names (renumbered).
fn only_later(
    facts: docset::Facts,
    later: Vec<(usize, String)>,
) -> (docset::Facts, Vec<(usize, String)>) {
    let mut facts = facts.for_links();
    let mut links = std::mem::take(&mut facts.links).into_iter().enumerate();
    let mut kept = Vec::with_capacity(later.len());
    // `later` names links in their order: each is found going on from the one before.
    let later = (later.into_iter())
        .filter_map(|(index, target)| {
            let (_, link) = links.find(|(i, _)| *i == index)?;
            kept.push(link);
            Some((kept.len() - 1, target))
        })
        .collect();
    facts.links = kept;
    (facts, later)
}

/// The page's facts: as the reading found them, or read from its text when it annotates nothing
/// (the reading did not parse it, and its text is kept no longer), or from disk when it is not
/// UTF-8; none when it is gone since it was read (the pass over all pages does without them).
fn facts(read: &mut ReadPage) -> Option<docset::Facts> {
    if let Some(facts) = read.facts.take() {
        return Some(facts);
    }
    let text = read.doc.source.take();
    facts_of(&read.source.path, text.as_deref().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::docset::{Read, check};
    use exemplar_core::DocFile;

    /// Each page's doc-set findings (and the configuration files'), read with or without the
    /// early checks, how many pages were checked early, and each page's link targets.
    fn findings(dir: &Path, early: bool) -> (Vec<Diagnostic>, usize, Vec<Vec<String>>) {
        let options = DocSetOptions::default();
        let early = early.then(|| Early::new(&options, false, true)).flatten();
        let (mut paths, mut docs, mut facts, mut local) = (vec![], vec![], vec![], vec![]);
        let dirs = [dir.to_owned()];
        super::super::pages::read_with_facts(
            &dirs,
            2,
            early.as_ref(),
            &mut |_| {},
            |p, d, f, l| {
                paths.push(p);
                docs.push(d);
                facts.push(f);
                local.push(l);
            },
        );
        let made_early = (local.iter().flatten()).filter(|m| m.checked).count();
        let (sets, listing) = early.map(Early::into_parts).unwrap_or_default();
        let pages: Vec<(PathBuf, &DocFile)> = paths.into_iter().zip(&docs).collect();
        let read = Read {
            facts,
            made: local,
            sets,
            listing,
        };
        let checked = check(&pages, read, &options, 2);
        let mut found = checked.config;
        found.extend(checked.found.into_iter().flatten());
        (found, made_early, checked.targets)
    }

    /// A path's folder and name read off its text are those [`Path`] reads.
    #[test]
    fn a_plain_path_splits_as_path_splits_it() {
        for path in [
            "docs/v1.0/api/user-get.md",
            "user-get.md",
            "/user-get.md",
            "./a.md",
            "../x/a.md",
            "a//b.md",
            "a/b/",
            "a/..",
            "a/.",
            "/",
            "",
        ] {
            let path = Path::new(path);
            let by_path = path.parent().zip(path.file_name());
            assert_eq!(folder_and_name(path), by_path, "{path:?}");
        }
    }

    #[test]
    fn checks_made_as_pages_are_read_find_what_the_pass_over_all_pages_finds() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        for dir in ["docset", "docset-bad-config", "lintfix"] {
            let (late, none, late_targets) = findings(&fixtures.join(dir), false);
            let (early, checked, early_targets) = findings(&fixtures.join(dir), true);
            assert_eq!(early, late, "{dir}");
            // The pages linking into a changed page (`--changed-since`) are the same too.
            assert_eq!(early_targets, late_targets, "{dir}");
            assert!(
                late_targets.iter().any(|t| !t.is_empty()),
                "{dir}: links resolved"
            );
            assert_eq!(none, 0, "{dir}");
            assert!(checked > 0, "{dir}: pages checked as they were read");
            assert!(
                !late.is_empty(),
                "{dir}: the fixtures have doc-set findings"
            );
        }
    }
}
