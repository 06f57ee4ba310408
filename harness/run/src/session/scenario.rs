//! Scenarios (`[[scenario]]`, DESIGN §3) as units of a run: each is dispatched like a page
//! (concurrently with pages and other scenarios, under `--jobs`), its steps in order. Setup
//! steps fill variables from their answers; the examples under test are judged and reported
//! under the scenario; teardown steps always run, after a failure or a Ctrl-C too.
//!
//! A unit's key is `scenario:<name>`, stable as pages come and go, so code that splits a run
//! by page key (shards) can treat a scenario alike. Examples a scenario names run there only.

mod check;

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::context::{Page, Place, Shared};
use super::event::{Event, Outcome, Reason, StepFailure};
use super::example::{self, Sent};
use super::filter::Filters;
use super::partition::Partition;
use super::sink::Sink;
use crate::config::{Capture, Scenario};
use exemplar_core::compare::{Observed, ObservedBody};
use exemplar_core::model::Example;
use exemplar_core::plan::Skip;

pub(crate) use check::check;

/// A scenario ready to run: its steps bound to the examples they name.
#[derive(Debug)]
pub(crate) struct Unit {
    /// The scenario's name.
    pub name: String,
    /// Its place among the units of the run: results sort after the pages', by it.
    pub index: usize,
    setup: Vec<Bound>,
    run: Vec<Bound>,
    teardown: Vec<Bound>,
}

impl Unit {
    /// The unit's key, stable however the pages change: `scenario:<name>` (what a split of the
    /// run by unit, such as `--partition`, hashes, as it hashes a page's key).
    pub(crate) fn key(&self) -> String {
        format!("scenario:{}", self.name)
    }

    /// Each example under test with its page's key, in order.
    pub(crate) fn run_examples(&self) -> impl Iterator<Item = (&Example, &str)> {
        self.run.iter().map(|bound| (&*bound.example, &*bound.key))
    }
}

/// How the scenarios change the counts the pages made: examples selected here, and examples
/// in other shards.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Recount {
    /// Change to the examples selected here.
    pub selected: isize,
    /// Change to the examples left to other shards.
    pub elsewhere: isize,
}

/// The scenarios this run takes: a scenario is one unit for the selection filters and for
/// shards alike. The filters take it whole when they keep any of its examples under test; a
/// shard takes it by its key, `scenario:<name>`, whatever pages its examples are on. The
/// counts the pages made (by example) are set right: the examples of a scenario taken count
/// here, those of one in another shard count elsewhere, the others not at all.
pub(crate) fn keep_units(
    filters: &Filters,
    partition: Option<Partition>,
    units: Vec<Unit>,
) -> (Vec<Unit>, Recount) {
    let here = |key: &str| partition.is_none_or(|p| p.includes(key));
    let mut recount = Recount::default();
    let kept = units
        .into_iter()
        .filter(|unit| {
            let wanted = filters.is_empty() || unit.run_examples().any(|(e, _)| filters.keeps(e));
            let keep = wanted && here(&unit.key());
            for (example, key) in unit.run_examples() {
                // As the pages counted it, and as the scenario counts it.
                let passed = filters.keeps(example);
                let was = (passed && here(key), passed && !here(key));
                let is = (keep, wanted && !keep);
                recount.selected += isize::from(is.0) - isize::from(was.0);
                recount.elsewhere += isize::from(is.1) - isize::from(was.1);
            }
            keep
        })
        .collect();
    (kept, recount)
}

/// A step or example of a scenario: the example, its page and snapshot, what it captures.
#[derive(Debug)]
struct Bound {
    example: Arc<Example>,
    key: Arc<str>,
    snapshot: Option<PathBuf>,
    capture: BTreeMap<String, Capture>,
    params: BTreeMap<String, String>,
}

