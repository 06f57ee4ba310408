//! Joining the pages' calls and the runs' outcomes to the operations: one record per operation,
//! the documented URLs that match none, and the totals.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::matcher::Matcher;
use super::operation::{Catalog, Operation, catalog};
use super::page::Page;
use crate::schema::{Schemas, version_of};

/// How an example ended in a run report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Every example of the operation that ran passed.
    Passed,
    /// One failed (or could not be judged).
    Failed,
    /// None was sent.
    Skipped,
}

/// One example of a run report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    /// The page, as the report names it.
    pub file: String,
    /// The line of its request.
    pub line: u32,
    /// Its name.
    pub name: Option<String>,
    /// How it ended.
    pub outcome: Outcome,
}

/// A place in a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The page, as shown.
    pub file: String,
    /// 1-based line.
    pub line: u32,
}

/// An example that calls an operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exemplified {
    /// The page, as shown.
    pub file: String,
    /// The line of its request's opening fence.
    pub line: u32,
    /// Its name.
    pub name: Option<String>,
}

/// One operation and what the docs and runs say of it (a JSON line of `coverage`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// The operation.
    #[serde(flatten)]
    pub operation: Operation,
    /// Syntax lines and request examples that call it.
    pub documented: Vec<Place>,
    /// Annotated request examples that call it.
    pub examples: Vec<Exemplified>,
    /// From the newest report that ran one of its examples: passed if all passed, else failed
    /// if any failed, else skipped.
    pub outcome: Option<Outcome>,
}

/// A documented URL that calls no operation counted, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmatched {
    /// The page.
    pub file: String,
    /// Its line.
    pub line: u32,
    /// The method.
    pub method: String,
    /// The URL as written.
    pub url: String,
    /// Where the URL stops matching.
    pub reason: String,
}

/// Counts of operations: all of them, documented, exemplified, proven (an example passed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Total {
    /// The API version, when the totals are of one.
    pub version: Option<String>,
    /// The namespace, when the totals are of one.
    pub namespace: Option<String>,
    /// Operations.
    pub operations: usize,
    /// Those a page documents.
    pub documented: usize,
    /// Those an annotated example calls.
    pub exemplified: usize,
    /// Those whose examples a run passed.
    pub proven: usize,
}

impl Total {
    /// The share of operations exemplified, in percent (100 when there are none).
    pub fn exemplified_percent(&self) -> f64 {
        percent(self.exemplified, self.operations)
    }

    fn add(&mut self, record: &Record) {
        self.operations += 1;
        self.documented += usize::from(!record.documented.is_empty());
        self.exemplified += usize::from(!record.examples.is_empty());
        self.proven += usize::from(record.outcome == Some(Outcome::Passed));
    }
}

/// `part` of `whole` in percent (100 of nothing).
pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 100.0;
    }
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    let share = part as f64 * 100.0 / whole as f64;
    share
}

/// The coverage of a doc set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Every operation of every CSDL, in the order of the CSDLs and then of their catalogs.
    pub records: Vec<Record>,
    /// Documented URLs that match no operation.
    pub unmatched: Vec<Unmatched>,
    /// Totals per version and namespace, sorted.
    pub totals: Vec<Total>,
    /// The totals of everything.
    pub summary: Total,
}

/// Matches the calls of `pages` to the operations of `schemas`, and the outcomes of `ran`
/// (reports in the order given: a later one is newer) to their examples.
pub fn cover(schemas: &Schemas, pages: &[Page], ran: &[Ran]) -> Coverage {
    let versioned: Vec<_> = schemas.iter().collect();
    let catalogs: Vec<Catalog> = (versioned.iter())
        .map(|v| catalog(&v.model, v.version.as_deref()))
        .collect();
    let matchers: Vec<_> = (versioned.iter().zip(&catalogs))
        .map(|(v, c)| Matcher::new(&v.model, c))
        .collect();
    let mut records: Vec<Vec<Record>> = (catalogs.iter())
        .map(|c| c.operations.iter().cloned().map(Record::new).collect())
        .collect();
    let mut unmatched = Vec::new();
    for page in pages {
        for call in &page.calls {
            let version = version_of(&call.url).or(page.version.as_deref());
            let exact = versioned
                .iter()
                .position(|v| v.version.is_some() && v.version.as_deref() == version);
            let which = exact.or_else(|| versioned.iter().position(|v| v.version.is_none()));
            let found = match which {
                Some(i) => matchers[i].find(&call.method, &call.url).map(|op| (i, op)),
                None => Err(format!(
                    "no CSDL for version {}",
                    version.unwrap_or("(none)")
                )),
            };
            match found {
                Ok((i, op)) => records[i][op].add(&page.file, call),
                Err(reason) => unmatched.push(Unmatched {
                    file: page.file.clone(),
                    line: call.line,
                    method: call.method.clone(),
                    url: call.url.clone(),
                    reason,
                }),
            }
        }
    }
    let records: Vec<Record> = records.into_iter().flatten().collect();
    let outcomes = outcomes(ran);
    let records = (records.into_iter())
        .map(|mut r| {
            r.outcome = outcome_of(&r, &outcomes);
            r
        })
        .collect();
    totals(records, unmatched)
}

impl Record {
    fn new(operation: Operation) -> Record {
        Record {
            operation,
            documented: Vec::new(),
            examples: Vec::new(),
            outcome: None,
        }
    }

    fn add(&mut self, file: &str, call: &super::page::Call) {
        let place = Place {
            file: file.to_owned(),
            line: call.line,
        };
        self.documented.push(place);
        if let Some(example) = &call.example {
            self.examples.push(Exemplified {
                file: file.to_owned(),
                line: call.line,
                name: example.name.clone(),
            });
        }
    }
}

/// The newest outcome of each example, by (file, line) and by (file, name).
type Outcomes<'a> = HashMap<(&'a str, Key<'a>), Outcome>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    Line(u32),
    Name(&'a str),
}

fn outcomes(ran: &[Ran]) -> Outcomes<'_> {
    let mut outcomes = HashMap::new();
    for one in ran {
        outcomes.insert((one.file.as_str(), Key::Line(one.line)), one.outcome);
        if let Some(name) = &one.name {
            outcomes.insert((one.file.as_str(), Key::Name(name)), one.outcome);
        }
    }
    outcomes
}

fn outcome_of(record: &Record, outcomes: &Outcomes) -> Option<Outcome> {
    let each = record.examples.iter().filter_map(|e| {
        let file = e.file.as_str();
        (outcomes.get(&(file, Key::Line(e.line))))
            .or_else(|| outcomes.get(&(file, Key::Name(e.name.as_deref()?))))
            .copied()
    });
    let all: Vec<Outcome> = each.collect();
    if all.is_empty() {
        None
    } else if all.iter().all(|o| *o == Outcome::Passed) {
        Some(Outcome::Passed)
    } else if all.contains(&Outcome::Failed) {
        Some(Outcome::Failed)
    } else {
        Some(Outcome::Skipped)
    }
}

fn totals(records: Vec<Record>, unmatched: Vec<Unmatched>) -> Coverage {
    let mut by: BTreeMap<(Option<String>, String), Total> = BTreeMap::new();
    let mut summary = Total::default();
    for record in &records {
        let op = &record.operation;
        let key = (op.version.clone(), op.namespace.clone());
        let total = by.entry(key).or_insert_with(|| Total {
            version: op.version.clone(),
            namespace: Some(op.namespace.clone()),
            ..Total::default()
        });
        total.add(record);
        summary.add(record);
    }
    Coverage {
        records,
        unmatched,
        totals: by.into_values().collect(),
        summary,
    }
}
