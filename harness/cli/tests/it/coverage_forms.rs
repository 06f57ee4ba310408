//! `exemplar coverage`: URL forms past a function (overloads told apart by their arguments, a
//! function called on what another returns, navigation into what a function returns) and
//! through a complex property, from the service root (`~/`), each matched to its operation.

use serde_json::{Value, json};

use crate::support::{exemplar, root, stdout};

const DOCS: &str = "fixtures/coverage/forms";
const CSDL: &str = "fixtures/coverage/forms.csdl.xml";

fn records() -> Vec<Value> {
    let out = exemplar(
        &root(),
        &["coverage", DOCS, "--metadata", CSDL, "--format", "json"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (stdout(&out).lines())
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// The lines (documented) and example names of the operation `method template`.
fn calls(lines: &[Value], method: &str, template: &str) -> (Vec<u64>, Vec<String>) {
    let record = (lines.iter())
        .find(|l| l["method"] == method && l["template"] == template)
        .unwrap_or_else(|| panic!("no operation {method} {template}"));
    let documented = (record["documented"].as_array().expect("documented").iter())
        .filter_map(|d| d["line"].as_u64())
        .collect();
    let examples = (record["examples"].as_array().expect("examples").iter())
        .filter_map(|e| e["name"].as_str().map(str::to_owned))
        .collect();
    (documented, examples)
}

/// See: issue 21, matcher limits found by hand-checking.
#[test]
fn urls_past_a_function_find_the_function_they_call() {
    let lines = records();
    let worksheet = "/me/drive/items/{id}/workbook/worksheets/{id}";
    // `range` bare is the overload without parameters, `range(address=…)` the other one.
    assert_eq!(
        calls(&lines, "GET", &format!("{worksheet}/range()")),
        (vec![10], vec![])
    );
    // Navigation into what `range(address=…)` returns (not counted: the range type is reached
    // only through the function) is a call of the function.
    assert_eq!(
        calls(
            &lines,
            "GET",
            &format!("{worksheet}/range(address={{address}})")
        ),
        (vec![12, 16], vec!["get_range".to_owned()])
    );
    // A function bound to what a function returns: `range(…)/column`, `range(…)/visibleView`.
    assert_eq!(
        calls(
            &lines,
            "GET",
            "/{microsoft.graph.workbookRange}/column(column={column})"
        ),
        (vec![11], vec![])
    );
    assert_eq!(
        calls(
            &lines,
            "GET",
            "/{microsoft.graph.workbookRange}/visibleView()"
        ),
        (vec![29], vec!["get_visible_rows".to_owned()])
    );
}

/// See: issue 21, matcher limits found by hand-checking.
#[test]
fn a_navigation_property_through_a_complex_property_is_its_own_operation() {
    let lines = records();
    let flow = "/identity/b2xUserFlows/{id}";
    assert_eq!(
        calls(
            &lines,
            "GET",
            &format!("{flow}/apiConnectorConfiguration/postFederationSignup")
        ),
        (vec![11, 15], vec!["get_post_federation_signup".to_owned()])
    );
    // The complex property itself is read with its entity.
    assert_eq!(calls(&lines, "GET", flow), (vec![10], vec![]));
    let unmatched: Vec<_> = lines.iter().filter_map(|l| l.get("unmatched")).collect();
    assert_eq!(unmatched, Vec::<&Value>::new());
    let summary = &lines.last().expect("lines")["summary"];
    assert_eq!(summary["exemplified"], json!(3));
}
