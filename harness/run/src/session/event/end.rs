//! How a run ended, and the one form the reports write it in: the JSON report's `end` (read
//! back by `report merge`) and the HTML report's totals both come from [`EndKind`].

use serde::{Deserialize, Serialize};

use crate::auth::AuthError;
use crate::replay::ReplayError;

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum End {
    /// Every selected example ran.
    Completed,
    /// Stopped by the caller (Ctrl-C): no new requests were sent.
    Interrupted,
    /// The target could not be reached at all; the run stopped at the first try.
    Unreachable(ReplayError),
    /// Signing in failed before any request was sent.
    SignIn(AuthError),
}

/// How a run ended, without why: `completed`, `interrupted`, `unreachable` or `sign-in` (the
/// sign-in failed), as a JSON report writes it and `report merge` reads it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndKind {
    /// Every selected example ran.
    Completed,
    /// Stopped by the caller (Ctrl-C).
    Interrupted,
    /// The target could not be reached.
    Unreachable,
    /// Signing in failed.
    SignIn,
}

impl End {
    /// Which end this is.
    pub fn kind(&self) -> EndKind {
        match self {
            End::Completed => EndKind::Completed,
            End::Interrupted => EndKind::Interrupted,
            End::Unreachable(_) => EndKind::Unreachable,
            End::SignIn(_) => EndKind::SignIn,
        }
    }

    /// Why the run stopped early, when an error stopped it.
    pub fn message(&self) -> Option<String> {
        match self {
            End::Completed | End::Interrupted => None,
            End::Unreachable(error) => Some(error.to_string()),
            End::SignIn(error) => Some(error.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_end_is_written_as_the_json_report_has_always_written_it() {
        let written = [
            (EndKind::Completed, "\"completed\""),
            (EndKind::Interrupted, "\"interrupted\""),
            (EndKind::Unreachable, "\"unreachable\""),
            (EndKind::SignIn, "\"sign-in\""),
        ];
        for (kind, text) in written {
            assert_eq!(serde_json::to_string(&kind).unwrap(), text);
            assert_eq!(serde_json::from_str::<EndKind>(text).unwrap(), kind);
        }
        assert_eq!(End::Interrupted.kind(), EndKind::Interrupted);
        assert_eq!(End::Completed.message(), None);
    }
}
