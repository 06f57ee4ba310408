//! The selection flags on `run` and `list` alike: `--name GLOB` (repeatable), `--tag`,
//! `--api-version`, `--method`. What a filter leaves out is not reported at all; a selection
//! that is empty exits 4 naming the filters.

use std::path::Path;

use crate::support::{self, exemplar};

fn example(name: &str, extra: &str, request: &str, status: &str) -> String {
    format!(
        "<!-- {{ \"blockType\": \"request\", \"name\": \"{name}\"{extra} }} -->\n```http\n{request}\n```\n\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 {status}\n```\n\n"
    )
}

fn docs(dir: &Path) {
    let users = [
        example(
            "get_user",
            r#", "tags": "users""#,
            "GET https://graph.microsoft.com/v1.0/users/1",
            "204 No Content",
        ),
        example(
            "create_user",
            r#", "tags": ["Users", "write"]"#,
            "POST https://graph.microsoft.com/v1.0/users",
            "204 No Content",
        ),
    ];
    std::fs::write(dir.join("users.md"), users.concat()).unwrap();
    let mail = example(
        "get_messages",
        r#", "tags": "mail""#,
        "GET https://graph.microsoft.com/beta/me/messages",
        "204 No Content",
    );
    std::fs::write(dir.join("mail.md"), mail).unwrap();
}

/// The example names `run` reported and `list` listed, each sorted, and the exit codes.
fn selected(dir: &Path, filters: &[&str]) -> ((i32, Vec<String>), (i32, Vec<String>)) {
    let run = exemplar(dir, &[&["run", "."][..], filters].concat());
    let mut ran: Vec<String> = crate::support::stdout(&run)
        .lines()
        .filter(|l| l.starts_with("PASS ") || l.starts_with("FAIL ") || l.starts_with("SKIP "))
        .filter_map(|l| l.split_whitespace().nth(2).map(str::to_owned))
        .collect();
    ran.sort();
    let list = exemplar(
        dir,
        &[&["list", "--format", "json", "."][..], filters].concat(),
    );
    let mut listed: Vec<String> = crate::support::stdout(&list)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    listed.sort();
    (
        (run.status.code().unwrap(), ran),
        (list.status.code().unwrap(), listed),
    )
}

#[test]
fn each_selection_flag_picks_the_same_examples_on_run_and_list() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    let cases: [(&[&str], &[&str]); 7] = [
        (&[], &["create_user", "get_messages", "get_user"]),
        (&["--name", "get_*"], &["get_messages", "get_user"]),
        (
            &["--name", "create_user", "--name", "get_m*"],
            &["create_user", "get_messages"],
        ),
        (&["--tag", "USERS"], &["create_user", "get_user"]),
        (&["--api-version", "beta"], &["get_messages"]),
        (&["--method", "post"], &["create_user"]),
        (&["--tag", "users", "--method", "GET"], &["get_user"]),
    ];
    for (filters, names) in cases {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let ((run_code, ran), (list_code, listed)) = selected(dir.path(), filters);
        assert_eq!((run_code, &ran), (0, &names), "run {filters:?}");
        assert_eq!((list_code, &listed), (0, &names), "list {filters:?}");
    }
}

#[test]
fn a_selection_left_empty_by_filters_exits_4_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    let run = exemplar(
        dir.path(),
        &["run", ".", "--tag", "mail", "--method", "DELETE"],
    );
    assert_eq!(run.status.code(), Some(4));
    assert!(
        crate::support::stdout(&run)
            .contains("error: no examples selected in . (--tag mail --method delete): check the paths and filters"),
        "{run:?}"
    );
    let list = exemplar(dir.path(), &["list", ".", "--name", "nothing_*"]);
    assert_eq!(list.status.code(), Some(4));
    assert_eq!(
        String::from_utf8_lossy(&list.stderr),
        "error: no examples selected in . (--name nothing_*): check the paths and filters\n"
    );
    let bad = exemplar(dir.path(), &["run", ".", "--name", "get_[user"]);
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
}

/// README's "start small" step selects something on the real Graph docs (whose pages carry no
/// `tags`): its `list` line, run over the corpus, lists examples. See: issue 23, item 10.
#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared/corpus beside the checkout")]
fn the_readme_start_small_filter_selects_real_examples() {
    let readme = std::fs::read_to_string(support::root().join("README.md")).unwrap();
    let step = readme
        .split("Start small, then widen:")
        .nth(1)
        .expect("the step");
    let line = (step.lines())
        .find(|l| l.starts_with("exemplar list docs"))
        .expect("its list line");
    let command = line.split('#').next().unwrap().trim();
    let args: Vec<String> = command
        .split_whitespace()
        .skip(1)
        .map(|a| a.trim_matches('\'').replace("docs", "."))
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = support::exemplar(&support::corpus(), &args);
    let listed = support::stdout(&out).lines().count();
    assert_eq!(out.status.code(), Some(0), "{command}");
    assert!(listed > 0, "{command} selects nothing");
}
