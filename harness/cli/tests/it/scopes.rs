//! Gating by the scopes and roles a token grants (`scp`, `roles`, read unverified) or
//! `--scopes` gives: examples whose `scopes` annotation names none are skipped with the reason.

use crate::auth::{api_answering, jwt, project, run};

#[tokio::test]
async fn examples_needing_a_scope_the_token_lacks_are_skipped_with_the_reason() {
    let token = jwt("User.Read", &["Mail.Read"]);
    let api = api_answering(&token).await;
    let dir = project("[auth]\nkind = \"bearer\"\ntoken = \"${GRAPH_TOKEN}\"\n");
    let (code, output) = run(dir.path(), &api, &[], &[("GRAPH_TOKEN", &token)]).await;
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("PASS  me.md:4 get_me"), "{output}");
    assert!(
        output.contains("SKIP  me.md:17 get_drive: needs scope Files.Read or Sites.Read.All (granted: User.Read, Mail.Read)"),
        "{output}"
    );
    assert!(output.contains("1 passed, 0 failed, 1 skipped"), "{output}");
    // A role in `roles` counts as much as a scope, in any case.
    let token = jwt("User.Read", &["sites.read.all"]);
    let api = api_answering(&token).await;
    let (code, output) = run(dir.path(), &api, &[], &[("GRAPH_TOKEN", &token)]).await;
    assert_eq!(
        (code, output.contains("2 passed, 0 failed, 0 skipped")),
        (0, true),
        "{output}"
    );
    // `--scopes` says what is granted instead of the token.
    let token = jwt("User.Read", &[]);
    let api = api_answering(&token).await;
    let (_, output) = run(
        dir.path(),
        &api,
        &["--scopes", "Files.Read"],
        &[("GRAPH_TOKEN", &token)],
    )
    .await;
    assert!(
        output.contains("SKIP  me.md:4 get_me: needs scope User.Read (granted: Files.Read)"),
        "{output}"
    );
}

#[tokio::test]
async fn api_versions_gate_by_the_targets_version_segment() {
    let api = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(wiremock::ResponseTemplate::new(204))
        .expect(1)
        .mount(&api)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let example = |name: &str, versions: &str| {
        format!(
            "<!-- {{ \"blockType\": \"request\", \"name\": \"{name}\", \"apiVersions\": {versions} }} -->\n```http\nGET /me/insights\n```\n\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 204 No Content\n```\n\n"
        )
    };
    let page = [
        example("beta_only", "[\"beta\"]"),
        example("v1_only", "\"v1.0\""),
    ]
    .concat();
    std::fs::write(dir.path().join("insights.md"), page).unwrap();
    let target = format!("{}/beta", api.uri());
    let output =
        crate::support::exemplar_async(dir.path(), &["run", ".", "--target", &target], &[]).await;
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(said.contains("PASS  insights.md:2 beta_only"), "{said}");
    assert!(
        said.contains("SKIP  insights.md:12 v1_only: documented for api version v1.0, not beta"),
        "{said}"
    );
    assert_eq!(
        api.received_requests().await.unwrap()[0].url.path(),
        "/beta/me/insights"
    );
}
