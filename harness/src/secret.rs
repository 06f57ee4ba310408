//! Keeping credentials out of every output: which headers are secret, and a redactor that
//! replaces their values (also as they look inside JSON and XML) with `[redacted]`.

use std::borrow::Cow;

use crate::plan::HeaderValue;

/// Header names whose values are credentials whatever their source.
pub fn is_sensitive(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
    ]
    .contains(&name.as_str())
        || name.contains("token")
        || name.contains("secret")
}

/// Authentication scheme words, which are not secret by themselves.
const SCHEMES: [&str; 5] = ["bearer", "basic", "digest", "token", "negotiate"];

/// Replaces secret values wherever they would appear.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    /// A redactor for the secret and sensitive headers among `headers`: each whole value, each
    /// word of it that is not a scheme name, and each as JSON and XML would escape it.
    pub fn for_headers<'a>(headers: impl IntoIterator<Item = &'a (String, HeaderValue)>) -> Self {
        let mut secrets = Vec::new();
        for (_, value) in headers
            .into_iter()
            .filter(|(n, v)| v.secret || is_sensitive(n))
        {
            secrets.push(value.value.clone());
            let words = value
                .value
                .split_whitespace()
                .filter(|w| w.len() >= 6 && !SCHEMES.contains(&w.to_ascii_lowercase().as_str()));
            secrets.extend(words.map(str::to_owned));
        }
        Self::new(secrets)
    }

    /// A redactor for `secrets` (values shorter than 4 characters are ignored).
    pub fn new(secrets: impl IntoIterator<Item = String>) -> Self {
        let mut all: Vec<String> = Vec::new();
        for secret in secrets.into_iter().filter(|s| s.len() >= 4) {
            let json = serde_json::to_string(&secret).unwrap_or_default();
            let json = json.trim_matches('"').to_owned();
            let xml = secret
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;");
            all.extend([secret, json, xml]);
        }
        all.sort_by_key(|s| std::cmp::Reverse(s.len()));
        all.dedup();
        Redactor { secrets: all }
    }

    /// `text` with every secret replaced by `[redacted]`.
    pub fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut text = Cow::Borrowed(text);
        for secret in &self.secrets {
            if text.contains(secret.as_str()) {
                text = Cow::Owned(text.replace(secret.as_str(), "[redacted]"));
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(name: &str, value: &str, secret: bool) -> (String, HeaderValue) {
        (
            name.to_owned(),
            HeaderValue {
                value: value.to_owned(),
                secret,
            },
        )
    }

    #[test]
    fn secrets_are_scrubbed_raw_and_escaped_but_scheme_words_stay() {
        let redactor = Redactor::for_headers(&[
            header("Authorization", "Bearer abc\"def&ghi", false),
            header("X-Plain", "visible", false),
        ]);
        assert_eq!(redactor.scrub("token abc\"def&ghi"), "token [redacted]");
        assert_eq!(
            redactor.scrub(r#"{"t": "abc\"def&ghi"}"#),
            r#"{"t": "[redacted]"}"#
        );
        assert_eq!(
            redactor.scrub("<t>abc&quot;def&amp;ghi</t>"),
            "<t>[redacted]</t>"
        );
        assert_eq!(
            redactor.scrub("Bearer tokens and visible things"),
            "Bearer tokens and visible things"
        );
    }

    #[test]
    fn sensitive_names_share_one_rule() {
        assert!(
            is_sensitive("X-Auth-Token")
                && is_sensitive("Set-Cookie")
                && is_sensitive("client-secret")
        );
        assert!(!is_sensitive("content-type"));
    }
}
