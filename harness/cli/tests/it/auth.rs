//! Signing in against a real service, with two wiremock servers on loopback: a token endpoint
//! and the API. Each sign-in kind, renewal on expiry and after a 401, failed sign-ins, where the
//! token and the secret go (and never go), and gating by the scopes a token grants.

use std::path::Path;

use base64::Engine as _;
use serde_json::json;
use wiremock::matchers::{header, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::exemplar_async;

/// A JWT-shaped token whose payload grants `scp` and `roles` (never verified by exemplar).
pub fn jwt(scp: &str, roles: &[&str]) -> String {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header = engine.encode(r#"{"alg":"RS256","typ":"JWT"}"#);
    let payload =
        json!({ "aud": "https://graph.test", "scp": scp, "roles": roles, "exp": 4102444800u64 });
    let payload = engine.encode(payload.to_string());
    format!("{header}.{payload}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk")
}

const PAGE: &str = r#"# Me

<!-- { "blockType": "request", "name": "get_me", "scopes": "User.Read" } -->
```http
GET https://graph.microsoft.com/v1.0/me
```

<!-- { "blockType": "response", "truncated": true } -->
```http
HTTP/1.1 200 OK
Content-Type: application/json

{ "displayName": "Adele Vance" }
```

<!-- { "blockType": "request", "name": "get_drive", "scopes": ["Files.Read", "Sites.Read.All"] } -->
```http
GET https://graph.microsoft.com/v1.0/me/drive
```

<!-- { "blockType": "response", "truncated": true } -->
```http
HTTP/1.1 200 OK
Content-Type: application/json

{ "driveType": "business" }
```
"#;

/// A folder with `me.md` and an `exemplar.toml` of `config`.
pub(crate) fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("me.md"), PAGE).unwrap();
    std::fs::write(dir.path().join("exemplar.toml"), config).unwrap();
    dir
}

/// The token endpoint `tokens` serves, at a tenant's path.
fn token_url(tokens: &MockServer) -> String {
    format!("{}/tenant/oauth2/v2.0/token", tokens.uri())
}

/// A [`project`] signing in with client credentials at `tokens`, the secret from `APP_SECRET`.
fn client_credentials(tokens: &MockServer) -> tempfile::TempDir {
    let token_url = token_url(tokens);
    project(&format!(
        "[auth]\nkind = \"client-credentials\"\ntoken_url = \"{token_url}\"\nclient_id = \"app-id\"\nclient_secret = \"${{APP_SECRET}}\"\n"
    ))
}

const SECRET: &str = "s3cret-of-the-app~42";

pub(crate) async fn api_answering(token: &str) -> MockServer {
    let api = MockServer::start().await;
    let bearer = format!("Bearer {token}");
    Mock::given(method("GET"))
        .and(path("/v1.0/me"))
        .and(header("authorization", bearer.as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "displayName": "Adele Vance" })),
        )
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/me/drive"))
        .and(header("authorization", bearer.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "driveType": "business" })))
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .with_priority(10)
        .mount(&api)
        .await;
    api
}

async fn token_endpoint(answer: ResponseTemplate, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/tenant/oauth2/v2.0/token"))
        .respond_with(answer)
        .expect(times)
        .mount(&server)
        .await;
    server
}

/// A target that fails the test when any request reaches it.
async fn api_never_sent_to() -> MockServer {
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&api)
        .await;
    api
}

/// [`run`] with the app's secret in `APP_SECRET`.
async fn run_with_secret(dir: &Path, api: &MockServer, more: &[&str]) -> (i32, String) {
    run(dir, api, more, &[("APP_SECRET", SECRET)]).await
}

fn token_answer(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(
        json!({ "token_type": "Bearer", "access_token": token, "expires_in": expires_in }),
    )
}

