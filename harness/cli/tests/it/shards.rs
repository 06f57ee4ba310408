//! Shards and their merge: `--partition` splits a doc set into disjoint, complete parts (checked
//! with `list`), `auto` reads each CI's variables, and `report merge` of the shards' JSON
//! reports gives what one unsharded run gives.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, exemplar_async, page, stdout};

/// Runs the binary in `dir` with `env`, outside any CI.
fn exemplar(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_exemplar"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    for var in CI_VARIABLES {
        command.env_remove(var);
    }
    command
        .envs(env.iter().copied())
        .output()
        .expect("run exemplar")
}

const CI_VARIABLES: [&str; 12] = [
    "CI",
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
    "CI_NODE_INDEX",
    "CI_NODE_TOTAL",
    "BUILDKITE_PARALLEL_JOB",
    "BUILDKITE_PARALLEL_JOB_COUNT",
    "CIRCLE_NODE_INDEX",
    "CIRCLE_NODE_TOTAL",
    "JOB_COMPLETION_INDEX",
    "EXEMPLAR_PARTITION_TOTAL",
    "EXEMPLAR_TARGET",
];

/// The examples `list --format json` prints, as `file:line`.
fn listed(dir: &Path, paths: &Path, extra: &[&str], env: &[(&str, &str)]) -> Vec<String> {
    let mut args = vec!["list", "--format", "json", paths.to_str().unwrap()];
    args.extend(extra);
    let out = exemplar(dir, &args, env);
    stdout(&out)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!("{}:{}", v["file"].as_str().unwrap(), v["line"])
        })
        .collect()
}

/// The shards of 1 to 8 of what `paths` holds are disjoint, and together all of it.
fn shards_are_disjoint_and_complete(dir: &Path, paths: &Path) {
    let all = listed(dir, paths, &[], &[]);
    assert!(all.len() > 10, "too few examples to split: {all:?}");
    let everything: BTreeSet<_> = all.iter().cloned().collect();
    for total in 1..=8 {
        let mut seen = BTreeSet::new();
        for index in 1..=total {
            let spec = format!("hash:{index}/{total}");
            for example in listed(dir, paths, &["--partition", &spec], &[]) {
                assert!(
                    seen.insert(example.clone()),
                    "{example} in two shards of {total}"
                );
            }
        }
        assert_eq!(seen, everything, "the {total} shards miss examples");
    }
}

#[test]
fn shards_of_the_fixtures_are_disjoint_and_complete() {
    shards_are_disjoint_and_complete(&support::root(), Path::new("fixtures"));
}

#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared/corpus beside the checkout")]
fn shards_of_the_corpus_are_disjoint_and_complete() {
    shards_are_disjoint_and_complete(&support::root(), &support::corpus());
}

/// The examples a run reports (JSON report on stdout), as `scenario file:line name`.
fn reported(args: &[&str]) -> Vec<String> {
    let out = exemplar(&support::root(), args, &[]);
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|record| record.get("run").is_none())
        .map(|r| {
            format!(
                "{} {}:{} {}",
                r["scenario"], r["file"], r["line"], r["name"]
            )
        })
        .collect()
}

#[test]
fn a_scenario_runs_whole_in_one_shard() {
    let run = [
        "run",
        "fixtures/docs",
        "fixtures/lifecycle",
        "--config",
        "fixtures/lifecycle/exemplar.toml",
        "--report-json",
        "-",
    ];
    let mut all = reported(&run);
    all.sort();
    assert!(
        all.iter().any(|r| r.starts_with("\"user-lifecycle\"")),
        "{all:?}"
    );
    for total in 1..=4 {
        let mut union = Vec::new();
        let mut holding = 0;
        for index in 1..=total {
            let shard = format!("{index}/{total}");
            let mut args = run.to_vec();
            args.extend(["--shard", &shard]);
            let got = reported(&args);
            let scenario = got.iter().filter(|r| r.contains("user-lifecycle")).count();
            assert!(scenario == 0 || scenario == 4, "a scenario split: {got:?}");
            holding += usize::from(scenario == 4);
            union.extend(got);
        }
        union.sort();
        assert_eq!(
            union, all,
            "the shards of {total} are not the whole run once"
        );
        assert_eq!(
            holding, 1,
            "the scenario ran in {holding} shards of {total}"
        );
    }
}

