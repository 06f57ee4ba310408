//! No secret reaches any output, in any form: the human, JSON and JUnit reports and the
//! snapshots, whatever the server echoes back.

use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::session::write;
use crate::support::page;

/// Every form of `secret` an output could carry it in.
fn secret_forms(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let json = serde_json::to_string(secret).unwrap();
    let json = json[1..json.len() - 1].to_owned();
    let mut forms = vec![secret.to_owned(), json.clone()];
    for text in [secret.to_owned(), json] {
        let xml = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        forms.push(xml.replace('"', "&quot;").replace('\'', "&apos;"));
        forms.push(xml.replace('"', "&#34;").replace('\'', "&#39;"));
    }
    forms.push(
        percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
    );
    forms.push(base64::engine::general_purpose::STANDARD.encode(secret));
    forms
}

/// Runs one page whose server echoes the secret header back in a header and in the body, and
/// returns every output: the human report, the JSON and JUnit reports, and the snapshots.
fn outputs_of_an_echoing_run(secret: &str) -> Vec<(String, String)> {
    use exemplar_run::report::Reporter;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(echo_server());
    let dir = tempfile::tempdir().unwrap();
    let answer = "HTTP/1.1 200 OK\nX-Echo: documented\n\n{\"echo\": \"documented\", \"n\": 0}";
    write(dir.path(), "docs/p.md", &page("GET /items/0", "", answer));
    let env = [("SECRET".to_owned(), secret.to_owned())].into();
    let layer = exemplar_run::config::Layer {
        target: Some(server.uri()),
        retries: Some(0),
        headers: [("X-Api-Key".to_owned(), "${SECRET}".to_owned())].into(),
        snapshot_dir: Some(dir.path().join("snaps").display().to_string()),
        ..Default::default()
    };
    let settings = exemplar_run::config::Settings::resolve(&[layer], &env).unwrap();
    let mut options = exemplar_run::RunOptions::new(vec![dir.path().join("docs")], settings);
    options.root = dir.path().to_owned();
    let redactor = options.redactor();
    let (mut human, mut err) = (Vec::new(), Vec::new());
    let mut json = exemplar_run::report::JsonLines::new(Vec::new(), redactor.clone());
    let mut junit = exemplar_run::report::Junit::new(Vec::new(), redactor.clone());
    {
        let style = exemplar_run::report::Style::default();
        let mut people =
            exemplar_run::report::Human::new(&mut human, &mut err, style, redactor, String::new());
        for event in exemplar_run::run(options).unwrap() {
            people.event(&event).unwrap();
            json.event(&event).unwrap();
            junit.event(&event).unwrap();
        }
    }
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    let mut outputs = vec![
        ("human".to_owned(), text(human)),
        ("stderr".to_owned(), text(err)),
        ("json".to_owned(), text(json.into_inner())),
        ("junit".to_owned(), text(junit.into_inner())),
    ];
    let snaps = dir.path().join("snaps/docs/p");
    for file in std::fs::read_dir(&snaps).unwrap().flatten() {
        let name = file.file_name().to_string_lossy().into_owned();
        outputs.push((name, std::fs::read_to_string(file.path()).unwrap()));
    }
    assert!(
        outputs.iter().any(|(n, _)| n.ends_with(".snap.new")),
        "{outputs:?}"
    );
    drop(server);
    outputs
}

/// A server that answers any GET with the `X-Api-Key` it was sent, in a header and in the body.
async fn echo_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(|request: &wiremock::Request| {
            let echo = request
                .headers
                .get("x-api-key")
                .map_or("", |v| v.to_str().unwrap_or(""));
            ResponseTemplate::new(200)
                .insert_header("x-echo", echo)
                .set_body_json(json!({ "echo": echo, "n": 0 }))
        })
        .mount(&server)
        .await;
    server
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 16, ..Default::default() })]

    /// Secrets drawn from all printable ASCII (quotes, `\`, `<`, `>`, `&`), echoed by the server
    /// in a header and in the body, reach no output in any form.
    #[test]
    fn no_secret_reaches_any_output_in_any_form(secret in "[!-~][ -~]{10,30}[!-~]") {
        let outputs = outputs_of_an_echoing_run(&secret);
        // The echo came back and was caught: the mismatch shows where it stood.
        let json = &outputs.iter().find(|(n, _)| n == "json").unwrap().1;
        proptest::prop_assert!(json.contains("/body/echo") && json.contains("[redacted]"), "{json}");
        for (output, text) in outputs {
            for form in secret_forms(&secret) {
                proptest::prop_assert!(
                    !text.contains(&form),
                    "{form:?} in {output}:\n{text}"
                );
            }
        }
    }
}
