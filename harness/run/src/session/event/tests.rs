use super::*;

#[test]
fn exit_codes_follow_the_design() {
    let mut summary = Summary::new(3, false);
    summary.count(Outcome::Passed);
    assert_eq!(summary.exit_code(), EXIT_OK);
    summary.count(Outcome::Error);
    assert_eq!(summary.exit_code(), EXIT_FAILED);
    summary.end = End::Interrupted;
    assert_eq!(summary.exit_code(), 130);
    assert_eq!(Summary::new(0, false).exit_code(), EXIT_NOTHING_SELECTED);
    assert_eq!(Summary::new(0, true).exit_code(), EXIT_OK);
    let mut empty_shard = Summary::new(0, false);
    empty_shard.elsewhere = 3;
    assert_eq!(empty_shard.exit_code(), EXIT_OK);
    let mut unreadable = Summary::new(0, false);
    unreadable.pages_failed = 1;
    assert_eq!(unreadable.exit_code(), EXIT_FAILED);
    let mut all_skipped = Summary::new(2, false);
    all_skipped.count(Outcome::Skipped);
    all_skipped.count(Outcome::Skipped);
    assert_eq!(all_skipped.exit_code(), EXIT_NOTHING_SELECTED);
}

#[test]
fn reasons_read_as_they_always_have() {
    let two = Reason::Failed {
        mismatches: 2,
        snapshot: Some(snapshot::Failure::Pending),
    };
    assert_eq!(two.to_string(), "2 mismatches; snapshot pending review");
    let snap = Reason::Failed {
        mismatches: 0,
        snapshot: Some(snapshot::Failure::New { ci: true }),
    };
    assert_eq!(snap.to_string(), "no snapshot stored (CI: nothing written)");
}
