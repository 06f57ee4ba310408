//! The scenarios checked against the examples read, before anything is sent: every name names
//! an example (else the closest names are suggested), every capture fills a placeholder of a
//! later step, no step needs a value only it or a later step captures (a cycle), and no example
//! is under test twice. Each fault is a config error with the config file's line (exit 2).

use std::collections::{BTreeMap, BTreeSet};

use crate::config::{ConfigError, Named, Scenario};
use exemplar_core::model::{Body, Example};
use exemplar_core::plan::{alternatives, fill_braces, fill_placeholders, fill_strings};

/// Whether a `run` entry is a glob rather than a name.
pub(super) fn is_glob(name: &str) -> bool {
    name.contains(['*', '?', '['])
}

/// Checks `scenarios` against `examples` (every example read, in path order).
pub(crate) fn check(scenarios: &[Scenario], examples: &[Example]) -> Result<(), ConfigError> {
    let by_name: BTreeMap<&str, &Example> = examples
        .iter()
        .rev()
        .filter_map(|e| Some((e.name()?, e)))
        .collect();
    let mut under_test: BTreeMap<String, String> = BTreeMap::new();
    for scenario in scenarios {
        let wrong = |named: &Named, place: &str, message: String| ConfigError::Key {
            path: scenario.file.clone(),
            line: named.line,
            key: format!("scenario `{}` {place}", scenario.name.text),
            message,
        };
        // The examples of each step, in the order they run.
        let mut order: Vec<(String, &Named, Vec<&Example>)> = Vec::new();
        for (place, named) in scenario.names() {
            let found: Vec<&Example> = if place.starts_with("run") && is_glob(&named.text) {
                let glob = globset::Glob::new(&named.text)
                    .map_err(|e| wrong(named, &place, format!("not a glob: {e}")))?
                    .compile_matcher();
                let found: Vec<_> = (by_name.iter())
                    .filter(|(n, _)| glob.is_match(n))
                    .map(|(_, e)| *e)
                    .collect();
                if found.is_empty() {
                    return Err(wrong(
                        named,
                        &place,
                        format!("`{}` matches no example name", named.text),
                    ));
                }
                found
            } else {
                match by_name.get(named.text.as_str()) {
                    Some(example) => vec![*example],
                    None => return Err(wrong(named, &place, unknown(&named.text, &by_name))),
                }
            };
            if place.starts_with("run") {
                for example in &found {
                    let name = example.name().unwrap_or_default().to_owned();
                    let here = scenario.name.text.clone();
                    if let Some(other) = under_test.insert(name.clone(), here) {
                        return Err(wrong(
                            named,
                            &place,
                            format!(
                                "example `{name}` is already run by scenario `{other}`: an example runs once"
                            ),
                        ));
                    }
                }
            }
            order.push((place, named, found));
        }
        check_captures(scenario, &order).map_err(|(named, place, m)| wrong(named, &place, m))?;
    }
    Ok(())
}

type Fault<'a> = (&'a Named, String, String);

/// No step needs a capture made only at or after it (a cycle); every capture fills a
/// placeholder of a later step.
fn check_captures<'a>(
    scenario: &'a Scenario,
    order: &[(String, &'a Named, Vec<&Example>)],
) -> Result<(), Fault<'a>> {
    // Setup steps come first in `order`, one entry each.
    let captures: Vec<(usize, &String)> = (scenario.setup.iter().enumerate())
        .flat_map(|(i, step)| step.capture.keys().map(move |var| (i, var)))
        .collect();
    for (i, (place, named, found)) in order.iter().enumerate() {
        let needs: BTreeSet<String> = found.iter().flat_map(|e| placeholders(e)).collect();
        for var in needs {
            let made: Vec<usize> = (captures.iter())
                .filter(|(_, v)| **v == var)
                .map(|(at, _)| *at)
                .collect();
            if !made.is_empty() && made.iter().all(|&at| at >= i) {
                let by = &scenario.setup[made[0]].example.text;
                return Err((
                    named,
                    place.clone(),
                    format!(
                        "a cycle: `{}` needs {{{var}}}, which only `{by}` captures, at or after it",
                        named.text
                    ),
                ));
            }
        }
    }
    for &(at, var) in &captures {
        let used = order[at + 1..]
            .iter()
            .any(|(_, _, found)| found.iter().any(|e| placeholders(e).contains(var.as_str())));
        if !used {
            let step = &scenario.setup[at].example;
            let later: BTreeSet<String> = (order[at + 1..].iter())
                .flat_map(|(_, _, found)| found.iter().flat_map(|e| placeholders(e)))
                .collect();
            let later = if later.is_empty() {
                "none".to_owned()
            } else {
                later
                    .into_iter()
                    .map(|p| format!("{{{p}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Err((
                step,
                format!("setup[{at}].capture.{var}"),
                format!(
                    "capture `{var}` fills no placeholder of a later step (their placeholders: {later})"
                ),
            ));
        }
    }
    Ok(())
}

/// The names of the placeholders in an example's URL, headers and body (each alternative).
pub(crate) fn placeholders(example: &Example) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut note = |spec: &str| {
        names.extend(alternatives(spec).map(str::to_owned));
        None
    };
    let request = &example.request;
    fill_placeholders(&request.path, &mut note);
    if let Some(query) = &request.query {
        fill_placeholders(query, &mut note);
    }
    for value in request.headers.values() {
        fill_braces(value, &mut note);
    }
    match &request.body {
        Body::Empty => {}
        Body::Json { value, .. } => fill_strings(&mut value.clone(), &mut |text| {
            fill_braces(text, &mut note);
            String::new()
        }),
        Body::Text { text } => {
            fill_braces(text, &mut note);
        }
    }
    names
}

/// "no example is named …", with the closest names.
fn unknown(name: &str, by_name: &BTreeMap<&str, &Example>) -> String {
    let mut close: Vec<(usize, &str)> = (by_name.keys())
        .map(|known| (crate::config::distance(name, known), *known))
        .filter(|(d, known)| *d <= 3.max(known.len() / 3))
        .collect();
    close.sort();
    let close: Vec<String> = close
        .iter()
        .take(3)
        .map(|(_, k)| format!("`{k}`"))
        .collect();
    match close.as_slice() {
        [] => format!("no example is named `{name}` (`exemplar list` shows the names)"),
        close => format!(
            "no example is named `{name}`: did you mean {}?",
            close.join(" or ")
        ),
    }
}

#[cfg(test)]
mod tests;
