//! Doc-set checks: what API Doctor's `check-all` enforces in the Graph docs CI (DESIGN §10).
//! Links and anchors, the YAML front matter, required headings, docfx tab groups, Properties
//! tables against the resource block, and documented base URLs. Pure: the pages' facts and
//! the files that exist come in ([`Site`]), findings go out.

pub mod anchors;
pub mod closest;
pub mod config;
mod enums;
pub mod facts;
mod front_matter;
mod html;
pub mod links;
pub mod mend;
mod metadata;
mod outline;
mod placeholder;
mod plain_yaml;
mod request;
mod suppress;
mod tables;
mod tabs;

pub use config::DocSetConfig;
pub use enums::EnumTables;
pub use facts::{Facts, facts};
pub use links::{Early as EarlyLinks, Memo as LinkMemo, resolve};
pub use suppress::unused_suppressions;

use crate::model::{Code, Diagnostic, DocFile, Severity};
use crate::schema::Model;

/// How a path is found among the files of the docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A file with exactly this path.
    File,
    /// A folder.
    Folder,
    /// A file whose path differs only in case: the real path.
    OtherCase(String),
    /// Nothing.
    Missing,
}

/// The files of the docs, as the link checks see them. Paths are absolute, `/`-separated and
/// normalised (no `.` or `..`).
pub trait Site {
    /// How `path` is found.
    fn find(&self, path: &str) -> Found;
    /// The anchors (heading ids, `<a name>`) of the page at `path`, when it is a page.
    fn anchors(&self, path: &str) -> Option<&[String]>;
    /// The names of the files and folders in folder `dir`.
    fn names(&self, dir: &str) -> Vec<String>;
    /// The name in folder `dir` closest to `name`, for a suggestion (a site may remember it).
    fn closest(&self, dir: &str, name: &str) -> Option<String> {
        let names = self.names(dir);
        closest::closest(name, names.iter().map(String::as_str)).map(str::to_owned)
    }
}

/// One page to check, with where it lives.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    /// The path findings name.
    pub shown: &'a str,
    /// The absolute, `/`-separated path of the page.
    pub path: &'a str,
    /// The absolute, `/`-separated path of its doc set's root (the folder holding `config/`).
    pub root: &'a str,
    /// Its examples and resource blocks.
    pub doc: &'a DocFile,
    /// What the markdown pass found.
    pub facts: &'a Facts,
}

/// Every doc-set finding of one page, in line order, with the workload's errors made
/// warnings and the page's suppressions applied.
pub fn check(page: &Page<'_>, config: &DocSetConfig, site: &impl Site) -> Vec<Diagnostic> {
    check_with(page, config, site, None)
}

/// The CSDL a page's tables are held against (`--metadata`).
#[derive(Debug, Clone, Copy)]
pub struct Against<'a> {
    /// The CSDL of the page's API version.
    pub model: &'a Model,
    /// Whether the page's resource type is documented on other pages of the doc set too (a
    /// workload's slice, as Intune's `deviceManagement`): its table lists only the part the page
    /// is about, so a property missing from it is no finding.
    pub split: bool,
}

/// [`check`], with the tables also held against `csdl` (the CSDL of the page's API version,
/// from `--metadata`) when there is one.
pub fn check_with(
    page: &Page<'_>,
    config: &DocSetConfig,
    site: &impl Site,
    csdl: Option<Against<'_>>,
) -> Vec<Diagnostic> {
    let relative = page.path.strip_prefix(page.root).unwrap_or(page.path);
    if skipped(relative, config) {
        return Vec::new();
    }
    let local = check_local(page, config, csdl);
    settle(page, config, links::check(page, config, site), local)
}

/// The findings of a page's own checks, all but its links', as they are before the workload's
/// severities and the page's suppressions apply: what can be checked as soon as the page is
/// read. [`check_links_later`] finishes them.
pub fn check_local(
    page: &Page<'_>,
    config: &DocSetConfig,
    csdl: Option<Against<'_>>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let doc_type = front_matter::check(page, config, &mut out);
    outline::check(page, config, doc_type.as_deref(), &mut out);
    tabs::check(page, &mut out);
    tables::check(page, config, csdl.map(|c| c.model), &mut out);
    enums::check(page, config, csdl.map(|c| c.model), &mut out);
    if let Some(csdl) = csdl {
        metadata::check(page, config, csdl, &mut out);
    }
    placeholder::check(page, &mut out);
    request::check(page, config, &mut out);
    out
}

/// The checks of a page's links that need no other page (missing files, case, `\\`, its own
/// anchors), made as soon as it is read; the `#fragments` naming other pages are left for
/// [`check_links_later`]. With `targets`, every link's target is kept too (the pages linking
/// into a changed page are shown with it). `memo` remembers what each link destination came to,
/// for the next pages of the same folder (keep one per thread reading pages in order).
pub fn check_links_early(
    page: &Page<'_>,
    config: &DocSetConfig,
    site: &impl Site,
    memo: &mut LinkMemo,
    targets: bool,
) -> EarlyLinks {
    links::early(page, config, site, memo, targets)
}