#[test]
fn auto_reads_the_job_index_of_each_ci() {
    let root = support::root();
    let docs = Path::new("fixtures/docs");
    let hash = |spec: &str| listed(&root, docs, &["--shard", spec], &[]);
    let auto = |env: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["--partition", "auto"];
        args.extend(extra);
        listed(&root, docs, &args, env)
    };
    let gitlab = [("CI_NODE_INDEX", "2"), ("CI_NODE_TOTAL", "3")];
    assert_eq!(auto(&gitlab, &[]), hash("2/3"));
    let buildkite = [
        ("BUILDKITE_PARALLEL_JOB", "1"),
        ("BUILDKITE_PARALLEL_JOB_COUNT", "3"),
    ];
    assert_eq!(auto(&buildkite, &[]), hash("2/3"));
    let circle = [("CIRCLE_NODE_INDEX", "0"), ("CIRCLE_NODE_TOTAL", "2")];
    assert_eq!(auto(&circle, &[]), hash("1/2"));
    let kubernetes = [("JOB_COMPLETION_INDEX", "2")];
    assert_eq!(auto(&kubernetes, &["--partition-total", "3"]), hash("3/3"));
    let from_env = [
        ("JOB_COMPLETION_INDEX", "2"),
        ("EXEMPLAR_PARTITION_TOTAL", "3"),
    ];
    assert_eq!(auto(&from_env, &[]), hash("3/3"));
    // A shard holds some examples, not all, so equal lists above say something.
    assert!(!hash("2/3").is_empty() && hash("2/3").len() < hash("1/1").len());
}

/// Extra flags, the environment, and what the error must say.
type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

