//! Reading docs: markdown pages in, located examples and diagnostics out.
//!
//! Pure functions over text; the only I/O is [`source::load`], which reads one file.

pub mod annotation;
pub mod extract;
pub mod http;
pub mod lenient;
pub mod pair;
pub mod source;

#[cfg(test)]
mod props;

pub use extract::extract;

/// A finding at a byte offset of some text, before it is placed in a file as a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset in the text the finding is about.
    pub offset: usize,
    /// Error or warning.
    pub severity: crate::model::Severity,
    /// Stable kebab-case code.
    pub code: crate::model::Code,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl Finding {
    /// An error finding.
    pub fn error(offset: usize, code: crate::model::Code, message: String) -> Self {
        Finding {
            offset,
            severity: crate::model::Severity::Error,
            code,
            message,
        }
    }

    /// A warning finding.
    pub fn warning(offset: usize, code: crate::model::Code, message: String) -> Self {
        Finding {
            offset,
            severity: crate::model::Severity::Warning,
            code,
            message,
        }
    }
}
