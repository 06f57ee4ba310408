//! Getting a fresh token from where the config says: a command's output, or the token endpoint
//! (OAuth 2.0 client credentials, a form-encoded POST). The client secret goes to the token
//! endpoint and nowhere else; no error message holds a token or the secret.

use std::time::Duration;

use reqwest::Url;
use serde_json::Value;

use crate::config::AuthConfig;

/// Why signing in failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// The token endpoint answered with an error.
    #[error("the token endpoint {url} answered {status}{detail}")]
    Refused {
        /// The endpoint.
        url: String,
        /// Its status code.
        status: u16,
        /// `: error: error_description` from its answer, or nothing.
        detail: String,
    },
    /// The token endpoint answered 2xx without an `access_token`.
    #[error("the token endpoint {url} answered without an access_token")]
    NoToken {
        /// The endpoint.
        url: String,
    },
    /// The token endpoint could not be reached.
    #[error("cannot reach the token endpoint {url}: {message}")]
    Unreachable {
        /// The endpoint.
        url: String,
        /// What the client said.
        message: String,
    },
    /// The command could not be run, or failed.
    #[error("the sign-in command `{command}` {failure}")]
    Command {
        /// The command line.
        command: String,
        /// How it failed: its exit status and the first line of its stderr.
        failure: String,
    },
    /// The target refused a freshly renewed token too.
    #[error("the target answered 401 to a renewed token too: the identity may lack the permission")]
    RefusedTwice,
}

impl AuthError {
    /// The exit code of a run that could not sign in: 3 when the token endpoint could not be
    /// reached at all (as for an unreachable target), 2 otherwise (the sign-in is misconfigured).
    pub fn exit_code(&self) -> u8 {
        match self {
            AuthError::Unreachable { .. } => crate::error::EXIT_UNREACHABLE,
            _ => crate::error::EXIT_INVALID,
        }
    }
}

/// A token as fetched: its value and, when the source says, how long it lives.
pub(super) struct Fetched {
    pub value: String,
    pub lifetime: Option<Duration>,
}

/// Fetches a fresh token for a target of origin `origin`.
pub(super) async fn fetch(
    config: &AuthConfig,
    origin: &str,
    client: &reqwest::Client,
) -> Result<Fetched, AuthError> {
    match config {
        AuthConfig::Bearer { token } => Ok(Fetched {
            value: token.clone(),
            lifetime: None,
        }),
        AuthConfig::Command { command } => run_command(command).await,
        AuthConfig::ClientCredentials {
            token_url,
            client_id,
            client_secret,
            scope,
        } => {
            let scope = scope
                .clone()
                .unwrap_or_else(|| format!("{origin}/.default"));
            let form = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("grant_type", "client_credentials")
                .append_pair("client_id", client_id)
                .append_pair("client_secret", client_secret)
                .append_pair("scope", &scope)
                .finish();
            post_form(client, token_url, form).await
        }
    }
}

/// Runs `command` with `sh -c` (off the async threads) and takes its trimmed output.
async fn run_command(command: &str) -> Result<Fetched, AuthError> {
    let line = command.to_owned();
    let failed = |failure: String| AuthError::Command {
        command: command.to_owned(),
        failure,
    };
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(&line)
            .output()
    })
    .await
    .map_err(|e| failed(format!("could not run: {e}")))?
    .map_err(|e| failed(format!("could not run: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let status = output
            .status
            .code()
            .map_or("a signal".to_owned(), |c| c.to_string());
        return Err(failed(format!("exited with {status}: {}", first.trim())));
    }
    let value = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if value.is_empty() {
        return Err(failed("printed no token".to_owned()));
    }
    let lifetime = super::claims::expiry(&value).map(|exp| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Duration::from_secs(exp).saturating_sub(now)
    });
    Ok(Fetched { value, lifetime })
}

async fn post_form(
    client: &reqwest::Client,
    url: &Url,
    form: String,
) -> Result<Fetched, AuthError> {
    let shown = url[..url::Position::AfterPath].to_owned();
    let answer = client
        .post(url.clone())
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(form)
        .send()
        .await
        .map_err(|e| AuthError::Unreachable {
            url: shown.clone(),
            message: crate::error::root_cause(&e),
        })?;
    let status = answer.status().as_u16();
    let body: Value = answer.json().await.unwrap_or(Value::Null);
    if !(200..300).contains(&status) {
        return Err(AuthError::Refused {
            url: shown,
            status,
            detail: detail(&body),
        });
    }
    let value = body.get("access_token").and_then(Value::as_str);
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Err(AuthError::NoToken { url: shown });
    };
    // `expires_in` is a number, or a string of one (older endpoints).
    let lifetime = match body.get("expires_in") {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    Ok(Fetched {
        value: value.to_owned(),
        lifetime: lifetime.and_then(|s| Duration::try_from_secs_f64(s.max(0.0)).ok()),
    })
}

/// `: invalid_client: AADSTS7000215: Invalid client secret provided.` from an OAuth error.
fn detail(body: &Value) -> String {
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::trim);
    let parts: Vec<&str> = [text("error"), text("error_description")]
        .into_iter()
        .flatten()
        .filter(|t| !t.is_empty())
        .collect();
    // The description of the Microsoft endpoint runs over several lines (trace ids): the first.
    let joined = parts.join(": ");
    match joined.lines().next() {
        Some(first) => format!(": {first}"),
        None => String::new(),
    }
}
