//! The `[auth]` table of `exemplar.toml` (and `EXEMPLAR_AUTH_*`), and what it resolves to.

use reqwest::Url;
use serde::Deserialize;

use crate::config::{ConfigError, Env, expand};

/// The `[auth]` keys of one layer; `None` leaves the value of the layers below.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthLayer {
    /// `bearer`, `command` or `client-credentials`.
    pub kind: Option<String>,
    /// The token, for `bearer`: `"${GRAPH_TOKEN}"`.
    pub token: Option<String>,
    /// The command that prints a token, for `command` (run with `sh -c`).
    pub command: Option<String>,
    /// The Microsoft Entra tenant whose token endpoint `client-credentials` uses by default.
    pub tenant: Option<String>,
    /// The OAuth 2.0 token endpoint.
    pub token_url: Option<String>,
    /// The client (application) id.
    pub client_id: Option<String>,
    /// The client secret: `"${VAR}"`.
    pub client_secret: Option<String>,
    /// The scope asked for (default: `<target origin>/.default`).
    pub scope: Option<String>,
}

impl AuthLayer {
    /// The `EXEMPLAR_AUTH_*` variables.
    pub fn from_env(env: &Env) -> AuthLayer {
        let get = |name: &str| {
            env.get(&format!("EXEMPLAR_AUTH_{name}"))
                .filter(|v| !v.is_empty())
                .cloned()
        };
        AuthLayer {
            kind: get("KIND"),
            token: get("TOKEN"),
            command: get("COMMAND"),
            tenant: get("TENANT"),
            token_url: get("TOKEN_URL"),
            client_id: get("CLIENT_ID"),
            client_secret: get("CLIENT_SECRET"),
            scope: get("SCOPE"),
        }
    }
}

/// How a run signs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthConfig {
    /// A token given whole (from a variable).
    Bearer {
        /// The token.
        token: String,
    },
    /// A command that prints a token, run again when it expires or is refused.
    Command {
        /// The command line, for `sh -c`.
        command: String,
    },
    /// OAuth 2.0 client credentials.
    ClientCredentials {
        /// The token endpoint.
        token_url: Url,
        /// The client id.
        client_id: String,
        /// The client secret.
        client_secret: String,
        /// The scope asked for; `None`: `<target origin>/.default`.
        scope: Option<String>,
    },
}

/// The kinds `auth.kind` takes.
pub const KINDS: [&str; 3] = ["bearer", "command", "client-credentials"];

impl AuthConfig {
    /// The secrets it holds (the token, the client secret), for the redactor.
    pub fn secrets(&self) -> Vec<String> {
        match self {
            AuthConfig::Bearer { token } => vec![token.clone()],
            AuthConfig::Command { .. } => Vec::new(),
            AuthConfig::ClientCredentials { client_secret, .. } => vec![client_secret.clone()],
        }
    }

    /// Folds the `[auth]` of `layers` (lowest first, each key from the highest that sets it);
    /// `None` when no layer sets a kind. `${VAR}` in `token` and `client_secret` come from `env`.
    pub fn resolve(layers: &[&AuthLayer], env: &Env) -> Result<Option<AuthConfig>, ConfigError> {
        let last = |get: fn(&AuthLayer) -> Option<&String>| {
            layers.iter().rev().find_map(|l| get(l)).cloned()
        };
        let Some(kind) = last(|l| l.kind.as_ref()) else {
            return Ok(None);
        };
        let need = |key: &str, value: Option<String>, example: &str| {
            value.ok_or_else(|| value_error(key, format!("kind = \"{kind}\" needs it: {example}")))
        };
        let secret = |key: &str, value: String| {
            expand(&value, env)
                .map(|v| v.value)
                .map_err(|e| value_error(key, e.to_string()))
        };
        let config = match kind.to_ascii_lowercase().replace('_', "-").as_str() {
            "bearer" => {
                let token = need(
                    "auth.token",
                    last(|l| l.token.as_ref()),
                    "`token = \"${GRAPH_TOKEN}\"` or EXEMPLAR_AUTH_TOKEN",
                )?;
                AuthConfig::Bearer {
                    token: secret("auth.token", token)?,
                }
            }
            "command" => AuthConfig::Command {
                command: need(
                    "auth.command",
                    last(|l| l.command.as_ref()),
                    "`command = \"az account get-access-token --query accessToken -o tsv\"`",
                )?,
            },
            "client-credentials" => client_credentials(&last, &need, &secret)?,
            _ => {
                return Err(value_error(
                    "auth.kind",
                    format!("expected one of {}, found {kind:?}", KINDS.join(", ")),
                ));
            }
        };
        Ok(Some(config))
    }
}

