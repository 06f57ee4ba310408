//! The files links point at, as listed from disk for the doc-set pass: each folder a link
//! points into is read once, and the anchors of linked pages outside those checked are read.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use exemplar_core::DocFile;
use exemplar_core::docset::{self, Facts, Found, Page, Site};

use super::docset::{Sets, in_parallel, read_facts};

/// One folder's entries: by name (whether each is a folder), and by lower-case name (FNV:
/// names are short, and a folder of the docs holds thousands).
#[derive(Default)]
struct Folder {
    names: fnv::FnvHashMap<String, bool>,
    lower: fnv::FnvHashMap<String, String>,
}

/// The files links point at, as listed from disk: each folder read once.
#[derive(Default)]
pub(super) struct Disk<'a> {
    /// Each folder's entries.
    dirs: HashMap<String, Folder>,
    /// The anchors of each page checked, by its absolute path.
    pub(super) pages: HashMap<&'a str, &'a [String]>,
    /// The anchors of each linked page read besides.
    anchors: HashMap<String, Vec<String>>,
    /// Each page's link targets.
    pub(super) targets: Vec<Vec<String>>,
    /// The suggestion made for each missing path, made once.
    suggested: Mutex<HashMap<String, Option<String>>>,
}

impl Disk<'_> {
    /// Lists every folder a link points into, and reads the anchors of linked pages not among
    /// those checked.
    pub(super) fn prepare(
        &mut self,
        pages: &[(PathBuf, &DocFile)],
        absolute: &[String],
        homes: &[Option<usize>],
        facts: &[Option<Facts>],
        sets: &Sets,
        jobs: usize,
    ) {
        // Each page's links are resolved on the pool; the folders and pages they name are
        // gathered after, each once.
        self.targets = in_parallel(pages.len(), jobs, |i| {
            let (Some(home), Some(facts)) = (homes[i], &facts[i]) else {
                return Vec::new();
            };
            let page = Page {
                shown: "",
                path: &absolute[i],
                root: &sets.list[home].root,
                doc: pages[i].1,
                facts,
            };
            (facts.links.iter().filter_map(local))
                .map(|dest| match dest.contains('\\') {
                    true => docset::resolve(&page, &dest.replace('\\', "/")),
                    false => docset::resolve(&page, dest),
                })
                .collect()
        });
        let (dirs, targets) = self.named(facts, homes);
        let targets: Vec<String> = targets.into_iter().map(str::to_owned).collect();
        self.list(dirs);
        let targets: Vec<String> = targets
            .into_iter()
            .filter(|t| t.ends_with(".md") && self.find(t) == Found::File)
            .collect();
        let read = read_facts(
            targets
                .iter()
                .map(|t| Some(Path::new(t.as_str())))
                .collect(),
            jobs,
        );
        for (target, facts) in targets.into_iter().zip(read) {
            self.anchors
                .insert(target, facts.map(|f| f.anchors).unwrap_or_default());
        }
    }
    /// The folders the resolved links point into, and the pages outside those checked whose
    /// anchors they name.
    fn named(
        &self,
        facts: &[Option<Facts>],
        homes: &[Option<usize>],
    ) -> (HashSet<String>, HashSet<&str>) {
        let mut dirs: HashSet<String> = HashSet::new();
        let mut targets: HashSet<&str> = HashSet::new();
        // Links one after another mostly point into one folder: it is looked up once.
        let mut last = "";
        for (i, facts) in facts.iter().enumerate() {
            let Some(facts) = facts.as_ref().filter(|_| homes[i].is_some()) else {
                continue;
            };
            let local = facts.links.iter().filter(|link| local(link).is_some());
            for (link, target) in local.zip(&self.targets[i]) {
                if link.dest.contains('#') && !self.pages.contains_key(target.as_str()) {
                    targets.insert(target);
                }
                if let Some((dir, _)) = target.rsplit_once('/')
                    && dir != last
                {
                    if !dirs.contains(dir) {
                        dirs.insert(dir.to_owned());
                    }
                    last = dir;
                }
            }
        }
        (dirs, targets)
    }

    /// Reads each folder of `dirs` once: its entries' names, and which are folders.
    fn list(&mut self, dirs: HashSet<String>) {
        for dir in dirs {
            let entries = std::fs::read_dir(&dir).into_iter().flatten().flatten();
            let mut folder = Folder::default();
            for entry in entries {
                let name = entry.file_name().to_string_lossy().into_owned();
                folder.lower.insert(name.to_lowercase(), name.clone());
                (folder.names).insert(name, entry.file_type().is_ok_and(|t| t.is_dir()));
            }
            self.dirs.insert(dir, folder);
        }
    }
}

/// The path of a link into the tree (before `#` or `?`); none for an external or empty one.
fn local(link: &docset::facts::Link) -> Option<&str> {
    let dest = link.dest.split(['#', '?']).next().unwrap_or("");
    (!dest.is_empty() && !dest.contains(':')).then_some(dest)
}

impl Site for Disk<'_> {
    fn find(&self, path: &str) -> Found {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        let Some(folder) = self.dirs.get(dir) else {
            return Found::Missing;
        };
        if let Some(&is_dir) = folder.names.get(name) {
            return if is_dir { Found::Folder } else { Found::File };
        }
        let real = folder.lower.get(&name.to_lowercase());
        match real.map(|real| (real, folder.names.get(real) == Some(&true))) {
            Some((real, false)) => Found::OtherCase(format!("{dir}/{real}")),
            Some((_, true)) => Found::Folder,
            None => Found::Missing,
        }
    }

    fn closest(&self, dir: &str, name: &str) -> Option<String> {
        let key = format!("{dir}/{name}");
        if let Some(known) = self
            .suggested
            .lock()
            .ok()
            .and_then(|m| m.get(&key).cloned())
        {
            return known;
        }
        let folder = self.dirs.get(dir)?;
        let near = docset::closest::closest(name, folder.names.keys().map(String::as_str));
        let near = near.map(str::to_owned);
        if let Ok(mut suggested) = self.suggested.lock() {
            suggested.insert(key, near.clone());
        }
        near
    }

    fn anchors(&self, path: &str) -> Option<&[String]> {
        (self.pages.get(path).copied()).or_else(|| self.anchors.get(path).map(Vec::as_slice))
    }

    fn names(&self, dir: &str) -> Vec<String> {
        self.dirs
            .get(dir)
            .map(|folder| folder.names.keys().cloned().collect())
            .unwrap_or_default()
    }
}