pub(crate) async fn run(
    dir: &Path,
    api: &MockServer,
    more: &[&str],
    env: &[(&str, &str)],
) -> (i32, String) {
    let target = api.uri();
    let mut args = vec![
        "run",
        ".",
        "--target",
        target.as_str(),
        "--report-json",
        "report.json",
    ];
    args.extend(more);
    let output = exemplar_async(dir, &args, env).await;
    let report = std::fs::read_to_string(dir.join("report.json")).unwrap_or_default();
    let text = format!(
        "{}{}{report}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

#[tokio::test]
async fn client_credentials_send_the_secret_only_to_the_token_endpoint_and_the_token_only_to_the_target()
 {
    let token = jwt("User.Read Files.Read", &[]);
    let api = api_answering(&token).await;
    let tokens = token_endpoint(token_answer(&token, 3600), 1).await;
    let dir = client_credentials(&tokens);
    let (code, output) = run_with_secret(dir.path(), &api, &[]).await;
    assert_eq!(code, 0, "{output}");
    // One sign-in for the whole run: the token is cached.
    let asked = tokens.received_requests().await.unwrap();
    let form = String::from_utf8(asked[0].body.clone()).unwrap();
    let scope = format!("scope={}", urlencoding(&format!("{}/.default", api.uri())));
    for part in [
        "grant_type=client_credentials",
        "client_id=app-id",
        "client_secret=s3cret-of-the-app%7E42",
        &scope,
    ] {
        assert!(form.split('&').any(|p| p == part), "{part} in {form}");
    }
    assert!(
        asked
            .iter()
            .all(|r| !r.headers.contains_key("authorization"))
    );
    let sent = api.received_requests().await.unwrap();
    assert_eq!(sent.len(), 2);
    for request in &sent {
        let seen = format!(
            "{:?} {}",
            request.headers,
            String::from_utf8_lossy(&request.body)
        );
        assert!(
            !seen.contains("s3cret"),
            "the secret reached the API: {seen}"
        );
    }
    assert!(
        !output.contains(&token) && !output.contains(SECRET),
        "{output}"
    );
}

fn urlencoding(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn a_token_the_target_echoes_back_is_redacted_in_every_output() {
    let token = jwt("User.Read", &[]);
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "displayName": token, "driveType": token })),
        )
        .mount(&api)
        .await;
    let tokens = token_endpoint(token_answer(&token, 3600), 1).await;
    let dir = client_credentials(&tokens);
    let (code, output) =
        run_with_secret(dir.path(), &api, &["--scopes", "User.Read,Files.Read"]).await;
    assert_eq!(code, 1, "{output}");
    assert!(
        output.contains("/body/displayName: expected \"Adele Vance\", got \"[redacted]\""),
        "{output}"
    );
    assert!(!output.contains(&token), "{output}");
}

#[tokio::test]
async fn a_bearer_token_comes_from_the_environment() {
    let token = jwt("User.Read Files.Read", &[]);
    let api = api_answering(&token).await;
    let dir = project("[auth]\nkind = \"bearer\"\ntoken = \"${GRAPH_TOKEN}\"\n");
    let (code, output) = run(dir.path(), &api, &[], &[("GRAPH_TOKEN", &token)]).await;
    assert_eq!(code, 0, "{output}");
    assert_eq!(api.received_requests().await.unwrap().len(), 2);
    // The same through the environment alone.
    let dir = project("");
    let env = [
        ("EXEMPLAR_AUTH_KIND", "bearer"),
        ("EXEMPLAR_AUTH_TOKEN", token.as_str()),
    ];
    let (code, output) = run(dir.path(), &api, &[], &env).await;
    assert_eq!(code, 0, "{output}");
    assert!(!output.contains(&token));
}

/// A command printing a JWT-shaped token whose payload holds `n`, one more each time it runs.
const COUNTING: &str = r#"n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count
payload=$(printf '{"scp":"User.Read Files.Read","n":%s}' "$n" | base64 | tr '+/' '-_' | tr -d '=\n')
printf 'eyJhbGciOiJub25lIn0.%s.c2lnbmF0dXJl\n' "$payload""#;

