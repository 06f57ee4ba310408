//! The commands that read docs without replaying them: `list` (the examples a selection
//! holds) and `lint` (the static checks). Findings and examples are handed back as data, pages
//! that cannot be read to a callback as they are met; nothing here prints.

mod config;
mod disk;
mod docset;
mod early;
mod lint;
mod list;
mod mend;
mod missing;
mod pages;
mod parallel;

pub use config::{LintConfig, lint_config};
pub use docset::DocSetOptions;
pub use lint::{LintError, LintOptions, Linted, lint};
pub use list::{ListOptions, Listed, NothingSelected, list};
pub use mend::lint_fix;
pub use missing::{MissingPath, check_paths};
