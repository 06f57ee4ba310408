//! Judging an answer: the documented example and what the server answered in, the findings out.
//! Pure; the answer's body was parsed once, when it was read, and is only looked at here.

use serde_json::Value;

use crate::compare::{self, MatchMode, Mismatch, Observed, ObservedBody, Rules};
use crate::model::{Body, Example};

/// What judging an answer found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Verdict {
    /// Every difference from the docs; none means the example passed.
    pub mismatches: Vec<Mismatch>,
    /// The documented and the observed JSON bodies, normalised, when they differ: what a
    /// report shows as a diff.
    pub bodies: Option<(Value, Value)>,
}

/// Holds `observed` against the response `example` documents (an example without one has
/// nothing to hold it against: planning skips those).
pub fn judge(example: &Example, observed: &Observed, rules: &Rules, mode: MatchMode) -> Verdict {
    let Some(expected) = &example.response else {
        return Verdict::default();
    };
    let mismatches = compare::compare(expected, observed, rules, mode);
    let bodies = match (&expected.body, &observed.body) {
        (Body::Json { value, .. }, ObservedBody::Json(actual)) if !mismatches.is_empty() => Some((
            rules.normalize(value.clone()),
            rules.normalize(actual.clone()),
        )),
        _ => None,
    };
    Verdict { mismatches, bodies }
}

/// Whether a documented body cannot be read as the JSON its Content-Type promises (or that it
/// starts like): such a response cannot be held against any answer, and `lint` reports it as
/// `invalid-body`.
pub fn unreadable_body(headers: &crate::model::Headers, body: &Body) -> bool {
    let Body::Text { text } = body else {
        return false;
    };
    let media = headers.get("content-type").map(|v| compare::media_type(v));
    let promised = media.is_some_and(|m| m.ends_with("/json") || m.ends_with("+json"));
    let starts = matches!(text.trim_start().chars().next(), Some('{' | '['));
    (promised && serde_json::from_str::<Value>(text.trim()).is_err()) || starts
}

/// [`judge`] for `--match schema`: status and documented headers as always, and the answer's
/// JSON body held against the service's types (each problem a mismatch at its pointer) instead
/// of the documented values.
pub fn judge_schema(
    example: &Example,
    observed: &Observed,
    rules: &Rules,
    schemas: &crate::schema::Schemas,
) -> Verdict {
    let Some(expected) = &example.response else {
        return Verdict::default();
    };
    let mut mismatches = compare::compare(expected, observed, rules, MatchMode::Schema);
    if let ObservedBody::Json(body) = &observed.body {
        let status = observed.status;
        mismatches.extend(crate::schema::answer(example, status, body, schemas));
    }
    Verdict {
        mismatches,
        bodies: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Example {
        let page = "<!-- {\"blockType\": \"request\"} -->\n```http\nGET /me\n```\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 200 OK\n\n{\"a\": 1, \"id\": \"87d349ed-44d7-43e1-9a83-5f2406dee5bd\"}\n```\n";
        crate::extract("me.md", page).examples.remove(0)
    }

    fn answer(body: &str) -> Observed {
        Observed {
            json_text: None,
            status: 200,
            headers: Default::default(),
            body: ObservedBody::from_bytes(body.as_bytes().to_vec()),
        }
    }

    #[test]
    fn a_matching_answer_has_no_findings_and_no_diff() {
        let verdict = judge(
            &example(),
            &answer(r#"{"a": 1.0, "id": "0d1e2f3a-44d7-43e1-9a83-5f2406dee5bd"}"#),
            &Rules::default(),
            MatchMode::Exact,
        );
        assert_eq!(verdict, Verdict::default());
    }

    #[test]
    fn a_differing_answer_carries_both_bodies_normalised() {
        let verdict = judge(
            &example(),
            &answer(r#"{"a": 2, "id": "0d1e2f3a-44d7-43e1-9a83-5f2406dee5bd"}"#),
            &Rules::default(),
            MatchMode::Exact,
        );
        assert_eq!(verdict.mismatches.len(), 1);
        let (documented, observed) = verdict.bodies.expect("bodies");
        assert_eq!(documented["id"], observed["id"]);
        assert_eq!(
            (documented["a"].as_i64(), observed["a"].as_i64()),
            (Some(1), Some(2))
        );
    }
}
