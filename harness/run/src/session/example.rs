//! One example through the stages: plan, replay, judge, snapshot. The store's file work runs on
//! the blocking pool, never on the executor's threads.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::context::{Place, Shared};
use super::event::{ExampleResult, Outcome, Reason, SentRequest};
use crate::config::Settings;
use crate::replay::ReplayError;
use crate::snapshot;
use exemplar_core::compare::{MatchMode, Observed};
use exemplar_core::judge::{Verdict, judge};
use exemplar_core::model::Example;
use exemplar_core::plan::{self, Planned};
use exemplar_core::secret::is_sensitive;

/// How sending went, before judging: the answer, or why there is none.
pub(crate) enum Sent {
    /// Not sent: the result says why.
    Skipped(ExampleResult),
    /// Sent, and answered or not.
    Replayed(ExampleResult, Result<Observed, ReplayError>),
}

/// Plans and sends `example`; `vars` (a scenario's captures and step params) win over params.
pub(crate) async fn send(
    example: &Example,
    shared: &Shared,
    order: (usize, usize),
    vars: Option<&BTreeMap<String, String>>,
) -> Sent {
    let mut result = blank(example, order);
    // An example with its own simulated answer is judged against it (its pinned route).
    let own_answer = example.simulated.is_some() && shared.sample_values;
    let mut planned = match planned(example, shared, vars, own_answer) {
        Ok(planned) => planned,
        Err(reason) => {
            // A documented body that cannot be read is an error of the example, not a skip.
            if matches!(reason, Reason::UnreadableBody { .. }) {
                result.outcome = Outcome::Error;
            }
            result.reason = Some(reason);
            return Sent::Skipped(result);
        }
    };
    result.request = Some(sent(&planned));
    if own_answer {
        let value = exemplar_mock::pin(&example.file, example.line());
        let pin = plan::HeaderValue {
            value,
            secret: false,
        };
        planned
            .headers
            .push((exemplar_mock::PIN_HEADER.to_owned(), pin));
    }
    let started = Instant::now();
    let sent_at = std::time::SystemTime::now();
    let answer = super::signed::send(shared, &planned).await;
    if let (true, Ok(observed)) = (shared.record_exchanges, &answer) {
        let took = started.elapsed();
        let exchange = super::event::Exchange::new(&planned.url, sent_at, took, observed);
        result.exchange = Some(exchange);
    }
    if let (Some(timeout), Ok(observed)) = (shared.settings.follow_operations, &answer)
        && let Some(url) = super::operation::location(&planned.url, observed)
    {
        result.operation = Some(super::operation::follow(shared, url, observed, timeout).await);
    }
    result.duration = started.elapsed();
    Sent::Replayed(result, answer)
}

/// The request to send for `example`, or why it is not sent: the mock cannot serve it, its
/// documented body cannot be read, a gate (scopes, API version) is closed, or the plan cannot
/// be made.
fn planned(
    example: &Example,
    shared: &Shared,
    vars: Option<&BTreeMap<String, String>>,
    own_answer: bool,
) -> Result<plan::Planned, Reason> {
    let settings = &shared.settings;
    let context = plan::Context {
        target: &shared.target,
        params: &settings.params,
        headers: &settings.headers,
        allow_mutations: settings.allow_mutations,
        remote_proxy: shared
            .proxy
            .as_ref()
            .is_some_and(|p| !exemplar_core::is_loopback(p)),
        sample_values: shared.sample_values,
        vars,
    };
    let key = (exemplar_mock::place(example), example.line());
    let unservable = shared.unservable.get(&key);
    if let Some(why) = unservable.filter(|_| example.response.is_some() && !own_answer) {
        let why = why.clone();
        return Err(Reason::Skipped(plan::Skip::NotServable { why }));
    }
    if let Some(response) = (example.response.as_ref())
        .filter(|r| exemplar_core::judge::unreadable_body(&r.headers, &r.body))
    {
        return Err(Reason::UnreadableBody {
            line: response.line,
        });
    }
    let gated = plan::gate(example, shared.granted.as_deref(), &shared.target);
    (gated.and_then(|()| plan::plan(example, &context))).map_err(Reason::Skipped)
}

