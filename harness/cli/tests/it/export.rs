//! `exemplar export` (Hurl, Postman, OpenAPI) and `run --report-har`: each format snapshotted on
//! the fixtures, its structure checked, and no secret in any of them. The tools themselves run
//! the exports in `.ci/tools-check`.

use std::process::{Command, Output};

use serde_json::Value;

use crate::support;

/// Runs `exemplar` at the repository root with `env` set and no config file read by accident.
fn exemplar(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_exemplar"));
    command
        .args(args)
        .current_dir(support::root())
        .env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("run exemplar");
    assert!(
        output.status.success(),
        "exemplar {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn export(format: &str, docs: &str, more: &[&str]) -> String {
    let mut args = vec!["export", docs, "--format", format, "--no-config"];
    args.extend(more);
    support::stdout(&exemplar(&args, &[]))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("the export is JSON")
}

#[test]
fn each_format_of_the_fixtures_is_snapshotted() {
    let settings = support::settings();
    settings.bind(|| {
        insta::assert_snapshot!("export_hurl", export("hurl", "fixtures/docs", &[]));
        insta::assert_snapshot!("export_postman", export("postman", "fixtures/docs", &[]));
        insta::assert_snapshot!("export_openapi", export("openapi", "fixtures/docs", &[]));
    });
}

#[test]
fn placeholders_become_each_tools_variables_and_path_parameters() {
    let page = "fixtures/docs/get-user.md";
    let hurl = export("hurl", page, &[]);
    assert!(
        hurl.contains("\nGET {{baseUrl}}/v1.0/users/{{id}}\n"),
        "{hurl}"
    );
    assert!(hurl.contains("# get-user.md:19 get_user\n"), "{hurl}");
    assert!(hurl.contains("jsonpath \"$.displayName\" == \"Adele Vance\""));
    // A generated value is held only to exist.
    assert!(hurl.contains("jsonpath \"$.id\" exists"), "{hurl}");

    let postman = json(&export(
        "postman",
        page,
        &["--target", "http://127.0.0.1:9"],
    ));
    let request = &postman["item"][0]["item"][0]["request"];
    assert_eq!(request["url"], "{{baseUrl}}/v1.0/users/{{id}}");
    let variables = postman["variable"].as_array().unwrap();
    assert!(variables.iter().any(|v| v["key"] == "id"));
    assert!(
        variables.contains(&serde_json::json!({"key": "baseUrl", "value": "http://127.0.0.1:9"}))
    );

    let openapi = json(&export("openapi", page, &[]));
    let item = &openapi["paths"]["/v1.0/users/{id}"];
    assert_eq!(item["parameters"][0]["name"], "id");
    assert_eq!(item["parameters"][0]["in"], "path");
    let example =
        &item["get"]["responses"]["200"]["content"]["application/json"]["examples"]["get_user"];
    assert_eq!(example["value"]["displayName"], "Adele Vance");
    assert_eq!(example["summary"], "get-user.md:19");
    // The documented type is a component, read from the body without a CSDL.
    let user = &openapi["components"]["schemas"]["microsoft.graph.user"];
    assert_eq!(user["properties"]["accountEnabled"]["type"], "boolean");
}

#[test]
fn what_a_format_cannot_express_is_exported_with_a_note() {
    let docs = "fixtures/export";
    let hurl = export("hurl", docs, &[]);
    assert_eq!(hurl.matches("\n# inexpressible.md:").count(), 2, "{hurl}");
    assert!(hurl.contains("# body sent as base64: Hurl cannot take it as written\nbase64,"));
    assert!(hurl.contains("# no documented response: any answer passes\nHTTP *"));
    // The page's own sample token stays as the page wrote it, as a variable.
    assert!(hurl.contains("Authorization: Bearer {{token}}"));

    let postman = json(&export("postman", docs, &[]));
    let items = postman["item"][0]["item"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let script = |i: usize| items[i]["event"][0]["script"]["exec"].to_string();
    assert!(script(0).contains("the documented body is not JSON: only its first line is asserted"));
    assert!(script(1).contains("no documented response: nothing is asserted"));

    let openapi = json(&export("openapi", docs, &[]));
    let delete = &openapi["paths"]["/v1.0/me/drive/items/{item-id}"]["delete"];
    assert_eq!(
        delete["responses"]["default"]["description"],
        "No documented response"
    );
}

#[test]
fn no_secret_reaches_any_export() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("exemplar.toml");
    std::fs::write(
        &config,
        "[auth]\nkind = \"bearer\"\ntoken = \"${GRAPH_TOKEN}\"\n",
    )
    .unwrap();
    let env = [
        ("GRAPH_TOKEN", "eyJ0eXAi.sign-in-secret"),
        ("API_KEY", "key-secret-9876"),
    ];
    let secrets = ["sign-in-secret", "key-secret-9876", "literal-secret-5555"];
    for format in ["hurl", "postman", "openapi"] {
        let args = [
            "export",
            "fixtures/docs/get-user.md",
            "--format",
            format,
            "--config",
            config.to_str().unwrap(),
            "--header",
            "X-Api-Key: ${API_KEY}",
            "--header",
            "X-Secret-Thing: literal-secret-5555",
        ];
        let text = support::stdout(&exemplar(&args, &env));
        for secret in secrets {
            assert!(!text.contains(secret), "{format} holds {secret}: {text}");
        }
        match format {
            "hurl" => {
                assert!(text.contains("Authorization: Bearer {{token}}\n"), "{text}");
                assert!(text.contains("X-Api-Key: {{API_KEY}}\n"), "{text}");
                assert!(
                    text.contains("X-Secret-Thing: {{X-Secret-Thing}}\n"),
                    "{text}"
                );
            }
            "postman" => {
                let collection = json(&text);
                let token = (collection["variable"].as_array().unwrap().iter())
                    .find(|v| v["key"] == "token")
                    .cloned();
                assert_eq!(
                    token,
                    Some(serde_json::json!({"key": "token", "value": ""}))
                );
            }
            _ => {
                let description = json(&text);
                let schemes = &description["components"]["securitySchemes"];
                assert_eq!(schemes["bearer"]["scheme"], "bearer");
                assert_eq!(schemes["X-Api-Key"]["in"], "header");
            }
        }
    }
}

#[test]
fn openapi_is_written_as_yaml_to_a_yaml_file_and_to_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("api.yaml");
    let args = [
        "export",
        "fixtures/docs",
        "--format",
        "openapi",
        "--no-config",
        "--output",
    ];
    exemplar(&[&args[..], &[yaml.to_str().unwrap()]].concat(), &[]);
    let text = std::fs::read_to_string(&yaml).unwrap();
    assert!(
        text.starts_with("components:") || text.contains("\nopenapi: 3.1.0\n"),
        "{text}"
    );
    exemplar(&[&args[..], &[dir.path().to_str().unwrap()]].concat(), &[]);
    let written = json(&std::fs::read_to_string(dir.path().join("openapi.json")).unwrap());
    assert_eq!(written["openapi"], "3.1.0");
}

