//! `lint --fix` and `lint --fix --diff` (DESIGN §12): the mechanical fixes of the findings
//! `lint` shows (see [`exemplar_core::docset::mend`]), with `run --fix`'s safety: each page
//! written atomically, its BOM and line endings kept, never over a page that changed on disk
//! since the lint read it; `--diff` prints the edits and writes nothing.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use exemplar_core::docset::{self, DocSetConfig, Found, Page, Site, mend};
use exemplar_core::schema::{Schemas, Spec};
use exemplar_core::{Diagnostic, fix};

use super::{LintError, LintOptions, Linted, lint};
use crate::PageError;
use crate::fix::{Mode, diff, digest, plural, write};

/// Lints as [`lint`] does, then (given a `mode`) fixes (or, in [`Mode::Diff`], shows the fixes
/// of) the findings kept that have one. Returns what it did (a line per page, or the diff) and the findings:
/// after a write the pages are linted again, and those left are returned.
pub fn lint_fix(
    options: &LintOptions,
    mode: Option<Mode>,
    color: bool,
    mut unreadable: impl FnMut(&PageError),
) -> Result<(String, Linted), LintError> {
    let Some(mode) = mode else {
        return Ok((String::new(), lint(options, unreadable)?));
    };
    let read: HashMap<String, (PathBuf, u64)> = (exemplar_core::discover::walk(&options.paths))
        .flatten()
        .filter_map(|f| {
            Some((
                f.display,
                (f.path.clone(), digest(&std::fs::read(&f.path).ok()?)),
            ))
        })
        .collect();
    let linted = lint(options, &mut unreadable)?;
    let mut pages: BTreeMap<&str, Vec<Diagnostic>> = BTreeMap::new();
    for d in linted.findings.iter().filter(|d| mend::fixable(d.code)) {
        pages.entry(d.file.as_str()).or_default().push(d.clone());
    }
    let schemas = match pages.is_empty() || options.metadata.is_empty() {
        true => Schemas::default(),
        false => schemas(&options.metadata)?,
    };
    let (mut text, mut edits, mut changed) = (String::new(), 0, 0);
    for (file, findings) in &pages {
        let fixer = PageFix {
            file,
            mode,
            color,
            doc_set: &options.doc_set,
            schemas: &schemas,
        };
        let done = match read.get(*file) {
            Some((path, digest)) => fixer.page(path, *digest, findings, &mut text),
            None => fixer.refuse(&mut text, "the page is not among the paths read"),
        };
        edits += done;
        changed += usize::from(done > 0);
    }
    if mode == Mode::Diff && changed > 0 {
        let (edits, changed) = (plural(edits, "edit"), plural(changed, "page"));
        text.push_str(&format!("--diff: {edits} in {changed}; nothing written\n"));
    }
    match mode == Mode::Write && changed > 0 {
        true => Ok((text, lint(options, |_| {})?)),
        false => Ok((text, linted)),
    }
}

/// One page's fixes.
struct PageFix<'a> {
    file: &'a str,
    mode: Mode,
    color: bool,
    doc_set: &'a super::DocSetOptions,
    schemas: &'a Schemas,
}

impl PageFix<'_> {
    fn refuse(&self, text: &mut String, why: &str) -> usize {
        text.push_str(&format!("not fixed {}: {why}\n", self.file));
        0
    }

    /// Fixes the page at `path` (whose bytes hashed to `read` when the lint began); returns how
    /// many edits it took.
    fn page(&self, path: &PathBuf, read: u64, findings: &[Diagnostic], text: &mut String) -> usize {
        let bytes = match std::fs::read(path) {
            Ok(bytes) if digest(&bytes) == read => bytes,
            Ok(_) => return self.refuse(text, "the page changed on disk since the lint read it"),
            Err(e) => return self.refuse(text, &format!("cannot read the page: {e}")),
        };
        let Ok(page) = std::str::from_utf8(&bytes) else {
            return self.refuse(text, "the page is not UTF-8");
        };
        let (bom, page) = match page.strip_prefix('\u{feff}') {
            Some(rest) => ("\u{feff}", rest),
            None => ("", page),
        };
        let Some((root, config, slashed)) = super::docset::doc_set(path, self.doc_set) else {
            return self.refuse(text, "the page is in no doc set");
        };
        let edits = self.edits(page, &root, &config, &slashed, findings);
        if edits.is_empty() {
            return 0;
        }
        let new = format!("{bom}{}", fix::apply(page, &edits));
        match self.mode {
            Mode::Diff => text.push_str(&diff(self.file, page, &new[bom.len()..], self.color)),
            Mode::Write => match write(path, &bytes, &new) {
                Ok(()) => text.push_str(&format!(
                    "fixed {}: {}\n",
                    self.file,
                    plural(edits.len(), "edit")
                )),
                Err(why) => return self.refuse(text, &why),
            },
        }
        edits.len()
    }

    /// The edits of the page's `findings`.
    fn edits(
        &self,
        text: &str,
        root: &str,
        config: &DocSetConfig,
        path: &str,
        findings: &[Diagnostic],
    ) -> Vec<fix::Edit> {
        let doc = exemplar_core::extract(self.file, text);
        let facts = docset::facts(text);
        let page = Page {
            shown: self.file,
            path,
            root,
            doc: &doc,
            facts: &facts,
        };
        let mut site = Local::default();
        site.anchors.insert(path.to_owned(), facts.anchors.clone());
        for target in mend::anchor_targets(&page, findings) {
            let anchors = std::fs::read(&target)
                .map(|b| docset::facts(&String::from_utf8_lossy(&b)).anchors)
                .unwrap_or_default();
            site.anchors.entry(target).or_insert(anchors);
        }
        let version = docset::page_version(path);
        let model = self.schemas.for_version(version);
        let mends = mend::mends(&page, text, findings, config, &site, model);
        mends.into_iter().map(|m| m.edit).collect()
    }
}

