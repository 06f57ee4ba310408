//! The command line as a user meets it: output formats, paths and exit codes.

use crate::support::{self, exemplar, stdout};

#[test]
fn list_json_has_the_documented_fields_with_paths_relative_to_the_argument() {
    let out = exemplar(&support::root(), &["list", "--format", "json", "fixtures"]);
    // fixtures/invalid holds a binary page and one that is not UTF-8: each named once on
    // stderr, and the listing goes on.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(
        stderr.contains("invalid/binary-file.md: ") && stderr.contains("invalid/not-utf8.md: "),
        "{stderr}"
    );
    let rows: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let user = rows
        .iter()
        .find(|r| r["name"] == "get_user" && r["file"] == "docs/get-user.md")
        .expect("get_user of fixtures/docs/get-user.md listed as docs/get-user.md");
    assert_eq!(user["line"], 19);
    assert_eq!(user["method"], "GET");
    assert_eq!(user["url"], "https://graph.microsoft.com/v1.0/users/{id}");
    let response = &user["response"];
    assert_eq!(response["line"], 32);
    assert_eq!(response["status"], 200);
    assert_eq!(response["headers"]["content-type"], "application/json");
    assert_eq!(response["body"]["displayName"], "Adele Vance");
    assert_eq!(response["truncated"], true);
    assert_eq!(response["odata_type"], "microsoft.graph.user");
    assert_eq!(response["is_collection"], false);
    let keys: Vec<_> = user.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "body", "file", "headers", "line", "method", "name", "response", "url", "version"
        ]
    );
    let lonely = rows
        .iter()
        .find(|r| r["name"] == "list_children")
        .expect("unpaired listed");
    assert!(lonely["response"].is_null());
}

#[test]
fn list_of_a_single_file_names_the_file_itself() {
    let out = exemplar(&support::root(), &["list", "fixtures/docs/get-user.md"]);
    assert_eq!(
        stdout(&out),
        "get-user.md:19  GET https://graph.microsoft.com/v1.0/users/{id}  -> 200  [get_user]\n"
    );
}

#[test]
fn lint_exits_zero_on_warnings_one_on_errors_and_on_missing_paths() {
    let warnings = exemplar(&support::root(), &["lint", "fixtures/docs"]);
    assert_eq!(warnings.status.code(), Some(0));
    assert!(
        stdout(&warnings).ends_with("0 errors, 0 warnings in 11 files\n"),
        "{}",
        stdout(&warnings)
    );

    let errors = exemplar(
        &support::root(),
        &["lint", "fixtures/invalid/unknown-block-type.md"],
    );
    assert_eq!(errors.status.code(), Some(1));

    // A path that is not there is a bad invocation (DESIGN §6), said once.
    let missing = exemplar(&support::root(), &["lint", "no/such/dir"]);
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(
        stderr.trim_end(),
        "error: no/such/dir: no such file or directory (a path named on the command line must exist)"
    );
}

#[test]
fn lint_json_lines_carry_location_severity_and_code() {
    let out = exemplar(
        &support::root(),
        &[
            "lint",
            "--format",
            "json",
            "fixtures/invalid/reason-phrase-mismatch.md",
        ],
    );
    let row: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(
        row,
        serde_json::json!({
            "file": "reason-phrase-mismatch.md", "line": 10, "column": 1, "severity": "warning",
            "code": "reason-phrase-mismatch",
            "message": "reason phrase `Accpted` does not match status 202: write `202 Accepted`"
        })
    );
}

