//! The mock that remembers (`serve --stateful`, and `run` without a target): create, read,
//! update, delete, then 404; concurrent creates; lists; the seed read back; and `serve` without
//! `--stateful` forgetting as before.

use serde_json::{Value, json};

use crate::support;

/// The mock of every page in `fixtures/<dir>` and of `extra` pages, remembering when `stateful`.
async fn mock_of(dir: &str, extra: &[(&str, &str)], stateful: bool) -> Mocked {
    let mut docs = Vec::new();
    exemplar_core::read_docs(&[support::fixture(dir)], 1, |doc| docs.push(doc.unwrap()));
    docs.extend(
        extra
            .iter()
            .map(|(file, text)| exemplar_core::extract(file, text)),
    );
    let (routes, _) = exemplar_mock::routes(&docs);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    Mocked {
        server: exemplar_mock::start_with(routes, listener, None, stateful, Default::default())
            .await,
        client: exemplar_run::client_builder().build().unwrap(),
    }
}

async fn stateful(dir: &str) -> Mocked {
    mock_of(dir, &[], true).await
}

/// A mock of the docs and a client for it.
struct Mocked {
    server: exemplar_mock::MockServer,
    client: reqwest::Client,
}

impl Mocked {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.uri())
    }

    /// The JSON body of a GET of `url`.
    async fn get_json(&self, url: &str) -> Value {
        self.client
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// The answer to a POST of `body` to `url`.
    async fn post(&self, url: &str, body: Value) -> reqwest::Response {
        self.client.post(url).json(&body).send().await.unwrap()
    }

    /// The JSON body of the answer to a POST of `body` to `url`.
    async fn post_json(&self, url: &str, body: Value) -> Value {
        self.post(url, body).await.json().await.unwrap()
    }
}

/// The user both lifecycle tests create.
fn megan() -> Value {
    json!({"displayName": "Megan Bowen", "accountEnabled": true, "passwordProfile": {"password": "p"}})
}

const LIST: &str = "<!-- { \"blockType\": \"request\", \"name\": \"list_users\" } -->\n```http\nGET /v1.0/users\n```\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"value\": [{\"id\": \"87d349ed-44d7-43e1-9a83-5f2406dee5bd\", \"displayName\": \"Adele Vance\"}]}\n```\n";

#[tokio::test]
async fn the_stateful_mock_reads_updates_and_deletes_what_was_created() {
    let mock = stateful("lifecycle").await;
    let created = mock.post_json(&mock.url("/v1.0/users"), megan()).await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(exemplar_core::compare::generated::is_guid(&id));
    let user = mock.url(&format!("/v1.0/users/{id}"));
    let read = mock.get_json(&user).await;
    assert_eq!(
        (&read["id"], &read["displayName"]),
        (&json!(id), &json!("Megan Bowen"))
    );
    assert!(read.get("passwordProfile").is_none(), "{read}");
    let patched = (mock.client.patch(&user))
        .json(&json!({"jobTitle": "Marketing Director"}))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), 204);
    let read = mock.get_json(&user).await;
    assert_eq!(read["jobTitle"], "Marketing Director");
    assert_eq!(
        mock.client.delete(&user).send().await.unwrap().status(),
        204
    );
    let gone = mock.client.get(&user).send().await.unwrap();
    assert_eq!(gone.status(), 404);
    let gone: Value = gone.json().await.unwrap();
    assert_eq!(gone["error"]["code"], "Request_ResourceNotFound");
    assert!(gone["error"]["message"].as_str().unwrap().contains(&id));
}

#[tokio::test]
async fn concurrent_creates_get_distinct_ids_and_the_list_shows_them() {
    let mock = mock_of("lifecycle", &[("list.md", LIST)], true).await;
    let creates = (0..16).map(|n| {
        let (client, url) = (mock.client.clone(), mock.url("/v1.0/users"));
        tokio::spawn(async move {
            let answer = client
                .post(url)
                .json(&json!({"displayName": format!("user {n}")}))
                .send()
                .await
                .unwrap();
            let body: Value = answer.json().await.unwrap();
            body["id"].as_str().map(str::to_owned)
        })
    });
    let mut ids = Vec::new();
    for create in creates.collect::<Vec<_>>() {
        ids.push(create.await.unwrap());
    }
    let ids: std::collections::BTreeSet<String> = ids.into_iter().flatten().collect();
    let list = mock.get_json(&mock.url("/v1.0/users")).await;
    let listed: std::collections::BTreeSet<String> = (list["value"].as_array().unwrap().iter())
        .filter_map(|u| u["id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(ids.len(), 16, "{ids:?}");
    assert!(ids.is_subset(&listed), "{list}");
    assert!(
        list["value"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["displayName"] == "user 7")
    );
}

#[tokio::test]
async fn the_seeds_assignment_is_read_back_by_its_new_id() {
    let mock = stateful("docs").await;
    let collection = "/localtest/deviceManagement/windowsAutopilotDeviceIdentities/42/deploymentProfile/assignments";
    let created = (mock.post(
        &mock.url(collection),
        json!({"source": "direct", "sourceId": "mine"}),
    ))
    .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let id = created["id"].as_str().unwrap();
    let read = mock
        .client
        .get(mock.url(&format!("{collection}/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    let read: Value = read.json().await.unwrap();
    assert_eq!(
        (&read["id"], &read["sourceId"]),
        (&json!(id), &json!("mine"))
    );
}

#[tokio::test]
async fn without_stateful_the_mock_forgets_as_before() {
    let mock = mock_of("lifecycle", &[], false).await;
    let created = mock.post_json(&mock.url("/v1.0/users"), megan()).await;
    let user = mock.url(&format!("/v1.0/users/{}", created["id"].as_str().unwrap()));
    let read = mock.get_json(&user).await;
    assert_eq!(read["displayName"], "Adele Vance");
    assert_eq!(
        mock.client.delete(&user).send().await.unwrap().status(),
        204
    );
    assert_eq!(mock.client.get(&user).send().await.unwrap().status(), 200);
}