#[test]
fn a_partition_that_cannot_be_used_is_explained_with_exit_2() {
    let root = support::root();
    let cases: [Case; 4] = [
        (
            &["--shard", "5/4"],
            &[],
            "K must be at least 1 and at most N",
        ),
        (&["--partition", "auto"], &[], "no CI job index found"),
        (
            &["--partition", "auto"],
            &[("JOB_COMPLETION_INDEX", "0")],
            "no total is known; give it with --partition-total N",
        ),
        (&["--partition", "3-of-4"], &[], "write `hash:K/N`"),
    ];
    for (extra, env, says) in cases {
        let mut args = vec!["run", "fixtures/docs"];
        args.extend(extra);
        let out = exemplar(&root, &args, env);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn an_empty_shard_exits_0_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    let answer = "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"n\": 1}";
    std::fs::write(dir.path().join("docs/one.md"), page("GET /one", "", answer)).unwrap();
    let mut ran = 0;
    for index in 1..=4 {
        let shard = format!("{index}/4");
        let out = exemplar(dir.path(), &["run", "docs", "--shard", &shard], &[]);
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
        if stdout(&out).contains("1 passed") {
            ran += 1;
        } else {
            assert!(
                stdout(&out).contains(&format!(
                    "note: shard {shard} holds none of the 1 examples in docs"
                )),
                "{}",
                stdout(&out)
            );
        }
    }
    assert_eq!(ran, 1, "the page ran in exactly one shard");
}

/// Nine pages: most pass, two fail (one of them twice on a page), one is skipped.
fn nine_pages(dir: &Path) {
    std::fs::create_dir_all(dir.join("docs/api")).unwrap();
    for i in 0..9 {
        let answer = format!("HTTP/1.1 200 OK\nContent-type: application/json\n\n{{\"n\": {i}}}");
        let url = if i == 4 {
            "GET /items/{id}".to_owned()
        } else {
            format!("GET /items/{i}")
        };
        std::fs::write(
            dir.join(format!("docs/api/p{i}.md")),
            page(&url, "", &answer),
        )
        .unwrap();
    }
}

async fn items() -> MockServer {
    let server = MockServer::start().await;
    for i in 0..9 {
        // Pages 2 and 7 answer something else than documented.
        let n = if i == 2 || i == 7 { 100 + i } else { i };
        Mock::given(method("GET"))
            .and(path(format!("/items/{i}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "n": n })))
            .mount(&server)
            .await;
    }
    server
}

/// The report for people without durations: `(N ms)` and `in N.NNs` vary from run to run.
fn without_times(text: &str) -> String {
    let ms = regex_lite_replace(text, " (", " ms)");
    ms.lines()
        .map(|l| match l.split_once(" skipped in ") {
            Some((totals, _)) => format!("{totals} skipped"),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Removes every `open…close` span whose inside is a number.
fn regex_lite_replace(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        let after = &rest[at + open.len()..];
        match after.find(close) {
            Some(end) if after[..end].chars().all(|c| c.is_ascii_digit()) => {
                out.push_str(&rest[..at]);
                rest = &after[end + close.len()..];
            }
            _ => {
                out.push_str(&rest[..at + open.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// JUnit's counts: test cases, failures, errors, skipped.
fn junit_counts(xml: &str) -> [usize; 4] {
    ["<testcase", "<failure", "<error", "<skipped"].map(|tag| xml.matches(tag).count())
}

/// Runs shard `k/3` of `docs` against `uri` for each `k`, reporting to `s<k>.json`.
async fn three_shards(dir: &Path, uri: &str) -> Vec<Output> {
    let mut outputs = Vec::new();
    for k in 1..=3 {
        let (shard, report) = (format!("{k}/3"), format!("s{k}.json"));
        let args = [
            "run",
            "docs",
            "--target",
            uri,
            "--shard",
            &shard,
            "--report-json",
            &report,
        ];
        outputs.push(exemplar_async(dir, &args, &[]).await);
    }
    outputs
}

#[tokio::test]
async fn a_merge_of_three_shards_equals_one_unsharded_run() {
    let dir = tempfile::tempdir().unwrap();
    nine_pages(dir.path());
    let server = items().await;
    let uri = server.uri();
    let whole = [
        "run",
        "docs",
        "--target",
        &uri,
        "--report-junit",
        "whole.xml",
    ];
    let unsharded = exemplar_async(dir.path(), &whole, &[]).await;
    for out in three_shards(dir.path(), &uri).await {
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stdout(&out));
    }
    let merge = [
        "report",
        "merge",
        "s1.json",
        "s2.json",
        "s3.json",
        "--report-junit",
        "m.xml",
        "--report-html",
        "m.html",
    ];
    let merged = exemplar(dir.path(), &merge, &[]);
    assert_eq!(merged.status.code(), unsharded.status.code());
    assert_eq!(merged.status.code(), Some(1));
    assert!(
        merged.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    same_lines_for_people(&unsharded, &merged);
    let read = |file: &str| std::fs::read_to_string(dir.path().join(file)).unwrap();
    assert_eq!(
        junit_counts(&read("m.xml")),
        junit_counts(&read("whole.xml"))
    );
    assert_eq!(junit_counts(&read("m.xml")), [9, 2, 0, 1]);
    // The HTML report of the whole, from the same events.
    let html = read("m.html");
    assert!(html.contains("<html") && html.contains("p2.md"), "{html}");
}

/// The same lines for people (the header of a run aside), the failures in detail included.
fn same_lines_for_people(unsharded: &Output, merged: &Output) {
    let people = stdout(unsharded);
    let people = people.split_once('\n').unwrap().1;
    let mut expected: Vec<String> = without_times(people).lines().map(str::to_owned).collect();
    let mut got: Vec<String> = without_times(&stdout(merged))
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        got.last(),
        Some(&"6 passed, 2 failed, 1 skipped".to_owned())
    );
    // Lines of examples come as they finish: compare them as sets, the rest as written.
    let passes = |lines: &mut Vec<String>| -> BTreeSet<String> {
        let (streamed, rest): (Vec<_>, Vec<_>) = lines
            .drain(..)
            .partition(|l| ["PASS ", "FAIL ", "SKIP "].iter().any(|p| l.starts_with(p)));
        *lines = rest;
        streamed.into_iter().collect()
    };
    assert_eq!(passes(&mut got), passes(&mut expected));
    assert_eq!(got, expected);
}

#[tokio::test]
async fn duplicated_and_missing_shards_are_named() {
    let dir = tempfile::tempdir().unwrap();
    nine_pages(dir.path());
    let server = items().await;
    let uri = server.uri();
    three_shards(dir.path(), &uri).await;
    let merged = exemplar(
        dir.path(),
        &["report", "merge", "s1.json", "s3.json", "s3.json"],
        &[],
    );
    assert_eq!(
        String::from_utf8_lossy(&merged.stderr),
        "warning: shard 3/3 is given twice (s3.json and s3.json); s3.json is left out\n\
         error: shard 2/3 is missing: its examples are not in this verdict\n"
    );
    assert_eq!(merged.status.code(), Some(1));
    // A report of an older exemplar (no run line) merges, with a warning.
    let old: String = std::fs::read_to_string(dir.path().join("s1.json"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("{\"run\""))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("old.json"), old).unwrap();
    let merged = exemplar(dir.path(), &["report", "merge", "old.json"], &[]);
    assert!(
        String::from_utf8_lossy(&merged.stderr).contains(
            "warning: old.json has no run line (an older exemplar, or a report cut short): \
             whether every shard is here cannot be checked"
        ),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    // A file that is not a report is named with its line, exit 2.
    std::fs::write(dir.path().join("junk.json"), "{\"run\": 1}\n").unwrap();
    let junk = exemplar(dir.path(), &["report", "merge", "junk.json"], &[]);
    assert_eq!(junk.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&junk.stderr).contains("junk.json:1: not a record"));
}
