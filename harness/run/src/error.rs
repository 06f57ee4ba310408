//! Exit codes, shared by every command, and an error told by its root cause.

/// Everything checked passed.
pub const EXIT_OK: u8 = 0;
/// A check failed: a mismatch, or a lint error.
pub const EXIT_FAILED: u8 = 1;
/// Bad invocation or bad configuration.
pub const EXIT_INVALID: u8 = 2;
/// The target could not be reached at all.
pub const EXIT_UNREACHABLE: u8 = 3;
/// No example was selected: a wrong path or filter must not pass silently.
pub const EXIT_NOTHING_SELECTED: u8 = 4;
/// Stopped by Ctrl-C (128 + SIGINT), after the summary and the reports.
pub const EXIT_INTERRUPTED: u8 = 130;

/// The innermost cause of `error`, the one that says what happened (`connection refused`).
pub(crate) fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
