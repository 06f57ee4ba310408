//! Exports: the examples as the files other tools run (a Hurl file, a Postman collection, an
//! OpenAPI description). Examples in, text or JSON values out; nothing here reads or writes a
//! file, and no secret is ever written: sign-in and secret headers become each tool's variables.

pub mod hurl;
pub mod openapi;
pub mod postman;
mod shared;

pub use shared::{Leaf, Step, leaves, path_template, variable_name};

use crate::secret::is_sensitive;

/// What every export needs besides the examples.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The base URL requests go to; `None` keeps the documented origin as the default.
    pub target: Option<String>,
    /// Headers sent with every request, each value a template where `{name}` is a variable.
    pub headers: Vec<(String, String)>,
    /// How the requests sign in, when they do: a bearer token held in the `token` variable.
    pub sign_in: bool,
}

impl Settings {
    /// Settings from the configured headers as written (`${VAR}` names an environment
    /// variable) and whether a sign-in is configured. A secret value never comes through: a
    /// `${VAR}` becomes the variable `{VAR}`, and a header whose name says it is secret
    /// (`Authorization`, `X-Api-Key`) becomes a variable named after it (`{token}` for a bearer
    /// token), whatever its value.
    pub fn from_config(
        target: Option<String>,
        headers: &[(String, String)],
        sign_in: bool,
    ) -> Settings {
        let headers = headers
            .iter()
            .map(|(name, value)| (name.clone(), header_template(name, value)))
            .collect();
        Settings {
            target,
            headers,
            sign_in,
        }
    }

    /// Every header sent besides the documented ones, sign-in first, as templates.
    pub fn sent_headers(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.sign_in
            && !(self.headers.iter()).any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        {
            out.push(("Authorization".to_owned(), "Bearer {token}".to_owned()));
        }
        out.extend(self.headers.iter().cloned());
        out
    }
}

/// A configured header's value as a template: `${VAR}` references become `{VAR}`, and a
/// secret header's literal value becomes a variable named after the header.
fn header_template(name: &str, value: &str) -> String {
    if value.contains("${") {
        return value.replace("${", "{");
    }
    if !is_sensitive(name) {
        return value.to_owned();
    }
    match value.split_once(' ') {
        Some((scheme, _)) if name.eq_ignore_ascii_case("authorization") => {
            format!("{scheme} {{token}}")
        }
        _ => format!("{{{}}}", variable_name(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_header_values_become_variables() {
        let headers = [
            (
                "Authorization".to_owned(),
                "Bearer eyJhbGciOi.secret".to_owned(),
            ),
            ("X-Api-Key".to_owned(), "hunter2-hunter2".to_owned()),
            ("X-Tenant".to_owned(), "${TENANT_ID}".to_owned()),
            ("Accept-Language".to_owned(), "en-GB".to_owned()),
        ];
        let settings = Settings::from_config(None, &headers, false);
        let values: Vec<_> = settings.headers.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(
            values,
            ["Bearer {token}", "{X-Api-Key}", "{TENANT_ID}", "en-GB"]
        );
    }

    #[test]
    fn sign_in_adds_a_bearer_token_variable() {
        let settings = Settings::from_config(None, &[], true);
        assert_eq!(
            settings.sent_headers(),
            [("Authorization".to_owned(), "Bearer {token}".to_owned())]
        );
    }
}