/// The units of `scenarios`, their examples taken out of `pages` (they run in the scenario,
/// not with their page). `first` is the index of the first unit among all (after the pages).
/// Names are already checked (`check`); one that names nothing now is left out.
pub(crate) fn units(scenarios: &[Scenario], pages: &mut [Page], first: usize) -> Vec<Unit> {
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let units = scenarios
        .iter()
        .enumerate()
        .map(|(i, scenario)| {
            let mut bind = |name: &str, glob: bool| -> Vec<Bound> {
                let found = find(pages, name, glob);
                taken.extend(&found);
                found.into_iter().map(|at| bound(pages, at)).collect()
            };
            let steps = |bind: &mut dyn FnMut(&str, bool) -> Vec<Bound>,
                         steps: &[crate::config::Step]| {
                (steps.iter())
                    .filter_map(|step| {
                        let mut found = bind(&step.example.text, false).into_iter().next()?;
                        found.capture = step.capture.clone();
                        found.params = step.params.clone();
                        Some(found)
                    })
                    .collect::<Vec<_>>()
            };
            let setup = steps(&mut bind, &scenario.setup);
            let run = (scenario.run.iter())
                .flat_map(|named| bind(&named.text, true))
                .collect();
            let teardown = steps(&mut bind, &scenario.teardown);
            Unit {
                name: scenario.name.text.clone(),
                index: first + i,
                setup,
                run,
                teardown,
            }
        })
        .collect();
    for (page, example) in taken {
        pages[page].selected.retain(|&i| i != example);
    }
    units
}

/// The names of setup and teardown steps that no scenario runs as an example under test.
pub(crate) fn step_names(scenarios: &[Scenario]) -> HashSet<String> {
    let steps = scenarios
        .iter()
        .flat_map(|s| s.setup.iter().chain(&s.teardown));
    let mut names: HashSet<String> = steps.map(|s| s.example.text.clone()).collect();
    for named in scenarios.iter().flat_map(|s| &s.run) {
        names.remove(&named.text);
    }
    names
}

/// How many of `page`'s selected examples are steps of `steps` (each name counted once, at its
/// first example, the one a step binds to), taking them out of `steps`.
pub(crate) fn count_steps(page: &Page, steps: &mut HashSet<String>) -> usize {
    (page.selected.iter())
        .filter_map(|&i| page.doc.examples.get(i)?.name())
        .filter(|name| steps.remove(*name))
        .count()
}

/// Where the examples `name` names are (page, example): the first of that name, or every
/// match of a glob in path order.
fn find(pages: &[Page], name: &str, glob: bool) -> Vec<(usize, usize)> {
    let matcher = (glob && check::is_glob(name))
        .then(|| globset::Glob::new(name).ok().map(|g| g.compile_matcher()))
        .flatten();
    let fits = |example: &Example| match (&matcher, example.name()) {
        (Some(matcher), Some(own)) => matcher.is_match(own),
        (None, Some(own)) => own == name,
        (_, None) => false,
    };
    let mut found = pages.iter().enumerate().flat_map(|(p, page)| {
        (page.doc.examples.iter().enumerate())
            .filter(|(_, e)| fits(e))
            .map(move |(e, _)| (p, e))
    });
    match matcher {
        Some(_) => found.collect(),
        None => found.next().into_iter().collect(),
    }
}

fn bound(pages: &[Page], (page, example): (usize, usize)) -> Bound {
    let page = &pages[page];
    Bound {
        example: Arc::new(page.doc.examples[example].clone()),
        key: page.key.as_str().into(),
        snapshot: page
            .snapshots
            .as_ref()
            .and_then(|s| s.get(example).cloned()),
        capture: BTreeMap::new(),
        params: BTreeMap::new(),
    }
}