#[test]
fn bad_flags_are_exit_two_with_help() {
    let out = exemplar(&support::root(), &["list", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let help = exemplar(&support::root(), &["--help"]);
    let text = stdout(&help);
    assert!(text.contains("list") && text.contains("lint"), "{text}");
}

/// A reader that goes away (`exemplar list | head -1`) ends the output quietly, as ripgrep does.
#[test]
fn a_closed_pipe_ends_quietly() {
    // More output than a pipe holds, so the writer meets the closed end.
    let dir = tempfile::tempdir().unwrap();
    let page = support::page("GET /users/{id}", "", "HTTP/1.1 204 No Content");
    for n in 0..2000 {
        std::fs::write(dir.path().join(format!("p{n:04}.md")), &page).unwrap();
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_exemplar"))
        .args(["list", ".", "--jobs", "1"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    std::io::BufRead::read_line(&mut stdout, &mut first).unwrap();
    assert!(first.contains("  -> "), "{first}");
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// Help as a user's terminal shows it: 100 columns wide whatever the test runner's `COLUMNS`.
fn help(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_exemplar"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("run exemplar");
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    stdout(&out)
}

/// Each invocation and what it prints on stderr up to the first blank line, with its exit code.
fn refusals(invocations: &[&[&str]]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for args in invocations {
        let out = exemplar(dir.path(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.split("\n\n").next().unwrap_or_default().trim_end();
        let code = out.status.code().unwrap_or(-1);
        text.push_str(&format!(
            "$ exemplar {}\n{first}\n(exit {code})\n\n",
            args.join(" ")
        ));
    }
    text
}

/// `--jobs` and every other value are checked when the flags are read, by one parser per kind
/// of value, and refused in clap's words; an enumerated value lists its choices.
/// See: issue 14, "the first hour".
#[test]
fn issue_14_flags_are_refused_the_same_way_by_every_command() {
    let text = refusals(&[
        &["list", "--jobs", "0"],
        &["lint", "--jobs", "0"],
        &["run", "--jobs", "0"],
        &["list", "-j", "many"],
        &["list", "--format", "yaml"],
        &["run", "--match", "fuzzy"],
        &["run", "--timeout", "0"],
        &["run", "--retries", "101"],
        &["run", "--max-body", "10MB"],
        &["run", "--target", "ftp://example.com"],
    ]);
    support::settings().bind(|| insta::assert_snapshot!("flag_refusals", text));
}

/// A target written without its scheme says the URL it most likely means.
/// See: issue 14, "the first hour".
#[test]
fn issue_14_a_target_without_a_scheme_suggests_http() {
    let text = refusals(&[
        &["run", "--target", "127.0.0.1:8771"],
        &["run", "--target", "localhost:8771"],
    ]);
    support::settings().bind(|| insta::assert_snapshot!("target_without_scheme", text));
}

/// `--jobs` says on each command what it bounds and its default; `--format` and `--match` list
/// their choices and default.
#[test]
fn issue_14_help_gives_choices_defaults_and_what_jobs_bounds() {
    let list = help(&["list", "--help"]);
    let run = help(&["run", "--help"]);
    let start = run.find("  -j, --jobs").expect("--jobs");
    let end = run.find("      --ignore").expect("--ignore");
    let text = format!(
        "$ exemplar list --help\n{list}\n$ exemplar run --help (--jobs to --match)\n{}",
        &run[start..end]
    );
    support::settings().bind(|| insta::assert_snapshot!("help_choices_and_defaults", text));
    let lint = help(&["lint", "--help"]);
    // Lint and list share their reading flags (each has flags of its own besides).
    let block = |text: &str, flag: &str| {
        let start = text.find(flag).expect("flag");
        let len = text[start..].find("\n\n").expect("end of block");
        text[start..start + len].to_owned()
    };
    for flag in ["      --format", "  -j, --jobs"] {
        assert_eq!(
            block(&lint, flag),
            block(&list, flag),
            "lint and list share {flag}"
        );
    }
    // `list` takes the selection flags of `run` besides.
    let list_options = &list[list.find("Options:").expect("options")..];
    assert!(list_options.contains("--name <GLOB>") && run.contains("--name <GLOB>"));
}

/// The top-level help names the exit codes and the config file; `exemplar help config` lists
/// every key with its flag and variable, as `exemplar config` does.
#[test]
fn issue_14_help_names_exit_codes_and_every_config_key() {
    let top = help(&["--help"]);
    support::settings().bind(|| insta::assert_snapshot!("help_top_level", top));
    let reference = help(&["help", "config"]);
    support::settings().bind(|| insta::assert_snapshot!("help_config", reference));
    let printed = help(&["config"]);
    assert!(reference.starts_with(printed.trim_end()), "{printed}");
}

/// Every command's definition holds together: the binary is a debug build, where clap checks
/// each command as it is built, so asking each for its help fails on a malformed one.
#[test]
fn the_command_line_is_well_formed() {
    let commands = [
        "list", "lint", "serve", "run", "review", "accept", "reject", "coverage", "export",
        "config", "codes",
    ];
    for command in commands {
        let out = exemplar(&support::root(), &[command, "--help"]);
        assert_eq!(out.status.code(), Some(0), "{command} --help");
    }
    let out = exemplar(&support::root(), &["report", "merge", "--help"]);
    assert_eq!(out.status.code(), Some(0), "report merge --help");
}

/// `exemplar help config` names a flag for keys; each must be a flag of `run`.
#[test]
fn every_flag_the_config_reference_names_is_a_flag_of_run() {
    let help = stdout(&exemplar(&support::root(), &["run", "--help"]));
    let flagged = exemplar_run::config::KEYS
        .iter()
        .filter(|k| k.flag.is_some());
    assert!(flagged.clone().count() > 10, "the keys name their flags");
    for key in flagged {
        let Some(flag) = key.flag else { continue };
        let long = flag.split([' ', '=']).next().unwrap_or_default();
        assert!(
            help.contains(&format!("{long} ")) || help.contains(&format!("{long}\n")),
            "{} names {long}, which `run --help` does not show",
            key.name
        );
    }
}