type Last<'a> = dyn Fn(fn(&AuthLayer) -> Option<&String>) -> Option<String> + 'a;
type Need<'a> = dyn Fn(&str, Option<String>, &str) -> Result<String, ConfigError> + 'a;
type Secret<'a> = dyn Fn(&str, String) -> Result<String, ConfigError> + 'a;

fn client_credentials(
    last: &Last,
    need: &Need,
    secret: &Secret,
) -> Result<AuthConfig, ConfigError> {
    let client_id = need(
        "auth.client_id",
        last(|l| l.client_id.as_ref()),
        "`client_id = \"…\"` or EXEMPLAR_AUTH_CLIENT_ID",
    )?;
    let client_secret = need(
        "auth.client_secret",
        last(|l| l.client_secret.as_ref()),
        "`client_secret = \"${CLIENT_SECRET}\"` or EXEMPLAR_AUTH_CLIENT_SECRET",
    )?;
    let client_secret = secret("auth.client_secret", client_secret)?;
    let token_url = match (last(|l| l.token_url.as_ref()), last(|l| l.tenant.as_ref())) {
        (Some(url), _) => url,
        (None, Some(tenant)) => {
            format!("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token")
        }
        (None, None) => {
            return Err(value_error(
                "auth.tenant",
                "kind = \"client-credentials\" needs `tenant` (or `token_url`)".into(),
            ));
        }
    };
    let token_url = crate::config::value::target(&token_url)
        .map_err(|e| value_error("auth.token_url", e.found(&format!("{token_url:?}"))))?;
    Ok(AuthConfig::ClientCredentials {
        token_url,
        client_id,
        client_secret,
        scope: last(|l| l.scope.as_ref()),
    })
}

fn value_error(key: &str, message: String) -> ConfigError {
    ConfigError::Value {
        key: key.to_owned(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::env_of;

    #[test]
    fn client_credentials_default_to_the_tenant_endpoint_and_expand_the_secret() {
        let file = AuthLayer {
            kind: Some("client-credentials".into()),
            tenant: Some("contoso.onmicrosoft.com".into()),
            client_id: Some("app".into()),
            client_secret: Some("${SECRET}".into()),
            ..AuthLayer::default()
        };
        let resolved = AuthConfig::resolve(&[&file], &env_of(&[("SECRET", "s3cret-value")]))
            .unwrap()
            .unwrap();
        let AuthConfig::ClientCredentials {
            token_url,
            client_secret,
            ..
        } = resolved
        else {
            panic!("{resolved:?}")
        };
        assert_eq!(
            token_url.as_str(),
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
        );
        assert_eq!(client_secret, "s3cret-value");
    }

    #[test]
    fn missing_keys_and_unknown_kinds_name_the_key() {
        let layer = |kind: &str| AuthLayer {
            kind: Some(kind.into()),
            ..AuthLayer::default()
        };
        let err = |l: AuthLayer| {
            AuthConfig::resolve(&[&l], &Env::new())
                .unwrap_err()
                .to_string()
        };
        assert!(
            err(layer("bearer")).starts_with("auth.token"),
            "{}",
            err(layer("bearer"))
        );
        assert!(err(layer("command")).starts_with("auth.command"));
        assert!(err(layer("client-credentials")).starts_with("auth.client_id"));
        assert!(err(layer("saml")).contains("bearer, command, client-credentials"));
        assert_eq!(
            AuthConfig::resolve(&[&AuthLayer::default()], &Env::new()).unwrap(),
            None
        );
    }
}
