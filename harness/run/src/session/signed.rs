//! Sending a planned request with the run's sign-in: the token goes only to the target's
//! origin (never to another origin's polling URL, nor the built-in mock, which has no signer);
//! after a 401 the token is renewed once and the request sent again, and a second 401 is a
//! clear error rather than a mismatch to puzzle over.

use crate::auth::AuthError;
use crate::replay::ReplayError;
use exemplar_core::compare::Observed;
use exemplar_core::plan::{HeaderValue, Planned};

use super::context::Shared;

/// Sends `planned`, signed when it goes to the target's origin.
pub(crate) async fn send(shared: &Shared, planned: &Planned) -> Result<Observed, ReplayError> {
    let Some(signer) = shared.signer.as_ref().filter(|s| s.signs(&planned.url)) else {
        return shared.replayer.send(planned).await;
    };
    let token = signer.token().await.map_err(sign_in)?;
    let answer = shared
        .replayer
        .send(&signed(planned, &token.header()))
        .await;
    if !matches!(&answer, Ok(observed) if observed.status == 401) || !signer.renews() {
        return answer;
    }
    let token = signer.renew(&token).await.map_err(sign_in)?;
    let again = shared
        .replayer
        .send(&signed(planned, &token.header()))
        .await?;
    if again.status == 401 {
        return Err(sign_in(AuthError::RefusedTwice));
    }
    Ok(again)
}

/// A sign-in failure as the request's error: replay knows nothing of sign-in, so it gets the
/// failure told.
fn sign_in(error: AuthError) -> ReplayError {
    ReplayError::SignIn(error.to_string())
}

/// `planned` with `Authorization` set to `value` (a secret), in place of any other.
fn signed(planned: &Planned, value: &str) -> Planned {
    let mut planned = planned.clone();
    planned
        .headers
        .retain(|(name, _)| !name.eq_ignore_ascii_case("authorization"));
    planned.headers.push((
        "Authorization".to_owned(),
        HeaderValue {
            value: value.to_owned(),
            secret: true,
        },
    ));
    planned
}
