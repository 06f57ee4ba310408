//! Unit tests of the module beside this folder.

use super::*;
use crate::config::Layer;

fn example(name: &str, request: &str) -> Example {
    let doc = format!(
        "<!-- {{\"blockType\": \"request\", \"name\": \"{name}\"}} -->\n```http\n{request}\n```\n<!-- {{\"blockType\": \"response\"}} -->\n```http\nHTTP/1.1 200 OK\n```\n"
    );
    exemplar_core::doc::extract("users.md", &doc)
        .examples
        .remove(0)
}

fn examples() -> Vec<Example> {
    vec![
        example("create_user", "POST https://graph.microsoft.com/v1.0/users"),
        example(
            "get_user",
            "GET https://graph.microsoft.com/v1.0/users/{user-id}",
        ),
        example(
            "update_user",
            "PATCH https://graph.microsoft.com/v1.0/users/{user-id}\n\n{\"manager\": \"{manager-id}\"}",
        ),
        example(
            "delete_user",
            "DELETE https://graph.microsoft.com/v1.0/users/{user-id}",
        ),
    ]
}

fn checked(config: &str) -> Result<(), String> {
    let layer = Layer::from_toml("exemplar.toml", config).unwrap();
    check(&layer.scenario, &examples()).map_err(|e| e.to_string())
}

const GOOD: &str = "[[scenario]]\nname = \"life\"\nsetup = [{ example = \"create_user\", capture = { user-id = \"/id\" } }]\nrun = [\"get_user\", \"update_*\"]\nteardown = [{ example = \"delete_user\" }]\n";

#[test]
fn a_scenario_of_known_examples_passes() {
    assert_eq!(checked(GOOD), Ok(()));
}

#[test]
fn unknown_names_suggest_the_closest_with_the_configs_line() {
    assert_eq!(
        checked(&GOOD.replace("\"get_user\"", "\"get_usr\"")),
        Err("exemplar.toml:4: scenario `life` run[0]: no example is named `get_usr`: did you mean `get_user`?".into())
    );
    assert_eq!(
        checked(&GOOD.replace("update_*", "patch_*")),
        Err("exemplar.toml:4: scenario `life` run[1]: `patch_*` matches no example name".into())
    );
}

#[test]
fn a_capture_no_later_step_uses_is_an_error() {
    let err = checked(&GOOD.replace("user-id = ", "userId = ")).unwrap_err();
    assert!(err.starts_with("exemplar.toml:3: scenario `life` setup[0].capture.userId: capture `userId` fills no placeholder of a later step (their placeholders: {manager-id}, {user-id})"), "{err}");
}

#[test]
fn a_step_needing_what_only_it_or_a_later_step_captures_is_a_cycle() {
    let config = "[[scenario]]\nname = \"loop\"\nsetup = [\n  { example = \"get_user\", capture = { manager-id = \"/id\" } },\n  { example = \"update_user\", capture = { user-id = \"/id\" } },\n]\n";
    let err = checked(config).unwrap_err();
    assert_eq!(
        err,
        "exemplar.toml:4: scenario `loop` setup[0].example: a cycle: `get_user` needs {user-id}, which only `update_user` captures, at or after it"
    );
}

#[test]
fn an_example_runs_in_one_scenario_only() {
    let twice = format!("{GOOD}\n[[scenario]]\nname = \"again\"\nrun = [\"get_user\"]\n");
    assert_eq!(
        checked(&twice),
        Err("exemplar.toml:9: scenario `again` run[0]: example `get_user` is already run by scenario `life`: an example runs once".into())
    );
}

#[test]
fn placeholders_are_found_in_url_headers_and_body() {
    let names = placeholders(&examples()[2]);
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        ["manager-id", "user-id"]
    );
}
