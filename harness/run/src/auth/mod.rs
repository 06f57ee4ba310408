//! Signing in to a real service (DESIGN §3, Authentication): where a token comes from (a
//! variable, a command, OAuth 2.0 client credentials), reading the scopes it grants, and a
//! [`Signer`] that caches it, renews it shortly before it expires and once after a 401, and
//! gives it only to the target's origin.

mod claims;
mod signer;
mod source;

pub use claims::granted;
pub use signer::{Signer, Token};
pub use source::AuthError;
