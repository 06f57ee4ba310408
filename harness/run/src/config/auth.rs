//! The `[auth]` table of `exemplar.toml` (and `EXEMPLAR_AUTH_*`): its keys, its layers, and how
//! they resolve to an [`AuthConfig`]. Signing in with it is `crate::auth`'s job, not this one's.

use reqwest::Url;
use serde::Deserialize;

use super::value::{self, Kind};
use super::{ConfigError, Env, Key, expand, key};

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
const KINDS: [&str; 3] = ["bearer", "command", "client-credentials"];

/// The keys of the `[auth]` table, in the order `exemplar help config` lists them.
#[rustfmt::skip]
pub const AUTH_KEYS: &[Key] = &[
    key("auth.kind", Kind::OneOf(&KINDS), None, None, Some("EXEMPLAR_AUTH_KIND"),
        "`bearer` (a token), `command` (a command printing one) or `client-credentials` (OAuth 2.0)."),
    key("auth.token", Kind::Text, None, None, Some("EXEMPLAR_AUTH_TOKEN"),
        "bearer: the token, as `\"${GRAPH_TOKEN}\"`; never shown."),
    key("auth.command", Kind::Text, None, None, Some("EXEMPLAR_AUTH_COMMAND"),
        "command: run with `sh -c`, prints a token; run again when it expires or is refused."),
    key("auth.tenant", Kind::Text, None, None, Some("EXEMPLAR_AUTH_TENANT"),
        "client-credentials: the tenant, whose login.microsoftonline.com endpoint is the default."),
    key("auth.token_url", Kind::Url, Some("the tenant's v2.0 endpoint"), None, Some("EXEMPLAR_AUTH_TOKEN_URL"),
        "client-credentials: the token endpoint, the only place the client secret goes."),
    key("auth.client_id", Kind::Text, None, None, Some("EXEMPLAR_AUTH_CLIENT_ID"),
        "client-credentials: the application (client) id."),
    key("auth.client_secret", Kind::Text, None, None, Some("EXEMPLAR_AUTH_CLIENT_SECRET"),
        "client-credentials: the secret, as `\"${CLIENT_SECRET}\"`; never shown."),
    key("auth.scope", Kind::Text, Some("<target origin>/.default"), None, Some("EXEMPLAR_AUTH_SCOPE"),
        "client-credentials: the scope asked for."),
];

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
    /// `None` when no layer sets a kind. `${VAR}` in every key comes from `env`; a variable that
    /// is not set is an error naming the key and the variable.
    pub fn resolve(layers: &[&AuthLayer], env: &Env) -> Result<Option<AuthConfig>, ConfigError> {
        let auth = layers
            .iter()
            .fold(AuthLayer::default(), |below, layer| layer.over(below))
            .expanded(env)?;
        let Some(kind) = auth.kind.clone() else {
            return Ok(None);
        };
        let config = match kind.to_ascii_lowercase().replace('_', "-").as_str() {
            "bearer" => {
                let token = need(
                    &kind,
                    "auth.token",
                    auth.token,
                    "`token = \"${GRAPH_TOKEN}\"` or EXEMPLAR_AUTH_TOKEN",
                )?;
                AuthConfig::Bearer { token }
            }
            "command" => AuthConfig::Command {
                command: need(
                    &kind,
                    "auth.command",
                    auth.command,
                    "`command = \"az account get-access-token --query accessToken -o tsv\"`",
                )?,
            },
            "client-credentials" => client_credentials(&kind, auth)?,
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

impl AuthLayer {
    /// This layer over `below`: each key of this one where it is set, of `below` elsewhere.
    fn over(&self, below: AuthLayer) -> AuthLayer {
        let pick = |mine: &Option<String>, theirs: Option<String>| mine.clone().or(theirs);
        AuthLayer {
            kind: pick(&self.kind, below.kind),
            token: pick(&self.token, below.token),
            command: pick(&self.command, below.command),
            tenant: pick(&self.tenant, below.tenant),
            token_url: pick(&self.token_url, below.token_url),
            client_id: pick(&self.client_id, below.client_id),
            client_secret: pick(&self.client_secret, below.client_secret),
            scope: pick(&self.scope, below.scope),
        }
    }
}

/// `value`, or an error naming `key`, which `kind` needs, with an `example` of it.
fn need(
    kind: &str,
    key: &str,
    value: Option<String>,
    example: &str,
) -> Result<String, ConfigError> {
    value.ok_or_else(|| value_error(key, format!("kind = \"{kind}\" needs it: {example}")))
}

/// `value` of `key` with its `${VAR}` expanded from `env`.
fn expand_key(key: &str, value: Option<String>, env: &Env) -> Result<Option<String>, ConfigError> {
    let expand = |v: String| expand(&v, env).map(|v| v.value);
    value
        .map(expand)
        .transpose()
        .map_err(|e| value_error(key, e.to_string()))
}

impl AuthLayer {
    /// Every key with its `${VAR}` expanded from `env`, the same way for each.
    fn expanded(self, env: &Env) -> Result<AuthLayer, ConfigError> {
        Ok(AuthLayer {
            kind: expand_key("auth.kind", self.kind, env)?,
            token: expand_key("auth.token", self.token, env)?,
            command: expand_key("auth.command", self.command, env)?,
            tenant: expand_key("auth.tenant", self.tenant, env)?,
            token_url: expand_key("auth.token_url", self.token_url, env)?,
            client_id: expand_key("auth.client_id", self.client_id, env)?,
            client_secret: expand_key("auth.client_secret", self.client_secret, env)?,
            scope: expand_key("auth.scope", self.scope, env)?,
        })
    }
}

fn client_credentials(kind: &str, auth: AuthLayer) -> Result<AuthConfig, ConfigError> {
    let client_id = need(
        kind,
        "auth.client_id",
        auth.client_id,
        "`client_id = \"…\"` or EXEMPLAR_AUTH_CLIENT_ID",
    )?;
    let client_secret = need(
        kind,
        "auth.client_secret",
        auth.client_secret,
        "`client_secret = \"${CLIENT_SECRET}\"` or EXEMPLAR_AUTH_CLIENT_SECRET",
    )?;
    let token_url = match (auth.token_url, auth.tenant) {
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
    let token_url = value::target(&token_url)
        .map_err(|e| value_error("auth.token_url", e.found(&format!("{token_url:?}"))))?;
    Ok(AuthConfig::ClientCredentials {
        token_url,
        client_id,
        client_secret,
        scope: auth.scope,
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

    /// See: issue 23, item 8 (README's recipe sent `${GRAPH_CLIENT_ID}` literally).
    #[test]
    fn every_key_expands_variables_and_an_unset_one_names_key_and_variable() {
        let file = AuthLayer {
            kind: Some("client-credentials".into()),
            tenant: Some("${TENANT}".into()),
            client_id: Some("${GRAPH_CLIENT_ID}".into()),
            client_secret: Some("${SECRET}".into()),
            scope: Some("${ORIGIN}/.default".into()),
            ..AuthLayer::default()
        };
        let env = [
            ("TENANT", "contoso"),
            ("GRAPH_CLIENT_ID", "app-42"),
            ("SECRET", "s3cret"),
            ("ORIGIN", "https://graph.microsoft.com"),
        ];
        let resolved = AuthConfig::resolve(&[&file], &env_of(&env)).unwrap();
        let Some(AuthConfig::ClientCredentials {
            token_url,
            client_id,
            scope,
            ..
        }) = resolved
        else {
            panic!("{resolved:?}")
        };
        assert_eq!(client_id, "app-42");
        assert_eq!(
            scope.as_deref(),
            Some("https://graph.microsoft.com/.default")
        );
        assert!(token_url.as_str().contains("/contoso/"), "{token_url}");
        let err = AuthConfig::resolve(&[&file], &env_of(&env[..1]))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("auth.client_id"), "{err}");
        assert!(err.contains("GRAPH_CLIENT_ID"), "{err}");
    }

    #[test]
    fn each_key_comes_from_the_highest_layer_that_sets_it() {
        let file = AuthLayer {
            kind: Some("bearer".into()),
            token: Some("from-file".into()),
            command: Some("unused".into()),
            ..AuthLayer::default()
        };
        let env = AuthLayer {
            token: Some("from-env".into()),
            ..AuthLayer::default()
        };
        let resolved = AuthConfig::resolve(&[&file, &env], &Env::new()).unwrap();
        assert_eq!(
            resolved,
            Some(AuthConfig::Bearer {
                token: "from-env".into()
            })
        );
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
