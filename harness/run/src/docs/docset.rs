//! The doc-set pass of `lint`: finds each page's doc set (the nearest folder above it holding
//! `config/` with API Doctor's files), reads its configuration once, reads every page's facts
//! on a pool of threads, lists the folders links point into once, and hands each page to the
//! core's pure checks. Pages in no doc set are checked only when `exemplar.toml` has `[lint]`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use exemplar_core::docset::{self, DocSetConfig, Facts, Found, Page, Site};
use exemplar_core::{Diagnostic, DocFile};

/// What the doc-set pass is told beside the pages.
#[derive(Debug, Clone, Default)]
pub struct DocSetOptions {
    /// The configuration for pages in no doc set (`exemplar.toml` `[lint]`); none: such pages
    /// get no doc-set checks.
    pub fallback: Option<DocSetConfig>,
    /// Report the suppressions that silence nothing.
    pub list_suppressions: bool,
    /// The CSDLs of `--metadata`, the tables are also held against (the one of each page's
    /// API version).
    pub metadata: exemplar_core::schema::Schemas,
}

/// What the doc-set pass found.
pub(crate) struct Checked {
    /// Each page's findings, aligned with the pages handed in.
    pub found: Vec<Vec<Diagnostic>>,
    /// The configuration files' findings (invalid JSON).
    pub config: Vec<Diagnostic>,
    /// Each page's link targets (absolute, `/`-separated), aligned with the pages.
    pub targets: Vec<Vec<String>>,
}

/// The doc-set findings of each page (aligned with `pages`), and the findings of the
/// configuration files (invalid JSON).
pub(crate) fn check(
    pages: &[(PathBuf, &DocFile)],
    options: &DocSetOptions,
    jobs: usize,
) -> Checked {
    let mut sets = Sets::default();
    let homes: Vec<Option<usize>> = pages
        .iter()
        .map(|(path, _)| sets.home(path, options))
        .collect();
    let facts = read_facts(
        pages
            .iter()
            .zip(&homes)
            .map(|((p, _), h)| h.filter(|&h| !sets.skips(h, p)).map(|_| p.as_path()))
            .collect(),
        jobs,
    );
    let mut disk = Disk::default();
    for (i, (path, _)) in pages.iter().enumerate() {
        if let Some(facts) = &facts[i] {
            disk.anchors.insert(slashed(path), facts.anchors.clone());
        }
    }
    disk.prepare(pages, &homes, &facts, &sets, jobs);
    let split = match options.metadata.is_empty() {
        true => HashSet::new(),
        false => docset::split_types(pages.iter().map(|(p, doc)| (slashed(p), *doc))),
    };
    let found = (0..pages.len())
        .map(|i| match (homes[i], &facts[i]) {
            (Some(home), Some(facts)) => {
                one(&pages[i], facts, &sets.list[home], &disk, options, &split)
            }
            _ => Vec::new(),
        })
        .collect();
    let targets = disk.targets;
    Checked {
        found,
        config: sets.list.into_iter().flat_map(|s| s.findings).collect(),
        targets,
    }
}

/// The findings of one page of the doc set `set`, with the unused suppressions when asked.
fn one(
    (path, doc): &(PathBuf, &DocFile),
    facts: &Facts,
    set: &Set,
    disk: &Disk,
    options: &DocSetOptions,
    split: &HashSet<docset::TypeOf<'_>>,
) -> Vec<Diagnostic> {
    let path = slashed(path);
    let page = Page {
        shown: &doc.file,
        path: &path,
        root: &set.root,
        doc,
        facts,
    };
    let version = docset::page_version(&path);
    let csdl = (options.metadata.for_version(version)).map(|model| docset::Against {
        model,
        split: docset::resource_type(doc).is_some_and(|t| split.contains(&(version, t))),
    });
    let mut out = docset::check_with(&page, &set.config, disk, csdl);
    if options.list_suppressions && !facts.suppressions.is_empty() {
        let bare = Facts {
            suppressions: Vec::new(),
            ..facts.clone()
        };
        let unsilenced = docset::check_with(
            &Page {
                facts: &bare,
                ..page
            },
            &set.config,
            disk,
            csdl,
        );
        out.extend(docset::unused_suppressions(&page, &unsilenced));
    }
    out
}

/// The doc sets met so far.
#[derive(Default)]
struct Sets {
    list: Vec<Set>,
    by_root: HashMap<PathBuf, Option<usize>>,
}

struct Set {
    root: String,
    config: DocSetConfig,
    findings: Vec<Diagnostic>,
}

impl Sets {
    /// Whether the checks of doc set `set` skip `page` (its facts are then not read).
    fn skips(&self, set: usize, page: &Path) -> bool {
        let set = &self.list[set];
        let path = slashed(page);
        let relative = path.strip_prefix(&set.root).unwrap_or(&path);
        docset::skipped(relative, &set.config)
    }

