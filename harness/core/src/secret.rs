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
    /// Secrets learnt while a run goes (tokens fetched by signing in), shared by every clone.
    learnt: Learnt,
}

/// Secrets learnt while a run goes, shared by every redactor that holds this list.
#[derive(Debug, Clone, Default)]
pub struct Learnt(std::sync::Arc<std::sync::RwLock<Vec<String>>>);

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

    /// This redactor, also replacing `more`.
    pub fn with(self, more: impl IntoIterator<Item = String>) -> Self {
        let learnt = self.learnt.clone();
        Self::new(self.secrets.into_iter().chain(more)).sharing(learnt)
    }

    /// This redactor, also replacing what is learnt into `learnt`, now or later.
    pub fn sharing(mut self, learnt: Learnt) -> Self {
        self.learnt = learnt;
        self
    }

    /// Replaces `secret` too from now on, in this redactor and every one sharing its list.
    pub fn learn(&self, secret: &str) {
        if secret.len() < 4 {
            return;
        }
        let mut learnt = self
            .learnt
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !learnt.iter().any(|s| s == secret) {
            learnt.extend(forms(secret));
            learnt.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    /// A redactor for `secrets` (values shorter than 4 characters are ignored), in every form
    /// an output may carry them: as written, JSON-escaped, XML-escaped (either quote style, and
    /// the XML form of the JSON-escaped one), percent-encoded, and base64 (Basic auth).
    pub fn new(secrets: impl IntoIterator<Item = String>) -> Self {
        let mut all: Vec<String> = secrets
            .into_iter()
            .filter(|s| s.len() >= 4)
            .flat_map(|secret| forms(&secret))
            .collect();
        all.sort_by_key(|s| std::cmp::Reverse(s.len()));
        all.dedup();
        Redactor {
            secrets: all,
            learnt: Learnt::default(),
        }
    }

    /// `text` with every secret replaced by `[redacted]`.
    pub fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut text = Cow::Borrowed(text);
        for secret in &self.secrets {
            if text.contains(secret.as_str()) {
                text = Cow::Owned(text.replace(secret.as_str(), "[redacted]"));
            }
        }
        let learnt = self
            .learnt
            .0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for secret in learnt.iter() {
            if text.contains(secret.as_str()) {
                text = Cow::Owned(text.replace(secret.as_str(), "[redacted]"));
            }
        }
        text
    }
}

/// Every form of `secret` an output may hold.
fn forms(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let json = serde_json::to_string(secret).unwrap_or_default();
    let json = json[1..json.len().saturating_sub(1).max(1)].to_owned();
    let mut forms = vec![secret.to_owned(), json.clone()];
    for text in [secret, json.as_str()] {
        let xml = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        forms.push(xml.replace('"', "&quot;").replace('\'', "&apos;"));
        forms.push(xml.replace('"', "&#34;").replace('\'', "&#39;"));
        forms.push(xml);
    }
    let encoded = percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC);
    forms.push(encoded.to_string());
    forms.push(base64::engine::general_purpose::STANDARD.encode(secret));
    forms.push(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret));
    forms
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

        /// Whatever a secret holds (quotes, `\\`, `<`, `&`, non-ASCII), none of its forms
        /// survives a scrub.
        #[test]
        fn no_form_of_a_secret_survives(secret in "[ -~\u{a0}-\u{2fff}]{8,24}") {
            let redactor = Redactor::new([secret.clone()]);
            for form in forms(&secret) {
                let text = format!("before {form} after");
                let scrubbed = redactor.scrub(&text);
                proptest::prop_assert!(!scrubbed.contains(&form), "{form:?} left in {scrubbed:?}");
            }
        }
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
