//! The files links point at, as listed from disk for the doc-set pass: each folder a link
//! points into is read once, and the anchors of linked pages outside those checked are read.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use exemplar_core::DocFile;
use exemplar_core::docset::{self, Found, Page, Site};

use super::docset::{Held, Sets, in_parallel, read_facts};
use super::early::Made;

/// One folder's entries: by name (whether each is a folder), and by lower-case name, made when a
/// name is first not found as written (FNV: names are short, and a folder of the docs holds
/// thousands).
#[derive(Default)]
pub(super) struct Folder {
    names: fnv::FnvHashMap<String, bool>,
    lower: OnceLock<fnv::FnvHashMap<String, String>>,
}

impl Folder {
    /// The entries of folder `dir` on disk (none when it cannot be read).
    fn list(dir: &str) -> Folder {
        let entries = std::fs::read_dir(dir).into_iter().flatten().flatten();
        let entries: Vec<(String, bool)> = (entries)
            .map(|entry| {
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                let name = (entry.file_name().into_string())
                    .unwrap_or_else(|name| name.to_string_lossy().into_owned());
                (name, is_dir)
            })
            .collect();
        // Sized at once: a folder of the docs holds thousands of names.
        let mut names =
            fnv::FnvHashMap::with_capacity_and_hasher(entries.len(), Default::default());
        names.extend(entries);
        Folder {
            names,
            lower: OnceLock::new(),
        }
    }

    /// How `name` is found in this folder, `dir`.
    fn find(&self, dir: &str, name: &str) -> Found {
        if let Some(&is_dir) = self.names.get(name) {
            return if is_dir { Found::Folder } else { Found::File };
        }
        let lower = self.lower.get_or_init(|| {
            (self.names.keys())
                .map(|name| (name.to_lowercase(), name.clone()))
                .collect()
        });
        let real = lower.get(&name.to_lowercase());
        match real.map(|real| (real, self.names.get(real) == Some(&true))) {
            Some((real, false)) => Found::OtherCase(format!("{dir}/{real}")),
            Some((_, true)) => Found::Folder,
            None => Found::Missing,
        }
    }
}

/// The folders links point into, each listed from disk once, when a link first names it (by
/// the reading threads, [`Looking`], or by the pass over all pages, [`Disk`]).
#[derive(Default)]
pub(crate) struct Listing {
    dirs: Mutex<fnv::FnvHashMap<String, Arc<Folder>>>,
    /// The suggestion made for each missing path, made once.
    suggested: Mutex<HashMap<String, Option<String>>>,
}

impl Listing {
    /// The entries of folder `dir`, listed now if they were not yet.
    fn folder(&self, dir: &str) -> Arc<Folder> {
        let mut dirs = self.dirs.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(folder) = dirs.get(dir) {
            return Arc::clone(folder);
        }
        let folder = Arc::new(Folder::list(dir));
        dirs.insert(dir.to_owned(), Arc::clone(&folder));
        folder
    }

    /// The name in folder `dir` closest to `name` (each asked once).
    fn closest(&self, dir: &str, name: &str) -> Option<String> {
        let key = format!("{dir}/{name}");
        let mut suggested = self
            .suggested
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = suggested.get(&key) {
            return known.clone();
        }
        let folder = self.folder(dir);
        let near = docset::closest::closest(name, folder.names.keys().map(String::as_str));
        let near = near.map(str::to_owned);
        suggested.insert(key, near.clone());
        near
    }

    fn names(&self, dir: &str) -> Vec<String> {
        self.folder(dir).names.keys().cloned().collect()
    }
}

/// The listing as one reading thread looks into it while checking a page's links as it is read
/// ([`docset::check_links_early`]): the folders it looked into last are kept (a page's links
/// mostly name a few folders, its own and a neighbour or two), so the threads share the
/// listing's lock seldom. Other pages' anchors are not asked for then.
pub(super) struct Looking<'a> {
    pub(super) listing: &'a Listing,
    /// The folders looked into last, the latest first.
    pub(super) last: RefCell<Vec<(String, Arc<Folder>)>>,
}

/// How many folders a reading thread keeps at hand.
const AT_HAND: usize = 4;

