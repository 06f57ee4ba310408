//! Property: applying the fix edits to a documented body gives text whose lenient reading agrees
//! with the answer, and lines of members that did not change stay as they were.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::{apply, edits_in_order};
use crate::compare::{self, MatchMode, Observed, ObservedBody, Rules};

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i32>().prop_map(Value::from),
        (-1000i32..1000).prop_map(|n| json!(f64::from(n) / 8.0)),
        "[a-z ']{0,8}".prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ]
}

fn document() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-f]", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Applies change `op` somewhere in `value`, walking down by `path`.
fn change(value: &mut Value, path: &[usize], op: u8, new: &Value) {
    match value {
        Value::Object(map) if !map.is_empty() && !path.is_empty() => {
            let key = map
                .keys()
                .nth(path[0] % map.len())
                .cloned()
                .unwrap_or_default();
            if path.len() == 1 || op % 4 == 3 {
                match op % 3 {
                    0 => drop(map.remove(&key)),
                    1 => drop(map.insert(format!("{key}z"), new.clone())),
                    _ => drop(map.insert(key, new.clone())),
                }
            } else if let Some(child) = map.get_mut(&key) {
                change(child, &path[1..], op, new);
            }
        }
        Value::Array(items) if !items.is_empty() && !path.is_empty() => {
            let i = path[0] % items.len();
            match (path.len(), op % 3) {
                (1, 0) => drop(items.pop()),
                (1, 1) => items.push(new.clone()),
                (1, _) => items[i] = new.clone(),
                _ => change(&mut items[i], &path[1..], op, new),
            }
        }
        Value::Object(map) => drop(map.insert("n".into(), new.clone())),
        other => *other = new.clone(),
    }
}

/// `value` as an author might write it: `unit` indentation, comments after some members.
fn write(value: &Value, indent: &str, unit: &str, out: &mut String) {
    let inner = format!("{indent}{unit}");
    let (open, close, items): (char, char, Vec<(Option<&String>, &Value)>) = match value {
        Value::Object(m) if !m.is_empty() => {
            ('{', '}', m.iter().map(|(k, v)| (Some(k), v)).collect())
        }
        Value::Array(a) if !a.is_empty() => ('[', ']', a.iter().map(|v| (None, v)).collect()),
        other => return out.push_str(&other.to_string()),
    };
    out.push(open);
    out.push('\n');
    for (i, (key, item)) in items.iter().enumerate() {
        out.push_str(&inner);
        if let Some(key) = key {
            out.push_str(&format!("{}: ", Value::from(key.as_str())));
        }
        write(item, &inner, unit, out);
        out.push_str(if i + 1 < items.len() { "," } else { "" });
        out.push_str(if i % 2 == 1 { " // note\n" } else { "\n" });
    }
    out.push_str(indent);
    out.push(close);
}

/// `body` with the values of some top-level scalar members (every third, from `seed`) written
/// `...`, as authors elide them.
fn elided(body: &str, seed: usize) -> String {
    let spans = crate::doc::lenient::layout(body).unwrap_or_default();
    let mut out = body.to_owned();
    let top = spans.iter().filter(|s| s.pointer.matches('/').count() == 1);
    let ranges: Vec<_> = top
        .enumerate()
        .filter(|(i, _)| (i + seed) % 3 == 0)
        .filter_map(|(_, s)| s.value.clone())
        .filter(|r| !matches!(&body[r.start..r.start + 1], "{" | "["))
        .collect();
    for range in ranges.into_iter().rev() {
        out.replace_range(range, "...");
    }
    out
}

/// The answer as a service might write it: its top-level members in reverse order.
fn reversed(answer: &Value) -> String {
    let Value::Object(map) = answer else {
        return answer.to_string();
    };
    let members: Vec<String> = map
        .iter()
        .rev()
        .map(|(k, v)| format!("{}: {v}", Value::from(k.as_str())))
        .collect();
    format!("{{{}}}", members.join(", "))
}

/// Lines of members whose value is a scalar that did not change: they must survive the fix.
fn steady_lines(text: &str, documented: &Value, answer: &Value) -> Vec<String> {
    let spans = crate::doc::lenient::layout(text).unwrap_or_default();
    spans
        .iter()
        .filter(|s| {
            s.pointer
                .rsplit('/')
                .next()
                .is_some_and(|k| k.parse::<usize>().is_err())
        })
        .filter(|s| {
            let (d, a) = (documented.pointer(&s.pointer), answer.pointer(&s.pointer));
            d.is_some_and(|d| !d.is_object() && !d.is_array() && Some(d) == a)
        })
        .filter_map(|s| Some(text[s.start..s.value.as_ref()?.end].to_owned()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn edits_make_the_documented_text_read_as_the_answer(
        documented in prop::collection::btree_map("[a-f]", document(), 1..5),
        changes in prop::collection::vec((prop::collection::vec(0usize..8, 1..4), 0u8..12, scalar()), 1..4),
        tabs in any::<bool>(),
        truncated in any::<bool>(),
        elide in prop::option::of(0usize..3),
        ordered in any::<bool>(),
    ) {
        let documented = Value::Object(documented.into_iter().collect());
        let mut answer = documented.clone();
        for (path, op, new) in &changes {
            change(&mut answer, path, *op, new);
        }
        let mut body = String::new();
        write(&documented, "", if tabs { "\t" } else { "    " }, &mut body);
        if let Some(seed) = elide {
            body = elided(&body, seed);
        }
        let order = ordered.then(|| reversed(&answer));
        let page = format!(
            "<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\nGET /x\n```\n\n\
             <!-- {{ \"blockType\": \"response\", \"truncated\": {truncated} }} -->\n```http\nHTTP/1.1 200 OK\n\n{body}\n```\n"
        );
        let doc = crate::extract("x.md", &page);
        let example = &doc.examples[0];
        let observed = Observed { status: 200, headers: Default::default(), body: ObservedBody::Json(answer.clone()), json_text: None };
        let rules = Rules::default();
        let found = edits_in_order(&page, example, &observed, &rules, MatchMode::Exact, order.as_deref());
        prop_assert!(found.is_ok(), "{found:?}\n{page}\n{answer}");
        let fixed = apply(&page, &found.unwrap_or_default());
        let again = crate::extract("x.md", &fixed);
        let response = again.examples[0].response.as_ref().expect("a response");
        let left = compare::compare(response, &observed, &rules, MatchMode::Exact);
        prop_assert!(left.is_empty(), "{left:?}\n{fixed}");
        // An elided `"k": ...` is filled, not followed by a second `"k"`.
        let start = fixed.find("200 OK\n\n").map_or(0, |at| at + 8);
        let fixed_body = &fixed[start..fixed.rfind("\n```").unwrap_or(fixed.len())];
        let spans = crate::doc::lenient::layout(fixed_body);
        prop_assert!(spans.is_ok(), "{spans:?}\n{fixed_body}");
        let spans = spans.unwrap_or_default();
        let pointers: std::collections::HashSet<&str> = spans.iter().map(|s| s.pointer.as_str()).collect();
        prop_assert_eq!(pointers.len(), spans.len(), "a member written twice\n{}", fixed);
        for line in steady_lines(&body, &documented, &answer) {
            let kept = |l: &str| {
                let l = l.trim_start();
                l.trim_end_matches([',', ' ']) == line
                    || l.starts_with(&format!("{line} //"))
                    || l.starts_with(&format!("{line}, //"))
            };
            prop_assert!(fixed.lines().any(kept), "lost {line:?}\n{fixed}");
        }
    }
}
