//! Fresh generated values for what the mock creates: a new GUID for each documented GUID id
//! and the current time for creation date-times, from the clock and randomness.

use serde_json::Value;

use exemplar_core::compare::generated::{is_date_time, is_guid};

/// The documented body with fresh generated values: a new GUID for each documented GUID id,
/// and the current time for documented creation date-times.
pub(crate) fn fresh(value: &Value) -> Value {
    let now = now_rfc3339();
    let mut value = value.clone();
    refresh(&mut value, None, &now);
    value
}

fn refresh(value: &mut Value, key: Option<&str>, now: &str) {
    match value {
        Value::Object(map) => map.iter_mut().for_each(|(k, v)| refresh(v, Some(k), now)),
        Value::Array(items) => items.iter_mut().for_each(|v| refresh(v, None, now)),
        Value::String(s) => {
            let Some(key) = key else { return };
            let id_like = key == "id" || key.ends_with("Id");
            if id_like && is_guid(s) {
                *s = new_guid();
            } else if key.to_ascii_lowercase().contains("creat") && is_date_time(s) {
                *s = now.to_owned();
            }
        }
        _ => {}
    }
}

/// A random (version 4) GUID.
pub(crate) fn new_guid() -> String {
    let n = fastrand::u128(..);
    let n = (n & !(0xf << 76) | (0x4 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let hex = format!("{n:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn now_rfc3339() -> String {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    exemplar_core::date::rfc3339(since.unwrap_or_default(), false)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use exemplar_core::compare::generated::{is_date_time, is_guid};

    #[test]
    fn fresh_values_keep_their_kind() {
        let doc = json!({"id": "cc38598c-598c-cc38-8c59-38cc8c5938cc", "createdDateTime": "2019-01-01T00:00:00Z", "name": "kept", "skuId": "not-a-guid"});
        let (a, b) = (fresh(&doc), fresh(&doc));
        assert!(is_guid(a["id"].as_str().unwrap()));
        assert_ne!(a["id"], doc["id"]);
        assert_ne!(a["id"], b["id"]);
        assert!(is_date_time(a["createdDateTime"].as_str().unwrap()));
        assert_ne!(a["createdDateTime"], doc["createdDateTime"]);
        assert_eq!((&a["name"], &a["skuId"]), (&doc["name"], &doc["skuId"]));
    }

    #[test]
    fn the_clock_formats_as_a_date_time() {
        assert!(is_date_time(&now_rfc3339()), "{}", now_rfc3339());
        assert!(is_guid(&new_guid()));
    }
}
