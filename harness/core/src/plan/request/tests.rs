//! Unit tests of the module beside this folder.

use super::*;

fn example(doc: &str) -> Example {
    let mut doc = crate::doc::extract("users/user-get.md", doc);
    doc.examples.remove(0)
}

const GET: &str = "<!-- {\"blockType\": \"request\", \"name\": \"get_user\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/users/{id | userPrincipalName}?$filter=a eq 'b c'\nAuthorization: Bearer {token}\nContent-Length: 12\nConsistencyLevel: eventual\n```\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 200 OK\n```\n";

fn context<'a>(
    target: &'a Url,
    params: &'a Params,
    headers: &'a [(String, HeaderValue)],
) -> Context<'a> {
    Context {
        target,
        params,
        headers,
        allow_mutations: false,
        remote_proxy: false,
        sample_values: false,
        vars: None,
    }
}

#[test]
fn the_target_replaces_the_documented_origin_and_keeps_the_path() {
    let target = Url::parse("http://127.0.0.1:9/mock/").unwrap();
    let mut params = Params::default();
    params
        .global
        .insert("userPrincipalName".into(), "a b/c@x.com".into());
    let headers = [(
        "Authorization".to_owned(),
        HeaderValue {
            value: "Bearer t".into(),
            secret: true,
        },
    )];
    let planned = plan(&example(GET), &context(&target, &params, &headers)).unwrap();
    assert_eq!(
        planned.url.as_str(),
        "http://127.0.0.1:9/mock/v1.0/users/a%20b%2Fc@x.com?$filter=a%20eq%20%27b%20c%27"
    );
    assert_eq!(
        planned.shown,
        "/v1.0/users/a%20b%2Fc@x.com?$filter=a%20eq%20%27b%20c%27"
    );
    let names: Vec<_> = planned.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["consistencylevel", "Authorization"]);
}

#[test]
fn params_resolve_by_example_then_file_then_global() {
    let mut params = Params::default();
    params.global.insert("id".into(), "global".into());
    params
        .add_file_glob("users/*.md", [("id".to_owned(), "file".to_owned())].into())
        .unwrap();
    assert_eq!(
        params.get("users/user-get.md", Some("x"), "id"),
        Some("file")
    );
    assert_eq!(params.get("groups/g.md", Some("x"), "id"), Some("global"));
    params
        .examples
        .insert("x".into(), [("id".to_owned(), "example".to_owned())].into());
    assert_eq!(
        params.get("users/user-get.md", Some("x"), "id"),
        Some("example")
    );
}

#[test]
fn unfilled_placeholders_skip_with_the_flag_to_use() {
    let target = Url::parse("http://127.0.0.1:9").unwrap();
    let reason = plan(&example(GET), &context(&target, &Params::default(), &[])).unwrap_err();
    assert_eq!(
        reason.to_string(),
        "placeholder {id | userPrincipalName} has no value: give one with --param id=VALUE"
    );
}

#[test]
fn mutations_to_real_services_need_permission() {
    let post = GET.replace("GET https", "POST https");
    let real = Url::parse("https://graph.example.com").unwrap();
    let mut params = Params::default();
    params.global.insert("id".into(), "1".into());
    let reason = plan(&example(&post), &context(&real, &params, &[])).unwrap_err();
    assert!(reason.to_string().contains("--allow-mutations"), "{reason}");
    let local = Url::parse("http://localhost:1").unwrap();
    assert!(plan(&example(&post), &context(&local, &params, &[])).is_ok());
    let proxied = Context {
        remote_proxy: true,
        ..context(&local, &params, &[])
    };
    let reason = plan(&example(&post), &proxied).unwrap_err();
    assert!(reason.to_string().contains("--allow-mutations"), "{reason}");
}

#[test]
fn the_targets_own_query_goes_with_every_request_but_is_not_shown() {
    let target = Url::parse("http://127.0.0.1:9/api?code=KEY").unwrap();
    let mut params = Params::default();
    params.global.insert("id".into(), "7".into());
    let planned = plan(&example(GET), &context(&target, &params, &[])).unwrap();
    assert_eq!(
        planned.url.query(),
        Some("code=KEY&$filter=a%20eq%20%27b%20c%27")
    );
    assert!(!planned.shown.contains("KEY"), "{}", planned.shown);
}

#[test]
fn placeholders_in_bodies_and_headers_need_values_too_except_against_the_mock() {
    let post = "<!-- {\"blockType\": \"request\", \"name\": \"p\"} -->\n```http\nPOST /groups/{group-id}/members\nIf-Match: {etag}\n\n{\"@odata.id\": \"https://graph.microsoft.com/v1.0/users/{user-id}\", \"note\": \"<b>kept</b>\"}\n```\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 204 No Content\n```\n";
    let target = Url::parse("http://127.0.0.1:9").unwrap();
    let mut params = Params::default();
    params.global.insert("group-id".into(), "g".into());
    let reason = plan(&example(post), &context(&target, &params, &[])).unwrap_err();
    assert_eq!(
        reason.to_string(),
        "placeholder {etag} in header `if-match` has no value: give one with --param etag=VALUE"
    );
    params.global.insert("etag".into(), "W/1".into());
    let reason = plan(&example(post), &context(&target, &params, &[])).unwrap_err();
    assert!(
        reason
            .to_string()
            .starts_with("placeholder {user-id} in the body"),
        "{reason}"
    );
    params.global.insert("user-id".into(), "u".into());
    let planned = plan(&example(post), &context(&target, &params, &[])).unwrap();
    assert!(
        String::from_utf8(planned.body.unwrap())
            .unwrap()
            .contains("users/u\",\"note\":\"<b>kept</b>\"")
    );
    let none = Params::default();
    let mock = Context {
        sample_values: true,
        ..context(&target, &none, &[])
    };
    assert!(plan(&example(post), &mock).is_ok());
}

#[test]
fn a_scenarios_captures_win_over_params() {
    let target = Url::parse("http://127.0.0.1:9").unwrap();
    let mut params = Params::default();
    params.global.insert("id".into(), "from-params".into());
    let vars = [("id".to_owned(), "captured".to_owned())].into();
    let scenario = Context {
        vars: Some(&vars),
        ..context(&target, &params, &[])
    };
    let planned = plan(&example(GET), &scenario).unwrap();
    assert!(planned.shown.contains("captured"), "{}", planned.shown);
}
