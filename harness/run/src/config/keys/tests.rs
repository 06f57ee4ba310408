use super::*;
use crate::config::Layer;

use crate::config::layer::file_error as error;

#[test]
fn the_table_names_every_key_a_layer_reads_and_no_other() {
    // serde lists the fields it knows when it meets one it does not.
    let err = toml::from_str::<Layer>("zzz = 1").unwrap_err().to_string();
    for key in KEYS {
        assert!(
            err.contains(&format!("`{}`", key.name)),
            "{} in {err}",
            key.name
        );
    }
    assert_eq!(err.matches('`').count(), 2 * (KEYS.len() + 1), "{err}");
}

#[test]
fn the_documented_defaults_are_the_defaults() {
    let settings = crate::config::Settings::resolve(&[], &Default::default()).unwrap();
    let default = |name: &str| KEYS.iter().find(|k| k.name == name).unwrap().default;
    assert_eq!(default("jobs"), Some(&*settings.jobs.to_string()));
    assert_eq!(default("retries"), Some(&*settings.retries.to_string()));
    assert_eq!(default("max_body"), Some(&*settings.max_body.to_string()));
    let timeout = settings.timeout.as_secs().to_string();
    assert_eq!(default("timeout"), Some(&*timeout));
}

#[test]
fn wrong_kinds_of_value_are_said_plainly_with_their_line() {
    assert_eq!(
        error("target = \"http://x\"\njobs = \"four\""),
        "exemplar.toml:2: jobs: expected a whole number from 1 to 1024, found the string \"four\""
    );
    assert_eq!(
        error("[params]\nid = 42"),
        "exemplar.toml:2: params.id: expected a string, found the number 42: write `\"42\"`"
    );
    assert_eq!(
        error("allow_mutations = \"true\""),
        "exemplar.toml:1: allow_mutations: expected true or false, found the string \"true\": write `true`"
    );
    assert_eq!(
        error("jobs = 4\ntarget = \"localhost:8771\""),
        "exemplar.toml:2: target: expected an http:// or https:// URL, found the string \"localhost:8771\": write `http://localhost:8771`"
    );
    assert_eq!(
        error("[file_params.\"*.md\"]\nid = [1]"),
        "exemplar.toml:2: file_params.\"*.md\".id: expected a string, found a list"
    );
}

#[test]
fn unknown_keys_suggest_the_closest_or_list_them_all() {
    assert_eq!(
        error("\n[param]\nid = \"1\""),
        "exemplar.toml:2: param: unknown key: did you mean `params`?"
    );
    assert!(error("max-body = 1").ends_with("did you mean `max_body`?"));
    assert_eq!(
        error("[auth]\nkind = \"bearer\"\ntokn = \"${T}\""),
        "exemplar.toml:3: auth.tokn: unknown key: did you mean `auth.token`?"
    );
    assert_eq!(
        error("[auth]\nkind = \"saml\""),
        "exemplar.toml:2: auth.kind: expected `bearer`, `command` or `client-credentials`, found the string \"saml\""
    );
    let err = error("colour = true");
    assert!(err.contains("the keys are target, jobs, "), "{err}");
}

#[test]
fn every_wrong_key_is_named_at_once_in_file_order() {
    assert_eq!(
        error("jobs = \"four\"\ntarget = \"http://x\"\n[param]\nid = \"1\"\n[auth]\ntokn = \"t\""),
        "exemplar.toml: 3 keys are wrong:\n\
         exemplar.toml:1: jobs: expected a whole number from 1 to 1024, found the string \"four\"\n\
         exemplar.toml:3: param: unknown key: did you mean `params`?\n\
         exemplar.toml:6: auth.tokn: unknown key: did you mean `auth.token`?"
    );
}

#[test]
fn edits_count_one_per_character() {
    assert_eq!(distance("taget", "target"), 1);
    assert_eq!(distance("Jobs", "jobs"), 0);
    assert_eq!(distance("", "abc"), 3);
    assert_eq!(distance("kitten", "sitting"), 3);
}