#[test]
fn a_run_writes_a_har_entry_per_request_sent_and_merge_writes_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let (har, report) = (dir.path().join("run.har"), dir.path().join("run.json"));
    let args = [
        "run",
        "fixtures/docs",
        "--no-config",
        "--header",
        "Authorization: Bearer har-secret-31415",
        "--report-har",
        har.to_str().unwrap(),
        "--report-json",
        report.to_str().unwrap(),
    ];
    exemplar(&args, &[]);
    let text = std::fs::read_to_string(&har).unwrap();
    assert!(!text.contains("har-secret-31415"), "{text}");
    let log = json(&text)["log"].clone();
    assert_eq!(log["version"], "1.2");
    let report = std::fs::read_to_string(&report).unwrap();
    let sent = (report.lines().map(json))
        .filter(|r| !r["request"].is_null())
        .count();
    let entries = log["entries"].as_array().unwrap();
    assert_eq!((entries.len(), sent), (19, 19));
    let get_user = (entries.iter())
        .find(|e| {
            e["comment"]
                .as_str()
                .unwrap()
                .starts_with("get-user.md:19 get_user")
        })
        .unwrap();
    assert_eq!(get_user["request"]["method"], "GET");
    assert!(
        get_user["request"]["url"]
            .as_str()
            .unwrap()
            .ends_with("/v1.0/users/id-sample")
    );
    assert_eq!(get_user["response"]["status"], 200);
    assert!(
        get_user["response"]["content"]["text"]
            .as_str()
            .unwrap()
            .contains("Adele Vance")
    );
    assert!(get_user["startedDateTime"].as_str().unwrap().ends_with('Z'));

    merged_har_holds_the_same_entries(dir.path());
}

/// `report merge --report-har` writes the HAR again from the run's JSON report.
fn merged_har_holds_the_same_entries(dir: &std::path::Path) {
    let merged = dir.join("merged.har");
    let json_report = dir.join("run.json");
    exemplar(
        &[
            "report",
            "merge",
            json_report.to_str().unwrap(),
            "--report-har",
            merged.to_str().unwrap(),
        ],
        &[],
    );
    let merged = json(&std::fs::read_to_string(&merged).unwrap());
    assert_eq!(merged["log"]["entries"].as_array().unwrap().len(), 19);
}