    /// The doc set `page` belongs to: the nearest folder above it with `config/`.
    fn home(&mut self, page: &Path, options: &DocSetOptions) -> Option<usize> {
        let page = std::fs::canonicalize(page).unwrap_or_else(|_| page.to_owned());
        let mut dir = page.parent();
        let mut walked = Vec::new();
        while let Some(d) = dir {
            if let Some(&known) = self.by_root.get(d) {
                walked
                    .into_iter()
                    .for_each(|w| _ = self.by_root.insert(w, known));
                return known;
            }
            walked.push(d.to_owned());
            if let Some(set) = read_set(d) {
                self.list.push(set);
                let at = Some(self.list.len() - 1);
                walked
                    .into_iter()
                    .for_each(|w| _ = self.by_root.insert(w, at));
                return at;
            }
            dir = d.parent();
        }
        let fallback = options.fallback.clone().map(|config| {
            let root = std::env::current_dir()
                .map(|d| slashed(&d))
                .unwrap_or_default();
            self.list.push(Set {
                root,
                config,
                findings: Vec::new(),
            });
            self.list.len() - 1
        });
        walked
            .into_iter()
            .for_each(|w| _ = self.by_root.insert(w, fallback));
        fallback
    }
}

/// The doc set rooted at `dir`, when `dir/config/` holds one of API Doctor's files.
fn read_set(dir: &Path) -> Option<Set> {
    let config = dir.join("config");
    let files: Vec<(String, String, String)> = docset::config::FILES
        .iter()
        .filter_map(|name| {
            let path = config.join(name);
            let text = std::fs::read_to_string(&path).ok()?;
            Some((path.display().to_string(), (*name).to_owned(), text))
        })
        .collect();
    if files.is_empty() {
        return None;
    }
    let (config, findings) = docset::config::parse(&files);
    Some(Set {
        root: slashed(dir),
        config,
        findings,
    })
}

/// Each page's facts, read on up to `jobs` threads (none for a page given as `None`).
fn read_facts(paths: Vec<Option<&Path>>, jobs: usize) -> Vec<Option<Facts>> {
    let next = Mutex::new(0usize);
    let out: Vec<Mutex<Option<Facts>>> = paths.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let i = match next.lock() {
                        Ok(mut n) => {
                            *n += 1;
                            *n - 1
                        }
                        Err(_) => return,
                    };
                    let Some(path) = paths.get(i) else { return };
                    let facts = path
                        .and_then(|p| std::fs::read(p).ok())
                        .map(|bytes| docset::facts(&String::from_utf8_lossy(&bytes)));
                    if let Ok(mut slot) = out[i].lock() {
                        *slot = facts;
                    }
                }
            });
        }
    });
    out.into_iter()
        .map(|m| m.into_inner().ok().flatten())
        .collect()
}

/// One folder's entries: by name (whether each is a folder), and by lower-case name.
#[derive(Default)]
struct Folder {
    names: HashMap<String, bool>,
    lower: HashMap<String, String>,
}

/// The files links point at, as listed from disk: each folder read once.
#[derive(Default)]
struct Disk {
    /// Each folder's entries.
    dirs: HashMap<String, Folder>,
    /// Each page's anchors.
    anchors: HashMap<String, Vec<String>>,
    /// Each page's link targets.
    targets: Vec<Vec<String>>,
    /// The suggestion made for each missing path, made once.
    suggested: Mutex<HashMap<String, Option<String>>>,
}

impl Disk {
    /// Lists every folder a link points into, and reads the anchors of linked pages not among
    /// those checked.
    fn prepare(
        &mut self,
        pages: &[(PathBuf, &DocFile)],
        homes: &[Option<usize>],
        facts: &[Option<Facts>],
        sets: &Sets,
        jobs: usize,
    ) {
        let mut dirs = HashSet::new();
        let mut targets = HashSet::new();
        self.targets = vec![Vec::new(); pages.len()];
        for i in 0..pages.len() {
            let (Some(home), Some(facts)) = (homes[i], &facts[i]) else {
                continue;
            };
            let path = slashed(&pages[i].0);
            let page = Page {
                shown: "",
                path: &path,
                root: &sets.list[home].root,
                doc: pages[i].1,
                facts,
            };
            for link in &facts.links {
                let dest = link.dest.split(['#', '?']).next().unwrap_or("");
                if dest.is_empty() || dest.contains(':') {
                    continue;
                }
                let target = docset::resolve(&page, &dest.replace('\\', "/"));
                if link.dest.contains('#') && !self.anchors.contains_key(&target) {
                    targets.insert(target.clone());
                }
                if let Some((dir, _)) = target.rsplit_once('/') {
                    dirs.insert(dir.to_owned());
                }
                self.targets[i].push(target);
            }
        }
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

impl Site for Disk {
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
        self.anchors.get(path).map(Vec::as_slice)
    }

    fn names(&self, dir: &str) -> Vec<String> {
        self.dirs
            .get(dir)
            .map(|folder| folder.names.keys().cloned().collect())
            .unwrap_or_default()
    }
}

/// A path as the core's checks take it: absolute, `/`-separated.
fn slashed(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    absolute
        .to_string_lossy()
        .replace('\\', "/")
        .trim_end_matches('/')
        .to_owned()
}

/// The doc set `page` belongs to, as the pass finds it: its root and configuration, and the
/// page's path as the core's checks take it (for `lint --fix`).
pub(crate) fn doc_set(
    page: &Path,
    options: &DocSetOptions,
) -> Option<(String, DocSetConfig, String)> {
    let mut sets = Sets::default();
    let home = sets.home(page, options)?;
    let set = sets.list.swap_remove(home);
    Some((set.root, set.config, slashed(page)))
}