/// Runs `unit`: setup in order (stopping at the first failure, which skips the examples with
/// its reason), the examples under test (not after a Ctrl-C), then every teardown step.
pub(crate) async fn replay(unit: Unit, shared: &Shared, sink: &Sink) {
    let mut vars = BTreeMap::new();
    let mut failed = None;
    for (i, step) in unit.setup.iter().enumerate() {
        if sink.stop.is_stopped() {
            break;
        }
        if let Err(why) = run_step(step, shared, &mut vars, (unit.index, i)).await {
            failed = Some(Skip::SetupFailed {
                step: name(&step.example),
                why,
            });
            break;
        }
    }
    let offset = unit.setup.len();
    for (i, bound) in unit.run.iter().enumerate() {
        if sink.stop.is_stopped() && failed.is_none() {
            break;
        }
        let order = (unit.index, offset + i);
        let mut result = match &failed {
            Some(skip) => {
                let mut result = example::blank(&bound.example, order);
                result.reason = Some(Reason::Skipped(skip.clone()));
                result
            }
            None => under_test(bound, shared, &vars, order).await,
        };
        result.scenario = Some(unit.name.clone());
        sink.totals().count(result.outcome);
        sink.send(Event::Example(Box::new(result)));
    }
    let offset = offset + unit.run.len();
    let captures: Vec<&String> = (unit.setup.iter()).flat_map(|s| s.capture.keys()).collect();
    for (i, step) in unit.teardown.iter().enumerate() {
        let order = (unit.index, offset + i);
        // A step that needs a value setup never captured has nothing to remove.
        let needs = check::placeholders(&step.example);
        if (captures.iter()).any(|c| needs.contains(c.as_str()) && !vars.contains_key(c.as_str())) {
            continue;
        }
        if let Err(reason) = run_step(step, shared, &mut vars, order).await {
            sink.totals().teardown_failed += 1;
            sink.send(Event::Teardown(StepFailure {
                scenario: unit.name.clone(),
                step: "teardown",
                file: step.example.file.clone(),
                line: step.example.line(),
                name: name(&step.example),
                outcome: Outcome::Failed,
                reason,
                order,
            }));
        }
    }
}

/// An example under test: sent with the scenario's variables, judged and snapshot as on a page.
async fn under_test(
    bound: &Bound,
    shared: &Shared,
    vars: &BTreeMap<String, String>,
    order: (usize, usize),
) -> super::event::ExampleResult {
    let vars = with_params(vars, &bound.params);
    match example::send(&bound.example, shared, order, Some(&vars)).await {
        Sent::Skipped(result) => result,
        Sent::Replayed(result, answer) => {
            let place = Place {
                key: Arc::clone(&bound.key),
                snapshot: bound.snapshot.clone(),
            };
            example::finish(Arc::clone(&bound.example), shared, place, result, answer).await
        }
    }
}

/// Sends a setup or teardown step and takes its captures into `vars`; `Err` says why it failed
/// (not sent, no answer, not 2xx, a capture missing).
async fn run_step(
    step: &Bound,
    shared: &Shared,
    vars: &mut BTreeMap<String, String>,
    order: (usize, usize),
) -> Result<(), String> {
    let filled = with_params(vars, &step.params);
    let observed = match example::send(&step.example, shared, order, Some(&filled)).await {
        Sent::Skipped(result) => {
            return Err(result
                .reason
                .map_or("not sent".into(), |r| format!("not sent: {r}")));
        }
        Sent::Replayed(_, Err(error)) => return Err(error.to_string()),
        Sent::Replayed(_, Ok(observed)) => observed,
    };
    if !(200..300).contains(&observed.status) {
        return Err(format!("answered {}, expected 2xx", observed.status));
    }
    for (var, capture) in &step.capture {
        let value = captured(&observed, capture).ok_or_else(|| match capture {
            Capture::Pointer(p) => format!("capture `{var}`: the answer has no {p}"),
            Capture::Header(h) => format!("capture `{var}`: the answer has no header {h}"),
        })?;
        vars.insert(var.clone(), value);
    }
    Ok(())
}

/// A step's params under the captures so far (captures win).
fn with_params(
    vars: &BTreeMap<String, String>,
    params: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut filled = params.clone();
    filled.extend(vars.iter().map(|(k, v)| (k.clone(), v.clone())));
    filled
}

/// The value `capture` picks in `observed`: a string as it is, a number or boolean as written.
fn captured(observed: &Observed, capture: &Capture) -> Option<String> {
    match capture {
        Capture::Header(name) => observed.headers.get(name).cloned(),
        Capture::Pointer(pointer) => {
            let ObservedBody::Json(body) = &observed.body else {
                return None;
            };
            match body.pointer(pointer)? {
                serde_json::Value::String(s) => Some(s.clone()),
                value @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_)) => {
                    Some(value.to_string())
                }
                _ => None,
            }
        }
    }
}

fn name(example: &Example) -> String {
    example
        .name()
        .map_or_else(|| format!("line {}", example.line()), str::to_owned)
}