/// Judges an answer and checks its snapshot.
pub(crate) async fn finish(
    example: Arc<Example>,
    shared: &Shared,
    place: Place,
    mut result: ExampleResult,
    answer: Result<Observed, ReplayError>,
) -> ExampleResult {
    let observed = match answer {
        Ok(observed) => observed,
        Err(error) => {
            result.outcome = Outcome::Error;
            result.reason = Some(Reason::Replay(error));
            return result;
        }
    };
    shared.note_rule_hits(&example, &observed);
    let verdict = verdict(&example, &observed, &shared.settings);
    result.outcome = if verdict.mismatches.is_empty() {
        Outcome::Passed
    } else {
        Outcome::Failed
    };
    result.bodies = verdict.bodies;
    result.fix = crate::fix::Answer::of(&example, &observed, &verdict.mismatches, &shared.redactor);
    result.fixable = result.fix.as_ref().is_some_and(|f| f.writable());
    result.mismatches = verdict.mismatches;
    check_snapshot(example, &observed, shared, place, &mut result).await;
    settle(&mut result);
    result
}

/// The judge's verdict on `observed`, by the run's match mode.
fn verdict(example: &Example, observed: &Observed, settings: &Settings) -> Verdict {
    match settings.match_mode {
        MatchMode::Schema => exemplar_core::judge::judge_schema(
            example,
            observed,
            &settings.rules,
            &settings.schemas,
        ),
        mode => judge(example, observed, &settings.rules, mode),
    }
}

/// Checks the example's snapshot, when snapshots are on, on the blocking pool.
async fn check_snapshot(
    example: Arc<Example>,
    observed: &Observed,
    shared: &Shared,
    place: Place,
    result: &mut ExampleResult,
) {
    let settings = &shared.settings;
    let (Some(store), Some(path)) = (&settings.snapshots, place.snapshot) else {
        return;
    };
    let content = snapshot::content(&example, observed, &settings.rules, &shared.redactor);
    let (store, key) = (store.clone(), place.key);
    let checked = tokio::task::spawn_blocking(move || {
        let check = store.check(&path, &key, &example, &content);
        (path, check)
    })
    .await;
    match checked {
        Ok((path, check)) => record_snapshot(result, path, check),
        Err(join) => {
            result.outcome = Outcome::Error;
            result.reason = Some(Reason::Snapshot {
                path: PathBuf::new(),
                message: join.to_string(),
            });
        }
    }
}

/// Fails a result that passed but whose followed operation did not succeed, and gives a
/// failure with no reason yet its count of mismatches.
fn settle(result: &mut ExampleResult) {
    if let Some(operation) = result.operation.as_ref().filter(|o| !o.succeeded())
        && result.outcome == Outcome::Passed
    {
        result.outcome = Outcome::Failed;
        result.reason = Some(Reason::Operation(operation.clone()));
    }
    if result.outcome == Outcome::Failed && result.reason.is_none() {
        result.reason = Some(Reason::Failed {
            mismatches: result.mismatches.len(),
            snapshot: None,
        });
    }
}

fn record_snapshot(
    result: &mut ExampleResult,
    path: PathBuf,
    check: std::io::Result<snapshot::Check>,
) {
    match check {
        Ok(check) => {
            result.snapshot = check.status;
            result.snapshot_change = check.change;
            if let Some(why) = check.failure {
                result.outcome = Outcome::Failed;
                result.reason = Some(Reason::Failed {
                    mismatches: result.mismatches.len(),
                    snapshot: Some(why),
                });
            }
        }
        Err(error) => {
            result.outcome = Outcome::Error;
            result.reason = Some(Reason::Snapshot {
                path,
                message: error.to_string(),
            });
        }
    }
}

pub(crate) fn blank(example: &Example, order: (usize, usize)) -> ExampleResult {
    ExampleResult {
        file: example.file.clone(),
        line: example.line(),
        name: example.name().map(str::to_owned),
        outcome: Outcome::Skipped,
        reason: None,
        mismatches: Vec::new(),
        request: None,
        bodies: None,
        snapshot: snapshot::Status::Off,
        snapshot_change: None,
        operation: None,
        duration: Duration::ZERO,
        order,
        scenario: None,
        fix: None,
        fixable: false,
        exchange: None,
    }
}

fn sent(planned: &Planned) -> SentRequest {
    let headers = planned
        .headers
        .iter()
        .map(|(name, value)| {
            let shown = if value.secret || is_sensitive(name) {
                "[redacted]".to_owned()
            } else {
                value.value.clone()
            };
            (name.to_ascii_lowercase(), shown)
        })
        .collect();
    SentRequest {
        method: planned.method.clone(),
        target: planned.shown.clone(),
        headers,
        body: (planned.body.as_deref()).map(|b| String::from_utf8_lossy(b).into_owned()),
    }
}
