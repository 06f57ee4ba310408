//! How an example's record is read back from a JSON report (`report merge`): its reason as
//! the text the run printed, its duration as milliseconds.

use serde::{Deserialize, Deserializer};

use super::Reason;

/// A reason read back: the text the run wrote, kept as it is.
pub(super) fn reported<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Reason>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.map(Reason::Reported))
}

/// A duration in milliseconds, a fraction to the microsecond (`"duration_ms": 12.345`).
pub(super) mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64((d.as_micros() as f64) / 1000.0)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let ms = f64::deserialize(d)?;
        Ok(Duration::from_secs_f64(ms.max(0.0) / 1000.0))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;

    use super::super::{ExampleResult, Outcome, Reason, SentRequest};
    use crate::snapshot::{self, Status};
    use exemplar_core::compare::{Mismatch, Problem};

    #[test]
    fn a_record_reads_back_with_what_the_reports_need() {
        let result = ExampleResult {
            file: "users.md".into(),
            line: 12,
            name: Some("get_user".into()),
            outcome: Outcome::Failed,
            reason: Some(Reason::Failed {
                mismatches: 1,
                snapshot: Some(snapshot::Failure::Pending),
            }),
            mismatches: vec![Mismatch::new(
                "/body/a",
                Problem::Differs,
                json!(1),
                json!(2),
            )],
            request: Some(SentRequest {
                method: "GET".into(),
                target: "/v1.0/users/42".into(),
                headers: vec![("authorization".into(), "[redacted]".into())],
                body: Some("{\"a\": 1}".into()),
            }),
            bodies: Some((json!({"a": 1}), json!({"a": 2}))),
            snapshot: Status::Changed,
            snapshot_change: Some(("old".into(), "new".into())),
            operation: None,
            duration: Duration::from_micros(12_345),
            order: (3, 1),
            scenario: None,
            fix: None,
            fixable: false,
            exchange: None,
        };
        let line = serde_json::to_string(&result).unwrap();
        let back: ExampleResult = serde_json::from_str(&line).unwrap();
        let reason = "1 mismatch; snapshot pending review";
        assert_eq!(back.reason, Some(Reason::Reported(reason.into())));
        assert_eq!(
            back.reason.as_ref().map(ToString::to_string),
            Some(reason.into())
        );
        assert_eq!(
            ExampleResult {
                reason: result.reason.clone(),
                ..back
            },
            result
        );
    }

    #[test]
    fn a_record_of_an_older_report_reads_with_the_rest_empty() {
        let old = r#"{"file":"a.md","line":3,"name":null,"outcome":"skipped","reason":"no documented response to compare with","mismatches":[],"snapshot":"off"}"#;
        let back: ExampleResult = serde_json::from_str(old).unwrap();
        assert_eq!(
            (back.request, back.bodies, back.duration),
            (None, None, Duration::ZERO)
        );
        assert_eq!(back.outcome, Outcome::Skipped);
    }
}