/// [`check_with`] for a page whose own findings were made as it was read (`local`: those of
/// [`check_local`], after those of [`check_links_early`]; the page's facts need only hold its
/// links, anchors and suppressions now): the links left for `later` are checked against the
/// pages they name, and all are settled as `check_with` settles them.
pub fn check_links_later(
    page: &Page<'_>,
    config: &DocSetConfig,
    site: &impl Site,
    later: &[(usize, String)],
    local: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let relative = page.path.strip_prefix(page.root).unwrap_or(page.path);
    if skipped(relative, config) {
        return Vec::new();
    }
    settle(page, config, links::later(page, site, later), local)
}

/// The page's findings, links first: the workload's errors made warnings, the page's
/// suppressions applied, in line order.
fn settle(
    page: &Page<'_>,
    config: &DocSetConfig,
    mut out: Vec<Diagnostic>,
    local: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    out.extend(local);
    let relative = page.path.strip_prefix(page.root).unwrap_or(page.path);
    let lowered = relative.to_lowercase();
    if config
        .warn_workloads
        .iter()
        .any(|w| lowered.contains(&w.to_lowercase()))
    {
        out.iter_mut().for_each(|d| d.severity = Severity::Warning);
    }
    out.retain(|d| !suppress::silenced(page, d));
    out.sort_by_key(|d| (d.line, d.column));
    out
}

/// Whether a page (its path under the doc set root) is one the checks skip: in a folder of
/// `foldersToSkip`, or named in `filesToSkip`.
pub fn skipped(relative: &str, config: &DocSetConfig) -> bool {
    let relative = relative.trim_start_matches('/');
    let (folders, name) = match relative.rsplit_once('/') {
        Some((folders, name)) => (Some(folders), name),
        None => (None, relative),
    };
    let folder = |s: &str| {
        config
            .folders_to_skip
            .iter()
            .any(|f| f.eq_ignore_ascii_case(s))
    };
    folders.is_some_and(|folders| folders.split('/').any(folder))
        || (!config.files_to_skip.is_empty() && config.files_to_skip.contains(&name.to_lowercase()))
}

/// The type the page's first JSON resource block names (its `@odata.type`, as written).
pub fn resource_type(doc: &DocFile) -> Option<&str> {
    doc.resources.iter().find_map(|r| {
        let typed = matches!(r.body, crate::model::Body::Json { .. });
        r.annotation.odata_type.as_deref().filter(|_| typed)
    })
}

/// A resource type as a page's API version and its resource block's `@odata.type` name it.
pub type TypeOf<'a> = (Option<&'static str>, &'a str);

/// The resource types that the resource blocks of several of `pages` (absolute path, doc)
/// document: each of those pages holds a slice of the type.
pub fn split_types<'a>(
    pages: impl IntoIterator<Item = (String, &'a DocFile)>,
) -> std::collections::HashSet<TypeOf<'a>> {
    let mut seen = std::collections::HashSet::new();
    let mut split = std::collections::HashSet::new();
    for (path, doc) in pages {
        if let Some(ty) = resource_type(doc) {
            let key = (page_version(&path), ty);
            if !seen.insert(key) {
                split.insert(key);
            }
        }
    }
    split
}

/// The API version a page documents, from its own path: a `v1.0` or `beta` segment.
pub fn page_version(path: &str) -> Option<&'static str> {
    path.split(['/', '\\']).rev().find_map(|s| match s {
        "v1.0" => Some("v1.0"),
        "beta" => Some("beta"),
        _ => None,
    })
}

/// A finding at `line:column` of the page.
pub(crate) fn finding(
    page: &Page<'_>,
    line: u32,
    column: u32,
    code: Code,
    message: String,
) -> Diagnostic {
    Diagnostic {
        file: page.shown.to_owned(),
        line,
        column,
        severity: code.severity(),
        code,
        message,
        source_line: None,
    }
}

/// `, did you mean `x`?` when there is a near candidate, else nothing.
pub(crate) fn suggest(found: Option<&str>) -> String {
    found.map_or(String::new(), |c| format!("; did you mean `{c}`?"))
}

/// The Edm primitive type names as Properties tables and resource blocks write them (without
/// `Edm.`), lower case.
pub(crate) const PRIMITIVES: [&str; 18] = [
    "string",
    "boolean",
    "int16",
    "int32",
    "int64",
    "byte",
    "sbyte",
    "double",
    "single",
    "decimal",
    "datetimeoffset",
    "date",
    "timeofday",
    "duration",
    "guid",
    "binary",
    "stream",
    "untyped",
];

#[cfg(test)]
mod tests {
    /// A page is skipped in a folder of `foldersToSkip` at any depth (any case), or when named in
    /// `filesToSkip` (any case); a folder's name as a page's does not count, nor a part of a name.
    #[test]
    fn skipped_pages_are_those_of_skipped_folders_and_files() {
        let config = super::DocSetConfig {
            folders_to_skip: vec!["Includes".into()],
            files_to_skip: vec!["toc.md".into()],
            ..super::DocSetConfig::default()
        };
        for (relative, skipped) in [
            ("/includes/snippet.md", true),
            ("api/INCLUDES/x/snippet.md", true),
            ("api/TOC.md", true),
            ("toc.md", true),
            ("api/includes.md", false),
            ("api/includes-more/x.md", false),
            ("api/user-get.md", false),
            ("includes", false),
        ] {
            assert_eq!(super::skipped(relative, &config), skipped, "{relative}");
        }
    }
}