/// The token [`COUNTING`] prints the `n`th time.
fn counted(n: u32) -> String {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let payload = engine.encode(format!(r#"{{"scp":"User.Read Files.Read","n":{n}}}"#));
    format!("eyJhbGciOiJub25lIn0.{payload}.c2lnbmF0dXJl")
}

#[tokio::test]
async fn a_command_token_refused_with_401_is_renewed_once_and_the_request_sent_again() {
    let (first, second) = (counted(1), counted(2));
    let api = api_answering(&second).await;
    let dir = project("[auth]\nkind = \"command\"\ncommand = \"sh token.sh\"\n");
    std::fs::write(dir.path().join("token.sh"), COUNTING).unwrap();
    let (code, output) = run(dir.path(), &api, &[], &[]).await;
    assert_eq!(code, 0, "{output}");
    let runs = std::fs::read_to_string(dir.path().join("count")).unwrap();
    assert_eq!(runs.trim(), "2");
    // get_me: refused with the first token, sent again with the second; get_drive: the second.
    let sent = api.received_requests().await.unwrap();
    let bearers: Vec<_> = sent
        .iter()
        .map(|r| r.headers["authorization"].to_str().unwrap().to_owned())
        .collect();
    let bearer = |token: &str| format!("Bearer {token}");
    assert_eq!(bearers, [bearer(&first), bearer(&second), bearer(&second)]);
    assert!(
        !output.contains(&first) && !output.contains(&second),
        "{output}"
    );
}

#[tokio::test]
async fn a_second_401_after_renewing_is_a_clear_error() {
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&api)
        .await;
    let token = jwt("User.Read", &[]);
    // Once to sign in, once more after the 401.
    let tokens = token_endpoint(token_answer(&token, 3600), 2).await;
    let dir = client_credentials(&tokens);
    let (code, output) = run_with_secret(dir.path(), &api, &["--name", "get_me"]).await;
    assert_eq!(code, 1, "{output}");
    assert!(
        output.contains("ERROR me.md:4 get_me (")
            && output.contains("sign-in: the target answered 401 to a renewed token too"),
        "{output}"
    );
    assert_eq!(
        api.received_requests().await.unwrap().len(),
        2,
        "sent once, then once again"
    );
}

#[tokio::test]
async fn a_token_is_renewed_when_it_expires() {
    let token = jwt("User.Read Files.Read", &[]);
    let api = api_answering(&token).await;
    // `expires_in: 0`: stale at once, so fetched to sign in and again for each example.
    let tokens = token_endpoint(token_answer(&token, 0), 3).await;
    let dir = client_credentials(&tokens);
    let (code, output) = run_with_secret(dir.path(), &api, &[]).await;
    assert_eq!(code, 0, "{output}");
}

#[tokio::test]
async fn a_failed_sign_in_names_the_status_and_the_error_and_sends_nothing() {
    let api = api_never_sent_to().await;
    let refusal = json!({
        "error": "invalid_client",
        "error_description": "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 0000\r\nCorrelation ID: 1111",
    });
    let tokens = token_endpoint(ResponseTemplate::new(401).set_body_json(refusal), 1).await;
    let url = token_url(&tokens);
    let dir = client_credentials(&tokens);
    let (code, output) = run_with_secret(dir.path(), &api, &[]).await;
    assert_eq!(code, 2, "{output}");
    let expected = format!(
        "error: cannot sign in: the token endpoint {url} answered 401: invalid_client: AADSTS7000215: Invalid client secret provided.; no example was sent"
    );
    assert!(output.contains(&expected), "{output}");
    assert!(!output.contains(SECRET));
}

#[tokio::test]
async fn a_failing_sign_in_command_names_its_exit_status_and_first_stderr_line() {
    let api = api_never_sent_to().await;
    let dir = project(
        "[auth]\nkind = \"command\"\ncommand = \"echo 'Please run az login' >&2; echo more >&2; exit 3\"\n",
    );
    let (code, output) = run(dir.path(), &api, &[], &[]).await;
    assert_eq!(code, 2, "{output}");
    assert!(
        output.contains("error: cannot sign in: the sign-in command `echo 'Please run az login' >&2; echo more >&2; exit 3` exited with 3: Please run az login; no example was sent"),
        "{output}"
    );
}

#[tokio::test]
async fn the_built_in_mock_is_never_signed_in_to() {
    let tokens = token_endpoint(token_answer("never-fetched-token", 3600), 0).await;
    let dir = client_credentials(&tokens);
    let output = exemplar_async(dir.path(), &["run", "."], &[("APP_SECRET", SECRET)]).await;
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[tokio::test]
async fn the_token_goes_to_no_other_origin_not_even_an_operation_to_poll() {
    let token = jwt("User.Read", &[]);
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "status": "succeeded" })))
        .expect(1)
        .mount(&elsewhere)
        .await;
    let api = MockServer::start().await;
    let operation = format!("{}/operations/1", elsewhere.uri());
    Mock::given(method("POST"))
        .and(header_exists("authorization"))
        .respond_with(
            ResponseTemplate::new(202).insert_header("operation-location", operation.as_str()),
        )
        .expect(1)
        .mount(&api)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let page = crate::support::page(
        "POST https://graph.microsoft.com/v1.0/me/export",
        "",
        "HTTP/1.1 202 Accepted",
    );
    std::fs::write(dir.path().join("export.md"), page).unwrap();
    std::fs::write(
        dir.path().join("exemplar.toml"),
        "[auth]\nkind = \"bearer\"\ntoken = \"${GRAPH_TOKEN}\"\n",
    )
    .unwrap();
    let (code, output) = run(
        dir.path(),
        &api,
        &["--follow-operations"],
        &[("GRAPH_TOKEN", &token)],
    )
    .await;
    assert_eq!(code, 0, "{output}");
    assert!(
        output.contains("operation succeeded after 1 poll"),
        "{output}"
    );
    let polled = elsewhere.received_requests().await.unwrap();
    assert!(
        !polled[0].headers.contains_key("authorization"),
        "{:?}",
        polled[0].headers
    );
}
