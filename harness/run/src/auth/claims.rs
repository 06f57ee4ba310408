//! What a token grants, read from its payload (`scp`, `roles`) to decide which examples to run.
//!
//! The payload is decoded, never verified: exemplar is not the service, and only uses the
//! claims to skip examples the service would refuse anyway. A token that is not a JWT grants
//! nothing exemplar can read, so nothing is gated by it.

use base64::Engine as _;
use serde_json::Value;

/// The scopes (`scp`, space-separated) and roles (`roles`) a JWT's payload names; `None` when
/// the token is not a JWT or names neither.
pub fn granted(token: &str) -> Option<Vec<String>> {
    let payload = payload(token)?;
    let mut granted: Vec<String> = Vec::new();
    if let Some(scp) = payload.get("scp").and_then(Value::as_str) {
        granted.extend(scp.split_whitespace().map(str::to_owned));
    }
    if let Some(roles) = payload.get("roles").and_then(Value::as_array) {
        granted.extend(roles.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    let named = payload.get("scp").is_some() || payload.get("roles").is_some();
    named.then_some(granted)
}

/// The `exp` claim (seconds since the Unix epoch), if the token is a JWT with one.
pub(super) fn expiry(token: &str) -> Option<u64> {
    payload(token)?.get("exp")?.as_u64()
}

/// The JSON payload of `header.payload.signature`, base64url with or without padding.
fn payload(token: &str) -> Option<serde_json::Map<String, Value>> {
    let mut parts = token.split('.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let bytes = engine.decode(payload.trim_end_matches('=')).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(payload: &str) -> String {
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!("eyJhbGciOiJub25lIn0.{}.c2ln", engine.encode(payload))
    }

    #[test]
    fn scopes_and_roles_are_read_unverified_from_the_payload() {
        let token = jwt(r#"{"scp":"User.Read Mail.Read","roles":["Sites.Read.All"],"exp":42}"#);
        assert_eq!(
            granted(&token),
            Some(vec![
                "User.Read".into(),
                "Mail.Read".into(),
                "Sites.Read.All".into()
            ])
        );
        assert_eq!(expiry(&token), Some(42));
    }

    #[test]
    fn a_token_that_is_not_a_jwt_grants_nothing_readable() {
        assert_eq!(granted("opaque-token"), None);
        assert_eq!(granted("a.b.c"), None);
        assert_eq!(granted(&jwt(r#"{"aud":"x"}"#)), None);
        assert_eq!(expiry("opaque"), None);
    }
}
