//! How the mock names an example in its messages: `file:line`, with the page's version folder
//! when neither the file as shown nor the URL says it (DESIGN §10), so two pages at the same
//! path below `v1.0/` and `beta/` are told apart whatever folders were named.

use exemplar_core::model::Example;

use super::routes::Unservable;

impl Unservable {
    /// `example`, not served for `reason`.
    pub(crate) fn of(example: &Example, reason: String) -> Unservable {
        Unservable {
            file: example.file.clone(),
            line: example.line(),
            version: unsaid_version(example),
            reason,
        }
    }

    /// `file:line`, with the page's version folder when neither the file as shown nor the
    /// request's URL names it (see [`place`]).
    pub fn place(&self) -> String {
        exemplar_core::version::place(&self.file, self.line, self.version.as_deref())
    }
}

/// The page's version of `example` where its URL does not say it (`GET /me` on a `beta/`
/// page): what tells two pages at the same path below `v1.0/` and `beta/` apart.
pub(crate) fn unsaid_version(example: &Example) -> Option<String> {
    let said = exemplar_core::plan::api_version(&example.request.path);
    (example.version.clone()).filter(|v| !said.is_some_and(|s| s.eq_ignore_ascii_case(v)))
}

/// How the mock names `example`: `file:line`, with its page's version folder when neither the
/// file as shown nor its URL names it (`api/me-get.md:4 (beta)`).
pub fn place(example: &Example) -> String {
    let version = unsaid_version(example);
    exemplar_core::version::place(&example.file, example.line(), version.as_deref())
}
