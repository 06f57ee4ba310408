//! `lint`: every page's findings (the lint rules, then the schema's, checked beside the reading)
//! that `--code` and `--severity` keep, in page and line order, with their counts.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;

use exemplar_core::doc::source::Loaded;
use exemplar_core::schema::{self, Beside, Checked, MetadataError, SchemaLint};
use exemplar_core::{Code, Diagnostic, Linter, Severity, Tally};

use super::early::Early;
use crate::PageError;
use crate::error::{EXIT_FAILED, EXIT_OK};
use crate::report::actions::{self, SummaryError};
use crate::report::{annotate, diagnostics};

/// What `lint` is asked.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// Doc files, or folders searched for `*.md` (sorted).
    pub paths: Vec<PathBuf>,
    /// Threads reading and checking pages.
    pub jobs: usize,
    /// Keep only findings of these codes (all when empty).
    pub codes: Vec<Code>,
    /// Keep only errors.
    pub errors_only: bool,
    /// The service's types (`--metadata`), as written; none: the docs' `resource` blocks.
    pub metadata: Vec<String>,
    /// The doc-set checks' settings (DESIGN §10).
    pub doc_set: super::docset::DocSetOptions,
    /// Show only the findings of the pages changed since this git revision and of the pages
    /// linking into them (`--changed-since`); all when none.
    pub changed_since: Option<String>,
}

/// What `lint` found.
#[derive(Debug)]
pub struct Linted {
    /// The findings kept, page by page in order, each page's in line order.
    pub findings: Vec<Diagnostic>,
    /// The findings kept, counted, over the files checked.
    pub shown: Tally,
    /// The findings kept per code: the code, its severity, how many; most frequent first.
    pub by_code: Vec<(Code, Severity, usize)>,
    /// The schema check's counts, when there were types to check against.
    pub schema: Option<schema::Tally>,
    /// Whether a page could not be read.
    pub unreadable: bool,
}

