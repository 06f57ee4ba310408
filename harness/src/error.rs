//! Exit codes, shared by every command.

/// Everything checked passed.
pub const EXIT_OK: u8 = 0;
/// A check failed: a mismatch, or a lint error.
pub const EXIT_FAILED: u8 = 1;
/// Bad invocation, bad configuration, or input that cannot be read.
pub const EXIT_INVALID: u8 = 2;
/// The target could not be reached at all.
pub const EXIT_UNREACHABLE: u8 = 3;
