//! The README's commands run as written and print what it quotes: every `console` block is run
//! with trycmd (`[..]` stands for a varying part of a line, `...` for varying lines). The
//! servers its examples replay against are started here, on the ports the README names.

use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support;

/// The user `fixtures/docs/get-user.md` documents, with `display_name`.
fn user(display_name: &str) -> Value {
    json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
        "id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
        "displayName": display_name,
        "mail": "AdeleV@contoso.onmicrosoft.com",
        "accountEnabled": true,
        "createdDateTime": "2019-02-04T14:57:30Z"
    })
}

/// A server on `port` answering every user GET with `body`.
async fn server(port: u16, body: Value) -> MockServer {
    let listener = std::net::TcpListener::bind(("127.0.0.1", port))
        .unwrap_or_else(|e| panic!("the README's examples need 127.0.0.1:{port}: {e}"));
    let server = MockServer::builder().listener(listener).start().await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/v1\.0/users/[^/]+$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readme_commands_print_what_the_readme_quotes() {
    // 8765: a service that has not caught up with the docs; 8771 answers as documented; 8772
    // is the same service after its data changed.
    let _servers = (
        server(8765, user("Adele Vance")).await,
        server(8771, user("Adele Vance")).await,
        server(8772, user("Adele Vance-Smith")).await,
    );
    let snapshots = support::root().join("target/readme-snapshots");
    let _ = std::fs::remove_dir_all(&snapshots);
    tokio::task::spawn_blocking(|| {
        trycmd::TestCases::new()
            .register_bin(
                "exemplar",
                std::path::PathBuf::from(env!("CARGO_BIN_EXE_exemplar")),
            )
            .env("NO_COLOR", "1")
            // The README shows a run outside CI, where snapshots are written for review.
            .env("CI", "false")
            .case(support::root().join("README.md"))
            .run();
    })
    .await
    .unwrap();
}