impl Site for Looking<'_> {
    fn find(&self, path: &str) -> Found {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        let mut last = self.last.borrow_mut();
        if let Some(at) = last.iter().position(|(known, _)| known == dir) {
            last[..=at].rotate_right(1);
            return last[0].1.find(dir, name);
        }
        let folder = self.listing.folder(dir);
        let found = folder.find(dir, name);
        last.truncate(AT_HAND - 1);
        last.insert(0, (dir.to_owned(), folder));
        found
    }

    fn anchors(&self, _: &str) -> Option<&[String]> {
        None
    }

    fn names(&self, dir: &str) -> Vec<String> {
        self.listing.names(dir)
    }

    fn closest(&self, dir: &str, name: &str) -> Option<String> {
        self.listing.closest(dir, name)
    }
}

/// The files links point at, as listed from disk, with the anchors of the pages they name.
pub(super) struct Disk<'a> {
    /// Each folder's entries.
    listing: &'a Listing,
    /// The anchors of each page checked, by its absolute path.
    pages: HashMap<&'a str, &'a [String]>,
    /// The anchors of each linked page read besides.
    anchors: HashMap<String, Vec<String>>,
}

impl<'a> Disk<'a> {
    /// The files as `listing` lists them, with the anchors of the pages checked.
    pub(super) fn new(listing: &'a Listing, pages: HashMap<&'a str, &'a [String]>) -> Disk<'a> {
        Disk {
            listing,
            pages,
            anchors: HashMap::new(),
        }
    }

    /// Each page's link targets: those the reading resolved (`made`), or resolved now as the
    /// checks resolve them; the anchors of the pages named with a `#fragment` outside those
    /// checked are read. (The folders links point into are listed as the checks first ask.)
    pub(super) fn prepare(
        &mut self,
        (pages, absolute): (&[(PathBuf, &DocFile)], &[String]),
        (homes, facts, sets): (&[Option<usize>], &[Held], &Sets),
        made: &mut [Option<Made>],
        jobs: usize,
    ) -> Vec<Vec<String>> {
        // The links of the pages not checked as they were read are resolved on the pool.
        let resolved = in_parallel(pages.len(), jobs, |i| {
            let (Some(home), Some(facts), None) = (homes[i], &facts[i], &made[i]) else {
                return Vec::new();
            };
            let set = &sets.list[home];
            let page = Page {
                shown: "",
                path: &absolute[i],
                root: &set.root,
                doc: pages[i].1,
                facts,
            };
            docset::links::targets(&page, &set.config)
        });
        let named = self.named(made, &resolved);
        let outside: Vec<_> = named
            .iter()
            .map(|t| (Path::new(t.as_str()), None))
            .collect();
        let read = read_facts(&outside, jobs);
        for (target, facts) in named.into_iter().zip(read) {
            self.anchors
                .insert(target, facts.map(|f| f.anchors).unwrap_or_default());
        }
        (resolved.into_iter().zip(made.iter_mut()))
            .map(|(resolved, made)| match made {
                Some(made) => std::mem::take(&mut made.targets),
                None => resolved.into_iter().map(|(target, _)| target).collect(),
            })
            .collect()
    }

    /// The pages outside those checked that the links name with a `#fragment` (those the
    /// reading left for later, `made`, or those `resolved` now), each once.
    fn named(&self, made: &[Option<Made>], resolved: &[Vec<(String, bool)>]) -> Vec<String> {
        let outside = |target: &&str| !self.pages.contains_key(target);
        let mut named: HashSet<&str> = HashSet::new();
        for (made, resolved) in made.iter().zip(resolved) {
            match made {
                Some(made) => named.extend(made.later.iter().map(|(_, t)| t.as_str())),
                None => named.extend(resolved.iter().filter(|(_, f)| *f).map(|(t, _)| t.as_str())),
            }
        }
        (named.into_iter().filter(outside))
            .filter(|t| t.ends_with(".md") && self.find(t) == Found::File)
            .map(str::to_owned)
            .collect()
    }
}

impl Site for Disk<'_> {
    fn find(&self, path: &str) -> Found {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        self.listing.folder(dir).find(dir, name)
    }

    fn closest(&self, dir: &str, name: &str) -> Option<String> {
        self.listing.closest(dir, name)
    }

    fn anchors(&self, path: &str) -> Option<&[String]> {
        (self.pages.get(path).copied()).or_else(|| self.anchors.get(path).map(Vec::as_slice))
    }

    fn names(&self, dir: &str) -> Vec<String> {
        self.listing.names(dir)
    }
}
