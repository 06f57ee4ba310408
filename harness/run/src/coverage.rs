//! `exemplar coverage`: the CSDLs loaded (URLs fetched), the run reports and the pages read,
//! and the core's coverage computed over them. `--changed-since` reads the changed pages as
//! they were at the revision, from git.

use std::path::PathBuf;

use exemplar_core::coverage::{self, Coverage, Outcome, Page, Ran};
use exemplar_core::schema::{MetadataError, Spec};

use crate::report::merge::{self, MergeError};

/// What `coverage` is asked.
#[derive(Debug, Clone, Default)]
pub struct CoverageOptions {
    /// Doc files or folders.
    pub paths: Vec<PathBuf>,
    /// The CSDLs, one per API version, as `--metadata` says them (`[VERSION=]FILE|URL`).
    pub metadata: Vec<String>,
    /// Run reports (`run --report-json`), oldest first.
    pub reports: Vec<PathBuf>,
    /// Threads reading pages.
    pub jobs: usize,
    /// A git revision: name the operations whose examples the change since it removed.
    pub changed_since: Option<String>,
}

/// The coverage, with what could not be read on the way.
#[derive(Debug)]
pub struct Covered {
    /// Every operation and the totals.
    pub coverage: Coverage,
    /// Pages that could not be read.
    pub unreadable: Vec<exemplar_core::ReadError>,
    /// With `--changed-since`: the indexes (in `coverage.records`) of the operations that had an
    /// example at the revision and have none now.
    pub lost: Vec<usize>,
}

/// Why coverage could not be computed (all the caller's to fix: exit 2).
#[derive(Debug, thiserror::Error)]
pub enum CoverageError {
    /// A CSDL could not be read or fetched; the message names its file and line.
    #[error(transparent)]
    Metadata(#[from] MetadataError),
    /// A report could not be read.
    #[error("cannot read report {}: {error}", path.display())]
    ReadReport {
        /// The report as given.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// A report's line is not a record of a run report.
    #[error(transparent)]
    Report(#[from] MergeError),
    /// git could not say what changed.
    #[error("--changed-since {0}")]
    Git(#[from] crate::GitError),
    /// A path named does not exist.
    #[error("{}: no such file or directory", .0.display())]
    NoSuchPath(PathBuf),
    /// A `--metadata` value is not `[VERSION=]FILE|URL`.
    #[error("--metadata: {0}")]
    Spec(String),
}

/// Computes the coverage `options` ask for.
pub fn coverage(options: &CoverageOptions) -> Result<Covered, CoverageError> {
    if let Some(missing) = options.paths.iter().find(|p| !p.exists()) {
        return Err(CoverageError::NoSuchPath(missing.clone()));
    }
    let specs = (options.metadata.iter())
        .map(|m| m.parse::<Spec>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(CoverageError::Spec)?;
    let schemas = crate::metadata::load(&specs, &crate::metadata::Fetching::default())?;
    let ran = read_reports(&options.reports)?;
    let (pages, unreadable) = coverage::read_pages(&options.paths, options.jobs.max(1));
    let now = coverage::cover(&schemas, &pages, &ran);
    let lost = match &options.changed_since {
        Some(rev) => {
            let before = crate::changed::pages_before(&options.paths, rev)?;
            let then = coverage::cover(&schemas, &merge_before(&pages, before), &[]);
            lost(&then, &now)
        }
        None => Vec::new(),
    };
    Ok(Covered {
        coverage: now,
        unreadable,
        lost,
    })
}

/// The examples of the run reports at `paths`, in the order given.
pub fn read_reports(paths: &[PathBuf]) -> Result<Vec<Ran>, CoverageError> {
    let mut ran = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path).map_err(|error| CoverageError::ReadReport {
            path: path.clone(),
            error,
        })?;
        let report = merge::read(&path.display().to_string(), &text)?;
        ran.extend(report.examples.into_iter().map(|e| Ran {
            file: e.file,
            line: e.line,
            name: e.name,
            outcome: judged(e.outcome),
        }));
    }
    Ok(ran)
}

/// A run's outcome as coverage counts it: an error is a failure.
pub(crate) fn judged(outcome: crate::Outcome) -> Outcome {
    match outcome {
        crate::Outcome::Passed => Outcome::Passed,
        crate::Outcome::Failed | crate::Outcome::Error => Outcome::Failed,
        crate::Outcome::Skipped => Outcome::Skipped,
    }
}

/// The pages as they were: those git read at the revision in place of today's.
fn merge_before(now: &[Page], before: Vec<Page>) -> Vec<Page> {
    let mut pages: Vec<Page> = (now.iter())
        .filter(|p| !before.iter().any(|b| b.file == p.file))
        .cloned()
        .collect();
    pages.extend(before);
    pages
}

/// Operations with an example then and none now.
fn lost(then: &Coverage, now: &Coverage) -> Vec<usize> {
    (then.records.iter().zip(&now.records).enumerate())
        .filter(|(_, (then, now))| !then.examples.is_empty() && now.examples.is_empty())
        .map(|(i, _)| i)
        .collect()
}
