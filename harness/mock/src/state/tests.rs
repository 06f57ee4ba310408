use serde_json::json;

use std::collections::HashSet;

use super::*;

fn request(method: &str, path: &str, body: Value) -> Request {
    Request {
        url: url::Url::parse(&format!("http://mock{path}")).unwrap(),
        method: method.parse().unwrap(),
        headers: hyper::HeaderMap::new(),
        body: if body.is_null() {
            Vec::new()
        } else {
            serde_json::to_vec(&body).unwrap()
        },
    }
}

const ID: &str = "cc38598c-598c-cc38-8c59-38cc8c5938cc";

fn created(state: &State, name: &str) -> String {
    let answer = json!({"id": crate::fresh::new_guid(), "displayName": "documented"});
    let post = request(
        "POST",
        "/v1.0/users",
        json!({"displayName": name, "password": "x"}),
    );
    match state.handle(&post, Some((201, None)), Some(answer)) {
        Stateful::Documented(Some(body)) => body["id"].as_str().unwrap().to_owned(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_created_entity_is_read_merged_deleted_and_then_not_found() {
    let state = State::default();
    let id = created(&state, "Made");
    let documented = json!({"id": ID, "displayName": "documented", "mail": "m@x"});
    let get = request("GET", &format!("/v1.0/users/{id}"), Value::Null);
    let Stateful::Answer(200, Some(read)) =
        state.handle(&get, Some((200, Some(&documented))), None)
    else {
        panic!()
    };
    assert_eq!(read["id"], json!(id));
    assert_eq!(read["displayName"], "Made");
    assert_eq!(read["mail"], "m@x", "documented keys it lacks stay");
    assert!(
        read.get("password").is_none(),
        "write-only properties are not shown"
    );
    let patch = request(
        "PATCH",
        &format!("/v1.0/users/{id}"),
        json!({"displayName": "New"}),
    );
    assert_eq!(
        state.handle(&patch, Some((204, None)), None),
        Stateful::Answer(204, None)
    );
    let Stateful::Answer(_, Some(read)) = state.handle(&get, None, None) else {
        panic!()
    };
    assert_eq!(read["displayName"], "New");
    let delete = request("DELETE", &format!("/v1.0/users/{id}"), Value::Null);
    assert_eq!(
        state.handle(&delete, Some((204, None)), None),
        Stateful::Answer(204, None)
    );
    let Stateful::Answer(404, Some(gone)) = state.handle(&get, Some((200, None)), None) else {
        panic!()
    };
    assert_eq!(gone["error"]["code"], "Request_ResourceNotFound");
}

#[test]
fn ids_never_created_are_answered_as_documented() {
    let state = State::default();
    created(&state, "Made");
    let get = request("GET", &format!("/v1.0/users/{ID}"), Value::Null);
    assert_eq!(state.handle(&get, Some((200, None)), None), Stateful::Pass);
    let action = request("POST", "/v1.0/users/x/sendMail", json!({}));
    assert_eq!(
        state.handle(&action, Some((202, None)), None),
        Stateful::Pass
    );
}

#[test]
fn lists_show_what_was_created_after_what_is_documented() {
    let state = State::default();
    let id = created(&state, "Made");
    let list = json!({"value": [{"id": ID, "displayName": "documented"}]});
    let get = request("GET", "/v1.0/users/", Value::Null);
    let Stateful::Documented(Some(body)) = state.handle(&get, Some((200, Some(&list))), None)
    else {
        panic!()
    };
    assert_eq!(body["value"].as_array().unwrap().len(), 2);
    assert_eq!(body["value"][1]["id"], json!(id));
    assert_eq!(body["value"][1]["displayName"], "Made");
}

#[test]
fn concurrent_creates_get_distinct_ids() {
    let state = std::sync::Arc::new(State::default());
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let state = std::sync::Arc::clone(&state);
            std::thread::spawn(move || created(&state, &format!("user {i}")))
        })
        .collect();
    let ids: HashSet<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(ids.len(), 8);
    assert_eq!(state.lock().collections["/v1.0/users"].items.len(), 8);
}

#[test]
fn past_the_budget_the_oldest_are_evicted_and_a_get_says_so() {
    let probe = State::default();
    created(&probe, "probe");
    let one = probe.lock().kept.used();
    // Room for three, about: the fourth create evicts the first, and only it.
    let state = State::with_budget(one * 3 + one / 2);
    let ids: Vec<String> = (0..4).map(|i| created(&state, &format!("n{i}"))).collect();
    assert_eq!(state.take_evicted(), 1);
    assert_eq!(state.take_evicted(), 0, "counted once");
    let get = |id: &str| request("GET", &format!("/v1.0/users/{id}"), Value::Null);
    let Stateful::Answer(404, Some(gone)) = state.handle(&get(&ids[0]), Some((200, None)), None)
    else {
        panic!("the oldest is still kept")
    };
    let message = gone["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("was evicted") && message.contains("--max-state"),
        "{message}"
    );
    for id in &ids[1..] {
        assert!(matches!(
            state.handle(&get(id), Some((200, None)), None),
            Stateful::Answer(200, Some(_))
        ));
    }
    assert!(state.lock().kept.used() <= one * 3 + one / 2);
}

#[test]
fn a_deleted_entity_is_not_said_to_be_evicted_and_tombstones_are_bounded_too() {
    let state = State::with_budget(4096);
    let id = created(&state, "short-lived");
    let delete = request("DELETE", &format!("/v1.0/users/{id}"), Value::Null);
    state.handle(&delete, Some((204, None)), None);
    let get = request("GET", &format!("/v1.0/users/{id}"), Value::Null);
    let Stateful::Answer(404, Some(gone)) = state.handle(&get, Some((200, None)), None) else {
        panic!("not a 404")
    };
    assert!(!gone.to_string().contains("evicted"), "{gone}");
    for i in 0..2000 {
        created(&state, &format!("n{i}"));
    }
    assert!(state.lock().kept.used() <= 4096);
    let collections = state.lock();
    let users = &collections.collections["/v1.0/users"];
    assert!(
        users.items.len() + users.gone.len() < 100,
        "{}",
        users.gone.len()
    );
}
