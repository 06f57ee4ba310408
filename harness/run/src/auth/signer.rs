//! The token of a run: fetched once, kept, renewed shortly before it expires and once after
//! the target answers 401, and attached only to requests for the target's origin.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Url;
use tokio::sync::Mutex;

use super::source::{self, AuthError};
use crate::config::AuthConfig;
use exemplar_core::secret::Redactor;

/// Renew this long before a token expires, at most (a tenth of its life when that is less).
const RENEW_BEFORE: Duration = Duration::from_secs(60);

/// A token in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token itself (a secret: registered with the redactor as soon as it is fetched).
    pub value: String,
    /// When to fetch a new one; `None`: only after a 401.
    renew_at: Option<Instant>,
}

impl Token {
    /// The `Authorization` header's value.
    pub fn header(&self) -> String {
        format!("Bearer {}", self.value)
    }

    fn fresh(&self) -> bool {
        self.renew_at.is_none_or(|at| Instant::now() < at)
    }
}

/// Signs a run's requests to its target.
#[derive(Debug)]
pub struct Signer {
    config: AuthConfig,
    origin: url::Origin,
    client: reqwest::Client,
    redactor: Redactor,
    current: Mutex<Option<Token>>,
}

impl Signer {
    /// A signer for `target`, fetching tokens with `client` and telling `redactor` each one.
    pub fn new(
        config: AuthConfig,
        target: &Url,
        client: reqwest::Client,
        redactor: Redactor,
    ) -> Arc<Signer> {
        Arc::new(Signer {
            config,
            origin: target.origin(),
            client,
            redactor,
            current: Mutex::new(None),
        })
    }

    /// Whether a request to `url` gets the token: only one for the target's own origin.
    pub fn signs(&self, url: &Url) -> bool {
        url.origin() == self.origin
    }

    /// Whether a refused token can be replaced by another (a fixed bearer token cannot).
    pub fn renews(&self) -> bool {
        !matches!(self.config, AuthConfig::Bearer { .. })
    }

    /// The current token, fetched first when there is none or it is about to expire.
    pub async fn token(&self) -> Result<Token, AuthError> {
        let mut current = self.current.lock().await;
        match current.as_ref() {
            Some(token) if token.fresh() => Ok(token.clone()),
            _ => self.fetch(&mut current).await,
        }
    }

    /// A new token in place of `refused`, unless another request renewed it already.
    pub async fn renew(&self, refused: &Token) -> Result<Token, AuthError> {
        let mut current = self.current.lock().await;
        match current.as_ref() {
            Some(token) if token != refused && token.fresh() => Ok(token.clone()),
            _ => self.fetch(&mut current).await,
        }
    }

    async fn fetch(&self, current: &mut Option<Token>) -> Result<Token, AuthError> {
        let origin = self.origin.ascii_serialization();
        let fetched = source::fetch(&self.config, &origin, &self.client).await?;
        self.redactor.learn(&fetched.value);
        let renew_at = fetched
            .lifetime
            .map(|life| Instant::now() + renew_after(life));
        let token = Token {
            value: fetched.value,
            renew_at,
        };
        *current = Some(token.clone());
        Ok(token)
    }
}

/// How long after it is fetched a token that lives `life` is renewed: a minute before it
/// expires, or a tenth of its life before when that is shorter.
fn renew_after(life: Duration) -> Duration {
    life.saturating_sub(RENEW_BEFORE.min(life / 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_renewed_shortly_before_they_expire() {
        let secs = |s| Duration::from_secs(s);
        assert_eq!(renew_after(secs(3600)), secs(3540));
        assert_eq!(renew_after(secs(300)), secs(270));
        assert_eq!(renew_after(Duration::ZERO), Duration::ZERO);
    }
}
