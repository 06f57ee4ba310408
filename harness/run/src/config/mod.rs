//! Run settings and their layers: defaults < `exemplar.toml` < `EXEMPLAR_*` environment < flags.
//!
//! Every layer is a [`Layer`] of optional values; [`Settings::resolve`] folds them in order. The
//! environment is an injected map, so precedence is tested without touching the process.

mod auth;
mod error;
mod keys;
mod layer;
mod lint;
pub mod pace;
mod reference;
mod scenario;
mod settings;
pub mod value;

pub use auth::{AUTH_KEYS, AuthConfig, AuthLayer};
pub use error::ConfigError;
pub use keys::{KEYS, Key};
pub(crate) use keys::{distance, key};
#[cfg(test)]
pub(crate) use layer::env_of;
pub use layer::{Env, Layer};
pub use lint::{LINT_KEYS, LintLayer};
pub use reference::reference;
pub use scenario::{Capture, Named, Scenario, Step};
pub use settings::{Settings, expand};
