//! The coverage section of `run --metadata … --report-html`: the core's coverage of the run's
//! pages against the `--metadata` CSDLs, proven by this run's outcomes, as totals per version
//! and namespace (DESIGN §11). The CSDLs and pages are read before the run starts, the coverage
//! computed when it finishes.

use serde::Serialize;

use crate::RunOptions;
use crate::metadata::MetadataFailure;
use crate::session::ExampleResult;
use exemplar_core::coverage::join::percent;
use exemplar_core::coverage::{self, Page, Ran, Total};
use exemplar_core::schema::Schemas;

/// What the coverage section covers: the CSDLs and the run's pages.
#[derive(Debug)]
pub(crate) struct Source {
    schemas: Schemas,
    pages: Vec<Page>,
}

/// The section: a row per version and namespace, then the totals of all.
#[derive(Debug, Serialize)]
pub(crate) struct Section {
    /// One row per version and namespace, sorted.
    pub rows: Vec<Row>,
    /// Every operation.
    pub summary: Row,
    /// Documented URLs that call no operation of the CSDLs.
    pub unmatched: usize,
}

/// The counts and shares of one row: the totals of one version and namespace (neither: of all).
#[derive(Debug, Serialize)]
pub(crate) struct Row {
    /// The counts.
    #[serde(flatten)]
    pub total: Total,
    /// `documented` of `operations`, in percent to a tenth.
    pub documented_pct: f64,
    /// `exemplified` of `operations`, in percent to a tenth.
    pub exemplified_pct: f64,
    /// `proven` of `operations`, in percent to a tenth.
    pub proven_pct: f64,
}

impl Source {
    /// The CSDLs of `options` (those `--match schema` already read, else read or fetched now)
    /// and its pages; none without `--metadata`.
    pub(crate) fn load(options: &RunOptions) -> Result<Option<Source>, MetadataFailure> {
        let settings = &options.settings;
        if settings.metadata.is_empty() {
            return Ok(None);
        }
        let schemas = match settings.schemas.is_empty() {
            true => crate::metadata::for_run(options)?,
            false => settings.schemas.clone(),
        };
        let jobs = options.read_jobs.max(1);
        let (pages, _unreadable) = coverage::read_pages(&options.paths, jobs);
        Ok(Some(Source { schemas, pages }))
    }

    /// The section, with the outcomes of `results`.
    pub(crate) fn section(&self, results: &[ExampleResult]) -> Section {
        let ran: Vec<Ran> = (results.iter())
            .map(|r| Ran {
                file: r.file.clone(),
                line: r.line,
                name: r.name.clone(),
                outcome: crate::coverage::judged(r.outcome),
            })
            .collect();
        let covered = coverage::cover(&self.schemas, &self.pages, &ran);
        Section {
            rows: covered.totals.iter().map(Row::of).collect(),
            summary: Row::of(&covered.summary),
            unmatched: covered.unmatched.len(),
        }
    }
}

impl Row {
    fn of(total: &Total) -> Row {
        let pct = |part| (percent(part, total.operations) * 10.0).round() / 10.0;
        Row {
            documented_pct: pct(total.documented),
            exemplified_pct: pct(total.exemplified),
            proven_pct: pct(total.proven),
            total: total.clone(),
        }
    }
}
