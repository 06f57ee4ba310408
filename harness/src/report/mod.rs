//! Renderers: data in, text out to any `impl Write`. Nothing here decides an outcome.

pub mod diagnostics;
pub mod list;
pub mod run;
