//! The doc-set pass of `lint`: finds each page's doc set (the nearest folder above it holding
//! `config/` with API Doctor's files), reads its configuration once, reads every page's facts
//! on a pool of threads, lists each folder links point into once (as they first name it), and
//! hands each page to the core's pure checks. Pages in no doc set are checked only when
//! `exemplar.toml` has `[lint]`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use exemplar_core::docset::{self, DocSetConfig, Facts, Page};
use exemplar_core::{Diagnostic, DocFile};

use super::disk::{Disk, Listing};
use super::early::Made;
pub(super) use super::parallel::{drop_in_parallel, in_parallel};

/// A page's facts as the pass holds them until it ends: boxed, as most pages have none (those
/// no doc set checks) and a page's facts take room.
pub(crate) type Held = Option<Box<Facts>>;

/// What the doc-set pass is told beside the pages.
#[derive(Debug, Clone, Default)]
pub struct DocSetOptions {
    /// The configuration for pages in no doc set (`exemplar.toml` `[lint]`), with the folder
    /// that is their root (the file's; `/` links start there); none: such pages get no doc-set
    /// checks.
    pub fallback: Option<(PathBuf, DocSetConfig)>,
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

/// What the reading found of each page for the doc-set pass: its facts where it read them, and
/// what it made of it where it checked it already ([`super::early`]), with the doc sets it met
/// and the folders it listed.
#[derive(Default)]
pub(crate) struct Read {
    pub(crate) facts: Vec<Held>,
    pub(crate) made: Vec<Option<Made>>,
    pub(crate) sets: Sets,
    pub(crate) listing: Listing,
}

/// The doc-set findings of each page (aligned with `pages`, whose facts `read` holds where
/// the reading could tell them), and the findings of the configuration files (invalid JSON).
pub(crate) fn check(
    pages: &[(PathBuf, &DocFile)],
    read: Read,
    options: &DocSetOptions,
    jobs: usize,
) -> Checked {
    let Read {
        facts: read,
        mut made,
        mut sets,
        listing,
    } = read;
    made.resize_with(pages.len(), || None);
    let absolute = absolute(pages, &mut made);
    let (homes, facts) = homes_and_facts((pages, &absolute), read, &made, &mut sets, options, jobs);
    let anchors = (absolute.iter().zip(&facts))
        .filter_map(|(path, facts)| Some((path.as_str(), facts.as_ref()?.anchors.as_slice())))
        .collect();
    let mut disk = Disk::new(&listing, anchors);
    let targets = disk.prepare((pages, &absolute), (&homes, &facts, &sets), &mut made, jobs);
    let split = match options.metadata.is_empty() {
        true => HashSet::new(),
        false => docset::split_types((absolute.iter().cloned()).zip(pages.iter().map(|p| p.1))),
    };
    let made = Mutex::new(made);
    let found = in_parallel(pages.len(), jobs, |i| match (homes[i], &facts[i]) {
        (Some(home), Some(facts)) => {
            let set = &sets.list[home];
            let early = made.lock().ok().and_then(|mut m| m[i].take());
            let page = (pages[i].1, absolute[i].as_str(), &**facts);
            one(page, early, set, &disk, options, &split)
        }
        _ => Vec::new(),
    });
    drop(disk);
    drop_in_parallel(facts, jobs);
    Checked {
        found,
        config: sets.findings(),
        targets,
    }
}

/// The findings of one page (its doc, its absolute path, its facts) of the doc set `set`, with
/// the unused suppressions when asked; its links only, when its other findings were made
/// `early`.
fn one(
    (doc, path, facts): (&DocFile, &str, &Facts),
    early: Option<Made>,
    set: &Set,
    disk: &Disk,
    options: &DocSetOptions,
    split: &HashSet<docset::TypeOf<'_>>,
) -> Vec<Diagnostic> {
    let page = Page {
        shown: &doc.file,
        path,
        root: &set.root,
        doc,
        facts,
    };
    if let Some(made) = early {
        return docset::check_links_later(&page, &set.config, disk, &made.later, made.local);
    }
    let version = docset::page_version(path);
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

/// Each page's doc set, and its facts when that checks it: as the reading found them, or read
/// now when the reading kept none (the page annotates nothing, or is not UTF-8). A page read as
/// it was read (`made`) knows its doc set and whether that checks it.
fn homes_and_facts(
    (pages, absolute): (&[(PathBuf, &DocFile)], &[String]),
    read: Vec<Held>,
    made: &[Option<Made>],
    sets: &mut Sets,
    options: &DocSetOptions,
    jobs: usize,
) -> (Vec<Option<usize>>, Vec<Held>) {
    let homes: Vec<Option<usize>> = (absolute.iter().zip(made))
        .map(|(path, made)| match made {
            Some(made) => made.home,
            None => sets.home(path, options),
        })
        .collect();
    let checked: Vec<bool> = (absolute.iter().zip(&homes).zip(made))
        .map(|((p, h), made)| match made {
            Some(made) => made.checked,
            None => h.is_some_and(|h| !sets.list[h].skips(p)),
        })
        .collect();
    // In place: a page's facts are large, and most are none.
    let mut facts = read;
    facts.resize_with(pages.len(), || None);
    for (facts, &checked) in facts.iter_mut().zip(&checked) {
        facts.take_if(|_| !checked);
    }
    let unread: Vec<usize> = (0..pages.len())
        .filter(|&i| checked[i] && facts[i].is_none())
        .collect();
    let kept: Vec<_> = (unread.iter())
        .map(|&i| (&*pages[i].0, pages[i].1.text()))
        .collect();
    let found = read_facts(&kept, jobs);
    for (i, found) in unread.into_iter().zip(found) {
        facts[i] = found.map(Box::new);
    }
    (homes, facts)
}

/// The doc sets met so far.
#[derive(Default)]
pub(crate) struct Sets {
    pub(super) list: Vec<Arc<Set>>,
    by_root: HashMap<String, Option<usize>>,
}

/// A doc set: its root, its configuration, and what was wrong with its configuration files.
pub(super) struct Set {
    pub(super) root: String,
    pub(super) config: DocSetConfig,
    findings: Vec<Diagnostic>,
}

impl Set {
    /// Whether its checks skip the page at `path` (absolute).
    pub(super) fn skips(&self, path: &str) -> bool {
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        docset::skipped(relative, &self.config)
    }
}

impl Sets {
    /// The findings of the configuration files, in the order of the files (however the
    /// reading threads met the doc sets).
    fn findings(&self) -> Vec<Diagnostic> {
        let mut found: Vec<Diagnostic> = (self.list.iter())
            .flat_map(|s| s.findings.iter().cloned())
            .collect();
        found.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        found
    }

    /// The doc set of the page at `page` (absolute): the nearest folder above it with `config/`.
    pub(super) fn home(&mut self, page: &str, options: &DocSetOptions) -> Option<usize> {
        self.home_of(page.rsplit_once('/').map(|(d, _)| d), options)
    }

    /// The doc set of the pages in folder `dir` (absolute).
    pub(super) fn home_of(
        &mut self,
        mut dir: Option<&str>,
        options: &DocSetOptions,
    ) -> Option<usize> {
        let mut walked = Vec::new();
        while let Some(d) = dir {
            if let Some(&known) = self.by_root.get(d) {
                walked
                    .into_iter()
                    .for_each(|w| _ = self.by_root.insert(w, known));
                return known;
            }
            walked.push(d.to_owned());
            if let Some(set) = read_set(Path::new(if d.is_empty() { "/" } else { d })) {
                self.list.push(Arc::new(set));
                let at = Some(self.list.len() - 1);
                walked
                    .into_iter()
                    .for_each(|w| _ = self.by_root.insert(w, at));
                return at;
            }
            dir = d.rsplit_once('/').map(|(d, _)| d);
        }
        let fallback = options.fallback.clone().map(|(root, config)| {
            let root = match root.as_os_str().is_empty() {
                true => slashed(Path::new(".")),
                false => slashed(&root),
            };
            self.list.push(Arc::new(Set {
                root,
                config,
                findings: Vec::new(),
            }));
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

/// Each page's facts ([`facts_of`]), read on up to `jobs` threads.
pub(super) fn read_facts(pages: &[(&Path, Option<&str>)], jobs: usize) -> Vec<Option<Facts>> {
    in_parallel(pages.len(), jobs, |i| facts_of(pages[i].0, pages[i].1))
}

/// The facts of the page at `path`: read from its `text` when it is kept, else from disk (its
/// text taken as UTF-8 where it is not); none when it cannot be read.
pub(super) fn facts_of(path: &Path, text: Option<&str>) -> Option<Facts> {
    if let Some(text) = text {
        return Some(docset::facts(text));
    }
    let bytes = std::fs::read(path).ok()?;
    Some(docset::facts(&String::from_utf8_lossy(&bytes)))
}

/// Each page's path as the core's checks take it: as the reading made it (`made`), or made
/// now, each folder made absolute once.
fn absolute(pages: &[(PathBuf, &DocFile)], made: &mut [Option<Made>]) -> Vec<String> {
    let mut folders = HashMap::new();
    (pages.iter().zip(made))
        .map(|((path, _), made)| match made {
            Some(made) => std::mem::take(&mut made.path),
            None => absolute_in(path, &mut folders),
        })
        .collect()
}

/// `path` as the core's checks take it, with the absolute path of each folder met kept in
/// `folders`.
fn absolute_in(path: &Path, folders: &mut HashMap<PathBuf, String>) -> String {
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => {
            format!("{}/{}", folder_in(dir, folders), name.to_string_lossy())
        }
        _ => slashed(path),
    }
}

/// The folder `dir` as the core's checks take it (absolute, `/`-separated), kept in `folders`.
pub(super) fn folder_in<'f>(dir: &Path, folders: &'f mut HashMap<PathBuf, String>) -> &'f str {
    if !folders.contains_key(dir) {
        let absolute = match dir.as_os_str().is_empty() {
            true => slashed(Path::new(".")),
            false => slashed(dir),
        };
        folders.insert(dir.to_owned(), absolute);
    }
    folders.get(dir).map_or("", String::as_str)
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
    let (mut sets, path) = (Sets::default(), slashed(page));
    let home = sets.home(&path, options)?;
    let set = sets.list.swap_remove(home);
    Some((set.root.clone(), set.config.clone(), path))
}