/// The files links point at, read from disk as the fixes ask.
#[derive(Default)]
struct Local {
    anchors: HashMap<String, Vec<String>>,
}

impl Site for Local {
    fn find(&self, path: &str) -> Found {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        let entries = std::fs::read_dir(if dir.is_empty() { "/" } else { dir });
        let names: Vec<(String, bool)> = (entries.into_iter().flatten().flatten())
            .map(|e| {
                let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                (e.file_name().to_string_lossy().into_owned(), is_dir)
            })
            .collect();
        if let Some((_, is_dir)) = names.iter().find(|(n, _)| n == name) {
            return if *is_dir { Found::Folder } else { Found::File };
        }
        match names.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some((real, false)) => Found::OtherCase(format!("{dir}/{real}")),
            Some((_, true)) => Found::Folder,
            None => Found::Missing,
        }
    }

    fn anchors(&self, path: &str) -> Option<&[String]> {
        self.anchors.get(path).map(Vec::as_slice)
    }

    fn names(&self, dir: &str) -> Vec<String> {
        (std::fs::read_dir(dir).into_iter().flatten().flatten())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    }
}

/// The CSDLs of `--metadata`, for the types of added properties.
fn schemas(metadata: &[String]) -> Result<Schemas, LintError> {
    let specs = (metadata.iter())
        .map(|m| m.parse::<Spec>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| LintError::Spec(e.to_string()))?;
    Ok(crate::metadata::load(
        &specs,
        &crate::metadata::Fetching::default(),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use exemplar_core::{Code, Severity};

    #[test]
    fn a_page_changed_since_the_lint_read_it_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let fixtures =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lintfix");
        for file in ["config/schema-config.json", "resources/robot.md"] {
            std::fs::create_dir_all(dir.path().join(file).parent().unwrap()).unwrap();
            std::fs::copy(fixtures.join(file), dir.path().join(file)).unwrap();
        }
        let path = dir.path().join("resources/robot.md");
        let read = digest(&std::fs::read(&path).unwrap());
        let finding = Diagnostic {
            file: "robot.md".into(),
            line: 25,
            column: 1,
            severity: Severity::Error,
            code: Code::TableMissingProperty,
            message:
                "property `serialNumber` is in the resource block but not in the Properties table"
                    .into(),
            source_line: None,
        };
        let doc_set = super::super::DocSetOptions::default();
        let schemas = Schemas::default();
        let fixer = PageFix {
            file: "robot.md",
            mode: Mode::Write,
            color: false,
            doc_set: &doc_set,
            schemas: &schemas,
        };
        // Unchanged, the page takes its row (in --diff mode, to leave it as it is).
        let mut text = String::new();
        let diff = PageFix {
            mode: Mode::Diff,
            ..fixer
        };
        assert_eq!(
            diff.page(&path, read, std::slice::from_ref(&finding), &mut text),
            1,
            "{text}"
        );
        // An author's edit lands after the lint read the page: it is not written.
        let edited = format!(
            "{}\nAn author's new paragraph.\n",
            std::fs::read_to_string(&path).unwrap()
        );
        std::fs::write(&path, &edited).unwrap();
        let mut text = String::new();
        assert_eq!(fixer.page(&path, read, &[finding], &mut text), 0);
        assert_eq!(
            text,
            "not fixed robot.md: the page changed on disk since the lint read it\n"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    }
}