/// Why the schema checks could not start.
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    /// A `--metadata` is not written as one.
    #[error("--metadata: {0}")]
    Spec(String),
    /// A CSDL could not be read or fetched.
    #[error(transparent)]
    Metadata(#[from] MetadataError),
    /// git could not say what changed (`--changed-since`).
    #[error("--changed-since: {0}")]
    ChangedSince(#[from] crate::GitError),
}

impl Linted {
    /// The exit code: 1 when an error is kept or a page could not be read, else 0.
    pub fn exit_code(&self) -> u8 {
        match self.unreadable || self.shown.errors > 0 {
            true => EXIT_FAILED,
            false => EXIT_OK,
        }
    }

    /// Writes the job summary of `--format github` (the counts, and the findings left without
    /// an annotation) to `$GITHUB_STEP_SUMMARY`, when `env` names one.
    pub fn write_step_summary(&self, env: &crate::config::Env) -> Result<(), SummaryError> {
        let Some(mut summary) = actions::step_summary(env)? else {
            return Ok(());
        };
        let mut text = diagnostics::job_summary(&self.shown, &self.by_code);
        let (_, left) = annotate::annotations(&self.findings, |f| f.to_owned());
        text.push_str(&annotate::not_annotated(&left));
        (summary.write_all(text.as_bytes())).map_err(|error| SummaryError {
            path: env.get("GITHUB_STEP_SUMMARY").cloned().unwrap_or_default(),
            error,
        })
    }
}

/// Checks every page; `unreadable` gets each page that cannot be read as it is met (pages that
/// are not docs are findings).
pub fn lint(
    options: &LintOptions,
    mut unreadable: impl FnMut(&PageError),
) -> Result<Linted, LintError> {
    // The CSDLs are read while the pages are; pages needing every page's resource blocks are
    // checked at the end, beside the other checks, then the doc-set pass runs over them all.
    let changed = (options.changed_since.as_deref())
        .map(|rev| crate::changed::since(std::path::Path::new("."), rev))
        .transpose()?;
    let metadata = options.metadata.clone();
    // Pages checked as they are read need their `resource` blocks and text no more, but for
    // the schema checks (which learn the blocks as the pages come, and read a page with
    // findings again).
    let checked_early = Early::applies(&options.doc_set, !options.metadata.is_empty());
    let beside = Beside::start_with(move || schema_lint(&metadata), !checked_early);
    let (paths, read, any_unreadable) = read_pages(options, &beside, &mut unreadable);
    let mut linter = Linter::default();
    let Checked {
        schema,
        found: mut typed,
        alongside: linted,
        mut docs,
    } = beside.finish(options.jobs, |docs| {
        docs.iter().map(|doc| linter.check(doc)).collect::<Vec<_>>()
    })?;
    if checked_early {
        place_again(&schema, &mut docs, &paths, &mut typed);
    }
    let checks_types = schema.has_types();
    let pages: Vec<(PathBuf, &exemplar_core::DocFile)> = paths.into_iter().zip(&docs).collect();
    let pass = super::docset::check(&pages, read, &with_csdl(options, &schema), options.jobs);
    let (set_found, mut findings) = (pass.found, pass.config);
    let only = (changed.as_ref()).map(move |changed| linking_into(pages, &pass.targets, changed));
    linter.count(&findings);
    findings.retain(|d| keeps(options, d));
    let each = linted.into_iter().zip(typed).zip(set_found);
    for (i, ((mut found, typed), set_found)) in each.enumerate() {
        if checks_types {
            linter.count(&typed);
            found.extend(typed);
        }
        linter.count(&set_found);
        found.extend(set_found);
        found.sort_by_key(|d| (d.line, d.column));
        let wanted = only.as_ref().is_none_or(|only| only[i]);
        findings.extend(found.into_iter().filter(|d| wanted && keeps(options, d)));
    }
    let (shown, by_code) = count(&findings, linter.tally.files);
    super::docset::drop_in_parallel(docs, options.jobs);
    Ok(Linted {
        findings,
        shown,
        by_code,
        schema: checks_types.then_some(schema.tally),
        unreadable: any_unreadable,
    })
}

/// Reads every page in order, handing each to the schema checks `beside`: each page's path,
/// what the doc-set pass needs of it (a page's own doc-set checks are made as it is read, when
/// they need no other page), and whether a page could not be read.
fn read_pages(
    options: &LintOptions,
    beside: &Beside<LintError>,
    unreadable: &mut impl FnMut(&PageError),
) -> (Vec<PathBuf>, super::docset::Read, bool) {
    let targets = options.changed_since.is_some();
    let early = Early::new(&options.doc_set, !options.metadata.is_empty(), targets);
    let (mut paths, mut facts, mut local) = (Vec::new(), Vec::new(), Vec::new());
    let any_unreadable = super::pages::read_with_facts(
        &options.paths,
        options.jobs,
        early.as_ref(),
        unreadable,
        |path, doc, found, early_found| {
            paths.push(path);
            facts.push(found);
            local.push(early_found);
            beside.page(doc)
        },
    );
    let (sets, listing) = early.map(Early::into_parts).unwrap_or_default();
    let read = super::docset::Read {
        facts,
        made: local,
        sets,
        listing,
    };
    (paths, read, any_unreadable)
}

/// Places again on their lines the schema findings of the pages whose text was let go of once
/// they were checked as they were read (their findings stand at their block's fence): each such
/// page is read again and checked once more, by a copy of the checks (nothing is counted twice).
/// A page changed since it was read keeps its findings as they were.
fn place_again(
    schema: &SchemaLint,
    docs: &mut [exemplar_core::DocFile],
    paths: &[PathBuf],
    typed: &mut [Vec<Diagnostic>],
) {
    let mut placer: Option<SchemaLint> = None;
    let said = |found: &[Diagnostic]| {
        let mut said: Vec<_> = found.iter().map(|d| (d.code, d.message.clone())).collect();
        said.sort();
        said
    };
    let pages = docs.iter_mut().zip(paths).zip(typed.iter_mut());
    for ((doc, path), found) in pages.filter(|((d, _), f)| !f.is_empty() && d.source.is_none()) {
        let Ok(Loaded::Text(text)) = exemplar_core::doc::source::load(path, &doc.file) else {
            continue;
        };
        doc.source = Some(std::sync::Arc::new(text));
        let again = placer.get_or_insert_with(|| schema.clone()).check(doc);
        doc.source = None;
        if said(&again) == said(found) {
            *found = again;
        }
    }
}

/// The doc-set pass's options, with the CSDLs the schema checks read (`--metadata`).
fn with_csdl(options: &LintOptions, schema: &SchemaLint) -> super::docset::DocSetOptions {
    super::docset::DocSetOptions {
        metadata: schema.schemas().clone(),
        ..options.doc_set.clone()
    }
}

/// Whether each page is one `--changed-since` keeps: changed, or linking into a changed page
/// (the pages are let go of after, so they can be freed on the pool).
fn linking_into(
    pages: Vec<(PathBuf, &exemplar_core::DocFile)>,
    targets: &[Vec<String>],
    changed: &std::collections::HashSet<PathBuf>,
) -> Vec<bool> {
    let changed: std::collections::HashSet<String> = changed
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let canonical =
        |p: &PathBuf| std::fs::canonicalize(p).map(|p| p.to_string_lossy().replace('\\', "/"));
    (pages.iter().zip(targets))
        .map(|((path, _), targets)| {
            canonical(path).is_ok_and(|p| changed.contains(&p))
                || targets.iter().any(|t| changed.contains(t))
        })
        .collect()
}

/// The schema checks, with the CSDL of each `--metadata` read (URLs fetched once).
fn schema_lint(metadata: &[String]) -> Result<SchemaLint, LintError> {
    let specs = (metadata.iter())
        .map(|m| m.parse::<schema::Spec>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| LintError::Spec(e.to_string()))?;
    let schemas = crate::metadata::load(&specs, &crate::metadata::Fetching::default())?;
    Ok(SchemaLint::new(schemas))
}

/// Whether `--code` and `--severity` keep the finding `d`.
fn keeps(options: &LintOptions, d: &Diagnostic) -> bool {
    (options.codes.is_empty() || options.codes.contains(&d.code))
        && (!options.errors_only || d.severity == Severity::Error)
}

/// The findings counted by severity (over `files`) and by code.
fn count(findings: &[Diagnostic], files: usize) -> (Tally, Vec<(Code, Severity, usize)>) {
    let mut shown = Tally {
        files,
        ..Tally::default()
    };
    let mut counts: BTreeMap<Code, (Severity, usize)> = BTreeMap::new();
    for d in findings {
        match d.severity {
            Severity::Error => shown.errors += 1,
            Severity::Warning => shown.warnings += 1,
        }
        counts.entry(d.code).or_insert((d.severity, 0)).1 += 1;
    }
    (shown, crate::report::diagnostics::by_code(&counts))
}
